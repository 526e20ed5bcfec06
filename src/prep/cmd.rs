//! Pass-through commands (`IORING_OP_URING_CMD`, `IORING_OP_URING_CMD128`): the generic form,
//! socket commands (SIOCINQ/SIOCOUTQ, get/setsockopt, getsockname), block discard, and the
//! 128-byte NOP.

use core::ffi::{c_int, c_uint, c_void};

use libc::{sockaddr, socklen_t};

use super::prep_rw;
use crate::uapi::*;

#[inline(always)]
fn uring_cmd(sqe: &mut io_uring_sqe, op: c_uint, cmd_op: __u32, fd: c_int) {
    sqe.opcode = op as __u8;
    sqe.fd = fd;
    sqe.set_cmd_op(cmd_op);
    sqe.set_pad1(0);
    sqe.set_addr(0);
    sqe.len = 0;
}

/// Prepare a pass-through command `cmd_op` on `fd` with opcode `op` (IORING_OP_URING_CMD or
/// IORING_OP_URING_CMD128); the command area (`sqe->cmd`) is left to the caller.
///
/// # Safety
/// `sqe` must be a valid, writable SQE (a 128-byte one for IORING_OP_URING_CMD128).
#[no_mangle]
pub unsafe extern "C" fn __io_uring_prep_uring_cmd(
    sqe: *mut io_uring_sqe,
    op: c_int,
    cmd_op: __u32,
    fd: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    uring_cmd(unsafe { &mut *sqe }, op as c_uint, cmd_op, fd)
}

/// Prepare pass-through command `cmd_op` on `fd` (IORING_OP_URING_CMD, 16-byte command area).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_uring_cmd(sqe: *mut io_uring_sqe, cmd_op: c_int, fd: c_int) {
    // SAFETY: the caller passes a writable SQE.
    uring_cmd(
        unsafe { &mut *sqe },
        IORING_OP_URING_CMD,
        cmd_op as __u32,
        fd,
    )
}

/// Prepare pass-through command `cmd_op` on `fd` with an 80-byte command area
/// (IORING_OP_URING_CMD128, in a 128-byte SQE).
///
/// # Safety
/// `sqe` must be a valid, writable 128-byte SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_uring_cmd128(
    sqe: *mut io_uring_sqe,
    cmd_op: c_int,
    fd: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    uring_cmd(
        unsafe { &mut *sqe },
        IORING_OP_URING_CMD128,
        cmd_op as __u32,
        fd,
    )
}

/// A socket command on `fd`: `cmd_op` is SOCKET_URING_OP_* (SIOCINQ, SIOCOUTQ, GETSOCKOPT,
/// SETSOCKOPT, ...); `level`, `optname`, `optval` and `optlen` are as for getsockopt(2).
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `optval` must stay valid until completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cmd_sock(
    sqe: *mut io_uring_sqe,
    cmd_op: c_int,
    fd: c_int,
    level: c_int,
    optname: c_int,
    optval: *mut c_void,
    optlen: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    uring_cmd(sqe, IORING_OP_URING_CMD, cmd_op as __u32, fd);
    sqe.set_optval(optval as usize as __u64);
    sqe.set_level_optname(level as __u32, optname as __u32);
    sqe.set_optlen(optlen as __u32);
}

/// getsockname(2) (or getpeername(2) when `peer` is 1) on socket `fd`, as a socket command.
///
/// # Safety
/// `sqe` must be a valid, writable SQE; `addr` and `addrlen` must stay valid until
/// completion.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cmd_getsockname(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
    peer: c_int,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    uring_cmd(sqe, IORING_OP_URING_CMD, SOCKET_URING_OP_GETSOCKNAME, fd);
    sqe.set_addr(addr as usize as __u64);
    sqe.set_addr3(addrlen as usize as __u64);
    sqe.set_optlen(peer as __u32);
}

/// Discard (trim) `nbytes` at byte `offset` of block device `fd` (BLOCK_URING_CMD_DISCARD).
///
/// # Safety
/// `sqe` must be a valid, writable SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_cmd_discard(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: u64,
    nbytes: u64,
) {
    // SAFETY: the caller passes a writable SQE.
    let sqe = unsafe { &mut *sqe };
    uring_cmd(sqe, IORING_OP_URING_CMD, BLOCK_URING_CMD_DISCARD, fd);
    sqe.set_addr(offset);
    sqe.set_addr3(nbytes);
}

/// A NOP in a 128-byte SQE (IORING_OP_NOP128); completes with res 0.
///
/// # Safety
/// `sqe` must be a valid, writable 128-byte SQE.
#[no_mangle]
pub unsafe extern "C" fn io_uring_prep_nop128(sqe: *mut io_uring_sqe) {
    // SAFETY: the caller passes a writable SQE.
    prep_rw(IORING_OP_NOP128, unsafe { &mut *sqe }, -1, 0, 0, 0)
}
