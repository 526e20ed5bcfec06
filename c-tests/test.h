/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the C tests.
 *
 * Exit codes: 0 pass, 77 skip (one-line reason on stderr), anything else fail.
 * A failed check prints file:line, the expression and the values involved,
 * then exits 1.  Nothing here waits without a bound.
 */
#ifndef LIBURING_C_TESTS_TEST_H
#define LIBURING_C_TESTS_TEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <liburing.h>

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77

#define FAIL(...) t_fail(__FILE__, __LINE__, __VA_ARGS__)

/* Boolean check. */
#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			FAIL("check failed: %s", #cond);		\
	} while (0)

/* Integer equality; both sides are shown (decimal and hex) on failure. */
#define CHECK_EQ(got, want)						\
	do {								\
		long long t_g_ = (long long) (got);			\
		long long t_w_ = (long long) (want);			\
		if (t_g_ != t_w_)					\
			FAIL("%s: expected %s = %lld (0x%llx), got %lld (0x%llx)", \
			     #got, #want, t_w_, (unsigned long long) t_w_, \
			     t_g_, (unsigned long long) t_g_);		\
	} while (0)

/* A liburing call that must return 0 (or >= 0 when checked with CHECK_OK). */
#define CHECK_OK(call)							\
	do {								\
		long long t_r_ = (long long) (call);			\
		if (t_r_ < 0)						\
			FAIL("%s failed: %lld (%s)", #call, t_r_,	\
			     strerror((int) -t_r_));			\
	} while (0)

__attribute__((noreturn, format(printf, 3, 4)))
static inline void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(T_FAIL);
}

/* Whole test skipped: a real absence, probed at run time. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void t_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("skip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(T_SKIP);
}

/* One part of a test skipped, the rest still runs; run.sh shows these. */
__attribute__((format(printf, 1, 2)))
static inline void t_skip_part(const char *fmt, ...)
{
	va_list ap;

	fputs("partial skip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Skips must reflect the kernel, not a library fault.  These ask the kernel
 * directly (raw syscalls, no library code) whether it refuses something.
 */

/* Raw io_uring_setup(2) with a copy of @p: 0 if accepted, else -errno. */
static inline int t_kernel_setup(unsigned entries, const struct io_uring_params *p)
{
	struct io_uring_params copy = *p;
	long fd = syscall(__NR_io_uring_setup, entries, &copy);

	if (fd < 0)
		return -errno;
	close((int) fd);
	return 0;
}

/*
 * The library said -EINVAL when setting up a ring with @p: return if the
 * kernel says -EINVAL too (a real absence), fail otherwise.  (NO_MMAP probes
 * get no memory and see -EFAULT when the kernel knows the flags.)
 */
#define EINVAL_FROM_KERNEL(entries, p, what) \
	t_einval_from_kernel((entries), (p), (what), __FILE__, __LINE__)
static inline void t_einval_from_kernel(unsigned entries,
					const struct io_uring_params *p,
					const char *what, const char *file,
					int line)
{
	int kret = t_kernel_setup(entries, p);

	if (kret != -EINVAL)
		t_fail(file, line, "%s: the library returned -EINVAL, but io_uring_setup(2) "
		       "itself returns %d for the same parameters", what, kret);
}

/* Call first in main(): a hang becomes a failure (SIGALRM kills us). */
static inline void t_init(void)
{
	setvbuf(stderr, NULL, _IONBF, 0);
	alarm(20);
}

static inline struct __kernel_timespec t_ts_ms(long ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};
	return ts;
}

static inline long long t_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An SQE, or fail. */
#define GET_SQE(ring) t_get_sqe((ring), __FILE__, __LINE__)
static inline struct io_uring_sqe *t_get_sqe(struct io_uring *ring,
					     const char *file, int line)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		t_fail(file, line, "io_uring_get_sqe returned NULL");
	return sqe;
}

/*
 * Wait at most @ms for one CQE; a timeout is a failure ("request hung").
 * Does not consume the CQE.
 */
#define WAIT_CQE(ring, cqep, ms) t_wait_cqe((ring), (cqep), (ms), __FILE__, __LINE__)
static inline void t_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe,
			      long ms, const char *file, int line)
{
	struct __kernel_timespec ts = t_ts_ms(ms);
	int ret;

	*cqe = NULL;
	ret = io_uring_wait_cqe_timeout(ring, cqe, &ts);
	if (ret == -ETIME)
		t_fail(file, line, "request hung: no CQE within %ld ms", ms);
	if (ret < 0)
		t_fail(file, line, "io_uring_wait_cqe_timeout: %d (%s)", ret,
		       strerror(-ret));
	if (!*cqe)
		t_fail(file, line, "io_uring_wait_cqe_timeout returned 0 but no CQE");
}

/*
 * Submit one NOP with @user_data, wait (bounded) for its CQE, check res 0 and
 * user_data, and mark it seen.
 */
#define NOP_ROUNDTRIP(ring, ud) t_nop_roundtrip((ring), (ud), __FILE__, __LINE__)
static inline void t_nop_roundtrip(struct io_uring *ring, __u64 user_data,
				   const char *file, int line)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe = t_get_sqe(ring, file, line);
	int ret;

	io_uring_prep_nop(sqe);
	sqe->user_data = user_data;
	ret = io_uring_submit(ring);
	/*
	 * With SQPOLL, io_uring_submit returns the number of SQ entries the
	 * poller has not consumed yet when it looks: the new NOP may already be
	 * taken (0), or an earlier one still counted (the poller can post a CQE
	 * before it moves the SQ head).
	 */
	if (ring->flags & IORING_SETUP_SQPOLL) {
		if (ret < 0 || ret > (int) ring->sq.ring_entries)
			t_fail(file, line, "NOP: SQPOLL io_uring_submit returned %d", ret);
	} else if (ret != 1) {
		t_fail(file, line, "NOP: io_uring_submit returned %d, expected 1", ret);
	}
	t_wait_cqe(ring, &cqe, 2000, file, line);
	if (cqe->user_data != user_data || cqe->res != 0)
		t_fail(file, line, "NOP: expected user_data %llu res 0, got user_data %llu res %d",
		       (unsigned long long) user_data,
		       (unsigned long long) cqe->user_data, cqe->res);
	io_uring_cqe_seen(ring, cqe);
}

#endif
