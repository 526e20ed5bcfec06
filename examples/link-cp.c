/* SPDX-License-Identifier: MIT */
/*
 * link-cp: copy a file with linked read->write pairs.
 *
 *   link-cp [-q QD] [-b BS] [-v] INFILE OUTFILE
 *
 * Each of QD slots submits a read of BS bytes linked (IOSQE_IO_LINK) to a
 * write of the same BS bytes from the same buffer, so the kernel starts the
 * write only once the read has completed. Reads always ask for a whole block,
 * so the last block of a file whose size is not a multiple of BS comes back
 * short. The kernel fails a link whose read is short: the write completes
 * with -ECANCELED, and this program then writes what was read on its own and,
 * if the file goes on, reads the rest of the block with a new pair. A short
 * write is finished the same way. -v prints what happened on stderr.
 *
 * Exit status: 0 on success, 1 on an I/O error, 2 on bad usage,
 * 77 when io_uring is not available.
 */
#include <inttypes.h>

#include "cp-common.h"

/*
 * A slot is idle, or waiting for a linked pair (two CQEs), or waiting for a
 * lone write that finishes a block after a short read or a short write.
 */
enum state { IDLE, PAIR, LONE_WRITE };

/* Slot i's buffer, buf below, is cp.bufs[i]. */
struct slot {
	enum state state;
	off_t off;	/* file offset of buf[0] */
	size_t len;	/* bytes asked of the read */
	size_t got;	/* bytes the read returned into buf */
	size_t written;	/* bytes of buf[0..got) written so far */
	int pending;	/* CQEs still to come */
	int rres, wres;	/* results of the pair */
};

struct stats {
	uint64_t pairs, short_reads, cancelled_writes, lone_writes, short_writes, retries;
};

static struct cp cp = { .qd = 16, .bs = 64 * 1024 };
static struct stats stats;

#define UD(slot, is_write) (((__u64)(slot) << 1) | (is_write))

static struct io_uring_sqe *get_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	/* Cannot happen: two SQEs per slot, 2 * QD entries in the ring. */
	if (!sqe)
		fprintf(stderr, "link-cp: submission queue full\n");
	return sqe;
}

/* Read s->len bytes at s->off into the buffer, linked to a write of them. */
static int queue_pair(struct io_uring *ring, struct slot *s, unsigned int i)
{
	struct io_uring_sqe *r, *w;

	/* Both SQEs must go to the kernel in one submission for the link to hold. */
	if (io_uring_sq_space_left(ring) < 2)
		io_uring_submit(ring);
	r = get_sqe(ring);
	if (!r)
		return -1;
	w = get_sqe(ring);
	if (!w)
		return -1;
	io_uring_prep_read(r, cp.infd, cp.bufs[i], (unsigned int)s->len, (__u64)s->off);
	io_uring_sqe_set_flags(r, IOSQE_IO_LINK);
	io_uring_sqe_set_data64(r, UD(i, 0));
	io_uring_prep_write(w, cp.outfd, cp.bufs[i], (unsigned int)s->len, (__u64)s->off);
	io_uring_sqe_set_data64(w, UD(i, 1));
	s->state = PAIR;
	s->pending = 2;
	s->got = s->written = 0;
	stats.pairs++;
	return 0;
}

/* Write buf[written..got) on its own. */
static int queue_lone_write(struct io_uring *ring, struct slot *s, unsigned int i)
{
	struct io_uring_sqe *w = get_sqe(ring);

	if (!w)
		return -1;
	io_uring_prep_write(w, cp.outfd, cp.bufs[i] + s->written,
			    (unsigned int)(s->got - s->written),
			    (__u64)(s->off + (off_t)s->written));
	io_uring_sqe_set_data64(w, UD(i, 1));
	s->state = LONE_WRITE;
	s->pending = 1;
	stats.lone_writes++;
	return 0;
}

/*
 * Buffer holds buf[0..got) of which [0..written) is on disk. Queue what comes
 * next for this slot: finish the write, read the rest of the block, or
 * nothing. Returns 1 when the slot became idle, 0 when it has work queued,
 * -1 on error.
 */
static int advance(struct io_uring *ring, struct slot *s, unsigned int i)
{
	if (s->written < s->got)
		return queue_lone_write(ring, s, i) < 0 ? -1 : 0;
	if (s->got < s->len && s->off + (off_t)s->got < cp.insize) {
		/* Short read in the middle of the file: read the rest of the block. */
		s->off += (off_t)s->got;
		s->len -= s->got;
		return queue_pair(ring, s, i) < 0 ? -1 : 0;
	}
	s->state = IDLE;
	return 1;
}

