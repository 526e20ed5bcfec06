/* C twin of src/prep/cmd.rs: pass-through commands (generic, socket, discard), 128-byte NOP. */

/**
 * prepare a pass-through command with a given opcode
 *
 * The common part of the pass-through helpers: set the opcode of @sqe to @op
 * (IORING_OP_URING_CMD or IORING_OP_URING_CMD128), its file to @fd and its sqe->cmd_op to
 * @cmd_op, and clear sqe->__pad1, sqe->addr and sqe->len, which those opcodes require to be 0.
 * The command area (sqe->cmd) is left alone: io_uring_get_sqe() clears its first 16 bytes, and
 * the caller fills in whatever the command needs.
 *
 * The leading underscores mark it as a building block of liburing; applications normally call
 * io_uring_prep_uring_cmd() or io_uring_prep_uring_cmd128() instead.
 *
 * Return: nothing. The completion's res is defined by the command, as for
 * io_uring_prep_uring_cmd().
 *
 * See also: io_uring_prep_uring_cmd(3), io_uring_prep_uring_cmd128(3), io_uring_prep_cmd_sock(3)
 */
IOURINGINLINE void __io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int op, __u32 cmd_op,
					     int fd) LIBURING_NOEXCEPT
{
	sqe->opcode = (__u8) op;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	sqe->__pad1 = 0;
	sqe->addr = 0;
	sqe->len = 0;
}

/**
 * prepare a pass-through command for the driver of a file
 *
 * Fill @sqe with an IORING_OP_URING_CMD request: hand the command @cmd_op to the driver behind
 * @fd, through its uring_cmd file operation. Which files take such commands, and what they
 * mean, is up to each driver: NVMe character devices (passthrough of NVMe commands), ublk,
 * block devices (io_uring_prep_cmd_discard()) and sockets (io_uring_prep_cmd_sock()) are
 * examples.
 *
 * The helper clears sqe->addr, sqe->len and the reserved field; the command's own arguments
 * go in sqe->cmd, which the caller fills in afterwards. That area is 16 bytes in a 64-byte SQE
 * and 80 bytes on a ring set up with IORING_SETUP_SQE128; some commands (NVMe passthrough) need
 * such a ring, and also IORING_SETUP_CQE32 for their larger results.
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is an index into the registered file table.
 *
 * Return: nothing. The completion's res is defined by the command: typically 0 or a count on
 * success, or a negative errno.
 *
 * Errors:
 * -EOPNOTSUPP: the file behind @fd has no uring_cmd support, or its driver does not know
 * @cmd_op.
 * -EINVAL: a field the opcode wants 0 is set, or the command needs a ring with big SQEs or
 * CQEs.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 *
 * Notes: IORING_OP_URING_CMD is available since Linux 5.19. Pointers passed in the command area
 * are used when the driver runs the command, so what they point to must stay valid until the
 * completion.
 *
 * See also: io_uring_prep_uring_cmd128(3), io_uring_prep_cmd_sock(3),
 * io_uring_prep_cmd_discard(3), io_uring_get_sqe(3)
 */
IOURINGINLINE void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int cmd_op,
					   int fd) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, (__u32) cmd_op, fd);
}

/**
 * prepare a pass-through command in a 128-byte SQE
 *
 * Fill @sqe like io_uring_prep_uring_cmd() (@cmd_op and @fd have the same meaning), with the
 * opcode IORING_OP_URING_CMD128, which marks the entry as 128 bytes long and gives the command
 * an 80-byte area in sqe->cmd. It is meant for rings set up with IORING_SETUP_SQE_MIXED, where
 * 64-byte and 128-byte entries share the queue: take @sqe from io_uring_get_sqe128(), which
 * reserves two adjacent slots. The part of the area beyond the first 16 bytes is not cleared;
 * the caller fills it in.
 *
 * Return: nothing. The completion's res is defined by the command, or is a negative errno.
 *
 * Errors:
 * -EINVAL: the kernel does not know the opcode, or the ring has no room for 128-byte entries.
 * -EOPNOTSUPP: the file behind @fd has no uring_cmd support, or its driver does not know
 * @cmd_op.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 *
 * Notes: IORING_OP_URING_CMD128 and IORING_SETUP_SQE_MIXED are available since Linux 6.18.
 *
 * See also: io_uring_prep_uring_cmd(3), io_uring_get_sqe128(3), io_uring_prep_nop128(3)
 */
IOURINGINLINE void io_uring_prep_uring_cmd128(struct io_uring_sqe *sqe, int cmd_op,
					      int fd) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD128, (__u32) cmd_op, fd);
}

