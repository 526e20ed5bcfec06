/* SPDX-License-Identifier: MIT */
/*
 * io_uring_peek_batch_cqe (seed bug 1).
 *
 * For plain, CQE32 and CQE_MIXED rings with a small CQ:
 *  - 0 on an empty ring, 0 with count 0, never more than count, never writes
 *    past the number it returns, pointers are the ring slots at the CQ head;
 *  - across well over 100 wraps of the CQ, reaping with peek_batch,
 *    io_uring_for_each_cqe + io_uring_cq_advance and io_uring_peek_cqe +
 *    io_uring_cqe_seen in turn, every user_data comes back intact, exactly
 *    once and in submission order (NOPs complete in order);
 *  - after a CQ overflow (IORING_FEAT_NODROP) the overflowed CQEs are
 *    flushed and returned by later peek_batch / peek / for_each loops.
 *
 * Mixed rings (liburing 2.15 semantics): peek_batch returns the number of
 * CQEs (not slots); a skip entry at the CQ head is consumed by the library
 * and never returned; the batch stops before a skip entry that is not at the
 * head; the caller advances the CQ by the sum of io_uring_cqe_nr() of the
 * CQEs it got.
 */
#include "test.h"

enum mode { M_PLAIN, M_CQE32, M_MIXED };

#define MAX_SEQ		(1U << 16)
#define MAXB		16
#define UD_TAG		0xfeed000000000000ULL
#define UD_TAG_MASK	0xffff000000000000ULL
#define UD_SEQ_MASK	0x000000ffffffffffULL
#define PROBE_UD	0x0123456789abcdefULL

struct ctx {
	struct io_uring ring;
	enum mode mode;
	const char *name;
	int big_ok;		/* kernel can post 32-byte NOP CQEs */
	unsigned next_submit;	/* sequence number of the next NOP */
	unsigned next_reap;	/* sequence number expected next */
	unsigned rng;
	int small_only;		/* submit 16-byte CQE NOPs only */
	unsigned char seen[MAX_SEQ / 8];
	unsigned char big[MAX_SEQ / 8];	/* seq asked for a 32-byte CQE */
};

static struct io_uring_cqe sentinel;

static unsigned rnd(struct ctx *c)
{
	unsigned x = c->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rng = x;
	return x;
}

static __u64 seq_ud(const struct ctx *c, unsigned seq)
{
	return UD_TAG | ((__u64) c->mode << 40) | seq;
}

static __u64 extra1(__u64 ud)
{
	return ~ud;
}

static __u64 extra2(__u64 ud)
{
	return ud * 0x9e3779b97f4a7c15ULL;
}

/* Which sequence numbers ask for a 32-byte CQE (decided at submission). */
static int want_big(struct ctx *c)
{
	if (c->mode == M_PLAIN || !c->big_ok || c->small_only)
		return 0;
	return (rnd(c) >> 11) & 1;
}

static int is_big(const struct ctx *c, unsigned seq)
{
	return !!(c->big[seq / 8] & (1U << (seq % 8)));
}

static void prep_nop_ud(struct ctx *c, struct io_uring_sqe *sqe, __u64 ud,
			int big)
{
	io_uring_prep_nop(sqe);
	sqe->user_data = ud;
	if (big) {
		sqe->nop_flags = IORING_NOP_CQE32;
		sqe->off = extra1(ud);
		sqe->addr = extra2(ud);
	}
	(void) c;
}

static void submit_nops(struct ctx *c, unsigned k)
{
	unsigned i;
	int ret;

	for (i = 0; i < k; i++) {
		unsigned seq = c->next_submit++;

		CHECK(seq < MAX_SEQ);
		if (want_big(c))
			c->big[seq / 8] |= 1U << (seq % 8);
		prep_nop_ud(c, GET_SQE(&c->ring), seq_ud(c, seq), is_big(c, seq));
	}
	ret = io_uring_submit(&c->ring);
	if (ret != (int) k)
		FAIL("[%s] io_uring_submit returned %d, expected %u", c->name,
		     ret, k);
}

/* Slots that k new NOP CQEs may need in the worst case. */
static unsigned slots_needed(const struct ctx *c, unsigned k)
{
	return c->mode == M_MIXED ? 2 * k + 1 : k;
}

static struct io_uring_cqe *slot(struct ctx *c, unsigned idx)
{
	unsigned shift = c->mode == M_CQE32 ? 1 : 0;

