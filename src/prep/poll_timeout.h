/* C twin of src/prep/poll_timeout.rs: poll, timeout, cancellation and epoll requests. */

/**
 * lay out a poll mask the way sqe->poll32_events expects it
 *
 * Internal helper of the poll prep functions. On little-endian machines @poll_mask is
 * returned unchanged. On big-endian machines its two 16-bit halves are swapped: the kernel
 * swaps them back, which keeps the low 16 bits where kernels that only read the old 16-bit
 * sqe->poll_events field look for them.
 *
 * Return: the mask to store in sqe->poll32_events.
 *
 * Notes: not part of liburing's documented interface (_LOCAL_INLINE). The byte order is
 * taken from the compiler's __BYTE_ORDER__ macro rather than from endian.h, with the same
 * result as liburing.
 *
 * See also: io_uring_prep_poll_add(3), io_uring_prep_poll_update(3)
 */
_LOCAL_INLINE unsigned int __io_uring_prep_poll_mask(unsigned int poll_mask) LIBURING_NOEXCEPT
{
	/* the kernel swaps them back on big-endian, so legacy 16-bit poll_events still work */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	poll_mask = (poll_mask << 16) | (poll_mask >> 16);
#endif
	return poll_mask;
}

/**
 * prepare a one-shot poll for readiness of a file descriptor
 *
 * Fill @sqe with an IORING_OP_POLL_ADD request that waits until @fd reports one of the
 * events in @poll_mask (POLLIN, POLLOUT, POLLPRI, EPOLLRDHUP and the other poll(2) and
 * epoll event bits). The request completes once, with the events that were ready; to be
 * told again, submit a new one or use io_uring_prep_poll_multishot().
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is an index into the registered file table.
 *
 * Return: nothing. The completion's res is the mask of ready events (as poll(2) reports
 * them in revents), or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ECANCELED: the request was removed by io_uring_prep_poll_remove() or cancelled.
 * -EINVAL: a field the opcode does not use is set, or sqe->len holds unknown flags.
 *
 * Notes: IORING_OP_POLL_ADD exists since Linux 5.1. The full 32-bit mask (for example
 * EPOLLEXCLUSIVE) is understood since Linux 5.9 (IORING_FEAT_POLL_32BITS); older kernels
 * see only the low 16 bits. Cancel or remove a pending poll with the user_data it was
 * given.
 *
 * See also: io_uring_prep_poll_multishot(3), io_uring_prep_poll_remove(3),
 * io_uring_prep_poll_update(3), poll(2), epoll_ctl(2)
 */
IOURINGINLINE void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd,
					  unsigned int poll_mask) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_ADD, sqe, fd, NULL, 0, 0);
	sqe->poll32_events = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * prepare a poll that posts a completion each time a descriptor is ready
 *
 * Fill @sqe like io_uring_prep_poll_add() for @fd and @poll_mask, and set
 * IORING_POLL_ADD_MULTI in sqe->len: the request stays armed after an event and posts a
 * new CQE, with the ready events in res, each time @fd signals readiness again.
 *
 * Every CQE that will be followed by more carries IORING_CQE_F_MORE in its flags. A CQE
 * without it is the last one: the poll has ended (removed, cancelled, or stopped by an
 * error or by the kernel) and must be armed again to keep watching @fd.
 *
 * Return: nothing. Each completion's res is a mask of ready events, or a negative errno
 * in the final completion.
 *
 * Errors:
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ECANCELED: the poll was removed or cancelled (final CQE).
 * -EINVAL: the kernel does not support multishot poll, or a field is invalid.
 *
 * Notes: multishot poll exists since Linux 5.13; older kernels fail the request with
 * -EINVAL. All CQEs carry the user_data of the SQE.
 *
 * See also: io_uring_prep_poll_add(3), io_uring_prep_poll_remove(3),
 * io_uring_prep_poll_update(3)
 */
IOURINGINLINE void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe, int fd,
						unsigned int poll_mask) LIBURING_NOEXCEPT
{
	io_uring_prep_poll_add(sqe, fd, poll_mask);
	sqe->len = IORING_POLL_ADD_MULTI;
}

