//! SQE preparation helpers (`io_uring_prep_*`), one file per op family. Each writes exactly the
//! SQE fields liburing 2.15's inline helper writes, no more: `io_uring_get_sqe` has already
//! cleared the common ones (`io_uring_initialize_sqe`), and callers may set others beforehand.

use core::ffi::{c_int, c_uint, c_void};

use crate::uapi::*;

pub mod cmd;
pub mod fs;
pub mod msg;
pub mod net;
pub mod poll_timeout;
pub mod rw;

/// Clear the SQE fields that not every prep helper writes (done by `io_uring_get_sqe`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_initialize_sqe(sqe: *mut io_uring_sqe) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    sqe.flags = 0;
    sqe.ioprio = 0;
    sqe.set_op_flags(0);
    sqe.set_buf_index(0);
    sqe.personality = 0;
    sqe.set_file_index(0);
    sqe.set_addr3(0);
    sqe.set_pad2(0);
}

/// The common shape of most requests: opcode, fd, address, length, offset.
#[inline(always)]
pub(crate) fn prep_rw(
    op: c_uint,
    sqe: &mut io_uring_sqe,
    fd: c_int,
    addr: __u64,
    len: c_uint,
    offset: __u64,
) {
    sqe.opcode = op as __u8;
    sqe.fd = fd;
    sqe.set_off(offset);
    sqe.set_addr(addr);
    sqe.len = len;
}

/// Prepare a request of opcode `op` on `fd` with `addr`, `len` and `offset`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_rw(
    op: c_int,
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const c_void,
    len: c_uint,
    offset: __u64,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        op as c_uint,
        unsafe { &mut *sqe },
        fd,
        addr as __u64,
        len,
        offset,
    )
}

/// A request that does nothing and completes with res 0.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_nop(sqe: *mut io_uring_sqe) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(IORING_OP_NOP, unsafe { &mut *sqe }, -1, 0, 0, 0)
}

/// A timeout that completes after `ts`, or after `count` other completions; -ETIME when it fires.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `ts` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_timeout(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    count: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts as __u64, 1, count as __u64);
    sqe.set_op_flags(flags);
}

/// Store `data` in the SQE's user_data, to come back in the CQE (`io_uring_cqe_get_data`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqe_set_data(sqe: *mut io_uring_sqe, data: *mut c_void) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { (*sqe).user_data = data as usize as __u64 };
}

/// Store `data` in the SQE's user_data, to come back in the CQE (`io_uring_cqe_get_data64`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqe_set_data64(sqe: *mut io_uring_sqe, data: __u64) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { (*sqe).user_data = data };
}

/// Set the SQE's IOSQE_* flags (only the low 8 bits are kept).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqe_set_flags(sqe: *mut io_uring_sqe, flags: c_uint) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { (*sqe).flags = flags as __u8 };
}

/// Select provided-buffer group `bgid` for this request (with IOSQE_BUFFER_SELECT).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqe_set_buf_group(sqe: *mut io_uring_sqe, bgid: c_int) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { (*sqe).u4.buf_group = bgid as __u16 };
}

/// Make the request install its result file in fixed-file slot `file_index` (stored + 1,
/// because 0 means "no fixed file").
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn __io_uring_set_target_fixed_file(
    sqe: *mut io_uring_sqe,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { (*sqe).set_file_index(file_index.wrapping_add(1)) };
}

/// A pointer as the 64-bit integer SQE fields carry.
#[no_mangle]
pub extern "C" fn uring_ptr_to_u64(ptr: *const c_void) -> __u64 {
    ptr as usize as __u64
}
