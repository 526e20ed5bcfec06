//! `twins`: the header's inline helpers (C, ../include/liburing.h, wrapped by src/twins.c)
//! against the library's Rust exports of the same name, on identical inputs.
//!
//! The input builds two identical ring images (struct io_uring, SQ and CQ ring words, SQEs,
//! CQEs, a buffer ring), then runs a sequence of steps, each once on the C copy's image and once
//! on the Rust copy's: get_sqe / get_sqe128 followed by a prep helper on the SQE, the SQ and CQ
//! counters, cq_advance, cqe_seen, the CQE iterator, peek / wait (the ring fd is -1, so
//! entering the kernel fails the same way for both), the buffer-ring helpers, "kernel" moves of
//! the ring indices, and prep helpers on a standalone SQE with guard bytes. After every step
//! both images, and the values returned (pointers as offsets into the image), must be equal.
//! tests/twins/ compares every helper on independent random calls; this target compares a few
//! dozen in sequences, guided by coverage.

use core::ffi::{c_int, c_uint, c_ushort, c_void};
use std::ptr;

use uring::buf_ring::*;
use uring::complete::*;
use uring::ring::{io_uring, io_uring_cqe_iter};
use uring::submit::*;
use uring::uapi::*;

use crate::input::Input;

/// Values of a helper's argument types drawn from the input.
trait Draw {
    fn draw(inp: &mut Input) -> Self;
}

macro_rules! draw_int {
    ($($t:ty),*) => {$(
        impl Draw for $t {
            fn draw(inp: &mut Input) -> Self {
                inp.edgy() as $t
            }
        }
    )*};
}
draw_int!(i32, u32, i64, u64, usize);

// Pointers are only stored by the helpers, never followed: any value will do.
impl<T> Draw for *mut T {
    fn draw(inp: &mut Input) -> Self {
        inp.edgy() as usize as *mut T
    }
}

impl<T> Draw for *const T {
    fn draw(inp: &mut Input) -> Self {
        inp.edgy() as usize as *const T
    }
}

/// The Rust exports of the prep helpers, from every module that has some.
mod rs {
    pub use uring::prep::{cmd::*, fs::*, msg::*, net::*, poll_timeout::*, rw::*, *};
}

/// A step's description, formatted only when a failing input is run again to be reported
/// (formatting every step would cost half the speed).
macro_rules! describe {
    ($on:expr, $($fmt:tt)*) => {
        if $on {
            format!($($fmt)*)
        } else {
            String::new()
        }
    };
}

/// Declares the C copies (twin_c_<name>) of SQE helpers, whose first parameter is the SQE, and
/// a case per helper that draws the other arguments, calls both copies and describes the call.
macro_rules! sqe_twins {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        mod c_sqe {
            #[allow(unused_imports)]
            use super::*;
            extern "C" {
                $(
                    #[link_name = concat!("twin_c_", stringify!($name))]
                    pub fn $name(sqe: *mut io_uring_sqe $(, $arg: $ty)*);
                )*
            }
        }

        /// Draws the arguments, calls both copies, and describes the call if asked to.
        type SqeCase = fn(&mut Input, *mut io_uring_sqe, *mut io_uring_sqe, bool) -> String;

        const SQE_CASES: &[SqeCase] = &[$(
            // (`_inp` is unused by helpers without arguments.)
            |_inp, sqe_c, sqe_r, describe| {
                $(let $arg = <$ty as Draw>::draw(_inp);)*
                // SAFETY: both SQEs are writable (128 bytes); the other arguments are stored.
                unsafe {
                    c_sqe::$name(sqe_c $(, $arg)*);
                    rs::$name(sqe_r $(, $arg)*);
                }
                describe!(describe, concat!(stringify!($name) $(, " ", stringify!($arg), "={:?}")*)
                    $(, $arg)*)
            },
        )*];
    };
}

