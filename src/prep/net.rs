//! Socket requests: socket/bind/listen/accept/connect, send and receive (plain, zero-copy,
//! msghdr-based, multishot, bundles), shutdown, and the helpers that parse the buffer a
//! multishot recvmsg fills (`io_uring_recvmsg_*`).

use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;

use libc::{cmsghdr, msghdr, sockaddr, socklen_t};

use super::fs::set_direct_slot;
use super::prep_rw;
use crate::uapi::*;

#[inline(always)]
fn accept(
    sqe: &mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
) {
    prep_rw(
        IORING_OP_ACCEPT,
        sqe,
        fd,
        addr as usize as __u64,
        0,
        addrlen as usize as __u64,
    );
    sqe.set_op_flags(flags as __u32);
}

#[inline(always)]
fn multishot_accept(
    sqe: &mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
) {
    accept(sqe, fd, addr, addrlen, flags);
    sqe.ioprio |= IORING_ACCEPT_MULTISHOT as __u16;
}

#[inline(always)]
fn send(sqe: &mut io_uring_sqe, sockfd: c_int, buf: *const c_void, len: usize, flags: c_int) {
    prep_rw(
        IORING_OP_SEND,
        sqe,
        sockfd,
        buf as usize as __u64,
        len as __u32,
        0,
    );
    sqe.set_op_flags(flags as __u32);
}

#[inline(always)]
fn send_set_addr(sqe: &mut io_uring_sqe, dest_addr: *const sockaddr, addr_len: __u16) {
    sqe.set_addr2(dest_addr as usize as __u64);
    sqe.set_addr_len(addr_len);
}

#[inline(always)]
fn send_zc(
    sqe: &mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
) {
    prep_rw(
        IORING_OP_SEND_ZC,
        sqe,
        sockfd,
        buf as usize as __u64,
        len as __u32,
        0,
    );
    sqe.set_op_flags(flags as __u32);
    sqe.ioprio = zc_flags as __u16;
}

#[inline(always)]
fn sendmsg(sqe: &mut io_uring_sqe, fd: c_int, msg: *const msghdr, flags: c_uint) {
    prep_rw(IORING_OP_SENDMSG, sqe, fd, msg as usize as __u64, 1, 0);
    sqe.set_op_flags(flags);
}

#[inline(always)]
fn sendmsg_zc(sqe: &mut io_uring_sqe, fd: c_int, msg: *const msghdr, flags: c_uint) {
    sendmsg(sqe, fd, msg, flags);
    sqe.opcode = IORING_OP_SENDMSG_ZC as __u8;
}

#[inline(always)]
fn recv(sqe: &mut io_uring_sqe, sockfd: c_int, buf: *mut c_void, len: usize, flags: c_int) {
    prep_rw(
        IORING_OP_RECV,
        sqe,
        sockfd,
        buf as usize as __u64,
        len as __u32,
        0,
    );
    sqe.set_op_flags(flags as __u32);
}

#[inline(always)]
fn recvmsg(sqe: &mut io_uring_sqe, fd: c_int, msg: *mut msghdr, flags: c_uint) {
    prep_rw(IORING_OP_RECVMSG, sqe, fd, msg as usize as __u64, 1, 0);
    sqe.set_op_flags(flags);
}

/// `type` goes in `off` sign-extended (as C converts an `int` to `__u64`), `protocol` in `len`.
#[inline(always)]
fn socket(sqe: &mut io_uring_sqe, domain: c_int, r#type: c_int, protocol: c_int, flags: c_uint) {
    prep_rw(
        IORING_OP_SOCKET,
        sqe,
        domain,
        0,
        protocol as c_uint,
        r#type as __u64,
    );
    sqe.set_op_flags(flags);
}

/// Accept a connection on listening socket `fd`; the peer address goes to `addr`/`addrlen`
/// (both may be NULL), `flags` are accept4(2) flags (SOCK_NONBLOCK, SOCK_CLOEXEC).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` and `addrlen` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_accept(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    accept(unsafe { &mut *sqe }, fd, addr, addrlen, flags)
}

/// Accept a connection straight into fixed-file slot `file_index` (IORING_FILE_INDEX_ALLOC:
/// any free slot, returned in the CQE's res).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` and `addrlen` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_accept_direct(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
    file_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    accept(sqe, fd, addr, addrlen, flags);
    set_direct_slot(sqe, file_index);
}

