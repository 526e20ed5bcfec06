//! `uring-status PID`: what a process does with io_uring, from /proc, without stopping it.

use crate::libinfo;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::{env, fs, io};
use uring::uapi;

/// IORING_OP_* names, in opcode order.
const OPCODES: &str = "NOP READV WRITEV FSYNC READ_FIXED WRITE_FIXED POLL_ADD POLL_REMOVE \
    SYNC_FILE_RANGE SENDMSG RECVMSG TIMEOUT TIMEOUT_REMOVE ACCEPT ASYNC_CANCEL LINK_TIMEOUT \
    CONNECT FALLOCATE OPENAT CLOSE FILES_UPDATE STATX READ WRITE FADVISE MADVISE SEND RECV OPENAT2 \
    EPOLL_CTL SPLICE PROVIDE_BUFFERS REMOVE_BUFFERS TEE SHUTDOWN RENAMEAT UNLINKAT MKDIRAT \
    SYMLINKAT LINKAT MSG_RING FSETXATTR SETXATTR FGETXATTR GETXATTR SOCKET URING_CMD SEND_ZC \
    SENDMSG_ZC READ_MULTISHOT WAITID FUTEX_WAIT FUTEX_WAKE FUTEX_WAITV FIXED_FD_INSTALL FTRUNCATE \
    BIND LISTEN RECV_ZC EPOLL_WAIT READV_FIXED WRITEV_FIXED PIPE NOP128 URING_CMD128";

const ENTER_FLAGS: [(u32, &str); 8] = [
    (uapi::IORING_ENTER_GETEVENTS, "GETEVENTS"),
    (uapi::IORING_ENTER_SQ_WAKEUP, "SQ_WAKEUP"),
    (uapi::IORING_ENTER_SQ_WAIT, "SQ_WAIT"),
    (uapi::IORING_ENTER_EXT_ARG, "EXT_ARG"),
    (uapi::IORING_ENTER_REGISTERED_RING, "REGISTERED_RING"),
    (uapi::IORING_ENTER_ABS_TIMER, "ABS_TIMER"),
    (uapi::IORING_ENTER_EXT_ARG_REG, "EXT_ARG_REG"),
    (uapi::IORING_ENTER_NO_IOWAIT, "NO_IOWAIT"),
];

/// x86_64 system call numbers (the same on every architecture but alpha and mips).
fn syscall_name(nr: u64) -> Option<&'static str> {
    match nr {
        425 => Some("io_uring_setup"),
        426 => Some("io_uring_enter"),
        427 => Some("io_uring_register"),
        _ => None,
    }
}

/// Where /proc is; tests point it at a fixture that imitates a deadlocked process.
pub fn proc_root() -> PathBuf {
    env::var_os("URING_STATUS_PROC").map_or_else(|| "/proc".into(), PathBuf::from)
}

/// An error's text without Rust's " (os error N)".
pub fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}