	return &c->ring.cq.cqes[(idx & c->ring.cq.ring_mask) << shift];
}

static void consume(struct ctx *c, struct io_uring_cqe *cqe)
{
	__u64 ud = cqe->user_data;
	unsigned seq;
	int big;

	if (cqe->flags & IORING_CQE_F_SKIP)
		FAIL("[%s] a skip CQE was handed to the application", c->name);
	if ((ud & UD_TAG_MASK) != UD_TAG || ((ud >> 40) & 0xff) != c->mode)
		FAIL("[%s] corrupted user_data 0x%llx", c->name,
		     (unsigned long long) ud);
	seq = (unsigned) (ud & UD_SEQ_MASK);
	if (seq >= c->next_submit)
		FAIL("[%s] user_data 0x%llx was never submitted", c->name,
		     (unsigned long long) ud);
	if (c->seen[seq / 8] & (1U << (seq % 8)))
		FAIL("[%s] user_data 0x%llx returned twice", c->name,
		     (unsigned long long) ud);
	c->seen[seq / 8] |= 1U << (seq % 8);
	if (seq != c->next_reap)
		FAIL("[%s] completion out of order: expected seq %u, got %u",
		     c->name, c->next_reap, seq);
	c->next_reap++;
	if (cqe->res != 0)
		FAIL("[%s] NOP seq %u res %d, expected 0", c->name, seq, cqe->res);

	big = is_big(c, seq);
	if (c->mode == M_MIXED && !!(cqe->flags & IORING_CQE_F_32) != big)
		FAIL("[%s] seq %u: IORING_CQE_F_32 is %d, expected %d", c->name,
		     seq, !!(cqe->flags & IORING_CQE_F_32), big);
	if (c->mode == M_CQE32 && (cqe->flags & IORING_CQE_F_32))
		FAIL("[%s] seq %u: IORING_CQE_F_32 set on a CQE32 ring", c->name, seq);
	if (big && (cqe->big_cqe[0] != extra1(ud) || cqe->big_cqe[1] != extra2(ud)))
		FAIL("[%s] seq %u: big_cqe = {0x%llx, 0x%llx}, expected {0x%llx, 0x%llx}",
		     c->name, seq, (unsigned long long) cqe->big_cqe[0],
		     (unsigned long long) cqe->big_cqe[1],
		     (unsigned long long) extra1(ud),
		     (unsigned long long) extra2(ud));
}

