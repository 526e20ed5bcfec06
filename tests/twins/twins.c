/* SPDX-License-Identifier: MIT */
/*
 * Differential test of the two copies of every inline helper: the header's
 * (static inline C, called directly here) and the Rust export of the same
 * name in liburing-ffi.so.2 (found with dlsym). Fed the same random arguments
 * or the same hand-built ring images, both must write the same bytes and
 * return the same values.
 *
 * usage: twins [iterations per helper]   (default 10000)
 * TWINS_SEED=<n> repeats a run; the seed is printed first.
 * Prints a line per failing helper (name, arguments, first differing field)
 * and one summary line: twins: N passed, N failed, N skipped
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <liburing.h>

/* Prefills of the target SQE: zeros, 0xa5, and random bytes. */
#define NPREFILL 3
/* The SQE (128 bytes for SQE128 helpers) and guard bytes behind it. */
#define TARGET 192
#define REGION (64 * 1024)

struct twin_ctx {
	unsigned iters;
	struct io_uring_sqe *sqe_c, *sqe_r;
};

struct twin_case {
	const char *name;
	int (*run)(struct twin_ctx *x);
};

static uint64_t rng_state;
static unsigned char *region;

/* splitmix64: small, fast, and the same sequence for the same seed everywhere */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Integers that find edge cases: 0, 1, all ones, small, one bit, 32-bit, any. */
static uint64_t rnd_int(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return 1;
	case 2: return ~0ULL;
	case 3: return rnd() % 64;
	case 4: return 1ULL << (rnd() % 64);
	case 5: return (uint32_t) rnd();
	default: return rnd();
	}
}

/*
 * A pointer into the argument region: its own 4 KiB slot per parameter
 * position, so a swapped pointer shows, with room behind it for helpers that
 * read what they are given (a probe, a CQE).
 */
static uint64_t rnd_ptr(int pos)
{
	return (uint64_t) (uintptr_t) (region + 0x1000 * (pos + 1) + 8 * (rnd() % 64));
}

/* The Rust copy of a helper: the symbol of liburing-ffi.so.2, never a copy in this program. */
static void *rust_sym(const char *name)
{
	void *p = dlsym(RTLD_DEFAULT, name);
	Dl_info info;

	if (!p || !dladdr(p, &info) || !info.dli_fname || !strstr(info.dli_fname, "liburing-ffi")) {
		printf("FAIL %s: not exported by liburing-ffi.so.2\n", name);
		return NULL;
	}
	return p;
}

/* A cached Rust copy, for the hand-written cases. */
#define RUST(name) ({							\
	static __typeof__(&name) rust_;					\
	if (!rust_)							\
		rust_ = (__typeof__(&name)) rust_sym(#name);		\
	rust_; })

static void prefill(struct twin_ctx *x, int p)
{
	if (p < 2) {
		memset(x->sqe_c, p ? 0xa5 : 0, TARGET);
	} else {
		for (int i = 0; i < TARGET; i++)
			((unsigned char *) x->sqe_c)[i] = (unsigned char) rnd();
	}
	memcpy(x->sqe_r, x->sqe_c, TARGET);
}

/* The SQE member at a byte offset, with the names its union shares. */
static const char *sqe_field(size_t off)
{
	static const struct { size_t off; const char *name; } f[] = {
		{ offsetof(struct io_uring_sqe, opcode), "opcode" },
		{ offsetof(struct io_uring_sqe, flags), "flags" },
		{ offsetof(struct io_uring_sqe, ioprio), "ioprio" },
		{ offsetof(struct io_uring_sqe, fd), "fd" },
		{ offsetof(struct io_uring_sqe, off), "off/addr2/cmd_op" },
		{ offsetof(struct io_uring_sqe, addr), "addr/splice_off_in/level+optname" },
		{ offsetof(struct io_uring_sqe, len), "len" },
		{ offsetof(struct io_uring_sqe, rw_flags), "rw_flags (op flags union)" },
		{ offsetof(struct io_uring_sqe, user_data), "user_data" },
		{ offsetof(struct io_uring_sqe, buf_index), "buf_index/buf_group" },
		{ offsetof(struct io_uring_sqe, personality), "personality" },
		{ offsetof(struct io_uring_sqe, file_index), "splice_fd_in/file_index/addr_len" },
		{ offsetof(struct io_uring_sqe, addr3), "addr3/cmd" },
		{ offsetof(struct io_uring_sqe, __pad2), "__pad2/cmd" },
		{ 64, "second 64 bytes (SQE128 cmd)" },
		{ 128, "guard bytes after the SQE" },
	};
	const char *name = "?";

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (off >= f[i].off)
			name = f[i].name;
	return name;
}

