/* SPDX-License-Identifier: MIT */
/*
 * Basic operations end to end: read / write / readv / writev on a temporary
 * file (data checked with pread(2) and read back through io_uring), timeout
 * (-ETIME, and count-satisfied 0), a poll on a pipe cancelled by a linked
 * timeout (-ECANCELED; the timeout reports -ETIME or -EALREADY), a poll
 * cancelled with io_uring_prep_cancel / io_uring_prep_cancel64 (-ECANCELED for
 * the poll, 0 for the cancel, -ENOENT for an unknown target), a poll that
 * completes with data, and io_uring_prep_socket (returns a socket fd).
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include "test.h"

#define BS 4096

/* Submit the one prepared SQE (user_data @ud), return its res. */
static int one(struct io_uring *ring, __u64 ud)
{
	return RUN_ONE(ring, ud, 5000, NULL);
}

/* Queue a poll for POLLIN on @fd (user_data @ud); the SQE is returned. */
static struct io_uring_sqe *poll_on(struct io_uring *ring, int fd, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_poll_add(sqe, fd, POLLIN);
	sqe->user_data = ud;
	return sqe;
}

/* A poll on @fd (user_data @ud) linked to a @ts link timeout (@ud + 1). */
static void poll_linked(struct io_uring *ring, int fd, __u64 ud,
			struct __kernel_timespec *ts)
{
	struct io_uring_sqe *sqe;

	poll_on(ring, fd, ud)->flags |= IOSQE_IO_LINK;
	sqe = GET_SQE(ring);
	io_uring_prep_link_timeout(sqe, ts, 0);
	sqe->user_data = ud + 1;
}

static void fill(unsigned char *p, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char) (seed * 31 + i * 7 + (i >> 8));
}

static void test_file_rw(struct io_uring *ring)
{
	static unsigned char wbuf[4 * BS], rbuf[4 * BS], sysbuf[4 * BS];
	struct iovec iov[3];
	struct io_uring_sqe *sqe;
	int fd;

	fd = t_tmpfile();

	/* write, then check with pread(2) and read back with io_uring */
	fill(wbuf, BS, 1);
	sqe = GET_SQE(ring);
	io_uring_prep_write(sqe, fd, wbuf, BS, 0);
	sqe->user_data = 1;
	CHECK_EQ(one(ring, 1), BS);
	CHECK_EQ(pread(fd, sysbuf, BS, 0), BS);
	CHECK(!memcmp(sysbuf, wbuf, BS));

	memset(rbuf, 0, sizeof(rbuf));
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fd, rbuf, BS, 0);
	sqe->user_data = 2;
	CHECK_EQ(one(ring, 2), BS);
	CHECK(!memcmp(rbuf, wbuf, BS));

	/* offset read of part of the data */
	memset(rbuf, 0, sizeof(rbuf));
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fd, rbuf, 100, 1000);
	sqe->user_data = 3;
	CHECK_EQ(one(ring, 3), 100);
	CHECK(!memcmp(rbuf, wbuf + 1000, 100));

	/* writev of three uneven pieces at offset BS */
	fill(wbuf, 3 * BS, 2);
	iov[0].iov_base = wbuf;
	iov[0].iov_len = 100;
	iov[1].iov_base = wbuf + 100;
	iov[1].iov_len = 2 * BS;
	iov[2].iov_base = wbuf + 100 + 2 * BS;
	iov[2].iov_len = BS - 100;
	sqe = GET_SQE(ring);
	io_uring_prep_writev(sqe, fd, iov, 3, BS);
	sqe->user_data = 4;
	CHECK_EQ(one(ring, 4), 3 * BS);
	CHECK_EQ(pread(fd, sysbuf, 3 * BS, BS), 3 * BS);
	CHECK(!memcmp(sysbuf, wbuf, 3 * BS));

	/* readv with a different split */
	memset(rbuf, 0, sizeof(rbuf));
	iov[0].iov_base = rbuf;
	iov[0].iov_len = BS + 1;
	iov[1].iov_base = rbuf + BS + 1;
	iov[1].iov_len = 7;
	iov[2].iov_base = rbuf + BS + 8;
	iov[2].iov_len = 2 * BS - 8;
	sqe = GET_SQE(ring);
	io_uring_prep_readv(sqe, fd, iov, 3, BS);
	sqe->user_data = 5;
	CHECK_EQ(one(ring, 5), 3 * BS);
	CHECK(!memcmp(rbuf, wbuf, 3 * BS));

	/* the file is 4 blocks long: a read past the end is short, then 0 */
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fd, rbuf, BS, 3 * BS + 10);
	sqe->user_data = 6;
	CHECK_EQ(one(ring, 6), BS - 10);
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fd, rbuf, BS, 8 * BS);
	sqe->user_data = 7;
	CHECK_EQ(one(ring, 7), 0);

	/* a linked write -> read chain sees the written data */
	fill(wbuf, BS, 3);
	memset(rbuf, 0, sizeof(rbuf));
	sqe = GET_SQE(ring);
	io_uring_prep_write(sqe, fd, wbuf, BS, 0);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = 8;
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fd, rbuf, BS, 0);
	sqe->user_data = 9;
	EXPECT_CQE2(ring, 2, 8, BS, 9, BS);
	CHECK(!memcmp(rbuf, wbuf, BS));
	close(fd);
}

