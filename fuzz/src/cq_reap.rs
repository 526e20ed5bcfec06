//! `cq_reap`: reaping completions from hand-built CQ rings, no kernel involved.
//!
//! The input picks a ring (16- or 32-byte CQEs, or CQE_MIXED), a start index (often close to the
//! u32 wrap) and a sequence of steps: the "kernel" posting CQEs exactly as it lays them out
//! (on a mixed ring a 32-byte CQE takes two slots and never straddles the end of the array: a
//! skip entry pads the last slot first), and the application reaping them with
//! `io_uring_peek_batch_cqe`, the CQE iterator, `io_uring_peek_cqe` / `__io_uring_peek_cqe`,
//! `io_uring_wait_cqe_nr`, `io_uring_cqe_seen` and `io_uring_cq_advance`. A model (the list of
//! posted entries) says what each call must return and where the head must end up.
//!
//! The CQE array is allocated with exactly the ring's slots, so ASan reports any access past
//! it. The ring fd is -1: when a call decides to enter the kernel (the SQ flags may say that
//! completions wait to be flushed), the system call fails (-EBADF, or -EPERM where a seccomp
//! filter forbids io_uring) and never waits.

use std::collections::VecDeque;
use std::ptr;
use std::sync::OnceLock;

use uring::complete::*;
use uring::ring::io_uring;
use uring::uapi::*;

use crate::input::Input;

/// A CQE (or skip entry) the kernel posted: its absolute index and how many slots it takes.
#[derive(Clone, Copy, Debug)]
struct Entry {
    index: u32,
    slots: u32,
    skip: bool,
    user_data: u64,
}

struct Cq {
    ring: io_uring,
    /// khead, ktail and the SQ ring flags.
    words: Box<[u32; 3]>,
    /// Exactly the ring's 16-byte slots.
    cqes: Vec<io_uring_cqe>,
    mixed: bool,
    entries: u32,
    /// Model: what sits between head and tail, in order.
    posted: VecDeque<Entry>,
    head: u32,
    tail: u32,
    next_user_data: u64,
}

const SKIP_AND_32: u32 = IORING_CQE_F_SKIP | IORING_CQE_F_32;

/// What io_uring_enter on fd -1 returns here: -EBADF, unless io_uring is filtered out.
fn enter_error() -> i32 {
    static ERR: OnceLock<i32> = OnceLock::new();
    *ERR.get_or_init(|| {
        // SAFETY: io_uring_enter(-1, 0, 0, 0, NULL, 0) only fails.
        let ret =
            unsafe { libc::syscall(libc::SYS_io_uring_enter, -1, 0, 0, 0, ptr::null::<u8>(), 0) };
        assert_eq!(ret, -1, "io_uring_enter on fd -1");
        -std::io::Error::last_os_error().raw_os_error().unwrap()
    })
}

impl Cq {
    fn new(flags: u32, entries: u32, start: u32) -> Box<Cq> {
        let slots = (entries << cqe_shift_from_flags(flags)) as usize;
        let mut cq = Box::new(Cq {
            // SAFETY: all-zero is a valid (empty) io_uring.
            ring: unsafe { std::mem::zeroed() },
            words: Box::new([start, start, 0]),
            cqes: (0..slots).map(|_| Default::default()).collect(),
            mixed: flags & IORING_SETUP_CQE_MIXED != 0,
            entries,
            posted: VecDeque::new(),
            head: start,
            tail: start,
            next_user_data: 1,
        });
        let r = &mut cq.ring;
        r.flags = flags;
        r.features = IORING_FEAT_EXT_ARG | IORING_FEAT_NODROP;
        r.ring_fd = -1;
        r.enter_ring_fd = -1;
        r.cq.khead = &mut cq.words[0];
        r.cq.ktail = &mut cq.words[1];
        r.sq.kflags = &mut cq.words[2];
        r.cq.cqes = cq.cqes.as_mut_ptr();
        r.cq.ring_mask = entries - 1;
        r.cq.ring_entries = entries;
        cq
    }

    fn khead(&self) -> u32 {
        self.words[0]
    }

