//! Helpers for the unit tests. A test that sets up a real ring starts with
//! `if crate::testing::skip_without_uring() { return; }`: where io_uring cannot be used (a seccomp
//! filter, `kernel.io_uring_disabled`, no kernel support) it prints `skipped: <test>: <reason>` on
//! stderr and passes, and the other tests still run. `make check-rust` counts those lines.

use std::sync::OnceLock;

use crate::diagnose::{Diagnosis, Evidence, Line};
use crate::ring::io_uring;
use crate::setup::{io_uring_queue_exit, io_uring_queue_init};

/// Why this process cannot set up a ring, in one line (the library's own diagnosis, as
/// `LIBURING_DEBUG=1` prints it), or None when it can. Probed once.
pub fn uring_unavailable() -> Option<&'static str> {
    static REASON: OnceLock<Option<String>> = OnceLock::new();
    REASON
        .get_or_init(|| {
            let mut ring = core::mem::MaybeUninit::<io_uring>::uninit();
            // SAFETY: a local ring, torn down at once when the setup worked.
            let ret = unsafe { io_uring_queue_init(2, ring.as_mut_ptr(), 0) };
            if ret == 0 {
                // SAFETY: initialised just above.
                unsafe { io_uring_queue_exit(ring.as_mut_ptr()) };
                return None;
            }
            let d = Diagnosis::of(ret, 2, 0, Evidence::gather(b"/proc"));
            let mut line = Line::new();
            line.push("io_uring unavailable: ");
            d.write_cause(&mut line);
            Some(line.as_str().to_owned())
        })
        .as_deref()
}

/// True when the calling test must return at once because io_uring is unavailable here; then it
/// has said so on stderr (`skipped: <test>: <reason>`).
pub fn skip_without_uring() -> bool {
    let Some(why) = uring_unavailable() else {
        return false;
    };
    let thread = std::thread::current();
    let test = thread.name().filter(|n| *n != "main").unwrap_or("a test");
    eprintln!("skipped: {test}: {why}");
    true
}
