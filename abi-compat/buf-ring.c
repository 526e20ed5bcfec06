/* SPDX-License-Identifier: MIT */
/*
 * Provided-buffer rings from a program built against the old header: the
 * library's io_uring_register_buf_ring / io_uring_unregister_buf_ring with
 * the header's inline io_uring_buf_ring_init, _mask, _add (with offsets),
 * _advance and _cq_advance (which moves the buffer ring tail and the CQ head
 * in one go).  Receives with IOSQE_BUFFER_SELECT pick buffers in ring order;
 * the CQE's buffer id and the data in that buffer are checked each time.
 */
#include "compat.h"
#include <sys/socket.h>

#define NBUF	8
#define BLEN	64
#define BGID	7
#define ROUNDS	400

int main(void)
{
	struct io_uring ring;
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	static unsigned char pool[NBUF][BLEN];
	int sv[2], mask, i, ret;
	unsigned round;

	abi_init();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	CHECK(posix_memalign((void **) &br, 4096, 4096) == 0);
	memset(br, 0xff, 4096);

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long) br;
	reg.ring_entries = NBUF;
	reg.bgid = BGID;
	ret = io_uring_register_buf_ring(&ring, &reg, 0);
	if (ret == -EINVAL)
		a_skip("kernel without provided buffer rings");
	CHECK_EQ(ret, 0);

	io_uring_buf_ring_init(br);
	CHECK_EQ(br->tail, 0);
	mask = io_uring_buf_ring_mask(NBUF);
	CHECK_EQ(mask, NBUF - 1);
	for (i = 0; i < NBUF; i++)
		io_uring_buf_ring_add(br, pool[i], BLEN, (unsigned short) i, mask, i);
	for (i = 0; i < NBUF; i++) {
		CHECK(br->bufs[i].addr == (unsigned long) pool[i]);
		CHECK_EQ(br->bufs[i].len, BLEN);
		CHECK_EQ(br->bufs[i].bid, i);
	}
	io_uring_buf_ring_advance(br, NBUF);
	CHECK_EQ(br->tail, NBUF);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	for (round = 0; round < ROUNDS; round++) {
		struct io_uring_sqe *sqe;
		struct io_uring_cqe *cqe;
		char msg[BLEN];
		int len, bid;

		len = snprintf(msg, sizeof(msg), "round %u of the buffer ring test", round);
		CHECK_EQ(write(sv[1], msg, len), len);

		sqe = GET_SQE(&ring);
		io_uring_prep_recv(sqe, sv[0], NULL, BLEN, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
		sqe->buf_group = BGID;
		io_uring_sqe_set_data64(sqe, 0xb000 + round);
		CHECK_EQ(io_uring_submit(&ring), 1);
		WAIT_CQE(&ring, &cqe, 5000);
		CHECK_EQ(cqe->user_data, 0xb000 + round);
		CHECK_EQ(cqe->res, len);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER);
		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		/* buffers are handed out in ring order; each goes back to the tail */
		CHECK_EQ(bid, round % NBUF);
		CHECK(memcmp(pool[bid], msg, len) == 0);
		memset(pool[bid], 0, BLEN);

		io_uring_buf_ring_add(br, pool[bid], BLEN, (unsigned short) bid, mask, 0);
		if (round % 2) {
			unsigned head = *ring.cq.khead;

			io_uring_buf_ring_cq_advance(&ring, br, 1);
			CHECK_EQ(*ring.cq.khead, head + 1);
		} else {
			io_uring_buf_ring_advance(br, 1);
			io_uring_cqe_seen(&ring, cqe);
		}
		CHECK_EQ(br->tail, (unsigned short) (NBUF + round + 1));
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
	}

	CHECK_EQ(io_uring_unregister_buf_ring(&ring, BGID), 0);
	/* gone: a buffer-select recv now fails with -ENOBUFS */
	CHECK_EQ(write(sv[1], "x", 1), 1);
	{
		struct io_uring_sqe *sqe = GET_SQE(&ring);
		struct io_uring_cqe *cqe;

		io_uring_prep_recv(sqe, sv[0], NULL, BLEN, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
		sqe->buf_group = BGID;
		io_uring_sqe_set_data64(sqe, 0xbfff);
		CHECK_EQ(io_uring_submit(&ring), 1);
		WAIT_CQE(&ring, &cqe, 5000);
		CHECK_EQ(cqe->user_data, 0xbfff);
		CHECK_EQ(cqe->res, -ENOBUFS);
		io_uring_cqe_seen(&ring, cqe);
	}
	close(sv[0]);
	close(sv[1]);
	io_uring_queue_exit(&ring);
	free(br);
	return A_PASS;
}
