//! Ring setup and teardown: sizing, mmap (or application memory with NO_MMAP), sharing the
//! pointers with `struct io_uring`, and the matching unmap/close on exit.

use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;
use core::ptr;

use crate::ring::{int_flag, io_uring, io_uring_cq, io_uring_sq};
use crate::sys;
use crate::uapi::*;

/// The kernel's limits on SQ and CQ entries (without IORING_SETUP_CLAMP they are errors).
const KERN_MAX_ENTRIES: c_uint = 32768;
const KERN_MAX_CQ_ENTRIES: c_uint = 2 * KERN_MAX_ENTRIES;
/// Room the kernel needs in front of the CQEs for the ring heads, tails, masks and flags.
const KRING_SIZE: usize = 64;
const HUGE_PAGE_SIZE: usize = 2 * 1024 * 1024;
const MAP_HUGE_2MB: c_int = 21 << 26;

pub(crate) fn page_size() -> usize {
    4096
}

fn align_up(v: usize, to: usize) -> usize {
    (v + to - 1) & !(to - 1)
}

fn roundup_pow2(v: c_uint) -> c_uint {
    if v <= 1 {
        1
    } else {
        1 << (32 - (v - 1).leading_zeros())
    }
}

/// SQ and CQ sizes the kernel will choose for `entries` and `p`'s flags, or -EINVAL.
fn sq_cq_entries(entries: c_uint, p: &io_uring_params) -> Result<(c_uint, c_uint), c_int> {
    let clamp = p.flags & IORING_SETUP_CLAMP != 0;
    if entries == 0 || (entries > KERN_MAX_ENTRIES && !clamp) {
        return Err(-libc::EINVAL);
    }
    let sq = roundup_pow2(entries.min(KERN_MAX_ENTRIES));
    if p.flags & IORING_SETUP_CQSIZE == 0 {
        return Ok((sq, 2 * sq));
    }
    if p.cq_entries == 0 || (p.cq_entries > KERN_MAX_CQ_ENTRIES && !clamp) {
        return Err(-libc::EINVAL);
    }
    let cq = roundup_pow2(p.cq_entries.min(KERN_MAX_CQ_ENTRIES));
    if cq < sq {
        return Err(-libc::EINVAL);
    }
    Ok((sq, cq))
}

fn sqes_bytes(flags: c_uint, entries: c_uint) -> usize {
    ((entries as usize) << sqe_shift_from_flags(flags)) * size_of::<io_uring_sqe>()
}

fn cqes_bytes(flags: c_uint, entries: c_uint) -> usize {
    ((entries as usize) << cqe_shift_from_flags(flags)) * size_of::<io_uring_cqe>()
}

/// Unmap the SQ and CQ rings (not the SQE array), once each.
///
/// # Safety
/// The ring pointers must be this process's mappings (or null/zero-sized).
pub(crate) unsafe fn unmap_rings(sq: &io_uring_sq, cq: &io_uring_cq) {
    // SAFETY: these are the mappings made by `mmap_rings` or `alloc_rings`.
    unsafe {
        if sq.ring_sz != 0 {
            sys::munmap(sq.ring_ptr, sq.ring_sz);
        }
        if !cq.ring_ptr.is_null() && cq.ring_sz != 0 && cq.ring_ptr != sq.ring_ptr {
            sys::munmap(cq.ring_ptr, cq.ring_sz);
        }
    }
}

/// Point the `k*` fields at the offsets the kernel reported in `p`, and cache masks and sizes.
///
/// # Safety
/// `sq.ring_ptr` and `cq.ring_ptr` must be the ring mappings that `p` describes.
pub(crate) unsafe fn setup_ring_pointers(
    p: &io_uring_params,
    sq: &mut io_uring_sq,
    cq: &mut io_uring_cq,
) {
    let s = sq.ring_ptr.cast::<u8>();
    let c = cq.ring_ptr.cast::<u8>();
    // SAFETY: every offset comes from the kernel and lies inside its mapping.
    unsafe {
        sq.khead = s.add(p.sq_off.head as usize).cast();
        sq.ktail = s.add(p.sq_off.tail as usize).cast();
        sq.kring_mask = s.add(p.sq_off.ring_mask as usize).cast();
        sq.kring_entries = s.add(p.sq_off.ring_entries as usize).cast();
        sq.kflags = s.add(p.sq_off.flags as usize).cast();
        sq.kdropped = s.add(p.sq_off.dropped as usize).cast();
        if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
            sq.array = s.add(p.sq_off.array as usize).cast();
        }
        cq.khead = c.add(p.cq_off.head as usize).cast();
        cq.ktail = c.add(p.cq_off.tail as usize).cast();
        cq.kring_mask = c.add(p.cq_off.ring_mask as usize).cast();
        cq.kring_entries = c.add(p.cq_off.ring_entries as usize).cast();
        cq.koverflow = c.add(p.cq_off.overflow as usize).cast();
        cq.cqes = c.add(p.cq_off.cqes as usize).cast();
        if p.cq_off.flags != 0 {
            cq.kflags = c.add(p.cq_off.flags as usize).cast();
        }
        sq.ring_mask = *sq.kring_mask;
        sq.ring_entries = *sq.kring_entries;
        cq.ring_mask = *cq.kring_mask;
        cq.ring_entries = *cq.kring_entries;
    }
}

