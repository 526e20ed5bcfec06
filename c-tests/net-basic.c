/* SPDX-License-Identifier: MIT */
/*
 * The socket life cycle through io_uring over loopback: socket (TCP, UDP,
 * unix; type flags such as SOCK_CLOEXEC honoured), bind, listen, connect,
 * accept (peer address and accept4 flags), send/recv with the data
 * compared (MSG_PEEK passed through), sendto on UDP, shutdown (the peer
 * sees EOF, the other direction still works) and errors from the kernel
 * passed back unchanged.  Every wait is bounded.
 */
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include "test.h"

#define NR_UD 16

struct result {
	int res;
	unsigned flags;
	int seen;
};

/* Submit what is queued and reap exactly @n CQEs; user_data indexes @r. */
static void submit_reap(struct io_uring *ring, int n, struct result *r)
{
	int ret, i;

	ret = io_uring_submit(ring);
	if (ret != n)
		FAIL("io_uring_submit returned %d, expected %d", ret, n);
	for (i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;

		WAIT_CQE(ring, &cqe, 3000);
		if (cqe->user_data >= NR_UD)
			FAIL("unexpected user_data %llu",
			     (unsigned long long) cqe->user_data);
		r[cqe->user_data].res = cqe->res;
		r[cqe->user_data].flags = cqe->flags;
		r[cqe->user_data].seen++;
		io_uring_cqe_seen(ring, cqe);
	}
}

/* One request, prepared by the caller on the SQE it got with user_data 0. */
static int run1(struct io_uring *ring)
{
	return RUN_ONE(ring, 0, 3000, NULL);
}

static int uring_socket(struct io_uring *ring, int domain, int type, int proto)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	int fd;

	io_uring_prep_socket(sqe, domain, type, proto, 0);
	sqe->user_data = 0;
	fd = run1(ring);
	if (fd < 0)
		FAIL("IORING_OP_SOCKET(%d, %#x, %d): %d (%s)", domain, type,
		     proto, fd, strerror(-fd));
	return fd;
}

static void recv_all(struct io_uring *ring, int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct io_uring_sqe *sqe = GET_SQE(ring);
		int res;

		io_uring_prep_recv(sqe, fd, buf + got, len - got, 0);
		sqe->user_data = 0;
		res = run1(ring);
		if (res <= 0)
			FAIL("recv after %zu of %zu bytes: %d", got, len, res);
		got += res;
	}
}

