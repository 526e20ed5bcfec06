/* C twin of src/prep/rw.rs: read/write, fsync, fallocate, fadvise/madvise, splice/tee. */

/**
 * prepare a read from a file descriptor into a buffer
 *
 * Set up @sqe as an IORING_OP_READ request that reads at most @nbytes bytes from @fd into
 * the memory at @buf, starting at file offset @offset. The helper only writes the SQE; nothing
 * happens until the SQE is submitted.
 *
 * An @offset of -1 (all bits set) makes the read start at the current file position and
 * advance it, the way read(2) does. Several such requests in flight at once race on the
 * position, so explicit offsets are preferable whenever the caller knows them. On files that
 * cannot seek (pipes, sockets, character devices) @offset must be 0 or -1.
 *
 * If sqe->flags holds IOSQE_FIXED_FILE, @fd is an index into the ring's registered file
 * table instead of a file descriptor. If it holds IOSQE_BUFFER_SELECT, @buf is not used: the
 * kernel picks a buffer from the provided-buffer group named in sqe->buf_group, and @nbytes
 * caps how much of it is filled.
 *
 * Return: nothing. The completion's res is the number of bytes read, 0 at end of file, or a
 * negative errno.
 *
 * Errors:
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 * -EFAULT: @buf does not point to writable memory of the caller.
 * -EINVAL: the file does not support this kind of read (for example misaligned O_DIRECT I/O).
 * -EAGAIN: the file is in non-blocking mode (O_NONBLOCK) and has no data ready.
 * -EOPNOTSUPP: the ring uses IORING_SETUP_IOPOLL and the file cannot be polled (no O_DIRECT).
 * -ENOBUFS: buffer selection was asked for and the group has no buffer left.
 *
 * Notes: IORING_OP_READ exists since Linux 5.6; older kernels complete it with -EINVAL. The SQE
 * records only the address of @buf, so the memory must stay valid and untouched until the
 * completion arrives. Although @nbytes is unsigned, a single read never transfers more than read(2)
 * would (about 2 GiB), so res cannot overflow. Other errors of read(2), such as -EIO or -EISDIR,
 * are passed through as well.
 *
 * See also: io_uring_prep_readv(3), io_uring_prep_read_fixed(3),
 * io_uring_prep_read_multishot(3), io_uring_prep_write(3), io_uring_submit(3), read(2)
 */
IOURINGINLINE void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf,
				      unsigned nbytes, __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

/**
 * prepare a write from a buffer to a file descriptor
 *
 * Set up @sqe as an IORING_OP_WRITE request that writes up to @nbytes bytes taken from @buf
 * to @fd, at file offset @offset.
 *
 * An @offset of -1 (all bits set) writes at the current file position and moves it forward,
 * as write(2) would; files opened with O_APPEND always write at the end. Concurrent requests
 * that use the file position are not ordered with respect to each other, so prefer explicit
 * offsets. For pipes, sockets and other unseekable files @offset must be 0 or -1.
 *
 * With IOSQE_FIXED_FILE set in sqe->flags, @fd is an index into the registered file table.
 *
 * Return: nothing. The completion's res is the number of bytes written (possibly fewer than
 * @nbytes), or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -EFAULT: @buf is not readable memory of the caller.
 * -EINVAL: the file does not accept this kind of write (for example misaligned O_DIRECT I/O).
 * -EAGAIN: the file is in non-blocking mode and cannot take data right now.
 * -ENOSPC: the device has no room left.
 * -EFBIG: the write would exceed the maximum file size.
 * -EPIPE: the reading end of a pipe, or the peer of a socket, has been closed.
 * -EOPNOTSUPP: the ring uses IORING_SETUP_IOPOLL and the file cannot be polled.
 *
 * Notes: IORING_OP_WRITE exists since Linux 5.6. Only the address of @buf is stored in the SQE: the
 * data must stay valid until the completion. One request moves at most INT_MAX bytes, whatever
 * @nbytes says. Other errors of write(2), such as -EIO or -EDQUOT, are passed through as well.
 *
 * See also: io_uring_prep_writev(3), io_uring_prep_write_fixed(3), io_uring_prep_read(3),
 * io_uring_submit(3), write(2)
 */
IOURINGINLINE void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf,
				       unsigned nbytes, __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