/* Both CQEs of a pair are in: decide what the slot does next. */
static int pair_done(struct io_uring *ring, struct slot *s, unsigned int i)
{
	if (s->rres == -EAGAIN || s->rres == -EINTR) {
		stats.retries++;
		return queue_pair(ring, s, i) < 0 ? -1 : 0;
	}
	if (s->rres < 0) {
		fprintf(stderr, "read at offset %lld: %s\n", (long long)s->off,
			strerror(-s->rres));
		return -1;
	}
	if (s->rres == 0 && s->off < cp.insize) {
		fprintf(stderr, "read at offset %lld: unexpected end of file\n",
			(long long)s->off);
		return -1;
	}
	s->got = (size_t)s->rres;
	if (s->got < s->len)
		stats.short_reads++;

	if (s->wres == -ECANCELED) {
		/* The short read broke the link: the write never ran. */
		stats.cancelled_writes++;
		s->written = 0;
	} else if (s->wres == -EAGAIN || s->wres == -EINTR) {
		stats.retries++;
		s->written = 0;
	} else if (s->wres < 0) {
		fprintf(stderr, "write at offset %lld: %s\n", (long long)s->off,
			strerror(-s->wres));
		return -1;
	} else {
		/*
		 * The write ran with the full length. If it went beyond what
		 * the read returned (only past the end of the input), the
		 * final ftruncate() cuts that off.
		 */
		s->written = (size_t)s->wres < s->got ? (size_t)s->wres : s->got;
		if ((size_t)s->wres < s->len && s->written < s->got)
			stats.short_writes++;
	}
	return advance(ring, s, i);
}

static int lone_write_done(struct io_uring *ring, struct slot *s, unsigned int i, int res)
{
	if (res == -EAGAIN || res == -EINTR) {
		stats.retries++;
	} else if (res <= 0) {
		fprintf(stderr, "write at offset %lld: %s\n",
			(long long)(s->off + (off_t)s->written),
			res ? strerror(-res) : "zero-length write");
		return -1;
	} else {
		if ((size_t)res < s->got - s->written)
			stats.short_writes++;
		s->written += (size_t)res;
	}
	return advance(ring, s, i);
}

int main(int argc, char *argv[])
{
	unsigned int i, busy = 0;
	int ret, status = 0;
	struct slot *slots;
	off_t next = 0;

	/* Two SQEs per slot. */
	cp_setup(&cp, argc, argv, 2048, 2, sizeof(*slots));
	slots = cp.slots;

	while (next < cp.insize || busy) {
		struct io_uring_cqe *cqe;
		unsigned int head, seen = 0;

		for (i = 0; i < cp.qd && next < cp.insize; i++) {
			struct slot *s = &slots[i];

			if (s->state != IDLE)
				continue;
			/* Always a whole block: the last one comes back short. */
			s->off = next;
			s->len = cp.bs;
			next += (off_t)cp.bs;
			if (queue_pair(&cp.ring, s, i) < 0)
				goto fail;
			busy++;
		}

		if (cp_submit_and_wait(&cp) < 0)
			goto fail;

		io_uring_for_each_cqe(&cp.ring, head, cqe) {
			__u64 ud = io_uring_cqe_get_data64(cqe);
			unsigned int idx = (unsigned int)(ud >> 1);
			int is_write = (int)(ud & 1);
			struct slot *s;

			seen++;
			if (idx >= cp.qd || slots[idx].state == IDLE) {
				fprintf(stderr, "link-cp: unexpected completion %llu\n",
					(unsigned long long)ud);
				goto fail;
			}
			s = &slots[idx];
			if (s->state == LONE_WRITE) {
				ret = lone_write_done(&cp.ring, s, idx, cqe->res);
			} else {
				if (is_write)
					s->wres = cqe->res;
				else
					s->rres = cqe->res;
				if (--s->pending)
					continue;
				ret = pair_done(&cp.ring, s, idx);
			}
			if (ret < 0)
				goto fail;
			if (ret == 1)
				busy--;
		}
		io_uring_cq_advance(&cp.ring, seen);
	}

	if (ftruncate(cp.outfd, cp.insize) < 0) {
		perror("ftruncate");
		goto fail;
	}
	if (fsync(cp.outfd) < 0) {
		perror("fsync");
		goto fail;
	}
	if (cp.verbose)
		fprintf(stderr,
			"link-cp: %lld bytes, qd %u, bs %zu: %" PRIu64 " pairs, %" PRIu64
			" short reads, %" PRIu64 " cancelled writes, %" PRIu64
			" lone writes, %" PRIu64 " short writes, %" PRIu64 " retries\n",
			(long long)cp.insize, cp.qd, cp.bs, stats.pairs, stats.short_reads,
			stats.cancelled_writes, stats.lone_writes, stats.short_writes,
			stats.retries);
	goto out;
fail:
	status = 1;
out:
	return cp_teardown(&cp, status);
}
