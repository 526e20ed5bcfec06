/* SPDX-License-Identifier: MIT */
/*
 * io_uring_set_iowait: with IORING_FEAT_NO_IOWAIT, turning iowait accounting
 * off makes every later io_uring_enter carry IORING_ENTER_NO_IOWAIT (seen
 * through a seccomp filter in a child process), turning it on again drops the
 * flag; without the feature the call is refused.
 */
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "test.h"

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + (i) * 8)
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + (i) * 8 + 4)
#endif
#define MARK 1000	/* errno for an io_uring_enter carrying NO_IOWAIT */

static void install_filter(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(3)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, IORING_ENTER_NO_IOWAIT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | MARK),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		FAIL("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		if (errno == EINVAL)
			exit(T_SKIP);
		FAIL("PR_SET_SECCOMP: %s", strerror(errno));
	}
}

static int wait_briefly(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(10);
	struct io_uring_cqe *cqe;

	return io_uring_wait_cqe_timeout(ring, &cqe, &ts);
}

static void child(void)
{
	struct io_uring ring;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	install_filter();

	CHECK_EQ(wait_briefly(&ring), -ETIME);	/* accounted as iowait: no flag */
	CHECK_EQ(io_uring_set_iowait(&ring, false), 0);
	CHECK(ring.int_flags & IORING_ENTER_NO_IOWAIT);
	CHECK_EQ(wait_briefly(&ring), -MARK);	/* the flag is passed */
	CHECK_EQ(io_uring_set_iowait(&ring, false), 0);	/* idempotent */
	CHECK_EQ(wait_briefly(&ring), -MARK);
	CHECK_EQ(io_uring_set_iowait(&ring, true), 0);
	CHECK(!(ring.int_flags & IORING_ENTER_NO_IOWAIT));
	CHECK_EQ(wait_briefly(&ring), -ETIME);
	NOP_ROUNDTRIP(&ring, 1);
	io_uring_queue_exit(&ring);
	exit(T_PASS);
}

int main(void)
{
	struct io_uring ring, copy;
	int status;
	pid_t pid;

	t_init();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	copy = ring;
	copy.features &= ~IORING_FEAT_NO_IOWAIT;
	CHECK_EQ(io_uring_set_iowait(&copy, false), -EOPNOTSUPP);
	CHECK(!(copy.int_flags & IORING_ENTER_NO_IOWAIT));
	if (!(ring.features & IORING_FEAT_NO_IOWAIT)) {
		CHECK_EQ(io_uring_set_iowait(&ring, false), -EOPNOTSUPP);
		io_uring_queue_exit(&ring);
		t_skip("IORING_FEAT_NO_IOWAIT missing (kernel < 6.15)");
	}
	/* the flag really reaches the kernel, which accepts it */
	CHECK_EQ(io_uring_set_iowait(&ring, false), 0);
	CHECK_EQ(wait_briefly(&ring), -ETIME);
	NOP_ROUNDTRIP(&ring, 2);
	io_uring_queue_exit(&ring);

	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		alarm(10);
		child();
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("seccomp filters unavailable");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		FAIL("checking child failed (status 0x%x)", status);
	return T_PASS;
}