fn map_shared(len: usize, fd: c_int, off: u64) -> Result<*mut c_void, c_int> {
    let prot = libc::PROT_READ | libc::PROT_WRITE;
    // SAFETY: a fresh mapping chosen by the kernel; nothing aliases it yet.
    unsafe {
        sys::mmap(
            ptr::null_mut(),
            len,
            prot,
            libc::MAP_SHARED | libc::MAP_POPULATE,
            fd,
            off as i64,
        )
    }
}

/// mmap the SQ ring, CQ ring and SQE array of ring `fd` into `sq`/`cq`.
///
/// # Safety
/// `p` must be what io_uring_setup(2) returned for `fd`.
pub(crate) unsafe fn mmap_rings(
    fd: c_int,
    p: &io_uring_params,
    sq: &mut io_uring_sq,
    cq: &mut io_uring_cq,
) -> c_int {
    sq.ring_sz = p.sq_off.array as usize + p.sq_entries as usize * size_of::<c_uint>();
    cq.ring_sz = p.cq_off.cqes as usize + cqes_bytes(p.flags, p.cq_entries);
    let single = p.features & IORING_FEAT_SINGLE_MMAP != 0;
    if single {
        sq.ring_sz = sq.ring_sz.max(cq.ring_sz);
        cq.ring_sz = sq.ring_sz;
    }
    sq.ring_ptr = match map_shared(sq.ring_sz, fd, IORING_OFF_SQ_RING as u64) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let result = (|| {
        cq.ring_ptr = if single {
            sq.ring_ptr
        } else {
            map_shared(cq.ring_sz, fd, IORING_OFF_CQ_RING as u64)?
        };
        let sqes_sz = sqes_bytes(p.flags, p.sq_entries);
        sq.sqes_sz = c_uint::try_from(sqes_sz).map_err(|_| -libc::EINVAL)?;
        sq.sqes = map_shared(sqes_sz, fd, IORING_OFF_SQES as u64)?.cast();
        Ok(())
    })();
    match result {
        Ok(()) => {
            // SAFETY: both rings are mapped as `p` describes.
            unsafe { setup_ring_pointers(p, sq, cq) };
            0
        }
        Err(e) => {
            // SAFETY: undo exactly what was mapped above.
            unsafe { unmap_rings(sq, cq) };
            e
        }
    }
}

/// Anonymous shared memory for NO_MMAP rings: one page, or a 2 MiB huge page when more is needed.
fn map_anon(needed: usize) -> Result<(*mut c_void, usize), c_int> {
    let (len, huge) = if needed <= page_size() {
        (page_size(), 0)
    } else {
        (HUGE_PAGE_SIZE, libc::MAP_HUGETLB | MAP_HUGE_2MB)
    };
    let prot = libc::PROT_READ | libc::PROT_WRITE;
    let flags = libc::MAP_SHARED | libc::MAP_ANONYMOUS | huge;
    // SAFETY: a fresh anonymous mapping.
    unsafe { sys::mmap(ptr::null_mut(), len, prot, flags, -1, 0) }.map(|p| (p, len))
}

/// For IORING_SETUP_NO_MMAP: place the SQEs and rings in `buf` (application memory) or in
/// memory mapped here, and tell the kernel where through `p->{sq,cq}_off.user_addr`.
/// Returns the number of bytes of the region used.
fn alloc_rings(
    entries: c_uint,
    p: &mut io_uring_params,
    sq: &mut io_uring_sq,
    cq: &mut io_uring_cq,
    buf: *mut c_void,
    buf_size: usize,
) -> Result<usize, c_int> {
    let (sq_entries, cq_entries) = sq_cq_entries(entries, p)?;
    let page = page_size();
    let sqes_mem = align_up(sqes_bytes(p.flags, sq_entries), page);
    let mut ring_mem = KRING_SIZE + cqes_bytes(p.flags, cq_entries);
    if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
        ring_mem += sq_entries as usize * size_of::<c_uint>();
    }
    let mem_used = align_up(sqes_mem + ring_mem, page);

    let region = if buf.is_null() {
        // Without application memory each part must fit in one (huge) page.
        if sqes_mem > HUGE_PAGE_SIZE || ring_mem > HUGE_PAGE_SIZE {
            return Err(-libc::ENOMEM);
        }
        map_anon(sqes_mem)?
    } else {
        if mem_used > buf_size {
            return Err(-libc::ENOMEM);
        }
        (buf, buf_size)
    };
    sq.sqes = region.0.cast();
    sq.sqes_sz = if buf.is_null() { region.1 as c_uint } else { 0 };
    if mem_used <= region.1 {
        // SAFETY: the rings follow the SQEs inside the same region (mem_used <= its length).
        sq.ring_ptr = unsafe { region.0.cast::<u8>().add(sqes_mem) }.cast();
        sq.ring_sz = 0;
    } else {
        match map_anon(ring_mem) {
            Ok((ring, len)) => {
                sq.ring_ptr = ring;
                sq.ring_sz = len;
            }
            Err(e) => {
                if buf.is_null() {
                    // SAFETY: the SQE region was mapped just above.
                    unsafe { sys::munmap(region.0, region.1) };
                }
                return Err(e);
            }
        }
    }
    cq.ring_sz = 0;
    cq.ring_ptr = sq.ring_ptr;
    p.sq_off.user_addr = sq.sqes as u64;
    p.cq_off.user_addr = sq.ring_ptr as u64;
    Ok(mem_used)
}

