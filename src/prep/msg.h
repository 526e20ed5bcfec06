/* C twin of src/prep/msg.rs: messages between rings (msg_ring), futex requests, waitid. */

/**
 * prepare a request that posts a completion on another ring
 *
 * Fill @sqe with an IORING_OP_MSG_RING request of the IORING_MSG_DATA kind: post a CQE on the
 * ring whose file descriptor is @fd, with @len as its res and @data as its user_data. The
 * target may be any ring the caller has open, this one included. It is a cheap way to wake a
 * thread waiting on another ring, or to hand it 32 + 64 bits of information. With
 * IOSQE_FIXED_FILE in sqe->flags, @fd is an index into this ring's registered file table.
 *
 * @flags goes to sqe->msg_ring_flags and should be 0 here; io_uring_prep_msg_ring_cqe_flags()
 * sets IORING_MSG_RING_FLAGS_PASS for a CQE with chosen flags, and IORING_MSG_RING_CQE_SKIP only
 * applies to passing descriptors (io_uring_prep_msg_ring_fd()).
 *
 * Return: nothing. The completion on the sending ring has res 0 once the CQE was posted on the
 * target, or a negative errno.
 *
 * Errors:
 * -EBADFD: @fd is not an io_uring file descriptor, or the target ring is still disabled
 * (IORING_SETUP_R_DISABLED).
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -EINVAL: @flags holds an unknown or unsuitable flag, or an unused field of the SQE is not 0.
 * -EOVERFLOW: the target's CQ ring was full and no overflow entry could be allocated.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_MSG_RING is available since Linux 5.18. io_uring_register_sync_msg() sends
 * the same message without a ring of one's own.
 *
 * See also: io_uring_prep_msg_ring_cqe_flags(3), io_uring_prep_msg_ring_fd(3),
 * io_uring_register_sync_msg(3), io_uring_submit(3)
 */
IOURINGINLINE void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd, unsigned int len,
					  __u64 data, unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = flags;
}

/**
 * prepare a message to another ring with chosen completion flags
 *
 * Fill @sqe like io_uring_prep_msg_ring() (@fd, @len, @data and @flags have the same meaning),
 * and also give the CQE posted on the target ring @cqe_flags as its flags. The helper adds
 * IORING_MSG_RING_FLAGS_PASS to @flags and stores @cqe_flags in sqe->file_index.
 *
 * The kernel may set further bits of its own in those flags, so the target should only look
 * at the bits the two sides agreed on.
 *
 * Return: nothing. The completion on the sending ring has res 0 once the CQE was posted on the
 * target, or a negative errno.
 *
 * Errors:
 * -EINVAL: the kernel does not know IORING_MSG_RING_FLAGS_PASS, or another flag is unsuitable.
 *
 * The errors of io_uring_prep_msg_ring() apply as well, -EBADFD, -EBADF, -EOVERFLOW and -ENOMEM
 * among them.
 *
 * Notes: IORING_MSG_RING_FLAGS_PASS is available since Linux 6.3.
 *
 * See also: io_uring_prep_msg_ring(3), io_uring_prep_msg_ring_fd(3)
 */
IOURINGINLINE void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe, int fd,
						    unsigned int len, __u64 data,
						    unsigned int flags,
						    unsigned int cqe_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = IORING_MSG_RING_FLAGS_PASS | flags;
	sqe->file_index = cqe_flags;
}

/**
 * prepare a request that passes a direct descriptor to another ring
 *
 * Fill @sqe with an IORING_OP_MSG_RING request of the IORING_MSG_SEND_FD kind: install the file
 * in slot @source_fd of this ring's registered file table into slot @target_fd of the
 * registered table of the ring whose file descriptor is @fd, then post a CQE with @data as its
 * user_data on that ring. @source_fd is a slot number, not a regular file descriptor. The
 * helper stores @target_fd + 1 in sqe->file_index (0 there would mean no slot);
 * IORING_FILE_INDEX_ALLOC is stored as it is and lets the target's kernel pick a free slot, as
 * io_uring_prep_msg_ring_fd_alloc() does. A file already in the target slot is replaced.
 *
 * @flags goes to sqe->msg_ring_flags: IORING_MSG_RING_CQE_SKIP installs the file without
 * posting anything on the target ring.
 *
 * Return: nothing. On success the target ring gets a CQE whose res is the slot when it was
 * allocated, or 0; the sending ring's completion has a non-negative res (the same value), or a
 * negative errno.
 *
 * Errors:
 * -EINVAL: the target ring is this ring, @target_fd is past the end of its table, or @flags is
 * invalid.
 * -EBADF: slot @source_fd holds no file.
 * -ENXIO: the target ring has no registered file table.
 * -ENFILE: IORING_FILE_INDEX_ALLOC was used and the target's table has no free slot.
 * -EBADFD: @fd is not an io_uring file descriptor, or the target ring is disabled.
 * -EOVERFLOW: the file was installed but its CQE could not be posted on the target; tell the
 * target by another message.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_MSG_SEND_FD is available since Linux 6.0. Only files in the registered table
 * can be passed; io_uring_register_files_update() or a direct open/accept puts them there.
 *
 * See also: io_uring_prep_msg_ring_fd_alloc(3), io_uring_prep_msg_ring(3),
 * io_uring_register_files(3), io_uring_prep_fixed_fd_install(3)
 */
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

