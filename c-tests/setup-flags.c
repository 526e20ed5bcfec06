/* SPDX-License-Identifier: MIT */
/*
 * Every io_uring_setup flag the library has to handle, each followed by a NOP
 * round trip and a check specific to the flag.  A flag is skipped (reported
 * as a partial skip) only where io_uring_setup says -EINVAL for it.
 */
#include <sys/mman.h>
#include "test.h"

static int nr_tested;

/*
 * Init with @p; 0 on success, 1 if the library and io_uring_setup(2) itself
 * both said -EINVAL (skipped).
 */
static int init_flags(struct io_uring *ring, unsigned entries,
		      struct io_uring_params *p, const char *name)
{
	if (T_INIT_PARAMS(entries, ring, p, name)) {
		t_skip_part("%s: io_uring_setup returned -EINVAL", name);
		return 1;
	}
	nr_tested++;
	return 0;
}

/* init_flags with nothing but @flags set in the parameters. */
static int init_simple(struct io_uring *ring, unsigned entries, unsigned flags,
		       const char *name)
{
	struct io_uring_params p = { .flags = flags };

	return init_flags(ring, entries, &p, name);
}

static void simple_flag(unsigned flags, const char *name)
{
	struct io_uring ring;

	if (init_simple(&ring, 8, flags, name))
		return;
	if ((ring.flags & flags) != flags)
		FAIL("%s: ring.flags 0x%x lacks 0x%x", name, ring.flags, flags);
	/* more NOPs than the SQ holds, so the SQ wraps too */
	NOP_ROUNDTRIPS(&ring, 1000, 20);
	io_uring_queue_exit(&ring);
}

static void test_sqpoll(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQPOLL,
		.sq_thread_idle = 50,
	};
	struct io_uring ring;

	if (init_flags(&ring, 8, &p, "SQPOLL"))
		return;
	CHECK(ring.flags & IORING_SETUP_SQPOLL);
	NOP_ROUNDTRIPS(&ring, 2000, 20);
	io_uring_queue_exit(&ring);
}

static void test_iopoll(void)
{
	struct io_uring ring;

	if (init_simple(&ring, 8, IORING_SETUP_IOPOLL, "IOPOLL"))
		return;
	CHECK(ring.flags & IORING_SETUP_IOPOLL);
	/* NOP is allowed on IOPOLL rings; reaping must enter the kernel */
	NOP_ROUNDTRIPS(&ring, 3000, 10);
	io_uring_queue_exit(&ring);

	/* HYBRID_IOPOLL goes with IOPOLL */
	if (init_simple(&ring, 8, IORING_SETUP_IOPOLL | IORING_SETUP_HYBRID_IOPOLL,
			"IOPOLL|HYBRID_IOPOLL"))
		return;
	NOP_ROUNDTRIP(&ring, 3100);
	io_uring_queue_exit(&ring);
}

static void test_defer_taskrun(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_DEFER_TASKRUN };
	struct io_uring ring;
	int ret;

	/* the kernel requires SINGLE_ISSUER with DEFER_TASKRUN */
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == 0) {
		io_uring_queue_exit(&ring);
		FAIL("DEFER_TASKRUN without SINGLE_ISSUER was accepted");
	}
	CHECK_EQ(ret, -EINVAL);

	simple_flag(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER,
		    "DEFER_TASKRUN|SINGLE_ISSUER");
	simple_flag(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_TASKRUN_FLAG,
		    "DEFER_TASKRUN|SINGLE_ISSUER|TASKRUN_FLAG");
}

static void check_in(const void *ptr, const void *buf, size_t len,
		     const char *what)
{
	if ((const char *) ptr < (const char *) buf ||
	    (const char *) ptr >= (const char *) buf + len)
		FAIL("NO_MMAP: %s at %p is outside the application buffer [%p, +%zu)",
		     what, ptr, buf, len);
}