/// Identity-map SQ slots to SQEs (rings with an SQ array).
///
/// # Safety
/// `ring.sq.array` must hold `ring.sq.ring_entries` entries.
pub(crate) unsafe fn fill_sq_array(ring: &mut io_uring) {
    for i in 0..ring.sq.ring_entries {
        // SAFETY: the array has ring_entries slots.
        unsafe { *ring.sq.array.add(i as usize) = i };
    }
}

/// Set up a ring with `p` as given; returns bytes of application memory used (NO_MMAP) or 0.
/// A ring that failed to set up is left as io_uring_queue_exit leaves one (ring_fd -1), so that
/// exiting it anyway closes nothing (liburing's would close fd 0).
unsafe fn init_params(
    entries: c_uint,
    ring: *mut io_uring,
    p: &mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    // SAFETY: the caller passes a writable `struct io_uring`; all-zero is its "unset" state.
    unsafe { ptr::write_bytes(ring, 0, 1) };
    // SAFETY: just initialised.
    let ring = unsafe { &mut *ring };
    // SAFETY: forwarded.
    let ret = unsafe { init_zeroed(entries, ring, p, buf, buf_size) };
    if ret < 0 {
        ring.mark_exited();
    }
    ret
}

/// init_params on a zeroed ring.
unsafe fn init_zeroed(
    entries: c_uint,
    ring: &mut io_uring,
    p: &mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    // The kernel refuses this too; checking first keeps the cleanup below simple.
    if p.flags & IORING_SETUP_REGISTERED_FD_ONLY != 0 && p.flags & IORING_SETUP_NO_MMAP == 0 {
        return -libc::EINVAL;
    }
    let no_mmap = p.flags & IORING_SETUP_NO_MMAP != 0;
    let mut used = 0;
    if no_mmap {
        used = match alloc_rings(entries, p, &mut ring.sq, &mut ring.cq, buf, buf_size) {
            Ok(n) => n as c_int,
            Err(e) => return e,
        };
        if !buf.is_null() {
            ring.int_flags |= int_flag::APP_MEM;
        }
    }
    // SAFETY: `p` is a valid, writable io_uring_params.
    let fd = unsafe { sys::io_uring_setup(entries, (p as *mut io_uring_params).cast()) };
    if fd < 0 {
        if no_mmap && ring.int_flags & int_flag::APP_MEM == 0 {
            // SAFETY: undo alloc_rings' own mappings.
            unsafe {
                sys::munmap(ring.sq.sqes.cast(), ring.sq.sqes_sz as usize);
                unmap_rings(&ring.sq, &ring.cq);
            }
        }
        return fd;
    }
    if no_mmap {
        // SAFETY: the kernel has set up the rings in the memory alloc_rings gave it.
        unsafe { setup_ring_pointers(p, &mut ring.sq, &mut ring.cq) };
    } else {
        // SAFETY: `fd` and `p` come straight from io_uring_setup.
        let ret = unsafe { mmap_rings(fd, p, &mut ring.sq, &mut ring.cq) };
        if ret != 0 {
            sys::close(fd);
            return ret;
        }
    }
    if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
        // SAFETY: the SQ array was just mapped with ring_entries slots.
        unsafe { fill_sq_array(ring) };
    }
    ring.features = p.features;
    ring.flags = p.flags;
    ring.enter_ring_fd = fd;
    if p.flags & IORING_SETUP_REGISTERED_FD_ONLY != 0 {
        ring.ring_fd = -1;
        ring.int_flags |= int_flag::REG_RING | int_flag::REG_REG_RING;
    } else {
        ring.ring_fd = fd;
    }
    if ring.flags & (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL) == IORING_SETUP_IOPOLL {
        ring.int_flags |= int_flag::CQ_ENTER;
    }
    if crate::quirks::sockopt_async_workaround_needed() {
        ring.int_flags |= int_flag::SOCKOPT_ASYNC_QUIRK;
        crate::quirks::name_sockopt_workaround();
    }
    used
}

/// Try without the SQ array first (it saves memory and a store per submission); fall back to
/// the array only when the kernel refuses NO_SQARRAY and the caller did not ask for it.
unsafe fn init_try_nosqarray(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    if ring.is_null() || p.is_null() {
        return -libc::EINVAL;
    }
    // SAFETY: checked non-null; the caller passes a valid io_uring_params.
    let p = unsafe { &mut *p };
    let asked = p.flags;
    p.flags |= IORING_SETUP_NO_SQARRAY;
    // SAFETY: forwarded.
    let ret = unsafe { init_params(entries, ring, p, buf, buf_size) };
    if ret >= 0 {
        return ret;
    }
    if ret != -libc::EINVAL || asked & IORING_SETUP_NO_SQARRAY != 0 {
        crate::diagnose::setup_failed("io_uring_queue_init", ret, entries, asked);
        return ret;
    }
    p.flags = asked;
    // SAFETY: forwarded.
    let ret = unsafe { init_params(entries, ring, p, buf, buf_size) };
    if ret < 0 {
        crate::diagnose::setup_failed("io_uring_queue_init", ret, entries, asked);
    }
    ret
}

