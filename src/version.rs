//! The library's version, for run-time checks (`IO_URING_CHECK_VERSION` is the compile-time one).

use core::ffi::c_int;

const MAJOR: c_int = 2;
const MINOR: c_int = 15;

/// major version of the liburing library in use
///
/// Return the major version number of the library the program runs with, which can differ from that
/// of the headers it was compiled against (IO_URING_VERSION_MAJOR).
///
/// Return: 2.
///
/// See also: io_uring_minor_version(3), io_uring_check_version(3)
#[no_mangle]
pub extern "C" fn io_uring_major_version() -> c_int {
    MAJOR
}

/// minor version of the liburing library in use
///
/// Return the minor version number of the library the program runs with, which can differ from that
/// of the headers it was compiled against (IO_URING_VERSION_MINOR).
///
/// Return: 15.
///
/// See also: io_uring_major_version(3), io_uring_check_version(3)
#[no_mangle]
pub extern "C" fn io_uring_minor_version() -> c_int {
    MINOR
}

/// test whether the library in use is older than a given version
///
/// Compare the library the program runs with against version @major.@minor. The result is inverted
/// with respect to what the name suggests, as in liburing: it answers "is the library older?", not
/// "is the version available?". IO_URING_CHECK_VERSION is the compile-time counterpart for the
/// headers.
///
/// Return: false when the library is version @major.@minor or newer, true when it is older. This
/// library is 2.15: io_uring_check_version(2, 15) is false, io_uring_check_version(2, 16) is true.
///
/// See also: io_uring_major_version(3), io_uring_minor_version(3)
#[no_mangle]
pub extern "C" fn io_uring_check_version(major: c_int, minor: c_int) -> bool {
    major > MAJOR || (major == MAJOR && minor > MINOR)
}
