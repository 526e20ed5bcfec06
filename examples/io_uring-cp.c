/* SPDX-License-Identifier: MIT */
/*
 * io_uring-cp: copy a file with io_uring, keeping up to QD reads and writes
 * in flight at once.
 *
 *   io_uring-cp [-q QD] [-b BS] [-v] INFILE OUTFILE
 *
 * The input is split into blocks of BS bytes. Each of QD slots owns one
 * buffer and walks a block through two phases: read it, then write it. A
 * short read or short write re-queues the rest of the same block, so the copy
 * is exact whatever the kernel returns. -v prints what happened on stderr.
 *
 * Exit status: 0 on success, 1 on an I/O error, 2 on bad usage,
 * 77 when io_uring is not available.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <liburing.h>

enum phase { SLOT_FREE, SLOT_READ, SLOT_WRITE };

struct slot {
	enum phase phase;
	off_t off;	/* file offset of the block */
	size_t len;	/* block length */
	size_t done;	/* bytes of the current phase already done */
	char *buf;
};

struct stats {
	uint64_t reads, writes, short_reads, short_writes, retries;
};

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-q queue-depth] [-b block-size] [-v] infile outfile\n",
		prog);
	exit(2);
}

static long parse_size(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (!errno && end != s) {
		if (*end == 'k' || *end == 'K') {
			v *= 1024;
			end++;
		} else if (*end == 'm' || *end == 'M') {
			v *= 1024 * 1024;
			end++;
		}
	}
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "invalid %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/* Queue the current phase of slot i, from slot->done on. */
static int queue_slot(struct io_uring *ring, struct slot *s, unsigned int i,
		      int infd, int outfd)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe) {
		/* Cannot happen: one SQE per slot and QD slots in a QD ring. */
		fprintf(stderr, "io_uring-cp: submission queue full\n");
		return -EBUSY;
	}
	if (s->phase == SLOT_READ)
		io_uring_prep_read(sqe, infd, s->buf + s->done,
				   (unsigned int)(s->len - s->done), (__u64)s->off + s->done);
	else
		io_uring_prep_write(sqe, outfd, s->buf + s->done,
				    (unsigned int)(s->len - s->done), (__u64)s->off + s->done);
	io_uring_sqe_set_data64(sqe, i);
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned int qd = 16, i, inflight = 0;
	size_t bs = 128 * 1024;
	int verbose = 0, infd, outfd, ret, opt, status = 0;
	struct io_uring ring;
	struct stat st;
	struct slot *slots;
	struct stats stats = { 0 };
	off_t insize, next = 0;

	while ((opt = getopt(argc, argv, "q:b:vh")) != -1) {
		switch (opt) {
		case 'q':
			qd = (unsigned int)parse_size(optarg, "queue depth");
			if (qd > 4096) {
				fprintf(stderr, "queue depth at most 4096\n");
				return 2;
			}
			break;
		case 'b':
			bs = (size_t)parse_size(optarg, "block size");
			if (bs > (1U << 30)) {
				fprintf(stderr, "block size at most 1G\n");
				return 2;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (argc - optind != 2)
		usage(argv[0]);

	infd = open(argv[optind], O_RDONLY);
	if (infd < 0) {
		perror(argv[optind]);
		return 1;
	}
	if (fstat(infd, &st) < 0) {
		perror("fstat");
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: not a regular file\n", argv[optind]);
		return 1;
	}
	insize = st.st_size;
	outfd = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (outfd < 0) {
		perror(argv[optind + 1]);
		return 1;
	}

	ret = io_uring_queue_init(qd, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		return (ret == -ENOSYS || ret == -EPERM) ? 77 : 1;
	}

	slots = calloc(qd, sizeof(*slots));
	if (!slots) {
		perror("calloc");
		return 1;
	}
	for (i = 0; i < qd; i++) {
		if (posix_memalign((void **)&slots[i].buf, 4096, bs)) {
			perror("posix_memalign");
			return 1;
		}
	}

	while (next < insize || inflight) {
		struct io_uring_cqe *cqe;
		unsigned int seen = 0, head;

		/* Fill free slots with new blocks. */
		for (i = 0; i < qd && next < insize; i++) {
			struct slot *s = &slots[i];

			if (s->phase != SLOT_FREE)
				continue;
			s->phase = SLOT_READ;
			s->off = next;
			s->len = (size_t)(insize - next) < bs ? (size_t)(insize - next) : bs;
			s->done = 0;
			next += (off_t)s->len;
			if (queue_slot(&ring, s, i, infd, outfd) < 0)
				goto fail;
			stats.reads++;
			inflight++;
		}

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "io_uring_submit_and_wait: %s\n", strerror(-ret));
			goto fail;
		}

		io_uring_for_each_cqe(&ring, head, cqe) {
			__u64 idx = io_uring_cqe_get_data64(cqe);
			struct slot *s;
			int res = cqe->res;

			seen++;
			if (idx >= qd) {
				fprintf(stderr, "io_uring-cp: bogus user_data %llu\n",
					(unsigned long long)idx);
				goto fail;
			}
			s = &slots[idx];
			if (res == -EAGAIN || res == -EINTR) {
				stats.retries++;
			} else if (res < 0) {
				fprintf(stderr, "%s at offset %lld: %s\n",
					s->phase == SLOT_READ ? "read" : "write",
					(long long)(s->off + (off_t)s->done), strerror(-res));
				goto fail;
			} else if (res == 0) {
				fprintf(stderr, "%s at offset %lld: unexpected %s\n",
					s->phase == SLOT_READ ? "read" : "write",
					(long long)(s->off + (off_t)s->done),
					s->phase == SLOT_READ ? "end of file" : "zero-length write");
				goto fail;
			} else {
				s->done += (size_t)res;
				if (s->done < s->len) {
					if (s->phase == SLOT_READ)
						stats.short_reads++;
					else
						stats.short_writes++;
				} else if (s->phase == SLOT_READ) {
					s->phase = SLOT_WRITE;
					s->done = 0;
					stats.writes++;
				} else {
					s->phase = SLOT_FREE;
					inflight--;
					continue;
				}
			}
			/* Same slot: the rest of this phase, or the write after the read. */
			if (queue_slot(&ring, s, (unsigned int)idx, infd, outfd) < 0)
				goto fail;
		}
		io_uring_cq_advance(&ring, seen);
	}

	if (fsync(outfd) < 0) {
		perror("fsync");
		status = 1;
	}
	if (verbose)
		fprintf(stderr,
			"io_uring-cp: %lld bytes, qd %u, bs %zu: %" PRIu64 " reads, %" PRIu64
			" writes, %" PRIu64 " short reads, %" PRIu64 " short writes, %" PRIu64
			" retries\n",
			(long long)insize, qd, bs, stats.reads, stats.writes,
			stats.short_reads, stats.short_writes, stats.retries);
	goto out;
fail:
	status = 1;
out:
	io_uring_queue_exit(&ring);
	for (i = 0; i < qd; i++)
		free(slots[i].buf);
	free(slots);
	close(infd);
	if (close(outfd) < 0) {
		perror("close");
		status = 1;
	}
	return status;
}
