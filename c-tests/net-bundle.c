/* SPDX-License-Identifier: MIT */
/*
 * Receive and send bundles (IORING_RECVSEND_BUNDLE, IORING_FEAT_RECVSEND_BUNDLE):
 * a bundle recv fills several provided buffers, in ring order, with one
 * CQE whose bid is the first buffer and whose res covers them all; a
 * io_uring_prep_send_bundle sends the contents of every buffer queued in
 * its group, in ring order, as one request.  Over loopback TCP, data
 * compared byte for byte; the ring heads show how many buffers were used.
 */
#include "test.h"

#define RX_BGID 1
#define TX_BGID 2
#define NR_BUFS 16
#define BUF_SIZE 32

static char rx[NR_BUFS][BUF_SIZE];
static char tx[NR_BUFS][BUF_SIZE];

#define UD 0xb0

/* Submit the prepared SQE (user_data UD), return its res, *flags its flags. */
static int run1(struct io_uring *ring, unsigned *flags)
{
	return RUN_ONE(ring, UD, 3000, flags);
}

/* A send bundle on @fd from buffer group TX_BGID. */
static void prep_send_bundle(struct io_uring *ring, int fd)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_send_bundle(sqe, fd, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = TX_BGID;
	sqe->user_data = UD;
}

static void test_recv_bundle(struct io_uring *ring, int client, int server)
{
	struct io_uring_buf_ring *br;
	struct io_uring_sqe *sqe;
	char out[200], in[200];
	int err, mask, i, got = 0, pos = 0, max_res = 0, res;
	unsigned flags;
	__u16 head;

	br = io_uring_setup_buf_ring(ring, NR_BUFS, RX_BGID, 0, &err);
	if (!br)
		FAIL("setup_buf_ring: %d", err);
	mask = io_uring_buf_ring_mask(NR_BUFS);
	/* ring position i holds bid (i + 5) % NR_BUFS */
	for (i = 0; i < NR_BUFS; i++)
		io_uring_buf_ring_add(br, rx[(i + 5) % NR_BUFS], BUF_SIZE,
				      (i + 5) % NR_BUFS, mask, i);
	io_uring_buf_ring_advance(br, NR_BUFS);

	for (i = 0; i < (int) sizeof(out); i++)
		out[i] = (char) (i ^ 0x5a);
	CHECK_EQ(send(client, out, sizeof(out), 0), sizeof(out));

	while (got < (int) sizeof(out)) {
		int bid, n, off;

		sqe = GET_SQE(ring);
		io_uring_prep_recv(sqe, server, NULL, 0, 0);
		sqe->ioprio |= IORING_RECVSEND_BUNDLE;
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = RX_BGID;
		sqe->user_data = UD;
		res = run1(ring, &flags);
		if (res == -EINVAL && got == 0)
			t_skip("kernel rejects recv bundles (-EINVAL)");
		if (res <= 0)
			FAIL("bundle recv: %d after %d bytes", res, got);
		CHECK(flags & IORING_CQE_F_BUFFER);
		bid = flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK_EQ(bid, (pos + 5) % NR_BUFS);
		/* the bytes fill consecutive ring entries from bid on */
		for (off = 0; off < res; off += n) {
			n = res - off < BUF_SIZE ? res - off : BUF_SIZE;
			memcpy(in + got + off, rx[(pos + 5) % NR_BUFS], n);
			pos++;
		}
		got += res;
		if (res > max_res)
			max_res = res;
	}
	CHECK_EQ(got, sizeof(out));
	CHECK(!memcmp(in, out, sizeof(out)));
	/* one CQE covered more than one buffer: it was a bundle */
	if (max_res <= BUF_SIZE)
		FAIL("no recv used more than one buffer (largest res %d)", max_res);
	CHECK_EQ(pos, (sizeof(out) + BUF_SIZE - 1) / BUF_SIZE);
	if (io_uring_buf_ring_head(ring, RX_BGID, &head) == 0)
		CHECK_EQ(head, pos);
	CHECK_EQ(io_uring_free_buf_ring(ring, br, NR_BUFS, RX_BGID), 0);
}

static void test_send_bundle(struct io_uring *ring, int client, int server)
{
	static const int lens[] = { 32, 1, 17, 32, 5 };
	struct io_uring_buf_ring *br;
	char want[256], in[256];
	int err, mask, i, total = 0, res, got = 0;
	unsigned flags;
	__u16 head;

	br = io_uring_setup_buf_ring(ring, NR_BUFS, TX_BGID, 0, &err);
	if (!br)
		FAIL("setup_buf_ring: %d", err);
	mask = io_uring_buf_ring_mask(NR_BUFS);
	for (i = 0; i < (int) (sizeof(lens) / sizeof(lens[0])); i++) {
		int bid = 10 - i;

		memset(tx[bid], 'a' + i, lens[i]);
		memcpy(want + total, tx[bid], lens[i]);
		total += lens[i];
		io_uring_buf_ring_add(br, tx[bid], lens[i], bid, mask, i);
	}
	io_uring_buf_ring_advance(br, i);

	prep_send_bundle(ring, client);
	res = run1(ring, &flags);
	if (res == -EINVAL) {
		t_skip_part("kernel rejects send bundles (-EINVAL)");
		goto out;
	}
	CHECK_EQ(res, total);
	CHECK(flags & IORING_CQE_F_BUFFER);
	CHECK_EQ(flags >> IORING_CQE_BUFFER_SHIFT, 10);
	while (got < total) {
		int n = recv(server, in + got, sizeof(in) - got, 0);

		CHECK(n > 0);
		got += n;
	}
	CHECK_EQ(got, total);
	CHECK(!memcmp(in, want, total));
	if (io_uring_buf_ring_head(ring, TX_BGID, &head) == 0)
		CHECK_EQ(head, i);
	CHECK_EQ(io_uring_buf_ring_available(ring, br, TX_BGID), 0);

	/* nothing queued: a send bundle has no buffer to take */
	prep_send_bundle(ring, client);
	CHECK_EQ(run1(ring, &flags), -ENOBUFS);
out:
	CHECK_EQ(io_uring_free_buf_ring(ring, br, NR_BUFS, TX_BGID), 0);
}

int main(void)
{
	struct io_uring ring;
	int client, server;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);
	if (!(ring.features & IORING_FEAT_RECVSEND_BUNDLE))
		t_skip("kernel lacks IORING_FEAT_RECVSEND_BUNDLE");
	TCP_PAIR(&client, &server);
	test_recv_bundle(&ring, client, server);
	test_send_bundle(&ring, client, server);
	close(client);
	close(server);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
