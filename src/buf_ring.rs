//! Provided-buffer rings: setting one up in application memory and registering it
//! (`io_uring_setup_buf_ring`), tearing it down, and the helpers that hand buffers to the kernel.
//!
//! The ring is an array of `struct io_uring_buf`; the first entry's last 16 bits are the tail,
//! which only the application writes and publishes with a release store. The kernel owns the
//! head (read it with `io_uring_buf_ring_head`).

use core::ffi::{c_int, c_uint, c_ushort, c_void};
use core::mem::{offset_of, size_of};
use core::ptr::{self, addr_of_mut};
use core::sync::atomic::{AtomicU16, Ordering};

use crate::complete::io_uring_cq_advance;
use crate::register::{
    io_uring_buf_ring_head, io_uring_register_buf_ring, io_uring_unregister_buf_ring,
};
use crate::ring::io_uring;
use crate::sys;
use crate::uapi::*;

/// Bytes of a ring of `nentries` buffers.
#[inline(always)]
fn ring_size(nentries: c_uint) -> usize {
    nentries as usize * size_of::<io_uring_buf>()
}

/// The tail word of ring `br`: it overlays the `resv` field of the first entry.
#[inline(always)]
fn tail_ptr(br: *mut io_uring_buf_ring) -> *mut __u16 {
    br.cast::<u8>()
        .wrapping_add(offset_of!(io_uring_buf, resv))
        .cast()
}

/// allocate and register a provided-buffer ring
///
/// Map memory for a ring of @nentries struct io_uring_buf entries (anonymous memory private to the
/// process), register it with @ring as buffer group @bgid through io_uring_register_buf_ring() with
/// @flags, and initialise it empty. Requests with IOSQE_BUFFER_SELECT and sqe->buf_group set to
/// @bgid then take their buffers from this ring. Add buffers with io_uring_buf_ring_add() and hand
/// them to the kernel with io_uring_buf_ring_advance().
///
/// @nentries must be a power of two no larger than 32768; @bgid is taken modulo 65536. @flags may
/// hold IOU_PBUF_RING_INC: buffers are then consumed incrementally, each completion using the part
/// of a buffer that follows what the previous one used, and a completion with IORING_CQE_F_BUF_MORE
/// in its flags leaves the buffer in use (Linux 6.12).
///
/// If @err is not NULL, *@err is set to 0 on success and to the negative errno on failure.
///
/// Return: the buffer ring, or NULL on failure.
///
/// Errors:
/// -EINVAL: @nentries is 0, not a power of two, or larger than 32768; @flags holds a bit the kernel
/// does not know; or the kernel does not support provided-buffer rings (before Linux 5.19).
/// -EEXIST: buffer group @bgid is already in use on @ring.
/// -ENOMEM: the ring memory could not be mapped, or the kernel is short of memory.
///
/// Notes: Provided-buffer rings are available since Linux 5.19. Release the ring with
/// io_uring_free_buf_ring(), which unregisters and unmaps it; io_uring_queue_exit() does not unmap
/// it. On a 32-bit system the kernel may refuse memory in high memory with -EINVAL. Unlike
/// liburing, a NULL @err is accepted.
///
/// Safety: @ring must be an initialised ring; @err must be NULL or point to a writable int.
///
/// See also: io_uring_free_buf_ring(3), io_uring_register_buf_ring(3), io_uring_buf_ring_add(3),
/// io_uring_buf_ring_advance(3), io_uring_buf_ring_cq_advance(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_setup_buf_ring(
    ring: *mut io_uring,
    nentries: c_uint,
    bgid: c_int,
    flags: c_uint,
    err: *mut c_int,
) -> *mut io_uring_buf_ring {
    let size = ring_size(nentries);
    let report = |e: c_int| {
        if !err.is_null() {
            // SAFETY: checked non-null; writable per the contract.
            unsafe { *err = e };
        }
    };
    let prot = libc::PROT_READ | libc::PROT_WRITE;
    // SAFETY: a fresh anonymous mapping, nothing else refers to it.
    let br = match unsafe {
        sys::mmap(
            ptr::null_mut(),
            size,
            prot,
            libc::MAP_ANONYMOUS | libc::MAP_PRIVATE,
            -1,
            0,
        )
    } {
        Ok(p) => p.cast::<io_uring_buf_ring>(),
        Err(e) => {
            report(e);
            return ptr::null_mut();
        }
    };
    let mut reg = io_uring_buf_reg {
        ring_addr: br as usize as __u64,
        ring_entries: nentries,
        bgid: bgid as __u16,
        ..Default::default()
    };
    // SAFETY: `reg` describes the mapping just made; the caller passes an initialised ring.
    let ret = unsafe { io_uring_register_buf_ring(ring, &mut reg, flags) };
    if ret != 0 {
        // SAFETY: the mapping was made above and the kernel did not take it.
        unsafe { sys::munmap(br.cast(), size) };
        report(ret);
        return ptr::null_mut();
    }
    report(0);
    // SAFETY: `br` is the live, writable mapping just registered.
    unsafe { io_uring_buf_ring_init(br) };
    br
}

