/* SPDX-License-Identifier: MIT */
/*
 * Timeout and cancellation helpers against the kernel:
 * - timeout fires with -ETIME, or completes with 0 once `count` other
 *   requests completed;
 * - timeout_remove: the timeout ends with -ECANCELED, the removal with 0;
 *   an unknown one gives -ENOENT;
 * - timeout_update: a 10 s timeout re-armed to 10 ms fires at once (-ETIME);
 *   an unknown one gives -ENOENT;
 * - link_timeout: cancels a linked poll that does not finish (-ECANCELED for
 *   the poll, -ETIME for the timeout), and is itself cancelled when the
 *   linked request completes first;
 * - cancel64 / cancel (64-bit and pointer user_data), IORING_ASYNC_CANCEL_ALL,
 *   cancel_fd (plain and IORING_ASYNC_CANCEL_FD_FIXED), -ENOENT when nothing
 *   matches, and -EALREADY for a request already running in an io-wq worker
 *   (a blocking open of a FIFO).
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include "test.h"

static struct io_uring ring;

/* Queue a poll for POLLIN on @fd; the SQE is returned for extra flags. */
static struct io_uring_sqe *poll_on(int fd, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_poll_add(sqe, fd, POLLIN);
	sqe->user_data = ud;
	return sqe;
}

static void timeout(struct __kernel_timespec *ts, unsigned count, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_timeout(sqe, ts, count, 0);
	sqe->user_data = ud;
}

static void timeout_remove(__u64 target, unsigned flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_timeout_remove(sqe, target, flags);
	sqe->user_data = ud;
}

static void timeout_update(struct __kernel_timespec *ts, __u64 target, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_timeout_update(sqe, ts, target, 0);
	sqe->user_data = ud;
}

static void link_timeout(struct __kernel_timespec *ts, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_link_timeout(sqe, ts, 0);
	sqe->user_data = ud;
}

static void cancel64(__u64 target, int flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_cancel64(sqe, target, flags);
	sqe->user_data = ud;
}

static void cancel_fd(int fd, unsigned flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_cancel_fd(sqe, fd, flags);
	sqe->user_data = ud;
}

static void test_timeout(void)
{
	struct __kernel_timespec ts = t_ts_ms(10), lng = t_ts_ms(10000);
	struct t_cqe d[3];

	timeout(&ts, 0, 1);
	EXPECT_CQE(&ring, 1, 1, -ETIME);

	/* count 2: done (res 0) after two NOPs */
	timeout(&lng, 2, 2);
	PREP_NOPS(&ring, 3, 2);
	COLLECT(&ring, 3, d, 3);
	CHECK_EQ(FIND_CQE(d, 3, 2)->res, 0);
	CHECK_EQ(FIND_CQE(d, 3, 3)->res, 0);
	CHECK_EQ(FIND_CQE(d, 3, 4)->res, 0);
}

static void test_timeout_remove_update(void)
{
	struct __kernel_timespec lng = t_ts_ms(10000), shrt = t_ts_ms(10);

	timeout(&lng, 0, 0xdead00000010ULL);
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);
	timeout_remove(0xdead00000010ULL, 0, 11);
	EXPECT_CQE2(&ring, 1, 0xdead00000010ULL, -ECANCELED, 11, 0);

	timeout_remove(0x10, 0, 12);
	EXPECT_CQE(&ring, 1, 12, -ENOENT);

	/* update: a 10 s timeout becomes 10 ms and fires within our 5 s bound */
	timeout(&lng, 0, 0xfeed00000020ULL);
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 20);
	timeout_update(&shrt, 0xfeed00000020ULL, 21);
	EXPECT_CQE2(&ring, 1, 21, 0, 0xfeed00000020ULL, -ETIME);

	timeout_update(&shrt, 0x20, 22);
	EXPECT_CQE(&ring, 1, 22, -ENOENT);

	/* an unknown timeout flag is refused */
	timeout_remove(0x10, 0x80000000U, 23);
	EXPECT_CQE(&ring, 1, 23, -EINVAL);
}

