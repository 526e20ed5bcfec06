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
#include <inttypes.h>

#include "cp-common.h"

enum phase { SLOT_FREE, SLOT_READ, SLOT_WRITE };

struct slot {
	enum phase phase;
	off_t off;	/* file offset of the block */
	size_t len;	/* block length */
	size_t done;	/* bytes of the current phase already done */
};

struct stats {
	uint64_t reads, writes, short_reads, short_writes, retries;
};

/* Queue the current phase of slot i, from slot->done on. */
static int queue_slot(struct cp *cp, struct slot *s, unsigned int i)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&cp->ring);
	char *buf = cp->bufs[i] + s->done;

	if (!sqe) {
		/* Cannot happen: one SQE per slot and QD slots in a QD ring. */
		fprintf(stderr, "io_uring-cp: submission queue full\n");
		return -EBUSY;
	}
	if (s->phase == SLOT_READ)
		io_uring_prep_read(sqe, cp->infd, buf,
				   (unsigned int)(s->len - s->done), (__u64)s->off + s->done);
	else
		io_uring_prep_write(sqe, cp->outfd, buf,
				    (unsigned int)(s->len - s->done), (__u64)s->off + s->done);
	io_uring_sqe_set_data64(sqe, i);
	return 0;
}

int main(int argc, char *argv[])
{
	struct cp cp = { .qd = 16, .bs = 128 * 1024 };
	unsigned int i, inflight = 0;
	int status = 0;
	struct slot *slots;
	struct stats stats = { 0 };
	off_t next = 0;

	cp_setup(&cp, argc, argv, 4096, 1, sizeof(*slots));
	slots = cp.slots;

	while (next < cp.insize || inflight) {
		struct io_uring_cqe *cqe;
		unsigned int seen = 0, head;

		/* Fill free slots with new blocks. */
		for (i = 0; i < cp.qd && next < cp.insize; i++) {
			struct slot *s = &slots[i];

			if (s->phase != SLOT_FREE)
				continue;
			s->phase = SLOT_READ;
			s->off = next;
			s->len = (size_t)(cp.insize - next) < cp.bs ? (size_t)(cp.insize - next) : cp.bs;
			s->done = 0;
			next += (off_t)s->len;
			if (queue_slot(&cp, s, i) < 0)
				goto fail;
			stats.reads++;
			inflight++;
		}

		if (cp_submit_and_wait(&cp) < 0)
			goto fail;

		io_uring_for_each_cqe(&cp.ring, head, cqe) {
			__u64 idx = io_uring_cqe_get_data64(cqe);
			struct slot *s;
			int res = cqe->res;

			seen++;
			if (idx >= cp.qd) {
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
			if (queue_slot(&cp, s, (unsigned int)idx) < 0)
				goto fail;
		}
		io_uring_cq_advance(&cp.ring, seen);
	}

	if (fsync(cp.outfd) < 0) {
		perror("fsync");
		status = 1;
	}
	if (cp.verbose)
		fprintf(stderr,
			"io_uring-cp: %lld bytes, qd %u, bs %zu: %" PRIu64 " reads, %" PRIu64
			" writes, %" PRIu64 " short reads, %" PRIu64 " short writes, %" PRIu64
			" retries\n",
			(long long)cp.insize, cp.qd, cp.bs, stats.reads, stats.writes,
			stats.short_reads, stats.short_writes, stats.retries);
	goto out;
fail:
	status = 1;
out:
	return cp_teardown(&cp, status);
}
