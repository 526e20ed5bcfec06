/* SPDX-License-Identifier: MIT */
/*
 * Registered (fixed) buffers: io_uring_register_buffers, _buffers_tags,
 * _buffers_sparse, _buffers_update_tag, io_uring_unregister_buffers, and
 * cloning them between rings (io_uring_clone_buffers, io_uring_clone_buffers_offset
 * and the __ variants), checked with READ_FIXED/WRITE_FIXED round trips through
 * a file, tag CQEs, and bad input.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "test.h"

#define BS 4096
#define NBUF 4
#define UD_IO 0x20000001ULL
#define BAD_PTR ((void *) 8)

static char *bufs[NBUF];
static struct iovec iov[NBUF];
static int tfd;	/* scratch file, NBUF * BS bytes */

/* CQEs seen while waiting for something else (tag CQEs). */
static struct t_stash extra;

/* The tag CQE for @tag must arrive (user_data tag, res 0). */
static void expect_tag(struct io_uring *ring, __u64 tag)
{
	struct t_cqe c = STASH_TAKE(ring, &extra, tag);

	if (c.res != 0)
		FAIL("tag CQE 0x%llx: expected res 0, got %d",
		     (unsigned long long) tag, c.res);
}

/* READ_FIXED / WRITE_FIXED of @len bytes at file offset @off; returns cqe->res. */
static int rw_fixed(struct io_uring *ring, int op, void *addr, unsigned len,
		    __u64 off, int buf_index)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(op, sqe, tfd, addr, len, off);
	sqe->buf_index = buf_index;
	sqe->user_data = UD_IO;
	return STASH_WAIT(ring, &extra, UD_IO);
}

/* Write buffer slot @idx (whose memory is @mem) to the file and check the bytes. */
static void expect_write_fixed(struct io_uring *ring, char *mem, int idx, char fill)
{
	char check[BS];
	int res;

	memset(mem, fill, BS);
	res = rw_fixed(ring, IORING_OP_WRITE_FIXED, mem, BS, 0, idx);
	if (res != BS)
		FAIL("WRITE_FIXED from slot %d: expected %d, got %d (%s)", idx, BS, res,
		     res < 0 ? strerror(-res) : "short");
	memset(check, 0, BS);
	CHECK(pread(tfd, check, BS, 0) == BS);
	if (memcmp(check, mem, BS))
		FAIL("WRITE_FIXED from slot %d: file does not hold the buffer's bytes '%c'",
		     idx, fill);
}

static void expect_read_fixed(struct io_uring *ring, char *mem, int idx, char fill)
{
	char src[BS];
	int res, i;

	memset(src, fill, BS);
	CHECK(pwrite(tfd, src, BS, BS) == BS);
	memset(mem, 0, BS);
	res = rw_fixed(ring, IORING_OP_READ_FIXED, mem, BS, BS, idx);
	if (res != BS)
		FAIL("READ_FIXED into slot %d: expected %d, got %d (%s)", idx, BS, res,
		     res < 0 ? strerror(-res) : "short");
	for (i = 0; i < BS; i++)
		if (mem[i] != fill)
			FAIL("READ_FIXED into slot %d: byte %d is 0x%x, expected '%c'",
			     idx, i, mem[i], fill);
}

static void expect_fixed_fails(struct io_uring *ring, void *addr, unsigned len, int idx, int err)
{
	int res = rw_fixed(ring, IORING_OP_WRITE_FIXED, addr, len, 0, idx);

	if (res != err)
		FAIL("WRITE_FIXED slot %d addr %p len %u: expected %d (%s), got %d", idx,
		     addr, len, err, strerror(-err), res);
}