/**
 * prepare a vectored read into an array of buffers
 *
 * Set up @sqe as an IORING_OP_READV request, the io_uring form of preadv(2): data read from
 * @fd, starting at @offset, fills the @nr_vecs buffers described by the array @iovecs, one
 * after the other.
 *
 * An @offset of -1 reads at the current file position and advances it; unseekable files need
 * 0 or -1. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index. With
 * IOSQE_BUFFER_SELECT, the data goes to a provided buffer instead; then @nr_vecs must be 1
 * and only the length of that single iovec is used.
 *
 * Return: nothing. The completion's res is the total number of bytes read, 0 at end of file,
 * or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 * -EFAULT: the @iovecs array or one of its buffers is not accessible.
 * -EINVAL: @nr_vecs is larger than UIO_MAXIOV (1024), the lengths overflow, or the file
 * rejects this read.
 * -EAGAIN: the file is non-blocking and no data is ready.
 *
 * Notes: IORING_OP_READV is one of the original opcodes (Linux 5.1). The kernel copies the
 * @iovecs array when the request is submitted (kernels with IORING_FEAT_SUBMIT_STABLE, 5.5
 * and later; see io_uring_queue_init_params()), so the array itself may be reused after
 * io_uring_submit() returns, but the buffers it points to must stay valid until completion.
 * For a single buffer, io_uring_prep_read() is cheaper. A read never exceeds what readv(2)
 * can return, so res does not overflow. Other errors of readv(2) are passed through as well.
 *
 * See also: io_uring_prep_readv2(3), io_uring_prep_read(3), io_uring_prep_readv_fixed(3),
 * io_uring_prep_writev(3), readv(2), preadv(2)
 */
IOURINGINLINE void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd,
				       const struct iovec *iovecs, unsigned nr_vecs,
				       __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

/**
 * prepare a vectored read with preadv2-style flags
 *
 * Set up @sqe like io_uring_prep_readv() (read from @fd at @offset into the @nr_vecs buffers
 * of @iovecs) and also store @flags in sqe->rw_flags. @flags takes the RWF_* flags of
 * preadv2(2); for reads the useful ones are:
 * - RWF_NOWAIT: fail with -EAGAIN instead of waiting when data is not immediately
 * available (for example not in the page cache).
 * - RWF_HIPRI: ask for a high-priority, polled completion where the device supports it.
 *
 * The write-side flags (RWF_DSYNC, RWF_SYNC, RWF_APPEND) are accepted by the same field but
 * only mean something for writes.
 *
 * The rules for @offset (-1 for the file position, 0 or -1 on unseekable files), for
 * IOSQE_FIXED_FILE and for IOSQE_BUFFER_SELECT are those of io_uring_prep_readv().
 *
 * Return: nothing. The completion's res is the number of bytes read, 0 at end of file, or a
 * negative errno.
 *
 * Errors:
 * -EAGAIN: RWF_NOWAIT was given and the read would have had to wait.
 * -EOPNOTSUPP: @flags has an unknown bit, or RWF_NOWAIT is not supported by this file.
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 * -EFAULT: the @iovecs array or one of its buffers is not accessible.
 * -EINVAL: @nr_vecs exceeds UIO_MAXIOV, or the file rejects this read.
 *
 * Notes: Available since Linux 5.1, like IORING_OP_READV. The @iovecs array is copied at
 * submission on kernels with IORING_FEAT_SUBMIT_STABLE; the buffers must remain valid until
 * the completion.
 *
 * See also: io_uring_prep_readv(3), io_uring_prep_writev2(3), io_uring_prep_read(3),
 * preadv2(2)
 */
