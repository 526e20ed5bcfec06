//! Just enough of an ELF reader (64-bit, little-endian) to tell what a shared object exports:
//! its soname, its defined dynamic symbols and the symbol versions it defines, all found
//! through the section headers. Nothing in the file is run.

use std::ffi::CStr;
use std::{fs, io, path::Path};

const SHT_DYNAMIC: u32 = 6;
const SHT_DYNSYM: u32 = 11;
const SHT_GNU_VERDEF: u32 = 0x6fff_fffd;
const DT_SONAME: u64 = 14;
const SHN_UNDEF: u16 = 0;

/// The sections this reader uses: where they are, and the section their strings are in.
struct Section {
    kind: u32,
    offset: usize,
    size: usize,
    link: usize,
    info: usize,
}

pub struct Elf {
    data: Vec<u8>,
    sections: Vec<Section>,
}

pub fn invalid(what: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.into())
}

impl Elf {
    pub fn read(path: &Path) -> io::Result<Elf> {
        Elf::parse(fs::read(path)?)
    }

    pub fn parse(data: Vec<u8>) -> io::Result<Elf> {
        if !data.starts_with(b"\x7fELF\x02\x01") {
            return Err(invalid("not a 64-bit little-endian ELF file"));
        }
        let mut elf = Elf {
            data,
            sections: Vec::new(),
        };
        let table = elf.addr(0x28)?;
        let entry_size = usize::from(elf.u16(0x3a)?);
        for i in 0..usize::from(elf.u16(0x3c)?) {
            let at = table + i * entry_size;
            let section = Section {
                kind: elf.u32(at + 4)?,
                offset: elf.addr(at + 24)?,
                size: elf.addr(at + 32)?,
                link: elf.u32(at + 40)? as usize,
                info: elf.u32(at + 44)? as usize,
            };
            elf.sections.push(section);
        }
        Ok(elf)
    }