static void test_no_mmap(void)
{
	const size_t sz = 256 * 1024;
	struct io_uring_params p;
	struct io_uring ring, ring2;
	void *buf;
	int ret, used, i;

	buf = mmap(NULL, sz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED);

	/* too small a buffer is refused with -ENOMEM */
	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_mem(64, &ring, &p, buf, 4096);
	CHECK_EQ(ret, -ENOMEM);

	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_mem(8, &ring, &p, buf, sz);
	if (ret == -EINVAL) {
		p = (struct io_uring_params) { .flags = IORING_SETUP_NO_MMAP };
		EINVAL_FROM_KERNEL(8, &p, "NO_MMAP");
		t_skip_part("NO_MMAP: io_uring_setup returned -EINVAL");
		munmap(buf, sz);
		return;
	}
	if (ret <= 0 || (size_t) ret > sz)
		FAIL("io_uring_queue_init_mem returned %d, expected the bytes used (1..%zu)",
		     ret, sz);
	used = ret;
	nr_tested++;
	CHECK(ring.flags & IORING_SETUP_NO_MMAP);
	check_in(ring.sq.sqes, buf, used, "sq.sqes");
	check_in(ring.cq.cqes, buf, used, "cq.cqes");
	check_in(ring.sq.khead, buf, used, "sq.khead");
	check_in(ring.cq.ktail, buf, used, "cq.ktail");
	NOP_ROUNDTRIPS(&ring, 4000, 20);

	/* a second ring in the rest of the same buffer */
	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_mem(8, &ring2, &p, (char *) buf + used,
				      sz - used);
	if (ret <= 0 || (size_t) ret > sz - used)
		FAIL("second io_uring_queue_init_mem returned %d", ret);
	check_in(ring2.sq.sqes, (char *) buf + used, ret, "ring2 sq.sqes");
	check_in(ring2.cq.cqes, (char *) buf + used, ret, "ring2 cq.cqes");
	for (i = 0; i < 20; i++) {
		NOP_ROUNDTRIP(&ring2, 4100 + i);
		NOP_ROUNDTRIP(&ring, 4200 + i);
	}
	io_uring_queue_exit(&ring2);
	io_uring_queue_exit(&ring);
	/* the application memory is still ours after queue_exit */
	memset(buf, 0x5a, sz);
	munmap(buf, sz);

	/* NO_MMAP with library-allocated memory */
	simple_flag(IORING_SETUP_NO_MMAP, "NO_MMAP (library memory)");
}

static void test_sqe128(void)
{
	struct io_uring ring;
	struct io_uring_sqe *a, *b;
	int i;

	if (init_simple(&ring, 8, IORING_SETUP_SQE128, "SQE128"))
		return;
	a = GET_SQE(&ring);
	b = GET_SQE(&ring);
	if ((char *) b - (char *) a != 128)
		FAIL("SQE128: consecutive SQEs are %td bytes apart, expected 128",
		     (char *) b - (char *) a);
	io_uring_prep_nop(a);
	a->user_data = 5000;
	io_uring_prep_nop(b);
	b->user_data = 5001;
	CHECK_EQ(io_uring_submit(&ring), 2);
	for (i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe;

		WAIT_CQE(&ring, &cqe, 2000);
		CHECK_EQ(cqe->user_data, 5000 + i);
		CHECK_EQ(cqe->res, 0);
		io_uring_cqe_seen(&ring, cqe);
	}
	NOP_ROUNDTRIPS(&ring, 5100, 20);
	io_uring_queue_exit(&ring);
}

