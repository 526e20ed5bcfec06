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

/// register a table of fixed buffers with a ring
///
/// Pin the @nr_iovecs memory areas described by the @iovecs array and install them as the fixed
/// buffer table of @ring, at indexes 0 to @nr_iovecs - 1. Requests prepared with
/// io_uring_prep_read_fixed(), io_uring_prep_write_fixed() and the other fixed-buffer helpers then
/// name a buffer by its index in sqe->buf_index, and the kernel skips mapping and unmapping the
/// pages for every I/O. A request may use any part of a registered buffer.
///
/// The pinned memory is charged against RLIMIT_MEMLOCK unless the caller has CAP_IPC_LOCK. A ring
/// holds one buffer table: to change it, unregister it with io_uring_unregister_buffers() and
/// register a new one, or start with a sparse table (io_uring_register_buffers_sparse()) and
/// update slots with io_uring_register_buffers_update_tag(). Registration goes through the
/// registered ring index when io_uring_register_ring_fd() made one usable for it.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a buffer table.
/// -EINVAL: @nr_iovecs is 0 or above the kernel limit (16384), or @ring is NULL (this library).
/// -EFAULT: an entry of @iovecs lies outside the address space, is larger than 1 GiB, or its
/// memory cannot be pinned (file-backed memory; older kernels report -EOPNOTSUPP).
/// -ENOMEM: out of memory, or the pinned pages exceed RLIMIT_MEMLOCK.
/// -EACCES: the ring's registered restrictions forbid this operation.
///
/// Notes: IORING_REGISTER_BUFFERS exists since Linux 5.1. Before Linux 5.13 the registration waited
/// for the ring to become idle. Huge pages are pinned whole even when only part of one is used.
///
/// Safety: @ring must be an initialised ring; @iovecs must point to @nr_iovecs readable iovec
/// entries.
///
/// See also: io_uring_register_buffers_tags(3), io_uring_register_buffers_sparse(3),
/// io_uring_unregister_buffers(3), io_uring_prep_read_fixed(3), io_uring_prep_write_fixed(3),
/// io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_buffers(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    nr_iovecs: c_uint,
) -> c_int {
    do_register(ring, IORING_REGISTER_BUFFERS, iovecs.cast(), nr_iovecs)
}

/// register a table of fixed buffers, each with a removal tag
///
/// Like io_uring_register_buffers(), install the @nr buffers of the @iovecs array as the fixed
/// buffer table of @ring, and attach the 64-bit value @tags[i] to buffer i. Once a buffer with a
/// non-zero tag leaves the table (through an update or unregistration) and no request uses it any
/// more, the kernel posts a CQE whose user_data is that tag and whose other fields are zero; the
/// application then knows it may reuse or free the memory. A zero tag disables this for its buffer,
/// and a NULL @tags disables it for all of them.
///
/// An entry of @iovecs with a NULL iov_base leaves its slot empty; such an entry must have a zero
/// tag.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a buffer table.
/// -EINVAL: @nr is 0 or too large, an empty slot carries a tag, or @ring is NULL (this library).
/// -EFAULT: @iovecs or @tags, or a buffer, is not accessible, or a buffer is larger than 1 GiB.
/// -ENOMEM: out of memory, or the pinned pages exceed RLIMIT_MEMLOCK.
///
/// Notes: Uses IORING_REGISTER_BUFFERS2, available since Linux 5.13; older kernels fail with
/// -EINVAL.
///
/// Safety: @ring must be an initialised ring; @iovecs must hold @nr entries and @tags, unless NULL,
/// @nr values.
///
/// See also: io_uring_register_buffers(3), io_uring_register_buffers_update_tag(3),
/// io_uring_unregister_buffers(3), io_uring_register(2)
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

/// register a fixed buffer table of empty slots
///
/// Create a fixed buffer table of @nr slots for @ring without any buffer in it. Slots are filled
/// later with io_uring_register_buffers_update_tag(), or by cloning from another ring; a request
/// that uses an empty slot fails with -EFAULT.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a buffer table.
/// -EINVAL: @nr is 0 or above the kernel limit (16384), the kernel predates sparse tables, or @ring
/// is NULL (this library).
/// -ENOMEM: the table cannot be allocated.
///
/// Notes: Sparse buffer tables (IORING_RSRC_REGISTER_SPARSE) are available since Linux 5.19.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_buffers(3), io_uring_register_buffers_update_tag(3),
/// io_uring_clone_buffers(3), io_uring_register(2)
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

/// replace a range of registered fixed buffers
///
/// Replace the @nr fixed buffer slots of @ring starting at index @off with the buffers described by
/// @iovecs, giving slot @off + i the tag @tags[i] (see io_uring_register_buffers_tags() for what a
/// tag does). An iovec with a NULL iov_base empties its slot. The buffer previously in a slot is
/// released once no in-flight request uses it; if it had a tag, its tag CQE is posted then.
///
/// Return: the number of slots updated on success, or a negative errno. When a later entry fails
/// after earlier ones were applied, the count of applied entries is returned.
///
/// Errors:
/// -ENXIO: @ring has no buffer table.
/// -EINVAL: @off + @nr runs past the end of the table, an empty slot carries a tag, or @ring is
/// NULL (this library).
/// -EFAULT: @iovecs, @tags or a buffer is not accessible, or a buffer is larger than 1 GiB.
/// -ENOMEM: out of memory, or the pinned pages exceed RLIMIT_MEMLOCK.
///
/// Notes: IORING_REGISTER_BUFFERS_UPDATE is available since Linux 5.13.
///
/// Safety: @ring must be an initialised ring; @iovecs must hold @nr entries and @tags, unless NULL,
/// @nr values.
///
/// See also: io_uring_register_buffers_tags(3), io_uring_register_buffers_sparse(3),
/// io_uring_register(2)
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

/// release the fixed buffer table of a ring
///
/// Remove the whole fixed buffer table of @ring. The pages of each buffer are unpinned once no
/// in-flight request still uses them; buffers registered with a non-zero tag post their tag CQE at
/// that point. Closing the ring releases the table as well, so this call is only needed to
/// register a different set.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -ENXIO: @ring has no buffer table.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.1.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_buffers(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_buffers(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_BUFFERS, ptr::null(), 0)
}

