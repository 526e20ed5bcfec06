/* SPDX-License-Identifier: MIT */
/*
 * SOCKET_URING_OP_GETSOCKOPT / SETSOCKOPT through io_uring_prep_cmd_sock
 * (seed bug 2), with and without IOSQE_ASYNC, on SO_REUSEADDR, SO_RCVBUF and
 * SO_SNDBUF.  Values read through io_uring must equal getsockopt(2)'s, values
 * set through io_uring must be what getsockopt(2) then reports (compared with
 * a reference socket set by setsockopt(2), since the kernel doubles buffer
 * sizes and clamps them to sysctl limits).  A GETSOCKOPT CQE's res is the
 * option length.  Every wait is bounded: a missing CQE is a hung request.
 * The test skips only if an SQE built field by field from the UAPI (no prep
 * helper) gets -EOPNOTSUPP / -EINVAL from the kernel.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include "test.h"

/* Submit one socket command, return its CQE res (bounded wait). */
static int sock_cmd(struct io_uring *ring, int op, int fd, int optname,
		    int *val, int len, int async, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = t_ts_ms(2000);
	int ret, res;

	io_uring_prep_cmd_sock(sqe, op, fd, SOL_SOCKET, optname, val, len);
	sqe->user_data = ud;
	if (async)
		sqe->flags |= IOSQE_ASYNC;
	ret = io_uring_submit(ring);
	if (ret != 1)
		FAIL("io_uring_submit returned %d, expected 1", ret);
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret == -ETIME)
		FAIL("request hung: %s of optname %d (%s) got no CQE within 2 s",
		     op == SOCKET_URING_OP_GETSOCKOPT ? "GETSOCKOPT" : "SETSOCKOPT",
		     optname, async ? "IOSQE_ASYNC" : "inline");
	if (ret)
		FAIL("io_uring_wait_cqe_timeout: %d", ret);
	if (cqe->user_data != ud)
		FAIL("CQE user_data %llu, expected %llu",
		     (unsigned long long) cqe->user_data, (unsigned long long) ud);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

static int uring_get(struct io_uring *ring, int fd, int optname, int async)
{
	int val = -12345;
	int res = sock_cmd(ring, SOCKET_URING_OP_GETSOCKOPT, fd, optname, &val,
			   sizeof(val), async, 0x6e7000 + optname);

	if (res != (int) sizeof(int))
		FAIL("GETSOCKOPT optname %d (%s): res %d, expected the option length %zu",
		     optname, async ? "async" : "inline", res, sizeof(int));
	return val;
}

static void uring_set(struct io_uring *ring, int fd, int optname, int val,
		      int async)
{
	int v = val;
	int res = sock_cmd(ring, SOCKET_URING_OP_SETSOCKOPT, fd, optname, &v,
			   sizeof(v), async, 0x5e7000 + optname);

	if (res != 0)
		FAIL("SETSOCKOPT optname %d = %d (%s): res %d, expected 0",
		     optname, val, async ? "async" : "inline", res);
}

static const char *optname_str(int optname)
{
	switch (optname) {
	case SO_REUSEADDR: return "SO_REUSEADDR";
	case SO_RCVBUF: return "SO_RCVBUF";
	case SO_SNDBUF: return "SO_SNDBUF";
	}
	return "?";
}

/*
 * Does the kernel do socket GETSOCKOPT?  Asked with an SQE written field by
 * field from the UAPI (no prep helper), so that a fault in
 * io_uring_prep_cmd_sock cannot pass for an absent kernel feature.
 */
static void probe_kernel(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int val = -12345, res;

	if (fd < 0)
		FAIL("socket: %s", strerror(errno));
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = SOCKET_URING_OP_GETSOCKOPT;
	sqe->level = SOL_SOCKET;
	sqe->optname = SO_RCVBUF;
	sqe->optval = (unsigned long) (uintptr_t) &val;
	sqe->optlen = sizeof(val);
	sqe->user_data = 0x9999;
	res = RUN_ONE(ring, 0x9999, 2000, NULL);
	if (res == -EOPNOTSUPP || res == -EINVAL)
		t_skip("kernel has no socket uring_cmd GETSOCKOPT (res %d)", res);
	CHECK_EQ(res, sizeof(int));
	CHECK_EQ(val, SOCKOPT_INT(fd, SOL_SOCKET, SO_RCVBUF));
	close(fd);
}

