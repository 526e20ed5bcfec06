/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_ring_fd, io_uring_unregister_ring_fd, io_uring_close_ring_fd,
 * and every other registration call going through the registered ring index
 * (IORING_FEAT_REG_REG_RING) once the real fd is closed. Also: a ring whose fd
 * is not an io_uring, or not open, and the per-task limit of registered rings.
 */
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include "test.h"

static int run(struct io_uring *ring, struct io_uring_sqe *sqe, __u64 ud)
{
	sqe->user_data = ud;
	return RUN_ONE(ring, ud, 2000, NULL);
}

static void nops(struct io_uring *ring, int n)
{
	int i;

	for (i = 0; i < n; i++)
		NOP_ROUNDTRIP(ring, 100 + i);
}

static int fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* Registration calls of every kind on @ring, which has no usable ring_fd. */
static void registrations_work(struct io_uring *ring, int datafd)
{
	struct io_uring_probe *probe;
	struct io_uring_sqe *sqe;
	struct iovec iov;
	unsigned int vals[2] = { 0, 0 };
	char buf[16], mem[16];
	eventfd_t ev;
	int files[2] = { datafd, -1 }, efd, id;

	/* files: register, read through slot 0, update slot 1, unregister */
	CHECK_EQ(io_uring_register_files(ring, files, 2), 0);
	sqe = GET_SQE(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, 0, buf, 5, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(ring, sqe, 1), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(io_uring_register_files_update(ring, 1, files, 1), 1);
	sqe = GET_SQE(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, 1, buf, 5, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_EQ(run(ring, sqe, 2), 5);
	CHECK_EQ(io_uring_unregister_files(ring), 0);
	CHECK_EQ(io_uring_unregister_files(ring), -ENXIO);

	/* buffers */
	iov.iov_base = mem;
	iov.iov_len = sizeof(mem);
	CHECK_EQ(io_uring_register_buffers(ring, &iov, 1), 0);
	memset(mem, 0, sizeof(mem));
	sqe = GET_SQE(ring);
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, datafd, mem, 5, 0);
	sqe->buf_index = 0;
	CHECK_EQ(run(ring, sqe, 3), 5);
	CHECK(!memcmp(mem, "hello", 5));
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);

	/* eventfd */
	efd = eventfd(0, EFD_NONBLOCK);
	CHECK(efd >= 0);
	CHECK_EQ(io_uring_register_eventfd(ring, efd), 0);
	NOP_ROUNDTRIP(ring, 4);
	CHECK(eventfd_read(efd, &ev) == 0 && ev >= 1);
	CHECK_EQ(io_uring_unregister_eventfd(ring), 0);
	close(efd);

	/* probe, personality, io-wq limits, sync cancel */
	probe = io_uring_get_probe_ring(ring);
	CHECK(probe != NULL);
	CHECK(io_uring_opcode_supported(probe, IORING_OP_NOP));
	io_uring_free_probe(probe);
	id = io_uring_register_personality(ring);
	CHECK(id > 0);
	sqe = GET_SQE(ring);
	io_uring_prep_nop(sqe);
	sqe->personality = id;
	CHECK_EQ(run(ring, sqe, 5), 0);
	CHECK_EQ(io_uring_unregister_personality(ring, id), 0);
	CHECK_EQ(io_uring_register_iowq_max_workers(ring, vals), 0);
	CHECK(vals[0] > 0);
	{
		struct io_uring_sync_cancel_reg reg;

		memset(&reg, 0, sizeof(reg));
		reg.addr = 12345;
		reg.timeout.tv_sec = -1;
		reg.timeout.tv_nsec = -1;
		CHECK_EQ(io_uring_register_sync_cancel(ring, &reg), -ENOENT);
	}
}

static void test_register_unregister(int datafd)
{
	struct io_uring ring;
	int fd, idx;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	fd = ring.ring_fd;

	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);	/* not registered */
	CHECK_EQ(io_uring_close_ring_fd(&ring), -EINVAL);	/* not registered */
	CHECK_EQ(ring.enter_ring_fd, fd);
	CHECK(!(ring.int_flags & IORING_ENTER_REGISTERED_RING));

	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	idx = ring.enter_ring_fd;
	if (idx < 0 || idx >= 16)
		FAIL("enter_ring_fd after registering: expected an index 0..15, got %d", idx);
	CHECK(ring.int_flags & IORING_ENTER_REGISTERED_RING);
	CHECK_EQ(ring.ring_fd, fd);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	CHECK_EQ(ring.enter_ring_fd, idx);
	nops(&ring, 3);
	registrations_work(&ring, datafd);

	CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	CHECK_EQ(ring.enter_ring_fd, fd);
	CHECK(!(ring.int_flags & IORING_ENTER_REGISTERED_RING));
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);
	nops(&ring, 3);
	registrations_work(&ring, datafd);

	/* again: the slot is free to use */
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	nops(&ring, 2);
	io_uring_queue_exit(&ring);	/* unregisters and closes */
	CHECK(!fd_is_open(fd));
}

