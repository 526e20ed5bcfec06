//! The completion side: peeking, waiting (with timeouts, sigmasks, registered wait regions),
//! batch reaping and advancing the CQ head.

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

use crate::ring::{int_flag, io_uring, io_uring_cqe_iter, load_acquire, store_release};
use crate::submit::NSIG_BYTES;
use crate::sys;
use crate::uapi::*;

/// The user_data liburing gives its internal timeout SQE on kernels without EXT_ARG.
pub(crate) const LIBURING_UDATA_TIMEOUT: __u64 = u64::MAX;

/// Completions are waiting in the kernel (overflow list, task work) that an enter would flush.
#[inline(always)]
pub(crate) fn cq_needs_flush(ring: &io_uring) -> bool {
    ring.sq_flags() & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN) != 0
}

#[inline(always)]
pub(crate) fn cq_needs_enter(ring: &io_uring) -> bool {
    ring.int_flags & int_flag::CQ_ENTER != 0 || cq_needs_flush(ring)
}

/// Slots a CQE takes: 2 for a 32-byte CQE on a CQE_MIXED ring (IORING_CQE_F_32), else 1.
#[inline(always)]
fn cqe_nr(cqe: &io_uring_cqe) -> c_uint {
    1 << ((cqe.flags & IORING_CQE_F_32 != 0) as c_uint)
}

impl io_uring {
    #[inline(always)]
    fn cq_head(&self) -> c_uint {
        // Only the application writes the CQ head: a plain load is enough.
        // SAFETY: khead points into the mapped CQ ring.
        unsafe { *self.cq.khead }
    }

    /// The CQ tail, acquire-ordered so the CQEs before it are visible.
    #[inline(always)]
    fn cq_tail(&self) -> c_uint {
        // SAFETY: ktail points into the mapped CQ ring.
        unsafe { load_acquire(self.cq.ktail) }
    }

    /// The CQE at ring index `head`. The byte offset is computed in 32 bits (a CQ ring is a few
    /// MiB at most) with one shift, which makes the batch loop vectorise into fewer instructions.
    #[inline(always)]
    fn cqe_at(&self, head: c_uint) -> *mut io_uring_cqe {
        const CQE_SHIFT: c_uint = core::mem::size_of::<io_uring_cqe>().trailing_zeros();
        let offset = (head & self.cq.ring_mask) << (self.cqe_shift() + CQE_SHIFT);
        // SAFETY: the offset of slot (head & mask) is inside the CQE array.
        unsafe { self.cq.cqes.byte_add(offset as usize) }
    }

    /// Hand `nr` CQ slots back to the kernel, after the CQEs in them have been read.
    #[inline(always)]
    pub(crate) fn cq_advance(&mut self, nr: c_uint) {
        if nr != 0 {
            // SAFETY: khead points into the mapped CQ ring.
            unsafe { store_release(self.cq.khead, self.cq_head().wrapping_add(nr)) };
        }
    }

    /// Consume `cqe` if the application must not see it: a skip entry (CQE_MIXED padding) or
    /// liburing's own timeout on kernels without EXT_ARG (whose error becomes `err`).
    #[inline(always)]
    fn skip_cqe(&mut self, cqe: &io_uring_cqe, err: &mut c_int) -> bool {
        if cqe.flags & IORING_CQE_F_SKIP == 0 {
            if self.features & IORING_FEAT_EXT_ARG != 0 || cqe.user_data != LIBURING_UDATA_TIMEOUT {
                return false;
            }
            if cqe.res < 0 {
                *err = cqe.res;
            }
        }
        self.cq_advance(cqe_nr(cqe));
        *err == 0
    }

    /// The first CQE the application should see (or NULL), and how many slots were ready.
    #[inline(always)]
    fn peek_cqe(&mut self, nr_available: Option<&mut c_uint>) -> (c_int, *mut io_uring_cqe) {
        let mut err = 0;
        let (available, cqe) = loop {
            let tail = self.cq_tail();
            let head = self.cq_head();
            let available = tail.wrapping_sub(head);
            if available == 0 {
                break (0, ptr::null_mut());
            }
            let cqe = self.cqe_at(head);
            // SAFETY: head < tail, so the CQE is published and valid.
            if !self.skip_cqe(unsafe { &*cqe }, &mut err) {
                // An error means the CQE was liburing's own timeout, already consumed.
                break (available, if err != 0 { ptr::null_mut() } else { cqe });
            }
        };
        if let Some(n) = nr_available {
            *n = available;
        }
        (err, cqe)
    }
}

/// What one `get_cqe` call is to submit and wait for, and how to pass the wait argument.
struct GetData {
    submit: c_uint,
    wait_nr: c_uint,
    get_flags: c_uint,
    sz: usize,
    has_ts: bool,
    arg: *const c_void,
}

impl GetData {
    /// A plain wait: `sigmask` (or NULL) is the argument, applied while waiting.
    fn with_sigmask(submit: c_uint, wait_nr: c_uint, sigmask: *const libc::sigset_t) -> Self {
        GetData {
            submit,
            wait_nr,
            get_flags: 0,
            sz: NSIG_BYTES,
            has_ts: false,
            arg: sigmask.cast(),
        }
    }
}

/// The first pass of `get_cqe` when it would not enter the kernel: nothing to submit, and either
/// enough CQEs ready, a peek error, or an empty CQ with nothing to wait for or flush. None when
/// the full loop must run.
#[inline(always)]
fn get_cqe_fast(
    ring: &mut io_uring,
    cqe_ptr: &mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
) -> Option<c_int> {
    if submit != 0 {
        return None;
    }
    let mut nr_available = 0;
    let (ret, cqe) = ring.peek_cqe(Some(&mut nr_available));
    if ret != 0 || (!cqe.is_null() && wait_nr <= nr_available) {
        *cqe_ptr = cqe;
        return Some(ret);
    }
    if cqe.is_null() && wait_nr == 0 && !cq_needs_enter(ring) {
        *cqe_ptr = cqe;
        return Some(-libc::EAGAIN);
    }
    None
}

/// `get_cqe` with a plain (sigmask) wait argument, out of line: the slow path of peek and wait.
#[cold]
#[inline(never)]
fn get_cqe_slow(
    ring: &mut io_uring,
    cqe_ptr: &mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    sigmask: *const libc::sigset_t,
) -> c_int {
    get_cqe(
        ring,
        cqe_ptr,
        &mut GetData::with_sigmask(submit, wait_nr, sigmask),
    )
}

