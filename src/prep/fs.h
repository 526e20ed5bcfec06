/*
 * C twin of src/prep/fs.rs: filesystem and file-table requests (open/close, also into the
 * fixed file table, statx, rename/unlink/mkdir/symlink/link, extended attributes, registered
 * file updates, pipe) and legacy provided buffers.
 */

/**
 * prepare an openat request
 *
 * Set up @sqe as an IORING_OP_OPENAT request, the asynchronous form of openat(2): open
 * @path, interpreted relative to the directory @dfd (AT_FDCWD for the current working
 * directory; ignored when @path is absolute), with the O_* flags @flags and, when a file is
 * created, the permission bits @mode. @mode travels in sqe->len and @flags in sqe->open_flags.
 *
 * @dfd is always a normal file descriptor: IOSQE_FIXED_FILE cannot be used with this request.
 * To place the new file in the registered file table instead of the process's descriptor
 * table, use io_uring_prep_openat_direct().
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -EBADF: IOSQE_FIXED_FILE is set in sqe->flags, or @dfd is not a valid descriptor.
 * -ENOENT: a component of @path does not exist and O_CREAT was not given.
 * -EEXIST: O_CREAT and O_EXCL were given and @path exists.
 * -EACCES: permission denied.
 * -ENOTDIR: @dfd or a directory component of @path is not a directory.
 * -EMFILE: the process has reached its limit of open files.
 * -EFAULT: @path is not readable memory.
 *
 * Notes: IORING_OP_OPENAT is available since Linux 5.6. The kernel copies @path when the
 * request is submitted, so the string may be freed after io_uring_submit() returns
 * (IORING_FEAT_SUBMIT_STABLE kernels, 5.5 and later). On 64-bit systems the kernel adds
 * O_LARGEFILE by itself.
 * Opens that can create or truncate (O_CREAT, O_TRUNC, O_TMPFILE) always run in a worker
 * thread. Other errors of openat(2) are passed through as well.
 *
 * See also: io_uring_prep_openat_direct(3), io_uring_prep_open(3), io_uring_prep_openat2(3),
 * io_uring_prep_close(3), openat(2)
 */
IOURINGINLINE void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd, const char *path,
					int flags, mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_OPENAT, sqe, dfd, path, mode, 0);
	sqe->open_flags = (__u32) flags;
}

/**
 * prepare an openat request that installs into the fixed file table
 *
 * Fill @sqe like io_uring_prep_openat() (open @path relative to @dfd with @flags and @mode),
 * but the new file goes into the ring's registered file table rather than the process's descriptor
 * table. The table must exist already, created with io_uring_register_files() or
 * io_uring_register_files_sparse().
 *
 * @file_index picks the slot (counted from 0). A file already in that slot is closed and
 * replaced, as io_uring_register_files_update() would do. Passing IORING_FILE_INDEX_ALLOC
 * instead lets the kernel take any free slot (inside the range set by
 * io_uring_register_file_alloc_range(), if any). The SQE stores slot + 1 in sqe->file_index
 * (0 there means a normal open); IORING_FILE_INDEX_ALLOC is stored unchanged.
 *
 * The resulting direct descriptor is used by passing its slot number as the fd of later
 * requests with IOSQE_FIXED_FILE set. @dfd itself is always a normal descriptor.
 *
 * Return: nothing. The completion's res is 0 when a specific @file_index was filled, the
 * chosen slot number with IORING_FILE_INDEX_ALLOC, or a negative errno.
 *
 * Errors:
 * -EINVAL: @flags contains O_CLOEXEC (meaningless for direct descriptors), or @file_index is
 * beyond the end of the table.
 * -ENXIO: no file table is registered.
 * -ENFILE: IORING_FILE_INDEX_ALLOC was used and no slot is free.
 * -EBADF: IOSQE_FIXED_FILE is set in sqe->flags, or @dfd is invalid.
 *
 * Notes: Direct opens exist since Linux 5.15, and IORING_FILE_INDEX_ALLOC since 5.19. Older
 * kernels ignore sqe->file_index and perform a normal open, returning an ordinary descriptor;
 * zeroed SQEs (as io_uring_get_sqe() hands out) keep plain opens safe on every kernel. @path
 * is copied at submission. The errors of openat(2) apply as well.
 *
 * See also: io_uring_prep_openat(3), io_uring_prep_open_direct(3),
 * io_uring_prep_close_direct(3), io_uring_register_files(3),
 * io_uring_register_file_alloc_range(3)
 */
