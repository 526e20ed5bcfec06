/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the C tests.
 *
 * Exit codes: 0 pass, 77 skip (one-line reason on stderr), anything else fail.
 * A failed check prints file:line, the expression and the values involved,
 * then exits 1.  Nothing here waits without a bound.  The UPPER_CASE helpers
 * report failures at the caller's line.
 *
 * Besides liburing.h this brings in the libc, socket (sockaddr_in, loopback)
 * and seccomp headers the helpers need; tests may rely on them.
 */
#ifndef LIBURING_C_TESTS_TEST_H
#define LIBURING_C_TESTS_TEST_H

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
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

/* Finish a stderr message: the formatted text and a newline. */
static inline void t_vline(const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

__attribute__((noreturn, format(printf, 3, 4)))
static inline void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	t_vline(fmt, ap);
	va_end(ap);
	exit(T_FAIL);
}

/* Whole test skipped: a real absence, probed at run time. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void t_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("skip: ", stderr);
	va_start(ap, fmt);
	t_vline(fmt, ap);
	va_end(ap);
	exit(T_SKIP);
}

/* One part of a test skipped, the rest still runs; run.sh shows these. */
__attribute__((format(printf, 1, 2)))
static inline void t_skip_part(const char *fmt, ...)
{
	va_list ap;

	fputs("partial skip: ", stderr);
	va_start(ap, fmt);
	t_vline(fmt, ap);
	va_end(ap);
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

/*
 * io_uring_queue_init_params(@entries, @ring, @p).  Returns 0 on success, or
 * -EINVAL when the library and io_uring_setup(2) itself (asked with the
 * same parameters) both refuse them: a real absence, the caller skips.  Any
 * other outcome fails, named by @what.
 */
#define T_INIT_PARAMS(entries, ring, p, what) \
	t_init_params((entries), (ring), (p), (what), __FILE__, __LINE__)
static inline int t_init_params(unsigned entries, struct io_uring *ring,
				struct io_uring_params *p, const char *what,
				const char *file, int line)
{
	struct io_uring_params orig = *p;
	int ret = io_uring_queue_init_params(entries, ring, p);

	if (ret == -EINVAL) {
		t_einval_from_kernel(entries, &orig, what, file, line);
		return ret;
	}
	if (ret)
		t_fail(file, line, "%s: io_uring_queue_init_params returned %d (%s)",
		       what, ret, strerror(-ret));
	return 0;
}

/* Parameters for io_uring_resize_rings: @sq SQ entries, @cq CQ entries (CQSIZE). */
static inline struct io_uring_params t_resize_params(unsigned sq, unsigned cq)
{
	struct io_uring_params p = {
		.sq_entries = sq,
		.cq_entries = cq,
		.flags = IORING_SETUP_CQSIZE,
	};

	return p;
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
 * user_data, and mark it seen.  NOP_ROUNDTRIP_FLAGS: the SQE also gets
 * @sqe_flags (IOSQE_ASYNC, for instance).
 */
#define NOP_ROUNDTRIP(ring, ud) t_nop_roundtrip_flags((ring), (ud), 0, __FILE__, __LINE__)
#define NOP_ROUNDTRIP_FLAGS(ring, ud, sqe_flags) \
	t_nop_roundtrip_flags((ring), (ud), (sqe_flags), __FILE__, __LINE__)
static inline void t_nop_roundtrip_flags(struct io_uring *ring, __u64 user_data,
					 unsigned sqe_flags, const char *file, int line)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe = t_get_sqe(ring, file, line);
	int ret;

	io_uring_prep_nop(sqe);
	sqe->flags |= sqe_flags;
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

/* NOP_ROUNDTRIP @n times, user_data @first, @first + 1, ... */
#define NOP_ROUNDTRIPS(ring, first, n) \
	t_nop_roundtrips((ring), (first), (n), __FILE__, __LINE__)
static inline void t_nop_roundtrips(struct io_uring *ring, __u64 first, unsigned n,
				    const char *file, int line)
{
	unsigned i;

	for (i = 0; i < n; i++)
		t_nop_roundtrip_flags(ring, first + i, 0, file, line);
}

/*
 * Submit the one prepared SQE (io_uring_submit must return 1), wait at most
 * @ms for a CQE (a timeout fails), check that its user_data is @ud, mark it
 * seen and return its res; *cflags, unless NULL, gets its flags.
 */
#define RUN_ONE(ring, ud, ms, cflags) \
	t_run_one((ring), (ud), (ms), (cflags), __FILE__, __LINE__)
static inline int t_run_one(struct io_uring *ring, __u64 ud, long ms,
			    unsigned *cflags, const char *file, int line)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_submit(ring), res;

	if (ret != 1)
		t_fail(file, line, "io_uring_submit returned %d, expected 1", ret);
	t_wait_cqe(ring, &cqe, ms, file, line);
	if (cqe->user_data != ud)
		t_fail(file, line, "CQE user_data %llu, expected %llu",
		       (unsigned long long) cqe->user_data, (unsigned long long) ud);
	res = cqe->res;
	if (cflags)
		*cflags = cqe->flags;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* RUN_ONE for @sqe with a fresh user_data (1, 2, ...), waiting at most 5 s. */
#define RUN_SQE(ring, sqe, cflags) \
	t_run_sqe((ring), (sqe), (cflags), __FILE__, __LINE__)
static inline int t_run_sqe(struct io_uring *ring, struct io_uring_sqe *sqe,
			    unsigned *cflags, const char *file, int line)
{
	static __u64 seq;

	sqe->user_data = ++seq;
	return t_run_one(ring, seq, 5000, cflags, file, line);
}

/* What a CQE said, kept after it was marked seen. */
struct t_cqe {
	__u64 ud;
	int res;
	unsigned flags;
};

/*
 * Submit what is queued (io_uring_submit must return @nsub), then collect
 * @n CQEs into d[0..n) in arrival order, each waited for at most 5 s.
 */
#define COLLECT(ring, nsub, d, n) \
	t_collect((ring), (nsub), (d), (n), __FILE__, __LINE__)
static inline void t_collect(struct io_uring *ring, int nsub, struct t_cqe *d,
			     int n, const char *file, int line)
{
	struct io_uring_cqe *cqe;
	int i, ret = io_uring_submit(ring);

	if (ret != nsub)
		t_fail(file, line, "io_uring_submit returned %d, expected %d", ret, nsub);
	for (i = 0; i < n; i++) {
		t_wait_cqe(ring, &cqe, 5000, file, line);
		d[i].ud = cqe->user_data;
		d[i].res = cqe->res;
		d[i].flags = cqe->flags;
		io_uring_cqe_seen(ring, cqe);
	}
}

/* The collected CQE with user_data @ud among d[0..n); fails if there is none. */
#define FIND_CQE(d, n, ud) t_find_cqe((d), (n), (ud), __FILE__, __LINE__)
static inline struct t_cqe *t_find_cqe(struct t_cqe *d, int n, __u64 ud,
				       const char *file, int line)
{
	int i;

	for (i = 0; i < n; i++)
		if (d[i].ud == ud)
			return &d[i];
	t_fail(file, line, "no CQE with user_data %llu", (unsigned long long) ud);
}

/*
 * Submit what is queued (io_uring_submit must return @nsub), collect exactly
 * one CQE and check its user_data and res.  EXPECT_CQE2: exactly two CQEs,
 * in either order, with distinct user_data, each with its own res.
 */
#define EXPECT_CQE(ring, nsub, ud, res) \
	t_expect_cqes((ring), (nsub), 1, (ud), (res), 0, 0, __FILE__, __LINE__)
#define EXPECT_CQE2(ring, nsub, ud1, res1, ud2, res2) \
	t_expect_cqes((ring), (nsub), 2, (ud1), (res1), (ud2), (res2), __FILE__, __LINE__)
static inline void t_expect_cqes(struct io_uring *ring, int nsub, int n,
				 __u64 ud1, int res1, __u64 ud2, int res2,
				 const char *file, int line)
{
	const __u64 ud[2] = { ud1, ud2 };
	const int res[2] = { res1, res2 };
	struct t_cqe d[2];
	int i;

	t_collect(ring, nsub, d, n, file, line);
	for (i = 0; i < n; i++) {
		struct t_cqe *c = t_find_cqe(d, n, ud[i], file, line);

		if (c->res != res[i])
			t_fail(file, line, "CQE user_data %llu: res %d, expected %d",
			       (unsigned long long) ud[i], c->res, res[i]);
	}
}

/* No CQE may arrive within @ms; @what (may be "") prefixes the failure. */
#define EXPECT_NO_CQE(ring, ms) \
	t_expect_no_cqe((ring), (ms), "", __FILE__, __LINE__)
static inline void t_expect_no_cqe(struct io_uring *ring, long ms,
				   const char *what, const char *file, int line)
{
	struct __kernel_timespec ts = t_ts_ms(ms);
	struct io_uring_cqe *cqe = NULL;
	int ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);

	if (ret != -ETIME)
		t_fail(file, line, "%s%sexpected no CQE within %ld ms, got ret %d "
		       "user_data %llu res %d", what, *what ? ": " : "", ms, ret,
		       ret == 0 && cqe ? (unsigned long long) cqe->user_data : 0ULL,
		       ret == 0 && cqe ? cqe->res : 0);
}

/* No CQE may be ready now (io_uring_peek_cqe finds none; nothing waits). */
#define EXPECT_CQ_EMPTY(ring) t_expect_cq_empty((ring), __FILE__, __LINE__)
static inline void t_expect_cq_empty(struct io_uring *ring, const char *file, int line)
{
	struct io_uring_cqe *cqe;

	if (io_uring_peek_cqe(ring, &cqe) == 0)
		t_fail(file, line, "unexpected CQE user_data 0x%llx res %d",
		       (unsigned long long) cqe->user_data, cqe->res);
}

/* Queue @n NOPs with user_data @first, @first + 1, ... (not submitted). */
#define PREP_NOPS(ring, first, n) t_prep_nops((ring), (first), (n), __FILE__, __LINE__)
static inline void t_prep_nops(struct io_uring *ring, __u64 first, unsigned n,
			       const char *file, int line)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = t_get_sqe(ring, file, line);

		io_uring_prep_nop(sqe);
		sqe->user_data = first + i;
	}
}