/// The loop behind every wait: peek, and enter the kernel while more is to be submitted or
/// waited for. A timeout (in `data.arg`) is honoured by the kernel; after one enter that returned
/// without a CQE we report -ETIME rather than enter again.
fn get_cqe(ring: &mut io_uring, cqe_ptr: &mut *mut io_uring_cqe, data: &mut GetData) -> c_int {
    let mut looped = false;
    let mut err = 0;
    let mut cqe;
    loop {
        let mut need_enter = false;
        let mut flags = ring.enter_flags();
        let mut nr_available = 0;
        let (ret, c) = ring.peek_cqe(Some(&mut nr_available));
        cqe = c;
        if ret != 0 {
            if err == 0 {
                err = ret;
            }
            break;
        }
        if cqe.is_null() && data.wait_nr == 0 && data.submit == 0 {
            // Nothing to submit or wait for: enter once at most, and only to flush.
            if looped || !cq_needs_enter(ring) {
                if err == 0 {
                    err = -libc::EAGAIN;
                }
                break;
            }
            need_enter = true;
        }
        if data.wait_nr > nr_available || need_enter {
            flags |= IORING_ENTER_GETEVENTS | data.get_flags;
            need_enter = true;
        }
        if ring.sq_needs_enter(data.submit, &mut flags) {
            need_enter = true;
        }
        if !need_enter {
            break;
        }
        if looped && data.has_ts {
            // With EXT_ARG_REG, `arg` is an offset into the registered wait region, not a
            // pointer; either way the kernel enforced the timeout already.
            let has_timeout = data.get_flags & IORING_ENTER_EXT_ARG_REG != 0
                // SAFETY: without EXT_ARG_REG, has_ts means `arg` is our io_uring_getevents_arg.
                || unsafe { (*data.arg.cast::<io_uring_getevents_arg>()).ts } != 0;
            if cqe.is_null() && has_timeout && err == 0 {
                err = -libc::ETIME;
            }
            break;
        }
        // SAFETY: `arg` is NULL, a sigset, a getevents arg, or a region offset, as flags say.
        let ret = unsafe {
            sys::io_uring_enter(
                ring.enter_ring_fd as c_uint,
                data.submit,
                data.wait_nr,
                flags,
                data.arg,
                data.sz,
            )
        };
        if ret < 0 {
            if err == 0 {
                err = ret;
            }
            break;
        }
        data.submit = data.submit.wrapping_sub(ret as c_uint);
        if !cqe.is_null() {
            break;
        }
        if !looped {
            looped = true;
            err = ret;
        }
    }
    *cqe_ptr = cqe;
    err
}

/// submit, wait and return the first completion (internal helper)
///
/// The engine behind io_uring_wait_cqe(), io_uring_wait_cqe_nr(), io_uring_peek_cqe() and
/// io_uring_wait_cqes(), exported as liburing exports it. It repeats: look for a CQE at the head of
/// the CQ ring of @ring; if @submit SQEs are still to be submitted or fewer than @wait_nr CQEs are
/// ready, call io_uring_enter(2) to submit them and wait for @wait_nr completions, with @sigmask
/// (if not NULL) as the signal mask during the wait. It returns once enough CQEs are ready, as soon
/// as a CQE is there after the kernel has been entered (even if fewer than @wait_nr), or on an
/// error. The first CQE is stored in *@cqe_ptr but not consumed: mark it with io_uring_cqe_seen()
/// or io_uring_cq_advance().
///
/// When @submit and @wait_nr are both 0 the function does not wait: it enters the kernel at most
/// once, and only if completions are held back (overflow, pending task work, an IORING_SETUP_IOPOLL
/// ring), and fails with -EAGAIN when no CQE is ready.
///
/// Entries the application must not see are consumed on the way: padding (IORING_CQE_F_SKIP) on
/// IORING_SETUP_CQE_MIXED rings, and, on kernels without IORING_FEAT_EXT_ARG, the completion of the
/// internal timeout request of a timed wait (user_data LIBURING_UDATA_TIMEOUT), whose error (-ETIME
/// when the timeout fired) is returned.
///
/// Return: 0 or a positive number on success, or a negative errno. A positive value is the number
/// of SQEs the first io_uring_enter(2) submitted, reported when no CQE was ready before that call.
/// *@cqe_ptr is NULL after an error, and can be NULL after success when @wait_nr is 0.
///
/// Errors:
/// -EAGAIN: nothing was to be submitted or waited for, and no CQE is ready.
/// -EINVAL: @ring or @cqe_ptr is NULL.
/// -ETIME: the internal timeout request of a timed wait fired (kernels before 5.11).
/// -EINTR: a signal arrived while waiting, and nothing was submitted.
/// -EEXIST: the ring has IORING_SETUP_DEFER_TASKRUN and the caller is not its submitter task.
///
/// Other errors of io_uring_enter(2) are passed on, such as -EBADR, -EBUSY, or -EFAULT for
/// @sigmask.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @sigmask
/// must be NULL or point to a valid sigset_t.
///
/// See also: io_uring_wait_cqe_nr(3), io_uring_wait_cqes(3), io_uring_peek_cqe(3),
/// io_uring_cqe_seen(3)
#[no_mangle]
pub unsafe extern "C" fn __io_uring_get_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    if let Some(ret) = get_cqe_fast(r, out, submit, wait_nr) {
        return ret;
    }
    get_cqe_slow(r, out, submit, wait_nr, sigmask)
}

/// The ring and CQE out-pointer of a peek/wait call; None (-EINVAL) when either is NULL.
///
/// # Safety
/// Each pointer must be NULL or valid (an initialised ring; a writable `*mut io_uring_cqe`).
unsafe fn wait_args<'a>(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
) -> Option<(&'a mut io_uring, &'a mut *mut io_uring_cqe)> {
    // SAFETY: NULL or valid per the contract.
    unsafe { Some((ring.as_mut()?, cqe_ptr.as_mut()?)) }
}

