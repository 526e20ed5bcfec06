/* C twin of src/submit.rs: handing out SQEs and reading the SQ ring's state. */

/**
 * compute the SQE index shift that ring setup flags imply
 *
 * Look at IORING_SETUP_SQE128 in @flags (the setup flags of a ring, as in
 * io_uring_params.flags or ring->flags). On such a ring every SQE is 128 bytes, two slots
 * of the 64-byte struct io_uring_sqe array, so a ring index must be shifted left by one to
 * find the entry: &sq.sqes[(index & ring_mask) << shift].
 *
 * Return: 1 when @flags contains IORING_SETUP_SQE128, otherwise 0. An
 * IORING_SETUP_SQE_MIXED ring gives 0: its slots are 64 bytes and a 128-byte SQE takes two
 * consecutive indices.
 *
 * See also: io_uring_sqe_shift(3), io_uring_cqe_shift_from_flags(3), io_uring_get_sqe128(3)
 */
IOURINGINLINE unsigned io_uring_sqe_shift_from_flags(unsigned flags) LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_SQE128);
}

/**
 * get the SQE index shift of a ring
 *
 * Same as io_uring_sqe_shift_from_flags() applied to the setup flags of @ring.
 *
 * Return: 1 when @ring was set up with IORING_SETUP_SQE128 (128-byte SQEs), otherwise 0.
 *
 * See also: io_uring_sqe_shift_from_flags(3), io_uring_cqe_shift(3), io_uring_get_sqe(3)
 */
IOURINGINLINE unsigned io_uring_sqe_shift(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_sqe_shift_from_flags(ring->flags);
}

/**
 * read the kernel's submission queue head
 *
 * Return the head index of the SQ ring of @ring: the next entry the kernel will consume.
 * Entries between it and the application's tail are still owned by the kernel or not yet
 * submitted, and must not be reused.
 *
 * With IORING_SETUP_SQPOLL the kernel thread moves the head at any time, so the value is
 * read with acquire ordering: the kernel's reads of the SQEs before that head are then
 * finished, and the slots can be refilled safely. Without SQPOLL the head only moves
 * during io_uring_enter(2), called by this same thread, and a plain load is enough.
 *
 * Return: the kernel's SQ head, a free-running 32-bit index (compare indices by
 * subtraction, not by magnitude).
 *
 * See also: io_uring_sq_ready(3), io_uring_sq_space_left(3), io_uring_get_sqe(3)
 */
IOURINGINLINE unsigned io_uring_load_sq_head(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (ring->flags & IORING_SETUP_SQPOLL)
		return io_uring_smp_load_acquire(ring->sq.khead);
	return *ring->sq.khead;
}

/**
 * count the SQ entries not yet consumed by the kernel
 *
 * Return how many SQ slots of @ring are in use: the SQEs handed out by io_uring_get_sqe()
 * and not yet submitted, plus, with IORING_SETUP_SQPOLL, those submitted that the kernel
 * thread has not picked up yet. It is computed from the library's private tail and the
 * kernel's head (read with io_uring_load_sq_head()), so an SQE counts as soon as it is
 * handed out, before io_uring_submit() publishes it.
 *
 * Without SQPOLL the kernel consumes everything it is given during the submit call, so
 * the count then drops to the SQEs obtained since the last submission.
 *
 * Return: the number of slots in use, between 0 and the number of SQ entries. On an
 * IORING_SETUP_SQE_MIXED ring it counts 64-byte slots: a 128-byte SQE counts two, and the
 * padding NOP io_uring_get_sqe128() may insert counts one.
 *
 * See also: io_uring_sq_space_left(3), io_uring_cq_ready(3), io_uring_submit(3)
 */
IOURINGINLINE unsigned io_uring_sq_ready(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return ring->sq.sqe_tail - io_uring_load_sq_head(ring);
}

/**
 * count the free entries of the submission queue
 *
 * Return how many more SQEs io_uring_get_sqe() could hand out on @ring right now: the
 * number of SQ entries minus io_uring_sq_ready().
 *
 * Return: the number of free SQ slots (64-byte slots on an IORING_SETUP_SQE_MIXED ring,
 * where a 128-byte SQE needs two adjacent ones).
 *
 * Notes: with IORING_SETUP_SQPOLL the kernel thread may free slots at any time, so the
 * value can only grow until the application takes more SQEs. io_uring_sqring_wait() waits
 * for a full ring to get room.
 *
 * See also: io_uring_sq_ready(3), io_uring_sqring_wait(3), io_uring_get_sqe(3)
 */