/// set up an io_uring instance with explicit parameters
///
/// Create a ring with io_uring_setup(2), map its SQE array and rings, and fill @ring so that the
/// rest of the library can drive it. The submission queue gets at least @entries slots (the kernel
/// rounds the count up to a power of two).
///
/// On input @p holds the setup flags in p->flags and the values some of them need: p->cq_entries
/// with IORING_SETUP_CQSIZE, p->sq_thread_cpu and p->sq_thread_idle with IORING_SETUP_SQPOLL,
/// p->wq_fd with IORING_SETUP_ATTACH_WQ. Everything else, p->resv included, must be zero. On return
/// the kernel has stored the actual queue sizes in p->sq_entries and p->cq_entries, its feature
/// bits in p->features (also kept in ring->features) and the ring offsets in p->sq_off and
/// p->cq_off.
///
/// Without IORING_SETUP_CQSIZE the completion queue has twice as many entries as the submission
/// queue; with it, p->cq_entries is rounded up to a power of two and may not be smaller than the SQ
/// size. More than 32768 SQ entries or 65536 CQ entries is an error, unless IORING_SETUP_CLAMP is
/// set, which caps the counts instead.
///
/// The library first tries the setup with IORING_SETUP_NO_SQARRAY added (no SQ index array: less
/// memory and one store less per submission). Only if the kernel rejects that with -EINVAL and the
/// caller had not asked for it is the setup repeated with the caller's flags. So on success
/// p->flags can contain IORING_SETUP_NO_SQARRAY although the caller did not set it.
///
/// @ring is cleared before anything else. On success it owns the mappings and the ring file
/// descriptor until io_uring_queue_exit().
///
/// Return: 0 on success, or a negative errno. After a failure @ring holds no ring.
///
/// Errors:
/// -EINVAL: @ring or @p is NULL; @entries is 0, or too large without IORING_SETUP_CLAMP;
/// p->cq_entries is invalid; p->flags holds a flag this kernel does not know or a combination it
/// refuses (for example IORING_SETUP_REGISTERED_FD_ONLY without IORING_SETUP_NO_MMAP, or
/// IORING_SETUP_SQ_AFF without IORING_SETUP_SQPOLL); or p->resv is not zero.
/// -ENOMEM: the kernel is short of memory; before Linux 5.12 also when the rings exceed
/// RLIMIT_MEMLOCK (see io_uring_mlock_size()).
/// -EPERM: the kernel.io_uring_disabled sysctl forbids io_uring to this process, or (before Linux
/// 5.13) IORING_SETUP_SQPOLL was asked for without CAP_SYS_ADMIN (or, on 5.11 and 5.12,
/// CAP_SYS_NICE).
/// -EMFILE: the process has reached its limit of open file descriptors.
/// -ENFILE: the system-wide limit of open files has been reached.
/// -ENOSYS: the kernel has no io_uring, or a seccomp filter hides it.
/// -ENXIO: IORING_SETUP_ATTACH_WQ was given with a p->wq_fd that is not an open file
/// descriptor (an open one that is not an io_uring gives -EINVAL).
/// -EFAULT: the kernel could not read or write @p.
///
/// Notes: When the environment variable LIBURING_DEBUG is set (to anything but 0), a failed setup
/// prints one line on stderr that names the most likely cause (a seccomp filter, the
/// kernel.io_uring_disabled sysctl, RLIMIT_MEMLOCK on kernels before 5.12, a kernel without
/// io_uring) and what to do about it. liburing prints nothing.
///
/// Kernels 6.7 to 6.10.2 never complete socket getsockopt/setsockopt commands (IORING_OP_URING_CMD)
/// that are forced async. On those kernels the ring is marked so that submission clears IOSQE_ASYNC
/// from such commands; the environment variable URING_SOCKOPT_ASYNC_WORKAROUND=1 (or 0) forces this
/// on (or off), and LIBURING_DEBUG reports it once. liburing has no such work-around.
///
/// Safety: @ring must point to writable memory for a struct io_uring; @p must point to a valid,
/// writable struct io_uring_params.
///
/// See also: io_uring_queue_init(3), io_uring_queue_init_mem(3), io_uring_queue_exit(3),
/// io_uring_queue_mmap(3), io_uring_setup(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_queue_init_params(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
) -> c_int {
    // SAFETY: forwarded.
    let ret = unsafe { init_try_nosqarray(entries, ring, p, ptr::null_mut(), 0) };
    ret.min(0)
}

