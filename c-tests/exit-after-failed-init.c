/* SPDX-License-Identifier: MIT */
/*
 * io_uring_queue_exit on a ring whose setup failed (an easy mistake in error paths) closes
 * nothing: a failed io_uring_queue_init* or io_uring_queue_mmap leaves the ring as an exit
 * does, with ring_fd -1. liburing 2.15 leaves ring_fd 0 there, so the exit closes stdin.
 */
#include "test.h"

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	t_init();
	/* fd 0 must be open for the test to mean anything */
	CHECK(fcntl(0, F_GETFD) >= 0);

	/* the kernel refuses a ring of 0 entries */
	CHECK_EQ(io_uring_queue_init(0, &ring, 0), -EINVAL);
	CHECK_EQ(ring.ring_fd, -1);
	io_uring_queue_exit(&ring);
	CHECK(fcntl(0, F_GETFD) >= 0);

	memset(&p, 0, sizeof(p));
	CHECK_EQ(io_uring_queue_init_params(0, &ring, &p), -EINVAL);
	io_uring_queue_exit(&ring);
	CHECK(fcntl(0, F_GETFD) >= 0);

	/* mapping rings from a descriptor that is not a ring fails */
	memset(&p, 0, sizeof(p));
	CHECK(io_uring_queue_mmap(-1, &p, &ring) < 0);
	CHECK_EQ(ring.ring_fd, -1);
	io_uring_queue_exit(&ring);
	CHECK(fcntl(0, F_GETFD) >= 0);
	return T_PASS;
}
