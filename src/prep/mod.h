/*
 * C twin of src/prep/mod.rs: the SQE basics every prep helper builds on.
 *
 * The C twins (the .h files under src/) are liburing's inline helpers; build.rs splices them
 * into liburing.h, where they are defined exactly as liburing defines them, and
 * the Rust twin of each one is the exported function liburing-ffi offers. The
 * differential test (tests/twins) proves that both write the same bytes.
 */

/**
 * convert a pointer into the 64-bit integer an SQE field holds
 *
 * Internal helper of the prep functions: returns @ptr as a __u64, going through unsigned long
 * so that a 32-bit pointer is zero-extended rather than sign-extended. SQE fields such as
 * sqe->addr, sqe->addr2 and sqe->addr3 carry user pointers in this form.
 *
 * Return: the value of @ptr as an unsigned 64-bit integer (0 for NULL).
 *
 * Notes: not part of liburing's documented interface; it is declared _LOCAL_INLINE and
 * applications should not rely on it.
 *
 * See also: io_uring_prep_rw(3)
 */
_LOCAL_INLINE __u64 uring_ptr_to_u64(const void *ptr) LIBURING_NOEXCEPT
{
	return (__u64) (unsigned long) ptr;
}

/**
 * reset the SQE fields that prep helpers do not always write
 *
 * Zero the parts of @sqe that a prep helper may leave alone, so that nothing from an earlier
 * use of the same ring slot leaks into the new request: sqe->flags, sqe->ioprio, the
 * per-opcode flags word (sqe->rw_flags and its aliases), sqe->buf_index (also
 * sqe->buf_group), sqe->personality, sqe->file_index (also splice_fd_in, optlen and
 * addr_len), sqe->addr3 and sqe->__pad2[0].
 *
 * The fields every prep helper writes through io_uring_prep_rw() (opcode, fd, off, addr,
 * len) are left as they are, and so is sqe->user_data. On a 128-byte SQE the second half
 * is not touched either.
 *
 * io_uring_get_sqe() and io_uring_get_sqe128() call this on every SQE they hand out, so an
 * application only needs it when it builds SQEs in memory it manages itself.
 *
 * Return: nothing.
 *
 * Notes: user_data is not cleared; set it with io_uring_sqe_set_data() or
 * io_uring_sqe_set_data64() if the completion must be identified.
 *
 * See also: io_uring_get_sqe(3), io_uring_prep_rw(3), io_uring_sqe_set_data(3)
 */
IOURINGINLINE void io_uring_initialize_sqe(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT
{
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->rw_flags = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
}

/**
 * attach a pointer to an SQE, to be returned in its completion
 *
 * Store @data in sqe->user_data of @sqe. The kernel copies user_data unchanged into every
 * CQE the request produces, where io_uring_cqe_get_data() gives the pointer back. The
 * pointer is stored zero-extended to 64 bits.
 *
 * Call it after the prep helper or before it: no prep helper writes user_data.
 *
 * Return: nothing.
 *
 * Notes: neither io_uring_get_sqe() nor the prep helpers clear user_data, so an SQE whose
 * user_data is never set carries whatever value the slot held before. The kernel never
 * dereferences @data: the object it points to must stay alive until the application has
 * handled the last completion of the request. The value (__u64)-1 is reserved by the
 * library for its internal timeout on kernels without IORING_FEAT_EXT_ARG.
 *
 * See also: io_uring_sqe_set_data64(3), io_uring_cqe_get_data(3), io_uring_get_sqe(3)
 */
IOURINGINLINE void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data) LIBURING_NOEXCEPT
{
	sqe->user_data = (unsigned long) data;
}

/**
 * attach a 64-bit value to an SQE, to be returned in its completion
 *
 * Store @data in sqe->user_data of @sqe. The kernel copies it unchanged into every CQE the
 * request produces, where io_uring_cqe_get_data64() reads it back. Use this variant when
 * the tag is an integer (an index, a sequence number) rather than a pointer.
 *
 * Return: nothing.
 *
 * Notes: user_data is not cleared by io_uring_get_sqe() or by the prep helpers; an SQE
 * whose user_data is never set carries a stale value. Avoid (__u64)-1 (LIBURING_UDATA_TIMEOUT
 * in liburing): on kernels without IORING_FEAT_EXT_ARG the library uses it for its own timeout
 * requests and hides CQEs that carry it. The macro LIBURING_HAVE_DATA64 tells that this
 * function exists.
 *
 * See also: io_uring_sqe_set_data(3), io_uring_cqe_get_data64(3), io_uring_prep_cancel64(3)
 */
IOURINGINLINE void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data) LIBURING_NOEXCEPT
{
	sqe->user_data = data;
}

