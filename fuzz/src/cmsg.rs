//! `cmsg`: the parsers of a multishot recvmsg buffer (io_uring_recvmsg_validate, _name,
//! _payload, _payload_length, _cmsg_firsthdr, _cmsg_nexthdr) on random buffers and lengths,
//! the header's C copy and the library's Rust copy side by side.
//!
//! The buffer is allocated with exactly the length the kernel reported (the CQE's res), so ASan
//! reports any read outside it. Its contents are the input's bytes, control message lengths
//! included (any u64, up to lengths that wrap an address). The header's controllen is mostly
//! what the kernel writes (at most the msghdr's msg_controllen), sometimes anything: the
//! parsers must not believe more control data than the msghdr had room for. The checks:
//! - validate accepts exactly the buffers that hold the header, name and control area;
//! - name, payload and payload_length point inside the buffer (the payload is read whole);
//! - iterating firsthdr/nexthdr yields control messages that lie, header and announced length,
//!   inside the control area, each after the previous one (so the iteration ends), and does not
//!   stop before a message that fits;
//! - both copies return the same pointers.

use core::ffi::{c_int, c_uint, c_void};
use std::alloc::{alloc, dealloc, Layout};

use libc::{cmsghdr, msghdr};
use uring::prep::net::*;
use uring::uapi::io_uring_recvmsg_out;

use crate::input::Input;

mod c {
    use super::*;
    extern "C" {
        pub fn twin_c_io_uring_recvmsg_validate(
            buf: *mut c_void,
            len: c_int,
            msgh: *mut msghdr,
        ) -> *mut io_uring_recvmsg_out;
        pub fn twin_c_io_uring_recvmsg_name(o: *mut io_uring_recvmsg_out) -> *mut c_void;
        pub fn twin_c_io_uring_recvmsg_cmsg_firsthdr(
            o: *mut io_uring_recvmsg_out,
            msgh: *mut msghdr,
        ) -> *mut cmsghdr;
        pub fn twin_c_io_uring_recvmsg_cmsg_nexthdr(
            o: *mut io_uring_recvmsg_out,
            msgh: *mut msghdr,
            cmsg: *mut cmsghdr,
        ) -> *mut cmsghdr;
        pub fn twin_c_io_uring_recvmsg_payload(
            o: *mut io_uring_recvmsg_out,
            msgh: *mut msghdr,
        ) -> *mut c_void;
        pub fn twin_c_io_uring_recvmsg_payload_length(
            o: *mut io_uring_recvmsg_out,
            len: c_int,
            msgh: *mut msghdr,
        ) -> c_uint;
    }
}

const HDR: u64 = size_of::<io_uring_recvmsg_out>() as u64;
const CMSG_HDR: u128 = size_of::<cmsghdr>() as u128;

/// CMSG_ALIGN, without overflow.
fn align(len: u128) -> u128 {
    (len + 7) & !7
}

/// Exactly `len` bytes (at least one), aligned as a provided buffer would be.
struct Buf {
    ptr: *mut u8,
    layout: Layout,
}

impl Buf {
    fn new(len: usize, contents: &[u8]) -> Buf {
        let layout = Layout::from_size_align(len.max(1), 16).unwrap();
        // SAFETY: a non-zero size.
        let ptr = unsafe { alloc(layout) };
        assert!(!ptr.is_null(), "out of memory");
        for i in 0..len {
            // SAFETY: i < len.
            unsafe { *ptr.add(i) = contents.get(i).copied().unwrap_or(0) };
        }
        Buf { ptr, layout }
    }
}

impl Drop for Buf {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.ptr, self.layout) };
    }
}

/// Both copies of a parser; they must agree.
macro_rules! both {
    ($c:ident / $r:ident($($arg:expr),*)) => {{
        // SAFETY: the arguments are the buffer and msghdr under test, as their contracts ask.
        let (x, y) = unsafe { (c::$c($($arg),*), $r($($arg),*)) };
        assert_eq!(x, y, concat!(stringify!($r), ": the header's copy and the library's differ"));
        x
    }};
}

/// A control message's cmsg_len; its header lies inside the buffer (checked by the caller).
fn cmsg_len(c: *const cmsghdr) -> u128 {
    // SAFETY: the header is inside the buffer; it may be misaligned (after an odd name length).
    unsafe { std::ptr::addr_of!((*c).cmsg_len).read_unaligned() as u128 }
}