/// set up an io_uring instance in memory provided by the caller
///
/// Like io_uring_queue_init_params() with @entries, @ring and @p, except that the SQE array and the
/// rings are not mapped from the kernel but placed in the buffer @buf of @buf_size bytes:
/// IORING_SETUP_NO_MMAP is added to p->flags, and the library passes the addresses to the kernel in
/// p->sq_off.user_addr and p->cq_off.user_addr. The SQEs start at @buf, and the rings follow at the
/// next page boundary after them.
///
/// @buf must be page aligned and zeroed (fresh anonymous mmap(2) memory is both). A huge page is
/// the usual choice: older kernels accept a region of more than one page only when it lies in a
/// single huge page. The result is the number of bytes used, so one buffer can hold several rings:
/// set up the next one at @buf plus that many bytes, with @buf_size reduced accordingly.
///
/// With @buf NULL the library provides the memory: one page for the SQEs when they fit in it, else
/// a 2 MiB huge page, and the rings go in the same area when there is room, or in a second area of
/// the same kind. That memory is released by io_uring_queue_exit(); a caller's @buf is never
/// released by the library.
///
/// With IORING_SETUP_REGISTERED_FD_ONLY (accepted only together with IORING_SETUP_NO_MMAP) the ring
/// file descriptor is registered at once and not kept in the file table: ring->ring_fd is -1 and
/// the library uses the registered index.
///
/// Return: the number of bytes of the area used (SQEs and rings, rounded up to whole pages) on
/// success, or a negative errno.
///
/// Errors:
/// -ENOMEM: @buf_size is too small for the SQEs and rings; with @buf NULL, the memory could not be
/// mapped (no huge pages reserved, for instance), or the SQEs or the rings alone need more than 2
/// MiB; or the kernel is short of memory.
/// -EINVAL: @p or @ring is NULL; the kernel does not know IORING_SETUP_NO_MMAP (before Linux 6.5);
/// it rejects @buf (misaligned, or a multi-page area it cannot use); or any reason given for
/// io_uring_queue_init_params().
/// -EFAULT: @buf is not mapped.
///
/// The errors -EPERM, -EMFILE, -ENFILE, -ENOSYS and -ENXIO have the meanings given in
/// io_uring_queue_init_params().
///
/// Notes: IORING_SETUP_NO_MMAP is available since Linux 6.5. The memory must stay mapped until
/// io_uring_queue_exit(), and must not be used for anything else meanwhile. The first attempt with
/// IORING_SETUP_NO_SQARRAY, the LIBURING_DEBUG diagnosis and the socket-option work-around are as
/// described in io_uring_queue_init_params().
///
/// Safety: @ring and @p must be valid for writes; @buf must be NULL or @buf_size bytes of writable
/// memory that stays valid as long as the ring exists.
///
/// See also: io_uring_queue_init_params(3), io_uring_memory_size_params(3), io_uring_queue_exit(3),
/// io_uring_setup(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_queue_init_mem(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    if p.is_null() {
        return -libc::EINVAL;
    }
    // SAFETY: checked non-null.
    unsafe { (*p).flags |= IORING_SETUP_NO_MMAP };
    // SAFETY: forwarded.
    unsafe { init_try_nosqarray(entries, ring, p, buf, buf_size) }
}

/// set up an io_uring instance
///
/// Set up a ring whose submission queue has at least @entries slots (rounded up to a power of two),
/// with the setup flags @flags (the IORING_SETUP_* values described in io_uring_setup(2)), and fill
/// @ring with it. The completion queue gets twice as many entries as the submission queue. This is
/// io_uring_queue_init_params() with a struct io_uring_params that is zero except for its flags;
/// use that function to pass other parameters or to read back the kernel's choices. The kernel's
/// feature bits are available in ring->features afterwards.
///
/// Release the ring with io_uring_queue_exit().
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @ring is NULL; @entries is 0, or above 32768 without IORING_SETUP_CLAMP; or @flags
/// holds a flag the kernel does not know, a combination it refuses, or a flag that needs a
/// parameter this call cannot pass (such as IORING_SETUP_CQSIZE).
/// -ENOMEM: the kernel is short of memory; before Linux 5.12 also when the rings exceed
/// RLIMIT_MEMLOCK.
/// -EPERM: the kernel.io_uring_disabled sysctl forbids io_uring to this process, or (before Linux
/// 5.13) IORING_SETUP_SQPOLL needs a privilege the process lacks (CAP_SYS_ADMIN; on 5.11 and
/// 5.12 CAP_SYS_NICE also does).
/// -EMFILE: the process has reached its limit of open file descriptors.
/// -ENFILE: the system-wide limit of open files has been reached.
/// -ENOSYS: the kernel has no io_uring, or a seccomp filter hides it.
///
/// Notes: Before Linux 5.12 ring memory counts against RLIMIT_MEMLOCK, and part of the teardown is
/// asynchronous, so creating and destroying rings in a quick loop can fail with -ENOMEM for a short
/// while. With LIBURING_DEBUG set, a failure is explained on stderr; see
/// io_uring_queue_init_params(), which also describes the socket-option work-around applied on some
/// kernels.
///
/// Safety: @ring must point to writable memory for a struct io_uring.
///
/// See also: io_uring_queue_init_params(3), io_uring_queue_init_mem(3), io_uring_queue_exit(3),
/// io_uring_get_sqe(3), io_uring_submit(3), io_uring_setup(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_queue_init(
    entries: c_uint,
    ring: *mut io_uring,
    flags: c_uint,
) -> c_int {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: forwarded.
    unsafe { io_uring_queue_init_params(entries, ring, &mut p) }
}

