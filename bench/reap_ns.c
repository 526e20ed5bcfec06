/* SPDX-License-Identifier: MIT */
/*
 * Wall time per CQE of reaping with io_uring_for_each_cqe, against a bare loop
 * over the same CQ ring (the floor). 1024 NOP completions stay in the CQ ring
 * (16 KiB, cache-hot) and are iterated over without being consumed, many
 * passes per sample; prints the median of the samples, in ns per CQE.
 *
 * usage: reap_ns [samples] [passes per sample]       (default 51 2000)
 * Output: "for_each <ns>" and "bare <ns>", one per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <liburing.h>

#define NR 1024

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return (x > y) - (x < y);
}

/* Fill the CQ ring with NR completions, user_data 1..NR. */
static int fill(struct io_uring *ring)
{
	for (unsigned i = 1; i <= NR; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe) {
			if (io_uring_submit(ring) < 0)
				return -1;
			sqe = io_uring_get_sqe(ring);
		}
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
	if (io_uring_submit_and_wait(ring, NR) < 0 || io_uring_cq_ready(ring) != NR)
		return -1;
	return 0;
}

static unsigned long long for_each_pass(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	unsigned long long sum = 0;
	unsigned head;

	io_uring_for_each_cqe(ring, head, cqe)
		sum += cqe->user_data;
	(void) head;
	return sum;
}

/* The floor: the same reads with nothing but the index arithmetic. */
static unsigned long long bare_pass(struct io_uring *ring)
{
	unsigned head = *ring->cq.khead, tail = io_uring_smp_load_acquire(ring->cq.ktail);
	unsigned mask = ring->cq.ring_mask;
	unsigned long long sum = 0;

	for (; head != tail; head++)
		sum += ring->cq.cqes[head & mask].user_data;
	return sum;
}

static double median_ns(struct io_uring *ring, unsigned long long (*pass)(struct io_uring *),
			int samples, int passes)
{
	const unsigned long long expect = (unsigned long long) NR * (NR + 1) / 2;
	double *v = malloc(sizeof(*v) * samples), m;

	for (int s = 0; s < samples; s++) {
		unsigned long long sum = 0;
		double t0 = now_ns();

		for (int p = 0; p < passes; p++) {
			sum += pass(ring);
			__asm__ volatile("" : "+r"(sum));
		}
		v[s] = (now_ns() - t0) / ((double) passes * NR);
		if (sum != expect * passes) {
			fprintf(stderr, "wrong sum: %llu\n", sum);
			exit(1);
		}
	}
	qsort(v, samples, sizeof(*v), cmp_double);
	m = v[samples / 2];
	free(v);
	return m;
}

int main(int argc, char **argv)
{
	int samples = argc > 1 ? atoi(argv[1]) : 51;
	int passes = argc > 2 ? atoi(argv[2]) : 2000;
	struct io_uring_params p = { .flags = IORING_SETUP_CQSIZE, .cq_entries = NR };
	struct io_uring ring;
	int ret = io_uring_queue_init_params(64, &ring, &p);

	if (ret < 0) {
		fprintf(stderr, "queue_init: %d\n", ret);
		return 1;
	}
	if (fill(&ring)) {
		fprintf(stderr, "could not fill the CQ ring\n");
		return 1;
	}
	median_ns(&ring, for_each_pass, 3, passes);	/* warm-up */
	printf("for_each %.3f\n", median_ns(&ring, for_each_pass, samples, passes));
	printf("bare %.3f\n", median_ns(&ring, bare_pass, samples, passes));
	io_uring_queue_exit(&ring);
	return 0;
}