static void test_cqe32(void)
{
	struct io_uring ring;
	struct io_uring_cqe *c1, *c2;
	struct io_uring_sqe *sqe;
	int i;

	if (init_simple(&ring, 8, IORING_SETUP_CQE32, "CQE32"))
		return;
	for (i = 0; i < 2; i++) {
		sqe = GET_SQE(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 6000 + i;
	}
	CHECK_EQ(io_uring_submit(&ring), 2);
	WAIT_CQE(&ring, &c1, 2000);
	CHECK_EQ(c1->user_data, 6000);
	io_uring_cqe_seen(&ring, c1);
	WAIT_CQE(&ring, &c2, 2000);
	CHECK_EQ(c2->user_data, 6001);
	if ((char *) c2 - (char *) c1 != 32)
		FAIL("CQE32: consecutive CQEs are %td bytes apart, expected 32",
		     (char *) c2 - (char *) c1);
	io_uring_cqe_seen(&ring, c2);
	NOP_ROUNDTRIPS(&ring, 6100, 20);
	io_uring_queue_exit(&ring);
}

/*
 * Submit the prepared NOP number @i (user_data @ud) of a mixed-size ring and
 * wait for its CQE.  When the kernel refuses the first big one (@big, i == 1)
 * with -EINVAL: partial skip saying @refused, NULL.  Otherwise the CQE, its
 * res checked to be 0, not yet marked seen.
 */
static struct io_uring_cqe *mixed_nop(struct io_uring *ring, __u64 ud, int big,
				      int i, const char *refused)
{
	struct io_uring_cqe *cqe;

	CHECK_EQ(io_uring_submit(ring), 1);
	WAIT_CQE(ring, &cqe, 2000);
	CHECK_EQ(cqe->user_data, ud);
	if (cqe->res == -EINVAL && big && i == 1) {
		io_uring_cqe_seen(ring, cqe);
		t_skip_part("%s", refused);
		return NULL;
	}
	CHECK_EQ(cqe->res, 0);
	return cqe;
}

static void test_sqe_mixed(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int i;

	if (init_simple(&ring, 8, IORING_SETUP_SQE_MIXED, "SQE_MIXED"))
		return;
	for (i = 0; i < 24; i++) {
		int big = i % 3 == 1;

		sqe = big ? io_uring_get_sqe128(&ring) : io_uring_get_sqe(&ring);
		if (!sqe)
			FAIL("SQE_MIXED: get_sqe%s returned NULL", big ? "128" : "");
		if (big)
			io_uring_prep_nop128(sqe);
		else
			io_uring_prep_nop(sqe);
		sqe->user_data = 7000 + i;
		cqe = mixed_nop(&ring, 7000 + i, big, i,
				"SQE_MIXED: kernel rejects IORING_OP_NOP128");
		if (!cqe)
			break;
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
}

static void test_cqe_mixed(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int i;

	if (init_simple(&ring, 8, IORING_SETUP_CQE_MIXED, "CQE_MIXED"))
		return;
	for (i = 0; i < 40; i++) {
		int big = i % 3 != 0;

		sqe = GET_SQE(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 8000 + i;
		if (big) {
			sqe->nop_flags = IORING_NOP_CQE32;
			sqe->off = 0x1111 * i;
			sqe->addr = 0x2222 * i;
		}
		cqe = mixed_nop(&ring, 8000 + i, big, i,
				"CQE_MIXED: kernel rejects IORING_NOP_CQE32");
		if (!cqe)
			break;
		CHECK_EQ(!!(cqe->flags & IORING_CQE_F_32), big);
		CHECK_EQ(io_uring_cqe_nr(cqe), big ? 2 : 1);
		if (big) {
			CHECK_EQ(cqe->big_cqe[0], 0x1111 * i);
			CHECK_EQ(cqe->big_cqe[1], 0x2222 * i);
		}
		io_uring_cqe_seen(&ring, cqe);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
	}
	io_uring_queue_exit(&ring);
}

static void test_cqsize(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_CQSIZE, .cq_entries = 64 };
	struct io_uring ring;

	if (init_flags(&ring, 4, &p, "CQSIZE"))
		return;
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(ring.cq.ring_entries, 64);
	CHECK_EQ(ring.cq.ring_mask, 63);
	NOP_ROUNDTRIP(&ring, 9000);
	io_uring_queue_exit(&ring);

	/* rounded up to a power of two */
	p = (struct io_uring_params) { .flags = IORING_SETUP_CQSIZE, .cq_entries = 100 };
	CHECK_EQ(io_uring_queue_init_params(4, &ring, &p), 0);
	CHECK_EQ(ring.cq.ring_entries, 128);
	NOP_ROUNDTRIP(&ring, 9001);
	io_uring_queue_exit(&ring);

	/* a CQ smaller than the SQ, or of 0 entries, is refused */
	p = (struct io_uring_params) { .flags = IORING_SETUP_CQSIZE, .cq_entries = 4 };
	CHECK_EQ(io_uring_queue_init_params(16, &ring, &p), -EINVAL);
	p = (struct io_uring_params) { .flags = IORING_SETUP_CQSIZE, .cq_entries = 0 };
	CHECK_EQ(io_uring_queue_init_params(4, &ring, &p), -EINVAL);
}

static void test_clamp(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_CLAMP };
	struct io_uring ring;

	if (init_flags(&ring, 1U << 20, &p, "CLAMP"))
		return;
	CHECK_EQ(ring.sq.ring_entries, 32768);
	CHECK_EQ(ring.cq.ring_entries, 65536);
	CHECK_EQ(p.sq_entries, 32768);
	NOP_ROUNDTRIP(&ring, 10000);
	io_uring_queue_exit(&ring);

	p = (struct io_uring_params) {
		.flags = IORING_SETUP_CLAMP | IORING_SETUP_CQSIZE,
		.cq_entries = 1U << 30,
	};
	CHECK_EQ(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(ring.cq.ring_entries, 65536);
	NOP_ROUNDTRIP(&ring, 10001);
	io_uring_queue_exit(&ring);
}

static void test_attach_wq(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_ATTACH_WQ };
	struct io_uring a, b;
	int i;

	CHECK_EQ(io_uring_queue_init(8, &a, 0), 0);
	p.wq_fd = a.ring_fd;
	if (init_flags(&b, 8, &p, "ATTACH_WQ")) {
		io_uring_queue_exit(&a);
		return;
	}
	/* IOSQE_ASYNC NOPs run on the shared io-wq */
	for (i = 0; i < 8; i++) {
		NOP_ROUNDTRIP_FLAGS(&b, 11000 + i, IOSQE_ASYNC);
		NOP_ROUNDTRIP(&a, 11100 + i);
	}
	io_uring_queue_exit(&b);
	io_uring_queue_exit(&a);
}

static void test_r_disabled(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int ret;

	if (init_simple(&ring, 8, IORING_SETUP_R_DISABLED, "R_DISABLED"))
		return;
	sqe = GET_SQE(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 12000;
	ret = io_uring_submit(&ring);
	CHECK_EQ(ret, -EBADFD);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	/* the NOP queued while disabled is still in the SQ and goes now */
	CHECK_EQ(io_uring_submit(&ring), 1);
	WAIT_CQE(&ring, &cqe, 2000);
	CHECK_EQ(cqe->user_data, 12000);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	NOP_ROUNDTRIP(&ring, 12001);
	/* enabling twice is refused */
	CHECK(io_uring_enable_rings(&ring) < 0);
	io_uring_queue_exit(&ring);
}

/* [NOP, invalid opcode, NOP]: how many the kernel takes, and the CQEs. */
static void submit_with_bad_middle(struct io_uring *ring, int want_submitted)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int i, ret;

	for (i = 0; i < 3; i++) {
		sqe = GET_SQE(ring);
		io_uring_prep_nop(sqe);
		if (i == 1)
			sqe->opcode = 0xfe;	/* no such opcode */
		sqe->user_data = 13000 + i;
	}
	ret = io_uring_submit(ring);
	CHECK_EQ(ret, want_submitted);
	for (i = 0; i < want_submitted; i++) {
		WAIT_CQE(ring, &cqe, 2000);
		CHECK_EQ(cqe->user_data, 13000 + i);
		CHECK_EQ(cqe->res, i == 1 ? -EINVAL : 0);
		io_uring_cqe_seen(ring, cqe);
	}
}

static void test_submit_all(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;

	/* without SUBMIT_ALL the kernel stops at the failing SQE */
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	submit_with_bad_middle(&ring, 2);
	/* the third SQE is still queued and goes with the next submit */
	CHECK_EQ(io_uring_submit(&ring), 1);
	WAIT_CQE(&ring, &cqe, 2000);
	CHECK_EQ(cqe->user_data, 13002);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);

	if (init_simple(&ring, 8, IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL"))
		return;
	submit_with_bad_middle(&ring, 3);
	NOP_ROUNDTRIP(&ring, 13100);
	io_uring_queue_exit(&ring);
}

static void test_registered_fd_only(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_REGISTERED_FD_ONLY };
	struct io_uring ring;

	/* needs NO_MMAP */
	CHECK_EQ(io_uring_queue_init_params(8, &ring, &p), -EINVAL);

	if (init_simple(&ring, 8, IORING_SETUP_REGISTERED_FD_ONLY | IORING_SETUP_NO_MMAP,
			"REGISTERED_FD_ONLY|NO_MMAP"))
		return;
	CHECK_EQ(ring.ring_fd, -1);
	NOP_ROUNDTRIPS(&ring, 14000, 20);
	/* registering again is refused: it is registered already */
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	t_init();

	test_sqpoll();
	test_iopoll();
	test_defer_taskrun();
	simple_flag(IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER");
	simple_flag(IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN");
	simple_flag(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
		    "COOP_TASKRUN|TASKRUN_FLAG");
	test_no_mmap();
	simple_flag(IORING_SETUP_NO_SQARRAY, "NO_SQARRAY");
	test_sqe128();
	test_cqe32();
	test_sqe_mixed();
	test_cqe_mixed();
	test_cqsize();
	test_clamp();
	test_attach_wq();
	test_r_disabled();
	test_submit_all();
	test_registered_fd_only();
	simple_flag(IORING_SETUP_SQPOLL | IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_NO_SQARRAY | IORING_SETUP_SQE128 |
		    IORING_SETUP_CQE32, "SQPOLL|SINGLE_ISSUER|NO_SQARRAY|SQE128|CQE32");

	if (!nr_tested)
		t_skip("the kernel refused every setup flag");
	return T_PASS;
}
