/* SPDX-License-Identifier: MIT */
/*
 * Data transfer helpers against the kernel, results checked with plain
 * syscalls: write/read (explicit offset and the file position, -1),
 * writev/readv, writev2 (RWF_APPEND) / readv2 (flags reach the kernel),
 * write_fixed/read_fixed and writev_fixed/readv_fixed on registered buffers
 * (and a bad buffer index), registered files with IOSQE_FIXED_FILE,
 * read_multishot on a pipe with a buffer ring, fsync (+ DATASYNC, bad flags),
 * sync_file_range, fallocate (size, KEEP_SIZE, PUNCH_HOLE), fadvise,
 * fadvise64, madvise, madvise64, ftruncate (including a > 4 GiB length).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <linux/falloc.h>
#include "test.h"

#define BS 4096

static struct io_uring ring;

/* Submit the one prepared SQE, wait (bounded) for its CQE, return res. */
static int run(struct io_uring_sqe *sqe)
{
	return RUN_SQE(&ring, sqe, NULL);
}

static void fill(unsigned char *p, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char) (seed * 131 + i * 7 + (i >> 8));
}

static void check_file(int fd, off_t off, const unsigned char *want, size_t len)
{
	unsigned char *got = malloc(len);
	ssize_t n;

	CHECK(got != NULL);
	n = pread(fd, got, len, off);
	CHECK_EQ(n, (ssize_t) len);
	if (memcmp(got, want, len))
		FAIL("file content at %lld differs from what was written", (long long) off);
	free(got);
}

static off_t file_size(int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	return st.st_size;
}

static void test_read_write(int fd)
{
	static unsigned char wbuf[2 * BS], rbuf[2 * BS];
	struct io_uring_sqe *sqe;

	fill(wbuf, sizeof(wbuf), 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_write(sqe, fd, wbuf, sizeof(wbuf), BS);
	CHECK_EQ(run(sqe), sizeof(wbuf));
	check_file(fd, BS, wbuf, sizeof(wbuf));
	CHECK_EQ(file_size(fd), 3 * BS);

	memset(rbuf, 0, sizeof(rbuf));
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), BS);
	CHECK_EQ(run(sqe), sizeof(rbuf));
	CHECK(memcmp(rbuf, wbuf, sizeof(rbuf)) == 0);

	/* a short read at the end of the file */
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), 2 * BS + 100);
	CHECK_EQ(run(sqe), BS - 100);
	CHECK(memcmp(rbuf, wbuf + BS + 100, BS - 100) == 0);

	/* offset -1: the file position is used and advanced */
	CHECK(lseek(fd, 100, SEEK_SET) == 100);
	fill(wbuf, 300, 2);
	sqe = GET_SQE(&ring);
	io_uring_prep_write(sqe, fd, wbuf, 300, (__u64) -1);
	CHECK_EQ(run(sqe), 300);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 400);
	check_file(fd, 100, wbuf, 300);

	CHECK(lseek(fd, 100, SEEK_SET) == 100);
	memset(rbuf, 0, 300);
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, fd, rbuf, 300, (__u64) -1);
	CHECK_EQ(run(sqe), 300);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 400);
	CHECK(memcmp(rbuf, wbuf, 300) == 0);

	/* a bad fd reaches the kernel as given */
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, 12345, rbuf, 1, 0);
	CHECK_EQ(run(sqe), -EBADF);
}