/// Accept connections repeatedly: one CQE per connection (IORING_CQE_F_MORE while it stays armed).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` and `addrlen` must stay valid while it is armed.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_multishot_accept(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    multishot_accept(unsafe { &mut *sqe }, fd, addr, addrlen, flags)
}

/// Multishot accept into free fixed-file slots (each CQE's res is the slot).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` and `addrlen` must stay valid while it is armed.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_multishot_accept_direct(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    multishot_accept(sqe, fd, addr, addrlen, flags);
    set_direct_slot(sqe, IORING_FILE_INDEX_ALLOC as c_uint);
}

/// Connect socket `fd` to `addr` (`addrlen` bytes).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_connect(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const sockaddr,
    addrlen: socklen_t,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_CONNECT,
        unsafe { &mut *sqe },
        fd,
        addr as usize as __u64,
        0,
        addrlen as __u64,
    )
}

/// Bind socket `fd` to `addr` (`addrlen` bytes).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_bind(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const sockaddr,
    addrlen: socklen_t,
) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_BIND,
        unsafe { &mut *sqe },
        fd,
        addr as usize as __u64,
        0,
        addrlen as __u64,
    )
}

/// Mark socket `fd` as listening with queue length `backlog`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_listen(sqe: *mut io_uring_sqe, fd: c_int, backlog: c_int) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_LISTEN,
        unsafe { &mut *sqe },
        fd,
        0,
        backlog as c_uint,
        0,
    )
}

/// Send `len` bytes of `buf` on socket `sockfd` with send(2) `flags` (`len` is truncated to 32 bits).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_send(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    send(unsafe { &mut *sqe }, sockfd, buf, len, flags)
}

/// Send from several provided buffers at once (IOSQE_BUFFER_SELECT and a buffer group are set
/// separately); `len` 0 means "as many as are available".
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_send_bundle(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    send(sqe, sockfd, core::ptr::null(), len, flags);
    sqe.ioprio |= IORING_RECVSEND_BUNDLE as __u16;
}

/// Give a prepared send (or send_zc) a destination address, as sendto(2) does.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `dest_addr` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_send_set_addr(
    sqe: *mut io_uring_sqe,
    dest_addr: *const sockaddr,
    addr_len: __u16,
) {
    // SAFETY: the caller passes a writable SQE.
    send_set_addr(unsafe { &mut *sqe }, dest_addr, addr_len)
}

/// sendto(2): send `len` bytes of `buf` to `addr` (`addrlen` is truncated to 16 bits).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` and `addr` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_sendto(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    addr: *const sockaddr,
    addrlen: socklen_t,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    send(sqe, sockfd, buf, len, flags);
    send_set_addr(sqe, addr, addrlen as __u16);
}

/// Zero-copy send: a first CQE with the result (IORING_CQE_F_MORE set), then a notification CQE
/// (IORING_CQE_F_NOTIF) once `buf` may be reused. `zc_flags` are IORING_RECVSEND_* / IORING_SEND_ZC_*.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until the notification.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_send_zc(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    send_zc(unsafe { &mut *sqe }, sockfd, buf, len, flags, zc_flags)
}

/// Zero-copy send from registered buffer `buf_index` (`buf` points inside it).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until the notification.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_send_zc_fixed(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
    buf_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    send_zc(sqe, sockfd, buf, len, flags, zc_flags);
    sqe.ioprio |= IORING_RECVSEND_FIXED_BUF as __u16;
    sqe.set_buf_index(buf_index as __u16);
}

/// sendmsg(2) on socket `fd`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `msg` and what it points to must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_sendmsg(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    sendmsg(unsafe { &mut *sqe }, fd, msg, flags)
}

/// Zero-copy sendmsg(2); completes like `io_uring_prep_send_zc` (result, then notification).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `msg` and its buffers must stay valid until the notification.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    sendmsg_zc(unsafe { &mut *sqe }, fd, msg, flags)
}

/// Zero-copy sendmsg(2) whose iovecs lie in registered buffer `buf_index`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `msg` and its buffers must stay valid until the notification.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const msghdr,
    flags: c_uint,
    buf_index: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    sendmsg_zc(sqe, fd, msg, flags);
    sqe.ioprio |= IORING_RECVSEND_FIXED_BUF as __u16;
    sqe.set_buf_index(buf_index as __u16);
}

