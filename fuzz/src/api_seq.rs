//! `api_seq`: sequences of API calls on a real ring.
//!
//! The input picks the setup (SINGLE_ISSUER, DEFER_TASKRUN, COOP_TASKRUN, TASKRUN_FLAG, CQSIZE,
//! CQE32, CQE_MIXED, SUBMIT_ALL; 1 to 8 SQEs and as few CQ entries, so that the rings wrap and
//! the CQ overflows) and a sequence of steps: preparing NOPs (32-byte CQEs on big-CQE rings),
//! short timeouts, reads of /dev/zero (into a buffer, a provided buffer, through a fixed file),
//! link chains with link timeouts; submitting, waiting with timeouts, batch peeks, the CQE
//! iterator, peek + cqe_seen, wait_cqe_nr, cq_advance; setting up, refilling and freeing a
//! provided-buffer ring; registering, updating and unregistering fixed files.
//!
//! A model of the requests in flight checks, after every step: every completion is for a
//! request that is in flight, and each completes exactly once, with a result its operation
//! can give; batch peeks return exactly the CQEs they wrote, never more than asked; provided
//! buffers come back only once, and only buffers that were handed to the kernel; the SQ and CQ
//! counters stay in range. No call waits without a bound: every wait has a timeout or waits
//! only for CQEs that are already in the ring. At the end everything is submitted and reaped
//! (bounded) and every request must have completed, then the ring is torn down.

use core::ffi::{c_int, c_uint};
use std::collections::{HashMap, HashSet};
use std::ptr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use uring::buf_ring::*;
use uring::complete::*;
use uring::prep::rw::io_uring_prep_read;
use uring::prep::*;
use uring::register::*;
use uring::ring::io_uring;
use uring::setup::*;
use uring::submit::*;
use uring::uapi::*;

use crate::input::Input;

const IO_LINK: c_uint = 1 << IOSQE_IO_LINK_BIT;
const ASYNC: c_uint = 1 << IOSQE_ASYNC_BIT;
const FIXED_FILE: c_uint = 1 << IOSQE_FIXED_FILE_BIT;
const BUFFER_SELECT: c_uint = 1 << IOSQE_BUFFER_SELECT_BIT;

/// Provided buffers: one group of NBUFS buffers of BUF_LEN bytes.
const BGID: c_int = 7;
const NBUFS: u16 = 8;
const BUF_LEN: u32 = 64;
/// Fixed-file slots; even ones start with /dev/zero, odd ones empty.
const NFILES: usize = 4;
/// Steps per input: enough for long sequences, bounded so an input stays fast.
const MAX_STEPS: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Nop { big: bool },
    Timeout,
    LinkTimeout,
    Read { fixed: bool, select: bool },
}

#[derive(Debug)]
struct Req {
    op: Op,
    /// Part of a link chain: may be cancelled when another member fails.
    chained: bool,
}

fn dev_zero() -> c_int {
    static FD: OnceLock<c_int> = OnceLock::new();
    // SAFETY: a NUL-terminated path.
    *FD.get_or_init(|| unsafe {
        libc::open(c"/dev/zero".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC)
    })
}

/// Whether this machine can set up an io_uring at all (the driver skips the target if not).
pub fn available() -> Result<(), String> {
    // SAFETY: all-zero is a valid ring to initialise.
    let mut ring: io_uring = unsafe { std::mem::zeroed() };
    // SAFETY: a local ring, torn down right away.
    let ret = unsafe { io_uring_queue_init(1, &mut ring, 0) };
    if ret < 0 {
        return Err(format!(
            "io_uring_queue_init: {}",
            std::io::Error::from_raw_os_error(-ret)
        ));
    }
    // SAFETY: initialised just above.
    unsafe { io_uring_queue_exit(&mut ring) };
    if dev_zero() < 0 {
        return Err("cannot open /dev/zero".into());
    }
    Ok(())
}