/**
 * prepare the removal of a pending poll request
 *
 * Fill @sqe with an IORING_OP_POLL_REMOVE request that looks for the poll request whose
 * user_data is @user_data and cancels it. It works like io_uring_prep_cancel64(), but only
 * poll requests are considered.
 *
 * Return: nothing. The completion's res is 0 when the poll was found and removed, or a
 * negative errno. The removed poll posts its own CQE, with res -ECANCELED.
 *
 * Errors:
 * -ENOENT: no pending poll request has that user_data (it may already have completed).
 * -EALREADY: the poll is already completing and can no longer be stopped.
 * -EINVAL: a field the opcode does not use is set.
 *
 * Notes: IORING_OP_POLL_REMOVE exists since Linux 5.1. @user_data is compared with the
 * 64-bit value that io_uring_sqe_set_data64() (or io_uring_sqe_set_data(), for a pointer)
 * stored in the poll's SQE.
 *
 * See also: io_uring_prep_poll_add(3), io_uring_prep_poll_update(3), io_uring_prep_cancel(3)
 */
IOURINGINLINE void io_uring_prep_poll_remove(struct io_uring_sqe *sqe,
					     __u64 user_data) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
}

/**
 * prepare a change to the mask or user_data of a pending poll request
 *
 * Fill @sqe with an IORING_OP_POLL_REMOVE request that, instead of removing, modifies the
 * pending poll whose user_data is @old_user_data. @flags (in sqe->len) says what changes:
 *
 * - IORING_POLL_UPDATE_EVENTS: wait for @poll_mask from now on. Only the low 16 bits of the
 *   mask (EPOLLIN, EPOLLOUT, ...) can change; modes such as EPOLLONESHOT, EPOLLET and
 *   EPOLLEXCLUSIVE stay as they were armed.
 * - IORING_POLL_UPDATE_USER_DATA: future CQEs of the poll carry @new_user_data.
 * - IORING_POLL_ADD_MULTI: turn a one-shot poll into a multishot one; it needs
 *   IORING_POLL_UPDATE_EVENTS as well.
 *
 * @new_user_data goes into sqe->off and @poll_mask into sqe->poll32_events; each is ignored
 * unless its flag is given.
 *
 * Return: nothing. The completion's res is 0 when the poll was found and updated, or a
 * negative errno.
 *
 * Errors:
 * -ENOENT: no pending poll request has user_data @old_user_data.
 * -EALREADY: the poll is already completing and can no longer be changed.
 * -EINVAL: @flags holds an unknown bit, or another field is invalid.
 * -ECANCELED: re-arming with the new mask failed; the original poll ends with its own CQE,
 * which carries the reason.
 *
 * Notes: poll updates exist since Linux 5.13.
 *
 * See also: io_uring_prep_poll_add(3), io_uring_prep_poll_multishot(3),
 * io_uring_prep_poll_remove(3)
 */
IOURINGINLINE void io_uring_prep_poll_update(struct io_uring_sqe *sqe, __u64 old_user_data,
					     __u64 new_user_data, unsigned int poll_mask,
					     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, NULL, flags, new_user_data);
	sqe->addr = old_user_data;
	sqe->poll32_events = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * prepare the removal of a pending timeout
 *
 * Fill @sqe with an IORING_OP_TIMEOUT_REMOVE request that cancels the timeout (from
 * io_uring_prep_timeout()) whose user_data is @user_data. @flags goes to sqe->timeout_flags
 * and must be 0 for a removal: the update flags turn the request into the one
 * io_uring_prep_timeout_update() builds.
 *
 * Return: nothing. The completion's res is 0 when the timeout was found and removed, or a
 * negative errno. The removed timeout posts its own CQE, with res -ECANCELED.
 *
 * Errors:
 * -ENOENT: no pending timeout has that user_data (it may already have fired).
 * -EALREADY: the timeout is firing at this moment and cannot be stopped.
 * -EINVAL: @flags is not 0, or a field the opcode does not use is set.
 *
 * Notes: IORING_OP_TIMEOUT_REMOVE exists since Linux 5.5. Only timeouts armed with
 * io_uring_prep_timeout() are looked up; a linked timeout (io_uring_prep_link_timeout())
 * ends together with the request it guards.
 *
 * See also: io_uring_prep_timeout(3), io_uring_prep_timeout_update(3), io_uring_prep_cancel64(3)
 */
IOURINGINLINE void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe, __u64 user_data,
						unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->timeout_flags = flags;
}

