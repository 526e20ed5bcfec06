/* SPDX-License-Identifier: MIT */
/*
 * The rest of what the old header touches in struct io_uring and the
 * library's older exports, from a program built against it:
 *  - io_uring_get_probe_ring / io_uring_get_probe / io_uring_free_probe with
 *    the inline io_uring_opcode_supported, compared with a raw
 *    IORING_REGISTER_PROBE;
 *  - eventfd registration and the inline io_uring_cq_eventfd_enabled /
 *    io_uring_cq_eventfd_toggle (they write *cq.kflags);
 *  - io_uring_register_ring_fd / unregister: enter_ring_fd and bit 0 of
 *    int_flags (INT_FLAG_REG_RING in every liburing), submissions through
 *    the registered index;
 *  - io_uring_get_events, io_uring_submit_and_get_events;
 *  - the raw io_uring_setup / io_uring_enter / io_uring_register exports and
 *    io_uring_queue_mmap, io_uring_ring_dontfork, io_uring_mlock_size;
 *  - io_uring_register_personality and io_uring_register_sync_cancel.
 */
#include "compat.h"
#include <fcntl.h>
#include <sys/eventfd.h>

#define PROBE_OPS 256

static void nop_roundtrip(struct io_uring *ring, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_nop(sqe);
	CHECK_EQ(SUBMIT_ONE(ring, sqe, ud, 3000), 0);
}

static void test_probe(struct io_uring *ring)
{
	struct io_uring_probe *p, *raw;
	int op;

	p = io_uring_get_probe_ring(ring);
	CHECK(p != NULL);
	raw = calloc(1, sizeof(*raw) + PROBE_OPS * sizeof(struct io_uring_probe_op));
	CHECK(raw != NULL);
	CHECK_EQ(syscall(__NR_io_uring_register, ring->ring_fd, IORING_REGISTER_PROBE,
			 raw, PROBE_OPS), 0);
	CHECK_EQ(p->last_op, raw->last_op);
	CHECK_EQ(p->ops_len, raw->ops_len);
	CHECK(p->last_op >= IORING_OP_URING_CMD);
	for (op = 0; op < 256; op++) {
		int want = op <= raw->last_op &&
			   (raw->ops[op].flags & IO_URING_OP_SUPPORTED);

		CHECK_EQ(io_uring_opcode_supported(p, op), want);
	}
	CHECK(io_uring_opcode_supported(p, IORING_OP_NOP));
	io_uring_free_probe(p);

	p = io_uring_get_probe();
	CHECK(p != NULL);
	CHECK_EQ(p->last_op, raw->last_op);
	CHECK(io_uring_opcode_supported(p, IORING_OP_READ));
	io_uring_free_probe(p);

	/* the raw register export */
	memset(raw, 0, sizeof(*raw) + PROBE_OPS * sizeof(struct io_uring_probe_op));
	CHECK_EQ(io_uring_register(ring->ring_fd, IORING_REGISTER_PROBE, raw, PROBE_OPS), 0);
	CHECK(raw->last_op >= IORING_OP_URING_CMD);
	free(raw);
}

static void test_eventfd(struct io_uring *ring)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	uint64_t v;

	CHECK(efd >= 0);
	CHECK_EQ(io_uring_register_eventfd(ring, efd), 0);
	if (!ring->cq.kflags) {
		fprintf(stderr, "partial skip: no CQ flags word (kernel too old for eventfd toggle)\n");
	} else {
		CHECK(io_uring_cq_eventfd_enabled(ring));
		nop_roundtrip(ring, 0xe001);
		CHECK_EQ(read(efd, &v, sizeof(v)), sizeof(v));
		CHECK(v >= 1);

		CHECK_EQ(io_uring_cq_eventfd_toggle(ring, false), 0);
		CHECK(*ring->cq.kflags & IORING_CQ_EVENTFD_DISABLED);
		CHECK(!io_uring_cq_eventfd_enabled(ring));
		nop_roundtrip(ring, 0xe002);
		CHECK_EQ(read(efd, &v, sizeof(v)), -1);
		CHECK_EQ(errno, EAGAIN);

		CHECK_EQ(io_uring_cq_eventfd_toggle(ring, true), 0);
		CHECK(!(*ring->cq.kflags & IORING_CQ_EVENTFD_DISABLED));
		nop_roundtrip(ring, 0xe003);
		CHECK_EQ(read(efd, &v, sizeof(v)), sizeof(v));
	}
	CHECK_EQ(io_uring_unregister_eventfd(ring), 0);
	nop_roundtrip(ring, 0xe004);
	CHECK_EQ(read(efd, &v, sizeof(v)), -1);
	close(efd);
}