static void print_args(const char *const *names, const uint64_t *a, int n, int skip)
{
	for (int i = 0; i < n; i++)
		if (i != skip)
			printf(" %s=0x%llx", names[i], (unsigned long long) a[i]);
}

/* Compare the two targets and return values after one call; report the first difference. */
static int check_sqe(struct twin_ctx *x, const char *helper, const char *const *names,
		     const uint64_t *a, int n, int sqe_at, int p, uint64_t rc, uint64_t rr)
{
	const unsigned char *c = (const unsigned char *) x->sqe_c;
	const unsigned char *r = (const unsigned char *) x->sqe_r;
	size_t i = 0;

	while (i < TARGET && c[i] == r[i])
		i++;
	if (i == TARGET && rc == rr)
		return 0;
	printf("FAIL %s (prefill %d, TWINS_SEED to repeat):", helper, p);
	print_args(names, a, n, sqe_at);
	if (i < TARGET)
		printf(": SQE byte %zu (%s) is 0x%02x in the header's copy, 0x%02x in the library's\n",
		       i, sqe_field(i), c[i], r[i]);
	else
		printf(": returns 0x%llx in the header's copy, 0x%llx in the library's\n",
		       (unsigned long long) rc, (unsigned long long) rr);
	return 1;
}

#include "generated.h"
#include "every.h"

/* Every helper the header defines: each must have a case. */
#define TWIN_NAME(name) #name,
static const char *const every_twin[] = { EVERY_TWIN(TWIN_NAME) };

/*
 * Ring images: a struct io_uring with its SQ and CQ rings, SQEs, CQEs and a
 * buffer ring in one block, so that two copies are compared byte by byte.
 */
#define MAX_SQ 16
#define MAX_CQ 32

struct image {
	struct io_uring ring;
	unsigned sq_khead, sq_ktail, sq_kflags, sq_kdropped;
	unsigned cq_khead, cq_ktail, cq_kflags, cq_koverflow;
	unsigned sq_array[MAX_SQ];
	struct io_uring_sqe sqes[2 * MAX_SQ];
	__u64 cqes[4 * MAX_CQ];
	__u64 bufs[2 * MAX_CQ];	/* 32 struct io_uring_buf */
	unsigned char guard[64];
};

/* What a random image is made of; built twice into identical copies. */
struct shape {
	unsigned flags, features, sq_entries, cq_entries;
	unsigned sq_khead, sqe_head, sqe_tail, sq_kflags;
	unsigned cq_khead, cq_ktail, cq_kflags;
	int no_cq_kflags;
	uint64_t fill_seed;
};

/* A u32 index that is often close to wrapping. */
static unsigned rnd_index(void)
{
	switch (rnd() % 4) {
	case 0: return 0;
	case 1: return 0xffffffffU - (unsigned) (rnd() % 40);
	default: return (unsigned) rnd();
	}
}

