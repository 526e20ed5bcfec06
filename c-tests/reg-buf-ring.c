/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_buf_ring, io_uring_unregister_buf_ring and
 * io_uring_buf_ring_head, driven by hand (no buf_ring helpers): reads with
 * IOSQE_BUFFER_SELECT pick buffers from the registered ring in order and the
 * kernel's head moves with them; the @flags argument is OR-ed into reg->flags
 * (IOU_PBUF_RING_MMAP: kernel memory, mmap'ed); bad registrations are refused.
 */
#include <sys/mman.h>
#include "test.h"

#define ENTRIES 8
#define BUFSZ 32
#define BGID 3

static char pool[ENTRIES][BUFSZ];

/* Publish @n buffers (ids @first...) at the ring's tail. */
static void add_bufs(struct io_uring_buf_ring *br, int first, int n)
{
	__u16 tail = br->tail;
	int i;

	for (i = 0; i < n; i++) {
		struct io_uring_buf *b = &br->bufs[(tail + i) & (ENTRIES - 1)];

		b->addr = (__u64) (uintptr_t) pool[first + i];
		b->len = BUFSZ;
		b->bid = first + i;
	}
	__atomic_store_n(&br->tail, (__u16) (tail + n), __ATOMIC_RELEASE);
}

static void expect_head(struct io_uring *ring, int bgid, int want)
{
	uint16_t head = 0xffff;

	CHECK_EQ(io_uring_buf_ring_head(ring, bgid, &head), 0);
	CHECK_EQ(head, want);
}

/* Read what is in the pipe into a buffer of group @bgid; returns res, *bid. */
static int read_select(struct io_uring *ring, int fd, int bgid, int *bid)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	unsigned flags;
	int res;

	io_uring_prep_rw(IORING_OP_READ, sqe, fd, NULL, BUFSZ, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = bgid;
	sqe->user_data = 0xbb;
	res = RUN_ONE(ring, 0xbb, 2000, &flags);
	*bid = -1;
	if (res >= 0) {
		if (!(flags & IORING_CQE_F_BUFFER))
			FAIL("read with BUFFER_SELECT: res %d but no IORING_CQE_F_BUFFER", res);
		*bid = flags >> IORING_CQE_BUFFER_SHIFT;
	}
	return res;
}

static void test_user_ring(void)
{
	struct io_uring ring;
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	uint16_t head;
	int pfd[2], bid, i;

	CHECK(pipe(pfd) == 0);
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	br = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(br != MAP_FAILED);

	CHECK_EQ(io_uring_buf_ring_head(&ring, BGID, &head), -ENOENT);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), -ENOENT);

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (__u64) (uintptr_t) br;
	reg.ring_entries = ENTRIES;
	reg.bgid = BGID;
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), 0);
	CHECK_EQ(reg.flags, 0);
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EEXIST);
	expect_head(&ring, BGID, 0);

	/* empty ring: nothing to select */
	CHECK(write(pfd[1], "abc", 3) == 3);
	CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), -ENOBUFS);

	add_bufs(br, 0, 4);
	expect_head(&ring, BGID, 0);
	for (i = 0; i < 3; i++) {
		char msg[8];

		snprintf(msg, sizeof(msg), "msg%d", i);
		if (i)
			CHECK(write(pfd[1], msg, 4) == 4);
		CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), i ? 4 : 3);
		CHECK_EQ(bid, i);
		if (memcmp(pool[i], i ? msg : "abc", i ? 4 : 3))
			FAIL("buffer %d does not hold the data read", i);
		expect_head(&ring, BGID, i + 1);
	}
	/* another group id is unknown */
	CHECK(write(pfd[1], "zz", 2) == 2);
	CHECK_EQ(read_select(&ring, pfd[0], BGID + 1, &bid), -ENOBUFS);
	CHECK_EQ(io_uring_buf_ring_head(&ring, BGID + 1, &head), -ENOENT);
	CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), 2);
	CHECK_EQ(bid, 3);
	expect_head(&ring, BGID, 4);

	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), 0);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), -ENOENT);
	CHECK_EQ(io_uring_buf_ring_head(&ring, BGID, &head), -ENOENT);
	CHECK(write(pfd[1], "q", 1) == 1);
	CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), -ENOBUFS);

	/* the same memory can be registered again, and starts from head 0 */
	memset(br, 0, 4096);
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), 0);
	expect_head(&ring, BGID, 0);
	add_bufs(br, 4, 1);
	CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), 1);
	CHECK_EQ(bid, 4);
	expect_head(&ring, BGID, 1);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), 0);

	munmap(br, 4096);
	io_uring_queue_exit(&ring);
	close(pfd[0]);
	close(pfd[1]);
}

