/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_clock: CLOCK_MONOTONIC and CLOCK_BOOTTIME are accepted and
 * an absolute-timeout wait (IORING_ENTER_ABS_TIMER) then expires only once
 * that clock has reached the deadline; other clocks and bad arguments are
 * refused.
 */
#include <time.h>
#include "test.h"

static struct io_uring_clock_register clock_of(__u32 id)
{
	struct io_uring_clock_register c;

	memset(&c, 0, sizeof(c));
	c.clockid = id;
	return c;
}

static long long now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Wait for one CQE until absolute time @deadline_ns on the ring's clock. */
static int wait_abs(struct io_uring *ring, long long deadline_ns)
{
	struct __kernel_timespec ts = {
		.tv_sec = deadline_ns / 1000000000LL,
		.tv_nsec = deadline_ns % 1000000000LL,
	};
	struct io_uring_getevents_arg arg;

	memset(&arg, 0, sizeof(arg));
	arg.ts = (__u64) (uintptr_t) &ts;
	return io_uring_enter2(ring->ring_fd, 0, 1,
			       IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG |
			       IORING_ENTER_ABS_TIMER, &arg, sizeof(arg));
}

static void check_clock(struct io_uring *ring, clockid_t id, const char *name)
{
	struct io_uring_clock_register c = clock_of(id);
	long long deadline;
	int ret;

	CHECK_EQ(io_uring_register_clock(ring, &c), 0);
	deadline = now_ns(id) + 50 * 1000000LL;
	ret = wait_abs(ring, deadline);
	if (ret == -EINVAL) {
		t_skip_part("IORING_ENTER_ABS_TIMER not supported: %s wait not checked", name);
		return;
	}
	if (ret != -ETIME)
		FAIL("%s: absolute wait with nothing to complete: expected -ETIME, got %d", name, ret);
	if (now_ns(id) < deadline)
		FAIL("%s: absolute wait returned %lld ns before its deadline", name,
		     deadline - now_ns(id));
	/* a deadline in the past expires at once */
	CHECK_EQ(wait_abs(ring, now_ns(id) - 1000000000LL), -ETIME);
	/* a completion ends the wait */
	{
		struct io_uring_cqe *cqe;

		io_uring_prep_nop(GET_SQE(ring));
		CHECK_EQ(io_uring_submit(ring), 1);
		CHECK_EQ(wait_abs(ring, now_ns(id) + 5000 * 1000000LL), 0);
		CHECK_EQ(io_uring_peek_cqe(ring, &cqe), 0);
		io_uring_cqe_seen(ring, cqe);
	}
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_clock_register c;
	int fds_before, ret;

	t_init();
	fds_before = t_count_fds();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_CLOCK, (void *) 8, 0);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_CLOCK not supported (kernel < 6.12)");
	CHECK_EQ(ret, -EFAULT);

	check_clock(&ring, CLOCK_BOOTTIME, "CLOCK_BOOTTIME");
	check_clock(&ring, CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
	check_clock(&ring, CLOCK_BOOTTIME, "CLOCK_BOOTTIME again");

	c = clock_of(CLOCK_REALTIME);
	CHECK_EQ(io_uring_register_clock(&ring, &c), -EINVAL);
	c = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	CHECK_EQ(io_uring_register_clock(&ring, &c), -EINVAL);
	c = clock_of(1234);
	CHECK_EQ(io_uring_register_clock(&ring, &c), -EINVAL);
	c = clock_of(CLOCK_MONOTONIC);
	c.__resv[2] = 1;
	CHECK_EQ(io_uring_register_clock(&ring, &c), -EINVAL);
	CHECK_EQ(io_uring_register_clock(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_clock(&ring, (void *) 8), -EFAULT);
	/* the refused calls left CLOCK_BOOTTIME in place: its waits still work */
	{
		long long deadline = now_ns(CLOCK_BOOTTIME) + 20 * 1000000LL;

		ret = wait_abs(&ring, deadline);
		if (ret != -EINVAL) {
			CHECK_EQ(ret, -ETIME);
			CHECK(now_ns(CLOCK_BOOTTIME) >= deadline);
		}
	}

	io_uring_queue_exit(&ring);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