static void test_vectored(int fd)
{
	static unsigned char a[100], b[BS], c[333], ra[100], rb[BS], rc[333];
	static unsigned char all[100 + BS + 333];
	struct iovec wv[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	struct iovec rv[3] = { { ra, sizeof(ra) }, { rb, sizeof(rb) }, { rc, sizeof(rc) } };
	size_t total = sizeof(all);
	struct io_uring_sqe *sqe;
	off_t size;

	fill(a, sizeof(a), 3);
	fill(b, sizeof(b), 4);
	fill(c, sizeof(c), 5);
	memcpy(all, a, sizeof(a));
	memcpy(all + sizeof(a), b, sizeof(b));
	memcpy(all + sizeof(a) + sizeof(b), c, sizeof(c));

	sqe = GET_SQE(&ring);
	io_uring_prep_writev(sqe, fd, wv, 3, 5000);
	CHECK_EQ(run(sqe), total);
	check_file(fd, 5000, all, total);

	sqe = GET_SQE(&ring);
	io_uring_prep_readv(sqe, fd, rv, 3, 5000);
	CHECK_EQ(run(sqe), total);
	CHECK(memcmp(ra, a, sizeof(a)) == 0);
	CHECK(memcmp(rb, b, sizeof(b)) == 0);
	CHECK(memcmp(rc, c, sizeof(c)) == 0);

	/* only the first nr_vecs entries are used */
	memset(rb, 0, sizeof(rb));
	sqe = GET_SQE(&ring);
	io_uring_prep_readv(sqe, fd, rv, 1, 5000 + 100);
	CHECK_EQ(run(sqe), sizeof(ra));
	CHECK(memcmp(ra, b, sizeof(ra)) == 0);

	/* readv2: flags 0 reads; an unknown RWF_ flag is refused by the kernel */
	memset(rb, 0, sizeof(rb));
	sqe = GET_SQE(&ring);
	io_uring_prep_readv2(sqe, fd, &rv[1], 1, 5000 + 100, 0);
	CHECK_EQ(run(sqe), sizeof(rb));
	CHECK(memcmp(rb, b, sizeof(rb)) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_readv2(sqe, fd, &rv[1], 1, 0, (int) 0x40000000);
	CHECK_EQ(run(sqe), -EOPNOTSUPP);

	/* writev2 with RWF_APPEND writes at the end whatever the offset */
	size = file_size(fd);
	sqe = GET_SQE(&ring);
	io_uring_prep_writev2(sqe, fd, wv, 1, 0, RWF_APPEND);
	CHECK_EQ(run(sqe), sizeof(a));
	CHECK_EQ(file_size(fd), size + (off_t) sizeof(a));
	check_file(fd, size, a, sizeof(a));
	check_file(fd, 5000, all, total);	/* offset 0.. untouched */
}

static void test_fixed_buffers(int fd)
{
	static unsigned char bufs[2][2 * BS] __attribute__((aligned(4096)));
	struct iovec reg[2] = { { bufs[0], sizeof(bufs[0]) }, { bufs[1], sizeof(bufs[1]) } };
	struct io_uring_sqe *sqe;
	int ret;

	ret = io_uring_register_buffers(&ring, reg, 2);
	CHECK_EQ(ret, 0);

	/* write_fixed from inside buffer 1 */
	fill(bufs[1], sizeof(bufs[1]), 6);
	sqe = GET_SQE(&ring);
	io_uring_prep_write_fixed(sqe, fd, bufs[1] + 512, BS, 3 * BS, 1);
	CHECK_EQ(run(sqe), BS);
	check_file(fd, 3 * BS, bufs[1] + 512, BS);

	/* read_fixed into buffer 0 */
	memset(bufs[0], 0, sizeof(bufs[0]));
	sqe = GET_SQE(&ring);
	io_uring_prep_read_fixed(sqe, fd, bufs[0] + 100, BS, 3 * BS, 0);
	CHECK_EQ(run(sqe), BS);
	CHECK(memcmp(bufs[0] + 100, bufs[1] + 512, BS) == 0);

	/* an address outside the named buffer, and an index past the table */
	sqe = GET_SQE(&ring);
	io_uring_prep_read_fixed(sqe, fd, bufs[1], BS, 0, 0);
	CHECK_EQ(run(sqe), -EFAULT);
	sqe = GET_SQE(&ring);
	io_uring_prep_write_fixed(sqe, fd, bufs[0], BS, 0, 2);
	CHECK_EQ(run(sqe), -EFAULT);
	/* buf_index is 16 bits: 0x10001 selects buffer 1 */
	sqe = GET_SQE(&ring);
	io_uring_prep_read_fixed(sqe, fd, bufs[1], 64, 3 * BS, 0x10001);
	CHECK_EQ(run(sqe), 64);

	if (t_op_supported(&ring, IORING_OP_READV_FIXED) &&
	    t_op_supported(&ring, IORING_OP_WRITEV_FIXED)) {
		struct iovec wv[2] = { { bufs[1], 100 }, { bufs[1] + BS, 200 } };
		struct iovec rv[2] = { { bufs[0], 150 }, { bufs[0] + BS, 150 } };
		unsigned char want[300];

		fill(bufs[1], sizeof(bufs[1]), 7);
		memcpy(want, bufs[1], 100);
		memcpy(want + 100, bufs[1] + BS, 200);
		sqe = GET_SQE(&ring);
		io_uring_prep_writev_fixed(sqe, fd, wv, 2, 7 * BS, 0, 1);
		CHECK_EQ(run(sqe), 300);
		check_file(fd, 7 * BS, want, 300);

		memset(bufs[0], 0, sizeof(bufs[0]));
		sqe = GET_SQE(&ring);
		io_uring_prep_readv_fixed(sqe, fd, rv, 2, 7 * BS, 0, 0);
		CHECK_EQ(run(sqe), 300);
		CHECK(memcmp(bufs[0], want, 150) == 0);
		CHECK(memcmp(bufs[0] + BS, want + 150, 150) == 0);

		/* the iovecs must lie in the named buffer */
		sqe = GET_SQE(&ring);
		io_uring_prep_readv_fixed(sqe, fd, rv, 2, 7 * BS, 0, 1);
		CHECK_EQ(run(sqe), -EFAULT);
		sqe = GET_SQE(&ring);
		io_uring_prep_writev_fixed(sqe, fd, wv, 2, 7 * BS, 0, 0);
		CHECK_EQ(run(sqe), -EFAULT);
		/* and the flags reach the kernel */
		sqe = GET_SQE(&ring);
		io_uring_prep_writev_fixed(sqe, fd, wv, 2, 7 * BS, (int) 0x40000000, 1);
		CHECK_EQ(run(sqe), -EOPNOTSUPP);
	} else {
		t_skip_part("readv_fixed/writev_fixed: kernel lacks IORING_OP_READV_FIXED");
	}

	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
}

static void test_fixed_files(int fd)
{
	static unsigned char w[777], r[777];
	int files[3] = { -1, fd, -1 };
	struct io_uring_sqe *sqe;

	CHECK_EQ(io_uring_register_files(&ring, files, 3), 0);
	fill(w, sizeof(w), 8);
	sqe = GET_SQE(&ring);
	io_uring_prep_write(sqe, 1, w, sizeof(w), 11 * BS);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	CHECK_EQ(run(sqe), sizeof(w));
	check_file(fd, 11 * BS, w, sizeof(w));

	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, 1, r, sizeof(r), 11 * BS);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	CHECK_EQ(run(sqe), sizeof(r));
	CHECK(memcmp(r, w, sizeof(r)) == 0);

	/* an empty slot */
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, 0, r, sizeof(r), 0);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	CHECK_EQ(run(sqe), -EBADF);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
}

