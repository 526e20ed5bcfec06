//! `uring-status --check`: can this process use io_uring here, and if not, why; what the kernel
//! offers; which known kernel bugs apply; which liburing programs get. Exit status: 0 usable,
//! 1 usable with warnings (an applicable bug), 2 unusable.
//!
//! Test hooks: URING_STATUS_PROC (a /proc fixture), URING_STATUS_KERNEL (a release string),
//! URING_STATUS_SETUP_ERRNO (pretend ring setup failed with this errno name or number).

use std::env;
use std::mem::MaybeUninit;

use uring::diagnose::{Diagnosis, Evidence, Line};
use uring::ring::io_uring;
use uring::uapi::*;

use crate::bugs::{self, Bug, Confidence};
use crate::kernel::{self, KernelVersion, Running};
use crate::{libinfo, report};

/// The IORING_FEAT_* bits, in bit order.
const FEATURES: &[&str] = &[
    "SINGLE_MMAP",
    "NODROP",
    "SUBMIT_STABLE",
    "RW_CUR_POS",
    "CUR_PERSONALITY",
    "FAST_POLL",
    "POLL_32BITS",
    "SQPOLL_NONFIXED",
    "EXT_ARG",
    "NATIVE_WORKERS",
    "RSRC_TAGS",
    "CQE_SKIP",
    "LINKED_FILE",
    "REG_REG_RING",
    "RECVSEND_BUNDLE",
    "MIN_TIMEOUT",
    "RW_ATTR",
    "NO_IOWAIT",
];

/// Setup flags tried one at a time, with the flags each needs alongside.
const SETUP_FLAGS: &[(&str, u32, u32)] = &[
    ("IOPOLL", IORING_SETUP_IOPOLL, 0),
    ("SQPOLL", IORING_SETUP_SQPOLL, 0),
    ("SQ_AFF", IORING_SETUP_SQ_AFF, IORING_SETUP_SQPOLL),
    ("CQSIZE", IORING_SETUP_CQSIZE, 0),
    ("CLAMP", IORING_SETUP_CLAMP, 0),
    ("R_DISABLED", IORING_SETUP_R_DISABLED, 0),
    ("SUBMIT_ALL", IORING_SETUP_SUBMIT_ALL, 0),
    ("COOP_TASKRUN", IORING_SETUP_COOP_TASKRUN, 0),
    (
        "TASKRUN_FLAG",
        IORING_SETUP_TASKRUN_FLAG,
        IORING_SETUP_COOP_TASKRUN,
    ),
    ("SQE128", IORING_SETUP_SQE128, 0),
    ("CQE32", IORING_SETUP_CQE32, 0),
    ("SINGLE_ISSUER", IORING_SETUP_SINGLE_ISSUER, 0),
    (
        "DEFER_TASKRUN",
        IORING_SETUP_DEFER_TASKRUN,
        IORING_SETUP_SINGLE_ISSUER,
    ),
    ("NO_SQARRAY", IORING_SETUP_NO_SQARRAY, 0),
    (
        "HYBRID_IOPOLL",
        IORING_SETUP_HYBRID_IOPOLL,
        IORING_SETUP_IOPOLL,
    ),
    ("CQE_MIXED", IORING_SETUP_CQE_MIXED, 0),
    ("SQE_MIXED", IORING_SETUP_SQE_MIXED, 0),
    ("SQ_REWIND", IORING_SETUP_SQ_REWIND, IORING_SETUP_NO_SQARRAY),
];

/// An errno given by name (EPERM, ...) or number.
fn errno_from(text: &str) -> Option<i32> {
    let named = [
        ("EPERM", libc::EPERM),
        ("EACCES", libc::EACCES),
        ("ENOSYS", libc::ENOSYS),
        ("ENOMEM", libc::ENOMEM),
        ("EINVAL", libc::EINVAL),
    ];
    named
        .iter()
        .find(|(n, _)| *n == text)
        .map(|&(_, e)| e)
        .or_else(|| text.parse().ok())
}

/// Set a ring up with `flags`; the kernel's params, or the errno (positive).
fn try_setup(entries: u32, flags: u32) -> Result<io_uring_params, i32> {
    let mut p = io_uring_params {
        flags,
        cq_entries: 2 * entries,
        ..Default::default()
    };
    let mut ring = MaybeUninit::<io_uring>::zeroed();
    // SAFETY: valid ring and params to fill.
    let ret =
        unsafe { uring::setup::io_uring_queue_init_params(entries, ring.as_mut_ptr(), &mut p) };
    if ret < 0 {
        return Err(-ret);
    }
    // SAFETY: set up just above.
    unsafe { uring::setup::io_uring_queue_exit(ring.as_mut_ptr()) };
    Ok(p)
}

fn line(f: impl Fn(&mut Line)) -> String {
    let mut l = Line::new();
    f(&mut l);
    l.as_str().to_string()
}

pub fn run() -> i32 {
    let Some(running) = kernel::running() else {
        eprintln!("uring-status: URING_STATUS_KERNEL is not a kernel release");
        return 2;
    };
    let mut status = 0;
    println!(
        "kernel: {}{}",
        running.release,
        match running.distro {
            Some(d) =>
                format!(" ({d} kernel: fixes may be backported without the version showing it)"),
            None => String::new(),
        }
    );
    let setup = match env::var("URING_STATUS_SETUP_ERRNO")
        .ok()
        .and_then(|e| errno_from(&e))
    {
        Some(e) => Err(e),
        None => try_setup(8, 0),
    };
    match &setup {
        Ok(p) => {
            println!("io_uring: usable");
            print_kernel_offers(p);
        }
        Err(errno) => {
            print_diagnosis(*errno, &running);
            status = 2;
        }
    }
    if print_bugs(&running) {
        status = status.max(1);
    }
    print_library();
    status
}

