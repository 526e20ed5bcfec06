//! Requests between rings and processes: msg_ring (data, CQE flags, file descriptors), futex
//! wait/wake/waitv, and waitid.

use core::ffi::{c_int, c_uint};

use super::fs::set_direct_slot;
use super::prep_rw;
use crate::uapi::*;

/// Post a CQE with res `len` and user_data `data` on the ring whose fd is `fd`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_msg_ring(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: __u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_MSG_RING, sqe, fd, 0, len, data);
    sqe.set_op_flags(flags);
}

/// `io_uring_prep_msg_ring`, the posted CQE carrying `cqe_flags` as its flags.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_msg_ring_cqe_flags(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: __u64,
    flags: c_uint,
    cqe_flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_MSG_RING, sqe, fd, 0, len, data);
    sqe.set_op_flags(IORING_MSG_RING_FLAGS_PASS | flags);
    sqe.set_file_index(cqe_flags);
}

/// Send this ring's fixed file `source_fd` to fixed-file slot `target_fd` (or
/// IORING_FILE_INDEX_ALLOC) of the ring whose fd is `fd`, posting a CQE with user_data `data`
/// there.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    target_fd: c_int,
    data: __u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_MSG_RING,
        sqe,
        fd,
        IORING_MSG_SEND_FD as __u64,
        0,
        data,
    );
    sqe.set_addr3(source_fd as __u64);
    set_direct_slot(sqe, target_fd as c_uint);
    sqe.set_op_flags(flags);
}

/// `io_uring_prep_msg_ring_fd` into a free slot of the target ring.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd_alloc(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    data: __u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { io_uring_prep_msg_ring_fd(sqe, fd, source_fd, IORING_FILE_INDEX_ALLOC, data, flags) }
}

/// FUTEX_WAIT and FUTEX_WAKE share one layout: the futex word in `addr`, the value in `off`,
/// the futex2 flags in `fd`, the bitset in `addr3`.
fn prep_futex(
    op: c_uint,
    sqe: &mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    prep_rw(op, sqe, futex_flags as c_int, futex as __u64, 0, val);
    sqe.set_op_flags(flags);
    sqe.set_addr3(mask);
}

/// Wake up to `val` waiters of `futex` whose bitset matches `mask`; `futex_flags` are the
/// FUTEX2_* flags (size, private), `flags` are for io_uring (none yet).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_futex_wake(
    sqe: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_futex(
        IORING_OP_FUTEX_WAKE,
        unsafe { &mut *sqe },
        futex,
        val,
        mask,
        futex_flags,
        flags,
    )
}

/// Wait on `futex` while it holds `val`, for a wake with a bitset matching `mask`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `futex` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_futex_wait(
    sqe: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_futex(
        IORING_OP_FUTEX_WAIT,
        unsafe { &mut *sqe },
        futex,
        val,
        mask,
        futex_flags,
        flags,
    )
}

/// Wait on any of the `nr_futex` futexes of `futex`; the result is the index of the one woken.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `futex` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_futex_waitv(
    sqe: *mut io_uring_sqe,
    futex: *const futex_waitv,
    nr_futex: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_FUTEX_WAITV, sqe, 0, futex as __u64, nr_futex, 0);
    sqe.set_op_flags(flags);
}

/// waitid(2) for `idtype`/`id` with `options` (WEXITED, ...), filling `infop`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `infop` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_waitid(
    sqe: *mut io_uring_sqe,
    idtype: libc::idtype_t,
    id: libc::id_t,
    infop: *mut libc::siginfo_t,
    options: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_WAITID, sqe, id as c_int, 0, idtype, 0);
    sqe.set_op_flags(flags);
    sqe.set_file_index(options as __u32);
    sqe.set_addr2(infop as __u64);
}
