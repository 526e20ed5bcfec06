/* SPDX-License-Identifier: MIT */
/*
 * Multishot recv over loopback TCP with a provided-buffer ring from
 * io_uring_setup_buf_ring: every CQE carries IORING_CQE_F_BUFFER and the
 * buffer id in flags >> IORING_CQE_BUFFER_SHIFT, buffers are taken in ring
 * order, a send larger than one buffer spans several, data is compared byte
 * for byte, io_uring_buf_ring_available follows the kernel's consumption,
 * buffers are recycled with io_uring_buf_ring_add + _advance and with
 * io_uring_buf_ring_cq_advance, and when the ring runs dry the request ends
 * with -ENOBUFS and no IORING_CQE_F_MORE.
 */
#include "test.h"

#define BGID 7
#define NR_BUFS 8
#define BUF_SIZE 64
#define UD_RECV 0x7ec0

static char bufs[NR_BUFS][BUF_SIZE];

static int available(struct io_uring *ring, struct io_uring_buf_ring *br,
		     int *have_status)
{
	int ret;

	if (!*have_status)
		return -1;
	ret = io_uring_buf_ring_available(ring, br, BGID);
	if (ret == -EINVAL) {
		/* IORING_REGISTER_PBUF_STATUS is 6.8 */
		t_skip_part("kernel cannot report a buffer ring's head: available() unchecked");
		*have_status = 0;
		return -1;
	}
	if (ret < 0)
		FAIL("io_uring_buf_ring_available: %d", ret);
	return ret;
}

#define CHECK_AVAIL(want)						\
	do {								\
		int a_ = available(&ring, br, &have_status);		\
		if (have_status)					\
			CHECK_EQ(a_, (want));				\
	} while (0)

