/* SPDX-License-Identifier: MIT */
/*
 * Socket commands through io_uring_prep_cmd_sock and
 * io_uring_prep_cmd_getsockname: SOCKET_URING_OP_SIOCINQ / SIOCOUTQ give
 * what ioctl(2) gives (bytes queued on TCP, first datagram's size on UDP,
 * the kernel's error on a listening socket), GETSOCKNAME gives what
 * getsockname(2) / getpeername(2) give (peer selected by the last
 * argument); a command on something that is not a socket fails.  Also
 * io_uring_prep_nop128 on a 128-byte-SQE ring when the kernel has it.
 */
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include "test.h"

static int run1(struct io_uring *ring)
{
	return RUN_ONE(ring, 0xc5, 3000, NULL);
}

static int sock_cmd(struct io_uring *ring, int op, int fd)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_cmd_sock(sqe, op, fd, 0, 0, NULL, 0);
	sqe->user_data = 0xc5;
	return run1(ring);
}

static int sys_ioctl(int fd, unsigned long req)
{
	int val = -1;

	if (ioctl(fd, req, &val))
		return -errno;
	return val;
}

static int getname(struct io_uring *ring, int fd, struct sockaddr_in *a,
		   socklen_t *len, int peer)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_cmd_getsockname(sqe, fd, (struct sockaddr *) a, len, peer);
	sqe->user_data = 0xc5;
	return run1(ring);
}

static void test_getsockname(struct io_uring *ring, int lfd, int cfd, int sfd)
{
	struct sockaddr_in a, b;
	socklen_t alen, blen;
	int ret;

	memset(&a, 0xee, sizeof(a));
	alen = sizeof(a);
	ret = getname(ring, cfd, &a, &alen, 0);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		t_skip_part("kernel lacks SOCKET_URING_OP_GETSOCKNAME (%d)", ret);
		return;
	}
	CHECK_EQ(ret, 0);
	blen = sizeof(b);
	CHECK_EQ(getsockname(cfd, (struct sockaddr *) &b, &blen), 0);
	CHECK_EQ(alen, blen);
	CHECK(!memcmp(&a, &b, blen));

	/* peer = 1: the other end's address, which is sfd's own */
	memset(&a, 0xee, sizeof(a));
	alen = sizeof(a);
	CHECK_EQ(getname(ring, cfd, &a, &alen, 1), 0);
	blen = sizeof(b);
	CHECK_EQ(getsockname(sfd, (struct sockaddr *) &b, &blen), 0);
	CHECK_EQ(alen, sizeof(struct sockaddr_in));
	CHECK_EQ(a.sin_port, b.sin_port);
	CHECK_EQ(a.sin_addr.s_addr, b.sin_addr.s_addr);

	/* server side: its peer is the client */
	memset(&a, 0xee, sizeof(a));
	alen = sizeof(a);
	CHECK_EQ(getname(ring, sfd, &a, &alen, 1), 0);
	blen = sizeof(b);
	CHECK_EQ(getsockname(cfd, (struct sockaddr *) &b, &blen), 0);
	CHECK_EQ(a.sin_port, b.sin_port);

	/* a listener has no peer */
	alen = sizeof(a);
	CHECK_EQ(getname(ring, lfd, &a, &alen, 1), -ENOTCONN);
}

static void test_nop128(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	int ret;

	ret = io_uring_queue_init(4, &ring, IORING_SETUP_SQE128);
	if (ret) {
		t_skip_part("no IORING_SETUP_SQE128 ring (%d): nop128 unchecked", ret);
		return;
	}
	if (!t_op_supported(&ring, IORING_OP_NOP128)) {
		t_skip_part("kernel lacks IORING_OP_NOP128");
	} else {
		sqe = GET_SQE(&ring);
		memset(sqe, 0xa5, 128);
		io_uring_initialize_sqe(sqe);
		io_uring_prep_nop128(sqe);
		sqe->user_data = 0xc5;
		CHECK_EQ(run1(&ring), 0);
	}
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	struct sockaddr_in addr, ua;
	char buf[256];
	int ret, lfd, cfd, sfd, ufa, ufb, pfd[2];

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);

	lfd = LOOPBACK_SOCKET(SOCK_STREAM, &addr, 1);
	TCP_ACCEPT_PAIR(lfd, &addr, &cfd, &sfd);

	ret = sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, sfd);
	if (ret == -EOPNOTSUPP || ret == -EINVAL)
		t_skip("kernel lacks socket uring_cmd SIOCINQ (%d)", ret);
	CHECK_EQ(ret, 0);

	/* bytes waiting on the receiver, as ioctl(SIOCINQ) says */
	memset(buf, 'q', sizeof(buf));
	CHECK_EQ(send(cfd, buf, 123, 0), 123);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, sfd), 123);
	CHECK_EQ(sys_ioctl(sfd, SIOCINQ), 123);
	CHECK_EQ(recv(sfd, buf, 23, 0), 23);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, sfd), 100);
	/* the sender's unsent/unacked queue matches ioctl(SIOCOUTQ) */
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCOUTQ, cfd),
		 sys_ioctl(cfd, SIOCOUTQ));
	/* a listening TCP socket: the kernel's -EINVAL, as for ioctl */
	CHECK_EQ(sys_ioctl(lfd, SIOCINQ), -EINVAL);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, lfd), -EINVAL);

	/* UDP: SIOCINQ is the size of the first queued datagram */
	ufa = LOOPBACK_SOCKET(SOCK_DGRAM, &ua, 0);
	ufb = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(ufb >= 0);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, ufa), 0);
	CHECK_EQ(sendto(ufb, buf, 10, 0, (struct sockaddr *) &ua, sizeof(ua)), 10);
	CHECK_EQ(sendto(ufb, buf, 20, 0, (struct sockaddr *) &ua, sizeof(ua)), 20);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, ufa), 10);
	CHECK_EQ(sys_ioctl(ufa, SIOCINQ), 10);
	CHECK_EQ(sock_cmd(&ring, SOCKET_URING_OP_SIOCOUTQ, ufb),
		 sys_ioctl(ufb, SIOCOUTQ));

	/* not a socket */
	CHECK_EQ(pipe(pfd), 0);
	ret = sock_cmd(&ring, SOCKET_URING_OP_SIOCINQ, pfd[0]);
	CHECK(ret == -EOPNOTSUPP || ret == -ENOTSOCK || ret == -EINVAL);
	/* an unknown socket command */
	ret = sock_cmd(&ring, 0x7777, sfd);
	CHECK(ret == -EOPNOTSUPP || ret == -EINVAL);

	test_getsockname(&ring, lfd, cfd, sfd);
	test_nop128();

	close(pfd[0]);
	close(pfd[1]);
	close(ufa);
	close(ufb);
	close(cfd);
	close(sfd);
	close(lfd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