/// register a table of fixed files with a ring
///
/// Install the @nr_files file descriptors of the @files array as the fixed file table of @ring, at
/// indexes 0 to @nr_files - 1. A request with IOSQE_FIXED_FILE in sqe->flags then passes an index
/// into this table instead of a file descriptor, which spares the kernel a file lookup and
/// reference count per request. Direct-descriptor requests (io_uring_prep_accept_direct() and the
/// like) also need a table. An entry of -1 leaves its slot empty.
///
/// The kernel refuses a table larger than RLIMIT_NOFILE with -EMFILE. In that case this function
/// raises the soft limit of RLIMIT_NOFILE by @nr_files (when it is below @nr_files) and tries once
/// more; a failure to raise it is ignored and the second attempt's result is returned.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a file table.
/// -EINVAL: @nr_files is 0, or @ring is NULL (this library).
/// -EMFILE: @nr_files exceeds RLIMIT_NOFILE even after the retry, or the kernel limit of 1048576
/// slots.
/// -EBADF: an entry is not an open file descriptor, or is an io_uring descriptor.
/// -EFAULT: @files is not readable.
/// -ENOMEM: the table cannot be allocated.
///
/// Notes: IORING_REGISTER_FILES exists since Linux 5.1; before Linux 5.13 the call waited for the
/// ring to become idle. The table holds its own references: closing a descriptor after
/// registration does not affect the slot.
///
/// Safety: @ring must be an initialised ring; @files must point to @nr_files readable ints.
///
/// See also: io_uring_register_files_tags(3), io_uring_register_files_sparse(3),
/// io_uring_register_files_update(3), io_uring_unregister_files(3), io_uring_register(2)
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

/// register a table of fixed files, each with a removal tag
///
/// Like io_uring_register_files(), install the @nr descriptors of @files as the fixed file table of
/// @ring, and attach @tags[i] to slot i. When a file with a non-zero tag is later removed from the
/// table and no request uses it any more, the kernel posts a CQE with that tag as user_data and the
/// other fields zero. A zero tag, or a NULL @tags, disables this. Entries of -1 leave their slot
/// empty and must have a zero tag. The same RLIMIT_NOFILE retry as io_uring_register_files() is
/// made on -EMFILE.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a file table.
/// -EINVAL: @nr is 0, an empty slot carries a tag, or @ring is NULL (this library).
/// -EMFILE: @nr exceeds RLIMIT_NOFILE even after the retry, or the kernel limit.
/// -EBADF: an entry is not an open file descriptor, or is an io_uring descriptor.
/// -EFAULT: @files or @tags is not readable.
///
/// Notes: Uses IORING_REGISTER_FILES2, available since Linux 5.13.
///
/// Safety: @ring must be an initialised ring; @files must hold @nr ints and @tags, unless NULL, @nr
/// values.
///
/// See also: io_uring_register_files(3), io_uring_register_files_update_tag(3),
/// io_uring_unregister_files(3), io_uring_register(2)
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

/// register a fixed file table of empty slots
///
/// Create a fixed file table of @nr empty slots for @ring. Slots are filled later with
/// io_uring_register_files_update() or io_uring_register_files_update_tag(), or by requests that
/// install a direct descriptor (io_uring_prep_accept_direct(), io_uring_prep_openat_direct() and
/// similar). The same RLIMIT_NOFILE retry as io_uring_register_files() is made on -EMFILE.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @ring already has a file table.
/// -EINVAL: @nr is 0, the kernel predates sparse tables, or @ring is NULL (this library).
/// -EMFILE: @nr exceeds RLIMIT_NOFILE even after the retry, or the kernel limit of 1048576 slots.
/// -ENOMEM: the table cannot be allocated.
///
/// Notes: Sparse file tables are available since Linux 5.19.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_files(3), io_uring_register_file_alloc_range(3),
/// io_uring_register_files_update(3), io_uring_register(2)
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

/// replace a range of registered fixed files, with tags
///
/// Replace the @nr_files fixed file slots of @ring starting at index @off with the descriptors in
/// @files, attaching @tags[i] to slot @off + i (see io_uring_register_files_tags()). An entry of -1
/// empties its slot; an entry of IORING_REGISTER_FILES_SKIP leaves its slot untouched. A file
/// that is replaced or removed stays alive until the requests using it finish; its tag CQE, if
/// any, is posted then.
///
/// Return: the number of slots processed on success, or a negative errno. When an entry fails
/// after earlier ones were applied, the count of applied entries is returned.
///
/// Errors:
/// -ENXIO: @ring has no file table.
/// -EINVAL: @off + @nr_files runs past the table, an emptied slot carries a tag, or @ring is NULL
/// (this library).
/// -EBADF: an entry is not an open file descriptor, or is an io_uring descriptor.
/// -EFAULT: @files or @tags is not readable.
///
/// Notes: Uses IORING_REGISTER_FILES_UPDATE2, available since Linux 5.13.
///
/// Safety: @ring must be an initialised ring; @files must hold @nr_files ints and @tags, unless
/// NULL, @nr_files values.
///
/// See also: io_uring_register_files_update(3), io_uring_register_files_tags(3),
/// io_uring_prep_files_update(3), io_uring_register(2)
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

/// replace a range of registered fixed files
///
/// Replace the @nr_files fixed file slots of @ring starting at index @off with the descriptors in
/// @files. An entry of -1 empties its slot and an entry of IORING_REGISTER_FILES_SKIP leaves it
/// unchanged. A replaced file stays open until the requests using it finish. The same update can
/// be queued as a request with io_uring_prep_files_update().
///
/// Return: the number of slots processed on success, or a negative errno. When an entry fails
/// after earlier ones were applied, the count of applied entries is returned.
///
/// Errors:
/// -ENXIO: @ring has no file table.
/// -EINVAL: @off + @nr_files runs past the table, or @ring is NULL (this library).
/// -EBADF: an entry is not an open file descriptor, or is an io_uring descriptor.
/// -EFAULT: @files is not readable.
///
/// Notes: IORING_REGISTER_FILES_UPDATE is available since Linux 5.5, and
/// IORING_REGISTER_FILES_SKIP since Linux 5.12.
///
/// Safety: @ring must be an initialised ring; @files must point to @nr_files readable ints.
///
/// See also: io_uring_register_files_update_tag(3), io_uring_register_files(3),
/// io_uring_prep_files_update(3), io_uring_register(2)
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

/// release the fixed file table of a ring
///
/// Remove the whole fixed file table of @ring, dropping the table's reference to every file.
/// Files still used by in-flight requests stay open until those finish, and tagged slots post
/// their tag CQE when they are released. Closing the ring releases the table too, so this is only
/// needed to register a different one.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -ENXIO: @ring has no file table.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.1.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_files(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_files(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_FILES, ptr::null(), 0)
}

