//! Which liburing a shared object is: liburing or liburing-ffi, this project's or another
//! build, and which release, read from its ELF file (nothing in it is run).

use crate::elf::{invalid, Elf};
use std::path::{Path, PathBuf};
use std::{env, fmt, fs, io, process::Command};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Liburing,
    LiburingFfi,
}

impl Kind {
    fn of_soname(soname: &str) -> Option<Kind> {
        if soname.starts_with("liburing.so.") {
            Some(Kind::Liburing)
        } else if soname.starts_with("liburing-ffi.so.") {
            Some(Kind::LiburingFfi)
        } else {
            None
        }
    }

    /// A function that this project's library of this kind exports and liburing's never
    /// does. Ours exports every inline helper of liburing.h from both libraries; liburing
    /// exports none from liburing.so.2 (its helpers are inline only), and from
    /// liburing-ffi.so.2 the public ones, but not the internal io_uring_load_sq_head
    /// (checked up to 2.15). The unit tests check both libraries of the build.
    fn marker(self) -> &'static str {
        match self {
            Kind::Liburing => "io_uring_prep_nop",
            Kind::LiburingFfi => "io_uring_load_sq_head",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Kind::Liburing => "liburing",
            Kind::LiburingFfi => "liburing-ffi",
        })
    }
}

#[derive(Debug)]
pub struct LibraryInfo {
    pub path: PathBuf,
    pub kind: Kind,
    /// This project's library (the Rust re-implementation), not another liburing build.
    pub ours: bool,
    /// The release, as far as the file tells (see `version`).
    pub version: Option<String>,
}

/// "/usr/lib/liburing-ffi.so.2.15: liburing-ffi 2.15, ours (the Rust re-implementation)"
impl fmt::Display for LibraryInfo {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {} ", self.path.display(), self.kind)?;
        match &self.version {
            Some(version) => write!(f, "{version}, ")?,
            None => write!(f, "of unknown version, ")?,
        }
        f.write_str(if self.ours {
            "ours (the Rust re-implementation)"
        } else {
            "not ours (another liburing)"
        })
    }
}

/// The liburing at `path` (its real file, symbolic links resolved).
pub fn describe_library(path: &Path) -> io::Result<LibraryInfo> {
    let real = fs::canonicalize(path)?;
    describe(&real, &real)
}

/// The liburing whose file name is `path`, read from `file`: the same file, maybe reached
/// another way (/proc/PID/map_files/..., or from inside a container's root).
pub fn describe(path: &Path, file: &Path) -> io::Result<LibraryInfo> {
    let elf = Elf::read(file)?;
    let soname = elf.soname()?.unwrap_or_default();
    let kind = Kind::of_soname(soname)
        .ok_or_else(|| invalid(format!("its soname {soname:?} is not liburing's")))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(LibraryInfo {
        path: path.to_owned(),
        kind,
        ours: elf.defined_symbols()?.contains(&kind.marker()),
        version: version(&name, &elf.version_definitions()?),
    })
}

/// The release in "2.15", "2.15.0" or "2.15 (deleted)".
fn release(text: &str) -> Option<(u32, u32)> {
    let mut numbers = text.split(|c: char| !c.is_ascii_digit());
    Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
}

/// What the file says of its release. Its name (liburing.so.2.N) is the release liburing's
/// build gave it. Its symbol versions only bound it from below: liburing defines a
/// LIBURING_2.M node in the release that adds functions to it, so the newest node says
/// "at least 2.M", and contradicts a name that says less.
fn version(file_name: &str, version_nodes: &[&str]) -> Option<String> {
    let named = ["liburing.so.", "liburing-ffi.so."]
        .iter()
        .find_map(|prefix| file_name.strip_prefix(prefix))
        .and_then(release);
    let newest = version_nodes
        .iter()
        .filter_map(|node| node.strip_prefix("LIBURING_").and_then(release))
        .max();
    let text = |(major, minor)| format!("{major}.{minor}");
    match (named, newest) {
        (Some(n), Some(m)) if m > n => Some(format!(
            "at least {} (its symbol versions; its file name says {})",
            text(m),
            text(n)
        )),
        (Some(n), _) => Some(text(n)),
        (None, Some(m)) => Some(format!("at least {}", text(m))),
        (None, None) => None,
    }
}

/// The tag `ldconfig -p` gives the libraries of this program's architecture, where it has one.
const ARCH_TAG: Option<&str> = if cfg!(target_arch = "x86_64") {
    Some("x86-64")
} else if cfg!(target_arch = "aarch64") {
    Some("AArch64")
} else {
    None
};