static void test_ring_fd(struct io_uring *ring)
{
	int ret = io_uring_register_ring_fd(ring);
	int i;

	if (ret == -EINVAL) {
		fprintf(stderr, "partial skip: kernel cannot register the ring fd\n");
		return;
	}
	CHECK_EQ(ret, 1);
	CHECK(ring->int_flags & 1);
	CHECK(ring->enter_ring_fd >= 0 && ring->enter_ring_fd < 16);
	CHECK(ring->ring_fd >= 0);
	for (i = 0; i < 20; i++)
		nop_roundtrip(ring, 0xf000 + i);
	{
		struct __kernel_timespec ts = a_ts_ms(20);
		struct io_uring_cqe *cqe = NULL;

		CHECK_EQ(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	}
	CHECK_EQ(io_uring_unregister_ring_fd(ring), 1);
	CHECK(!(ring->int_flags & 1));
	CHECK_EQ(ring->enter_ring_fd, ring->ring_fd);
	nop_roundtrip(ring, 0xf100);
}

static void test_get_events(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);
	struct io_uring_cqe *cqe;

	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 0x9001);
	CHECK_EQ(io_uring_submit_and_get_events(ring), 1);
	CHECK_EQ(io_uring_cq_ready(ring), 1);
	CHECK_EQ(io_uring_get_events(ring), 0);
	CHECK_EQ(io_uring_peek_cqe(ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 0x9001);
	io_uring_cqe_seen(ring, cqe);
	CHECK_EQ(io_uring_enter(ring->ring_fd, 0, 0, IORING_ENTER_GETEVENTS, NULL), 0);
}

static void test_raw_setup_mmap(void)
{
	struct io_uring_params p;
	struct io_uring r;
	unsigned i;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	memset(&r, 0xa5, sizeof(r));
	CHECK_EQ(io_uring_queue_mmap(fd, &p, &r), 0);
	CHECK_EQ(r.ring_fd, fd);
	CHECK_EQ(r.enter_ring_fd, fd);
	CHECK_EQ(r.int_flags, 0);
	CHECK_EQ(r.flags, p.flags);
	/* liburing sets features here since 2.4 (2.3 left them 0) */
	if (abi_is_ours())
		CHECK_EQ(r.features, p.features);
	CHECK(r.sq.sqe_head == 0 && r.sq.sqe_tail == 0);
	CHECK_EQ(r.sq.ring_entries, 4);
	CHECK_EQ(r.sq.ring_mask, 3);
	CHECK_EQ(r.cq.ring_entries, 8);
	CHECK((char *) r.sq.array == (char *) r.sq.ring_ptr + p.sq_off.array);
	CHECK((char *) r.cq.cqes == (char *) r.cq.ring_ptr + p.cq_off.cqes);
	/* queue_mmap leaves the SQ array to the caller */
	for (i = 0; i < r.sq.ring_entries; i++)
		r.sq.array[i] = i;
	CHECK_EQ(io_uring_ring_dontfork(&r), 0);
	for (i = 0; i < 10; i++)
		nop_roundtrip(&r, 0xd000 + i);
	io_uring_queue_exit(&r);
	CHECK_EQ(fcntl(fd, F_GETFD), -1);
	CHECK_EQ(errno, EBADF);
}

static void test_personality_sync_cancel(struct io_uring *ring)
{
	struct io_uring_sync_cancel_reg reg;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int id, fds[2], ret;
	char buf[8];

	id = io_uring_register_personality(ring);
	CHECK(id > 0);
	sqe = GET_SQE(ring);
	io_uring_prep_nop(sqe);
	sqe->personality = (__u16) id;
	CHECK_EQ(SUBMIT_ONE(ring, sqe, 0xa001, 3000), 0);
	CHECK_EQ(io_uring_unregister_personality(ring, id), 0);

	CHECK(pipe(fds) == 0);
	sqe = GET_SQE(ring);
	io_uring_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 0xa002);
	CHECK_EQ(io_uring_submit(ring), 1);
	memset(&reg, 0, sizeof(reg));
	reg.addr = 0xa002;
	reg.fd = -1;
	reg.timeout.tv_sec = 2;
	reg.timeout.tv_nsec = 0;
	ret = io_uring_register_sync_cancel(ring, &reg);
	if (ret == -EINVAL) {
		fprintf(stderr, "partial skip: kernel without sync cancel\n");
		CHECK_EQ(write(fds[1], "x", 1), 1);
	} else {
		CHECK_EQ(ret, 0);
	}
	WAIT_CQE(ring, &cqe, 3000);
	CHECK_EQ(cqe->user_data, 0xa002);
	if (ret == 0)
		CHECK_EQ(cqe->res, -ECANCELED);
	io_uring_cqe_seen(ring, cqe);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	struct io_uring ring;
	ssize_t ml;

	abi_init();
	INIT_RING(&ring, 8, 0);

	test_probe(&ring);
	test_eventfd(&ring);
	test_ring_fd(&ring);
	test_get_events(&ring);
	test_personality_sync_cancel(&ring);
	test_raw_setup_mmap();

	ml = io_uring_mlock_size(8, 0);
	if (ring.features & IORING_FEAT_NATIVE_WORKERS)
		CHECK_EQ(ml, 0);
	else
		CHECK(ml > 0);

	{
		int fd = ring.ring_fd;

		io_uring_queue_exit(&ring);
		CHECK_EQ(fcntl(fd, F_GETFD), -1);
		CHECK_EQ(errno, EBADF);
	}
	return A_PASS;
}
