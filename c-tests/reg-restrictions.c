/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_restrictions + io_uring_enable_rings on an
 * IORING_SETUP_R_DISABLED ring: nothing runs before the ring is enabled, then
 * only the allowed SQE opcodes, SQE flags and register opcodes work; the rest
 * fail with -EACCES. Bad restriction sets are refused.
 */
#include "test.h"

static int reap(struct io_uring *ring, __u64 ud)
{
	struct io_uring_cqe *cqe;
	int res;

	WAIT_CQE(ring, &cqe, 2000);
	if (cqe->user_data != ud)
		FAIL("expected CQE user_data %llu, got %llu (res %d)",
		     (unsigned long long) ud, (unsigned long long) cqe->user_data, cqe->res);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

static int submit_one(struct io_uring *ring, int op, int fd, void *addr, unsigned len,
		      __u8 flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(op, sqe, fd, addr, len, 0);
	sqe->flags = flags;
	sqe->user_data = ud;
	CHECK_EQ(io_uring_submit(ring), 1);
	return reap(ring, ud);
}

static void test_restricted(void)
{
	struct io_uring_restriction res[5] = {
		{ .opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = IORING_OP_NOP },
		{ .opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = IORING_OP_WRITE },
		{ .opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED, .sqe_flags = IOSQE_IO_LINK },
		{ .opcode = IORING_RESTRICTION_REGISTER_OP,
		  .register_op = IORING_REGISTER_PROBE },
		{ .opcode = IORING_RESTRICTION_REGISTER_OP,
		  .register_op = IORING_REGISTER_EVENTFD },
	};
	struct io_uring ring;
	struct io_uring_probe *probe;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char buf[8] = "abcdefg";
	int pfd[2], files[1], ret;

	CHECK(pipe(pfd) == 0);
	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));

	CHECK_EQ(io_uring_register_restrictions(&ring, res, 5), 0);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 5), -EBUSY);

	/* a disabled ring runs nothing: the SQE stays queued */
	sqe = GET_SQE(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 1;
	ret = io_uring_submit(&ring);
	CHECK_EQ(ret, -EBADFD);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);

	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	/* from now on register opcodes are restricted too: these two are not allowed */
	CHECK_EQ(io_uring_enable_rings(&ring), -EACCES);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 5), -EACCES);

	/* the NOP queued while disabled now runs */
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(reap(&ring, 1), 0);

	/* allowed opcode, allowed flag */
	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0, 2), 0);
	CHECK_EQ(submit_one(&ring, IORING_OP_WRITE, pfd[1], buf, 4, 0, 3), 4);
	/* a disallowed opcode fails with -EACCES and does nothing */
	CHECK_EQ(submit_one(&ring, IORING_OP_READ, pfd[0], buf, 4, 0, 4), -EACCES);
	CHECK_EQ(read(pfd[0], buf, sizeof(buf)), 4);	/* the 4 bytes are still there */
	CHECK_EQ(submit_one(&ring, IORING_OP_POLL_ADD, pfd[0], NULL, 0, 0, 5), -EACCES);
	/* a flag outside SQE_FLAGS_ALLOWED fails the same way, even on an allowed opcode */
	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, IOSQE_IO_DRAIN, 6), -EACCES);
	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, IOSQE_ASYNC, 7), -EACCES);

	/* register opcodes: PROBE and EVENTFD allowed, the rest -EACCES */
	probe = io_uring_get_probe_ring(&ring);
	CHECK(probe != NULL);
	CHECK(io_uring_opcode_supported(probe, IORING_OP_NOP));
	io_uring_free_probe(probe);
	CHECK_EQ(io_uring_register_eventfd(&ring, -1), -EBADF);	/* allowed: reaches the kernel check */
	files[0] = pfd[0];
	CHECK_EQ(io_uring_register_files(&ring, files, 1), -EACCES);
	CHECK_EQ(io_uring_register_personality(&ring), -EACCES);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), -EACCES);
	{
		unsigned int vals[2] = { 0, 0 };

		CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), -EACCES);
	}

	io_uring_queue_exit(&ring);
	close(pfd[0]);
	close(pfd[1]);
}

