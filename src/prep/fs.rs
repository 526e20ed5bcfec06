//! Filesystem and file-table requests: open/close (also into the fixed file table), statx,
//! rename/unlink/mkdir/symlink/link, extended attributes, registered-file updates, pipe, and
//! legacy provided buffers.

use core::ffi::{c_char, c_int, c_uint, c_void};

use super::{__io_uring_set_target_fixed_file, prep_rw};
use crate::uapi::*;

/// Make the request install its file in fixed-file slot `file_index`, or in a free slot the
/// kernel picks when `file_index` is IORING_FILE_INDEX_ALLOC (which is stored as is).
#[inline(always)]
pub(crate) fn set_direct_slot(sqe: &mut io_uring_sqe, mut file_index: c_uint) {
    if file_index == IORING_FILE_INDEX_ALLOC as c_uint {
        file_index = file_index.wrapping_sub(1);
    }
    // SAFETY: `sqe` is a valid, writable SQE (it comes from a reference).
    unsafe { __io_uring_set_target_fixed_file(sqe, file_index) }
}

/// openat(2) `path` relative to `dfd` with `flags` and `mode`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `path` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_openat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_OPENAT, sqe, dfd, path as __u64, mode, 0);
    sqe.set_op_flags(flags as __u32);
}

/// `io_uring_prep_openat` into fixed-file slot `file_index` (or IORING_FILE_INDEX_ALLOC).
///
/// # Safety
/// As for `io_uring_prep_openat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_openat_direct(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe {
        io_uring_prep_openat(sqe, dfd, path, flags, mode);
        set_direct_slot(&mut *sqe, file_index);
    }
}

/// open(2) `path` relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_openat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_open(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes a writable SQE and a path as `io_uring_prep_openat` needs.
    unsafe { io_uring_prep_openat(sqe, libc::AT_FDCWD, path, flags, mode) }
}

/// `io_uring_prep_open` into fixed-file slot `file_index` (or IORING_FILE_INDEX_ALLOC).
///
/// # Safety
/// As for `io_uring_prep_openat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_open_direct(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE and a path as `io_uring_prep_openat` needs.
    unsafe { io_uring_prep_openat_direct(sqe, libc::AT_FDCWD, path, flags, mode, file_index) }
}

/// openat2(2) `path` relative to `dfd` as `how` says.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `path` and `how` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_openat2(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_OPENAT2,
        sqe,
        dfd,
        path as __u64,
        core::mem::size_of::<open_how>() as c_uint,
        how as __u64,
    );
}

/// `io_uring_prep_openat2` into fixed-file slot `file_index` (or IORING_FILE_INDEX_ALLOC).
///
/// # Safety
/// As for `io_uring_prep_openat2`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_openat2_direct(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe {
        io_uring_prep_openat2(sqe, dfd, path, how);
        set_direct_slot(&mut *sqe, file_index);
    }
}

/// close(2) `fd`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_close(sqe: *mut io_uring_sqe, fd: c_int) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(IORING_OP_CLOSE, unsafe { &mut *sqe }, fd, 0, 0, 0)
}

/// Close fixed-file slot `file_index`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_close_direct(sqe: *mut io_uring_sqe, file_index: c_uint) {
    // SAFETY: the caller passes a writable SQE.
    unsafe {
        io_uring_prep_close(sqe, 0);
        __io_uring_set_target_fixed_file(sqe, file_index);
    }
}

/// statx(2) `path` relative to `dfd` into `statxbuf`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `path` and `statxbuf` must stay valid until the request
/// completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_statx(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mask: c_uint,
    statxbuf: *mut libc::statx,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_STATX,
        sqe,
        dfd,
        path as __u64,
        mask,
        statxbuf as __u64,
    );
    sqe.set_op_flags(flags as __u32);
}

/// renameat2(2) `oldpath` (relative to `olddfd`) to `newpath` (relative to `newdfd`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the paths must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_renameat(
    sqe: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_RENAMEAT,
        sqe,
        olddfd,
        oldpath as __u64,
        newdfd as c_uint,
        newpath as __u64,
    );
    sqe.set_op_flags(flags);
}

/// rename(2) `oldpath` to `newpath`, both relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_renameat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_rename(
    sqe: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
) {
    // SAFETY: the caller passes what `io_uring_prep_renameat` needs.
    unsafe { io_uring_prep_renameat(sqe, libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, 0) }
}

/// unlinkat(2) `path` relative to `dfd` (AT_REMOVEDIR in `flags` removes a directory).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `path` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_unlinkat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_UNLINKAT, sqe, dfd, path as __u64, 0, 0);
    sqe.set_op_flags(flags as __u32);
}

/// `io_uring_prep_unlinkat` relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_unlinkat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_unlink(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes what `io_uring_prep_unlinkat` needs.
    unsafe { io_uring_prep_unlinkat(sqe, libc::AT_FDCWD, path, flags) }
}

/// mkdirat(2) `path` relative to `dfd` with `mode`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `path` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_mkdirat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_MKDIRAT,
        unsafe { &mut *sqe },
        dfd,
        path as __u64,
        mode,
        0,
    )
}

/// mkdir(2) `path` relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_mkdirat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_mkdir(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes what `io_uring_prep_mkdirat` needs.
    unsafe { io_uring_prep_mkdirat(sqe, libc::AT_FDCWD, path, mode) }
}

