/* SPDX-License-Identifier: MIT */
/*
 * msg_ring between two rings against the kernel:
 * - msg_ring posts a CQE on the target with res = len and user_data = data
 *   (64-bit), the sender gets res 0;
 * - msg_ring_cqe_flags also sets the target CQE's flags;
 * - msg_ring_fd passes a fixed file to a given slot of the target ring (and
 *   the target can use it), msg_ring_fd_alloc to a slot the kernel picks
 *   (reported as the target CQE's res), IORING_MSG_RING_CQE_SKIP installs it
 *   without a target CQE;
 * - errors: a non-ring fd (-EBADFD), flags the data message does not take
 *   (-EINVAL), an empty source slot (-EBADF).
 */
#include "test.h"

static struct io_uring src, dst;

static int run_src(struct io_uring_sqe *sqe, __u64 ud)
{
	sqe->user_data = ud;
	return RUN_ONE(&src, ud, 5000, NULL);
}

static void dst_cqe(__u64 *ud, int *res, unsigned *flags)
{
	struct io_uring_cqe *cqe;

	WAIT_CQE(&dst, &cqe, 5000);
	*ud = cqe->user_data;
	*res = cqe->res;
	*flags = cqe->flags;
	io_uring_cqe_seen(&dst, cqe);
}

static void test_data(void)
{
	struct io_uring_sqe *sqe;
	unsigned flags;
	__u64 ud;
	int res, p[2];

	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring(sqe, dst.ring_fd, 0x1234, 0xabcdef0123456789ULL, 0);
	CHECK_EQ(run_src(sqe, 1), 0);
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 0xabcdef0123456789ULL);
	CHECK_EQ(res, 0x1234);
	CHECK_EQ(flags, 0);

	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_cqe_flags(sqe, dst.ring_fd, 77, 0x42, 0, 0x12340000U);
	CHECK_EQ(run_src(sqe, 2), 0);
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 0x42);
	CHECK_EQ(res, 77);
	CHECK_EQ(flags, 0x12340000U);

	/* a ring can message itself */
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring(sqe, src.ring_fd, 5, 0x55, 0);
	sqe->user_data = 3;
	CHECK_EQ(io_uring_submit(&src), 1);
	{
		struct io_uring_cqe *cqe;
		int i, seen = 0;

		for (i = 0; i < 2; i++) {
			WAIT_CQE(&src, &cqe, 5000);
			if (cqe->user_data == 3)
				CHECK_EQ(cqe->res, 0);
			else if (cqe->user_data == 0x55)
				CHECK_EQ(cqe->res, 5);
			else
				FAIL("unexpected user_data %llu",
				     (unsigned long long) cqe->user_data);
			seen |= cqe->user_data == 3 ? 1 : 2;
			io_uring_cqe_seen(&src, cqe);
		}
		CHECK_EQ(seen, 3);
	}

	/* errors: not a ring; CQE_SKIP is for fd passing only */
	CHECK(pipe(p) == 0);
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring(sqe, p[0], 1, 1, 0);
	CHECK_EQ(run_src(sqe, 4), -EBADFD);
	close(p[0]);
	close(p[1]);
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring(sqe, dst.ring_fd, 1, 1, IORING_MSG_RING_CQE_SKIP);
	CHECK_EQ(run_src(sqe, 5), -EINVAL);
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_cqe_flags(sqe, dst.ring_fd, 1, 1, IORING_MSG_RING_CQE_SKIP, 0);
	CHECK_EQ(run_src(sqe, 6), -EINVAL);
	EXPECT_NO_CQE(&dst, 30);
}

/* Write through fixed slot @slot of the target ring, read it from @rfd. */
static void check_dst_slot(int slot, int rfd, const char *msg)
{
	struct io_uring_sqe *sqe = GET_SQE(&dst);
	char buf[32] = { 0 };
	unsigned flags;
	__u64 ud;
	int res;

	io_uring_prep_write(sqe, slot, msg, strlen(msg), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 900;
	CHECK_EQ(io_uring_submit(&dst), 1);
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 900);
	CHECK_EQ(res, strlen(msg));
	CHECK_EQ(read(rfd, buf, sizeof(buf) - 1), (ssize_t) strlen(msg));
	CHECK(strcmp(buf, msg) == 0);
}

static void test_fd(void)
{
	struct io_uring_sqe *sqe;
	int p[2], files[2], res, slot;
	unsigned flags;
	__u64 ud;

	CHECK(pipe(p) == 0);
	files[0] = -1;
	files[1] = p[1];
	CHECK_EQ(io_uring_register_files(&src, files, 2), 0);
	CHECK_EQ(io_uring_register_files_sparse(&dst, 8), 0);
	close(p[1]);	/* only the fixed slot holds the write end now */

	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd(sqe, dst.ring_fd, 1, 3, 0x7777000000000001ULL, 0);
	CHECK_EQ(run_src(sqe, 10), 0);
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 0x7777000000000001ULL);
	CHECK_EQ(res, 0);
	check_dst_slot(3, p[0], "via slot 3");

	/* allocated slot: both sides' res is the slot */
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd_alloc(sqe, dst.ring_fd, 1, 0x7777000000000002ULL, 0);
	slot = run_src(sqe, 11);
	CHECK(slot >= 0 && slot < 8 && slot != 3);
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 0x7777000000000002ULL);
	CHECK_EQ(res, slot);
	check_dst_slot(slot, p[0], "via an allocated slot");

	/* msg_ring_fd with IORING_FILE_INDEX_ALLOC is the same as _alloc */
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd(sqe, dst.ring_fd, 1, IORING_FILE_INDEX_ALLOC, 0x33, 0);
	res = run_src(sqe, 12);
	CHECK(res >= 0 && res < 8 && res != 3 && res != slot);
	slot = res;
	dst_cqe(&ud, &res, &flags);
	CHECK_EQ(ud, 0x33);
	CHECK_EQ(res, slot);
	check_dst_slot(slot, p[0], "alloc again");

	/* CQE_SKIP: installed, but the target hears nothing */
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd(sqe, dst.ring_fd, 1, 6, 0x44, IORING_MSG_RING_CQE_SKIP);
	CHECK_EQ(run_src(sqe, 13), 0);
	EXPECT_NO_CQE(&dst, 30);
	check_dst_slot(6, p[0], "skipped CQE");

	/* an empty source slot; a target slot past the table */
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd(sqe, dst.ring_fd, 0, 4, 0x45, 0);
	CHECK_EQ(run_src(sqe, 14), -EBADF);
	sqe = GET_SQE(&src);
	io_uring_prep_msg_ring_fd(sqe, dst.ring_fd, 1, 8, 0x46, 0);
	CHECK_EQ(run_src(sqe, 15), -EINVAL);
	EXPECT_NO_CQE(&dst, 30);

	CHECK_EQ(io_uring_unregister_files(&src), 0);
	CHECK_EQ(io_uring_unregister_files(&dst), 0);
	close(p[0]);
}

int main(void)
{
	t_init();
	CHECK_EQ(io_uring_queue_init(8, &src, 0), 0);
	CHECK_EQ(io_uring_queue_init(8, &dst, 0), 0);
	if (!t_op_supported(&src, IORING_OP_MSG_RING))
		t_skip("kernel lacks IORING_OP_MSG_RING");

	test_data();
	test_fd();

	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
	return T_PASS;
}
