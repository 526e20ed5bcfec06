//! Why io_uring cannot be used here, from the evidence this process can see. Shared by
//! `LIBURING_DEBUG=1` (the library explains a failed ring setup on stderr, and names the
//! work-arounds it applies) and `uring-status --check`. Cold code, part of the C library: no
//! allocation and no formatting machinery, messages are assembled in a fixed buffer.

use core::ffi::{c_char, c_int, c_uint, c_void, CStr};
use core::sync::atomic::{AtomicU8, Ordering};

use crate::kernel::{self, Version};

/// What stops io_uring here, most specific first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A seccomp filter answers the io_uring system calls (a container's profile).
    Seccomp,
    /// `kernel.io_uring_disabled = 2`: off for every process.
    DisabledAll,
    /// `kernel.io_uring_disabled = 1`, and this process is neither in `kernel.io_uring_group`
    /// nor has CAP_SYS_ADMIN.
    DisabledGroup,
    /// Kernels before 5.12 charge ring memory to RLIMIT_MEMLOCK, and it is too low.
    Memlock,
    /// No io_uring in this kernel (ENOSYS without a seccomp filter).
    NoKernelSupport,
    /// None of the above: the errno is all there is.
    Other,
}

/// The evidence, as gathered by [`Evidence::gather`] (or made up by tests).
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence {
    /// `Seccomp:` of /proc/self/status (2: a filter), None if unreadable.
    pub seccomp_mode: Option<u32>,
    /// What io_uring_register(-1, ...) returned: -EBADF when the kernel itself answered, so
    /// anything else means a filter in between.
    pub register_probe: c_int,
    /// `kernel.io_uring_disabled`, None before 6.6 (no such sysctl).
    pub disabled: Option<u32>,
    /// `kernel.io_uring_group` (-1: no group).
    pub group: Option<i64>,
    /// The process's effective or supplementary groups include `group`.
    pub in_group: bool,
    /// CAP_SYS_ADMIN in the effective set (`CapEff:` of /proc/self/status).
    pub cap_sys_admin: bool,
    /// RLIMIT_MEMLOCK soft limit in bytes (u64::MAX: unlimited).
    pub memlock_limit: u64,
    /// The running kernel.
    pub kernel: Version,
}

/// A failed setup's errno (positive) with its evidence and cause.
#[derive(Clone, Copy, Debug)]
pub struct Diagnosis {
    pub errno: c_int,
    /// Bytes of locked memory the failed ring would have needed (kernels before 5.12).
    pub memlock_needed: u64,
    pub evidence: Evidence,
    pub cause: Cause,
}

impl Evidence {
    /// Read the evidence from `proc` (normally b"/proc"; tests point it at a fixture) and probe
    /// the io_uring_register system call.
    pub fn gather(proc: &[u8]) -> Evidence {
        let mut buf = [0u8; 4096];
        let status = read_file(proc, b"/self/status", &mut buf);
        let seccomp_mode = field(status, b"Seccomp:").map(|v| dec(v) as u32);
        let cap_sys_admin = field(status, b"CapEff:").is_some_and(|v| hex(v) & (1 << 21) != 0);
        let disabled = Some(read_file(proc, b"/sys/kernel/io_uring_disabled", &mut buf))
            .filter(|t| !t.is_empty())
            .map(|t| dec(t) as u32);
        let group = Some(read_file(proc, b"/sys/kernel/io_uring_group", &mut buf))
            .filter(|t| !t.is_empty())
            .map(signed);
        // SAFETY: an invalid fd: the kernel answers EBADF and touches nothing.
        let register_probe = unsafe { crate::sys::io_uring_register(-1, 0, core::ptr::null(), 0) };
        Evidence {
            seccomp_mode,
            register_probe,
            disabled,
            group,
            in_group: group.is_some_and(in_groups),
            cap_sys_admin,
            memlock_limit: memlock_limit(),
            kernel: kernel::running(),
        }
    }
}

impl Diagnosis {
    /// Explain a setup that failed with `-errno` for a ring of `entries` and setup `flags`.
    pub fn of(errno: c_int, entries: c_uint, flags: c_uint, evidence: Evidence) -> Diagnosis {
        let errno = errno.wrapping_abs();
        // Only old kernels charge ring memory (and the sizing may itself set a ring up).
        let needed = if errno == libc::ENOMEM && evidence.kernel < (5, 12, 0) {
            crate::setup::io_uring_mlock_size(entries, flags)
        } else {
            0
        };
        let memlock_needed = needed.max(0) as u64;
        let cause = cause(errno, memlock_needed, &evidence);
        Diagnosis {
            errno,
            memlock_needed,
            evidence,
            cause,
        }
    }

