//! The running kernel's version, for the work-arounds and the diagnosis (cold paths only).

use core::ffi::{c_char, CStr};

/// major.minor.patch, compared in that order.
pub type Version = (u32, u32, u32);

/// The leading `major.minor.patch` of a release string such as `6.10.2-arch1-1` (missing parts
/// are 0).
pub fn parse_release(release: &[u8]) -> Version {
    let mut parts = release.split(|&b| b == b'.').map(|p| {
        p.iter()
            .take_while(|b| b.is_ascii_digit())
            .fold(0u32, |n, &d| {
                n.saturating_mul(10).saturating_add((d - b'0') as u32)
            })
    });
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor, parts.next().unwrap_or(0))
}

/// The running kernel's version from uname(2), or (0, 0, 0) if it cannot be read.
pub fn running() -> Version {
    // SAFETY: all-zero is a valid utsname to be filled by uname(2).
    let mut uts: libc::utsname = unsafe { core::mem::zeroed() };
    // SAFETY: a valid, writable utsname.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return (0, 0, 0);
    }
    // SAFETY: uname NUL-terminates `release`.
    let release = unsafe { CStr::from_ptr(uts.release.as_ptr() as *const c_char) };
    parse_release(release.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::parse_release;

    #[test]
    fn releases() {
        assert_eq!(parse_release(b"6.18.44-fc-v1272"), (6, 18, 44));
        assert_eq!(parse_release(b"6.10.2-arch1-1"), (6, 10, 2));
        assert_eq!(parse_release(b"6.1.0-18-amd64"), (6, 1, 0));
        assert_eq!(parse_release(b"6.8"), (6, 8, 0));
        assert_eq!(parse_release(b""), (0, 0, 0));
    }
}