/// symlinkat(2): create `linkpath` (relative to `newdirfd`) pointing at `target`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the paths must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_symlinkat(
    sqe: *mut io_uring_sqe,
    target: *const c_char,
    newdirfd: c_int,
    linkpath: *const c_char,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_SYMLINKAT,
        unsafe { &mut *sqe },
        newdirfd,
        target as __u64,
        0,
        linkpath as __u64,
    )
}

/// symlink(2): `linkpath` relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_symlinkat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_symlink(
    sqe: *mut io_uring_sqe,
    target: *const c_char,
    linkpath: *const c_char,
) {
    // SAFETY: the caller passes what `io_uring_prep_symlinkat` needs.
    unsafe { io_uring_prep_symlinkat(sqe, target, libc::AT_FDCWD, linkpath) }
}

/// linkat(2) `oldpath` (relative to `olddfd`) as `newpath` (relative to `newdfd`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the paths must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_linkat(
    sqe: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_LINKAT,
        sqe,
        olddfd,
        oldpath as __u64,
        newdfd as c_uint,
        newpath as __u64,
    );
    sqe.set_op_flags(flags as __u32);
}

/// link(2), both paths relative to the current directory.
///
/// # Safety
/// As for `io_uring_prep_linkat`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_link(
    sqe: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes what `io_uring_prep_linkat` needs.
    unsafe { io_uring_prep_linkat(sqe, libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, flags) }
}

/// getxattr(2) attribute `name` of `path` into `value` (`len` bytes).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the strings and `value` must stay valid until the
/// request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_getxattr(
    sqe: *mut io_uring_sqe,
    name: *const c_char,
    value: *mut c_char,
    path: *const c_char,
    len: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_GETXATTR,
        sqe,
        0,
        name as __u64,
        len,
        value as __u64,
    );
    sqe.set_addr3(path as __u64);
    sqe.set_op_flags(0);
}

/// setxattr(2) attribute `name` of `path` to `value` (`len` bytes) with `flags`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the strings and `value` must stay valid until the
/// request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_setxattr(
    sqe: *mut io_uring_sqe,
    name: *const c_char,
    value: *const c_char,
    path: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_SETXATTR,
        sqe,
        0,
        name as __u64,
        len,
        value as __u64,
    );
    sqe.set_addr3(path as __u64);
    sqe.set_op_flags(flags as __u32);
}

/// fgetxattr(2) attribute `name` of `fd` into `value` (`len` bytes).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `name` and `value` must stay valid until the request
/// completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fgetxattr(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *mut c_char,
    len: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_FGETXATTR,
        sqe,
        fd,
        name as __u64,
        len,
        value as __u64,
    );
    sqe.set_op_flags(0);
}

/// fsetxattr(2) attribute `name` of `fd` to `value` (`len` bytes) with `flags`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `name` and `value` must stay valid until the request
/// completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fsetxattr(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_FSETXATTR,
        sqe,
        fd,
        name as __u64,
        len,
        value as __u64,
    );
    sqe.set_op_flags(flags as __u32);
}

/// Update `nr_fds` registered files from slot `offset` with `fds` (-1 clears a slot;
/// IORING_FILE_INDEX_ALLOC as `offset` picks free slots and writes them back into `fds`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `fds` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_files_update(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    nr_fds: c_uint,
    offset: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_FILES_UPDATE,
        unsafe { &mut *sqe },
        -1,
        fds as __u64,
        nr_fds,
        offset as __u64,
    )
}

/// Install fixed file `fd` as a normal file descriptor (the result); `flags` may hold
/// IORING_FIXED_FD_NO_CLOEXEC.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fixed_fd_install(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FIXED_FD_INSTALL, sqe, fd, 0, 0, 0);
    sqe.flags = IOSQE_FIXED_FILE as __u8;
    sqe.set_op_flags(flags);
}

/// pipe2(2) into `fds[0]` (read end) and `fds[1]` (write end) with `pipe_flags`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `fds` (two ints) must stay valid until the request
/// completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_pipe(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    pipe_flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_PIPE, sqe, 0, fds as __u64, 0, 0);
    sqe.set_op_flags(pipe_flags as __u32);
}

/// `io_uring_prep_pipe` into the fixed file table from slot `file_index` (or
/// IORING_FILE_INDEX_ALLOC); `fds` receives the slots.
///
/// # Safety
/// As for `io_uring_prep_pipe`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_pipe_direct(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    pipe_flags: c_int,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe {
        io_uring_prep_pipe(sqe, fds, pipe_flags);
        set_direct_slot(&mut *sqe, file_index);
    }
}

/// Give `nr` buffers of `len` bytes at `addr` to buffer group `bgid`, ids from `bid`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; the buffers must stay valid while the kernel owns them.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_provide_buffers(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    len: c_int,
    nr: c_int,
    bgid: c_int,
    bid: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_PROVIDE_BUFFERS,
        sqe,
        nr,
        addr as __u64,
        len as c_uint,
        bid as __u64,
    );
    sqe.u4.buf_group = bgid as __u16;
}

/// Take back up to `nr` buffers from buffer group `bgid`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_remove_buffers(
    sqe: *mut io_uring_sqe,
    nr: c_int,
    bgid: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, nr, 0, 0, 0);
    sqe.u4.buf_group = bgid as __u16;
}
