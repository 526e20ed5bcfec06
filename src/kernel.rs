//! The running kernel's version, for the work-arounds and the diagnosis (cold paths only).

use core::ffi::{c_char, CStr};

/// major.minor.patch, compared in that order.
pub type Version = (u32, u32, u32);

/// The decimal number `s` starts with and what follows it; None without digits or on overflow.
/// (Slices are taken apart with split_first, so no index can panic in the library.)
const fn number(mut s: &[u8]) -> Option<(u32, &[u8])> {
    let mut n: u32 = 0;
    let mut digits = false;
    while let Some((&b, rest)) = s.split_first() {
        if !b.is_ascii_digit() {
            break;
        }
        n = match n.checked_mul(10) {
            Some(n) => match n.checked_add((b - b'0') as u32) {
                Some(n) => n,
                None => return None,
            },
            None => return None,
        };
        digits = true;
        s = rest;
    }
    if digits {
        Some((n, s))
    } else {
        None
    }
}

/// `s` without its leading '.', if it has one.
const fn after_dot(s: &[u8]) -> Option<&[u8]> {
    match s.split_first() {
        Some((b'.', rest)) => Some(rest),
        _ => None,
    }
}

/// The version a release string starts with: "6.1.0-18-amd64" is 6.1.0, "6.8" is 6.8.0; None
/// unless it starts with major.minor. (const: uring-status's bug table parses literals with it.)
pub const fn parse(release: &[u8]) -> Option<Version> {
    let Some((major, s)) = number(release) else {
        return None;
    };
    let Some(s) = after_dot(s) else {
        return None;
    };
    let Some((minor, s)) = number(s) else {
        return None;
    };
    // A patch level only if a digit follows the dot ("6.8.y" is 6.8.0).
    let patch = match after_dot(s) {
        Some(rest) => match rest.split_first() {
            Some((b, _)) if b.is_ascii_digit() => match number(rest) {
                Some((patch, _)) => patch,
                None => return None,
            },
            _ => 0,
        },
        None => 0,
    };
    Some((major, minor, patch))
}

/// The leading `major.minor.patch` of a release string such as `6.10.2-arch1-1`, or 0.0.0 when
/// it does not start with a version.
pub fn parse_release(release: &[u8]) -> Version {
    parse(release).unwrap_or((0, 0, 0))
}

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