/*
 * Wait (bounded) for exactly @n CQEs, in order, with user_data @first,
 * @first + 1, ... and res 0, and mark them seen.
 */
#define REAP_NOPS(ring, first, n) t_reap_nops((ring), (first), (n), __FILE__, __LINE__)
static inline void t_reap_nops(struct io_uring *ring, __u64 first, unsigned n,
			       const char *file, int line)
{
	struct io_uring_cqe *cqe;
	unsigned i;

	for (i = 0; i < n; i++) {
		t_wait_cqe(ring, &cqe, 2000, file, line);
		if (cqe->user_data != first + i || cqe->res != 0)
			t_fail(file, line, "CQE %u: expected user_data %llu res 0, got %llu res %d",
			       i, (unsigned long long) (first + i),
			       (unsigned long long) cqe->user_data, cqe->res);
		io_uring_cqe_seen(ring, cqe);
	}
}

/*
 * Cancel the armed multishot request @target (io_uring_prep_cancel64 with
 * user_data @cancel_ud) and check both CQEs, in either order: exactly one
 * for the cancel (res 0), exactly one final CQE for @target (-ECANCELED,
 * without IORING_CQE_F_MORE).
 */
#define CANCEL_MULTISHOT(ring, target, cancel_ud) \
	t_cancel_multishot((ring), (target), (cancel_ud), __FILE__, __LINE__)
