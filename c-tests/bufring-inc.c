/* SPDX-License-Identifier: MIT */
/*
 * Incrementally consumed provided buffers (IOU_PBUF_RING_INC, passed as the
 * flags of io_uring_setup_buf_ring): several receives share one large
 * buffer, each landing right after the previous one, with
 * IORING_CQE_F_BUF_MORE while the buffer still has room; the ring head
 * (io_uring_buf_ring_head / _available) only moves once a buffer is used
 * up, and the next receive then takes the next buffer.  Checked with single
 * receives and with a multishot receive, over loopback TCP.
 */
#include "test.h"

#define BGID 3
#define NR_BUFS 4
#define BIG 256

static char bufs[NR_BUFS][BIG];

static void fill(char *p, int len, int seed)
{
	int i;

	for (i = 0; i < len; i++)
		p[i] = (char) (seed * 31 + i);
}

/* Expected state of each receive: bytes, bid, offset in the buffer, BUF_MORE. */
struct step {
	int len, bid, off, more;
};

static void check_cqe(struct io_uring_cqe *cqe, const struct step *s,
		      const char *data, int multishot, int i)
{
	if (cqe->res != s->len)
		FAIL("step %d: res %d, expected %d", i, cqe->res, s->len);
	if (!(cqe->flags & IORING_CQE_F_BUFFER))
		FAIL("step %d: no IORING_CQE_F_BUFFER (flags %#x)", i, cqe->flags);
	if ((int) (cqe->flags >> IORING_CQE_BUFFER_SHIFT) != s->bid)
		FAIL("step %d: bid %u, expected %d", i,
		     cqe->flags >> IORING_CQE_BUFFER_SHIFT, s->bid);
	if (!!(cqe->flags & IORING_CQE_F_BUF_MORE) != s->more)
		FAIL("step %d: IORING_CQE_F_BUF_MORE %s, expected %s (flags %#x)", i,
		     cqe->flags & IORING_CQE_F_BUF_MORE ? "set" : "clear",
		     s->more ? "set" : "clear", cqe->flags);
	if (multishot && !(cqe->flags & IORING_CQE_F_MORE))
		FAIL("step %d: multishot recv ended (flags %#x)", i, cqe->flags);
	if (memcmp(bufs[s->bid] + s->off, data, s->len))
		FAIL("step %d: data not at offset %d of buffer %d", i, s->off, s->bid);
}

/* A receive (single or multishot) from @fd into buffer group BGID, user_data 42. */
static void submit_recv(struct io_uring *ring, int fd, int multishot)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	if (multishot)
		io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	else
		io_uring_prep_recv(sqe, fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	sqe->user_data = 42;
	CHECK_EQ(io_uring_submit(ring), 1);
}

int main(void)
{
	static const struct step steps[] = {
		{ 100, 0, 0, 1 },	/* 156 left in bid 0 */
		{ 100, 0, 100, 1 },	/* 56 left */
		{ 56, 0, 200, 0 },	/* used up exactly: head moves */
		{ 10, 1, 0, 1 },
		{ 200, 1, 10, 1 },	/* 46 left */
	};
	struct io_uring ring;
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	char out[BIG];
	int mask, err, ret, i, client, server, heads = 1, pass;
	__u16 head;

	t_init();
	CHECK_EQ(io_uring_queue_init(16, &ring, 0), 0);

	for (pass = 0; pass < 2; pass++) {
		int multishot = pass == 1;

		br = io_uring_setup_buf_ring(&ring, NR_BUFS, BGID, IOU_PBUF_RING_INC, &err);
		if (!br && err == -EINVAL && pass == 0)
			t_skip("kernel lacks IOU_PBUF_RING_INC (-EINVAL)");
		if (!br)
			FAIL("io_uring_setup_buf_ring(IOU_PBUF_RING_INC): %d", err);
		mask = io_uring_buf_ring_mask(NR_BUFS);
		memset(bufs, 0, sizeof(bufs));
		for (i = 0; i < NR_BUFS; i++)
			io_uring_buf_ring_add(br, bufs[i], BIG, i, mask, i);
		io_uring_buf_ring_advance(br, NR_BUFS);

		TCP_PAIR(&client, &server);
		if (multishot)
			submit_recv(&ring, server, 1);
		for (i = 0; i < (int) (sizeof(steps) / sizeof(steps[0])); i++) {
			fill(out, steps[i].len, i + 10 * pass);
			CHECK_EQ(send(client, out, steps[i].len, 0), steps[i].len);
			if (!multishot)
				submit_recv(&ring, server, 0);
			WAIT_CQE(&ring, &cqe, 3000);
			CHECK_EQ(cqe->user_data, 42);
			check_cqe(cqe, &steps[i], out, multishot, i);
			io_uring_cqe_seen(&ring, cqe);

			/* head moves past a buffer only once it is used up */
			if (heads) {
				ret = io_uring_buf_ring_head(&ring, BGID, &head);
				if (ret == -EINVAL) {
					t_skip_part("no IORING_REGISTER_PBUF_STATUS: head unchecked");
					heads = 0;
				} else {
					int used = steps[i].bid + !steps[i].more;

					CHECK_EQ(ret, 0);
					CHECK_EQ(head, used);
					CHECK_EQ(io_uring_buf_ring_available(&ring, br, BGID),
						 NR_BUFS - used);
				}
			}
		}
		if (multishot) {
			/* end it: close the sender, EOF comes as res 0 */
			close(client);
			WAIT_CQE(&ring, &cqe, 3000);
			CHECK_EQ(cqe->user_data, 42);
			CHECK_EQ(cqe->res, 0);
			CHECK(!(cqe->flags & IORING_CQE_F_MORE));
			io_uring_cqe_seen(&ring, cqe);
		} else {
			close(client);
		}
		close(server);
		CHECK_EQ(io_uring_free_buf_ring(&ring, br, NR_BUFS, BGID), 0);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