static void rnd_shape(struct shape *s)
{
	static const unsigned setup_bits[] = {
		IORING_SETUP_SQE128, IORING_SETUP_CQE32, IORING_SETUP_SQE_MIXED,
		IORING_SETUP_CQE_MIXED, IORING_SETUP_SQPOLL, IORING_SETUP_IOPOLL,
	};
	static const unsigned sq_bits[] = {
		IORING_SQ_NEED_WAKEUP, IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN,
	};

	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < sizeof(setup_bits) / sizeof(setup_bits[0]); i++)
		if (rnd() % 3 == 0)
			s->flags |= setup_bits[i];
	for (unsigned i = 0; i < sizeof(sq_bits) / sizeof(sq_bits[0]); i++)
		if (rnd() % 4 == 0)
			s->sq_kflags |= sq_bits[i];
	s->features = rnd() % 2 ? IORING_FEAT_EXT_ARG : 0;
	s->sq_entries = 1U << (rnd() % 5);
	s->cq_entries = 2 * s->sq_entries;
	s->sq_khead = rnd_index();
	s->sqe_head = s->sq_khead + (unsigned) (rnd() % (s->sq_entries + 1));
	s->sqe_tail = s->sqe_head + (unsigned) (rnd() % (s->sq_entries + 2));
	s->cq_khead = rnd_index();
	s->cq_ktail = s->cq_khead + (unsigned) (rnd() % (s->cq_entries + 1));
	s->cq_kflags = rnd() % 2 ? IORING_CQ_EVENTFD_DISABLED : 0;
	s->no_cq_kflags = rnd() % 8 == 0;
	s->fill_seed = rnd();
}

/* CQE flags worth trying: none, a 32-byte CQE, a skip entry, more to come, anything. */
static __u32 rnd_cqe_flags(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return IORING_CQE_F_32;
	case 2: return IORING_CQE_F_SKIP;
	case 3: return IORING_CQE_F_MORE;
	case 4: return IORING_CQE_F_32 | IORING_CQE_F_SKIP;
	default: return (__u32) rnd();
	}
}

static void build(struct image *im, const struct shape *s)
{
	uint64_t saved = rng_state;
	struct io_uring *r = &im->ring;

	memset(im, 0, sizeof(*im));
	r->flags = s->flags;
	r->features = s->features;
	r->ring_fd = -1;
	r->enter_ring_fd = -1;
	r->sq.khead = &im->sq_khead;
	r->sq.ktail = &im->sq_ktail;
	r->sq.kflags = &im->sq_kflags;
	r->sq.kdropped = &im->sq_kdropped;
	r->sq.array = im->sq_array;
	r->sq.sqes = im->sqes;
	r->sq.ring_mask = s->sq_entries - 1;
	r->sq.ring_entries = s->sq_entries;
	r->sq.sqe_head = s->sqe_head;
	r->sq.sqe_tail = s->sqe_tail;
	r->cq.khead = &im->cq_khead;
	r->cq.ktail = &im->cq_ktail;
	r->cq.kflags = s->no_cq_kflags ? NULL : &im->cq_kflags;
	r->cq.koverflow = &im->cq_koverflow;
	r->cq.cqes = (struct io_uring_cqe *) im->cqes;
	r->cq.ring_mask = s->cq_entries - 1;
	r->cq.ring_entries = s->cq_entries;
	im->sq_khead = s->sq_khead;
	im->sq_ktail = s->sqe_head;
	im->sq_kflags = s->sq_kflags;
	im->cq_khead = s->cq_khead;
	im->cq_ktail = s->cq_ktail;
	im->cq_kflags = s->cq_kflags;

	/* the same contents in both copies: the fill has its own stream */
	rng_state = s->fill_seed;
	for (unsigned i = 0; i < sizeof(im->sqes); i++)
		((unsigned char *) im->sqes)[i] = (unsigned char) rnd();
	for (unsigned i = 0; i < 2 * MAX_CQ; i++) {
		struct io_uring_cqe *c = (struct io_uring_cqe *) &im->cqes[2 * i];

		c->user_data = rnd() % 8 ? rnd() : LIBURING_UDATA_TIMEOUT;
		c->res = rnd() % 3 ? (__s32) (rnd() % 4096) : -(__s32) (rnd() % 130);
		c->flags = rnd_cqe_flags();
	}
	for (unsigned i = 0; i < 2 * MAX_CQ; i++)
		im->bufs[i] = rnd();
	rng_state = saved;
	/*
	 * As the kernel posts them: a two-slot CQE never ends past the tail. (Both
	 * iterators trust this; a pair across the tail would step over it.)
	 */
	for (unsigned head = s->cq_khead; head != s->cq_ktail;) {
		struct io_uring_cqe *c = r->cq.cqes +
			((head & r->cq.ring_mask) << io_uring_cqe_shift(r));

		if ((c->flags & IORING_CQE_F_32) && s->cq_ktail - head < 2)
			c->flags &= ~IORING_CQE_F_32;
		head += io_uring_cqe_nr(c);
	}
}