/// get eventfd notifications for the completions of a ring
///
/// Register the eventfd(2) descriptor @fd with @ring: the kernel signals it when completions are
/// posted to the CQ ring, so the ring can be waited for with poll(2), epoll(7) or any loop that
/// watches file descriptors. A ring has at most one eventfd.
///
/// A notification only hints that the CQ ring may hold new entries: several CQEs can produce a
/// single signal, and a signal can arrive with nothing new to reap. Notifications can be paused
/// by setting IORING_CQ_EVENTFD_DISABLED in the CQ ring flags, see io_uring_cq_eventfd_toggle().
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: an eventfd is already registered with @ring.
/// -EBADF: @fd is not an open file descriptor.
/// -EINVAL: @fd is not an eventfd, or @ring is NULL (this library).
///
/// Notes: Available since Linux 5.2.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_eventfd_async(3), io_uring_unregister_eventfd(3), eventfd(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_eventfd(ring: *mut io_uring, fd: c_int) -> c_int {
    do_register(ring, IORING_REGISTER_EVENTFD, ptr_arg(&fd), 1)
}

/// get eventfd notifications for completions that happen asynchronously
///
/// Register the eventfd @fd with @ring like io_uring_register_eventfd(), except that the kernel
/// signals it only for completions posted out of line; requests that complete inline while being
/// submitted do not trigger it. This suits an application that already reaps the CQ ring after
/// each submission.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: an eventfd is already registered with @ring.
/// -EBADF: @fd is not an open file descriptor.
/// -EINVAL: @fd is not an eventfd, or @ring is NULL (this library).
///
/// Notes: Available since Linux 5.6.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_eventfd(3), io_uring_unregister_eventfd(3), eventfd(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_eventfd_async(ring: *mut io_uring, fd: c_int) -> c_int {
    do_register(ring, IORING_REGISTER_EVENTFD_ASYNC, ptr_arg(&fd), 1)
}

/// stop eventfd notifications for a ring
///
/// Remove the eventfd registered with @ring by io_uring_register_eventfd() or
/// io_uring_register_eventfd_async(). No descriptor is needed since a ring has at most one. The
/// eventfd itself is not closed.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -ENXIO: no eventfd is registered with @ring.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.2.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_eventfd(3), io_uring_register_eventfd_async(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_eventfd(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_EVENTFD, ptr::null(), 0)
}

/// ask the kernel which request opcodes a ring supports
///
/// Fill the probe structure @p, which has room for @nr entries in its ops array, with what the
/// kernel of @ring supports: p->last_op is the highest opcode known, p->ops_len the number of
/// entries written, and each ops[i].flags has IO_URING_OP_SUPPORTED set when opcode i is
/// supported. @nr larger than the number of opcodes is reduced to it. @p must be zero-filled on
/// entry.
///
/// Most programs use io_uring_get_probe_ring() or io_uring_get_probe(), which allocate and fill
/// the structure, and io_uring_opcode_supported() to read it.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @p is not zero-filled, or @ring is NULL (this library).
/// -EFAULT: @p is not accessible.
/// -ENOMEM: the kernel could not allocate its copy.
///
/// Notes: Available since Linux 5.6.
///
/// Safety: @ring must be an initialised ring; @p must be writable for the probe header plus @nr
/// struct io_uring_probe_op entries.
///
/// See also: io_uring_get_probe_ring(3), io_uring_opcode_supported(3), io_uring_free_probe(3),
/// io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_probe(
    ring: *mut io_uring,
    p: *mut io_uring_probe,
    nr: c_uint,
) -> c_int {
    do_register(ring, IORING_REGISTER_PROBE, p.cast_const().cast(), nr)
}

/// register the caller's credentials with a ring
///
/// Record the credentials of the calling thread with @ring and return an identifier for them. A
/// request whose sqe->personality holds that identifier runs with those credentials rather than
/// with the submitter's, which lets one process issue requests on behalf of another user sharing
/// the ring.
///
/// Return: the new personality identifier (a positive number) on success, or a negative errno.
///
/// Errors:
/// -ENOMEM: out of memory.
/// -EBUSY: no identifier is left.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.6.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_unregister_personality(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_personality(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_REGISTER_PERSONALITY, ptr::null(), 0)
}

/// remove a personality from a ring
///
/// Drop the credentials that io_uring_register_personality() recorded under identifier @id in
/// @ring. Later requests naming @id in sqe->personality fail.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @id is not a registered personality of @ring, or @ring is NULL (this library).
///
/// Notes: Available since Linux 5.6.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_personality(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_personality(ring: *mut io_uring, id: c_int) -> c_int {
    do_register(
        ring,
        IORING_UNREGISTER_PERSONALITY,
        ptr::null(),
        id as c_uint,
    )
}

/// limit the operations a disabled ring will allow
///
/// Install the @nr_res restrictions of the @res array on @ring. Each entry allows one
/// io_uring_register(2) opcode, allows one request opcode, lists the SQE flags requests may use,
/// or lists SQE flags every request must carry. Everything not allowed is refused once the ring
/// runs: a forbidden register call fails with -EACCES and a forbidden request completes with
/// -EACCES. This lets a program set up a sandboxed ring before handing it to less trusted code.
///
/// The ring must have been created with IORING_SETUP_R_DISABLED, all restrictions must be given in
/// one call, and the ring is then started with io_uring_enable_rings().
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBADFD: @ring is not in the disabled state.
/// -EBUSY: restrictions were already registered.
/// -EINVAL: @nr_res is too large, an entry is invalid, or @ring is NULL (this library).
/// -EFAULT: @res is not readable.
///
/// Notes: Available since Linux 5.10.
///
/// Safety: @ring must be an initialised ring; @res must point to @nr_res readable entries.
///
/// See also: io_uring_enable_rings(3), io_uring_register_bpf_filter(3), io_uring_register(2),
/// io_uring_setup(2)
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

/// start a ring created in the disabled state
///
/// Enable @ring, which was created with IORING_SETUP_R_DISABLED. Until then no request can be
/// submitted; registrations are still possible, and the disabled state is the time to install
/// restrictions (io_uring_register_restrictions()). With IORING_SETUP_SINGLE_ISSUER, the calling
/// task becomes the ring's only allowed submitter; an SQPOLL thread starts polling.
///
/// Return: 0 on success, or a negative errno (errno itself is not set).
///
/// Errors:
/// -EBADFD: @ring is not in the disabled state.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.10.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_restrictions(3), io_uring_queue_init_params(3), io_uring_setup(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_enable_rings(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_REGISTER_ENABLE_RINGS, ptr::null(), 0)
}

