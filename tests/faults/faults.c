/* SPDX-License-Identifier: MIT */
/*
 * Faults survived: io_uring_enter(2) fails at random with EINTR, EAGAIN, EBUSY
 * or ENOMEM while reads of a file, NOPs and timeouts go through the submit,
 * wait and peek calls. Each call must return what liburing 2.15 returns when
 * io_uring_enter fails (its src/queue.c and liburing.h):
 *
 *  - io_uring_submit, io_uring_submit_and_wait: the -errno. The SQEs stay in
 *    the SQ ring (the kernel consumed none) and the next submit sends them.
 *  - the calls built on _io_uring_get_cqe (io_uring_wait_cqe, _wait_cqe_nr,
 *    _wait_cqes, _wait_cqe_timeout, _submit_and_wait_timeout, and
 *    io_uring_peek_cqe when the CQ needs a flush): the -errno, with *cqe_ptr
 *    the CQE it saw before entering, if any. An earlier enter of the same call
 *    that returned a count of submitted SQEs wins over the error.
 *  - io_uring_peek_batch_cqe: ignores the failed flush and returns what the
 *    CQ ring holds.
 *
 * Once the faults stop, every request must complete exactly once. Waits
 * without a timeout count only on requests already submitted (a timeout
 * request ends within a millisecond); the 20 s alarm of t_init() catches a hang.
 *
 * The library issues io_uring_enter with the syscall instruction, so no libc
 * function can be interposed. A seccomp filter traps (SIGSYS) io_uring_enter
 * on any fd but pass_fd; the handler either puts -errno in the return
 * register or makes the real call on pass_fd, a dup of the ring fd, which the
 * filter lets through. The ring fd is not registered, so the library enters
 * with a real fd.
 *
 * stdout: a line of fault counts per call, then the summary (last line).
 * FAULTS_SEED=n repeats a run: each step's choices and fault draws come from
 * the seed and the step number (though a completion that comes sooner or later
 * can still change what a step does).
 */
#include <signal.h>
#include <ucontext.h>
#include <sys/resource.h>
#include <linux/audit.h>
#include "test.h"

#define FAULT_PCT  25		/* chance that an io_uring_enter fails, in percent */
#define STEPS      12000		/* workload steps per ring configuration */
#define SQ_ENTRIES 8
#define CQ_ENTRIES 16		/* small, so that completions often overflow */
#define MAX_OUT    48		/* requests prepared and not reaped yet, at most */
#define NSLOT      64		/* read buffers and timespecs, reused in turn (> MAX_OUT) */
#define MAX_OPS    (STEPS * 8)
#define READ_LEN   512
#define FILE_LEN   65536
#define BATCH      16

enum call {
	SUBMIT, SUBMIT_AND_WAIT, WAIT_CQE, WAIT_CQE_NR, WAIT_CQES, WAIT_CQE_TIMEOUT,
	SUBMIT_AND_WAIT_TIMEOUT, PEEK_CQE, PEEK_BATCH_CQE, NCALLS
};
static const char *const call_name[NCALLS] = {
	"submit", "submit_and_wait", "wait_cqe", "wait_cqe_nr", "wait_cqes",
	"wait_cqe_timeout", "submit_and_wait_timeout", "peek_cqe", "peek_batch_cqe",
};
static const int fault_errno[] = { EINTR, EAGAIN, EBUSY, ENOMEM };
#define NERR 4

enum { NOP, READ, TIMEOUT };

/* Shared with the SIGSYS handler, which runs on this thread inside the library's calls. */
static int pass_fd;			/* the filter lets io_uring_enter on this fd through */
static volatile int ring_fd = -1;	/* the fd the library enters with */
static volatile int injecting;
static volatile int cur_call;
static volatile unsigned nenter;	/* io_uring_enter calls made by the current call */
static volatile long first_ret, last_ret;	/* and their first and last results */
static volatile unsigned stray;		/* trapped calls that were not on the ring */
static unsigned long faults[NCALLS][NERR];
static uint64_t fault_rng;

