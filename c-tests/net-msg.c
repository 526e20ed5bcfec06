/* SPDX-License-Identifier: MIT */
/*
 * sendmsg/recvmsg through io_uring: gathered iovecs on TCP, a file
 * descriptor passed with SCM_RIGHTS over a unix socket (msghdr and control
 * data reach the kernel intact), UDP with the source address and two
 * control messages (IP_PKTINFO, IP_TTL); then multishot recvmsg into a
 * provided-buffer ring, each buffer parsed with io_uring_recvmsg_validate,
 * _name, _cmsg_firsthdr, _cmsg_nexthdr, _payload and _payload_length,
 * including a truncated datagram (MSG_TRUNC, passed in the request's flags,
 * makes the kernel report its full length) and a buffer too small to
 * validate.
 */
#include <fcntl.h>
#include <sys/uio.h>
#include "test.h"

#define BGID 5
#define NR_BUFS 8
#define BUF_SIZE 256
#define UD_MS 0x3535

static char bufs[NR_BUFS][BUF_SIZE];

static int run1(struct io_uring *ring)
{
	return RUN_ONE(ring, 0x11, 3000, NULL);
}

static void test_tcp_iov(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	struct iovec iov[3];
	struct msghdr msg;
	char a[] = "first-", b[] = "second-", c[] = "third", in[64];
	char r1[5], r2[64];
	int cfd, sfd;

	TCP_PAIR(&cfd, &sfd);

	iov[0].iov_base = a;
	iov[0].iov_len = 6;
	iov[1].iov_base = b;
	iov[1].iov_len = 7;
	iov[2].iov_base = c;
	iov[2].iov_len = 5;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 3;
	sqe = GET_SQE(ring);
	io_uring_prep_sendmsg(sqe, cfd, &msg, MSG_NOSIGNAL);
	sqe->user_data = 0x11;
	CHECK_EQ(run1(ring), 18);

	/* scatter on receive: 5 bytes, then the rest, MSG_WAITALL honoured */
	iov[0].iov_base = r1;
	iov[0].iov_len = sizeof(r1);
	iov[1].iov_base = r2;
	iov[1].iov_len = 13;
	msg.msg_iovlen = 2;
	sqe = GET_SQE(ring);
	io_uring_prep_recvmsg(sqe, sfd, &msg, MSG_WAITALL);
	sqe->user_data = 0x11;
	CHECK_EQ(run1(ring), 18);
	memcpy(in, r1, 5);
	memcpy(in + 5, r2, 13);
	CHECK(!memcmp(in, "first-second-third", 18));
	close(cfd);
	close(sfd);
}

static void test_scm_rights(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	char byte = 'F', rbyte = 0, pbuf[8];
	int sv[2], pfd[2], passed;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(pipe(pfd), 0);

	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pfd[1], sizeof(int));
	sqe = GET_SQE(ring);
	io_uring_prep_sendmsg(sqe, sv[0], &msg, 0);
	sqe->user_data = 0x11;
	CHECK_EQ(run1(ring), 1);

	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = &rbyte;
	msg.msg_controllen = sizeof(ctl.buf);
	sqe = GET_SQE(ring);
	io_uring_prep_recvmsg(sqe, sv[1], &msg, MSG_CMSG_CLOEXEC);
	sqe->user_data = 0x11;
	CHECK_EQ(run1(ring), 1);
	CHECK_EQ(rbyte, 'F');
	cm = CMSG_FIRSTHDR(&msg);
	CHECK(cm != NULL);
	CHECK_EQ(cm->cmsg_level, SOL_SOCKET);
	CHECK_EQ(cm->cmsg_type, SCM_RIGHTS);
	memcpy(&passed, CMSG_DATA(cm), sizeof(int));
	CHECK(passed >= 0 && passed != pfd[1]);
	/* MSG_CMSG_CLOEXEC reached the kernel */
	CHECK(fcntl(passed, F_GETFD) & FD_CLOEXEC);
	/* the passed fd is the pipe's write end */
	CHECK_EQ(write(passed, "pipe", 4), 4);
	CHECK_EQ(read(pfd[0], pbuf, sizeof(pbuf)), 4);
	CHECK(!memcmp(pbuf, "pipe", 4));
	close(passed);
	close(pfd[0]);
	close(pfd[1]);
	close(sv[0]);
	close(sv[1]);
}

/* Walk the control messages of one multishot recvmsg buffer. */
static void check_cmsgs(struct io_uring_recvmsg_out *o, struct msghdr *msgh,
			int want_ttl)
{
	struct cmsghdr *cm;
	int seen_pktinfo = 0, seen_ttl = 0, n = 0;

	for (cm = io_uring_recvmsg_cmsg_firsthdr(o, msgh); cm;
	     cm = io_uring_recvmsg_cmsg_nexthdr(o, msgh, cm)) {
		CHECK((char *) cm >= (char *) io_uring_recvmsg_name(o) + msgh->msg_namelen);
		CHECK((char *) cm + cm->cmsg_len <=
		      (char *) io_uring_recvmsg_name(o) + msgh->msg_namelen + o->controllen);
		CHECK_EQ(cm->cmsg_level, IPPROTO_IP);
		if (cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			CHECK_EQ(ntohl(pi.ipi_addr.s_addr), INADDR_LOOPBACK);
			seen_pktinfo++;
		} else if (cm->cmsg_type == IP_TTL) {
			int ttl;

			memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
			CHECK_EQ(ttl, want_ttl);
			seen_ttl++;
		} else {
			FAIL("unexpected cmsg type %d", cm->cmsg_type);
		}
		CHECK(++n <= 2);
	}
	CHECK_EQ(seen_pktinfo, 1);
	CHECK_EQ(seen_ttl, 1);
}

