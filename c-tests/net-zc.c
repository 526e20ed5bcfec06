/* SPDX-License-Identifier: MIT */
/*
 * Zero-copy sends over loopback: io_uring_prep_send_zc gives a result CQE
 * with IORING_CQE_F_MORE, then a notification CQE (IORING_CQE_F_NOTIF, same
 * user_data) once the buffer is free; IORING_SEND_ZC_REPORT_USAGE (in the
 * zc_flags) makes the notification report that loopback copied the data;
 * send_zc with a destination (io_uring_prep_send_set_addr) on UDP;
 * send_zc_fixed from a registered buffer (including a bad buffer index);
 * sendmsg_zc with two iovecs and sendmsg_zc_fixed.  Received data is
 * compared byte for byte.
 */
#include <sys/uio.h>
#include "test.h"

#define UD 0x2c2c

static void recv_exact(int fd, char *buf, int len)
{
	int got = 0;

	while (got < len) {
		int n = recv(fd, buf + got, len - got, 0);

		if (n <= 0)
			FAIL("recv: %d (%s) after %d of %d bytes", n,
			     n < 0 ? strerror(errno) : "EOF", got, len);
		got += n;
	}
}

/*
 * Submit the prepared zero-copy request and collect its two CQEs: the
 * result (F_MORE set) and then the notification (F_NOTIF). Returns the
 * result's res; *notif_res gets the notification's res. A failed request
 * without IORING_CQE_F_MORE has no notification (*notif_res left alone).
 */
