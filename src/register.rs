//! io_uring_register(2) calls: resources (files, buffers), eventfd, personalities, restrictions,
//! io-wq tuning, the registered ring fd, NAPI, clocks, regions, zero-copy receive, BPF filters.

use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;
use core::ptr;

use crate::ring::{int_flag, io_uring, io_uring_cq, io_uring_sq};
use crate::setup::{fill_sq_array, mmap_rings, unmap_rings};
use crate::sys;
use crate::uapi::*;

/// Issue register `opcode` on `ring`, through the registered ring index when the ring has one
/// that registration may use (IORING_FEAT_REG_REG_RING). -EINVAL for a NULL ring.
fn do_register(
    ring: *const io_uring,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    // SAFETY: the caller of the exported function passes an initialised ring or NULL.
    let Some(ring) = (unsafe { ring.as_ref() }) else {
        return -libc::EINVAL;
    };
    let (fd, opcode) = if ring.int_flags & int_flag::REG_REG_RING != 0 {
        (
            ring.enter_ring_fd,
            opcode | IORING_REGISTER_USE_REGISTERED_RING,
        )
    } else {
        (ring.ring_fd, opcode)
    };
    // SAFETY: `arg` is what the exported function's caller passed for this opcode.
    unsafe { sys::io_uring_register(fd, opcode, arg, nr_args) }
}

fn ptr_arg<T>(v: &T) -> *const c_void {
    (v as *const T).cast()
}

/// Raise RLIMIT_NOFILE by `nr` (for registering many files); errors are left to the retry.
fn increase_rlimit_nofile(nr: c_uint) {
    let mut rlim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid rlimit to fill and then pass back.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rlim) == 0
            && rlim.rlim_cur < nr as libc::rlim_t
        {
            rlim.rlim_cur += nr as libc::rlim_t;
            libc::setrlimit(libc::RLIMIT_NOFILE, &rlim);
        }
    }
}

/// Register files, retrying once with a higher RLIMIT_NOFILE when the kernel says -EMFILE.
fn register_files_with_rlimit(
    ring: *const io_uring,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
    nr_files: c_uint,
) -> c_int {
    let ret = do_register(ring, opcode, arg, nr_args);
    if ret != -libc::EMFILE {
        return ret;
    }
    increase_rlimit_nofile(nr_files);
    do_register(ring, opcode, arg, nr_args)
}

/// Register `nr_iovecs` fixed buffers.
///
/// # Safety
/// `ring` must be an initialised ring; `iovecs` must hold `nr_iovecs` entries.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buffers(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    nr_iovecs: c_uint,
) -> c_int {
    do_register(ring, IORING_REGISTER_BUFFERS, iovecs.cast(), nr_iovecs)
}

/// Register `nr` fixed buffers with tags (a tag's CQE is posted when its buffer is released).
///
/// # Safety
/// `ring` must be an initialised ring; `iovecs` and `tags` must hold `nr` entries (tags may be NULL).
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buffers_tags(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    let reg = io_uring_rsrc_register {
        nr,
        data: iovecs as __u64,
        tags: tags as __u64,
        ..Default::default()
    };
    do_register(
        ring,
        IORING_REGISTER_BUFFERS2,
        ptr_arg(&reg),
        size_of::<io_uring_rsrc_register>() as c_uint,
    )
}

/// Register a table of `nr` empty fixed-buffer slots.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buffers_sparse(
    ring: *mut io_uring,
    nr: c_uint,
) -> c_int {
    let reg = io_uring_rsrc_register {
        nr,
        flags: IORING_RSRC_REGISTER_SPARSE,
        ..Default::default()
    };
    do_register(
        ring,
        IORING_REGISTER_BUFFERS2,
        ptr_arg(&reg),
        size_of::<io_uring_rsrc_register>() as c_uint,
    )
}

/// Replace `nr` fixed buffers starting at slot `off`, with tags.
///
/// # Safety
/// `ring` must be an initialised ring; `iovecs` and `tags` must hold `nr` entries (tags may be NULL).
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buffers_update_tag(
    ring: *mut io_uring,
    off: c_uint,
    iovecs: *const libc::iovec,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    let up = io_uring_rsrc_update2 {
        offset: off,
        data: iovecs as __u64,
        tags: tags as __u64,
        nr,
        ..Default::default()
    };
    do_register(
        ring,
        IORING_REGISTER_BUFFERS_UPDATE,
        ptr_arg(&up),
        size_of::<io_uring_rsrc_update2>() as c_uint,
    )
}

