//! The raw io_uring system calls as exported functions. Like liburing's they return -errno on
//! failure and leave `errno` alone.

use core::ffi::{c_int, c_uint, c_void};

use crate::submit::NSIG_BYTES;
use crate::sys;
use crate::uapi::io_uring_params;

/// create an io_uring instance (the raw system call)
///
/// Issue io_uring_setup(2) with @entries and @p and return the new ring file descriptor. Nothing is
/// mapped: pass the same @p to io_uring_queue_mmap(), or use io_uring_queue_init_params(), which
/// does both. On input @p holds the setup flags and the parameters they need; on return the kernel
/// has filled in the queue sizes, its feature bits and the offsets for mmap(2).
///
/// Return: a new file descriptor (close-on-exec) on success, or a negative errno. The error is only
/// returned, not meant to be read from errno.
///
/// Errors:
/// -EINVAL: @entries is 0 or too large without IORING_SETUP_CLAMP, p->flags holds an unknown flag
/// or a combination the kernel refuses, a parameter such as p->cq_entries is invalid, or p->resv is
/// not zero.
/// -EFAULT: @p is not a valid address.
/// -ENOMEM: the kernel is short of memory; before Linux 5.12 also when the rings exceed
/// RLIMIT_MEMLOCK.
/// -EPERM: the kernel.io_uring_disabled sysctl forbids io_uring to this process, or (before Linux
/// 5.13) IORING_SETUP_SQPOLL needs a privilege the process lacks (CAP_SYS_ADMIN; on 5.11 and
/// 5.12 CAP_SYS_NICE also does).
/// -EMFILE: the process has reached its limit of open file descriptors.
/// -ENFILE: the system-wide limit of open files has been reached.
/// -ENXIO: IORING_SETUP_ATTACH_WQ was given with a p->wq_fd that is not an open file
/// descriptor (an open one that is not an io_uring gives -EINVAL).
/// -ENOSYS: the kernel has no io_uring, or a seccomp filter hides it.
///
/// Notes: With the environment variable LIBURING_DEBUG set (to anything but 0), a failure prints
/// one line on stderr naming the likely cause and a remedy, as io_uring_queue_init_params() does.
/// liburing prints nothing.
///
/// Safety: @p must point to a valid, writable struct io_uring_params.
///
/// See also: io_uring_setup(2), io_uring_queue_mmap(3), io_uring_queue_init_params(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_setup(entries: c_uint, p: *mut io_uring_params) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    let ret = unsafe { sys::io_uring_setup(entries, p.cast()) };
    if ret < 0 {
        // SAFETY: the caller passes NULL or a readable io_uring_params.
        let flags = unsafe { p.as_ref() }.map_or(0, |p| p.flags);
        crate::diagnose::setup_failed("io_uring_setup", ret, entries, flags);
    }
    ret
}

/// submit and wait on a ring (the raw system call)
///
/// Issue io_uring_enter(2) on the ring file descriptor @fd: submit up to @to_submit SQEs from the
/// SQ ring and, when @flags contains IORING_ENTER_GETEVENTS, wait until at least @min_complete
/// completions are ready. @sig, if not NULL, is the signal mask to install during the wait, as with
/// pselect(2); its size is passed as the kernel's 8 bytes. With IORING_ENTER_REGISTERED_RING in
/// @flags, @fd is the index of a registered ring file descriptor rather than a file descriptor.
///
/// This wrapper cannot pass an extended argument (IORING_ENTER_EXT_ARG): use io_uring_enter2() for
/// that.
///
/// Return: the number of SQEs submitted (0 when none), or a negative errno. When SQEs were
/// submitted, an error of the wait itself is not reported. The error is only returned, not meant to
/// be read from errno.
///
/// Errors:
/// -EAGAIN: the kernel could not allocate what a request needs.
/// -EBADF: @fd is not a valid file descriptor (or registered ring index).
/// -EBADFD: the ring is disabled (IORING_SETUP_R_DISABLED) and not enabled yet.
/// -EBADR: completions were lost because the kernel had no memory to keep overflowed ones.
/// -EBUSY: overflowed completions could not all be flushed to the CQ ring.
/// -EEXIST: the ring has IORING_SETUP_SINGLE_ISSUER or IORING_SETUP_DEFER_TASKRUN and the caller is
/// not its submitter task.
/// -EFAULT: @sig is not a valid address.
/// -EINTR: a signal arrived while waiting.
/// -EINVAL: @flags holds an unknown bit or a combination the kernel refuses.
/// -ENXIO: the ring is being torn down.
/// -EOPNOTSUPP: @fd does not refer to an io_uring instance.
/// -EOWNERDEAD: the SQPOLL kernel thread has died.
///
/// Safety: @sig must be NULL or point to a valid sigset_t.
///
/// See also: io_uring_enter(2), io_uring_enter2(3), io_uring_submit(3),
/// io_uring_register_ring_fd(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_enter(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    sig: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe {
        sys::io_uring_enter(
            fd,
            to_submit,
            min_complete,
            flags,
            sig.cast_const().cast(),
            NSIG_BYTES,
        )
    }
}