/* One io_uring_peek_batch_cqe call with every property checked; returns n. */
static unsigned reap_batch(struct ctx *c, unsigned count)
{
	struct io_uring_cqe *cqes[MAXB + 4];
	unsigned head_before, head, tail, ready_before, ready_after, n, i, idx;
	unsigned slots = 0;

	CHECK(count <= MAXB);
	for (i = 0; i < MAXB + 4; i++)
		cqes[i] = &sentinel;
	head_before = *c->ring.cq.khead;
	ready_before = io_uring_cq_ready(&c->ring);

	n = io_uring_peek_batch_cqe(&c->ring, cqes, count);

	head = *c->ring.cq.khead;
	ready_after = io_uring_cq_ready(&c->ring);
	tail = head + ready_after;
	if (n > count)
		FAIL("[%s] peek_batch(count=%u) returned %u (ready was %u)",
		     c->name, count, n, ready_before);
	for (i = 0; i < MAXB + 4; i++) {
		if (i < n && cqes[i] == &sentinel)
			FAIL("[%s] peek_batch returned %u but left entry %u unwritten",
			     c->name, n, i);
		if (i >= n && cqes[i] != &sentinel)
			FAIL("[%s] peek_batch returned %u but wrote entry %u",
			     c->name, n, i);
	}

	if (c->mode != M_MIXED) {
		unsigned lo = ready_before < count ? ready_before : count;
		unsigned hi = ready_after < count ? ready_after : count;

		CHECK_EQ(head, head_before);
		if (ready_before && (n < lo || n > hi))
			FAIL("[%s] peek_batch(count=%u) returned %u, %u CQEs were ready",
			     c->name, count, n, ready_before);
		if (!ready_before && n > hi)
			FAIL("[%s] peek_batch(count=%u) returned %u, only %u ready after flush",
			     c->name, count, n, ready_after);
		for (i = 0; i < n; i++) {
			if (cqes[i] != slot(c, head + i))
				FAIL("[%s] peek_batch entry %u points at %p, expected CQ slot %u (%p)",
				     c->name, i, (void *) cqes[i],
				     (head + i) & c->ring.cq.ring_mask,
				     (void *) slot(c, head + i));
		}
		for (i = 0; i < n; i++)
			consume(c, cqes[i]);
		io_uring_cq_advance(&c->ring, n);
		return n;
	}

	/* mixed ring */
	if (head != head_before) {
		if (head - head_before != 1 ||
		    !(slot(c, head_before)->flags & IORING_CQE_F_SKIP))
			FAIL("[%s] peek_batch moved the CQ head from %u to %u, "
			     "only a leading skip entry may be consumed",
			     c->name, head_before, head);
	}
	if (ready_before && count && !n && ready_after)
		FAIL("[%s] peek_batch(count=%u) returned 0 with %u slots ready",
		     c->name, count, ready_after);
	idx = head;
	for (i = 0; i < n; i++) {
		if (cqes[i] != slot(c, idx))
			FAIL("[%s] peek_batch entry %u points at %p, expected CQ slot %u (%p)",
			     c->name, i, (void *) cqes[i],
			     idx & c->ring.cq.ring_mask, (void *) slot(c, idx));
		if (cqes[i]->flags & IORING_CQE_F_SKIP)
			FAIL("[%s] peek_batch returned a skip entry at %u", c->name, i);
		idx += io_uring_cqe_nr(cqes[i]);
		if (idx - head > ready_after)
			FAIL("[%s] peek_batch entries run past the CQ tail", c->name);
	}
	if (n < count && idx != tail && !(slot(c, idx)->flags & IORING_CQE_F_SKIP))
		FAIL("[%s] peek_batch(count=%u) stopped at %u CQEs before a real CQE",
		     c->name, count, n);
	for (i = 0; i < n; i++) {
		slots += io_uring_cqe_nr(cqes[i]);
		consume(c, cqes[i]);
	}
	io_uring_cq_advance(&c->ring, slots);
	return n;
}

/* io_uring_for_each_cqe over at most limit CQEs, then io_uring_cq_advance. */
static unsigned reap_foreach(struct ctx *c, unsigned limit)
{
	struct io_uring_cqe *cqe;
	unsigned head, got = 0, slots = 0, nr = 0;

	io_uring_for_each_cqe(&c->ring, head, cqe) {
		if (got == limit)
			break;
		if (c->mode != M_MIXED) {
			CHECK(cqe == slot(c, head));
			nr++;
		} else {
			slots += io_uring_cqe_nr(cqe);
		}
		if (cqe->flags & IORING_CQE_F_SKIP) {
			if (c->mode != M_MIXED)
				FAIL("[%s] skip CQE on a non-mixed ring", c->name);
			continue;
		}
		consume(c, cqe);
		got++;
	}
	io_uring_cq_advance(&c->ring, c->mode == M_MIXED ? slots : nr);
	return got;
}

/* io_uring_peek_cqe + io_uring_cqe_seen, at most limit times. */
static unsigned reap_peek(struct ctx *c, unsigned limit)
{
	struct io_uring_cqe *cqe;
	unsigned got = 0;
	int ret;

	while (got < limit) {
		cqe = NULL;
		ret = io_uring_peek_cqe(&c->ring, &cqe);
		if (ret == -EAGAIN)
			break;
		if (ret != 0 || !cqe)
			FAIL("[%s] io_uring_peek_cqe returned %d (cqe %p)", c->name,
			     ret, (void *) cqe);
		consume(c, cqe);
		io_uring_cqe_seen(&c->ring, cqe);
		got++;
	}
	return got;
}

/* Reap everything outstanding, waiting (bounded) when nothing is visible. */
static void drain(struct ctx *c, int method)
{
	int idle = 0;

	while (c->next_reap != c->next_submit) {
		unsigned got;

		switch (method) {
		case 0:
			got = reap_batch(c, 1 + rnd(c) % MAXB);
			break;
		case 1:
			got = reap_foreach(c, 1 + rnd(c) % 8);
			if (!got && io_uring_cq_has_overflow(&c->ring))
				CHECK_OK(io_uring_get_events(&c->ring));
			break;
		default:
			got = reap_peek(c, 1 + rnd(c) % 8);
			break;
		}
		if (got) {
			idle = 0;
			method = (method + 1) % 3;
			continue;
		}
		if (++idle > 3)
			FAIL("[%s] %u completions never arrived (expected seq %u)",
			     c->name, c->next_submit - c->next_reap, c->next_reap);
		{
			struct io_uring_cqe *cqe;

			WAIT_CQE(&c->ring, &cqe, 2000);
		}
	}
	CHECK_EQ(io_uring_peek_batch_cqe(&c->ring, (struct io_uring_cqe *[1]){0}, 1), 0);
}

