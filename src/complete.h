/* C twin of src/complete.rs: reading, iterating and consuming CQEs. */

/**
 * compute the CQE index shift that ring setup flags imply
 *
 * Look at IORING_SETUP_CQE32 in @flags (the setup flags of a ring). On such a ring every
 * CQE is 32 bytes, two slots of the 16-byte struct io_uring_cqe array, so a ring index must
 * be shifted left by one to find the entry: &cq.cqes[(index & ring_mask) << shift].
 *
 * Return: 1 when @flags contains IORING_SETUP_CQE32, otherwise 0. An
 * IORING_SETUP_CQE_MIXED ring gives 0: its indices count 16-byte slots, and a 32-byte CQE
 * (flagged IORING_CQE_F_32) takes two of them.
 *
 * See also: io_uring_cqe_shift(3), io_uring_cqe_nr(3), io_uring_sqe_shift_from_flags(3)
 */
IOURINGINLINE unsigned io_uring_cqe_shift_from_flags(unsigned flags) LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_CQE32);
}

/**
 * get the CQE index shift of a ring
 *
 * Same as io_uring_cqe_shift_from_flags() applied to the setup flags of @ring.
 *
 * Return: 1 when @ring was set up with IORING_SETUP_CQE32 (32-byte CQEs), otherwise 0.
 *
 * See also: io_uring_cqe_shift_from_flags(3), io_uring_cqe_nr(3), io_uring_sqe_shift(3)
 */
IOURINGINLINE unsigned io_uring_cqe_shift(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_cqe_shift_from_flags(ring->flags);
}

/**
 * tell how many CQ ring slots a completion occupies
 *
 * Look at IORING_CQE_F_32 in the flags of @cqe. On an IORING_SETUP_CQE_MIXED ring the
 * kernel sets it on a 32-byte CQE, which takes two 16-byte slots of the CQ ring; every
 * other CQE of such a ring takes one. On all other rings the flag is not set, and one
 * ring index is one CQE, whatever its size (on IORING_SETUP_CQE32 rings the size is
 * handled by the index shift, see io_uring_cqe_shift()).
 *
 * The value is what the CQ head must move by to consume @cqe, which is what
 * io_uring_cqe_seen() does; code that consumes completions in batches with
 * io_uring_cq_advance() should add up this value rather than count CQEs.
 *
 * Return: 2 when IORING_CQE_F_32 is set in @cqe's flags, otherwise 1.
 *
 * Notes: IORING_SETUP_CQE_MIXED exists since Linux 6.18, and this function since liburing
 * 2.13.
 *
 * See also: io_uring_cq_advance(3), io_uring_cqe_seen(3), io_uring_cqe_shift(3)
 */
IOURINGINLINE unsigned io_uring_cqe_nr(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return 1U << !!(cqe->flags & IORING_CQE_F_32);
}

/**
 * get the user_data of a completion as a pointer
 *
 * Return the user_data field of @cqe converted to a pointer. The kernel copies user_data
 * from the SQE of the request, so this gives back what io_uring_sqe_set_data() stored.
 *
 * Return: the pointer stored in the request's SQE. If user_data was never set, the value
 * is whatever the SQE slot held and means nothing.
 *
 * Notes: on systems with 32-bit pointers only the low 32 bits are kept. Reading the field
 * does not consume the CQE; call io_uring_cqe_seen() when done with it, and do not use
 * @cqe afterwards.
 *
 * See also: io_uring_sqe_set_data(3), io_uring_cqe_get_data64(3), io_uring_wait_cqe(3)
 */
IOURINGINLINE void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return (void *) (uintptr_t) cqe->user_data;
}

/**
 * get the user_data of a completion as a 64-bit value
 *
 * Return the user_data field of @cqe unchanged: the value io_uring_sqe_set_data64() (or
 * io_uring_sqe_set_data()) stored in the SQE of the request.
 *
 * Return: the 64-bit user_data. If it was never set, the value means nothing.
 *
 * Notes: the macro LIBURING_HAVE_DATA64 tells that this function exists.
 *
 * See also: io_uring_sqe_set_data64(3), io_uring_cqe_get_data(3), io_uring_wait_cqe(3)
 */
IOURINGINLINE __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	return cqe->user_data;
}