/* Byte offset of a pointer into an image (or -1 for NULL), comparable across copies. */
static long long off_in(const struct image *im, const void *p)
{
	return p ? (long long) ((const char *) p - (const char *) im) : -1;
}

static void print_shape(const struct shape *s)
{
	printf(" [ring flags=0x%x features=0x%x sq=%u cq=%u sq_khead=%u sqe_head=%u sqe_tail=%u"
	       " sq_kflags=0x%x cq_khead=%u cq_ktail=%u cq_kflags=%s0x%x]",
	       s->flags, s->features, s->sq_entries, s->cq_entries, s->sq_khead, s->sqe_head,
	       s->sqe_tail, s->sq_kflags, s->cq_khead, s->cq_ktail,
	       s->no_cq_kflags ? "NULL " : "", s->cq_kflags);
}

/* The first differing part of two images after the same helper ran on each. */
static const char *image_diff(const struct image *c, const struct image *r)
{
#define FIELD(f) if (memcmp(&c->f, &r->f, sizeof(c->f))) return #f
	FIELD(ring.sq.sqe_head); FIELD(ring.sq.sqe_tail); FIELD(ring.sq.ring_mask);
	FIELD(ring.sq.ring_entries); FIELD(ring.cq.ring_mask); FIELD(ring.cq.ring_entries);
	FIELD(ring.flags); FIELD(ring.ring_fd); FIELD(ring.features);
	FIELD(ring.enter_ring_fd); FIELD(ring.int_flags);
	FIELD(sq_khead); FIELD(sq_ktail); FIELD(sq_kflags); FIELD(sq_kdropped);
	FIELD(cq_khead); FIELD(cq_ktail); FIELD(cq_kflags); FIELD(cq_koverflow);
	FIELD(sq_array); FIELD(sqes); FIELD(cqes); FIELD(bufs); FIELD(guard);
#undef FIELD
	if ((c->ring.cq.kflags == NULL) != (r->ring.cq.kflags == NULL))
		return "ring.cq.kflags";
	return NULL;
}

/* One helper on one image: rust selects the copy, a[] are its random arguments. */
typedef void ring_op(struct image *im, int rust, const uint64_t *a, long long *out);

#define BOTH(rust, name, ...) ((rust) ? RUST(name)(__VA_ARGS__) : name(__VA_ARGS__))

static void op_get_sqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = off_in(im, BOTH(rust, io_uring_get_sqe, &im->ring));
}

static void op__get_sqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = off_in(im, BOTH(rust, _io_uring_get_sqe, &im->ring));
}

static void op_get_sqe128(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = off_in(im, BOTH(rust, io_uring_get_sqe128, &im->ring));
}

static void op_sq_ready(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_sq_ready, &im->ring);
}

static void op_sq_space_left(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_sq_space_left, &im->ring);
}

static void op_load_sq_head(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_load_sq_head, &im->ring);
}

static void op_sqe_shift(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_sqe_shift, &im->ring);
}

/* Only on a ring with room: a full SQPOLL ring would wait in the kernel. */
static void op_sqring_wait(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	if (io_uring_sq_space_left(&im->ring) || !(im->ring.flags & IORING_SETUP_SQPOLL))
		out[0] = BOTH(rust, io_uring_sqring_wait, &im->ring);
}

static void op_cqe_shift(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_cqe_shift, &im->ring);
}

static void op_cq_ready(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_cq_ready, &im->ring);
}

static void op_cq_has_overflow(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_cq_has_overflow, &im->ring);
}