static inline void t_cancel_multishot(struct io_uring *ring, __u64 target,
				      __u64 cancel_ud, const char *file, int line)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring, file, line);
	struct io_uring_cqe *cqe;
	int i, ret, got_cancel = 0, got_final = 0;

	io_uring_prep_cancel64(sqe, target, 0);
	sqe->user_data = cancel_ud;
	ret = io_uring_submit(ring);
	if (ret != 1)
		t_fail(file, line, "cancel: io_uring_submit returned %d, expected 1", ret);
	for (i = 0; i < 2; i++) {
		t_wait_cqe(ring, &cqe, 3000, file, line);
		if (cqe->user_data == cancel_ud) {
			if (cqe->res != 0)
				t_fail(file, line, "cancel CQE res %d, expected 0", cqe->res);
			got_cancel++;
		} else if (cqe->user_data == target) {
			if (cqe->res != -ECANCELED || (cqe->flags & IORING_CQE_F_MORE))
				t_fail(file, line, "cancelled request: res %d flags %#x, "
				       "expected -ECANCELED without IORING_CQE_F_MORE",
				       cqe->res, cqe->flags);
			got_final++;
		} else {
			t_fail(file, line, "unexpected user_data %llu",
			       (unsigned long long) cqe->user_data);
		}
		io_uring_cqe_seen(ring, cqe);
	}
	if (got_cancel != 1 || got_final != 1)
		t_fail(file, line, "cancel: %d cancel CQEs and %d final CQEs, expected 1 and 1",
		       got_cancel, got_final);
}