/**
 * count the CQ ring slots ready to be consumed
 *
 * Return the distance between the kernel's CQ tail and the CQ head of @ring: the entries
 * posted and not yet consumed with io_uring_cqe_seen() or io_uring_cq_advance(). The tail
 * is read with acquire ordering, so every CQE counted is fully visible to the caller. No
 * system call is made.
 *
 * Return: the number of ready slots. Indices are free-running 32-bit values and the
 * difference is right across their wrap. On an IORING_SETUP_CQE_MIXED ring the count is
 * in 16-byte slots, not CQEs: a 32-byte CQE counts two and an IORING_CQE_F_SKIP filler
 * counts one. Entries the library hides (fillers, and its own timeout CQEs on kernels
 * without IORING_FEAT_EXT_ARG) are included.
 *
 * Notes: completions the kernel holds back (overflowed CQEs, or completions still waiting
 * for task work to run, as with IORING_SETUP_DEFER_TASKRUN) are not counted until they are
 * flushed, for example by io_uring_get_events().
 *
 * See also: io_uring_cq_advance(3), io_uring_cq_has_overflow(3), io_uring_sq_ready(3),
 * io_uring_peek_batch_cqe(3)
 */
IOURINGINLINE unsigned io_uring_cq_ready(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return io_uring_smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

/**
 * tell whether overflowed completions wait in the kernel
 *
 * Check IORING_SQ_CQ_OVERFLOW in the SQ ring flags of @ring. The kernel sets it when it had
 * to keep CQEs on its overflow list because the CQ ring had no room; they move into the
 * ring when the application has consumed entries and enters the kernel, for example with
 * io_uring_get_events() or any wait call.
 *
 * Return: true when overflowed CQEs are waiting to be flushed, false otherwise.
 *
 * Notes: only meaningful on kernels with IORING_FEAT_NODROP (Linux 5.5), which keep
 * overflowed CQEs; older kernels drop them and only count them in the CQ ring's overflow
 * field. The flag is read without a system call and can change at any time.
 *
 * See also: io_uring_get_events(3), io_uring_cq_ready(3), io_uring_peek_cqe(3)
 */
IOURINGINLINE bool io_uring_cq_has_overflow(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW;
}

/**
 * tell whether eventfd notifications are enabled
 *
 * Check IORING_CQ_EVENTFD_DISABLED in the CQ ring flags of @ring. When an eventfd is
 * registered (io_uring_register_eventfd()), the kernel signals it for posted completions
 * unless the application has set that flag with io_uring_cq_eventfd_toggle().
 *
 * Return: false when notifications are disabled, true otherwise. Kernels without a CQ
 * flags word (before Linux 5.8) always notify, so the answer is then true. The result
 * only reflects the flag: it is also true when no eventfd is registered.
 *
 * See also: io_uring_cq_eventfd_toggle(3), io_uring_register_eventfd(3),
 * io_uring_register_eventfd_async(3)
 */
IOURINGINLINE bool io_uring_cq_eventfd_enabled(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	if (!ring->cq.kflags)
		return true;
	return !(IO_URING_READ_ONCE(*ring->cq.kflags) & IORING_CQ_EVENTFD_DISABLED);
}

/**
 * enable or disable eventfd notifications
 *
 * Set or clear IORING_CQ_EVENTFD_DISABLED in the CQ ring flags of @ring, so that a
 * registered eventfd is signalled for new completions (@enabled true) or not (@enabled
 * false). This is cheap (no system call) and lets an application mute the eventfd while it
 * reaps completions in a loop anyway.
 *
 * Return: 0 on success, including when notifications already were in the requested state,
 * or -EOPNOTSUPP.
 *
 * Errors:
 * -EOPNOTSUPP: the kernel has no CQ flags word (before Linux 5.8), and @enabled is false.
 *
 * Notes: the flags word is updated with a plain read-modify-write; the kernel only reads
 * it, but two application threads must not toggle at the same time. The function does not
 * check that an eventfd is registered: liburing's man page lists that case under
 * -EOPNOTSUPP, but, as in liburing's code, the flag is simply changed and 0 returned.
 *
 * See also: io_uring_cq_eventfd_enabled(3), io_uring_register_eventfd(3),
 * io_uring_register_eventfd_async(3)
 */
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

/**
 * mark CQ ring slots as consumed
 *
 * Move the CQ head of @ring forward by @nr slots, handing them back to the kernel for new
 * completions. It is the batch form of io_uring_cqe_seen(): after looking at several CQEs
 * (with io_uring_for_each_cqe() or io_uring_peek_batch_cqe()), release them with one call.
 * The head is written with a release store, so all reads of those CQEs happen before the
 * kernel can reuse the slots. When @nr is 0 nothing happens.
 *
 * @nr counts slots, not CQEs. On an IORING_SETUP_CQE_MIXED ring a 32-byte CQE takes two
 * slots: add up io_uring_cqe_nr() of the CQEs consumed. IORING_CQE_F_SKIP fillers that
 * io_uring_for_each_cqe() walked over count one each.
 *
 * Return: nothing.
 *
 * Notes: there is no check against the number of ready slots: moving the head past the
 * tail corrupts the ring state. The CQE pointers of the consumed slots must not be used
 * afterwards. Only the application writes the CQ head, and only one thread may do so.
 *
 * See also: io_uring_cqe_seen(3), io_uring_cqe_nr(3), io_uring_cq_ready(3),
 * io_uring_buf_ring_cq_advance(3)
 */
IOURINGINLINE void io_uring_cq_advance(struct io_uring *ring, unsigned nr) LIBURING_NOEXCEPT
{
	if (nr)
		io_uring_smp_store_release(ring->cq.khead, *ring->cq.khead + nr);
}

/**
 * mark a completion as consumed
 *
 * Release @cqe, a CQE obtained from io_uring_peek_cqe(), io_uring_wait_cqe() or another
 * wait call, so that its slot can take a new completion. The CQ head of @ring moves by
 * io_uring_cqe_nr() of @cqe: one slot, or two for a 32-byte CQE of an
 * IORING_SETUP_CQE_MIXED ring. A NULL @cqe is ignored.
 *
 * Until a CQE is marked seen, the peek and wait calls keep returning it.
 *
 * Return: nothing.
 *
 * Notes: the function does not check which CQE @cqe is: it always consumes the slots at
 * the CQ head, so @cqe must be the CQE at the head (the one the peek or wait call
 * returned). @cqe must not be used afterwards.
 *
 * See also: io_uring_cq_advance(3), io_uring_wait_cqe(3), io_uring_peek_cqe(3),
 * io_uring_cqe_nr(3)
 */
IOURINGINLINE void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe) LIBURING_NOEXCEPT
{
	if (cqe)
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
}