fn read(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// The numeric entries of a directory (fds, threads), in order.
fn numbered(dir: &Path) -> io::Result<Vec<u64>> {
    let mut numbers: Vec<u64> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    numbers.sort_unstable();
    Ok(numbers)
}

pub fn opname(op: usize) -> String {
    let name = OPCODES.split_whitespace().nth(op);
    name.map_or_else(|| format!("op{op}"), str::to_owned)
}

/// Key/value lines of an io_uring fdinfo, and the indented entries listed under a key.
#[derive(Default)]
struct FdInfo<'a> {
    values: HashMap<&'a str, &'a str>,
    lists: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> FdInfo<'a> {
    fn parse(text: &'a str) -> FdInfo<'a> {
        let mut info = FdInfo::default();
        let mut current = None;
        for line in text.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some(key) = current {
                    info.lists.entry(key).or_default().push(line.trim());
                }
                continue;
            }
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.trim();
            info.values.insert(key, value);
            current = value.is_empty().then_some(key);
            if let Some(key) = current {
                info.lists.insert(key, Vec::new());
            }
        }
        info
    }

    /// A value as fdinfo prints numbers: decimal, or hexadecimal after 0x.
    fn number(&self, key: &str) -> u64 {
        let text = self.values.get(key).copied().unwrap_or("0");
        match text.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => text.parse(),
        }
        .unwrap_or(0)
    }

    fn list(&self, key: &str) -> &[&'a str] {
        self.lists.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The opcodes of entries such as "op=6, task_works=0".
fn listed_ops(entries: &[&str]) -> Vec<usize> {
    entries
        .iter()
        .filter_map(|e| e.split_once("op=")?.1.split(',').next()?.parse().ok())
        .collect()
}

fn count_ops(ops: &[usize]) -> String {
    let mut counts = BTreeMap::new();
    for &op in ops {
        *counts.entry(opname(op)).or_insert(0) += 1;
    }
    let counts: Vec<String> = counts
        .iter()
        .map(|(name, n)| format!("{name} x{n}"))
        .collect();
    counts.join(", ")
}

/// The io_uring system call a thread is in, its arguments decoded, from its
/// /proc/PID/task/TID/syscall line ("426 0x3 0x0 0x1 0x1 0x0 0x8 <sp> <pc>").
fn io_uring_call(syscall: &str) -> Option<String> {
    let mut fields = syscall.split_whitespace();
    let name = syscall_name(fields.next()?.parse().ok()?)?;
    let args: Vec<u64> = fields
        .take(6)
        .map(|a| u64::from_str_radix(a.trim_start_matches("0x"), 16).unwrap_or(0))
        .collect();
    let arg = |i: usize| args.get(i).copied().unwrap_or(0);
    if name != "io_uring_enter" {
        let hex: Vec<String> = (0..4).map(|i| format!("{:#x}", arg(i))).collect();
        return Some(format!("{name}({})", hex.join(", ")));
    }
    let flags: Vec<&str> = (ENTER_FLAGS.iter())
        .filter(|&&(bit, _)| arg(3) & u64::from(bit) != 0)
        .map(|&(_, name)| name)
        .collect();
    let flags = if flags.is_empty() {
        "0".to_owned()
    } else {
        flags.join("|")
    };
    Some(format!(
        "io_uring_enter(fd={}, to_submit={}, min_complete={}, flags={flags})",
        arg(0),
        arg(1),
        arg(2)
    ))
}

/// One process's directory in /proc.
struct Process {
    dir: PathBuf,
}

impl Process {
    fn read(&self, path: impl AsRef<Path>) -> Option<String> {
        read(&self.dir.join(path))
    }

    fn describe_ring(&self, fd: u64) -> Option<Vec<String>> {
        let text = self.read(format!("fdinfo/{fd}"))?;
        if !text.contains("SqMask") {
            return None;
        }
        let info = FdInfo::parse(&text);
        let (sq_head, sq_tail) = (info.number("SqHead"), info.number("SqTail"));
        let (cq_head, cq_tail) = (info.number("CqHead"), info.number("CqTail"));
        let sq_pending = sq_tail.wrapping_sub(sq_head) & 0xffff_ffff;
        let cq_ready = cq_tail.wrapping_sub(cq_head) & 0xffff_ffff;
        let mut lines = vec![format!(
            "  ring fd {fd}: SQ head {sq_head} tail {sq_tail} ({sq_pending} not yet consumed by \
             the kernel), CQ head {cq_head} tail {cq_tail} ({cq_ready} ready for the application)"
        )];
        let sqthread = info.values.get("SqThread").copied().unwrap_or("-1");
        if sqthread != "-1" {
            let cpu = info.values.get("SqThreadCpu").copied().unwrap_or("?");
            lines.push(format!("    SQPOLL thread: pid {sqthread} on cpu {cpu}"));
        }
        let inflight = listed_ops(info.list("PollList"));
        if !inflight.is_empty() {
            lines.push(format!(
                "    in flight (armed in the kernel): {}: {}",
                inflight.len(),
                count_ops(&inflight)
            ));
        }
        let overflow = info.list("CqOverflowList");
        if !overflow.is_empty() {
            lines.push(format!(
                "    CQ overflowed: {} completion(s) wait to be flushed",
                overflow.len()
            ));
        }
        Some(lines)
    }

    /// A thread's lines, and whether it sleeps uninterruptibly, if it is in an io_uring
    /// system call or is one of io_uring's kernel threads.
    fn describe_thread(&self, tid: u64) -> Option<(Vec<String>, bool)> {
        let task = PathBuf::from(format!("task/{tid}"));
        let syscall = self.read(task.join("syscall")).filter(|s| !s.is_empty())?;
        let stat = self.read(task.join("stat")).filter(|s| !s.is_empty())?;
        let (comm, rest) = stat.split_once('(')?.1.rsplit_once(')')?;
        let state = rest.split_whitespace().next()?;
        let wchan = self.read(task.join("wchan")).filter(|w| !w.is_empty());
        let wchan = wchan.as_deref().unwrap_or("?");
        let stuck = state == "D";
        let mut lines = if comm.starts_with("iou-") {
            // io-wq workers (iou-wrk-*) and SQPOLL threads (iou-sqp-*) run requests for the rings.
            let kind = if comm.starts_with("iou-sqp") {
                "SQPOLL thread"
            } else {
                "io-wq worker"
            };
            let what = if stuck {
                "UNINTERRUPTIBLE (state D)".to_owned()
            } else {
                format!("state {state}")
            };
            vec![format!("  {kind} {tid} ({comm}): {what}, in {wchan}")]
        } else {
            let call = io_uring_call(&syscall)?;
            let what = if stuck {
                "UNINTERRUPTIBLE (state D): no signal or timeout ends this".to_owned()
            } else {
                format!("state {state}")
            };
            vec![
                format!("  thread {tid} ({comm}) in {call}"),
                format!("    {what}, waiting in {wchan}"),
            ]
        };
        lines.extend(self.stack_lines(&task, stuck));
        Some((lines, stuck))
    }

    /// The kernel stack of a stuck thread (readable by root only).
    fn stack_lines(&self, task: &Path, stuck: bool) -> Vec<String> {
        let stack = stuck.then(|| self.read(task.join("stack"))).flatten();
        let frames = stack.as_deref().unwrap_or_default().lines();
        // "[<0>] __mutex_lock+0x1": the kernel hides the address
        frames
            .map(|frame| format!("      {}", frame.split_once(' ').map_or(frame, |f| f.1)))
            .collect()
    }

    /// A line for each liburing shared object the process has mapped: which, whose, which
    /// release.
    fn libraries(&self) -> Vec<String> {
        let maps_path = self.dir.join("maps");
        let maps = match fs::read_to_string(&maps_path) {
            Ok(maps) => maps,
            Err(e) => {
                let why = reason(&e);
                return vec![format!(
                    "  libraries unknown: cannot read {}: {why}",
                    maps_path.display()
                )];
            }
        };
        let mapped = mapped_liburings(&maps);
        if mapped.is_empty() {
            let none =
                "  no liburing shared library mapped (linked statically, or not using liburing)";
            return vec![none.to_owned()];
        }
        mapped
            .into_iter()
            .map(|(path, range)| self.library(path, range))
            .collect()
    }

    fn library(&self, path: &str, range: &str) -> String {
        // The mapped file itself (root only), else the path in the process's root directory
        // (a container has its own).
        let describe = |file: PathBuf| libinfo::describe(Path::new(path), &file);
        let info = describe(self.dir.join("map_files").join(range))
            .or_else(|_| describe(self.dir.join("root").join(&path[1..])));
        match info {
            Ok(info) => format!("  library {info}"),
            Err(e) => format!(
                "  library {path}: cannot tell which liburing: {}",
                reason(&e)
            ),
        }
    }
}

/// The liburing shared objects in a /proc/PID/maps text, each once: its path (absolute, maybe
/// followed by " (deleted)"), and the address range of its first mapping.
fn mapped_liburings(maps: &str) -> Vec<(&str, &str)> {
    let mut mapped: Vec<(&str, &str)> = Vec::new();
    // "7f37...-7f37... r--p 00000000 08:01 1234   /usr/lib/.../liburing.so.2.3 (deleted)"
    for line in maps.lines() {
        let (Some(start), Some(range)) = (line.find('/'), line.split_whitespace().next()) else {
            continue;
        };
        let path = &line[start..];
        let name = path.rsplit('/').next().unwrap_or_default();
        let liburing = name.starts_with("liburing.so") || name.starts_with("liburing-ffi.so");
        if liburing && !mapped.iter().any(|&(p, _)| p == path) {
            mapped.push((path, range));
        }
    }
    mapped
}

/// What a process does with io_uring.
pub struct Report {
    pub lines: Vec<String>,
    /// A thread sleeps uninterruptibly inside io_uring.
    pub stuck: bool,
}

/// The report on process `pid`, or why it cannot be read.
pub fn describe(pid: &str) -> Result<Report, String> {
    let process = Process {
        dir: proc_root().join(pid),
    };
    let fd_dir = process.dir.join("fd");
    let fds = numbered(&fd_dir).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => "no such process".to_owned(),
        io::ErrorKind::PermissionDenied => format!(
            "cannot read {}: permission denied (only root sees other users' processes)",
            fd_dir.display()
        ),
        _ => format!("cannot read {}: {}", fd_dir.display(), reason(&e)),
    })?;
    let comm = process.read("comm").unwrap_or_else(|| "?".to_owned());
    let mut lines = vec![format!("pid {pid} ({})", comm.trim())];
    lines.extend(process.libraries());
    let mut rings = 0;
    for fd in fds {
        let target = fs::read_link(fd_dir.join(fd.to_string()));
        if target.is_ok_and(|t| t == Path::new("anon_inode:[io_uring]")) {
            if let Some(ring) = process.describe_ring(fd) {
                rings += 1;
                lines.extend(ring);
            }
        }
    }
    if rings == 0 {
        lines.push(
            "  no io_uring instance open (a ring fd may be closed after registration)".to_owned(),
        );
    }
    let mut stuck = false;
    for tid in numbered(&process.dir.join("task")).unwrap_or_default() {
        if let Some((thread, thread_stuck)) = process.describe_thread(tid) {
            lines.extend(thread);
            stuck |= thread_stuck;
        }
    }
    Ok(Report { lines, stuck })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uapi::{IORING_OP_EPOLL_WAIT, IORING_OP_LAST, IORING_OP_POLL_ADD, IORING_OP_URING_CMD128};

    #[test]
    fn opcode_names_are_in_order() {
        assert_eq!(OPCODES.split_whitespace().count(), IORING_OP_LAST as usize);
        assert_eq!(opname(IORING_OP_POLL_ADD as usize), "POLL_ADD");
        assert_eq!(opname(IORING_OP_EPOLL_WAIT as usize), "EPOLL_WAIT");
        assert_eq!(opname(IORING_OP_URING_CMD128 as usize), "URING_CMD128");
        assert_eq!(
            opname(IORING_OP_LAST as usize),
            format!("op{IORING_OP_LAST}")
        );
    }

    #[test]
    fn liburings_in_maps() {
        let maps = "\
5600-5601 r--p 00000000 08:01 11 /usr/bin/python3.11
7f00-7f01 r--p 00000000 08:01 12                         /opt/my libs/liburing.so.2.15
7f01-7f02 r-xp 00001000 08:01 12                         /opt/my libs/liburing.so.2.15
7f02-7f03 r--p 00000000 08:01 13                         /usr/lib/liburing-ffi.so.2.3 (deleted)
7f03-7f04 r--p 00000000 08:01 14                         /usr/lib/libc.so.6
7f04-7f05 rw-p 00000000 00:00 0                          [anon:liburing.so]
7f05-7f06 rw-p 00000000 00:00 0 ";
        assert_eq!(
            mapped_liburings(maps),
            [
                ("/opt/my libs/liburing.so.2.15", "7f00-7f01"),
                ("/usr/lib/liburing-ffi.so.2.3 (deleted)", "7f02-7f03")
            ]
        );
    }

    #[test]
    fn fdinfo_lists() {
        let info =
            FdInfo::parse("SqHead:\t0x10\nPollList:\n  op=6, task_works=0\n  op=99\nCqHead:\t3\n");
        assert_eq!((info.number("SqHead"), info.number("CqHead")), (16, 3));
        assert_eq!(info.number("SqTail"), 0);
        let ops = listed_ops(info.list("PollList"));
        assert_eq!(count_ops(&ops), "POLL_ADD x1, op99 x1");
        assert!(info.list("CqOverflowList").is_empty());
    }
}
