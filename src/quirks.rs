//! Work-arounds for kernel bugs the library can keep applications away from.
//!
//! Socket getsockopt/setsockopt through `IORING_OP_URING_CMD` (added in 6.7) never completes
//! when the request is forced async with `IOSQE_ASYNC`: `io_uring_cmd()` returned the command's
//! result instead of `IOU_OK`, so the io-wq path lost the completion (fixed in 6.11). Those two
//! commands never block, so on such kernels the library clears `IOSQE_ASYNC` from them when it
//! publishes the SQ tail. `URING_SOCKOPT_ASYNC_WORKAROUND=1` (or `0`) forces it on (or off).

use core::ffi::{c_char, c_uint, CStr};

use crate::ring::{int_flag, io_uring};
use crate::uapi::*;

/// Kernel releases whose uring_cmd path loses forced-async sockopt completions: [6.7, 6.11).
fn release_has_sockopt_async_hang(release: &[u8]) -> bool {
    let mut parts = release.split(|&b| b == b'.').map(|p| {
        p.iter()
            .take_while(|b| b.is_ascii_digit())
            .fold(0u32, |n, &d| n * 10 + (d - b'0') as u32)
    });
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (6, 7) && (major, minor) < (6, 11)
}

/// Whether rings set up now need the sockopt work-around (cold: once per ring setup).
pub(crate) fn sockopt_async_workaround_needed() -> bool {
    // SAFETY: getenv returns NULL or a NUL-terminated string owned by the environment.
    let forced = unsafe { libc::getenv(c"URING_SOCKOPT_ASYNC_WORKAROUND".as_ptr()) };
    if !forced.is_null() {
        // SAFETY: non-NULL getenv result, NUL-terminated.
        return unsafe { CStr::from_ptr(forced) }.to_bytes() != b"0";
    }
    // SAFETY: all-zero is a valid utsname to be filled by uname(2).
    let mut uts: libc::utsname = unsafe { core::mem::zeroed() };
    // SAFETY: a valid, writable utsname.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return false;
    }
    // SAFETY: uname NUL-terminates `release`.
    let release = unsafe { CStr::from_ptr(uts.release.as_ptr() as *const c_char) };
    release_has_sockopt_async_hang(release.to_bytes())
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
        for r in ["6.7.0", "6.8.12-arch1", "6.10.3", "6.9"] {
            assert!(release_has_sockopt_async_hang(r.as_bytes()), "{r}");
        }
        for r in ["6.6.30", "6.11.0", "6.18.44-fc-v595", "5.15.0", "7.0", ""] {
            assert!(!release_has_sockopt_async_hang(r.as_bytes()), "{r}");
        }
    }
}
