/* SPDX-License-Identifier: MIT */
/*
 * io_uring_resize_rings: the SQ and CQ rings of a live ring grow or shrink,
 * pending completions survive, the new rings are used afterwards, the old
 * mappings are released; refusals leave the ring working and clear p->flags
 * (as liburing does), except for NO_MMAP rings which are refused up front.
 */
#include <dirent.h>
#include "test.h"

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		FAIL("opendir /proc/self/fd: %s", strerror(errno));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

static int count_maps(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0;

	if (!f)
		FAIL("fopen /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

static void submit_nops(struct io_uring *ring, int n, __u64 first_ud)
{
	int i;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = GET_SQE(ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = first_ud + i;
	}
	CHECK_EQ(io_uring_submit(ring), n);
}

/* Reap exactly @n CQEs, user_data first_ud, first_ud + 1, ... in order. */
static void reap_nops(struct io_uring *ring, int n, __u64 first_ud)
{
	struct io_uring_cqe *cqe;
	int i;

	for (i = 0; i < n; i++) {
		WAIT_CQE(ring, &cqe, 2000);
		if (cqe->user_data != first_ud + i || cqe->res != 0)
			FAIL("CQE %d: expected user_data %llu res 0, got %llu res %d", i,
			     (unsigned long long) (first_ud + i),
			     (unsigned long long) cqe->user_data, cqe->res);
		io_uring_cqe_seen(ring, cqe);
	}
}

static void params(struct io_uring_params *p, unsigned sq, unsigned cq)
{
	memset(p, 0, sizeof(*p));
	p->sq_entries = sq;
	p->cq_entries = cq;
	p->flags = IORING_SETUP_CQSIZE;
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
	submit_nops(&ring, 5, 100);
	params(&p, 32, 128);
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
	reap_nops(&ring, 5, 100);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* the whole new SQ in one go, and more completions than the old CQ held */
	submit_nops(&ring, 32, 1000);
	submit_nops(&ring, 32, 2000);
	reap_nops(&ring, 32, 1000);
	reap_nops(&ring, 32, 2000);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* shrink: refused while more completions are pending than would fit */
	submit_nops(&ring, 20, 3000);
	params(&p, 8, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EOVERFLOW);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(ring.cq.ring_entries, 128);	/* unchanged and still working */
	reap_nops(&ring, 20, 3000);
	submit_nops(&ring, 3, 4000);
	params(&p, 8, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(ring.cq.ring_entries, 16);
	reap_nops(&ring, 3, 4000);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	submit_nops(&ring, 8, 5000);
	reap_nops(&ring, 8, 5000);

	/* without CQSIZE the CQ is twice the SQ */
	memset(&p, 0, sizeof(p));
	p.sq_entries = 64;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	CHECK_EQ(ring.cq.ring_entries, 128);
	submit_nops(&ring, 64, 6000);
	reap_nops(&ring, 64, 6000);

	/* bad parameters: refused, p->flags cleared, the ring untouched */
	params(&p, 0, 16);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);
	params(&p, 16, 8);	/* CQ smaller than SQ */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	params(&p, 1U << 20, 1U << 21);	/* too big without CLAMP */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	params(&p, 16, 32);
	p.flags |= IORING_SETUP_SQPOLL;	/* not a resize flag */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	submit_nops(&ring, 4, 7000);
	reap_nops(&ring, 4, 7000);

	/* CLAMP turns too big into the maximum */
	params(&p, 1U << 20, 1U << 21);
	p.flags |= IORING_SETUP_CLAMP;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 32768);
	CHECK_EQ(ring.cq.ring_entries, 65536);
	submit_nops(&ring, 16, 8000);
	reap_nops(&ring, 16, 8000);

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
	submit_nops(&ring, 8, 100);
	reap_nops(&ring, 8, 100);

	params(&p, 32, 64);
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
	submit_nops(&ring, 32, 200);
	reap_nops(&ring, 32, 200);
	submit_nops(&ring, 20, 300);
	reap_nops(&ring, 20, 300);

	/* and once more, shrinking */
	params(&p, 16, 32);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(*ring.sq.khead, 60);
	CHECK_EQ(*ring.cq.ktail, 60);
	submit_nops(&ring, 16, 400);
	reap_nops(&ring, 16, 400);
	io_uring_queue_exit(&ring);
}

static void test_refused(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	int ret;

	/* only DEFER_TASKRUN rings can be resized */
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	params(&p, 16, 32);
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
	params(&p, 16, 32);
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
	fds_before = count_fds();

	ret = io_uring_queue_init(8, &ring, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	if (ret == -EINVAL)
		t_skip("IORING_SETUP_DEFER_TASKRUN not supported");
	CHECK_EQ(ret, 0);
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_RESIZE_RINGS, (void *) 8, 1);
	io_uring_queue_exit(&ring);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_RESIZE_RINGS not supported (kernel < 6.13)");
	CHECK_EQ(ret, -EFAULT);

	maps_before = count_maps();
	test_resize();
	test_sq_array(0);
	test_sq_array(IORING_SETUP_CQE32);
	test_refused();
	CHECK_EQ(count_maps(), maps_before);	/* old and new rings all unmapped */
	CHECK_EQ(count_fds(), fds_before);
	return T_PASS;
}