/// restrict the async workers of a ring to a set of CPUs
///
/// Allow the io-wq worker threads that execute async work for @ring to run only on the CPUs in
/// @mask, a cpu_set_t of @cpusz bytes (usually sizeof(cpu_set_t), or CPU_ALLOC_SIZE() for a
/// dynamically sized set). By default the workers inherit the affinity of the task that created
/// them. Running workers move once they reach a scheduling point. The worker pool belongs to the
/// submitting task, so the mask set through one ring also holds for that task's other rings; for
/// an SQPOLL ring it applies to the pool of the SQPOLL thread.
///
/// The prototype is only declared when _GNU_SOURCE is defined before including liburing.h, since
/// cpu_set_t needs it.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @cpusz is 0 or not below 2^31 (the latter checked here without a system call), @mask
/// is NULL, the calling task has no io-wq yet, or @ring is NULL (this library).
/// -EFAULT: @mask is not readable.
/// -ENOMEM: the kernel could not allocate the mask.
///
/// Notes: Available since Linux 5.14.
///
/// Safety: @ring must be an initialised ring; @mask must point to @cpusz readable bytes.
///
/// See also: io_uring_unregister_iowq_aff(3), io_uring_register_iowq_max_workers(3),
/// sched_setaffinity(2)
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

/// let the async workers of a ring run on any CPU again
///
/// Undo io_uring_register_iowq_aff() for @ring: its io-wq workers go back to the default CPU
/// affinity.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 5.14. liburing's manual page shows a void return, but the function
/// returns int in liburing 2.15 and here.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_iowq_aff(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_iowq_aff(ring: *mut io_uring) -> c_int {
    do_register(ring, IORING_UNREGISTER_IOWQ_AFF, ptr::null(), 0)
}

/// set and read the worker thread limits of a ring
///
/// Set the largest number of io-wq worker threads @ring may use: @values[0] limits bounded
/// workers (work that finishes in bounded time, such as regular file I/O) and @values[1] unbounded
/// workers (work that may block indefinitely, such as sockets and pipes). A value of 0 keeps the
/// current limit, so two zeros only read the limits. By default bounded workers are limited by the
/// SQ size and the CPU count, and unbounded workers by RLIMIT_NPROC. Idle workers exit, so the
/// limits are upper bounds, not a pool size.
///
/// On success @values holds the limits that were in force before the call.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EFAULT: @values is not accessible.
/// -EINVAL: @values is NULL, a value is above the allowed maximum, or @ring is NULL (this
/// library).
///
/// Notes: Available since Linux 5.15.
///
/// Safety: @ring must be an initialised ring; @values must point to two writable unsigned ints.
///
/// See also: io_uring_register_iowq_aff(3), io_uring_register(2)
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

/// register the ring's own descriptor to speed up io_uring_enter
///
/// Register the file descriptor of @ring in the calling task's table of registered rings and keep
/// the returned index in @ring. From then on this library passes the index with
/// IORING_ENTER_REGISTERED_RING to io_uring_enter(2), which saves the kernel a descriptor lookup
/// and reference per call; the saving is largest in multi-threaded programs, whose file table is
/// shared. When the kernel has IORING_FEAT_REG_REG_RING, io_uring_register(2) calls made by this
/// library use the index as well.
///
/// The index is valid only in the task (thread) that registered it. A ring used from several
/// threads must not use this, since the other threads would pass an index they do not own.
/// io_uring_queue_exit() unregisters it.
///
/// Return: 1 (the number of descriptors registered) on success, or a negative errno.
///
/// Errors:
/// -EEXIST: the descriptor of @ring is already registered (checked by this library).
/// -EBUSY: the task's registered-ring table is full (16 entries).
/// -EINVAL: the kernel does not support ring registration, or @ring is NULL (this library).
///
/// Notes: Available since Linux 5.18; registration calls through the index need Linux 6.3
/// (IORING_FEAT_REG_REG_RING).
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_unregister_ring_fd(3), io_uring_close_ring_fd(3), io_uring_register_files(3)
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

/// unregister the ring descriptor registered by io_uring_register_ring_fd
///
/// Remove the registered-ring entry that io_uring_register_ring_fd() created for @ring, freeing
/// its slot in the task's table, and go back to passing the real descriptor to the kernel.
/// io_uring_queue_exit() does this itself.
///
/// Return: 1 (the number of descriptors unregistered) on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @ring has no registered descriptor (checked by this library), or @ring is NULL (this
/// library).
///
/// Notes: After io_uring_close_ring_fd() the ring has no real descriptor left; unregistering it
/// then leaves the ring unreachable.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_ring_fd(3), io_uring_close_ring_fd(3)
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

/// close the ring's file descriptor and keep using the registered index
///
/// Close the real file descriptor of @ring, which must already be registered with
/// io_uring_register_ring_fd(). The ring stays open, and submitting, waiting and registering keep
/// working through the registered index, so a library can use a ring without holding any
/// descriptor of the process (close_range(2) by its user does not affect it). The index remains
/// valid only in the thread that registered it.
///
/// Return: 1 on success, or a negative errno. No system call fails here: the errors are checks
/// made by this library.
///
/// Errors:
/// -EOPNOTSUPP: the kernel lacks IORING_FEAT_REG_REG_RING (Linux 6.3).
/// -EINVAL: @ring has no registered descriptor, or @ring is NULL (this library).
/// -EBADF: the descriptor of @ring was already closed.
///
/// Notes: Whatever needs the real descriptor stops working: io_uring_resize_rings() cannot
/// map the new rings, and the application cannot mmap(2) kernel-allocated memory of the ring.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_ring_fd(3), io_uring_unregister_ring_fd(3)
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

/// register a ring of provided buffers with a ring
///
/// Register the provided-buffer ring described by @reg with @ring; @flags is OR-ed into
/// reg->flags first, so @reg is modified. reg->ring_addr is the page-aligned memory of the buffer
/// ring (an array of reg->ring_entries struct io_uring_buf entries, a power of two up to 32768),
/// reg->bgid the buffer group it serves, and reg->min_left, with IOU_PBUF_RING_INC, the smallest
/// remainder that still counts as usable; reserved fields must be zero. Requests with
/// IOSQE_BUFFER_SELECT and that group in sqe->buf_group then pick a buffer from the ring when
/// data arrives, and report its id in the CQE flags together with IORING_CQE_F_BUFFER.
///
/// @flags may contain IOU_PBUF_RING_MMAP (the kernel allocates the ring, which the application
/// maps with mmap(2); reg->ring_addr must be 0) and IOU_PBUF_RING_INC (a buffer may be consumed in
/// several pieces; IORING_CQE_F_BUF_MORE marks a CQE after which the buffer has more room).
///
/// The ring is initialised with io_uring_buf_ring_init() and filled with io_uring_buf_ring_add()
/// and io_uring_buf_ring_advance(); io_uring_setup_buf_ring() does the whole setup in one call.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EEXIST: group reg->bgid is already in use.
/// -EINVAL: reg->ring_entries is not a power of two or too large, the address is not page aligned,
/// a reserved field or flag is invalid, or @ring is NULL (this library).
/// -EFAULT: @reg is NULL (this library; liburing would crash), or the ring memory is not
/// accessible.
/// -ENOMEM: out of memory.
///
/// Notes: Available since Linux 5.19; IOU_PBUF_RING_MMAP since Linux 6.4 and IOU_PBUF_RING_INC
/// since Linux 6.12.
///
/// Safety: @ring must be an initialised ring; @reg must be NULL or point to a writable struct
/// io_uring_buf_reg. The ring memory must stay valid until the group is unregistered.
///
/// See also: io_uring_setup_buf_ring(3), io_uring_unregister_buf_ring(3),
/// io_uring_buf_ring_init(3), io_uring_buf_ring_add(3), io_uring_buf_ring_advance(3)
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

