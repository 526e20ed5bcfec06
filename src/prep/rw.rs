//! Data transfer and file-range requests: read/write (plain, vectored, registered buffers,
//! multishot), fsync and sync_file_range, fallocate, fadvise/madvise, splice/tee, ftruncate.

use core::ffi::{c_int, c_uint, c_void};

use super::prep_rw;
use crate::uapi::*;

/// Read `nbytes` from `fd` at `offset` (-1: the file position) into `buf`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_read(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_READ,
        unsafe { &mut *sqe },
        fd,
        buf as __u64,
        nbytes,
        offset,
    )
}

/// Write `nbytes` from `buf` to `fd` at `offset` (-1: the file position).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_write(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_WRITE,
        unsafe { &mut *sqe },
        fd,
        buf as __u64,
        nbytes,
        offset,
    )
}

/// Read from `fd` at `offset` into the `nr_vecs` buffers of `iovecs` (readv(2)).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `iovecs` and its buffers must stay valid until the
/// request is submitted (the buffers until it completes).
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_readv(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_READV,
        unsafe { &mut *sqe },
        fd,
        iovecs as __u64,
        nr_vecs,
        offset,
    )
}

/// `io_uring_prep_readv` with preadv2(2) `flags` (RWF_*).
///
/// # Safety
/// As for `io_uring_prep_readv`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_readv2(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE, as `io_uring_prep_readv` needs.
    unsafe {
        io_uring_prep_readv(sqe, fd, iovecs, nr_vecs, offset);
        (*sqe).set_op_flags(flags as __u32);
    }
}

/// Write the `nr_vecs` buffers of `iovecs` to `fd` at `offset` (writev(2)).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `iovecs` and its buffers must stay valid until the
/// request is submitted (the buffers until it completes).
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_writev(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_WRITEV,
        unsafe { &mut *sqe },
        fd,
        iovecs as __u64,
        nr_vecs,
        offset,
    )
}

/// `io_uring_prep_writev` with pwritev2(2) `flags` (RWF_*).
///
/// # Safety
/// As for `io_uring_prep_writev`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_writev2(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE, as `io_uring_prep_writev` needs.
    unsafe {
        io_uring_prep_writev(sqe, fd, iovecs, nr_vecs, offset);
        (*sqe).set_op_flags(flags as __u32);
    }
}

/// Read into registered buffer `buf_index` (`buf` points inside it).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_read_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: __u64,
    buf_index: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf as __u64, nbytes, offset);
    sqe.set_buf_index(buf_index as __u16);
}

/// Write from registered buffer `buf_index` (`buf` points inside it).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_write_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: __u64,
    buf_index: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf as __u64, nbytes, offset);
    sqe.set_buf_index(buf_index as __u16);
}

/// Vectored read whose `iovecs` point into registered buffer `buf_index`.
///
/// # Safety
/// As for `io_uring_prep_readv`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_readv_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
    buf_index: c_int,
) {
    // SAFETY: the caller passes a writable SQE, as `io_uring_prep_readv2` needs.
    unsafe {
        io_uring_prep_readv2(sqe, fd, iovecs, nr_vecs, offset, flags);
        (*sqe).opcode = IORING_OP_READV_FIXED as __u8;
        (*sqe).set_buf_index(buf_index as __u16);
    }
}

/// Vectored write whose `iovecs` point into registered buffer `buf_index`.
///
/// # Safety
/// As for `io_uring_prep_writev`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_writev_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
    buf_index: c_int,
) {
    // SAFETY: the caller passes a writable SQE, as `io_uring_prep_writev2` needs.
    unsafe {
        io_uring_prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags);
        (*sqe).opcode = IORING_OP_WRITEV_FIXED as __u8;
        (*sqe).set_buf_index(buf_index as __u16);
    }
}

/// Read repeatedly from `fd` (a pipe, socket, ...) into buffers of provided-buffer group
/// `buf_group`, one CQE per read, until the request ends (no IORING_CQE_F_MORE).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_read_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    nbytes: c_uint,
    offset: __u64,
    buf_group: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_READ_MULTISHOT, sqe, fd, 0, nbytes, offset);
    sqe.u4.buf_group = buf_group as __u16;
    sqe.flags = IOSQE_BUFFER_SELECT as __u8;
}

/// fsync(2) `fd`; `fsync_flags` IORING_FSYNC_DATASYNC gives fdatasync.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fsync(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    fsync_flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FSYNC, sqe, fd, 0, 0, 0);
    sqe.set_op_flags(fsync_flags);
}

/// sync_file_range(2) on `len` bytes of `fd` from `offset`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_sync_file_range(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    offset: __u64,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe, fd, 0, len, offset);
    sqe.set_op_flags(flags as __u32);
}

/// fallocate(2) `len` bytes of `fd` from `offset` with `mode` (FALLOC_FL_*).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fallocate(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    mode: c_int,
    offset: __u64,
    len: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FALLOCATE, sqe, fd, 0, mode as c_uint, offset);
    sqe.set_addr(len);
}

/// posix_fadvise(2) on `len` bytes of `fd` from `offset`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fadvise(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: __u64,
    len: __u32,
    advice: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FADVISE, sqe, fd, 0, len, offset);
    sqe.set_op_flags(advice as __u32);
}

/// posix_fadvise(2) with a 64-bit length (needs a kernel that reads it from `addr`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_fadvise64(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: __u64,
    len: libc::off_t,
    advice: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FADVISE, sqe, fd, 0, 0, offset);
    sqe.set_addr(len as __u64);
    sqe.set_op_flags(advice as __u32);
}

/// madvise(2) on `length` bytes at `addr`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_madvise(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    length: __u32,
    advice: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_MADVISE, sqe, -1, addr as __u64, length, 0);
    sqe.set_op_flags(advice as __u32);
}

/// madvise(2) with a 64-bit length (needs a kernel that reads it from `off`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_madvise64(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    length: libc::off_t,
    advice: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_MADVISE,
        sqe,
        -1,
        addr as __u64,
        0,
        length as __u64,
    );
    sqe.set_op_flags(advice as __u32);
}

/// splice(2) `nbytes` from `fd_in` (at `off_in`, -1 for a pipe or the file position) to
/// `fd_out` (at `off_out`, likewise); one of them must be a pipe.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_splice(
    sqe: *mut io_uring_sqe,
    fd_in: c_int,
    off_in: i64,
    fd_out: c_int,
    off_out: i64,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_SPLICE, sqe, fd_out, 0, nbytes, off_out as __u64);
    // `splice_off_in` shares its union with `addr`.
    sqe.set_addr(off_in as __u64);
    sqe.set_splice_fd_in(fd_in);
    sqe.set_op_flags(splice_flags);
}

/// tee(2): duplicate `nbytes` from pipe `fd_in` into pipe `fd_out` without consuming them.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_tee(
    sqe: *mut io_uring_sqe,
    fd_in: c_int,
    fd_out: c_int,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_TEE, sqe, fd_out, 0, nbytes, 0);
    // `splice_off_in` shares its union with `addr`.
    sqe.set_addr(0);
    sqe.set_splice_fd_in(fd_in);
    sqe.set_op_flags(splice_flags);
}

/// ftruncate(2) `fd` to `len` bytes.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[cfg(gnu_source)]
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_ftruncate(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: libc::loff_t,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_FTRUNCATE,
        unsafe { &mut *sqe },
        fd,
        0,
        0,
        len as __u64,
    )
}