struct Tester {
    ring: Box<io_uring>,
    flags: u32,
    sq_entries: u32,
    cq_entries: u32,
    /// Requests handed an SQE and not reaped yet, by user_data.
    pending: HashMap<u64, Req>,
    next_user_data: u64,
    /// Timeouts; the kernel reads them when the SQE is submitted, so they live with the ring.
    ts: Box<[__kernel_timespec; 4]>,
    /// Destination of plain reads (all of /dev/zero's zeros, so they may overlap).
    scratch: Box<[u8; BUF_LEN as usize]>,
    files: Option<[bool; NFILES]>,
    br: *mut io_uring_buf_ring,
    buf_mem: Box<[u8; NBUFS as usize * BUF_LEN as usize]>,
    /// Buffer ids the kernel may pick, and those it handed back in CQEs.
    bufs_kernel: HashSet<u16>,
    bufs_held: Vec<u16>,
}

impl Tester {
    fn new(inp: &mut Input) -> Option<Tester> {
        let bits = inp.u8();
        let entries = 1 << inp.below(4);
        let mut p = io_uring_params::default();
        let mut set = |bit: u8, flag: u32| {
            if bits & (1 << bit) != 0 {
                p.flags |= flag;
            }
        };
        set(0, IORING_SETUP_SINGLE_ISSUER);
        set(2, IORING_SETUP_CQSIZE);
        set(3, IORING_SETUP_CQE32);
        set(4, IORING_SETUP_COOP_TASKRUN);
        set(7, IORING_SETUP_SUBMIT_ALL);
        // Only the combinations the kernel accepts: no time spent on EINVAL.
        if bits & 3 == 3 {
            p.flags |= IORING_SETUP_DEFER_TASKRUN;
        }
        if bits & 0x20 != 0
            && p.flags & (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_DEFER_TASKRUN) != 0
        {
            p.flags |= IORING_SETUP_TASKRUN_FLAG;
        }
        if bits & 0x40 != 0 && p.flags & IORING_SETUP_CQE32 == 0 {
            p.flags |= IORING_SETUP_CQE_MIXED;
        }
        p.cq_entries = entries + inp.below(16);
        if p.flags & IORING_SETUP_CQE_MIXED != 0 {
            p.cq_entries = p.cq_entries.max(2); // else -EOVERFLOW
        }
        // SAFETY: all-zero is a valid ring to initialise.
        let mut ring: Box<io_uring> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: a fresh ring and params.
        let ret = unsafe { io_uring_queue_init_params(entries, &mut *ring, &mut p) };
        if ret == -libc::EINVAL && p.flags & IORING_SETUP_CQE_MIXED != 0 {
            return None; // a kernel before CQE_MIXED
        }
        assert_eq!(
            ret, 0,
            "io_uring_queue_init_params({entries}, flags {:#x})",
            p.flags
        );
        assert_eq!(ring.sq.ring_entries, p.sq_entries, "SQ entries");
        assert_eq!(ring.cq.ring_entries, p.cq_entries, "CQ entries");
        Some(Tester {
            flags: ring.flags,
            sq_entries: p.sq_entries,
            cq_entries: p.cq_entries,
            ring,
            pending: HashMap::new(),
            next_user_data: 1,
            ts: Box::new([0, 50_000, 200_000, 1_000_000].map(|ns| __kernel_timespec {
                tv_sec: 0,
                tv_nsec: ns,
            })),
            scratch: Box::new([0; BUF_LEN as usize]),
            files: None,
            br: ptr::null_mut(),
            buf_mem: Box::new([0; NBUFS as usize * BUF_LEN as usize]),
            bufs_kernel: HashSet::new(),
            bufs_held: Vec::new(),
        })
    }

    fn mixed(&self) -> bool {
        self.flags & IORING_SETUP_CQE_MIXED != 0
    }

    /// Whether `n` more requests may be put in flight. On a CQE_MIXED ring the CQ must never
    /// overflow: kernel 6.18 then posts CQEs past the ring's capacity (see fuzz/README.md).
    /// Each request not in the ring yet may take three slots (a skip entry, a 32-byte CQE).
    fn room(&self, n: usize) -> bool {
        if !self.mixed() {
            return true;
        }
        // SAFETY: an initialised ring.
        let in_ring = unsafe { io_uring_cq_ready(&*self.ring) } as usize;
        let posted = self.ready_real() as usize;
        in_ring + 3 * (self.pending.len() - posted + n) <= self.cq_entries as usize
    }