/// unregister a ring of provided buffers
///
/// Remove the provided-buffer ring that serves buffer group @bgid from @ring. Only the low 16
/// bits of @bgid are used. The memory of the buffer ring belongs to the application, which frees
/// it afterwards (io_uring_free_buf_ring() does both steps for rings made by
/// io_uring_setup_buf_ring()).
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -ENOENT: no buffer group @bgid exists.
/// -EINVAL: group @bgid uses classic provided buffers rather than a ring, or @ring is NULL (this
/// library).
///
/// Notes: Available since Linux 5.19.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_buf_ring(3), io_uring_free_buf_ring(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_buf_ring(ring: *mut io_uring, bgid: c_int) -> c_int {
    let reg = io_uring_buf_reg {
        bgid: bgid as __u16,
        ..Default::default()
    };
    do_register(ring, IORING_UNREGISTER_PBUF_RING, ptr_arg(&reg), 1)
}

/// read the kernel's consumption index of a provided-buffer ring
///
/// Ask the kernel for the current head of the provided-buffer ring that serves group @buf_group
/// in @ring, and store it in *@head. The head is the index of the next buffer the kernel will take;
/// entries between it and the application's tail are still available. *@head is written only on
/// success.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -ENOENT: no buffer group @buf_group exists.
/// -EINVAL: the group is not a buffer ring, or @ring is NULL (this library).
/// -EFAULT: @head is NULL (this library, checked after the kernel call; liburing would crash).
///
/// Notes: Uses IORING_REGISTER_PBUF_STATUS, available since Linux 6.8.
///
/// Safety: @ring must be an initialised ring; @head must be NULL or writable.
///
/// See also: io_uring_register_buf_ring(3), io_uring_buf_ring_available(3)
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

/// cancel requests synchronously
///
/// Cancel the requests of @ring that match @reg and return once that is done, instead of
/// submitting a cancel request and waiting for its CQE. The matching rules are those of
/// io_uring_prep_cancel(): reg->addr is the user_data to match, reg->fd the file descriptor (with
/// IORING_ASYNC_CANCEL_FD), reg->opcode the opcode (with IORING_ASYNC_CANCEL_OP), and reg->flags
/// the IORING_ASYNC_CANCEL_* flags, including ALL and ANY to cancel several requests. A request
/// that is already running is waited for; reg->timeout bounds that wait as a relative time, or is
/// unlimited when tv_sec and tv_nsec are both -1. Padding must be zero.
///
/// Return: 0 when one request was canceled, the number of canceled requests when flags match
/// several, or a negative errno.
///
/// Errors:
/// -ENOENT: no matching request was found.
/// -ETIME: the timeout expired before the matching requests finished.
/// -EINVAL: an unknown flag is set, padding is not zero, or @ring is NULL (this library).
/// -EFAULT: @reg is not accessible.
///
/// Notes: Available since Linux 6.0.
///
/// Safety: @ring must be an initialised ring; @reg must point to a readable struct
/// io_uring_sync_cancel_reg.
///
/// See also: io_uring_prep_cancel(3), io_uring_prep_cancel64(3), io_uring_register(2)
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

/// send a message to a ring without a source ring
///
/// Carry out the IORING_OP_MSG_RING request in @sqe at once, without submitting it to any ring:
/// the target ring named in the SQE receives a CQE as it would from an ordinary MSG_RING request,
/// and the result comes back as the return value. The SQE, which may live on the stack, is
/// cleared and prepared with io_uring_prep_msg_ring() or io_uring_prep_msg_ring_cqe_flags(). Only
/// data messages (IORING_MSG_DATA) are allowed, not descriptor passing, and sqe->fd must be an
/// ordinary file descriptor of the target ring, as there is no source ring with a file table.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @sqe asks for something other than a data message, or has invalid fields or flags.
/// -EBADF: the target descriptor is not open.
/// -EBADFD: the target is not an io_uring instance, or is disabled.
/// -EOVERFLOW: the CQE could not be posted on the target ring.
///
/// Notes: Uses IORING_REGISTER_SEND_MSG_RING, available since Linux 6.13.
///
/// Safety: @sqe must point to a readable, prepared SQE.
///
/// See also: io_uring_prep_msg_ring(3), io_uring_prep_msg_ring_cqe_flags(3), io_uring_register(2)
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

/// limit the fixed-file slots the kernel may allocate
///
/// Restrict the slots that the kernel picks for requests using IORING_FILE_INDEX_ALLOC (accept,
/// open, socket and similar direct-descriptor requests) to the @len slots starting at @off in the
/// fixed file table of @ring. The rest of the table stays free for slots the application chooses
/// itself. Without this call any free slot may be allocated.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: the range extends past the fixed file table (or no table is registered), or @ring is
/// NULL (this library).
/// -EOVERFLOW: @off + @len overflows.
///
/// Notes: Available since Linux 6.0. A file table must be registered first, for example with
/// io_uring_register_files_sparse().
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_register_files_sparse(3), io_uring_prep_accept_direct(3),
/// io_uring_prep_openat_direct(3), io_uring_register(2)
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

/// enable NAPI busy polling for a ring
///
/// Turn on NAPI busy polling for the network sockets used by requests of @ring: while waiting for
/// completions, the kernel polls the device queues for up to napi->busy_poll_to microseconds
/// before sleeping, which can lower network latency at the cost of CPU time. A non-zero
/// napi->prefer_busy_poll favours polling over interrupts, as the SO_PREFER_BUSY_POLL socket
/// option does. The pad and resv fields must be zero. On success @napi receives the settings that
/// were in force before.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: reserved fields are not zero, the ring uses IORING_SETUP_IOPOLL, or @ring is NULL
/// (this library).
/// -EFAULT: @napi is not accessible.
///
/// Notes: Available since Linux 6.9.
///
/// Safety: @ring must be an initialised ring; @napi must point to a readable and writable struct
/// io_uring_napi.
///
/// See also: io_uring_unregister_napi(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    do_register(ring, IORING_REGISTER_NAPI, napi.cast_const().cast(), 1)
}

