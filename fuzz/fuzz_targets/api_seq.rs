#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uring_fuzz::api_seq::run(data));
