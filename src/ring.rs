//! The library's own state: `struct io_uring` and its parts, laid out exactly as liburing 2.15
//! lays them out. Binaries compiled against liburing's headers inline code that reads and writes
//! these fields directly, so every field keeps liburing's meaning.

use core::ffi::{c_int, c_uint, c_void};
use core::sync::atomic::{AtomicU32, Ordering};

use crate::uapi::{__u32, __u8, io_uring_cqe, io_uring_sqe, io_uring_zcrx_rqe};

/// Submission queue: pointers into the shared SQ ring plus the application's private indices.
#[repr(C)]
pub struct io_uring_sq {
    pub khead: *mut c_uint,
    pub ktail: *mut c_uint,
    /// Deprecated: use ring_mask instead of *kring_mask.
    pub kring_mask: *mut c_uint,
    /// Deprecated: use ring_entries instead of *kring_entries.
    pub kring_entries: *mut c_uint,
    pub kflags: *mut c_uint,
    pub kdropped: *mut c_uint,
    pub array: *mut c_uint,
    pub sqes: *mut io_uring_sqe,
    pub sqe_head: c_uint,
    pub sqe_tail: c_uint,
    pub ring_sz: usize,
    pub ring_ptr: *mut c_void,
    pub ring_mask: c_uint,
    pub ring_entries: c_uint,
    pub sqes_sz: c_uint,
    pub pad: c_uint,
}

/// Completion queue: pointers into the shared CQ ring.
#[repr(C)]
pub struct io_uring_cq {
    pub khead: *mut c_uint,
    pub ktail: *mut c_uint,
    /// Deprecated: use ring_mask instead of *kring_mask.
    pub kring_mask: *mut c_uint,
    /// Deprecated: use ring_entries instead of *kring_entries.
    pub kring_entries: *mut c_uint,
    pub kflags: *mut c_uint,
    pub koverflow: *mut c_uint,
    pub cqes: *mut io_uring_cqe,
    pub ring_sz: usize,
    pub ring_ptr: *mut c_void,
    pub ring_mask: c_uint,
    pub ring_entries: c_uint,
    pub pad: [c_uint; 2],
}

/// One io_uring instance, as set up by io_uring_queue_init() and its variants.
#[repr(C)]
pub struct io_uring {
    pub sq: io_uring_sq,
    pub cq: io_uring_cq,
    pub flags: c_uint,
    pub ring_fd: c_int,
    pub features: c_uint,
    pub enter_ring_fd: c_int,
    pub int_flags: __u8,
    pub pad: [__u8; 3],
    pub pad2: c_uint,
}

/// Iterator state behind io_uring_for_each_cqe().
#[repr(C)]
pub struct io_uring_cqe_iter {
    pub cqes: *mut io_uring_cqe,
    pub mask: c_uint,
    pub shift: c_uint,
    pub head: c_uint,
    pub tail: c_uint,
}

/// A zero-copy receive refill queue, as mapped for io_uring_register_ifq().
#[repr(C)]
pub struct io_uring_zcrx_rq {
    pub khead: *mut __u32,
    pub ktail: *mut __u32,
    pub rq_tail: __u32,
    pub ring_entries: c_uint,
    pub rqes: *mut io_uring_zcrx_rqe,
    pub ring_ptr: *mut c_void,
}

/// Bits of `io_uring.int_flags`. Their values are liburing's: binaries built against liburing
/// 2.15 do not read them, but a ring set up by one library version may be handed to another.
pub(crate) mod int_flag {
    use crate::uapi::{IORING_ENTER_NO_IOWAIT, IORING_ENTER_REGISTERED_RING};
    /// The ring fd is registered: `enter_ring_fd` is an index, pass IORING_ENTER_REGISTERED_RING.
    pub(crate) const REG_RING: u8 = IORING_ENTER_REGISTERED_RING as u8;
    /// `io_uring_set_iowait(ring, false)`: pass IORING_ENTER_NO_IOWAIT.
    pub(crate) const NO_IOWAIT: u8 = IORING_ENTER_NO_IOWAIT as u8;
    /// Registration calls also go through the registered index (REGISTERED_FD_ONLY rings).
    pub(crate) const REG_REG_RING: u8 = 1;
    /// The rings live in application memory (`io_uring_queue_init_mem`): do not unmap them.
    pub(crate) const APP_MEM: u8 = 2;
    /// IOPOLL without SQPOLL: completions only appear by entering the kernel.
    pub(crate) const CQ_ENTER: u8 = 4;
    /// The kernel loses forced-async sockopt commands: strip IOSQE_ASYNC (see `quirks`).
    /// Not a liburing bit; liburing 2.15 leaves it clear.
    pub(crate) const SOCKOPT_ASYNC_QUIRK: u8 = 8;
    /// The int_flags bits that are passed to io_uring_enter as they are.
    pub(crate) const ENTER_MASK: u8 = REG_RING | NO_IOWAIT;
}