static int zc_run(struct io_uring *ring, int *notif_res)
{
	struct io_uring_cqe *cqe;
	int res;

	CHECK_EQ(io_uring_submit(ring), 1);
	WAIT_CQE(ring, &cqe, 3000);
	CHECK_EQ(cqe->user_data, UD);
	if (cqe->flags & IORING_CQE_F_NOTIF)
		FAIL("notification before the result (flags %#x)", cqe->flags);
	res = cqe->res;
	/* a failure may or may not have a notification still to come */
	if (res < 0 && !(cqe->flags & IORING_CQE_F_MORE)) {
		io_uring_cqe_seen(ring, cqe);
		return res;
	}
	if (!(cqe->flags & IORING_CQE_F_MORE))
		FAIL("zc result without IORING_CQE_F_MORE (flags %#x, res %d)",
		     cqe->flags, res);
	io_uring_cqe_seen(ring, cqe);

	WAIT_CQE(ring, &cqe, 3000);
	CHECK_EQ(cqe->user_data, UD);
	if (!(cqe->flags & IORING_CQE_F_NOTIF))
		FAIL("second CQE is not a notification (flags %#x)", cqe->flags);
	CHECK(!(cqe->flags & IORING_CQE_F_MORE));
	*notif_res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct sockaddr_in ua;
	struct iovec reg, iov[2];
	struct msghdr msg;
	static char big[8192], in[8192];
	char *regbuf;
	int ret, client, server, notif, i, ufa, ufb, have_msg_zc;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	if (!t_op_supported(&ring, IORING_OP_SEND_ZC))
		t_skip("kernel lacks IORING_OP_SEND_ZC (or cannot be probed)");
	have_msg_zc = t_op_supported(&ring, IORING_OP_SENDMSG_ZC);

	for (i = 0; i < (int) sizeof(big); i++)
		big[i] = (char) (i * 5 + i / 256);
	TCP_PAIR(&client, &server);

	/* plain send_zc, no usage report: notification res 0 */
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc(sqe, client, big, sizeof(big), 0, 0);
	sqe->user_data = UD;
	notif = -1;
	CHECK_EQ(zc_run(&ring, &notif), sizeof(big));
	CHECK_EQ(notif, 0);
	recv_exact(server, in, sizeof(big));
	CHECK(!memcmp(in, big, sizeof(big)));

	/* IORING_SEND_ZC_REPORT_USAGE travels in ioprio: loopback copies */
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc(sqe, client, big + 1, 1000, MSG_NOSIGNAL,
			      IORING_SEND_ZC_REPORT_USAGE);
	sqe->user_data = UD;
	notif = -1;
	CHECK_EQ(zc_run(&ring, &notif), 1000);
	CHECK_EQ((unsigned) notif, IORING_NOTIF_USAGE_ZC_COPIED);
	recv_exact(server, in, 1000);
	CHECK(!memcmp(in, big + 1, 1000));

	/* unknown zc_flags are the kernel's -EINVAL */
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc(sqe, client, big, 10, 0, 0x8000);
	sqe->user_data = UD;
	CHECK_EQ(zc_run(&ring, &notif), -EINVAL);

	/* send_zc_fixed: bytes 100..1099 of registered buffer 0 */
	regbuf = aligned_alloc(4096, 8192);
	CHECK(regbuf != NULL);
	for (i = 0; i < 8192; i++)
		regbuf[i] = (char) (255 - i % 251);
	reg.iov_base = regbuf;
	reg.iov_len = 8192;
	ret = io_uring_register_buffers(&ring, &reg, 1);
	if (ret)
		FAIL("io_uring_register_buffers: %d", ret);
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc_fixed(sqe, client, regbuf + 100, 1000, 0, 0, 0);
	sqe->user_data = UD;
	CHECK_EQ(zc_run(&ring, &notif), 1000);
	recv_exact(server, in, 1000);
	CHECK(!memcmp(in, regbuf + 100, 1000));
	/* a buffer index that is not registered */
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc_fixed(sqe, client, regbuf, 10, 0, 0, 3);
	sqe->user_data = UD;
	ret = zc_run(&ring, &notif);
	CHECK(ret == -EFAULT || ret == -EINVAL);
	/* an address outside registered buffer 0 */
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc_fixed(sqe, client, big, 10, 0, 0, 0);
	sqe->user_data = UD;
	CHECK_EQ(zc_run(&ring, &notif), -EFAULT);

	/* UDP: send_zc with the destination set by send_set_addr */
	ufa = LOOPBACK_SOCKET(SOCK_DGRAM, &ua, 0);
	ufb = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(ufb >= 0);
	sqe = GET_SQE(&ring);
	io_uring_prep_send_zc(sqe, ufb, big + 7, 300, 0, 0);
	io_uring_prep_send_set_addr(sqe, (struct sockaddr *) &ua, sizeof(ua));
	sqe->user_data = UD;
	CHECK_EQ(zc_run(&ring, &notif), 300);
	memset(in, 0, 400);
	CHECK_EQ(recv(ufa, in, 400, MSG_DONTWAIT), 300);
	CHECK(!memcmp(in, big + 7, 300));

	if (!have_msg_zc) {
		t_skip_part("kernel lacks IORING_OP_SENDMSG_ZC");
		goto done;
	}
	/* sendmsg_zc: two iovecs, gathered in order */
	iov[0].iov_base = big + 4000;
	iov[0].iov_len = 123;
	iov[1].iov_base = big + 10;
	iov[1].iov_len = 456;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	sqe = GET_SQE(&ring);
	io_uring_prep_sendmsg_zc(sqe, client, &msg, 0);
	sqe->user_data = UD;
	CHECK_EQ(zc_run(&ring, &notif), 579);
	recv_exact(server, in, 579);
	CHECK(!memcmp(in, big + 4000, 123));
	CHECK(!memcmp(in + 123, big + 10, 456));

	/* sendmsg_zc_fixed: the iovecs lie in registered buffer 0 */
	iov[0].iov_base = regbuf + 5000;
	iov[0].iov_len = 64;
	iov[1].iov_base = regbuf + 1;
	iov[1].iov_len = 200;
	sqe = GET_SQE(&ring);
	io_uring_prep_sendmsg_zc_fixed(sqe, client, &msg, 0, 0);
	sqe->user_data = UD;
	ret = zc_run(&ring, &notif);
	if (ret == -EINVAL) {
		t_skip_part("kernel lacks registered buffers for sendmsg_zc (-EINVAL)");
	} else {
		CHECK_EQ(ret, 264);
		recv_exact(server, in, 264);
		CHECK(!memcmp(in, regbuf + 5000, 64));
		CHECK(!memcmp(in + 64, regbuf + 1, 200));
	}
done:
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	free(regbuf);
	close(ufa);
	close(ufb);
	close(client);
	close(server);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