IOURINGINLINE void io_uring_prep_openat_direct(struct io_uring_sqe *sqe, int dfd,
					       const char *path, int flags, mode_t mode,
					       unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat(sqe, dfd, path, flags, mode);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/**
 * prepare an open request relative to the current directory
 *
 * Shorthand for io_uring_prep_openat() with AT_FDCWD as the directory: open @path (relative
 * paths start from the current working directory) with the O_* flags @flags and, for newly
 * created files, the permission bits @mode. @sqe is filled as an IORING_OP_OPENAT request.
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -ENOENT: a component of @path does not exist and O_CREAT was not given.
 * -EEXIST: O_CREAT and O_EXCL were given and @path exists.
 * -EACCES: permission denied.
 * -EMFILE: the process has reached its limit of open files.
 * -EBADF: IOSQE_FIXED_FILE is set in sqe->flags.
 *
 * Notes: IORING_OP_OPENAT is available since Linux 5.6. @path is copied at submission. Other errors
 * of open(2) are passed through as well.
 *
 * See also: io_uring_prep_openat(3), io_uring_prep_open_direct(3), open(2)
 */
IOURINGINLINE void io_uring_prep_open(struct io_uring_sqe *sqe, const char *path, int flags,
				      mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_openat(sqe, AT_FDCWD, path, flags, mode);
}

/**
 * prepare an open request that installs into the fixed file table
 *
 * Fill @sqe as io_uring_prep_openat_direct() would with AT_FDCWD as the directory: open
 * @path with @flags and @mode, and put the result in slot @file_index of the ring's registered file
 * table, or in any free slot when @file_index is IORING_FILE_INDEX_ALLOC. A file already
 * occupying the chosen slot is closed first. A file table must have been registered.
 *
 * Return: nothing. The completion's res is 0 for an explicit slot, the allocated slot number
 * with IORING_FILE_INDEX_ALLOC, or a negative errno.
 *
 * Errors:
 * -EINVAL: @flags contains O_CLOEXEC, or @file_index is past the end of the table.
 * -ENXIO: no file table is registered.
 * -ENFILE: no free slot for IORING_FILE_INDEX_ALLOC.
 *
 * Notes: Available since Linux 5.15 (IORING_FILE_INDEX_ALLOC since 5.19); older kernels
 * ignore the slot and return a normal descriptor. The errors of open(2) apply as well.
 *
 * See also: io_uring_prep_openat_direct(3), io_uring_prep_open(3),
 * io_uring_register_files(3)
 */
IOURINGINLINE void io_uring_prep_open_direct(struct io_uring_sqe *sqe, const char *path,
					     int flags, mode_t mode,
					     unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index);
}

/**
 * prepare an openat2 request
 *
 * Set up @sqe as an IORING_OP_OPENAT2 request, the asynchronous form of openat2(2): open
 * @path relative to the directory @dfd as described by the struct open_how at @how (its
 * flags, mode and RESOLVE_* resolve fields). The SQE carries the address of @how in sqe->off
 * and sizeof(struct open_how) in sqe->len.
 *
 * As with io_uring_prep_openat(), @dfd is a normal descriptor (IOSQE_FIXED_FILE is refused).
 * RESOLVE_CACHED in how->resolve makes the open fail with -EAGAIN rather than block when the
 * lookup cannot be served from the dentry cache.
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -EINVAL: @how has unknown flags or resolve bits, or a mode without O_CREAT/O_TMPFILE.
 * -E2BIG: the kernel's struct open_how is smaller than the caller's and the extra fields
 * are not zero.
 * -EAGAIN: RESOLVE_CACHED was asked for and the lookup would have to block.
 * -EXDEV: a RESOLVE_* restriction was violated during the lookup.
 * -EFAULT: @path or @how is not readable memory.
 * -EBADF: IOSQE_FIXED_FILE is set in sqe->flags, or @dfd is not valid.
 *
 * Notes: IORING_OP_OPENAT2 is available since Linux 5.6. Both @path and the contents of @how are
 * read when the request is submitted, so they may be released after io_uring_submit() returns on
 * kernels with IORING_FEAT_SUBMIT_STABLE. The errors of openat(2) apply as well.
 *
 * See also: io_uring_prep_openat2_direct(3), io_uring_prep_openat(3), openat2(2)
 */
IOURINGINLINE void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd, const char *path,
					 const struct open_how *how) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_OPENAT2, sqe, dfd, path, (__u32) sizeof(*how),
			 (unsigned long) how);
}

/**
 * prepare an openat2 request that installs into the fixed file table
 *
 * Fill @sqe like io_uring_prep_openat2() (open @path relative to @dfd as @how describes), but the
 * file is placed in slot @file_index of the ring's registered file table instead of getting a
 * normal descriptor. IORING_FILE_INDEX_ALLOC as @file_index lets the kernel pick a free slot. A
 * file already in the chosen slot is closed and replaced. The slot is stored as @file_index + 1 in
 * sqe->file_index (IORING_FILE_INDEX_ALLOC unchanged).
 *
 * Return: nothing. The completion's res is 0 for an explicit slot, the allocated slot number
 * with IORING_FILE_INDEX_ALLOC, or a negative errno.
 *
 * Errors:
 * -EINVAL: how->flags contains O_CLOEXEC, @file_index is beyond the table, or @how is
 * invalid.
 * -ENXIO: no file table is registered.
 * -ENFILE: no free slot for IORING_FILE_INDEX_ALLOC.
 *
 * Notes: Available since Linux 5.15 (IORING_FILE_INDEX_ALLOC since 5.19). Kernels before 5.15
 * ignore the slot and hand back a normal descriptor. The errors of io_uring_prep_openat2() and
 * openat2(2) apply as well.
 *
 * See also: io_uring_prep_openat2(3), io_uring_prep_openat_direct(3),
 * io_uring_register_files(3)
 */
IOURINGINLINE void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe, int dfd,
						const char *path, const struct open_how *how,
						unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_openat2(sqe, dfd, path, how);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/**
 * prepare a close request
 *
 * Set up @sqe as an IORING_OP_CLOSE request that closes the file descriptor @fd, like
 * close(2). Do not set IOSQE_FIXED_FILE: to remove an entry of the registered file table use
 * io_uring_prep_close_direct().
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not an open descriptor, refers to an io_uring instance, or IOSQE_FIXED_FILE
 * was set in sqe->flags.
 * -EIO: flushing the file on close failed. As with close(2), the flush may also report
 * errors such as -EINTR, -ENOSPC or -EDQUOT; the descriptor is released regardless.
 *
 * Notes: IORING_OP_CLOSE is available since Linux 5.6. Files with a flush method (NFS, for
 * example) are closed from a worker thread.
 *
 * See also: io_uring_prep_close_direct(3), io_uring_prep_openat(3), close(2)
 */