/*
 * CQEs that came while waiting for another one (tag CQEs, for instance),
 * kept until a test asks for them.
 */
struct t_stash {
	struct t_cqe e[64];
	int n;
};

/* Keep @cqe in @st and mark it seen. */
static inline void t_stash_cqe(struct io_uring *ring, struct t_stash *st,
			       struct io_uring_cqe *cqe, const char *file, int line)
{
	if (st->n == 64)
		t_fail(file, line, "too many unexpected CQEs");
	st->e[st->n].ud = cqe->user_data;
	st->e[st->n].res = cqe->res;
	st->e[st->n].flags = cqe->flags;
	st->n++;
	io_uring_cqe_seen(ring, cqe);
}

/*
 * Submit what is queued, then wait (2 s per CQE) for the CQE carrying @ud,
 * keeping any other in @st; returns its res.
 */
#define STASH_WAIT(ring, st, ud) t_stash_wait((ring), (st), (ud), __FILE__, __LINE__)
static inline int t_stash_wait(struct io_uring *ring, struct t_stash *st, __u64 ud,
			       const char *file, int line)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_submit(ring), res;

	if (ret < 0)
		t_fail(file, line, "io_uring_submit: %d", ret);
	for (;;) {
		t_wait_cqe(ring, &cqe, 2000, file, line);
		if (cqe->user_data == ud) {
			res = cqe->res;
			io_uring_cqe_seen(ring, cqe);
			return res;
		}
		t_stash_cqe(ring, st, cqe, file, line);
	}
}

/*
 * The CQE carrying @ud, taken out of @st, or waited for (2 s per CQE, a
 * timeout fails), keeping the others in @st.
 */
#define STASH_TAKE(ring, st, ud) t_stash_take((ring), (st), (ud), __FILE__, __LINE__)
static inline struct t_cqe t_stash_take(struct io_uring *ring, struct t_stash *st,
					__u64 ud, const char *file, int line)
{
	struct io_uring_cqe *cqe;
	struct t_cqe found;
	int i;

	for (;;) {
		for (i = 0; i < st->n; i++) {
			if (st->e[i].ud != ud)
				continue;
			found = st->e[i];
			st->e[i] = st->e[--st->n];
			return found;
		}
		t_wait_cqe(ring, &cqe, 2000, file, line);
		t_stash_cqe(ring, st, cqe, file, line);
	}
}

/* Nothing may be kept in @st, nor arrive within 100 ms; @why names the moment. */
#define STASH_EXPECT_NONE(ring, st, why) \
	t_stash_expect_none((ring), (st), (why), __FILE__, __LINE__)
static inline void t_stash_expect_none(struct io_uring *ring, struct t_stash *st,
				       const char *why, const char *file, int line)
{
	if (st->n)
		t_fail(file, line, "%s: unexpected CQE user_data 0x%llx res %d", why,
		       (unsigned long long) st->e[0].ud, st->e[0].res);
	t_expect_no_cqe(ring, 100, why, file, line);
}

/*
 * Loopback sockets.  Setup failures fail the test at the caller's line, with
 * errno's text (T_SYS: a system call that must not return < 0).
 */
#define T_SYS(call, file, line)						\
	do {								\
		if ((call) < 0)						\
			t_fail(file, line, "%s: %s", #call, strerror(errno)); \
	} while (0)

/*
 * A socket of @type bound to 127.0.0.1 on a port the kernel picks; *addr
 * gets its address.  @backlog > 0: a TCP listener (listen(2) with it).
 */
#define LOOPBACK_SOCKET(type, addr, backlog) \
	t_loopback_socket((type), (addr), (backlog), __FILE__, __LINE__)
static inline int t_loopback_socket(int type, struct sockaddr_in *addr, int backlog,
				    const char *file, int line)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, type, 0);

	T_SYS(fd, file, line);
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	T_SYS(bind(fd, (struct sockaddr *) addr, sizeof(*addr)), file, line);
	if (backlog > 0)
		T_SYS(listen(fd, backlog), file, line);
	T_SYS(getsockname(fd, (struct sockaddr *) addr, &len), file, line);
	return fd;
}

/* A new TCP socket connected to @addr (blocking connect(2)). */
#define TCP_CONNECT(addr) t_tcp_connect((addr), __FILE__, __LINE__)
static inline int t_tcp_connect(const struct sockaddr_in *addr, const char *file,
				int line)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	T_SYS(fd, file, line);
	T_SYS(connect(fd, (const struct sockaddr *) addr, sizeof(*addr)), file, line);
	return fd;
}

