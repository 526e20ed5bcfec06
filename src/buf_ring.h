/* C twin of src/buf_ring.rs: filling and advancing provided-buffer rings. */

/* The index mask of a buffer ring of ring_entries (a power of two) entries. */
IOURINGINLINE int io_uring_buf_ring_mask(__u32 ring_entries) LIBURING_NOEXCEPT
{
	return (int) (ring_entries - 1);
}

/* Reset a new buffer ring's tail. */
IOURINGINLINE void io_uring_buf_ring_init(struct io_uring_buf_ring *br) LIBURING_NOEXCEPT
{
	br->tail = 0;
}

/*
 * Put buffer bid (addr, len) in the slot buf_offset entries past the tail; the
 * kernel sees it after io_uring_buf_ring_advance().
 */
IOURINGINLINE void io_uring_buf_ring_add(struct io_uring_buf_ring *br, void *addr,
					 unsigned int len, unsigned short bid, int mask,
					 int buf_offset) LIBURING_NOEXCEPT
{
	struct io_uring_buf *buf = &br->bufs[(br->tail + buf_offset) & mask];

	buf->addr = (unsigned long) (uintptr_t) addr;
	buf->len = len;
	buf->bid = bid;
}

/*
 * Publish count added buffers. The release store makes the buffers' contents
 * visible to the kernel before the tail that covers them.
 */
IOURINGINLINE void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count)
	LIBURING_NOEXCEPT
{
	__u16 tail = (__u16) (br->tail + count);

	io_uring_smp_store_release(&br->tail, tail);
}

/* Publish buf_count buffers and consume cq_count CQEs. */
IOURINGINLINE void __io_uring_buf_ring_cq_advance(struct io_uring *ring,
						  struct io_uring_buf_ring *br,
						  int cq_count, int buf_count) LIBURING_NOEXCEPT
{
	io_uring_buf_ring_advance(br, buf_count);
	io_uring_cq_advance(ring, (unsigned) cq_count);
}

/* Publish count buffers and consume as many CQEs, one buffer per completion. */
IOURINGINLINE void io_uring_buf_ring_cq_advance(struct io_uring *ring,
						struct io_uring_buf_ring *br,
						int count) LIBURING_NOEXCEPT
{
	__io_uring_buf_ring_cq_advance(ring, br, count, count);
}

/* Buffers the kernel has not consumed yet in group bgid, or -errno from the head query. */
IOURINGINLINE int io_uring_buf_ring_available(struct io_uring *ring,
					      struct io_uring_buf_ring *br,
					      unsigned short bgid) LIBURING_NOEXCEPT
{
	uint16_t head;
	int ret = io_uring_buf_ring_head(ring, bgid, &head);

	if (ret)
		return ret;
	return (uint16_t) (br->tail - head);
}