/// flush completions the kernel holds back into the CQ ring
///
/// Enter the kernel on @ring with IORING_ENTER_GETEVENTS, nothing to submit and nothing to wait
/// for. This moves overflowed completions into the CQ ring as far as there is room, runs pending
/// task work that posts completions (deferred with IORING_SETUP_DEFER_TASKRUN, or signalled by
/// IORING_SQ_TASKRUN on rings with IORING_SETUP_TASKRUN_FLAG), and on IORING_SETUP_IOPOLL rings
/// polls once for finished I/O. Afterwards the new CQEs can be reaped without a system call.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EEXIST: the ring has IORING_SETUP_DEFER_TASKRUN and the caller is not its submitter task.
/// -EBADF: the ring file descriptor is not valid.
/// -EBADFD: the ring is disabled (IORING_SETUP_R_DISABLED) and not enabled yet.
/// -EOPNOTSUPP: the ring file descriptor does not refer to an io_uring instance.
///
/// Safety: @ring must be an initialised ring.
///
/// See also: io_uring_submit_and_get_events(3), io_uring_peek_batch_cqe(3),
/// io_uring_cq_has_overflow(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &*ring };
    ring.enter(0, 0, IORING_ENTER_GETEVENTS | ring.enter_flags())
}

/// Store `n` pointers to the CQEs `stride` slots apart from `first` into `out`.
///
/// # Safety
/// `out` must hold `n` pointers.
#[inline(always)]
unsafe fn fill_run(out: *mut *mut io_uring_cqe, first: *mut io_uring_cqe, stride: usize, n: usize) {
    let mut cqe = first;
    for i in 0..n {
        // SAFETY: i < n; the pointers are only computed here, inside the CQE array.
        unsafe { *out.add(i) = cqe };
        cqe = cqe.wrapping_add(stride);
    }
}

/// Fill `cqes` with up to `count` ready CQEs without consuming them; returns how many were written.
/// On CQE_MIXED rings only real CQEs are returned (skip padding at the head is consumed), so the
/// caller advances by the slots they take (`io_uring_cqe_nr`), not by the count.
#[inline(always)]
fn peek_batch(ring: &mut io_uring, cqes: *mut *mut io_uring_cqe, count: c_uint) -> c_uint {
    let head = ring.cq_head();
    let ready = ring.cq_tail().wrapping_sub(head);
    if ready == 0 {
        return 0;
    }
    if ring.flags & IORING_SETUP_CQE_MIXED != 0 {
        return peek_batch_mixed(ring, cqes, count, head, ready);
    }
    let n = ready.min(count) as usize;
    if n == 1 {
        // SAFETY: the caller's array holds at least one pointer.
        unsafe { *cqes = ring.cqe_at(head) };
        return 1;
    }
    // The CQEs are adjacent up to the end of the array, then continue at its start: two runs
    // of pointers a stride apart, which vectorise without a mask per CQE.
    let start = head & ring.cq.ring_mask;
    let first = n.min((ring.cq.ring_mask - start) as usize + 1);
    let stride = 1usize << ring.cqe_shift();
    // SAFETY: the caller's array holds `count` >= n pointers; both runs stay in the ring.
    unsafe {
        fill_run(cqes, ring.cqe_at(head), stride, first);
        fill_run(cqes.add(first), ring.cq.cqes, stride, n - first);
    }
    n as c_uint
}

/// `peek_batch` on a CQE_MIXED ring: CQEs of one or two slots, and skip entries. Out of line,
/// to keep the common path small.
#[inline(never)]
fn peek_batch_mixed(
    ring: &mut io_uring,
    cqes: *mut *mut io_uring_cqe,
    count: c_uint,
    mut head: c_uint,
    ready: c_uint,
) -> c_uint {
    let last = head.wrapping_add(ready);
    let mut nr = 0;
    while head != last && nr < count {
        // Mixed rings use the unshifted index: a 32-byte CQE takes two 16-byte slots.
        // SAFETY: head is within [khead, tail), inside the array.
        let cqe = unsafe { ring.cq.cqes.add((head & ring.cq.ring_mask) as usize) };
        // SAFETY: published CQE.
        let flags = unsafe { (*cqe).flags };
        if flags & IORING_CQE_F_SKIP != 0 {
            // A skip entry can only be consumed at the CQ head; otherwise leave it for later.
            if nr != 0 {
                break;
            }
            ring.cq_advance(1);
            head = head.wrapping_add(1);
            continue;
        }
        // SAFETY: published CQE.
        head = head.wrapping_add(cqe_nr(unsafe { &*cqe }));
        // SAFETY: nr < count.
        unsafe { *cqes.add(nr as usize) = cqe };
        nr += 1;
    }
    nr
}

/// get up to a given number of completions without waiting
///
/// Store into @cqes pointers to the CQEs ready at the head of the CQ ring of @ring, oldest first,
/// at most @count of them, and return how many were stored. The return value is exactly the number
/// of entries of @cqes written; the rest of the array is left untouched. The CQEs are not consumed:
/// after processing them, call io_uring_cq_advance() with the number of CQ slots they occupy, or
/// io_uring_cqe_seen() on each.
///
/// When the CQ ring is empty but the kernel holds completions back (IORING_SQ_CQ_OVERFLOW or
/// IORING_SQ_TASKRUN in the SQ ring flags), the function enters the kernel once, as
/// io_uring_get_events() does, and looks again. It never waits.
///
/// On IORING_SETUP_CQE_MIXED rings, where a 32-byte CQE takes two slots, only real CQEs are
/// returned: padding entries (IORING_CQE_F_SKIP) at the head of the CQ ring are consumed by the
/// call itself, and the batch stops before padding found further on. Advance such a ring by the sum
/// of io_uring_cqe_nr() over the returned CQEs, not by the count; on other rings the count is the
/// number of slots.
///
/// Return: the number of CQE pointers written to @cqes, from 0 to @count. It is 0 when no CQE is
/// ready, when @count is 0, and when @ring or @cqes is NULL.
///
/// Notes: An error of the kernel call made to flush is ignored; the second look happens anyway.
/// Unlike io_uring_peek_cqe(), this function does not hide the completion of the internal timeout
/// request used by timed waits on kernels before 5.11 (user_data LIBURING_UDATA_TIMEOUT). On an
/// IORING_SETUP_IOPOLL ring it does not poll for completions: call io_uring_get_events() or a
/// waiting function for that.
///
/// Safety: @ring must be NULL or an initialised ring; @cqes must be NULL or have room for @count
/// pointers.
///
/// See also: io_uring_peek_cqe(3), io_uring_cq_advance(3), io_uring_for_each_cqe(3),
/// io_uring_cqe_nr(3), io_uring_get_events(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_peek_batch_cqe(
    ring: *mut io_uring,
    cqes: *mut *mut io_uring_cqe,
    count: c_uint,
) -> c_uint {
    if ring.is_null() || cqes.is_null() || count == 0 {
        return 0;
    }
    // SAFETY: the caller passes an initialised ring.
    let r = unsafe { &mut *ring };
    let n = peek_batch(r, cqes, count);
    if n != 0 || !cq_needs_flush(r) {
        return n;
    }
    peek_batch_after_flush(r, cqes, count)
}

