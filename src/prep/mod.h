/*
 * C twin of src/prep/mod.rs: the SQE basics every prep helper builds on.
 *
 * The C twins (the .h files under src/) are liburing's inline helpers; build.rs splices them
 * into liburing.h, where they are defined exactly as liburing defines them, and
 * the Rust twin of each one is the exported function liburing-ffi offers. The
 * differential test (tests/twins) proves that both write the same bytes.
 */

/* A pointer as the 64-bit integer the SQE fields carry. */
_LOCAL_INLINE __u64 uring_ptr_to_u64(const void *ptr) LIBURING_NOEXCEPT
{
	return (__u64) (unsigned long) ptr;
}

/* Clear the fields that not every prep helper writes (done by io_uring_get_sqe). */
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

/* Store data in the SQE's user_data, to come back in the CQE. */
IOURINGINLINE void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data) LIBURING_NOEXCEPT
{
	sqe->user_data = (unsigned long) data;
}

IOURINGINLINE void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data) LIBURING_NOEXCEPT
{
	sqe->user_data = data;
}

/* Set the IOSQE_* flags (the low 8 bits). */
IOURINGINLINE void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned flags) LIBURING_NOEXCEPT
{
	sqe->flags = (__u8) flags;
}

/* Select provided-buffer group bgid (with IOSQE_BUFFER_SELECT). */
IOURINGINLINE void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid) LIBURING_NOEXCEPT
{
	sqe->buf_group = (__u16) bgid;
}

/* Install the result in fixed-file slot file_index (stored + 1: 0 means none). */
_LOCAL_INLINE void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe,
						    unsigned int file_index) LIBURING_NOEXCEPT
{
	sqe->file_index = file_index + 1;
}

/* The common shape of most requests: opcode, fd, address, length, offset. */
IOURINGINLINE void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd, const void *addr,
				    unsigned len, __u64 offset) LIBURING_NOEXCEPT
{
	sqe->opcode = (__u8) op;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (unsigned long) addr;
	sqe->len = len;
}

/* A request that does nothing and completes with res 0. */
IOURINGINLINE void io_uring_prep_nop(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, NULL, 0, 0);
}

/* A timeout after ts, or after count other completions; -ETIME when it fires. */
IOURINGINLINE void io_uring_prep_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts,
					 unsigned count, unsigned flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts, 1, count);
	sqe->timeout_flags = flags;
}