sqe_twins! {
    io_uring_prep_nop();
    io_uring_prep_nop128();
    io_uring_prep_uring_cmd128(cmd_op: c_int, fd: c_int);
    io_uring_prep_readv(fd: c_int, iov: *const libc::iovec, nr: c_uint, off: u64);
    io_uring_prep_read_fixed(fd: c_int, buf: *mut c_void, n: c_uint, off: u64, idx: c_int);
    io_uring_prep_timeout(ts: *const __kernel_timespec, count: c_uint, flags: c_uint);
    io_uring_prep_link_timeout(ts: *const __kernel_timespec, flags: c_uint);
    io_uring_prep_accept_direct(fd: c_int, addr: *mut libc::sockaddr,
        len: *mut libc::socklen_t, flags: c_int, idx: c_uint);
    io_uring_prep_send_zc(fd: c_int, buf: *const c_void, len: usize, flags: c_int,
        zc_flags: c_uint);
    io_uring_prep_send_bundle(fd: c_int, len: usize, flags: c_int);
    io_uring_prep_sendmsg(fd: c_int, msg: *const libc::msghdr, flags: c_uint);
    io_uring_prep_recv_multishot(fd: c_int, buf: *mut c_void, len: usize, flags: c_int);
    io_uring_prep_recvmsg_multishot(fd: c_int, msg: *mut libc::msghdr, flags: c_uint);
    io_uring_prep_openat2_direct(dfd: c_int, path: *const core::ffi::c_char,
        how: *const open_how, idx: c_uint);
    io_uring_prep_cmd_sock(op: c_int, fd: c_int, level: c_int, optname: c_int,
        optval: *mut c_void, optlen: c_int);
    io_uring_prep_cmd_discard(fd: c_int, off: u64, n: u64);
    io_uring_prep_msg_ring_cqe_flags(fd: c_int, len: c_uint, data: u64, flags: c_uint,
        cqe_flags: c_uint);
    io_uring_prep_futex_wait(futex: *const u32, val: u64, mask: u64, fflags: u32,
        flags: c_uint);
    io_uring_prep_poll_multishot(fd: c_int, mask: c_uint);
    io_uring_prep_poll_update(old_ud: u64, new_ud: u64, mask: c_uint, flags: c_uint);
    io_uring_prep_splice(fd_in: c_int, off_in: i64, fd_out: c_int, off_out: i64, n: c_uint,
        flags: c_uint);
    io_uring_prep_socket_direct(domain: c_int, ty: c_int, protocol: c_int, idx: c_uint,
        flags: c_uint);
    io_uring_prep_files_update(fds: *mut c_int, nr: c_uint, off: c_int);
    io_uring_prep_fixed_fd_install(fd: c_int, flags: c_uint);
    io_uring_prep_cancel64(ud: u64, flags: c_int);
    io_uring_prep_waitid(idtype: libc::idtype_t, id: libc::id_t, infop: *mut libc::siginfo_t,
        options: c_int, flags: c_uint);
    io_uring_prep_fadvise64(fd: c_int, off: u64, len: libc::off_t, advice: c_int);
    io_uring_prep_sync_file_range(fd: c_int, len: c_uint, off: u64, flags: c_int);
    io_uring_prep_epoll_wait(fd: c_int, ev: *mut libc::epoll_event, maxevents: c_int,
        flags: c_uint);
    io_uring_sqe_set_flags(flags: c_uint);
    io_uring_sqe_set_data64(data: u64);
    io_uring_sqe_set_buf_group(bgid: c_int);
}