/// `peek_batch` again after flushing what the kernel holds back. Out of line (a tail call), so
/// that the common path needs no stack frame.
#[cold]
#[inline(never)]
fn peek_batch_after_flush(
    ring: &mut io_uring,
    cqes: *mut *mut io_uring_cqe,
    count: c_uint,
) -> c_uint {
    // SAFETY: an initialised ring.
    unsafe { io_uring_get_events(ring) };
    peek_batch(ring, cqes, count)
}

/// Wait with a timeout and/or sigmask passed to the kernel in an io_uring_getevents_arg. When
/// the completions are already there, return them without building the argument.
#[inline(always)]
fn wait_ext_arg(
    ring: &mut io_uring,
    cqe_ptr: &mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    if let Some(ret) = get_cqe_fast(ring, cqe_ptr, submit, wait_nr) {
        return ret;
    }
    wait_ext_arg_slow(ring, cqe_ptr, submit, wait_nr, ts, min_wait_usec, sigmask)
}

#[cold]
#[inline(never)]
fn wait_ext_arg_slow(
    ring: &mut io_uring,
    cqe_ptr: &mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    let mut arg = io_uring_getevents_arg {
        sigmask: sigmask as u64,
        sigmask_sz: NSIG_BYTES as u32,
        ts: ts as u64,
        ..Default::default()
    };
    if ring.features & IORING_FEAT_MIN_TIMEOUT != 0 {
        arg.min_wait_usec = min_wait_usec;
    }
    let mut data = GetData {
        submit,
        wait_nr,
        get_flags: IORING_ENTER_EXT_ARG,
        sz: core::mem::size_of::<io_uring_getevents_arg>(),
        has_ts: !ts.is_null(),
        arg: (&arg as *const io_uring_getevents_arg).cast(),
    };
    get_cqe(ring, cqe_ptr, &mut data)
}

/// Kernels before EXT_ARG (5.11): express the timeout as a timeout SQE with liburing's reserved
/// user_data, and return how many SQEs are now pending submission.
///
/// # Safety
/// `ts` must stay valid until the timeout completes.
unsafe fn submit_timeout_sqe(
    ring: &mut io_uring,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
) -> c_int {
    // SAFETY: ring is initialised.
    let mut sqe = unsafe { crate::submit::io_uring_get_sqe(ring) };
    if sqe.is_null() {
        // SAFETY: ring is initialised.
        let ret = unsafe { crate::submit::io_uring_submit(ring) };
        if ret < 0 {
            return ret;
        }
        // SAFETY: ring is initialised.
        sqe = unsafe { crate::submit::io_uring_get_sqe(ring) };
        if sqe.is_null() {
            return -libc::EAGAIN;
        }
    }
    // SAFETY: a valid SQE from get_sqe.
    unsafe {
        crate::prep::io_uring_prep_timeout(sqe, ts, wait_nr, 0);
        (*sqe).user_data = LIBURING_UDATA_TIMEOUT;
    }
    ring.flush_sq() as c_int
}

/// wait for completions, with an optional timeout and signal mask
///
/// Wait until at least @wait_nr completions are ready in the CQ ring of @ring, and store the first
/// in *@cqe_ptr without consuming it. If enough CQEs are ready already, the function returns at
/// once, without a system call unless the timeout request described below has to be submitted. @ts,
/// if not NULL, limits the wait (a relative time); @sigmask, if not NULL, is installed as the
/// thread's signal mask for the duration of the wait, atomically, as with pselect(2).
///
/// How the timeout is carried depends on the kernel:
/// - With IORING_FEAT_EXT_ARG (Linux 5.11), @ts and @sigmask are passed to io_uring_enter(2) in a
///   struct io_uring_getevents_arg, and nothing is submitted.
/// - Without it, the library prepares an IORING_OP_TIMEOUT request with user_data
///   LIBURING_UDATA_TIMEOUT and submits it together with any SQEs prepared so far, so no separate
///   io_uring_submit() is needed. The application must not use that user_data itself, nor submit
///   from another thread at the same time. When the SQ ring is full, it is submitted first to make
///   room. The timeout's own completion is consumed by the library.
///
/// When the timeout expires with no CQE ready the call fails with -ETIME; when some but fewer than
/// @wait_nr CQEs are ready it succeeds with the first of them. With @ts NULL the wait has no limit,
/// as in io_uring_wait_cqe_nr().
///
/// Return: 0 on success, or a negative errno. Without IORING_FEAT_EXT_ARG and with a @ts, success
/// can be reported as a positive number instead (the SQEs submitted with the timeout request). The
/// result describes the wait only; each CQE's res holds its request's result.
///
/// Errors:
/// -ETIME: @ts expired with no completion ready.
/// -EINTR: a signal arrived during the wait.
/// -EAGAIN: @wait_nr is 0 and no CQE is ready; or, without IORING_FEAT_EXT_ARG, there is no room
/// for the timeout request even after submitting.
/// -EINVAL: @ring or @cqe_ptr is NULL.
/// -EFAULT: @ts or @sigmask is not a valid address.
/// -EEXIST: the ring has IORING_SETUP_DEFER_TASKRUN and the caller is not its submitter task.
///
/// Other errors of io_uring_enter(2) are passed on, such as -EBADR or -EBUSY.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @ts and
/// @sigmask must be NULL or valid. Without IORING_FEAT_EXT_ARG, @ts must stay valid until the
/// timeout request has completed.
///
/// See also: io_uring_wait_cqe_timeout(3), io_uring_wait_cqes_min_timeout(3),
/// io_uring_submit_and_wait_timeout(3), io_uring_wait_cqe_nr(3), io_uring_cqe_seen(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_wait_cqes(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    let mut to_submit = 0;
    if !ts.is_null() {
        if r.features & IORING_FEAT_EXT_ARG != 0 {
            return wait_ext_arg(r, out, 0, wait_nr, ts, 0, sigmask);
        }
        // SAFETY: ts is valid for the duration of the wait.
        to_submit = unsafe { submit_timeout_sqe(r, wait_nr, ts) };
        if to_submit < 0 {
            return to_submit;
        }
    }
    // SAFETY: forwarded.
    unsafe { __io_uring_get_cqe(ring, cqe_ptr, to_submit as c_uint, wait_nr, sigmask) }
}

