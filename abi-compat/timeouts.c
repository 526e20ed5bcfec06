/* SPDX-License-Identifier: MIT */
/*
 * Bounded waits from a program built against the old header:
 *  - io_uring_wait_cqe_timeout on an empty ring: -ETIME, not before the
 *    timeout, no CQE; with a CQE ready: 0 at once, the CQE at the head;
 *  - io_uring_submit_and_wait_timeout: -ETIME with nothing to submit; the
 *    number submitted and the CQE when one arrives in time; the number
 *    submitted and no CQE when none does (liburing's semantics);
 *  - io_uring_wait_cqes waiting for more than will come: the wait lasts the
 *    timeout, then 0 and the head CQE (the kernel reports the CQEs it has);
 *  - inline io_uring_prep_timeout / prep_timeout_remove / prep_link_timeout;
 *  - the pre-EXT_ARG path: with IORING_FEAT_EXT_ARG cleared from
 *    ring->features (what the library saw on an old kernel), the library
 *    queues its own timeout SQE with user_data LIBURING_UDATA_TIMEOUT through
 *    sq.sqe_tail, the wait ends without a CQE (returning 1, the count of
 *    that SQE, as liburing does), and that CQE never leaks to the header's
 *    inline io_uring_peek_cqe, which consumes it and says -ETIME.
 */
#include "compat.h"

/* Submit @n NOPs, tagged @ud, @ud + 1, ... */
static void submit_nops(struct io_uring *ring, __u64 ud, int n)
{
	for (int i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = GET_SQE(ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, ud + i);
	}
	CHECK_EQ(io_uring_submit(ring), n);
}

static void reap_one(struct io_uring *ring, __u64 ud, int res)
{
	struct io_uring_cqe *cqe;

	WAIT_CQE(ring, &cqe, 5000);
	if (cqe->user_data != ud || cqe->res != res)
		FAIL("expected CQE user_data 0x%llx res %d, got 0x%llx res %d",
		     (unsigned long long) ud, res,
		     (unsigned long long) cqe->user_data, cqe->res);
	io_uring_cqe_seen(ring, cqe);
}