/// unregister and free a provided-buffer ring
///
/// Unregister buffer group @bgid from @ring with io_uring_unregister_buf_ring(), then unmap its
/// ring @br of @nentries entries, as set up by io_uring_setup_buf_ring(). @nentries must be the
/// count given at setup, since it determines how much is unmapped. The buffers that were added to
/// the ring belong to the application and are not freed.
///
/// Return: 0 on success, or a negative errno; on failure @br stays registered and mapped.
///
/// Errors:
/// -ENOENT: no buffer group @bgid is registered on @ring.
/// -EINVAL: buffer group @bgid is not a buffer ring (it holds buffers from
/// IORING_OP_PROVIDE_BUFFERS), or the kernel has no provided-buffer rings.
///
/// Safety: @ring must be an initialised ring; @br and @nentries must be what
/// io_uring_setup_buf_ring() returned and was given for @bgid. @br must not be used afterwards.
///
/// See also: io_uring_setup_buf_ring(3), io_uring_unregister_buf_ring(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_free_buf_ring(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    nentries: c_uint,
    bgid: c_int,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ret = unsafe { io_uring_unregister_buf_ring(ring, bgid) };
    if ret != 0 {
        return ret;
    }
    // SAFETY: the kernel no longer uses the ring; the caller gives up `br`.
    unsafe { sys::munmap(br.cast(), ring_size(nentries)) };
    0
}

/// The index mask for a ring of `ring_entries` buffers (`ring_entries - 1`).
#[no_mangle]
pub extern "C" fn io_uring_buf_ring_mask(ring_entries: __u32) -> c_int {
    ring_entries.wrapping_sub(1) as c_int
}

/// Reset the ring's tail to 0 (an empty ring).
///
/// # Safety
/// `br` must be a valid, writable buffer ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_init(br: *mut io_uring_buf_ring) {
    // SAFETY: the caller passes a writable ring.
    unsafe { tail_ptr(br).write(0) };
}

/// Fill the entry `buf_offset` places after the tail (modulo `mask`) with buffer `addr`,
/// `len` bytes, id `bid`. The kernel sees it after `io_uring_buf_ring_advance`.
///
/// # Safety
/// `br` must be a valid, writable buffer ring whose mask is `mask`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_add(
    br: *mut io_uring_buf_ring,
    addr: *mut c_void,
    len: c_uint,
    bid: c_ushort,
    mask: c_int,
    buf_offset: c_int,
) {
    // SAFETY: the caller passes a valid ring; only the application writes the tail.
    let tail = unsafe { tail_ptr(br).read() };
    let index = (tail as c_int).wrapping_add(buf_offset) & mask;
    // SAFETY: `index` is within the ring for the ring's own mask, as the caller guarantees.
    unsafe {
        let buf = br.cast::<io_uring_buf>().wrapping_offset(index as isize);
        addr_of_mut!((*buf).addr).write(addr as usize as __u64);
        addr_of_mut!((*buf).len).write(len);
        addr_of_mut!((*buf).bid).write(bid);
    }
}

/// Make `count` entries added since the last advance visible to the kernel (release store of
/// the new tail, so the entries are written before the kernel can see them).
///
/// # Safety
/// `br` must be a valid, writable buffer ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_advance(br: *mut io_uring_buf_ring, count: c_int) {
    let tail = tail_ptr(br);
    // SAFETY: the caller passes a valid ring; the tail is aligned and only the application writes it.
    unsafe {
        let new_tail = tail.read().wrapping_add(count as __u16);
        AtomicU16::from_ptr(tail).store(new_tail, Ordering::Release);
    }
}

/// Advance the buffer ring by `buf_count` entries and the CQ by `cq_count` CQEs.
///
/// # Safety
/// `ring` must be an initialised ring, `br` a valid, writable buffer ring.
#[no_mangle]
pub unsafe extern "C" fn __io_uring_buf_ring_cq_advance(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    cq_count: c_int,
    buf_count: c_int,
) {
    // SAFETY: as for this function.
    unsafe {
        io_uring_buf_ring_advance(br, buf_count);
        io_uring_cq_advance(ring, cq_count as c_uint);
    }
}

/// Give `count` buffers back to the kernel and mark `count` CQEs seen, in one step.
///
/// # Safety
/// `ring` must be an initialised ring, `br` a valid, writable buffer ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_cq_advance(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    count: c_int,
) {
    // SAFETY: as for this function.
    unsafe { __io_uring_buf_ring_cq_advance(ring, br, count, count) }
}

/// How many buffers of ring `br` (buffer group `bgid`) the kernel has not consumed yet,
/// or -errno (e.g. when the kernel cannot report the head).
///
/// # Safety
/// `ring` must be an initialised ring, `br` the valid buffer ring registered as `bgid`.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_available(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    bgid: c_ushort,
) -> c_int {
    let mut head: u16 = 0;
    // SAFETY: the caller passes an initialised ring; `head` is writable.
    let ret = unsafe { io_uring_buf_ring_head(ring, bgid as c_int, &mut head) };
    if ret != 0 {
        return ret;
    }
    // SAFETY: the caller passes a valid ring; only the application writes the tail.
    let tail = unsafe { tail_ptr(br).read() };
    tail.wrapping_sub(head) as c_int
}
