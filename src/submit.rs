//! The submission side: handing out SQEs, publishing the SQ tail, and entering the kernel.

use core::ffi::{c_int, c_uint};
use core::ptr;
use core::sync::atomic::{fence, Ordering};

use crate::complete::cq_needs_flush;
use crate::prep::io_uring_initialize_sqe;
use crate::ring::{int_flag, io_uring, read_once, store_release};
use crate::sys;
use crate::uapi::*;

impl io_uring {
    /// Claim the SQE at the private tail, if the ring has room; `slots` is 1, or 2 for a
    /// 128-byte SQE on an SQE_MIXED ring.
    #[inline(always)]
    fn claim_sqe(&mut self) -> *mut io_uring_sqe {
        let head = self.load_sq_head();
        let tail = self.sq.sqe_tail;
        if tail.wrapping_sub(head) >= self.sq.ring_entries {
            return ptr::null_mut();
        }
        let index = ((tail & self.sq.ring_mask) as usize) << self.sqe_shift();
        self.sq.sqe_tail = tail.wrapping_add(1);
        // SAFETY: index < ring_entries << shift, inside the SQE array.
        let sqe = unsafe { self.sq.sqes.add(index) };
        // SAFETY: the slot is ours until the tail is published.
        unsafe { io_uring_initialize_sqe(sqe) };
        sqe
    }

    /// Publish the SQEs claimed since the last flush; returns how many the kernel has not
    /// consumed yet.
    #[inline(always)]
    pub(crate) fn flush_sq(&mut self) -> c_uint {
        if self.int_flags & int_flag::SOCKOPT_ASYNC_QUIRK != 0 {
            return self.flush_sq_stripping_sockopt_async();
        }
        self.flush_sq_as_is()
    }

    /// `flush_sq` without the sockopt work-around.
    #[inline(always)]
    fn flush_sq_as_is(&mut self) -> c_uint {
        let tail = self.sq.sqe_tail;
        // SQ_REWIND: the kernel always starts at slot 0 and ignores head and tail.
        if self.flags & IORING_SETUP_SQ_REWIND != 0 {
            self.sq.sqe_tail = 0;
            return tail;
        }
        if self.sq.sqe_head != tail {
            self.publish_sq_tail(tail);
        }
        self.sq_unconsumed(tail)
    }

    /// Hand the SQEs up to `tail` to the kernel.
    #[inline(always)]
    fn publish_sq_tail(&mut self, tail: c_uint) {
        self.sq.sqe_head = tail;
        // An SQPOLL thread may read the tail at any time: the SQE writes must be visible first.
        // Without SQPOLL io_uring_enter orders it, but the release store is as cheap as a plain
        // one where it matters (a plain mov on x86) and keeps the path free of a branch.
        // SAFETY: ktail points into the mapped SQ ring.
        unsafe { store_release(self.sq.ktail, tail) };
    }

    /// SQEs up to `tail` the kernel has not consumed yet.
    #[inline(always)]
    fn sq_unconsumed(&self, tail: c_uint) -> c_uint {
        // The kernel advances khead concurrently; no ordering is needed to know what's pending.
        // SAFETY: khead points into the mapped SQ ring.
        tail.wrapping_sub(unsafe { read_once(self.sq.khead) })
    }

    /// `flush_sq` on a ring with the sockopt work-around (see `quirks`). Out of line, so that
    /// the common path carries no call and no register saves for it.
    #[cold]
    #[inline(never)]
    fn flush_sq_stripping_sockopt_async(&mut self) -> c_uint {
        if self.flags & IORING_SETUP_SQ_REWIND == 0 {
            crate::quirks::strip_sockopt_async(self, self.sq.sqe_head, self.sq.sqe_tail);
        }
        self.flush_sq_as_is()
    }

    /// Whether submitting `submit` entries needs io_uring_enter; adds SQ_WAKEUP to `flags` when
    /// an SQPOLL thread sleeps.
    #[inline(always)]
    pub(crate) fn sq_needs_enter(&self, submit: c_uint, flags: &mut c_uint) -> bool {
        if submit == 0 {
            return false;
        }
        if self.flags & IORING_SETUP_SQPOLL == 0 {
            return true;
        }
        // The tail store must be visible to the poller before we read its NEED_WAKEUP flag, or
        // both sides could miss each other (a store-load ordering: only a full fence gives it).
        fence(Ordering::SeqCst);
        if self.sq_flags() & IORING_SQ_NEED_WAKEUP != 0 {
            *flags |= IORING_ENTER_SQ_WAKEUP;
            return true;
        }
        false
    }