/// Unregister all fixed buffers.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_buffers(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_BUFFERS, ptr::null(), 0)
}

/// Register `nr_files` fixed files (-1 entries are empty slots).
///
/// # Safety
/// `ring` must be an initialised ring; `files` must hold `nr_files` fds.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_files(
    ring: *mut io_uring,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    register_files_with_rlimit(
        ring,
        IORING_REGISTER_FILES,
        files.cast(),
        nr_files,
        nr_files,
    )
}

/// Register `nr` fixed files with tags.
///
/// # Safety
/// `ring` must be an initialised ring; `files` and `tags` must hold `nr` entries (tags may be NULL).
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_files_tags(
    ring: *mut io_uring,
    files: *const c_int,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    let reg = io_uring_rsrc_register {
        nr,
        data: files as __u64,
        tags: tags as __u64,
        ..Default::default()
    };
    register_files_with_rlimit(
        ring,
        IORING_REGISTER_FILES2,
        ptr_arg(&reg),
        size_of::<io_uring_rsrc_register>() as c_uint,
        nr,
    )
}

/// Register a table of `nr` empty fixed-file slots.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_files_sparse(ring: *mut io_uring, nr: c_uint) -> c_int {
    let reg = io_uring_rsrc_register {
        nr,
        flags: IORING_RSRC_REGISTER_SPARSE,
        ..Default::default()
    };
    register_files_with_rlimit(
        ring,
        IORING_REGISTER_FILES2,
        ptr_arg(&reg),
        size_of::<io_uring_rsrc_register>() as c_uint,
        nr,
    )
}

/// Replace `nr_files` fixed files starting at slot `off`, with tags.
///
/// # Safety
/// `ring` must be an initialised ring; `files` and `tags` must hold `nr_files` entries.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_files_update_tag(
    ring: *mut io_uring,
    off: c_uint,
    files: *const c_int,
    tags: *const __u64,
    nr_files: c_uint,
) -> c_int {
    let up = io_uring_rsrc_update2 {
        offset: off,
        data: files as __u64,
        tags: tags as __u64,
        nr: nr_files,
        ..Default::default()
    };
    do_register(
        ring,
        IORING_REGISTER_FILES_UPDATE2,
        ptr_arg(&up),
        size_of::<io_uring_rsrc_update2>() as c_uint,
    )
}

/// Replace `nr_files` fixed files starting at slot `off`. Returns the number updated or -errno.
///
/// # Safety
/// `ring` must be an initialised ring; `files` must hold `nr_files` fds.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_files_update(
    ring: *mut io_uring,
    off: c_uint,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    let up = io_uring_rsrc_update {
        offset: off,
        data: files as __u64,
        ..Default::default()
    };
    do_register(ring, IORING_REGISTER_FILES_UPDATE, ptr_arg(&up), nr_files)
}

/// Unregister all fixed files.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_files(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_FILES, ptr::null(), 0)
}

/// Signal eventfd `fd` on every completion.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_eventfd(ring: *mut io_uring, fd: c_int) -> c_int {
    do_register(ring, IORING_REGISTER_EVENTFD, ptr_arg(&fd), 1)
}

/// Signal eventfd `fd` only for completions that did not complete inline.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_eventfd_async(ring: *mut io_uring, fd: c_int) -> c_int {
    do_register(ring, IORING_REGISTER_EVENTFD_ASYNC, ptr_arg(&fd), 1)
}

/// Stop signalling the registered eventfd.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_eventfd(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_EVENTFD, ptr::null(), 0)
}

/// Fill probe `p` (with room for `nr` ops) with the opcodes the kernel supports.
///
/// # Safety
/// `ring` must be an initialised ring; `p` must have room for `nr` ops.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_probe(
    ring: *mut io_uring,
    p: *mut io_uring_probe,
    nr: c_uint,
) -> c_int {
    do_register(ring, IORING_REGISTER_PROBE, p.cast_const().cast(), nr)
}

/// Register the current credentials; returns the personality id for `sqe->personality`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_personality(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_REGISTER_PERSONALITY, ptr::null(), 0)
}

