/* SPDX-License-Identifier: MIT */
/*
 * io_uring_queue_exit called twice on one ring (a common bug) does nothing the
 * second time: the file opened meanwhile, which reuses the ring's fd number,
 * stays open, and memory mapped meanwhile at the SQ ring's old address stays
 * mapped. liburing 2.15 closes and unmaps them again.
 */
#include <sys/mman.h>
#include "test.h"

int main(void)
{
	struct io_uring ring;
	int ring_fd, fd;
	size_t len;
	void *addr;
	char *mem;

	t_init();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	NOP_ROUNDTRIP(&ring, 1);
	ring_fd = ring.ring_fd;
	len = ring.sq.ring_sz;
	addr = ring.sq.ring_ptr;
	io_uring_queue_exit(&ring);

	/* the lowest free number: the ring's own, now closed */
	fd = open("/dev/null", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(fd, ring_fd);
	/* exactly where the SQ ring was */
	mem = mmap(addr, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(mem == addr);

	io_uring_queue_exit(&ring);

	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	memset(mem, 0x5a, len);	/* faults if the second exit unmapped it */
	CHECK_EQ(mem[len - 1], 0x5a);

	/* the struct can be set up again afterwards */
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	NOP_ROUNDTRIP(&ring, 2);
	io_uring_queue_exit(&ring);
	close(fd);
	munmap(mem, len);
	return T_PASS;
}
