/* SPDX-License-Identifier: MIT */
/*
 * Hot-path micro-benchmark, meant to run under callgrind.
 *
 * The same source is built against our include/ + our library and against
 * liburing's own headers and libraries (the system's, and optionally an
 * installed liburing 2.15), where io_uring_get_sqe, io_uring_prep_*,
 * io_uring_peek_cqe, io_uring_cqe_seen, io_uring_cq_advance, ... are static
 * inline. Only the measured regions are counted: the program toggles
 * callgrind's collection on and off around them, so ring setup, the checks
 * and everything else cost nothing in the result.
 *
 *   valgrind --tool=callgrind --collect-atstart=no ./hotpath-<variant> <paths> [rounds] [dir]
 *
 * <paths>: one path, several separated by commas, or `all`, run one after the
 * other in the same process, each on a ring of its own. Each path runs 3
 * warm-up rounds (resolving symbols, faulting the rings and the file's pages
 * in), then the statistics are zeroed, `rounds` (1000) measured rounds follow
 * and callgrind dumps the statistics with the path's name as the trigger
 * (`--callgrind-out-file=F` gives F.1, F.2, ... in order, and an empty F at
 * exit). Every round checks its results (user_data, res, data read) outside
 * the measured regions. A line per path reports what was measured, for
 * bench/run.py:
 *
 *   path=b rounds=1000 ops=32000 pairs=1000 waits=0 lib=/path/to/liburing.so.2
 *
 * ops: operations in the measured regions (the divisor); pairs: on/off toggle
 * pairs (each costs what path `null` costs, which run.py subtracts); waits:
 * times a NOP path found its completions missing after the submit and had to
 * wait (0 expected: NOPs complete inside io_uring_enter). Exit 0 on success,
 * 1 on a wrong result, 2 on an unknown path, 77 when io_uring is not available.
 *
 * Paths (BATCH is 32; per: the divisor):
 *   null      an empty region (the cost of toggling itself, subtracted by run.py)
 *   sqe       BATCH x (io_uring_get_sqe + io_uring_prep_nop + io_uring_sqe_set_data64), per SQE
 *   submit    io_uring_submit of BATCH prepared SQEs (user-space side; the
 *             kernel's work in the system call is not counted), per call
 *   a         sqe + submit in one region, per SQE
 *   saw1      io_uring_submit_and_wait(ring, 1) of one prepared NOP, per call
 *   b         io_uring_peek_batch_cqe + io_uring_cq_advance over BATCH CQEs, per CQE
 *   c         BATCH x (io_uring_peek_cqe + io_uring_cqe_seen), per CQE
 *   c0        io_uring_peek_cqe on an empty CQ ring (-EAGAIN), per call
 *   d         io_uring_for_each_cqe over BATCH CQEs + io_uring_cq_advance, per CQE
 *   e         BATCH x (io_uring_wait_cqe + io_uring_cqe_seen), CQEs already there, per CQE
 *   wnr       the same with io_uring_wait_cqe_nr(ring, &cqe, 1) (liburing: __io_uring_get_cqe)
 *   wto       the same with io_uring_wait_cqe_timeout (a timeout of 1 s, not reached)
 *   nop1      BATCH x a batch of 1 NOP: get_sqe + prep_nop + set_data64, submit, reap
 *             with peek_batch_cqe + cq_advance, per NOP
 *   nop32     the same with one batch of 32 NOPs, per NOP
 *   nop256    the same with one batch of 256 NOPs (on a ring of 256 entries), per NOP
 *   read4k    BATCH x (get_sqe + prep_read of 4 KiB + set_data64 + submit_and_wait(1)
 *             + peek_cqe + cqe_seen), per read
 *   readfixed the same with io_uring_prep_read_fixed into a buffer registered with
 *             io_uring_register_buffers, per read
 *
 * The read paths read from a file of BATCH x 4 KiB that they create (and
 * unlink at once) in `dir` (default $TMPDIR or /tmp); it stays in the page cache.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>
#include <valgrind/callgrind.h>

#define BATCH 32
#define ENTRIES 64
#define MAX_BATCH 256
#define BLOCK 4096

/* Collection is off at start (--collect-atstart=no): each toggle flips it. */
#define BEGIN() CALLGRIND_TOGGLE_COLLECT
#define END() CALLGRIND_TOGGLE_COLLECT