/// map a ring created with io_uring_setup(2) into a struct io_uring
///
/// For programs that call io_uring_setup(2) themselves: map the SQ ring, the CQ ring and the SQE
/// array of the ring file descriptor @fd, with the sizes and offsets the kernel returned in @p, and
/// fill @ring so that the other functions of the library can use the ring. @ring is cleared first.
/// On success ring->ring_fd is @fd, and io_uring_queue_exit() will unmap the rings and close @fd.
///
/// Unlike io_uring_queue_init(), this function leaves the SQ index array alone: on a ring set up
/// without IORING_SETUP_NO_SQARRAY the kernel has zeroed it, and the caller must store i in
/// ring->sq.array[i] for every slot before the first submission. It also does not record that an
/// IORING_SETUP_IOPOLL ring (without IORING_SETUP_SQPOLL) only finds completions by entering the
/// kernel, so io_uring_submit() and io_uring_peek_cqe() do not poll such a ring; the waiting
/// functions still do. Both match liburing.
///
/// Return: 0 on success, or a negative errno. On failure nothing stays mapped and @fd stays open.
///
/// Errors:
/// -EINVAL: @p or @ring is NULL, or the sizes and offsets in @p do not fit the ring behind @fd.
/// -ENOMEM: the mappings could not be made (memory or address space exhausted).
/// -EBADF: @fd is not an open file descriptor.
/// -ENODEV: @fd refers to a file that cannot be mapped.
///
/// Notes: Rings set up with IORING_SETUP_NO_MMAP cannot be mapped this way. On the kernels that
/// need it, the ring gets the socket-option work-around described in io_uring_queue_init_params().
///
/// Safety: @p must hold what io_uring_setup(2) returned for @fd; @ring must point to writable
/// memory for a struct io_uring.
///
/// See also: io_uring_setup(2), io_uring_queue_init_params(3), io_uring_queue_exit(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_queue_mmap(
    fd: c_int,
    p: *mut io_uring_params,
    ring: *mut io_uring,
) -> c_int {
    if p.is_null() || ring.is_null() {
        return -libc::EINVAL;
    }
    // SAFETY: checked non-null; zero is the unset state of every field.
    let (p, ring) = unsafe {
        ptr::write_bytes(ring, 0, 1);
        (&*p, &mut *ring)
    };
    // SAFETY: the caller guarantees `p` describes `fd`.
    let ret = unsafe { mmap_rings(fd, p, &mut ring.sq, &mut ring.cq) };
    if ret == 0 {
        ring.flags = p.flags;
        ring.features = p.features;
        ring.ring_fd = fd;
        ring.enter_ring_fd = fd;
        if crate::quirks::sockopt_async_workaround_needed() {
            ring.int_flags |= int_flag::SOCKOPT_ASYNC_QUIRK;
        }
    } else {
        ring.mark_exited();
    }
    ret
}

/// tear down an io_uring instance
///
/// Release what io_uring_queue_init() or one of its variants set up in @ring: unmap the SQE array
/// and the rings (unless they live in memory the caller passed to io_uring_queue_init_mem(), which
/// stays the caller's), unregister the ring file descriptor if it was registered (with
/// io_uring_register_ring_fd() or IORING_SETUP_REGISTERED_FD_ONLY), and close it.
///
/// @ring is then cleared, with ring->ring_fd and ring->enter_ring_fd set to -1, so that a second
/// call on the same ring does nothing. liburing would unmap and close again, possibly hitting
/// memory or a file descriptor reused in the meantime.
///
/// The kernel cancels the requests still in flight and frees the ring once the last reference to it
/// is gone; a duplicate of the file descriptor or a child created by fork(2) keeps it alive.
///
/// Return: nothing.
///
/// Notes: Provided-buffer rings from io_uring_setup_buf_ring() are not unmapped here: release them
/// with io_uring_free_buf_ring() before. Part of the kernel's accounting is done asynchronously, so
/// on kernels before 5.12 the locked memory may stay charged for a short time after the call.
///
/// Safety: @ring must be a ring set up by this library, or one this function has already torn down.
/// Do not call it after a failed setup: @ring is then cleared with ring_fd 0, and file descriptor 0
/// would be closed. The ring must not be used afterwards.
///
/// See also: io_uring_queue_init(3), io_uring_queue_init_params(3), io_uring_free_buf_ring(3),
/// io_uring_unregister_ring_fd(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_queue_exit(ring: *mut io_uring) {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    if ring.is_exited() {
        return;
    }
    if ring.int_flags & int_flag::APP_MEM == 0 {
        // SAFETY: these are the library's own mappings for this ring.
        unsafe {
            sys::munmap(ring.sq.sqes.cast(), ring.sq.sqes_sz as usize);
            unmap_rings(&ring.sq, &ring.cq);
        }
    }
    // Not required, but frees the registered slot now rather than at process exit.
    if ring.int_flags & int_flag::REG_RING != 0 {
        // SAFETY: ring is valid.
        unsafe { crate::register::io_uring_unregister_ring_fd(ring) };
    }
    if ring.ring_fd != -1 {
        sys::close(ring.ring_fd);
    }
    ring.mark_exited();
}