/**
 * prepare a request that passes a direct descriptor into a free slot
 *
 * Fill @sqe like io_uring_prep_msg_ring_fd() (@fd, @source_fd, @data and @flags have the same
 * meaning), with IORING_FILE_INDEX_ALLOC as the target slot: the kernel of the target ring
 * picks a free slot of its registered file table for the file of slot @source_fd of this ring.
 *
 * Return: nothing. On success the target ring gets a CQE with @data as user_data and the
 * allocated slot as res; the sending ring's completion reports the same slot, or a negative
 * errno.
 *
 * Errors:
 * -ENFILE: the target ring's table has no free slot.
 *
 * The errors of io_uring_prep_msg_ring_fd() apply as well, among
 * them -EBADF, -EBADFD, -ENXIO, -EINVAL and -EOVERFLOW.
 *
 * Notes: available since Linux 6.0.
 *
 * See also: io_uring_prep_msg_ring_fd(3), io_uring_register_file_alloc_range(3),
 * io_uring_prep_msg_ring(3)
 */
IOURINGINLINE void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe, int fd,
						   int source_fd, __u64 data,
						   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_msg_ring_fd(sqe, fd, source_fd, (int) IORING_FILE_INDEX_ALLOC, data, flags);
}

/**
 * prepare a request that wakes waiters of a futex
 *
 * Fill @sqe with an IORING_OP_FUTEX_WAKE request: wake at most @val of the waiters (threads or
 * io_uring futex waits) on the 32-bit futex word at @futex, counting only those whose wait
 * bitset shares a bit with @mask; FUTEX_BITSET_MATCH_ANY wakes regardless of bitsets. This is
 * the io_uring form of FUTEX_WAKE_BITSET.
 *
 * @futex_flags takes futex2 flags, not the flags of futex(2): FUTEX2_SIZE_U32 is required (only
 * 32-bit futexes are supported), optionally with FUTEX2_PRIVATE when only this process uses the
 * futex. @flags is reserved for io_uring futex flags and must be 0. The helper stores
 * @futex_flags in sqe->fd, @val in sqe->off, @mask in sqe->addr3 and @flags in
 * sqe->futex_flags.
 *
 * Return: nothing. The completion's res is the number of waiters woken (possibly 0), or a
 * negative errno.
 *
 * Errors:
 * -EINVAL: @futex_flags has an unknown flag or lacks FUTEX2_SIZE_U32, @flags is not 0, @val or
 * @mask does not fit in 32 bits, or @futex is not aligned to 4 bytes.
 * -EFAULT: @futex is outside the caller's address space.
 *
 * Notes: IORING_OP_FUTEX_WAKE is available since Linux 6.7; older kernels fail the request
 * with -EINVAL.
 *
 * See also: io_uring_prep_futex_wait(3), io_uring_prep_futex_waitv(3), futex(2)
 */
