#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uring_fuzz::cq_reap::run(data));