    /// What went wrong, in a sentence.
    pub fn write_cause(&self, out: &mut Line) {
        let e = &self.evidence;
        match self.cause {
            Cause::Seccomp => {
                out.push(
                    "a seccomp filter (Seccomp: 2 in /proc/self/status) answers the io_uring ",
                )
                .push("system calls with ")
                .errno(self.errno)
                .push(" instead of the kernel; container runtimes do this (Docker's default ")
                .push("profile blocks io_uring)");
            }
            Cause::DisabledAll => {
                out.push("kernel.io_uring_disabled is 2: io_uring is off for every process");
            }
            Cause::DisabledGroup => {
                out.push("kernel.io_uring_disabled is 1 and this process is neither in ");
                match e.group {
                    Some(g) if g >= 0 => out.push("kernel.io_uring_group (gid ").int(g).push(")"),
                    _ => out.push("a kernel.io_uring_group (none is set)"),
                };
                out.push(" nor has CAP_SYS_ADMIN");
            }
            Cause::Memlock => {
                out.push("kernels before 5.12 charge ring memory to RLIMIT_MEMLOCK: the limit is ")
                    .int(e.memlock_limit as i64)
                    .push(" bytes, this ring needs ")
                    .int(self.memlock_needed as i64);
            }
            Cause::NoKernelSupport => {
                out.push("this kernel has no io_uring (ENOSYS, and no seccomp filter): it is ")
                    .push("older than 5.1 or built without CONFIG_IO_URING");
            }
            Cause::Other => {
                out.push("io_uring_setup failed with ").errno(self.errno);
            }
        }
    }

    /// What to do about it, in a sentence.
    pub fn write_advice(&self, out: &mut Line) {
        match self.cause {
            Cause::Seccomp => out
                .push("allow io_uring_setup, io_uring_enter and io_uring_register in the ")
                .push("seccomp profile (docker run --security-opt seccomp=<profile>), or run ")
                .push("outside the sandbox"),
            Cause::DisabledAll => out
                .push("as root: sysctl -w kernel.io_uring_disabled=0 (or 1 ")
                .push("with kernel.io_uring_group set to a group of the users that need it)"),
            Cause::DisabledGroup => out
                .push("add the user to that group, or as root: sysctl -w ")
                .push("kernel.io_uring_group=<gid> or kernel.io_uring_disabled=0"),
            Cause::Memlock => out
                .push("raise the limit (ulimit -l, LimitMEMLOCK= in a systemd unit), use ")
                .push("fewer entries, or a 5.12 or later kernel"),
            Cause::NoKernelSupport => {
                out.push("use a kernel built with CONFIG_IO_URING=y (5.1 or later)")
            }
            Cause::Other => out.push("see io_uring_setup(2) for what this error means"),
        };
    }
}

/// The cause the evidence points to for a setup that failed with `errno`.
pub fn cause(errno: c_int, memlock_needed: u64, e: &Evidence) -> Cause {
    let filtered = e.seccomp_mode == Some(2) && e.register_probe != -libc::EBADF;
    let allowed_by_group = e.in_group || e.cap_sys_admin;
    match errno {
        _ if filtered => Cause::Seccomp,
        libc::EPERM if e.disabled == Some(2) => Cause::DisabledAll,
        libc::EPERM if e.disabled == Some(1) && !allowed_by_group => Cause::DisabledGroup,
        libc::ENOSYS if e.seccomp_mode == Some(2) => Cause::Seccomp,
        libc::ENOSYS => Cause::NoKernelSupport,
        libc::ENOMEM if e.kernel < (5, 12, 0) && e.memlock_limit < memlock_needed => Cause::Memlock,
        _ => Cause::Other,
    }
}

/// Whether `LIBURING_DEBUG` is set (to anything but 0), read once.
fn debug() -> bool {
    // 0: not read yet, 1: off, 2: on.
    static STATE: AtomicU8 = AtomicU8::new(0);
    match STATE.load(Ordering::Relaxed) {
        0 => {
            // SAFETY: getenv returns NULL or a NUL-terminated string owned by the environment.
            let v = unsafe { libc::getenv(c"LIBURING_DEBUG".as_ptr()) };
            // SAFETY: non-NULL getenv result, NUL-terminated.
            let on = !v.is_null() && unsafe { CStr::from_ptr(v) }.to_bytes() != b"0";
            STATE.store(if on { 2 } else { 1 }, Ordering::Relaxed);
            on
        }
        s => s == 2,
    }
}