/// Check one nexthdr call on `cmsg`, a header inside the control area [start, end).
fn check_next(
    o: *mut io_uring_recvmsg_out,
    msgh: &mut msghdr,
    cmsg: *mut cmsghdr,
    end: u128,
) -> *mut cmsghdr {
    let next =
        both!(twin_c_io_uring_recvmsg_cmsg_nexthdr / io_uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg));
    let len = cmsg_len(cmsg);
    let at = cmsg as u128 + align(len);
    let fits = len >= CMSG_HDR && at + CMSG_HDR <= end;
    if next.is_null() {
        // It may stop only when the next message does not fit (or announces less than a header).
        assert!(
            !fits || {
                let next_len = cmsg_len(at as usize as *const cmsghdr);
                next_len < CMSG_HDR || at + align(next_len) > end
            },
            "nexthdr stopped before a control message that fits (cmsg_len {len})"
        );
        return next;
    }
    assert!(
        fits && next as u128 == at,
        "nexthdr returned {next:?}, not the header {} bytes after {cmsg:?} inside the control \
         area ending at {end:#x} (cmsg_len {len:#x})",
        align(len)
    );
    let next_len = cmsg_len(next);
    assert!(
        at + align(next_len) <= end,
        "nexthdr returned a message of cmsg_len {next_len:#x} that ends past the control area"
    );
    next
}

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let hostile = inp.below(4) == 0;
    // The CQE's res: an error, or the bytes the kernel wrote.
    let res: i32 = match inp.below(8) {
        0 => -(inp.below(200) as i32),
        1 => inp.u16() as i32,
        _ => inp.below(512) as i32,
    };
    // SAFETY: all-zero is a valid msghdr (no name, no iovec, no control buffer).
    let mut msgh: msghdr = unsafe { std::mem::zeroed() };
    msgh.msg_namelen = match inp.below(6) {
        0 => 0,
        1 => 16, // sockaddr_in
        2 => 28, // sockaddr_in6
        3 => inp.u32(),
        _ => inp.below(64),
    };
    msgh.msg_controllen = match inp.below(5) {
        0 => 0,
        1 => inp.u64() as usize,
        2 => inp.below(1024) as usize,
        _ => inp.below(256) as usize,
    };
    let len = res.max(0) as usize;
    let buf = Buf::new(len, inp.bytes(len));
    let o = buf.ptr.cast::<io_uring_recvmsg_out>();
    if len >= HDR as usize && !hostile {
        // The kernel never reports more control data than the msghdr has room for.
        let room = msgh.msg_controllen.min(u32::MAX as usize) as u32;
        // SAFETY: the header is inside the buffer.
        unsafe { (*o).controllen = (*o).controllen.min(room) };
    }

    let (namelen, controllen) = (msgh.msg_namelen as u64, msgh.msg_controllen as u64);
    let valid = res >= 0 && res as u128 >= HDR as u128 + namelen as u128 + controllen as u128;
    let out = both!(
        twin_c_io_uring_recvmsg_validate
            / io_uring_recvmsg_validate(buf.ptr.cast(), res, &mut msgh)
    );
    assert_eq!(
        out,
        if valid { o } else { std::ptr::null_mut() },
        "validate(res {res}, namelen {namelen}, controllen {controllen})"
    );
    if out.is_null() {
        return;
    }
    let base = buf.ptr as u128;

    let name = both!(twin_c_io_uring_recvmsg_name / io_uring_recvmsg_name(o));
    assert_eq!(name as u128, base + HDR as u128, "name");
    let payload = both!(twin_c_io_uring_recvmsg_payload / io_uring_recvmsg_payload(o, &mut msgh));
    let start = HDR + namelen + controllen;
    assert_eq!(payload as u128, base + start as u128, "payload");
    let plen = both!(
        twin_c_io_uring_recvmsg_payload_length / io_uring_recvmsg_payload_length(o, res, &mut msgh)
    );
    assert_eq!(plen as u64, res as u64 - start, "payload_length");
    // SAFETY: [payload, payload + plen) was just checked to end at the buffer's end.
    let bytes = unsafe { std::slice::from_raw_parts(payload.cast::<u8>(), plen as usize) };
    std::hint::black_box(bytes.iter().fold(0u8, |a, b| a ^ b));

    // The control area: as much as the header says, but no more than the msghdr had.
    // SAFETY: the header is inside the buffer.
    let area = (unsafe { (*o).controllen } as u128).min(controllen as u128);
    let first =
        both!(twin_c_io_uring_recvmsg_cmsg_firsthdr / io_uring_recvmsg_cmsg_firsthdr(o, &mut msgh));
    let area_start = base + HDR as u128 + namelen as u128;
    let end = area_start + area;
    if area < CMSG_HDR {
        assert!(
            first.is_null(),
            "firsthdr with {area} bytes of control data"
        );
        return;
    }
    assert_eq!(first as u128, area_start, "firsthdr");
    let mut cmsg = first;
    let mut steps = 0;
    while !cmsg.is_null() {
        // Each message takes at least a header: more steps than that means it went back.
        steps += 1;
        assert!(steps <= area / CMSG_HDR, "nexthdr does not end");
        cmsg = check_next(o, &mut msgh, cmsg, end);
    }
    // nexthdr on any header inside the area, not just those the iteration reached.
    let probe = area_start + 8 * inp.below((area / 8) as u32) as u128;
    if probe + CMSG_HDR <= end {
        check_next(o, &mut msgh, probe as usize as *mut cmsghdr, end);
    }
}
