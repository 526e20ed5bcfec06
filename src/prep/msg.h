/* C twin of src/prep/msg.rs: messages between rings (msg_ring), futex requests, waitid. */

/* Post a CQE with res len and user_data data on the ring whose fd is fd. */
IOURINGINLINE void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd, unsigned int len,
					  __u64 data, unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = flags;
}

/* io_uring_prep_msg_ring, the posted CQE carrying cqe_flags as its flags. */
IOURINGINLINE void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe, int fd,
						    unsigned int len, __u64 data,
						    unsigned int flags,
						    unsigned int cqe_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = IORING_MSG_RING_FLAGS_PASS | flags;
	sqe->file_index = cqe_flags;
}

/* Send fixed file source_fd to slot target_fd of the ring fd, posting user_data data there. */
IOURINGINLINE void io_uring_prep_msg_ring_fd(struct io_uring_sqe *sqe, int fd, int source_fd,
					     int target_fd, __u64 data,
					     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd,
			 (const void *) (unsigned long) IORING_MSG_SEND_FD, 0, data);
	sqe->addr3 = (__u64) source_fd;
	/*
	 * The slot is stored + 1, IORING_FILE_INDEX_ALLOC as is. Written out rather than calling
	 * the static __io_uring_set_target_fixed_file, which gcc rejects in an extern inline.
	 */
	if ((unsigned int) target_fd == IORING_FILE_INDEX_ALLOC)
		target_fd--;
	sqe->file_index = (unsigned int) target_fd + 1;
	sqe->msg_ring_flags = flags;
}

/* io_uring_prep_msg_ring_fd into a free slot of the target ring. */
IOURINGINLINE void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe, int fd,
						   int source_fd, __u64 data,
						   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_msg_ring_fd(sqe, fd, source_fd, (int) IORING_FILE_INDEX_ALLOC, data, flags);
}

/* Wake up to val waiters of futex whose bitset matches mask (futex_flags: FUTEX2_*). */
IOURINGINLINE void io_uring_prep_futex_wake(struct io_uring_sqe *sqe, const uint32_t *futex,
					    uint64_t val, uint64_t mask, uint32_t futex_flags,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	/* the FUTEX2_* flags travel in fd, the bitset in addr3 */
	io_uring_prep_rw(IORING_OP_FUTEX_WAKE, sqe, (int) futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/* Wait on futex while it holds val, for a wake whose bitset matches mask. */
IOURINGINLINE void io_uring_prep_futex_wait(struct io_uring_sqe *sqe, const uint32_t *futex,
					    uint64_t val, uint64_t mask, uint32_t futex_flags,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	/* the FUTEX2_* flags travel in fd, the bitset in addr3 */
	io_uring_prep_rw(IORING_OP_FUTEX_WAIT, sqe, (int) futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/* Wait on any of the nr_futex futexes of futex; res is the index of the one woken. */
IOURINGINLINE void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe,
					     const struct futex_waitv *futex, uint32_t nr_futex,
					     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FUTEX_WAITV, sqe, 0, futex, nr_futex, 0);
	sqe->futex_flags = flags;
}

/* waitid(2) for idtype/id with options (WEXITED, ...), filling infop. */
IOURINGINLINE void io_uring_prep_waitid(struct io_uring_sqe *sqe, idtype_t idtype, id_t id,
					siginfo_t *infop, int options,
					unsigned int flags) LIBURING_NOEXCEPT
{
	/* id travels in fd and idtype in len */
	io_uring_prep_rw(IORING_OP_WAITID, sqe, (int) id, NULL, (unsigned int) idtype, 0);
	sqe->waitid_flags = flags;
	sqe->file_index = (__u32) options;
	sqe->addr2 = (unsigned long) infop;
}