    /// Prepare one request in the next SQE; false when the SQ ring is full.
    fn prep(&mut self, op: Op, sqe_flags: c_uint, chained: bool) -> bool {
        let ring = &mut *self.ring;
        // SAFETY: an initialised ring.
        let sqe = unsafe { io_uring_get_sqe(ring) };
        if sqe.is_null() {
            // SAFETY: an initialised ring.
            let left = unsafe { io_uring_sq_space_left(ring) };
            assert_eq!(left, 0, "get_sqe returned NULL with {left} SQEs free");
            return false;
        }
        let mut flags = sqe_flags;
        // SAFETY: a fresh SQE; the pointers stored in it (timespecs, buffers) live as long as
        // the ring.
        unsafe {
            match op {
                Op::Nop { big } => {
                    io_uring_prep_nop(sqe);
                    if big {
                        (*sqe).set_op_flags(IORING_NOP_CQE32);
                    }
                }
                Op::Timeout => {
                    let count = self.next_user_data as u32 % 3;
                    let ts = &self.ts[self.next_user_data as usize % 4];
                    io_uring_prep_timeout(sqe, ts, count, 0);
                }
                Op::LinkTimeout => {
                    let ts = &self.ts[self.next_user_data as usize % 4];
                    uring::prep::poll_timeout::io_uring_prep_link_timeout(sqe, ts, 0);
                }
                Op::Read { fixed, select } => {
                    let fd = if fixed {
                        flags |= FIXED_FILE;
                        (self.next_user_data % NFILES as u64) as c_int
                    } else {
                        dev_zero()
                    };
                    let buf = if select {
                        flags |= BUFFER_SELECT;
                        ptr::null_mut()
                    } else {
                        self.scratch.as_mut_ptr().cast()
                    };
                    io_uring_prep_read(sqe, fd, buf, BUF_LEN, 0);
                    if select {
                        io_uring_sqe_set_buf_group(sqe, BGID);
                    }
                }
            }
            io_uring_sqe_set_flags(sqe, flags);
            io_uring_sqe_set_data64(sqe, self.next_user_data);
        }
        self.pending
            .insert(self.next_user_data, Req { op, chained });
        self.next_user_data += 1;
        true
    }

    fn decode_op(&self, inp: &mut Input) -> Op {
        match inp.below(4) {
            0 => Op::Nop {
                big: self.flags & (IORING_SETUP_CQE32 | IORING_SETUP_CQE_MIXED) != 0 && inp.flag(),
            },
            1 => Op::Timeout,
            _ => Op::Read {
                fixed: inp.flag(),
                select: inp.flag(),
            },
        }
    }

    /// A completion the application consumes: it must be for a request in flight, with a
    /// result that request can have.
    fn complete(&mut self, cqe: &io_uring_cqe) {
        let ud = cqe.user_data;
        let Some(req) = self.pending.remove(&ud) else {
            panic!("completion for user_data {ud}, which is not in flight (unknown or completed twice): {cqe:?}");
        };
        let res = cqe.res;
        let ok = match req.op {
            Op::Nop { .. } => res == 0,
            Op::Timeout => res == -libc::ETIME || res == 0,
            Op::LinkTimeout => [
                -libc::ETIME,
                -libc::ECANCELED,
                -libc::EALREADY,
                -libc::ENOENT,
            ]
            .contains(&res),
            Op::Read { fixed, select } => {
                res == BUF_LEN as i32
                    || (fixed && res == -libc::EBADF)
                    || (select && res == -libc::ENOBUFS)
            }
        } || (req.chained && res == -libc::ECANCELED);
        assert!(ok, "{req:?} (user_data {ud}) completed with res {res}");
        let big = cqe.flags & IORING_CQE_F_32 != 0;
        let want_big = self.mixed() && req.op == Op::Nop { big: true } && res == 0;
        assert_eq!(big, want_big, "IORING_CQE_F_32 on the CQE of {req:?}");
        if let Op::Read { select: true, .. } = req.op {
            if res >= 0 {
                assert!(
                    cqe.flags & IORING_CQE_F_BUFFER != 0,
                    "read into a provided buffer without F_BUFFER"
                );
                let bid = (cqe.flags >> IORING_CQE_BUFFER_SHIFT) as u16;
                assert!(
                    self.bufs_kernel.remove(&bid),
                    "buffer {bid} was not the kernel's to hand out"
                );
                self.bufs_held.push(bid);
            }
        }
    }