/* SQE_FLAGS_REQUIRED: every SQE must carry the flag. */
static void test_required_flags(void)
{
	struct io_uring_restriction res[3] = {
		{ .opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = IORING_OP_NOP },
		{ .opcode = IORING_RESTRICTION_SQE_FLAGS_REQUIRED, .sqe_flags = IOSQE_IO_LINK },
		{ .opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED, .sqe_flags = IOSQE_IO_LINK },
	};
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int i;

	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 3), 0);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);

	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0, 1), -EACCES);
	/* a linked pair, both with IO_LINK (the last link of a chain just ends it) */
	for (i = 0; i < 2; i++) {
		sqe = GET_SQE(&ring);
		io_uring_prep_nop(sqe);
		sqe->flags = IOSQE_IO_LINK;
		sqe->user_data = 10 + i;
	}
	CHECK_EQ(io_uring_submit(&ring), 2);
	for (i = 0; i < 2; i++) {
		WAIT_CQE(&ring, &cqe, 2000);
		CHECK_EQ(cqe->user_data, 10 + i);
		CHECK_EQ(cqe->res, 0);
		io_uring_cqe_seen(&ring, cqe);
	}
	/* no register opcode was allowed: every registration is refused */
	CHECK_EQ(io_uring_register_personality(&ring), -EACCES);
	CHECK(io_uring_get_probe_ring(&ring) == NULL);
	io_uring_queue_exit(&ring);
}

static void test_bad_input(void)
{
	struct io_uring_restriction res[2] = {
		{ .opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = IORING_OP_NOP },
	};
	struct io_uring ring, plain;

	CHECK_OK(io_uring_queue_init(8, &plain, 0));
	/* only a disabled ring takes restrictions or can be enabled */
	CHECK_EQ(io_uring_register_restrictions(&plain, res, 1), -EBADFD);
	CHECK_EQ(io_uring_enable_rings(&plain), -EBADFD);
	io_uring_queue_exit(&plain);

	/* an empty set is accepted: once enabled, nothing at all is allowed */
	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 0), 0);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 1), -EBUSY);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0, 9), -EACCES);
	CHECK_EQ(io_uring_register_personality(&ring), -EACCES);
	io_uring_queue_exit(&ring);

	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	CHECK_EQ(io_uring_register_restrictions(&ring, NULL, 1), -EINVAL);
	/* more entries than IORING_MAX_RESTRICTIONS (checked before reading them) */
	CHECK_EQ(io_uring_register_restrictions(&ring, res,
			IORING_RESTRICTION_LAST + IORING_REGISTER_LAST + IORING_OP_LAST + 1), -EINVAL);
	CHECK_EQ(io_uring_register_restrictions(&ring, (void *) 8, 1), -EFAULT);
	res[1].opcode = IORING_RESTRICTION_LAST;	/* unknown restriction */
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EINVAL);
	res[1].opcode = IORING_RESTRICTION_SQE_OP;
	res[1].sqe_op = IORING_OP_LAST;
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EINVAL);
	res[1].opcode = IORING_RESTRICTION_REGISTER_OP;
	res[1].register_op = IORING_REGISTER_LAST;
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EINVAL);
	/* a failed attempt leaves no restriction: a good set is still accepted */
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 1), 0);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	CHECK_EQ(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0, 1), 0);
	io_uring_queue_exit(&ring);

	/* R_DISABLED without restrictions: enabling gives an unrestricted ring */
	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	CHECK_EQ(submit_one(&ring, IORING_OP_TIMEOUT_REMOVE, -1, NULL, 0, 0, 2), -ENOENT);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	int fds_before;

	t_init();
	fds_before = t_count_fds();
	test_restricted();
	test_required_flags();
	test_bad_input();
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
