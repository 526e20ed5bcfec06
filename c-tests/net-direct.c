/* SPDX-License-Identifier: MIT */
/*
 * Direct (fixed-file) sockets: io_uring_prep_socket_direct into a chosen
 * slot, socket_direct_alloc and accept_direct with IORING_FILE_INDEX_ALLOC
 * (the kernel picks a free slot and returns it), accept_direct into a chosen
 * slot, bind/listen/send/recv on fixed files, and the kernel's errors for a
 * slot outside the table or a table that does not exist.  Each slot is
 * checked by installing it as a normal fd (IORING_OP_FIXED_FD_INSTALL) and
 * asking the socket what it is.
 */
#include <fcntl.h>
#include "test.h"

#define NR_SLOTS 8

static int run1(struct io_uring *ring, struct io_uring_sqe *sqe, int fixed)
{
	if (fixed)
		sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 0x5151;
	return RUN_ONE(ring, 0x5151, 3000, NULL);
}

/* A normal fd for fixed slot @slot (fails the test if the slot is empty). */
static int install(struct io_uring *ring, int slot)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	int fd;

	io_uring_prep_fixed_fd_install(sqe, slot, 0);
	fd = run1(ring, sqe, 0);
	if (fd < 0)
		FAIL("fixed_fd_install of slot %d: %d (%s)", slot, fd, strerror(-fd));
	return fd;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct sockaddr_in addr = { 0 }, peer;
	socklen_t alen, peerlen;
	char buf[64];
	int ret, fd, slot_a, slot_b, cfd, cfd2, have_bind;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	if (!t_op_supported(&ring, IORING_OP_SOCKET))
		t_skip("kernel lacks IORING_OP_SOCKET (or cannot be probed)");
	if (!t_op_supported(&ring, IORING_OP_FIXED_FD_INSTALL))
		t_skip("kernel lacks IORING_OP_FIXED_FD_INSTALL");
	have_bind = t_op_supported(&ring, IORING_OP_BIND) &&
		    t_op_supported(&ring, IORING_OP_LISTEN);

	/* no file table yet: a direct socket has nowhere to go */
	sqe = GET_SQE(&ring);
	io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, 0, 0);
	ret = run1(&ring, sqe, 0);
	CHECK(ret == -ENXIO || ret == -EINVAL);

	CHECK_EQ(io_uring_register_files_sparse(&ring, NR_SLOTS), 0);

	/* socket_direct into slot 3: res 0, the slot holds a TCP socket */
	sqe = GET_SQE(&ring);
	io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, 3, 0);
	CHECK_EQ(run1(&ring, sqe, 0), 0);
	fd = install(&ring, 3);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_DOMAIN), AF_INET);
	close(fd);

	/* a slot past the table's end */
	sqe = GET_SQE(&ring);
	io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, NR_SLOTS, 0);
	CHECK_EQ(run1(&ring, sqe, 0), -EINVAL);

	/* socket_direct with IORING_FILE_INDEX_ALLOC and socket_direct_alloc:
	 * free slots, returned in res, never slot 3 (taken) */
	sqe = GET_SQE(&ring);
	io_uring_prep_socket_direct(sqe, AF_INET, SOCK_DGRAM, 0,
				    IORING_FILE_INDEX_ALLOC, 0);
	slot_a = run1(&ring, sqe, 0);
	if (slot_a < 0)
		FAIL("socket_direct ALLOC: %d (%s)", slot_a, strerror(-slot_a));
	CHECK(slot_a < NR_SLOTS && slot_a != 3);
	sqe = GET_SQE(&ring);
	io_uring_prep_socket_direct_alloc(sqe, AF_INET, SOCK_STREAM, 0, 0);
	slot_b = run1(&ring, sqe, 0);
	if (slot_b < 0)
		FAIL("socket_direct_alloc: %d (%s)", slot_b, strerror(-slot_b));
	CHECK(slot_b < NR_SLOTS && slot_b != 3 && slot_b != slot_a);
	fd = install(&ring, slot_a);
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
	close(fd);

	/* slot_b becomes a listener via fixed-file bind/listen */
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (have_bind) {
		sqe = GET_SQE(&ring);
		io_uring_prep_bind(sqe, slot_b, (struct sockaddr *) &addr, sizeof(addr));
		CHECK_EQ(run1(&ring, sqe, 1), 0);
		sqe = GET_SQE(&ring);
		io_uring_prep_listen(sqe, slot_b, 4);
		CHECK_EQ(run1(&ring, sqe, 1), 0);
		fd = install(&ring, slot_b);
	} else {
		t_skip_part("kernel lacks IORING_OP_BIND/LISTEN: listener by syscall");
		fd = install(&ring, slot_b);
		CHECK_EQ(bind(fd, (struct sockaddr *) &addr, sizeof(addr)), 0);
		CHECK_EQ(listen(fd, 4), 0);
	}
	CHECK_EQ(SOCKOPT_INT(fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
	alen = sizeof(addr);
	CHECK_EQ(getsockname(fd, (struct sockaddr *) &addr, &alen), 0);
	close(fd);

	/* accept_direct into slot 6, peer address filled in */
	cfd = TCP_CONNECT(&addr);
	memset(&peer, 0, sizeof(peer));
	peerlen = sizeof(peer);
	sqe = GET_SQE(&ring);
	io_uring_prep_accept_direct(sqe, slot_b, (struct sockaddr *) &peer,
				    &peerlen, 0, 6);
	CHECK_EQ(run1(&ring, sqe, 1), 0);
	CHECK_EQ(peer.sin_family, AF_INET);
	CHECK_EQ(peerlen, sizeof(peer));

	/* data both ways through fixed slot 6 */
	sqe = GET_SQE(&ring);
	io_uring_prep_send(sqe, 6, "via slot six", 12, 0);
	CHECK_EQ(run1(&ring, sqe, 1), 12);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(recv(cfd, buf, sizeof(buf), MSG_WAITALL | MSG_DONTWAIT), 12);
	CHECK(!memcmp(buf, "via slot six", 12));
	CHECK_EQ(send(cfd, "reply", 5, 0), 5);
	memset(buf, 0, sizeof(buf));
	sqe = GET_SQE(&ring);
	io_uring_prep_recv(sqe, 6, buf, sizeof(buf), 0);
	CHECK_EQ(run1(&ring, sqe, 1), 5);
	CHECK(!memcmp(buf, "reply", 5));

	/* accept_direct with IORING_FILE_INDEX_ALLOC: a fresh slot in res */
	cfd2 = TCP_CONNECT(&addr);
	sqe = GET_SQE(&ring);
	io_uring_prep_accept_direct(sqe, slot_b, NULL, NULL, 0,
				    IORING_FILE_INDEX_ALLOC);
	ret = run1(&ring, sqe, 1);
	if (ret < 0)
		FAIL("accept_direct ALLOC: %d (%s)", ret, strerror(-ret));
	CHECK(ret < NR_SLOTS && ret != 3 && ret != 6 && ret != slot_a &&
	      ret != slot_b);
	sqe = GET_SQE(&ring);
	io_uring_prep_send(sqe, ret, "alloc", 5, 0);
	CHECK_EQ(run1(&ring, sqe, 1), 5);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(recv(cfd2, buf, sizeof(buf), MSG_DONTWAIT), 5);
	CHECK(!memcmp(buf, "alloc", 5));

	/* accept_direct into a slot past the end */
	close(cfd2);
	cfd2 = TCP_CONNECT(&addr);
	sqe = GET_SQE(&ring);
	io_uring_prep_accept_direct(sqe, slot_b, NULL, NULL, 0, NR_SLOTS + 5);
	CHECK_EQ(run1(&ring, sqe, 1), -EINVAL);

	close(cfd);
	close(cfd2);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
