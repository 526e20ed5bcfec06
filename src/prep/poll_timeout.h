/* C twin of src/prep/poll_timeout.rs: poll, timeout, cancellation and epoll requests. */

/* A poll mask in the layout poll32_events needs: as is on little-endian, halves swapped on big. */
_LOCAL_INLINE unsigned int __io_uring_prep_poll_mask(unsigned int poll_mask) LIBURING_NOEXCEPT
{
	/* the kernel swaps them back on big-endian, so legacy 16-bit poll_events still work */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	poll_mask = (poll_mask << 16) | (poll_mask >> 16);
#endif
	return poll_mask;
}

/* Poll fd once for poll_mask (POLLIN, ...); the CQE's res holds the ready events. */
IOURINGINLINE void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd,
					  unsigned int poll_mask) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_ADD, sqe, fd, NULL, 0, 0);
	sqe->poll32_events = __io_uring_prep_poll_mask(poll_mask);
}

/* Poll fd for poll_mask repeatedly: one CQE (with IORING_CQE_F_MORE) per readiness. */
IOURINGINLINE void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe, int fd,
						unsigned int poll_mask) LIBURING_NOEXCEPT
{
	io_uring_prep_poll_add(sqe, fd, poll_mask);
	sqe->len = IORING_POLL_ADD_MULTI;
}

/* Remove the poll request whose user_data is user_data. */
IOURINGINLINE void io_uring_prep_poll_remove(struct io_uring_sqe *sqe,
					     __u64 user_data) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
}

/* Update poll request old_user_data: user_data and/or mask, as IORING_POLL_UPDATE_* flags say. */
IOURINGINLINE void io_uring_prep_poll_update(struct io_uring_sqe *sqe, __u64 old_user_data,
					     __u64 new_user_data, unsigned int poll_mask,
					     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, NULL, flags, new_user_data);
	sqe->addr = old_user_data;
	sqe->poll32_events = __io_uring_prep_poll_mask(poll_mask);
}

/* Remove the timeout whose user_data is user_data. */
IOURINGINLINE void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe, __u64 user_data,
						unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->timeout_flags = flags;
}

/* Give the timeout whose user_data is user_data the new expiry ts (carried in off). */
IOURINGINLINE void io_uring_prep_timeout_update(struct io_uring_sqe *sqe,
						const struct __kernel_timespec *ts, __u64 user_data,
						unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0, (unsigned long) ts);
	sqe->addr = user_data;
	sqe->timeout_flags = flags | IORING_TIMEOUT_UPDATE;
}

/* A timeout for the previous request of the link: it is cancelled if not done within ts. */
IOURINGINLINE void io_uring_prep_link_timeout(struct io_uring_sqe *sqe,
					      const struct __kernel_timespec *ts,
					      unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
	sqe->timeout_flags = flags;
}

/* Cancel the request(s) whose user_data is user_data (IORING_ASYNC_CANCEL_* flags). */
IOURINGINLINE void io_uring_prep_cancel64(struct io_uring_sqe *sqe, __u64 user_data,
					  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->cancel_flags = (__u32) flags;
}

/* io_uring_prep_cancel64 with a pointer user_data (as io_uring_sqe_set_data stores it). */
IOURINGINLINE void io_uring_prep_cancel(struct io_uring_sqe *sqe, const void *user_data,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_cancel64(sqe, (unsigned long) user_data, flags);
}

/* Cancel the request(s) on file fd (IORING_ASYNC_CANCEL_FD is added to flags). */
IOURINGINLINE void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd,
					   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, fd, NULL, 0, 0);
	sqe->cancel_flags = flags | IORING_ASYNC_CANCEL_FD;
}

/* epoll_ctl(2) on epoll instance epfd: op (EPOLL_CTL_*) for fd with ev. */
IOURINGINLINE void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd, int fd, int op,
					   const struct epoll_event *ev) LIBURING_NOEXCEPT
{
	/* fd goes in off zero-extended, as a 32-bit value */
	io_uring_prep_rw(IORING_OP_EPOLL_CTL, sqe, epfd, ev, (unsigned int) op, (__u32) fd);
}

/* epoll_wait(2) on fd for up to maxevents events into events. */
IOURINGINLINE void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd,
					    struct epoll_event *events, int maxevents,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_EPOLL_WAIT, sqe, fd, events, (unsigned int) maxevents, 0);
	sqe->rw_flags = (__kernel_rwf_t) flags;
}
