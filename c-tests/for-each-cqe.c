/* SPDX-License-Identifier: MIT */
/*
 * io_uring_for_each_cqe works with any names for its head and CQE variables
 * (it is a macro: a parameter named like one of its own members would
 * rewrite it), visits every ready CQE once in order, reports each CQE's ring
 * index, and leaves the CQ untouched until io_uring_cq_advance().
 */
#include "test.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *c;
	unsigned h, tail, seen, round, i;

	t_init();
	CHECK_OK(io_uring_queue_init(4, &ring, 0));
	for (round = 0; round < 50; round++) {
		for (i = 0; i < 4; i++) {
			struct io_uring_sqe *sqe = GET_SQE(&ring);

			io_uring_prep_nop(sqe);
			sqe->user_data = round * 4 + i;
		}
		CHECK_EQ(io_uring_submit_and_wait(&ring, 4), 4);
		CHECK_EQ(io_uring_cq_ready(&ring), 4);

		seen = 0;
		tail = *ring.cq.khead;
		io_uring_for_each_cqe(&ring, h, c) {
			CHECK_EQ(h, tail + seen);
			CHECK_EQ(c->user_data, round * 4 + seen);
			CHECK_EQ(c->res, 0);
			seen++;
		}
		CHECK_EQ(seen, 4);
		/* iterating consumed nothing */
		CHECK_EQ(io_uring_cq_ready(&ring), 4);
		io_uring_cq_advance(&ring, seen);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