IOURINGINLINE void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd,
					const struct iovec *iovecs, unsigned nr_vecs,
					__u64 offset, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_readv(sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/**
 * prepare a vectored write from an array of buffers
 *
 * Set up @sqe as an IORING_OP_WRITEV request, the io_uring form of pwritev(2): the @nr_vecs
 * buffers described by @iovecs are written in order to @fd, starting at @offset.
 *
 * An @offset of -1 writes at the current file position and advances it; for unseekable files
 * it must be 0 or -1. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is the total number of bytes written, or a negative
 * errno.
 *
 * Errors:
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -EFAULT: the @iovecs array or one of its buffers is not accessible.
 * -EINVAL: @nr_vecs is larger than UIO_MAXIOV (1024), the lengths overflow, or the file
 * rejects this write.
 * -EAGAIN: the file is non-blocking and cannot accept data now.
 * -ENOSPC: the device is full.
 *
 * Notes: Available since Linux 5.1. On kernels with IORING_FEAT_SUBMIT_STABLE (5.5 and later) the
 * @iovecs array is copied at submission and may be reused once io_uring_submit() returns; the data
 * buffers must stay valid until the completion. For one buffer, io_uring_prep_write() avoids the
 * extra state. At most INT_MAX bytes move per request. Other errors of writev(2) are passed through
 * as well.
 *
 * See also: io_uring_prep_writev2(3), io_uring_prep_write(3), io_uring_prep_writev_fixed(3),
 * io_uring_prep_readv(3), writev(2), pwritev(2)
 */
IOURINGINLINE void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd,
					const struct iovec *iovecs, unsigned nr_vecs,
					__u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

/**
 * prepare a vectored write with pwritev2-style flags
 *
 * Set up @sqe like io_uring_prep_writev() (write the @nr_vecs buffers of @iovecs to @fd at
 * @offset) and store @flags, a mask of RWF_* values as accepted by pwritev2(2), in
 * sqe->rw_flags:
 * - RWF_DSYNC: this write alone behaves as if the file were opened with O_DSYNC.
 * - RWF_SYNC: this write alone behaves as if the file were opened with O_SYNC.
 * - RWF_APPEND: this write alone appends at the end of the file, ignoring @offset.
 * - RWF_NOWAIT: fail with -EAGAIN rather than block.
 * - RWF_HIPRI: request polled, high-priority completion where supported.
 *
 * The rules for @offset and IOSQE_FIXED_FILE are those of io_uring_prep_writev().
 *
 * Return: nothing. The completion's res is the number of bytes written, or a negative errno.
 *
 * Errors:
 * -EAGAIN: RWF_NOWAIT was given and the write would have blocked.
 * -EOPNOTSUPP: @flags has an unknown bit, or the file does not support the requested flag.
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -EFAULT: the @iovecs array or one of its buffers is not accessible.
 * -EINVAL: @nr_vecs exceeds UIO_MAXIOV, or the file rejects this write.
 * -ENOSPC: the device is full.
 *
 * Notes: Available since Linux 5.1. The @iovecs array is copied at submission on kernels
 * with IORING_FEAT_SUBMIT_STABLE; the data buffers must remain valid until completion.
 *
 * See also: io_uring_prep_writev(3), io_uring_prep_readv2(3), io_uring_prep_write(3),
 * pwritev2(2)
 */
IOURINGINLINE void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd,
					 const struct iovec *iovecs, unsigned nr_vecs,
					 __u64 offset, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_writev(sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/**
 * prepare a read into a registered buffer
 *
 * Set up @sqe as an IORING_OP_READ_FIXED request: read up to @nbytes bytes from @fd at
 * @offset into @buf, where @buf and @nbytes must lie entirely inside the buffer registered at
 * index @buf_index with io_uring_register_buffers(). @buf may point anywhere inside that
 * registered buffer, not only at its start. Because the pages are already pinned and mapped,
 * the kernel skips the per-request mapping work of io_uring_prep_read().
 *
 * @offset works as for io_uring_prep_read(): -1 means the current file position, and
 * unseekable files need 0 or -1. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered
 * file index. @buf_index is stored in the 16-bit sqe->buf_index field.
 *
 * Return: nothing. The completion's res is the number of bytes read, 0 at end of file, or a
 * negative errno.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or the range @buf .. @buf + @nbytes
 * reaches outside it.
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 * -EINVAL: the file rejects this read (for example misaligned O_DIRECT I/O).
 * -EAGAIN: the file is non-blocking and no data is ready.
 *
 * Notes: Available since Linux 5.1. The data in the registered buffer is complete only once
 * the completion has arrived. res cannot overflow: reads are limited as for read(2).
 *
 * See also: io_uring_prep_write_fixed(3), io_uring_prep_readv_fixed(3),
 * io_uring_register_buffers(3), io_uring_prep_read(3)
 */
IOURINGINLINE void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf,
					    unsigned nbytes, __u64 offset,
					    int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a write from a registered buffer
 *
 * Set up @sqe as an IORING_OP_WRITE_FIXED request: write up to @nbytes bytes taken from @buf
 * to @fd at @offset. The range @buf .. @buf + @nbytes must fall inside the buffer registered
 * at index @buf_index with io_uring_register_buffers(); it need not start at the beginning of
 * that buffer. Using pre-registered memory saves the kernel from mapping the pages for every
 * request.
 *
 * @offset works as for io_uring_prep_write(): -1 means the current file position, and
 * unseekable files need 0 or -1. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered
 * file index. @buf_index is stored in the 16-bit sqe->buf_index field.
 *
 * Return: nothing. The completion's res is the number of bytes written, or a negative errno.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or the range reaches outside it.
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -EINVAL: the file rejects this write (for example misaligned O_DIRECT I/O).
 * -EAGAIN: the file is non-blocking and cannot accept data now.
 * -ENOSPC: the device is full.
 *
 * Notes: Available since Linux 5.1. The data must not be modified until the completion
 * arrives. At most INT_MAX bytes are written per request.
 *
 * See also: io_uring_prep_read_fixed(3), io_uring_prep_writev_fixed(3),
 * io_uring_register_buffers(3), io_uring_prep_write(3)
 */
IOURINGINLINE void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf,
					     unsigned nbytes, __u64 offset,
					     int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a vectored read into registered buffers
 *
 * Set up @sqe as an IORING_OP_READV_FIXED request: read from @fd at @offset into the
 * @nr_vecs segments described by @iovecs. Every segment must lie inside the buffer registered
 * at index @buf_index with io_uring_register_buffers(); the kernel then needs no per-request
 * page mapping. @flags holds RWF_* flags as for preadv2(2) (for example RWF_NOWAIT) and is
 * stored in sqe->rw_flags.
 *
 * The helper first prepares a plain io_uring_prep_readv2() request and then switches the
 * opcode and sets sqe->buf_index (16 bits) to @buf_index. @offset -1 reads at the file
 * position; with IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is the number of bytes read, 0 at end of file, or a
 * negative errno.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or a segment reaches outside it.
 * -EINVAL: the opcode is unknown to the kernel, @nr_vecs is too large, or the file rejects
 * this read.
 * -EOPNOTSUPP: @flags holds an unsupported RWF_* bit.
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 * -EAGAIN: RWF_NOWAIT was given (or the file is non-blocking) and the read would wait.
 *
 * Notes: IORING_OP_READV_FIXED exists since Linux 6.15. The @iovecs array only describes
 * addresses inside the registered buffer; the data is valid once the completion arrives.
 *
 * See also: io_uring_prep_writev_fixed(3), io_uring_prep_read_fixed(3),
 * io_uring_prep_readv2(3), io_uring_register_buffers(3)
 */
IOURINGINLINE void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd,
					     const struct iovec *iovecs, unsigned nr_vecs,
					     __u64 offset, int flags,
					     int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_readv2(sqe, fd, iovecs, nr_vecs, offset, flags);
	sqe->opcode = (__u8) IORING_OP_READV_FIXED;
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a vectored write from registered buffers
 *
 * Set up @sqe as an IORING_OP_WRITEV_FIXED request: the @nr_vecs segments described by
 * @iovecs are written to @fd at @offset. Each segment must be part of the buffer registered at
 * index @buf_index with io_uring_register_buffers(). @flags holds RWF_* flags as for
 * pwritev2(2) (for example RWF_APPEND or RWF_DSYNC) and goes to sqe->rw_flags.
 *
 * The helper prepares an io_uring_prep_writev2() request, then replaces the opcode and sets
 * sqe->buf_index (16 bits) to @buf_index. @offset -1 writes at the file position; with
 * IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is the number of bytes written, or a negative errno.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or a segment reaches outside it.
 * -EINVAL: the opcode is unknown to the kernel, @nr_vecs is too large, or the file rejects
 * this write.
 * -EOPNOTSUPP: @flags holds an unsupported RWF_* bit.
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -ENOSPC: the device is full.
 *
 * Notes: IORING_OP_WRITEV_FIXED exists since Linux 6.15. The data must stay unchanged until
 * the completion. At most INT_MAX bytes are written per request.
 *
 * See also: io_uring_prep_readv_fixed(3), io_uring_prep_write_fixed(3),
 * io_uring_prep_writev2(3), io_uring_register_buffers(3)
 */
IOURINGINLINE void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd,
					      const struct iovec *iovecs, unsigned nr_vecs,
					      __u64 offset, int flags,
					      int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags);
	sqe->opcode = (__u8) IORING_OP_WRITEV_FIXED;
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a multishot read using provided buffers
 *
 * Set up @sqe as an IORING_OP_READ_MULTISHOT request on @fd. Instead of one read into one
 * buffer, the request stays armed: each time data becomes available, the kernel takes a
 * buffer from the provided-buffer group @buf_group, reads into it and posts a completion.
 * @offset is normally 0 (or -1), since the request is meant for pollable, unseekable files
 * such as pipes, sockets, eventfds or tun devices.
 *
 * Pass 0 for @nbytes: the size of each read is the size of the selected buffer. Current
 * kernels reject any other value.
 *
 * The helper sets sqe->flags to exactly IOSQE_BUFFER_SELECT, overwriting flags set before the
 * call; add further IOSQE_* flags (such as IOSQE_FIXED_FILE, in which case @fd is a
 * registered file index) after calling it. @buf_group is stored in the 16-bit sqe->buf_group.
 *
 * Return: nothing. Each completion's res is the number of bytes placed in the buffer whose id
 * is in the upper 16 bits of the CQE flags (IORING_CQE_F_BUFFER is set), or a negative errno.
 * IORING_CQE_F_MORE in the CQE flags means the request is still armed; a completion without
 * it ends the request, and it must be submitted again to continue.
 *
 * Errors:
 * -EBADFD: @fd is not pollable (for example a regular file).
 * -ENOBUFS: the buffer group ran out of buffers; this ends the request.
 * -EINVAL: @nbytes or the buffer address is non-zero, buffer selection is missing, or the
 * kernel does not know the opcode.
 * -EBADF: @fd is not open for reading, or is not a valid registered file index.
 *
 * Notes: IORING_OP_READ_MULTISHOT exists since Linux 6.7; older kernels complete the request
 * with -EINVAL. It works with both ring-mapped buffer groups (io_uring_setup_buf_ring()) and
 * legacy ones (io_uring_prep_provide_buffers()). Each buffer belongs to the application again
 * once its completion is seen, and must be given back to the group to be used again.
 *
 * See also: io_uring_prep_read(3), io_uring_setup_buf_ring(3),
 * io_uring_prep_provide_buffers(3), io_uring_prep_recv_multishot(3)
 */
IOURINGINLINE void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd,
						unsigned nbytes, __u64 offset,
						int buf_group) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ_MULTISHOT, sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (__u16) buf_group;
	/* replaces any IOSQE_* flags set before: the buffers must come from the group */
	sqe->flags = (__u8) IOSQE_BUFFER_SELECT;
}