static void test_read_multishot(void)
{
	enum { NBUF = 4, BUFSZ = 64, BGID = 7 };
	static unsigned char bufs[NBUF][BUFSZ];
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	const char *msgs[2] = { "hello", "multishot world" };
	int p[2], err = 0, i;

	if (!t_op_supported(&ring, IORING_OP_READ_MULTISHOT)) {
		t_skip_part("read_multishot: kernel lacks IORING_OP_READ_MULTISHOT");
		return;
	}
	br = io_uring_setup_buf_ring(&ring, NBUF, BGID, 0, &err);
	if (!br)
		FAIL("io_uring_setup_buf_ring: %d", err);
	for (i = 0; i < NBUF; i++)
		io_uring_buf_ring_add(br, bufs[i], BUFSZ, i, io_uring_buf_ring_mask(NBUF), i);
	io_uring_buf_ring_advance(br, NBUF);
	CHECK(pipe(p) == 0);

	sqe = GET_SQE(&ring);
	io_uring_prep_read_multishot(sqe, p[0], 0, 0, BGID);
	CHECK_EQ(sqe->flags, IOSQE_BUFFER_SELECT);
	sqe->user_data = 99;
	CHECK_EQ(io_uring_submit(&ring), 1);

	for (i = 0; i < 2; i++) {
		size_t len = strlen(msgs[i]);
		unsigned bid;

		CHECK_EQ(write(p[1], msgs[i], len), (ssize_t) len);
		WAIT_CQE(&ring, &cqe, 5000);
		CHECK_EQ(cqe->user_data, 99);
		CHECK_EQ(cqe->res, len);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER);
		CHECK(cqe->flags & IORING_CQE_F_MORE);
		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK(bid < NBUF);
		if (memcmp(bufs[bid], msgs[i], len))
			FAIL("multishot read %d: buffer %u does not hold the data", i, bid);
		io_uring_cqe_seen(&ring, cqe);
	}
	/* EOF ends it: res 0, no F_MORE */
	close(p[1]);
	WAIT_CQE(&ring, &cqe, 5000);
	CHECK_EQ(cqe->user_data, 99);
	CHECK_EQ(cqe->res, 0);
	CHECK(!(cqe->flags & IORING_CQE_F_MORE));
	io_uring_cqe_seen(&ring, cqe);
	close(p[0]);
	CHECK_EQ(io_uring_free_buf_ring(&ring, br, NBUF, BGID), 0);
}

