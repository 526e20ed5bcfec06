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

static void poll_add(int fd, unsigned events, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_poll_add(sqe, fd, events);
	sqe->user_data = ud;
}

static void poll_remove(__u64 target, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_poll_remove(sqe, target);
	sqe->user_data = ud;
}

static void poll_update(__u64 old_ud, __u64 new_ud, unsigned events,
			unsigned flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_poll_update(sqe, old_ud, new_ud, events, flags);
	sqe->user_data = ud;
}

static void test_poll_add(int p[2])
{
	struct t_cqe d[2];

	poll_add(p[0], POLLIN, 1);
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
	poll_add(p[1], POLLOUT | POLLIN, 2);
	COLLECT(&ring, 1, d, 1);
	CHECK_EQ(d[0].ud, 2);
	CHECK(d[0].res & POLLOUT);
	CHECK(!(d[0].res & POLLIN));

	/* a bad fd */
	poll_add(0x7fff, POLLIN, 3);
	EXPECT_CQE(&ring, 1, 3, -EBADF);
}

static void test_poll_remove(int p[2])
{
	poll_add(p[0], POLLIN, 0x1122334455667788ULL);
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);

	poll_remove(0x1122334455667788ULL, 11);
	EXPECT_CQE2(&ring, 1, 0x1122334455667788ULL, -ECANCELED, 11, 0);

	/* unknown target; also a target differing only in the high 32 bits */
	poll_add(p[0], POLLIN, 0x100000005ULL);
	CHECK_EQ(io_uring_submit(&ring), 1);
	poll_remove(5, 12);
	EXPECT_CQE(&ring, 1, 12, -ENOENT);
	poll_remove(0x100000005ULL, 13);
	EXPECT_CQE2(&ring, 1, 0x100000005ULL, -ECANCELED, 13, 0);
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

	poll_remove(20, 21);
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
	struct t_cqe d[2];

	/* new user_data only */
	poll_add(p[0], POLLIN, 30);
	CHECK_EQ(io_uring_submit(&ring), 1);
	poll_update(30, 0xabcdef0123ULL, 0, IORING_POLL_UPDATE_USER_DATA, 31);
	EXPECT_CQE(&ring, 1, 31, 0);
	CHECK_EQ(write(p[1], "u", 1), 1);
	COLLECT(&ring, 0, d, 1);
	CHECK_EQ(d[0].ud, 0xabcdef0123ULL);
	CHECK(d[0].res & POLLIN);
	drain_pipe(p[0]);

	/* new events only: POLLIN on the write end never fires, POLLOUT does */
	poll_add(p[1], POLLIN, 32);
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);
	poll_update(32, 0, POLLOUT, IORING_POLL_UPDATE_EVENTS, 33);
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 33)->res, 0);
	CHECK(FIND_CQE(d, 2, 32)->res & POLLOUT);

	/* both at once */
	poll_add(p[1], POLLIN, 34);
	CHECK_EQ(io_uring_submit(&ring), 1);
	poll_update(34, 35, POLLOUT,
		    IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA, 36);
	COLLECT(&ring, 1, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 36)->res, 0);
	CHECK(FIND_CQE(d, 2, 35)->res & POLLOUT);

	/* unknown target */
	poll_update(999, 1000, 0, IORING_POLL_UPDATE_USER_DATA, 37);
	EXPECT_CQE(&ring, 1, 37, -ENOENT);
	/* a mask without IORING_POLL_UPDATE_EVENTS is refused */
	poll_update(999, 1000, POLLIN, IORING_POLL_UPDATE_USER_DATA, 38);
	EXPECT_CQE(&ring, 1, 38, -EINVAL);
}

int main(void)
{
	int p[2];

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
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