    fn needs_flush(&self) -> bool {
        self.words[2] & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN) != 0
    }

    /// Where the library must find the entry at absolute `index`.
    fn slot_ptr(&mut self, index: u32) -> *mut io_uring_cqe {
        let mask = self.entries - 1;
        let slot = if self.mixed {
            index & mask
        } else {
            (index & mask) << self.ring.cqe_shift()
        };
        &mut self.cqes[slot as usize]
    }

    fn write(&mut self, e: Entry, res: i32, flags: u32, extra: &[u8]) {
        let p = self.slot_ptr(e.index);
        // SAFETY: p is a slot of `cqes` (for a two-slot CQE, the next slot is inside too).
        unsafe {
            *p = io_uring_cqe {
                user_data: e.user_data,
                res,
                flags,
                ..Default::default()
            };
            // The second half of a 32-byte CQE is payload that must not be read as a CQE.
            if e.slots == 2 || self.ring.cqe_shift() == 1 {
                let big = p.add(1).cast::<u8>();
                for (i, b) in extra.iter().take(16).enumerate() {
                    *big.add(i) = *b;
                }
            }
        }
        self.posted.push_back(e);
        self.tail = self.tail.wrapping_add(e.slots);
    }

    /// The kernel posts one CQE (and a skip entry before a 32-byte one that would straddle the
    /// end of a mixed ring). False when the ring has no room.
    fn post(&mut self, inp: &mut Input) -> bool {
        let big = self.mixed && inp.flag();
        let res = inp.u32() as i32;
        // Any flags but the two that change the layout, which only the kernel's layout sets.
        let flags = inp.u32() & !SKIP_AND_32;
        let extra = inp.bytes(16);
        let free = self.entries - self.tail.wrapping_sub(self.head);
        let pad = big && self.tail & (self.entries - 1) == self.entries - 1;
        if free < 1 + big as u32 + pad as u32 {
            return false;
        }
        if pad {
            let e = Entry {
                index: self.tail,
                slots: 1,
                skip: true,
                user_data: 0,
            };
            self.write(e, 0, IORING_CQE_F_SKIP | flags, &[]);
        }
        let e = Entry {
            index: self.tail,
            slots: 1 + big as u32,
            skip: false,
            user_data: self.next_user_data,
        };
        self.next_user_data += 1;
        let f = if big { flags | IORING_CQE_F_32 } else { flags };
        self.write(e, res, f, extra);
        true
    }

    /// Publish the model's tail, as the kernel does after writing the CQEs.
    fn publish(&mut self) {
        self.words[1] = self.tail;
    }

    /// The library consumes skip entries at the head by itself (peek, batch peek, wait).
    fn drop_leading_skips(&mut self) {
        while let Some(e) = self.posted.front().filter(|e| e.skip) {
            self.head = self.head.wrapping_add(e.slots);
            self.posted.pop_front();
        }
    }

    /// The application consumed the first `n` entries.
    fn consume(&mut self, n: usize) -> u32 {
        let slots: u32 = self.posted.drain(..n).map(|e| e.slots).sum();
        self.head = self.head.wrapping_add(slots);
        slots
    }

    fn check_head(&self, what: &str) {
        assert_eq!(
            self.khead(),
            self.head,
            "{what}: CQ head {} but the model says {}",
            self.khead(),
            self.head
        );
    }

    /// The first real CQE, after the skips the library consumes itself, and the ready slots.
    fn expect_first(&mut self) -> (*mut io_uring_cqe, u32) {
        self.drop_leading_skips();
        let avail = self.tail.wrapping_sub(self.head);
        match self.posted.front().copied() {
            Some(e) => (self.slot_ptr(e.index), avail),
            None => (ptr::null_mut(), avail),
        }
    }

    fn peek_batch(&mut self, count: u32) {
        let mut out = vec![ptr::dangling_mut::<io_uring_cqe>(); count as usize];
        // SAFETY: the ring is consistent; `out` holds exactly `count` pointers.
        let n = unsafe { io_uring_peek_batch_cqe(&mut self.ring, out.as_mut_ptr(), count) };
        assert!(n <= count, "peek_batch returned {n} > count {count}");
        let mut expected = Vec::new();
        if count > 0 && self.tail != self.head {
            self.drop_leading_skips();
            for e in self
                .posted
                .iter()
                .take_while(|e| !e.skip)
                .take(count as usize)
            {
                expected.push(*e);
            }
        }
        self.check_head("peek_batch");
        assert_eq!(n as usize, expected.len(), "peek_batch({count}) count");
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(out[i], self.slot_ptr(e.index), "peek_batch: pointer {i}");
        }
        let untouched = out[n as usize..].iter().all(|p| *p == ptr::dangling_mut());
        assert!(
            untouched,
            "peek_batch wrote past the {n} pointers it returned"
        );
    }

    /// Walk `steps` entries with the iterator (skip entries included, as the kernel posted
    /// them), then consume the first `consume` of those.
    fn iterate(&mut self, steps: u32, consume: u32) {
        // SAFETY: the ring is consistent.
        let mut it = unsafe { io_uring_cqe_iter_init(&self.ring) };
        let mut walked = 0;
        for _ in 0..steps {
            let mut cqe = ptr::null_mut();
            // SAFETY: `it` comes from iter_init on this ring.
            let more = unsafe { io_uring_cqe_iter_next(&mut it, &mut cqe) };
            match self.posted.get(walked).copied() {
                Some(e) => {
                    assert!(more, "iterator ended early at entry {walked}");
                    assert_eq!(cqe, self.slot_ptr(e.index), "iterator: entry {walked}");
                    walked += 1;
                }
                None => assert!(!more, "iterator went past the tail"),
            }
        }
        let n = consume.min(walked as u32) as usize;
        let slots = self.consume(n);
        // SAFETY: the ring is consistent.
        unsafe { io_uring_cq_advance(&mut self.ring, slots) };
        self.check_head("cq_advance after iterating");
    }

    fn peek_cqe(&mut self, seen: bool) {
        let mut cqe = ptr::dangling_mut();
        // SAFETY: the ring is consistent; the fd is -1, so no wait.
        let ret = unsafe { io_uring_peek_cqe(&mut self.ring, &mut cqe) };
        let (first, _) = self.expect_first();
        self.check_head("peek_cqe");
        if first.is_null() {
            let want = if self.needs_flush() {
                enter_error()
            } else {
                -libc::EAGAIN
            };
            assert_eq!(ret, want, "peek_cqe on an empty ring");
            return;
        }
        assert_eq!((ret, cqe), (0, first), "peek_cqe");
        if seen {
            // SAFETY: the CQE just peeked.
            unsafe { io_uring_cqe_seen(&mut self.ring, cqe) };
            self.consume(1);
            self.check_head("cqe_seen");
        }
    }

    fn peek_cqe_nr(&mut self) {
        let mut cqe = ptr::dangling_mut();
        let mut avail = u32::MAX;
        // SAFETY: the ring is consistent.
        let ret = unsafe { __io_uring_peek_cqe(&mut self.ring, &mut cqe, &mut avail) };
        let expected = self.expect_first();
        self.check_head("__io_uring_peek_cqe");
        assert_eq!(
            (ret, cqe, avail),
            (0, expected.0, expected.1),
            "__io_uring_peek_cqe"
        );
    }

    fn wait_cqe_nr(&mut self, nr: u32) {
        let mut cqe = ptr::dangling_mut();
        // SAFETY: the ring is consistent; the fd is -1, so waiting fails instead.
        let ret = unsafe { io_uring_wait_cqe_nr(&mut self.ring, &mut cqe, nr) };
        let (first, avail) = self.expect_first();
        self.check_head("wait_cqe_nr");
        if !first.is_null() && nr <= avail {
            assert_eq!(
                (ret, cqe),
                (0, first),
                "wait_cqe_nr({nr}) with {avail} ready"
            );
        } else if first.is_null() && nr == 0 && !self.needs_flush() {
            assert_eq!(ret, -libc::EAGAIN, "wait_cqe_nr(0) on an empty ring");
        } else {
            assert_eq!(ret, enter_error(), "wait_cqe_nr({nr}) must enter (fd -1)");
        }
    }
}

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let flags = [0, IORING_SETUP_CQE32, IORING_SETUP_CQE_MIXED][inp.below(3) as usize];
    let entries = 1 << inp.below(7);
    let start = inp.index();
    let mut cq = Cq::new(flags, entries, start);
    while !inp.is_empty() {
        match inp.below(8) {
            0 => {
                for _ in 0..=inp.below(8) {
                    if !cq.post(&mut inp) {
                        break;
                    }
                }
                cq.publish();
            }
            1 => {
                let count = inp.below(2 * entries + 3);
                cq.peek_batch(count);
            }
            2 => {
                let steps = inp.below(entries + 3);
                let consume = inp.below(entries + 3);
                cq.iterate(steps, consume);
            }
            3 => {
                let seen = inp.flag();
                cq.peek_cqe(seen);
            }
            4 => cq.peek_cqe_nr(),
            5 => {
                let nr = inp.below(entries + 3);
                cq.wait_cqe_nr(nr);
            }
            6 => {
                // The SQ flags say completions wait in the kernel: calls that find the CQ
                // empty try to flush them (and fail, fd -1).
                cq.words[2] = match inp.below(3) {
                    0 => 0,
                    1 => IORING_SQ_CQ_OVERFLOW,
                    _ => IORING_SQ_TASKRUN,
                };
            }
            _ => {
                let n = inp.below(cq.posted.len() as u32 + 1) as usize;
                let slots = cq.consume(n);
                // SAFETY: the ring is consistent.
                unsafe { io_uring_cq_advance(&mut cq.ring, slots) };
                cq.check_head("cq_advance");
            }
        }
        // SAFETY: the ring is consistent.
        let ready = unsafe { io_uring_cq_ready(&cq.ring) };
        assert_eq!(ready, cq.tail.wrapping_sub(cq.head), "cq_ready");
        assert!(
            ready <= cq.entries,
            "cq_ready {ready} > {} entries",
            cq.entries
        );
    }
}