static struct io_uring ring;
static int defer;			/* DEFER_TASKRUN: CQEs appear only in our enters */
static const char *ring_name = "first";
static unsigned step_no;
static int draining;
static unsigned long long seed;
static int finished;
static uint64_t step_rng;		/* seeds each step's work_rng and fault_rng */
static uint64_t work_rng;
static unsigned nprep, ndone;		/* requests prepared (user_data 1..nprep), reaped */
static unsigned char kind[MAX_OPS], done[MAX_OPS];
static unsigned pending_before;		/* io_uring_sq_ready() before the call */
static unsigned long enters[NCALLS];	/* io_uring_enter calls per call */
static unsigned char file_data[FILE_LEN];
static struct {
	unsigned char buf[READ_LEN];
	struct __kernel_timespec ts;
} slot[NSLOT];

/* splitmix64 */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n)
{
	return (unsigned) (rnd(s) % n);
}

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

#ifdef __x86_64__
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	greg_t *r = ((ucontext_t *) uc)->uc_mcontext.gregs;
	long ret;

	(void) sig;
	if (si->si_syscall != __NR_io_uring_enter || (int) r[REG_RDI] != ring_fd) {
		stray++;
		r[REG_RAX] = -ENOSYS;
		return;
	}
	if (injecting && below(&fault_rng, 100) < FAULT_PCT) {
		unsigned e = below(&fault_rng, NERR);

		faults[cur_call][e]++;
		ret = -fault_errno[e];
	} else {
		int saved = errno;

		ret = syscall(__NR_io_uring_enter, pass_fd, r[REG_RSI], r[REG_RDX],
			      r[REG_R10], r[REG_R8], r[REG_R9]);
		if (ret < 0)
			ret = -errno;
		errno = saved;
	}
	if (nenter++ == 0)
		first_ret = ret;
	last_ret = ret;
	r[REG_RAX] = ret;
}

/* Trap io_uring_enter unless its fd is pass_fd. 0, or a reason to skip. */
static const char *install_trap(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) pass_fd, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	static char why[128];

	if (sigaction(SIGSYS, &sa, NULL))
		FAIL("sigaction: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		snprintf(why, sizeof(why), "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return why;
	}
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		snprintf(why, sizeof(why), "no seccomp filters here (%s)", strerror(errno));
		return why;
	}
	return NULL;
}
#else
static const char *install_trap(void)
{
	return "the SIGSYS handler only knows x86_64 registers";
}
#endif

static unsigned read_off(unsigned s)
{
	return (s * 4099u) % (FILE_LEN - READ_LEN);
}

/* Prepare up to @n requests: NOPs, reads of the file, short timeouts. */
static void prep(int fd, unsigned n)
{
	static const unsigned char mix[] = { NOP, NOP, READ, READ, TIMEOUT };

	for (; n && nprep - ndone < MAX_OUT && nprep < MAX_OPS; n--) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		unsigned s = nprep;

		if (!sqe)
			return;
		kind[s] = mix[below(&work_rng, 5)];
		if (kind[s] == NOP) {
			io_uring_prep_nop(sqe);
		} else if (kind[s] == READ) {
			memset(slot[s % NSLOT].buf, 0, READ_LEN);
			io_uring_prep_read(sqe, fd, slot[s % NSLOT].buf, READ_LEN, read_off(s));
		} else {
			/* The kernel reads it when it consumes the SQE, which a fault delays. */
			slot[s % NSLOT].ts = (struct __kernel_timespec) {
				.tv_nsec = 20000 + below(&work_rng, 300000),
			};
			io_uring_prep_timeout(sqe, &slot[s % NSLOT].ts, 0, 0);
		}
		sqe->user_data = s + 1;
		done[s] = 0;
		nprep++;
	}
}

/* Account for a completion: a request we prepared, completed once, with its result. */
static void reap(const struct io_uring_cqe *cqe)
{
	__u64 s = cqe->user_data - 1;

	if (cqe->user_data < 1 || cqe->user_data > nprep)
		FAIL("a completion with user_data %llu, which no request had",
		     (unsigned long long) cqe->user_data);
	if (done[s])
		FAIL("request %llu completed twice", (unsigned long long) cqe->user_data);
	done[s] = 1;
	ndone++;
	if (kind[s] == NOP) {
		CHECK_EQ(cqe->res, 0);
	} else if (kind[s] == TIMEOUT) {
		CHECK_EQ(cqe->res, -ETIME);
	} else {
		CHECK_EQ(cqe->res, READ_LEN);
		CHECK(!memcmp(slot[s % NSLOT].buf, file_data + read_off(s), READ_LEN));
	}
}