IOURINGINLINE void io_uring_prep_close(struct io_uring_sqe *sqe, int fd) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_CLOSE, sqe, fd, NULL, 0, 0);
}

/**
 * prepare a request to close a registered file slot
 *
 * Set up @sqe as an IORING_OP_CLOSE request that removes the file in slot @file_index of the
 * ring's registered file table, the same effect as updating that slot to -1 with
 * io_uring_register_files_update(). sqe->fd is set to 0 and sqe->file_index to
 * @file_index + 1. Do not set IOSQE_FIXED_FILE on this request.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -ENXIO: no file table is registered, or @file_index lies beyond its end.
 * -EBADF: the slot is empty, or IOSQE_FIXED_FILE was set in sqe->flags.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: Closing direct descriptors is available since Linux 5.15. Requests already holding
 * the file keep using it; it is released when the last of them finishes.
 *
 * See also: io_uring_prep_close(3), io_uring_prep_openat_direct(3),
 * io_uring_register_files_update(3), io_uring_unregister_files(3)
 */
IOURINGINLINE void io_uring_prep_close_direct(struct io_uring_sqe *sqe,
					      unsigned file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_close(sqe, 0);
	/* slots are stored + 1: 0 means none */
	sqe->file_index = file_index + 1;
}

/**
 * prepare a statx request
 *
 * Set up @sqe as an IORING_OP_STATX request, the asynchronous form of statx(2): look up
 * @path relative to the directory @dfd and fill the struct statx at @statxbuf. @mask selects
 * the STATX_* fields wanted (for example STATX_BASIC_STATS); @flags takes AT_* flags such as
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (with an empty @path, describe @dfd itself),
 * AT_NO_AUTOMOUNT and the AT_STATX_SYNC_* controls.
 *
 * @dfd must be a normal descriptor; IOSQE_FIXED_FILE is not accepted.
 *
 * Return: nothing. The completion's res is 0 on success (the result is in @statxbuf) or a
 * negative errno.
 *
 * Errors:
 * -ENOENT: @path does not exist, or is empty without AT_EMPTY_PATH.
 * -EACCES: search permission denied on a directory component.
 * -ENOTDIR: @dfd or a component of @path is not a directory.
 * -EFAULT: @path or @statxbuf is not accessible.
 * -EINVAL: @flags or @mask holds an invalid bit.
 * -EBADF: @dfd is invalid, or IOSQE_FIXED_FILE was set in sqe->flags.
 * -ENAMETOOLONG: @path or one of its components is too long.
 * -ELOOP: too many symbolic links were met while resolving @path.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_STATX is available since Linux 5.6. @path is copied at submission, but
 * @statxbuf is written when the request runs: it must remain valid until the completion.
 * The lookup runs in a worker thread.
 *
 * See also: io_uring_prep_openat(3), statx(2)
 */
IOURINGINLINE void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd, const char *path,
				       int flags, unsigned mask,
				       struct statx *statxbuf) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_STATX, sqe, dfd, path, mask, (unsigned long) statxbuf);
	sqe->statx_flags = (__u32) flags;
}

/**
 * prepare a renameat2 request
 *
 * Set up @sqe as an IORING_OP_RENAMEAT request, the asynchronous form of renameat2(2): rename
 * @oldpath, relative to the directory @olddfd, to @newpath, relative to the directory @newdfd.
 * @flags is 0 (plain renameat(2) behaviour) or a mask of RENAME_NOREPLACE, RENAME_EXCHANGE
 * and RENAME_WHITEOUT. The SQE carries @newdfd in sqe->len, @newpath in sqe->off and @flags in
 * sqe->rename_flags.
 *
 * Both directory descriptors are normal descriptors, or AT_FDCWD.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -ENOENT: @oldpath does not exist, or a directory of @newpath is missing.
 * -EEXIST: RENAME_NOREPLACE was given and @newpath exists.
 * -EXDEV: the two paths are on different mounts.
 * -EACCES: write or search permission denied.
 * -EISDIR: @newpath is a directory and @oldpath is not.
 * -ENOTEMPTY: @newpath is a non-empty directory.
 * -EINVAL: @flags is invalid, or a directory would become its own subdirectory.
 * -EBUSY: one of the paths is in use as a mount point.
 * -EBADF: IOSQE_FIXED_FILE was set in sqe->flags, or a directory descriptor is invalid.
 *
 * Notes: IORING_OP_RENAMEAT is available since Linux 5.11. Both paths are copied when the
 * request is submitted. Other errors of renameat2(2) are passed through as well.
 *
 * See also: io_uring_prep_rename(3), io_uring_prep_linkat(3), io_uring_prep_unlinkat(3),
 * renameat2(2)
 */
IOURINGINLINE void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd,
					  const char *oldpath, int newdfd, const char *newpath,
					  unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RENAMEAT, sqe, olddfd, oldpath, (__u32) newdfd,
			 (unsigned long) newpath);
	sqe->rename_flags = flags;
}

