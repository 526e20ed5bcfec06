/* SPDX-License-Identifier: MIT */
/*
 * Filesystem helpers against the kernel, each result checked on disk with
 * plain syscalls: mkdirat/mkdir (mode), openat/open/openat2 (flags, mode,
 * RESOLVE_BENEATH), the _direct variants into a fixed slot and into an
 * allocated one (IORING_FILE_INDEX_ALLOC), close/close_direct, statx (mask,
 * AT_SYMLINK_NOFOLLOW), renameat/rename (RENAME_NOREPLACE),
 * unlinkat/unlink (AT_REMOVEDIR), symlinkat/symlink, linkat/link
 * (AT_SYMLINK_FOLLOW), setxattr/getxattr/fsetxattr/fgetxattr, files_update
 * (at an offset and with IORING_FILE_INDEX_ALLOC), fixed_fd_install
 * (CLOEXEC or not), provide_buffers/remove_buffers used by a buffer-select
 * read.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <linux/openat2.h>
#include "test.h"

static struct io_uring ring;
static char dir[] = "/tmp/prep-fs.XXXXXX";
static int dfd;

static int run(struct io_uring_sqe *sqe)
{
	return RUN_SQE(&ring, sqe, NULL);
}

/* Path inside the test directory (a few rotating static buffers). */
static const char *P(const char *name)
{
	static char bufs[4][256];
	static int i;
	char *b = bufs[i++ & 3];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

static void put_file(const char *rel, const char *data)
{
	int fd = openat(dfd, rel, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, data, strlen(data)), (ssize_t) strlen(data));
	close(fd);
}

static int exists(const char *rel)
{
	struct stat st;

	return fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Read @len bytes at 0 through fixed slot @slot and compare with @want. */
static void check_slot(int slot, const char *want)
{
	char buf[64] = { 0 };
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_read(sqe, slot, buf, sizeof(buf) - 1, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(sqe), strlen(want));
	if (strcmp(buf, want))
		FAIL("slot %d reads \"%s\", expected \"%s\"", slot, buf, want);
}

static void check_slot_empty(int slot)
{
	char buf[8];
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	io_uring_prep_read(sqe, slot, buf, sizeof(buf), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(sqe), -EBADF);
}

static void test_mkdir_open_close(void)
{
	struct io_uring_sqe *sqe;
	struct open_how how;
	struct stat st;
	int fd;

	sqe = GET_SQE(&ring);
	io_uring_prep_mkdirat(sqe, dfd, "d", 0750);
	CHECK_EQ(run(sqe), 0);
	CHECK(fstatat(dfd, "d", &st, 0) == 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0750);
	sqe = GET_SQE(&ring);
	io_uring_prep_mkdirat(sqe, dfd, "d", 0750);
	CHECK_EQ(run(sqe), -EEXIST);

	sqe = GET_SQE(&ring);
	io_uring_prep_mkdir(sqe, P("d2"), 0701);
	CHECK_EQ(run(sqe), 0);
	CHECK(stat(P("d2"), &st) == 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0701);

	/* openat creates with flags and mode */
	sqe = GET_SQE(&ring);
	io_uring_prep_openat(sqe, dfd, "d/f", O_CREAT | O_RDWR | O_EXCL, 0640);
	fd = run(sqe);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0640);
	CHECK_EQ((fcntl(fd, F_GETFL) & O_ACCMODE), O_RDWR);
	CHECK_EQ(write(fd, "abc", 3), 3);

	/* close, and the fd is gone */
	sqe = GET_SQE(&ring);
	io_uring_prep_close(sqe, fd);
	CHECK_EQ(run(sqe), 0);
	CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF);
	sqe = GET_SQE(&ring);
	io_uring_prep_close(sqe, fd);
	CHECK_EQ(run(sqe), -EBADF);

	sqe = GET_SQE(&ring);
	io_uring_prep_openat(sqe, dfd, "d/f", O_CREAT | O_RDWR | O_EXCL, 0640);
	CHECK_EQ(run(sqe), -EEXIST);

	/* open: relative to the current directory, here an absolute path */
	sqe = GET_SQE(&ring);
	io_uring_prep_open(sqe, P("d/f"), O_RDONLY | O_CLOEXEC, 0);
	fd = run(sqe);
	CHECK(fd >= 0);
	CHECK_EQ((fcntl(fd, F_GETFL) & O_ACCMODE), O_RDONLY);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	{
		char b[4] = { 0 };

		CHECK_EQ(read(fd, b, 3), 3);
		CHECK(strcmp(b, "abc") == 0);
	}
	close(fd);

	/* openat2: how is honoured (RESOLVE_BENEATH refuses "..") */
	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY;
	how.resolve = RESOLVE_BENEATH;
	sqe = GET_SQE(&ring);
	io_uring_prep_openat2(sqe, dfd, "d/f", &how);
	fd = run(sqe);
	CHECK(fd >= 0);
	close(fd);
	sqe = GET_SQE(&ring);
	io_uring_prep_openat2(sqe, dfd, "../tmp", &how);
	CHECK_EQ(run(sqe), -EXDEV);
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0604;
	how.resolve = 0;
	sqe = GET_SQE(&ring);
	io_uring_prep_openat2(sqe, dfd, "d/h", &how);
	fd = run(sqe);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0);
	CHECK_EQ(st.st_mode & 07777, 0604);
	close(fd);
}

