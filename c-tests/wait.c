/* SPDX-License-Identifier: MIT */
/*
 * Waiting for completions: io_uring_wait_cqe_timeout, io_uring_wait_cqes with
 * a signal mask, io_uring_submit_and_wait_timeout, io_uring_wait_cqe_nr,
 * io_uring_submit_and_wait_min_timeout (IORING_FEAT_MIN_TIMEOUT),
 * io_uring_peek_cqe on an empty ring, io_uring_get_events and
 * io_uring_submit_and_get_events.  Time is only checked loosely (a wait may
 * not end before its timeout, and must end long before the test's alarm).
 */
#include <pthread.h>
#include <signal.h>
#include "test.h"

static void prep_timeout_ud(struct io_uring *ring, struct __kernel_timespec *ts,
			    __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_timeout(sqe, ts, 0, 0);
	sqe->user_data = ud;
}

static void test_wait_timeout_empty(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(100);
	struct io_uring_cqe *cqe = (void *) 1;
	long long t0, el;
	int ret;

	t0 = t_now_ms();
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	el = t_now_ms() - t0;
	CHECK_EQ(ret, -ETIME);
	if (el < 90 || el > 10000)
		FAIL("100 ms io_uring_wait_cqe_timeout returned after %lld ms", el);
	CHECK_EQ(io_uring_cq_ready(ring), 0);
}

static void test_peek_empty(struct io_uring *ring)
{
	struct io_uring_cqe *cqe = NULL;

	CHECK_EQ(io_uring_peek_cqe(ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void) sig;
	got_usr1 = 1;
}

struct kill_arg {
	pthread_t target;
	int delay_ms;
};

static void *kill_later(void *p)
{
	struct kill_arg *a = p;

	usleep(a->delay_ms * 1000);
	pthread_kill(a->target, SIGUSR1);
	return NULL;
}

/*
 * SIGUSR1 is blocked in the thread; io_uring_wait_cqes with an empty mask
 * unblocks it for the wait only, so a SIGUSR1 sent during the wait
 * interrupts it (-EINTR) and the handler runs.  With a mask that blocks it,
 * the same signal stays pending and the wait times out.
 */
static void test_wait_cqes_sigmask(struct io_uring *ring)
{
	struct __kernel_timespec ts;
	struct io_uring_cqe *cqe;
	struct sigaction sa;
	struct kill_arg ka;
	sigset_t block, empty, pending;
	pthread_t th;
	int ret;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	CHECK_EQ(pthread_sigmask(SIG_BLOCK, &block, NULL), 0);

	/* completion already there: returned, mask irrelevant */
	PREP_NOPS(ring, 100, 1);
	CHECK_EQ(io_uring_submit(ring), 1);
	ts = t_ts_ms(2000);
	ret = io_uring_wait_cqes(ring, &cqe, 1, &ts, &empty);
	CHECK_EQ(ret, 0);
	CHECK_EQ(cqe->user_data, 100);
	io_uring_cqe_seen(ring, cqe);

	/* signal unblocked by the wait mask: the wait is interrupted */
	got_usr1 = 0;
	ka.target = pthread_self();
	ka.delay_ms = 100;
	CHECK_EQ(pthread_create(&th, NULL, kill_later, &ka), 0);
	ts = t_ts_ms(5000);
	ret = io_uring_wait_cqes(ring, &cqe, 1, &ts, &empty);
	pthread_join(th, NULL);
	if (ret != -EINTR)
		FAIL("io_uring_wait_cqes with SIGUSR1 unblocked by its mask returned %d, "
		     "expected -EINTR", ret);
	CHECK(got_usr1);

	/* signal blocked by the wait mask: stays pending, wait times out */
	got_usr1 = 0;
	ka.delay_ms = 10;
	CHECK_EQ(pthread_create(&th, NULL, kill_later, &ka), 0);
	pthread_join(th, NULL);
	ts = t_ts_ms(100);
	ret = io_uring_wait_cqes(ring, &cqe, 1, &ts, &block);
	CHECK_EQ(ret, -ETIME);
	CHECK(!got_usr1);
	sigemptyset(&pending);
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(sigismember(&pending, SIGUSR1));
	CHECK_EQ(pthread_sigmask(SIG_UNBLOCK, &block, NULL), 0);
	CHECK(got_usr1);	/* delivered once unblocked */

	/* a wait for 2 completions gets them and returns the first */
	PREP_NOPS(ring, 101, 2);
	CHECK_EQ(io_uring_submit(ring), 2);
	ts = t_ts_ms(2000);
	ret = io_uring_wait_cqes(ring, &cqe, 2, &ts, NULL);
	CHECK_EQ(ret, 0);
	CHECK_EQ(cqe->user_data, 101);
	CHECK(io_uring_cq_ready(ring) >= 2);
	io_uring_cq_advance(ring, 2);
}

static void test_submit_and_wait_timeout(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(2000), tmo = t_ts_ms(50);
	struct io_uring_cqe *cqe = NULL;
	int ret;

	PREP_NOPS(ring, 200, 1);
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, 1);	/* the number submitted */
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 200);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(ring, cqe);

	/* it really waits: a 50 ms timeout op completes during the call */
	prep_timeout_ud(ring, &tmo, 201);
	cqe = NULL;
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, 1);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 201);
	CHECK_EQ(cqe->res, -ETIME);
	io_uring_cqe_seen(ring, cqe);

	/* nothing to submit, nothing in flight: -ETIME */
	ts = t_ts_ms(20);
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	CHECK_EQ(ret, -ETIME);

	/*
	 * wait_nr larger than what arrives: the kernel's wait times out, but
	 * the submission count wins (as in liburing 2.15) and the CQE that did
	 * arrive is returned, not consumed.
	 */
	PREP_NOPS(ring, 202, 1);
	ts = t_ts_ms(50);
	cqe = NULL;
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 2, &ts, NULL);
	CHECK_EQ(ret, 1);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 202);
	CHECK_EQ(io_uring_cq_ready(ring), 1);
	io_uring_cqe_seen(ring, cqe);

	/*
	 * Same with nothing to submit.  The kernel (6.x) ends a timed-out wait
	 * with 0 when some CQE is there, older ones with -ETIME; either way the
	 * CQE stays in the ring.
	 */
	PREP_NOPS(ring, 203, 1);
	CHECK_EQ(io_uring_submit(ring), 1);
	ts = t_ts_ms(50);
	cqe = NULL;
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 2, &ts, NULL);
	if (ret != 0 && ret != -ETIME)
		FAIL("submit_and_wait_timeout(wait_nr 2) with 1 CQE: %d, expected 0 or -ETIME",
		     ret);
	if (ret == 0 && (!cqe || cqe->user_data != 203))
		FAIL("submit_and_wait_timeout returned 0 without the CQE");
	CHECK_EQ(io_uring_cq_ready(ring), 1);
	WAIT_CQE(ring, &cqe, 2000);
	CHECK_EQ(cqe->user_data, 203);
	io_uring_cqe_seen(ring, cqe);
}