/**
 * prepare a rename request relative to the current directory
 *
 * Shorthand for io_uring_prep_renameat() with AT_FDCWD for both directories and no flags:
 * rename @oldpath to @newpath, relative paths being taken from the current working
 * directory, with the semantics of rename(2). @sqe becomes an IORING_OP_RENAMEAT request.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -ENOENT: @oldpath does not exist.
 * -EXDEV: the paths are on different mounts.
 * -EACCES: permission denied.
 * -EISDIR: @newpath is a directory and @oldpath is not.
 * -ENOTEMPTY: @newpath is a non-empty directory.
 *
 * Notes: Available since Linux 5.11. Although liburing's manual page speaks of flags here, this
 * helper has no flags parameter; use io_uring_prep_renameat() for RENAME_* flags. Other errors of
 * rename(2) are passed through as well.
 *
 * See also: io_uring_prep_renameat(3), rename(2)
 */
IOURINGINLINE void io_uring_prep_rename(struct io_uring_sqe *sqe, const char *oldpath,
					const char *newpath) LIBURING_NOEXCEPT
{
	io_uring_prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/**
 * prepare an unlinkat request
 *
 * Set up @sqe as an IORING_OP_UNLINKAT request, the asynchronous form of unlinkat(2): remove
 * the name @path, relative to the directory @dfd. With @flags 0 it removes a non-directory,
 * like unlink(2); with AT_REMOVEDIR it removes an empty directory, like rmdir(2). @flags is
 * stored in sqe->unlink_flags.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -ENOENT: @path does not exist.
 * -EISDIR: @path is a directory and AT_REMOVEDIR was not given.
 * -ENOTDIR: AT_REMOVEDIR was given for a non-directory, or a component is not a directory.
 * -ENOTEMPTY: the directory is not empty.
 * -EACCES: write or search permission denied.
 * -EPERM: the directory is sticky and the caller does not own the file, or the file is
 * immutable.
 * -EBUSY: @path is in use as a mount point.
 * -EINVAL: @flags holds a bit other than AT_REMOVEDIR.
 * -EBADF: IOSQE_FIXED_FILE was set in sqe->flags, or @dfd is invalid.
 *
 * Notes: IORING_OP_UNLINKAT is available since Linux 5.11. @path is copied at submission.
 *
 * See also: io_uring_prep_unlink(3), io_uring_prep_mkdirat(3), unlinkat(2)
 */
IOURINGINLINE void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd, const char *path,
					  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_UNLINKAT, sqe, dfd, path, 0, 0);
	sqe->unlink_flags = (__u32) flags;
}

/**
 * prepare an unlink request relative to the current directory
 *
 * Fill @sqe as io_uring_prep_unlinkat() would with AT_FDCWD as the directory: remove @path,
 * relative paths being taken from the current working directory. Unlike unlink(2), the helper
 * takes @flags, which may be AT_REMOVEDIR to remove an empty directory.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -ENOENT: @path does not exist.
 * -EISDIR: @path is a directory and AT_REMOVEDIR was not given.
 * -ENOTEMPTY: the directory to remove is not empty.
 * -EACCES: write or search permission denied.
 * -EPERM: the directory is sticky and the caller does not own the file, or the file is
 * immutable.
 * -EINVAL: @flags holds an unknown bit.
 *
 * Notes: Available since Linux 5.11.
 *
 * See also: io_uring_prep_unlinkat(3), unlink(2), rmdir(2)
 */
IOURINGINLINE void io_uring_prep_unlink(struct io_uring_sqe *sqe, const char *path,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_unlinkat(sqe, AT_FDCWD, path, flags);
}

/**
 * prepare a mkdirat request
 *
 * Set up @sqe as an IORING_OP_MKDIRAT request, the asynchronous form of mkdirat(2): create
 * the directory @path, relative to the directory @dfd, with permission bits @mode (reduced
 * by the process umask). @mode travels in sqe->len.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @path already exists.
 * -ENOENT: a parent directory of @path does not exist.
 * -ENOTDIR: a component of @path, or @dfd, is not a directory.
 * -EACCES: write permission denied on the parent.
 * -ENOSPC: the filesystem has no room for the new directory.
 * -EDQUOT: the user's quota is exhausted.
 * -EROFS: the filesystem is read-only.
 * -EBADF: IOSQE_FIXED_FILE was set in sqe->flags, or @dfd is invalid.
 *
 * Notes: IORING_OP_MKDIRAT is available since Linux 5.15. @path is copied at submission.
 *
 * See also: io_uring_prep_mkdir(3), io_uring_prep_unlinkat(3), mkdirat(2)
 */
IOURINGINLINE void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd, const char *path,
					 mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_MKDIRAT, sqe, dfd, path, mode, 0);
}

/**
 * prepare a mkdir request relative to the current directory
 *
 * Fill @sqe as io_uring_prep_mkdirat() would with AT_FDCWD: create the directory @path, relative
 * paths starting from the current working directory, with permission bits @mode (masked by
 * the umask).
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @path already exists.
 * -ENOENT: a parent directory does not exist.
 * -EACCES: permission denied.
 * -EROFS: the filesystem is read-only.
 *
 * Notes: Available since Linux 5.15.
 *
 * See also: io_uring_prep_mkdirat(3), mkdir(2)
 */
IOURINGINLINE void io_uring_prep_mkdir(struct io_uring_sqe *sqe, const char *path,
				       mode_t mode) LIBURING_NOEXCEPT
{
	io_uring_prep_mkdirat(sqe, AT_FDCWD, path, mode);
}

