#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uring_fuzz::twins::run(data));