static void test_register(void)
{
	struct io_uring ring;
	struct iovec bad[2];
	int res;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	expect_fixed_fails(&ring, bufs[0], BS, 0, -EFAULT);	/* no table */
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, iov, NULL, 1), -ENXIO);

	CHECK_EQ(io_uring_register_buffers(&ring, iov, NBUF), 0);
	expect_write_fixed(&ring, bufs[1], 1, 'W');
	expect_read_fixed(&ring, bufs[2], 2, 'R');
	expect_write_fixed(&ring, bufs[3], 3, 'x');
	/* part of a buffer is fine, past its end or another slot's memory is not */
	memset(bufs[3], 'p', BS);
	res = rw_fixed(&ring, IORING_OP_WRITE_FIXED, bufs[3] + 100, 200, 0, 3);
	CHECK_EQ(res, 200);
	expect_fixed_fails(&ring, bufs[3] + BS - 100, 200, 3, -EFAULT);
	expect_fixed_fails(&ring, bufs[0], BS, 1, -EFAULT);
	expect_fixed_fails(&ring, bufs[0], BS, NBUF, -EFAULT);

	CHECK_EQ(io_uring_register_buffers(&ring, iov, NBUF), -EBUSY);
	CHECK_EQ(io_uring_register_buffers_sparse(&ring, 2), -EBUSY);
	CHECK_EQ(io_uring_register_buffers_tags(&ring, iov, NULL, 2), -EBUSY);

	/* replacing slot 0 with slot 3's memory: the old memory no longer works */
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, &iov[3], NULL, 1), 1);
	expect_write_fixed(&ring, bufs[3], 0, 'u');
	expect_fixed_fails(&ring, bufs[0], BS, 0, -EFAULT);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, NBUF, iov, NULL, 1), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, NBUF - 1, iov, NULL, 2), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, BAD_PTR, NULL, 1), -EFAULT);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, iov, BAD_PTR, 1), -EFAULT);

	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	expect_fixed_fails(&ring, bufs[1], BS, 1, -EFAULT);
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);

	/* bad registrations leave no table behind */
	CHECK_EQ(io_uring_register_buffers(&ring, iov, 0), -EINVAL);
	CHECK_EQ(io_uring_register_buffers(&ring, iov, (1U << 14) + 1), -EINVAL);
	CHECK_EQ(io_uring_register_buffers(&ring, NULL, 2), -EFAULT);
	CHECK_EQ(io_uring_register_buffers(&ring, BAD_PTR, 2), -EFAULT);
	bad[0] = iov[0];
	bad[1].iov_base = (void *) 0x1000;	/* unmapped memory */
	bad[1].iov_len = BS;
	CHECK_EQ(io_uring_register_buffers(&ring, bad, 2), -EFAULT);
	bad[1].iov_base = bufs[1];
	bad[1].iov_len = 0;
	CHECK_EQ(io_uring_register_buffers(&ring, bad, 2), -EFAULT);
	bad[1].iov_len = (1UL << 30) + BS;	/* more than 1 GiB */
	CHECK_EQ(io_uring_register_buffers(&ring, bad, 2), -EFAULT);
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);

	/* a NULL/0 entry is an empty slot */
	bad[1].iov_base = NULL;
	bad[1].iov_len = 0;
	CHECK_EQ(io_uring_register_buffers(&ring, bad, 2), 0);
	expect_write_fixed(&ring, bufs[0], 0, 'e');
	expect_fixed_fails(&ring, bufs[1], BS, 1, -EFAULT);
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);

	io_uring_queue_exit(&ring);
}

static void test_tags(void)
{
	struct io_uring ring;
	__u64 tags[2] = { 0xb1, 0xb2 }, tag;
	struct iovec empty = { NULL, 0 };

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	extra.n = 0;

	CHECK_EQ(io_uring_register_buffers_tags(&ring, iov, tags, 0), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_tags(&ring, BAD_PTR, tags, 2), -EFAULT);
	CHECK_EQ(io_uring_register_buffers_tags(&ring, iov, BAD_PTR, 2), -EFAULT);
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);

	CHECK_EQ(io_uring_register_buffers_tags(&ring, iov, tags, 2), 0);
	expect_write_fixed(&ring, bufs[0], 0, 't');
	expect_read_fixed(&ring, bufs[1], 1, 'T');
	STASH_EXPECT_NONE(&ring, &extra, "after registering tagged buffers");

	/* replace slot 0: its tag 0xb1 is posted; the new buffer carries 0xb3 */
	tag = 0xb3;
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, &iov[2], &tag, 1), 1);
	expect_tag(&ring, 0xb1);
	expect_write_fixed(&ring, bufs[2], 0, 'n');
	STASH_EXPECT_NONE(&ring, &extra, "after replacing slot 0");

	/* a tag on an empty entry is refused */
	tag = 0xb4;
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 1, &empty, &tag, 1), -EINVAL);
	STASH_EXPECT_NONE(&ring, &extra, "after a refused update");

	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	expect_tag(&ring, 0xb2);
	expect_tag(&ring, 0xb3);
	STASH_EXPECT_NONE(&ring, &extra, "after unregistering");

	tags[1] = 0xb5;
	{
		struct iovec two[2] = { iov[0], empty };

		CHECK_EQ(io_uring_register_buffers_tags(&ring, two, tags, 2), -EINVAL);
	}
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);
	io_uring_queue_exit(&ring);
}

static void test_sparse(void)
{
	struct io_uring ring;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	CHECK_EQ(io_uring_register_buffers_sparse(&ring, 0), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_sparse(&ring, (1U << 14) + 1), -EINVAL);
	CHECK_EQ(io_uring_unregister_buffers(&ring), -ENXIO);

	CHECK_EQ(io_uring_register_buffers_sparse(&ring, 4), 0);
	expect_fixed_fails(&ring, bufs[0], BS, 0, -EFAULT);
	expect_fixed_fails(&ring, bufs[2], BS, 2, -EFAULT);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 2, &iov[2], NULL, 1), 1);
	expect_write_fixed(&ring, bufs[2], 2, 's');
	expect_read_fixed(&ring, bufs[2], 2, 'S');
	expect_fixed_fails(&ring, bufs[0], BS, 0, -EFAULT);
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 0, iov, NULL, 4), 4);
	expect_write_fixed(&ring, bufs[3], 3, 'f');
	CHECK_EQ(io_uring_register_buffers_update_tag(&ring, 4, iov, NULL, 1), -EINVAL);
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	io_uring_queue_exit(&ring);
}

