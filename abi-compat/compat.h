/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the binary-compatibility suite.
 *
 * These programs are compiled against the system's (Debian, liburing 2.3)
 * <liburing.h> and linked with the system's -luring: the header's inline
 * helpers are compiled into them and read and write struct io_uring fields
 * directly.  run.sh then runs each one twice: against the system library (a
 * control that validates the test itself) and with LD_LIBRARY_PATH pointing
 * at our build, which is the run that counts.
 *
 * ABI_EXPECT_DIR names the directory the mapped liburing.so must come from;
 * abi_init() fails the program when /proc/self/maps says otherwise, so a run
 * "against ours" can never silently test the system library.
 *
 * Exit codes: 0 pass, 77 skip (reason on stderr), anything else fail.
 */
#ifndef ABI_COMPAT_H
#define ABI_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <liburing.h>	/* the system's header: never this project's include/ */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define A_PASS 0
#define A_FAIL 1
#define A_SKIP 77

/* Not in older headers; values from liburing 2.15's io_uring.h. */
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif

__attribute__((noreturn, format(printf, 3, 4)))
static inline void a_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(A_FAIL);
}

__attribute__((noreturn, format(printf, 1, 2)))
static inline void a_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("skip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(A_SKIP);
}

#define FAIL(...) a_fail(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			FAIL("check failed: %s", #cond);		\
	} while (0)

#define CHECK_EQ(got, want)						\
	do {								\
		long long a_g_ = (long long) (got);			\
		long long a_w_ = (long long) (want);			\
		if (a_g_ != a_w_)					\
			FAIL("%s: expected %s = %lld (0x%llx), got %lld (0x%llx)", \
			     #got, #want, a_w_, (unsigned long long) a_w_, \
			     a_g_, (unsigned long long) a_g_);		\
	} while (0)

#define CHECK_OK(call)							\
	do {								\
		long long a_r_ = (long long) (call);			\
		if (a_r_ < 0)						\
			FAIL("%s failed: %lld (%s)", #call, a_r_,	\
			     strerror((int) -a_r_));			\
	} while (0)

/* Path of the liburing.so* mapped into this process (not liburing-ffi). */
static inline int a_mapped_liburing(char *out, size_t outsz)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[PATH_MAX + 256];
	int found = 0;

	if (!f)
		FAIL("cannot open /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');
		char *base, *nl;

		if (!path)
			continue;
		nl = strchr(path, '\n');
		if (nl)
			*nl = '\0';
		base = strrchr(path, '/') + 1;
		if (strncmp(base, "liburing.so", 11) != 0)
			continue;
		if (found && strcmp(out, path) != 0)
			FAIL("two different liburing.so mapped: %s and %s", out, path);
		snprintf(out, outsz, "%s", path);
		found = 1;
	}
	fclose(f);
	return found;
}

/*
 * Call first in main(): bounds the run (SIGALRM) and proves which
 * liburing.so.2 the dynamic linker gave us.
 */
static inline void abi_init(void)
{
	const char *want = getenv("ABI_EXPECT_DIR");
	char mapped[PATH_MAX], wantreal[PATH_MAX], dir[PATH_MAX];
	char *slash;

	setvbuf(stderr, NULL, _IONBF, 0);
	alarm(20);
	if (!want || !*want)
		FAIL("ABI_EXPECT_DIR is not set: cannot tell which liburing must be loaded");
	if (!realpath(want, wantreal))
		FAIL("ABI_EXPECT_DIR=%s: %s", want, strerror(errno));
	if (!a_mapped_liburing(mapped, sizeof(mapped)))
		FAIL("no liburing.so mapped in /proc/self/maps");
	snprintf(dir, sizeof(dir), "%s", mapped);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (strcmp(dir, wantreal) != 0)
		FAIL("wrong library loaded: %s is mapped, expected one from %s",
		     mapped, wantreal);
	fprintf(stderr, "loaded %s\n", mapped);
}

/* Nonzero in the run against our build (run.sh sets ABI_OURS=1 there). */
static inline int abi_is_ours(void)
{
	const char *o = getenv("ABI_OURS");

	return o && strcmp(o, "1") == 0;
}

