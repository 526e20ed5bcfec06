/* C twin of src/prep/cmd.rs: pass-through commands (generic, socket, discard), 128-byte NOP. */

/* Pass-through command cmd_op on fd with opcode op; the caller fills the command area. */
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

/* Pass-through command cmd_op on fd, with the 16-byte command area of a 64-byte SQE. */
IOURINGINLINE void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int cmd_op,
					   int fd) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, (__u32) cmd_op, fd);
}

/* Pass-through command cmd_op on fd, with the 80-byte command area of a 128-byte SQE. */
IOURINGINLINE void io_uring_prep_uring_cmd128(struct io_uring_sqe *sqe, int cmd_op,
					      int fd) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD128, (__u32) cmd_op, fd);
}

/* Socket command cmd_op (SOCKET_URING_OP_*) on fd, with getsockopt(2)-style arguments. */
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

/* getsockname(2) on socket fd as a socket command; getpeername(2) when peer is 1. */
IOURINGINLINE void io_uring_prep_cmd_getsockname(struct io_uring_sqe *sqe, int fd,
						 struct sockaddr *addr, socklen_t *addrlen,
						 int peer) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, SOCKET_URING_OP_GETSOCKNAME, fd);
	sqe->addr = (unsigned long) addr;
	sqe->addr3 = (unsigned long) addrlen;
	sqe->optlen = (__u32) peer;
}

/* Discard (trim) nbytes at byte offset of block device fd. */
IOURINGINLINE void io_uring_prep_cmd_discard(struct io_uring_sqe *sqe, int fd, uint64_t offset,
					     uint64_t nbytes) LIBURING_NOEXCEPT
{
	__io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, BLOCK_URING_CMD_DISCARD, fd);
	sqe->addr = offset;
	sqe->addr3 = nbytes;
}

/* A NOP in a 128-byte SQE; completes with res 0. */
IOURINGINLINE void io_uring_prep_nop128(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_NOP128, sqe, -1, NULL, 0, 0);
}
