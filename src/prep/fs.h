/*
 * C twin of src/prep/fs.rs: filesystem and file-table requests (open/close, also into the
 * fixed file table, statx, rename/unlink/mkdir/symlink/link, extended attributes, registered
 * file updates, pipe) and legacy provided buffers.
 */

/* openat(2) path relative to dfd with flags and mode. */
IOURINGINLINE void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd, const char *path,
					int flags, mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_OPENAT, sqe, dfd, path, mode, 0);
	sqe->open_flags = (__u32) flags;
}

/* io_uring_prep_openat into fixed-file slot file_index (or IORING_FILE_INDEX_ALLOC). */
IOURINGINLINE void io_uring_prep_openat_direct(struct io_uring_sqe *sqe, int dfd,
					       const char *path, int flags, mode_t mode,
					       unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat(sqe, dfd, path, flags, mode);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/* open(2) path relative to the current directory. */
IOURINGINLINE void io_uring_prep_open(struct io_uring_sqe *sqe, const char *path, int flags,
				      mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_openat(sqe, AT_FDCWD, path, flags, mode);
}

/* io_uring_prep_open into fixed-file slot file_index (or IORING_FILE_INDEX_ALLOC). */
IOURINGINLINE void io_uring_prep_open_direct(struct io_uring_sqe *sqe, const char *path,
					     int flags, mode_t mode,
					     unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index);
}

/* openat2(2) path relative to dfd as how says. */
IOURINGINLINE void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd, const char *path,
					 const struct open_how *how) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_OPENAT2, sqe, dfd, path, (__u32) sizeof(*how),
			 (unsigned long) how);
}

/* io_uring_prep_openat2 into fixed-file slot file_index (or IORING_FILE_INDEX_ALLOC). */
IOURINGINLINE void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe, int dfd,
						const char *path, const struct open_how *how,
						unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat2(sqe, dfd, path, how);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/* close(2) fd. */
IOURINGINLINE void io_uring_prep_close(struct io_uring_sqe *sqe, int fd) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_CLOSE, sqe, fd, NULL, 0, 0);
}

/* Close fixed-file slot file_index. */
IOURINGINLINE void io_uring_prep_close_direct(struct io_uring_sqe *sqe,
					      unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_close(sqe, 0);
	/* slots are stored + 1: 0 means none */
	sqe->file_index = file_index + 1;
}

/* statx(2) path relative to dfd into statxbuf. */
IOURINGINLINE void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd, const char *path,
				       int flags, unsigned mask,
				       struct statx *statxbuf) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_STATX, sqe, dfd, path, mask, (unsigned long) statxbuf);
	sqe->statx_flags = (__u32) flags;
}

/* renameat2(2) oldpath (relative to olddfd) to newpath (relative to newdfd). */
IOURINGINLINE void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd,
					  const char *oldpath, int newdfd, const char *newpath,
					  unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RENAMEAT, sqe, olddfd, oldpath, (__u32) newdfd,
			 (unsigned long) newpath);
	sqe->rename_flags = flags;
}

/* rename(2) oldpath to newpath, both relative to the current directory. */
IOURINGINLINE void io_uring_prep_rename(struct io_uring_sqe *sqe, const char *oldpath,
					const char *newpath) LIBURING_NOEXCEPT
{
	io_uring_prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* unlinkat(2) path relative to dfd (AT_REMOVEDIR in flags removes a directory). */
IOURINGINLINE void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd, const char *path,
					  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_UNLINKAT, sqe, dfd, path, 0, 0);
	sqe->unlink_flags = (__u32) flags;
}

/* io_uring_prep_unlinkat relative to the current directory. */
IOURINGINLINE void io_uring_prep_unlink(struct io_uring_sqe *sqe, const char *path,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_unlinkat(sqe, AT_FDCWD, path, flags);
}

/* mkdirat(2) path relative to dfd with mode. */
IOURINGINLINE void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd, const char *path,
					 mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MKDIRAT, sqe, dfd, path, mode, 0);
}

/* mkdir(2) path relative to the current directory. */
IOURINGINLINE void io_uring_prep_mkdir(struct io_uring_sqe *sqe, const char *path,
				       mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_mkdirat(sqe, AT_FDCWD, path, mode);
}