static void test_ring(struct io_uring *ring, const char *what)
{
	static const int opts[] = { SO_REUSEADDR, SO_RCVBUF, SO_SNDBUF };
	int async, i, round;

	for (async = 0; async <= 1; async++) {
		for (i = 0; i < 3; i++) {
			int opt = opts[i];
			int fd = socket(AF_INET, SOCK_STREAM, 0);
			int ref = socket(AF_INET, SOCK_STREAM, 0);

			if (fd < 0 || ref < 0)
				FAIL("socket: %s", strerror(errno));

			/* get: io_uring must agree with getsockopt(2) */
			if (uring_get(ring, fd, opt, async) !=
			    SOCKOPT_INT(fd, SOL_SOCKET, opt))
				FAIL("[%s] GETSOCKOPT %s (%s) = %d, getsockopt(2) = %d",
				     what, optname_str(opt),
				     async ? "async" : "inline",
				     uring_get(ring, fd, opt, async),
				     SOCKOPT_INT(fd, SOL_SOCKET, opt));

			for (round = 0; round < 2; round++) {
				int val, want, got;

				if (opt == SO_REUSEADDR)
					val = round == 0 ? 1 : 0;
				else
					val = 8192 * (3 + round + 2 * async + 5 * i);

				/* set through io_uring, same value on ref by syscall */
				uring_set(ring, fd, opt, val, async);
				if (setsockopt(ref, SOL_SOCKET, opt, &val, sizeof(val)))
					FAIL("setsockopt: %s", strerror(errno));
				want = SOCKOPT_INT(ref, SOL_SOCKET, opt);
				got = SOCKOPT_INT(fd, SOL_SOCKET, opt);
				if (got != want)
					FAIL("[%s] SETSOCKOPT %s = %d (%s): getsockopt(2) "
					     "then reads %d, expected %d",
					     what, optname_str(opt), val,
					     async ? "async" : "inline", got, want);
				got = uring_get(ring, fd, opt, async);
				if (got != want)
					FAIL("[%s] GETSOCKOPT %s (%s) after set %d: %d, expected %d",
					     what, optname_str(opt),
					     async ? "async" : "inline", val, got, want);

				/* set by syscall, read through io_uring */
				if (opt == SO_REUSEADDR)
					val = !val;
				else
					val += 4096;
				if (setsockopt(fd, SOL_SOCKET, opt, &val, sizeof(val)))
					FAIL("setsockopt: %s", strerror(errno));
				want = SOCKOPT_INT(fd, SOL_SOCKET, opt);
				got = uring_get(ring, fd, opt, async);
				if (got != want)
					FAIL("[%s] GETSOCKOPT %s (%s) after setsockopt(2) %d: %d, expected %d",
					     what, optname_str(opt),
					     async ? "async" : "inline", val, got, want);
			}
			close(fd);
			close(ref);
		}
	}
}

int main(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	struct io_uring_probe *probe;
	struct io_uring ring;
	int ret;

	t_init();
	ret = io_uring_queue_init(8, &ring, 0);
	CHECK_EQ(ret, 0);
	probe = io_uring_get_probe_ring(&ring);
	if (!probe)
		FAIL("io_uring_get_probe_ring returned NULL");
	if (!io_uring_opcode_supported(probe, IORING_OP_URING_CMD)) {
		io_uring_free_probe(probe);
		t_skip("kernel does not support IORING_OP_URING_CMD");
	}
	io_uring_free_probe(probe);
	probe_kernel(&ring);

	test_ring(&ring, "default ring");
	io_uring_queue_exit(&ring);

	if (T_INIT_PARAMS(8, &ring, &p, "DEFER_TASKRUN ring")) {
		t_skip_part("DEFER_TASKRUN ring not supported (-EINVAL)");
	} else {
		test_ring(&ring, "DEFER_TASKRUN ring");
		io_uring_queue_exit(&ring);
	}
	return T_PASS;
}
