//! Work-arounds for kernel bugs the library can keep applications away from.
//!
//! Socket getsockopt/setsockopt through `IORING_OP_URING_CMD` (added in 6.7) never completes
//! when the request is forced async with `IOSQE_ASYNC`: `io_uring_cmd()` returned the command's
//! result instead of `IOU_OK`, so the io-wq path lost the completion (fixed in 6.11 and 6.10.3,
//! commit 24dce1c538a7 "io_uring: fix lost getsockopt completions"). Those two
//! commands never block, so on such kernels the library clears `IOSQE_ASYNC` from them when it
//! publishes the SQ tail. `URING_SOCKOPT_ASYNC_WORKAROUND=1` (or `0`) forces it on (or off).

use core::ffi::{c_uint, CStr};
use core::sync::atomic::AtomicU8;

use crate::ring::{int_flag, io_uring};
use crate::uapi::*;

/// Kernels whose uring_cmd path loses forced-async sockopt completions: from 6.7 (the socket
/// commands) to 6.10.2; the fix came with 6.11 and was backported to 6.10.3 only.
pub fn sockopt_async_hang(kernel: crate::kernel::Version) -> bool {
    ((6, 7, 0)..(6, 10, 3)).contains(&kernel)
}

/// Whether rings set up now need the sockopt work-around (cold: once per ring setup).
pub fn sockopt_async_workaround_needed() -> bool {
    // SAFETY: getenv returns NULL or a NUL-terminated string owned by the environment.
    let forced = unsafe { libc::getenv(c"URING_SOCKOPT_ASYNC_WORKAROUND".as_ptr()) };
    if !forced.is_null() {
        // SAFETY: non-NULL getenv result, NUL-terminated.
        return unsafe { CStr::from_ptr(forced) }.to_bytes() != b"0";
    }
    sockopt_async_hang(crate::kernel::running())
}

/// With LIBURING_DEBUG, say once that the sockopt work-around is on.
pub(crate) fn name_sockopt_workaround() {
    static NAMED: AtomicU8 = AtomicU8::new(0);
    crate::diagnose::workaround(
        &NAMED,
        "work-around on: IOSQE_ASYNC is cleared from socket getsockopt/setsockopt commands \
         (on kernels 6.7 to 6.10.2 they never complete with it)",
    );
}

/// Clear IOSQE_ASYNC on the socket getsockopt/setsockopt commands among SQ entries
/// `[from, to)` (free-running indices), before the kernel sees them.
#[cold]
pub(crate) fn strip_sockopt_async(ring: &mut io_uring, from: c_uint, to: c_uint) {
    debug_assert!(ring.int_flags & int_flag::SOCKOPT_ASYNC_QUIRK != 0);
    let mut i = from;
    while i != to {
        let index = ((i & ring.sq.ring_mask) as usize) << ring.sqe_shift();
        // SAFETY: the index is inside the SQE array, and entries not yet published are ours.
        let sqe = unsafe { &mut *ring.sq.sqes.add(index) };
        let op = sqe.opcode as c_uint;
        let cmd = sqe.cmd_op();
        if (op == IORING_OP_URING_CMD || op == IORING_OP_URING_CMD128)
            && (cmd == SOCKET_URING_OP_GETSOCKOPT || cmd == SOCKET_URING_OP_SETSOCKOPT)
        {
            sqe.flags &= !(IOSQE_ASYNC as u8);
        }
        i = i.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affected_releases() {
        let hang = |r: &str| sockopt_async_hang(crate::kernel::parse_release(r.as_bytes()));
        for r in ["6.7.0", "6.8.12-arch1", "6.10.2", "6.9", "6.8.0-45-generic"] {
            assert!(hang(r), "{r}");
        }
        for r in [
            "6.6.30",
            "6.10.3",
            "6.11.0",
            "6.18.44-fc-v595",
            "5.15.0",
            "7.0",
            "",
        ] {
            assert!(!hang(r), "{r}");
        }
    }
}