/// disable NAPI busy polling for a ring
///
/// Turn off the NAPI busy polling that io_uring_register_napi() enabled on @ring. When @napi is
/// not NULL it receives the settings that were in force.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EFAULT: @napi is not writable.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: Available since Linux 6.9.
///
/// Safety: @ring must be an initialised ring; @napi must be NULL or point to a writable struct
/// io_uring_napi.
///
/// See also: io_uring_register_napi(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_unregister_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    do_register(ring, IORING_UNREGISTER_NAPI, napi.cast_const().cast(), 1)
}

/// choose the clock used for completion-wait timeouts
///
/// Select the clock that @ring uses to measure the timeouts of completion waits, such as those of
/// io_uring_wait_cqe_timeout() and io_uring_submit_and_wait_timeout(). arg->clockid is
/// CLOCK_MONOTONIC (the default) or CLOCK_BOOTTIME, which also counts time spent in suspend; the
/// reserved fields must be zero. With IORING_ENTER_ABS_TIMER a timeout is an absolute time of this
/// clock.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: the clock is not supported, a reserved field is not zero, or @ring is NULL (this
/// library).
/// -EFAULT: @arg is not readable.
///
/// Notes: Available since Linux 6.12.
///
/// Safety: @ring must be an initialised ring; @arg must point to a readable struct
/// io_uring_clock_register.
///
/// See also: io_uring_wait_cqe_timeout(3), io_uring_submit_and_wait_timeout(3),
/// clock_gettime(2), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_clock(
    ring: *mut io_uring,
    arg: *mut io_uring_clock_register,
) -> c_int {
    do_register(ring, IORING_REGISTER_CLOCK, arg.cast_const().cast(), 0)
}

/// copy a range of registered buffers from one ring to another
///
/// Make the @nr fixed buffers of @src starting at index @src_off also available in @dst, starting
/// at index @dst_off, without pinning the memory again. If @dst_off, @src_off and @nr are all 0,
/// the whole table of @src is cloned.
///
/// @flags may contain IORING_REGISTER_DST_REPLACE, which allows cloning into a table that @dst
/// already has (overlapping slots are released and replaced), and IORING_REGISTER_SRC_REGISTERED,
/// which names @src by its registered ring index. This library keeps the latter flag only when
/// @src has an index usable for registration (io_uring_register_ring_fd() with
/// IORING_FEAT_REG_REG_RING) and otherwise passes the real descriptor of @src. Unlike
/// io_uring_clone_buffers_offset(), this function does not add IORING_REGISTER_SRC_REGISTERED
/// itself; use it from threads that did not register @src.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @dst already has buffers and IORING_REGISTER_DST_REPLACE is not set.
/// -ENXIO: @src has no registered buffers.
/// -EINVAL: the ranges exceed a table, a flag is unknown, or @dst or @src is NULL (this library).
/// -EBADF: the descriptor or index of @src is not valid.
/// -ENOMEM: out of memory.
///
/// Notes: Cloning whole tables is available since Linux 6.12, ranges and
/// IORING_REGISTER_DST_REPLACE since Linux 6.13. Both rings must share one address space and
/// user, since the kernel accounts pinned memory to them.
///
/// Safety: @dst and @src must be initialised rings.
///
/// See also: io_uring_clone_buffers_offset(3), io_uring_clone_buffers(3),
/// io_uring_register_buffers(3), io_uring_register(2)
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

/// copy a range of registered buffers from another ring
///
/// Clone @nr fixed buffers of @src, starting at index @src_off, into @dst at index @dst_off, as
/// __io_uring_clone_buffers_offset() does, with IORING_REGISTER_SRC_REGISTERED added to @flags:
/// when @src has a registered ring index usable for registration, the kernel finds @src through
/// it. That index belongs to the thread that registered it, so other threads should call
/// __io_uring_clone_buffers_offset() instead. All of @dst_off, @src_off and @nr set to 0 clone the
/// whole table. @flags may also hold IORING_REGISTER_DST_REPLACE to overwrite slots @dst already
/// has.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @dst already has buffers and IORING_REGISTER_DST_REPLACE is not set.
/// -ENXIO: @src has no registered buffers.
/// -EINVAL: the ranges exceed a table, a flag is unknown, or @dst or @src is NULL (this library).
/// -ENOMEM: out of memory.
///
/// Notes: Available since Linux 6.13 (whole-table cloning since Linux 6.12).
///
/// Safety: @dst and @src must be initialised rings.
///
/// See also: __io_uring_clone_buffers_offset(3), io_uring_clone_buffers(3),
/// io_uring_register_buffers(3)
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

/// give a ring the same registered buffers as another ring
///
/// Clone the whole fixed buffer table of @src into @dst, which afterwards has the same buffers as
/// if it had registered them itself, without the cost of pinning the memory again. @dst must not
/// have a buffer table yet. When @src has a registered ring index usable for registration, the
/// kernel finds @src through it, which only works in the thread that registered it; other threads
/// use __io_uring_clone_buffers().
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @dst already has registered buffers.
/// -ENXIO: @src has no registered buffers.
/// -EINVAL: @dst or @src is NULL (this library), or the kernel rejects the request.
/// -ENOMEM: out of memory.
///
/// Notes: Available since Linux 6.12. Both rings must share one address space and user, since
/// the kernel accounts pinned memory to them.
///
/// Safety: @dst and @src must be initialised rings.
///
/// See also: __io_uring_clone_buffers(3), io_uring_clone_buffers_offset(3),
/// io_uring_register_buffers(3), io_uring_unregister_buffers(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_clone_buffers(dst: *mut io_uring, src: *mut io_uring) -> c_int {
    // SAFETY: forwarded.
    unsafe { __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, IORING_REGISTER_SRC_REGISTERED) }
}

/// give a ring the registered buffers of another ring, with flags
///
/// Clone the whole fixed buffer table of @src into @dst like io_uring_clone_buffers(), but with
/// the caller's @flags and without adding IORING_REGISTER_SRC_REGISTERED: @src is found through
/// its real descriptor unless @flags asks for its registered index (and @src has one usable for
/// registration). IORING_REGISTER_DST_REPLACE in @flags allows replacing a table @dst already
/// has.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EBUSY: @dst already has registered buffers and IORING_REGISTER_DST_REPLACE is not set.
/// -ENXIO: @src has no registered buffers.
/// -EBADF: the descriptor of @src was closed (see io_uring_close_ring_fd()).
/// -EINVAL: an unknown flag, or @dst or @src is NULL (this library).
///
/// Notes: Available since Linux 6.12; IORING_REGISTER_DST_REPLACE since Linux 6.13.
///
/// Safety: @dst and @src must be initialised rings.
///
/// See also: io_uring_clone_buffers(3), __io_uring_clone_buffers_offset(3)
#[no_mangle]
pub unsafe extern "C" fn __io_uring_clone_buffers(
    dst: *mut io_uring,
    src: *mut io_uring,
    flags: c_uint,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, flags) }
}