/// The C copies of the ring and buffer-ring helpers (src/twins.c).
mod c {
    use super::*;
    extern "C" {
        pub fn twin_c_io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe;
        pub fn twin_c_io_uring_get_sqe128(ring: *mut io_uring) -> *mut io_uring_sqe;
        pub fn twin_c_io_uring_sq_ready(ring: *const io_uring) -> c_uint;
        pub fn twin_c_io_uring_sq_space_left(ring: *const io_uring) -> c_uint;
        pub fn twin_c_io_uring_sqring_wait(ring: *mut io_uring) -> c_int;
        pub fn twin_c_io_uring_cq_ready(ring: *const io_uring) -> c_uint;
        pub fn twin_c_io_uring_cq_has_overflow(ring: *const io_uring) -> bool;
        pub fn twin_c_io_uring_cq_eventfd_toggle(ring: *mut io_uring, on: bool) -> c_int;
        pub fn twin_c_io_uring_cq_advance(ring: *mut io_uring, nr: c_uint);
        pub fn twin_c_io_uring_cqe_seen(ring: *mut io_uring, cqe: *mut io_uring_cqe);
        pub fn twin_c_io_uring_cqe_iter_init(ring: *const io_uring) -> io_uring_cqe_iter;
        pub fn twin_c_io_uring_cqe_iter_next(
            it: *mut io_uring_cqe_iter,
            cqe: *mut *mut io_uring_cqe,
        ) -> bool;
        pub fn twin_c___io_uring_peek_cqe(
            ring: *mut io_uring,
            cqe: *mut *mut io_uring_cqe,
            nr_available: *mut c_uint,
        ) -> c_int;
        pub fn twin_c_io_uring_peek_cqe(ring: *mut io_uring, cqe: *mut *mut io_uring_cqe) -> c_int;
        pub fn twin_c_io_uring_wait_cqe_nr(
            ring: *mut io_uring,
            cqe: *mut *mut io_uring_cqe,
            nr: c_uint,
        ) -> c_int;
        pub fn twin_c_io_uring_buf_ring_init(br: *mut io_uring_buf_ring);
        pub fn twin_c_io_uring_buf_ring_add(
            br: *mut io_uring_buf_ring,
            addr: *mut c_void,
            len: c_uint,
            bid: c_ushort,
            mask: c_int,
            offset: c_int,
        );
        pub fn twin_c_io_uring_buf_ring_advance(br: *mut io_uring_buf_ring, count: c_int);
        pub fn twin_c_io_uring_buf_ring_cq_advance(
            ring: *mut io_uring,
            br: *mut io_uring_buf_ring,
            count: c_int,
        );
    }
}

const MAX_SQ: usize = 16;
const MAX_CQ: usize = 32;
const NBUFS: usize = 32;

/// A ring in one block, so that two of them compare field by field.
#[repr(C)]
struct Image {
    ring: io_uring,
    /// SQ khead, ktail, kflags, kdropped; CQ khead, ktail, kflags, koverflow.
    words: [u32; 8],
    sq_array: [u32; MAX_SQ],
    sqes: [io_uring_sqe; 2 * MAX_SQ],
    /// 16-byte slots: room for MAX_CQ 32-byte CQEs.
    cqes: [io_uring_cqe; 2 * MAX_CQ],
    bufs: [io_uring_buf; NBUFS],
}

const SQ_KHEAD: usize = 0;
const CQ_KHEAD: usize = 4;
const CQ_KTAIL: usize = 5;

/// What an image is made of; built twice into identical copies.
struct Shape {
    flags: u32,
    features: u32,
    sq_entries: u32,
    cq_entries: u32,
    sq_khead: u32,
    sqe_head: u32,
    sqe_tail: u32,
    sq_kflags: u32,
    cq_khead: u32,
    cq_ktail: u32,
    cq_kflags: u32,
    no_cq_kflags: bool,
    fill_seed: u64,
}