/// With LIBURING_DEBUG, explain a failed ring setup on stderr, in one line.
#[cold]
pub(crate) fn setup_failed(what: &str, ret: c_int, entries: c_uint, flags: c_uint) {
    // The diagnosis may set up a ring itself (to size one): that one is not reported.
    static EXPLAINING: AtomicU8 = AtomicU8::new(0);
    if !debug() || EXPLAINING.swap(1, Ordering::Relaxed) != 0 {
        return;
    }
    let d = Diagnosis::of(ret, entries, flags, Evidence::gather(b"/proc"));
    let mut line = Line::new();
    line.push("liburing: ")
        .push(what)
        .push(" failed (-")
        .errno(d.errno)
        .push("): ");
    d.write_cause(&mut line);
    line.push("; ");
    d.write_advice(&mut line);
    line.stderr();
    EXPLAINING.store(0, Ordering::Relaxed);
}

/// With LIBURING_DEBUG, name a work-around the library applies, once per process.
#[cold]
pub(crate) fn workaround(done: &AtomicU8, text: &str) {
    if debug() && done.swap(1, Ordering::Relaxed) == 0 {
        let mut line = Line::new();
        line.push("liburing: ").push(text);
        line.stderr();
    }
}

/// A line of text assembled without allocation (cut at 512 bytes).
pub struct Line {
    buf: [u8; 512],
    len: usize,
}

impl Default for Line {
    fn default() -> Self {
        Self::new()
    }
}

impl Line {
    pub fn new() -> Line {
        Line {
            buf: [0; 512],
            len: 0,
        }
    }

    pub fn push(&mut self, s: &str) -> &mut Line {
        s.bytes().for_each(|b| self.byte(b));
        self
    }

    fn byte(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
    }

    pub fn int(&mut self, v: i64) -> &mut Line {
        if v < 0 {
            self.byte(b'-');
        }
        // Digits from the last; a u64 has at most 20.
        let (mut n, mut digits, mut i) = (v.unsigned_abs(), [0u8; 20], 20);
        while i > 0 {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 {
                break;
            }
        }
        digits.iter().skip(i).for_each(|&d| self.byte(d));
        self
    }

    /// An errno (positive) by name where it is a usual one, else by number.
    pub fn errno(&mut self, errno: c_int) -> &mut Line {
        let name = match errno {
            libc::EPERM => "EPERM",
            libc::EACCES => "EACCES",
            libc::ENOSYS => "ENOSYS",
            libc::ENOMEM => "ENOMEM",
            libc::EINVAL => "EINVAL",
            libc::EFAULT => "EFAULT",
            libc::EMFILE => "EMFILE",
            libc::ENFILE => "ENFILE",
            _ => return self.push("errno ").int(errno as i64),
        };
        self.push(name)
    }

    pub fn as_str(&self) -> &str {
        let text = self.buf.get(..self.len).unwrap_or_default();
        // SAFETY: only whole &str pieces are pushed; a cut may split a character only if a
        // message had non-ASCII text, which none has.
        unsafe { core::str::from_utf8_unchecked(text) }
    }

    /// Write the line and a newline to stderr in one write(2).
    fn stderr(&mut self) {
        let len = self.len.min(self.buf.len() - 1);
        self.buf[len] = b'\n';
        // SAFETY: a valid buffer of len + 1 bytes.
        unsafe { libc::write(2, self.buf.as_ptr().cast::<c_void>(), len + 1) };
    }
}

/// The contents of `proc` + `path` (at most `buf.len()` bytes), empty if unreadable.
fn read_file<'a>(proc: &[u8], path: &[u8], buf: &'a mut [u8]) -> &'a [u8] {
    let mut name = [0u8; 256];
    if proc.len() + path.len() >= name.len() {
        return &[];
    }
    name.iter_mut()
        .zip(proc.iter().chain(path))
        .for_each(|(d, &s)| *d = s);
    // SAFETY: a NUL-terminated path (the rest of `name` is zero).
    let fd = unsafe {
        libc::open(
            name.as_ptr() as *const c_char,
            libc::O_RDONLY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return &[];
    }
    // SAFETY: a valid buffer; the fd is ours.
    let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
    // SAFETY: ours to close.
    unsafe { libc::close(fd) };
    buf.get(..n.max(0) as usize).unwrap_or_default()
}

/// The value after `key` on its line of a `Key:\tvalue` file.
fn field<'a>(text: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    text.split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(key))
        .map(|v| v.trim_ascii())
}