static void test_tcp(struct io_uring *ring, int have_bind_listen)
{
	struct sockaddr_in addr = { 0 }, peer, caddr;
	socklen_t peerlen, alen;
	struct io_uring_sqe *sqe;
	struct result r[NR_UD] = { 0 };
	char sbuf[3000], rbuf[3000], peek[64];
	int lfd, cfd, afd, afd2, cfd2, res, i;

	/* SOCK_CLOEXEC travels in the type (the SQE's off): it must stick. */
	lfd = uring_socket(ring, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK_EQ(SOCKOPT_INT(lfd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(SOCKOPT_INT(lfd, SOL_SOCKET, SO_DOMAIN), AF_INET);
	CHECK_EQ(SOCKOPT_INT(lfd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	CHECK(fcntl(lfd, F_GETFD) & FD_CLOEXEC);

	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (have_bind_listen) {
		sqe = GET_SQE(ring);
		io_uring_prep_bind(sqe, lfd, (struct sockaddr *) &addr, sizeof(addr));
		sqe->user_data = 0;
		CHECK_EQ(run1(ring), 0);
		sqe = GET_SQE(ring);
		io_uring_prep_listen(sqe, lfd, 8);
		sqe->user_data = 0;
		CHECK_EQ(run1(ring), 0);
	} else {
		CHECK_EQ(bind(lfd, (struct sockaddr *) &addr, sizeof(addr)), 0);
		CHECK_EQ(listen(lfd, 8), 0);
	}
	CHECK_EQ(SOCKOPT_INT(lfd, SOL_SOCKET, SO_ACCEPTCONN), 1);
	alen = sizeof(addr);
	CHECK_EQ(getsockname(lfd, (struct sockaddr *) &addr, &alen), 0);
	CHECK(addr.sin_port != 0);
	CHECK_EQ(ntohl(addr.sin_addr.s_addr), INADDR_LOOPBACK);

	/* Binding again (already bound) must come back as the kernel's -EINVAL. */
	if (have_bind_listen) {
		sqe = GET_SQE(ring);
		io_uring_prep_bind(sqe, lfd, (struct sockaddr *) &addr, sizeof(addr));
		sqe->user_data = 0;
		CHECK_EQ(run1(ring), -EINVAL);
	}

	/* connect and accept in flight together */
	cfd = uring_socket(ring, AF_INET, SOCK_STREAM, 0);
	CHECK(!(fcntl(cfd, F_GETFD) & FD_CLOEXEC));
	memset(&peer, 0xaa, sizeof(peer));
	peerlen = sizeof(peer) + 100;	/* the kernel writes the real length */
	sqe = GET_SQE(ring);
	io_uring_prep_accept(sqe, lfd, (struct sockaddr *) &peer, &peerlen, 0);
	sqe->user_data = 1;
	sqe = GET_SQE(ring);
	io_uring_prep_connect(sqe, cfd, (struct sockaddr *) &addr, sizeof(addr));
	sqe->user_data = 2;
	submit_reap(ring, 2, r);
	CHECK_EQ(r[1].seen, 1);
	CHECK_EQ(r[2].seen, 1);
	CHECK_EQ(r[2].res, 0);
	afd = r[1].res;
	if (afd < 0)
		FAIL("accept: %d (%s)", afd, strerror(-afd));
	CHECK_EQ(peerlen, sizeof(struct sockaddr_in));
	CHECK_EQ(peer.sin_family, AF_INET);
	CHECK_EQ(ntohl(peer.sin_addr.s_addr), INADDR_LOOPBACK);
	alen = sizeof(caddr);
	CHECK_EQ(getsockname(cfd, (struct sockaddr *) &caddr, &alen), 0);
	CHECK_EQ(peer.sin_port, caddr.sin_port);
	CHECK(!(fcntl(afd, F_GETFL) & O_NONBLOCK));

	/* send 3000 bytes, peek the start, then receive them all */
	for (i = 0; i < (int) sizeof(sbuf); i++)
		sbuf[i] = (char) (i * 7 + 3);
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, cfd, sbuf, sizeof(sbuf), MSG_NOSIGNAL);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), sizeof(sbuf));
	sqe = GET_SQE(ring);
	io_uring_prep_recv(sqe, afd, peek, sizeof(peek), MSG_PEEK | MSG_WAITALL);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), sizeof(peek));
	CHECK(!memcmp(peek, sbuf, sizeof(peek)));
	memset(rbuf, 0, sizeof(rbuf));
	recv_all(ring, afd, rbuf, sizeof(rbuf));	/* starts at byte 0 again */
	CHECK(!memcmp(rbuf, sbuf, sizeof(sbuf)));

	/* shutdown(SHUT_WR) on the client: the server reads EOF ... */
	sqe = GET_SQE(ring);
	io_uring_prep_shutdown(sqe, cfd, SHUT_WR);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 0);
	sqe = GET_SQE(ring);
	io_uring_prep_recv(sqe, afd, rbuf, sizeof(rbuf), 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 0);
	/* ... the client can no longer send ... */
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, cfd, sbuf, 10, MSG_NOSIGNAL);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), -EPIPE);
	/* ... and the other direction still works */
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, afd, "back", 4, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 4);
	memset(rbuf, 0, 8);
	recv_all(ring, cfd, rbuf, 4);
	CHECK(!memcmp(rbuf, "back", 4));

	/* shutdown of something that is not a socket, and of a bad how */
	sqe = GET_SQE(ring);
	io_uring_prep_shutdown(sqe, STDIN_FILENO, SHUT_RDWR);
	sqe->user_data = 0;
	res = run1(ring);
	CHECK(res == -ENOTSOCK || res == -EBADF);
	sqe = GET_SQE(ring);
	io_uring_prep_shutdown(sqe, afd, 7);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), -EINVAL);

	/* accept4 flags: SOCK_NONBLOCK | SOCK_CLOEXEC on the accepted socket */
	cfd2 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(cfd2 >= 0);
	CHECK_EQ(connect(cfd2, (struct sockaddr *) &addr, sizeof(addr)), 0);
	sqe = GET_SQE(ring);
	io_uring_prep_accept(sqe, lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	sqe->user_data = 0;
	afd2 = run1(ring);
	if (afd2 < 0)
		FAIL("accept4 flags: %d", afd2);
	CHECK(fcntl(afd2, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(afd2, F_GETFD) & FD_CLOEXEC);
	/* nonblocking accepted socket, nothing to read: recv waits (poll) */
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, cfd2, "x", 1, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 1);
	recv_all(ring, afd2, rbuf, 1);
	CHECK_EQ(rbuf[0], 'x');

	/* connect to a port nobody listens on (the listener, closed) */
	close(lfd);
	cfd = uring_socket(ring, AF_INET, SOCK_STREAM, 0);
	sqe = GET_SQE(ring);
	io_uring_prep_connect(sqe, cfd, (struct sockaddr *) &addr, sizeof(addr));
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), -ECONNREFUSED);
	close(cfd);

	close(afd);
	close(afd2);
	close(cfd2);
}