impl Shape {
    fn decode(inp: &mut Input) -> Shape {
        const SETUP: [u32; 6] = [
            IORING_SETUP_SQE128,
            IORING_SETUP_CQE32,
            IORING_SETUP_SQE_MIXED,
            IORING_SETUP_CQE_MIXED,
            IORING_SETUP_SQPOLL,
            IORING_SETUP_IOPOLL,
        ];
        let bits = inp.u8();
        let flags = (0..SETUP.len())
            .filter(|i| bits & (1 << i) != 0)
            .fold(0, |f, i| f | SETUP[i]);
        let sq_entries = 1 << inp.below(5);
        let cq_entries = 2 * sq_entries;
        let sq_khead = inp.index();
        let sqe_head = sq_khead.wrapping_add(inp.below(sq_entries + 1));
        let sqe_tail = sqe_head.wrapping_add(inp.below(sq_entries + 2));
        let sq_kflags =
            inp.u8() as u32 & (IORING_SQ_NEED_WAKEUP | IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
        let cq_khead = inp.index();
        let cq_ktail = cq_khead.wrapping_add(inp.below(cq_entries + 1));
        let cq_bits = inp.u8();
        Shape {
            flags,
            features: if bits & 0x80 != 0 {
                IORING_FEAT_EXT_ARG
            } else {
                0
            },
            sq_entries,
            cq_entries,
            sq_khead,
            sqe_head,
            sqe_tail,
            sq_kflags,
            cq_khead,
            cq_ktail,
            cq_kflags: (cq_bits & 1) as u32 * IORING_CQ_EVENTFD_DISABLED,
            no_cq_kflags: cq_bits & 2 != 0,
            fill_seed: inp.u64(),
        }
    }
}

/// splitmix64, for the contents of an image: a few input bytes seed kilobytes of data.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// CQE flags worth trying: none, a 32-byte CQE, a skip entry, more to come, anything.
fn cqe_flags(r: u64) -> u32 {
    match r % 6 {
        0 => 0,
        1 => IORING_CQE_F_32,
        2 => IORING_CQE_F_SKIP,
        3 => IORING_CQE_F_MORE,
        4 => IORING_CQE_F_32 | IORING_CQE_F_SKIP,
        _ => (r >> 8) as u32,
    }
}

impl Image {
    fn build(s: &Shape) -> Box<Image> {
        // SAFETY: all-zero bytes are a valid Image (integers, null pointers).
        let mut im: Box<Image> = unsafe { Box::new_zeroed().assume_init() };
        let mut state = s.fill_seed;
        for b in im.sqes.iter_mut().flat_map(sqe_bytes) {
            *b = splitmix(&mut state) as u8;
        }
        for cqe in im.cqes.iter_mut() {
            let r = splitmix(&mut state);
            // Sometimes liburing's own timeout, which peek skips on kernels without EXT_ARG.
            cqe.user_data = if !r.is_multiple_of(8) {
                splitmix(&mut state)
            } else {
                u64::MAX
            };
            cqe.res = (r >> 8) as i32 % 4096;
            cqe.flags = cqe_flags(splitmix(&mut state));
        }
        for b in im.bufs.iter_mut() {
            b.addr = splitmix(&mut state);
            b.len = splitmix(&mut state) as u32;
            b.bid = splitmix(&mut state) as u16;
            b.resv = splitmix(&mut state) as u16;
        }
        im.words = [
            s.sq_khead,
            s.sqe_head,
            s.sq_kflags,
            0,
            s.cq_khead,
            s.cq_ktail,
            s.cq_kflags,
            0,
        ];
        let base: *mut Image = &mut *im;
        let r = &mut im.ring;
        r.flags = s.flags;
        r.features = s.features;
        r.ring_fd = -1;
        r.enter_ring_fd = -1;
        // SAFETY: field addresses inside the boxed image, which never moves.
        unsafe {
            let w = ptr::addr_of_mut!((*base).words).cast::<u32>();
            r.sq.khead = w;
            r.sq.ktail = w.add(1);
            r.sq.kflags = w.add(2);
            r.sq.kdropped = w.add(3);
            r.cq.khead = w.add(4);
            r.cq.ktail = w.add(5);
            r.cq.kflags = if s.no_cq_kflags {
                ptr::null_mut()
            } else {
                w.add(6)
            };
            r.cq.koverflow = w.add(7);
            r.sq.array = ptr::addr_of_mut!((*base).sq_array).cast();
            r.sq.sqes = ptr::addr_of_mut!((*base).sqes).cast();
            r.cq.cqes = ptr::addr_of_mut!((*base).cqes).cast();
        }
        r.sq.ring_mask = s.sq_entries - 1;
        r.sq.ring_entries = s.sq_entries;
        r.sq.sqe_head = s.sqe_head;
        r.sq.sqe_tail = s.sqe_tail;
        r.cq.ring_mask = s.cq_entries - 1;
        r.cq.ring_entries = s.cq_entries;
        im.fix_pairs();
        im
    }

