/* SPDX-License-Identifier: MIT */
/*
 * Bad input and basic queries: invalid queue_init arguments, waiting on a
 * ring with nothing in flight, probes (freed with io_uring_free_probe and with
 * plain free(): they come from the C allocator), and the version API
 * (io_uring_check_version() returns false when the library is at least the
 * version asked for).
 */
#include "test.h"

#if IO_URING_CHECK_VERSION(2, 15)
#error "IO_URING_CHECK_VERSION(2, 15) must be 0 for liburing 2.15 headers"
#endif
#if !IO_URING_CHECK_VERSION(2, 16)
#error "IO_URING_CHECK_VERSION(2, 16) must be true for liburing 2.15 headers"
#endif
#if IO_URING_VERSION_MAJOR != 2 || IO_URING_VERSION_MINOR != 15
#error "IO_URING_VERSION_MAJOR / MINOR must be 2 / 15"
#endif

static void test_bad_init(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	CHECK_EQ(io_uring_queue_init(0, &ring, 0), -EINVAL);
	CHECK_EQ(io_uring_queue_init((1U << 20) + 1, &ring, 0), -EINVAL);
	CHECK_EQ(io_uring_queue_init(32769, &ring, 0), -EINVAL);
	CHECK_EQ(io_uring_queue_init(8, &ring, 1U << 31), -EINVAL);

	memset(&p, 0, sizeof(p));
	p.flags = 1U << 31;
	CHECK_EQ(io_uring_queue_init_params(8, &ring, &p), -EINVAL);

	/* reserved fields must be zero */
	memset(&p, 0, sizeof(p));
	p.resv[0] = 1;
	CHECK_EQ(io_uring_queue_init_params(8, &ring, &p), -EINVAL);

	/* the largest legal size works (and is the limit) */
	CHECK_EQ(io_uring_queue_init(32768, &ring, 0), 0);
	CHECK_EQ(ring.sq.ring_entries, 32768);
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);

	/* non-power-of-two sizes are rounded up */
	CHECK_EQ(io_uring_queue_init(5, &ring, 0), 0);
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(ring.sq.ring_mask, 7);
	CHECK_EQ(ring.cq.ring_entries, 16);
	CHECK_EQ(ring.cq.ring_mask, 15);
	NOP_ROUNDTRIP(&ring, 2);
	io_uring_queue_exit(&ring);
}

static void test_idle_ring(void)
{
	struct __kernel_timespec ts = t_ts_ms(10);
	struct io_uring_cqe *cqe = NULL;
	struct io_uring_sqe *sqe;
	struct io_uring ring;

	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK_EQ(io_uring_submit(&ring), 0);
	CHECK_EQ(io_uring_sq_ready(&ring), 0);
	CHECK_EQ(io_uring_sq_space_left(&ring), 8);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* an unknown opcode completes with -EINVAL, the ring stays usable */
	sqe = GET_SQE(&ring);
	io_uring_prep_nop(sqe);
	sqe->opcode = 0xfe;
	sqe->user_data = 77;
	CHECK_EQ(RUN_ONE(&ring, 77, 2000, NULL), -EINVAL);

	/* a read from a bad fd completes with -EBADF */
	{
		char buf[8];

		sqe = GET_SQE(&ring);
		io_uring_prep_read(sqe, -1, buf, sizeof(buf), 0);
		sqe->user_data = 78;
		CHECK_EQ(RUN_ONE(&ring, 78, 2000, NULL), -EBADF);
	}
	NOP_ROUNDTRIP(&ring, 79);
	io_uring_queue_exit(&ring);
}

static void check_probe(const struct io_uring_probe *p)
{
	CHECK(p != NULL);
	CHECK(p->last_op >= IORING_OP_NOP);
	CHECK(p->ops_len > 0);
	CHECK(io_uring_opcode_supported(p, IORING_OP_NOP));
	CHECK(io_uring_opcode_supported(p, IORING_OP_READV));
	CHECK(!io_uring_opcode_supported(p, -1));
	CHECK(!io_uring_opcode_supported(p, p->last_op + 1));
	CHECK(!io_uring_opcode_supported(p, 255));
}

static void test_probe(void)
{
	struct io_uring_probe *p;
	struct io_uring ring;
	int i;

	p = io_uring_get_probe();
	if (!p)
		FAIL("io_uring_get_probe returned NULL");
	check_probe(p);
	io_uring_free_probe(p);

	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	/*
	 * glibc reports a bad free() on the terminal, not on stderr: say what
	 * is being done, so that an abort here is understood.  (liburing's
	 * default x86-64 build has its own allocator and fails this; the
	 * project requires probes to be C-allocator memory.)
	 */
	fputs("note: next, probes are released with plain free(); an abort "
	      "means they are not C-allocator memory\n", stderr);
	for (i = 0; i < 100; i++) {
		p = io_uring_get_probe_ring(&ring);
		if (!p)
			FAIL("io_uring_get_probe_ring returned NULL");
		check_probe(p);
		if (i % 2)
			io_uring_free_probe(p);
		else
			free(p);	/* must be C-allocator memory */
	}
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);
}

static void test_version(void)
{
	CHECK_EQ(io_uring_major_version(), 2);
	CHECK_EQ(io_uring_minor_version(), 15);
	CHECK_EQ(io_uring_major_version(), IO_URING_VERSION_MAJOR);
	CHECK_EQ(io_uring_minor_version(), IO_URING_VERSION_MINOR);
	/* false means "the library is at least this version" */
	CHECK(!io_uring_check_version(2, 15));
	CHECK(!io_uring_check_version(2, 0));
	CHECK(!io_uring_check_version(1, 99));
	CHECK(io_uring_check_version(2, 16));
	CHECK(io_uring_check_version(3, 0));
	CHECK_EQ(IO_URING_CHECK_VERSION(2, 15), 0);
	CHECK_EQ(IO_URING_CHECK_VERSION(2, 14), 0);
	CHECK(IO_URING_CHECK_VERSION(2, 16));
	CHECK(IO_URING_CHECK_VERSION(3, 0));
}

int main(void)
{
	t_init();
	test_bad_init();
	test_idle_ring();
	test_probe();
	test_version();
	return T_PASS;
}
