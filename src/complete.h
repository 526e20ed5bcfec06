/* C twin of src/complete.rs: reading, iterating and consuming CQEs. */

/* 1 if setup flags give 32-byte CQEs (the CQE index shift), else 0. */
IOURINGINLINE unsigned io_uring_cqe_shift_from_flags(unsigned flags) LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_CQE32);
}

/* 1 if the ring's CQEs are 32 bytes, else 0. */
IOURINGINLINE unsigned io_uring_cqe_shift(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_cqe_shift_from_flags(ring->flags);
}

/* CQ slots the CQE takes: 2 for a 32-byte CQE on a CQE_MIXED ring, else 1. */
IOURINGINLINE unsigned io_uring_cqe_nr(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return 1U << !!(cqe->flags & IORING_CQE_F_32);
}

/* The CQE's user_data as a pointer. */
IOURINGINLINE void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return (void *) (uintptr_t) cqe->user_data;
}

/* The CQE's user_data. */
IOURINGINLINE __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return cqe->user_data;
}

/* CQ slots ready to be consumed. The acquire load makes the CQEs before the tail visible. */
IOURINGINLINE unsigned io_uring_cq_ready(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

/* Whether completions overflowed and wait in the kernel to be flushed into the CQ ring. */
IOURINGINLINE bool io_uring_cq_has_overflow(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW;
}

/* Whether eventfd notifications are on (always, when the kernel has no CQ flags word). */
IOURINGINLINE bool io_uring_cq_eventfd_enabled(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (!ring->cq.kflags)
		return true;
	return !(IO_URING_READ_ONCE(*ring->cq.kflags) & IORING_CQ_EVENTFD_DISABLED);
}

/* Turn eventfd notifications on or off: 0, or -EOPNOTSUPP without a CQ flags word. */
IOURINGINLINE int io_uring_cq_eventfd_toggle(struct io_uring *ring, bool enabled) LIBURING_NOEXCEPT
{
	unsigned flags;

	if (enabled == io_uring_cq_eventfd_enabled(ring))
		return 0;
	if (!ring->cq.kflags)
		return -EOPNOTSUPP;
	flags = IO_URING_READ_ONCE(*ring->cq.kflags);
	if (enabled)
		flags &= ~IORING_CQ_EVENTFD_DISABLED;
	else
		flags |= IORING_CQ_EVENTFD_DISABLED;
	IO_URING_WRITE_ONCE(*ring->cq.kflags, flags);
	return 0;
}

/*
 * Hand nr CQ slots back to the kernel. The release store keeps the reads of
 * those CQEs before the kernel can see the slots free. Only the application
 * writes the head, so reading it needs no ordering.
 */
IOURINGINLINE void io_uring_cq_advance(struct io_uring *ring, unsigned nr) LIBURING_NOEXCEPT
{
	if (nr)
		io_uring_smp_store_release(ring->cq.khead, *ring->cq.khead + nr);
}

/* Consume a CQE returned by peek or wait; NULL is ignored. */
IOURINGINLINE void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	if (cqe)
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
}

/* Start iterating the ready CQEs (the state behind io_uring_for_each_cqe). */
IOURINGINLINE struct io_uring_cqe_iter io_uring_cqe_iter_init(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	struct io_uring_cqe_iter iter;

	iter.cqes = ring->cq.cqes;
	iter.mask = ring->cq.ring_mask;
	iter.shift = io_uring_cqe_shift(ring);
	iter.head = *ring->cq.khead;
	iter.tail = io_uring_smp_load_acquire(ring->cq.ktail);
	return iter;
}

/* Step the iterator: the next CQE in *cqe and true, or false at the end. */
IOURINGINLINE bool io_uring_cqe_iter_next(struct io_uring_cqe_iter *iter,
					  struct io_uring_cqe **cqe) LIBURING_NOEXCEPT
{
	struct io_uring_cqe *c;

	if (iter->head == iter->tail)
		return false;
	c = iter->cqes + ((iter->head & iter->mask) << iter->shift);
	iter->head++;
	/*
	 * A 32-byte CQE of a mixed ring takes two slots. This must stay a branch:
	 * predicted, it lets the next index go ahead without waiting for this
	 * CQE's load, while arithmetic on the flags (what compilers turn a plain
	 * if into) chains every step of the loop to the previous load, 4x slower.
	 * The empty asm keeps the compiler from making it branch-free.
	 */
	if (uring_unlikely(c->flags & IORING_CQE_F_32)) {
		iter->head++;
		__asm__ __volatile__("");
	}
	*cqe = c;
	return true;
}

/*
 * Consume a CQE the application must not see: a skip entry (CQE_MIXED padding)
 * or the library's own timeout on kernels without EXT_ARG, whose error goes to
 * *err. Returns true when the caller should look at the next CQE.
 */
_LOCAL_INLINE bool io_uring_skip_cqe(struct io_uring *ring, struct io_uring_cqe *cqe, int *err)
	LIBURING_NOEXCEPT
{
	if (!(cqe->flags & IORING_CQE_F_SKIP)) {
		if ((ring->features & IORING_FEAT_EXT_ARG) ||
		    cqe->user_data != LIBURING_UDATA_TIMEOUT)
			return false;
		if (cqe->res < 0)
			*err = cqe->res;
	}
	io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
	return !*err;
}

/*
 * The first CQE the application should see in *cqe_ptr (or NULL), and the
 * slots ready in *nr_available if not NULL. Returns 0, or the error of the
 * library's own timeout CQE (already consumed).
 */
IOURINGINLINE int __io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
				      unsigned *nr_available) LIBURING_NOEXCEPT
{
	struct io_uring_cqe *cqe = NULL;
	unsigned available;
	int err = 0;

	for (;;) {
		unsigned tail = io_uring_smp_load_acquire(ring->cq.ktail);
		unsigned head = *ring->cq.khead;

		available = tail - head;
		if (!available)
			break;
		cqe = ring->cq.cqes + ((head & ring->cq.ring_mask) << io_uring_cqe_shift(ring));
		if (!io_uring_skip_cqe(ring, cqe, &err)) {
			if (err)
				cqe = NULL;
			break;
		}
		cqe = NULL;
	}
	*cqe_ptr = cqe;
	if (nr_available)
		*nr_available = available;
	return err;
}

/* The first CQE in *cqe_ptr without waiting: 0, -EAGAIN if none, -EINVAL for NULL arguments. */
IOURINGINLINE int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
	LIBURING_NOEXCEPT
{
	if (!ring || !cqe_ptr)
		return -EINVAL;
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL)) {
		if (*cqe_ptr)
			return 0;
		/* empty, and nothing the kernel could flush: no system call */
		if (!(ring->flags & IORING_SETUP_IOPOLL) &&
		    !(IO_URING_READ_ONCE(*ring->sq.kflags) &
		      (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)))
			return -EAGAIN;
	}
	return __io_uring_get_cqe(ring, cqe_ptr, 0, 0, NULL);
}

/* The first CQE in *cqe_ptr, waiting until wait_nr are ready: 0 or -errno. */
IOURINGINLINE int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
				       unsigned wait_nr) LIBURING_NOEXCEPT
{
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/* The first CQE in *cqe_ptr, waiting for one if needed: 0 or -errno. */
IOURINGINLINE int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
	LIBURING_NOEXCEPT
{
	if (!ring || !cqe_ptr)
		return -EINVAL;
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return __io_uring_get_cqe(ring, cqe_ptr, 0, 1, NULL);
}
