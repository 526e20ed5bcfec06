/* SPDX-License-Identifier: MIT */
/*
 * getsockopt / setsockopt through IORING_OP_URING_CMD from a program built
 * against the old header, which has neither io_uring_prep_cmd_sock nor the
 * SOCKET_URING_OP_* values nor the level/optname/optlen/optval SQE fields.
 * The SQE is filled here byte by byte as liburing 2.15's
 * io_uring_prep_cmd_sock fills it (after 2.15's io_uring_get_sqe zeroes the
 * fields it initialises):
 *   opcode = IORING_OP_URING_CMD, fd, cmd_op (offset 8), __pad1 = 0,
 *   addr = 0, len = 0, level (16, u32), optname (20, u32),
 *   optlen (44, u32), optval (48, u64)
 * and submitted through the library, with and without IOSQE_ASYNC, each
 * wait bounded.  Results are compared with getsockopt(2)/setsockopt(2).
 * Against our library, which exports io_uring_prep_cmd_sock as a function,
 * its SQE bytes are also compared with this fill.
 */
#include "compat.h"
#include <netinet/in.h>
#include <sys/socket.h>

#ifndef SOCKET_URING_OP_GETSOCKOPT
#define SOCKET_URING_OP_GETSOCKOPT 2
#define SOCKET_URING_OP_SETSOCKOPT 3
#endif

#define SQE_OFF_LEVEL	16
#define SQE_OFF_OPTNAME	20
#define SQE_OFF_OPTLEN	44
#define SQE_OFF_OPTVAL	48

static void put32(struct io_uring_sqe *sqe, size_t off, __u32 v)
{
	memcpy((char *) sqe + off, &v, sizeof(v));
}

static void put64(struct io_uring_sqe *sqe, size_t off, __u64 v)
{
	memcpy((char *) sqe + off, &v, sizeof(v));
}

/* What liburing 2.15's io_uring_get_sqe + io_uring_prep_cmd_sock write. */
static void fill_cmd_sock(struct io_uring_sqe *sqe, int cmd_op, int fd,
			  int level, int optname, void *optval, int optlen)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	sqe->__pad1 = 0;
	sqe->addr = 0;
	sqe->len = 0;
	put64(sqe, SQE_OFF_OPTVAL, (__u64) (uintptr_t) optval);
	put32(sqe, SQE_OFF_OPTNAME, (__u32) optname);
	put32(sqe, SQE_OFF_OPTLEN, (__u32) optlen);
	put32(sqe, SQE_OFF_LEVEL, (__u32) level);
}

static int cmd_sock(struct io_uring *ring, int cmd_op, int fd, int level,
		    int optname, void *optval, int optlen, int async, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	fill_cmd_sock(sqe, cmd_op, fd, level, optname, optval, optlen);
	if (async)
		io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
	/* a hang (seen on some kernels with IOSQE_ASYNC) is a failure */
	return SUBMIT_ONE(ring, sqe, ud, 3000);
}

typedef void (*prep_cmd_sock_fn)(struct io_uring_sqe *, int, int, int, int,
				 void *, int);

/* Our library exports the 2.15 inline helper: it must write the same bytes. */
static void compare_with_exported_helper(void)
{
	prep_cmd_sock_fn fn;
	struct io_uring_sqe a, b;
	int val = 0;

	fn = (prep_cmd_sock_fn) dlsym(RTLD_DEFAULT, "io_uring_prep_cmd_sock");
	if (!abi_is_ours())
		return;	/* liburing 2.3 has no such symbol */
	if (!fn)
		FAIL("our liburing.so.2 does not export io_uring_prep_cmd_sock");
	for (int op = SOCKET_URING_OP_GETSOCKOPT; op <= SOCKET_URING_OP_SETSOCKOPT; op++) {
		fill_cmd_sock(&a, op, 42, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val));
		memset(&b, 0, sizeof(b));
		fn(&b, op, 42, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val));
		for (size_t i = 0; i < sizeof(a); i++)
			if (((unsigned char *) &a)[i] != ((unsigned char *) &b)[i])
				FAIL("io_uring_prep_cmd_sock(op %d) byte %zu: 2.15 layout 0x%02x, ours 0x%02x",
				     op, i, ((unsigned char *) &a)[i], ((unsigned char *) &b)[i]);
	}
}

int main(void)
{
	struct io_uring ring;
	int s, ref, async, ret, val;
	socklen_t len;
	__u64 ud = 0xc000;

	abi_init();
	compare_with_exported_helper();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	s = socket(AF_INET, SOCK_STREAM, 0);
	ref = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(s >= 0 && ref >= 0);

	/* probe: does this kernel know socket getsockopt commands? */
	val = -1;
	ret = cmd_sock(&ring, SOCKET_URING_OP_GETSOCKOPT, s, SOL_SOCKET,
		       SO_RCVBUF, &val, sizeof(val), 0, ud++);
	if (ret == -EOPNOTSUPP || ret == -EINVAL)
		a_skip("kernel without SOCKET_URING_OP_GETSOCKOPT (%d)", ret);

	for (async = 0; async <= 1; async++) {
		static const int opts[] = { SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE };
		unsigned k;

		for (k = 0; k < 3; k++) {
			int opt = opts[k], want, newval, got;

			/* get: result is optlen; value matches getsockopt(2) */
			val = -1;
			ret = cmd_sock(&ring, SOCKET_URING_OP_GETSOCKOPT, s, SOL_SOCKET,
				       opt, &val, sizeof(val), async, ud++);
			CHECK_EQ(ret, sizeof(int));
			len = sizeof(want);
			CHECK(getsockopt(s, SOL_SOCKET, opt, &want, &len) == 0);
			if (val != want)
				FAIL("async %d opt %d: uring getsockopt %d, getsockopt(2) %d",
				     async, opt, val, want);

			/* set: same effect as setsockopt(2) on a twin socket */
			newval = opt == SO_KEEPALIVE ? !want : 32768 + 4096 * (int) k + 8192 * async;
			ret = cmd_sock(&ring, SOCKET_URING_OP_SETSOCKOPT, s, SOL_SOCKET,
				       opt, &newval, sizeof(newval), async, ud++);
			CHECK_EQ(ret, 0);
			CHECK(setsockopt(ref, SOL_SOCKET, opt, &newval, sizeof(newval)) == 0);
			len = sizeof(got);
			CHECK(getsockopt(s, SOL_SOCKET, opt, &got, &len) == 0);
			len = sizeof(want);
			CHECK(getsockopt(ref, SOL_SOCKET, opt, &want, &len) == 0);
			if (got != want)
				FAIL("async %d opt %d: after uring setsockopt(%d) getsockopt(2) says %d, "
				     "setsockopt(2) gives %d", async, opt, newval, got, want);
			CHECK(got != -1);

			/* and the uring get sees the new value */
			val = -1;
			ret = cmd_sock(&ring, SOCKET_URING_OP_GETSOCKOPT, s, SOL_SOCKET,
				       opt, &val, sizeof(val), async, ud++);
			CHECK_EQ(ret, sizeof(int));
			CHECK_EQ(val, got);
		}
	}

	close(s);
	close(ref);
	io_uring_queue_exit(&ring);
	return A_PASS;
}