static void op_eventfd_enabled(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	out[0] = BOTH(rust, io_uring_cq_eventfd_enabled, &im->ring);
}

static void op_eventfd_toggle(struct image *im, int rust, const uint64_t *a, long long *out)
{
	out[0] = BOTH(rust, io_uring_cq_eventfd_toggle, &im->ring, (bool) (a[0] & 1));
}

static void op_cq_advance(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) out;
	BOTH(rust, io_uring_cq_advance, &im->ring, (unsigned) (a[0] % (MAX_CQ + 2)));
}

/* The CQE at the head (what peek/wait hand out), or NULL on an empty ring. */
static struct io_uring_cqe *head_cqe(struct image *im)
{
	struct io_uring *r = &im->ring;

	if (im->cq_ktail == im->cq_khead)
		return NULL;
	return r->cq.cqes + ((im->cq_khead & r->cq.ring_mask) << io_uring_cqe_shift(r));
}

static void op_cqe_seen(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	(void) out;
	BOTH(rust, io_uring_cqe_seen, &im->ring, head_cqe(im));
}

static void op_skip_cqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe = head_cqe(im);
	int err = (int) (a[0] % 2);

	if (cqe)
		out[0] = BOTH(rust, io_uring_skip_cqe, &im->ring, cqe, &err);
	out[1] = err;
}

static void op_peek_cqe_nr(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe = (struct io_uring_cqe *) 1;
	unsigned avail = 12345;

	out[0] = BOTH(rust, __io_uring_peek_cqe, &im->ring, &cqe, a[0] % 2 ? &avail : NULL);
	out[1] = off_in(im, cqe);
	out[2] = avail;
}

/*
 * peek and wait enter the kernel when the CQ has nothing to hand out; the
 * image's ring fd is -1, so that returns -EBADF on both sides and never waits.
 */
static void op_peek_cqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe = NULL;

	(void) a;
	out[0] = BOTH(rust, io_uring_peek_cqe, &im->ring, &cqe);
	out[1] = off_in(im, cqe);
}

static void op_wait_cqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe = NULL;

	(void) a;
	out[0] = BOTH(rust, io_uring_wait_cqe, &im->ring, &cqe);
	out[1] = off_in(im, cqe);
}

static void op_wait_cqe_nr(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe = NULL;

	out[0] = BOTH(rust, io_uring_wait_cqe_nr, &im->ring, &cqe, (unsigned) (a[0] % 3));
	out[1] = off_in(im, cqe);
}

/* The header's iterator through the io_uring_for_each_cqe macro; the library's by calls. */
static void op_for_each_cqe(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;
	long long sum = 0;

	(void) a;
	if (rust) {
		struct io_uring_cqe_iter it = RUST(io_uring_cqe_iter_init)(&im->ring);

		while (RUST(io_uring_cqe_iter_next)(&it, &cqe))
			sum = sum * 131 + off_in(im, cqe) + ++n;
	} else {
		io_uring_for_each_cqe(&im->ring, head, cqe)
			sum = sum * 131 + off_in(im, cqe) + ++n;
		(void) head;
	}
	out[0] = n;
	out[1] = sum;
}

/* The iterator functions themselves, a few steps, and the state they leave. */
static void op_cqe_iter(struct image *im, int rust, const uint64_t *a, long long *out)
{
	struct io_uring_cqe_iter it = BOTH(rust, io_uring_cqe_iter_init, &im->ring);
	struct io_uring_cqe *cqe = NULL;
	unsigned steps = (unsigned) (a[0] % 6);

	for (unsigned i = 0; i < steps; i++)
		out[0] = out[0] * 2 + BOTH(rust, io_uring_cqe_iter_next, &it, &cqe);
	out[1] = off_in(im, cqe);
	out[2] = off_in(im, it.cqes);
	out[3] = ((long long) it.head << 32 | it.tail) ^ ((long long) it.mask << 8 | it.shift);
}

static struct io_uring_buf_ring *buf_ring(struct image *im)
{
	return (struct io_uring_buf_ring *) im->bufs;
}

