/* SPDX-License-Identifier: MIT */
/*
 * The batch-peek case, from a program built against the old header.
 *
 * The CQ (16 entries) is overflowed on purpose by submitting three to six
 * times its size in NOPs without reaping (IORING_FEAT_NODROP keeps the extra
 * CQEs in the kernel).  Then everything is reaped with the library's
 * io_uring_peek_batch_cqe and the header's inline io_uring_cq_advance, with
 * batch sizes from 1 to larger than what is there:
 *  - the return value is exactly min(count, CQEs ready), where "ready" is what
 *    the inline io_uring_cq_ready sees before the call, or, when the CQ is
 *    empty but the kernel holds overflowed CQEs, what it sees after the
 *    library flushed them (the library must flush then: never 0 while
 *    IORING_SQ_CQ_OVERFLOW is set);
 *  - the pointers are the CQ slots at the head (old header's index math),
 *    slots past the return value are untouched, khead is not moved;
 *  - every user_data comes back exactly once, in submission order.
 * Some cycles reap with the inline io_uring_peek_cqe (whose fallback into the
 * library must flush the overflow too) or io_uring_get_events + the inline
 * io_uring_for_each_cqe.  Hundreds of cycles wrap the CQ many times; plain and
 * CQE32 rings.
 */
#include "compat.h"

#define CYCLES 150
#define UD(cfg, seq) ((0x0badULL << 48) | ((__u64) (cfg) << 40) | (seq))

static struct io_uring_cqe sentinel;

static void run(unsigned cfg, unsigned setup_flags)
{
	static const unsigned counts[] = { 1, 3, 64, 5, 16, 7, 2, 11, 17, 13, 4, 1000 };
	struct io_uring ring;
	struct io_uring_cqe *batch[1000];
	unsigned next_sub = 0, next_reap = 0, cycle, ci = 0, calls = 0, flushed = 0;
	unsigned cq_entries;
	int ret;

	if (INIT_RING(&ring, 8, setup_flags))
		return;
	if (!(ring.features & IORING_FEAT_NODROP))
		a_skip("kernel without IORING_FEAT_NODROP: overflowed CQEs are dropped");
	cq_entries = ring.cq.ring_entries;
	CHECK_EQ(cq_entries, 16);

	for (cycle = 0; cycle < CYCLES; cycle++) {
		unsigned total = cq_entries * (3 + cycle % 4), sub;
		unsigned mode = cycle % 5;

		/* overflow: submit total NOPs, reap nothing */
		for (sub = 0; sub < total; ) {
			unsigned n = ring.sq.ring_entries, i;

			for (i = 0; i < n; i++) {
				struct io_uring_sqe *sqe = GET_SQE(&ring);

				io_uring_prep_nop(sqe);
				io_uring_sqe_set_data64(sqe, UD(cfg, next_sub));
				next_sub++;
			}
			ret = io_uring_submit(&ring);
			CHECK_EQ(ret, n);
			sub += n;
		}
		CHECK_EQ(io_uring_cq_ready(&ring), cq_entries);
		CHECK(io_uring_cq_has_overflow(&ring));

		while (next_reap != next_sub) {
			unsigned outstanding = next_sub - next_reap;
			unsigned ready = io_uring_cq_ready(&ring);
			unsigned khead = *ring.cq.khead;

			if (mode == 3) {
				/* inline peek; falls into the library to flush */
				struct io_uring_cqe *cqe = NULL;

				CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
				CHECK_NOP_CQE(&ring, cqe, 0, UD(cfg, next_reap++));
				io_uring_cqe_seen(&ring, cqe);
				if (!ready)
					flushed++;
				continue;
			}
			if (mode == 4 && !ready) {
				/* explicit flush, then the pure-inline loop */
				struct io_uring_cqe *cqe;
				unsigned head, cnt = 0;

				CHECK_OK(io_uring_get_events(&ring));
				ready = io_uring_cq_ready(&ring);
				CHECK_EQ(ready, outstanding < cq_entries ? outstanding : cq_entries);
				io_uring_for_each_cqe(&ring, head, cqe) {
					CHECK_NOP_CQE(&ring, cqe, cnt, UD(cfg, next_reap++));
					cnt++;
				}
				CHECK_EQ(cnt, ready);
				io_uring_cq_advance(&ring, cnt);
				flushed++;
				continue;
			}

			unsigned count = counts[ci++ % (sizeof(counts) / sizeof(counts[0]))];
			unsigned got, i, want, adv;

			for (i = 0; i < count; i++)
				batch[i] = &sentinel;
			got = io_uring_peek_batch_cqe(&ring, batch, count);
			calls++;
			CHECK_EQ(*ring.cq.khead, khead);
			if (got > count)
				FAIL("peek_batch returned %u for count %u", got, count);
			if (ready) {
				want = count < ready ? count : ready;
			} else {
				/* CQ empty, overflow pending: must flush and return */
				unsigned after = io_uring_cq_ready(&ring);

				CHECK(after > 0);
				CHECK(after <= outstanding);
				want = count < after ? count : after;
				flushed++;
			}
			if (got != want)
				FAIL("cfg %u: peek_batch(count %u) with %u ready (%u outstanding) "
				     "returned %u, expected %u", cfg, count, ready, outstanding,
				     got, want);
			for (i = 0; i < got; i++)
				CHECK_NOP_CQE(&ring, batch[i], i, UD(cfg, next_reap++));
			for (; i < count; i++)
				if (batch[i] != &sentinel)
					FAIL("peek_batch returned %u but wrote slot %u", got, i);
			/* sometimes consume less than we peeked: heads move unevenly */
			adv = got;
			if (mode == 1 && got > 1) {
				adv = got / 2;
				next_reap -= got - adv;
			}
			io_uring_cq_advance(&ring, adv);
		}
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
		CHECK(!io_uring_cq_has_overflow(&ring));
		CHECK_EQ(io_uring_peek_batch_cqe(&ring, batch, 8), 0);
		CHECK_EQ(*ring.cq.khead, next_reap);
	}
	/* the CQ wrapped many times and the flush path was taken often */
	CHECK(next_sub / cq_entries > 400);
	CHECK(flushed > CYCLES);
	CHECK(calls > 1000);
	fprintf(stderr, "cfg %u: %u CQEs, %u peek_batch calls, %u overflow flushes\n",
		cfg, next_sub, calls, flushed);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	abi_init();
	run(0, 0);
	run(1, IORING_SETUP_CQE32);
	return A_PASS;
}
