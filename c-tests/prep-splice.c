/* SPDX-License-Identifier: MIT */
/*
 * splice, tee and pipe against the kernel: splice file->pipe at an explicit
 * offset (the file position stays) and at -1 (the file position moves), at a
 * 64-bit offset, pipe->file, from a registered file (SPLICE_F_FD_IN_FIXED);
 * tee duplicates without consuming; pipe creates a working pipe with the
 * given flags; pipe_direct installs both ends in fixed slots (given and
 * allocated).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "test.h"

static struct io_uring ring;

/* Submit the one prepared SQE, wait (bounded) for its CQE, return res. */
static int run(struct io_uring_sqe *sqe)
{
	return RUN_SQE(&ring, sqe, NULL);
}

/* Read exactly @len bytes from pipe @fd (it holds them already) and compare. */
static void expect_pipe(int fd, const void *want, size_t len)
{
	char buf[1024];

	CHECK(len <= sizeof(buf));
	CHECK_EQ(read(fd, buf, len), (ssize_t) len);
	if (memcmp(buf, want, len))
		FAIL("pipe data differs");
}

static void expect_pipe_empty(int fd)
{
	char c;
	int fl = fcntl(fd, F_GETFL);

	CHECK(fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0);
	CHECK(read(fd, &c, 1) == -1 && errno == EAGAIN);
	CHECK(fcntl(fd, F_SETFL, fl) == 0);
}

static void test_splice(int fd, const char *data)
{
	struct io_uring_sqe *sqe;
	int p[2], files[2];
	char buf[64];

	CHECK(pipe(p) == 0);

	/* file -> pipe at offset 100: the file position does not move */
	CHECK(lseek(fd, 7, SEEK_SET) == 7);
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, fd, 100, p[1], -1, 200, 0);
	CHECK_EQ(run(sqe), 200);
	expect_pipe(p[0], data + 100, 200);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);

	/* off_in -1: from the file position, which advances */
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, fd, -1, p[1], -1, 50, 0);
	CHECK_EQ(run(sqe), 50);
	expect_pipe(p[0], data + 7, 50);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 57);

	/* pipe -> file at offset 3000 */
	CHECK_EQ(write(p[1], "spliced into file", 17), 17);
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, p[0], -1, fd, 3000, 17, 0);
	CHECK_EQ(run(sqe), 17);
	CHECK_EQ(pread(fd, buf, 17, 3000), 17);
	CHECK(memcmp(buf, "spliced into file", 17) == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 57);

	/* a pipe end with an offset other than -1 is refused */
	CHECK_EQ(write(p[1], "x", 1), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, p[0], 0, fd, 0, 1, 0);
	CHECK_EQ(run(sqe), -ESPIPE);
	expect_pipe(p[0], "x", 1);

	/* 64-bit input offset */
	CHECK_EQ(pwrite(fd, "far away", 8, (1LL << 32) + 10), 8);
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, fd, (1LL << 32) + 10, p[1], -1, 8, 0);
	CHECK_EQ(run(sqe), 8);
	expect_pipe(p[0], "far away", 8);

	/* fd_in as a registered file */
	files[0] = p[0];
	files[1] = fd;
	CHECK_EQ(io_uring_register_files(&ring, files, 2), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, 1, 0, p[1], -1, 30, SPLICE_F_FD_IN_FIXED);
	CHECK_EQ(run(sqe), 30);
	expect_pipe(p[0], data, 30);
	/* with the flag, fd_in is a slot index: slot 2 does not exist */
	sqe = GET_SQE(&ring);
	io_uring_prep_splice(sqe, 2, 0, p[1], -1, 30, SPLICE_F_FD_IN_FIXED);
	CHECK_EQ(run(sqe), -EBADF);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	expect_pipe_empty(p[0]);

	close(p[0]);
	close(p[1]);
}

static void test_tee(void)
{
	struct io_uring_sqe *sqe;
	int a[2], b[2];

	CHECK(pipe(a) == 0);
	CHECK(pipe(b) == 0);
	CHECK_EQ(write(a[1], "tee me please", 13), 13);

	sqe = GET_SQE(&ring);
	io_uring_prep_tee(sqe, a[0], b[1], 6, 0);
	CHECK_EQ(run(sqe), 6);
	expect_pipe(b[0], "tee me", 6);
	expect_pipe_empty(b[0]);
	/* the source still holds everything */
	expect_pipe(a[0], "tee me please", 13);

	/* tee from a non-pipe is refused */
	sqe = GET_SQE(&ring);
	io_uring_prep_tee(sqe, 0x7fff, b[1], 6, 0);
	CHECK_EQ(run(sqe), -EBADF);

	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static void check_fixed_pipe(int rslot, int wslot)
{
	struct io_uring_sqe *sqe;
	char buf[16] = { 0 };

	sqe = GET_SQE(&ring);
	io_uring_prep_write(sqe, wslot, "fixed pipe", 10, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(sqe), 10);
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, rslot, buf, sizeof(buf), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(sqe), 10);
	CHECK(memcmp(buf, "fixed pipe", 10) == 0);
}

static void test_pipe(void)
{
	struct io_uring_sqe *sqe;
	int fds[2] = { -1, -1 };

	if (!t_op_supported(&ring, IORING_OP_PIPE)) {
		t_skip_part("pipe/pipe_direct: kernel lacks IORING_OP_PIPE");
		return;
	}
	sqe = GET_SQE(&ring);
	io_uring_prep_pipe(sqe, fds, O_CLOEXEC);
	CHECK_EQ(run(sqe), 0);
	CHECK(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1]);
	CHECK(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
	CHECK(!(fcntl(fds[1], F_GETFL) & O_NONBLOCK));
	CHECK_EQ(write(fds[1], "pipe!", 5), 5);
	expect_pipe(fds[0], "pipe!", 5);
	close(fds[0]);
	close(fds[1]);

	sqe = GET_SQE(&ring);
	io_uring_prep_pipe(sqe, fds, O_NONBLOCK);
	CHECK_EQ(run(sqe), 0);
	CHECK(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
	CHECK(!(fcntl(fds[0], F_GETFD) & FD_CLOEXEC));
	close(fds[0]);
	close(fds[1]);

	CHECK_EQ(io_uring_register_files_sparse(&ring, 8), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_pipe_direct(sqe, fds, 0, 4);
	CHECK_EQ(run(sqe), 0);
	CHECK_EQ(fds[0], 4);
	CHECK_EQ(fds[1], 5);
	check_fixed_pipe(4, 5);

	fds[0] = fds[1] = -1;
	sqe = GET_SQE(&ring);
	io_uring_prep_pipe_direct(sqe, fds, 0, IORING_FILE_INDEX_ALLOC);
	CHECK_EQ(run(sqe), 0);
	CHECK(fds[0] >= 0 && fds[0] < 8 && fds[1] >= 0 && fds[1] < 8);
	CHECK(fds[0] != 4 && fds[0] != 5 && fds[1] != 4 && fds[1] != 5);
	CHECK(fds[0] != fds[1]);
	check_fixed_pipe(fds[0], fds[1]);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
}

int main(void)
{
	static char data[4096];
	size_t i;
	int fd;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	fd = t_tmpfile();
	for (i = 0; i < sizeof(data); i++)
		data[i] = (char) ('a' + i % 26 + (i / 26) % 3);
	CHECK_EQ(write(fd, data, sizeof(data)), (ssize_t) sizeof(data));

	test_splice(fd, data);
	test_tee();
	test_pipe();

	close(fd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