static void consume(struct io_uring_cqe *cqe)
{
	reap(cqe);
	io_uring_cqe_seen(&ring, cqe);
}

/* The CQE @i places after the CQ head. */
static struct io_uring_cqe *cq_at(unsigned i)
{
	return &ring.cq.cqes[(*ring.cq.khead + i) & ring.cq.ring_mask];
}

static void begin(enum call c)
{
	cur_call = c;
	nenter = 0;
	first_ret = last_ret = 0;
	pending_before = io_uring_sq_ready(&ring);
}

/*
 * io_uring_submit and io_uring_submit_and_wait: one io_uring_enter at most,
 * whose result they return. A failed one leaves every SQE pending.
 */
static void check_submit(int ret)
{
	unsigned pending = io_uring_sq_ready(&ring);

	enters[cur_call] += nenter;
	CHECK(nenter <= 1);
	if (nenter && last_ret < 0) {
		CHECK_EQ(ret, last_ret);
		CHECK_EQ(pending, pending_before);
		return;
	}
	CHECK_EQ(ret, pending_before);
	CHECK_EQ(pending, 0);
}

/*
 * The calls built on liburing's _io_uring_get_cqe, which stops at the first
 * failing io_uring_enter and returns its error, unless an earlier enter of the
 * call (one that found no CQE) returned non-zero, a count of SQEs submitted,
 * which it keeps. *cqe_ptr is the CQE its last peek saw: none when it waits
 * for one CQE at most and submits nothing, as it enters only when the CQ is
 * empty. Without a failing enter: 0 with a CQE, that count, or @ok_err
 * (-ETIME after a timed wait, -EAGAIN from a peek) without a CQE.
 * A call that @submits sends every pending SQE unless its first enter failed.
 */
static void check_get_cqe(int ret, struct io_uring_cqe *cqe, int submits, int ok_err,
			  unsigned wait_nr)
{
	unsigned pending = io_uring_sq_ready(&ring);

	enters[cur_call] += nenter;
	CHECK(cqe == NULL || cqe == cq_at(0));
	if (submits)
		CHECK_EQ(pending, nenter && first_ret < 0 ? pending_before : 0);
	else
		CHECK_EQ(pending, pending_before);
	if (nenter && last_ret < 0) {
		CHECK_EQ(ret, nenter > 1 && first_ret ? first_ret : last_ret);
		if (wait_nr <= 1 && !submits)
			CHECK(cqe == NULL);
		return;
	}
	if (ret == 0) {
		CHECK(cqe != NULL);
	} else if (ret > 0) {
		CHECK(submits);
		CHECK_EQ(ret, first_ret);
	} else {
		CHECK_EQ(ret, ok_err);
		CHECK(cqe == NULL);
	}
}

/*
 * io_uring_peek_batch_cqe: at most one io_uring_enter, whose result it ignores.
 * Returns how many CQEs it reaped.
 */
static unsigned peek_batch(void)
{
	struct io_uring_cqe *cqes[BATCH];
	unsigned i, n;

	begin(PEEK_BATCH_CQE);
	n = io_uring_peek_batch_cqe(&ring, cqes, BATCH);
	enters[PEEK_BATCH_CQE] += nenter;
	CHECK(nenter <= 1);
	CHECK(n <= min_u(io_uring_cq_ready(&ring), BATCH));
	/* Only our enters post CQEs on this ring: it returned all it could see. */
	if (defer)
		CHECK_EQ(n, min_u(io_uring_cq_ready(&ring), BATCH));
	for (i = 0; i < n; i++) {
		CHECK(cqes[i] == cq_at(i));
		reap(cqes[i]);
	}
	io_uring_cq_advance(&ring, n);
	return n;
}

/* Often fill the CQ past its size, so that the peeks that empty it find it needing a flush. */
static void maybe_overflow(int fd)
{
	unsigned i;

	for (i = 0; i < 4 && below(&work_rng, 4); i++) {
		if (*ring.sq.kflags & IORING_SQ_CQ_OVERFLOW)
			return;
		prep(fd, SQ_ENTRIES);
		begin(SUBMIT);
		check_submit(io_uring_submit(&ring));
	}
}

