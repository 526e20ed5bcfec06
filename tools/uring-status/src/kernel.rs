//! The running kernel's version, for comparing with the bug table.
//!
//! `uname -r` is all a mainline or stable kernel needs. Distribution kernels are marked, because
//! their version may not tell which fixes they carry: Debian's "6.1.0-18-amd64" is really 6.1.76,
//! Ubuntu's "5.15.0-91-generic" counts ABI revisions, RHEL 9's "5.14.0-362.el9" carries io_uring
//! from much newer kernels, and all of them backport fixes. Where the upstream release a package
//! is based on is known (Debian's /proc/version, Ubuntu's /proc/version_signature), that is used.

use std::fmt;

/// A kernel release; mainline releases have patch level 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KernelVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl KernelVersion {
    /// The stable series (major, minor) the release belongs to.
    pub fn series(&self) -> (u32, u32) {
        (self.major, self.minor)
    }
}

impl fmt::Display for KernelVersion {
    /// "6.11" for a mainline release, "6.10.3" for a stable one.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.patch != 0 {
            write!(f, ".{}", self.patch)?;
        }
        Ok(())
    }
}

/// The version a release string starts with: "6.1.0-18-amd64" is 6.1.0, "6.8" is 6.8.0.
/// None unless it starts with major.minor. (const: the bug table's literals use it.)
pub const fn parse(release: &str) -> Option<KernelVersion> {
    match uring::kernel::parse(release.as_bytes()) {
        Some((major, minor, patch)) => Some(KernelVersion {
            major,
            minor,
            patch,
        }),
        None => None,
    }
}

/// The kernel this machine runs.
#[derive(Debug)]
pub struct Running {
    /// The release, as `uname -r` prints it.
    pub release: String,
    /// The upstream version to compare with the bug table: the release's own, or the upstream
    /// release a Debian or Ubuntu kernel package is based on.
    pub version: KernelVersion,
    /// The distribution that built the kernel, when it is one whose version may not show which
    /// fixes it has: "distribution kernel: fixes may be backported without the version showing it".
    pub distro: Option<&'static str>,
}

/// The running kernel, or None when its release does not start with a version.
///
/// The environment variable URING_STATUS_KERNEL (for tests) replaces uname(2) and /proc: either a
/// release ("6.1.0-18-amd64") or a /proc/version line, optionally followed by a second line with
/// the contents of /proc/version_signature.
pub fn running() -> Option<Running> {
    if let Ok(text) = std::env::var("URING_STATUS_KERNEL") {
        return from_override(&text);
    }
    let read = |path| std::fs::read_to_string(path).unwrap_or_default();
    identify(
        &uname_release()?,
        &read("/proc/version"),
        &read("/proc/version_signature"),
    )
}

/// The running kernel as URING_STATUS_KERNEL describes it.
fn from_override(text: &str) -> Option<Running> {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim();
    let signature = lines.next().unwrap_or("");
    match first.strip_prefix("Linux version ") {
        Some(rest) => identify(rest.split_whitespace().next()?, first, signature),
        None => identify(first, "", signature),
    }
}

fn uname_release() -> Option<String> {
    // SAFETY: utsname is plain arrays of bytes, so all-zero is a valid value.
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: a valid, writable utsname.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return None;
    }
    let bytes: Vec<u8> = uts
        .release
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Flavours (the part after "X.Y.0-N-") of Debian and Ubuntu kernel packages.
const DEBIAN_ARCHES: &str = "amd64 arm64 686 pae armmp lpae ppc64el powerpc64le s390x riscv64";
const UBUNTU_FLAVOURS: &str =
    "generic lowlatency aws azure gcp gke gkeop oracle kvm raspi ibm nvidia oem intel realtime virtual";

