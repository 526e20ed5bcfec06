/* SPDX-License-Identifier: MIT */
/*
 * io_uring_resize_rings: the SQ and CQ rings of a live ring grow or shrink,
 * pending completions survive, the new rings are used afterwards, the old
 * mappings are released; refusals leave the ring working and clear p->flags
 * (as liburing does), except for NO_MMAP rings which are refused up front.
 */
#include "test.h"

/* Submit @n NOPs, user_data @first, @first + 1, ... */
static void submit_nops(struct io_uring *ring, __u64 first, int n)
{
	PREP_NOPS(ring, first, n);
	CHECK_EQ(io_uring_submit(ring), n);
}

/* Submit @n NOPs and reap their CQEs, in order. */
static void nop_batch(struct io_uring *ring, __u64 first, int n)
{
	submit_nops(ring, first, n);
	REAP_NOPS(ring, first, n);
}

static void test_resize(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	int ret;

	CHECK_OK(io_uring_queue_init(8, &ring,
				     IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN));
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(ring.cq.ring_entries, 16);

	/* grow, with 5 completions pending */
	submit_nops(&ring, 100, 5);
	p = t_resize_params(32, 128);
	ret = io_uring_resize_rings(&ring, &p);
	CHECK_EQ(ret, 0);
	CHECK_EQ(p.flags, 0);	/* cleared for the next use */
	CHECK_EQ(p.sq_entries, 32);
	CHECK_EQ(p.cq_entries, 128);
	CHECK_EQ(ring.sq.ring_entries, 32);
	CHECK_EQ(ring.sq.ring_mask, 31);
	CHECK_EQ(ring.cq.ring_entries, 128);
	CHECK_EQ(ring.cq.ring_mask, 127);
	CHECK_EQ(*ring.sq.kring_entries, 32);
	CHECK_EQ(*ring.cq.kring_entries, 128);
	CHECK_EQ(io_uring_sq_space_left(&ring), 32);
	REAP_NOPS(&ring, 100, 5);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* the whole new SQ in one go, and more completions than the old CQ held */
	submit_nops(&ring, 1000, 32);
	submit_nops(&ring, 2000, 32);
	REAP_NOPS(&ring, 1000, 32);
	REAP_NOPS(&ring, 2000, 32);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* shrink: refused while more completions are pending than would fit */
	submit_nops(&ring, 3000, 20);
	p = t_resize_params(8, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EOVERFLOW);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(ring.cq.ring_entries, 128);	/* unchanged and still working */
	REAP_NOPS(&ring, 3000, 20);
	submit_nops(&ring, 4000, 3);
	p = t_resize_params(8, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(ring.cq.ring_entries, 16);
	REAP_NOPS(&ring, 4000, 3);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	nop_batch(&ring, 5000, 8);

	/* without CQSIZE the CQ is twice the SQ */
	memset(&p, 0, sizeof(p));
	p.sq_entries = 64;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	CHECK_EQ(ring.cq.ring_entries, 128);
	nop_batch(&ring, 6000, 64);

	/* bad parameters: refused, p->flags cleared, the ring untouched */
	p = t_resize_params(0, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);
	p = t_resize_params(16, 8);	/* CQ smaller than SQ */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	p = t_resize_params(1U << 20, 1U << 21);	/* too big without CLAMP */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	p = t_resize_params(16, 32);
	p.flags |= IORING_SETUP_SQPOLL;	/* not a resize flag */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	nop_batch(&ring, 7000, 4);

	/* CLAMP turns too big into the maximum */
	p = t_resize_params(1U << 20, 1U << 21);
	p.flags |= IORING_SETUP_CLAMP;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 32768);
	CHECK_EQ(ring.cq.ring_entries, 65536);
	nop_batch(&ring, 8000, 16);

	io_uring_queue_exit(&ring);
}

/*
 * A ring with an SQ array (set up by hand, as io_uring_queue_mmap users do):
 * after resizing, the new array must map slot i to SQE i again, or the NOPs
 * below would come back with the wrong user_data. The kernel (6.18) does not
 * report where the new array is; liburing 2.15 maps it over the ring header
 * and its identity fill corrupts the SQ/CQ heads and tails, so it fails here.
 */
static void test_sq_array(unsigned extra_flags)
{
	struct io_uring ring;
	struct io_uring_params p;
	unsigned i;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | extra_flags;
	fd = io_uring_setup(8, &p);
	CHECK(fd >= 0);
	CHECK(!(p.flags & IORING_SETUP_NO_SQARRAY));
	CHECK_EQ(io_uring_queue_mmap(fd, &p, &ring), 0);
	CHECK(ring.sq.array != NULL);
	for (i = 0; i < ring.sq.ring_entries; i++)
		ring.sq.array[i] = i;
	nop_batch(&ring, 100, 8);

	p = t_resize_params(32, 64);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 32);
	CHECK_EQ(ring.cq.ring_entries, 64);
	CHECK(ring.sq.array != NULL);
	/* the ring header is intact: heads and tails where they were */
	CHECK_EQ(*ring.sq.khead, 8);
	CHECK_EQ(*ring.sq.ktail, 8);
	CHECK_EQ(*ring.cq.khead, 8);
	CHECK_EQ(*ring.cq.ktail, 8);
	for (i = 0; i < 32; i++)
		CHECK_EQ(ring.sq.array[i], i);
	nop_batch(&ring, 200, 32);
	nop_batch(&ring, 300, 20);

	/* and once more, shrinking */
	p = t_resize_params(16, 32);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(*ring.sq.khead, 60);
	CHECK_EQ(*ring.cq.ktail, 60);
	nop_batch(&ring, 400, 16);
	io_uring_queue_exit(&ring);
}

static void test_refused(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	int ret;

	/* only DEFER_TASKRUN rings can be resized */
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	p = t_resize_params(16, 32);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);

	/* NO_MMAP rings: refused by the library before asking, p untouched */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_MMAP | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL) {
		t_skip_part("IORING_SETUP_NO_MMAP not supported");
		return;
	}
	CHECK_EQ(ret, 0);
	p = t_resize_params(16, 32);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, IORING_SETUP_CQSIZE);
	CHECK_EQ(p.sq_entries, 16);
	NOP_ROUNDTRIP(&ring, 2);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	int fds_before, maps_before, ret;

	t_init();
	fds_before = t_count_fds();

	ret = io_uring_queue_init(8, &ring, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	if (ret == -EINVAL)
		t_skip("IORING_SETUP_DEFER_TASKRUN not supported");
	CHECK_EQ(ret, 0);
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_RESIZE_RINGS, (void *) 8, 1);
	io_uring_queue_exit(&ring);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_RESIZE_RINGS not supported (kernel < 6.13)");
	CHECK_EQ(ret, -EFAULT);

	maps_before = t_count_maps();
	test_resize();
	test_sq_array(0);
	test_sq_array(IORING_SETUP_CQE32);
	test_refused();
	CHECK_EQ(t_count_maps(), maps_before);	/* old and new rings all unmapped */
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