IOURINGINLINE void io_uring_prep_futex_wake(struct io_uring_sqe *sqe, const uint32_t *futex,
					    uint64_t val, uint64_t mask, uint32_t futex_flags,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	/* the FUTEX2_* flags travel in fd, the bitset in addr3 */
	io_uring_prep_rw(IORING_OP_FUTEX_WAKE, sqe, (int) futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/**
 * prepare a request that waits on a futex
 *
 * Fill @sqe with an IORING_OP_FUTEX_WAIT request: if the 32-bit futex word at @futex still
 * holds @val, wait until a wake whose bitset shares a bit with @mask reaches it
 * (FUTEX_BITSET_MATCH_ANY accepts any wake). This is the io_uring form of FUTEX_WAIT_BITSET,
 * and it is woken by futex(2) wakes as well as by io_uring_prep_futex_wake().
 *
 * @futex_flags takes futex2 flags: FUTEX2_SIZE_U32 is required, optionally with FUTEX2_PRIVATE.
 * @flags is reserved and must be 0. They are stored as for io_uring_prep_futex_wake().
 *
 * Return: nothing. The completion's res is 0 once woken, or a negative errno.
 *
 * Errors:
 * -EAGAIN: the futex word did not hold @val when the wait was set up.
 * -EINVAL: @futex_flags has an unknown flag or lacks FUTEX2_SIZE_U32, @flags is not 0, @val or
 * @mask does not fit in 32 bits, or @futex is not aligned to 4 bytes.
 * -EFAULT: @futex is outside the caller's address space.
 * -ECANCELED: the wait was canceled, for instance by io_uring_prep_cancel() or a linked timeout.
 *
 * Notes: IORING_OP_FUTEX_WAIT is available since Linux 6.7. The request takes no timeout; link
 * an io_uring_prep_link_timeout() to it to bound the wait.
 *
 * See also: io_uring_prep_futex_wake(3), io_uring_prep_futex_waitv(3),
 * io_uring_prep_link_timeout(3), futex(2)
 */
IOURINGINLINE void io_uring_prep_futex_wait(struct io_uring_sqe *sqe, const uint32_t *futex,
					    uint64_t val, uint64_t mask, uint32_t futex_flags,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	/* the FUTEX2_* flags travel in fd, the bitset in addr3 */
	io_uring_prep_rw(IORING_OP_FUTEX_WAIT, sqe, (int) futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/**
 * prepare a request that waits on several futexes at once
 *
 * Fill @sqe with an IORING_OP_FUTEX_WAITV request: wait on the @nr_futex futexes described by
 * the struct futex_waitv array at @futex, each with its own expected value, address and futex2
 * flags (FUTEX2_SIZE_U32 required), until one of them is woken. It is the io_uring form of
 * futex_waitv(2). There is no bitset: any wake of a listed futex counts. @flags is reserved
 * and must be 0.
 *
 * Return: nothing. The completion's res is the index in @futex of the futex that was woken, or
 * a negative errno.
 *
 * Errors:
 * -EAGAIN: one of the futex words did not hold its expected value when the wait was set up.
 * -EINVAL: @nr_futex is 0 or above FUTEX_WAITV_MAX (128), an entry has invalid flags or a
 * non-zero reserved field, or @flags is not 0.
 * -EFAULT: @futex or one of the futex addresses is outside the caller's address space.
 * -ECANCELED: the wait was canceled.
 *
 * Notes: IORING_OP_FUTEX_WAITV is available since Linux 6.7. The kernel reads the array when
 * the request is submitted. Like io_uring_prep_futex_wait(), the request has no timeout of its
 * own.
 *
 * See also: io_uring_prep_futex_wait(3), io_uring_prep_futex_wake(3),
 * io_uring_prep_link_timeout(3)
 */
IOURINGINLINE void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe,
					     const struct futex_waitv *futex, uint32_t nr_futex,
					     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FUTEX_WAITV, sqe, 0, futex, nr_futex, 0);
	sqe->futex_flags = flags;
}

/**
 * prepare a request that waits for a child process to change state
 *
 * Fill @sqe with an IORING_OP_WAITID request, the io_uring form of waitid(2): wait for a child
 * selected by @idtype and @id (P_PID with a process ID, P_PIDFD with a pidfd, P_PGID with a
 * process group, or P_ALL) to reach one of the states in @options (WEXITED, WSTOPPED,
 * WCONTINUED, possibly with WNOHANG and WNOWAIT). On success the kernel fills the siginfo_t at
 * @infop with the child's details. @flags is reserved for io_uring and must be 0.
 *
 * The helper stores @id in sqe->fd, @idtype in sqe->len, @options in sqe->file_index, @infop
 * in sqe->addr2 and @flags in sqe->waitid_flags.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -ECHILD: no child matches @idtype and @id, or none can be waited for in those states.
 * -EINVAL: @idtype or @options is invalid, or @flags is not 0.
 * -EFAULT: @infop is outside the caller's address space.
 * -ECANCELED: the wait was canceled.
 *
 * Notes: IORING_OP_WAITID is available since Linux 6.7. The kernel writes @infop when the child
 * changes state, so it must stay valid until the completion.
 *
 * See also: io_uring_prep_futex_wait(3), io_uring_prep_cancel(3), waitid(2)
 */
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