static void op_buf_ring_init(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) a;
	(void) out;
	BOTH(rust, io_uring_buf_ring_init, buf_ring(im));
}

/* mask is that of a ring of at most 32 entries (the size of bufs): the helper trusts it. */
static void op_buf_ring_add(struct image *im, int rust, const uint64_t *a, long long *out)
{
	int mask = (int) (1U << (a[1] % 6)) - 1;

	(void) out;
	BOTH(rust, io_uring_buf_ring_add, buf_ring(im), (void *) (uintptr_t) a[0],
	     (unsigned) a[2], (unsigned short) a[3], mask, (int) a[4]);
}

static void op_buf_ring_advance(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) out;
	BOTH(rust, io_uring_buf_ring_advance, buf_ring(im), (int) a[0]);
}

static void op_buf_ring_cq_advance(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) out;
	BOTH(rust, io_uring_buf_ring_cq_advance, &im->ring, buf_ring(im), (int) (a[0] % 40));
}

static void op__buf_ring_cq_advance(struct image *im, int rust, const uint64_t *a, long long *out)
{
	(void) out;
	BOTH(rust, __io_uring_buf_ring_cq_advance, &im->ring, buf_ring(im), (int) (a[0] % 40),
	     (int) a[1]);
}

/* The ring fd is -1: the kernel's answer to the head query is the same error for both. */
static void op_buf_ring_available(struct image *im, int rust, const uint64_t *a, long long *out)
{
	out[0] = BOTH(rust, io_uring_buf_ring_available, &im->ring, buf_ring(im),
		      (unsigned short) a[0]);
}

struct ring_case {
	const char *name;
	ring_op *op;
};

static const struct ring_case ring_cases[] = {
	{ "io_uring_get_sqe", op_get_sqe },
	{ "_io_uring_get_sqe", op__get_sqe },
	{ "io_uring_get_sqe128", op_get_sqe128 },
	{ "io_uring_sq_ready", op_sq_ready },
	{ "io_uring_sq_space_left", op_sq_space_left },
	{ "io_uring_load_sq_head", op_load_sq_head },
	{ "io_uring_sqe_shift", op_sqe_shift },
	{ "io_uring_sqring_wait", op_sqring_wait },
	{ "io_uring_cqe_shift", op_cqe_shift },
	{ "io_uring_cq_ready", op_cq_ready },
	{ "io_uring_cq_has_overflow", op_cq_has_overflow },
	{ "io_uring_cq_eventfd_enabled", op_eventfd_enabled },
	{ "io_uring_cq_eventfd_toggle", op_eventfd_toggle },
	{ "io_uring_cq_advance", op_cq_advance },
	{ "io_uring_cqe_seen", op_cqe_seen },
	{ "io_uring_skip_cqe", op_skip_cqe },
	{ "__io_uring_peek_cqe", op_peek_cqe_nr },
	{ "io_uring_peek_cqe", op_peek_cqe },
	{ "io_uring_wait_cqe", op_wait_cqe },
	{ "io_uring_wait_cqe_nr", op_wait_cqe_nr },
	{ "io_uring_for_each_cqe", op_for_each_cqe },
	{ "io_uring_cqe_iter_init", op_cqe_iter },
	{ "io_uring_cqe_iter_next", op_cqe_iter },
	{ "io_uring_buf_ring_init", op_buf_ring_init },
	{ "io_uring_buf_ring_add", op_buf_ring_add },
	{ "io_uring_buf_ring_advance", op_buf_ring_advance },
	{ "io_uring_buf_ring_cq_advance", op_buf_ring_cq_advance },
	{ "__io_uring_buf_ring_cq_advance", op__buf_ring_cq_advance },
	{ "io_uring_buf_ring_available", op_buf_ring_available },
};

static struct image img_c, img_r;

