#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uring_fuzz::cmsg::run(data));
