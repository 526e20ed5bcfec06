/* SPDX-License-Identifier: MIT */
/*
 * End-to-end NOP throughput: submit batches of 32 NOPs and reap them, until
 * `ops` requests (default 1,000,000) have completed. Prints the wall time of
 * the loop (CLOCK_MONOTONIC, ring setup excluded) and the CPU time the process
 * spent in it (CLOCK_PROCESS_CPUTIME_ID: user + system, not the time it waited
 * for a CPU on a busy machine), in nanoseconds:
 *
 *   ops=1000000 batch=32 ns=33456789 cpu_ns=33012345 ns_per_op=33.5 lib=/path/to/liburing.so.2
 *
 * Built from this one source against our library and against the system's
 * liburing; bench/run.py runs the variants interleaved, several times each,
 * and reports medians. Exit 0 on success, 1 on a wrong result, 77 when
 * io_uring is not available.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liburing.h>

#define BATCH 32

static unsigned long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned long done = 0, next = 0;
	unsigned long long t0, t1, c0, c1, sum = 0, want;
	struct io_uring_cqe *cqes[BATCH];
	struct io_uring ring;
	Dl_info info;
	int ret;

	ret = io_uring_queue_init(2 * BATCH, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		return 77;
	}
	c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	while (done < ops) {
		unsigned batch = ops - done < BATCH ? ops - done : BATCH;
		unsigned reaped = 0;

		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, next++);
		}
		ret = io_uring_submit(&ring);
		if (ret != (int)batch) {
			fprintf(stderr, "io_uring_submit: %d\n", ret);
			return 1;
		}
		while (reaped < batch) {
			unsigned n = io_uring_peek_batch_cqe(&ring, cqes, BATCH);

			if (!n) {
				struct io_uring_cqe *cqe;

				ret = io_uring_wait_cqe(&ring, &cqe);
				if (ret < 0) {
					fprintf(stderr, "io_uring_wait_cqe: %s\n", strerror(-ret));
					return 1;
				}
				continue;
			}
			for (unsigned i = 0; i < n; i++)
				sum += cqes[i]->user_data;
			io_uring_cq_advance(&ring, n);
			reaped += n;
		}
		done += batch;
	}
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	want = ops ? (unsigned long long)ops * (ops - 1) / 2 : 0;
	if (sum != want) {
		fprintf(stderr, "nop_tput: user_data sum %llu, expected %llu\n", sum, want);
		return 1;
	}
	if (!dladdr((void *)io_uring_submit, &info) || !info.dli_fname)
		info.dli_fname = "?";
	printf("ops=%lu batch=%u ns=%llu cpu_ns=%llu ns_per_op=%.1f lib=%s\n", ops, BATCH,
	       t1 - t0, c1 - c0, ops ? (double)(t1 - t0) / ops : 0.0, info.dli_fname);
	io_uring_queue_exit(&ring);
	return 0;
}
