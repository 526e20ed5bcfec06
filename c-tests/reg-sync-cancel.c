/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_sync_cancel: cancel armed polls synchronously, by
 * user_data, by fd, by fixed fd, all at once; what is not there gives -ENOENT;
 * bad arguments are refused.
 */
#include <poll.h>
#include "test.h"

static void arm_poll(struct io_uring *ring, int fd, __u64 ud, int fixed)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(IORING_OP_POLL_ADD, sqe, fd, NULL, 0, 0);
	sqe->poll32_events = POLLIN;
	if (fixed)
		sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = ud;
	CHECK_EQ(io_uring_submit(ring), 1);
}

/* The canceled poll's CQE: user_data @ud, res -ECANCELED. */
static void expect_canceled(struct io_uring *ring, __u64 ud)
{
	struct io_uring_cqe *cqe;

	WAIT_CQE(ring, &cqe, 2000);
	if (cqe->user_data != ud || cqe->res != -ECANCELED)
		FAIL("expected CQE user_data %llu res -ECANCELED, got user_data %llu res %d",
		     (unsigned long long) ud, (unsigned long long) cqe->user_data, cqe->res);
	io_uring_cqe_seen(ring, cqe);
}

static struct io_uring_sync_cancel_reg reg_for(__u64 addr, int fd, __u32 flags)
{
	struct io_uring_sync_cancel_reg r;

	memset(&r, 0, sizeof(r));
	r.addr = addr;
	r.fd = fd;
	r.flags = flags;
	r.timeout.tv_sec = -1;	/* no timeout */
	r.timeout.tv_nsec = -1;
	return r;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_sync_cancel_reg r;
	int fds_before, p1[2], p2[2], files[2];

	t_init();
	fds_before = t_count_fds();
	CHECK(pipe(p1) == 0 && pipe(p2) == 0);
	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	/* nothing armed yet */
	r = reg_for(0x100, -1, 0);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -ENOENT);

	/* by user_data: only the matching poll goes */
	arm_poll(&ring, p1[0], 0x100, 0);
	arm_poll(&ring, p2[0], 0x200, 0);
	EXPECT_CQ_EMPTY(&ring);
	r = reg_for(0x100, -1, 0);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);
	expect_canceled(&ring, 0x100);	/* posted by the time the call returns */
	EXPECT_CQ_EMPTY(&ring);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -ENOENT);

	/* the other poll is still armed and fires normally */
	CHECK(write(p2[1], "x", 1) == 1);
	{
		struct io_uring_cqe *cqe;

		WAIT_CQE(&ring, &cqe, 2000);
		CHECK_EQ(cqe->user_data, 0x200);
		CHECK(cqe->res & POLLIN);
		io_uring_cqe_seen(&ring, cqe);
	}
	{
		char c;

		CHECK(read(p2[0], &c, 1) == 1);
	}

	/* by fd */
	arm_poll(&ring, p1[0], 0x300, 0);
	arm_poll(&ring, p2[0], 0x400, 0);
	r = reg_for(0, p2[0], IORING_ASYNC_CANCEL_FD);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);
	expect_canceled(&ring, 0x400);
	EXPECT_CQ_EMPTY(&ring);

	/* everything: returns how many were canceled */
	arm_poll(&ring, p1[0], 0x500, 0);
	arm_poll(&ring, p2[0], 0x600, 0);
	r = reg_for(0, -1, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 3);	/* 0x300, 0x500, 0x600 */
	{
		struct io_uring_cqe *cqe;
		int i, seen = 0;

		for (i = 0; i < 3; i++) {
			WAIT_CQE(&ring, &cqe, 2000);
			CHECK_EQ(cqe->res, -ECANCELED);
			if (cqe->user_data == 0x300)
				seen |= 1;
			else if (cqe->user_data == 0x500)
				seen |= 2;
			else if (cqe->user_data == 0x600)
				seen |= 4;
			io_uring_cqe_seen(&ring, cqe);
		}
		CHECK_EQ(seen, 7);
	}
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);	/* none left: 0 canceled */

	/* by fixed fd */
	files[0] = p1[0];
	files[1] = p2[0];
	CHECK_EQ(io_uring_register_files(&ring, files, 2), 0);
	arm_poll(&ring, 0, 0x700, 1);
	arm_poll(&ring, 1, 0x800, 1);
	r = reg_for(0, 1, IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_FD_FIXED);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);
	expect_canceled(&ring, 0x800);
	r = reg_for(0, 0, IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_FD_FIXED);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);
	expect_canceled(&ring, 0x700);
	r = reg_for(0, 5, IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_FD_FIXED);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EBADF);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);

	/* bad arguments */
	arm_poll(&ring, p1[0], 0x900, 0);
	r = reg_for(0x900, -1, 0);
	r.pad[0] = 1;
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EINVAL);
	r = reg_for(0x900, -1, 0);
	r.pad2[2] = 1;
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EINVAL);
	r = reg_for(0x900, -1, 1U << 31);	/* unknown flag */
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EINVAL);
	r = reg_for(0, 1 << 30, IORING_ASYNC_CANCEL_FD);	/* fd not open */
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EBADF);
	r = reg_for(0, 0, IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_FD_FIXED);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), -EBADF);	/* no file table */
	CHECK_EQ(io_uring_register_sync_cancel(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, (void *) 8), -EFAULT);
	EXPECT_CQ_EMPTY(&ring);
	/* none of that touched the armed poll */
	r = reg_for(0x900, -1, 0);
	CHECK_EQ(io_uring_register_sync_cancel(&ring, &r), 0);
	expect_canceled(&ring, 0x900);

	io_uring_queue_exit(&ring);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