static void test_udp(struct io_uring *ring, int have_bind_listen)
{
	struct sockaddr_in a = { 0 }, b = { 0 };
	socklen_t len = sizeof(a);
	struct io_uring_sqe *sqe;
	char buf[64];
	int fa, fb;

	fa = uring_socket(ring, AF_INET, SOCK_DGRAM, 0);
	fb = uring_socket(ring, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	CHECK_EQ(SOCKOPT_INT(fa, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
	CHECK_EQ(SOCKOPT_INT(fb, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	b = a;
	if (have_bind_listen) {
		sqe = GET_SQE(ring);
		io_uring_prep_bind(sqe, fa, (struct sockaddr *) &a, sizeof(a));
		sqe->user_data = 0;
		CHECK_EQ(run1(ring), 0);
		/* a too short address length is the kernel's -EINVAL */
		sqe = GET_SQE(ring);
		io_uring_prep_bind(sqe, fb, (struct sockaddr *) &b, 4);
		sqe->user_data = 0;
		CHECK_EQ(run1(ring), -EINVAL);
	} else {
		CHECK_EQ(bind(fa, (struct sockaddr *) &a, sizeof(a)), 0);
	}
	CHECK_EQ(getsockname(fa, (struct sockaddr *) &a, &len), 0);
	CHECK(a.sin_port != 0);

	/* sendto: the destination comes from the SQE (addr2/addr_len) */
	sqe = GET_SQE(ring);
	io_uring_prep_sendto(sqe, fb, "datagram-1", 10, 0,
			     (struct sockaddr *) &a, sizeof(a));
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 10);
	memset(buf, 0, sizeof(buf));
	sqe = GET_SQE(ring);
	io_uring_prep_recv(sqe, fa, buf, sizeof(buf), 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 10);
	CHECK(!memcmp(buf, "datagram-1", 10));

	/* send without an address on an unconnected UDP socket fails ... */
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, fb, "x", 1, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), -EDESTADDRREQ);
	/* ... and works once connected via io_uring */
	sqe = GET_SQE(ring);
	io_uring_prep_connect(sqe, fb, (struct sockaddr *) &a, sizeof(a));
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 0);
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, fb, "datagram-22", 11, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 11);
	/* MSG_TRUNC: a short buffer, the datagram's real length comes back */
	memset(buf, 0, sizeof(buf));
	sqe = GET_SQE(ring);
	io_uring_prep_recv(sqe, fa, buf, 4, MSG_TRUNC);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 11);
	CHECK(!memcmp(buf, "data", 4));
	CHECK_EQ(buf[4], 0);
	close(fa);
	close(fb);
}

static void test_unix(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	char buf[32];
	int sv[2], fd;

	fd = uring_socket(ring, AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_TYPE), SOCK_SEQPACKET);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_DOMAIN), AF_UNIX);
	close(fd);

	/* an unsupported combination is the kernel's error, not ours */
	sqe = GET_SQE(ring);
	io_uring_prep_socket(sqe, AF_UNIX, SOCK_STREAM, IPPROTO_TCP, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), -EPROTONOSUPPORT);

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	sqe = GET_SQE(ring);
	io_uring_prep_send(sqe, sv[0], "unix stream", 11, 0);
	sqe->user_data = 0;
	CHECK_EQ(run1(ring), 11);
	memset(buf, 0, sizeof(buf));
	recv_all(ring, sv[1], buf, 11);
	CHECK(!memcmp(buf, "unix stream", 11));
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	struct io_uring ring;
	int have_bind_listen;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	if (!t_op_supported(&ring, IORING_OP_SOCKET))
		t_skip("kernel lacks IORING_OP_SOCKET (or cannot be probed)");
	have_bind_listen = t_op_supported(&ring, IORING_OP_BIND) &&
			   t_op_supported(&ring, IORING_OP_LISTEN);
	if (!have_bind_listen)
		t_skip_part("kernel lacks IORING_OP_BIND/LISTEN: bind/listen by syscall");

	test_tcp(&ring, have_bind_listen);
	test_udp(&ring, have_bind_listen);
	test_unix(&ring);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