    /// Enter the kernel if the `submitted` SQEs or the completions wanted need it. `int_flags`
    /// is `self.int_flags`, read once by the caller (nothing changes it meanwhile).
    #[inline(always)]
    fn submit(
        &mut self,
        submitted: c_uint,
        wait_nr: c_uint,
        getevents: bool,
        int_flags: u8,
    ) -> c_int {
        let mut flags = (int_flags & int_flag::ENTER_MASK) as c_uint;
        // Separate, predictable branches: waiting callers skip the CQ ring's flags.
        if getevents || wait_nr != 0 {
            self.sq_needs_enter(submitted, &mut flags);
            return self.enter(submitted, wait_nr, flags | IORING_ENTER_GETEVENTS);
        }
        if int_flags & int_flag::CQ_ENTER != 0 || cq_needs_flush(self) {
            self.sq_needs_enter(submitted, &mut flags);
            return self.enter(submitted, 0, flags | IORING_ENTER_GETEVENTS);
        }
        if self.sq_needs_enter(submitted, &mut flags) {
            return self.enter(submitted, 0, flags);
        }
        submitted as c_int
    }

    /// The exported submit calls: flush the SQ, then enter if needed. A ring with the sockopt
    /// work-around takes the whole call out of line (a tail call), so that the common path
    /// needs no stack frame.
    #[inline(always)]
    fn flush_and_submit(&mut self, wait_nr: c_uint, getevents: bool) -> c_int {
        let int_flags = self.int_flags;
        if int_flags & int_flag::SOCKOPT_ASYNC_QUIRK != 0 {
            return self.flush_and_submit_with_quirk(wait_nr, getevents);
        }
        let n = self.flush_sq_as_is();
        self.submit(n, wait_nr, getevents, int_flags)
    }

    #[cold]
    #[inline(never)]
    fn flush_and_submit_with_quirk(&mut self, wait_nr: c_uint, getevents: bool) -> c_int {
        let n = self.flush_sq();
        self.submit(n, wait_nr, getevents, self.int_flags)
    }

    /// io_uring_enter on this ring without an argument block; `flags` should include
    /// `enter_flags()`.
    #[inline(always)]
    pub(crate) fn enter(&self, to_submit: c_uint, min_complete: c_uint, flags: c_uint) -> c_int {
        let fd = self.enter_ring_fd as c_uint;
        // SAFETY: no argument block (NULL sigmask).
        unsafe { sys::io_uring_enter(fd, to_submit, min_complete, flags, ptr::null(), NSIG_BYTES) }
    }
}

/// The size of the kernel's sigset, passed with a sigmask to io_uring_enter.
pub(crate) const NSIG_BYTES: usize = 64 / 8;

/// Return a vacant SQE to fill, or NULL when the SQ ring is full. The SQE's common fields are
/// cleared; it is submitted by the next `io_uring_submit*`.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &mut *ring }.claim_sqe()
}

/// Same as `io_uring_get_sqe` (liburing's internal name for it).
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn _io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &mut *ring }.claim_sqe()
}

/// Return a vacant 128-byte SQE: on an SQE128 ring any SQE; on an SQE_MIXED ring two adjacent
/// slots (a skipped NOP fills the last slot when the pair would wrap); NULL otherwise or when full.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_get_sqe128(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    if ring.flags & IORING_SETUP_SQE128 != 0 {
        return ring.claim_sqe();
    }
    if ring.flags & IORING_SETUP_SQE_MIXED == 0 {
        return ptr::null_mut();
    }
    let head = ring.load_sq_head();
    let mut tail = ring.sq.sqe_tail;
    if tail.wrapping_add(1) & ring.sq.ring_mask == 0 {
        // The pair would straddle the end of the array: pad the last slot with a NOP whose
        // successful completion is not posted.
        if tail.wrapping_add(2).wrapping_sub(head) >= ring.sq.ring_entries {
            return ptr::null_mut();
        }
        let pad = ring.claim_sqe();
        // SAFETY: claim_sqe returned a valid slot (room was checked above).
        unsafe {
            crate::prep::io_uring_prep_nop(pad);
            (*pad).flags |= IOSQE_CQE_SKIP_SUCCESS as u8;
        }
        tail = ring.sq.sqe_tail;
    } else if tail.wrapping_add(1).wrapping_sub(head) >= ring.sq.ring_entries {
        return ptr::null_mut();
    }
    // SAFETY: slot `tail & mask` and its neighbour are inside the array (checked above).
    let sqe = unsafe { ring.sq.sqes.add((tail & ring.sq.ring_mask) as usize) };
    ring.sq.sqe_tail = tail.wrapping_add(2);
    // SAFETY: the slot is ours until the tail is published.
    unsafe { io_uring_initialize_sqe(sqe) };
    sqe
}