/// wait for completions, with a minimum batch wait time
///
/// Like io_uring_wait_cqes() on a kernel with IORING_FEAT_EXT_ARG, with an added minimum wait: the
/// kernel waits up to @min_wait_usec microseconds for @wait_nr completions. If that time passes and
/// at least one completion has been posted, the call returns with what is there; if none has, it
/// goes on waiting as an ordinary wait, until a completion arrives or @ts (counted from the start;
/// NULL for no limit) expires. The first ready CQE is stored in *@cqe_ptr without being consumed,
/// and @sigmask is the signal mask during the wait, as for io_uring_wait_cqes(). Nothing is
/// submitted; @ring is only waited on. A @min_wait_usec of 0 sets no minimum.
///
/// Return: 0 on success, or a negative errno.
///
/// Errors:
/// -EINVAL: the kernel lacks IORING_FEAT_MIN_TIMEOUT (before Linux 6.12), or @ring or @cqe_ptr is
/// NULL.
/// -ETIME: @ts expired with no completion ready.
/// -EINTR: a signal arrived during the wait.
/// -EAGAIN: @wait_nr is 0 and no CQE is ready.
/// -EFAULT: @ts or @sigmask is not a valid address.
///
/// Other errors of io_uring_enter(2) are passed on.
///
/// Notes: Available since Linux 6.12.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @ts and
/// @sigmask must be NULL or valid.
///
/// See also: io_uring_wait_cqes(3), io_uring_submit_and_wait_min_timeout(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_wait_cqes_min_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    if r.features & IORING_FEAT_MIN_TIMEOUT == 0 {
        return -libc::EINVAL;
    }
    wait_ext_arg(r, out, 0, wait_nr, ts, min_wait_usec, sigmask)
}

/// wait for one completion, with a timeout
///
/// io_uring_wait_cqes() with a @wait_nr of 1 and no signal mask: store the first CQE of @ring in
/// *@cqe_ptr, without consuming it, waiting for one for at most @ts (NULL: no limit) if none is
/// ready. On kernels without IORING_FEAT_EXT_ARG this also submits the SQEs prepared so far,
/// together with an internal timeout request, as described in io_uring_wait_cqes().
///
/// Return: 0 on success, or a negative errno. Without IORING_FEAT_EXT_ARG and with a @ts, success
/// can be reported as a positive number instead. The result describes the wait only; the CQE's res
/// holds its request's result.
///
/// Errors:
/// -ETIME: @ts expired with no completion ready.
/// -EINTR: a signal arrived during the wait.
/// -EINVAL: @ring or @cqe_ptr is NULL.
/// -EAGAIN: without IORING_FEAT_EXT_ARG, there is no room for the timeout request even after
/// submitting.
///
/// Other errors of io_uring_enter(2) are passed on.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @ts must
/// be NULL or valid (until the timeout request completes, without IORING_FEAT_EXT_ARG).
///
/// See also: io_uring_wait_cqes(3), io_uring_wait_cqe(3), io_uring_peek_cqe(3),
/// io_uring_cqe_seen(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_wait_cqe_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    ts: *mut __kernel_timespec,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { io_uring_wait_cqes(ring, cqe_ptr, 1, ts, ptr::null_mut()) }
}

fn submit_and_wait_timeout(
    ring: &mut io_uring,
    cqe_ptr: &mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    let to_submit = if ts.is_null() {
        ring.flush_sq() as c_int
    } else if ring.features & IORING_FEAT_EXT_ARG != 0 {
        let submit = ring.flush_sq();
        return wait_ext_arg(ring, cqe_ptr, submit, wait_nr, ts, min_wait, sigmask);
    } else {
        // SAFETY: ts is valid for the duration of the wait.
        let n = unsafe { submit_timeout_sqe(ring, wait_nr, ts) };
        if n < 0 {
            return n;
        }
        n
    };
    get_cqe(
        ring,
        cqe_ptr,
        &mut GetData::with_sigmask(to_submit as c_uint, wait_nr, sigmask),
    )
}

/// submit, then wait for completions with a timeout and signal mask
///
/// Publish the SQEs prepared on @ring and, on a kernel with IORING_FEAT_EXT_ARG, submit them and
/// wait in one io_uring_enter(2) call until @wait_nr completions are ready, for at most @ts (NULL:
/// no limit), with @sigmask (if not NULL) as the signal mask during the wait. The first ready CQE
/// is stored in *@cqe_ptr without being consumed. Without IORING_FEAT_EXT_ARG and with a @ts, the
/// timeout is an internal IORING_OP_TIMEOUT request submitted along with the SQEs, as described in
/// io_uring_wait_cqes().
///
/// Submitting and waiting in one call pays off most on rings set up with IORING_SETUP_SINGLE_ISSUER
/// and IORING_SETUP_DEFER_TASKRUN.
///
/// Return: a non-negative number on success, or a negative errno. The number is how many SQEs the
/// kernel took in the call (with IORING_FEAT_EXT_ARG missing, the internal timeout request
/// included). It is 0 when a CQE was already ready before the kernel was entered, or when no system
/// call was needed; the SQEs are submitted all the same. When SQEs were submitted and @ts expired
/// with no completion, the count is returned with *@cqe_ptr NULL rather than -ETIME, so check
/// *@cqe_ptr.
///
/// Errors:
/// -ETIME: @ts expired with no completion ready, and nothing was submitted.
/// -EINTR: a signal arrived during the wait, and nothing was submitted.
/// -EAGAIN: @wait_nr is 0, nothing was to be submitted and no CQE is ready; or, without
/// IORING_FEAT_EXT_ARG, there is no room for the timeout request even after submitting.
/// -EINVAL: @ring or @cqe_ptr is NULL.
/// -EFAULT: @ts or @sigmask is not a valid address.
///
/// Other errors of io_uring_submit() are passed on, such as -EBUSY or -EEXIST.
///
/// Notes: Early liburing versions returned 0 on success instead of the count.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @ts and
/// @sigmask must be NULL or valid.
///
/// See also: io_uring_submit_and_wait(3), io_uring_submit_and_wait_min_timeout(3),
/// io_uring_wait_cqes(3), io_uring_cqe_seen(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit_and_wait_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    submit_and_wait_timeout(r, out, wait_nr, ts, 0, sigmask)
}

