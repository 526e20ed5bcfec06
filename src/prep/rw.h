/* C twin of src/prep/rw.rs: read/write, fsync, fallocate, fadvise/madvise, splice/tee. */

/* Read nbytes from fd at offset (-1: the file position) into buf. */
IOURINGINLINE void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf,
				      unsigned nbytes, __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

/* Write nbytes from buf to fd at offset (-1: the file position). */
IOURINGINLINE void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf,
				       unsigned nbytes, __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

/* Read from fd at offset into the nr_vecs buffers of iovecs, as readv(2). */
IOURINGINLINE void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd,
				       const struct iovec *iovecs, unsigned nr_vecs,
				       __u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

/* io_uring_prep_readv with the RWF_* flags of preadv2(2). */
IOURINGINLINE void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd,
					const struct iovec *iovecs, unsigned nr_vecs,
					__u64 offset, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_readv(sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/* Write the nr_vecs buffers of iovecs to fd at offset, as writev(2). */
IOURINGINLINE void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd,
					const struct iovec *iovecs, unsigned nr_vecs,
					__u64 offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

/* io_uring_prep_writev with the RWF_* flags of pwritev2(2). */
IOURINGINLINE void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd,
					 const struct iovec *iovecs, unsigned nr_vecs,
					 __u64 offset, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_writev(sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/* Read into registered buffer buf_index (buf points inside it). */
IOURINGINLINE void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf,
					    unsigned nbytes, __u64 offset,
					    int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}

/* Write from registered buffer buf_index (buf points inside it). */
IOURINGINLINE void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf,
					     unsigned nbytes, __u64 offset,
					     int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}

/* Vectored read whose iovecs point into registered buffer buf_index. */
IOURINGINLINE void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd,
					     const struct iovec *iovecs, unsigned nr_vecs,
					     __u64 offset, int flags,
					     int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_readv2(sqe, fd, iovecs, nr_vecs, offset, flags);
	sqe->opcode = (__u8) IORING_OP_READV_FIXED;
	sqe->buf_index = (__u16) buf_index;
}

/* Vectored write whose iovecs point into registered buffer buf_index. */
IOURINGINLINE void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd,
					      const struct iovec *iovecs, unsigned nr_vecs,
					      __u64 offset, int flags,
					      int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags);
	sqe->opcode = (__u8) IORING_OP_WRITEV_FIXED;
	sqe->buf_index = (__u16) buf_index;
}

/* Read from fd into buffers of group buf_group, one CQE per read, until the request ends. */
IOURINGINLINE void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd,
						unsigned nbytes, __u64 offset,
						int buf_group) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_READ_MULTISHOT, sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (__u16) buf_group;
	/* replaces any IOSQE_* flags set before: the buffers must come from the group */
	sqe->flags = (__u8) IOSQE_BUFFER_SELECT;
}

/* fsync(2) fd; fsync_flags IORING_FSYNC_DATASYNC makes it fdatasync. */
IOURINGINLINE void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd,
				       unsigned fsync_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FSYNC, sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/* sync_file_range(2) on len bytes of fd from offset. */
IOURINGINLINE void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe, int fd,
						 unsigned len, __u64 offset,
						 int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe, fd, NULL, len, offset);
	sqe->sync_range_flags = (__u32) flags;
}

/* fallocate(2) len bytes of fd from offset with mode (FALLOC_FL_*). */
IOURINGINLINE void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd, int mode,
					   __u64 offset, __u64 len) LIBURING_NOEXCEPT
{
	/* mode travels in len, and the 64-bit length in addr */
	io_uring_prep_rw(IORING_OP_FALLOCATE, sqe, fd, NULL, (unsigned) mode, offset);
	sqe->addr = len;
}

/* posix_fadvise(2) on len bytes of fd from offset. */
IOURINGINLINE void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd, __u64 offset,
					 __u32 len, int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FADVISE, sqe, fd, NULL, len, offset);
	sqe->fadvise_advice = (__u32) advice;
}

/* posix_fadvise(2) with a 64-bit len, carried in addr (newer kernels read it there). */
IOURINGINLINE void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd, __u64 offset,
					   off_t len, int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FADVISE, sqe, fd, NULL, 0, offset);
	sqe->addr = (__u64) len;
	sqe->fadvise_advice = (__u32) advice;
}

/* madvise(2) on length bytes at addr. */
IOURINGINLINE void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr, __u32 length,
					 int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MADVISE, sqe, -1, addr, length, 0);
	sqe->fadvise_advice = (__u32) advice;
}

/* madvise(2) with a 64-bit length, carried in off (newer kernels read it there). */
IOURINGINLINE void io_uring_prep_madvise64(struct io_uring_sqe *sqe, void *addr, off_t length,
					   int advice) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MADVISE, sqe, -1, addr, 0, (__u64) length);
	sqe->fadvise_advice = (__u32) advice;
}

/* splice(2) nbytes from fd_in at off_in to fd_out at off_out (-1: pipe or file position). */
IOURINGINLINE void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in, int64_t off_in,
					int fd_out, int64_t off_out, unsigned int nbytes,
					unsigned int splice_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SPLICE, sqe, fd_out, NULL, nbytes, (__u64) off_out);
	sqe->splice_off_in = (__u64) off_in;
	sqe->splice_fd_in = fd_in;
	sqe->splice_flags = splice_flags;
}

/* tee(2): copy nbytes from pipe fd_in into pipe fd_out without consuming them. */
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
/* ftruncate(2) fd to len bytes (loff_t needs _GNU_SOURCE). */
IOURINGINLINE void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd,
					   loff_t len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FTRUNCATE, sqe, fd, NULL, 0, (__u64) len);
}
#endif