/// submit the prepared SQEs to the kernel
///
/// Hand the SQEs obtained with io_uring_get_sqe() and prepared since the last submission on @ring
/// to the kernel: publish the new SQ tail, then call io_uring_enter(2) if the kernel has to be
/// told.
/// - Without IORING_SETUP_SQPOLL the kernel is entered whenever there is something to submit.
/// - With IORING_SETUP_SQPOLL the kernel thread picks the SQEs up by itself; the kernel is only
///   entered, with IORING_ENTER_SQ_WAKEUP, when the thread has gone to sleep (IORING_SQ_NEED_WAKEUP
///   in the SQ flags).
///
/// The same call also asks the kernel to flush completions, without waiting for any, when the CQ
/// ring has overflowed (IORING_SQ_CQ_OVERFLOW), when task work is pending (IORING_SQ_TASKRUN), and
/// on IORING_SETUP_IOPOLL rings without SQPOLL, whose completions are only reaped that way. Nothing
/// is waited for.
///
/// On kernels with IORING_FEAT_SUBMIT_STABLE (Linux 5.5), data a request reads from memory at
/// submission time (a struct msghdr, an iovec array, a path name) needs to stay valid only until
/// the request has been submitted; data buffers must stay valid until the completion.
///
/// Return: the number of SQEs submitted, or a negative errno. Without SQPOLL this is the kernel's
/// count, which can be lower than the number prepared; the rest stay queued and go with the next
/// submission. With SQPOLL it is the number of published SQEs the kernel thread had not consumed
/// yet, which is not proof that they will all be accepted.
///
/// Errors:
/// -EAGAIN: the kernel could not allocate what a request needs; reap completions and retry.
/// -EBUSY: completions have overflowed and could not all be flushed to the CQ ring (without
/// IORING_FEAT_NODROP: too many requests are in flight for the CQ ring).
/// -EBADR: completions were lost because the kernel had no memory to keep overflowed ones; reported
/// once.
/// -EBADF: the ring file descriptor is not valid.
/// -EBADFD: the ring was set up disabled (IORING_SETUP_R_DISABLED) and is not enabled yet.
/// -EEXIST: the ring has IORING_SETUP_SINGLE_ISSUER and the caller is not its submitter task.
/// -EOWNERDEAD: the SQPOLL kernel thread has died.
/// -ENXIO: the ring is being torn down.
///
/// Notes: On kernels 6.7 to 6.10.2 (see io_uring_queue_init_params()) the library clears
/// IOSQE_ASYNC from socket getsockopt/setsockopt commands as it publishes them, because those
/// kernels never complete them otherwise.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_get_sqe(3), io_uring_submit_and_wait(3), io_uring_submit_and_get_events(3),
/// io_uring_submit_and_wait_timeout(3), io_uring_sqring_wait(3), io_uring_enter(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    ring.flush_and_submit(0, false)
}

/// submit the prepared SQEs and wait for completions
///
/// Submit like io_uring_submit(), and in the same io_uring_enter(2) call wait until at least
/// @wait_nr completions are ready in the CQ ring of @ring. With @wait_nr 0 this is
/// io_uring_submit(); with @wait_nr above 0 the kernel is entered even when there is nothing to
/// submit. The CQEs are not returned: reap them with io_uring_peek_cqe(), io_uring_peek_batch_cqe()
/// or io_uring_for_each_cqe().
///
/// Submitting and waiting in one call pays off most on rings set up with IORING_SETUP_SINGLE_ISSUER
/// and IORING_SETUP_DEFER_TASKRUN, whose completions are processed only when the application waits
/// for them.
///
/// Return: the number of SQEs submitted, or a negative errno. When SQEs were submitted, a failure
/// of the wait itself (a signal, for instance) is not reported: the count is returned, and fewer
/// than @wait_nr completions may be ready.
///
/// Errors:
/// -EINTR: a signal arrived while waiting, and nothing was submitted.
/// -EAGAIN: the kernel could not allocate what a request needs; reap completions and retry.
/// -EBUSY: completions have overflowed and could not all be flushed to the CQ ring.
/// -EBADR: completions were lost because the kernel had no memory to keep overflowed ones.
/// -EBADF: the ring file descriptor is not valid.
/// -EBADFD: the ring is disabled (IORING_SETUP_R_DISABLED) and not enabled yet.
/// -EEXIST: the ring has IORING_SETUP_SINGLE_ISSUER or IORING_SETUP_DEFER_TASKRUN and the caller is
/// not its submitter task.
/// -EOWNERDEAD: the SQPOLL kernel thread has died.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_submit(3), io_uring_submit_and_wait_timeout(3), io_uring_wait_cqe(3),
/// io_uring_peek_batch_cqe(3), io_uring_enter(2)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit_and_wait(ring: *mut io_uring, wait_nr: c_uint) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    ring.flush_and_submit(wait_nr, false)
}

