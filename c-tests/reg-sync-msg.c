/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_sync_msg: a MSG_RING request sent without a source ring
 * posts a CQE (user_data = data, res = len) on the target ring; bad targets and
 * bad requests are refused.
 */
#include <fcntl.h>
#include "test.h"

/* An SQE on the stack, as io_uring_prep_msg_ring() fills it. */
static void prep_msg(struct io_uring_sqe *sqe, int fd, unsigned len, __u64 data)
{
	memset(sqe, 0, sizeof(*sqe));
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = 0;
}

#define expect_msg(r, d, l, f) t_expect_msg((r), (d), (l), (f), __LINE__)
static void t_expect_msg(struct io_uring *ring, __u64 data, int len, __u32 flags, int line)
{
	struct io_uring_cqe *cqe;

	t_wait_cqe(ring, &cqe, 2000, __FILE__, line);
	if (cqe->user_data != data || cqe->res != len || cqe->flags != flags)
		t_fail(__FILE__, line, "target CQE: expected user_data 0x%llx res %d flags 0x%x, got 0x%llx %d 0x%x",
		     (unsigned long long) data, len, flags,
		     (unsigned long long) cqe->user_data, cqe->res, cqe->flags);
	io_uring_cqe_seen(ring, cqe);
}

int main(void)
{
	struct io_uring target;
	struct io_uring_sqe sqe;
	int fds_before, ret, nullfd;

	t_init();
	fds_before = t_count_fds();

	/* an unmapped SQE: -EFAULT if the kernel knows the opcode, -EINVAL if not */
	ret = io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, (void *) 8, 1);
	if (ret == -EINVAL || ret == -EBADF)
		t_skip("IORING_REGISTER_SEND_MSG_RING not supported (kernel < 6.13): %d", ret);
	CHECK_EQ(ret, -EFAULT);

	CHECK_OK(io_uring_queue_init(8, &target, 0));

	prep_msg(&sqe, target.ring_fd, 0x77, 0xdeadbeefcafeULL);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	expect_msg(&target, 0xdeadbeefcafeULL, 0x77, 0);
	EXPECT_CQ_EMPTY(&target);

	/* several, in order */
	prep_msg(&sqe, target.ring_fd, 1, 11);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	prep_msg(&sqe, target.ring_fd, 2, 22);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	expect_msg(&target, 11, 1, 0);
	expect_msg(&target, 22, 2, 0);

	/* IORING_MSG_RING_FLAGS_PASS carries sqe->file_index into cqe->flags */
	prep_msg(&sqe, target.ring_fd, 3, 33);
	sqe.msg_ring_flags = IORING_MSG_RING_FLAGS_PASS;
	sqe.file_index = 0x12300000;	/* high bits: no meaning for the library */
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	expect_msg(&target, 33, 3, 0x12300000);

	/* bad targets */
	prep_msg(&sqe, 1 << 30, 1, 1);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EBADF);
	nullfd = open("/dev/null", O_RDONLY);
	CHECK(nullfd >= 0);
	prep_msg(&sqe, nullfd, 1, 1);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EBADFD);
	close(nullfd);
	/* a fixed-file target makes no sense without a source ring */
	prep_msg(&sqe, 0, 1, 1);
	sqe.flags = IOSQE_FIXED_FILE;
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EINVAL);

	/* bad requests */
	prep_msg(&sqe, target.ring_fd, 1, 1);
	sqe.opcode = IORING_OP_NOP;
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EINVAL);
	prep_msg(&sqe, target.ring_fd, 1, 1);
	sqe.addr = IORING_MSG_SEND_FD;	/* passing files needs a source ring */
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EINVAL);
	prep_msg(&sqe, target.ring_fd, 1, 1);
	sqe.msg_ring_flags = 1U << 30;	/* unknown flag */
	CHECK_EQ(io_uring_register_sync_msg(&sqe), -EINVAL);
	CHECK_EQ(io_uring_register_sync_msg(NULL), -EINVAL);
	EXPECT_CQ_EMPTY(&target);

	/* a target whose fd was replaced by a registered index cannot be reached by fd */
	if (target.features & IORING_FEAT_REG_REG_RING) {
		int fd = target.ring_fd;

		CHECK_EQ(io_uring_register_ring_fd(&target), 1);
		prep_msg(&sqe, fd, 4, 44);
		CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);	/* still open */
		expect_msg(&target, 44, 4, 0);
		CHECK_EQ(io_uring_close_ring_fd(&target), 1);
		prep_msg(&sqe, fd, 4, 44);
		CHECK_EQ(io_uring_register_sync_msg(&sqe), -EBADF);
		EXPECT_CQ_EMPTY(&target);
	}

	io_uring_queue_exit(&target);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