static int run_ring_case(const struct ring_case *rc, unsigned iters)
{
	for (unsigned n = 0; n < iters; n++) {
		uint64_t a[5];
		long long out_c[4] = { 0 }, out_r[4] = { 0 };
		struct shape s;
		const char *diff;

		for (int i = 0; i < 5; i++)
			a[i] = rnd_int();
		rnd_shape(&s);
		build(&img_c, &s);
		build(&img_r, &s);
		rc->op(&img_c, 0, a, out_c);
		rc->op(&img_r, 1, a, out_r);
		diff = image_diff(&img_c, &img_r);
		if (!diff && !memcmp(out_c, out_r, sizeof(out_c)))
			continue;
		printf("FAIL %s: args 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx", rc->name,
		       (unsigned long long) a[0], (unsigned long long) a[1],
		       (unsigned long long) a[2], (unsigned long long) a[3],
		       (unsigned long long) a[4]);
		print_shape(&s);
		if (diff)
			printf(": %s differs afterwards\n", diff);
		for (int i = 0; !diff && i < 4; i++)
			if (out_c[i] != out_r[i]) {
				printf(": result %d is %lld in the header's copy, %lld in the library's\n",
				       i, out_c[i], out_r[i]);
				break;
			}
		return 1;
	}
	return 0;
}

/*
 * Received-message helpers: a buffer laid out as the kernel writes it
 * (io_uring_recvmsg_out, name, control, payload), random lengths kept within
 * the region, since the helpers trust them.
 */
struct msg_case {
	struct msghdr msgh;
	unsigned char *buf;
	int buf_len;
	struct io_uring_recvmsg_out *out;
	struct cmsghdr *cmsg;
};

static void rnd_msg(struct msg_case *m)
{
	memset(&m->msgh, 0, sizeof(m->msgh));
	m->msgh.msg_namelen = (socklen_t) (rnd() % 64);
	m->msgh.msg_controllen = (size_t) (rnd() % 256);
	m->buf = region + 0x8000 + 8 * (rnd() % 16);
	m->buf_len = (int) (rnd() % 3 ? rnd() % 1024 : rnd_int());
	m->out = (struct io_uring_recvmsg_out *) m->buf;
	m->out->namelen = (__u32) (rnd() % 128);
	m->out->controllen = (__u32) (rnd() % 2 ? m->msgh.msg_controllen : rnd() % 300);
	m->out->payloadlen = (__u32) rnd_int();
	m->out->flags = (__u32) rnd();
	/* a cmsg header every 8 bytes, with lengths from 0 to past the control area and huge */
	for (unsigned i = 0; i < 64; i++) {
		struct cmsghdr *c = (struct cmsghdr *) (m->buf + sizeof(*m->out) +
							m->msgh.msg_namelen + 8 * i);
		switch (rnd() % 4) {
		case 0: c->cmsg_len = (size_t) rnd() % 400; break;
		case 1: c->cmsg_len = ~(size_t) 0 - (size_t) (rnd() % 64); break;
		default: c->cmsg_len = 16 + 8 * (size_t) (rnd() % 8); break;
		}
	}
	m->cmsg = (struct cmsghdr *) (m->buf + sizeof(*m->out) + m->msgh.msg_namelen +
				      8 * (rnd() % 32));
}