static inline struct __kernel_timespec a_ts_ms(long ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};
	return ts;
}

static inline long long a_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Inline io_uring_get_sqe of the old header, or fail. */
#define GET_SQE(ring) a_get_sqe((ring), __FILE__, __LINE__)
static inline struct io_uring_sqe *a_get_sqe(struct io_uring *ring,
					     const char *file, int line)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		a_fail(file, line, "io_uring_get_sqe returned NULL");
	return sqe;
}

/* Bounded wait for one CQE (not consumed); a timeout is a failure. */
#define WAIT_CQE(ring, cqep, ms) a_wait_cqe((ring), (cqep), (ms), __FILE__, __LINE__)
static inline void a_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe,
			      long ms, const char *file, int line)
{
	struct __kernel_timespec ts = a_ts_ms(ms);
	int ret;

	*cqe = NULL;
	ret = io_uring_wait_cqe_timeout(ring, cqe, &ts);
	if (ret == -ETIME)
		a_fail(file, line, "request hung: no CQE within %ld ms", ms);
	if (ret < 0)
		a_fail(file, line, "io_uring_wait_cqe_timeout: %d (%s)", ret,
		       strerror(-ret));
	if (!*cqe)
		a_fail(file, line, "io_uring_wait_cqe_timeout returned 0 but no CQE");
}

/*
 * The fields the library sets up at init, checked against what the kernel
 * returned in @p (offsets into the mapped rings) and the old header's meaning
 * of each field.
 */
#define CHECK_RING_SETUP(ring, p, req_flags) \
	a_check_ring_setup((ring), (p), (req_flags), __FILE__, __LINE__)
