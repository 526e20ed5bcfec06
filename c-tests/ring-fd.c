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
	int fd, ret;

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
	NOP_ROUNDTRIPS(&ring, 10, 20);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	NOP_ROUNDTRIP(&ring, 30);

	CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	CHECK_EQ(ring.ring_fd, fd);
	NOP_ROUNDTRIPS(&ring, 40, 20);
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
	NOP_ROUNDTRIPS(&ring, 70, 20);
	EXPECT_NO_CQE(&ring, 10);
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

/* @n NOP CQEs, user_data @first, @first + 1, ..., must be in the CQ already. */
static void peek_nops(struct io_uring *ring, __u64 first, unsigned n)
{
	struct io_uring_cqe *cqe;
	unsigned i;

	for (i = 0; i < n; i++) {
		CHECK_EQ(io_uring_peek_cqe(ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, first + i);
		CHECK_EQ(cqe->res, 0);
		io_uring_cqe_seen(ring, cqe);
	}
}

/*
 * Can this kernel resize rings?  Asked with raw syscalls on a throwaway
 * DEFER_TASKRUN ring that is never mapped: 0 or the kernel's -errno.
 */
static int kernel_resize_probe(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	struct io_uring_params rp = t_resize_params(64, 256);
	long fd, ret;

	fd = syscall(__NR_io_uring_setup, 8, &p);
	if (fd < 0)
		FAIL("raw io_uring_setup(DEFER_TASKRUN): %s", strerror(errno));
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
	p = t_resize_params(16, 64);
	ret = io_uring_resize_rings(&ring, &p);
	if (ret != -EINVAL && ret != -EOPNOTSUPP)
		FAIL("io_uring_resize_rings on a non-DEFER_TASKRUN ring: %d, expected -EINVAL",
		     ret);
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);

	p = (struct io_uring_params) {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	if (T_INIT_PARAMS(8, &ring, &p, "DEFER_TASKRUN ring")) {
		t_skip_part("no DEFER_TASKRUN: resize not tested");
		return;
	}
	CHECK_EQ(ring.cq.ring_entries, 16);

	/* 5 CQEs left in the CQ, head moved off 0 first so indices are not trivial */
	NOP_ROUNDTRIPS(&ring, 500, 3);
	PREP_NOPS(&ring, 1000, 5);
	CHECK_EQ(io_uring_submit(&ring), 5);
	CHECK_EQ(io_uring_cq_ready(&ring), 5);

	p = t_resize_params(64, 256);
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
	peek_nops(&ring, 1000, 5);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);

	/* the bigger rings are usable: 64 SQEs in one go, 200 CQEs pending */
	for (i = 0; i < 200; i += 50) {
		PREP_NOPS(&ring, 2000 + i, 50);
		CHECK_EQ(io_uring_submit(&ring), 50);
	}
	CHECK_EQ(io_uring_cq_ready(&ring), 200);
	CHECK(!io_uring_cq_has_overflow(&ring));
	peek_nops(&ring, 2000, 200);
	PREP_NOPS(&ring, 3000, 64);
	CHECK(io_uring_get_sqe(&ring) == NULL);
	CHECK_EQ(io_uring_submit(&ring), 64);
	REAP_NOPS(&ring, 3000, 64);

	/* shrink again, with CQEs pending; then wrap the small rings */
	PREP_NOPS(&ring, 4000, 3);
	CHECK_EQ(io_uring_submit(&ring), 3);
	p = t_resize_params(4, 8);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(ring.cq.ring_entries, 8);
	peek_nops(&ring, 4000, 3);
	NOP_ROUNDTRIPS(&ring, 5000, 40);

	/* a resize that cannot hold the pending CQEs is refused, nothing lost */
	PREP_NOPS(&ring, 6000, 4);
	CHECK_EQ(io_uring_submit(&ring), 4);
	PREP_NOPS(&ring, 6004, 4);
	CHECK_EQ(io_uring_submit(&ring), 4);
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	p = t_resize_params(2, 4);
	ret = io_uring_resize_rings(&ring, &p);
	CHECK(ret < 0);
	CHECK_EQ(ring.cq.ring_entries, 8);
	peek_nops(&ring, 6000, 8);
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
		EXPECT_NO_CQE(&ring, 10);
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
