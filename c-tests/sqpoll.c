/* SPDX-License-Identifier: MIT */
/*
 * SQPOLL rings: NOPs submitted through the poller complete; the kernel thread
 * consumes the SQ (sq.khead catches up with sq.ktail); after the poller went
 * idle (IORING_SQ_NEED_WAKEUP) io_uring_submit wakes it; io_uring_sqring_wait
 * returns once the SQ has room.  Every wait is bounded.
 */
#include "test.h"

#define ENTRIES 8

static void wait_consumed(struct io_uring *ring)
{
	long long t0 = t_now_ms();

	/* io_uring_sq_ready reads the kernel's head: 0 once all are taken */
	while (io_uring_sq_ready(ring)) {
		if (t_now_ms() - t0 > 5000)
			FAIL("SQPOLL thread did not consume the SQ within 5 s "
			     "(khead %u, ktail %u)", *ring->sq.khead, *ring->sq.ktail);
		usleep(1000);
	}
	CHECK_EQ(*ring->sq.khead, *ring->sq.ktail);
}

static void reap(struct io_uring *ring, __u64 first, unsigned n)
{
	unsigned i;
	unsigned char seen[64] = { 0 };

	CHECK(n <= sizeof(seen));
	for (i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;
		__u64 ud;

		WAIT_CQE(ring, &cqe, 2000);
		ud = cqe->user_data;
		if (ud < first || ud >= first + n || seen[ud - first])
			FAIL("unexpected or duplicate user_data %llu (want %llu..%llu)",
			     (unsigned long long) ud, (unsigned long long) first,
			     (unsigned long long) (first + n - 1));
		seen[ud - first] = 1;
		CHECK_EQ(cqe->res, 0);
		io_uring_cqe_seen(ring, cqe);
	}
}

/*
 * On SQPOLL rings io_uring_submit returns the number of SQ entries the kernel
 * has not consumed yet when the library looks: with the SQ drained before
 * (wait_consumed), anything from 0 (the poller was quicker) to n.
 */
static void submit_nops(struct io_uring *ring, __u64 first, unsigned n)
{
	unsigned i;
	int ret;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = GET_SQE(ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = first + i;
	}
	ret = io_uring_submit(ring);
	if (ret < 0 || ret > (int) n)
		FAIL("io_uring_submit returned %d, expected 0..%u", ret, n);
}

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	unsigned i, round;
	int ret;

	t_init();
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 10;	/* ms: the poller goes to sleep quickly */
	ret = io_uring_queue_init_params(ENTRIES, &ring, &p);
	if (ret == -EPERM || ret == -EINVAL) {
		int kret;

		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_SQPOLL;
		p.sq_thread_idle = 10;
		kret = t_kernel_setup(ENTRIES, &p);
		if (kret != ret)
			FAIL("SQPOLL init: the library says %d, io_uring_setup(2) says %d",
			     ret, kret);
		t_skip("kernel refuses IORING_SETUP_SQPOLL (%d)", ret);
	}
	CHECK_EQ(ret, 0);
	CHECK(ring.flags & IORING_SETUP_SQPOLL);

	/* a running poller takes NOPs without io_uring_enter */
	for (round = 0; round < 20; round++) {
		unsigned n = 1 + round % ENTRIES;
		__u64 first = 1000 * (round + 1);

		submit_nops(&ring, first, n);
		reap(&ring, first, n);
		wait_consumed(&ring);
		CHECK_EQ(io_uring_sq_space_left(&ring), ENTRIES);
	}

	/* let the poller go idle, then submit: the library must wake it */
	for (round = 0; round < 5; round++) {
		__u64 first = 100000 + 100 * round;

		usleep(60 * 1000);
		submit_nops(&ring, first, 3);
		reap(&ring, first, 3);
		wait_consumed(&ring);
	}

	/* fill the SQ completely; get_sqe then has nothing to give */
	for (i = 0; i < ENTRIES; i++) {
		sqe = GET_SQE(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 200000 + i;
	}
	CHECK(io_uring_get_sqe(&ring) == NULL);
	CHECK_EQ(io_uring_sq_space_left(&ring), 0);
	ret = io_uring_submit(&ring);
	if (ret < 0 || ret > ENTRIES)
		FAIL("io_uring_submit of a full SQ returned %d", ret);
	/* waits (in the kernel) until the poller made room */
	ret = io_uring_sqring_wait(&ring);
	if (ret < 0)
		FAIL("io_uring_sqring_wait returned %d", ret);
	CHECK(io_uring_sq_space_left(&ring) > 0);
	reap(&ring, 200000, ENTRIES);
	wait_consumed(&ring);

	/* with room in the SQ it returns at once */
	ret = io_uring_sqring_wait(&ring);
	if (ret < 0)
		FAIL("io_uring_sqring_wait on an empty SQ returned %d", ret);

	/* many rounds through the SQ ring, reaped with peek_batch */
	for (round = 0; round < 50; round++) {
		struct io_uring_cqe *cqes[ENTRIES];
		__u64 first = 300000 + 100 * round;
		unsigned got = 0;

		wait_consumed(&ring);
		submit_nops(&ring, first, ENTRIES);
		while (got < ENTRIES) {
			unsigned n = io_uring_peek_batch_cqe(&ring, cqes, ENTRIES);

			if (!n) {
				struct io_uring_cqe *cqe;

				WAIT_CQE(&ring, &cqe, 2000);
				continue;
			}
			CHECK(n <= ENTRIES - got);
			for (i = 0; i < n; i++) {
				CHECK_EQ(cqes[i]->user_data, first + got + i);
				CHECK_EQ(cqes[i]->res, 0);
			}
			io_uring_cq_advance(&ring, n);
			got += n;
		}
	}
	wait_consumed(&ring);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