static void fill(char *p, int len, int seed)
{
	int i;

	for (i = 0; i < len; i++)
		p[i] = (char) (seed + i * 13);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_buf_ring *br;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char out[256], in[256];
	int mask, err = -1, ret, i, client, server, have_status = 1;
	int next_pos = 0;	/* ring position the kernel takes next */
	int ring_bid[4 * NR_BUFS];	/* bid placed at each (free-running) position */
	int tail_pos = 0, got, seed = 1;
	__u16 head;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);

	br = io_uring_setup_buf_ring(&ring, NR_BUFS, BGID, 0, &err);
	if (!br && (err == -EINVAL || err == -EOPNOTSUPP))
		t_skip("kernel lacks provided-buffer rings (%d)", err);
	if (!br)
		FAIL("io_uring_setup_buf_ring: %d", err);
	CHECK_EQ(err, 0);
	mask = io_uring_buf_ring_mask(NR_BUFS);
	CHECK_EQ(mask, NR_BUFS - 1);
	CHECK_EQ(br->tail, 0);
	CHECK_AVAIL(0);
	if (have_status) {
		CHECK_EQ(io_uring_buf_ring_head(&ring, BGID, &head), 0);
		CHECK_EQ(head, 0);
	}

	/* give the kernel bids 0..7, in reverse order of positions for 4..7 */
	for (i = 0; i < NR_BUFS; i++) {
		int bid = i < 4 ? i : 11 - i;

		io_uring_buf_ring_add(br, bufs[bid], BUF_SIZE, bid, mask, i);
		ring_bid[tail_pos + i] = bid;
	}
	CHECK_EQ(br->tail, 0);	/* not published before advance */
	CHECK_AVAIL(0);
	io_uring_buf_ring_advance(br, NR_BUFS);
	tail_pos += NR_BUFS;
	CHECK_EQ(br->tail, NR_BUFS);
	CHECK_AVAIL(NR_BUFS);

	TCP_PAIR(&client, &server);
	sqe = GET_SQE(&ring);
	io_uring_prep_recv_multishot(sqe, server, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	sqe->user_data = UD_RECV;
	CHECK_EQ(io_uring_submit(&ring), 1);

	/*
	 * Rounds of one send each; every CQE is checked against the ring
	 * position it must have used.  Sizes: small, exactly one buffer, and
	 * larger than one buffer (spans several CQEs).
	 */
	{
		static const int sizes[] = { 10, BUF_SIZE, 100, 1, 150, 64, 33 };
		int r;

		for (r = 0; r < (int) (sizeof(sizes) / sizeof(sizes[0])); r++) {
			int len = sizes[r];

			fill(out, len, seed++);
			CHECK_EQ(send(client, out, len, 0), len);
			got = 0;
			while (got < len) {
				int bid, res;

				WAIT_CQE(&ring, &cqe, 3000);
				CHECK_EQ(cqe->user_data, UD_RECV);
				res = cqe->res;
				if (res == -EINVAL && r == 0 && got == 0)
					t_skip("kernel lacks multishot recv (-EINVAL)");
				if (res <= 0)
					FAIL("round %d: recv CQE res %d after %d of %d bytes",
					     r, res, got, len);
				if (!(cqe->flags & IORING_CQE_F_BUFFER))
					FAIL("round %d: no IORING_CQE_F_BUFFER (flags %#x)",
					     r, cqe->flags);
				if (!(cqe->flags & IORING_CQE_F_MORE))
					FAIL("round %d: multishot recv ended early (flags %#x)",
					     r, cqe->flags);
				bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
				CHECK_EQ(bid, ring_bid[next_pos]);
				CHECK(res <= BUF_SIZE && got + res <= len);
				memcpy(in + got, bufs[bid], res);
				got += res;
				next_pos++;
				/*
				 * Recycle: alternate between add+advance and
				 * io_uring_buf_ring_cq_advance (which also
				 * consumes this CQE).
				 */
				memset(bufs[bid], 0, BUF_SIZE);
				io_uring_buf_ring_add(br, bufs[bid], BUF_SIZE, bid, mask, 0);
				ring_bid[tail_pos++] = bid;
				if (next_pos & 1) {
					io_uring_buf_ring_advance(br, 1);
					io_uring_cqe_seen(&ring, cqe);
				} else {
					unsigned before = io_uring_cq_ready(&ring);

					io_uring_buf_ring_cq_advance(&ring, br, 1);
					CHECK_EQ(io_uring_cq_ready(&ring), before - 1);
				}
				CHECK_EQ(br->tail, (__u16) tail_pos);
			}
			/*
			 * All of this round's data is received, so the kernel
			 * has consumed exactly the buffers seen in CQEs.
			 */
			CHECK_AVAIL(tail_pos - next_pos);
			CHECK(!memcmp(in, out, len));
			if (tail_pos >= 3 * NR_BUFS)
				break;
		}
	}
	if (have_status) {
		CHECK_EQ(io_uring_buf_ring_head(&ring, BGID, &head), 0);
		CHECK_EQ(head, (__u16) next_pos);
	}

	/*
	 * Stop recycling: NR_BUFS full buffers drain the ring; the next
	 * receive finds no buffer and the multishot request ends.
	 */
	fill(out, NR_BUFS * BUF_SIZE > (int) sizeof(out) ? (int) sizeof(out) : NR_BUFS * BUF_SIZE, 99);
	for (i = 0; i < NR_BUFS; i++) {
		int bid;

		CHECK_EQ(send(client, out, BUF_SIZE, 0), BUF_SIZE);
		WAIT_CQE(&ring, &cqe, 3000);
		CHECK_EQ(cqe->user_data, UD_RECV);
		CHECK_EQ(cqe->res, BUF_SIZE);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER);
		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK_EQ(bid, ring_bid[next_pos]);
		CHECK(!memcmp(bufs[bid], out, BUF_SIZE));
		next_pos++;
		io_uring_cqe_seen(&ring, cqe);
		CHECK_AVAIL(tail_pos - next_pos);
		if (!(cqe->flags & IORING_CQE_F_MORE))
			FAIL("multishot recv ended with buffers left (%d)", i);
	}
	CHECK_AVAIL(0);
	CHECK_EQ(send(client, "more", 4, 0), 4);
	WAIT_CQE(&ring, &cqe, 3000);
	CHECK_EQ(cqe->user_data, UD_RECV);
	CHECK_EQ(cqe->res, -ENOBUFS);
	CHECK(!(cqe->flags & IORING_CQE_F_MORE));
	io_uring_cqe_seen(&ring, cqe);

	/* the ring is still registered: give one buffer back, plain recv */
	io_uring_buf_ring_add(br, bufs[2], BUF_SIZE, 2, mask, 0);
	io_uring_buf_ring_advance(br, 1);
	CHECK_AVAIL(1);
	sqe = GET_SQE(&ring);
	io_uring_prep_recv(sqe, server, NULL, BUF_SIZE, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	sqe->user_data = 1;
	CHECK_EQ(io_uring_submit(&ring), 1);
	WAIT_CQE(&ring, &cqe, 3000);
	CHECK_EQ(cqe->res, 4);
	CHECK(cqe->flags & IORING_CQE_F_BUFFER);
	CHECK_EQ(cqe->flags >> IORING_CQE_BUFFER_SHIFT, 2);
	CHECK(!memcmp(bufs[2], "more", 4));
	io_uring_cqe_seen(&ring, cqe);

	/*
	 * The combined advances with counts other than 1: two NOP CQEs and
	 * two buffers at once, then one CQE and three buffers (the CQ and
	 * buffer counts of __io_uring_buf_ring_cq_advance are distinct).
	 */
	{
		__u16 tail0 = br->tail;
		int n;

		for (n = 0; n < 3; n++) {
			sqe = GET_SQE(&ring);
			io_uring_prep_nop(sqe);
			sqe->user_data = 100 + n;
		}
		CHECK_EQ(io_uring_submit_and_wait(&ring, 3), 3);
		CHECK_EQ(io_uring_cq_ready(&ring), 3);
		for (n = 0; n < 5; n++)
			io_uring_buf_ring_add(br, bufs[n], BUF_SIZE, n, mask, n);
		io_uring_buf_ring_cq_advance(&ring, br, 2);
		CHECK_EQ(io_uring_cq_ready(&ring), 1);
		CHECK_EQ(br->tail, (__u16) (tail0 + 2));
		__io_uring_buf_ring_cq_advance(&ring, br, 1, 3);
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
		CHECK_EQ(br->tail, (__u16) (tail0 + 5));
		CHECK_AVAIL(5);
	}

	CHECK_EQ(io_uring_free_buf_ring(&ring, br, NR_BUFS, BGID), 0);
	/* gone: a second free is the kernel's error, and recv finds no group */
	ret = io_uring_unregister_buf_ring(&ring, BGID);
	CHECK(ret == -EINVAL || ret == -ENOENT);
	close(client);
	close(server);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