static int run_msg_case(const char *name, unsigned iters)
{
	for (unsigned n = 0; n < iters; n++) {
		struct msg_case m;
		uint64_t c, r;

		rnd_msg(&m);
		if (!strcmp(name, "io_uring_recvmsg_validate")) {
			c = (uintptr_t) io_uring_recvmsg_validate(m.buf, m.buf_len, &m.msgh);
			r = (uintptr_t) RUST(io_uring_recvmsg_validate)(m.buf, m.buf_len, &m.msgh);
		} else if (!strcmp(name, "io_uring_recvmsg_name")) {
			c = (uintptr_t) io_uring_recvmsg_name(m.out);
			r = (uintptr_t) RUST(io_uring_recvmsg_name)(m.out);
		} else if (!strcmp(name, "io_uring_recvmsg_cmsg_firsthdr")) {
			c = (uintptr_t) io_uring_recvmsg_cmsg_firsthdr(m.out, &m.msgh);
			r = (uintptr_t) RUST(io_uring_recvmsg_cmsg_firsthdr)(m.out, &m.msgh);
		} else if (!strcmp(name, "io_uring_recvmsg_cmsg_nexthdr")) {
			c = (uintptr_t) io_uring_recvmsg_cmsg_nexthdr(m.out, &m.msgh, m.cmsg);
			r = (uintptr_t) RUST(io_uring_recvmsg_cmsg_nexthdr)(m.out, &m.msgh, m.cmsg);
		} else if (!strcmp(name, "io_uring_recvmsg_payload")) {
			c = (uintptr_t) io_uring_recvmsg_payload(m.out, &m.msgh);
			r = (uintptr_t) RUST(io_uring_recvmsg_payload)(m.out, &m.msgh);
		} else {
			c = io_uring_recvmsg_payload_length(m.out, m.buf_len, &m.msgh);
			r = RUST(io_uring_recvmsg_payload_length)(m.out, m.buf_len, &m.msgh);
		}
		if (c == r)
			continue;
		printf("FAIL %s: buf_len=%d msg_namelen=%u msg_controllen=%zu out={namelen=%u"
		       " controllen=%u payloadlen=%u} cmsg at +%ld: returns 0x%llx in the header's"
		       " copy, 0x%llx in the library's\n", name, m.buf_len, m.msgh.msg_namelen,
		       m.msgh.msg_controllen, m.out->namelen, m.out->controllen, m.out->payloadlen,
		       (long) ((unsigned char *) m.cmsg - m.buf), (unsigned long long) c,
		       (unsigned long long) r);
		return 1;
	}
	return 0;
}

static const char *const msg_cases[] = {
	"io_uring_recvmsg_validate", "io_uring_recvmsg_name", "io_uring_recvmsg_cmsg_firsthdr",
	"io_uring_recvmsg_cmsg_nexthdr", "io_uring_recvmsg_payload",
	"io_uring_recvmsg_payload_length",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Every helper the header defines must have a case: a new one without is a failure. */
static int covered(const char *name)
{
	for (size_t i = 0; i < COUNT(generated_twins); i++)
		if (!strcmp(generated_twins[i].name, name))
			return 1;
	for (size_t i = 0; i < COUNT(ring_cases); i++)
		if (!strcmp(ring_cases[i].name, name))
			return 1;
	for (size_t i = 0; i < COUNT(msg_cases); i++)
		if (!strcmp(msg_cases[i], name))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned iters = argc > 1 ? (unsigned) strtoul(argv[1], NULL, 0) : 10000;
	const char *env = getenv("TWINS_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t) time(NULL) ^ (uint64_t) clock();
	static unsigned char sqes[2][TARGET] __attribute__((aligned(64)));
	struct twin_ctx x = { iters, (struct io_uring_sqe *) sqes[0],
			      (struct io_uring_sqe *) sqes[1] };
	int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_state = seed;
	printf("twins: seed %llu (TWINS_SEED=%llu repeats this run), %u argument sets per helper\n",
	       (unsigned long long) seed, (unsigned long long) seed, iters);
	region = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (int i = 0; i < REGION; i++)
		region[i] = (unsigned char) rnd();

	for (size_t i = 0; i < COUNT(generated_twins); i++)
		generated_twins[i].run(&x) ? failed++ : passed++;
	for (size_t i = 0; i < COUNT(ring_cases); i++)
		run_ring_case(&ring_cases[i], iters) ? failed++ : passed++;
	for (size_t i = 0; i < COUNT(msg_cases); i++)
		run_msg_case(msg_cases[i], iters) ? failed++ : passed++;
	for (size_t i = 0; i < COUNT(every_twin); i++)
		if (!covered(every_twin[i])) {
			printf("FAIL %s: defined in the header but compared by no case\n",
			       every_twin[i]);
			failed++;
		}
	printf("twins: %d passed, %d failed, 0 skipped\n", passed, failed);
	return failed ? 1 : 0;
}
