/* SPDX-License-Identifier: MIT */
/*
 * Multishot accept: one SQE, one CQE per incoming connection with
 * IORING_CQE_F_MORE while the request stays armed; each CQE's fd is a
 * distinct socket connected to one of the clients (checked by sending a
 * client-specific byte through it), the peer addresses are written, and a
 * cancel ends it with a final CQE without F_MORE.  Then the same with
 * multishot_accept_direct: each CQE's res is a newly allocated fixed-file slot.
 */
#include <fcntl.h>
#include "test.h"

#define NR_CLIENTS 5
#define UD_ACCEPT 0xacce
#define UD_CANCEL 0xca

static void test_plain(struct io_uring *ring)
{
	struct sockaddr_in addr, peer, caddr;
	socklen_t peerlen = sizeof(peer), clen;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int lfd, cfd[NR_CLIENTS], afd[NR_CLIENTS], i, j;
	unsigned short ports[NR_CLIENTS];

	lfd = LOOPBACK_SOCKET(SOCK_STREAM, &addr, NR_CLIENTS * 2);
	sqe = GET_SQE(ring);
	io_uring_prep_multishot_accept(sqe, lfd, (struct sockaddr *) &peer,
				       &peerlen, SOCK_CLOEXEC);
	sqe->user_data = UD_ACCEPT;
	CHECK_EQ(io_uring_submit(ring), 1);

	for (i = 0; i < NR_CLIENTS; i++) {
		cfd[i] = TCP_CONNECT(&addr);
		clen = sizeof(caddr);
		CHECK_EQ(getsockname(cfd[i], (struct sockaddr *) &caddr, &clen), 0);
		ports[i] = caddr.sin_port;

		/* one CQE per connection, armed further */
		WAIT_CQE(ring, &cqe, 3000);
		CHECK_EQ(cqe->user_data, UD_ACCEPT);
		if (i == 0 && cqe->res == -EINVAL && !(cqe->flags & IORING_CQE_F_MORE))
			t_skip("kernel lacks multishot accept (-EINVAL)");
		if (cqe->res < 0)
			FAIL("multishot accept #%d: %d (%s)", i, cqe->res,
			     strerror(-cqe->res));
		if (!(cqe->flags & IORING_CQE_F_MORE))
			FAIL("multishot accept #%d: IORING_CQE_F_MORE not set (flags %#x)",
			     i, cqe->flags);
		afd[i] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		/* the peer address of the latest connection */
		CHECK_EQ(peer.sin_family, AF_INET);
		CHECK_EQ(peer.sin_port, ports[i]);
		CHECK(fcntl(afd[i], F_GETFD) & FD_CLOEXEC);
		for (j = 0; j < i; j++)
			CHECK(afd[j] != afd[i]);
	}
	/* each accepted fd talks to its own client */
	for (i = 0; i < NR_CLIENTS; i++) {
		char c = (char) ('A' + i), got = 0;

		CHECK_EQ(send(cfd[i], &c, 1, 0), 1);
		CHECK_EQ(recv(afd[i], &got, 1, 0), 1);
		CHECK_EQ(got, c);
	}
	CANCEL_MULTISHOT(ring, UD_ACCEPT, UD_CANCEL);
	for (i = 0; i < NR_CLIENTS; i++) {
		close(cfd[i]);
		close(afd[i]);
	}
	close(lfd);
}

static void test_direct(struct io_uring *ring)
{
	struct sockaddr_in addr;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int lfd, cfd[NR_CLIENTS], slot[NR_CLIENTS], i, j, ret;

	ret = io_uring_register_files_sparse(ring, NR_CLIENTS + 2);
	if (ret)
		FAIL("register_files_sparse: %d", ret);
	lfd = LOOPBACK_SOCKET(SOCK_STREAM, &addr, NR_CLIENTS * 2);
	sqe = GET_SQE(ring);
	io_uring_prep_multishot_accept_direct(sqe, lfd, NULL, NULL, 0);
	sqe->user_data = UD_ACCEPT;
	CHECK_EQ(io_uring_submit(ring), 1);

	for (i = 0; i < NR_CLIENTS; i++) {
		cfd[i] = TCP_CONNECT(&addr);
		WAIT_CQE(ring, &cqe, 3000);
		CHECK_EQ(cqe->user_data, UD_ACCEPT);
		if (cqe->res < 0)
			FAIL("multishot accept direct #%d: %d (%s)", i, cqe->res,
			     strerror(-cqe->res));
		CHECK(cqe->flags & IORING_CQE_F_MORE);
		slot[i] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		CHECK(slot[i] < NR_CLIENTS + 2);
		for (j = 0; j < i; j++)
			CHECK(slot[j] != slot[i]);
	}
	/* each slot is the server side of its client's connection */
	for (i = 0; i < NR_CLIENTS; i++) {
		char c = (char) ('a' + i), got = 0;

		sqe = GET_SQE(ring);
		io_uring_prep_send(sqe, slot[i], &c, 1, 0);
		sqe->flags |= IOSQE_FIXED_FILE;
		sqe->user_data = 7;
		CHECK_EQ(io_uring_submit(ring), 1);
		WAIT_CQE(ring, &cqe, 3000);
		CHECK_EQ(cqe->user_data, 7);
		CHECK_EQ(cqe->res, 1);
		io_uring_cqe_seen(ring, cqe);
		CHECK_EQ(recv(cfd[i], &got, 1, MSG_DONTWAIT), 1);
		CHECK_EQ(got, c);
	}
	CANCEL_MULTISHOT(ring, UD_ACCEPT, UD_CANCEL);
	for (i = 0; i < NR_CLIENTS; i++)
		close(cfd[i]);
	close(lfd);
	CHECK_EQ(io_uring_unregister_files(ring), 0);
}

int main(void)
{
	struct io_uring ring;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	test_plain(&ring);
	test_direct(&ring);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