/// Load-acquire of a word the kernel writes (CQ tail, SQ head under SQPOLL).
///
/// # Safety
/// `p` must point to a live, aligned `u32` in the shared ring.
#[inline(always)]
pub unsafe fn load_acquire(p: *const c_uint) -> c_uint {
    // SAFETY: the caller guarantees a valid, aligned pointer; the kernel only writes it atomically.
    unsafe { AtomicU32::from_ptr(p as *mut u32) }.load(Ordering::Acquire)
}

/// Store-release of a word the kernel reads (SQ tail, CQ head, buffer-ring tail).
///
/// # Safety
/// `p` must point to a live, aligned `u32` in the shared ring.
#[inline(always)]
pub unsafe fn store_release(p: *mut c_uint, v: c_uint) {
    // SAFETY: as for `load_acquire`.
    unsafe { AtomicU32::from_ptr(p) }.store(v, Ordering::Release)
}

/// A single-copy read of a word the kernel may change at any time (`READ_ONCE`).
///
/// # Safety
/// `p` must point to a live, aligned `u32` in the shared ring.
#[inline(always)]
pub unsafe fn read_once(p: *const c_uint) -> c_uint {
    // SAFETY: as for `load_acquire`.
    unsafe { AtomicU32::from_ptr(p as *mut u32) }.load(Ordering::Relaxed)
}

/// A single-copy write of a word the kernel reads (`WRITE_ONCE`).
///
/// # Safety
/// `p` must point to a live, aligned `u32` in the shared ring.
#[inline(always)]
pub unsafe fn write_once(p: *mut c_uint, v: c_uint) {
    // SAFETY: as for `load_acquire`.
    unsafe { AtomicU32::from_ptr(p) }.store(v, Ordering::Relaxed)
}

impl io_uring {
    /// Forget the torn-down ring: no mappings and no fd, so that a second `io_uring_queue_exit`
    /// has nothing to unmap or close.
    pub(crate) fn mark_exited(&mut self) {
        // SAFETY: every field is an integer or a raw pointer, for which zero bytes are valid.
        unsafe { core::ptr::write_bytes(self as *mut io_uring, 0, 1) };
        self.ring_fd = -1;
        self.enter_ring_fd = -1;
    }

    /// Whether `mark_exited` left the ring so.
    pub(crate) fn is_exited(&self) -> bool {
        self.ring_fd == -1 && self.sq.ring_ptr.is_null() && self.cq.ring_ptr.is_null()
    }

    /// The int_flags bits every io_uring_enter call on this ring carries.
    #[inline(always)]
    pub fn enter_flags(&self) -> c_uint {
        (self.int_flags & int_flag::ENTER_MASK) as c_uint
    }

    /// 1 for 128-byte SQEs (IORING_SETUP_SQE128), else 0.
    #[inline(always)]
    pub fn sqe_shift(&self) -> c_uint {
        crate::uapi::sqe_shift_from_flags(self.flags)
    }

    /// 1 for 32-byte CQEs (IORING_SETUP_CQE32), else 0.
    #[inline(always)]
    pub fn cqe_shift(&self) -> c_uint {
        crate::uapi::cqe_shift_from_flags(self.flags)
    }

    /// The kernel's SQ head. Only SQPOLL needs acquire ordering: otherwise we drive it ourselves.
    #[inline(always)]
    pub fn load_sq_head(&self) -> c_uint {
        // SAFETY: khead points into the mapped SQ ring for the lifetime of an initialised ring.
        unsafe {
            if self.flags & crate::uapi::IORING_SETUP_SQPOLL != 0 {
                load_acquire(self.sq.khead)
            } else {
                *self.sq.khead
            }
        }
    }

    /// The SQ ring flags word (`IORING_SQ_NEED_WAKEUP`, `IORING_SQ_CQ_OVERFLOW`, ...).
    #[inline(always)]
    pub fn sq_flags(&self) -> c_uint {
        // SAFETY: kflags points into the mapped SQ ring.
        unsafe { read_once(self.sq.kflags) }
    }
}
