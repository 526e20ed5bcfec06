/* SPDX-License-Identifier: MIT */
/*
 * Set up two rings (through io_uring_queue_init, then the raw io_uring_setup)
 * and print what each returned on stdout, for tests/diagnose/run.sh to compare
 * with what LIBURING_DEBUG makes the library write on stderr.
 */
#include <stdio.h>
#include <liburing.h>

int main(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring ring;
	int ret, fd;

	for (int i = 0; i < 2; i++) {
		ret = io_uring_queue_init(8, &ring, 0);
		printf("queue_init %d\n", ret);
		if (!ret)
			io_uring_queue_exit(&ring);
	}
	fd = io_uring_setup(8, &p);
	printf("setup %s\n", fd < 0 ? "failed" : "ok");
	if (fd >= 0)
		close(fd);
	return 0;
}