/// submit, then wait for completions with a minimum batch wait time
///
/// io_uring_submit_and_wait_timeout() with a minimum wait of @min_wait microseconds, which works as
/// in io_uring_wait_cqes_min_timeout(): once @min_wait has passed, the call returns if any
/// completion has been posted, and otherwise goes on waiting until one arrives or @ts expires.
/// @ring, @cqe_ptr, @wait_nr, @ts and @sigmask are as for io_uring_submit_and_wait_timeout(). With
/// @ts NULL, @min_wait is not passed to the kernel and has no effect.
///
/// Return: as for io_uring_submit_and_wait_timeout(): the number of SQEs submitted (or 0), or a
/// negative errno.
///
/// Errors:
/// -EINVAL: the kernel lacks IORING_FEAT_MIN_TIMEOUT (before Linux 6.12), checked before anything
/// is submitted; or @ring or @cqe_ptr is NULL.
/// -ETIME: @ts expired with no completion ready, and nothing was submitted.
/// -EINTR: a signal arrived during the wait, and nothing was submitted.
///
/// Other errors are those of io_uring_submit_and_wait_timeout().
///
/// Notes: Available since Linux 6.12.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable; @ts and
/// @sigmask must be NULL or valid.
///
/// See also: io_uring_submit_and_wait_timeout(3), io_uring_wait_cqes_min_timeout(3),
/// io_uring_submit_and_wait_reg(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit_and_wait_min_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    if r.features & IORING_FEAT_MIN_TIMEOUT == 0 {
        return -libc::EINVAL;
    }
    submit_and_wait_timeout(r, out, wait_nr, ts, min_wait, sigmask)
}

/// submit, then wait as described by a registered wait entry
///
/// Publish and submit the SQEs prepared on @ring and wait for @wait_nr completions in one
/// io_uring_enter(2) call, taking the wait parameters (timeout, minimum wait time, signal mask) not
/// from an argument copied in for this call but from entry @reg_index of the ring's registered wait
/// region: an array of struct io_uring_reg_wait registered with io_uring_register_region() and
/// IORING_MEM_REGION_REG_WAIT_ARG. The entry's ts is used only when its flags contain
/// IORING_REG_WAIT_TS. The first ready CQE is stored in *@cqe_ptr without being consumed. With
/// nothing prepared, the call simply waits.
///
/// Return: as for io_uring_submit_and_wait_timeout(): the number of SQEs submitted (0 when a CQE
/// was ready before the kernel was entered), or a negative errno. When SQEs were submitted and the
/// wait timed out, the count is returned with *@cqe_ptr NULL.
///
/// Errors:
/// -EINVAL: the kernel lacks IORING_FEAT_EXT_ARG (checked before anything is published), does not
/// know registered waits (before Linux 6.13), or @ring or @cqe_ptr is NULL.
/// -EFAULT: @reg_index is negative or lies beyond the registered wait region, or no such region is
/// registered.
/// -ETIME: the wait timed out with no completion ready, and nothing was submitted.
/// -EINTR: a signal arrived during the wait, and nothing was submitted.
///
/// Other errors of io_uring_enter(2) are passed on.
///
/// Notes: Registered wait regions are available since Linux 6.13. When the kernel lacks
/// IORING_FEAT_EXT_ARG, liburing has already published the SQ tail before failing; this library
/// leaves the prepared SQEs unpublished.
///
/// Safety: @ring must be NULL or an initialised ring; @cqe_ptr must be NULL or writable.
///
/// See also: io_uring_register_region(3), io_uring_submit_and_wait_min_timeout(3),
/// io_uring_enter2(3)
#[no_mangle]
pub unsafe extern "C" fn io_uring_submit_and_wait_reg(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    reg_index: c_int,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    if r.features & IORING_FEAT_EXT_ARG == 0 {
        return -libc::EINVAL;
    }
    let offset = (reg_index as usize).wrapping_mul(core::mem::size_of::<io_uring_reg_wait>());
    let mut data = GetData {
        submit: r.flush_sq(),
        wait_nr,
        get_flags: IORING_ENTER_EXT_ARG | IORING_ENTER_EXT_ARG_REG,
        sz: core::mem::size_of::<io_uring_reg_wait>(),
        has_ts: true,
        arg: offset as *const c_void,
    };
    get_cqe(r, out, &mut data)
}

/// Return the first available CQE in `*cqe_ptr` without waiting: 0, or -EAGAIN if none.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe_ptr` writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_peek_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    let (err, cqe) = r.peek_cqe(None);
    *out = cqe;
    if err == 0 {
        if !cqe.is_null() {
            return 0;
        }
        // Empty, and nothing the kernel could flush: skip the system call.
        if r.flags & IORING_SETUP_IOPOLL == 0 && !cq_needs_flush(r) {
            return -libc::EAGAIN;
        }
    }
    get_cqe_slow(r, out, 0, 0, ptr::null())
}

/// Return the first CQE in `*cqe_ptr`, waiting for one if needed. 0 or -errno.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe_ptr` writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_wait_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
) -> c_int {
    // SAFETY: the caller passes an initialised ring (or NULL) and a writable cqe_ptr (or NULL).
    let Some((r, out)) = (unsafe { wait_args(ring, cqe_ptr) }) else {
        return -libc::EINVAL;
    };
    // A CQE already there is returned without building the wait arguments.
    let (err, cqe) = r.peek_cqe(None);
    if err == 0 && !cqe.is_null() {
        *out = cqe;
        return 0;
    }
    get_cqe_slow(r, out, 0, 1, ptr::null())
}

/// Return the first CQE in `*cqe_ptr`, waiting until `wait_nr` are available. 0 or -errno.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe_ptr` writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_wait_cqe_nr(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, ptr::null_mut()) }
}

/// Internal helper of peek/wait, exported like liburing's: the first visible CQE in
/// `*cqe_ptr` (or NULL) and the ready slot count in `*nr_available`.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe_ptr` writable, `nr_available` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn __io_uring_peek_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    nr_available: *mut c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring and valid pointers.
    let (err, cqe) = unsafe { (*ring).peek_cqe(nr_available.as_mut()) };
    // SAFETY: writable per the contract.
    unsafe { *cqe_ptr = cqe };
    err
}