    /// The CQ's entries from the head, as the iterator walks them (skip entries included).
    fn entries(&self) -> Vec<*mut io_uring_cqe> {
        let mut v = Vec::new();
        // SAFETY: an initialised ring.
        let mut it = unsafe { io_uring_cqe_iter_init(&*self.ring) };
        let mut cqe = ptr::null_mut();
        // SAFETY: `it` iterates this ring.
        while unsafe { io_uring_cqe_iter_next(&mut it, &mut cqe) } {
            v.push(cqe);
            assert!(
                v.len() <= 2 * self.cq_entries as usize,
                "the CQE iterator does not end"
            );
        }
        v
    }

    /// Consume the first `n` of `cqes` (in ring order from the head), skip entries included.
    fn consume(&mut self, cqes: &[*mut io_uring_cqe]) {
        let mut slots = 0;
        for &c in cqes {
            // SAFETY: a CQE in the ring, not yet handed back.
            let cqe = unsafe { &*c };
            // SAFETY: a valid CQE.
            slots += unsafe { io_uring_cqe_nr(cqe) };
            if cqe.flags & IORING_CQE_F_SKIP != 0 {
                assert!(self.mixed(), "a skip entry on a ring without CQE_MIXED");
            } else {
                self.complete(cqe);
            }
        }
        // SAFETY: an initialised ring; these slots were read.
        unsafe { io_uring_cq_advance(&mut *self.ring, slots) };
    }

    /// CQEs a wait finds without waiting: the real ones in the ring.
    fn ready_real(&self) -> u32 {
        self.entries()
            .iter()
            // SAFETY: CQEs in the ring.
            .filter(|c| unsafe { (***c).flags } & IORING_CQE_F_SKIP == 0)
            .count() as u32
    }

    /// Checks that hold after every step.
    fn check(&self) {
        let ring = &*self.ring;
        // SAFETY: an initialised ring.
        let (cq_ready, sq_ready, left) = unsafe {
            (
                io_uring_cq_ready(ring),
                io_uring_sq_ready(ring),
                io_uring_sq_space_left(ring),
            )
        };
        assert!(
            cq_ready <= self.cq_entries,
            "cq_ready {cq_ready} > {} CQ entries",
            self.cq_entries
        );
        assert!(
            sq_ready <= self.sq_entries,
            "sq_ready {sq_ready} > {} SQ entries",
            self.sq_entries
        );
        assert_eq!(sq_ready + left, self.sq_entries, "sq_ready + sq_space_left");
        let mut seen = HashSet::new();
        for c in self.entries() {
            // SAFETY: a CQE in the ring.
            let cqe = unsafe { &*c };
            if cqe.flags & IORING_CQE_F_SKIP == 0 {
                let ud = cqe.user_data;
                assert!(
                    self.pending.contains_key(&ud),
                    "CQE for user_data {ud}, which is not in flight: {cqe:?}"
                );
                assert!(seen.insert(ud), "two CQEs for user_data {ud}");
            }
        }
    }

    fn ts(&mut self, inp: &mut Input) -> *mut __kernel_timespec {
        &mut self.ts[inp.below(4) as usize]
    }