/**
 * prepare a new expiry time for a pending timeout
 *
 * Fill @sqe with an IORING_OP_TIMEOUT_REMOVE request carrying IORING_TIMEOUT_UPDATE: the
 * pending timeout whose user_data is @user_data is re-armed to expire at @ts. The pointer
 * @ts goes into sqe->off (sqe->addr2) and @flags, with IORING_TIMEOUT_UPDATE added, into
 * sqe->timeout_flags. @flags may hold:
 *
 * - IORING_TIMEOUT_ABS: @ts is an absolute time, not a delay from now.
 * - IORING_LINK_TIMEOUT_UPDATE: the target is a linked timeout
 *   (io_uring_prep_link_timeout()) rather than a plain one (Linux 5.15).
 *
 * The timeout keeps the clock it was armed with, and its completion count, if any; the
 * kernel rejects IORING_TIMEOUT_BOOTTIME and IORING_TIMEOUT_REALTIME here.
 *
 * Return: nothing. The completion's res is 0 when the timeout was found and updated, or a
 * negative errno.
 *
 * Errors:
 * -ENOENT: no pending timeout has that user_data (it may already have fired).
 * -EALREADY: the timeout is firing at this moment and cannot be changed.
 * -EINVAL: a negative tv_sec or tv_nsec, or a flag other than those above.
 * -EFAULT: @ts cannot be read.
 *
 * Notes: timeout updates exist since Linux 5.11. The kernel reads *@ts when the request is
 * submitted, so it only has to stay valid until then.
 *
 * See also: io_uring_prep_timeout(3), io_uring_prep_timeout_remove(3),
 * io_uring_prep_link_timeout(3)
 */
IOURINGINLINE void io_uring_prep_timeout_update(struct io_uring_sqe *sqe,
						const struct __kernel_timespec *ts, __u64 user_data,
						unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0, (unsigned long) ts);
	sqe->addr = user_data;
	sqe->timeout_flags = flags | IORING_TIMEOUT_UPDATE;
}

/**
 * prepare a timeout that bounds the request linked before it
 *
 * Fill @sqe with an IORING_OP_LINK_TIMEOUT request. It must directly follow an SQE that
 * has IOSQE_IO_LINK (or IOSQE_IO_HARDLINK) set, in the same submission; it then guards
 * that one request: if the request is not finished when @ts has passed, it is cancelled.
 * @flags goes to sqe->timeout_flags:
 *
 * - IORING_TIMEOUT_ABS: @ts is an absolute time, not a delay.
 * - IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME: measure with that clock instead of
 *   CLOCK_MONOTONIC (Linux 5.15).
 * - IORING_TIMEOUT_ETIME_SUCCESS: an expiry does not count as a failure (Linux 5.16).
 *
 * The timer starts when the guarded request starts, not when the SQE is submitted.
 *
 * Return: nothing. The completion's res is -ETIME when the timer fired and the guarded
 * request was cancelled, -ECANCELED when the request finished first, or another negative
 * errno. A guarded request cut short by the timer completes with an error of its own,
 * usually -ECANCELED.
 *
 * Errors:
 * -ETIME: the timer fired and the guarded request was cancelled.
 * -ECANCELED: the guarded request completed (or failed) before the timer fired.
 * -ENOENT: the timer fired but the guarded request could no longer be found.
 * -EALREADY: the timer fired while the guarded request was too far along to be cancelled.
 * -EINVAL: the SQE does not follow a linked request, @ts is negative, two clocks are
 * given, or @flags holds an unknown bit.
 * -EFAULT: @ts cannot be read.
 *
 * Notes: IORING_OP_LINK_TIMEOUT exists since Linux 5.5. A chain made only of a link
 * timeout is invalid. The kernel reads *@ts at submission. Change the time of a pending
 * link timeout with io_uring_prep_timeout_update() and IORING_LINK_TIMEOUT_UPDATE.
 *
 * See also: io_uring_prep_timeout(3), io_uring_sqe_set_flags(3),
 * io_uring_prep_timeout_update(3)
 */
IOURINGINLINE void io_uring_prep_link_timeout(struct io_uring_sqe *sqe,
					      const struct __kernel_timespec *ts,
					      unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
	sqe->timeout_flags = flags;
}