/// keep a ring's memory out of child processes created by fork(2)
///
/// Apply madvise(2) MADV_DONTFORK to the SQE array and the ring mappings of @ring, so that a child
/// created by fork(2) does not inherit them (the rings are shared mappings, which a child would
/// otherwise share with its parent). The ring file descriptor is still inherited; only the memory
/// is withheld, and a child that touches it gets SIGSEGV.
///
/// For rings in the caller's memory (io_uring_queue_init_mem()) the library records no length for
/// the ring part, so only the pages of the SQE array are marked; apply madvise(2) to the rest of
/// the buffer if it matters.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @ring has no SQE array or rings mapped (it was never set up, or has been torn down), or
/// madvise(2) rejected a range.
/// -ENOMEM: a range is not entirely mapped.
///
/// Safety: @ring must point to a ring set up by this library, or to one cleared by
/// io_uring_queue_exit().
///
/// See also: io_uring_queue_init(3), madvise(2), fork(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_ring_dontfork(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &*ring };
    if ring.sq.ring_ptr.is_null() || ring.sq.sqes.is_null() || ring.cq.ring_ptr.is_null() {
        return -libc::EINVAL;
    }
    let sqes_len =
        ((ring.sq.ring_entries as usize) << ring.sqe_shift()) * size_of::<io_uring_sqe>();
    let mut areas = [
        (ring.sq.sqes.cast(), sqes_len),
        (ring.sq.ring_ptr, ring.sq.ring_sz),
        (ring.cq.ring_ptr, ring.cq.ring_sz),
    ];
    let n = if ring.cq.ring_ptr != ring.sq.ring_ptr {
        3
    } else {
        2
    };
    for (addr, len) in areas.iter_mut().take(n) {
        // SAFETY: these are the ring's own mappings.
        let ret = unsafe { sys::madvise(*addr, *len, libc::MADV_DONTFORK) };
        if ret < 0 {
            return ret;
        }
    }
    0
}

/// memory needed by a ring with the given parameters
///
/// Compute how many bytes the SQE array and the rings of a ring with @entries submission entries
/// and the parameters @p take, the layout io_uring_queue_init_mem() uses: the completion ring (16
/// bytes per CQE, 32 with IORING_SETUP_CQE32, plus 64 bytes of ring header, plus 4 bytes per SQ
/// entry unless p->flags contains IORING_SETUP_NO_SQARRAY) rounded up to a whole page, plus the
/// SQEs (64 bytes each, 128 with IORING_SETUP_SQE128) rounded up to a whole page.
///
/// The entry counts are derived as the kernel derives them: @entries rounded up to a power of two
/// for the SQ; for the CQ twice that, or p->cq_entries rounded up when IORING_SETUP_CQSIZE is set;
/// IORING_SETUP_CLAMP caps oversized counts instead of failing. Only p->flags and p->cq_entries are
/// read. No ring is created and the kernel is not asked.
///
/// Return: the size in bytes, or a negative errno.
///
/// Errors:
/// -EINVAL: @entries is 0, or above 32768 without IORING_SETUP_CLAMP; or IORING_SETUP_CQSIZE is set
/// and p->cq_entries is 0, above 65536 without IORING_SETUP_CLAMP, or smaller than the SQ size
/// after rounding.
///
/// Notes: The page size is taken to be 4096 bytes. io_uring_queue_init_params() and its siblings
/// add IORING_SETUP_NO_SQARRAY when the kernel supports it, so the ring they create can be a little
/// smaller than the size computed for flags without it.
///
/// Safety: @p must point to a valid struct io_uring_params.
///
/// See also: io_uring_memory_size(3), io_uring_mlock_size_params(3), io_uring_queue_init_mem(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_memory_size_params(
    entries: c_uint,
    p: *mut io_uring_params,
) -> libc::ssize_t {
    // SAFETY: the caller passes valid params.
    let p = unsafe { &*p };
    let (sq, cq) = match sq_cq_entries(entries, p) {
        Ok(v) => v,
        Err(e) => return e as libc::ssize_t,
    };
    let page = page_size();
    let mut cq_size = cqes_bytes(p.flags, cq) + KRING_SIZE;
    if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
        cq_size += sq as usize * size_of::<c_uint>();
    }
    (align_up(cq_size, page) + align_up(sqes_bytes(p.flags, sq), page)) as libc::ssize_t
}

/// memory needed by a ring with the given setup flags
///
/// io_uring_memory_size_params() for @entries submission entries and a struct io_uring_params that
/// is zero except for its flags, which are @flags: the bytes of the SQE array plus those of the
/// rings, each rounded up to a whole page. The completion queue is counted with twice as many
/// entries as the submission queue.
///
/// Return: the size in bytes, or a negative errno.
///
/// Errors:
/// -EINVAL: @entries is 0, or above 32768 without IORING_SETUP_CLAMP in @flags; or @flags contains
/// IORING_SETUP_CQSIZE, whose CQ size cannot be given here.
///
/// Notes: The page size is taken to be 4096 bytes.
///
/// See also: io_uring_memory_size_params(3), io_uring_mlock_size(3), io_uring_queue_init_mem(3)
#[no_mangle]
pub extern "C" fn io_uring_memory_size(entries: c_uint, flags: c_uint) -> libc::ssize_t {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: a valid local io_uring_params.
    unsafe { io_uring_memory_size_params(entries, &mut p) }
}

