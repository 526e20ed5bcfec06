/* SPDX-License-Identifier: MIT */
/*
 * epoll_ctl and epoll_wait against the kernel: ADD/MOD/DEL through io_uring
 * are seen by epoll_ctl(2)/epoll_wait(2) (and the reverse), errors come back
 * (-EEXIST, -ENOENT, -EINVAL, -EBADF); epoll_wait through io_uring waits for
 * readiness, returns the registered data, and honours maxevents.
 */
#include <sys/epoll.h>
#include "test.h"

static struct io_uring ring;

static int run(struct io_uring_sqe *sqe)
{
	return RUN_SQE(&ring, sqe, NULL);
}

static int ctl(int epfd, int fd, int op, struct epoll_event *ev)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_epoll_ctl(sqe, epfd, fd, op, ev);
	return run(sqe);
}

static void test_ctl(int epfd, int a[2], int b[2])
{
	struct epoll_event ev, out[4];

	ev.events = EPOLLIN;
	ev.data.u64 = 0xdeadbeefcafe0001ULL;
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_ADD, &ev), 0);
	/* the kernel has it: adding again fails, both ways */
	CHECK(epoll_ctl(epfd, EPOLL_CTL_ADD, a[0], &ev) == -1 && errno == EEXIST);
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_ADD, &ev), -EEXIST);

	CHECK_EQ(write(a[1], "a", 1), 1);
	CHECK_EQ(epoll_wait(epfd, out, 4, 0), 1);
	CHECK_EQ(out[0].data.u64, 0xdeadbeefcafe0001ULL);
	CHECK(out[0].events & EPOLLIN);

	/* MOD: new data, and EPOLLOUT on a read end never fires */
	ev.events = EPOLLOUT;
	ev.data.u64 = 2;
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_MOD, &ev), 0);
	CHECK_EQ(epoll_wait(epfd, out, 4, 0), 0);
	ev.events = EPOLLIN;
	ev.data.u64 = 3;
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_MOD, &ev), 0);
	CHECK_EQ(epoll_wait(epfd, out, 4, 0), 1);
	CHECK_EQ(out[0].data.u64, 3);

	/* DEL */
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_DEL, NULL), 0);
	CHECK_EQ(epoll_wait(epfd, out, 4, 0), 0);
	CHECK(epoll_ctl(epfd, EPOLL_CTL_DEL, a[0], NULL) == -1 && errno == ENOENT);
	CHECK_EQ(ctl(epfd, a[0], EPOLL_CTL_DEL, NULL), -ENOENT);
	CHECK_EQ(ctl(epfd, b[0], EPOLL_CTL_MOD, &ev), -ENOENT);

	/* errors: unknown op, bad fd, not an epoll fd */
	CHECK_EQ(ctl(epfd, a[0], 77, &ev), -EINVAL);
	CHECK_EQ(ctl(epfd, 0x7fff, EPOLL_CTL_ADD, &ev), -EBADF);
	CHECK_EQ(ctl(a[1], a[0], EPOLL_CTL_ADD, &ev), -EINVAL);

	{
		char c;

		CHECK_EQ(read(a[0], &c, 1), 1);
	}
}

static void test_wait(int epfd, int a[2], int b[2])
{
	struct epoll_event ev, out[4];
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = t_ts_ms(50);
	char buf[4];

	ev.events = EPOLLIN;
	ev.data.u64 = 0x1111222233334444ULL;
	CHECK(epoll_ctl(epfd, EPOLL_CTL_ADD, a[0], &ev) == 0);
	ev.data.u64 = 0x5555666677778888ULL;
	CHECK(epoll_ctl(epfd, EPOLL_CTL_ADD, b[0], &ev) == 0);

	/* nothing ready: the request waits */
	memset(out, 0, sizeof(out));
	sqe = GET_SQE(&ring);
	io_uring_prep_epoll_wait(sqe, epfd, out, 4, 0);
	sqe->user_data = 100;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK_EQ(write(b[1], "b", 1), 1);
	WAIT_CQE(&ring, &cqe, 5000);
	CHECK_EQ(cqe->user_data, 100);
	CHECK_EQ(cqe->res, 1);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(out[0].data.u64, 0x5555666677778888ULL);
	CHECK(out[0].events & EPOLLIN);

	/* both ready: maxevents 1 returns one, 4 returns two */
	CHECK_EQ(write(a[1], "a", 1), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_epoll_wait(sqe, epfd, out, 1, 0);
	CHECK_EQ(run(sqe), 1);
	memset(out, 0, sizeof(out));
	sqe = GET_SQE(&ring);
	io_uring_prep_epoll_wait(sqe, epfd, out, 4, 0);
	CHECK_EQ(run(sqe), 2);
	CHECK(out[0].data.u64 + out[1].data.u64 ==
	      0x1111222233334444ULL + 0x5555666677778888ULL);

	/* errors */
	sqe = GET_SQE(&ring);
	io_uring_prep_epoll_wait(sqe, epfd, out, 0, 0);
	CHECK_EQ(run(sqe), -EINVAL);
	sqe = GET_SQE(&ring);
	io_uring_prep_epoll_wait(sqe, a[0], out, 4, 0);
	CHECK_EQ(run(sqe), -EINVAL);

	CHECK_EQ(read(a[0], buf, 1), 1);
	CHECK_EQ(read(b[0], buf, 1), 1);
}

int main(void)
{
	int a[2], b[2], epfd, have_wait;

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	if (!t_op_supported(&ring, IORING_OP_EPOLL_CTL))
		t_skip("kernel lacks IORING_OP_EPOLL_CTL");
	have_wait = t_op_supported(&ring, IORING_OP_EPOLL_WAIT);

	epfd = epoll_create1(0);
	CHECK(epfd >= 0);
	CHECK(pipe(a) == 0);
	CHECK(pipe(b) == 0);

	test_ctl(epfd, a, b);
	if (have_wait)
		test_wait(epfd, a, b);
	else
		t_skip_part("epoll_wait: kernel lacks IORING_OP_EPOLL_WAIT");

	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(epfd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
