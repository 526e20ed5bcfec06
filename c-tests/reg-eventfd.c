/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_eventfd, io_uring_register_eventfd_async,
 * io_uring_unregister_eventfd, io_uring_cq_eventfd_toggle and
 * io_uring_cq_eventfd_enabled: the eventfd counter moves exactly when the
 * kernel is told to signal it, and bad input is refused.
 */
#include <poll.h>
#include <sys/eventfd.h>
#include "test.h"

/*
 * Read (and so reset) the counter and compare it with @want. The kernel may
 * signal the eventfd just after the CQE is visible, so wait (bounded) for it to
 * become readable first; for @want == 0 give a late signal 50 ms to show up.
 */
static void expect_count(int efd, unsigned long long want, int line)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	eventfd_t v = 0;

	if (poll(&pfd, 1, want ? 2000 : 50) < 0)
		t_fail(__FILE__, line, "poll: %s", strerror(errno));
	if (eventfd_read(efd, &v) < 0 && errno != EAGAIN)
		t_fail(__FILE__, line, "eventfd_read: %s", strerror(errno));
	if (v != want)
		t_fail(__FILE__, line, "eventfd counter: expected %llu, got %llu",
		       want, (unsigned long long) v);
}
#define drain_is(efd, want) expect_count((efd), (want), __LINE__)

/* One NOP (optionally forced to io-wq with IOSQE_ASYNC), reaped. */
static void nop(struct io_uring *ring, int async)
{
	NOP_ROUNDTRIP_FLAGS(ring, 7, async ? IOSQE_ASYNC : 0);
}

static void test_eventfd(void)
{
	struct io_uring ring;
	int efd, efd2, pfd[2], i;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	efd2 = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(efd >= 0 && efd2 >= 0);
	CHECK(pipe(pfd) == 0);

	CHECK_EQ(io_uring_unregister_eventfd(&ring), -ENXIO);
	CHECK_EQ(io_uring_register_eventfd(&ring, -1), -EBADF);
	CHECK_EQ(io_uring_register_eventfd(&ring, 1 << 30), -EBADF);
	CHECK_EQ(io_uring_register_eventfd(&ring, pfd[0]), -EINVAL);	/* not an eventfd */
	CHECK_EQ(io_uring_register_eventfd_async(&ring, -1), -EBADF);
	CHECK_EQ(io_uring_register_eventfd_async(&ring, pfd[0]), -EINVAL);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), -ENXIO);

	/* without an eventfd nothing is signalled */
	nop(&ring, 0);
	drain_is(efd, 0);

	CHECK_EQ(io_uring_register_eventfd(&ring, efd), 0);
	CHECK(io_uring_cq_eventfd_enabled(&ring));
	drain_is(efd, 0);	/* registering alone signals nothing */
	for (i = 0; i < 3; i++) {
		nop(&ring, 0);
		drain_is(efd, 1);
	}
	nop(&ring, 1);
	drain_is(efd, 1);
	CHECK_EQ(io_uring_register_eventfd(&ring, efd2), -EBUSY);
	CHECK_EQ(io_uring_register_eventfd_async(&ring, efd2), -EBUSY);
	nop(&ring, 0);
	drain_is(efd2, 0);
	drain_is(efd, 1);

	/* toggling off suppresses the signal; on restores it */
	CHECK_EQ(io_uring_cq_eventfd_toggle(&ring, false), 0);
	CHECK(!io_uring_cq_eventfd_enabled(&ring));
	CHECK(*ring.cq.kflags & IORING_CQ_EVENTFD_DISABLED);
	nop(&ring, 0);
	nop(&ring, 1);
	drain_is(efd, 0);
	CHECK_EQ(io_uring_cq_eventfd_toggle(&ring, false), 0);	/* already off */
	CHECK(!io_uring_cq_eventfd_enabled(&ring));
	CHECK_EQ(io_uring_cq_eventfd_toggle(&ring, true), 0);
	CHECK(io_uring_cq_eventfd_enabled(&ring));
	CHECK(!(*ring.cq.kflags & IORING_CQ_EVENTFD_DISABLED));
	nop(&ring, 0);
	drain_is(efd, 1);

	CHECK_EQ(io_uring_unregister_eventfd(&ring), 0);
	nop(&ring, 0);
	nop(&ring, 1);
	drain_is(efd, 0);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), -ENXIO);

	/* another eventfd can be registered afterwards, and is the one signalled */
	CHECK_EQ(io_uring_register_eventfd(&ring, efd2), 0);
	nop(&ring, 0);
	drain_is(efd2, 1);
	drain_is(efd, 0);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), 0);

	/* the registration holds its own reference to the eventfd */
	{
		int dupfd = dup(efd);

		CHECK(dupfd >= 0);
		CHECK_EQ(io_uring_register_eventfd(&ring, dupfd), 0);
		close(dupfd);
		nop(&ring, 0);
		drain_is(efd, 1);
		CHECK_EQ(io_uring_unregister_eventfd(&ring), 0);
	}

	io_uring_queue_exit(&ring);
	close(efd);
	close(efd2);
	close(pfd[0]);
	close(pfd[1]);
}

static void test_eventfd_async(void)
{
	struct io_uring ring;
	int efd, i;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(efd >= 0);

	CHECK_EQ(io_uring_register_eventfd_async(&ring, efd), 0);
	CHECK(io_uring_cq_eventfd_enabled(&ring));
	/* inline completions are not signalled, io-wq ones are */
	for (i = 0; i < 3; i++) {
		nop(&ring, 0);
		drain_is(efd, 0);
		nop(&ring, 1);
		drain_is(efd, 1);
	}
	CHECK_EQ(io_uring_register_eventfd(&ring, efd), -EBUSY);
	CHECK_EQ(io_uring_cq_eventfd_toggle(&ring, false), 0);
	nop(&ring, 1);
	drain_is(efd, 0);
	CHECK_EQ(io_uring_cq_eventfd_toggle(&ring, true), 0);
	nop(&ring, 1);
	drain_is(efd, 1);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), 0);
	nop(&ring, 1);
	drain_is(efd, 0);
	CHECK_EQ(io_uring_unregister_eventfd(&ring), -ENXIO);

	io_uring_queue_exit(&ring);
	close(efd);
}

int main(void)
{
	int fds_before;

	t_init();
	fds_before = t_count_fds();
	test_eventfd();
	test_eventfd_async();
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
