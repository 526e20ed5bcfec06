//! Known io_uring kernel bugs, and which of them a kernel version has.
//!
//! Versions come from the kernel CNA's records (vulns.git), NVD, and stable release announcements
//! and push logs; each entry names its fixing commit. Comparing versions is only meaningful for
//! mainline and stable kernels: distribution kernels backport fixes (see `kernel::Running::distro`).

use crate::kernel::{self, KernelVersion};

/// How a bug shows itself; the table is ordered by kind, most harmful to a program first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Requests or tasks never complete: hangs, deadlocks, lost completions.
    Hang,
    /// Data lands in the wrong place.
    Corruption,
    /// The kernel crashes or a CPU locks up.
    Crash,
    /// Nothing shows in normal use: a memory-safety hole (privilege escalation).
    Security,
}

/// How sure the table is of an entry's versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// From CNA or NVD records, or read in release announcements.
    High,
    /// Partly inferred; `note` says what.
    Medium,
}

pub struct Bug {
    /// A short stable name: the CVE, or a descriptive id for bugs without one.
    pub id: &'static str,
    pub cve: Option<&'static str>,
    /// What goes wrong, as a headline.
    pub title: &'static str,
    pub kind: Kind,
    /// What the user sees, in their words.
    pub symptom: &'static str,
    /// The first mainline release with the bug (for a bug only a stable series had: the first
    /// stable release with it).
    pub introduced: KernelVersion,
    /// Stable releases of older series into which a backport brought the bug.
    pub introduced_stable: &'static [KernelVersion],
    /// The first mainline release without the bug; None while mainline is unfixed.
    pub fixed_mainline: Option<KernelVersion>,
    /// The first fixed release of each stable series that got the fix.
    pub fixed_stable: &'static [KernelVersion],
    /// The fixing commit: 12 hex digits and its title.
    pub commit: &'static str,
    /// What to do about it.
    pub advice: &'static str,
    /// What this library does about it.
    pub library: &'static str,
    pub confidence: Confidence,
    /// What the data is unsure about, to be shown with the entry.
    pub note: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The kernel predates the bug (or its series never had it).
    NotAffected,
    Affected,
    Fixed,
}

/// Whether kernel `k` has `bug`. A release of a series older than the mainline fix is fixed only
/// from that series' stable fix on; a series without one (end of life before the fix) stays
/// affected.
pub fn verdict(bug: &Bug, k: &KernelVersion) -> Verdict {
    let in_series = |list: &'static [KernelVersion]| list.iter().find(|v| v.series() == k.series());
    let introduced = in_series(bug.introduced_stable).unwrap_or(&bug.introduced);
    if k < introduced {
        Verdict::NotAffected
    } else if bug.fixed_mainline.is_some_and(|f| *k >= f)
        || in_series(bug.fixed_stable).is_some_and(|f| k >= f)
    {
        Verdict::Fixed
    } else {
        Verdict::Affected
    }
}

/// The bugs kernel `k` has, hangs and corruption first.
pub fn applicable(k: &KernelVersion) -> Vec<&'static Bug> {
    BUGS.iter()
        .filter(|bug| verdict(bug, k) == Verdict::Affected)
        .collect()
}

/// The release to upgrade `k` to for `bug`: the fix in k's own stable series if there is one,
/// else the first mainline release with the fix.
pub fn upgrade_to(bug: &Bug, k: &KernelVersion) -> Option<KernelVersion> {
    let own = bug
        .fixed_stable
        .iter()
        .find(|v| v.series() == k.series() && *v > k);
    own.copied().or(bug.fixed_mainline)
}

/// A version literal of the table, checked at compile time.
const fn v(s: &str) -> KernelVersion {
    match kernel::parse(s) {
        Some(k) => k,
        None => panic!("bad version in the bug table"),
    }
}

const UPGRADE: &str = "nothing a library can do: upgrade the kernel";
const CNA_SINCE_5_1: &str =
    "\"since 5.1\" is the CNA's default for \"since io_uring exists\", not a bisected origin";

