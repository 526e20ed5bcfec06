/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_region: a memory region holding struct io_uring_reg_wait
 * entries (IORING_MEM_REGION_REG_WAIT_ARG), in user memory or allocated by the
 * kernel and mmap'ed; waits then take their arguments from the entry named by
 * index. Bad regions are refused. io_uring_register_wait_reg is the deprecated
 * call that liburing 2.15 answers with -EINVAL whatever it is given.
 */
#include <sys/mman.h>
#include "test.h"

#define PS 4096
#define BAD_PTR ((void *) 8)

static void set_wait(struct io_uring_reg_wait *w, long ms)
{
	memset(w, 0, sizeof(*w));
	w->ts.tv_sec = ms / 1000;
	w->ts.tv_nsec = (ms % 1000) * 1000000L;
	w->flags = IORING_REG_WAIT_TS;
}

/* Register @rd as a wait-argument region on a fresh R_DISABLED ring. */
static int try_region(struct io_uring_region_desc *rd, __u64 mr_flags, int disabled)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring ring;
	int ret;

	CHECK_OK(io_uring_queue_init(8, &ring, disabled ? IORING_SETUP_R_DISABLED : 0));
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64) (uintptr_t) rd;
	mr.flags = mr_flags;
	ret = io_uring_register_region(&ring, &mr);
	io_uring_queue_exit(&ring);
	return ret;
}

/* Waits through entries of the region at @base (@nr entries). */
static void check_waits(struct io_uring *ring, struct io_uring_reg_wait *base, int nr)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	long long start;

	/* entry 0: 50 ms, nothing to complete */
	set_wait(&base[0], 50);
	start = t_now_ms();
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 0), -ETIME);
	CHECK(t_now_ms() - start >= 40);	/* (lower bound only) */

	/* the last entry works too, one past it does not exist */
	set_wait(&base[nr - 1], 10);
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, nr - 1), -ETIME);
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, nr), -EFAULT);

	/* the kernel reads the entry we name: this one has a bad sigmask pointer */
	memset(&base[1], 0, sizeof(base[1]));
	base[1].ts.tv_sec = 1;
	base[1].flags = IORING_REG_WAIT_TS;
	base[1].sigmask = 100;
	base[1].sigmask_sz = 8;
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 1), -EFAULT);
	/* and reads it again on each wait: fixed in place, it works */
	set_wait(&base[1], 10);
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 1), -ETIME);

	/* with a request queued, it is submitted and its CQE returned */
	set_wait(&base[2], 5000);
	sqe = GET_SQE(ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 42;
	/* (like io_uring_submit_and_wait_timeout, liburing returns what was submitted) */
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 2), 1);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 42);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(ring, cqe);
}

static void test_user_region(void)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring_region_desc rd;
	struct io_uring ring;
	void *mem;

	mem = mmap(NULL, PS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	memset(&rd, 0, sizeof(rd));
	rd.user_addr = (__u64) (uintptr_t) mem;
	rd.size = PS;
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64) (uintptr_t) &rd;
	mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	CHECK_EQ(io_uring_register_region(&ring, &mr), 0);
	CHECK_EQ(io_uring_register_region(&ring, &mr), -EBUSY);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);

	check_waits(&ring, mem, PS / sizeof(struct io_uring_reg_wait));

	io_uring_queue_exit(&ring);
	munmap(mem, PS);
}

static void test_kernel_region(void)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring_region_desc rd;
	struct io_uring ring;
	void *mem;
	int ret;

	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	memset(&rd, 0, sizeof(rd));
	rd.size = 2 * PS;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64) (uintptr_t) &rd;
	mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	ret = io_uring_register_region(&ring, &mr);
	if (ret == -EINVAL) {
		io_uring_queue_exit(&ring);
		t_skip_part("kernel-allocated regions not supported");
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK(rd.mmap_offset != 0);
	mem = mmap(NULL, 2 * PS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		   ring.ring_fd, rd.mmap_offset);
	if (mem == MAP_FAILED)
		FAIL("mmap of the kernel region at offset 0x%llx: %s",
		     (unsigned long long) rd.mmap_offset, strerror(errno));
	CHECK_EQ(io_uring_enable_rings(&ring), 0);

	check_waits(&ring, mem, 2 * PS / sizeof(struct io_uring_reg_wait));

	munmap(mem, 2 * PS);
	io_uring_queue_exit(&ring);
}