/// liburing's internal test for CQEs the application must not see; consumes them.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe` a CQE at its head, `err` writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_skip_cqe(
    ring: *mut io_uring,
    cqe: *mut io_uring_cqe,
    err: *mut c_int,
) -> bool {
    // SAFETY: the caller passes valid pointers.
    unsafe { (*ring).skip_cqe(&*cqe, &mut *err) }
}

/// Mark `nr` CQ slots as consumed.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cq_advance(ring: *mut io_uring, nr: c_uint) {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &mut *ring }.cq_advance(nr)
}

/// Mark `cqe` (from peek/wait) as consumed; NULL is ignored.
///
/// # Safety
/// `ring` must be an initialised ring, `cqe` NULL or its current head CQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_seen(ring: *mut io_uring, cqe: *mut io_uring_cqe) {
    if !cqe.is_null() {
        // SAFETY: the caller passes an initialised ring and a CQE of it.
        unsafe { (*ring).cq_advance(cqe_nr(&*cqe)) };
    }
}

/// CQ slots ready to be consumed.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cq_ready(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    let r = unsafe { &*ring };
    r.cq_tail().wrapping_sub(r.cq_head())
}

/// Whether completions overflowed and wait in the kernel to be flushed into the CQ ring.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cq_has_overflow(ring: *const io_uring) -> bool {
    // SAFETY: the caller passes an initialised ring.
    unsafe { &*ring }.sq_flags() & IORING_SQ_CQ_OVERFLOW != 0
}

/// Whether eventfd notifications are enabled (true when the kernel has no CQ flags word).
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cq_eventfd_enabled(ring: *const io_uring) -> bool {
    // SAFETY: the caller passes an initialised ring.
    let r = unsafe { &*ring };
    // SAFETY: kflags, when set, points into the mapped CQ ring.
    r.cq.kflags.is_null()
        || unsafe { crate::ring::read_once(r.cq.kflags) } & IORING_CQ_EVENTFD_DISABLED == 0
}

/// Turn eventfd notifications on or off. 0, or -EOPNOTSUPP without a CQ flags word.
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cq_eventfd_toggle(ring: *mut io_uring, enabled: bool) -> c_int {
    // SAFETY: forwarded.
    if enabled == unsafe { io_uring_cq_eventfd_enabled(ring) } {
        return 0;
    }
    // SAFETY: the caller passes an initialised ring.
    let kflags = unsafe { (*ring).cq.kflags };
    if kflags.is_null() {
        return -libc::EOPNOTSUPP;
    }
    // SAFETY: kflags points into the mapped CQ ring.
    unsafe {
        let flags = crate::ring::read_once(kflags);
        let flags = if enabled {
            flags & !IORING_CQ_EVENTFD_DISABLED
        } else {
            flags | IORING_CQ_EVENTFD_DISABLED
        };
        crate::ring::write_once(kflags, flags);
    }
    0
}

/// 1 if the ring's CQEs are 32 bytes (index shift), else 0.
///
/// # Safety
/// `ring` must be a valid ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes a valid ring.
    unsafe { &*ring }.cqe_shift()
}

/// 1 if setup `flags` give 32-byte CQEs, else 0.
#[no_mangle]
pub extern "C" fn io_uring_cqe_shift_from_flags(flags: c_uint) -> c_uint {
    cqe_shift_from_flags(flags)
}

/// CQ slots `cqe` takes: 2 for a 32-byte CQE on a mixed ring, else 1.
///
/// # Safety
/// `cqe` must be a valid CQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_nr(cqe: *const io_uring_cqe) -> c_uint {
    // SAFETY: the caller passes a valid CQE.
    cqe_nr(unsafe { &*cqe })
}

/// Start iterating the ready CQEs (the state behind `io_uring_for_each_cqe`).
///
/// # Safety
/// `ring` must be an initialised ring.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_iter_init(ring: *const io_uring) -> io_uring_cqe_iter {
    // SAFETY: the caller passes an initialised ring.
    let r = unsafe { &*ring };
    io_uring_cqe_iter {
        cqes: r.cq.cqes,
        mask: r.cq.ring_mask,
        shift: r.cqe_shift(),
        head: r.cq_head(),
        tail: r.cq_tail(),
    }
}

/// Step the iterator: store the next CQE in `*cqe` and return true, or false at the end.
///
/// # Safety
/// `iter` must come from `io_uring_cqe_iter_init`; `cqe` must be writable.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_iter_next(
    iter: *mut io_uring_cqe_iter,
    cqe: *mut *mut io_uring_cqe,
) -> bool {
    // SAFETY: valid per the contract.
    let it = unsafe { &mut *iter };
    if it.head == it.tail {
        return false;
    }
    // SAFETY: head is in [khead, tail), inside the CQE array.
    let c = unsafe { it.cqes.add(((it.head & it.mask) as usize) << it.shift) };
    it.head = it.head.wrapping_add(1);
    // SAFETY: published CQE; `cqe` writable.
    unsafe {
        if (*c).flags & IORING_CQE_F_32 != 0 {
            it.head = it.head.wrapping_add(1);
        }
        *cqe = c;
    }
    true
}

/// The `user_data` of `cqe` as a pointer.
///
/// # Safety
/// `cqe` must be a valid CQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_get_data(cqe: *const io_uring_cqe) -> *mut c_void {
    // SAFETY: the caller passes a valid CQE.
    unsafe { (*cqe).user_data as usize as *mut c_void }
}