fn dec(v: &[u8]) -> u64 {
    v.trim_ascii()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, &d| {
            n.saturating_mul(10).saturating_add((d - b'0') as u64)
        })
}

fn signed(v: &[u8]) -> i64 {
    match v.trim_ascii().strip_prefix(b"-") {
        Some(rest) => -(dec(rest) as i64),
        None => dec(v) as i64,
    }
}

fn hex(v: &[u8]) -> u64 {
    v.iter()
        .map_while(|&b| (b as char).to_digit(16))
        .fold(0u64, |n, d| (n << 4) | d as u64)
}

/// Whether the process's effective or supplementary groups include `gid`.
fn in_groups(gid: i64) -> bool {
    // SAFETY: getegid cannot fail.
    if gid >= 0 && unsafe { libc::getegid() } as i64 == gid {
        return true;
    }
    let mut groups = [0 as libc::gid_t; 256];
    // SAFETY: a buffer of the given size.
    let n = unsafe { libc::getgroups(groups.len() as c_int, groups.as_mut_ptr()) };
    let groups = groups.get(..n.max(0) as usize).unwrap_or_default();
    gid >= 0 && groups.iter().any(|&g| g as i64 == gid)
}

fn memlock_limit() -> u64 {
    // SAFETY: all-zero is a valid rlimit to be filled.
    let mut rl: libc::rlimit = unsafe { core::mem::zeroed() };
    // SAFETY: a valid, writable rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut rl) } != 0 {
        return u64::MAX;
    }
    rl.rlim_cur
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal() -> Evidence {
        Evidence {
            seccomp_mode: Some(0),
            register_probe: -libc::EBADF,
            disabled: Some(0),
            group: Some(-1),
            memlock_limit: 8 << 20,
            kernel: (6, 18, 0),
            ..Default::default()
        }
    }

    #[test]
    fn causes() {
        let e = normal();
        assert_eq!(cause(libc::EINVAL, 0, &e), Cause::Other);
        assert_eq!(cause(libc::ENOSYS, 0, &e), Cause::NoKernelSupport);
        let filter = Evidence {
            seccomp_mode: Some(2),
            register_probe: -libc::EPERM,
            ..e
        };
        assert_eq!(cause(libc::EPERM, 0, &filter), Cause::Seccomp);
        let enosys_filter = Evidence {
            seccomp_mode: Some(2),
            register_probe: -libc::ENOSYS,
            ..e
        };
        assert_eq!(cause(libc::ENOSYS, 0, &enosys_filter), Cause::Seccomp);
        // A filter that lets io_uring through does not explain an EPERM the sysctl does.
        let other_filter = Evidence {
            seccomp_mode: Some(2),
            disabled: Some(2),
            ..e
        };
        assert_eq!(cause(libc::EPERM, 0, &other_filter), Cause::DisabledAll);
        let group = Evidence {
            disabled: Some(1),
            group: Some(1234),
            ..e
        };
        assert_eq!(cause(libc::EPERM, 0, &group), Cause::DisabledGroup);
        let member = Evidence {
            in_group: true,
            ..group
        };
        assert_eq!(cause(libc::EPERM, 0, &member), Cause::Other);
        let old = Evidence {
            kernel: (5, 10, 0),
            memlock_limit: 65536,
            ..e
        };
        assert_eq!(cause(libc::ENOMEM, 1 << 20, &old), Cause::Memlock);
        assert_eq!(cause(libc::ENOMEM, 1 << 20, &e), Cause::Other);
    }

    #[test]
    fn lines() {
        let mut l = Line::new();
        l.push("x=")
            .int(-42)
            .push(" ")
            .errno(libc::EPERM)
            .push(" ")
            .errno(9999);
        assert_eq!(l.as_str(), "x=-42 EPERM errno 9999");
        let d = Diagnosis::of(
            -libc::EPERM,
            8,
            0,
            Evidence {
                disabled: Some(2),
                ..normal()
            },
        );
        let mut l = Line::new();
        d.write_cause(&mut l);
        assert!(
            l.as_str().contains("io_uring_disabled is 2"),
            "{}",
            l.as_str()
        );
    }

    #[test]
    fn parsing() {
        let status = b"Name:\tx\nSeccomp:\t2\nCapEff:\t000001ffffffffff\n";
        assert_eq!(field(status, b"Seccomp:").map(dec), Some(2));
        assert_eq!(field(status, b"CapEff:").map(hex), Some(0x1ff_ffff_ffff));
        assert_eq!(signed(b"-1\n"), -1);
        assert_eq!(signed(b"1000\n"), 1000);
    }
}