    fn peek_batch(&mut self, inp: &mut Input) {
        let count = inp.below(2 * self.cq_entries + 2);
        // What must come back at least: the real CQEs before a skip entry that is not first.
        let lower = {
            let e = self.entries();
            // SAFETY: entries() points at ready CQEs in the mapped CQ ring.
            let skip = |c: &*mut io_uring_cqe| unsafe { (**c).flags } & IORING_CQE_F_SKIP != 0;
            e.iter()
                .skip_while(|c| skip(c))
                .take_while(|c| !skip(c))
                .count() as u32
        };
        let mut out = vec![ptr::dangling_mut::<io_uring_cqe>(); count as usize];
        // SAFETY: an initialised ring; `out` holds exactly `count` pointers.
        let n = unsafe { io_uring_peek_batch_cqe(&mut *self.ring, out.as_mut_ptr(), count) };
        assert!(n <= count, "peek_batch returned {n} > count {count}");
        assert!(
            n >= count.min(lower),
            "peek_batch returned {n} of {lower} ready (count {count})"
        );
        let untouched = out[n as usize..].iter().all(|p| *p == ptr::dangling_mut());
        assert!(
            untouched,
            "peek_batch wrote past the {n} pointers it returned"
        );
        // They are the first real CQEs from the head, in order.
        let entries = self.entries();
        assert_eq!(
            &out[..n as usize],
            &entries[..n as usize],
            "peek_batch: not the CQEs at the head"
        );
        let m = if inp.flag() { n } else { inp.below(n + 1) };
        self.consume(&out[..m as usize]);
    }

    fn iterate(&mut self, inp: &mut Input) {
        let entries = self.entries();
        let m = inp.below(entries.len() as u32 + 1) as usize;
        self.consume(&entries[..m]);
    }

    fn peek_cqe(&mut self, inp: &mut Input) {
        let mut cqe = ptr::null_mut();
        // SAFETY: an initialised ring.
        let ret = unsafe { io_uring_peek_cqe(&mut *self.ring, &mut cqe) };
        if ret == -libc::EAGAIN {
            return;
        }
        assert_eq!(ret, 0, "peek_cqe");
        assert_eq!(
            Some(&cqe),
            self.entries().first(),
            "peek_cqe: not the CQE at the head"
        );
        if inp.flag() {
            self.seen(cqe);
        }
    }

    fn seen(&mut self, cqe: *mut io_uring_cqe) {
        // SAFETY: the CQE at the head.
        let c = unsafe { &*cqe };
        assert_eq!(c.flags & IORING_CQE_F_SKIP, 0, "a skip entry handed out");
        self.complete(c);
        // SAFETY: an initialised ring and its head CQE.
        unsafe { io_uring_cqe_seen(&mut *self.ring, cqe) };
    }

    /// A wait with a timeout: done, timed out, interrupted by a signal (libFuzzer's timer), or
    /// (waiting for nothing) nothing there.
    fn waited(ret: c_int, nr: u32, what: &str) {
        assert!(
            ret >= 0
                || ret == -libc::ETIME
                || ret == -libc::EINTR
                || (nr == 0 && ret == -libc::EAGAIN),
            "{what}({nr}) returned {ret}"
        );
    }

