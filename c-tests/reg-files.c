/* SPDX-License-Identifier: MIT */
/*
 * Registered (fixed) files: io_uring_register_files, _files_tags, _files_sparse,
 * _files_update, _files_update_tag, io_uring_unregister_files and
 * io_uring_register_file_alloc_range, checked by what the kernel then does with
 * the table (reads through IOSQE_FIXED_FILE, tag CQEs, slot allocation), plus
 * bad input and the RLIMIT_NOFILE retry the library performs on -EMFILE.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include "test.h"

#define UD_IO 0x10000001ULL
#define BAD_PTR ((void *) 8)	/* non-NULL, never mapped */

/* CQEs seen while waiting for something else (tag CQEs). */
static struct t_stash extra;

static int make_file(const char *tag)
{
	char data[64];
	int fd = t_tmpfile();

	memset(data, 0, sizeof(data));
	snprintf(data, sizeof(data), "contents of file %s", tag);
	if (pwrite(fd, data, sizeof(data), 0) != sizeof(data))
		FAIL("pwrite: %s", strerror(errno));
	return fd;
}

/* Read 64 bytes at offset 0 through fixed file slot @idx; returns cqe->res. */
static int fixed_read(struct io_uring *ring, int idx, char *buf)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	memset(buf, 0, 64);
	io_uring_prep_rw(IORING_OP_READ, sqe, idx, buf, 64, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = UD_IO;
	return STASH_WAIT(ring, &extra, UD_IO);
}

static void expect_fixed(struct io_uring *ring, int idx, const char *tag)
{
	char buf[64], want[64];
	int res = fixed_read(ring, idx, buf);

	memset(want, 0, sizeof(want));
	snprintf(want, sizeof(want), "contents of file %s", tag);
	if (res != 64)
		FAIL("read via fixed slot %d: expected 64 bytes of file %s, got res %d (%s)",
		     idx, tag, res, res < 0 ? strerror(-res) : "short");
	if (memcmp(buf, want, 64))
		FAIL("read via fixed slot %d: expected \"%s\", got \"%.64s\"", idx, want, buf);
}

static void expect_fixed_res(struct io_uring *ring, int idx, int want)
{
	char buf[64];
	int res = fixed_read(ring, idx, buf);

	if (res != want)
		FAIL("read via fixed slot %d: expected res %d (%s), got %d (%s)", idx,
		     want, strerror(-want), res, res < 0 ? strerror(-res) : "data");
}

/* The tag CQE for @tag must arrive (user_data tag, res 0, flags 0). */
static void expect_tag(struct io_uring *ring, __u64 tag)
{
	struct t_cqe c = STASH_TAKE(ring, &extra, tag);

	if (c.res != 0 || c.flags != 0)
		FAIL("tag CQE 0x%llx: expected res 0 flags 0, got res %d flags 0x%x",
		     (unsigned long long) tag, c.res, c.flags);
}