/// Unregister personality `id`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_personality(ring: *mut io_uring, id: c_int) -> c_int {
    do_register(
        ring,
        IORING_UNREGISTER_PERSONALITY,
        ptr::null(),
        id as c_uint,
    )
}

/// Restrict the opcodes and flags a ring started with IORING_SETUP_R_DISABLED may use.
///
/// # Safety
/// `ring` must be an initialised ring; `res` must hold `nr_res` entries.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_restrictions(
    ring: *mut io_uring,
    res: *mut io_uring_restriction,
    nr_res: c_uint,
) -> c_int {
    do_register(
        ring,
        IORING_REGISTER_RESTRICTIONS,
        res.cast_const().cast(),
        nr_res,
    )
}

/// Start a ring that was set up with IORING_SETUP_R_DISABLED.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_enable_rings(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_REGISTER_ENABLE_RINGS, ptr::null(), 0)
}

/// Bind the ring's io-wq workers to the CPUs in `mask` (`cpusz` bytes).
///
/// # Safety
/// `ring` must be an initialised ring; `mask` must be `cpusz` bytes.
#[cfg(gnu_source)]
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_iowq_aff(
    ring: *mut io_uring,
    cpusz: usize,
    mask: *const libc::cpu_set_t,
) -> c_int {
    if cpusz >= 1 << 31 {
        return -libc::EINVAL;
    }
    do_register(ring, IORING_REGISTER_IOWQ_AFF, mask.cast(), cpusz as c_uint)
}

/// Undo `io_uring_register_iowq_aff`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_iowq_aff(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_IOWQ_AFF, ptr::null(), 0)
}

/// Set (and read back) the io-wq worker limits: `values[0]` bounded, `values[1]` unbounded.
///
/// # Safety
/// `ring` must be an initialised ring; `values` must hold two entries.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_iowq_max_workers(
    ring: *mut io_uring,
    values: *mut c_uint,
) -> c_int {
    do_register(
        ring,
        IORING_REGISTER_IOWQ_MAX_WORKERS,
        values.cast_const().cast(),
        2,
    )
}

/// Register the ring fd itself, so io_uring_enter skips the fd lookup. Returns 1 on success.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let Some(r) = (unsafe { ring.as_mut() }) else {
        return -libc::EINVAL;
    };
    if r.int_flags & int_flag::REG_RING != 0 {
        return -libc::EEXIST;
    }
    let up = io_uring_rsrc_update {
        offset: u32::MAX,
        data: r.ring_fd as __u64,
        ..Default::default()
    };
    let ret = do_register(r, IORING_REGISTER_RING_FDS, ptr_arg(&up), 1);
    if ret == 1 {
        r.enter_ring_fd = up.offset as c_int;
        r.int_flags |= int_flag::REG_RING;
        if r.features & IORING_FEAT_REG_REG_RING != 0 {
            r.int_flags |= int_flag::REG_REG_RING;
        }
    }
    ret
}

/// Undo `io_uring_register_ring_fd`. Returns 1 on success.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let Some(r) = (unsafe { ring.as_mut() }) else {
        return -libc::EINVAL;
    };
    if r.int_flags & int_flag::REG_RING == 0 {
        return -libc::EINVAL;
    }
    let up = io_uring_rsrc_update {
        offset: r.enter_ring_fd as u32,
        ..Default::default()
    };
    let ret = do_register(r, IORING_UNREGISTER_RING_FDS, ptr_arg(&up), 1);
    if ret == 1 {
        r.enter_ring_fd = r.ring_fd;
        r.int_flags &= !(int_flag::REG_RING | int_flag::REG_REG_RING);
    }
    ret
}

/// Close the ring's real fd once it is registered; the ring keeps working through the
/// registered index. Returns 1, or -EOPNOTSUPP/-EINVAL/-EBADF.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_close_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let Some(r) = (unsafe { ring.as_mut() }) else {
        return -libc::EINVAL;
    };
    if r.features & IORING_FEAT_REG_REG_RING == 0 {
        return -libc::EOPNOTSUPP;
    }
    if r.int_flags & int_flag::REG_RING == 0 {
        return -libc::EINVAL;
    }
    if r.ring_fd == -1 {
        return -libc::EBADF;
    }
    sys::close(r.ring_fd);
    r.ring_fd = -1;
    1
}

