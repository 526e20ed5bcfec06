/* SPDX-License-Identifier: MIT */
/*
 * The old header's inline SQ/CQ helpers driving rings set up by the library:
 * io_uring_get_sqe (inline in 2.3: sq.sqe_tail, sq.khead, sq.ring_entries,
 * sq.ring_mask, sq.sqes), io_uring_sq_ready / io_uring_sq_space_left,
 * io_uring_peek_cqe, io_uring_wait_cqe, io_uring_wait_cqe_nr, io_uring_cqe_seen,
 * io_uring_cq_advance, io_uring_for_each_cqe, io_uring_cq_ready, against the
 * library's io_uring_submit, io_uring_submit_and_wait,
 * io_uring_submit_and_wait_timeout, io_uring_wait_cqes and
 * io_uring_peek_batch_cqe.  Thousands of NOPs wrap both rings many times;
 * every user_data comes back exactly once, in order.  Plain rings and
 * SQE128|CQE32 rings (the inline helpers shift the index).
 */
#include "compat.h"

#define ROUNDS 1500
#define UD(cfg, seq) ((0xabcdULL << 48) | ((__u64) (cfg) << 40) | (seq))

static void run(unsigned cfg, unsigned setup_flags)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe, *batch[64];
	struct __kernel_timespec ts = a_ts_ms(5000);
	unsigned entries, next_sub = 0, next_reap = 0, round, i;
	unsigned sqe_shift;
	int ret;

	if (INIT_RING(&ring, 8, setup_flags))
		return;
	entries = ring.sq.ring_entries;
	CHECK_EQ(entries, 8);
	CHECK_EQ(ring.cq.ring_entries, 16);
	sqe_shift = (ring.flags & IORING_SETUP_SQE128) ? 1 : 0;

	/* empty ring: peek says -EAGAIN and no CQE */
	cqe = (struct io_uring_cqe *) &ring;
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	CHECK_EQ(io_uring_sq_ready(&ring), 0);
	CHECK_EQ(io_uring_sq_space_left(&ring), entries);
	CHECK_EQ(io_uring_peek_batch_cqe(&ring, batch, 64), 0);

	for (round = 0; round < ROUNDS; round++) {
		unsigned n = 1 + (round * 7) % entries;
		unsigned first = next_sub;
		unsigned got;

		for (i = 0; i < n; i++) {
			unsigned tail = ring.sq.sqe_tail;
			struct io_uring_sqe *sqe = GET_SQE(&ring);

			CHECK(sqe == &ring.sq.sqes[(tail & ring.sq.ring_mask) << sqe_shift]);
			CHECK_EQ(ring.sq.sqe_tail, tail + 1);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, UD(cfg, next_sub));
			next_sub++;
			CHECK_EQ(io_uring_sq_ready(&ring), i + 1);
			CHECK_EQ(io_uring_sq_space_left(&ring), entries - i - 1);
		}
		if (n == entries) {
			unsigned tail = ring.sq.sqe_tail;

			CHECK(io_uring_get_sqe(&ring) == NULL);
			CHECK_EQ(ring.sq.sqe_tail, tail);
		}

		switch (round % 3) {
		case 0:
			CHECK_EQ(io_uring_submit(&ring), n);
			break;
		case 1:
			CHECK_EQ(io_uring_submit_and_wait(&ring, n), n);
			CHECK_EQ(io_uring_cq_ready(&ring), n);
			break;
		case 2:
			cqe = NULL;
			ret = io_uring_submit_and_wait_timeout(&ring, &cqe, n, &ts, NULL);
			CHECK_EQ(ret, n);
			CHECK(cqe != NULL);
			CHECK(cqe == a_head_cqe(&ring, 0));
			CHECK_EQ(cqe->user_data, UD(cfg, first));
			CHECK_EQ(io_uring_cq_ready(&ring), n);
			break;
		}
		/* the library published sqe_tail to the kernel and synced sqe_head */
		CHECK_EQ(ring.sq.sqe_head, ring.sq.sqe_tail);
		CHECK_EQ(*ring.sq.ktail, ring.sq.sqe_tail);
		CHECK_EQ(io_uring_sq_ready(&ring), 0);
		CHECK_EQ(io_uring_sq_space_left(&ring), entries);

		/*
		 * all n are there: the library's bounded wait, or the header's
		 * inline io_uring_wait_cqe_nr (NOPs always complete; alarm bounds it)
		 */
		cqe = NULL;
		if (round % 2)
			ret = io_uring_wait_cqes(&ring, &cqe, n, &ts, NULL);
		else
			ret = io_uring_wait_cqe_nr(&ring, &cqe, n);
		CHECK_EQ(ret, 0);
		CHECK(cqe == a_head_cqe(&ring, 0));
		CHECK_EQ(io_uring_cq_ready(&ring), n);

		switch (round % 4) {
		case 0:	/* peek + seen */
		case 1:	/* wait (CQE ready, so no sleep) + seen */
			for (i = 0; i < n; i++) {
				int peek = round % 4 == 0;

				cqe = NULL;
				if (peek)
					CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
				else
					CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
				CHECK_NOP_CQE(&ring, cqe, 0, UD(cfg, next_reap++));
				io_uring_cqe_seen(&ring, cqe);
				if (peek)
					CHECK_EQ(io_uring_cq_ready(&ring), n - i - 1);
			}
			break;
		case 2: { /* for_each + cq_advance */
			unsigned head, cnt = 0;

			io_uring_for_each_cqe(&ring, head, cqe) {
				CHECK_NOP_CQE(&ring, cqe, cnt, UD(cfg, next_reap++));
				cnt++;
			}
			CHECK_EQ(cnt, n);
			io_uring_cq_advance(&ring, cnt);
			break;
		}
		case 3:	/* library batch peek + inline cq_advance */
			for (i = 0; i < 64; i++)
				batch[i] = NULL;
			got = io_uring_peek_batch_cqe(&ring, batch, 64);
			CHECK_EQ(got, n);
			for (i = 0; i < got; i++)
				CHECK_NOP_CQE(&ring, batch[i], i, UD(cfg, next_reap++));
			for (; i < 64; i++)
				CHECK(batch[i] == NULL);
			io_uring_cq_advance(&ring, got);
			break;
		}
		CHECK_EQ(next_reap, next_sub);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
		CHECK_EQ(*ring.cq.khead, *ring.cq.ktail);
		CHECK_EQ(*ring.cq.khead, next_reap);
	}
	/* wrapped both rings many times */
	CHECK(next_sub / ring.cq.ring_entries > 100);

	/* io_uring_wait_cqe that has to sleep: a 20 ms timeout request */
	{
		struct __kernel_timespec t20 = a_ts_ms(20);
		struct io_uring_sqe *sqe = GET_SQE(&ring);
		long long t0 = a_now_ms();

		io_uring_prep_timeout(sqe, &t20, 0, 0);
		io_uring_sqe_set_data64(sqe, 0x7100);
		CHECK_EQ(io_uring_submit(&ring), 1);
		cqe = NULL;
		CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
		CHECK(cqe != NULL);
		CHECK_EQ(cqe->user_data, 0x7100);
		CHECK_EQ(cqe->res, -ETIME);
		CHECK(a_now_ms() - t0 >= 15);
		io_uring_cqe_seen(&ring, cqe);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
	}
	io_uring_queue_exit(&ring);
}

int main(void)
{
	abi_init();
	run(0, 0);
	run(1, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
	return A_PASS;
}