/**
 * prepare a socket command such as getsockopt or setsockopt
 *
 * Fill @sqe with an IORING_OP_URING_CMD request for the socket @fd, running the socket command
 * @cmd_op with arguments in the manner of getsockopt(2): @level and @optname go to sqe->level
 * and sqe->optname, the buffer @optval to sqe->optval and its size @optlen (a plain value, not
 * a pointer) to sqe->optlen. The commands are:
 * - SOCKET_URING_OP_SIOCINQ: the number of bytes waiting to be read, as the SIOCINQ ioctl
 * gives; the other arguments are not used.
 * - SOCKET_URING_OP_SIOCOUTQ: the number of bytes not yet sent, as SIOCOUTQ gives; the other
 * arguments are not used.
 * - SOCKET_URING_OP_GETSOCKOPT: like getsockopt(2), for the SOL_SOCKET level only. The value is
 * written to @optval, and its length becomes the completion's res.
 * - SOCKET_URING_OP_SETSOCKOPT: like setsockopt(2), with the @optlen bytes at @optval.
 * - SOCKET_URING_OP_TX_TIMESTAMP: a multishot command that reports transmit timestamps from the
 * socket's error queue, one CQE each; it needs a ring with IORING_SETUP_CQE32 or
 * IORING_SETUP_CQE_MIXED and ignores the other arguments.
 * - SOCKET_URING_OP_GETSOCKNAME: use io_uring_prep_cmd_getsockname(), which sets the fields
 * this command reads.
 *
 * Return: nothing. The completion's res depends on @cmd_op: the byte count for SIOCINQ and
 * SIOCOUTQ, the option length for GETSOCKOPT, 0 for SETSOCKOPT; or a negative errno.
 *
 * Errors:
 * -EOPNOTSUPP: @fd is not a socket, @cmd_op is unknown, GETSOCKOPT was asked for a level other
 * than SOL_SOCKET, or the protocol has no ioctl support for SIOCINQ and SIOCOUTQ (before a later
 * fix, kernels refused every socket command with this error on such protocols).
 * -ENOPROTOOPT: @optname is not an option of @level.
 * -EINVAL: @optlen is wrong for the option, or SIOCINQ or SIOCOUTQ was asked of a listening
 * socket.
 * -EFAULT: @optval is outside the caller's address space.
 *
 * Notes: the socket commands are available since Linux 6.7 (TX_TIMESTAMP since Linux 6.17);
 * earlier kernels report -EOPNOTSUPP. @optval is read or written when the command runs and must
 * stay valid until the completion.
 *
 * Kernels 6.7.0 to 6.10.2 have a bug with these commands: a GETSOCKOPT or SETSOCKOPT command
 * sent to the io-wq workers with IOSQE_ASYNC never completes (the worker path dropped the
 * result), so anything waiting for its CQE waits forever. Linux 6.11 and 6.10.3 fix it (commit
 * 24dce1c538a7, "io_uring: fix lost getsockopt completions"). This library works around it: when
 * a ring is set up (io_uring_queue_init() and its variants, io_uring_queue_mmap()) on a kernel
 * whose uname(2) release lies in that range, the submitting calls (io_uring_submit() and the
 * others that publish new SQEs) clear IOSQE_ASYNC from every IORING_OP_URING_CMD or
 * IORING_OP_URING_CMD128 entry whose cmd_op is SOCKET_URING_OP_GETSOCKOPT or
 * SOCKET_URING_OP_SETSOCKOPT, just before handing the entries to the kernel. The commands then
 * run inline at submission; they never block, so nothing is lost but the forced offload.
 * Other entries keep their flags.
 * - The environment variable URING_SOCKOPT_ASYNC_WORKAROUND, read at ring setup, overrides the
 * version check: 0 turns the work-around off, any other value turns it on.
 * - With LIBURING_DEBUG set (to anything but 0), io_uring_queue_init() and its variants say
 * once on stderr that the work-around is on.
 * - It does not cover rings set up with IORING_SETUP_SQ_REWIND, nor entries that an application
 * publishes by writing the SQ tail itself.
 * - It looks at the opcode and cmd_op only, not at the file, so a command of another driver with
 * the same cmd_op value also loses IOSQE_ASYNC on such a ring.
 *
 * liburing 2.15 has no such work-around; on those kernels its programs hang instead.
 *
 * See also: io_uring_prep_cmd_getsockname(3), io_uring_prep_uring_cmd(3),
 * io_uring_sqe_set_flags(3), io_uring_submit(3), getsockopt(2), setsockopt(2)
 */