IOURINGINLINE unsigned io_uring_sq_space_left(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/**
 * wait until the SQPOLL thread has made room in a full SQ ring
 *
 * For a @ring set up with IORING_SETUP_SQPOLL: when its SQ ring is full, call
 * io_uring_enter(2) with IORING_ENTER_SQ_WAIT, which sleeps until the kernel thread has
 * consumed at least one entry. Without SQPOLL, or when at least one slot is free, return
 * at once without a system call.
 *
 * Return: 0 when there is room (at once or after waiting), or a negative errno from
 * io_uring_enter(2). It does not return the amount of free space; ask
 * io_uring_sq_space_left() for that.
 *
 * Errors:
 * -EINVAL: the kernel does not know IORING_ENTER_SQ_WAIT (before Linux 5.10).
 * -EBADF: the ring's file descriptor is no longer valid.
 *
 * Notes: liburing's man page says the function returns the free space; liburing's code,
 * like this implementation, returns 0. The wait may also end early when a signal arrives;
 * check io_uring_sq_space_left() afterwards.
 *
 * See also: io_uring_sq_space_left(3), io_uring_submit(3), io_uring_get_sqe(3)
 */
IOURINGINLINE int io_uring_sqring_wait(struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (!(ring->flags & IORING_SETUP_SQPOLL) || io_uring_sq_space_left(ring))
		return 0;
	return __io_uring_sqring_wait(ring);
}

/**
 * take the next free submission queue entry (internal form)
 *
 * The body of io_uring_get_sqe(): if the SQ ring of @ring has a free slot, advance the
 * library's private tail over it, clear the SQE's common fields with
 * io_uring_initialize_sqe() and return it. The ring is full when the private tail is
 * ring_entries ahead of the kernel's head; the indices run freely and wrap at 2^32, and
 * the difference stays right across the wrap.
 *
 * Return: the SQE, or NULL when the SQ ring is full.
 *
 * Notes: an implementation detail of liburing's header, kept for source compatibility
 * (this library also exports it as a symbol); applications should call io_uring_get_sqe().
 *
 * See also: io_uring_get_sqe(3), io_uring_get_sqe128(3)
 */
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

/**
 * get a submission queue entry to fill
 *
 * Hand out the next free SQE of @ring. The caller fills it with a prep helper (such as
 * io_uring_prep_read()), optionally sets user_data and flags, and later submits it, with
 * every other SQE obtained since the last submission, through io_uring_submit() or one of
 * its variants. Several SQEs may be taken before one submit call; they are submitted in
 * the order they were obtained.
 *
 * The SQE comes with its flags, ioprio, per-opcode flags, buf_index, personality,
 * file_index and addr3 fields cleared (see io_uring_initialize_sqe()). Its user_data is
 * not cleared: set it with io_uring_sqe_set_data() or io_uring_sqe_set_data64() if the
 * completion must be recognised.
 *
 * On an IORING_SETUP_SQE128 ring the SQE is 128 bytes; on an IORING_SETUP_SQE_MIXED ring
 * it is a 64-byte one (use io_uring_get_sqe128() for a large one).
 *
 * Return: a pointer to the SQE, or NULL when the SQ ring is full. Then submit what is
 * pending (or, with SQPOLL, wait with io_uring_sqring_wait()) and try again.
 *
 * Notes: the SQ ring has a single producer: the ring must not be used from several
 * threads at the same time without locking. An SQE that has been taken cannot be given
 * back; if it is not needed, turn it into a NOP with io_uring_prep_nop(). Since liburing
 * 2.2 this is an inline function; the library also exports it as a symbol for programs
 * built against older headers.
 *
 * See also: io_uring_get_sqe128(3), io_uring_submit(3), io_uring_sq_space_left(3),
 * io_uring_sqe_set_data(3), io_uring_prep_read(3)
 */
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring) LIBURING_NOEXCEPT
{
	return _io_uring_get_sqe(ring);
}

/**
 * get a 128-byte submission queue entry to fill
 *
 * Hand out a 128-byte SQE of @ring, for opcodes that need the larger entry, such as
 * IORING_OP_URING_CMD128 (io_uring_prep_uring_cmd128()) or IORING_OP_NOP128. What happens
 * depends on the ring:
 *
 * - IORING_SETUP_SQE128: every SQE is 128 bytes, and this is io_uring_get_sqe().
 * - IORING_SETUP_SQE_MIXED: the SQE takes two adjacent 64-byte slots. A pair may not wrap
 *   around the end of the SQE array, so when the next free slot is the last one, it is
 *   first filled with an IORING_OP_NOP carrying IOSQE_CQE_SKIP_SUCCESS (a padding request
 *   that posts no completion when it succeeds), and the SQE starts at slot 0. The call then
 *   uses three slots.
 * - any other ring: no 128-byte SQE can exist, and NULL is returned.
 *
 * The SQE's common fields in its first 64 bytes are cleared as by io_uring_get_sqe(); the
 * second half and user_data are not.
 *
 * Return: a pointer to the SQE, or NULL when the ring has neither IORING_SETUP_SQE128 nor
 * IORING_SETUP_SQE_MIXED, or when there are not enough free slots (two, or three when
 * padding is needed).
 *
 * Notes: on a mixed ring the kernel only steps over both slots when the opcode is a
 * 128-byte one; preparing a 64-byte opcode in the returned SQE makes the kernel read the
 * second slot as a separate request. IORING_SETUP_SQE_MIXED and the 128-byte opcodes exist
 * since Linux 6.19; this function since liburing 2.13.
 *
 * See also: io_uring_get_sqe(3), io_uring_prep_uring_cmd128(3), io_uring_prep_nop128(3),
 * io_uring_submit(3)
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