/**
 * start iterating over the ready completions
 *
 * Return an iterator over the CQEs of @ring that are ready now: it records the CQE array,
 * the index mask and shift, the current CQ head and the kernel's tail (read with acquire
 * ordering). io_uring_cqe_iter_next() then steps through them. This is the machinery of
 * the io_uring_for_each_cqe() macro.
 *
 * The iterator is a snapshot: CQEs posted after this call are not visited, and nothing is
 * consumed; release the visited slots with io_uring_cq_advance() afterwards.
 *
 * Return: the iterator, by value.
 *
 * Notes: this function exists since liburing 2.10 (earlier versions expanded
 * io_uring_for_each_cqe() differently).
 *
 * See also: io_uring_cqe_iter_next(3), io_uring_for_each_cqe(3), io_uring_cq_advance(3)
 */
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

/**
 * step a completion iterator to the next CQE
 *
 * If @iter (from io_uring_cqe_iter_init()) has not reached the tail it recorded, store the
 * CQE at its position in *@cqe, move the position past it, and return true. The position
 * moves by one index, or by two when the CQE has IORING_CQE_F_32 set (a 32-byte CQE of an
 * IORING_SETUP_CQE_MIXED ring). On IORING_SETUP_CQE32 rings the entry is found with the
 * index shift and every CQE moves the position by one.
 *
 * Every entry is returned, including IORING_CQE_F_SKIP fillers of mixed rings and the
 * library's own timeout CQEs (user_data (__u64)-1, on kernels without IORING_FEAT_EXT_ARG);
 * code that may meet them must check the flags and user_data itself. Nothing is consumed.
 *
 * Return: true with *@cqe set, or false (and *@cqe unchanged) when the snapshot is
 * exhausted.
 *
 * Notes: the test for a 32-byte CQE is kept as a branch on purpose: with a predictable
 * branch the next index does not wait for the current CQE's flags to be loaded, which makes
 * long iterations several times faster than a branch-free form.
 *
 * See also: io_uring_cqe_iter_init(3), io_uring_for_each_cqe(3), io_uring_cqe_nr(3)
 */
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