static void test_bad_input(void)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring_region_desc rd;
	struct io_uring ring;
	void *mem, *ro;

	mem = mmap(NULL, 2 * PS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, PS, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED && ro != MAP_FAILED);

	memset(&rd, 0, sizeof(rd));
	rd.user_addr = (__u64) (uintptr_t) mem;
	rd.size = PS;
	rd.flags = IORING_MEM_REGION_TYPE_USER;

	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), 0);	/* the good one */
	/* wait arguments only while the ring is still disabled */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 0), -EINVAL);
	/* a region that is not for wait arguments is fine on a live ring */
	CHECK_EQ(try_region(&rd, 0, 0), 0);
	CHECK_EQ(try_region(&rd, 1ULL << 40, 1), -EINVAL);	/* unknown flag */

	rd.user_addr += 16;	/* not page aligned */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.user_addr = 0;
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);
	rd.user_addr = 0x1000;	/* unmapped */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);
	rd.user_addr = (__u64) (uintptr_t) ro;	/* read-only */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);
	rd.user_addr = (__u64) (uintptr_t) mem;
	rd.size = 0;
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.size = PS + 1;	/* not a whole number of pages */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.size = PS;
	rd.id = 1;
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.id = 0;
	rd.__resv[3] = 1;
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.__resv[3] = 0;
	rd.flags = 1U << 20;	/* unknown region flag */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EINVAL);
	rd.flags = 0;	/* kernel memory, but a user address given */
	CHECK_EQ(try_region(&rd, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	CHECK_EQ(try_region(BAD_PTR, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);
	CHECK_EQ(try_region(NULL, IORING_MEM_REGION_REG_WAIT_ARG, 1), -EFAULT);

	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64) (uintptr_t) &rd;
	mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	mr.__resv[1] = 1;
	CHECK_EQ(io_uring_register_region(&ring, &mr), -EINVAL);
	CHECK_EQ(io_uring_register_region(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_region(&ring, BAD_PTR), -EFAULT);
	/* none of that registered anything: a good region still goes in */
	mr.__resv[1] = 0;
	CHECK_EQ(io_uring_register_region(&ring, &mr), 0);
	io_uring_queue_exit(&ring);

	/* the deprecated call: -EINVAL whatever it is given */
	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	CHECK_EQ(io_uring_register_wait_reg(&ring, mem, 1), -EINVAL);
	CHECK_EQ(io_uring_register_wait_reg(&ring, NULL, 0), -EINVAL);
	CHECK_EQ(io_uring_register_wait_reg(&ring, BAD_PTR, -1), -EINVAL);
	/* and it registered nothing */
	mr.__resv[1] = 0;
	CHECK_EQ(io_uring_register_region(&ring, &mr), 0);
	io_uring_queue_exit(&ring);

	munmap(mem, 2 * PS);
	munmap(ro, PS);
}

int main(void)
{
	struct io_uring ring;
	int fds_before, ret;

	t_init();
	fds_before = t_count_fds();

	CHECK_OK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED));
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_MEM_REGION, BAD_PTR, 1);
	io_uring_queue_exit(&ring);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_MEM_REGION not supported (kernel < 6.13)");
	CHECK_EQ(ret, -EFAULT);
	if (!(io_uring_queue_init(8, &ring, 0) == 0 && (ring.features & IORING_FEAT_EXT_ARG)))
		t_skip("IORING_FEAT_EXT_ARG missing");
	io_uring_queue_exit(&ring);

	test_user_region();
	test_kernel_region();
	test_bad_input();

	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