/**
 * prepare a file sync request
 *
 * Set up @sqe as an IORING_OP_FSYNC request for @fd. With @fsync_flags 0 it behaves like
 * fsync(2): file data and metadata are flushed to stable storage. With IORING_FSYNC_DATASYNC
 * it behaves like fdatasync(2) and skips metadata not needed to read the data back.
 *
 * The whole file is synced unless the caller narrows the range afterwards: the kernel reads
 * a start offset from sqe->off and a byte count from sqe->len (both left at 0 by this
 * helper, meaning the whole file), so setting those fields after the call syncs only that
 * range.
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index. A sync does not wait
 * for writes that are still in flight in the same ring; link it after them (IOSQE_IO_LINK)
 * or wait for their completions first.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: @fsync_flags has a bit other than IORING_FSYNC_DATASYNC, or the file does not
 * support syncing.
 * -EBADF: @fd is not a valid file descriptor or registered file index.
 * -EIO: an I/O error occurred while writing back.
 * -ENOSPC: there was no room to write back the data.
 *
 * Notes: IORING_OP_FSYNC is available since Linux 5.1.
 *
 * See also: io_uring_prep_sync_file_range(3), io_uring_sqe_set_flags(3), fsync(2),
 * fdatasync(2)
 */
IOURINGINLINE void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd,
				       unsigned fsync_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FSYNC, sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/**
 * prepare a sync_file_range request
 *
 * Set up @sqe as an IORING_OP_SYNC_FILE_RANGE request, the asynchronous form of
 * sync_file_range(2): act on @len bytes of @fd starting at @offset. A @len of 0 means from
 * @offset to the end of the file. @flags combines SYNC_FILE_RANGE_WAIT_BEFORE,
 * SYNC_FILE_RANGE_WRITE and SYNC_FILE_RANGE_WAIT_AFTER; it is stored in
 * sqe->sync_range_flags.
 *
 * As with sync_file_range(2), this starts or waits for writeback of data pages only; it does
 * not flush metadata or the disk cache and is no substitute for io_uring_prep_fsync() when
 * durability matters. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: @flags has unknown bits, or the range is invalid.
 * -ESPIPE: @fd refers to a pipe, socket or FIFO.
 * -EBADF: @fd is not a valid file descriptor or registered file index.
 * -EIO: an I/O error occurred.
 * -ENOMEM: out of memory.
 * -ENOSPC: out of disk space.
 *
 * Notes: IORING_OP_SYNC_FILE_RANGE is available since Linux 5.2. @len is only 32 bits wide
 * here; sync larger ranges in several requests or use 0 for "to the end of the file".
 *
 * See also: io_uring_prep_fsync(3), sync_file_range(2)
 */
