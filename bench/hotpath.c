/* SPDX-License-Identifier: MIT */
/*
 * Hot-path micro-benchmark, meant to run under callgrind.
 *
 * The same source is built against our include/ + our library and against the
 * system's liburing (/usr/include, where io_uring_get_sqe, io_uring_prep_*,
 * io_uring_peek_cqe, io_uring_cqe_seen, io_uring_cq_advance, ... are static
 * inline). Only the measured region is counted: the program toggles
 * callgrind's collection on and off around it, so ring setup, the syscalls'
 * reaping and the checks between rounds cost nothing in the result.
 *
 *   valgrind --tool=callgrind --collect-atstart=no ./hot-<variant> <path> [rounds]
 *
 * Every round prepares or reaps BATCH (32) requests; user_data carries the
 * index so every round checks that each completion came back intact (outside
 * the measured region). Exit 0 on success, 1 on a wrong result, 77 when
 * io_uring is not available.
 *
 * Paths:
 *   sqe      BATCH x (io_uring_get_sqe + io_uring_prep_nop + io_uring_sqe_set_data64)
 *   submit   io_uring_submit of BATCH prepared SQEs (user-space side; the
 *            kernel's work in the system call is not counted)
 *   a        sqe + submit, i.e. both of the above in one region
 *   b        io_uring_peek_batch_cqe + io_uring_cq_advance over BATCH CQEs
 *   c        BATCH x (io_uring_peek_cqe + io_uring_cqe_seen)
 *   c0       io_uring_peek_cqe on an empty CQ ring (-EAGAIN), BATCH times
 *   d        io_uring_for_each_cqe over BATCH CQEs + io_uring_cq_advance
 *   e        BATCH x (io_uring_wait_cqe + io_uring_cqe_seen), CQEs already there
 *   null     an empty region (the cost of toggling itself, subtracted by run.py)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>
#include <valgrind/callgrind.h>

#define BATCH 32
#define ENTRIES 64

/* Collection is off at start (--collect-atstart=no): each toggle flips it. */
#define BEGIN() CALLGRIND_TOGGLE_COLLECT
#define END() CALLGRIND_TOGGLE_COLLECT

static struct io_uring ring;
static unsigned long long sink;

