/* C twin of src/submit.rs: handing out SQEs and reading the SQ ring's state. */

/* 1 if setup flags give 128-byte SQEs (the SQE index shift), else 0. */
IOURINGINLINE unsigned io_uring_sqe_shift_from_flags(unsigned flags) LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_SQE128);
}

/* 1 if the ring's SQEs are 128 bytes, else 0. */
IOURINGINLINE unsigned io_uring_sqe_shift(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_sqe_shift_from_flags(ring->flags);
}

/*
 * The kernel's SQ head. Only an SQPOLL thread moves it behind our back, so only
 * then is an acquire load needed; otherwise io_uring_enter orders it.
 */
IOURINGINLINE unsigned io_uring_load_sq_head(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (ring->flags & IORING_SETUP_SQPOLL)
		return io_uring_smp_load_acquire(ring->sq.khead);
	return *ring->sq.khead;
}

/* SQEs handed out but not yet consumed by the kernel. */
IOURINGINLINE unsigned io_uring_sq_ready(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return ring->sq.sqe_tail - io_uring_load_sq_head(ring);
}

/* Free SQ slots. */
IOURINGINLINE unsigned io_uring_sq_space_left(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/* SQPOLL only: when the SQ ring is full, wait until the kernel thread makes room. */
IOURINGINLINE int io_uring_sqring_wait(struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (!(ring->flags & IORING_SETUP_SQPOLL) || io_uring_sq_space_left(ring))
		return 0;
	return __io_uring_sqring_wait(ring);
}

/* The vacant SQE at the private tail with its common fields cleared, or NULL when full. */
IOURINGINLINE struct io_uring_sqe *_io_uring_get_sqe(struct io_uring *ring) LIBURING_NOEXCEPT
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;
	struct io_uring_sqe *sqe;

	/* free-running indices: the difference is right across u32 wrap */
	if (tail - io_uring_load_sq_head(ring) >= sq->ring_entries)
		return NULL;
	sqe = sq->sqes + ((tail & sq->ring_mask) << io_uring_sqe_shift(ring));
	sq->sqe_tail = tail + 1;
	io_uring_initialize_sqe(sqe);
	return sqe;
}

/* An SQE to fill, submitted by the next io_uring_submit*(); NULL when the SQ ring is full. */
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring) LIBURING_NOEXCEPT
{
	return _io_uring_get_sqe(ring);
}

/*
 * A 128-byte SQE: any SQE of an SQE128 ring, two adjacent slots of an
 * SQE_MIXED ring, NULL on other rings or when full. A pair may not straddle
 * the end of the array, so the last slot is then padded with a NOP whose
 * successful completion is not posted.
 */
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring) LIBURING_NOEXCEPT
{
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_sqe *sqe;
	unsigned head, tail;

	if (ring->flags & IORING_SETUP_SQE128)
		return _io_uring_get_sqe(ring);
	if (!(ring->flags & IORING_SETUP_SQE_MIXED))
		return NULL;
	head = io_uring_load_sq_head(ring);
	tail = sq->sqe_tail;
	if (((tail + 1) & sq->ring_mask) == 0) {
		if (tail + 2 - head >= sq->ring_entries)
			return NULL;
		sqe = _io_uring_get_sqe(ring);
		io_uring_prep_nop(sqe);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		tail = sq->sqe_tail;
	} else if (tail + 1 - head >= sq->ring_entries) {
		return NULL;
	}
	sqe = sq->sqes + (tail & sq->ring_mask);
	sq->sqe_tail = tail + 2;
	io_uring_initialize_sqe(sqe);
	return sqe;
}
