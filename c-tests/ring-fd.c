/* SPDX-License-Identifier: MIT */
/*
 * Ring fd handling: io_uring_register_ring_fd / io_uring_unregister_ring_fd /
 * io_uring_close_ring_fd with NOPs after each step; io_uring_resize_rings
 * with CQEs in flight (grow, shrink, refused shrink); io_uring_set_iowait.
 */
#include <fcntl.h>
#include "test.h"

static void test_register(void)
{
	struct io_uring ring;
	int fd, ret, i;

	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = ring.ring_fd;
	NOP_ROUNDTRIP(&ring, 1);

	/* unregister before register is refused */
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);
	NOP_ROUNDTRIP(&ring, 2);

	ret = io_uring_register_ring_fd(&ring);
	if (ret == -EINVAL) {
		/* ring fd registration (5.18) predates IORING_FEAT_REG_REG_RING (6.3) */
		if (ring.features & IORING_FEAT_REG_REG_RING)
			FAIL("io_uring_register_ring_fd: -EINVAL on a kernel with "
			     "IORING_FEAT_REG_REG_RING");
		t_skip("kernel cannot register ring fds (-EINVAL)");
	}
	CHECK_EQ(ret, 1);
	CHECK_EQ(ring.ring_fd, fd);
	for (i = 0; i < 20; i++)
		NOP_ROUNDTRIP(&ring, 10 + i);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	NOP_ROUNDTRIP(&ring, 30);

	CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	CHECK_EQ(ring.ring_fd, fd);
	for (i = 0; i < 20; i++)
		NOP_ROUNDTRIP(&ring, 40 + i);
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);

	/* close_ring_fd needs a registered ring */
	if (ring.features & IORING_FEAT_REG_REG_RING)
		CHECK_EQ(io_uring_close_ring_fd(&ring), -EINVAL);
	CHECK(fcntl(fd, F_GETFD) >= 0);

	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	NOP_ROUNDTRIP(&ring, 60);
	if (!(ring.features & IORING_FEAT_REG_REG_RING)) {
		CHECK_EQ(io_uring_close_ring_fd(&ring), -EOPNOTSUPP);
		t_skip_part("no IORING_FEAT_REG_REG_RING: close_ring_fd not tested");
		io_uring_queue_exit(&ring);
		return;
	}
	CHECK_EQ(io_uring_close_ring_fd(&ring), 1);
	CHECK_EQ(ring.ring_fd, -1);
	/* the descriptor is really closed */
	errno = 0;
	CHECK_EQ(fcntl(fd, F_GETFD), -1);
	CHECK_EQ(errno, EBADF);
	CHECK_EQ(io_uring_close_ring_fd(&ring), -EBADF);
	/* the ring keeps working through the registered index */
	for (i = 0; i < 20; i++)
		NOP_ROUNDTRIP(&ring, 70 + i);
	{
		struct __kernel_timespec ts = t_ts_ms(10);
		struct io_uring_cqe *cqe;

		CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	}
	/* and probing / registering through it works too */
	{
		struct io_uring_probe *probe = io_uring_get_probe_ring(&ring);

		CHECK(probe != NULL);
		CHECK(io_uring_opcode_supported(probe, IORING_OP_NOP));
		io_uring_free_probe(probe);
	}
	io_uring_queue_exit(&ring);

	/* a new ring may reuse the fd number; the old ring is gone */
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	NOP_ROUNDTRIP(&ring, 100);
	io_uring_queue_exit(&ring);
}

static void prep_nops(struct io_uring *ring, __u64 first, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = GET_SQE(ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = first + i;
	}
}

/*
 * Can this kernel resize rings?  Asked with raw syscalls on a throwaway
 * DEFER_TASKRUN ring that is never mapped: 0 or the kernel's -errno.
 */
static int kernel_resize_probe(void)
{
	struct io_uring_params p, rp;
	long fd, ret;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	fd = syscall(__NR_io_uring_setup, 8, &p);
	if (fd < 0)
		FAIL("raw io_uring_setup(DEFER_TASKRUN): %s", strerror(errno));
	memset(&rp, 0, sizeof(rp));
	rp.sq_entries = 64;
	rp.cq_entries = 256;
	rp.flags = IORING_SETUP_CQSIZE;
	ret = syscall(__NR_io_uring_register, (int) fd, IORING_REGISTER_RESIZE_RINGS,
		      &rp, 1);
	if (ret < 0)
		ret = -errno;
	close((int) fd);
	return (int) ret;
}