    fn step(&mut self, inp: &mut Input) {
        match inp.below(18) {
            0..=2 => {
                let op = self.decode_op(inp);
                let flags = if inp.below(8) == 0 { ASYNC } else { 0 };
                if self.room(1) {
                    self.prep(op, flags, false);
                }
            }
            3 => {
                // A link chain, with a link timeout on its first member or not.
                let n = 2 + inp.below(3);
                // SAFETY: an initialised ring.
                if unsafe { io_uring_sq_space_left(&*self.ring) } < n || !self.room(n as usize) {
                    return;
                }
                let timed = inp.flag();
                for i in 0..n {
                    let op = if timed && i == 1 {
                        Op::LinkTimeout
                    } else {
                        self.decode_op(inp)
                    };
                    let op = if op == Op::Timeout {
                        Op::Nop { big: false }
                    } else {
                        op
                    };
                    assert!(self.prep(op, if i + 1 < n { IO_LINK } else { 0 }, true));
                }
            }
            4 => {
                // SAFETY: an initialised ring.
                let ret = unsafe { io_uring_submit(&mut *self.ring) };
                assert!(ret >= 0, "submit returned {ret}");
            }
            5 => {
                let nr = inp.below(4);
                let ts = self.ts(inp);
                let mut cqe = ptr::null_mut();
                // SAFETY: an initialised ring; the wait is bounded by `ts`.
                let ret = unsafe {
                    io_uring_submit_and_wait_timeout(
                        &mut *self.ring,
                        &mut cqe,
                        nr,
                        ts,
                        ptr::null_mut(),
                    )
                };
                Self::waited(ret, nr, "submit_and_wait_timeout");
            }
            6 => {
                let nr = inp.below(4);
                let ts = self.ts(inp);
                let mut cqe = ptr::null_mut();
                // SAFETY: an initialised ring; the wait is bounded by `ts`.
                let ret = unsafe {
                    io_uring_wait_cqes(&mut *self.ring, &mut cqe, nr, ts, ptr::null_mut())
                };
                Self::waited(ret, nr, "wait_cqes");
            }
            7 | 8 => self.peek_batch(inp),
            9 => self.iterate(inp),
            10 => self.peek_cqe(inp),
            11 => {
                // Wait only for CQEs that are already there: this returns at once.
                let nr = inp.below(self.ready_real() + 1);
                let mut cqe = ptr::null_mut();
                // SAFETY: an initialised ring.
                let ret = unsafe { io_uring_wait_cqe_nr(&mut *self.ring, &mut cqe, nr) };
                if nr > 0 {
                    assert_eq!(ret, 0, "wait_cqe_nr({nr}) with {nr} CQEs ready");
                    if inp.flag() {
                        self.seen(cqe);
                    }
                }
            }
            12 => {
                // Submitting and waiting for CQEs that are already there.
                let nr = inp.below(self.ready_real() + 1);
                // SAFETY: an initialised ring.
                let ret = unsafe { io_uring_submit_and_wait(&mut *self.ring, nr) };
                assert!(ret >= 0, "submit_and_wait({nr}) returned {ret}");
            }
            13 => {
                // SAFETY: an initialised ring.
                let ret = unsafe {
                    if inp.flag() {
                        io_uring_get_events(&mut *self.ring)
                    } else {
                        io_uring_submit_and_get_events(&mut *self.ring)
                    }
                };
                assert!(
                    ret >= 0,
                    "get_events / submit_and_get_events returned {ret}"
                );
            }
            14 => self.buffers(inp),
            15 => self.files(inp),
            _ => {
                let (peek_nr, cqe) = {
                    let mut cqe = ptr::null_mut();
                    let mut nr = 0;
                    // SAFETY: an initialised ring.
                    let ret = unsafe { __io_uring_peek_cqe(&mut *self.ring, &mut cqe, &mut nr) };
                    assert_eq!(ret, 0, "__io_uring_peek_cqe");
                    (nr, cqe)
                };
                // SAFETY: an initialised ring.
                let ready = unsafe { io_uring_cq_ready(&*self.ring) };
                assert!(
                    peek_nr <= ready,
                    "__io_uring_peek_cqe: {peek_nr} available, {ready} ready"
                );
                // The kernel only adds CQEs meanwhile: one that was there still is.
                if !cqe.is_null() {
                    assert_eq!(Some(&cqe), self.entries().first(), "__io_uring_peek_cqe");
                }
            }
        }
    }

    /// Provided buffers: set the ring up, give buffers back, or free it.
    fn buffers(&mut self, inp: &mut Input) {
        if self.br.is_null() {
            let mut err = 0;
            // SAFETY: an initialised ring.
            let br = unsafe {
                io_uring_setup_buf_ring(&mut *self.ring, NBUFS as c_uint, BGID, 0, &mut err)
            };
            assert!(!br.is_null(), "setup_buf_ring: {err}");
            self.br = br;
            self.bufs_held = (0..NBUFS).collect();
            self.recycle(NBUFS as u32);
        } else if inp.flag() {
            let n = inp.below(self.bufs_held.len() as u32 + 1);
            self.recycle(n);
        } else if !self
            .pending
            .values()
            .any(|r| matches!(r.op, Op::Read { select: true, .. }))
        {
            // SAFETY: no request may still pick a buffer from it.
            let ret =
                unsafe { io_uring_free_buf_ring(&mut *self.ring, self.br, NBUFS as c_uint, BGID) };
            assert_eq!(ret, 0, "free_buf_ring");
            self.br = ptr::null_mut();
            self.bufs_kernel.clear();
            self.bufs_held.clear();
        }
    }