    /// As the kernel posts them, a two-slot CQE never ends past the tail (both iterators trust
    /// it). Called after every step, as the head or the tail may have moved.
    fn fix_pairs(&mut self) {
        let (mut head, tail) = (self.words[CQ_KHEAD], self.words[CQ_KTAIL]);
        let shift = self.ring.cqe_shift();
        while head != tail {
            let slot = ((head & self.ring.cq.ring_mask) << shift) as usize;
            let c = &mut self.cqes[slot];
            if c.flags & IORING_CQE_F_32 != 0 && tail.wrapping_sub(head) < 2 {
                c.flags &= !IORING_CQE_F_32;
            }
            head = head.wrapping_add(1 << (c.flags & IORING_CQE_F_32 != 0) as u32);
        }
    }

    /// A pointer as an offset into the image (-1 for NULL), comparable across the two.
    fn off<T>(&self, p: *const T) -> i64 {
        if p.is_null() {
            -1
        } else {
            p as i64 - self as *const Image as i64
        }
    }

    /// CQ slots between head and tail.
    fn ready(&self) -> u32 {
        self.words[CQ_KTAIL].wrapping_sub(self.words[CQ_KHEAD])
    }

    /// The CQE at the head (what peek and wait hand out), or NULL on an empty ring.
    fn head_cqe(&mut self) -> *mut io_uring_cqe {
        if self.words[CQ_KHEAD] == self.words[CQ_KTAIL] {
            return ptr::null_mut();
        }
        let slot = (self.words[CQ_KHEAD] & self.ring.cq.ring_mask) << self.ring.cqe_shift();
        &mut self.cqes[slot as usize]
    }

    fn buf_ring(&mut self) -> *mut io_uring_buf_ring {
        self.bufs.as_mut_ptr().cast()
    }