/// The file the dynamic loader gives programs (of this architecture) that need `soname`,
/// such as "liburing.so.2", when no LD_LIBRARY_PATH or rpath says otherwise: the first entry
/// of its cache (`ldconfig -p` lists it in the order the loader searches it), else the first
/// of its default directories that has it.
pub fn system_library(soname: &str) -> Option<PathBuf> {
    let multiarch = format!("{}-linux-gnu", env::consts::ARCH);
    let dirs = [
        Path::new("/lib").join(&multiarch),
        Path::new("/usr/lib").join(&multiarch),
        "/lib64".into(),
        "/usr/lib64".into(),
        "/lib".into(),
        "/usr/lib".into(),
    ];
    from_ld_cache(soname).or_else(|| {
        dirs.map(|d| d.join(soname))
            .into_iter()
            .find(|p| p.exists())
    })
}

fn from_ld_cache(soname: &str) -> Option<PathBuf> {
    // /sbin is not on every user's PATH.
    let out = ["/sbin/ldconfig", "ldconfig"]
        .iter()
        .find_map(|cmd| Command::new(cmd).arg("-p").output().ok())?;
    // "\tliburing.so.2 (libc6,x86-64) => /lib/x86_64-linux-gnu/liburing.so.2"
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|line| {
            let entry = line.trim_start().strip_prefix(soname)?.strip_prefix(" (")?;
            let (tags, path) = entry.split_once(") => ")?;
            let ours = ARCH_TAG.is_none_or(|arch| tags.split(',').any(|tag| tag == arch));
            ours.then(|| PathBuf::from(path))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(name: &str) -> Option<PathBuf> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../build")
            .join(name);
        path.exists().then_some(path)
    }

    #[test]
    fn our_libraries_are_ours() {
        for (name, kind) in [
            ("liburing.so.2", Kind::Liburing),
            ("liburing-ffi.so.2", Kind::LiburingFfi),
        ] {
            let Some(path) = built(name) else {
                return eprintln!("skipped: build/{name} not built");
            };
            let info = describe_library(&path).unwrap();
            assert_eq!(info.kind, kind);
            assert!(info.ours, "{name}");
            assert_eq!(info.version.as_deref(), Some("2.15"));
            assert!(info.path.ends_with(format!("build/{kind}.so.2.15")));
            assert!(info.to_string().ends_with(&format!(
                "/build/{kind}.so.2.15: {kind} 2.15, ours (the Rust re-implementation)"
            )));
        }
    }

    #[test]
    fn debian_liburing_is_not_ours() {
        let path = Path::new("/usr/lib/x86_64-linux-gnu/liburing.so.2");
        if !path.exists() {
            return eprintln!("skipped: no {}", path.display());
        }
        let info = describe_library(path).unwrap();
        assert_eq!(info.kind, Kind::Liburing);
        assert!(!info.ours);
        let version = info.version.as_deref().unwrap();
        let name = info.path.file_name().unwrap().to_str().unwrap();
        assert_eq!(name.strip_prefix("liburing.so."), Some(version));
    }

    #[test]
    fn other_files_are_refused() {
        let err = describe_library(Path::new("/proc/self/exe")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(describe_library(Path::new("/nonexistent/liburing.so.2")).is_err());
    }

    #[test]
    fn version_from_name_and_nodes() {
        let nodes = [
            "liburing.so.2",
            "LIBURING_2.0",
            "LIBURING_2.9",
            "LIBURING_2.10",
        ];
        assert_eq!(version("liburing.so.2.10", &nodes).unwrap(), "2.10");
        assert_eq!(
            version("liburing.so.2.11 (deleted)", &nodes).unwrap(),
            "2.11"
        );
        assert_eq!(version("liburing.so.2", &nodes).unwrap(), "at least 2.10");
        assert_eq!(
            version("liburing-ffi.so.2.3", &nodes).unwrap(),
            "at least 2.10 (its symbol versions; its file name says 2.3)"
        );
        assert_eq!(version("liburing.so.2.3", &[]).unwrap(), "2.3");
        assert_eq!(version("liburing.so", &[]), None);
    }

    #[test]
    fn the_system_library_is_found() {
        let Some(path) = system_library("libc.so.6") else {
            return eprintln!("skipped: no libc.so.6 found (not glibc?)");
        };
        assert!(path.ends_with("libc.so.6"), "{}", path.display());
        // of this architecture (Elf reads 64-bit files only), where another's is also installed
        Elf::read(&path).unwrap();
        assert_eq!(system_library("libno-such-library.so.7"), None);
    }
}