/**
 * prepare a symlinkat request
 *
 * Set up @sqe as an IORING_OP_SYMLINKAT request, the asynchronous form of symlinkat(2):
 * create a symbolic link named @linkpath, relative to the directory @newdirfd, whose contents
 * are the string @target. @target is stored as given and not checked; it may name a file that
 * does not exist. The SQE holds @target in sqe->addr and @linkpath in sqe->off.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @linkpath already exists.
 * -ENOENT: a directory component of @linkpath does not exist, or @target is empty.
 * -EACCES: write permission denied on the directory.
 * -ENOSPC: the filesystem has no room for the link.
 * -EDQUOT: the user's quota is exhausted.
 * -EROFS: the filesystem is read-only.
 * -EPERM: the filesystem does not support symbolic links.
 * -EBADF: IOSQE_FIXED_FILE was set in sqe->flags, or @newdirfd is invalid.
 *
 * Notes: IORING_OP_SYMLINKAT is available since Linux 5.15. Both strings are copied at
 * submission.
 *
 * See also: io_uring_prep_symlink(3), io_uring_prep_linkat(3), symlinkat(2)
 */
IOURINGINLINE void io_uring_prep_symlinkat(struct io_uring_sqe *sqe, const char *target,
					   int newdirfd, const char *linkpath) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SYMLINKAT, sqe, newdirfd, target, 0, (unsigned long) linkpath);
}

/**
 * prepare a symlink request relative to the current directory
 *
 * Fill @sqe as io_uring_prep_symlinkat() would with AT_FDCWD: create the symbolic link @linkpath
 * (relative to the current working directory) pointing to @target.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @linkpath already exists.
 * -ENOENT: a directory of @linkpath does not exist, or @target is empty.
 * -EACCES: permission denied.
 * -EROFS: the filesystem is read-only.
 *
 * Notes: Available since Linux 5.15.
 *
 * See also: io_uring_prep_symlinkat(3), symlink(2)
 */
IOURINGINLINE void io_uring_prep_symlink(struct io_uring_sqe *sqe, const char *target,
					 const char *linkpath) LIBURING_NOEXCEPT
{
	io_uring_prep_symlinkat(sqe, target, AT_FDCWD, linkpath);
}

/**
 * prepare a linkat request
 *
 * Set up @sqe as an IORING_OP_LINKAT request, the asynchronous form of linkat(2): create the
 * hard link @newpath, relative to the directory @newdfd, for the existing file @oldpath,
 * relative to @olddfd. @flags may contain AT_SYMLINK_FOLLOW (link the target of @oldpath if it
 * is a symbolic link) and AT_EMPTY_PATH (link the file @olddfd refers to; needs privilege).
 * The SQE carries @newdfd in sqe->len, @newpath in sqe->off and @flags in
 * sqe->hardlink_flags.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @newpath already exists.
 * -ENOENT: @oldpath does not exist, or a directory of @newpath is missing.
 * -EXDEV: the paths are on different mounts.
 * -EPERM: @oldpath is a directory, or the filesystem forbids hard links.
 * -EMLINK: the file already has the maximum number of links.
 * -EACCES: permission denied.
 * -EINVAL: @flags has an unknown bit.
 * -EBADF: IOSQE_FIXED_FILE was set in sqe->flags, or a directory descriptor is invalid.
 *
 * Notes: IORING_OP_LINKAT is available since Linux 5.15. Both paths are copied at
 * submission.
 *
 * See also: io_uring_prep_link(3), io_uring_prep_symlinkat(3), linkat(2)
 */
IOURINGINLINE void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd,
					const char *oldpath, int newdfd, const char *newpath,
					int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LINKAT, sqe, olddfd, oldpath, (__u32) newdfd,
			 (unsigned long) newpath);
	sqe->hardlink_flags = (__u32) flags;
}

/**
 * prepare a link request relative to the current directory
 *
 * Fill @sqe as io_uring_prep_linkat() would with AT_FDCWD for both directories: create the hard
 * link @newpath for the existing file @oldpath, relative paths starting from the current
 * working directory. Unlike link(2), the helper passes @flags on (for example
 * AT_SYMLINK_FOLLOW).
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: @newpath already exists.
 * -ENOENT: @oldpath does not exist.
 * -EXDEV: the paths are on different mounts.
 * -EPERM: @oldpath is a directory.
 * -EINVAL: @flags has an unknown bit.
 *
 * Notes: Available since Linux 5.15.
 *
 * See also: io_uring_prep_linkat(3), link(2)
 */
IOURINGINLINE void io_uring_prep_link(struct io_uring_sqe *sqe, const char *oldpath,
				      const char *newpath, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags);
}

/**
 * prepare a request to read an extended attribute of a path
 *
 * Set up @sqe as an IORING_OP_GETXATTR request, the asynchronous form of getxattr(2): fetch
 * the value of the extended attribute @name (for example "user.comment") of the file at
 * @path into the buffer @value of @len bytes. Symbolic links in @path are followed; relative
 * paths start at the current working directory. A @len of 0 asks only for the size of the
 * value, which is then returned in res without writing @value.
 *
 * The SQE holds @name in sqe->addr, @value in sqe->off, @path in sqe->addr3 and @len in
 * sqe->len; sqe->xattr_flags is set to 0.
 *
 * Return: nothing. The completion's res is the size of the attribute value in bytes, or a
 * negative errno.
 *
 * Errors:
 * -ENODATA: the file has no attribute @name.
 * -ERANGE: @len is too small for the value, or @name is too long.
 * -EOPNOTSUPP: the filesystem does not support extended attributes, or not this namespace.
 * -E2BIG: the value is larger than the maximum attribute size.
 * -ENOENT: @path does not exist.
 * -EACCES: permission denied.
 * -EFAULT: a pointer is not accessible.
 *
 * Notes: IORING_OP_GETXATTR is available since Linux 5.19. @name and @path are copied at
 * submission, but @value is written when the request runs and must stay valid until the
 * completion. The request runs in a worker thread.
 *
 * See also: io_uring_prep_fgetxattr(3), io_uring_prep_setxattr(3), getxattr(2)
 */