/// register a zero-copy receive interface queue
///
/// Attach a hardware receive queue to @ring for zero-copy network receive, so that incoming data
/// lands directly in memory the application provided. @reg names the network interface
/// (reg->if_idx) and its queue (reg->if_rxq), the size of the refill queue (reg->rq_entries,
/// rounded up to a power of two), the memory area for the data (reg->area_ptr) and the region for
/// the refill queue (reg->region_ptr). On success the kernel writes the refill queue offsets into
/// reg->offsets and the context identifier into reg->zcrx_id.
///
/// @ring must have been created with IORING_SETUP_DEFER_TASKRUN and with IORING_SETUP_CQE32 or
/// IORING_SETUP_CQE_MIXED, and the caller needs CAP_NET_ADMIN.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EPERM: the caller lacks CAP_NET_ADMIN.
/// -EINVAL: the ring flags or a field of @reg are not valid, or @ring is NULL (this library).
/// -EOPNOTSUPP: the device or queue does not support zero-copy receive.
/// -EFAULT: @reg or a structure it points to is not accessible.
///
/// Notes: Available since Linux 6.15.
///
/// Safety: @ring must be an initialised ring; @reg must point to a readable and writable struct
/// io_uring_zcrx_ifq_reg whose pointers are valid.
///
/// See also: io_uring_register_zcrx_ctrl(3), io_uring_register_region(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_ifq(
    ring: *mut io_uring,
    reg: *mut io_uring_zcrx_ifq_reg,
) -> c_int {
    do_register(ring, IORING_REGISTER_ZCRX_IFQ, reg.cast_const().cast(), 1)
}

/// control a registered zero-copy receive context
///
/// Perform the operation ctrl->op on the zero-copy receive context ctrl->zcrx_id of @ring, the
/// identifier returned by io_uring_register_ifq(). ZCRX_CTRL_FLUSH_RQ flushes buffers still
/// waiting in the refill queue (using ctrl->zc_flush); ZCRX_CTRL_EXPORT exports the context so
/// other rings can use it, returning a descriptor for it in ctrl->zc_export.zcrx_fd. Reserved
/// fields must be zero.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: unknown operation, a reserved field is not zero, the kernel lacks this operation, or
/// @ring is NULL (this library).
/// -EFAULT: @ctrl is not accessible.
///
/// Notes: Needs a kernel newer than the one that introduced zero-copy receive (Linux 6.15) with
/// IORING_REGISTER_ZCRX_CTRL; older kernels report -EINVAL.
///
/// Safety: @ring must be an initialised ring; @ctrl must point to a readable and writable struct
/// zcrx_ctrl.
///
/// See also: io_uring_register_ifq(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_zcrx_ctrl(
    ring: *mut io_uring,
    ctrl: *mut zcrx_ctrl,
) -> c_int {
    do_register(ring, IORING_REGISTER_ZCRX_CTRL, ctrl.cast_const().cast(), 0)
}

/// register a memory region with a ring
///
/// Register with @ring the memory region described by @reg. reg->region_uptr points to a struct
/// io_uring_region_desc giving the region's size and either user memory (user_addr with
/// IORING_MEM_REGION_TYPE_USER in its flags) or, without that flag, asking the kernel to allocate
/// it; the kernel then reports in mmap_offset where to map it with mmap(2). reg->flags may hold
/// IORING_MEM_REGION_REG_WAIT_ARG, which makes the region hold struct io_uring_reg_wait entries
/// that io_uring_submit_and_wait_reg() refers to by index, so wait arguments are not copied on
/// every wait. Reserved fields must be zero.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: a flag or reserved field is invalid, IORING_MEM_REGION_REG_WAIT_ARG is used on a ring
/// that is not disabled, or @ring is NULL (this library).
/// -EBUSY: a region is already registered.
/// -EFAULT: @reg or the descriptor is not accessible.
/// -ENOMEM: out of memory.
///
/// Notes: Available since Linux 6.13. A wait-argument region can only be registered while the
/// ring is disabled (IORING_SETUP_R_DISABLED) and stays until the ring is closed.
///
/// Safety: @ring must be an initialised ring; @reg must point to a struct io_uring_mem_region_reg
/// whose region_uptr points to a writable struct io_uring_region_desc.
///
/// See also: io_uring_submit_and_wait_reg(3), io_uring_enable_rings(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_region(
    ring: *mut io_uring,
    reg: *mut io_uring_mem_region_reg,
) -> c_int {
    do_register(ring, IORING_REGISTER_MEM_REGION, reg.cast_const().cast(), 1)
}

/// obsolete wait-region registration, always fails
///
/// Do nothing and fail. The arguments @ring, @reg and @nr are ignored. Registered wait
/// arguments are set up with io_uring_register_region() and IORING_MEM_REGION_REG_WAIT_ARG, then
/// used through io_uring_submit_and_wait_reg().
///
/// Return: always -EINVAL.
///
/// Notes: Kept for binary compatibility; liburing 2.15 behaves the same.
///
/// Safety: None of the arguments are read.
///
/// See also: io_uring_register_region(3), io_uring_submit_and_wait_reg(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_wait_reg(
    ring: *mut io_uring,
    reg: *mut io_uring_reg_wait,
    nr: c_int,
) -> c_int {
    // Named as in liburing's prototype (the header shows them), but unused.
    let _ = (ring, reg, nr);
    -libc::EINVAL
}