static void test_direct(void)
{
	struct io_uring_sqe *sqe;
	struct open_how how;
	int slot, ret;

	put_file("direct", "direct data");
	ret = io_uring_register_files_sparse(&ring, 8);
	CHECK_EQ(ret, 0);

	sqe = GET_SQE(&ring);
	io_uring_prep_openat_direct(sqe, dfd, "direct", O_RDONLY, 0, 2);
	CHECK_EQ(run(sqe), 0);
	check_slot(2, "direct data");
	check_slot_empty(3);

	sqe = GET_SQE(&ring);
	io_uring_prep_openat_direct(sqe, dfd, "direct", O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
	slot = run(sqe);
	CHECK(slot >= 0 && slot < 8 && slot != 2);
	check_slot(slot, "direct data");

	sqe = GET_SQE(&ring);
	io_uring_prep_open_direct(sqe, P("direct"), O_RDONLY, 0, 5);
	CHECK_EQ(run(sqe), 0);
	check_slot(5, "direct data");

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY;
	sqe = GET_SQE(&ring);
	io_uring_prep_openat2_direct(sqe, dfd, "direct", &how, 6);
	CHECK_EQ(run(sqe), 0);
	check_slot(6, "direct data");
	sqe = GET_SQE(&ring);
	io_uring_prep_openat2_direct(sqe, dfd, "direct", &how, IORING_FILE_INDEX_ALLOC);
	ret = run(sqe);
	CHECK(ret >= 0 && ret < 8 && ret != 2 && ret != 5 && ret != 6 && ret != slot);
	check_slot(ret, "direct data");

	/* a slot past the table */
	sqe = GET_SQE(&ring);
	io_uring_prep_openat_direct(sqe, dfd, "direct", O_RDONLY, 0, 8);
	CHECK_EQ(run(sqe), -EINVAL);

	/* close_direct empties the slot; an empty one gives -EBADF */
	sqe = GET_SQE(&ring);
	io_uring_prep_close_direct(sqe, 2);
	CHECK_EQ(run(sqe), 0);
	check_slot_empty(2);
	check_slot(5, "direct data");
	sqe = GET_SQE(&ring);
	io_uring_prep_close_direct(sqe, 2);
	CHECK_EQ(run(sqe), -EBADF);

	CHECK_EQ(io_uring_unregister_files(&ring), 0);
}

static void test_statx(void)
{
	struct io_uring_sqe *sqe;
	struct statx stx;
	struct stat st;

	put_file("sx", "0123456789");
	CHECK(symlinkat("sx", dfd, "sxl") == 0);
	CHECK(fstatat(dfd, "sx", &st, 0) == 0);

	memset(&stx, 0xff, sizeof(stx));
	sqe = GET_SQE(&ring);
	io_uring_prep_statx(sqe, dfd, "sx", 0, STATX_BASIC_STATS, &stx);
	CHECK_EQ(run(sqe), 0);
	CHECK((stx.stx_mask & (STATX_SIZE | STATX_INO | STATX_TYPE)) ==
	      (STATX_SIZE | STATX_INO | STATX_TYPE));
	CHECK_EQ(stx.stx_size, 10);
	CHECK_EQ(stx.stx_ino, st.st_ino);
	CHECK(S_ISREG(stx.stx_mode));

	/* through the symlink: followed, or not with AT_SYMLINK_NOFOLLOW */
	sqe = GET_SQE(&ring);
	io_uring_prep_statx(sqe, dfd, "sxl", 0, STATX_BASIC_STATS, &stx);
	CHECK_EQ(run(sqe), 0);
	CHECK(S_ISREG(stx.stx_mode));
	CHECK_EQ(stx.stx_ino, st.st_ino);
	sqe = GET_SQE(&ring);
	io_uring_prep_statx(sqe, dfd, "sxl", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx);
	CHECK_EQ(run(sqe), 0);
	CHECK(S_ISLNK(stx.stx_mode));
	CHECK_EQ(stx.stx_size, 2);

	sqe = GET_SQE(&ring);
	io_uring_prep_statx(sqe, dfd, "nonexistent", 0, STATX_BASIC_STATS, &stx);
	CHECK_EQ(run(sqe), -ENOENT);
}

static void test_names(void)
{
	struct io_uring_sqe *sqe;
	struct stat a, b;
	char buf[64];
	ssize_t n;

	/* renameat, RENAME_NOREPLACE */
	put_file("r1", "one");
	put_file("r2", "two");
	sqe = GET_SQE(&ring);
	io_uring_prep_renameat(sqe, dfd, "r1", dfd, "r2", RENAME_NOREPLACE);
	CHECK_EQ(run(sqe), -EEXIST);
	CHECK(exists("r1") && exists("r2"));
	sqe = GET_SQE(&ring);
	io_uring_prep_renameat(sqe, dfd, "r1", dfd, "r3", 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(!exists("r1") && exists("r3"));
	sqe = GET_SQE(&ring);
	io_uring_prep_rename(sqe, P("r3"), P("r2"));
	CHECK_EQ(run(sqe), 0);
	CHECK(!exists("r3"));
	n = readlink(P("r2"), buf, sizeof(buf));
	CHECK(n == -1);
	{
		int fd = openat(dfd, "r2", O_RDONLY);
		char t[8] = { 0 };

		CHECK(fd >= 0);
		CHECK_EQ(read(fd, t, sizeof(t) - 1), 3);
		CHECK(strcmp(t, "one") == 0);
		close(fd);
	}

	/* symlinkat / symlink */
	sqe = GET_SQE(&ring);
	io_uring_prep_symlinkat(sqe, "r2", dfd, "s1");
	CHECK_EQ(run(sqe), 0);
	n = readlinkat(dfd, "s1", buf, sizeof(buf));
	CHECK_EQ(n, 2);
	CHECK(memcmp(buf, "r2", 2) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_symlink(sqe, "some/target", P("s2"));
	CHECK_EQ(run(sqe), 0);
	n = readlinkat(dfd, "s2", buf, sizeof(buf));
	CHECK_EQ(n, 11);
	CHECK(memcmp(buf, "some/target", 11) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_symlinkat(sqe, "x", dfd, "s1");
	CHECK_EQ(run(sqe), -EEXIST);

	/* linkat / link: AT_SYMLINK_FOLLOW links the target, not the symlink */
	sqe = GET_SQE(&ring);
	io_uring_prep_linkat(sqe, dfd, "r2", dfd, "l1", 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(fstatat(dfd, "r2", &a, 0) == 0);
	CHECK(fstatat(dfd, "l1", &b, 0) == 0);
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_nlink, 2);
	sqe = GET_SQE(&ring);
	io_uring_prep_linkat(sqe, dfd, "s1", dfd, "l2", 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(fstatat(dfd, "l2", &b, AT_SYMLINK_NOFOLLOW) == 0);
	CHECK(S_ISLNK(b.st_mode));
	sqe = GET_SQE(&ring);
	io_uring_prep_linkat(sqe, dfd, "s1", dfd, "l3", AT_SYMLINK_FOLLOW);
	CHECK_EQ(run(sqe), 0);
	CHECK(fstatat(dfd, "l3", &b, AT_SYMLINK_NOFOLLOW) == 0);
	CHECK(S_ISREG(b.st_mode));
	CHECK_EQ(b.st_ino, a.st_ino);
	sqe = GET_SQE(&ring);
	io_uring_prep_link(sqe, P("r2"), P("l4"), 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(fstatat(dfd, "l4", &b, 0) == 0);
	CHECK_EQ(b.st_ino, a.st_ino);
	CHECK_EQ(b.st_nlink, 4);

	/* unlinkat / unlink, AT_REMOVEDIR */
	sqe = GET_SQE(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "l1", 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(!exists("l1"));
	CHECK(fstatat(dfd, "r2", &a, 0) == 0);
	CHECK_EQ(a.st_nlink, 3);
	sqe = GET_SQE(&ring);
	io_uring_prep_unlink(sqe, P("l4"), 0);
	CHECK_EQ(run(sqe), 0);
	CHECK(!exists("l4"));
	sqe = GET_SQE(&ring);
	io_uring_prep_unlink(sqe, P("l4"), 0);
	CHECK_EQ(run(sqe), -ENOENT);

	CHECK(mkdirat(dfd, "rd", 0755) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "rd", 0);
	CHECK_EQ(run(sqe), -EISDIR);
	CHECK(exists("rd"));
	sqe = GET_SQE(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "rd", AT_REMOVEDIR);
	CHECK_EQ(run(sqe), 0);
	CHECK(!exists("rd"));
	sqe = GET_SQE(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "r2", AT_REMOVEDIR);
	CHECK_EQ(run(sqe), -ENOTDIR);
}

static void test_xattr(void)
{
	struct io_uring_sqe *sqe;
	char val[64];
	ssize_t n;
	int fd, ret;

	put_file("xa", "x");
	sqe = GET_SQE(&ring);
	io_uring_prep_setxattr(sqe, "user.prep", "value-one", P("xa"), 0, 9);
	ret = run(sqe);
	if (ret == -EOPNOTSUPP) {
		t_skip_part("xattr: filesystem refuses user.* attributes");
		return;
	}
	CHECK_EQ(ret, 0);
	memset(val, 0, sizeof(val));
	n = getxattr(P("xa"), "user.prep", val, sizeof(val));
	CHECK_EQ(n, 9);
	CHECK(memcmp(val, "value-one", 9) == 0);

	/* flags: XATTR_CREATE on an existing attribute */
	sqe = GET_SQE(&ring);
	io_uring_prep_setxattr(sqe, "user.prep", "zz", P("xa"), XATTR_CREATE, 2);
	CHECK_EQ(run(sqe), -EEXIST);

	memset(val, 0, sizeof(val));
	sqe = GET_SQE(&ring);
	io_uring_prep_getxattr(sqe, "user.prep", val, P("xa"), sizeof(val));
	CHECK_EQ(run(sqe), 9);
	CHECK(memcmp(val, "value-one", 9) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_getxattr(sqe, "user.prep", val, P("xa"), 4);
	CHECK_EQ(run(sqe), -ERANGE);
	sqe = GET_SQE(&ring);
	io_uring_prep_getxattr(sqe, "user.none", val, P("xa"), sizeof(val));
	CHECK_EQ(run(sqe), -ENODATA);

	fd = openat(dfd, "xa", O_RDWR);
	CHECK(fd >= 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fsetxattr(sqe, fd, "user.f", "fvalue", 0, 6);
	CHECK_EQ(run(sqe), 0);
	memset(val, 0, sizeof(val));
	n = fgetxattr(fd, "user.f", val, sizeof(val));
	CHECK_EQ(n, 6);
	CHECK(memcmp(val, "fvalue", 6) == 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_fsetxattr(sqe, fd, "user.new", "n", XATTR_REPLACE, 1);
	CHECK_EQ(run(sqe), -ENODATA);

	memset(val, 0, sizeof(val));
	sqe = GET_SQE(&ring);
	io_uring_prep_fgetxattr(sqe, fd, "user.prep", val, sizeof(val));
	CHECK_EQ(run(sqe), 9);
	CHECK(memcmp(val, "value-one", 9) == 0);
	close(fd);
}

static void test_files_update_install(void)
{
	struct io_uring_sqe *sqe;
	int fds[2], alloc_fds[2], fd, ret;

	put_file("fu1", "file one");
	put_file("fu2", "file two");
	fds[0] = openat(dfd, "fu1", O_RDONLY);
	fds[1] = openat(dfd, "fu2", O_RDONLY);
	CHECK(fds[0] >= 0 && fds[1] >= 0);
	CHECK_EQ(io_uring_register_files_sparse(&ring, 8), 0);

	sqe = GET_SQE(&ring);
	io_uring_prep_files_update(sqe, fds, 2, 4);
	CHECK_EQ(run(sqe), 2);
	check_slot_empty(3);
	check_slot(4, "file one");
	check_slot(5, "file two");

	/* -1 clears a slot */
	alloc_fds[0] = -1;
	sqe = GET_SQE(&ring);
	io_uring_prep_files_update(sqe, alloc_fds, 1, 4);
	CHECK_EQ(run(sqe), 1);
	check_slot_empty(4);

	/* IORING_FILE_INDEX_ALLOC: the kernel picks slots and writes them back */
	alloc_fds[0] = fds[1];
	alloc_fds[1] = fds[0];
	sqe = GET_SQE(&ring);
	io_uring_prep_files_update(sqe, alloc_fds, 2, IORING_FILE_INDEX_ALLOC);
	ret = run(sqe);
	CHECK_EQ(ret, 2);
	CHECK(alloc_fds[0] >= 0 && alloc_fds[0] < 8 && alloc_fds[0] != 5);
	CHECK(alloc_fds[1] >= 0 && alloc_fds[1] < 8 && alloc_fds[1] != 5);
	CHECK(alloc_fds[0] != alloc_fds[1]);
	check_slot(alloc_fds[0], "file two");
	check_slot(alloc_fds[1], "file one");

	if (t_op_supported(&ring, IORING_OP_FIXED_FD_INSTALL)) {
		char buf[16] = { 0 };

		sqe = GET_SQE(&ring);
		io_uring_prep_fixed_fd_install(sqe, 5, 0);
		fd = run(sqe);
		CHECK(fd >= 0);
		CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		CHECK_EQ(pread(fd, buf, sizeof(buf) - 1, 0), 8);
		CHECK(strcmp(buf, "file two") == 0);
		close(fd);

		sqe = GET_SQE(&ring);
		io_uring_prep_fixed_fd_install(sqe, 5, IORING_FIXED_FD_NO_CLOEXEC);
		fd = run(sqe);
		CHECK(fd >= 0);
		CHECK(!(fcntl(fd, F_GETFD) & FD_CLOEXEC));
		close(fd);

		sqe = GET_SQE(&ring);
		io_uring_prep_fixed_fd_install(sqe, 3, 0);	/* empty slot */
		CHECK_EQ(run(sqe), -EBADF);
	} else {
		t_skip_part("fixed_fd_install: kernel lacks IORING_OP_FIXED_FD_INSTALL");
	}

	close(fds[0]);
	close(fds[1]);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
}

static void test_provide_buffers(void)
{
	enum { NBUF = 4, BUFSZ = 32, BGID = 3, BID0 = 10 };
	static char bufs[NBUF][BUFSZ];
	struct io_uring_sqe *sqe;
	unsigned flags, bid;
	int p[2], ret;

	if (!t_op_supported(&ring, IORING_OP_PROVIDE_BUFFERS)) {
		t_skip_part("provide_buffers: kernel lacks IORING_OP_PROVIDE_BUFFERS");
		return;
	}
	sqe = GET_SQE(&ring);
	io_uring_prep_provide_buffers(sqe, bufs, BUFSZ, NBUF, BGID, BID0);
	ret = run(sqe);
	CHECK_EQ(ret, 0);

	CHECK(pipe(p) == 0);
	CHECK_EQ(write(p[1], "provided!", 9), 9);
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, p[0], NULL, BUFSZ, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	ret = RUN_SQE(&ring, sqe, &flags);
	CHECK_EQ(ret, 9);
	CHECK(flags & IORING_CQE_F_BUFFER);
	bid = flags >> IORING_CQE_BUFFER_SHIFT;
	CHECK(bid >= BID0 && bid < BID0 + NBUF);
	CHECK(memcmp(bufs[bid - BID0], "provided!", 9) == 0);

	/* three left: removing up to 8 takes them all, then none is left */
	sqe = GET_SQE(&ring);
	io_uring_prep_remove_buffers(sqe, 8, BGID);
	CHECK_EQ(run(sqe), NBUF - 1);
	sqe = GET_SQE(&ring);
	io_uring_prep_remove_buffers(sqe, 1, BGID);
	CHECK_EQ(run(sqe), 0);
	/* a group that never existed */
	sqe = GET_SQE(&ring);
	io_uring_prep_remove_buffers(sqe, 1, BGID + 1);
	CHECK_EQ(run(sqe), -ENOENT);
	/*
	 * The group id is 16 bits: 0x10000 + BGID is BGID (and must not spill
	 * into the neighbouring personality field, which would fail).
	 */
	sqe = GET_SQE(&ring);
	io_uring_prep_provide_buffers(sqe, bufs, BUFSZ, 2, 0x10000 + BGID, BID0);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_remove_buffers(sqe, 8, BGID);
	CHECK_EQ(run(sqe), 2);
	sqe = GET_SQE(&ring);
	io_uring_prep_provide_buffers(sqe, bufs, BUFSZ, 1, BGID, BID0);
	CHECK_EQ(run(sqe), 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_remove_buffers(sqe, 8, 0x10000 + BGID);
	CHECK_EQ(run(sqe), 1);

	/* a read from the empty group finds no buffer */
	sqe = GET_SQE(&ring);
	io_uring_prep_read(sqe, p[0], NULL, BUFSZ, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	CHECK_EQ(run(sqe), -ENOBUFS);
	close(p[0]);
	close(p[1]);
}

static void cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

int main(void)
{
	t_init();
	umask(0);
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	CHECK(mkdtemp(dir) != NULL);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	atexit(cleanup);

	test_mkdir_open_close();
	test_direct();
	test_statx();
	test_names();
	test_xattr();
	test_files_update_install();
	test_provide_buffers();

	close(dfd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