static void check_all_seen(struct ctx *c)
{
	unsigned s;

	for (s = 0; s < c->next_submit; s++)
		if (!(c->seen[s / 8] & (1U << (s % 8))))
			FAIL("[%s] user_data seq %u never returned", c->name, s);
}

static int setup(struct ctx *c, enum mode mode)
{
	static const char *names[] = { "plain", "CQE32", "CQE_MIXED" };
	static const unsigned flags[] = { 0, IORING_SETUP_CQE32,
					  IORING_SETUP_CQE_MIXED };
	struct io_uring_params p;
	int ret;

	memset(c, 0, sizeof(*c));
	c->mode = mode;
	c->name = names[mode];
	c->rng = 0x2545f491U + mode;
	memset(&p, 0, sizeof(p));
	p.flags = flags[mode];
	ret = T_INIT_PARAMS(4, &c->ring, &p, c->name);
	if (ret && mode != M_PLAIN) {
		t_skip_part("%s rings: io_uring_setup says -EINVAL", c->name);
		return 0;
	}
	if (ret)
		FAIL("[%s] io_uring_queue_init_params: %d", c->name, ret);
	CHECK_EQ(c->ring.cq.ring_entries, 8);
	return 1;
}

/* Can this kernel post a 32-byte CQE for a NOP (IORING_NOP_CQE32)? */
static void probe_big(struct ctx *c)
{
	struct io_uring_cqe *cqe;

	if (c->mode == M_PLAIN)
		return;
	prep_nop_ud(c, GET_SQE(&c->ring), PROBE_UD, 1);
	CHECK_EQ(io_uring_submit(&c->ring), 1);
	WAIT_CQE(&c->ring, &cqe, 2000);
	CHECK(cqe->user_data == PROBE_UD);
	if (cqe->res == -EINVAL) {
		t_skip_part("[%s] kernel rejects IORING_NOP_CQE32, only 16-byte NOP CQEs tested",
			    c->name);
	} else {
		CHECK_EQ(cqe->res, 0);
		CHECK(cqe->big_cqe[0] == extra1(PROBE_UD));
		CHECK(cqe->big_cqe[1] == extra2(PROBE_UD));
		if (c->mode == M_MIXED)
			CHECK(cqe->flags & IORING_CQE_F_32);
		c->big_ok = 1;
	}
	io_uring_cqe_seen(&c->ring, cqe);
	CHECK_EQ(io_uring_cq_ready(&c->ring), 0);
}

static void test_empty_and_zero(struct ctx *c)
{
	struct io_uring_cqe *cqes[MAXB];
	struct io_uring_cqe *cqe;
	unsigned i, ready;

	for (i = 0; i < MAXB; i++)
		cqes[i] = &sentinel;
	CHECK_EQ(io_uring_peek_batch_cqe(&c->ring, cqes, MAXB), 0);
	CHECK_EQ(io_uring_peek_batch_cqe(&c->ring, cqes, 1), 0);
	CHECK_EQ(io_uring_peek_batch_cqe(&c->ring, cqes, 0), 0);
	for (i = 0; i < MAXB; i++)
		CHECK(cqes[i] == &sentinel);

	/* count 0 with completions present: nothing returned, nothing consumed */
	submit_nops(c, 3);
	WAIT_CQE(&c->ring, &cqe, 2000);
	ready = io_uring_cq_ready(&c->ring);
	CHECK(ready >= 1);
	CHECK_EQ(io_uring_peek_batch_cqe(&c->ring, cqes, 0), 0);
	for (i = 0; i < MAXB; i++)
		CHECK(cqes[i] == &sentinel);
	CHECK_EQ(io_uring_cq_ready(&c->ring), ready);
	drain(c, 0);
}