/* symlinkat(2): create linkpath (relative to newdirfd) pointing at target. */
IOURINGINLINE void io_uring_prep_symlinkat(struct io_uring_sqe *sqe, const char *target,
					   int newdirfd, const char *linkpath) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SYMLINKAT, sqe, newdirfd, target, 0, (unsigned long) linkpath);
}

/* symlink(2): linkpath relative to the current directory. */
IOURINGINLINE void io_uring_prep_symlink(struct io_uring_sqe *sqe, const char *target,
					 const char *linkpath) LIBURING_NOEXCEPT
{
	io_uring_prep_symlinkat(sqe, target, AT_FDCWD, linkpath);
}

/* linkat(2) oldpath (relative to olddfd) as newpath (relative to newdfd). */
IOURINGINLINE void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd,
					const char *oldpath, int newdfd, const char *newpath,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LINKAT, sqe, olddfd, oldpath, (__u32) newdfd,
			 (unsigned long) newpath);
	sqe->hardlink_flags = (__u32) flags;
}

/* link(2), both paths relative to the current directory. */
IOURINGINLINE void io_uring_prep_link(struct io_uring_sqe *sqe, const char *oldpath,
				      const char *newpath, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags);
}

/* getxattr(2) attribute name of path into value (len bytes). */
IOURINGINLINE void io_uring_prep_getxattr(struct io_uring_sqe *sqe, const char *name,
					  char *value, const char *path,
					  unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_GETXATTR, sqe, 0, name, len, (unsigned long) value);
	sqe->addr3 = (unsigned long) path;
	sqe->xattr_flags = 0;
}

/* setxattr(2) attribute name of path to value (len bytes) with flags. */
IOURINGINLINE void io_uring_prep_setxattr(struct io_uring_sqe *sqe, const char *name,
					  const char *value, const char *path, int flags,
					  unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SETXATTR, sqe, 0, name, len, (unsigned long) value);
	sqe->addr3 = (unsigned long) path;
	sqe->xattr_flags = (__u32) flags;
}

/* fgetxattr(2) attribute name of fd into value (len bytes). */
IOURINGINLINE void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
					   char *value, unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FGETXATTR, sqe, fd, name, len, (unsigned long) value);
	sqe->xattr_flags = 0;
}

/* fsetxattr(2) attribute name of fd to value (len bytes) with flags. */
IOURINGINLINE void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
					   const char *value, int flags,
					   unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FSETXATTR, sqe, fd, name, len, (unsigned long) value);
	sqe->xattr_flags = (__u32) flags;
}

/*
 * Update nr_fds registered files from slot offset with fds (-1 clears a slot;
 * IORING_FILE_INDEX_ALLOC as offset picks free slots and writes them back into fds).
 */
IOURINGINLINE void io_uring_prep_files_update(struct io_uring_sqe *sqe, int *fds,
					      unsigned nr_fds, int offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, (__u64) offset);
}

/* Install fixed file fd as a normal descriptor (flags may hold IORING_FIXED_FD_NO_CLOEXEC). */
IOURINGINLINE void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe, int fd,
						  unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FIXED_FD_INSTALL, sqe, fd, NULL, 0, 0);
	/* fd is always a fixed-file slot; this replaces any flags set before */
	sqe->flags = (__u8) IOSQE_FIXED_FILE;
	sqe->install_fd_flags = flags;
}

/* pipe2(2) into fds[0] (read end) and fds[1] (write end) with pipe_flags. */
IOURINGINLINE void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds,
				      int pipe_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_PIPE, sqe, 0, fds, 0, 0);
	sqe->pipe_flags = (__u32) pipe_flags;
}

/*
 * io_uring_prep_pipe into the fixed file table from slot file_index (or
 * IORING_FILE_INDEX_ALLOC); fds receives the slots.
 */
IOURINGINLINE void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe, int *fds, int pipe_flags,
					     unsigned int file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_pipe(sqe, fds, pipe_flags);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/* Give nr buffers of len bytes at addr to buffer group bgid, ids from bid. */
IOURINGINLINE void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe, void *addr, int len,
						 int nr, int bgid, int bid) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_PROVIDE_BUFFERS, sqe, nr, addr, (__u32) len, (__u64) bid);
	sqe->buf_group = (__u16) bgid;
}

/* Take back up to nr buffers from buffer group bgid. */
IOURINGINLINE void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe, int nr,
						int bgid) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, nr, NULL, 0, 0);
	sqe->buf_group = (__u16) bgid;
}