static void test_close_ring_fd(int datafd)
{
	struct io_uring ring;
	int fd, before;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	if (!(ring.features & IORING_FEAT_REG_REG_RING)) {
		CHECK_EQ(io_uring_close_ring_fd(&ring), -EOPNOTSUPP);
		io_uring_queue_exit(&ring);
		t_skip_part("IORING_FEAT_REG_REG_RING missing (kernel < 6.3)");
		return;
	}
	fd = ring.ring_fd;
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	before = t_count_fds();
	CHECK_EQ(io_uring_close_ring_fd(&ring), 1);
	CHECK_EQ(ring.ring_fd, -1);
	CHECK(!fd_is_open(fd));
	CHECK_EQ(t_count_fds(), before - 1);
	CHECK_EQ(io_uring_close_ring_fd(&ring), -EBADF);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);

	nops(&ring, 5);
	registrations_work(&ring, datafd);
	nops(&ring, 2);

	/* unregistering drops the last reference: nothing reaches the ring any more */
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	CHECK_EQ(ring.enter_ring_fd, -1);
	CHECK(!(ring.int_flags & IORING_ENTER_REGISTERED_RING));
	/* fd -1 means "no ring" to the kernel: only ring-less opcodes, -EINVAL */
	CHECK_EQ(io_uring_register_personality(&ring), -EINVAL);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EINVAL);
	io_uring_queue_exit(&ring);
}

/* IORING_SETUP_REGISTERED_FD_ONLY: the ring never had a normal fd. */
static void test_registered_fd_only(int datafd)
{
	struct io_uring_params p;
	struct io_uring ring;
	int ret, before = t_count_fds();

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_REGISTERED_FD_ONLY | IORING_SETUP_NO_MMAP;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL) {
		t_skip_part("IORING_SETUP_REGISTERED_FD_ONLY not supported (kernel < 6.5)");
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(ring.ring_fd, -1);
	CHECK(ring.int_flags & IORING_ENTER_REGISTERED_RING);
	CHECK_EQ(t_count_fds(), before);
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	CHECK_EQ(io_uring_close_ring_fd(&ring), -EBADF);
	nops(&ring, 3);
	registrations_work(&ring, datafd);
	io_uring_queue_exit(&ring);
	CHECK_EQ(t_count_fds(), before);
}

/* A struct io_uring whose ring_fd is not a ring (or not open) reaches the kernel as is. */
static void test_bad_ring_fd(void)
{
	struct io_uring ring, copy;
	int nullfd, files[1] = { 0 };
	unsigned int vals[2] = { 0, 0 };

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	nullfd = open("/dev/null", O_RDONLY);
	CHECK(nullfd >= 0);

	copy = ring;
	copy.ring_fd = copy.enter_ring_fd = nullfd;
	CHECK_EQ(io_uring_register_files(&copy, files, 1), -EOPNOTSUPP);
	CHECK_EQ(io_uring_register_personality(&copy), -EOPNOTSUPP);
	CHECK_EQ(io_uring_register_iowq_max_workers(&copy, vals), -EOPNOTSUPP);
	CHECK_EQ(io_uring_register_ring_fd(&copy), -EOPNOTSUPP);
	CHECK(!(copy.int_flags & IORING_ENTER_REGISTERED_RING));

	copy = ring;
	copy.ring_fd = copy.enter_ring_fd = 1 << 30;
	CHECK_EQ(io_uring_register_files(&copy, files, 1), -EBADF);
	CHECK_EQ(io_uring_unregister_files(&copy), -EBADF);
	CHECK_EQ(io_uring_register_eventfd(&copy, 0), -EBADF);
	CHECK_EQ(io_uring_register_ring_fd(&copy), -EBADF);
	CHECK(!(copy.int_flags & IORING_ENTER_REGISTERED_RING));

	copy = ring;
	copy.ring_fd = copy.enter_ring_fd = -1;	/* -1: the kernel's "no ring" */
	CHECK_EQ(io_uring_register_personality(&copy), -EINVAL);
	CHECK_EQ(io_uring_register_files(&copy, files, 1), -EINVAL);

	/* the real ring is unaffected */
	NOP_ROUNDTRIP(&ring, 9);
	close(nullfd);
	io_uring_queue_exit(&ring);
}

/* A task can register at most 16 ring fds; freed slots are reused. */
static void test_limit(void)
{
	struct io_uring rings[17];
	int i, seen = 0;

	for (i = 0; i < 17; i++)
		CHECK_OK(io_uring_queue_init(2, &rings[i], 0));
	for (i = 0; i < 16; i++) {
		CHECK_EQ(io_uring_register_ring_fd(&rings[i]), 1);
		if (seen & (1 << rings[i].enter_ring_fd))
			FAIL("ring %d got registered index %d twice", i, rings[i].enter_ring_fd);
		seen |= 1 << rings[i].enter_ring_fd;
	}
	CHECK_EQ(io_uring_register_ring_fd(&rings[16]), -EBUSY);
	CHECK(!(rings[16].int_flags & IORING_ENTER_REGISTERED_RING));
	CHECK_EQ(rings[16].enter_ring_fd, rings[16].ring_fd);
	NOP_ROUNDTRIP(&rings[16], 1);	/* still usable through its fd */
	CHECK_EQ(io_uring_unregister_ring_fd(&rings[3]), 1);
	CHECK_EQ(io_uring_register_ring_fd(&rings[16]), 1);
	NOP_ROUNDTRIP(&rings[16], 2);
	NOP_ROUNDTRIP(&rings[3], 3);
	for (i = 0; i < 17; i++)
		io_uring_queue_exit(&rings[i]);
}

int main(void)
{
	int fds_before, datafd;

	t_init();
	fds_before = t_count_fds();
	datafd = t_tmpfile();
	CHECK(pwrite(datafd, "hello", 5, 0) == 5);

	test_register_unregister(datafd);
	test_close_ring_fd(datafd);
	test_registered_fd_only(datafd);
	test_bad_ring_fd();
	test_limit();

	close(datafd);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