static void test_udp_multishot(struct io_uring *ring)
{
	static const int sizes[] = { 1, 40, 120 };
	struct sockaddr_in ra, sa[3];
	struct io_uring_buf_ring *br;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct msghdr msgh;
	char out[512];
	int rfd, sfd[3], err, mask, i, on = 1, ttl[3] = { 7, 64, 200 };
	unsigned room;

	rfd = LOOPBACK_SOCKET(SOCK_DGRAM, &ra, 0);
	CHECK_EQ(setsockopt(rfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)), 0);
	CHECK_EQ(setsockopt(rfd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)), 0);

	br = io_uring_setup_buf_ring(ring, NR_BUFS, BGID, 0, &err);
	if (!br)
		FAIL("setup_buf_ring: %d", err);
	mask = io_uring_buf_ring_mask(NR_BUFS);
	for (i = 0; i < NR_BUFS; i++)
		io_uring_buf_ring_add(br, bufs[i], BUF_SIZE, i, mask, i);
	io_uring_buf_ring_advance(br, NR_BUFS);

	/* the layout template: room for the name and both cmsgs */
	memset(&msgh, 0, sizeof(msgh));
	msgh.msg_namelen = sizeof(struct sockaddr_in);
	msgh.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo)) +
			      CMSG_SPACE(sizeof(int));
	room = BUF_SIZE - sizeof(struct io_uring_recvmsg_out) -
	       msgh.msg_namelen - msgh.msg_controllen;

	sqe = GET_SQE(ring);
	/* MSG_TRUNC: payloadlen reports a truncated datagram's full length */
	io_uring_prep_recvmsg_multishot(sqe, rfd, &msgh, MSG_TRUNC);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	sqe->user_data = UD_MS;
	CHECK_EQ(io_uring_submit(ring), 1);

	for (i = 0; i < 4; i++) {
		struct io_uring_recvmsg_out *o;
		struct sockaddr_in from;
		int len = i < 3 ? sizes[i] : (int) room + 50;	/* last: truncated */
		int s = i % 3, bid;
		unsigned plen;
		void *buf;

		if (i < 3) {
			sfd[i] = LOOPBACK_SOCKET(SOCK_DGRAM, &sa[i], 0);
			CHECK_EQ(setsockopt(sfd[i], IPPROTO_IP, IP_TTL, &ttl[i],
					    sizeof(int)), 0);
		}
		memset(out, 'a' + i, len);
		out[0] = (char) i;
		CHECK_EQ(sendto(sfd[s], out, len, 0, (struct sockaddr *) &ra,
				sizeof(ra)), len);

		WAIT_CQE(ring, &cqe, 3000);
		CHECK_EQ(cqe->user_data, UD_MS);
		if (cqe->res == -EINVAL && i == 0)
			t_skip("kernel lacks multishot recvmsg (-EINVAL)");
		if (cqe->res < 0)
			FAIL("multishot recvmsg #%d: %d (%s)", i, cqe->res,
			     strerror(-cqe->res));
		CHECK(cqe->flags & IORING_CQE_F_BUFFER);
		CHECK(cqe->flags & IORING_CQE_F_MORE);
		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK_EQ(bid, i);
		buf = bufs[bid];

		/* the CQE's res is the number of bytes used in the buffer */
		o = io_uring_recvmsg_validate(buf, cqe->res, &msgh);
		CHECK(o == buf);
		/* a shorter length cannot hold header + name + control */
		CHECK(io_uring_recvmsg_validate(buf, sizeof(*o) + msgh.msg_namelen +
						msgh.msg_controllen - 1, &msgh) == NULL);
		CHECK(io_uring_recvmsg_validate(buf, -1, &msgh) == NULL);

		CHECK_EQ(o->namelen, sizeof(struct sockaddr_in));
		CHECK(io_uring_recvmsg_name(o) == (char *) buf + sizeof(*o));
		memcpy(&from, io_uring_recvmsg_name(o), sizeof(from));
		CHECK_EQ(from.sin_family, AF_INET);
		CHECK_EQ(from.sin_port, sa[s].sin_port);
		CHECK_EQ(ntohl(from.sin_addr.s_addr), INADDR_LOOPBACK);
		CHECK(o->controllen > 0 && o->controllen <= msgh.msg_controllen);
		check_cmsgs(o, &msgh, ttl[s]);

		CHECK(io_uring_recvmsg_payload(o, &msgh) ==
		      (char *) buf + sizeof(*o) + msgh.msg_namelen + msgh.msg_controllen);
		plen = io_uring_recvmsg_payload_length(o, cqe->res, &msgh);
		CHECK_EQ(o->payloadlen, len);
		if (i < 3) {
			CHECK_EQ(plen, len);
			CHECK(!(o->flags & MSG_TRUNC));
		} else {
			CHECK_EQ(plen, room);
			CHECK(o->flags & MSG_TRUNC);
		}
		CHECK(!memcmp(io_uring_recvmsg_payload(o, &msgh), out, plen));
		CHECK_EQ(io_uring_recvmsg_payload_length(o, -5, &msgh), 0);
		io_uring_cqe_seen(ring, cqe);
	}

	/* end the request: cancel by user_data */
	CANCEL_MULTISHOT(ring, UD_MS, 0x99);
	CHECK_EQ(io_uring_free_buf_ring(ring, br, NR_BUFS, BGID), 0);
	for (i = 0; i < 3; i++)
		close(sfd[i]);
	close(rfd);
}

int main(void)
{
	struct io_uring ring;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	test_tcp_iov(&ring);
	test_scm_rights(&ring);
	test_udp_multishot(&ring);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