IOURINGINLINE void io_uring_prep_getxattr(struct io_uring_sqe *sqe, const char *name,
					  char *value, const char *path,
					  unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_GETXATTR, sqe, 0, name, len, (unsigned long) value);
	sqe->addr3 = (unsigned long) path;
	sqe->xattr_flags = 0;
}

/**
 * prepare a request to set an extended attribute of a path
 *
 * Set up @sqe as an IORING_OP_SETXATTR request, the asynchronous form of setxattr(2): set
 * the extended attribute @name of the file at @path to the @len bytes at @value. Symbolic
 * links in @path are followed. @flags is 0 (create or replace), XATTR_CREATE (fail if the
 * attribute exists) or XATTR_REPLACE (fail if it does not).
 *
 * The SQE holds @name in sqe->addr, @value in sqe->off, @path in sqe->addr3, @len in sqe->len
 * and @flags in sqe->xattr_flags.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: XATTR_CREATE was given and the attribute exists.
 * -ENODATA: XATTR_REPLACE was given and the attribute does not exist.
 * -EINVAL: @flags holds another bit, or @name is invalid.
 * -E2BIG: @len exceeds the maximum attribute size (64 KiB).
 * -ERANGE: @name is empty or too long.
 * -ENOSPC: the filesystem has no room to store the attribute.
 * -EDQUOT: the user's quota is exhausted.
 * -EOPNOTSUPP: the filesystem does not support extended attributes, or not this namespace.
 * -EPERM: the file is immutable or append-only, or the namespace needs privilege.
 * -ENOENT: @path does not exist.
 *
 * Notes: IORING_OP_SETXATTR is available since Linux 5.19. @name, @path and the value are
 * copied when the request is submitted. The request runs in a worker thread.
 *
 * See also: io_uring_prep_fsetxattr(3), io_uring_prep_getxattr(3), setxattr(2)
 */
IOURINGINLINE void io_uring_prep_setxattr(struct io_uring_sqe *sqe, const char *name,
					  const char *value, const char *path, int flags,
					  unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SETXATTR, sqe, 0, name, len, (unsigned long) value);
	sqe->addr3 = (unsigned long) path;
	sqe->xattr_flags = (__u32) flags;
}

/**
 * prepare a request to read an extended attribute of an open file
 *
 * Set up @sqe as an IORING_OP_FGETXATTR request, the asynchronous form of fgetxattr(2):
 * like io_uring_prep_getxattr(), but the file is the open descriptor @fd rather than a path.
 * The value of the attribute @name is copied into @value, at most @len bytes; a @len of 0
 * asks only for the value's size. With IOSQE_FIXED_FILE in sqe->flags, @fd is a registered
 * file index.
 *
 * Return: nothing. The completion's res is the size of the attribute value in bytes, or a
 * negative errno.
 *
 * Errors:
 * -ENODATA: the file has no attribute @name.
 * -ERANGE: @len is too small for the value, or @name is too long.
 * -EOPNOTSUPP: the filesystem does not support extended attributes, or not this namespace.
 * -EBADF: @fd is not valid.
 * -EFAULT: a pointer is not accessible.
 *
 * Notes: IORING_OP_FGETXATTR is available since Linux 5.19. @value must stay valid until the
 * completion; @name is copied at submission.
 *
 * See also: io_uring_prep_getxattr(3), io_uring_prep_fsetxattr(3), fgetxattr(2)
 */
IOURINGINLINE void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
					   char *value, unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FGETXATTR, sqe, fd, name, len, (unsigned long) value);
	sqe->xattr_flags = 0;
}

/**
 * prepare a request to set an extended attribute of an open file
 *
 * Set up @sqe as an IORING_OP_FSETXATTR request, the asynchronous form of fsetxattr(2): like
 * io_uring_prep_setxattr(), but acting on the open descriptor @fd. The attribute @name
 * receives the @len bytes at @value; @flags is 0, XATTR_CREATE or XATTR_REPLACE. With
 * IOSQE_FIXED_FILE in sqe->flags, @fd is a registered file index.
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EEXIST: XATTR_CREATE was given and the attribute exists.
 * -ENODATA: XATTR_REPLACE was given and the attribute does not exist.
 * -EINVAL: @flags holds another bit, or @name is invalid.
 * -E2BIG: @len exceeds the maximum attribute size.
 * -ENOSPC: the filesystem has no room to store the attribute.
 * -EDQUOT: the user's quota is exhausted.
 * -EOPNOTSUPP: the filesystem does not support extended attributes, or not this namespace.
 * -EPERM: the file is immutable or append-only, or the namespace needs privilege.
 * -EBADF: @fd is not valid.
 *
 * Notes: IORING_OP_FSETXATTR is available since Linux 5.19. @name and the value are copied
 * at submission.
 *
 * See also: io_uring_prep_setxattr(3), io_uring_prep_fgetxattr(3), fsetxattr(2)
 */