/// attach a classic BPF filter to the requests of a ring
///
/// Register on @ring the filter in @bpf, a struct io_uring_bpf with cmd_type set to
/// IO_URING_BPF_CMD_FILTER. Its filter member names the request opcode to filter, an array of
/// classic BPF instructions (filter_ptr and filter_len) and the size of the per-opcode data the
/// program expects (pdu_size). The program runs for each request of that opcode and sees a
/// struct io_uring_bpf_ctx; a return of 0 denies the request, which then fails with -EACCES.
/// IO_URING_BPF_FILTER_DENY_REST in the filter flags denies every opcode that has no filter, and
/// IO_URING_BPF_FILTER_SZ_STRICT requires pdu_size to match the kernel exactly. Several filters
/// for one opcode must all allow a request. As with io_uring_register_restrictions(), the ring
/// must have been created with IORING_SETUP_R_DISABLED and is enabled afterwards.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EACCES: the caller has neither CAP_SYS_ADMIN nor no_new_privs (see prctl(2)).
/// -EMSGSIZE: pdu_size does not fit the kernel's data for the opcode; the kernel writes its own
/// size back into @bpf.
/// -EINVAL: the filter, opcode or flags are invalid, or @ring is NULL (this library).
/// -EFAULT: @bpf or the instructions are not readable.
/// -ENOMEM: out of memory.
///
/// Notes: Needs a kernel with io_uring BPF filtering (IORING_REGISTER_BPF_FILTER); older kernels
/// fail with -EINVAL. The filter only applies to @ring.
///
/// Safety: @ring must be an initialised ring; @bpf must point to a readable and writable struct
/// io_uring_bpf whose filter_ptr is valid.
///
/// See also: io_uring_register_bpf_filter_task(3), io_uring_register_restrictions(3),
/// io_uring_register(2), seccomp(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_bpf_filter(
    ring: *mut io_uring,
    bpf: *mut io_uring_bpf,
) -> c_int {
    do_register(ring, IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1)
}

/// attach a classic BPF filter to all future rings of the calling task
///
/// Register the filter in @bpf (laid out as for io_uring_register_bpf_filter()) on the calling
/// task instead of a ring. It applies to every ring the task creates afterwards and is inherited
/// by children created with fork(2); rings that already exist are not affected. A task filter
/// cannot be removed, and a child can only add filters, which run before those of its parent.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EACCES: the caller has neither CAP_SYS_ADMIN nor no_new_privs (see prctl(2)).
/// -EMSGSIZE: pdu_size does not fit the kernel's data for the opcode; the kernel writes its own
/// size back into @bpf.
/// -EINVAL: the filter, opcode or flags are invalid, or the kernel lacks BPF filtering.
/// -EFAULT: @bpf or the instructions are not readable.
/// -ENOMEM: out of memory.
///
/// Notes: No ring is involved: the register call is made with a descriptor of -1.
///
/// Safety: @bpf must point to a readable and writable struct io_uring_bpf whose filter_ptr is
/// valid.
///
/// See also: io_uring_register_bpf_filter(3), io_uring_register(2), seccomp(2), prctl(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    // SAFETY: the kernel reads one io_uring_bpf.
    unsafe { sys::io_uring_register(-1, IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1) }
}

/// query the io_uring features of the running kernel
///
/// Ask the kernel about its io_uring support without creating a ring. @query is the first of a
/// chain of struct io_uring_query_hdr, linked through next_entry (0 ends the chain). Each names a
/// query in query_op, a buffer in query_data and its size in size: IO_URING_QUERY_OPCODES reports
/// the supported request and register opcodes and setup, enter, feature and SQE flags;
/// IO_URING_QUERY_ZCRX the zero-copy receive capabilities; IO_URING_QUERY_SCQ the layout of the SQ
/// and CQ rings. The kernel stores each query's own status in its result field. Reserved fields
/// must be zero.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: the kernel lacks IORING_REGISTER_QUERY.
/// -EFAULT: a header is not accessible.
///
/// Notes: A query the kernel does not know, or cannot answer, reports its error in its own result
/// field rather than in the return value. No ring is involved: the register call is made with a
/// descriptor of -1. The interface
/// appeared in Linux 6.18 (liburing's page says 6.15).
///
/// Safety: @query must point to a valid chain of headers whose buffers are writable.
///
/// See also: io_uring_get_probe(3), io_uring_register(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register_query(query: *mut io_uring_query_hdr) -> c_int {
    // SAFETY: the kernel walks the caller's query chain.
    unsafe { sys::io_uring_register(-1, IORING_REGISTER_QUERY, query.cast_const().cast(), 0) }
}

/// choose whether waiting on a ring counts as iowait
///
/// Decide whether a task sleeping in io_uring_enter(2) for completions of @ring is accounted as
/// iowait, which is the default. Passing false for @enable_iowait makes this library add
/// IORING_ENTER_NO_IOWAIT to its later io_uring_enter calls for the ring, which avoids misleading
/// iowait figures on workloads that are not storage-bound and lets idle CPUs reach deeper sleep
/// states; true restores the default. No system call is made.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EOPNOTSUPP: the kernel lacks IORING_FEAT_NO_IOWAIT.
/// -EINVAL: @ring is NULL (this library).
///
/// Notes: IORING_FEAT_NO_IOWAIT is available since Linux 6.15.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_submit(3), io_uring_submit_and_wait(3), io_uring_enter(2)
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

/// change the size of the SQ and CQ rings of a live ring
///
/// Resize the rings of @ring to p->sq_entries SQ entries and p->cq_entries CQ entries, keeping
/// the entries that are pending. p->flags may hold IORING_SETUP_CQSIZE (use p->cq_entries; without
/// it the CQ gets twice the SQ size) and IORING_SETUP_CLAMP (clamp sizes that are too large
/// instead of failing); other setup flags are kept from the ring's creation. The other fields of
/// @p should be zero; this function clears p->sq_off and p->cq_off, the kernel fills them, and
/// the new rings are then mapped in place of the old ones. p->flags is cleared before returning,
/// also on failure.
///
/// The kernel leaves p->sq_off.array at 0 after a resize (seen up to Linux 6.18). This library
/// then computes the array's offset from the ring layout, as io_uring_setup(2) places it, where
/// liburing 2.15 would write its SQ index array over the ring header.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: @ring uses IORING_SETUP_NO_MMAP (a limitation of this library and liburing), @ring
/// was not created with IORING_SETUP_DEFER_TASKRUN, p->flags holds an unsupported flag, or @ring
/// or @p is NULL (this library).
/// -EEXIST: @ring uses IORING_SETUP_SINGLE_ISSUER and the caller is not its submitter task.
/// -EOVERFLOW: the sizes overflow, or the pending entries do not fit in the new rings.
/// -EFAULT: @p is not accessible.
/// -ENOMEM: the new rings cannot be allocated.
///
/// Notes: Available since Linux 6.13. A CQ ring is typically enlarged when completions overflow.
/// Mapping the new rings can also fail, with the error of mmap(2); the kernel has resized them by
/// then, so the old mappings are kept but no longer describe the ring, which should be closed.
///
/// Safety: @ring must be an initialised ring and @p a writable struct io_uring_params; no other
/// thread may use the ring during the call, and SQE or CQE pointers taken before it are invalid
/// afterwards.
///
/// See also: io_uring_queue_init_params(3), io_uring_setup(2), io_uring_register(2)
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