static void test_register_files(int fa, int fb, int fc)
{
	struct io_uring ring;
	int files[3] = { fa, -1, fb };
	int one[1], dupfd;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	/* before any registration */
	expect_fixed_res(&ring, 0, -EBADF);
	CHECK_EQ(io_uring_unregister_files(&ring), -ENXIO);
	one[0] = fa;
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), -ENXIO);
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 0, one, NULL, 1), -ENXIO);

	CHECK_EQ(io_uring_register_files(&ring, files, 3), 0);
	expect_fixed(&ring, 0, "A");
	expect_fixed_res(&ring, 1, -EBADF);	/* -1: an empty slot */
	expect_fixed(&ring, 2, "B");
	expect_fixed_res(&ring, 3, -EBADF);	/* beyond the table */
	CHECK_EQ(io_uring_register_files(&ring, files, 3), -EBUSY);
	CHECK_EQ(io_uring_register_files_sparse(&ring, 4), -EBUSY);

	/* fill the empty slot, then replace a used one: the new file is used */
	one[0] = fc;
	CHECK_EQ(io_uring_register_files_update(&ring, 1, one, 1), 1);
	expect_fixed(&ring, 1, "C");
	one[0] = fc;
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), 1);
	expect_fixed(&ring, 0, "C");
	expect_fixed(&ring, 2, "B");

	/* several at once, with SKIP leaving a slot alone and -1 clearing one */
	{
		int upd[3] = { fa, IORING_REGISTER_FILES_SKIP, -1 };

		CHECK_EQ(io_uring_register_files_update(&ring, 0, upd, 3), 3);
		expect_fixed(&ring, 0, "A");
		expect_fixed(&ring, 1, "C");
		expect_fixed_res(&ring, 2, -EBADF);
	}

	/* the table holds its own reference: closing our fd does not matter */
	dupfd = dup(fb);
	CHECK(dupfd >= 0);
	one[0] = dupfd;
	CHECK_EQ(io_uring_register_files_update(&ring, 2, one, 1), 1);
	close(dupfd);
	expect_fixed(&ring, 2, "B");

	/* bad updates */
	one[0] = dupfd;	/* now closed */
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), -EBADF);
	one[0] = ring.ring_fd;	/* an io_uring fd cannot be registered */
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), -EBADF);
	/* (6.18 empties a slot before it rejects the new fd, so put A back) */
	one[0] = fa;
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), 1);
	expect_fixed(&ring, 0, "A");
	CHECK_EQ(io_uring_register_files_update(&ring, 3, one, 1), -EINVAL);
	CHECK_EQ(io_uring_register_files_update(&ring, 2, files, 2), -EINVAL);
	CHECK_EQ(io_uring_register_files_update(&ring, UINT_MAX, one, 2), -EOVERFLOW);
	CHECK_EQ(io_uring_register_files_update(&ring, 0, NULL, 1), -EFAULT);
	CHECK_EQ(io_uring_register_files_update(&ring, 0, BAD_PTR, 1), -EFAULT);
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 0, BAD_PTR, NULL, 1), -EFAULT);
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 0, one, BAD_PTR, 1), -EFAULT);
	/* a first good entry then a bad one: the count done so far is returned */
	{
		int upd[2] = { fc, dupfd };

		CHECK_EQ(io_uring_register_files_update(&ring, 0, upd, 2), 1);
		expect_fixed(&ring, 0, "C");
	}

	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	expect_fixed_res(&ring, 0, -EBADF);
	expect_fixed_res(&ring, 1, -EBADF);
	CHECK_EQ(io_uring_unregister_files(&ring), -ENXIO);
	one[0] = fa;
	CHECK_EQ(io_uring_register_files_update(&ring, 0, one, 1), -ENXIO);

	/* a fresh table can be registered again */
	CHECK_EQ(io_uring_register_files(&ring, one, 1), 0);
	expect_fixed(&ring, 0, "A");
	CHECK_EQ(io_uring_unregister_files(&ring), 0);

	/* bad registrations, each leaving no table behind */
	files[0] = dupfd;	/* closed */
	CHECK_EQ(io_uring_register_files(&ring, files, 1), -EBADF);
	files[0] = ring.ring_fd;
	CHECK_EQ(io_uring_register_files(&ring, files, 1), -EBADF);
	files[0] = fa;
	files[1] = 1 << 30;	/* never a valid fd */
	CHECK_EQ(io_uring_register_files(&ring, files, 2), -EBADF);
	CHECK_EQ(io_uring_register_files(&ring, files, 0), -EINVAL);
	CHECK_EQ(io_uring_register_files(&ring, BAD_PTR, 2), -EFAULT);
	CHECK_EQ(io_uring_register_files(&ring, files, (1U << 20) + 1), -EMFILE);
	CHECK_EQ(io_uring_unregister_files(&ring), -ENXIO);	/* nothing left registered */

	CHECK_EQ(io_uring_register_files(&ring, NULL, 4), -EFAULT);
	CHECK_EQ(io_uring_unregister_files(&ring), -ENXIO);

	/* an array of -1 is a table of empty slots */
	files[0] = files[1] = files[2] = -1;
	CHECK_EQ(io_uring_register_files(&ring, files, 3), 0);
	expect_fixed_res(&ring, 2, -EBADF);
	one[0] = fb;
	CHECK_EQ(io_uring_register_files_update(&ring, 2, one, 1), 1);
	expect_fixed(&ring, 2, "B");
	CHECK_EQ(io_uring_unregister_files(&ring), 0);

	io_uring_queue_exit(&ring);
}