/// The running kernel from its release, /proc/version and /proc/version_signature (either may
/// be empty).
fn identify(release: &str, proc_version: &str, signature: &str) -> Option<Running> {
    let own = parse(release)?;
    // The build part of /proc/version, after '#': "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (...)".
    // The compiler named before it ("gcc (Debian 12.2.0-14)") says nothing about the kernel.
    let build = proc_version.split_once('#').map_or("", |(_, build)| build);
    let distro = distro(release, build);
    let upstream = match distro {
        // "Debian 6.1.76-1", or with an epoch: "Debian 1:6.6.20-1+rpt1".
        Some("Debian") => build
            .split_once("Debian ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|package| package.rsplit(':').next()),
        // "Ubuntu 5.15.0-91.101-generic 5.15.131": the last word is the upstream release.
        Some("Ubuntu") if signature.starts_with("Ubuntu ") => signature.split_whitespace().last(),
        _ => None,
    };
    let version = upstream
        .and_then(parse)
        .filter(|v| v.series() == own.series())
        .unwrap_or(own);
    Some(Running {
        release: release.to_owned(),
        version,
        distro,
    })
}

/// The distribution whose kernel this is, if its version may not show which fixes it has.
fn distro(release: &str, build: &str) -> Option<&'static str> {
    // Debian and Ubuntu number releases "X.Y.0-ABI-flavour" ("6.1.0-18-cloud-amd64").
    let mut parts = release.splitn(3, '-');
    let (base, abi, flavour) = (parts.next()?, parts.next(), parts.next().unwrap_or(""));
    let abi_numbered = base.ends_with(".0")
        && abi.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let flavour_in = |list: &str, word: &str| abi_numbered && list.split(' ').any(|w| w == word);
    let first = flavour.split('-').next().unwrap_or("");
    let last = flavour.rsplit('-').next().unwrap_or("");
    let el = |part: &str| {
        part.strip_prefix("el")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    if build.contains("Debian ") || flavour_in(DEBIAN_ARCHES, last) {
        Some("Debian")
    } else if build.contains("Ubuntu") || flavour_in(UBUNTU_FLAVOURS, first) {
        Some("Ubuntu")
    } else if release.split('.').any(el) {
        // RHEL and its rebuilds backport io_uring wholesale: "5.14.0-362.8.1.el9_3.x86_64".
        Some("RHEL/CentOS/Alma/Rocky")
    } else if release.ends_with("-default") {
        Some("SUSE")
    } else if release.contains("-android") {
        Some("Android")
    } else if release.contains(".amzn") {
        Some("Amazon Linux")
    } else if release.ends_with("-pve") {
        Some("Proxmox")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(major: u32, minor: u32, patch: u32) -> KernelVersion {
        KernelVersion {
            major,
            minor,
            patch,
        }
    }

    #[test]
    fn parses_release_strings() {
        for (release, want) in [
            ("6.18.44-fc-v1272", k(6, 18, 44)),
            ("6.1.0-18-amd64", k(6, 1, 0)),
            ("5.15.0-91-generic", k(5, 15, 0)),
            ("6.8.0", k(6, 8, 0)),
            ("5.14.0-362.8.1.el9_3.x86_64", k(5, 14, 0)),
            ("6.10.2-arch1-1", k(6, 10, 2)),
            ("4.19.0", k(4, 19, 0)),
            ("6.8", k(6, 8, 0)),
            ("6.11.0-rc1", k(6, 11, 0)),
            ("6.12-rc3+", k(6, 12, 0)),
            ("5.4.x", k(5, 4, 0)),
        ] {
            assert_eq!(parse(release), Some(want), "{release}");
        }
        for bad in [
            "",
            "6",
            "6.",
            "6-rc1",
            "v6.1",
            ".1.2",
            "99999999999.1",
            "6.1.99999999999",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn orders_and_prints() {
        assert!(
            k(6, 10, 2) < k(6, 10, 3) && k(6, 10, 3) < k(6, 11, 0) && k(5, 15, 200) < k(6, 1, 0)
        );
        assert_eq!(k(6, 11, 0).to_string(), "6.11");
        assert_eq!(k(6, 10, 3).to_string(), "6.10.3");
    }

    fn id(
        release: &str,
        proc_version: &str,
        signature: &str,
    ) -> (KernelVersion, Option<&'static str>) {
        let r = identify(release, proc_version, signature).unwrap();
        assert_eq!(r.release, release);
        (r.version, r.distro)
    }

    #[test]
    fn mainline_and_stable_kernels_are_taken_at_their_word() {
        let gcc_on_debian =
            "Linux version 6.18.44-fc-v1272 (root@b) (gcc (Debian 12.2.0-14) 12.2.0, \
                             GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC @0";
        assert_eq!(
            id("6.18.44-fc-v1272", gcc_on_debian, ""),
            (k(6, 18, 44), None)
        );
        assert_eq!(id("6.10.2-arch1-1", "", ""), (k(6, 10, 2), None));
        assert_eq!(id("6.8.0", "", ""), (k(6, 8, 0), None));
        assert_eq!(id("4.19.0", "", ""), (k(4, 19, 0), None));
        assert_eq!(id("6.5.6-300.fc39.x86_64", "", ""), (k(6, 5, 6), None));
        assert!(identify("linux", "", "").is_none());
    }

    #[test]
    fn debian_uses_the_package_version() {
        let pv = "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian \
                  12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC \
                  Debian 6.1.76-1 (2024-02-01)";
        assert_eq!(id("6.1.0-18-amd64", pv, ""), (k(6, 1, 76), Some("Debian")));
        let rpi =
            "Linux version 6.6.20+rpt-rpi-v8 (serge@raspberrypi.com) (gcc-12 (Debian 12.2.0-14)) \
                   #1 SMP PREEMPT Debian 1:6.6.20-1+rpt1 (2024-03-07)";
        assert_eq!(
            id("6.6.20+rpt-rpi-v8", rpi, ""),
            (k(6, 6, 20), Some("Debian"))
        );
        // Without /proc/version only the release's shape tells; its patch level stays 0.
        assert_eq!(id("6.1.0-18-amd64", "", ""), (k(6, 1, 0), Some("Debian")));
        assert_eq!(
            id("5.10.0-28-cloud-amd64", "", ""),
            (k(5, 10, 0), Some("Debian"))
        );
        // A package version from another series is not believed.
        assert_eq!(
            id("6.1.0-18-amd64", "#1 SMP Debian 5.10.209-2", ""),
            (k(6, 1, 0), Some("Debian"))
        );
    }

    #[test]
    fn ubuntu_uses_the_version_signature() {
        let pv = "Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) \
                  11.4.0) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023";
        let sig = "Ubuntu 5.15.0-91.101-generic 5.15.131\n";
        assert_eq!(
            id("5.15.0-91-generic", pv, sig),
            (k(5, 15, 131), Some("Ubuntu"))
        );
        assert_eq!(
            id("5.15.0-91-generic", pv, ""),
            (k(5, 15, 0), Some("Ubuntu"))
        );
        assert_eq!(id("6.8.0-1015-aws", "", ""), (k(6, 8, 0), Some("Ubuntu")));
        assert_eq!(id("6.5.0-1015-azure", "", ""), (k(6, 5, 0), Some("Ubuntu")));
    }

    #[test]
    fn other_distribution_kernels_are_marked() {
        let rhel = Some("RHEL/CentOS/Alma/Rocky");
        assert_eq!(
            id("5.14.0-362.8.1.el9_3.x86_64", "", ""),
            (k(5, 14, 0), rhel)
        );
        assert_eq!(
            id("4.18.0-513.5.1.el8_9.x86_64", "", ""),
            (k(4, 18, 0), rhel)
        );
        assert_eq!(
            id("5.15.0-200.131.27.el9uek.x86_64", "", ""),
            (k(5, 15, 0), rhel)
        );
        assert_eq!(
            id("5.14.21-150500.55.39-default", "", ""),
            (k(5, 14, 21), Some("SUSE"))
        );
        assert_eq!(id("6.7.4-1-default", "", ""), (k(6, 7, 4), Some("SUSE")));
        assert_eq!(
            id("5.10.198-android12-9-00085-g226a9632f13d", "", ""),
            (k(5, 10, 198), Some("Android"))
        );
        assert_eq!(
            id("6.1.66-91.160.amzn2023.x86_64", "", ""),
            (k(6, 1, 66), Some("Amazon Linux"))
        );
        assert_eq!(id("6.8.12-4-pve", "", ""), (k(6, 8, 12), Some("Proxmox")));
    }

    #[test]
    fn override_describes_the_kernel() {
        let over = |text| from_override(text).map(|r| (r.release, r.version, r.distro));
        assert_eq!(
            over("6.10.2-arch1-1\n"),
            Some(("6.10.2-arch1-1".into(), k(6, 10, 2), None))
        );
        let debian = "Linux version 6.1.0-18-amd64 (x) (y) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";
        assert_eq!(
            over(debian),
            Some(("6.1.0-18-amd64".into(), k(6, 1, 76), Some("Debian")))
        );
        let ubuntu = "5.15.0-91-generic\nUbuntu 5.15.0-91.101-generic 5.15.131";
        assert_eq!(
            over(ubuntu),
            Some(("5.15.0-91-generic".into(), k(5, 15, 131), Some("Ubuntu")))
        );
        assert_eq!(over("garbage"), None);
        assert_eq!(over(""), None);
    }

    #[test]
    fn running_is_uname() {
        if std::env::var_os("URING_STATUS_KERNEL").is_none() {
            let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
            assert_eq!(running().unwrap().release, release.trim());
        }
    }
}
