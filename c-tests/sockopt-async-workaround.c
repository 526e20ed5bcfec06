/* SPDX-License-Identifier: MIT */
/*
 * The library's work-around for kernels (6.7 to 6.10) that never complete a
 * socket getsockopt/setsockopt uring_cmd forced async with IOSQE_ASYNC: on
 * such kernels IOSQE_ASYNC is cleared from those two commands at submission,
 * and from nothing else. URING_SOCKOPT_ASYNC_WORKAROUND forces it on or off,
 * so both sides are checked on any kernel.
 */
#include <sys/socket.h>
#include "test.h"

/*
 * Submit GETSOCKOPT(SO_RCVBUF) and a NOP, both with IOSQE_ASYNC, and return
 * the flags the two SQEs carried when the kernel read them (read back from the
 * SQ array after submission: a non-SQPOLL ring is consumed inside the call).
 */
static void submit_pair(const char *mode, int fd, __u8 *cmd_flags, __u8 *nop_flags)
{
	struct io_uring ring;
	struct io_uring_sqe *cmd, *nop;
	struct io_uring_cqe *cqe;
	int val = -1, i;

	CHECK_EQ(setenv("URING_SOCKOPT_ASYNC_WORKAROUND", mode, 1), 0);
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	cmd = GET_SQE(&ring);
	io_uring_prep_cmd_sock(cmd, SOCKET_URING_OP_GETSOCKOPT, fd, SOL_SOCKET,
			       SO_RCVBUF, &val, sizeof(val));
	cmd->flags |= IOSQE_ASYNC;
	cmd->user_data = 1;
	nop = GET_SQE(&ring);
	io_uring_prep_nop(nop);
	nop->flags |= IOSQE_ASYNC;
	nop->user_data = 2;
	CHECK_EQ(io_uring_submit(&ring), 2);
	*cmd_flags = cmd->flags;
	*nop_flags = nop->flags;

	/* On this kernel both complete either way; each wait is bounded. */
	for (i = 0; i < 2; i++) {
		WAIT_CQE(&ring, &cqe, 2000);
		if (cqe->user_data == 1) {
			if (cqe->res == -EOPNOTSUPP || cqe->res == -EINVAL)
				t_skip("kernel lacks socket uring_cmd getsockopt (%d)", cqe->res);
			CHECK(cqe->res >= 0);
		}
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
}

int main(void)
{
	__u8 cmd_flags, nop_flags;
	int fd;

	t_init();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0);

	submit_pair("1", fd, &cmd_flags, &nop_flags);
	CHECK_EQ(cmd_flags & IOSQE_ASYNC, 0);
	CHECK_EQ(nop_flags & IOSQE_ASYNC, IOSQE_ASYNC);

	submit_pair("0", fd, &cmd_flags, &nop_flags);
	CHECK_EQ(cmd_flags & IOSQE_ASYNC, IOSQE_ASYNC);
	CHECK_EQ(nop_flags & IOSQE_ASYNC, IOSQE_ASYNC);

	close(fd);
	return T_PASS;
}