static void test_resize(void)
{
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned i;
	int ret;

	/* resizing requires DEFER_TASKRUN: others get -EINVAL */
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	p.cq_entries = 64;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	if (ret != -EINVAL && ret != -EOPNOTSUPP)
		FAIL("io_uring_resize_rings on a non-DEFER_TASKRUN ring: %d, expected -EINVAL",
		     ret);
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL) {
		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
		EINVAL_FROM_KERNEL(8, &p, "DEFER_TASKRUN ring");
		t_skip_part("no DEFER_TASKRUN: resize not tested");
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(ring.cq.ring_entries, 16);

	/* 5 CQEs left in the CQ, head moved off 0 first so indices are not trivial */
	for (i = 0; i < 3; i++)
		NOP_ROUNDTRIP(&ring, 500 + i);
	prep_nops(&ring, 1000, 5);
	CHECK_EQ(io_uring_submit(&ring), 5);
	CHECK_EQ(io_uring_cq_ready(&ring), 5);

	memset(&p, 0, sizeof(p));
	p.sq_entries = 64;
	p.cq_entries = 256;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		int kret = kernel_resize_probe();

		if (kret != ret)
			FAIL("io_uring_resize_rings: the library says %d, the raw "
			     "IORING_REGISTER_RESIZE_RINGS says %d", ret, kret);
		t_skip_part("kernel cannot resize rings (%d)", ret);
		io_uring_queue_exit(&ring);
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	CHECK_EQ(ring.cq.ring_entries, 256);
	CHECK_EQ(ring.cq.ring_mask, 255);

	/* the CQEs in flight survived, in order */
	CHECK_EQ(io_uring_cq_ready(&ring), 5);
	for (i = 0; i < 5; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 1000 + i);
		CHECK_EQ(cqe->res, 0);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);

	/* the bigger rings are usable: 64 SQEs in one go, 200 CQEs pending */
	for (i = 0; i < 200; i += 50) {
		prep_nops(&ring, 2000 + i, 50);
		CHECK_EQ(io_uring_submit(&ring), 50);
	}
	CHECK_EQ(io_uring_cq_ready(&ring), 200);
	CHECK(!io_uring_cq_has_overflow(&ring));
	for (i = 0; i < 200; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 2000 + i);
		io_uring_cqe_seen(&ring, cqe);
	}
	prep_nops(&ring, 3000, 64);
	CHECK(io_uring_get_sqe(&ring) == NULL);
	CHECK_EQ(io_uring_submit(&ring), 64);
	for (i = 0; i < 64; i++) {
		WAIT_CQE(&ring, &cqe, 2000);
		CHECK_EQ(cqe->user_data, 3000 + i);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* shrink again, with CQEs pending; then wrap the small rings */
	prep_nops(&ring, 4000, 3);
	CHECK_EQ(io_uring_submit(&ring), 3);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 4;
	p.cq_entries = 8;
	p.flags = IORING_SETUP_CQSIZE;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(ring.cq.ring_entries, 8);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 4000 + i);
		io_uring_cqe_seen(&ring, cqe);
	}
	for (i = 0; i < 40; i++)
		NOP_ROUNDTRIP(&ring, 5000 + i);

	/* a resize that cannot hold the pending CQEs is refused, nothing lost */
	prep_nops(&ring, 6000, 4);
	CHECK_EQ(io_uring_submit(&ring), 4);
	prep_nops(&ring, 6004, 4);
	CHECK_EQ(io_uring_submit(&ring), 4);
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 2;
	p.cq_entries = 4;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	CHECK(ret < 0);
	CHECK_EQ(ring.cq.ring_entries, 8);
	for (i = 0; i < 8; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 6000 + i);
		io_uring_cqe_seen(&ring, cqe);
	}
	NOP_ROUNDTRIP(&ring, 7000);
	io_uring_queue_exit(&ring);
}

static void test_iowait(void)
{
	struct __kernel_timespec ts, tmo = t_ts_ms(20);
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret, pass;

	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ret = io_uring_set_iowait(&ring, false);
	if (!(ring.features & IORING_FEAT_NO_IOWAIT)) {
		CHECK_EQ(ret, -EOPNOTSUPP);
		CHECK_EQ(io_uring_set_iowait(&ring, true), -EOPNOTSUPP);
		t_skip_part("no IORING_FEAT_NO_IOWAIT: set_iowait only checked for -EOPNOTSUPP");
		io_uring_queue_exit(&ring);
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			CHECK_EQ(io_uring_set_iowait(&ring, true), 0);
		else
			CHECK_EQ(ret, 0);
		/* a real wait with the setting in effect */
		{
			struct io_uring_sqe *sqe = GET_SQE(&ring);

			io_uring_prep_timeout(sqe, &tmo, 0, 0);
			sqe->user_data = 8000 + pass;
		}
		ts = t_ts_ms(2000);
		ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
		CHECK_EQ(ret, 1);
		CHECK_EQ(cqe->user_data, 8000 + pass);
		CHECK_EQ(cqe->res, -ETIME);
		io_uring_cqe_seen(&ring, cqe);
		ts = t_ts_ms(10);
		CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
		NOP_ROUNDTRIP(&ring, 8100 + pass);
	}
	io_uring_queue_exit(&ring);
}

int main(void)
{
	t_init();
	test_register();
	test_resize();
	test_iowait();
	return T_PASS;
}