/**
 * prepare the cancellation of requests matched by a 64-bit user_data
 *
 * Fill @sqe with an IORING_OP_ASYNC_CANCEL request that looks for a pending request whose
 * user_data is @user_data and cancels it. @flags (IORING_ASYNC_CANCEL_*, in
 * sqe->cancel_flags) changes what is matched and how many:
 *
 * - IORING_ASYNC_CANCEL_ALL: cancel every match, not only the first (Linux 5.19).
 * - IORING_ASYNC_CANCEL_FD: match on the file descriptor in sqe->fd instead of user_data
 *   (Linux 5.19); io_uring_prep_cancel_fd() sets this up.
 * - IORING_ASYNC_CANCEL_FD_FIXED: with IORING_ASYNC_CANCEL_FD, sqe->fd is a direct
 *   descriptor (Linux 6.0).
 * - IORING_ASYNC_CANCEL_ANY: match every pending request of the ring (Linux 5.19).
 * - IORING_ASYNC_CANCEL_USERDATA: match on user_data; the default key when no other is
 *   given (Linux 6.6).
 * - IORING_ASYNC_CANCEL_OP: match on the opcode, which the caller puts in sqe->len after
 *   this call (Linux 6.6).
 *
 * Several keys given together must all match.
 *
 * Return: nothing. The completion's res is 0 when one request was cancelled; with
 * IORING_ASYNC_CANCEL_ALL or IORING_ASYNC_CANCEL_ANY it is the number of requests
 * cancelled. Otherwise it is a negative errno. Each cancelled request posts its own CQE,
 * usually with res -ECANCELED.
 *
 * Errors:
 * -ENOENT: no pending request matches (it may already have completed).
 * -EALREADY: the request is running and could not be stopped; it will complete soon, on
 * its own or interrupted.
 * -EINVAL: @flags holds a bit the kernel does not know, or another field is invalid.
 *
 * Notes: IORING_OP_ASYNC_CANCEL exists since Linux 5.5. The kernel runs the cancellation
 * synchronously during submission: when it succeeds, the cancelled request's CQE has been
 * posted by the time the submit call returns; after -EALREADY the application still has
 * to wait for it.
 *
 * See also: io_uring_prep_cancel(3), io_uring_prep_cancel_fd(3), io_uring_prep_poll_remove(3),
 * io_uring_register_sync_cancel(3)
 */
IOURINGINLINE void io_uring_prep_cancel64(struct io_uring_sqe *sqe, __u64 user_data,
					  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->cancel_flags = (__u32) flags;
}

/**
 * prepare the cancellation of requests matched by a pointer user_data
 *
 * Fill @sqe as io_uring_prep_cancel64() does, for requests tagged with
 * io_uring_sqe_set_data(): the pointer @user_data is converted to the 64-bit value the
 * kernel compares (zero-extended on 32-bit systems), and @flags (IORING_ASYNC_CANCEL_*)
 * has the same meaning.
 *
 * Return: nothing. The completion's res is 0 when the request was cancelled, the number of
 * requests cancelled with IORING_ASYNC_CANCEL_ALL or IORING_ASYNC_CANCEL_ANY, or a
 * negative errno.
 *
 * Errors:
 * -ENOENT: no pending request matches (it may already have completed).
 * -EALREADY: the request is running and could not be stopped.
 * -EINVAL: @flags holds an unknown bit, or another field is invalid.
 *
 * Notes: IORING_OP_ASYNC_CANCEL exists since Linux 5.5.
 *
 * See also: io_uring_prep_cancel64(3), io_uring_prep_cancel_fd(3), io_uring_sqe_set_data(3)
 */
IOURINGINLINE void io_uring_prep_cancel(struct io_uring_sqe *sqe, const void *user_data,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_cancel64(sqe, (unsigned long) user_data, flags);
}