static void test_link_timeout(int p[2])
{
	struct __kernel_timespec shrt = t_ts_ms(20), lng = t_ts_ms(10000);
	struct io_uring_sqe *sqe;
	struct t_cqe d[2];
	char c;

	/* the poll never fires: the link timeout cancels it */
	poll_on(p[0], 30)->flags |= IOSQE_IO_LINK;
	link_timeout(&shrt, 31);
	EXPECT_CQE2(&ring, 2, 30, -ECANCELED, 31, -ETIME);

	/* the linked request completes first: the link timeout is cancelled */
	sqe = GET_SQE(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 32;
	sqe->flags |= IOSQE_IO_LINK;
	link_timeout(&lng, 33);
	EXPECT_CQE2(&ring, 2, 32, 0, 33, -ECANCELED);

	/* the poll fires before its 10 s link timeout */
	CHECK_EQ(write(p[1], "l", 1), 1);
	poll_on(p[0], 34)->flags |= IOSQE_IO_LINK;
	link_timeout(&lng, 35);
	COLLECT(&ring, 2, d, 2);
	CHECK(FIND_CQE(d, 2, 34)->res & POLLIN);
	CHECK_EQ(FIND_CQE(d, 2, 35)->res, -ECANCELED);
	CHECK_EQ(read(p[0], &c, 1), 1);

	/* a link timeout that follows no linked request is invalid */
	link_timeout(&lng, 36);
	EXPECT_CQE(&ring, 1, 36, -EINVAL);
}

static void test_cancel(int p[2])
{
	struct io_uring_sqe *sqe;
	struct t_cqe d[4];
	static int marker;
	int files[1];

	/* cancel64 with a full 64-bit user_data */
	poll_on(p[0], 0x8000000000000040ULL);
	CHECK_EQ(io_uring_submit(&ring), 1);
	cancel64(0x40, 0, 41);
	EXPECT_CQE(&ring, 1, 41, -ENOENT);
	cancel64(0x8000000000000040ULL, 0, 42);
	EXPECT_CQE2(&ring, 1, 0x8000000000000040ULL, -ECANCELED, 42, 0);

	/* cancel with a pointer user_data */
	sqe = GET_SQE(&ring);
	io_uring_prep_poll_add(sqe, p[0], POLLIN);
	io_uring_sqe_set_data(sqe, &marker);
	CHECK_EQ(io_uring_submit(&ring), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_cancel(sqe, &marker, 0);
	sqe->user_data = 43;
	EXPECT_CQE2(&ring, 1, (__u64) (uintptr_t) &marker, -ECANCELED, 43, 0);

	/* IORING_ASYNC_CANCEL_ALL: every match; without it, one */
	poll_on(p[0], 50);
	poll_on(p[0], 50);
	CHECK_EQ(io_uring_submit(&ring), 2);
	cancel64(50, IORING_ASYNC_CANCEL_ALL, 51);
	COLLECT(&ring, 1, d, 3);
	CHECK_EQ(FIND_CQE(d, 3, 51)->res, 2);
	CHECK_EQ(d[0].ud + d[1].ud + d[2].ud, 50 + 50 + 51);
	CHECK(d[0].ud == 51 || d[0].res == -ECANCELED);
	CHECK(d[1].ud == 51 || d[1].res == -ECANCELED);
	CHECK(d[2].ud == 51 || d[2].res == -ECANCELED);

	/* cancel_fd: all requests on the pipe's read end */
	poll_on(p[0], 60);
	poll_on(p[0], 61);
	poll_on(p[1], 62);	/* POLLIN on the write end: never fires */
	CHECK_EQ(io_uring_submit(&ring), 3);
	EXPECT_NO_CQE(&ring, 20);
	cancel_fd(p[0], IORING_ASYNC_CANCEL_ALL, 63);
	COLLECT(&ring, 1, d, 3);
	CHECK_EQ(FIND_CQE(d, 3, 63)->res, 2);
	CHECK_EQ(FIND_CQE(d, 3, 60)->res, -ECANCELED);
	CHECK_EQ(FIND_CQE(d, 3, 61)->res, -ECANCELED);
	cancel_fd(p[0], 0, 64);
	EXPECT_CQE(&ring, 1, 64, -ENOENT);
	cancel_fd(p[1], 0, 65);
	EXPECT_CQE2(&ring, 1, 65, 0, 62, -ECANCELED);

	/* cancel_fd on a registered file */
	files[0] = p[0];
	CHECK_EQ(io_uring_register_files(&ring, files, 1), 0);
	poll_on(0, 70)->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(io_uring_submit(&ring), 1);
	cancel_fd(0, IORING_ASYNC_CANCEL_FD_FIXED, 71);
	EXPECT_CQE2(&ring, 1, 71, 0, 70, -ECANCELED);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
}

/*
 * A request running in an io-wq worker cannot be taken back: cancelling it
 * answers -EALREADY (the kernel then interrupts the worker). A blocking
 * open of a FIFO with no writer stays running until we open the other end.
 */
static void test_cancel_running(void)
{
	char dir[] = "/tmp/prep-timeout.XXXXXX", fifo[64];
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	struct __kernel_timespec ts;
	int res_open = 1, res_cancel = 1, i, ret, wfd = -1;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);

	sqe = GET_SQE(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, fifo, O_RDONLY, 0);
	sqe->flags |= IOSQE_ASYNC;
	sqe->user_data = 80;
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 200);	/* give the worker time to start the open */

	cancel64(80, 0, 81);
	CHECK_EQ(io_uring_submit(&ring), 1);

	for (i = 0; i < 2; i++) {
		ts = t_ts_ms(1000);
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		if (ret == -ETIME && wfd < 0) {
			/* the open was not interrupted: release it */
			wfd = open(fifo, O_WRONLY | O_NONBLOCK);
			CHECK(wfd >= 0);
			i--;
			continue;
		}
		CHECK_EQ(ret, 0);
		if (cqe->user_data == 80)
			res_open = cqe->res;
		else if (cqe->user_data == 81)
			res_cancel = cqe->res;
		else
			FAIL("unexpected CQE user_data %llu", (unsigned long long) cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
	}
	if (res_cancel == 0) {
		/* still queued when the cancel came: that too is a valid answer */
		CHECK_EQ(res_open, -ECANCELED);
		t_skip_part("cancel -EALREADY: the open had not started running yet");
	} else {
		CHECK_EQ(res_cancel, -EALREADY);
		if (res_open >= 0)
			close(res_open);
		else if (res_open != -EINTR && res_open != -ECANCELED &&
			 res_open != -512 /* ERESTARTSYS, as io-wq reports it */)
			FAIL("interrupted open ended with %d", res_open);
	}
	if (wfd >= 0)
		close(wfd);
	unlink(fifo);
	rmdir(dir);
}

int main(void)
{
	int p[2];

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	CHECK(pipe(p) == 0);

	test_timeout();
	test_timeout_remove_update();
	test_link_timeout(p);
	test_cancel(p);
	test_cancel_running();

	close(p[0]);
	close(p[1]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