static void test_sync(int fd)
{
	struct io_uring_sqe *sqe;

	sqe = GET_SQE(&ring);
	io_uring_prep_fsync(sqe, fd, 0);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fsync(sqe, fd, 0x80);	/* unknown fsync flag */
	CHECK_EQ(run(sqe), -EINVAL);
	sqe = GET_SQE(&ring);
	io_uring_prep_fsync(sqe, 12345, 0);
	CHECK_EQ(run(sqe), -EBADF);

	sqe = GET_SQE(&ring);
	io_uring_prep_sync_file_range(sqe, fd, BS, 0,
				      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
				      SYNC_FILE_RANGE_WAIT_AFTER);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_sync_file_range(sqe, fd, BS, 0, 0x100);	/* unknown flag */
	CHECK_EQ(run(sqe), -EINVAL);
}

static void test_fallocate_truncate(int fd)
{
	struct io_uring_sqe *sqe;
	struct stat st, st2;
	unsigned char z[BS], w[BS];
	int ret;

	CHECK(ftruncate(fd, 0) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fallocate(sqe, fd, 0, 0, 1 << 20);
	ret = run(sqe);
	if (ret == -EOPNOTSUPP) {
		t_skip_part("fallocate: filesystem refuses it");
	} else {
		CHECK_EQ(ret, 0);
		CHECK_EQ(file_size(fd), 1 << 20);

		/* KEEP_SIZE past the end: blocks, no size change */
		CHECK(fstat(fd, &st) == 0);
		sqe = GET_SQE(&ring);
		io_uring_prep_fallocate(sqe, fd, FALLOC_FL_KEEP_SIZE, 1 << 20, 1 << 20);
		CHECK_EQ(run(sqe), 0);
		CHECK(fstat(fd, &st2) == 0);
		CHECK_EQ(st2.st_size, 1 << 20);
		CHECK(st2.st_blocks > st.st_blocks);

		/* punch a hole into written data: it reads back as zeros */
		fill(w, sizeof(w), 9);
		CHECK_EQ(pwrite(fd, w, sizeof(w), 8 * BS), BS);
		sqe = GET_SQE(&ring);
		io_uring_prep_fallocate(sqe, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					8 * BS, BS);
		ret = run(sqe);
		if (ret == -EOPNOTSUPP) {
			t_skip_part("fallocate: no PUNCH_HOLE on this filesystem");
		} else {
			CHECK_EQ(ret, 0);
			memset(z, 0, sizeof(z));
			check_file(fd, 8 * BS, z, BS);
			CHECK_EQ(file_size(fd), 1 << 20);
		}

		/* a 64-bit offset: fallocate beyond 4 GiB */
		sqe = GET_SQE(&ring);
		io_uring_prep_fallocate(sqe, fd, 0, (1ULL << 32) + BS, BS);
		CHECK_EQ(run(sqe), 0);
		CHECK_EQ(file_size(fd), (1LL << 32) + 2 * BS);
	}

	if (t_op_supported(&ring, IORING_OP_FTRUNCATE)) {
		sqe = GET_SQE(&ring);
		io_uring_prep_ftruncate(sqe, fd, 12345);
		CHECK_EQ(run(sqe), 0);
		CHECK_EQ(file_size(fd), 12345);
		sqe = GET_SQE(&ring);
		io_uring_prep_ftruncate(sqe, fd, (1LL << 33) + 7);
		CHECK_EQ(run(sqe), 0);
		CHECK_EQ(file_size(fd), (1LL << 33) + 7);
		sqe = GET_SQE(&ring);
		io_uring_prep_ftruncate(sqe, fd, -1);
		CHECK_EQ(run(sqe), -EINVAL);
		CHECK_EQ(file_size(fd), (1LL << 33) + 7);
		CHECK(ftruncate(fd, 0) == 0);
	} else {
		t_skip_part("ftruncate: kernel lacks IORING_OP_FTRUNCATE");
	}
}

static void test_advise(int fd)
{
	struct io_uring_sqe *sqe;
	unsigned char *m;
	size_t len = 4 * BS, i;
	int ret;

	sqe = GET_SQE(&ring);
	io_uring_prep_fadvise(sqe, fd, 0, BS, POSIX_FADV_DONTNEED);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fadvise(sqe, fd, 0, BS, 1234);	/* no such advice */
	CHECK_EQ(run(sqe), -EINVAL);
	sqe = GET_SQE(&ring);
	io_uring_prep_fadvise64(sqe, fd, 0, (off_t) 1 << 33, POSIX_FADV_WILLNEED);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fadvise64(sqe, fd, 0, (off_t) 1 << 33, 1234);
	CHECK_EQ(run(sqe), -EINVAL);
	/* a negative 64-bit length is refused: the length travels in full */
	sqe = GET_SQE(&ring);
	io_uring_prep_fadvise64(sqe, fd, 0, -2, POSIX_FADV_NORMAL);
	CHECK_EQ(run(sqe), -EINVAL);

	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	memset(m, 0xab, len);
	sqe = GET_SQE(&ring);
	io_uring_prep_madvise(sqe, m, BS, MADV_DONTNEED);
	ret = run(sqe);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		t_skip_part("madvise: kernel built without CONFIG_ADVISE_SYSCALLS");
		munmap(m, len);
		return;
	}
	CHECK_EQ(ret, 0);
	/* private anonymous pages read back as zero after MADV_DONTNEED */
	for (i = 0; i < BS; i++)
		CHECK_EQ(m[i], 0);
	CHECK_EQ(m[BS], 0xab);

	sqe = GET_SQE(&ring);
	io_uring_prep_madvise64(sqe, m + BS, 2 * BS, MADV_DONTNEED);
	CHECK_EQ(run(sqe), 0);
	for (i = BS; i < 3 * BS; i++)
		CHECK_EQ(m[i], 0);
	CHECK_EQ(m[3 * BS], 0xab);

	sqe = GET_SQE(&ring);
	io_uring_prep_madvise(sqe, m, BS, 12345);	/* no such advice */
	CHECK_EQ(run(sqe), -EINVAL);
	munmap(m, len);

	/*
	 * madvise64 with a length over 4 GiB: a reserved (PROT_NONE) range
	 * whose last page is written; only the full 64-bit length reaches it.
	 */
	len = (1ULL << 32) + 2 * BS;
	m = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		t_skip_part("madvise64 > 4 GiB: cannot reserve the address range");
		return;
	}
	CHECK(mprotect(m + len - BS, BS, PROT_READ | PROT_WRITE) == 0);
	memset(m + len - BS, 0xcd, BS);
	sqe = GET_SQE(&ring);
	io_uring_prep_madvise64(sqe, m, (off_t) len, MADV_DONTNEED);
	CHECK_EQ(run(sqe), 0);
	CHECK_EQ(m[len - BS], 0);
	CHECK_EQ(m[len - 1], 0);
	munmap(m, len);
}

int main(void)
{
	int fd;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	fd = t_tmpfile();

	test_read_write(fd);
	test_vectored(fd);
	test_fixed_buffers(fd);
	test_fixed_files(fd);
	test_read_multishot();
	test_sync(fd);
	test_fallocate_truncate(fd);
	test_advise(fd);

	close(fd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
