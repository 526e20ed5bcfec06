//! The raw io_uring system calls as exported functions. Like liburing's they return -errno on
//! failure and leave `errno` alone.

use core::ffi::{c_int, c_uint, c_void};

use crate::submit::NSIG_BYTES;
use crate::sys;
use crate::uapi::io_uring_params;

/// io_uring_setup(2): create a ring of `entries`; returns its fd or -errno.
///
/// # Safety
/// `p` must be a valid, writable io_uring_params.
#[no_mangle]
pub unsafe extern "C" fn io_uring_setup(entries: c_uint, p: *mut io_uring_params) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    let ret = unsafe { sys::io_uring_setup(entries, p.cast()) };
    if ret < 0 {
        // SAFETY: the caller passes NULL or a readable io_uring_params.
        let flags = unsafe { p.as_ref() }.map_or(0, |p| p.flags);
        crate::diagnose::setup_failed("io_uring_setup", ret, entries, flags);
    }
    ret
}

/// io_uring_enter(2) with a signal mask (or NULL).
///
/// # Safety
/// `sig` must be NULL or a valid sigset.
#[no_mangle]
pub unsafe extern "C" fn io_uring_enter(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    sig: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe {
        sys::io_uring_enter(
            fd,
            to_submit,
            min_complete,
            flags,
            sig.cast_const().cast(),
            NSIG_BYTES,
        )
    }
}

/// io_uring_enter(2) with an explicit argument block of `sz` bytes.
///
/// # Safety
/// `arg` must be NULL or valid for what `flags` says it is.
#[no_mangle]
pub unsafe extern "C" fn io_uring_enter2(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *mut c_void,
    sz: usize,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { sys::io_uring_enter(fd, to_submit, min_complete, flags, arg.cast_const(), sz) }
}

/// io_uring_register(2).
///
/// # Safety
/// `arg` must be valid for `opcode` and `nr_args`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register(
    fd: c_uint,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { sys::io_uring_register(fd as c_int, opcode, arg, nr_args) }
}