static void die(const char *what, int err)
{
	fprintf(stderr, "hotpath: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* Prepare BATCH NOPs (unmeasured). */
static void prep_batch(void)
{
	for (unsigned i = 0; i < BATCH; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe)
			die("io_uring_get_sqe returned NULL", EBUSY);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
}

/* Submit what is prepared and wait until all BATCH completions are in the CQ ring. */
static void submit_and_settle(void)
{
	int ret = io_uring_submit_and_wait(&ring, BATCH);

	if (ret != BATCH)
		die("io_uring_submit_and_wait", ret < 0 ? ret : EIO);
	if (io_uring_cq_ready(&ring) != BATCH)
		die("CQ ring does not hold the batch", EIO);
}

/* Consume whatever is in the CQ ring (unmeasured). */
static void drain(void)
{
	io_uring_cq_advance(&ring, io_uring_cq_ready(&ring));
}

/* One round of `path`; returns the sum of the user_data seen (or a check value). */
static unsigned long long round_of(const char *path, int measure)
{
	unsigned long long sum = 0;
	struct io_uring_cqe *cqe;

	if (!strcmp(path, "null")) {
		if (measure) {
			BEGIN();
			END();
		}
		return BATCH * (BATCH - 1) / 2;
	}
	if (!strcmp(path, "sqe") || !strcmp(path, "a")) {
		int full = !strcmp(path, "a");
		int ret = 0;

		if (measure)
			BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, i);
		}
		if (full)
			ret = io_uring_submit(&ring);
		if (measure)
			END();
		if (full && ret != BATCH)
			die("io_uring_submit", ret < 0 ? ret : EIO);
		if (!full)
			submit_and_settle();
		else if ((ret = io_uring_submit_and_wait(&ring, BATCH)) < 0)
			die("io_uring_submit_and_wait", ret);
		/* Check the batch, unmeasured. */
		for (unsigned i = 0; i < BATCH; i++) {
			if (io_uring_peek_cqe(&ring, &cqe))
				die("missing completion", EIO);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		return sum;
	}
	if (!strcmp(path, "submit")) {
		int ret;

		prep_batch();
		if (measure)
			BEGIN();
		ret = io_uring_submit(&ring);
		if (measure)
			END();
		if (ret != BATCH)
			die("io_uring_submit", ret < 0 ? ret : EIO);
		if ((ret = io_uring_submit_and_wait(&ring, BATCH)) < 0)
			die("io_uring_submit_and_wait", ret);
		for (unsigned i = 0; i < BATCH; i++) {
			if (io_uring_peek_cqe(&ring, &cqe))
				die("missing completion", EIO);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		return sum;
	}
	if (!strcmp(path, "c0")) {
		int ret = 0;

		if (measure)
			BEGIN();
		for (unsigned i = 0; i < BATCH; i++)
			ret |= io_uring_peek_cqe(&ring, &cqe) != -EAGAIN;
		if (measure)
			END();
		if (ret)
			die("io_uring_peek_cqe on an empty ring", EIO);
		return BATCH * (BATCH - 1) / 2;
	}

	prep_batch();
	submit_and_settle();

	if (!strcmp(path, "b")) {
		struct io_uring_cqe *cqes[BATCH];
		unsigned n;

		if (measure)
			BEGIN();
		n = io_uring_peek_batch_cqe(&ring, cqes, BATCH);
		for (unsigned i = 0; i < n; i++)
			sum += cqes[i]->user_data;
		io_uring_cq_advance(&ring, n);
		if (measure)
			END();
		if (n != BATCH)
			die("io_uring_peek_batch_cqe: short batch", EIO);
	} else if (!strcmp(path, "c")) {
		int ret = 0;

		if (measure)
			BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_peek_cqe(&ring, &cqe);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		if (measure)
			END();
		if (ret)
			die("io_uring_peek_cqe", ret);
	} else if (!strcmp(path, "d")) {
		unsigned head, n = 0;

		if (measure)
			BEGIN();
		io_uring_for_each_cqe(&ring, head, cqe) {
			sum += cqe->user_data;
			n++;
		}
		io_uring_cq_advance(&ring, n);
		if (measure)
			END();
		(void)head;
		if (n != BATCH)
			die("io_uring_for_each_cqe: wrong count", EIO);
	} else if (!strcmp(path, "e")) {
		int ret = 0;

		if (measure)
			BEGIN();
		for (unsigned i = 0; i < BATCH; i++) {
			ret |= io_uring_wait_cqe(&ring, &cqe);
			sum += cqe->user_data;
			io_uring_cqe_seen(&ring, cqe);
		}
		if (measure)
			END();
		if (ret)
			die("io_uring_wait_cqe", ret);
	} else {
		fprintf(stderr, "hotpath: unknown path '%s'\n", path);
		exit(2);
	}
	if (io_uring_cq_ready(&ring) != 0)
		die("CQEs left over", EIO);
	return sum;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "a";
	unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 1000;
	Dl_info info;
	int ret;

	ret = io_uring_queue_init(ENTRIES, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		return 77;
	}
	/* Warm up (resolves symbols, faults the rings in), then measure. */
	for (unsigned r = 0; r < 3 + rounds; r++) {
		unsigned long long sum = round_of(path, r >= 3);

		if (sum != BATCH * (BATCH - 1) / 2) {
			fprintf(stderr, "hotpath: %s round %u: user_data sum %llu, expected %u\n",
				path, r, sum, BATCH * (BATCH - 1) / 2);
			return 1;
		}
		sink += sum;
	}
	drain();
	if (!dladdr((void *)io_uring_submit, &info) || !info.dli_fname)
		info.dli_fname = "?";
	printf("path=%s rounds=%u batch=%u ops=%u lib=%s\n", path, rounds, BATCH,
	       rounds * BATCH, info.dli_fname);
	io_uring_queue_exit(&ring);
	return 0;
}