static void test_wait_cqe_nr(struct io_uring *ring)
{
	struct __kernel_timespec tmo = t_ts_ms(50);
	struct io_uring_cqe *cqe = NULL;
	int ret;

	/* two NOPs complete at once, the third CQE needs the timer: must wait */
	PREP_NOPS(ring, 300, 1);
	prep_timeout_ud(ring, &tmo, 301);
	PREP_NOPS(ring, 302, 1);
	CHECK_EQ(io_uring_submit(ring), 3);
	ret = io_uring_wait_cqe_nr(ring, &cqe, 3);
	CHECK_EQ(ret, 0);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 300);
	CHECK_EQ(io_uring_cq_ready(ring), 3);
	io_uring_cq_advance(ring, 3);

	/* wait_nr 0 on an empty ring does not block */
	ret = io_uring_wait_cqe_nr(ring, &cqe, 0);
	CHECK_EQ(ret, -EAGAIN);
}

static void test_min_timeout(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	struct __kernel_timespec ts;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long t0, el;
	int ret;

	if (T_INIT_PARAMS(8, &ring, &p, "DEFER_TASKRUN ring"))
		CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	if (!(ring.features & IORING_FEAT_MIN_TIMEOUT)) {
		ts = t_ts_ms(10);
		ret = io_uring_submit_and_wait_min_timeout(&ring, &cqe, 1, &ts,
							   1000, NULL);
		CHECK_EQ(ret, -EINVAL);
		t_skip_part("no IORING_FEAT_MIN_TIMEOUT: min-timeout wait not tested");
		io_uring_queue_exit(&ring);
		return;
	}

	/*
	 * Ask for 4 completions with a 5 s timeout, but a 50 ms batch timeout:
	 * one NOP completes, so after the min timeout the call returns it.
	 */
	PREP_NOPS(&ring, 400, 1);
	ts = t_ts_ms(5000);
	cqe = NULL;
	t0 = t_now_ms();
	ret = io_uring_submit_and_wait_min_timeout(&ring, &cqe, 4, &ts, 50000, NULL);
	el = t_now_ms() - t0;
	if (ret < 0)
		FAIL("io_uring_submit_and_wait_min_timeout returned %d", ret);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 400);
	if (el >= 4000)
		FAIL("min timeout ignored: returned after %lld ms", el);
	io_uring_cqe_seen(&ring, cqe);

	/*
	 * Nothing completes within the min timeout: waiting goes on until the
	 * first CQE (a 150 ms timeout op), well before ts.
	 */
	{
		struct __kernel_timespec tmo = t_ts_ms(150);

		prep_timeout_ud(&ring, &tmo, 401);
		cqe = NULL;
		t0 = t_now_ms();
		ret = io_uring_submit_and_wait_min_timeout(&ring, &cqe, 4, &ts,
							   20000, NULL);
		el = t_now_ms() - t0;
		if (ret < 0)
			FAIL("io_uring_submit_and_wait_min_timeout returned %d", ret);
		CHECK(cqe != NULL);
		CHECK_EQ(cqe->user_data, 401);
		CHECK_EQ(cqe->res, -ETIME);
		if (el < 140 || el >= 4000)
			FAIL("min-timeout wait for a 150 ms timer returned after %lld ms", el);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* io_uring_wait_cqes_min_timeout on an empty ring: -ETIME */
	ts = t_ts_ms(30);
	ret = io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, 10000, NULL);
	CHECK_EQ(ret, -ETIME);
	io_uring_queue_exit(&ring);
}