    /// Everything a helper may change, by name, pointers as offsets.
    fn state(&self) -> [(&'static str, i64); 24] {
        let (r, w) = (&self.ring, &self.words);
        [
            ("sq.sqe_head", r.sq.sqe_head as i64),
            ("sq.sqe_tail", r.sq.sqe_tail as i64),
            ("sq.ring_mask", r.sq.ring_mask as i64),
            ("sq.ring_entries", r.sq.ring_entries as i64),
            ("cq.ring_mask", r.cq.ring_mask as i64),
            ("cq.ring_entries", r.cq.ring_entries as i64),
            ("flags", r.flags as i64),
            ("ring_fd", r.ring_fd as i64),
            ("features", r.features as i64),
            ("enter_ring_fd", r.enter_ring_fd as i64),
            ("int_flags", r.int_flags as i64),
            ("sq.khead", self.off(r.sq.khead)),
            ("sq.sqes", self.off(r.sq.sqes)),
            ("cq.khead", self.off(r.cq.khead)),
            ("cq.kflags", self.off(r.cq.kflags)),
            ("cq.cqes", self.off(r.cq.cqes)),
            ("*sq.khead", w[0] as i64),
            ("*sq.ktail", w[1] as i64),
            ("*sq.kflags", w[2] as i64),
            ("*sq.kdropped", w[3] as i64),
            ("*cq.khead", w[4] as i64),
            ("*cq.ktail", w[5] as i64),
            ("*cq.kflags", w[6] as i64),
            ("*cq.koverflow", w[7] as i64),
        ]
    }

    /// The data areas, as bytes: SQ array, SQEs, CQEs, buffer ring.
    fn data(&self) -> &[u8] {
        let start = std::mem::offset_of!(Image, sq_array);
        // SAFETY: the bytes from sq_array to the end of the image, all initialised integers.
        unsafe {
            std::slice::from_raw_parts(
                (self as *const Image).cast::<u8>().add(start),
                std::mem::size_of::<Image>() - start,
            )
        }
    }
}

fn sqe_bytes(sqe: &mut io_uring_sqe) -> &mut [u8] {
    // SAFETY: an SQE is 64 bytes of plain data.
    unsafe { std::slice::from_raw_parts_mut((sqe as *mut io_uring_sqe).cast(), 64) }
}

/// Calls the C copy (`$c`, a twin_c_ function) on image `a` and the Rust copy (`$r`) on image
/// `b`, with arguments written in terms of `$im`, the image in question, and `$k`, 0 for the
/// C copy and 1 for the Rust copy (to pick per-copy out-parameters).
macro_rules! both {
    ($a:ident, $b:ident, |$im:ident, $k:ident| $c:ident / $r:ident($($arg:expr),*)) => {{
        // SAFETY: the images are consistent rings; the arguments point into them.
        let x = unsafe {
            let ($im, $k) = (&mut *$a, 0usize);
            let _ = $k;
            c::$c($($arg),*)
        };
        // SAFETY: as above.
        let y = unsafe {
            let ($im, $k) = (&mut *$b, 1usize);
            let _ = $k;
            $r($($arg),*)
        };
        (x, y)
    }};
}

/// One step on both images; returns its description (if `describe`) and the values both
/// copies returned.
fn step(
    inp: &mut Input,
    a: &mut Image,
    b: &mut Image,
    describe: bool,
) -> (String, Vec<i64>, Vec<i64>) {
    let op = inp.below(16);
    let mut out = (Vec::new(), Vec::new());
    let name: String = match op {
        0 | 1 => {
            let (x, y) = if op == 0 {
                both!(a, b, |im, _k| twin_c_io_uring_get_sqe
                    / io_uring_get_sqe(&mut im.ring))
            } else {
                both!(a, b, |im, _k| twin_c_io_uring_get_sqe128
                    / io_uring_get_sqe128(&mut im.ring))
            };
            out = (vec![a.off(x)], vec![b.off(y)]);
            let mut name = describe!(describe, "{}", ["get_sqe", "get_sqe128"][op as usize]);
            if !x.is_null() && !y.is_null() && a.off(x) == b.off(y) {
                let case = SQE_CASES[inp.below(SQE_CASES.len() as u32) as usize];
                let call = case(inp, x, y, describe);
                name += &describe!(describe, ", then {call}");
            }
            name
        }
        2 => {
            let (x, y) = both!(a, b, |im, _k| twin_c_io_uring_sq_ready
                / io_uring_sq_ready(&im.ring));
            let (z, w) = both!(a, b, |im, _k| twin_c_io_uring_sq_space_left
                / io_uring_sq_space_left(&im.ring));
            out = (vec![x as i64, z as i64], vec![y as i64, w as i64]);
            describe!(describe, "sq_ready, sq_space_left")
        }
        3 => {
            let (x, y) = both!(a, b, |im, _k| twin_c_io_uring_cq_ready
                / io_uring_cq_ready(&im.ring));
            let (z, w) = both!(a, b, |im, _k| twin_c_io_uring_cq_has_overflow
                / io_uring_cq_has_overflow(&im.ring));
            out = (vec![x as i64, z as i64], vec![y as i64, w as i64]);
            describe!(describe, "cq_ready, cq_has_overflow")
        }
        4 => {
            // The fd is -1: a full SQPOLL ring fails to wait instead of waiting.
            let (x, y) = both!(a, b, |im, _k| twin_c_io_uring_sqring_wait
                / io_uring_sqring_wait(&mut im.ring));
            out = (vec![x as i64], vec![y as i64]);
            describe!(describe, "sqring_wait")
        }
        5 => {
            // Never past the tail: an application only hands back CQEs it has.
            let nr = inp.below(a.ready() + 1);
            both!(a, b, |im, _k| twin_c_io_uring_cq_advance
                / io_uring_cq_advance(&mut im.ring, nr));
            describe!(describe, "cq_advance({nr})")
        }
        6 => {
            both!(a, b, |im, _k| twin_c_io_uring_cqe_seen
                / io_uring_cqe_seen(&mut im.ring, im.head_cqe()));
            describe!(describe, "cqe_seen(head CQE)")
        }
        7 => {
            let steps = inp.below(MAX_CQ as u32 + 2);
            for (im, rust) in [(&mut *a, false), (&mut *b, true)] {
                // SAFETY: a consistent ring; `it` comes from iter_init on it.
                let v = unsafe {
                    let mut it = if rust {
                        io_uring_cqe_iter_init(&im.ring)
                    } else {
                        c::twin_c_io_uring_cqe_iter_init(&im.ring)
                    };
                    let mut v = Vec::new();
                    for _ in 0..steps {
                        let mut cqe = ptr::null_mut();
                        let more = if rust {
                            io_uring_cqe_iter_next(&mut it, &mut cqe)
                        } else {
                            c::twin_c_io_uring_cqe_iter_next(&mut it, &mut cqe)
                        };
                        v.extend([more as i64, im.off(cqe)]);
                    }
                    v.extend([
                        it.head as i64,
                        it.tail as i64,
                        it.mask as i64,
                        it.shift as i64,
                    ]);
                    v.push(im.off(it.cqes));
                    v
                };
                if rust {
                    out.1 = v;
                } else {
                    out.0 = v;
                }
            }
            describe!(describe, "cqe_iter_init + {steps} x cqe_iter_next")
        }
        8 => {
            let with_nr = inp.flag();
            let mut nr = [u32::MAX; 2];
            let mut cqe = [ptr::dangling_mut(); 2];
            let (x, y) = both!(a, b, |im, k| twin_c___io_uring_peek_cqe
                / __io_uring_peek_cqe(
                    &mut im.ring,
                    &mut cqe[k],
                    if with_nr { &mut nr[k] } else { ptr::null_mut() }
                ));
            out = (
                vec![x as i64, a.off(cqe[0]), nr[0] as i64],
                vec![y as i64, b.off(cqe[1]), nr[1] as i64],
            );
            describe!(describe, "__io_uring_peek_cqe")
        }
        9 | 10 => {
            let nr = inp.below(4);
            let mut cqe = [ptr::dangling_mut(); 2];
            let (x, y) = if op == 9 {
                both!(a, b, |im, k| twin_c_io_uring_peek_cqe
                    / io_uring_peek_cqe(&mut im.ring, &mut cqe[k]))
            } else {
                both!(a, b, |im, k| twin_c_io_uring_wait_cqe_nr
                    / io_uring_wait_cqe_nr(&mut im.ring, &mut cqe[k], nr))
            };
            out = (vec![x as i64, a.off(cqe[0])], vec![y as i64, b.off(cqe[1])]);
            if op == 9 {
                describe!(describe, "peek_cqe")
            } else {
                describe!(describe, "wait_cqe_nr({nr})")
            }
        }
        11 => {
            let (addr, len, bid) = (inp.u64() as usize as *mut c_void, inp.u32(), inp.u16());
            // The mask of a ring of at most NBUFS entries: the helper trusts it.
            let mask = (1 << inp.below(6)) - 1;
            let offset = inp.u32() as i32;
            both!(a, b, |im, _k| twin_c_io_uring_buf_ring_add
                / io_uring_buf_ring_add(
                    im.buf_ring(),
                    addr,
                    len,
                    bid,
                    mask,
                    offset
                ));
            describe!(
                describe,
                "buf_ring_add(addr={addr:?}, len={len}, bid={bid}, mask={mask}, offset={offset})"
            )
        }
        12 => {
            let count = inp.edgy() as i32;
            match inp.below(3) {
                0 => {
                    both!(a, b, |im, _k| twin_c_io_uring_buf_ring_advance
                        / io_uring_buf_ring_advance(im.buf_ring(), count));
                    describe!(describe, "buf_ring_advance({count})")
                }
                1 => {
                    let count = count.rem_euclid(a.ready() as i32 + 1);
                    both!(a, b, |im, _k| twin_c_io_uring_buf_ring_cq_advance
                        / io_uring_buf_ring_cq_advance(
                            &mut im.ring,
                            im.buf_ring(),
                            count
                        ));
                    describe!(describe, "buf_ring_cq_advance({count})")
                }
                _ => {
                    both!(a, b, |im, _k| twin_c_io_uring_buf_ring_init
                        / io_uring_buf_ring_init(im.buf_ring()));
                    describe!(describe, "buf_ring_init")
                }
            }
        }
        13 => {
            let on = inp.flag();
            let (x, y) = both!(a, b, |im, _k| twin_c_io_uring_cq_eventfd_toggle
                / io_uring_cq_eventfd_toggle(&mut im.ring, on));
            out = (vec![x as i64], vec![y as i64]);
            describe!(describe, "cq_eventfd_toggle({on})")
        }
        14 => {
            // The kernel's side: consume SQEs, post CQEs, change the SQ flags.
            let (sq, cq) = (inp.below(MAX_SQ as u32 + 1), inp.below(MAX_CQ as u32 + 1));
            let flags = inp.u8() as u32
                & (IORING_SQ_NEED_WAKEUP | IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
            for im in [&mut *a, &mut *b] {
                let sq = sq.min(im.ring.sq.sqe_tail.wrapping_sub(im.words[SQ_KHEAD]));
                im.words[SQ_KHEAD] = im.words[SQ_KHEAD].wrapping_add(sq);
                let room = im.ring.cq.ring_entries - im.ready();
                im.words[CQ_KTAIL] = im.words[CQ_KTAIL].wrapping_add(cq.min(room));
                im.words[2] = flags;
            }
            describe!(
                describe,
                "kernel: consume {sq} SQEs, post {cq} CQEs, SQ flags {flags:#x}"
            )
        }
        _ => {
            // A prep helper on a standalone SQE, prefilled from the input, with guard bytes.
            let fill = u64::from_ne_bytes([inp.u8(); 8]);
            let mut sqes = [[fill; 24]; 2];
            let [sc, sr] = &mut sqes;
            let case = SQE_CASES[inp.below(SQE_CASES.len() as u32) as usize];
            let call = case(
                inp,
                sc.as_mut_ptr().cast(),
                sr.as_mut_ptr().cast(),
                describe,
            );
            if let Some(i) = (0..192).find(|i| byte(sc, *i) != byte(sr, *i)) {
                out = (
                    vec![i as i64, byte(sc, i) as i64],
                    vec![i as i64, byte(sr, i) as i64],
                );
            }
            describe!(
                describe,
                "{call} on a standalone SQE (returned: [first differing byte, its value])"
            )
        }
    };
    (name, out.0, out.1)
}

fn byte(words: &[u64; 24], i: usize) -> u8 {
    words[i / 8].to_le_bytes()[i % 8]
}

pub fn run(data: &[u8]) {
    if replay(data, false).is_err() {
        // Once more, describing every step, for the report.
        let report = replay(data, true).unwrap_err();
        panic!("twins: {report}");
    }
}

/// Run the input's steps on two images; the first difference, with the steps so far (if
/// `describe`).
fn replay(data: &[u8], describe: bool) -> Result<(), String> {
    let mut inp = Input::new(data);
    let shape = Shape::decode(&mut inp);
    let (mut a, mut b) = (Image::build(&shape), Image::build(&shape));
    let mut steps = Vec::new();
    while !inp.is_empty() {
        let (name, x, y) = step(&mut inp, &mut a, &mut b, describe);
        steps.push(name);
        let (sa, sb) = (a.state(), b.state());
        let diff = if let Some(i) = (0..sa.len()).find(|i| sa[*i] != sb[*i]) {
            let (name, x, y) = (sa[i].0, sa[i].1, sb[i].1);
            format!("{name} is {x} after the header's copy, {y} after the library's")
        } else if a.data() != b.data() {
            let (da, db) = (a.data(), b.data());
            let i = (0..da.len()).find(|i| da[*i] != db[*i]).unwrap();
            format!("data byte {i} differs: {:#04x} vs {:#04x}", da[i], db[i])
        } else if x != y {
            format!("returned {x:?} in the header's copy, {y:?} in the library's")
        } else {
            a.fix_pairs();
            b.fix_pairs();
            continue;
        };
        return Err(format!(
            "{diff}\n  ring flags={:#x} features={:#x} sq={} cq={}\n  steps: {}",
            shape.flags,
            shape.features,
            shape.sq_entries,
            shape.cq_entries,
            steps.join("; ")
        ));
    }
    Ok(())
}