/**
 * set the IOSQE_* flags of an SQE
 *
 * Replace sqe->flags of @sqe with @flags; only the low 8 bits are kept. Any flags set
 * earlier (by a prep helper or by hand) are overwritten, so OR them in when needed.
 * The flags are:
 *
 * - IOSQE_FIXED_FILE: sqe->fd is an index into the registered file table (Linux 5.1).
 * - IOSQE_IO_DRAIN: start only after all earlier requests have completed, and hold back
 *   later ones until this one completes (Linux 5.2).
 * - IOSQE_IO_LINK: the next SQE is started only after this one completes; the chain ends at
 *   the first SQE without the flag, and an error cancels the rest of it (Linux 5.3).
 * - IOSQE_IO_HARDLINK: like IOSQE_IO_LINK, but the chain goes on after an error (Linux 5.5).
 * - IOSQE_ASYNC: skip the non-blocking attempt and run the request from a worker thread
 *   at once (Linux 5.6).
 * - IOSQE_BUFFER_SELECT: take the buffer from the provided-buffer group in sqe->buf_group
 *   when the data arrives (Linux 5.7); see io_uring_sqe_set_buf_group().
 * - IOSQE_CQE_SKIP_SUCCESS: post no CQE if the request succeeds (Linux 5.17).
 *
 * Return: nothing. A flag the request cannot take makes it complete with an error.
 *
 * Errors:
 * -EINVAL: @flags holds a bit the running kernel does not know.
 * -EOPNOTSUPP: IOSQE_BUFFER_SELECT is set on an opcode that cannot select a buffer.
 *
 * Notes: a link cannot span two submissions: the last SQE of a submission ends its chain
 * even if it carries IOSQE_IO_LINK. IOSQE_ASYNC costs a thread hand-off and should be used
 * only for requests known to block.
 *
 * See also: io_uring_sqe_set_buf_group(3), io_uring_get_sqe(3), io_uring_submit(3),
 * io_uring_register_files(3)
 */
IOURINGINLINE void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned flags) LIBURING_NOEXCEPT
{
	sqe->flags = (__u8) flags;
}

/**
 * choose the provided-buffer group an SQE takes its buffer from
 *
 * Store @bgid, truncated to 16 bits, in sqe->buf_group of @sqe. With IOSQE_BUFFER_SELECT
 * in sqe->flags, the kernel picks the buffer for the request from that group when data is
 * ready, and reports the buffer ID in the upper bits of the CQE flags
 * (IORING_CQE_F_BUFFER). The group is a buffer ring registered with
 * io_uring_register_buf_ring() or io_uring_setup_buf_ring(), or buffers given with
 * io_uring_prep_provide_buffers().
 *
 * Return: nothing.
 *
 * Notes: sqe->buf_group shares its storage with sqe->buf_index, so this cannot be combined
 * with a request that uses a registered buffer index. Some prep helpers write buf_group
 * themselves; call this after them.
 *
 * See also: io_uring_sqe_set_flags(3), io_uring_setup_buf_ring(3),
 * io_uring_register_buf_ring(3), io_uring_prep_provide_buffers(3)
 */
IOURINGINLINE void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid) LIBURING_NOEXCEPT
{
	sqe->buf_group = (__u16) bgid;
}

/**
 * make a request install its new file in a fixed-file slot
 *
 * Internal helper of the *_direct prep functions: set sqe->file_index of @sqe to
 * @file_index + 1, because the kernel reads 0 as "no direct descriptor". The file the
 * request creates (open, accept, socket, pipe) then goes into slot @file_index of the
 * registered file table instead of becoming a normal file descriptor.
 *
 * Passing IORING_FILE_INDEX_ALLOC - 1 stores IORING_FILE_INDEX_ALLOC, which asks the kernel
 * to pick a free slot and return its index in the completion's res.
 *
 * Return: nothing.
 *
 * Notes: not part of liburing's documented interface (_LOCAL_INLINE). The table must have
 * been registered (io_uring_register_files() or io_uring_register_files_sparse()); direct
 * descriptors exist since Linux 5.15.
 *
 * See also: io_uring_register_files(3), io_uring_prep_openat_direct(3),
 * io_uring_prep_accept_direct(3)
 */
_LOCAL_INLINE void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe,
						    unsigned int file_index) LIBURING_NOEXCEPT
{
	sqe->file_index = file_index + 1;
}