/* Submit a 10 ms timeout (user_data @ud), then give it 50 ms to fire. */
static void arm_timer(struct io_uring *ring, __u64 ud)
{
	struct __kernel_timespec tmo = t_ts_ms(10);

	prep_timeout_ud(ring, &tmo, ud);
	CHECK_EQ(io_uring_submit(ring), 1);
	usleep(50 * 1000);
}

/*
 * Call @enter (which must return 0) until a CQE is in the CQ, every 10 ms;
 * fail if none after 5 s.
 */
static void enter_until_cqe(struct io_uring *ring, int (*enter)(struct io_uring *),
			    const char *what)
{
	long long t0 = t_now_ms();

	while (!io_uring_cq_ready(ring)) {
		CHECK_EQ(enter(ring), 0);
		if (io_uring_cq_ready(ring))
			break;
		if (t_now_ms() - t0 > 5000)
			FAIL("10 ms timeout not posted by %s after 5 s", what);
		usleep(10 * 1000);
	}
}

/*
 * io_uring_get_events flushes overflowed CQEs into the CQ, and on a
 * DEFER_TASKRUN ring runs the deferred work that posts completions.
 */
static void test_get_events(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned i, got;
	int ret;

	/* overflow: 12 NOPs on a 8-entry CQ */
	CHECK_EQ(io_uring_queue_init(4, &ring, 0), 0);
	for (i = 0; i < 12; i += 4) {
		PREP_NOPS(&ring, 500 + i, 4);
		CHECK_EQ(io_uring_submit(&ring), 4);
	}
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	CHECK(io_uring_cq_has_overflow(&ring));
	got = 0;
	while (io_uring_cq_ready(&ring)) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 500 + got);
		io_uring_cqe_seen(&ring, cqe);
		got++;
	}
	CHECK_EQ(got, 8);
	CHECK(io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_get_events(&ring), 0);
	CHECK_EQ(io_uring_cq_ready(&ring), 4);
	CHECK(!io_uring_cq_has_overflow(&ring));
	for (i = 0; i < 4; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 508 + i);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);

	/* DEFER_TASKRUN: a fired timer is posted only when we enter the kernel */
	if (T_INIT_PARAMS(8, &ring, &p, "DEFER_TASKRUN ring")) {
		t_skip_part("DEFER_TASKRUN not supported: get_events task-work part skipped");
		return;
	}
	arm_timer(&ring, 600);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	enter_until_cqe(&ring, io_uring_get_events, "io_uring_get_events");
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 600);
	CHECK_EQ(cqe->res, -ETIME);
	io_uring_cqe_seen(&ring, cqe);

	/* io_uring_submit_and_get_events: submits, returns the count, flushes */
	PREP_NOPS(&ring, 601, 2);
	ret = io_uring_submit_and_get_events(&ring);
	CHECK_EQ(ret, 2);
	CHECK_EQ(io_uring_cq_ready(&ring), 2);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 601);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 602);
	io_uring_cqe_seen(&ring, cqe);

	/* with nothing queued it still flushes deferred work */
	arm_timer(&ring, 603);
	enter_until_cqe(&ring, io_uring_submit_and_get_events,
			"io_uring_submit_and_get_events");
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 603);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	test_peek_empty(&ring);
	test_wait_timeout_empty(&ring);
	test_wait_cqes_sigmask(&ring);
	test_submit_and_wait_timeout(&ring);
	test_wait_cqe_nr(&ring);
	test_peek_empty(&ring);
	io_uring_queue_exit(&ring);

	test_min_timeout();
	test_get_events();
	return T_PASS;
}
