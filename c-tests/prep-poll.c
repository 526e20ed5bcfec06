/* SPDX-License-Identifier: MIT */
/*
 * Poll helpers against the kernel, on pipes: poll_add waits for readiness
 * and reports the ready events; poll_remove cancels (-ECANCELED for the
 * poll, 0 for the removal, -ENOENT for an unknown one); poll_multishot posts
 * one CQE per readiness with IORING_CQE_F_MORE until removed; poll_update
 * changes the user_data and/or the event mask of an armed poll.
 */
#include <poll.h>
#include "test.h"

static struct io_uring ring;

static void drain_pipe(int fd)
{
	char buf[64];

	CHECK(read(fd, buf, sizeof(buf)) > 0);
}

static void test_poll_add(int p[2])
{
	struct io_uring_sqe *sqe;
	struct t_cqe d[2];

	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[0], POLLIN);
	sqe->user_data = 1;
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 50);
	CHECK_EQ(write(p[1], "x", 1), 1);
	COLLECT(&ring, 0, d, 1);
	CHECK_EQ(d[0].ud, 1);
	CHECK(d[0].res & POLLIN);
	CHECK(!(d[0].flags & IORING_CQE_F_MORE));
	/* one-shot: more data posts nothing */
	CHECK_EQ(write(p[1], "y", 1), 1);
	EXPECT_NO_CQE(&ring, 30);
	drain_pipe(p[0]);

	/* the write end is writable at once */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[1], POLLOUT | POLLIN);
	sqe->user_data = 2;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].ud, 2);
	CHECK(d[0].res & POLLOUT);
	CHECK(!(d[0].res & POLLIN));

	/* a bad fd */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, 0x7fff, POLLIN);
	sqe->user_data = 3;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].res, -EBADF);
}

static void test_poll_remove(int p[2])
{
	struct io_uring_sqe *sqe;
	struct t_cqe d[2];

	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[0], POLLIN);
	sqe->user_data = 0x1122334455667788ULL;
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);

	sqe = GET_SQE(&ring);
	io_uring_prep_poll_remove(sqe, 0x1122334455667788ULL);
	sqe->user_data = 11;
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 0x1122334455667788ULL)->res, -ECANCELED);
	CHECK_EQ(FIND_CQE(d, 2, 11)->res, 0);

	/* unknown target; also a target differing only in the high 32 bits */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[0], POLLIN);
	sqe->user_data = 0x100000005ULL;
	CHECK_EQ(io_uring_submit(&ring), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_remove(sqe, 5);
	sqe->user_data = 12;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].ud, 12);
	CHECK_EQ(d[0].res, -ENOENT);
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_remove(sqe, 0x100000005ULL);
	sqe->user_data = 13;
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 0x100000005ULL)->res, -ECANCELED);
	CHECK_EQ(FIND_CQE(d, 2, 13)->res, 0);
}

static void test_multishot(int p[2])
{
	struct io_uring_sqe *sqe;
	struct t_cqe d[2];
	int i;

	sqe = GET_SQE(&ring);
	io_uring_prep_poll_multishot(sqe, p[0], POLLIN);
	sqe->user_data = 20;
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(write(p[1], "m", 1), 1);
		COLLECT(&ring, 0, d, 1);
		CHECK_EQ(d[0].ud, 20);
		CHECK(d[0].res & POLLIN);
		CHECK(d[0].flags & IORING_CQE_F_MORE);
		drain_pipe(p[0]);
	}
	EXPECT_NO_CQE(&ring, 20);

	sqe = GET_SQE(&ring);
	io_uring_prep_poll_remove(sqe, 20);
	sqe->user_data = 21;
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 20)->res, -ECANCELED);
	CHECK(!(FIND_CQE(d, 2, 20)->flags & IORING_CQE_F_MORE));
	CHECK_EQ(FIND_CQE(d, 2, 21)->res, 0);
	CHECK_EQ(write(p[1], "m", 1), 1);
	EXPECT_NO_CQE(&ring, 30);
	drain_pipe(p[0]);
}

static void test_update(int p[2])
{
	struct io_uring_sqe *sqe;
	struct t_cqe d[2];

	/* new user_data only */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[0], POLLIN);
	sqe->user_data = 30;
	CHECK_EQ(io_uring_submit(&ring), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_update(sqe, 30, 0xabcdef0123ULL, 0, IORING_POLL_UPDATE_USER_DATA);
	sqe->user_data = 31;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].ud, 31);
	CHECK_EQ(d[0].res, 0);
	CHECK_EQ(write(p[1], "u", 1), 1);
	COLLECT(&ring, 0, d, 1);
	CHECK_EQ(d[0].ud, 0xabcdef0123ULL);
	CHECK(d[0].res & POLLIN);
	drain_pipe(p[0]);

	/* new events only: POLLIN on the write end never fires, POLLOUT does */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[1], POLLIN);
	sqe->user_data = 32;
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_update(sqe, 32, 0, POLLOUT, IORING_POLL_UPDATE_EVENTS);
	sqe->user_data = 33;
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 33)->res, 0);
	CHECK(FIND_CQE(d, 2, 32)->res & POLLOUT);

	/* both at once */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[1], POLLIN);
	sqe->user_data = 34;
	CHECK_EQ(io_uring_submit(&ring), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_update(sqe, 34, 35, POLLOUT,
				  IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA);
	sqe->user_data = 36;
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 36)->res, 0);
	CHECK(FIND_CQE(d, 2, 35)->res & POLLOUT);

	/* unknown target */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_update(sqe, 999, 1000, 0, IORING_POLL_UPDATE_USER_DATA);
	sqe->user_data = 37;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].res, -ENOENT);
	/* a mask without IORING_POLL_UPDATE_EVENTS is refused */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_update(sqe, 999, 1000, POLLIN, IORING_POLL_UPDATE_USER_DATA);
	sqe->user_data = 38;
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].res, -EINVAL);
}

int main(void)
{
	int p[2], ret;

	t_init();
	ret = io_uring_queue_init(16, &ring, 0);
	if (ret)
		FAIL("io_uring_queue_init: %d", ret);
	CHECK(pipe(p) == 0);

	test_poll_add(p);
	test_poll_remove(p);
	test_multishot(p);
	test_update(p);

	close(p[0]);
	close(p[1]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