/// Register a provided-buffer ring described by `reg` (`flags` are OR-ed into `reg->flags`).
///
/// # Safety
/// `ring` must be an initialised ring; `reg` must be valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buf_ring(
    ring: *mut io_uring,
    reg: *mut io_uring_buf_reg,
    flags: c_uint,
) -> c_int {
    if reg.is_null() {
        return -libc::EFAULT;
    }
    // SAFETY: checked non-null; valid per the contract.
    unsafe { (*reg).flags |= flags as __u16 };
    do_register(ring, IORING_REGISTER_PBUF_RING, reg.cast_const().cast(), 1)
}

/// Unregister provided-buffer ring `bgid`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_buf_ring(ring: *mut io_uring, bgid: c_int) -> c_int {
    let reg = io_uring_buf_reg {
        bgid: bgid as __u16,
        ..Default::default()
    };
    do_register(ring, IORING_UNREGISTER_PBUF_RING, ptr_arg(&reg), 1)
}

/// Read the kernel's head of provided-buffer ring `buf_group` into `*head`.
///
/// # Safety
/// `ring` must be an initialised ring; `head` writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_buf_ring_head(
    ring: *mut io_uring,
    buf_group: c_int,
    head: *mut u16,
) -> c_int {
    let mut status = io_uring_buf_status {
        buf_group: buf_group as __u32,
        ..Default::default()
    };
    let ret = do_register(
        ring,
        IORING_REGISTER_PBUF_STATUS,
        (&mut status as *mut io_uring_buf_status)
            .cast_const()
            .cast(),
        1,
    );
    if ret != 0 {
        return ret;
    }
    if head.is_null() {
        return -libc::EFAULT;
    }
    // SAFETY: checked non-null; writable per the contract.
    unsafe { *head = status.head as u16 };
    0
}

/// Cancel requests matching `reg` synchronously.
///
/// # Safety
/// `ring` must be an initialised ring; `reg` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_sync_cancel(
    ring: *mut io_uring,
    reg: *mut io_uring_sync_cancel_reg,
) -> c_int {
    do_register(
        ring,
        IORING_REGISTER_SYNC_CANCEL,
        reg.cast_const().cast(),
        1,
    )
}

/// Send the MSG_RING request described by `sqe` without a source ring.
///
/// # Safety
/// `sqe` must be a prepared MSG_RING SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_sync_msg(sqe: *mut io_uring_sqe) -> c_int {
    // SAFETY: the kernel reads one SQE from `sqe`.
    unsafe {
        sys::io_uring_register(
            -1,
            IORING_REGISTER_SEND_MSG_RING,
            sqe.cast_const().cast(),
            1,
        )
    }
}

/// Restrict fixed-file slot allocation to `[off, off + len)`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_file_alloc_range(
    ring: *mut io_uring,
    off: c_uint,
    len: c_uint,
) -> c_int {
    let range = io_uring_file_index_range {
        off,
        len,
        ..Default::default()
    };
    do_register(ring, IORING_REGISTER_FILE_ALLOC_RANGE, ptr_arg(&range), 0)
}

/// Enable NAPI busy polling with the settings in `napi`.
///
/// # Safety
/// `ring` must be an initialised ring; `napi` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    do_register(ring, IORING_REGISTER_NAPI, napi.cast_const().cast(), 1)
}

/// Disable NAPI busy polling; the previous settings are returned in `napi` (may be NULL).
///
/// # Safety
/// `ring` must be an initialised ring; `napi` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    do_register(ring, IORING_UNREGISTER_NAPI, napi.cast_const().cast(), 1)
}

/// Choose the clock used for wait timeouts.
///
/// # Safety
/// `ring` must be an initialised ring; `arg` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_clock(
    ring: *mut io_uring,
    arg: *mut io_uring_clock_register,
) -> c_int {
    do_register(ring, IORING_REGISTER_CLOCK, arg.cast_const().cast(), 0)
}