    fn bytes<const N: usize>(&self, at: usize) -> io::Result<[u8; N]> {
        at.checked_add(N)
            .and_then(|end| self.data.get(at..end))
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| invalid("truncated ELF file"))
    }

    fn u16(&self, at: usize) -> io::Result<u16> {
        self.bytes(at).map(u16::from_le_bytes)
    }

    fn u32(&self, at: usize) -> io::Result<u32> {
        self.bytes(at).map(u32::from_le_bytes)
    }

    fn u64(&self, at: usize) -> io::Result<u64> {
        self.bytes(at).map(u64::from_le_bytes)
    }

    fn addr(&self, at: usize) -> io::Result<usize> {
        usize::try_from(self.u64(at)?).map_err(|_| invalid("ELF offset out of range"))
    }

    fn section(&self, kind: u32) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The string at `offset` in the string table that section `table` is.
    fn string(&self, table: usize, offset: usize) -> io::Result<&str> {
        let table = self
            .sections
            .get(table)
            .ok_or_else(|| invalid("no string table"))?;
        let start = table.offset.saturating_add(offset);
        let bytes = self
            .data
            .get(start..table.offset.saturating_add(table.size))
            .ok_or_else(|| invalid("string outside its table"))?;
        CStr::from_bytes_until_nul(bytes)
            .ok()
            .and_then(|s| s.to_str().ok())
            .ok_or_else(|| invalid("bad string in string table"))
    }

    /// Offsets of a section's fixed-size entries, within the file.
    fn entries(section: &Section, size: usize) -> impl Iterator<Item = usize> + '_ {
        (0..section.size / size).map(move |i| section.offset + i * size)
    }

    /// The DT_SONAME of the dynamic section, if there is one.
    pub fn soname(&self) -> io::Result<Option<&str>> {
        let Some(dynamic) = self.section(SHT_DYNAMIC) else {
            return Ok(None);
        };
        for at in Elf::entries(dynamic, 16) {
            if self.u64(at)? == DT_SONAME {
                return self.string(dynamic.link, self.addr(at + 8)?).map(Some);
            }
        }
        Ok(None)
    }

    /// The names of the symbols the file defines in its dynamic symbol table: what it exports.
    pub fn defined_symbols(&self) -> io::Result<Vec<&str>> {
        let Some(dynsym) = self.section(SHT_DYNSYM) else {
            return Ok(Vec::new());
        };
        let mut names = Vec::new();
        for at in Elf::entries(dynsym, 24) {
            if self.u16(at + 6)? != SHN_UNDEF {
                names.push(self.string(dynsym.link, self.u32(at)? as usize)?);
            }
        }
        Ok(names)
    }

    /// The names of the symbol versions the file defines (.gnu.version_d), its base
    /// version (the soname) first.
    pub fn version_definitions(&self) -> io::Result<Vec<&str>> {
        let Some(verdef) = self.section(SHT_GNU_VERDEF) else {
            return Ok(Vec::new());
        };
        let mut names = Vec::new();
        let mut at = verdef.offset;
        // sh_info is the number of entries; each links to the next and to its name (vd_aux).
        for _ in 0..verdef.info {
            let aux = at + self.u32(at + 12)? as usize;
            names.push(self.string(verdef.link, self.u32(aux)? as usize)?);
            match self.u32(at + 16)? {
                0 => break,
                next => at += next as usize,
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The project's library (built by `make lib`), if built.
    fn built(name: &str) -> Option<Elf> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../build")
            .join(name);
        path.exists().then(|| Elf::read(&path).unwrap())
    }

    fn debian() -> Option<Elf> {
        let path = Path::new("/usr/lib/x86_64-linux-gnu/liburing.so.2");
        path.exists().then(|| Elf::read(path).unwrap())
    }

    #[test]
    fn our_liburing() {
        let Some(elf) = built("liburing.so.2") else {
            return eprintln!("skipped: build/liburing.so.2 not built");
        };
        assert_eq!(elf.soname().unwrap(), Some("liburing.so.2"));
        let symbols = elf.defined_symbols().unwrap();
        for name in [
            "io_uring_queue_init",
            "io_uring_submit",
            "io_uring_prep_nop",
        ] {
            assert!(symbols.contains(&name), "{name} not found");
        }
        assert!(!symbols.contains(&"io_uring_no_such_function"));
        let versions = elf.version_definitions().unwrap();
        assert_eq!(versions.first(), Some(&"liburing.so.2"));
        assert!(versions.contains(&"LIBURING_2.0"));
        assert_eq!(versions.last(), Some(&"LIBURING_2.15"));
    }

    #[test]
    fn our_liburing_ffi() {
        let Some(elf) = built("liburing-ffi.so.2") else {
            return eprintln!("skipped: build/liburing-ffi.so.2 not built");
        };
        assert_eq!(elf.soname().unwrap(), Some("liburing-ffi.so.2"));
        assert!(elf
            .defined_symbols()
            .unwrap()
            .contains(&"io_uring_prep_read"));
        let versions = elf.version_definitions().unwrap();
        assert_eq!(versions[..2], ["liburing-ffi.so.2", "LIBURING_2.4"]);
    }

    #[test]
    fn debian_liburing() {
        let Some(elf) = debian() else {
            return eprintln!("skipped: no /usr/lib/x86_64-linux-gnu/liburing.so.2");
        };
        assert_eq!(elf.soname().unwrap(), Some("liburing.so.2"));
        let symbols = elf.defined_symbols().unwrap();
        assert!(symbols.contains(&"io_uring_queue_init"));
        // Its helpers are inline in liburing.h, never exported.
        assert!(!symbols.contains(&"io_uring_prep_nop"));
        let versions = elf.version_definitions().unwrap();
        assert!(versions.contains(&"LIBURING_2.0"));
        assert!(!versions.contains(&"LIBURING_2.15"));
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert!(Elf::parse(b"#!/bin/sh\n".to_vec()).is_err());
        // 32-bit
        assert!(Elf::parse(b"\x7fELF\x01\x01\x01\0".to_vec()).is_err());
        // a header cut short
        assert!(Elf::parse(b"\x7fELF\x02\x01\x01\0".to_vec()).is_err());
        // section headers pointing past the end
        let mut header = vec![0; 64];
        header[..6].copy_from_slice(b"\x7fELF\x02\x01");
        header[0x28] = 0xff;
        header[0x3a] = 64;
        header[0x3c] = 3;
        assert!(Elf::parse(header).is_err());
    }
}
