/* SPDX-License-Identifier: MIT */
/*
 * Registered files and buffers, from a program built against the old header:
 * io_uring_register_files (with a sparse -1 slot), io_uring_register_buffers,
 * the inline io_uring_prep_write_fixed / io_uring_prep_read_fixed with
 * IOSQE_FIXED_FILE, io_uring_register_files_update, and the 2.1/2.2 calls
 * io_uring_register_buffers_sparse + io_uring_register_buffers_update_tag.
 * Data read back through the registered buffers is compared byte for byte.
 */
#include "compat.h"
#include <sys/uio.h>

#define BS 4096

static int do_rw(struct io_uring *ring, int write, int file_idx, void *buf,
		 unsigned len, off_t off, int buf_idx, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	if (write)
		io_uring_prep_write_fixed(sqe, file_idx, buf, len, off, buf_idx);
	else
		io_uring_prep_read_fixed(sqe, file_idx, buf, len, off, buf_idx);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	return SUBMIT_ONE(ring, sqe, ud, 5000);
}

static int tmp_file(void)
{
	char path[] = "/tmp/abi-compat-reg.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		FAIL("mkstemp: %s", strerror(errno));
	unlink(path);
	return fd;
}

int main(void)
{
	struct io_uring ring;
	unsigned char *wbuf, *rbuf, *sbuf, other[BS], check[BS];
	struct iovec iov[2];
	int files[2], fd1, fd2, i, ret;
	__u64 tag = 0;

	abi_init();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	fd1 = tmp_file();
	fd2 = tmp_file();
	CHECK(posix_memalign((void **) &wbuf, BS, BS) == 0);
	CHECK(posix_memalign((void **) &rbuf, BS, 2 * BS) == 0);
	for (i = 0; i < BS; i++) {
		wbuf[i] = (unsigned char) (i * 7 + 3);
		other[i] = (unsigned char) (i * 13 + 1);
	}
	memset(rbuf, 0, 2 * BS);
	CHECK_EQ(pwrite(fd2, other, BS, 0), BS);

	files[0] = -1;		/* sparse slot */
	files[1] = fd1;
	CHECK_EQ(io_uring_register_files(&ring, files, 2), 0);
	iov[0].iov_base = wbuf;
	iov[0].iov_len = BS;
	iov[1].iov_base = rbuf;
	iov[1].iov_len = 2 * BS;
	CHECK_EQ(io_uring_register_buffers(&ring, iov, 2), 0);

	/* write through fixed file 1 from buffer 0, read back into buffer 1 */
	CHECK_EQ(do_rw(&ring, 1, 1, wbuf, BS, 0, 0, 0x101), BS);
	CHECK_EQ(pread(fd1, check, BS, 0), BS);
	CHECK(memcmp(check, wbuf, BS) == 0);
	CHECK_EQ(do_rw(&ring, 0, 1, rbuf + 100, BS, 0, 1, 0x102), BS);
	CHECK(memcmp(rbuf + 100, wbuf, BS) == 0);
	for (i = 0; i < 100; i++)
		CHECK_EQ(rbuf[i], 0);
	/* partial read at an offset, into the middle of buffer 1 */
	CHECK_EQ(do_rw(&ring, 0, 1, rbuf + BS, 1000, 3000, 1, 0x103), 1000);
	CHECK(memcmp(rbuf + BS, wbuf + 3000, 1000) == 0);
	/* the sparse slot is empty */
	CHECK_EQ(do_rw(&ring, 0, 0, rbuf, 16, 0, 1, 0x104), -EBADF);

	/* fill the sparse slot, read the other file through it */
	ret = io_uring_register_files_update(&ring, 0, &fd2, 1);
	CHECK_EQ(ret, 1);
	memset(rbuf, 0, 2 * BS);
	CHECK_EQ(do_rw(&ring, 0, 0, rbuf, BS, 0, 1, 0x105), BS);
	CHECK(memcmp(rbuf, other, BS) == 0);

	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);

	/* 2.1/2.2: a sparse buffer table, slot 3 filled by update_tag */
	ret = io_uring_register_buffers_sparse(&ring, 4);
	if (ret == -EINVAL) {
		fprintf(stderr, "partial skip: sparse buffer registration refused by the kernel\n");
	} else {
		CHECK_EQ(ret, 0);
		CHECK(posix_memalign((void **) &sbuf, BS, BS) == 0);
		memset(sbuf, 0, BS);
		iov[0].iov_base = sbuf;
		iov[0].iov_len = BS;
		CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 3, iov, &tag, 1), 1);
		files[0] = fd1;
		CHECK_EQ(io_uring_register_files(&ring, files, 1), 0);
		CHECK_EQ(do_rw(&ring, 0, 0, sbuf, BS, 0, 3, 0x201), BS);
		CHECK(memcmp(sbuf, wbuf, BS) == 0);
		/* slot 2 is empty */
		ret = do_rw(&ring, 0, 0, sbuf, BS, 0, 2, 0x202);
		CHECK(ret < 0);
		CHECK_EQ(io_uring_unregister_files(&ring), 0);
		CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
		free(sbuf);
	}

	io_uring_queue_exit(&ring);
	free(wbuf);
	free(rbuf);
	close(fd1);
	close(fd2);
	return A_PASS;
}
