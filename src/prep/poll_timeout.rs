//! Poll, timeout, cancellation and epoll requests. (`io_uring_prep_timeout` itself lives in
//! the parent module.)

use core::ffi::{c_int, c_uint, c_void};

use super::prep_rw;
use crate::uapi::*;

/// A poll mask in the layout the kernel reads from `poll32_events`: as is on little-endian,
/// 16-bit halves swapped on big-endian.
#[no_mangle]
pub extern "C" fn __io_uring_prep_poll_mask(poll_mask: c_uint) -> c_uint {
    if cfg!(target_endian = "big") {
        poll_mask.rotate_left(16)
    } else {
        poll_mask
    }
}

/// Poll `fd` once for `poll_mask` (POLLIN, ...); the CQE's res holds the ready events.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_poll_add(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    poll_mask: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_POLL_ADD, sqe, fd, 0, 0, 0);
    sqe.set_op_flags(__io_uring_prep_poll_mask(poll_mask));
}

/// Poll `fd` for `poll_mask` repeatedly: one CQE (with IORING_CQE_F_MORE) per readiness.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_poll_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    poll_mask: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe {
        io_uring_prep_poll_add(sqe, fd, poll_mask);
        (*sqe).len = IORING_POLL_ADD_MULTI;
    }
}

/// Remove the poll request whose user_data is `user_data`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_poll_remove(sqe: *mut io_uring_sqe, user_data: __u64) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, 0, 0, 0);
    sqe.set_addr(user_data);
}

/// Update the poll request `old_user_data`: its user_data to `new_user_data` and/or its mask to
/// `poll_mask`, as `flags` (IORING_POLL_UPDATE_*) select.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_poll_update(
    sqe: *mut io_uring_sqe,
    old_user_data: __u64,
    new_user_data: __u64,
    poll_mask: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, 0, flags, new_user_data);
    sqe.set_addr(old_user_data);
    sqe.set_op_flags(__io_uring_prep_poll_mask(poll_mask));
}

/// Remove the timeout whose user_data is `user_data`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_timeout_remove(
    sqe: *mut io_uring_sqe,
    user_data: __u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, 0, 0, 0);
    sqe.set_addr(user_data);
    sqe.set_op_flags(flags);
}

/// Give the timeout whose user_data is `user_data` the new expiry `ts`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `ts` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_timeout_update(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    user_data: __u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, 0, 0, ts as __u64);
    sqe.set_addr(user_data);
    sqe.set_op_flags(flags | IORING_TIMEOUT_UPDATE);
}

/// A timeout for the previous request of the link: it is cancelled if not done within `ts`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `ts` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_link_timeout(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, ts as __u64, 1, 0);
    sqe.set_op_flags(flags);
}

/// Cancel the request(s) whose user_data is `user_data` (IORING_ASYNC_CANCEL_* `flags`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cancel64(
    sqe: *mut io_uring_sqe,
    user_data: __u64,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_ASYNC_CANCEL, sqe, -1, 0, 0, 0);
    sqe.set_addr(user_data);
    sqe.set_op_flags(flags as __u32);
}

/// `io_uring_prep_cancel64` with a pointer user_data (`io_uring_sqe_set_data`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cancel(
    sqe: *mut io_uring_sqe,
    user_data: *const c_void,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    unsafe { io_uring_prep_cancel64(sqe, user_data as usize as __u64, flags) }
}

/// Cancel the request(s) on file `fd` (IORING_ASYNC_CANCEL_FD is added to `flags`).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cancel_fd(sqe: *mut io_uring_sqe, fd: c_int, flags: c_uint) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(IORING_OP_ASYNC_CANCEL, sqe, fd, 0, 0, 0);
    sqe.set_op_flags(flags | IORING_ASYNC_CANCEL_FD);
}

/// epoll_ctl(2) on epoll instance `epfd`: `op` (EPOLL_CTL_*) for `fd` with `ev`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `ev` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_epoll_ctl(
    sqe: *mut io_uring_sqe,
    epfd: c_int,
    fd: c_int,
    op: c_int,
    ev: *const libc::epoll_event,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_EPOLL_CTL,
        unsafe { &mut *sqe },
        epfd,
        ev as __u64,
        op as c_uint,
        fd as c_uint as __u64,
    )
}

/// epoll_wait(2) on `fd` for up to `maxevents` events into `events`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `events` must stay valid until the request completes.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_epoll_wait(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    events: *mut libc::epoll_event,
    maxevents: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    prep_rw(
        IORING_OP_EPOLL_WAIT,
        sqe,
        fd,
        events as __u64,
        maxevents as c_uint,
        0,
    );
    sqe.set_op_flags(flags);
}