/**
 * fill the common fields of an SQE for any opcode
 *
 * The building block of the prep helpers: write @op to sqe->opcode, @fd to sqe->fd, @addr
 * (as an integer) to sqe->addr, @len to sqe->len and @offset to sqe->off of @sqe. No
 * other field is touched; the rest of the SQE keeps what io_uring_get_sqe() cleared, and
 * the caller sets any opcode-specific field afterwards.
 *
 * Applications can use it for an opcode that has no dedicated helper, as long as they know
 * the field layout the kernel expects for that opcode.
 *
 * Return: nothing. The completion's res depends on @op: usually a count or 0 on success,
 * or a negative errno.
 *
 * Errors:
 * -EINVAL: @op is not an opcode the kernel knows, or a field is not valid for it.
 * -EBADF: @fd is not a valid descriptor (or registered index) for an opcode that needs one.
 *
 * Notes: an SQE that did not come from io_uring_get_sqe() should first be cleared with
 * io_uring_initialize_sqe(). Whatever @addr points to must remain valid as long as the
 * opcode says (until submission for parameters the kernel copies, until completion for I/O
 * buffers).
 *
 * See also: io_uring_get_sqe(3), io_uring_initialize_sqe(3), io_uring_prep_nop(3),
 * io_uring_opcode_supported(3)
 */
IOURINGINLINE void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd, const void *addr,
				    unsigned len, __u64 offset) LIBURING_NOEXCEPT
{
	sqe->opcode = (__u8) op;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (unsigned long) addr;
	sqe->len = len;
}

/**
 * prepare a request that does nothing
 *
 * Fill @sqe with an IORING_OP_NOP request: no file, no buffer, no work. It still travels
 * the whole submission and completion path, which makes it useful to wake a waiter, to
 * test a ring, or as a barrier in a link chain or with IOSQE_IO_DRAIN.
 *
 * Return: nothing. The completion's res is 0.
 *
 * Notes: IORING_OP_NOP exists since Linux 5.1, the first io_uring kernel. It still honours
 * sqe->flags such as IOSQE_IO_LINK and IOSQE_CQE_SKIP_SUCCESS.
 *
 * See also: io_uring_prep_nop128(3), io_uring_get_sqe(3), io_uring_submit(3)
 */
IOURINGINLINE void io_uring_prep_nop(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, NULL, 0, 0);
}

/**
 * prepare a timeout that fires after a time or a number of completions
 *
 * Fill @sqe with an IORING_OP_TIMEOUT request. The timeout completes when the time in @ts
 * has passed, or earlier when @count other completions have been posted to the CQ ring
 * after it was armed. A @count of 0 makes it a pure timer. The pointer @ts goes into
 * sqe->addr, @count into sqe->off, and @flags into sqe->timeout_flags:
 *
 * - IORING_TIMEOUT_ABS: @ts is an absolute time, not a delay.
 * - IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME: measure with CLOCK_BOOTTIME or
 *   CLOCK_REALTIME instead of the default CLOCK_MONOTONIC (Linux 5.15).
 * - IORING_TIMEOUT_ETIME_SUCCESS: an expiry does not count as a failure, so linked
 *   requests are not cancelled; res is still -ETIME (Linux 5.16).
 * - IORING_TIMEOUT_MULTISHOT: fire repeatedly, every @ts, @count times (0: until removed);
 *   each CQE but the last carries IORING_CQE_F_MORE (Linux 6.4).
 * - IORING_TIMEOUT_IMMEDIATE_ARG: the value passed as @ts is itself the delay in
 *   nanoseconds, cast to a pointer, instead of the address of a struct __kernel_timespec
 *   (a very recent kernel addition; liburing 2.15 documents Linux 7.1).
 *
 * Its completion, like any other, wakes a thread blocked in io_uring_wait_cqe(), which makes
 * it a way to bound such a wait.
 *
 * Return: nothing. The completion's res is -ETIME when the time ran out, 0 when @count
 * completions arrived first, or a negative errno.
 *
 * Errors:
 * -ETIME: the timeout expired (also with IORING_TIMEOUT_ETIME_SUCCESS).
 * -ECANCELED: the timeout was removed by io_uring_prep_timeout_remove() or cancelled.
 * -EINVAL: a negative tv_sec or tv_nsec, two clock flags, an unknown flag, or
 * a field the opcode does not use is set.
 * -EFAULT: @ts cannot be read.
 *
 * Notes: IORING_OP_TIMEOUT exists since Linux 5.4. The kernel reads *@ts when the request
 * is submitted (on Linux 5.5 and later, IORING_FEAT_SUBMIT_STABLE), so @ts only needs to
 * stay valid until then. The count is compared with all completions of the ring, not only
 * those of related requests.
 *
 * See also: io_uring_prep_timeout_remove(3), io_uring_prep_timeout_update(3),
 * io_uring_prep_link_timeout(3), io_uring_wait_cqe_timeout(3)
 */
IOURINGINLINE void io_uring_prep_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts,
					 unsigned count, unsigned flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts, 1, count);
	sqe->timeout_flags = flags;
}