/**
 * prepare the cancellation of requests that use a file descriptor
 *
 * Fill @sqe with an IORING_OP_ASYNC_CANCEL request that matches pending requests by the
 * file they operate on, @fd, instead of by user_data. IORING_ASYNC_CANCEL_FD is always
 * added to @flags. Other useful flags are IORING_ASYNC_CANCEL_ALL, to cancel every request
 * on @fd rather than the first one found, and IORING_ASYNC_CANCEL_FD_FIXED, when @fd is a
 * direct descriptor (an index into the registered file table).
 *
 * Return: nothing. The completion's res is 0 when a request was cancelled, the number of
 * requests cancelled with IORING_ASYNC_CANCEL_ALL, or a negative errno.
 *
 * Errors:
 * -ENOENT: no pending request uses @fd.
 * -EALREADY: a matching request is running and could not be stopped.
 * -EINVAL: the kernel does not support matching by file descriptor, or @flags holds an
 * unknown bit.
 * -EBADF: @fd is not an open file descriptor (or not a valid direct descriptor).
 *
 * Notes: matching by file descriptor exists since Linux 5.19, and
 * IORING_ASYNC_CANCEL_FD_FIXED since Linux 6.0. On older kernels the request completes with
 * -EINVAL.
 *
 * See also: io_uring_prep_cancel64(3), io_uring_prep_cancel(3),
 * io_uring_register_sync_cancel(3)
 */
IOURINGINLINE void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd,
					   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, fd, NULL, 0, 0);
	sqe->cancel_flags = flags | IORING_ASYNC_CANCEL_FD;
}

/**
 * prepare an epoll_ctl(2) request
 *
 * Fill @sqe with an IORING_OP_EPOLL_CTL request that performs epoll_ctl(2) on the epoll
 * instance @epfd: @op is EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL, applied to the file
 * descriptor @fd with the settings in @ev (ignored for EPOLL_CTL_DEL). @op goes into
 * sqe->len, @fd into sqe->off (as a 32-bit value) and @ev into sqe->addr.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno, as epoll_ctl(2)
 * would fail.
 *
 * Errors:
 * -EBADF: @epfd or @fd is not an open file descriptor.
 * -EEXIST: EPOLL_CTL_ADD for an @fd already in the set.
 * -ENOENT: EPOLL_CTL_MOD or EPOLL_CTL_DEL for an @fd not in the set.
 * -EINVAL: @epfd is not an epoll instance, @fd is @epfd, or @op or the events are invalid.
 * -EPERM: @fd does not support polling (for example a regular file).
 * -ELOOP: the change would create a loop of epoll instances, or nest them too deeply.
 * -EFAULT: @ev cannot be read.
 * -ENOMEM, -ENOSPC: out of memory, or the max_user_watches limit is reached.
 *
 * Notes: IORING_OP_EPOLL_CTL exists since Linux 5.6. The kernel copies *@ev when the
 * request is submitted. @epfd and @fd are looked up as normal file descriptors, never
 * as registered (fixed) files.
 *
 * See also: io_uring_prep_epoll_wait(3), io_uring_prep_poll_add(3), epoll_ctl(2)
 */
IOURINGINLINE void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd, int fd, int op,
					   const struct epoll_event *ev) LIBURING_NOEXCEPT
{
	/* fd goes in off zero-extended, as a 32-bit value */
	io_uring_prep_rw(IORING_OP_EPOLL_CTL, sqe, epfd, ev, (unsigned int) op, (__u32) fd);
}

/**
 * prepare an epoll_wait(2) request
 *
 * Fill @sqe with an IORING_OP_EPOLL_WAIT request: wait until the epoll instance @fd has
 * ready events, and store up to @maxevents of them into @events, as epoll_wait(2) does.
 * There is no timeout argument: the request waits until at least one event is ready, and
 * can be bounded with io_uring_prep_link_timeout() or cancelled. @flags goes into
 * sqe->rw_flags and must be 0 on current kernels.
 *
 * This lets an event loop built on io_uring take in readiness from descriptors still
 * managed by epoll, without adding the ring to an epoll set and calling epoll_wait(2).
 *
 * Return: nothing. The completion's res is the number of events stored in @events, or a
 * negative errno.
 *
 * Errors:
 * -EBADF: @fd is not an open file descriptor.
 * -EINVAL: @fd is not an epoll instance, @flags is not 0, or another field is set.
 * -EFAULT: @events cannot be written.
 * -ECANCELED: the request was cancelled.
 *
 * Notes: IORING_OP_EPOLL_WAIT exists since Linux 6.15; older kernels fail it with -EINVAL.
 * @events must stay valid until the completion.
 *
 * See also: io_uring_prep_epoll_ctl(3), io_uring_prep_poll_add(3), epoll_wait(2)
 */
IOURINGINLINE void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd,
					    struct epoll_event *events, int maxevents,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_EPOLL_WAIT, sqe, fd, events, (unsigned int) maxevents, 0);
	sqe->rw_flags = (__kernel_rwf_t) flags;
}