IOURINGINLINE void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
					   const char *value, int flags,
					   unsigned int len) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FSETXATTR, sqe, fd, name, len, (unsigned long) value);
	sqe->xattr_flags = (__u32) flags;
}

/**
 * prepare an update of the registered file table
 *
 * Set up @sqe as an IORING_OP_FILES_UPDATE request: the asynchronous counterpart of
 * io_uring_register_files_update(). The @nr_fds descriptors in the array @fds are installed
 * in the registered file table starting at slot @offset. A slot given -1 is emptied, and
 * IORING_REGISTER_FILES_SKIP leaves a slot unchanged. A slot that already held a file has it
 * removed first; requests still using the old file keep it until they finish.
 *
 * If @offset is IORING_FILE_INDEX_ALLOC, the kernel puts each descriptor in any free slot
 * instead and writes the chosen slot numbers back into @fds.
 *
 * The table must already exist (io_uring_register_files() or
 * io_uring_register_files_sparse()). The descriptors in @fds stay open in the process; the
 * table holds its own references.
 *
 * Return: nothing. The completion's res is the number of slots updated (allocated, with
 * IORING_FILE_INDEX_ALLOC), or a negative errno.
 *
 * Errors:
 * -EINVAL: @nr_fds is 0, the range runs past the end of the table, or a field of the SQE is
 * invalid (for example IOSQE_FIXED_FILE is set).
 * -ENXIO: no file table is registered.
 * -EBADF: an entry of @fds is not a valid descriptor, or refers to an io_uring instance.
 * -EFAULT: @fds cannot be read (or, with IORING_FILE_INDEX_ALLOC, written).
 * -EOVERFLOW: @offset plus @nr_fds overflows.
 * -ENFILE: IORING_FILE_INDEX_ALLOC found no free slot.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_FILES_UPDATE is available since Linux 5.6; IORING_FILE_INDEX_ALLOC is
 * accepted since 5.19. Keep @fds valid until the completion, as the kernel may read (and,
 * when allocating, write) it while the request runs.
 *
 * See also: io_uring_register_files_update(3), io_uring_register_files(3),
 * io_uring_prep_close_direct(3)
 */
IOURINGINLINE void io_uring_prep_files_update(struct io_uring_sqe *sqe, int *fds,
					      unsigned nr_fds, int offset) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, (__u64) offset);
}

/**
 * prepare a request to turn a direct descriptor into a normal one
 *
 * Set up @sqe as an IORING_OP_FIXED_FD_INSTALL request: give the file held in slot @fd of the
 * ring's registered file table a normal file descriptor in the calling process, so that
 * ordinary system calls can use it. This is useful when a file was opened or accepted
 * directly into the table and never had a normal descriptor.
 *
 * The helper sets sqe->flags to exactly IOSQE_FIXED_FILE, replacing any flags set earlier;
 * add IOSQE_IO_LINK or others after the call. @flags is 0, which marks the new descriptor
 * close-on-exec, or IORING_FIXED_FD_NO_CLOEXEC to leave that flag off.
 *
 * Afterwards the slot and the new descriptor refer to the same open file; closing either
 * one does not affect the other.
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -EBADF: slot @fd is empty or out of range, or IOSQE_FIXED_FILE was cleared.
 * -EINVAL: @flags holds a bit other than IORING_FIXED_FD_NO_CLOEXEC, or another SQE field
 * is set.
 * -EPERM: the request carries a registered personality (sqe->personality); current
 * kernels refuse that so the descriptor is always installed with the task's own credentials.
 * -EMFILE: the process has no free file descriptor.
 *
 * Notes: IORING_OP_FIXED_FD_INSTALL is available since Linux 6.8.
 *
 * See also: io_uring_prep_openat_direct(3), io_uring_prep_close_direct(3),
 * io_uring_register_files(3)
 */
IOURINGINLINE void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe, int fd,
						  unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_FIXED_FD_INSTALL, sqe, fd, NULL, 0, 0);
	/* fd is always a fixed-file slot; this replaces any flags set before */
	sqe->flags = (__u8) IOSQE_FIXED_FILE;
	sqe->install_fd_flags = flags;
}

/**
 * prepare a pipe creation request
 *
 * Set up @sqe as an IORING_OP_PIPE request, the asynchronous form of pipe2(2): create a pipe
 * and store its read end in fds[0] and its write end in fds[1], where @fds points to an
 * array of two ints. @pipe_flags takes the pipe2(2) flags (O_CLOEXEC, O_NONBLOCK, O_DIRECT).
 *
 * Return: nothing. The completion's res is 0 on success (the descriptors are then in @fds)
 * or a negative errno.
 *
 * Errors:
 * -EINVAL: @pipe_flags holds a bit other than O_CLOEXEC, O_NONBLOCK, O_DIRECT or
 * O_NOTIFICATION_PIPE, or the kernel does not know the opcode.
 * -EMFILE: the process has too few free descriptors.
 * -ENFILE: the system-wide limit on open files or pipe memory was reached.
 * -EFAULT: @fds is not writable.
 *
 * Notes: IORING_OP_PIPE is available since Linux 6.16. The kernel writes @fds when the
 * request completes, so the array must stay valid until then.
 *
 * See also: io_uring_prep_pipe_direct(3), io_uring_prep_splice(3), pipe2(2)
 */
IOURINGINLINE void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds,
				      int pipe_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_PIPE, sqe, 0, fds, 0, 0);
	sqe->pipe_flags = (__u32) pipe_flags;
}