static struct io_uring ring;
static struct io_uring_cqe *cqes[MAX_BATCH];
static unsigned long long ops, pairs, waits;
static const char *file_dir;
static int file_fd = -1;
static unsigned read_rounds;
static unsigned char bufs[BATCH][BLOCK] __attribute__((aligned(BLOCK)));

static void die(const char *what, int err)
{
	fprintf(stderr, "hotpath: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* Prepare n NOPs with user_data 0..n-1 (unmeasured). */
static void prep_nops(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe)
			die("io_uring_get_sqe returned NULL", EBUSY);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
}

/*
 * Submit what is prepared (`submitted` SQEs) and wait until n completions are
 * in the CQ ring.
 */
static void submit_and_settle(unsigned submitted, unsigned n)
{
	int ret = io_uring_submit_and_wait(&ring, n);

	if (ret != (int)submitted)
		die("io_uring_submit_and_wait", ret < 0 ? ret : EIO);
	if (io_uring_cq_ready(&ring) != n)
		die("CQ ring does not hold the batch", EIO);
}

/* Reap n completions one by one and check their user_data is 0..n-1 (unmeasured). */
static void reap_check(unsigned n)
{
	unsigned long long sum = 0;
	struct io_uring_cqe *cqe;

	for (unsigned i = 0; i < n; i++) {
		if (io_uring_peek_cqe(&ring, &cqe))
			die("missing completion", EIO);
		if (cqe->res < 0)
			die("NOP failed", cqe->res);
		sum += cqe->user_data;
		io_uring_cqe_seen(&ring, cqe);
	}
	if (sum != (unsigned long long)n * (n - 1) / 2)
		die("wrong user_data", EIO);
}

static void check_sum(unsigned long long sum, unsigned n, const char *what)
{
	if (sum != (unsigned long long)n * (n - 1) / 2) {
		fprintf(stderr, "hotpath: %s: user_data sum %llu, expected %llu\n", what, sum,
			(unsigned long long)n * (n - 1) / 2);
		exit(1);
	}
}

static void check_empty(void)
{
	if (io_uring_cq_ready(&ring) != 0)
		die("CQEs left over", EIO);
}

/* The cost of the toggles themselves. */
static void path_null(void)
{
	BEGIN();
	END();
	pairs++;
}

/* BATCH x (get_sqe + prep_nop + set_data64), with (a) or without (sqe) the submit. */
static void sqe_round(int full)
{
	int ret = 0;

	BEGIN();
	for (unsigned i = 0; i < BATCH; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
	if (full)
		ret = io_uring_submit(&ring);
	END();
	pairs++;
	ops += BATCH;
	if (full && ret != BATCH)
		die("io_uring_submit", ret < 0 ? ret : EIO);
	submit_and_settle(full ? 0 : BATCH, BATCH);
	reap_check(BATCH);
}

static void path_a(void)
{
	sqe_round(1);
}

static void path_sqe(void)
{
	sqe_round(0);
}

/* io_uring_submit of BATCH prepared SQEs, per call. */
static void path_submit(void)
{
	int ret;

	prep_nops(BATCH);
	BEGIN();
	ret = io_uring_submit(&ring);
	END();
	pairs++;
	ops++;
	if (ret != BATCH)
		die("io_uring_submit", ret < 0 ? ret : EIO);
	submit_and_settle(0, BATCH);
	reap_check(BATCH);
}

/* io_uring_submit_and_wait(ring, 1) of one prepared NOP, per call. */
static void path_saw1(void)
{
	for (unsigned i = 0; i < BATCH; i++) {
		int ret;

		prep_nops(1);
		BEGIN();
		ret = io_uring_submit_and_wait(&ring, 1);
		END();
		pairs++;
		ops++;
		if (ret != 1)
			die("io_uring_submit_and_wait", ret < 0 ? ret : EIO);
		if (io_uring_cq_ready(&ring) != 1)
			die("io_uring_submit_and_wait returned without the CQE", EIO);
		reap_check(1);
	}
}

/* io_uring_peek_cqe on an empty CQ ring (-EAGAIN), BATCH times. */
static void path_c0(void)
{
	struct io_uring_cqe *cqe;
	int ret = 0;

	BEGIN();
	for (unsigned i = 0; i < BATCH; i++)
		ret |= io_uring_peek_cqe(&ring, &cqe) != -EAGAIN;
	END();
	pairs++;
	ops += BATCH;
	if (ret)
		die("io_uring_peek_cqe on an empty ring", EIO);
}

/* peek_batch_cqe + read user_data + cq_advance over BATCH ready CQEs. */
static void path_b(void)
{
	unsigned long long sum = 0;
	unsigned n;

	prep_nops(BATCH);
	submit_and_settle(BATCH, BATCH);
	BEGIN();
	n = io_uring_peek_batch_cqe(&ring, cqes, BATCH);
	for (unsigned i = 0; i < n; i++)
		sum += cqes[i]->user_data;
	io_uring_cq_advance(&ring, n);
	END();
	pairs++;
	ops += BATCH;
	if (n != BATCH)
		die("io_uring_peek_batch_cqe: short batch", EIO);
	check_sum(sum, BATCH, "b");
	check_empty();
}

enum get { PEEK, WAIT, WAIT_NR, WAIT_TIMEOUT };

/*
 * BATCH x (get a CQE + read user_data + cqe_seen), CQEs ready. One loop per
 * way of getting it, so that each region holds only its own calls.
 */
static void one_by_one(enum get how)
{
	static const char *const names[] = { "io_uring_peek_cqe", "io_uring_wait_cqe",
					     "io_uring_wait_cqe_nr", "io_uring_wait_cqe_timeout" };
	struct __kernel_timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	unsigned long long sum = 0;
	struct io_uring_cqe *cqe;
	int ret = 0;

	prep_nops(BATCH);
	submit_and_settle(BATCH, BATCH);
	switch (how) {
	case PEEK:
		BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_peek_cqe(&ring, &cqe);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		END();
		break;
	case WAIT:
		BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_wait_cqe(&ring, &cqe);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		END();
		break;
	case WAIT_NR:
		BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_wait_cqe_nr(&ring, &cqe, 1);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		END();
		break;
	case WAIT_TIMEOUT:
		BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		END();
		break;
	}
	pairs++;
	ops += BATCH;
	if (ret)
		die(names[how], ret);
	check_sum(sum, BATCH, names[how]);
	check_empty();
}

static void path_c(void)
{
	one_by_one(PEEK);
}

static void path_e(void)
{
	one_by_one(WAIT);
}

static void path_wnr(void)
{
	one_by_one(WAIT_NR);
}

static void path_wto(void)
{
	one_by_one(WAIT_TIMEOUT);
}

/* io_uring_for_each_cqe (read user_data) + one cq_advance over BATCH ready CQEs. */
static void path_d(void)
{
	unsigned long long sum = 0;
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;

	prep_nops(BATCH);
	submit_and_settle(BATCH, BATCH);
	BEGIN();
	io_uring_for_each_cqe(&ring, head, cqe) {
		sum += cqe->user_data;
		n++;
	}
	io_uring_cq_advance(&ring, n);
	END();
	pairs++;
	ops += BATCH;
	(void)head;
	if (n != BATCH)
		die("io_uring_for_each_cqe: wrong count", EIO);
	check_sum(sum, BATCH, "d");
	check_empty();
}

/*
 * reps x (n x (get_sqe + prep_nop + set_data64), submit, reap the n CQEs with
 * peek_batch_cqe + cq_advance), all in one measured region, per NOP. NOPs
 * complete inside io_uring_enter, so the reaping finds them all; should one
 * be missing, wait_cqe waits for it (counted in `waits`, reported).
 */
static void nop_round(unsigned n, unsigned reps)
{
	unsigned long long sum = 0, nwait = 0;
	int bad = 0;

	BEGIN();
	for (unsigned r = 0; r < reps; r++) {
		unsigned got = 0;

		for (unsigned i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, i);
		}
		bad |= io_uring_submit(&ring) != (int)n;
		while (got < n) {
			unsigned k = io_uring_peek_batch_cqe(&ring, cqes, n - got);

			if (!k) {
				struct io_uring_cqe *cqe;

				nwait++;
				if (io_uring_wait_cqe(&ring, &cqe) < 0) {
					bad = 1;
					break;
				}
				continue;
			}
			for (unsigned i = 0; i < k; i++) {
				sum += cqes[i]->user_data;
				bad |= cqes[i]->res;
			}
			io_uring_cq_advance(&ring, k);
			got += k;
		}
	}
	END();
	pairs++;
	ops += (unsigned long long)n * reps;
	waits += nwait;
	if (bad)
		die("NOP batch: wrong submit count or result", EIO);
	if (sum != (unsigned long long)reps * n * (n - 1) / 2)
		die("NOP batch: wrong user_data", EIO);
	check_empty();
}

static void path_nop1(void)
{
	nop_round(1, BATCH);
}

static void path_nop32(void)
{
	nop_round(32, 1);
}

static void path_nop256(void)
{
	nop_round(256, 1);
}

/* The value of the 8-byte word `w` of block `b` of the test file. */
static uint64_t pattern(unsigned b, unsigned w)
{
	return ((uint64_t)(b + 1) << 32 | w) * 0x9e3779b97f4a7c15ULL;
}

/* The test file: BATCH blocks of BLOCK bytes, written (so page-cache-hot), then unlinked. */
static void setup_file(void)
{
	char name[4096];
	uint64_t block[BLOCK / 8];

	snprintf(name, sizeof(name), "%s/hotpath.XXXXXX", file_dir);
	file_fd = mkstemp(name);
	if (file_fd < 0)
		die(name, errno);
	unlink(name);
	for (unsigned b = 0; b < BATCH; b++) {
		for (unsigned w = 0; w < BLOCK / 8; w++)
			block[w] = pattern(b, w);
		if (pwrite(file_fd, block, BLOCK, (off_t)b * BLOCK) != BLOCK)
			die("writing the test file", errno ? errno : EIO);
	}
	if (fsync(file_fd))
		die("fsync", errno);
}

static void setup_fixed(void)
{
	struct iovec iov = { .iov_base = bufs, .iov_len = sizeof(bufs) };
	int ret;

	setup_file();
	ret = io_uring_register_buffers(&ring, &iov, 1);
	if (ret)
		die("io_uring_register_buffers", ret);
}

/* The words of each block a read round poisons and checks: all in the first round, else 3. */
static unsigned spot(unsigned round, unsigned k)
{
	return k == 0 ? 0 : k == 1 ? BLOCK / 8 - 1 : (round * 37 + 1) % (BLOCK / 8);
}

/*
 * BATCH x (get_sqe + prep_read or prep_read_fixed of 4 KiB + set_data64 +
 * submit_and_wait(1) + peek_cqe + cqe_seen), each read a different block of
 * the file into its own buffer, per read. Checked afterwards: res, user_data
 * and the data (every word in the first round; then, to keep the run short
 * under valgrind, the first, the last and one more word of each block, poisoned
 * before the round).
 */
static void read_round(int fixed)
{
	unsigned round = read_rounds++;
	unsigned words = round ? 3 : BLOCK / 8;
	int res[BATCH];
	unsigned long long ud[BATCH];
	struct io_uring_cqe *cqe;
	int bad = 0;

	for (unsigned i = 0; i < BATCH; i++) {
		for (unsigned k = 0; k < words; k++) {
			unsigned w = round ? spot(round, k) : k;

			((uint64_t *)bufs[i])[w] = ~pattern(i, w);
		}
	}
	BEGIN();
	for (unsigned i = 0; i < BATCH; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (fixed)
			io_uring_prep_read_fixed(sqe, file_fd, bufs[i], BLOCK, (__u64)i * BLOCK, 0);
		else
			io_uring_prep_read(sqe, file_fd, bufs[i], BLOCK, (__u64)i * BLOCK);
		io_uring_sqe_set_data64(sqe, i);
		bad |= io_uring_submit_and_wait(&ring, 1) != 1;
		bad |= io_uring_peek_cqe(&ring, &cqe);
		res[i] = cqe->res;
		ud[i] = cqe->user_data;
		io_uring_cqe_seen(&ring, cqe);
	}
	END();
	pairs++;
	ops += BATCH;
	if (bad)
		die("read: submit_and_wait or peek_cqe failed", EIO);
	for (unsigned i = 0; i < BATCH; i++) {
		const uint64_t *got = (const uint64_t *)bufs[i];

		if (res[i] != BLOCK)
			die("read: short or failed", res[i] < 0 ? res[i] : EIO);
		if (ud[i] != i)
			die("read: wrong user_data", EIO);
		for (unsigned k = 0; k < words; k++) {
			unsigned w = round ? spot(round, k) : k;

			if (got[w] != pattern(i, w))
				die("read: wrong data", EIO);
		}
	}
	check_empty();
}

static void path_read4k(void)
{
	read_round(0);
}

static void path_readfixed(void)
{
	read_round(1);
}

static const struct path {
	const char *name;
	void (*round)(void);
	void (*setup)(void);
	unsigned entries;
} paths[] = {
	{ "null", path_null, NULL, ENTRIES },
	{ "a", path_a, NULL, ENTRIES },
	{ "sqe", path_sqe, NULL, ENTRIES },
	{ "submit", path_submit, NULL, ENTRIES },
	{ "saw1", path_saw1, NULL, ENTRIES },
	{ "b", path_b, NULL, ENTRIES },
	{ "c", path_c, NULL, ENTRIES },
	{ "c0", path_c0, NULL, ENTRIES },
	{ "d", path_d, NULL, ENTRIES },
	{ "e", path_e, NULL, ENTRIES },
	{ "wnr", path_wnr, NULL, ENTRIES },
	{ "wto", path_wto, NULL, ENTRIES },
	{ "nop1", path_nop1, NULL, ENTRIES },
	{ "nop32", path_nop32, NULL, ENTRIES },
	{ "nop256", path_nop256, NULL, MAX_BATCH },
	{ "read4k", path_read4k, setup_file, ENTRIES },
	{ "readfixed", path_readfixed, setup_fixed, ENTRIES },
};

static const struct path *find_path(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strlen(paths[i].name) == len && !strncmp(paths[i].name, name, len))
			return &paths[i];
	fprintf(stderr, "hotpath: unknown path '%.*s'\n", (int)len, name);
	exit(2);
}

