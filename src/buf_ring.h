/* C twin of src/buf_ring.rs: filling and advancing provided-buffer rings. */

/**
 * compute the index mask of a provided-buffer ring
 *
 * Return the mask that turns a free-running buffer ring index into a slot number, for a
 * ring of @ring_entries entries, the same count given to io_uring_register_buf_ring() or
 * io_uring_setup_buf_ring(). Pass it as the mask argument of io_uring_buf_ring_add().
 *
 * Return: @ring_entries - 1, as an int.
 *
 * Notes: the kernel only accepts buffer rings whose entry count is a power of two (at most
 * 32768); for any other value the result is not a valid mask.
 *
 * See also: io_uring_buf_ring_add(3), io_uring_setup_buf_ring(3),
 * io_uring_register_buf_ring(3)
 */
IOURINGINLINE int io_uring_buf_ring_mask(__u32 ring_entries) LIBURING_NOEXCEPT
{
	return (int) (ring_entries - 1);
}

/**
 * reset the tail of a provided-buffer ring
 *
 * Set the tail index of @br to 0, the state the kernel expects of a new ring: no buffer
 * is published. The tail shares its storage with a reserved field of the first entry, so
 * nothing else of the ring is touched.
 *
 * Call it on ring memory the application allocated itself, before registering the ring
 * with io_uring_register_buf_ring() or at least before the first
 * io_uring_buf_ring_advance().
 *
 * Return: nothing.
 *
 * Notes: io_uring_setup_buf_ring() allocates, registers and initialises a ring in one
 * call, and needs no io_uring_buf_ring_init().
 *
 * See also: io_uring_setup_buf_ring(3), io_uring_register_buf_ring(3),
 * io_uring_buf_ring_add(3)
 */
IOURINGINLINE void io_uring_buf_ring_init(struct io_uring_buf_ring *br) LIBURING_NOEXCEPT
{
	br->tail = 0;
}

/**
 * put a buffer into a provided-buffer ring, not yet published
 *
 * Write the buffer @addr of @len bytes, with buffer ID @bid, into the slot of @br that is
 * @buf_offset entries past the current tail (wrapped with @mask, from
 * io_uring_buf_ring_mask()). The tail does not move, so the kernel does not see the buffer
 * yet: publish it with io_uring_buf_ring_advance() or io_uring_buf_ring_cq_advance().
 *
 * To add several buffers before one publication, give the first a @buf_offset of 0, the
 * next 1, and so on, then advance by their number.
 *
 * @bid is the application's name for the buffer: when a request consumes it, the kernel
 * reports it in the CQE flags (flags >> IORING_CQE_BUFFER_SHIFT, with IORING_CQE_F_BUFFER
 * set). Neither the kernel nor the library ties an ID to an address: a slot can be refilled
 * with a different buffer under the same ID, or the reverse, as long as the application
 * can map the ID back to its memory.
 *
 * Return: nothing.
 *
 * Notes: the buffer belongs to the kernel from the moment it is published until it comes
 * back in a CQE; it must stay valid that long. No more than the ring's entry count may be
 * published and not yet consumed, or unconsumed entries are overwritten. A single request
 * transfers at most INT_MAX bytes, whatever @len says.
 *
 * See also: io_uring_buf_ring_advance(3), io_uring_buf_ring_cq_advance(3),
 * io_uring_buf_ring_mask(3), io_uring_setup_buf_ring(3)
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

/**
 * publish buffers added to a provided-buffer ring
 *
 * Move the tail of @br forward by @count, handing the @count buffers added with
 * io_uring_buf_ring_add() (offsets 0 to @count - 1) to the kernel. The new tail is written
 * with a release store, so the kernel sees the entries' contents before it sees the tail
 * that covers them. The tail is 16 bits wide and wraps at 65536.
 *
 * Return: nothing.
 *
 * See also: io_uring_buf_ring_add(3), io_uring_buf_ring_cq_advance(3),
 * io_uring_buf_ring_available(3)
 */
IOURINGINLINE void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count)
	LIBURING_NOEXCEPT
{
	__u16 tail = (__u16) (br->tail + count);

	io_uring_smp_store_release(&br->tail, tail);
}

/**
 * publish buffers and consume completions, with separate counts
 *
 * Move the tail of the buffer ring @br forward by @buf_count, as
 * io_uring_buf_ring_advance() does, then the CQ head of @ring forward by @cq_count slots,
 * as io_uring_cq_advance() does. It serves loops that recycle buffers while reaping CQEs,
 * when the number of buffers given back differs from the number of CQEs handled (for
 * example when some CQEs used no buffer).
 *
 * Return: nothing.
 *
 * Notes: @cq_count counts CQ ring slots: on an IORING_SETUP_CQE_MIXED ring a 32-byte CQE
 * takes two (see io_uring_cqe_nr()). The two indices are written with two separate release
 * stores, the buffer ring's first.
 *
 * See also: io_uring_buf_ring_cq_advance(3), io_uring_buf_ring_advance(3),
 * io_uring_cq_advance(3)
 */
IOURINGINLINE void __io_uring_buf_ring_cq_advance(struct io_uring *ring,
						  struct io_uring_buf_ring *br,
						  int cq_count, int buf_count) LIBURING_NOEXCEPT
{
	io_uring_buf_ring_advance(br, buf_count);
	io_uring_cq_advance(ring, (unsigned) cq_count);
}

/**
 * publish buffers and consume as many completions
 *
 * The common case of __io_uring_buf_ring_cq_advance(): for a loop that gives back one
 * buffer per completion it handles, move the tail of @br and the CQ head of @ring both
 * forward by @count, publishing the buffers added with io_uring_buf_ring_add() and
 * releasing the CQ slots in one call.
 *
 * Return: nothing.
 *
 * Notes: the CQ head moves by @count slots; on an IORING_SETUP_CQE_MIXED ring, where a
 * 32-byte CQE takes two, use __io_uring_buf_ring_cq_advance() with the slot count.
 *
 * See also: __io_uring_buf_ring_cq_advance(3), io_uring_buf_ring_add(3),
 * io_uring_cq_advance(3), io_uring_for_each_cqe(3)
 */
IOURINGINLINE void io_uring_buf_ring_cq_advance(struct io_uring *ring,
						struct io_uring_buf_ring *br,
						int count) LIBURING_NOEXCEPT
{
	__io_uring_buf_ring_cq_advance(ring, br, count, count);
}

/**
 * count the buffers of a provided-buffer ring not yet used by the kernel
 *
 * Ask the kernel for the head of buffer group @bgid of @ring (with
 * io_uring_buf_ring_head(), a system call) and return how many published buffers of @br,
 * the same group's ring, lie between that head and the tail. The head is only known to the
 * kernel, so there is no cheaper way to get the number.
 *
 * Return: the number of unconsumed buffers (0 to the ring size), or a negative errno.
 *
 * Errors:
 * -ENOENT: no buffer group @bgid is registered on @ring.
 * -EINVAL: the group is not a buffer ring (it was filled with
 * io_uring_prep_provide_buffers()), or the kernel cannot report the head (before Linux 6.8).
 *
 * Notes: the count is a snapshot: requests in flight may consume buffers at any moment.
 * With incrementally consumed rings (IOU_PBUF_RING_INC) a partly used buffer still counts.
 *
 * See also: io_uring_buf_ring_head(3), io_uring_buf_ring_advance(3),
 * io_uring_setup_buf_ring(3)
 */
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