/// submit and wait with an extended argument (the raw system call)
///
/// Issue io_uring_enter(2) on the ring file descriptor @fd with @to_submit, @min_complete and
/// @flags as for io_uring_enter(), and with its last two arguments passed as given: @arg and its
/// size @sz.
/// - Without IORING_ENTER_EXT_ARG in @flags, @arg is NULL or a signal mask, and @sz must be 8 (the
///   kernel's sigset size).
/// - With IORING_ENTER_EXT_ARG, @arg points to a struct io_uring_getevents_arg holding a signal
///   mask, its size, a timeout and a minimum wait time, and @sz is the size of that structure.
/// - With IORING_ENTER_EXT_ARG_REG as well, @arg is not a pointer but a byte offset into the ring's
///   registered wait region (see io_uring_register_region()), and @sz is the size of a struct
///   io_uring_reg_wait.
///
/// Return: the number of SQEs submitted (0 when none), or a negative errno. When SQEs were
/// submitted, an error of the wait itself (such as a timeout) is not reported. The error is only
/// returned, not meant to be read from errno.
///
/// Errors:
/// -ETIME: the timeout expired and the CQ ring is empty.
/// -EINTR: a signal arrived while waiting.
/// -EINVAL: @flags holds an unknown bit, or @sz does not match what @flags says @arg is.
/// -EFAULT: @arg, or a pointer inside it, is not a valid address; or the registered-wait offset
/// lies outside the registered region.
/// -EBADF: @fd is not a valid file descriptor (or registered ring index).
/// -EBADFD: the ring is disabled (IORING_SETUP_R_DISABLED) and not enabled yet.
/// -EEXIST: the ring has IORING_SETUP_SINGLE_ISSUER or IORING_SETUP_DEFER_TASKRUN and the caller is
/// not its submitter task.
/// -EOPNOTSUPP: @fd does not refer to an io_uring instance.
///
/// The errors -EAGAIN, -EBUSY, -EBADR, -ENXIO and -EOWNERDEAD have the meanings given in
/// io_uring_enter().
///
/// Notes: IORING_ENTER_EXT_ARG is available since Linux 5.11 (IORING_FEAT_EXT_ARG), the minimum
/// wait time since 6.12 (IORING_FEAT_MIN_TIMEOUT), and IORING_ENTER_EXT_ARG_REG since 6.13.
///
/// Safety: @arg must be NULL or valid for what @flags says it is.
///
/// See also: io_uring_enter(2), io_uring_enter(3), io_uring_wait_cqes(3),
/// io_uring_submit_and_wait_reg(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_enter2(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *mut c_void,
    sz: usize,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { sys::io_uring_enter(fd, to_submit, min_complete, flags, arg.cast_const(), sz) }
}

/// register resources with a ring (the raw system call)
///
/// Issue io_uring_register(2) on the ring file descriptor @fd with the operation @opcode (an
/// IORING_REGISTER_* or IORING_UNREGISTER_* value), the argument @arg and the count @nr_args; what
/// @arg points to and what @nr_args counts depend on @opcode. With
/// IORING_REGISTER_USE_REGISTERED_RING or'ed into @opcode, @fd is the index of a registered ring
/// file descriptor. The library's helpers, io_uring_register_buffers() and the like, wrap this call
/// for each operation.
///
/// Return: 0 or a positive value that depends on @opcode (such as a personality id or a count) on
/// success, or a negative errno. The error is only returned, not meant to be read from errno.
///
/// Errors:
/// -EBADF: @fd is not a valid file descriptor (or registered ring index), or a file descriptor in
/// @arg is invalid.
/// -EOPNOTSUPP: @fd does not refer to an io_uring instance.
/// -EINVAL: @opcode is unknown to the kernel, or @arg and @nr_args do not suit it.
/// -EFAULT: @arg, or memory it refers to, is not valid.
/// -EBUSY: the resource is already registered.
/// -ENXIO: there is nothing registered to unregister, or the ring is being torn down.
/// -ENOMEM: the kernel is short of memory, or RLIMIT_MEMLOCK would be exceeded.
/// -EACCES: registered restrictions do not allow @opcode.
///
/// Safety: @arg must be valid for @opcode and @nr_args.
///
/// See also: io_uring_register(2), io_uring_register_buffers(3), io_uring_register_files(3),
/// io_uring_register_ring_fd(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_register(
    fd: c_uint,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { sys::io_uring_register(fd as c_int, opcode, arg, nr_args) }
}