/**
 * prepare a pipe creation request into the fixed file table
 *
 * Fill @sqe like io_uring_prep_pipe(), but both ends of the new pipe go into the ring's registered
 * file table instead of the process's descriptor table. With an explicit @file_index, the
 * read end is placed in slot @file_index and the write end in slot @file_index + 1 (files
 * already there are replaced, as for io_uring_prep_openat_direct()). With
 * IORING_FILE_INDEX_ALLOC the kernel picks two free slots. Either way, the slot numbers of
 * the read and write ends are stored in fds[0] and fds[1] of the array at @fds. @pipe_flags
 * takes pipe2(2) flags as for io_uring_prep_pipe(), except O_CLOEXEC, which has no meaning
 * for direct descriptors.
 *
 * The slots are used as fds of later requests with IOSQE_FIXED_FILE; a normal descriptor can
 * be obtained with io_uring_prep_fixed_fd_install(). @file_index is stored as slot + 1 in
 * sqe->file_index (IORING_FILE_INDEX_ALLOC unchanged).
 *
 * Return: nothing. The completion's res is 0 on success or a negative errno.
 *
 * Errors:
 * -EINVAL: @pipe_flags contains O_CLOEXEC or an unsupported bit, or the slots lie outside
 * the table.
 * -ENXIO: no file table is registered.
 * -ENFILE: no free slots for IORING_FILE_INDEX_ALLOC.
 * -EFAULT: @fds is not writable; the new slots are emptied again.
 *
 * Notes: Available since Linux 6.16, like IORING_OP_PIPE. @fds must stay valid until the
 * completion. The first kernels with this opcode wrote wrong slot numbers into @fds when an
 * explicit @file_index was given (fixed in later stable releases); IORING_FILE_INDEX_ALLOC
 * was not affected.
 *
 * See also: io_uring_prep_pipe(3), io_uring_prep_fixed_fd_install(3),
 * io_uring_register_files(3)
 */
IOURINGINLINE void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe, int *fds, int pipe_flags,
					     unsigned int file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_pipe(sqe, fds, pipe_flags);
	/* slots are stored + 1 (0 means none); IORING_FILE_INDEX_ALLOC is stored as is */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/**
 * prepare a request handing buffers to a legacy buffer group
 *
 * Set up @sqe as an IORING_OP_PROVIDE_BUFFERS request: give the kernel @nr buffers of @len
 * bytes each, laid out back to back from @addr, for buffer group @bgid. They get the buffer
 * ids @bid, @bid + 1, and so on. The group is created if it does not exist.
 *
 * Requests that support buffer selection (reads and receives) and carry IOSQE_BUFFER_SELECT
 * with sqe->buf_group set to @bgid then take a buffer from this group when data arrives. Their
 * completion has IORING_CQE_F_BUFFER set and the buffer id in the upper 16 bits of the CQE
 * flags. A consumed buffer belongs to the application again and must be provided anew to be
 * reused. The SQE carries @nr in sqe->fd and @bid in sqe->off.
 *
 * Buffer ids are 16-bit: every id in @bid .. @bid + @nr - 1 must fit in 0..65535.
 *
 * Return: nothing. The completion's res is 0 (or, on some kernels, the number of buffers
 * added) on success, or a negative errno.
 *
 * Errors:
 * -E2BIG: @nr is 0 or above the per-group limit of about 65535 buffers, or @bid is larger
 * than 65535.
 * -EINVAL: the last id would pass the 16-bit range, or @bgid is a ring-mapped buffer group.
 * -EOVERFLOW: @len times @nr, or @addr plus that size, overflows.
 * -EFAULT: the memory range is not accessible.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_PROVIDE_BUFFERS is available since Linux 5.7. Ring-mapped buffer groups
 * (io_uring_setup_buf_ring(), Linux 5.19) are faster and preferred for new code. The memory
 * at @addr must stay valid while any of its buffers is provided or in use.
 *
 * See also: io_uring_prep_remove_buffers(3), io_uring_setup_buf_ring(3),
 * io_uring_prep_read_multishot(3)
 */
IOURINGINLINE void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe, void *addr, int len,
						 int nr, int bgid, int bid) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_PROVIDE_BUFFERS, sqe, nr, addr, (__u32) len, (__u64) bid);
	sqe->buf_group = (__u16) bgid;
}

/**
 * prepare a request taking buffers back from a legacy buffer group
 *
 * Set up @sqe as an IORING_OP_REMOVE_BUFFERS request: take up to @nr not yet consumed buffers
 * out of the provided-buffer group @bgid, so the kernel no longer selects them. The memory is
 * not freed; it is the application's again. The SQE carries @nr in sqe->fd.
 *
 * Return: nothing. The completion's res is the number of buffers removed (possibly fewer than
 * @nr), or a negative errno.
 *
 * Errors:
 * -ENOENT: there is no buffer group @bgid.
 * -EINVAL: @nr is 0 or too large, or @bgid is a ring-mapped buffer group.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_REMOVE_BUFFERS is available since Linux 5.7. Ring-mapped groups are
 * removed with io_uring_unregister_buf_ring() instead.
 *
 * See also: io_uring_prep_provide_buffers(3), io_uring_unregister_buf_ring(3)
 */
IOURINGINLINE void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe, int nr,
						int bgid) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, nr, NULL, 0, 0);
	sqe->buf_group = (__u16) bgid;
}