/*
 * A connected loopback TCP pair through listener @lfd (at @addr):
 * *client connects, *server is what accept(2) gives.
 */
#define TCP_ACCEPT_PAIR(lfd, addr, client, server) \
	t_tcp_accept_pair((lfd), (addr), (client), (server), __FILE__, __LINE__)
static inline void t_tcp_accept_pair(int lfd, const struct sockaddr_in *addr,
				     int *client, int *server, const char *file,
				     int line)
{
	*client = t_tcp_connect(addr, file, line);
	*server = accept(lfd, NULL, NULL);
	T_SYS(*server, file, line);
}

/* A connected loopback TCP pair (the listener is closed again). */
#define TCP_PAIR(client, server) t_tcp_pair((client), (server), __FILE__, __LINE__)
static inline void t_tcp_pair(int *client, int *server, const char *file, int line)
{
	struct sockaddr_in addr;
	int lfd = t_loopback_socket(SOCK_STREAM, &addr, 1, file, line);

	t_tcp_accept_pair(lfd, &addr, client, server, file, line);
	close(lfd);
}

/* An int socket option, read with getsockopt(2) (which must give an int). */
#define SOCKOPT_INT(fd, level, name) \
	t_sockopt_int((fd), (level), (name), __FILE__, __LINE__)
static inline int t_sockopt_int(int fd, int level, int name, const char *file,
				int line)
{
	int val = -12345;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, name, &val, &len))
		t_fail(file, line, "getsockopt(%d, %d, %d): %s", fd, level, name,
		       strerror(errno));
	if (len != sizeof(val))
		t_fail(file, line, "getsockopt(%d, %d, %d): length %u, expected %zu",
		       fd, level, name, (unsigned) len, sizeof(val));
	return val;
}

/* Open file descriptors of this process (/proc/self/fd). */
static inline int t_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		FAIL("opendir /proc/self/fd: %s", strerror(errno));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* Memory mappings of this process (lines of /proc/self/maps). */
static inline int t_count_maps(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0;

	if (!f)
		FAIL("fopen /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

/* A scratch file in /tmp, open read-write and already unlinked. */
static inline int t_tmpfile(void)
{
	char path[] = "/tmp/liburing-test.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		FAIL("mkstemp: %s", strerror(errno));
	unlink(path);
	return fd;
}

/*
 * Does the kernel behind @ring support opcode @op?  A ring that cannot be
 * probed supports nothing.
 */
static inline int t_op_supported(struct io_uring *ring, int op)
{
	struct io_uring_probe *probe = io_uring_get_probe_ring(ring);
	int ret = probe && io_uring_opcode_supported(probe, op);

	if (probe)
		io_uring_free_probe(probe);
	return ret;
}

/* Offset of the low 32 bits of system call argument @i, for seccomp filters. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define T_ARG_LO(i) (offsetof(struct seccomp_data, args) + (i) * 8)
#else
#define T_ARG_LO(i) (offsetof(struct seccomp_data, args) + (i) * 8 + 4)
#endif

/*
 * Install the seccomp filter @f (@len instructions), with no_new_privs set
 * first.  Meant for a RUN_IN_CHILD child: a kernel without seccomp filters
 * makes it exit with 77 (skip).
 */
static inline void t_seccomp_filter(struct sock_filter *f, unsigned short len)
{
	struct sock_fprog prog = { .len = len, .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		FAIL("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		if (errno == EINVAL)
			exit(T_SKIP);
		FAIL("PR_SET_SECCOMP: %s", strerror(errno));
	}
}

/*
 * Run @fn in a forked child (with its own 10 s alarm) and end the test the
 * way it ended: 77 skips (reason @skip_why), another non-zero status fails.
 */
#define RUN_IN_CHILD(fn, skip_why) t_run_in_child((fn), (skip_why), __FILE__, __LINE__)
static inline void t_run_in_child(void (*fn)(void), const char *skip_why,
				  const char *file, int line)
{
	int status;
	pid_t pid = fork();

	T_SYS(pid, file, line);
	if (pid == 0) {
		alarm(10);
		fn();
		exit(T_PASS);
	}
	if (waitpid(pid, &status, 0) != pid)
		t_fail(file, line, "waitpid: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("%s", skip_why);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		t_fail(file, line, "checking child failed (status 0x%x)", status);
}

#endif