IOURINGINLINE void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe, int fd,
						 unsigned len, __u64 offset,
						 int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe, fd, NULL, len, offset);
	sqe->sync_range_flags = (__u32) flags;
}

/**
 * prepare a fallocate request
 *
 * Set up @sqe as an IORING_OP_FALLOCATE request, the asynchronous form of fallocate(2):
 * operate on @len bytes of @fd from @offset with @mode. @mode 0 allocates disk space (and
 * extends the file if needed); otherwise it is a mask of FALLOC_FL_* values such as
 * FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE, FALLOC_FL_COLLAPSE_RANGE
 * or FALLOC_FL_INSERT_RANGE.
 *
 * The SQE layout differs from the usual one: @mode travels in sqe->len and the 64-bit @len in
 * sqe->addr. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not open for writing, or is not a valid registered file index.
 * -EINVAL: @offset is negative, @len is 0 or negative, or @mode is invalid.
 * -EOPNOTSUPP: the filesystem does not support @mode.
 * -ENOSPC: not enough free space.
 * -EFBIG: @offset + @len exceeds the maximum file size.
 * -ENODEV: @fd is not a regular file or directory.
 * -ESPIPE: @fd refers to a pipe or FIFO.
 * -EPERM: the file is immutable or append-only and @mode needs to modify it.
 *
 * Notes: IORING_OP_FALLOCATE is available since Linux 5.6. The kernel always runs it from a
 * worker thread, never inline.
 *
 * See also: io_uring_prep_ftruncate(3), fallocate(2)
 */
