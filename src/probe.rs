//! Opcode probing. Probes are allocated with the C allocator, because programs release them with
//! `io_uring_free_probe` or with plain `free()`.

use core::ffi::{c_int, c_uint};
use core::mem::{size_of, MaybeUninit};

use crate::register::io_uring_register_probe;
use crate::ring::io_uring;
use crate::setup::{io_uring_queue_exit, io_uring_queue_init};
use crate::uapi::*;

/// Opcode slots asked of the kernel: more than it has, so `last_op` says where it ends.
const PROBE_OPS: usize = 256;

/// find out which opcodes the kernel of a ring supports
///
/// Allocate a struct io_uring_probe with room for 256 opcodes and have the kernel fill it through
/// IORING_REGISTER_PROBE on @ring: probe->last_op is the highest opcode the kernel knows, and
/// probe->ops[op].flags has IO_URING_OP_SUPPORTED for every opcode it supports. Test an opcode with
/// io_uring_opcode_supported().
///
/// Return: the probe, to be released with io_uring_free_probe(), or NULL when memory ran out or the
/// kernel refused the request.
///
/// Notes: IORING_REGISTER_PROBE is available since Linux 5.6; on older kernels this returns NULL.
/// The probe is allocated with calloc(3), so free(3) releases it as well.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_get_probe(3), io_uring_opcode_supported(3), io_uring_free_probe(3),
/// io_uring_register_probe(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_get_probe_ring(ring: *mut io_uring) -> *mut io_uring_probe {
    let len = size_of::<io_uring_probe>() + PROBE_OPS * size_of::<io_uring_probe_op>();
    // SAFETY: calloc returns zeroed memory or NULL.
    let probe = unsafe { libc::calloc(1, len) }.cast::<io_uring_probe>();
    if probe.is_null() {
        return probe;
    }
    // SAFETY: `probe` holds PROBE_OPS op slots.
    if unsafe { io_uring_register_probe(ring, probe, PROBE_OPS as c_uint) } >= 0 {
        return probe;
    }
    // SAFETY: allocated above with calloc.
    unsafe { libc::free(probe.cast()) };
    core::ptr::null_mut()
}

/// find out which opcodes the running kernel supports
///
/// Like io_uring_get_probe_ring(), on a temporary ring of two entries with default flags that is
/// torn down before the function returns. Useful before any ring exists; with a ring at hand,
/// io_uring_get_probe_ring() saves setting one up.
///
/// Return: the probe, to be released with io_uring_free_probe(), or NULL when the temporary ring
/// could not be set up, memory ran out, or the kernel cannot be probed (before Linux 5.6).
///
/// Notes: With LIBURING_DEBUG set, a failure to set up the temporary ring is explained on stderr,
/// as for io_uring_queue_init().
///
/// See also: io_uring_get_probe_ring(3), io_uring_opcode_supported(3), io_uring_free_probe(3)
#[no_mangle]
pub extern "C" fn io_uring_get_probe() -> *mut io_uring_probe {
    let mut ring = MaybeUninit::<io_uring>::uninit();
    // SAFETY: a local ring, set up and torn down here.
    unsafe {
        if io_uring_queue_init(2, ring.as_mut_ptr(), 0) < 0 {
            return core::ptr::null_mut();
        }
        let probe = io_uring_get_probe_ring(ring.as_mut_ptr());
        io_uring_queue_exit(ring.as_mut_ptr());
        probe
    }
}

/// release a probe
///
/// Free @probe, as returned by io_uring_get_probe() or io_uring_get_probe_ring(). A NULL @probe is
/// accepted and ignored.
///
/// Return: nothing.
///
/// Safety: @probe must be NULL or a probe from io_uring_get_probe() or io_uring_get_probe_ring()
/// that has not been freed; it must not be used afterwards.
///
/// See also: io_uring_get_probe(3), io_uring_get_probe_ring(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_free_probe(probe: *mut io_uring_probe) {
    // SAFETY: allocated with calloc (or NULL).
    unsafe { libc::free(probe.cast()) }
}

/// Whether opcode `op` is supported according to probe `p`.
///
/// # Safety
/// `p` must be a probe filled by the kernel.
#[no_mangle]
pub unsafe extern "C" fn io_uring_opcode_supported(p: *const io_uring_probe, op: c_int) -> c_int {
    // SAFETY: the caller passes a valid probe.
    let p = unsafe { &*p };
    if op < 0 || op > p.last_op as c_int {
        return 0;
    }
    // SAFETY: ops[0..=last_op] are inside the probe's allocation.
    let flags = unsafe { (*p.ops.as_ptr().add(op as usize)).flags };
    (flags as c_uint & IO_URING_OP_SUPPORTED != 0) as c_int
}