/* One path on a ring of its own: warm up, zero the statistics, measure, dump them. */
static void run_path(const struct path *p, unsigned rounds)
{
	Dl_info info;
	int ret;

	ret = io_uring_queue_init(p->entries, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		exit(77);
	}
	if (p->setup)
		p->setup();
	read_rounds = 0;
	/* Warm up (resolves symbols, faults the rings and pages in), forget it, then measure. */
	for (unsigned r = 0; r < 3; r++)
		p->round();
	CALLGRIND_ZERO_STATS;
	ops = pairs = waits = 0;
	for (unsigned r = 0; r < rounds; r++)
		p->round();
	CALLGRIND_DUMP_STATS_AT(p->name);
	check_empty();
	if (!dladdr((void *)io_uring_submit, &info) || !info.dli_fname)
		info.dli_fname = "?";
	printf("path=%s rounds=%u ops=%llu pairs=%llu waits=%llu lib=%s\n", p->name, rounds, ops,
	       pairs, waits, info.dli_fname);
	fflush(stdout);
	io_uring_queue_exit(&ring);
	if (file_fd >= 0) {
		close(file_fd);
		file_fd = -1;
	}
}

int main(int argc, char **argv)
{
	const char *list = argc > 1 ? argv[1] : "a";
	unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 1000;
	size_t n = sizeof(paths) / sizeof(paths[0]);

	file_dir = argc > 3 ? argv[3] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (!strcmp(list, "all")) {
		for (size_t i = 0; i < n; i++)
			run_path(&paths[i], rounds);
		return 0;
	}
	/* Check every name first, then run them in order. */
	for (const char *s = list; ; s += strcspn(s, ",") + 1) {
		find_path(s, strcspn(s, ","));
		if (!s[strcspn(s, ",")])
			break;
	}
	for (const char *s = list; ; s += strcspn(s, ",") + 1) {
		run_path(find_path(s, strcspn(s, ",")), rounds);
		if (!s[strcspn(s, ",")])
			break;
	}
	return 0;
}