IOURINGINLINE void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd, int mode,
					   __u64 offset, __u64 len) LIBURING_NOEXCEPT
{
	/* mode travels in len, and the 64-bit length in addr */
	io_uring_prep_rw(IORING_OP_FALLOCATE, sqe, fd, NULL, (unsigned) mode, offset);
	sqe->addr = len;
}

/**
 * prepare a posix_fadvise request
 *
 * Set up @sqe as an IORING_OP_FADVISE request, the asynchronous form of posix_fadvise(2):
 * give the kernel the access-pattern hint @advice (POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
 * POSIX_FADV_RANDOM, POSIX_FADV_NOREUSE, POSIX_FADV_WILLNEED or POSIX_FADV_DONTNEED) for the
 * @len bytes of @fd starting at @offset. A @len of 0 covers everything from @offset to the
 * end of the file.
 *
 * @len is limited to 32 bits here; io_uring_prep_fadvise64() takes a full 64-bit length.
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not a valid file descriptor or registered file index.
 * -EINVAL: @advice is not a known value.
 * -ESPIPE: @fd refers to a pipe or FIFO.
 *
 * Notes: IORING_OP_FADVISE is available since Linux 5.6. The NORMAL, SEQUENTIAL and RANDOM
 * hints are applied inline; the others (which may start or drop I/O) run in a worker thread.
 *
 * See also: io_uring_prep_fadvise64(3), io_uring_prep_madvise(3), posix_fadvise(2)
 */
IOURINGINLINE void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd, __u64 offset,
					 __u32 len, int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FADVISE, sqe, fd, NULL, len, offset);
	sqe->fadvise_advice = (__u32) advice;
}