/// Clone `nr` registered buffers of `src` from `src_off` into `dst` at `dst_off`. With
/// IORING_REGISTER_SRC_REGISTERED in `flags`, `src` is named by its registered index when it has one.
///
/// # Safety
/// `dst` and `src` must be initialised rings.
#[no_mangle]
pub unsafe extern "C" fn __io_uring_clone_buffers_offset(
    dst: *mut io_uring,
    src: *mut io_uring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let Some(s) = (unsafe { src.as_ref() }) else {
        return -libc::EINVAL;
    };
    let mut buf = io_uring_clone_buffers {
        flags,
        src_off,
        dst_off,
        nr,
        ..Default::default()
    };
    if flags & IORING_REGISTER_SRC_REGISTERED != 0 && s.int_flags & int_flag::REG_REG_RING != 0 {
        buf.src_fd = s.enter_ring_fd as __u32;
    } else {
        buf.src_fd = s.ring_fd as __u32;
        buf.flags &= !IORING_REGISTER_SRC_REGISTERED;
    }
    do_register(dst, IORING_REGISTER_CLONE_BUFFERS, ptr_arg(&buf), 1)
}

/// `__io_uring_clone_buffers_offset`, using `src`'s registered index when it has one.
///
/// # Safety
/// `dst` and `src` must be initialised rings.
#[no_mangle]
pub unsafe extern "C" fn io_uring_clone_buffers_offset(
    dst: *mut io_uring,
    src: *mut io_uring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        __io_uring_clone_buffers_offset(
            dst,
            src,
            dst_off,
            src_off,
            nr,
            flags | IORING_REGISTER_SRC_REGISTERED,
        )
    }
}

/// Clone all registered buffers of `src` into `dst`.
///
/// # Safety
/// `dst` and `src` must be initialised rings.
#[no_mangle]
pub unsafe extern "C" fn io_uring_clone_buffers(dst: *mut io_uring, src: *mut io_uring) -> c_int {
    // SAFETY: forwarded.
    unsafe { __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, IORING_REGISTER_SRC_REGISTERED) }
}

/// Clone all registered buffers of `src` into `dst` with clone `flags`.
///
/// # Safety
/// `dst` and `src` must be initialised rings.
#[no_mangle]
pub unsafe extern "C" fn __io_uring_clone_buffers(
    dst: *mut io_uring,
    src: *mut io_uring,
    flags: c_uint,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, flags) }
}

/// Register a zero-copy receive interface queue.
///
/// # Safety
/// `ring` must be an initialised ring; `reg` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_ifq(
    ring: *mut io_uring,
    reg: *mut io_uring_zcrx_ifq_reg,
) -> c_int {
    do_register(ring, IORING_REGISTER_ZCRX_IFQ, reg.cast_const().cast(), 1)
}

/// Send a control request to a zero-copy receive interface queue.
///
/// # Safety
/// `ring` must be an initialised ring; `ctrl` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_zcrx_ctrl(
    ring: *mut io_uring,
    ctrl: *mut zcrx_ctrl,
) -> c_int {
    do_register(ring, IORING_REGISTER_ZCRX_CTRL, ctrl.cast_const().cast(), 0)
}

/// Register a memory region (e.g. for registered wait arguments).
///
/// # Safety
/// `ring` must be an initialised ring; `reg` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_region(
    ring: *mut io_uring,
    reg: *mut io_uring_mem_region_reg,
) -> c_int {
    do_register(ring, IORING_REGISTER_MEM_REGION, reg.cast_const().cast(), 1)
}

/// Deprecated in liburing 2.15, which always returns -EINVAL: register wait regions with
/// `io_uring_register_region` instead.
///
/// # Safety
/// Always safe; the arguments are not used.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_wait_reg(
    _ring: *mut io_uring,
    _reg: *mut io_uring_reg_wait,
    _nr: c_int,
) -> c_int {
    -libc::EINVAL
}

/// Attach a BPF filter to the ring.
///
/// # Safety
/// `ring` must be an initialised ring; `bpf` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_bpf_filter(
    ring: *mut io_uring,
    bpf: *mut io_uring_bpf,
) -> c_int {
    do_register(ring, IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1)
}

/// Attach a BPF filter to the calling task (no ring).
///
/// # Safety
/// `bpf` must be valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    // SAFETY: the kernel reads one io_uring_bpf.
    unsafe { sys::io_uring_register(-1, IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1) }
}

/// Query kernel io_uring capabilities (no ring).
///
/// # Safety
/// `query` must be a valid query chain.
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_query(query: *mut io_uring_query_hdr) -> c_int {
    // SAFETY: the kernel walks the caller's query chain.
    unsafe { sys::io_uring_register(-1, IORING_REGISTER_QUERY, query.cast_const().cast(), 0) }
}