    /// Hand `n` held buffers back to the kernel.
    fn recycle(&mut self, n: u32) {
        let mask = io_uring_buf_ring_mask(NBUFS as u32);
        for i in 0..n as c_int {
            let bid = self.bufs_held.pop().unwrap();
            let addr = self.buf_mem[bid as usize * BUF_LEN as usize..].as_mut_ptr();
            // SAFETY: a set-up buffer ring of NBUFS entries; the buffer lives with the tester.
            unsafe { io_uring_buf_ring_add(self.br, addr.cast(), BUF_LEN, bid, mask, i) };
            self.bufs_kernel.insert(bid);
        }
        // SAFETY: as above.
        unsafe { io_uring_buf_ring_advance(self.br, n as c_int) };
    }

    /// Fixed files: register a table, replace a slot, or unregister.
    fn files(&mut self, inp: &mut Input) {
        let ring = &mut *self.ring;
        let zero = dev_zero();
        match (self.files, inp.below(2)) {
            (None, _) => {
                let fds: [c_int; NFILES] =
                    std::array::from_fn(|i| if i % 2 == 0 { zero } else { -1 });
                // SAFETY: an initialised ring; NFILES fds.
                let ret = unsafe { io_uring_register_files(ring, fds.as_ptr(), NFILES as c_uint) };
                assert_eq!(ret, 0, "register_files");
                self.files = Some(std::array::from_fn(|i| i % 2 == 0));
            }
            (Some(mut slots), 0) => {
                let slot = inp.below(NFILES as u32) as usize;
                let fd = if slots[slot] { -1 } else { zero };
                // SAFETY: an initialised ring; one fd.
                let ret = unsafe { io_uring_register_files_update(ring, slot as c_uint, &fd, 1) };
                assert_eq!(ret, 1, "register_files_update");
                slots[slot] = !slots[slot];
                self.files = Some(slots);
            }
            (Some(_), _) => {
                // SAFETY: an initialised ring.
                let ret = unsafe { io_uring_unregister_files(ring) };
                assert_eq!(ret, 0, "unregister_files");
                self.files = None;
            }
        }
    }

    /// Submit what is left and reap until every request has completed (bounded: the longest
    /// timeout is 1 ms).
    fn drain(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut ts = __kernel_timespec {
            tv_sec: 0,
            tv_nsec: 1_000_000,
        };
        while !self.pending.is_empty() {
            let mut cqe = ptr::null_mut();
            // SAFETY: an initialised ring; the wait is bounded by `ts`.
            let ret = unsafe {
                io_uring_submit_and_wait_timeout(
                    &mut *self.ring,
                    &mut cqe,
                    1,
                    &mut ts,
                    ptr::null_mut(),
                )
            };
            Self::waited(ret, 1, "submit_and_wait_timeout (drain)");
            loop {
                let mut out = [ptr::null_mut(); 16];
                // SAFETY: an initialised ring; 16 pointers.
                let n = unsafe { io_uring_peek_batch_cqe(&mut *self.ring, out.as_mut_ptr(), 16) };
                if n == 0 {
                    break;
                }
                self.consume(&out[..n as usize]);
            }
            assert!(
                Instant::now() < deadline,
                "requests never completed: {:?} (ring flags {:#x})",
                self.pending,
                self.flags
            );
        }
        // A skip entry may be left at the head of a mixed ring.
        let rest = self.entries();
        self.consume(&rest);
        // SAFETY: an initialised ring.
        assert_eq!(
            unsafe { io_uring_cq_ready(&*self.ring) },
            0,
            "CQEs left after draining"
        );
    }
}

impl Drop for Tester {
    fn drop(&mut self) {
        // SAFETY: the ring is initialised and no longer used; the buffer ring was set up on it.
        unsafe {
            if !self.br.is_null() {
                io_uring_free_buf_ring(&mut *self.ring, self.br, NBUFS as c_uint, BGID);
            }
            io_uring_queue_exit(&mut *self.ring);
        }
    }
}

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let Some(mut t) = Tester::new(&mut inp) else {
        return;
    };
    for _ in 0..MAX_STEPS {
        if inp.is_empty() {
            break;
        }
        t.step(&mut inp);
        t.check();
    }
    t.drain();
}
