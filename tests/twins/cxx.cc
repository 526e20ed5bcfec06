// SPDX-License-Identifier: MIT
//
// liburing.h from C++: every helper the header defines has its address taken, so
// that each body is compiled as C++ (and, with IOURINGINLINE overridden to an
// extern definition, resolves to the C symbol of liburing-ffi.so.2), then a few
// NOPs go round a real ring through the helpers.
// Exit 0 = pass, 77 = skip (no io_uring here), else fail.
#include <cstdio>
#include <liburing.h>
#include "every.h"

#define TWIN_ADDRESS(name) reinterpret_cast<void (*)()>(&name),
static void (*const every_twin[])() = { EVERY_TWIN(TWIN_ADDRESS) };

int main()
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	unsigned long long sum = 0;
	int ret = io_uring_queue_init(8, &ring, 0);

	for (auto fn : every_twin)
		if (!fn)
			return 1;
	if (ret == -ENOSYS || ret == -EPERM) {
		std::fprintf(stderr, "io_uring unavailable: %d\n", ret);
		return 77;
	}
	if (ret < 0)
		return 1;
	for (unsigned i = 1; i <= 4; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
	if (io_uring_submit_and_wait(&ring, 4) != 4)
		return 1;
	io_uring_for_each_cqe(&ring, head, cqe) {
		sum += io_uring_cqe_get_data64(cqe);
		seen++;
	}
	io_uring_cq_advance(&ring, seen);
	io_uring_queue_exit(&ring);
	if (seen != 4 || sum != 10) {
		std::fprintf(stderr, "reaped %u CQEs, user_data sum %llu\n", seen, sum);
		return 1;
	}
	return 0;
}