/// Let (true) or stop (false) the kernel account waits on this ring as iowait.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_set_iowait(ring: *mut io_uring, enable_iowait: bool) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let Some(r) = (unsafe { ring.as_mut() }) else {
        return -libc::EINVAL;
    };
    if r.features & IORING_FEAT_NO_IOWAIT == 0 {
        return -libc::EOPNOTSUPP;
    }
    if enable_iowait {
        r.int_flags &= !int_flag::NO_IOWAIT;
    } else {
        r.int_flags |= int_flag::NO_IOWAIT;
    }
    0
}

/// Where the kernel put the SQ array of a ring resized to `p`. IORING_REGISTER_RESIZE_RINGS does
/// not report it (`sq_off.array` comes back 0, as of 6.18; liburing 2.15 then maps the array over
/// the ring header and its identity fill corrupts the SQ and CQ heads and tails). The kernel lays
/// it out as io_uring_setup(2) does: after the CQEs (the whole ring struct doubled for CQE32),
/// aligned to its cache line size, which is read off the ring's current layout.
fn resized_sq_array_offset(r: &io_uring, p: &io_uring_params) -> u32 {
    let shift = (r.flags & IORING_SETUP_CQE32 != 0) as u32;
    let cq_end = |cqes_off: usize, entries: c_uint| {
        (cqes_off + entries as usize * size_of::<io_uring_cqe>()) << shift
    };
    let align_up = |v: usize, a: usize| (v + a - 1) & !(a - 1);
    let old_array = (r.sq.array as usize).wrapping_sub(r.sq.ring_ptr as usize);
    let old_end = cq_end(
        (r.cq.cqes as usize).wrapping_sub(r.cq.ring_ptr as usize),
        r.cq.ring_entries,
    );
    let line = [64, 128, 256]
        .into_iter()
        .find(|&a| align_up(old_end, a) == old_array)
        .unwrap_or(64);
    align_up(cq_end(p.cq_off.cqes as usize, p.cq_entries), line) as u32
}

/// Resize the SQ and CQ rings of a live ring to `p->sq_entries`/`p->cq_entries` (flags in
/// `p->flags`), keeping pending entries. Not for NO_MMAP rings. `p->flags` is cleared after.
///
/// # Safety
/// `ring` must be an initialised ring; `p` valid.
#[no_mangle]
pub unsafe extern "C" fn io_uring_resize_rings(
    ring: *mut io_uring,
    p: *mut io_uring_params,
) -> c_int {
    // SAFETY: the caller passes valid pointers.
    let (Some(r), Some(p)) = (unsafe { ring.as_mut() }, unsafe { p.as_mut() }) else {
        return -libc::EINVAL;
    };
    if r.flags & IORING_SETUP_NO_MMAP != 0 {
        return -libc::EINVAL;
    }
    p.sq_off = Default::default();
    p.cq_off = Default::default();
    let mut ret = do_register(r, IORING_REGISTER_RESIZE_RINGS, ptr_arg(p), 1);
    if ret >= 0 {
        if p.flags & IORING_SETUP_NO_SQARRAY == 0 && p.sq_off.array == 0 && !r.sq.array.is_null() {
            p.sq_off.array = resized_sq_array_offset(r, p);
        }
        // SAFETY: all-zero is the unset state of both.
        let (mut sq, mut cq): (io_uring_sq, io_uring_cq) = unsafe { core::mem::zeroed() };
        // SAFETY: `p` now describes the new rings of this fd.
        ret = unsafe { mmap_rings(r.ring_fd, p, &mut sq, &mut cq) };
        if ret == 0 {
            let (head, tail) = (r.sq.sqe_head, r.sq.sqe_tail);
            // SAFETY: the old mappings are no longer used once replaced below.
            unsafe {
                sys::munmap(r.sq.sqes.cast(), r.sq.sqes_sz as usize);
                unmap_rings(&r.sq, &r.cq);
            }
            r.sq = sq;
            r.cq = cq;
            r.sq.sqe_head = head;
            r.sq.sqe_tail = tail;
            if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
                // SAFETY: the new SQ array has ring_entries slots.
                unsafe { fill_sq_array(r) };
            }
        }
    }
    p.flags = 0;
    ret
}