static void test_wraps(struct ctx *c)
{
	unsigned entries = c->ring.cq.ring_entries;
	unsigned start = *c->ring.cq.khead;
	unsigned rounds = 0;

	while ((unsigned) (*c->ring.cq.khead - start) < 120 * entries) {
		unsigned k = 1 + rnd(c) % 4;
		unsigned r = rnd(c);

		if (++rounds > 100000)
			FAIL("[%s] wrap test makes no progress", c->name);
		if (io_uring_cq_ready(&c->ring) + slots_needed(c, k) <= entries)
			submit_nops(c, k);
		if (r % 5 == 0 && io_uring_cq_ready(&c->ring) < entries / 2)
			continue;	/* let completions pile up across the wrap */
		switch ((r >> 3) % 4) {
		case 0:
		case 1:
			reap_batch(c, 1 + (r >> 5) % 12);
			break;
		case 2:
			reap_foreach(c, 1 + (r >> 5) % 8);
			break;
		default:
			reap_peek(c, 1 + (r >> 5) % 8);
			break;
		}
	}
	drain(c, 0);
}

/*
 * Submit 3x the CQ size without reaping; with IORING_FEAT_NODROP nothing may
 * be lost, and the reap loops must flush the overflow list.
 */
static void test_overflow(struct ctx *c, int method)
{
	unsigned entries = c->ring.cq.ring_entries;
	unsigned start = c->next_submit;
	unsigned total = 3 * entries;

	if (!(c->ring.features & IORING_FEAT_NODROP)) {
		t_skip_part("[%s] no IORING_FEAT_NODROP, overflow part skipped", c->name);
		return;
	}
	/*
	 * Kernel 6.18 mis-handles a 32-byte CQE that needs a skip entry at the
	 * CQ wrap while the CQ is full: it posts the skip entry, overflows the
	 * CQE, then writes the next CQE over the skip entry and moves the CQ
	 * tail one past the ring size (a stale slot is exposed, order is lost).
	 * So reach the overflow state with 16-byte CQEs only; from then on every
	 * CQE, 16 or 32 bytes, goes to the overflow list and is flushed into an
	 * empty CQ, which the kernel handles correctly.
	 */
	c->small_only = 1;
	while (!io_uring_cq_has_overflow(&c->ring)) {
		if (c->next_submit - start > 2 * entries)
			FAIL("[%s] %u CQEs on a %u-entry CQ but IORING_SQ_CQ_OVERFLOW not set",
			     c->name, c->next_submit - start, entries);
		submit_nops(c, 1);
	}
	c->small_only = 0;
	while (c->next_submit - start < total)
		submit_nops(c, 4);
	if (io_uring_cq_ready(&c->ring) > entries)
		FAIL("[%s] %u CQEs ready on a %u-entry CQ", c->name,
		     io_uring_cq_ready(&c->ring), entries);
	if (!io_uring_cq_has_overflow(&c->ring))
		FAIL("[%s] %u CQEs on a %u-entry CQ but IORING_SQ_CQ_OVERFLOW not set",
		     c->name, c->next_submit - start, entries);
	CHECK_EQ(*c->ring.cq.koverflow, 0);

	if (method == 0) {
		/* peek_batch only: it must flush by itself once the CQ is empty */
		unsigned calls = 0;

		while (c->next_reap != c->next_submit) {
			unsigned n = reap_batch(c, 1 + rnd(c) % MAXB);

			if (!n)
				FAIL("[%s] peek_batch returned 0 with %u CQEs still overflowed",
				     c->name, c->next_submit - c->next_reap);
			if (++calls > 10 * total)
				FAIL("[%s] overflow drain makes no progress", c->name);
		}
	} else {
		drain(c, 1);
	}
	CHECK(!io_uring_cq_has_overflow(&c->ring));
	CHECK_EQ(io_uring_cq_ready(&c->ring), 0);
	CHECK_EQ(*c->ring.cq.koverflow, 0);
}

int main(void)
{
	static struct ctx c;
	enum mode m;

	t_init();
	for (m = M_PLAIN; m <= M_MIXED; m++) {
		if (!setup(&c, m))
			continue;
		probe_big(&c);
		test_empty_and_zero(&c);
		test_wraps(&c);
		test_overflow(&c, 0);
		test_wraps(&c);
		test_overflow(&c, 1);
		check_all_seen(&c);
		CHECK_EQ(c.next_reap, c.next_submit);
		io_uring_queue_exit(&c.ring);
	}
	return T_PASS;
}