pub static BUGS: &[Bug] = &[
    // Hangs.
    Bug {
        id: "sockopt-async-hang",
        cve: None,
        title: "socket getsockopt through io_uring never completes when forced async",
        kind: Kind::Hang,
        symptom: "a SOCKET_URING_OP_GETSOCKOPT (or SIOCINQ/SIOCOUTQ) command sent with IOSQE_ASYNC \
                  never completes: the wait for it hangs forever",
        introduced: v("6.7"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.11")),
        fixed_stable: &[v("6.10.3")],
        commit: "24dce1c538a7 io_uring: fix lost getsockopt completions",
        advice: "upgrade (6.7-6.9 never got the fix); until then do not set IOSQE_ASYNC on socket \
                 commands, or use getsockopt(2) and ioctl(2)",
        library: "work-around active: the library clears IOSQE_ASYNC from socket getsockopt/setsockopt \
                  commands on these kernels (URING_SOCKOPT_ASYNC_WORKAROUND=0 turns it off); \
                  SIOCINQ/SIOCOUTQ commands are not covered",
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2024-41080",
        cve: Some("CVE-2024-41080"),
        title: "deadlock between IORING_REGISTER_IOWQ_MAX_WORKERS and the SQPOLL thread",
        kind: Kind::Hang,
        symptom: "a process with an SQPOLL ring hangs unkillable in D state in io_uring_register \
                  (then in io_uring_enter) after setting the io-wq worker limits",
        introduced: v("5.15"),
        introduced_stable: &[v("5.10.162")],
        fixed_mainline: Some(v("6.10")),
        fixed_stable: &[v("5.10.230"), v("5.15.173"), v("6.1.118"), v("6.6.62"), v("6.9.11")],
        commit: "73254a297c2d io_uring: fix possible deadlock in io_register_iowq_max_workers()",
        advice: "upgrade; until then call io_uring_register_iowq_max_workers() on SQPOLL rings only \
                 at setup, before other threads use the ring, or not at all",
        library: "nothing automatic: the library never sets io-wq worker limits by itself; programs \
                  calling io_uring_register_iowq_max_workers() on SQPOLL rings are exposed",
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2024-53052",
        cve: Some("CVE-2024-53052"),
        title: "io_uring writes deadlock with a filesystem freeze",
        kind: Kind::Hang,
        symptom: "fsfreeze, an LVM snapshot or a backup hangs, and an io_uring writer sits in D state \
                  (io_write, percpu_rwsem_wait)",
        introduced: v("5.1"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.12")),
        fixed_stable: &[v("5.10.230"), v("5.15.172"), v("6.1.116"), v("6.6.60"), v("6.11.7")],
        commit: "1d60d74e8526 io_uring/rw: fix missing NOWAIT check for O_DIRECT start write",
        advice: "upgrade; until then quiesce io_uring writers before freezing or snapshotting \
                 their filesystem",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some(CNA_SINCE_5_1),
    },
    Bug {
        id: "iowq-hash-stall",
        cve: None,
        title: "buffered writes through io_uring stop completing (io-wq hash stall)",
        kind: Kind::Hang,
        symptom: "buffered writes submitted through io_uring never complete: MariaDB/InnoDB stalls \
                  (MDEV-26674), fio with buffered writes hangs",
        introduced: v("5.12"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.16")),
        fixed_stable: &[v("5.15.3")],
        commit: "d3e3c102d107 io-wq: serialize hash clear with wakeup",
        advice: "upgrade to 5.15.3 or later; until then write through O_DIRECT, or do buffered \
                 writes from a thread pool",
        library: UPGRADE,
        confidence: Confidence::Medium,
        note: Some(
            "5.14.19 got the io-wq fixes but the stall was still reproduced on 5.14.20, so all of \
             5.14.y is listed as affected; the companion fix is 0242f6426ea7 (io-wq: fix queue \
             stalling race)",
        ),
    },
    Bug {
        id: "loop-rw-iter-fixed-hang",
        cve: None,
        title: "READ_FIXED/WRITE_FIXED on a character device loops forever in io-wq",
        kind: Kind::Hang,
        symptom: "IORING_OP_READ_FIXED on /dev/urandom (or another file without read_iter) never \
                  completes, and an iou-wrk thread spins",
        introduced: v("5.15"),
        introduced_stable: &[v("5.10.68"), v("5.14.7")],
        fixed_mainline: Some(v("5.18")),
        fixed_stable: &[v("5.10.110"), v("5.15.33"), v("5.16.19"), v("5.17.2")],
        commit: "5e929367468c io_uring: terminate manual loop iterator loop correctly for non-vecs",
        advice: "upgrade; until then use IORING_OP_READ/WRITE, not the _FIXED variants, on character \
                 devices and other files without read_iter/write_iter",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2026-23113",
        cve: Some("CVE-2026-23113"),
        title: "process exit waits for every queued io-wq request",
        kind: Kind::Hang,
        symptom: "process exit hangs in D state in io_wq_put_and_exit (\"blocked for more than 120 \
                  seconds\") while long io-wq requests are queued",
        introduced: v("5.12"),
        introduced_stable: &[v("5.10.162")],
        fixed_mainline: Some(v("6.19")),
        fixed_stable: &[v("5.15.203"), v("6.1.167"), v("6.6.122"), v("6.12.68"), v("6.18.8")],
        commit: "10dc95939817 io_uring/io-wq: check IO_WQ_BIT_EXIT inside work run loop",
        advice: "upgrade; until then cancel outstanding requests before exit, and do not queue long \
                 blocking requests (huge reads from character devices) to io-wq",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some(
            "5.10.162 and later carry 5.15's io-wq code but no 5.10 fix is listed: 5.10.y may \
             not be affected",
        ),
    },
    Bug {
        id: "CVE-2023-53461",
        cve: Some("CVE-2023-53461"),
        title: "ring teardown waits uninterruptibly while the owner is stopped",
        kind: Kind::Hang,
        symptom: "kworker io_ring_exit_work \"blocked for more than 120 seconds\" (a panic with \
                  hung_task_panic=1) after closing a ring whose owner task is stopped",
        introduced: v("5.1"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.5")),
        fixed_stable: &[v("5.10.188"), v("5.15.121"), v("6.1.39"), v("6.4.4")],
        commit: "4826c59453b3 io_uring: wait interruptibly for request completions on exit",
        advice: "upgrade; until then do not keep a ring's owner stopped (SIGSTOP, a debugger) while \
                 the ring is torn down",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some(CNA_SINCE_5_1),
    },
    Bug {
        id: "CVE-2021-46942",
        cve: Some("CVE-2021-46942"),
        title: "shared SQPOLL thread hangs on exit",
        kind: Kind::Hang,
        symptom: "iou-sqp \"blocked for more than 120 seconds\" in io_uring_cancel_sqpoll: the program \
                  hangs on exit when rings share an SQPOLL thread",
        introduced: v("5.12"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.13")),
        fixed_stable: &[v("5.12.3")],
        commit: "734551df6f9b io_uring: fix shared sqpoll cancellation hangs",
        advice: "upgrade; until then do not share an SQPOLL thread between rings \
                 (IORING_SETUP_ATTACH_WQ)",
        library: "nothing automatic: the library shares an SQPOLL thread only when the program asks \
                  for IORING_SETUP_ATTACH_WQ",
        confidence: Confidence::High,
        note: None,
    },
    // Corruption.
    Bug {
        id: "CVE-2025-38730",
        cve: Some("CVE-2025-38730"),
        title: "partial receives keep ring-provided buffers across retries",
        kind: Kind::Corruption,
        symptom: "with buffer select and MSG_WAITALL (or partial stream receives), sockets sharing a \
                  buffer group receive into the same buffer: one socket's data shows up in another's",
        introduced: v("6.4"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.17")),
        fixed_stable: &[v("6.6.103"), v("6.12.44"), v("6.15.11"), v("6.16.2")],
        commit: "41b70df5b38b io_uring/net: commit partial buffers on retry",
        advice: "upgrade; until then do not combine MSG_WAITALL with buffer select, give each socket \
                 its own buffer group, and do not unregister a buffer ring while receives may retry",
        library: "nothing automatic: do not pass MSG_WAITALL to io_uring_prep_recv*() with \
                  IOSQE_BUFFER_SELECT",
        confidence: Confidence::High,
        note: None,
    },
    // Kernel crashes and lockups.
    Bug {
        id: "CVE-2023-6560",
        cve: Some("CVE-2023-6560"),
        title: "IORING_SETUP_NO_MMAP rings in discontiguous memory",
        kind: Kind::Crash,
        symptom: "the kernel crashes (out-of-bounds access) when a ring set up with \
                  IORING_SETUP_NO_MMAP lives in memory that is not physically contiguous",
        introduced: v("6.5"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.7")),
        fixed_stable: &[v("6.6.5")],
        commit: "820d070feb66 io_uring: don't allow discontig pages for IORING_SETUP_NO_MMAP",
        advice: "upgrade (6.5.y never got the fix); until then give NO_MMAP rings physically \
                 contiguous memory (one huge page) or do not use NO_MMAP",
        library: "safe by default: NO_MMAP rings the library allocates are one page or one 2 MiB huge \
                  page; memory a program passes to io_uring_queue_init_mem() must be contiguous too",
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2023-21400",
        cve: Some("CVE-2023-21400"),
        title: "double free of deferred work on IOPOLL rings",
        kind: Kind::Crash,
        symptom: "kernel memory corruption or a crash on IORING_SETUP_IOPOLL rings that use \
                  IOSQE_IO_DRAIN or timeouts (also a privilege escalation)",
        introduced: v("5.10"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.18")),
        fixed_stable: &[v("5.10.188"), v("5.15.121")],
        commit: "(stable only) io_uring: ensure IOPOLL locks around deferred work",
        advice: "upgrade; until then do not combine IORING_SETUP_IOPOLL with IOSQE_IO_DRAIN or \
                 timeout requests",
        library: UPGRADE,
        confidence: Confidence::Medium,
        note: Some(
            "mainline lost the bug in 5.18's completion rework (no single commit); 5.11-5.14 and \
             5.16-5.17 are presumed affected, series before 5.10 were not assessed",
        ),
    },
    Bug {
        id: "CVE-2024-50060",
        cve: Some("CVE-2024-50060"),
        title: "flushing a large CQ overflow backlog never reschedules",
        kind: Kind::Crash,
        symptom: "\"soft lockup\" or RCU stall warnings when a ring with a huge completion overflow \
                  backlog is flushed",
        introduced: v("5.1"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.12")),
        fixed_stable: &[v("6.1.113"), v("6.6.57"), v("6.11.4")],
        commit: "eac2ca2d682f io_uring: check if we need to reschedule during overflow flush",
        advice: "upgrade; until then size the completion queue (IORING_SETUP_CQSIZE) and reap \
                 completions promptly so no overflow backlog builds up",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some(CNA_SINCE_5_1),
    },
    Bug {
        id: "CVE-2022-48937",
        cve: Some("CVE-2022-48937"),
        title: "providing tens of thousands of buffers in one request locks up a CPU",
        kind: Kind::Crash,
        symptom: "\"watchdog: BUG: soft lockup - CPU#N stuck\" when one IORING_OP_PROVIDE_BUFFERS adds \
                  tens of thousands of buffers",
        introduced: v("5.7"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.17")),
        fixed_stable: &[v("5.10.103"), v("5.15.26"), v("5.16.12")],
        commit: "f240762f88b4 io_uring: add a schedule point in io_add_buffers()",
        advice: "upgrade; until then provide buffers a few thousand per request, or use ring-provided \
                 buffers (5.19+)",
        library: "nothing automatic: io_uring_prep_provide_buffers() adds as many buffers as it is \
                  given; keep batches small",
        confidence: Confidence::High,
        note: None,
    },
    // Security holes: nothing shows in normal use.
    Bug {
        id: "CVE-2021-41073",
        cve: Some("CVE-2021-41073"),
        title: "type confusion in loop_rw_iter with provided buffers",
        kind: Kind::Security,
        symptom: "none in normal use: local privilege escalation (public exploit)",
        introduced: v("5.10"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.15")),
        fixed_stable: &[v("5.10.68"), v("5.14.7")],
        commit: "16c8d2df7ec0 io_uring: ensure symmetry in handling iter types in loop_rw_iter()",
        advice: "upgrade; keep untrusted users off io_uring (kernel.io_uring_disabled, seccomp)",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2022-29582",
        cve: Some("CVE-2022-29582"),
        title: "race between timeout flush and removal",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free, local privilege escalation (public exploit)",
        introduced: v("5.5"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.18")),
        fixed_stable: &[v("5.10.111"), v("5.15.34"), v("5.16.20"), v("5.17.3")],
        commit: "e677edbcabee io_uring: fix race between timeout flush and removal",
        advice: "upgrade; keep untrusted users off io_uring (kernel.io_uring_disabled, seccomp)",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2022-1116",
        cve: Some("CVE-2022-1116"),
        title: "fs->users overflow in 5.4-stable's io_uring",
        kind: Kind::Security,
        symptom: "none in normal use: integer overflow, memory corruption, local privilege escalation",
        introduced: v("5.4.24"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.5")),
        fixed_stable: &[v("5.4.189")],
        commit: "1a623d361ffe io_uring: fix fs->users overflow",
        advice: "upgrade to 5.4.189 or later",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some("a 5.4-stable backport brought the bug; mainline never had it"),
    },
    Bug {
        id: "CVE-2022-2602",
        cve: Some("CVE-2022-2602"),
        title: "registered files race with the AF_UNIX garbage collector",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free, local privilege escalation (public exploit)",
        introduced: v("5.1"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.1")),
        fixed_stable: &[v("5.4.220"), v("5.10.150"), v("5.15.75"), v("5.19.17"), v("6.0.3")],
        commit: "0091bfc81741 io_uring/af_unix: defer registered files gc to io_uring release",
        advice: "upgrade; until then do not send io_uring descriptors or registered sockets over \
                 SCM_RIGHTS",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some("also published as CVE-2022-50234"),
    },
    Bug {
        id: "CVE-2023-0240",
        cve: Some("CVE-2023-0240"),
        title: "io_identity reference counting error",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free, local privilege escalation",
        introduced: v("5.10"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.12")),
        fixed_stable: &[v("5.10.162")],
        commit: "788d0824269b io_uring: import 5.15-stable io_uring",
        advice: "upgrade to 5.10.162 or later",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some("mainline removed io_identity in 5.12; 5.11.y is presumed affected"),
    },
    Bug {
        id: "CVE-2023-1872",
        cve: Some("CVE-2023-1872"),
        title: "fixed files looked up without the ring lock",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free when fixed files are unregistered while in use, \
                  local privilege escalation",
        introduced: v("5.7"),
        introduced_stable: &[],
        fixed_mainline: Some(v("5.17")),
        fixed_stable: &[v("5.10.172"), v("5.15.98")],
        commit: "08681391b84d io_uring: add missing lock in io_get_file_fixed",
        advice: "upgrade; until then do not unregister or update fixed files while requests use them",
        library: UPGRADE,
        confidence: Confidence::High,
        note: Some(
            "stable-only fix (5.10.171, 5.15.97) completed by da24142b1ef9 in 5.10.172 and \
             5.15.98; mainline got it through the 5.17 rework",
        ),
    },
    Bug {
        id: "CVE-2023-3389",
        cve: Some("CVE-2023-3389"),
        title: "poll removal races with a linked timeout",
        kind: Kind::Security,
        symptom: "none in normal use: hrtimer use-after-free, local privilege escalation",
        introduced: v("5.10"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.4")),
        fixed_stable: &[v("5.10.185"), v("5.15.118"), v("6.1.36")],
        commit: "ef7dfac51d8e io_uring/poll: serialize poll linked timer start with poll removal",
        advice: "upgrade; until then do not remove polls that have linked timeouts",
        library: UPGRADE,
        confidence: Confidence::Medium,
        note: Some(
            "the first affected release is not known (5.10 is the oldest series fixed), and no \
             6.3.y fix was found",
        ),
    },
    Bug {
        id: "CVE-2023-2598",
        cve: Some("CVE-2023-2598"),
        title: "fixed-buffer registration reaches beyond the pinned pages",
        kind: Kind::Security,
        symptom: "none in normal use: out-of-bounds physical memory access, local privilege escalation",
        introduced: v("6.3"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.4")),
        fixed_stable: &[v("6.3.2")],
        commit: "776617db78c6 io_uring/rsrc: check for nonconsecutive pages",
        advice: "upgrade to 6.3.2 or later",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2024-0582",
        cve: Some("CVE-2024-0582"),
        title: "kernel-allocated buffer ring freed while mapped",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free with IOU_PBUF_RING_MMAP buffer rings, local \
                  privilege escalation (public exploit)",
        introduced: v("6.4"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.7")),
        fixed_stable: &[v("6.6.5")],
        commit: "c392cbecd8ec io_uring/kbuf: defer release of mapped buffer rings",
        advice: "upgrade (6.5.y never got the fix); until then do not use IOU_PBUF_RING_MMAP",
        library: "safe by default: io_uring_setup_buf_ring() puts buffer rings in the program's memory \
                  and never asks for IOU_PBUF_RING_MMAP",
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2024-35880",
        cve: Some("CVE-2024-35880"),
        title: "buffer ring unregistered while being mapped",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free when IORING_UNREGISTER_PBUF_RING races with \
                  mmap of an IOU_PBUF_RING_MMAP ring",
        introduced: v("6.7"),
        introduced_stable: &[v("6.6.5")],
        fixed_mainline: Some(v("6.9")),
        fixed_stable: &[v("6.6.26"), v("6.8.5")],
        commit: "561e4f9451d6 io_uring/kbuf: hold io_buffer_list reference over mmap",
        advice: "upgrade; until then do not use IOU_PBUF_RING_MMAP",
        library: "safe by default: io_uring_setup_buf_ring() puts buffer rings in the program's memory \
                  and never asks for IOU_PBUF_RING_MMAP",
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2025-39698",
        cve: Some("CVE-2025-39698"),
        title: "futex wait leaves a dangling pointer when it fails",
        kind: Kind::Security,
        symptom: "none in normal use: use-after-free when IORING_OP_FUTEX_WAIT fails to arm, local \
                  privilege escalation",
        introduced: v("6.7"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.17")),
        fixed_stable: &[v("6.12.44"), v("6.16.4")],
        commit: "508c1314b342 io_uring/futex: ensure io_futex_wait() cleans up properly on failure",
        advice: "upgrade; until then use futex(2)/futex_waitv(2) instead of IORING_OP_FUTEX_WAIT(V)",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
    Bug {
        id: "CVE-2025-40047",
        cve: Some("CVE-2025-40047"),
        title: "waitid wait-queue entry left behind on cancel",
        kind: Kind::Security,
        symptom: "none in normal use: memory corruption when an IORING_OP_WAITID is cancelled as it \
                  completes",
        introduced: v("6.7"),
        introduced_stable: &[],
        fixed_mainline: Some(v("6.18")),
        fixed_stable: &[v("6.12.53"), v("6.17.3")],
        commit: "2f8229d53d98 io_uring/waitid: always prune wait queue entry in io_waitid_wait()",
        advice: "upgrade; until then use waitid(2) or a pidfd with poll instead of IORING_OP_WAITID",
        library: UPGRADE,
        confidence: Confidence::High,
        note: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn bug(id: &str) -> &'static Bug {
        BUGS.iter().find(|b| b.id == id).unwrap()
    }

    /// `line` like "id: 6.10.2 A, 6.10.3 F": Affected, Fixed or Not affected.
    fn check(line: &str) {
        let (id, cases) = line.split_once(": ").unwrap();
        for case in cases.split(", ") {
            let (k, want) = case.split_once(' ').unwrap();
            let want = match want {
                "A" => Affected,
                "F" => Fixed,
                _ => NotAffected,
            };
            assert_eq!(verdict(bug(id), &v(k)), want, "{id} on {k}");
        }
    }

    fn ids(k: &str) -> Vec<&'static str> {
        applicable(&v(k)).iter().map(|b| b.id).collect()
    }

    #[test]
    fn verdicts_follow_each_series_fix() {
        [
            "sockopt-async-hang: 6.1.100 N, 6.6.62 N, 6.7 A, 6.8.0 A, 6.9.12 A, 6.10 A",
            "sockopt-async-hang: 6.10.2 A, 6.10.3 F, 6.10.14 F, 6.11 F, 6.18.44 F",
            "CVE-2024-41080: 5.4.280 N, 5.10.161 N, 5.10.162 A, 5.10.230 F, 5.12.3 N",
            "CVE-2024-41080: 5.15 A, 5.15.172 A, 5.15.173 F, 5.19.17 A, 6.1.100 A",
            "CVE-2024-41080: 6.1.117 A, 6.1.118 F, 6.6.61 A, 6.6.62 F, 6.8.12 A",
            "CVE-2024-41080: 6.9.10 A, 6.9.11 F, 6.10 F, 6.18.44 F",
            "CVE-2024-53052: 5.4.280 A, 5.15.171 A, 5.15.172 F, 6.11.6 A, 6.11.7 F",
            "CVE-2023-6560: 6.4.16 N, 6.5.13 A, 6.6.4 A, 6.6.5 F, 6.7 F",
            "CVE-2024-35880: 6.6.4 N, 6.6.5 A, 6.6.26 F, 6.7.12 A, 6.8.5 F, 6.9 F",
            "CVE-2022-1116: 5.4.23 N, 5.4.24 A, 5.4.188 A, 5.4.189 F, 5.10.1 F",
            "iowq-hash-stall: 5.11.22 N, 5.12 A, 5.14.21 A, 5.15.2 A, 5.15.3 F",
            "loop-rw-iter-fixed-hang: 5.10.67 N, 5.10.68 A, 5.10.110 F, 5.13.19 N",
            "loop-rw-iter-fixed-hang: 5.14.7 A, 5.15 A, 5.15.33 F, 5.17.2 F, 5.18 F",
        ]
        .into_iter()
        .for_each(check);
    }

    #[test]
    fn what_applies_to_some_kernels() {
        assert!(ids("4.19").is_empty(), "io_uring is absent before 5.1");
        assert!(ids("6.18.44").is_empty(), "{:?}", ids("6.18.44"));
        let since_6_7 = "CVE-2025-38730 CVE-2024-50060 CVE-2025-39698 CVE-2025-40047";
        let on_6_10 = format!("CVE-2024-53052 CVE-2026-23113 {since_6_7}");
        assert_eq!(
            ids("6.10.2").join(" "),
            format!("sockopt-async-hang {on_6_10}")
        );
        assert_eq!(ids("6.10.3").join(" "), on_6_10);
        assert_eq!(ids("6.6.62").join(" "), "CVE-2026-23113 CVE-2025-38730");
        let on_6_1_100 = "CVE-2024-41080 CVE-2024-53052 CVE-2026-23113 CVE-2024-50060";
        assert_eq!(ids("6.1.100").join(" "), on_6_1_100);
        assert!(ids("6.8.0").contains(&"sockopt-async-hang"));
        assert!(ids("5.15.172").contains(&"CVE-2024-41080"));
        assert!(!ids("5.15.172").contains(&"CVE-2024-53052"));
        assert!(!ids("5.15.173").contains(&"CVE-2024-41080"));
    }

    #[test]
    fn upgrade_targets() {
        let sockopt = bug("sockopt-async-hang");
        assert_eq!(upgrade_to(sockopt, &v("6.10.2")), Some(v("6.10.3")));
        assert_eq!(upgrade_to(sockopt, &v("6.8.0")), Some(v("6.11")));
        assert_eq!(
            upgrade_to(bug("CVE-2024-41080"), &v("6.1.100")),
            Some(v("6.1.118"))
        );
    }

    #[test]
    fn table_is_consistent() {
        for (i, b) in BUGS.iter().enumerate() {
            assert!(BUGS[..i].iter().all(|o| o.id != b.id), "{} twice", b.id);
            assert!(
                i == 0 || BUGS[i - 1].kind <= b.kind,
                "{} out of kind order",
                b.id
            );
            assert!(b.cve.is_none_or(|c| c == b.id), "{}", b.id);
            let hex = b.commit.split(' ').next().unwrap();
            assert!(
                hex.len() == 12 && hex.bytes().all(|c| c.is_ascii_hexdigit())
                    || b.commit.starts_with("(stable only)"),
                "{}",
                b.id
            );
            assert!(
                b.confidence == Confidence::High || b.note.is_some(),
                "{}: say what is unsure",
                b.id
            );
            let fixed = b.fixed_mainline.unwrap();
            assert!(b.introduced < fixed, "{}", b.id);
            for list in [b.introduced_stable, b.fixed_stable] {
                for (j, s) in list.iter().enumerate() {
                    assert!(s.patch > 0 && s.series() < fixed.series(), "{} {s}", b.id);
                    assert!(
                        list[..j].iter().all(|o| o.series() < s.series()),
                        "{}: series order",
                        b.id
                    );
                }
            }
            for s in b.introduced_stable {
                assert!(s.series() < b.introduced.series(), "{} {s}", b.id);
            }
            for s in b.fixed_stable {
                assert_ne!(verdict(b, s), Affected, "{} {s}", b.id);
            }
        }
    }
}