/**
 * consume a completion the application must not see
 *
 * Internal helper of the peek functions, for @cqe at the CQ head of @ring. Two kinds of
 * CQE are consumed here (the head moves by io_uring_cqe_nr() of @cqe):
 *
 * - an IORING_CQE_F_SKIP filler, which the kernel posts on IORING_SETUP_CQE_MIXED rings
 *   when a 32-byte CQE would otherwise wrap around the end of the ring;
 * - on kernels without IORING_FEAT_EXT_ARG (before Linux 5.11), the CQE of the timeout
 *   request the library submits for timed waits, recognised by user_data (__u64)-1. If its
 *   res is negative (normally -ETIME), the value is stored in *@err.
 *
 * Any other CQE is left in place.
 *
 * Return: false when @cqe is a normal CQE the caller should return, or when an error was
 * stored in *@err (the caller then returns that error); true when @cqe was consumed and
 * the caller should look at the next entry.
 *
 * Notes: not part of liburing's documented interface (_LOCAL_INLINE); *@err must be 0 on
 * entry.
 *
 * See also: __io_uring_peek_cqe(3), io_uring_peek_cqe(3), io_uring_cqe_nr(3)
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

/**
 * find the first completion the application should see, without waiting
 *
 * Internal helper behind io_uring_peek_cqe() and the wait functions. Look at the CQ head
 * of @ring: IORING_CQE_F_SKIP fillers and the library's own timeout CQEs found there are
 * consumed (see io_uring_skip_cqe()), until a normal CQE is at the head or the ring is
 * empty. That CQE is stored in *@cqe_ptr without being consumed; NULL is stored when there
 * is none. No system call is made.
 *
 * If @nr_available is not NULL, it receives the number of ready slots counted in the
 * last look at the ring (as io_uring_cq_ready() counts them, after the hidden entries
 * already consumed), or 0 when the ring is empty.
 *
 * Return: 0, or the negative res of one of the library's timeout CQEs (typically -ETIME,
 * on kernels without IORING_FEAT_EXT_ARG); that CQE has been consumed and *@cqe_ptr is
 * then NULL.
 *
 * Notes: liburing documents this as internal; use io_uring_peek_cqe(),
 * io_uring_wait_cqe() or io_uring_wait_cqes(). Unlike those, it does not check @ring or
 * @cqe_ptr for NULL.
 *
 * See also: io_uring_peek_cqe(3), io_uring_wait_cqe(3), io_uring_cq_ready(3)
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

/**
 * get a completion if one is ready, without waiting
 *
 * Store in *@cqe_ptr the first completion of @ring that is ready, without blocking. The
 * CQE stays in the ring: read it, then release it with io_uring_cqe_seen(). Filler CQEs of
 * IORING_SETUP_CQE_MIXED rings and the library's own timeout CQEs are consumed on the way
 * and never returned.
 *
 * When the CQ ring is empty, the kernel may still hold completions that only a system
 * call brings into the ring. The function looks for the signs it can see without one:
 * IORING_SQ_CQ_OVERFLOW (overflowed CQEs) or IORING_SQ_TASKRUN (pending task work, flagged
 * on rings set up with IORING_SETUP_TASKRUN_FLAG) in the SQ ring flags, or an
 * IORING_SETUP_IOPOLL ring without IORING_SETUP_SQPOLL, whose completions are only reaped
 * by entering the kernel. Only then does it call io_uring_enter(2), once, with
 * IORING_ENTER_GETEVENTS and without waiting, and look again; otherwise it returns -EAGAIN
 * at once. Task work deferred by IORING_SETUP_DEFER_TASKRUN on a ring without
 * IORING_SETUP_TASKRUN_FLAG is not seen here: call io_uring_get_events() or a wait function.
 *
 * Return: 0 with *@cqe_ptr set to a CQE, or a negative errno (with *@cqe_ptr set to NULL,
 * unless it is the NULL pointer). The return value only tells whether a CQE was found; the
 * result of the request is in the CQE's res.
 *
 * Errors:
 * -EAGAIN: no completion is ready.
 * -EINVAL: @ring or @cqe_ptr is NULL (a check liburing does not make).
 * -EBADR: the kernel had to drop completions (the CQ ring was full and it ran out of
 * memory to keep them); the error is reported once.
 * -EEXIST: the ring uses IORING_SETUP_DEFER_TASKRUN and the caller is not the task that
 * submits to it.
 *
 * Notes: on kernels without IORING_FEAT_EXT_ARG (before Linux 5.11) the negative res of the
 * library's own timeout CQE may be returned instead, typically -ETIME.
 *
 * See also: io_uring_wait_cqe(3), io_uring_peek_batch_cqe(3), io_uring_cqe_seen(3),
 * io_uring_for_each_cqe(3), io_uring_get_events(3)
 */
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