/// Receive up to `len` bytes into `buf` (or a provided buffer with IOSQE_BUFFER_SELECT) with
/// recv(2) `flags` (`len` is truncated to 32 bits).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_recv(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    recv(unsafe { &mut *sqe }, sockfd, buf, len, flags)
}

/// Receive repeatedly into provided buffers: one CQE per receive, IORING_CQE_F_MORE while armed.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `buf` (normally NULL) must stay valid while armed.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_recv_multishot(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    recv(sqe, sockfd, buf, len, flags);
    sqe.ioprio |= IORING_RECV_MULTISHOT as __u16;
}

/// recvmsg(2) on socket `fd`.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `msg` and what it points to must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_recvmsg(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    recvmsg(unsafe { &mut *sqe }, fd, msg, flags)
}

/// Multishot recvmsg(2) into provided buffers; each buffer starts with a
/// `struct io_uring_recvmsg_out` (parse it with the `io_uring_recvmsg_*` helpers).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `msg` must stay valid until submission.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_recvmsg_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    recvmsg(sqe, fd, msg, flags);
    sqe.ioprio |= IORING_RECV_MULTISHOT as __u16;
}

/// Create a socket, as socket(2); `flags` must be 0 for now.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_socket(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    socket(unsafe { &mut *sqe }, domain, r#type, protocol, flags)
}

/// Create a socket straight into fixed-file slot `file_index` (IORING_FILE_INDEX_ALLOC: any
/// free slot, returned in the CQE's res).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_socket_direct(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    file_index: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    socket(sqe, domain, r#type, protocol, flags);
    set_direct_slot(sqe, file_index);
}

/// Create a socket in a free fixed-file slot (the slot comes back in the CQE's res).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_socket_direct_alloc(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    socket(sqe, domain, r#type, protocol, flags);
    set_direct_slot(sqe, IORING_FILE_INDEX_ALLOC as c_uint);
}

/// shutdown(2) socket `fd`; `how` is SHUT_RD, SHUT_WR or SHUT_RDWR.
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_shutdown(sqe: *mut io_uring_sqe, fd: c_int, how: c_int) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(
        IORING_OP_SHUTDOWN,
        unsafe { &mut *sqe },
        fd,
        0,
        how as c_uint,
        0,
    )
}

/// Check that the `buf_len` bytes of a multishot recvmsg buffer can hold the header, name and
/// control data `msgh` asked for; returns `buf` as the header, or NULL.
///
/// # Safety
/// `msgh` must be a valid `msghdr` (the one passed to `io_uring_prep_recvmsg_multishot`).
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_validate(
    buf: *mut c_void,
    buf_len: c_int,
    msgh: *mut msghdr,
) -> *mut io_uring_recvmsg_out {
    // SAFETY: the caller passes a valid msghdr.
    let msgh = unsafe { &*msgh };
    let hdr = size_of::<io_uring_recvmsg_out>() as u64;
    let namelen = msgh.msg_namelen as u64;
    let controllen = msgh.msg_controllen as u64;
    if buf_len < 0 || (buf_len as u64) < hdr {
        return core::ptr::null_mut();
    }
    // Each step is compared separately so that no sum can overflow.
    let room = buf_len as u64 - hdr;
    if namelen > room || controllen > room - namelen {
        return core::ptr::null_mut();
    }
    buf.cast()
}

/// The source address in a multishot recvmsg buffer (right after the header).
///
/// # Safety
/// `o` must point to a multishot recvmsg buffer (only its address is used).
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_name(o: *mut io_uring_recvmsg_out) -> *mut c_void {
    o.wrapping_add(1).cast()
}

/// The control bytes of a multishot recvmsg buffer, as (start address, length). The kernel writes
/// at most the request's `msg_controllen` bytes, so a larger `controllen` in the header is not
/// believed: with it, the walk over the control messages stays inside the validated buffer.
///
/// # Safety
/// `o` and `msgh` must be readable.
#[inline(always)]
unsafe fn control_area(o: *mut io_uring_recvmsg_out, msgh: *const msghdr) -> (*mut u8, usize) {
    // SAFETY: the caller passes a readable header and msghdr.
    let (controllen, namelen, room) =
        unsafe { ((*o).controllen, (*msgh).msg_namelen, (*msgh).msg_controllen) };
    let start = o
        .wrapping_add(1)
        .cast::<u8>()
        .wrapping_add(namelen as usize);
    (start, (controllen as usize).min(room))
}