/* Two CQEs in either order: @ud1's with res @res1 and @ud2's with res @res2. */
static void reap_two(struct io_uring *ring, __u64 ud1, int res1, __u64 ud2, int res2)
{
	struct io_uring_cqe *cqe;
	int seen = 0;

	for (int i = 0; i < 2; i++) {
		WAIT_CQE(ring, &cqe, 5000);
		if (cqe->user_data == ud1) {
			CHECK_EQ(cqe->res, res1);
			seen |= 1;
		} else if (cqe->user_data == ud2) {
			CHECK_EQ(cqe->res, res2);
			seen |= 2;
		} else {
			FAIL("unexpected CQE user_data 0x%llx",
			     (unsigned long long) cqe->user_data);
		}
		io_uring_cqe_seen(ring, cqe);
	}
	CHECK_EQ(seen, 3);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	struct __kernel_timespec ts, t_long, t_short;
	long long t0, dt;
	int ret, fds[2];
	char buf[8];

	abi_init();
	INIT_RING(&ring, 8, 0);
	if (!(ring.features & IORING_FEAT_EXT_ARG))
		a_skip("kernel without IORING_FEAT_EXT_ARG");

	/* 1. nothing pending: -ETIME after the timeout */
	ts = a_ts_ms(50);
	cqe = (struct io_uring_cqe *) &ring;
	t0 = a_now_ms();
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	dt = a_now_ms() - t0;
	CHECK_EQ(ret, -ETIME);
	CHECK(cqe == NULL);
	CHECK(dt >= 45);
	CHECK(dt < 15000);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* 2. a CQE is ready: 0 at once, the head CQE, not consumed */
	submit_nops(&ring, 0x2001, 1);
	ts = a_ts_ms(5000);
	cqe = NULL;
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
	CHECK(cqe == a_head_cqe(&ring, 0));
	CHECK_EQ(cqe->user_data, 0x2001);
	CHECK_EQ(io_uring_cq_ready(&ring), 1);
	io_uring_cqe_seen(&ring, cqe);

	/* 3. submit_and_wait_timeout with nothing to submit and nothing coming */
	ts = a_ts_ms(40);
	cqe = (struct io_uring_cqe *) &ring;
	t0 = a_now_ms();
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, -ETIME);
	CHECK(cqe == NULL);
	CHECK(a_now_ms() - t0 >= 35);

	/* 4. submit_and_wait_timeout: a 20 ms timeout request completes in time */
	t_short = a_ts_ms(20);
	sqe = GET_SQE(&ring);
	io_uring_prep_timeout(sqe, &t_short, 0, 0);
	io_uring_sqe_set_data64(sqe, 0x4001);
	ts = a_ts_ms(5000);
	cqe = NULL;
	t0 = a_now_ms();
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, 1);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 0x4001);
	CHECK_EQ(cqe->res, -ETIME);
	CHECK(a_now_ms() - t0 >= 15);
	CHECK_EQ(ring.sq.sqe_head, ring.sq.sqe_tail);
	CHECK_EQ(*ring.sq.ktail, ring.sq.sqe_tail);
	io_uring_cqe_seen(&ring, cqe);

	/*
	 * 5. submit_and_wait_timeout: the request (10 s) outlives the wait
	 * (30 ms): liburing returns the number submitted and no CQE.
	 */
	t_long = a_ts_ms(10000);
	sqe = GET_SQE(&ring);
	io_uring_prep_timeout(sqe, &t_long, 0, 0);
	io_uring_sqe_set_data64(sqe, 0x5001);
	ts = a_ts_ms(30);
	cqe = (struct io_uring_cqe *) &ring;
	t0 = a_now_ms();
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, 1);
	CHECK(cqe == NULL);
	CHECK(a_now_ms() - t0 >= 25);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	/* cancel it with the inline prep_timeout_remove */
	sqe = GET_SQE(&ring);
	io_uring_prep_timeout_remove(sqe, 0x5001, 0);
	io_uring_sqe_set_data64(sqe, 0x5002);
	CHECK_EQ(io_uring_submit(&ring), 1);
	reap_two(&ring, 0x5001, -ECANCELED, 0x5002, 0);

	/*
	 * 6. wait_cqes for 3 when only 2 come: the kernel waits out the
	 * timeout, then (CQEs being there) reports success: 0 and the head CQE.
	 */
	submit_nops(&ring, 0x6000, 2);
	ts = a_ts_ms(40);
	t0 = a_now_ms();
	cqe = NULL;
	ret = io_uring_wait_cqes(&ring, &cqe, 3, &ts, NULL);
	CHECK_EQ(ret, 0);
	CHECK(cqe == a_head_cqe(&ring, 0));
	CHECK_EQ(cqe->user_data, 0x6000);
	CHECK(a_now_ms() - t0 >= 35);
	CHECK_EQ(io_uring_cq_ready(&ring), 2);
	reap_one(&ring, 0x6000, 0);
	reap_one(&ring, 0x6001, 0);

	/* 7. inline link timeout cancels a read on an empty pipe */
	CHECK(pipe(fds) == 0);
	t_short = a_ts_ms(20);
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	io_uring_sqe_set_data64(sqe, 0x7001);
	sqe = GET_SQE(&ring);
	io_uring_prep_link_timeout(sqe, &t_short, 0);
	io_uring_sqe_set_data64(sqe, 0x7002);
	CHECK_EQ(io_uring_submit(&ring), 2);
	reap_two(&ring, 0x7001, -ECANCELED, 0x7002, -ETIME);
	close(fds[0]);
	close(fds[1]);

	/* 8. the pre-EXT_ARG path, as on a kernel without IORING_FEAT_EXT_ARG */
	{
		unsigned tail0 = ring.sq.sqe_tail;

		ring.features &= ~IORING_FEAT_EXT_ARG;
		ts = a_ts_ms(30);
		cqe = (struct io_uring_cqe *) &ring;
		t0 = a_now_ms();
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		/*
		 * liburing (2.3 and 2.15 alike) returns the count its first
		 * io_uring_enter submitted (its own timeout SQE), not -ETIME,
		 * once it has entered the kernel; no CQE either way.
		 */
		CHECK_EQ(ret, 1);
		CHECK(cqe == NULL);
		CHECK(a_now_ms() - t0 >= 25);
		/* the library's timeout SQE went through the shared SQ indices */
		CHECK_EQ(ring.sq.sqe_tail, tail0 + 1);
		CHECK_EQ(ring.sq.sqe_head, ring.sq.sqe_tail);
		CHECK_EQ(*ring.sq.ktail, ring.sq.sqe_tail);
		/* and its CQE was consumed by the library */
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
		cqe = (struct io_uring_cqe *) &ring;
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
		CHECK(cqe == NULL);

		/* a user CQE ready before the wait comes back; no timeout CQE leaks */
		submit_nops(&ring, 0x8001, 1);
		ts = a_ts_ms(30);
		cqe = NULL;
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		CHECK_EQ(ret, 0);
		CHECK(cqe != NULL);
		CHECK_EQ(cqe->user_data, 0x8001);
		io_uring_cqe_seen(&ring, cqe);
		/*
		 * The library's timeout SQE (30 ms or one completion) posts a
		 * LIBURING_UDATA_TIMEOUT CQE behind the NOP's.  The header's
		 * inline peek consumes it: -ETIME if it expired, -EAGAIN if it
		 * completed by count; the application never gets it.
		 */
		t0 = a_now_ms();
		while (io_uring_cq_ready(&ring) == 0) {
			if (a_now_ms() - t0 > 5000)
				FAIL("the library's timeout SQE never completed");
			usleep(2000);
		}
		CHECK_EQ(io_uring_cq_ready(&ring), 1);
		cqe = (struct io_uring_cqe *) &ring;
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret == 0 && cqe && cqe->user_data == LIBURING_UDATA_TIMEOUT)
			FAIL("LIBURING_UDATA_TIMEOUT CQE leaked to the application");
		if (ret != -ETIME && ret != -EAGAIN)
			FAIL("peek after the library's timeout CQE: %d, expected -ETIME or -EAGAIN",
			     ret);
		CHECK(cqe == NULL);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
		ring.features |= IORING_FEAT_EXT_ARG;
	}

	io_uring_queue_exit(&ring);
	return A_PASS;
}