/// Why ring setup failed with `errno`, and what to do.
fn print_diagnosis(errno: i32, running: &Running) {
    let proc = report::proc_root();
    let mut evidence = Evidence::gather(proc.as_os_str().as_encoded_bytes());
    let v = running.version;
    evidence.kernel = (v.major, v.minor, v.patch);
    let d = Diagnosis::of(-errno, 8, 0, evidence);
    println!("io_uring: UNUSABLE: {}", line(|l| d.write_cause(l)));
    println!("  what to do: {}", line(|l| d.write_advice(l)));
}

/// Features, accepted setup flags, limits and opcodes.
fn print_kernel_offers(p: &io_uring_params) {
    let feats: Vec<&str> = FEATURES
        .iter()
        .enumerate()
        .filter(|(i, _)| p.features & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect();
    println!("features: {}", feats.join(" "));
    let (ok, refused): (Vec<_>, Vec<_>) = SETUP_FLAGS
        .iter()
        .partition(|(_, f, need)| try_setup(8, f | need).is_ok());
    let names =
        |v: &[&(&str, u32, u32)]| v.iter().map(|(n, _, _)| *n).collect::<Vec<_>>().join(" ");
    println!("setup flags accepted: {}", names(&ok));
    if !refused.is_empty() {
        println!("setup flags refused: {}", names(&refused));
    }
    print_limits();
    print_opcodes();
}

/// The known kernel bugs that apply to the running kernel; whether there are any.
pub fn print_bugs(running: &Running) -> bool {
    let applicable = bugs::applicable(&running.version);
    if applicable.is_empty() {
        println!(
            "known kernel bugs: none of the {} in the table applies",
            bugs::BUGS.len()
        );
        return false;
    }
    println!(
        "known kernel bugs that apply ({} of {} in the table):",
        applicable.len(),
        bugs::BUGS.len()
    );
    for b in &applicable {
        print_bug(b, &running.version);
    }
    if running.distro.is_some() {
        println!(
            "  (a distribution kernel: some of these may be fixed by a backport; ask the vendor)"
        );
    }
    true
}

fn print_bug(b: &Bug, k: &KernelVersion) {
    let name = match b.cve {
        Some(cve) if cve != b.id => format!("{cve} ({})", b.id),
        _ => b.id.to_string(),
    };
    println!("  {name}, {:?}: {}", b.kind, b.title);
    println!("    symptom: {}", b.symptom);
    match bugs::upgrade_to(b, k) {
        Some(v) => println!("    fixed in: {v} (commit {})", b.commit),
        None => println!("    fixed by: commit {}", b.commit),
    }
    println!("    what to do: {}", b.advice);
    println!("    this library: {}", b.library);
    if b.confidence == Confidence::Medium {
        println!(
            "    (versions partly inferred{})",
            b.note.map_or(String::new(), |n| format!(": {n}"))
        );
    }
}

/// The liburing this tool runs on and the one programs here get, and the sockopt work-around.
fn print_library() {
    println!(
        "this tool runs on: this project's library, {}.{} (built in)",
        uring::version::io_uring_major_version(),
        uring::version::io_uring_minor_version()
    );
    match libinfo::system_library("liburing.so.2").map(|p| libinfo::describe_library(&p)) {
        Some(Ok(info)) => println!("liburing.so.2 for programs here: {info}"),
        Some(Err(e)) => println!("liburing.so.2 for programs here: unreadable: {e}"),
        None => println!("liburing.so.2 for programs here: none the dynamic loader finds"),
    }
    let active = uring::quirks::sockopt_async_workaround_needed();
    println!(
        "sockopt work-around (IOSQE_ASYNC cleared from socket getsockopt/setsockopt): {}",
        if active { "active" } else { "not needed here" }
    );
}

/// The largest SQ the kernel allows (CLAMP) and the io-wq worker limits.
fn print_limits() {
    if let Ok(p) = try_setup(u32::MAX >> 1, IORING_SETUP_CLAMP) {
        println!(
            "limits: up to {} SQ entries, {} CQ entries per ring",
            p.sq_entries, p.cq_entries
        );
    }
    let mut ring = MaybeUninit::<io_uring>::zeroed();
    // SAFETY: a ring to fill, torn down below.
    if unsafe { uring::setup::io_uring_queue_init(1, ring.as_mut_ptr(), 0) } < 0 {
        return;
    }
    let mut workers = [0u32; 2];
    // SAFETY: an initialised ring; zeros read the limits without changing them.
    let ret = unsafe {
        uring::register::io_uring_register_iowq_max_workers(ring.as_mut_ptr(), workers.as_mut_ptr())
    };
    if ret == 0 {
        println!(
            "io-wq workers per ring: up to {} bounded, {} unbounded",
            workers[0], workers[1]
        );
    }
    // SAFETY: set up above.
    unsafe { uring::setup::io_uring_queue_exit(ring.as_mut_ptr()) };
}

/// The opcodes the kernel supports (probe), by name.
fn print_opcodes() {
    let probe = uring::probe::io_uring_get_probe();
    if probe.is_null() {
        return;
    }
    // SAFETY: a valid probe from the library.
    let p = unsafe { &*probe };
    let supported: Vec<String> = (0..=p.last_op as u32)
        // SAFETY: ops[0..=last_op] are inside the probe.
        .filter(|&op| unsafe { uring::probe::io_uring_opcode_supported(probe, op as i32) } != 0)
        .map(|op| report::opname(op as usize))
        .collect();
    println!(
        "opcodes supported ({}): {}",
        supported.len(),
        supported.join(" ")
    );
    // SAFETY: from io_uring_get_probe.
    unsafe { uring::probe::io_uring_free_probe(probe) };
}