static inline void a_check_ring_setup(struct io_uring *ring, struct io_uring_params *p,
			       unsigned req_flags, const char *file, int line)
{
	char *sqp = ring->sq.ring_ptr, *cqp = ring->cq.ring_ptr;
	unsigned i;

#define RS(cond) do { if (!(cond)) a_fail(file, line, "ring setup: %s", #cond); } while (0)
/* Alike in the SQ and the CQ (q: sq or cq): where head, tail, mask, entries are mapped... */
#define RS_MAPPED(q)							\
	do {								\
		RS((char *) ring->q.khead == q##p + p->q##_off.head);	\
		RS((char *) ring->q.ktail == q##p + p->q##_off.tail);	\
		RS((char *) ring->q.kring_mask == q##p + p->q##_off.ring_mask); \
		RS((char *) ring->q.kring_entries == q##p + p->q##_off.ring_entries); \
	} while (0)
/* ... and the ring size, the same in struct io_uring, in @p and in the ring. */
#define RS_SIZE(q)							\
	do {								\
		RS(ring->q.ring_entries == p->q##_entries);		\
		RS(ring->q.ring_entries == *ring->q.kring_entries);	\
		RS(ring->q.ring_mask == *ring->q.kring_mask);		\
		RS(ring->q.ring_mask == ring->q.ring_entries - 1);	\
	} while (0)
	RS(ring->ring_fd >= 0);
	RS(ring->enter_ring_fd == ring->ring_fd);
	RS(ring->int_flags == 0);
	RS(ring->flags == p->flags);
	RS((ring->flags & ~IORING_SETUP_NO_SQARRAY) == req_flags);
	RS(ring->features == p->features);
	RS(sqp != NULL && cqp != NULL);
	RS(ring->sq.ring_sz > 0 && ring->cq.ring_sz > 0);
	if (p->features & IORING_FEAT_SINGLE_MMAP)
		RS(sqp == cqp);
	RS_MAPPED(sq);
	RS((char *) ring->sq.kflags == sqp + p->sq_off.flags);
	RS((char *) ring->sq.kdropped == sqp + p->sq_off.dropped);
	RS(ring->sq.sqes != NULL);
	RS_SIZE(sq);
	RS(ring->sq.sqe_head == *ring->sq.khead);
	RS(ring->sq.sqe_tail == *ring->sq.ktail);
	if (!(ring->flags & IORING_SETUP_NO_SQARRAY)) {
		/* the SQ array maps slot i to SQE i, set up by the library */
		RS((char *) ring->sq.array == sqp + p->sq_off.array);
		for (i = 0; i < ring->sq.ring_entries; i++)
			RS(ring->sq.array[i] == i);
	}
	RS_MAPPED(cq);
	RS((char *) ring->cq.koverflow == cqp + p->cq_off.overflow);
	RS((char *) ring->cq.cqes == cqp + p->cq_off.cqes);
	if (p->cq_off.flags)
		RS((char *) ring->cq.kflags == cqp + p->cq_off.flags);
	RS_SIZE(cq);
	RS(*ring->cq.khead == *ring->cq.ktail);
#undef RS_SIZE
#undef RS_MAPPED
#undef RS
}

/*
 * io_uring_queue_init_params(@entries) with @setup_flags, then
 * CHECK_RING_SETUP.  Returns 0, or -EINVAL when the kernel refuses nonzero
 * @setup_flags (said on stderr as a partial skip); any other error fails.
 */
#define INIT_RING(ring, entries, setup_flags) \
	a_init_ring((ring), (entries), (setup_flags), __FILE__, __LINE__)
static inline int a_init_ring(struct io_uring *ring, unsigned entries, unsigned setup_flags,
			      const char *file, int line)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = setup_flags;
	ret = io_uring_queue_init_params(entries, ring, &p);
	if (ret == -EINVAL && setup_flags) {
		fprintf(stderr, "partial skip: setup flags 0x%x refused by the kernel\n",
			setup_flags);
		return ret;
	}
	if (ret < 0)
		a_fail(file, line, "io_uring_queue_init_params(%u, flags 0x%x) failed: %d (%s)",
		       entries, setup_flags, ret, strerror(-ret));
	a_check_ring_setup(ring, &p, setup_flags, file, line);
	return 0;
}

/*
 * Tag @sqe, which the caller prepared, with @ud and submit it on its own; wait
 * for its CQE (none within @ms ms is a failure), check that it is @ud's,
 * consume it and return its res.
 */
#define SUBMIT_ONE(ring, sqe, ud, ms) a_submit_one((ring), (sqe), (ud), (ms), __FILE__, __LINE__)
static inline int a_submit_one(struct io_uring *ring, struct io_uring_sqe *sqe, __u64 ud,
			       long ms, const char *file, int line)
{
	struct io_uring_cqe *cqe;
	int ret;

	io_uring_sqe_set_data64(sqe, ud);
	ret = io_uring_submit(ring);
	if (ret != 1)
		a_fail(file, line, "io_uring_submit: expected 1, got %d", ret);
	a_wait_cqe(ring, &cqe, ms, file, line);
	if (cqe->user_data != ud)
		a_fail(file, line, "expected CQE user_data 0x%llx, got 0x%llx",
		       (unsigned long long) ud, (unsigned long long) cqe->user_data);
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/* The CQE @off places past the CQ head, where the old header's index math puts it. */
static inline struct io_uring_cqe *a_head_cqe(struct io_uring *ring, unsigned off)
{
	unsigned shift = (ring->flags & IORING_SETUP_CQE32) ? 1 : 0;

	return &ring->cq.cqes[((*ring->cq.khead + off) & ring->cq.ring_mask) << shift];
}

/*
 * A NOP's completion, reaped in order: @cqe must be the CQ slot @off places
 * past the head, with user_data @ud and res 0.  Each argument is evaluated
 * once.
 */
#define CHECK_NOP_CQE(ring, cqe, off, ud) \
	a_check_nop_cqe((ring), (cqe), (off), (ud), __FILE__, __LINE__)
static inline void a_check_nop_cqe(struct io_uring *ring, struct io_uring_cqe *cqe,
				   unsigned off, __u64 ud, const char *file, int line)
{
	if (cqe != a_head_cqe(ring, off))
		a_fail(file, line, "CQE %p, expected CQ slot %p (head + %u)",
		       (void *) cqe, (void *) a_head_cqe(ring, off), off);
	if (cqe->user_data != ud || cqe->res != 0)
		a_fail(file, line, "expected CQE user_data 0x%llx res 0, got 0x%llx res %d",
		       (unsigned long long) ud, (unsigned long long) cqe->user_data,
		       cqe->res);
}

#endif