/* One step: prepare a few requests, then one call (peeks: until the CQ is empty). */
static void step(int fd)
{
	struct __kernel_timespec ts;
	struct io_uring_cqe *cqe = NULL;
	unsigned n, inflight, i;
	int ret = -1;

	/* Fresh streams per step: a timing change moves no draw into another step. */
	work_rng = rnd(&step_rng);
	fault_rng = rnd(&step_rng);
	n = 1 + below(&work_rng, 8);
	ts = (struct __kernel_timespec) { .tv_nsec = 10000 + below(&work_rng, 200000) };
	prep(fd, below(&work_rng, 4));
	/* Submitted and not reaped: a wait without a timeout may count on these. */
	inflight = nprep - ndone - io_uring_sq_ready(&ring);
	switch (below(&work_rng, NCALLS)) {
	case SUBMIT:
		begin(SUBMIT);
		check_submit(io_uring_submit(&ring));
		return;
	case SUBMIT_AND_WAIT:
		n = min_u(n, nprep - ndone);
		begin(SUBMIT_AND_WAIT);
		check_submit(io_uring_submit_and_wait(&ring, n));
		return;
	case WAIT_CQE:
		if (!inflight)
			return;
		begin(WAIT_CQE);
		ret = io_uring_wait_cqe(&ring, &cqe);
		check_get_cqe(ret, cqe, 0, 0, 1);
		break;
	case WAIT_CQE_NR:
		if (!inflight)
			return;
		n = min_u(n, inflight);
		begin(WAIT_CQE_NR);
		ret = io_uring_wait_cqe_nr(&ring, &cqe, n);
		check_get_cqe(ret, cqe, 0, 0, n);
		break;
	case WAIT_CQES:
		begin(WAIT_CQES);
		ret = io_uring_wait_cqes(&ring, &cqe, n, &ts, NULL);
		check_get_cqe(ret, cqe, 0, -ETIME, n);
		break;
	case WAIT_CQE_TIMEOUT:
		begin(WAIT_CQE_TIMEOUT);
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		check_get_cqe(ret, cqe, 0, -ETIME, 1);
		break;
	case SUBMIT_AND_WAIT_TIMEOUT:
		begin(SUBMIT_AND_WAIT_TIMEOUT);
		ret = io_uring_submit_and_wait_timeout(&ring, &cqe, n, &ts, NULL);
		check_get_cqe(ret, cqe, 1, -ETIME, n);
		break;
	case PEEK_CQE:
		/* Empty the CQ: the peeks after the last CQE enter when it needs a flush. */
		maybe_overflow(fd);
		for (i = 0; i < 2 * MAX_OUT; i++) {
			begin(PEEK_CQE);
			ret = io_uring_peek_cqe(&ring, &cqe);
			check_get_cqe(ret, cqe, 0, -EAGAIN, 0);
			if (ret)
				return;
			consume(cqe);
		}
		return;
	case PEEK_BATCH_CQE:
		maybe_overflow(fd);
		for (i = 0; i < 2 * MAX_OUT && peek_batch(); i++)
			;
		return;
	}
	if (ret >= 0 && cqe)
		consume(cqe);
}

/* No more faults: submit what is left, reap everything, and nothing more may come. */
static void drain(void)
{
	struct __kernel_timespec ts = t_ts_ms(2000);
	unsigned pending = io_uring_sq_ready(&ring);
	struct io_uring_cqe *cqe;
	int ret;

	injecting = 0;
	draining = 1;
	CHECK_EQ(io_uring_submit(&ring), pending);
	CHECK_EQ(io_uring_sq_ready(&ring), 0);
	while (ndone < nprep) {
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		if (ret == -ETIME)
			FAIL("%u of %u requests never completed", nprep - ndone, nprep);
		CHECK_EQ(ret, 0);
		consume(cqe);
	}
	ts = t_ts_ms(20);
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	if (ret == 0)
		reap(cqe);	/* fails: a duplicate or unknown completion */
	CHECK_EQ(ret, -ETIME);
	CHECK_EQ(*ring.cq.koverflow, 0);	/* the kernel dropped no CQE */
}

