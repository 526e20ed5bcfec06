/* SPDX-License-Identifier: MIT */
/*
 * SQPOLL ring from a program built against the old header: the header's
 * inline io_uring_get_sqe / io_uring_sq_ready read sq.khead with acquire
 * semantics (the poller moves it), the library's io_uring_submit publishes
 * sq.sqe_tail and must wake the poller when it sleeps (IORING_SQ_NEED_WAKEUP
 * in *sq.kflags), the inline io_uring_sqring_wait falls into the library's
 * __io_uring_sqring_wait when the SQ looks full.  Every NOP comes back
 * exactly once, in order, within a bounded wait.
 */
#include "compat.h"

#define UD(seq) ((0x5a5aULL << 48) | (seq))

static unsigned next_sub, next_reap;

static void submit_nops(struct io_uring *ring, unsigned n)
{
	unsigned i;
	int ret;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = GET_SQE(ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, UD(next_sub));
		next_sub++;
	}
	ret = io_uring_submit(ring);
	/* SQPOLL: the number of entries the poller had not consumed yet */
	if (ret < 0 || ret > (int) ring->sq.ring_entries)
		FAIL("SQPOLL io_uring_submit returned %d", ret);
	CHECK_EQ(ring->sq.sqe_head, ring->sq.sqe_tail);
	CHECK_EQ(io_uring_smp_load_acquire(ring->sq.ktail), ring->sq.sqe_tail);
}

static void reap_all(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;

	while (next_reap != next_sub) {
		WAIT_CQE(ring, &cqe, 3000);
		if (cqe->user_data != UD(next_reap) || cqe->res != 0)
			FAIL("expected user_data 0x%llx res 0, got 0x%llx res %d",
			     (unsigned long long) UD(next_reap),
			     (unsigned long long) cqe->user_data, cqe->res);
		next_reap++;
		io_uring_cqe_seen(ring, cqe);
	}
	CHECK_EQ(io_uring_cq_ready(ring), 0);
}

/* The poller consumes everything it was given (bounded wait). */
static void wait_sq_empty(struct io_uring *ring)
{
	long long t0 = a_now_ms();

	while (io_uring_sq_ready(ring)) {
		if (a_now_ms() - t0 > 3000)
			FAIL("SQ poller left %u entries unconsumed",
			     io_uring_sq_ready(ring));
		usleep(1000);
	}
	CHECK_EQ(io_uring_sq_space_left(ring), ring->sq.ring_entries);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	unsigned round, i;
	int ret;

	abi_init();
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 10;	/* ms */
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EPERM)
		a_skip("SQPOLL not permitted for this user");
	CHECK_OK(ret);
	CHECK_RING_SETUP(&ring, &p, IORING_SETUP_SQPOLL);

	for (round = 0; round < 300; round++) {
		submit_nops(&ring, 1 + round % ring.sq.ring_entries);
		reap_all(&ring);
		/* the poller posts the CQEs before it moves sq.khead */
		wait_sq_empty(&ring);
	}

	/* poller asleep: the library must see NEED_WAKEUP and wake it */
	for (i = 0; i < 4; i++) {
		long long t0 = a_now_ms();

		while (!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_NEED_WAKEUP)) {
			if (a_now_ms() - t0 > 3000)
				FAIL("SQ poller never went idle (IORING_SQ_NEED_WAKEUP)");
			usleep(5000);
		}
		submit_nops(&ring, 2);
		reap_all(&ring);
	}

	/* inline sqring_wait: returns at once with space, enters when full */
	CHECK_EQ(io_uring_sqring_wait(&ring), 0);
	wait_sq_empty(&ring);
	for (i = 0; i < ring.sq.ring_entries; i++) {
		struct io_uring_sqe *sqe = GET_SQE(&ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, UD(next_sub));
		next_sub++;
	}
	CHECK_EQ(io_uring_sq_space_left(&ring), 0);
	CHECK(io_uring_get_sqe(&ring) == NULL);
	ret = io_uring_sqring_wait(&ring);
	CHECK(ret >= 0);
	ret = io_uring_submit(&ring);
	CHECK(ret >= 0 && ret <= (int) ring.sq.ring_entries);
	ret = io_uring_sqring_wait(&ring);
	CHECK(ret >= 0);
	reap_all(&ring);
	wait_sq_empty(&ring);

	io_uring_queue_exit(&ring);
	return A_PASS;
}
