/* SPDX-License-Identifier: MIT */
/*
 * Can this process use io_uring? Run once by `make check` (tests/check/run.sh) before the
 * suites: it sets up a ring with this project's library and completes a NOP.
 *
 * Exit 0 when io_uring works (nothing printed). Otherwise exit 1 and print the cause in one
 * line on stdout, then what to do on a second line when the library knows: the library's own
 * LIBURING_DEBUG=1 diagnosis of the failed setup (src/diagnose.rs: a seccomp filter,
 * kernel.io_uring_disabled or io_uring_group, no io_uring in the kernel, RLIMIT_MEMLOCK...),
 * captured from its stderr line "liburing: <call> failed (-E...): <cause>; <advice>".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liburing.h>

/* The library's diagnosis line, captured from fd 2 while the setup runs. */
static int setup_explained(struct io_uring *ring, char *line, size_t size)
{
	FILE *cap = tmpfile();
	int saved = dup(2), ret;

	line[0] = '\0';
	if (cap && saved >= 0)
		dup2(fileno(cap), 2);
	ret = io_uring_queue_init(2, ring, 0);
	if (cap && saved >= 0) {
		dup2(saved, 2);
		rewind(cap);
		while (fgets(line, (int)size, cap) && strncmp(line, "liburing: ", 10))
			line[0] = '\0';
	}
	if (cap)
		fclose(cap);
	if (saved >= 0)
		close(saved);
	line[strcspn(line, "\n")] = '\0';
	return ret;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_sec = 5 };
	char line[1024], *cause, *advice;
	int ret;

	setenv("LIBURING_DEBUG", "1", 1);
	ret = setup_explained(&ring, line, sizeof(line));
	if (ret < 0) {
		/*
		 * "liburing: io_uring_queue_init failed (-EPERM): <cause>; <advice>". A cause may
		 * contain "; " (the seccomp one does), an advice does not: split at the last one.
		 */
		cause = strstr(line, "): ");
		if (!cause) {
			printf("io_uring_queue_init failed: %s\n", strerror(-ret));
			return 1;
		}
		cause += 3;
		advice = strrchr(cause, ';');
		if (advice && advice[1] == ' ') {
			*advice = '\0';
			advice += 2;
		} else {
			advice = NULL;
		}
		printf("%s\n", cause);
		if (advice)
			printf("what to do: %s\n", advice);
		return 1;
	}
	/* A filter may let the setup through and block io_uring_enter. */
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
	if (ret < 0) {
		printf("a ring is set up but io_uring_enter fails: %s\n", strerror(-ret));
		return 1;
	}
	if (cqe->res < 0) {
		printf("a NOP completes with %s\n", strerror(-cqe->res));
		return 1;
	}
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return 0;
}