/* One ring configuration; 0, or -EINVAL when the kernel does not have it. */
static int run_ring(const char *name, unsigned flags, int fd)
{
	struct io_uring_params p = {
		.flags = flags | IORING_SETUP_CQSIZE,
		.cq_entries = CQ_ENTRIES,
	};

	if (T_INIT_PARAMS(SQ_ENTRIES, &ring, &p, name))
		return -EINVAL;
	/* Not registered: the filter tells the library's enters by their fd. */
	CHECK_EQ(ring.enter_ring_fd, ring.ring_fd);
	if (dup2(ring.ring_fd, pass_fd) != pass_fd)
		FAIL("dup2: %s", strerror(errno));
	ring_fd = ring.ring_fd;
	ring_name = name;
	draining = 0;
	defer = !!(flags & IORING_SETUP_DEFER_TASKRUN);
	nprep = ndone = 0;
	injecting = 1;
	for (step_no = 0; step_no < STEPS; step_no++)
		step(fd);
	drain();
	close(pass_fd);
	io_uring_queue_exit(&ring);
	ring_fd = -1;
	return 0;
}

static void context(void)
{
	if (finished)
		return;
	if (draining)
		fprintf(stderr, "(draining the %s ring", ring_name);
	else
		fprintf(stderr, "(in %s, step %u of the %s ring", call_name[cur_call], step_no,
			ring_name);
	fprintf(stderr, "; FAULTS_SEED=%llu repeats the run)\n", seed);
}

int main(void)
{
	struct timespec t0, t1;
	struct rlimit rl;
	unsigned long total[NERR] = { 0 }, sum = 0;
	const char *why, *env = getenv("FAULTS_SEED");
	unsigned i, c, e;
	int fd;

	t_init();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	seed = env ? strtoull(env, NULL, 0) : (unsigned long long) t0.tv_nsec ^ (unsigned) getpid();
	step_rng = seed;
	atexit(context);

	if (getrlimit(RLIMIT_NOFILE, &rl))
		FAIL("getrlimit: %s", strerror(errno));
	pass_fd = rl.rlim_cur > 1000 ? 1000 : (int) rl.rlim_cur - 1;
	why = install_trap();
	if (why) {
		finished = 1;
		t_skip("%s", why);
	}

	fd = t_tmpfile();
	for (i = 0; i < FILE_LEN; i++)
		file_data[i] = (unsigned char) ((i * 2654435761u) >> 24);
	if (pwrite(fd, file_data, FILE_LEN, 0) != FILE_LEN)
		FAIL("pwrite: %s", strerror(errno));

	CHECK_EQ(run_ring("default", 0, fd), 0);
	if (run_ring("defer-taskrun", IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
		     IORING_SETUP_TASKRUN_FLAG, fd))
		t_skip_part("the kernel has no IORING_SETUP_DEFER_TASKRUN");
	close(fd);
	CHECK_EQ(stray, 0);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("faults per call (EINTR/EAGAIN/EBUSY/ENOMEM of its io_uring_enter calls):");
	for (c = 0; c < NCALLS; c++) {
		printf("%s %s", c ? "," : "", call_name[c]);
		for (e = 0; e < NERR; e++) {
			printf("%c%lu", e ? '/' : ' ', faults[c][e]);
			total[e] += faults[c][e];
			sum += faults[c][e];
		}
		printf(" of %lu", enters[c]);
	}
	printf("\n");
	/* Each path must have met each error, or the workload no longer reaches it. */
	for (c = 0; c < NCALLS; c++)
		for (e = 0; e < NERR; e++)
			if (!faults[c][e])
				FAIL("no %s was injected into %s (%lu enters)",
				     strerror(fault_errno[e]), call_name[c], enters[c]);
	printf("%lu faults injected: EINTR %lu, EAGAIN %lu, EBUSY %lu, ENOMEM %lu;", sum, total[0],
	       total[1], total[2], total[3]);
	for (c = 0; c < NCALLS; c++)
		printf("%s %s %lu", c ? "," : "", call_name[c],
		       faults[c][0] + faults[c][1] + faults[c][2] + faults[c][3]);
	printf("; seed %llu, %.1f s\n", seed,
	       (double) (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	finished = 1;
	return T_PASS;
}