static void test_kernel_ring(void)
{
	struct io_uring ring;
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	int pfd[2], bid, ret;

	CHECK(pipe(pfd) == 0);
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	memset(&reg, 0, sizeof(reg));
	reg.ring_entries = ENTRIES;
	reg.bgid = BGID;
	/* the flags argument lands in reg->flags, which the kernel then sees */
	ret = io_uring_register_buf_ring(&ring, &reg, IOU_PBUF_RING_MMAP);
	CHECK_EQ(reg.flags, IOU_PBUF_RING_MMAP);
	if (ret == -EINVAL) {
		t_skip_part("IOU_PBUF_RING_MMAP not supported (kernel < 6.4)");
		goto out;
	}
	CHECK_EQ(ret, 0);
	br = mmap(NULL, ENTRIES * sizeof(struct io_uring_buf), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, ring.ring_fd,
		  IORING_OFF_PBUF_RING | ((__u64) BGID << IORING_OFF_PBUF_SHIFT));
	if (br == MAP_FAILED)
		FAIL("mmap of the kernel buffer ring: %s", strerror(errno));
	add_bufs(br, 5, 2);
	CHECK(write(pfd[1], "kern", 4) == 4);
	CHECK_EQ(read_select(&ring, pfd[0], BGID, &bid), 4);
	CHECK_EQ(bid, 5);
	CHECK(!memcmp(pool[5], "kern", 4));
	expect_head(&ring, BGID, 1);
	munmap(br, ENTRIES * sizeof(struct io_uring_buf));
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), 0);
out:
	io_uring_queue_exit(&ring);
	close(pfd[0]);
	close(pfd[1]);
}

static void test_bad_input(void)
{
	struct io_uring ring;
	struct io_uring_buf_reg reg;
	void *mem;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	mem = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);

#define REG(addr, n, gid) do {					\
		memset(&reg, 0, sizeof(reg));			\
		reg.ring_addr = (__u64) (uintptr_t) (addr);	\
		reg.ring_entries = (n);				\
		reg.bgid = (gid);				\
	} while (0)

	REG(mem, 6, 1);	/* not a power of two */
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	REG(mem, 0, 1);
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	REG(mem, 65536, 1);	/* more than 32768 */
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	REG((char *) mem + 64, 8, 1);	/* not page aligned */
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	REG(0, 8, 1);	/* no memory and not IOU_PBUF_RING_MMAP */
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EFAULT);
	REG(mem, 8, 1);
	reg.resv[4] = 1;
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	REG(mem, 8, 1);
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0x100), -EINVAL);	/* unknown flag */
	CHECK_EQ(reg.flags, 0x100);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, 1), -ENOENT);	/* none of it stuck */
	REG(mem, 8, 1);
	CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), 0);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, 1), 0);
	CHECK_EQ(io_uring_unregister_buf_ring(&ring, -1), -ENOENT);	/* bgid 65535 */

	munmap(mem, 2 * 4096);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	int fds_before;

	t_init();
	fds_before = t_count_fds();
	{
		struct io_uring ring;
		uint16_t head;
		int ret;

		CHECK_OK(io_uring_queue_init(8, &ring, 0));
		ret = io_uring_buf_ring_head(&ring, BGID, &head);
		io_uring_queue_exit(&ring);
		if (ret == -EINVAL)
			t_skip("IORING_REGISTER_PBUF_STATUS not supported (kernel < 6.8)");
	}
	test_user_ring();
	test_kernel_ring();
	test_bad_input();
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