static void test_timeout(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(20), longts = t_ts_ms(10000);
	struct io_uring_sqe *sqe;

	sqe = GET_SQE(ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	sqe->user_data = 100;
	CHECK_EQ(one(ring, 100), -ETIME);

	/* count 1: satisfied by a NOP completing, res 0, long before 10 s */
	sqe = GET_SQE(ring);
	io_uring_prep_timeout(sqe, &longts, 1, 0);
	sqe->user_data = 101;
	CHECK_EQ(io_uring_submit(ring), 1);
	sqe = GET_SQE(ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 102;
	EXPECT_CQE2(ring, 1, 101, 0, 102, 0);
}

static void test_link_timeout_poll(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(30);
	struct t_cqe d[2];
	int fds[2], res;

	CHECK_EQ(pipe(fds), 0);
	poll_linked(ring, fds[0], 200, &ts);
	COLLECT(ring, 2, d, 2);
	CHECK_EQ(FIND_CQE(d, 2, 200)->res, -ECANCELED);
	res = FIND_CQE(d, 2, 201)->res;
	if (res != -ETIME && res != -EALREADY)
		FAIL("link timeout res %d, expected -ETIME or -EALREADY", res);

	/* the poll fires first: poll gets the mask, the timeout -ECANCELED */
	ts = t_ts_ms(10000);
	CHECK_EQ(write(fds[1], "x", 1), 1);
	poll_linked(ring, fds[0], 202, &ts);
	COLLECT(ring, 2, d, 2);
	CHECK(FIND_CQE(d, 2, 202)->res & POLLIN);
	CHECK_EQ(FIND_CQE(d, 2, 203)->res, -ECANCELED);
	close(fds[0]);
	close(fds[1]);
}

static void test_cancel(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	int fds[2];

	CHECK_EQ(pipe(fds), 0);

	/* arm a poll, check it is pending, then cancel it by user_data */
	poll_on(ring, fds[0], 300);
	CHECK_EQ(io_uring_submit(ring), 1);
	EXPECT_NO_CQE(ring, 20);

	sqe = GET_SQE(ring);
	io_uring_prep_cancel(sqe, (void *) (uintptr_t) 300, 0);
	sqe->user_data = 301;
	EXPECT_CQE2(ring, 1, 300, -ECANCELED, 301, 0);

	/* the same with io_uring_prep_cancel64 and a full 64-bit user_data */
	poll_on(ring, fds[0], 0xfedcba9876543210ULL);
	CHECK_EQ(io_uring_submit(ring), 1);
	sqe = GET_SQE(ring);
	io_uring_prep_cancel64(sqe, 0xfedcba9876543210ULL, 0);
	sqe->user_data = 302;
	EXPECT_CQE2(ring, 1, 0xfedcba9876543210ULL, -ECANCELED, 302, 0);

	/* nothing to cancel: -ENOENT */
	sqe = GET_SQE(ring);
	io_uring_prep_cancel(sqe, (void *) (uintptr_t) 12345, 0);
	sqe->user_data = 303;
	CHECK_EQ(one(ring, 303), -ENOENT);

	/* a poll with data ready completes with POLLIN */
	CHECK_EQ(write(fds[1], "y", 1), 1);
	poll_on(ring, fds[0], 304);
	CHECK(one(ring, 304) & POLLIN);

	/* read the byte through io_uring */
	{
		char c = 0;

		sqe = GET_SQE(ring);
		io_uring_prep_read(sqe, fds[0], &c, 1, 0);
		sqe->user_data = 305;
		CHECK_EQ(one(ring, 305), 1);
		CHECK_EQ(c, 'y');
	}
	close(fds[0]);
	close(fds[1]);
}

static void test_socket(struct io_uring *ring)
{
	struct io_uring_probe *probe = io_uring_get_probe_ring(ring);
	struct io_uring_sqe *sqe;
	int fd;

	CHECK(probe != NULL);
	if (!io_uring_opcode_supported(probe, IORING_OP_SOCKET)) {
		io_uring_free_probe(probe);
		t_skip_part("no IORING_OP_SOCKET: prep_socket not tested");
		return;
	}
	io_uring_free_probe(probe);

	sqe = GET_SQE(ring);
	io_uring_prep_socket(sqe, AF_INET, SOCK_STREAM, 0, 0);
	sqe->user_data = 400;
	fd = one(ring, 400);
	if (fd < 0)
		FAIL("IORING_OP_SOCKET res %d, expected a descriptor", fd);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_DOMAIN), AF_INET);
	close(fd);

	sqe = GET_SQE(ring);
	io_uring_prep_socket(sqe, AF_INET6, SOCK_DGRAM, 0, 0);
	sqe->user_data = 401;
	fd = one(ring, 401);
	if (fd == -EAFNOSUPPORT) {
		t_skip_part("no IPv6: AF_INET6 socket not tested");
	} else {
		if (fd < 0)
			FAIL("IORING_OP_SOCKET (AF_INET6, DGRAM) res %d", fd);
		CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
		close(fd);
	}

	/* an invalid domain fails in the CQE */
	sqe = GET_SQE(ring);
	io_uring_prep_socket(sqe, 12345, SOCK_STREAM, 0, 0);
	sqe->user_data = 402;
	CHECK(one(ring, 402) < 0);
}

int main(void)
{
	struct io_uring ring;

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	test_file_rw(&ring);
	test_timeout(&ring);
	test_link_timeout_poll(&ring);
	test_cancel(&ring);
	test_socket(&ring);
	NOP_ROUNDTRIP(&ring, 999);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