/**
 * prepare a posix_fadvise request with a 64-bit length
 *
 * Fill @sqe like io_uring_prep_fadvise() (hint @advice for the @len bytes of @fd from @offset), but
 * @len is a full off_t. The helper places @len in sqe->addr and leaves sqe->len at 0; kernels that
 * know this layout take the length from sqe->addr and fall back to sqe->len when it is 0, so a @len
 * of 0 still means "to the end of the file".
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: the kernel predates 64-bit lengths and rejects a non-zero sqe->addr, or @advice
 * is unknown.
 * -EBADF: @fd is not a valid file descriptor or registered file index.
 * -ESPIPE: @fd refers to a pipe or FIFO.
 *
 * Notes: The 64-bit length is understood since Linux 6.11; earlier kernels fail such a request
 * with -EINVAL (a @len of 0 still works there). Added in liburing 2.7.
 *
 * See also: io_uring_prep_fadvise(3), io_uring_prep_madvise64(3), posix_fadvise(2)
 */
IOURINGINLINE void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd, __u64 offset,
					   off_t len, int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FADVISE, sqe, fd, NULL, 0, offset);
	sqe->addr = (__u64) len;
	sqe->fadvise_advice = (__u32) advice;
}

/**
 * prepare a madvise request
 *
 * Set up @sqe as an IORING_OP_MADVISE request, the asynchronous form of madvise(2): apply
 * @advice (MADV_WILLNEED, MADV_DONTNEED, MADV_SEQUENTIAL, MADV_FREE, ...) to the @length
 * bytes of the calling process's address space starting at @addr. @addr must be page aligned,
 * as for madvise(2). No file descriptor is involved; the helper stores -1 in sqe->fd.
 *
 * @length is 32 bits wide here; io_uring_prep_madvise64() takes a 64-bit length.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: @addr is not page aligned, @advice is unknown, or the advice does not apply to
 * this mapping.
 * -ENOMEM: part of the range is not mapped.
 * -EPERM: the advice needs a privilege the caller lacks.
 * -EAGAIN: a kernel resource was temporarily unavailable.
 * -EOPNOTSUPP: the kernel was built without madvise support.
 *
 * Notes: IORING_OP_MADVISE is available since Linux 5.6. It always runs in a worker thread.
 *
 * See also: io_uring_prep_madvise64(3), io_uring_prep_fadvise(3), madvise(2)
 */
IOURINGINLINE void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr, __u32 length,
					 int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MADVISE, sqe, -1, addr, length, 0);
	sqe->fadvise_advice = (__u32) advice;
}

/**
 * prepare a madvise request with a 64-bit length
 *
 * Fill @sqe like io_uring_prep_madvise() (apply @advice to @length bytes of memory at @addr), but
 * @length is a full off_t. The helper stores @length in sqe->off and leaves sqe->len at 0; kernels
 * that support it read the length from sqe->off and use sqe->len only when that is 0.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: the kernel predates 64-bit lengths and rejects a non-zero sqe->off; or @addr is
 * not page aligned, or @advice is unknown.
 * -ENOMEM: part of the range is not mapped.
 * -EPERM: the advice needs a privilege the caller lacks.
 *
 * Notes: Linux 6.11 and later understand the 64-bit length; older kernels fail the request
 * with -EINVAL. Added in liburing 2.7.
 *
 * See also: io_uring_prep_madvise(3), io_uring_prep_fadvise64(3), madvise(2)
 */
IOURINGINLINE void io_uring_prep_madvise64(struct io_uring_sqe *sqe, void *addr, off_t length,
					   int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MADVISE, sqe, -1, addr, 0, (__u64) length);
	sqe->fadvise_advice = (__u32) advice;
}

/**
 * prepare a splice request between two file descriptors
 *
 * Set up @sqe as an IORING_OP_SPLICE request, the asynchronous form of splice(2): move up to
 * @nbytes bytes from @fd_in to @fd_out without copying through user space. At least one of the
 * two must be a pipe.
 *
 * Offsets follow these rules, for @off_in with @fd_in and likewise for @off_out with @fd_out:
 * - If the descriptor is a pipe, its offset must be -1.
 * - If it is not a pipe and the offset is -1, the transfer uses and advances the file
 * position.
 * - Otherwise the transfer starts at that offset and the file position is not changed.
 *
 * @splice_flags takes the SPLICE_F_* flags of splice(2) (SPLICE_F_MOVE, SPLICE_F_NONBLOCK,
 * SPLICE_F_MORE). The io_uring-specific SPLICE_F_FD_IN_FIXED marks @fd_in as an index into
 * the registered file table; for @fd_out the usual IOSQE_FIXED_FILE in sqe->flags does the
 * same.
 *
 * Return: nothing. The completion's res is the number of bytes moved, 0 when there was
 * nothing to move (end of input, or a pipe with no writers), or a negative errno.
 *
 * Errors:
 * -EINVAL: neither descriptor is a pipe, @splice_flags has unknown bits, the target is
 * opened with O_APPEND, or the files do not support splicing.
 * -ESPIPE: an offset other than -1 was given for a pipe.
 * -EBADF: a descriptor is not open in the right mode, or is not a valid registered index.
 * -EAGAIN: SPLICE_F_NONBLOCK was given and the transfer would block.
 * -ENOMEM: out of memory.
 *
 * Notes: IORING_OP_SPLICE is available since Linux 5.7. The kernel executes it in a worker
 * thread. @off_in and @off_out are signed, so -1 can be passed directly.
 *
 * See also: io_uring_prep_tee(3), splice(2)
 */
