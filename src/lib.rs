//! liburing 2.15, re-implemented in Rust.
//!
//! Built as liburing (feature `c-library`, the default) the crate is `no_std` (it needs only the
//! C library's `malloc`/`free` for probes) with a panic handler that aborts, so the static
//! archive and the shared objects linked from it stay small and carry no Rust runtime. A Rust
//! program that uses it as a dependency sets `default-features = false` and keeps std's.
#![cfg_attr(all(not(test), feature = "c-library"), no_std)]
#![allow(non_camel_case_types, non_upper_case_globals, non_snake_case)]
// The exported functions' doc comments become liburing.h and its man pages, so they are written
// as C documentation: the pointer contract is a "Safety:" paragraph, not a Rust "# Safety" heading.
#![allow(clippy::missing_safety_doc)]

pub mod uapi;

pub mod buf_ring;
pub mod complete;
pub mod diagnose;
pub mod kernel;
pub mod prep;
pub mod probe;
pub mod quirks;
pub mod register;
pub mod ring;
pub mod setup;
pub mod submit;
mod sys;
pub mod syscall;
#[cfg(test)]
mod testing;
pub mod version;

/// The precompiled `core` carries unwind tables that name this personality routine; with
/// `panic = "abort"` nothing ever unwinds, so it is never called. Defined so that the static
/// archive has no undefined Rust symbol (the Makefile makes it local there).
#[cfg(all(not(test), feature = "c-library"))]
#[no_mangle]
extern "C" fn rust_eh_personality() {}

/// Without std there is no unwinding: a panic (which the code is written never to reach) aborts.
#[cfg(all(not(test), feature = "c-library"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: abort(3) never returns and is async-signal-safe.
    unsafe { libc::abort() }
}