static void test_tags(int fa, int fb, int fc)
{
	struct io_uring ring;
	int files[3] = { fa, fb, -1 };
	__u64 tags[3] = { 0x1111, 0x2222, 0 };
	__u64 one_tag[1];
	int one[1];

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	extra.n = 0;

	/* a tag on an empty slot is refused */
	tags[2] = 0x3333;
	CHECK_EQ(io_uring_register_files_tags(&ring, files, tags, 3), -EINVAL);
	tags[2] = 0;
	CHECK_EQ(io_uring_register_files_tags(&ring, files, tags, 0), -EINVAL);
	CHECK_EQ(io_uring_register_files_tags(&ring, BAD_PTR, tags, 3), -EFAULT);
	CHECK_EQ(io_uring_register_files_tags(&ring, files, BAD_PTR, 3), -EFAULT);
	CHECK_EQ(io_uring_unregister_files(&ring), -ENXIO);

	CHECK_EQ(io_uring_register_files_tags(&ring, files, tags, 3), 0);
	expect_fixed(&ring, 0, "A");
	expect_fixed(&ring, 1, "B");
	expect_fixed_res(&ring, 2, -EBADF);
	STASH_EXPECT_NONE(&ring, &extra, "after registering tagged files");

	/* replacing tagged slot 0 posts tag 0x1111; the new file carries 0x4444 */
	one[0] = fc;
	one_tag[0] = 0x4444;
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 0, one, one_tag, 1), 1);
	expect_tag(&ring, 0x1111);
	expect_fixed(&ring, 0, "C");
	STASH_EXPECT_NONE(&ring, &extra, "after the first replacement");

	/* filling the untagged empty slot posts nothing */
	one[0] = fa;
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 2, one, NULL, 1), 1);
	expect_fixed(&ring, 2, "A");
	STASH_EXPECT_NONE(&ring, &extra, "after filling an empty slot");

	/* a tag with -1 (clear) or SKIP is refused */
	one[0] = -1;
	one_tag[0] = 0x5555;
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 1, one, one_tag, 1), -EINVAL);
	one[0] = IORING_REGISTER_FILES_SKIP;
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 1, one, one_tag, 1), -EINVAL);
	expect_fixed(&ring, 1, "B");
	STASH_EXPECT_NONE(&ring, &extra, "after refused updates");

	/* clearing slot 1 (tag 0x2222) posts its tag */
	one[0] = -1;
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 1, one, NULL, 1), 1);
	expect_tag(&ring, 0x2222);
	expect_fixed_res(&ring, 1, -EBADF);

	/* unregistering posts the remaining tags (0x4444 on slot 0), only those */
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	expect_tag(&ring, 0x4444);
	STASH_EXPECT_NONE(&ring, &extra, "after unregistering");

	/* tags == NULL registers untagged files */
	CHECK_EQ(io_uring_register_files_tags(&ring, files, NULL, 2), 0);
	expect_fixed(&ring, 1, "B");
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	STASH_EXPECT_NONE(&ring, &extra, "after unregistering untagged files");

	io_uring_queue_exit(&ring);
}

/* Open /dev/null into a kernel-chosen slot; returns cqe->res (the slot). */
static int open_alloc(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(IORING_OP_OPENAT, sqe, AT_FDCWD, "/dev/null", 0, 0);
	sqe->open_flags = O_RDONLY;
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
	sqe->user_data = UD_IO;
	return STASH_WAIT(ring, &extra, UD_IO);
}