/// The `cmsg_len` of a control message header. The control area follows a name of whatever
/// length the request gave (`msg_namelen`), so the header may be misaligned.
///
/// # Safety
/// `cmsg` must point to a readable header.
unsafe fn cmsg_len(cmsg: *const cmsghdr) -> usize {
    // SAFETY: readable per the contract; no alignment is assumed.
    unsafe { core::ptr::addr_of!((*cmsg).cmsg_len).read_unaligned() }
}

/// `cmsg_len` rounded up to the alignment of control messages (a `size_t`).
fn cmsg_align(len: usize) -> usize {
    const ALIGN: usize = size_of::<usize>();
    len.wrapping_add(ALIGN - 1) & !(ALIGN - 1)
}

/// The first control message in a multishot recvmsg buffer, or NULL if there is none.
///
/// # Safety
/// `o` must be a validated multishot recvmsg buffer, `msgh` the request's msghdr.
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_firsthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut msghdr,
) -> *mut cmsghdr {
    // SAFETY: the caller passes a readable header and msghdr.
    let (start, size) = unsafe { control_area(o, msgh) };
    if size < size_of::<cmsghdr>() {
        return core::ptr::null_mut();
    }
    start.cast()
}

/// The control message after `cmsg` in a multishot recvmsg buffer, or NULL at the end.
/// Unlike liburing's, it never reads outside the control area, whatever the lengths say: they
/// are compared with what is left of the area instead of being added to addresses.
///
/// # Safety
/// `o` must be a validated multishot recvmsg buffer, `msgh` the request's msghdr, `cmsg` a
/// control message from `io_uring_recvmsg_cmsg_firsthdr` or this function.
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_nexthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut msghdr,
    cmsg: *mut cmsghdr,
) -> *mut cmsghdr {
    let null = core::ptr::null_mut();
    // SAFETY: the caller passes a readable header and msghdr.
    let (start, size) = unsafe { control_area(o, msgh) };
    let (at, start) = (cmsg as usize, start as usize);
    if at < start || at - start >= size {
        return null;
    }
    let left = size - (at - start);
    if left < size_of::<cmsghdr>() {
        return null;
    }
    // SAFETY: the whole header of `cmsg` lies inside the control area (checked just above).
    let len = unsafe { cmsg_len(cmsg) };
    if len < size_of::<cmsghdr>() || len > left || cmsg_align(len) > left - size_of::<cmsghdr>() {
        return null;
    }
    let step = cmsg_align(len);
    let left = left - step;
    let next = cmsg.cast::<u8>().wrapping_add(step).cast::<cmsghdr>();
    // SAFETY: `next` and its whole header lie inside the control area (checked above).
    let next_len = unsafe { cmsg_len(next) };
    if next_len > left || cmsg_align(next_len) > left {
        return null;
    }
    next
}

/// The payload of a multishot recvmsg buffer (after the header, name and control data).
///
/// # Safety
/// `o` must point to a multishot recvmsg buffer, `msgh` the request's msghdr.
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_payload(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut msghdr,
) -> *mut c_void {
    // SAFETY: the caller passes a readable msghdr.
    let (namelen, controllen) = unsafe { ((*msgh).msg_namelen as usize, (*msgh).msg_controllen) };
    // SAFETY: only the address of `o` is used.
    unsafe { io_uring_recvmsg_name(o) }
        .cast::<u8>()
        .wrapping_add(namelen)
        .wrapping_add(controllen)
        .cast()
}

/// How many payload bytes a multishot recvmsg buffer of `buf_len` bytes (the CQE's res) holds.
///
/// # Safety
/// `o` must point to a multishot recvmsg buffer, `msgh` the request's msghdr.
#[no_mangle]
pub unsafe extern "C" fn io_uring_recvmsg_payload_length(
    o: *mut io_uring_recvmsg_out,
    buf_len: c_int,
    msgh: *mut msghdr,
) -> c_uint {
    if buf_len < 0 {
        return 0;
    }
    // SAFETY: as for this function.
    let start = unsafe { io_uring_recvmsg_payload(o, msgh) } as usize;
    let end = (o as usize).wrapping_add(buf_len as usize);
    if start >= end {
        return 0;
    }
    (end - start) as c_uint
}