/// submit the prepared SQEs and flush pending completions
///
/// Submit like io_uring_submit(), and always enter the kernel with IORING_ENTER_GETEVENTS (but
/// without waiting), even when there is nothing to submit: overflowed completions are moved into
/// the CQ ring and pending task work is run, as io_uring_get_events() does, in the same system call
/// as the submission.
///
/// Return: the number of SQEs submitted, or a negative errno.
///
/// Errors:
/// -EAGAIN: the kernel could not allocate what a request needs; reap completions and retry.
/// -EBUSY: completions have overflowed and could not all be flushed to the CQ ring.
/// -EBADF: the ring file descriptor is not valid.
/// -EBADFD: the ring is disabled (IORING_SETUP_R_DISABLED) and not enabled yet.
/// -EEXIST: the ring has IORING_SETUP_SINGLE_ISSUER or IORING_SETUP_DEFER_TASKRUN and the caller is
/// not its submitter task.
/// -EOWNERDEAD: the SQPOLL kernel thread has died.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_submit(3), io_uring_get_events(3), io_uring_peek_batch_cqe(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit_and_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    ring.flush_and_submit(0, true)
}

/// wait until the SQ ring of an SQPOLL ring has room
///
/// Enter the kernel on @ring with IORING_ENTER_SQ_WAIT and nothing to submit. On an
/// IORING_SETUP_SQPOLL ring this sleeps until the kernel thread has consumed SQEs and the SQ ring
/// is no longer full (or a signal is pending). It is the out-of-line part of
/// io_uring_sqring_wait(), which calls it only for a full SQPOLL ring; applications normally use
/// that function instead.
///
/// Return: 0 on success, or a negative errno. On a ring without SQPOLL the kernel returns 0 at
/// once.
///
/// Errors:
/// -EINVAL: the kernel does not know IORING_ENTER_SQ_WAIT (before Linux 5.10).
/// -EBADF: the ring file descriptor is not valid.
/// -EOWNERDEAD: the SQPOLL kernel thread has died.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_sqring_wait(3), io_uring_sq_space_left(3), io_uring_submit(3)
#[no_mangle]
pub unsafe extern "C" fn __io_uring_sqring_wait(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &*ring };
    ring.enter(0, 0, IORING_ENTER_SQ_WAIT | ring.enter_flags())
}

/// SQPOLL only: if the SQ ring is full, wait for room. Returns 0 at once otherwise.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqring_wait(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let r = unsafe { &*ring };
    if r.flags & IORING_SETUP_SQPOLL == 0 || r.sq_space_left() != 0 {
        return 0;
    }
    // SAFETY: forwarded.
    unsafe { __io_uring_sqring_wait(ring) }
}

impl io_uring {
    #[inline(always)]
    fn sq_ready(&self) -> c_uint {
        // Always the kernel's head, so a short submit does not lose track.
        self.sq.sqe_tail.wrapping_sub(self.load_sq_head())
    }

    #[inline(always)]
    fn sq_space_left(&self) -> c_uint {
        self.sq.ring_entries.wrapping_sub(self.sq_ready())
    }
}

/// SQEs prepared but not yet consumed by the kernel.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sq_ready(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &*ring }.sq_ready()
}

/// Free SQ slots.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sq_space_left(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &*ring }.sq_space_left()
}

/// The kernel's SQ head index, with acquire ordering under SQPOLL.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_load_sq_head(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &*ring }.load_sq_head()
}

/// 1 if the ring's SQEs are 128 bytes (index shift), else 0.
///
/// # Safety
/// `ring` must be a valid ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_sqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes a valid ring.
    unsafe { &*ring }.sqe_shift()
}

/// 1 if setup `flags` give 128-byte SQEs, else 0.
#[no_mangle]
pub extern "C" fn io_uring_sqe_shift_from_flags(flags: c_uint) -> c_uint {
    sqe_shift_from_flags(flags)
}
