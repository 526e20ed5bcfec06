//! Fuzz targets for the uring crate. Each target is a `run(data: &[u8])` function that panics
//! on a finding; `fuzz_targets/*.rs` hand them to libFuzzer (cargo fuzz), and `src/bin/driver.rs`
//! runs them without a fuzzing toolchain, on the committed corpus and pseudo-random inputs.

pub mod api_seq;
pub mod cmsg;
pub mod cq_reap;
mod input;
pub mod twins;

/// A target's entry point: panics (or trips a sanitizer) on a finding.
pub type Target = fn(&[u8]);

/// Every target: its name (as in fuzz_targets/ and corpus/) and entry point.
pub const TARGETS: &[(&str, Target)] = &[
    ("api_seq", api_seq::run),
    ("cq_reap", cq_reap::run),
    ("twins", twins::run),
    ("cmsg", cmsg::run),
];
