/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_probe, io_uring_get_probe_ring, io_uring_get_probe,
 * io_uring_opcode_supported, io_uring_free_probe: the probe describes what the
 * kernel then really accepts, the three ways of getting one agree, and bad
 * probe buffers are refused.
 */
#include <stdlib.h>
#include "test.h"

#define PROBE_SZ(n) (sizeof(struct io_uring_probe) + (n) * sizeof(struct io_uring_probe_op))

/* Submit an SQE of opcode @op with fd -1 and return its res. */
static int try_op(struct io_uring *ring, int op)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(op, sqe, -1, NULL, 0, 0);
	sqe->user_data = 0x5000 + op;
	return RUN_ONE(ring, 0x5000 + op, 2000, NULL);
}

static void check_same(const struct io_uring_probe *a, const struct io_uring_probe *b,
		       const char *what)
{
	int i;

	if (a->last_op != b->last_op || a->ops_len != b->ops_len)
		FAIL("%s: last_op/ops_len %u/%u vs %u/%u", what, a->last_op, a->ops_len,
		     b->last_op, b->ops_len);
	for (i = 0; i < a->ops_len; i++)
		if (a->ops[i].op != b->ops[i].op || a->ops[i].flags != b->ops[i].flags)
			FAIL("%s: op %d differs", what, i);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_probe *p, *q, *r;
	int fds_before, i;

	t_init();
	fds_before = t_count_fds();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	p = io_uring_get_probe_ring(&ring);
	CHECK(p != NULL);
	/* every opcode up to last_op is described, in order */
	if (p->last_op < IORING_OP_MSG_RING)
		FAIL("last_op %u: expected a kernel with at least IORING_OP_MSG_RING (%d)",
		     p->last_op, IORING_OP_MSG_RING);
	CHECK_EQ(p->ops_len, p->last_op + 1);
	for (i = 0; i < p->ops_len; i++)
		CHECK_EQ(p->ops[i].op, i);
	CHECK(io_uring_opcode_supported(p, IORING_OP_NOP));
	CHECK(io_uring_opcode_supported(p, IORING_OP_READ));
	CHECK(io_uring_opcode_supported(p, IORING_OP_WRITE_FIXED));
	CHECK(io_uring_opcode_supported(p, IORING_OP_MSG_RING));
	CHECK(!io_uring_opcode_supported(p, p->last_op + 1));
	CHECK(!io_uring_opcode_supported(p, 255));
	for (i = 0; i <= p->last_op; i++)
		CHECK_EQ(io_uring_opcode_supported(p, i),
			 !!(p->ops[i].flags & IO_URING_OP_SUPPORTED));

	/* it matches what the kernel accepts: NOP runs, one past last_op is unknown */
	CHECK_EQ(try_op(&ring, IORING_OP_NOP), 0);
	CHECK_EQ(try_op(&ring, p->last_op + 1), -EINVAL);

	/* the ring-less variant and a hand-made probe say the same */
	q = io_uring_get_probe();
	CHECK(q != NULL);
	check_same(p, q, "io_uring_get_probe vs io_uring_get_probe_ring");
	free(q);	/* C allocator memory: plain free() is fine */

	r = calloc(1, PROBE_SZ(256));
	CHECK(r != NULL);
	CHECK_EQ(io_uring_register_probe(&ring, r, 256), 0);
	check_same(p, r, "io_uring_register_probe vs io_uring_get_probe_ring");

	/* fewer slots: only those are filled, last_op is still the kernel's */
	memset(r, 0, PROBE_SZ(256));
	CHECK_EQ(io_uring_register_probe(&ring, r, 4), 0);
	CHECK_EQ(r->last_op, p->last_op);
	CHECK_EQ(r->ops_len, 4);
	for (i = 0; i < 4; i++)
		CHECK_EQ(r->ops[i].flags, p->ops[i].flags);
	CHECK_EQ(r->ops[4].op, 0);
	CHECK_EQ(r->ops[4].flags, 0);

	/* bad input */
	CHECK_EQ(io_uring_register_probe(&ring, r, 4), -EINVAL);	/* buffer not zeroed */
	memset(r, 0, PROBE_SZ(256));
	CHECK_EQ(io_uring_register_probe(&ring, r, 257), -EINVAL);	/* more than 256 */
	CHECK_EQ(r->ops_len, 0);
	CHECK_EQ(io_uring_register_probe(&ring, NULL, 4), -EINVAL);
	CHECK_EQ(io_uring_register_probe(&ring, (void *) 8, 4), -EFAULT);
	CHECK_EQ(io_uring_register_probe(&ring, r, 0), 0);	/* nothing asked, header only */
	CHECK_EQ(r->last_op, p->last_op);
	CHECK_EQ(r->ops_len, 0);

	free(r);
	io_uring_free_probe(p);
	io_uring_free_probe(NULL);	/* allowed */

	/* repeated get/free leaks nothing (see also reg-leak) */
	for (i = 0; i < 100; i++) {
		p = io_uring_get_probe_ring(&ring);
		CHECK(p != NULL);
		io_uring_free_probe(p);
		p = io_uring_get_probe();
		CHECK(p != NULL);
		io_uring_free_probe(p);
	}

	io_uring_queue_exit(&ring);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