/// The `user_data` of `cqe`.
///
/// # Safety
/// `cqe` must be a valid CQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_cqe_get_data64(cqe: *const io_uring_cqe) -> __u64 {
    // SAFETY: the caller passes a valid CQE.
    unsafe { (*cqe).user_data }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::io_uring_prep_nop;
    use crate::setup::{io_uring_queue_exit, io_uring_queue_init};
    use crate::submit::{io_uring_get_sqe, io_uring_submit};
    use core::mem::MaybeUninit;

    /// Submit `n` NOPs with user_data `base..base+n` and reap them in batches of `batch`,
    /// checking every count and every user_data.
    fn nop_round(ring: &mut io_uring, base: u64, n: u32, batch: u32) {
        for i in 0..n {
            // SAFETY: an initialised ring with room for n SQEs.
            unsafe {
                let sqe = io_uring_get_sqe(ring);
                assert!(!sqe.is_null());
                io_uring_prep_nop(sqe);
                (*sqe).user_data = base + i as u64;
            }
        }
        // SAFETY: initialised ring.
        assert_eq!(unsafe { io_uring_submit(ring) }, n as c_int);
        let mut seen = 0;
        let mut cqes = [ptr::null_mut(); 16];
        while seen < n {
            // SAFETY: initialised ring; the array holds 16 >= batch pointers.
            let got = unsafe { io_uring_peek_batch_cqe(ring, cqes.as_mut_ptr(), batch) };
            assert!(got <= batch, "returned {got} > count {batch}");
            assert!(got > 0, "NOP completions must already be there");
            for c in &cqes[..got as usize] {
                // SAFETY: pointers the batch peek just wrote.
                let cqe = unsafe { &**c };
                assert_eq!(cqe.user_data, base + seen as u64);
                assert_eq!(cqe.res, 0);
                seen += 1;
            }
            ring.cq_advance(got);
        }
        // SAFETY: initialised ring; an empty ring gives 0.
        assert_eq!(
            unsafe { io_uring_peek_batch_cqe(ring, cqes.as_mut_ptr(), 16) },
            0
        );
    }

    /// A CQ in plain memory, driven by hand: `slots` 16-byte CQE slots, indices from `start`.
    struct FakeCq {
        ring: io_uring,
        _words: Box<[c_uint; 3]>,
        cqes: Vec<io_uring_cqe>,
    }

    impl FakeCq {
        fn new(flags: c_uint, entries: c_uint, start: c_uint) -> FakeCq {
            let slots = (entries << cqe_shift_from_flags(flags)) as usize;
            let mut words = Box::new([start, start, 0]); // khead, ktail, SQ flags
            let mut cqes: Vec<io_uring_cqe> = (0..slots).map(|_| Default::default()).collect();
            // SAFETY: all-zero is a valid (unset) io_uring.
            let mut ring: io_uring = unsafe { core::mem::zeroed() };
            ring.flags = flags;
            ring.cq.khead = &mut words[0];
            ring.cq.ktail = &mut words[1];
            ring.sq.kflags = &mut words[2];
            ring.cq.cqes = cqes.as_mut_ptr();
            ring.cq.ring_mask = entries - 1;
            ring.cq.ring_entries = entries;
            FakeCq {
                ring,
                _words: words,
                cqes,
            }
        }

        /// Post a CQE the way the kernel does: at the tail slot, then move the tail by `nr`.
        fn post(&mut self, user_data: u64, flags: u32, nr: c_uint) {
            // SAFETY: ktail points into `_words`, alive as long as `self`.
            let tail = unsafe { *self.ring.cq.ktail };
            let shift = self.ring.cqe_shift();
            let slot = ((tail & self.ring.cq.ring_mask) << shift) as usize;
            self.cqes[slot] = io_uring_cqe {
                user_data,
                res: 0,
                flags,
                ..Default::default()
            };
            // SAFETY: as above.
            unsafe { *self.ring.cq.ktail = tail.wrapping_add(nr) };
        }

        fn peek(&mut self, count: c_uint) -> Vec<u64> {
            let mut out = vec![ptr::null_mut(); count as usize + 1];
            // SAFETY: a consistent fake ring; `out` holds count + 1 pointers.
            let n = unsafe { io_uring_peek_batch_cqe(&mut self.ring, out.as_mut_ptr(), count) };
            assert!(n <= count);
            assert!(
                out[n as usize].is_null(),
                "wrote past the count it returned"
            );
            // SAFETY: the peek returned pointers into `cqes`.
            out[..n as usize]
                .iter()
                .map(|c| unsafe { (**c).user_data })
                .collect()
        }

        fn head(&self) -> c_uint {
            // SAFETY: khead points into `_words`.
            unsafe { *self.ring.cq.khead }
        }
    }

    #[test]
    fn batch_peek_counts_across_the_index_wrap() {
        let mut cq = FakeCq::new(0, 8, u32::MAX - 2);
        for ud in 0..6 {
            cq.post(ud, 0, 1);
        }
        assert_eq!(cq.peek(0), Vec::<u64>::new());
        assert_eq!(cq.peek(4), [0, 1, 2, 3]);
        assert_eq!(cq.peek(64), [0, 1, 2, 3, 4, 5]);
        cq.ring.cq_advance(6);
        assert_eq!(cq.head(), 3, "the free-running head wrapped");
        assert_eq!(cq.peek(8), Vec::<u64>::new());
    }

    #[test]
    fn batch_peek_on_cqe32_rings_steps_two_slots() {
        let mut cq = FakeCq::new(IORING_SETUP_CQE32, 4, 2);
        for ud in 10..14 {
            cq.post(ud, 0, 1);
        }
        assert_eq!(cq.peek(8), [10, 11, 12, 13]);
    }

    #[test]
    fn batch_peek_on_mixed_rings_returns_cqes_not_slots() {
        let mut cq = FakeCq::new(IORING_SETUP_CQE_MIXED, 8, 0);
        cq.post(1, 0, 1);
        cq.post(2, IORING_CQE_F_32, 2);
        cq.post(3, 0, 1);
        cq.post(0, IORING_CQE_F_SKIP, 1); // padding the kernel posts before a wrap
        cq.post(4, 0, 1);
        // Stops before a skip entry that is not at the head.
        assert_eq!(cq.peek(16), [1, 2, 3]);
        assert_eq!(cq.peek(2), [1, 2]);
        cq.ring.cq_advance(1 + 2 + 1); // the slots of 1, 2 (32 bytes) and 3
                                       // The skip entry at the head is consumed by the peek itself.
        assert_eq!(cq.peek(16), [4]);
        assert_eq!(cq.head(), 5);
    }

    #[test]
    fn batch_peek_is_exact_across_wraps() {
        if crate::testing::skip_without_uring() {
            return;
        }
        let mut ring = MaybeUninit::<io_uring>::uninit();
        // SAFETY: a local ring, torn down at the end.
        assert_eq!(unsafe { io_uring_queue_init(4, ring.as_mut_ptr(), 0) }, 0);
        // SAFETY: initialised just above.
        let ring = unsafe { ring.assume_init_mut() };
        assert_eq!(ring.cq.ring_entries, 8);
        for round in 0..300u64 {
            nop_round(ring, round * 4, 4, 3);
        }
        // SAFETY: the ring is not used afterwards.
        unsafe { io_uring_queue_exit(ring) };
    }
}
