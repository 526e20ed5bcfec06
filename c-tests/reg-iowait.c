/* SPDX-License-Identifier: MIT */
/*
 * io_uring_set_iowait: with IORING_FEAT_NO_IOWAIT, turning iowait accounting
 * off makes every later io_uring_enter carry IORING_ENTER_NO_IOWAIT (seen
 * through a seccomp filter in a child process), turning it on again drops the
 * flag; without the feature the call is refused.
 */
#include "test.h"

#define MARK 1000	/* errno for an io_uring_enter carrying NO_IOWAIT */

static void install_filter(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(3)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, IORING_ENTER_NO_IOWAIT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | MARK),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	t_seccomp_filter(f, sizeof(f) / sizeof(f[0]));
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

	RUN_IN_CHILD(child, "seccomp filters unavailable");
	return T_PASS;
}