/// locked memory a ring with the given parameters would need
///
/// Return how much of RLIMIT_MEMLOCK setting up a ring with @entries entries and the parameters @p
/// would use. Since Linux 5.12 (kernels reporting IORING_FEAT_NATIVE_WORKERS) ring memory is
/// charged to the memory cgroup instead, and the answer is 0. To learn which kind of kernel runs,
/// the function sets up, and at once tears down, a temporary ring of @entries entries with default
/// parameters. If that ring cannot be set up (because RLIMIT_MEMLOCK is already used up, or
/// io_uring is not available at all), an older kernel is assumed. On older kernels the result is
/// io_uring_memory_size_params() for @entries and @p.
///
/// Return: 0 when no locked memory is needed, else the number of bytes, or a negative errno.
///
/// Errors:
/// -EINVAL: @entries is 0, or above 32768 without IORING_SETUP_CLAMP in p->flags (on any kernel);
/// on kernels before 5.12, also for the other reasons given in io_uring_memory_size_params().
///
/// Notes: The temporary ring uses default parameters, not @p. When @entries is out of range for it
/// (above 32768), its setup fails even on new kernels, and the result is the memory size computed
/// with @p (which succeeds with IORING_SETUP_CLAMP) rather than 0. The temporary ring costs a few
/// system calls; with LIBURING_DEBUG set, a failure to set it up is explained on stderr like any
/// failed setup.
///
/// Safety: @p must point to a valid struct io_uring_params.
///
/// See also: io_uring_mlock_size(3), io_uring_memory_size_params(3), io_uring_queue_init(3),
/// setrlimit(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_mlock_size_params(
    entries: c_uint,
    p: *mut io_uring_params,
) -> libc::ssize_t {
    let mut probe = io_uring_params::default();
    let mut ring = core::mem::MaybeUninit::<io_uring>::uninit();
    // SAFETY: local, writable ring and params; the ring is torn down right away.
    unsafe {
        if io_uring_queue_init_params(entries, ring.as_mut_ptr(), &mut probe) == 0 {
            io_uring_queue_exit(ring.as_mut_ptr());
        }
    }
    if probe.features & IORING_FEAT_NATIVE_WORKERS != 0 {
        return 0;
    }
    // SAFETY: forwarded.
    unsafe { io_uring_memory_size_params(entries, p) }
}

/// locked memory a ring with the given setup flags would need
///
/// io_uring_mlock_size_params() for @entries entries and a struct io_uring_params that is zero
/// except for its flags, which are @flags: 0 on kernels from 5.12 on, which do not charge ring
/// memory to RLIMIT_MEMLOCK, else the bytes of the SQE array and rings as computed by
/// io_uring_memory_size(). A temporary ring is set up and torn down to tell the kernels apart.
///
/// Return: 0 when no locked memory is needed, else the number of bytes, or a negative errno.
///
/// Errors:
/// -EINVAL: @entries is 0, or above 32768 without IORING_SETUP_CLAMP in @flags; on kernels before
/// 5.12 also when @flags contains IORING_SETUP_CQSIZE.
///
/// Notes: As explained in io_uring_mlock_size_params(), more than 32768 @entries make the temporary
/// ring fail on any kernel, so the result is then a size (with IORING_SETUP_CLAMP) rather than 0.
///
/// See also: io_uring_mlock_size_params(3), io_uring_memory_size(3), io_uring_queue_init(3),
/// setrlimit(2)
#[no_mangle]
pub extern "C" fn io_uring_mlock_size(entries: c_uint, flags: c_uint) -> libc::ssize_t {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: a valid local io_uring_params.
    unsafe { io_uring_mlock_size_params(entries, &mut p) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_up_to_powers_of_two() {
        assert_eq!(
            [1, 2, 3, 4, 5, 4096, 4097].map(roundup_pow2),
            [1, 2, 4, 4, 8, 4096, 8192]
        );
    }

    #[test]
    fn sizes_follow_the_kernel_rules() {
        let mut p = io_uring_params::default();
        assert_eq!(sq_cq_entries(0, &p), Err(-libc::EINVAL));
        assert_eq!(sq_cq_entries(3, &p), Ok((4, 8)));
        assert_eq!(sq_cq_entries(KERN_MAX_ENTRIES + 1, &p), Err(-libc::EINVAL));
        p.flags = IORING_SETUP_CLAMP;
        assert_eq!(
            sq_cq_entries(KERN_MAX_ENTRIES + 1, &p),
            Ok((KERN_MAX_ENTRIES, 2 * KERN_MAX_ENTRIES))
        );
        p.flags = IORING_SETUP_CQSIZE;
        p.cq_entries = 2;
        assert_eq!(
            sq_cq_entries(4, &p),
            Err(-libc::EINVAL),
            "CQ smaller than SQ"
        );
        p.cq_entries = 100;
        assert_eq!(sq_cq_entries(4, &p), Ok((4, 128)));
    }

    #[test]
    fn memory_size_counts_rings_and_sqes_in_pages() {
        // 64 SQEs of 64 bytes = one page; 128 CQEs of 16 bytes + header + SQ array = one page.
        assert_eq!(io_uring_memory_size(64, 0), 2 * 4096);
        // CQE32 doubles the CQ array: 128 * 32 + 64 + 256 bytes round up to two pages.
        assert_eq!(io_uring_memory_size(64, IORING_SETUP_CQE32), 3 * 4096);
        assert_eq!(io_uring_memory_size(0, 0), -libc::EINVAL as libc::ssize_t);
    }
}
