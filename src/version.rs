//! The library's version, for run-time checks (`IO_URING_CHECK_VERSION` is the compile-time one).

use core::ffi::c_int;

const MAJOR: c_int = 2;
const MINOR: c_int = 15;

/// The major version of the loaded library (2).
#[no_mangle]
pub extern "C" fn io_uring_major_version() -> c_int {
    MAJOR
}

/// The minor version of the loaded library (15).
#[no_mangle]
pub extern "C" fn io_uring_minor_version() -> c_int {
    MINOR
}

/// True when the loaded library is OLDER than `major.minor` (as in liburing: false means the
/// requested version is available).
#[no_mangle]
pub extern "C" fn io_uring_check_version(major: c_int, minor: c_int) -> bool {
    major > MAJOR || (major == MAJOR && minor > MINOR)
}