IOURINGINLINE void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in, int64_t off_in,
					int fd_out, int64_t off_out, unsigned int nbytes,
					unsigned int splice_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SPLICE, sqe, fd_out, NULL, nbytes, (__u64) off_out);
	sqe->splice_off_in = (__u64) off_in;
	sqe->splice_fd_in = fd_in;
	sqe->splice_flags = splice_flags;
}

/**
 * prepare a tee request between two pipes
 *
 * Set up @sqe as an IORING_OP_TEE request, the asynchronous form of tee(2): duplicate up to
 * @nbytes bytes from the pipe @fd_in into the pipe @fd_out. The data stays in @fd_in and can
 * still be read from it afterwards. Pipes have no offsets, so both offset fields are set to 0.
 *
 * @splice_flags takes the SPLICE_F_* flags of tee(2) (SPLICE_F_NONBLOCK is the useful one)
 * plus the io_uring-specific SPLICE_F_FD_IN_FIXED, which makes @fd_in an index into the
 * registered file table. IOSQE_FIXED_FILE in sqe->flags does the same for @fd_out.
 *
 * Return: nothing. The completion's res is the number of bytes duplicated, 0 if @fd_in held
 * no data and has no writers, or a negative errno.
 *
 * Errors:
 * -EINVAL: one of the descriptors is not a pipe, both refer to the same pipe, or
 * @splice_flags has unknown bits.
 * -EBADF: a descriptor is not valid, or is not a valid registered index.
 * -EAGAIN: SPLICE_F_NONBLOCK was given and the call would have to wait.
 * -ENOMEM: out of memory.
 *
 * Notes: IORING_OP_TEE is available since Linux 5.8 and runs in a worker thread. Although
 * @nbytes is unsigned, one request moves at most INT_MAX bytes, and in practice no more than
 * the pipe holds (often 64 KiB).
 *
 * See also: io_uring_prep_splice(3), tee(2)
 */
IOURINGINLINE void io_uring_prep_tee(struct io_uring_sqe *sqe, int fd_in, int fd_out,
				     unsigned int nbytes,
				     unsigned int splice_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_TEE, sqe, fd_out, NULL, nbytes, 0);
	sqe->splice_off_in = 0;
	sqe->splice_fd_in = fd_in;
	sqe->splice_flags = splice_flags;
}

#if defined(_GNU_SOURCE)
/**
 * prepare an ftruncate request
 *
 * Set up @sqe as an IORING_OP_FTRUNCATE request that sets the size of the file @fd to @len
 * bytes, like ftruncate(2): a larger size extends the file with zeros, a smaller one discards
 * the tail. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * This helper, like liburing's, exists only when _GNU_SOURCE is defined before the header is
 * included, since loff_t is not declared otherwise.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: @len is negative or larger than the maximum file size, or @fd is not open for
 * writing or is not a regular file.
 * -EBADF: @fd is not a valid file descriptor or registered file index.
 * -EFBIG: @len exceeds the filesystem's limit.
 * -EPERM: the file is append-only or immutable.
 * -ETXTBSY: the file is being executed.
 * -EIO: an I/O error occurred.
 *
 * Notes: IORING_OP_FTRUNCATE is available since Linux 6.9; earlier kernels complete the
 * request with -EINVAL.
 *
 * See also: io_uring_prep_fallocate(3), ftruncate(2)
 */
IOURINGINLINE void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd,
					   loff_t len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FTRUNCATE, sqe, fd, NULL, 0, (__u64) len);
}
#endif
