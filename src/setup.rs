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

/// Set up a ring of at least `entries` SQEs with the flags and values in `p`; `p` is updated
/// with what the kernel chose. Returns 0 or -errno.
///
/// # Safety
/// `ring` and `p` must be valid for writes.
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

/// Like `io_uring_queue_init_params`, with the rings placed in the caller's memory `buf`
/// (IORING_SETUP_NO_MMAP). Returns the number of bytes of `buf` used, or -errno.
///
/// # Safety
/// `ring` and `p` must be valid for writes; `buf` must be `buf_size` bytes that outlive the ring.
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

/// Set up a ring of at least `entries` SQEs with setup `flags`. Returns 0 or -errno.
///
/// # Safety
/// `ring` must be valid for writes.
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

/// Map the rings of an io_uring fd the caller set up itself with io_uring_setup(2).
///
/// # Safety
/// `p` must be what io_uring_setup returned for `fd`; `ring` must be valid for writes.
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
    }
    ret
}

/// Tear a ring down: unmap what the library mapped, unregister a registered ring fd, close the fd.
/// A second call on the same ring does nothing (liburing's would unmap and close again whatever
/// has since reused those addresses and that fd number).
///
/// # Safety
/// `ring` must be a ring set up by this library and not used afterwards.
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

/// Keep the ring mappings out of children created by fork(2) (MADV_DONTFORK).
///
/// # Safety
/// `ring` must be an initialised ring.
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

/// Bytes of memory a ring with `entries` and `p`'s flags needs (rings plus SQEs, page-rounded).
///
/// # Safety
/// `p` must be a valid io_uring_params.
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

/// `io_uring_memory_size_params` with only setup flags.
#[no_mangle]
pub extern "C" fn io_uring_memory_size(entries: c_uint, flags: c_uint) -> libc::ssize_t {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: a valid local io_uring_params.
    unsafe { io_uring_memory_size_params(entries, &mut p) }
}

/// RLIMIT_MEMLOCK bytes a ring needs: 0 on kernels that account ring memory to the cgroup
/// (IORING_FEAT_NATIVE_WORKERS, 5.12+), else the ring's memory size.
///
/// # Safety
/// `p` must be a valid io_uring_params.
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

/// `io_uring_mlock_size_params` with only setup flags.
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