IOURINGINLINE void io_uring_prep_cmd_sock(struct io_uring_sqe *sqe, int cmd_op, int fd,
					  int level, int optname, void *optval,
					  int optlen) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, (__u32) cmd_op, fd);
	sqe->optval = (unsigned long) optval;
	sqe->level = (__u32) level;
	sqe->optname = (__u32) optname;
	sqe->optlen = (__u32) optlen;
}

/**
 * prepare a socket command that reads the local or peer address
 *
 * Fill @sqe with an IORING_OP_URING_CMD request running SOCKET_URING_OP_GETSOCKNAME on the
 * socket @fd: the io_uring form of getsockname(2) when @peer is 0, of getpeername(2) when @peer
 * is 1. The address is written to @addr, whose size the caller puts in *@addrlen; the kernel
 * then sets *@addrlen to the real length of the address (the copy is cut at the buffer size).
 * The helper stores @addr in sqe->addr, @addrlen in sqe->addr3 and @peer in sqe->optlen.
 *
 * It works on direct descriptors too (IOSQE_FIXED_FILE), which ordinary system calls cannot
 * reach.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -EOPNOTSUPP: @fd is not a socket (where the system calls would report ENOTSOCK), or the
 * kernel does not know the command.
 * -ENOTCONN: @peer is 1 and the socket is not connected.
 * -EINVAL: @peer is neither 0 nor 1.
 * -EFAULT: @addr or @addrlen is outside the caller's address space.
 *
 * Notes: SOCKET_URING_OP_GETSOCKNAME is available since Linux 6.19. The kernel writes @addr and
 * @addrlen when the command runs, so both must stay valid until the completion.
 *
 * See also: io_uring_prep_cmd_sock(3), io_uring_prep_uring_cmd(3), getsockname(2),
 * getpeername(2)
 */
IOURINGINLINE void io_uring_prep_cmd_getsockname(struct io_uring_sqe *sqe, int fd,
						 struct sockaddr *addr, socklen_t *addrlen,
						 int peer) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, SOCKET_URING_OP_GETSOCKNAME, fd);
	sqe->addr = (unsigned long) addr;
	sqe->addr3 = (unsigned long) addrlen;
	sqe->optlen = (__u32) peer;
}

/**
 * prepare a discard of a byte range of a block device
 *
 * Fill @sqe with an IORING_OP_URING_CMD request running BLOCK_URING_CMD_DISCARD on the block
 * device @fd: tell the device that the @nbytes bytes starting at byte @offset hold no data
 * worth keeping (a trim on SSDs). It is the asynchronous counterpart of the BLKDISCARD ioctl.
 * The helper stores @offset in sqe->addr and @nbytes in sqe->addr3.
 *
 * Unlike the ioctl, the command does not keep other I/O off the range, and several discards
 * may run at once. Reads or writes in flight on the same range race with it, and the page
 * cache is only invalidated on a best-effort basis: make sure nothing else uses the range
 * meanwhile, or stale data may be seen.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -EINVAL: @offset or @nbytes is not a multiple of the device's logical block size, or the
 * range runs past the end of the device.
 * -EBADF: @fd was not opened for writing.
 * -EPERM: the device is read-only.
 * -EOPNOTSUPP: the device cannot discard, @fd is not a block device, or the kernel does not
 * know the command.
 *
 * Notes: BLOCK_URING_CMD_DISCARD is available since Linux 6.12.
 *
 * See also: io_uring_prep_uring_cmd(3), io_uring_prep_fallocate(3), ioctl(2)
 */
IOURINGINLINE void io_uring_prep_cmd_discard(struct io_uring_sqe *sqe, int fd, uint64_t offset,
					     uint64_t nbytes) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, BLOCK_URING_CMD_DISCARD, fd);
	sqe->addr = offset;
	sqe->addr3 = nbytes;
}

/**
 * prepare a request that does nothing, in a 128-byte SQE
 *
 * Fill @sqe with an IORING_OP_NOP128 request: a no-op like io_uring_prep_nop(), occupying a
 * 128-byte entry. On a ring set up with IORING_SETUP_SQE_MIXED it fills the two slots returned
 * by io_uring_get_sqe128(). It is mostly of use in tests of 128-byte submission.
 *
 * Return: nothing. The completion's res is 0.
 *
 * Errors:
 * -EINVAL: the kernel does not know IORING_OP_NOP128, or the ring has no room for 128-byte
 * entries.
 *
 * Notes: IORING_OP_NOP128 is available since Linux 6.18.
 *
 * See also: io_uring_prep_nop(3), io_uring_get_sqe128(3), io_uring_prep_uring_cmd128(3)
 */
IOURINGINLINE void io_uring_prep_nop128(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_NOP128, sqe, -1, NULL, 0, 0);
}