/**
 * get a completion, waiting until a given number are ready
 *
 * Store in *@cqe_ptr the first completion of @ring, after waiting until at least @wait_nr
 * CQ slots are ready. When a CQE is at the head and @wait_nr slots are already ready, it
 * returns without a system call; otherwise it calls io_uring_enter(2) with
 * IORING_ENTER_GETEVENTS and min_complete @wait_nr, which sleeps in the kernel until that
 * many completions are there. Only the first CQE is returned, not consumed: release it
 * with io_uring_cqe_seen(), and reach the others with io_uring_peek_cqe(),
 * io_uring_for_each_cqe() or io_uring_peek_batch_cqe().
 *
 * @wait_nr counts CQ ring slots, as io_uring_cq_ready() does, so on an
 * IORING_SETUP_CQE_MIXED ring a 32-byte CQE counts two. With @wait_nr 0 nothing is awaited:
 * the call then behaves like io_uring_peek_cqe().
 *
 * Return: 0 with *@cqe_ptr set to the first CQE, or a negative errno. The return value
 * only reports on the wait; the result of the request is in the CQE's res.
 *
 * Errors:
 * -EAGAIN: @wait_nr is 0 and no completion is ready.
 * -EINTR: a signal arrived while waiting. *@cqe_ptr may then still point to a CQE that
 * was ready before the wait (with fewer than @wait_nr ready).
 * -EINVAL: @ring or @cqe_ptr is NULL (a check liburing does not make).
 * -EBADR: the kernel had to drop completions (the CQ ring was full and it ran out of
 * memory to keep them); the error is reported once.
 * -EEXIST: the ring uses IORING_SETUP_DEFER_TASKRUN and the caller is not the task that
 * submits to it.
 *
 * Notes: waiting for several completions at once saves wake-ups; it works best with
 * IORING_SETUP_SINGLE_ISSUER and IORING_SETUP_DEFER_TASKRUN, where the kernel wakes the
 * waiter only once @wait_nr completions are there. On kernels without
 * IORING_FEAT_EXT_ARG the res of the library's own timeout CQE (typically -ETIME) can be
 * returned as well.
 *
 * See also: io_uring_wait_cqe(3), io_uring_wait_cqes(3), io_uring_submit_and_wait(3),
 * io_uring_cqe_seen(3)
 */
IOURINGINLINE int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
				       unsigned wait_nr) LIBURING_NOEXCEPT
{
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/**
 * get a completion, waiting for one if none is ready
 *
 * Store in *@cqe_ptr the first completion of @ring. If one is ready it is returned at once,
 * without a system call; otherwise the call sleeps in io_uring_enter(2) until a completion
 * arrives. The CQE stays in the ring: read it, then release it with io_uring_cqe_seen().
 * Filler CQEs of IORING_SETUP_CQE_MIXED rings and the library's own timeout CQEs are
 * consumed on the way and never returned.
 *
 * The wait has no time limit: use io_uring_wait_cqe_timeout() for one. Submit the requests
 * first (io_uring_submit()), or use io_uring_submit_and_wait() to do both in one call.
 *
 * Return: 0 with *@cqe_ptr set to a CQE, or a negative errno. The return value only
 * reports on the wait; the result of the request is in the CQE's res.
 *
 * Errors:
 * -EINTR: a signal arrived while waiting; *@cqe_ptr is NULL.
 * -EINVAL: @ring or @cqe_ptr is NULL (a check liburing does not make).
 * -EBADR: the kernel had to drop completions (the CQ ring was full and it ran out of
 * memory to keep them); the error is reported once.
 * -EEXIST: the ring uses IORING_SETUP_DEFER_TASKRUN and the caller is not the task that
 * submits to it.
 *
 * Notes: this call submits nothing: waiting for a request whose SQE was prepared but never
 * submitted (io_uring_submit()) blocks for ever, unless an SQPOLL thread picks it up. On
 * kernels without IORING_FEAT_EXT_ARG (before Linux 5.11) the res of the library's own
 * timeout CQE (typically -ETIME), left over from an earlier timed wait, can be returned.
 *
 * See also: io_uring_wait_cqe_nr(3), io_uring_wait_cqe_timeout(3), io_uring_peek_cqe(3),
 * io_uring_cqe_seen(3), io_uring_submit_and_wait(3)
 */
IOURINGINLINE int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
	LIBURING_NOEXCEPT
{
	if (!ring || !cqe_ptr)
		return -EINVAL;
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return __io_uring_get_cqe(ring, cqe_ptr, 0, 1, NULL);
}