static void test_sparse_and_alloc_range(int fa)
{
	struct io_uring ring;
	int one[1] = { fa };
	int got[3], i, j, res;
	char buf[64];

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	extra.n = 0;

	CHECK_EQ(io_uring_register_file_alloc_range(&ring, 0, 1), -EINVAL);	/* no table: 1 > 0 slots */
	CHECK_EQ(io_uring_register_files_sparse(&ring, 0), -EINVAL);
	CHECK_EQ(io_uring_register_files_sparse(&ring, (1U << 20) + 1), -EMFILE);

	CHECK_EQ(io_uring_register_files_sparse(&ring, 8), 0);
	for (i = 0; i < 8; i++)
		expect_fixed_res(&ring, i, -EBADF);
	CHECK_EQ(io_uring_register_files_sparse(&ring, 8), -EBUSY);
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 5, one, NULL, 1), 1);
	expect_fixed(&ring, 5, "A");
	CHECK_EQ(io_uring_register_files_update_tag(&ring, 8, one, NULL, 1), -EINVAL);

	/* allocation only inside [2, 5) */
	CHECK_EQ(io_uring_register_file_alloc_range(&ring, 7, 2), -EINVAL);	/* past the end */
	CHECK_EQ(io_uring_register_file_alloc_range(&ring, UINT_MAX, 2), -EOVERFLOW);
	CHECK_EQ(io_uring_register_file_alloc_range(&ring, 2, 3), 0);
	for (i = 0; i < 3; i++) {
		got[i] = open_alloc(&ring);
		if (got[i] < 2 || got[i] > 4)
			FAIL("allocated slot %d outside the range [2, 5)", got[i]);
		for (j = 0; j < i; j++)
			if (got[j] == got[i])
				FAIL("slot %d allocated twice", got[i]);
		/* the slot really holds /dev/null: a read gives EOF */
		res = fixed_read(&ring, got[i], buf);
		CHECK_EQ(res, 0);
	}
	/* the range is full though slots 0, 1, 6, 7 are free */
	CHECK_EQ(open_alloc(&ring), -ENFILE);
	expect_fixed_res(&ring, 0, -EBADF);

	/* a new range applies at once */
	CHECK_EQ(io_uring_register_file_alloc_range(&ring, 6, 2), 0);
	res = open_alloc(&ring);
	if (res != 6 && res != 7)
		FAIL("allocated slot %d outside the range [6, 8)", res);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	CHECK_EQ(io_uring_register_file_alloc_range(&ring, 0, 1), -EINVAL);
	io_uring_queue_exit(&ring);
}

/*
 * The library raises RLIMIT_NOFILE by the table size and retries once when the
 * kernel refuses a table larger than the limit (-EMFILE).
 */
static void test_rlimit_retry(void)
{
	struct rlimit orig, low, now;
	struct io_uring ring;
	int empty[128], which;

	CHECK(getrlimit(RLIMIT_NOFILE, &orig) == 0);
	if (orig.rlim_max != RLIM_INFINITY && orig.rlim_max < 64 + 128) {
		t_skip_part("RLIMIT_NOFILE hard limit %llu too low for the retry test",
			    (unsigned long long) orig.rlim_max);
		return;
	}
	for (which = 0; which < 128; which++)
		empty[which] = -1;
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	for (which = 0; which < 3; which++) {
		low = orig;
		low.rlim_cur = 64;
		CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
		switch (which) {
		case 0:
			CHECK_EQ(io_uring_register_files_sparse(&ring, 128), 0);
			break;
		case 1:
			CHECK_EQ(io_uring_register_files(&ring, empty, 128), 0);
			break;
		case 2:
			CHECK_EQ(io_uring_register_files_tags(&ring, empty, NULL, 128), 0);
			break;
		}
		CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0);
		if (now.rlim_cur != 64 + 128)
			FAIL("variant %d: expected RLIMIT_NOFILE raised from 64 by 128 to 192, got %llu",
			     which, (unsigned long long) now.rlim_cur);
		CHECK_EQ(io_uring_unregister_files(&ring), 0);
	}
	/* no retry when the limit already allows the table: the limit stays put */
	low = orig;
	low.rlim_cur = 256;
	CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
	CHECK_EQ(io_uring_register_files_sparse(&ring, 128), 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0);
	CHECK_EQ(now.rlim_cur, 256);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	CHECK(setrlimit(RLIMIT_NOFILE, &orig) == 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	int fds_before, fa, fb, fc;

	t_init();
	fds_before = t_count_fds();
	fa = make_file("A");
	fb = make_file("B");
	fc = make_file("C");

	test_register_files(fa, fb, fc);
	test_tags(fa, fb, fc);
	test_sparse_and_alloc_range(fa);
	test_rlimit_retry();

	close(fa);
	close(fb);
	close(fc);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