static void test_clone(void)
{
	struct io_uring src, dst, dst2;
	int ret;

	CHECK_OK(io_uring_queue_init(8, &src, 0));
	CHECK_OK(io_uring_queue_init(8, &dst, 0));
	CHECK_OK(io_uring_queue_init(8, &dst2, 0));

	/* An unmapped argument gives -EFAULT when the opcode exists, -EINVAL when not. */
	ret = io_uring_register(dst.ring_fd, IORING_REGISTER_CLONE_BUFFERS, BAD_PTR, 1);
	if (ret == -EINVAL) {
		t_skip_part("IORING_REGISTER_CLONE_BUFFERS not supported (kernel < 6.12)");
		goto out;
	}
	CHECK_EQ(ret, -EFAULT);

	CHECK_EQ(io_uring_clone_buffers(&dst, &src), -ENXIO);	/* src has none */
	CHECK_EQ(io_uring_register_buffers(&src, iov, NBUF), 0);

	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	expect_write_fixed(&dst, bufs[1], 1, 'c');
	expect_read_fixed(&dst, bufs[3], 3, 'C');
	expect_write_fixed(&src, bufs[1], 1, 'o');	/* the source keeps them */
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), -EBUSY);
	CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
	expect_fixed_fails(&dst, bufs[1], BS, 1, -EFAULT);
	expect_write_fixed(&src, bufs[2], 2, 'k');

	/* one buffer (src 0) into slot 1: the table has 2 slots, slot 0 empty */
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 1, 0, 1, 0), 0);
	expect_write_fixed(&dst, bufs[0], 1, 'O');
	expect_fixed_fails(&dst, bufs[0], BS, 0, -EFAULT);
	expect_fixed_fails(&dst, bufs[0], BS, 2, -EFAULT);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, 2, 1, 0), -EBUSY);
	/* with DST_REPLACE an existing table is extended/overwritten */
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, 2, 1, IORING_REGISTER_DST_REPLACE), 0);
	expect_write_fixed(&dst, bufs[2], 0, 'P');
	expect_write_fixed(&dst, bufs[0], 1, 'Q');
	/* ranges outside the source table (6.18 says -EOVERFLOW) */
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, NBUF, 1, IORING_REGISTER_DST_REPLACE), -EOVERFLOW);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, 2, NBUF, IORING_REGISTER_DST_REPLACE), -EOVERFLOW);
	CHECK_EQ(io_uring_unregister_buffers(&dst), 0);

	/* src reachable only through its registered index once its fd is closed */
	CHECK_EQ(io_uring_register_ring_fd(&src), 1);
	if (!(src.features & IORING_FEAT_REG_REG_RING)) {
		t_skip_part("IORING_FEAT_REG_REG_RING missing: clone from a closed ring fd");
		goto out;
	}
	CHECK_EQ(io_uring_close_ring_fd(&src), 1);
	/* the __ variants do not use the index unless asked: no fd, -EBADF */
	CHECK_EQ(__io_uring_clone_buffers(&dst, &src, 0), -EBADF);
	CHECK_EQ(__io_uring_clone_buffers_offset(&dst, &src, 0, 0, 0, 0), -EBADF);
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	expect_write_fixed(&dst, bufs[3], 3, 'r');
	CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, 3, 1, 0), 0);
	expect_write_fixed(&dst, bufs[3], 0, 'R');
	CHECK_EQ(__io_uring_clone_buffers_offset(&dst2, &src, 0, 1, 1, IORING_REGISTER_SRC_REGISTERED), 0);
	expect_write_fixed(&dst2, bufs[1], 0, 'z');
	CHECK_EQ(io_uring_unregister_buffers(&dst2), 0);
	CHECK_EQ(__io_uring_clone_buffers(&dst2, &src, IORING_REGISTER_SRC_REGISTERED), 0);
	expect_write_fixed(&dst2, bufs[2], 2, 'Z');

	/* and a destination reached through its registered index */
	CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
	CHECK_EQ(io_uring_register_ring_fd(&dst), 1);
	CHECK_EQ(io_uring_close_ring_fd(&dst), 1);
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	expect_write_fixed(&dst, bufs[0], 0, 'd');
out:
	io_uring_queue_exit(&dst2);
	io_uring_queue_exit(&dst);
	io_uring_queue_exit(&src);
}

int main(void)
{
	int fds_before, i;

	t_init();
	fds_before = t_count_fds();
	tfd = t_tmpfile();
	CHECK(ftruncate(tfd, NBUF * BS) == 0);
	for (i = 0; i < NBUF; i++) {
		bufs[i] = mmap(NULL, BS, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(bufs[i] != MAP_FAILED);
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = BS;
	}

	test_register();
	test_tags();
	test_sparse();
	test_clone();

	close(tfd);
	for (i = 0; i < NBUF; i++)
		munmap(bufs[i], BS);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
