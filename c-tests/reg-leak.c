/* SPDX-License-Identifier: MIT */
/*
 * No leaks across register/unregister cycles: after many rounds of every
 * registration call (on fresh rings and on one long-lived ring, with and
 * without a registered/closed ring fd), the process has the same open fds,
 * the same number of memory mappings and the same malloc'ed bytes as before.
 */
#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include "test.h"

#define ROUNDS 200

static char bufmem[4][4096];

/* One round of every kind of registration on @ring, undone again. */
static void cycle(struct io_uring *ring, int datafd)
{
	struct iovec iov[4];
	struct io_uring_probe *p;
	struct io_uring_sync_cancel_reg sc;
	__u64 tags[2] = { 1, 2 };
	unsigned int vals[2] = { 0, 0 };
	int files[2] = { datafd, -1 }, efd, id, i;

	for (i = 0; i < 4; i++) {
		iov[i].iov_base = bufmem[i];
		iov[i].iov_len = sizeof(bufmem[i]);
	}

	CHECK_EQ(io_uring_register_files(ring, files, 2), 0);
	CHECK_EQ(io_uring_register_files_update(ring, 1, files, 1), 1);
	CHECK_EQ(io_uring_register_file_alloc_range(ring, 0, 2), 0);
	CHECK_EQ(io_uring_unregister_files(ring), 0);
	CHECK_EQ(io_uring_register_files_tags(ring, files, NULL, 2), 0);
	CHECK_EQ(io_uring_register_files_update_tag(ring, 0, files, NULL, 1), 1);
	CHECK_EQ(io_uring_unregister_files(ring), 0);
	CHECK_EQ(io_uring_register_files_sparse(ring, 64), 0);
	CHECK_EQ(io_uring_unregister_files(ring), 0);
	CHECK_EQ(io_uring_register_files(ring, files, 0), -EINVAL);	/* failures leak nothing either */

	CHECK_EQ(io_uring_register_buffers(ring, iov, 4), 0);
	CHECK_EQ(io_uring_register_buffers_update_tag(ring, 1, iov, NULL, 1), 1);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);
	CHECK_EQ(io_uring_register_buffers_tags(ring, iov, tags, 2), 0);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);
	CHECK_EQ(io_uring_register_buffers_sparse(ring, 16), 0);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);

	efd = eventfd(0, EFD_NONBLOCK);
	CHECK(efd >= 0);
	CHECK_EQ(io_uring_register_eventfd(ring, efd), 0);
	CHECK_EQ(io_uring_unregister_eventfd(ring), 0);
	CHECK_EQ(io_uring_register_eventfd_async(ring, efd), 0);
	CHECK_EQ(io_uring_unregister_eventfd(ring), 0);
	close(efd);

	id = io_uring_register_personality(ring);
	CHECK(id > 0);
	CHECK_EQ(io_uring_unregister_personality(ring, id), 0);

	p = io_uring_get_probe_ring(ring);
	CHECK(p != NULL);
	io_uring_free_probe(p);

	CHECK_EQ(io_uring_register_iowq_max_workers(ring, vals), 0);

	memset(&sc, 0, sizeof(sc));
	sc.addr = 999;
	sc.timeout.tv_sec = sc.timeout.tv_nsec = -1;
	CHECK_EQ(io_uring_register_sync_cancel(ring, &sc), -ENOENT);

	/* reap the tag CQEs the tagged buffers posted */
	{
		struct io_uring_cqe *cqe;

		while (io_uring_peek_cqe(ring, &cqe) == 0)
			io_uring_cqe_seen(ring, cqe);
	}
}

static void one_round(int datafd, int mode)
{
	struct io_uring ring;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	if (mode >= 1)
		CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	if (mode == 2 && (ring.features & IORING_FEAT_REG_REG_RING))
		CHECK_EQ(io_uring_close_ring_fd(&ring), 1);
	cycle(&ring, datafd);
	NOP_ROUNDTRIP(&ring, 1);
	if (mode == 1)
		CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	struct mallinfo2 mi;
	size_t heap_before;
	int fds_before, maps_before, datafd, i;

	t_init();
	datafd = t_tmpfile();

	/* warm up (stdio, lazily allocated library state), then take the baseline */
	for (i = 0; i < 3; i++)
		one_round(datafd, i);
	fds_before = t_count_fds();
	maps_before = t_count_maps();
	mi = mallinfo2();
	heap_before = mi.uordblks;

	for (i = 0; i < ROUNDS; i++)
		one_round(datafd, i % 3);

	/* many cycles on one long-lived ring, too */
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	for (i = 0; i < ROUNDS; i++)
		cycle(&ring, datafd);
	io_uring_queue_exit(&ring);

	mi = mallinfo2();
	if (mi.uordblks != heap_before)
		FAIL("malloc'ed bytes: %zu before, %zu after %d rounds", heap_before,
		     (size_t) mi.uordblks, ROUNDS);
	CHECK_EQ(t_count_maps(), maps_before);
	CHECK_EQ(t_count_fds(), fds_before);

	close(datafd);
	return T_PASS;
}
