/*
 * C twin of src/prep/net.rs: socket requests (socket, bind, listen, accept, connect, send and
 * receive in all their forms, shutdown) and the parsers of a multishot recvmsg buffer.
 */

/**
 * prepare a request that accepts a connection on a listening socket
 *
 * Fill @sqe with an IORING_OP_ACCEPT request, the io_uring form of accept4(2): take the next
 * pending connection of the listening socket @fd and complete with a new file descriptor for it.
 * If @addr is not NULL, the peer's address is stored there; @addrlen then points to the size of
 * the @addr buffer, and is updated to the real length of the address. Pass NULL for both when
 * the address is of no interest.
 *
 * @flags takes the accept4(2) flags SOCK_NONBLOCK and SOCK_CLOEXEC. io_uring's own accept flags
 * can be or-ed into sqe->ioprio after this call: IORING_ACCEPT_MULTISHOT (see
 * io_uring_prep_multishot_accept()), IORING_ACCEPT_DONTWAIT (complete with -EAGAIN rather than
 * wait when no connection is pending) and IORING_ACCEPT_POLL_FIRST (do not try at once, wait for
 * a connection first).
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is an index into the registered file table.
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @fd does not refer to a socket.
 * -EINVAL: the socket is not listening, or @flags holds something other than SOCK_NONBLOCK and
 * SOCK_CLOEXEC.
 * -EOPNOTSUPP: the socket type has no notion of connections (a datagram socket, for instance).
 * -ECONNABORTED: a pending connection was aborted before it could be accepted.
 * -EMFILE: the process has as many open file descriptors as its limit allows.
 * -ENFILE: the system-wide limit on open files was reached.
 * -EAGAIN: IORING_ACCEPT_DONTWAIT was set and no connection was pending.
 *
 * Notes: IORING_OP_ACCEPT is available since Linux 5.5; IORING_ACCEPT_DONTWAIT and
 * IORING_ACCEPT_POLL_FIRST since Linux 6.10. The kernel writes @addr and @addrlen when the
 * connection is taken, so both must stay valid until the completion arrives.
 *
 * See also: io_uring_prep_accept_direct(3), io_uring_prep_multishot_accept(3),
 * io_uring_prep_connect(3), io_uring_prep_listen(3), io_uring_submit(3), accept4(2)
 */
IOURINGINLINE void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr,
					socklen_t *addrlen, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ACCEPT, sqe, fd, addr, 0, (unsigned long) addrlen);
	sqe->accept_flags = (__u32) flags;
}

/**
 * prepare an accept that installs the connection as a direct descriptor
 *
 * Fill @sqe like io_uring_prep_accept() (@fd, @addr, @addrlen and @flags have the same meaning),
 * but have the new connection placed in the ring's registered file table instead of the
 * process's descriptor table. Such a direct descriptor is used by later requests as an index
 * with IOSQE_FIXED_FILE; it is not visible to ordinary system calls.
 *
 * @file_index selects the slot. If the slot already holds a file, that file is closed and
 * replaced, as io_uring_register_files_update() would do. With IORING_FILE_INDEX_ALLOC the
 * kernel picks a free slot itself (inside the range set with
 * io_uring_register_file_alloc_range(), if one was set) and reports which. The helper stores
 * @file_index + 1 in sqe->file_index, since 0 there means a normal descriptor;
 * IORING_FILE_INDEX_ALLOC is stored as it is.
 *
 * The table must exist first: see io_uring_register_files() and
 * io_uring_register_files_sparse().
 *
 * Return: nothing. The completion's res is 0 when a given slot was filled, the chosen slot with
 * IORING_FILE_INDEX_ALLOC, or a negative errno.
 *
 * Errors:
 * -ENXIO: the ring has no registered file table.
 * -EINVAL: @file_index is past the end of the table, or @flags contains SOCK_CLOEXEC (a direct
 * descriptor has no close-on-exec state).
 * -ENFILE: IORING_FILE_INDEX_ALLOC was used and no slot is free.
 *
 * The errors of io_uring_prep_accept() apply as well, -EBADF, -ENOTSOCK and -ECONNABORTED among
 * them.
 *
 * Notes: direct accept is available since Linux 5.15, IORING_FILE_INDEX_ALLOC since Linux 5.19.
 * Kernels that predate direct descriptors do not look at sqe->file_index at all: there the
 * request succeeds with a normal file descriptor, so check the kernel version (or the result)
 * rather than waiting for an -EINVAL. @addr and @addrlen must stay valid until the completion.
 *
 * See also: io_uring_prep_accept(3), io_uring_prep_multishot_accept_direct(3),
 * io_uring_register_files(3), io_uring_register_file_alloc_range(3), accept4(2)
 */
IOURINGINLINE void io_uring_prep_accept_direct(struct io_uring_sqe *sqe, int fd,
					       struct sockaddr *addr, socklen_t *addrlen, int flags,
					       unsigned int file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	/* Slots are stored + 1 (0 means none), but IORING_FILE_INDEX_ALLOC is stored as is. */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/**
 * prepare an accept request that stays armed for many connections
 *
 * Fill @sqe like io_uring_prep_accept() and set IORING_ACCEPT_MULTISHOT in sqe->ioprio: one
 * submission then accepts connection after connection on the listening socket @fd, posting one
 * CQE per connection. Every CQE that has IORING_CQE_F_MORE in its flags means the request is
 * still armed; the first CQE without it is the last one (after an error or a cancelation), and
 * a new request must be submitted to go on accepting.
 *
 * @flags is as for io_uring_prep_accept(). @addr and @addrlen, when not NULL, are shared by all
 * the connections: each accept overwrites them, possibly before the application has read the
 * previous address. Only use them if no new connection can arrive before the previous one has
 * been handled; otherwise pass NULL and ask with getpeername(2).
 *
 * Return: nothing. Each completion's res is the descriptor of a new connection, or a negative
 * errno in the final completion.
 *
 * Errors:
 * -EINVAL: the kernel does not know IORING_ACCEPT_MULTISHOT (before Linux 5.19), the socket is
 * not listening, or @flags is invalid.
 *
 * The errors of io_uring_prep_accept() apply as well, -EBADF, -ENOTSOCK, -EMFILE and -ENFILE among
 * them.
 *
 * Notes: available since Linux 5.19. Stop the request with io_uring_prep_cancel() on its
 * user_data. @addr and @addrlen must stay valid as long as the request is armed.
 *
 * See also: io_uring_prep_accept(3), io_uring_prep_multishot_accept_direct(3),
 * io_uring_prep_cancel(3), accept4(2)
 */
IOURINGINLINE void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe, int fd,
						  struct sockaddr *addr, socklen_t *addrlen,
						  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	sqe->ioprio |= (__u16) IORING_ACCEPT_MULTISHOT;
}

/**
 * prepare a multishot accept that creates direct descriptors
 *
 * Fill @sqe to combine io_uring_prep_multishot_accept() and io_uring_prep_accept_direct(): the
 * request on the listening socket @fd stays armed and places every accepted connection in a
 * free slot of the ring's registered file table, which the kernel chooses (sqe->file_index is
 * set to IORING_FILE_INDEX_ALLOC; a fixed slot would make no sense for many connections).
 * @addr, @addrlen and @flags are as for io_uring_prep_multishot_accept(), except that
 * SOCK_CLOEXEC is refused.
 *
 * Return: nothing. Each completion's res is the slot holding a new connection, with
 * IORING_CQE_F_MORE set while the request stays armed, or a negative errno in the final one.
 *
 * Errors:
 * -ENXIO: the ring has no registered file table.
 * -ENFILE: no free slot was left; this completion ends the request.
 * -EINVAL: @flags contains SOCK_CLOEXEC, or the kernel is older than Linux 5.19.
 *
 * The errors of io_uring_prep_accept() apply as well, -EBADF and -ENOTSOCK among them.
 *
 * Notes: available since Linux 5.19. Close slots with io_uring_prep_close_direct() when the
 * connections end, or the table fills up.
 *
 * See also: io_uring_prep_multishot_accept(3), io_uring_prep_accept_direct(3),
 * io_uring_register_files_sparse(3), io_uring_prep_close_direct(3)
 */
IOURINGINLINE void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe, int fd,
							 struct sockaddr *addr,
							 socklen_t *addrlen,
							 int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
	/* Unlike a real slot, IORING_FILE_INDEX_ALLOC is stored as is (not + 1). */
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
}

/**
 * prepare a request that connects a socket to an address
 *
 * Fill @sqe with an IORING_OP_CONNECT request, the io_uring form of connect(2): connect the
 * socket @fd to the address at @addr, which is @addrlen bytes long. The request completes when
 * the connection attempt is over, without the submitting thread ever blocking.
 *
 * With IOSQE_FIXED_FILE in sqe->flags, @fd is an index into the registered file table.
 *
 * Return: nothing. The completion's res is 0 once connected, or a negative errno.
 *
 * Errors:
 * -ECONNREFUSED: nothing listens at the address.
 * -ETIMEDOUT: the peer did not answer in time.
 * -ENETUNREACH: no route leads to the network of the address.
 * -EISCONN: the socket is already connected.
 * -EADDRNOTAVAIL: no local address or port could be assigned.
 * -EAFNOSUPPORT: @addr belongs to a family the socket does not handle.
 * -EINVAL: @addrlen is wrong for the family.
 * -EBADF: @fd is not an open file descriptor.
 * -ENOTSOCK: @fd does not refer to a socket.
 *
 * Notes: IORING_OP_CONNECT is available since Linux 5.5. The kernel copies the address when the
 * request is submitted, so @addr need not outlive the submission.
 *
 * See also: io_uring_prep_socket(3), io_uring_prep_accept(3), io_uring_prep_bind(3),
 * io_uring_submit(3), connect(2)
 */
IOURINGINLINE void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd,
					 const struct sockaddr *addr,
					 socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

/**
 * prepare a request that binds a socket to a local address
 *
 * Fill @sqe with an IORING_OP_BIND request, the io_uring form of bind(2): give the socket @fd
 * the local address at @addr, which is @addrlen bytes long. This is mostly of use for sockets
 * that exist only as direct descriptors (see io_uring_prep_socket_direct()), on which bind(2)
 * cannot be called.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -EADDRINUSE: the address is already in use.
 * -EACCES: the address is reserved for privileged processes.
 * -EADDRNOTAVAIL: the address does not belong to this host.
 * -EINVAL: the socket is already bound, @addrlen is wrong, or the kernel lacks the opcode.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @fd does not refer to a socket.
 *
 * Notes: IORING_OP_BIND is available since Linux 6.11; older kernels complete the request
 * with -EINVAL. The address is copied at submission.
 *
 * See also: io_uring_prep_listen(3), io_uring_prep_socket(3), io_uring_prep_connect(3), bind(2)
 */
IOURINGINLINE void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd,
				      const struct sockaddr *addr,
				      socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_BIND, sqe, fd, addr, 0, addrlen);
}

/**
 * prepare a request that makes a socket listen for connections
 *
 * Fill @sqe with an IORING_OP_LISTEN request, the io_uring form of listen(2): mark the socket
 * @fd as accepting connections, with room for @backlog connections waiting to be accepted.
 * Like io_uring_prep_bind(), it lets a direct descriptor socket be set up without leaving
 * io_uring.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -EADDRINUSE: another socket already listens on the same port.
 * -EOPNOTSUPP: the socket type does not take connections.
 * -EINVAL: the kernel lacks the opcode.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @fd does not refer to a socket.
 *
 * Notes: IORING_OP_LISTEN is available since Linux 6.11; older kernels complete the request
 * with -EINVAL.
 *
 * See also: io_uring_prep_bind(3), io_uring_prep_accept(3), io_uring_prep_multishot_accept(3),
 * listen(2)
 */
IOURINGINLINE void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd,
					int backlog) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LISTEN, sqe, fd, NULL, (unsigned) backlog, 0);
}

/**
 * prepare a request that sends data on a socket
 *
 * Fill @sqe with an IORING_OP_SEND request, the io_uring form of send(2): send @len bytes from
 * @buf on the socket @sockfd, with the send(2) MSG_* flags in @flags. @len is stored in 32 bits,
 * and one request sends at most INT_MAX bytes. The kernel always adds MSG_NOSIGNAL: a broken
 * connection gives -EPIPE, never SIGPIPE.
 *
 * A stream socket may take fewer bytes than asked for; the completion then reports the short
 * count, and without MSG_WAITALL that counts as a success, so a chain linked with IOSQE_IO_LINK
 * goes on. With MSG_WAITALL io_uring retries until all @len bytes are sent, and a send that
 * still ends short breaks the chain.
 *
 * io_uring flags may be or-ed into sqe->ioprio afterwards: IORING_RECVSEND_POLL_FIRST waits
 * for room in the socket before the first try. With IOSQE_BUFFER_SELECT in sqe->flags and a
 * group in sqe->buf_group, @buf is ignored and the data is taken from a provided buffer (see
 * io_uring_prep_send_bundle()). io_uring_prep_send_set_addr() adds a destination address.
 *
 * Return: nothing. The completion's res is the number of bytes sent, or a negative errno.
 *
 * Errors:
 * -EPIPE: the connection is closed for writing.
 * -ECONNRESET: the peer reset the connection.
 * -ENOTCONN: the socket is not connected and no destination was given.
 * -EDESTADDRREQ: a connectionless socket has no destination.
 * -EMSGSIZE: the message is too big to be sent in one piece on this socket.
 * -EAGAIN: MSG_DONTWAIT was given and the socket had no room.
 * -EFAULT: @buf is outside the caller's address space.
 * -ENOBUFS: IOSQE_BUFFER_SELECT was set and the group had no buffer.
 * -EBADF: @sockfd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @sockfd does not refer to a socket.
 *
 * Notes: IORING_OP_SEND is available since Linux 5.6; sending from provided buffers since
 * Linux 6.10. The kernel reads @buf while the request runs, which may be after the submission:
 * it must stay valid and unchanged until the completion.
 *
 * See also: io_uring_prep_sendto(3), io_uring_prep_send_zc(3), io_uring_prep_sendmsg(3),
 * io_uring_prep_send_bundle(3), io_uring_prep_recv(3), send(2)
 */
IOURINGINLINE void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd, const void *buf,
				      size_t len, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SEND, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
}

/**
 * prepare a send that takes its data from several provided buffers
 *
 * Fill @sqe with an IORING_OP_SEND request on the socket @sockfd that has no buffer of its own
 * (@buf is NULL) and IORING_RECVSEND_BUNDLE set in sqe->ioprio: the kernel takes the data from
 * the provided buffer ring whose group is in sqe->buf_group, and sends as many of its buffers
 * as are queued in one go. @flags are the send(2) MSG_* flags.
 *
 * The caller must also set IOSQE_BUFFER_SELECT in sqe->flags and the group in sqe->buf_group
 * (io_uring_sqe_set_buf_group() does that); the group must be a buffer ring, set up for
 * instance with io_uring_setup_buf_ring(). Queuing data in the ring and sending it with bundles
 * keeps the order of the data even with several sends in flight.
 *
 * @len should be 0, for no limit on the amount sent: liburing documents any other value as
 * refused with -EINVAL, while newer kernels take it as a cap on the bytes sent.
 *
 * Return: nothing. The completion's res is the total number of bytes sent, or a negative errno.
 * Its flags carry IORING_CQE_F_BUFFER and the ID of the first buffer used (flags >>
 * IORING_CQE_BUFFER_SHIFT); the buffers sent follow it in ring order, as many as res covers.
 *
 * Errors:
 * -EINVAL: IOSQE_BUFFER_SELECT is not set, @len is not accepted, or the kernel does not know
 * bundles.
 * -ENOBUFS: the buffer ring held no buffer.
 *
 * The errors of io_uring_prep_send() apply as well, -EPIPE, -ECONNRESET, -ENOTCONN, -ENOTSOCK
 * and -EBADF among them.
 *
 * Notes: bundles are available since Linux 6.10, which reports IORING_FEAT_RECVSEND_BUNDLE in
 * the features of io_uring_queue_init_params().
 *
 * See also: io_uring_prep_send(3), io_uring_setup_buf_ring(3), io_uring_buf_ring_add(3),
 * io_uring_sqe_set_buf_group(3), io_uring_prep_recv_multishot(3)
 */
IOURINGINLINE void io_uring_prep_send_bundle(struct io_uring_sqe *sqe, int sockfd, size_t len,
					     int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_send(sqe, sockfd, NULL, len, flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_BUNDLE;
}

/**
 * give a prepared send request a destination address
 *
 * Store the destination address @dest_addr, @addr_len bytes long, in an @sqe already prepared
 * as a send (io_uring_prep_send(), io_uring_prep_send_zc() or their fixed-buffer forms), so that
 * it works like sendto(2). The pointer goes to sqe->addr2 and the length to sqe->addr_len.
 * Nothing else of the SQE is touched.
 *
 * Return: nothing. The send request it modifies completes as it would otherwise.
 *
 * Errors:
 * -EINVAL: the SQE is of another opcode (sendmsg requests carry the address in their msghdr),
 * or the kernel takes no address for this opcode.
 * -EAFNOSUPPORT: the address family does not suit the socket.
 *
 * Notes: the zero-copy send takes an address since Linux 6.0, the plain send since Linux 6.1.
 * Some kernels read the address only when the send runs, so keep @dest_addr valid until the
 * completion.
 *
 * See also: io_uring_prep_sendto(3), io_uring_prep_send(3), io_uring_prep_send_zc(3), sendto(2)
 */
IOURINGINLINE void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe,
					       const struct sockaddr *dest_addr,
					       __u16 addr_len) LIBURING_NOEXCEPT
{
	sqe->addr2 = (unsigned long) dest_addr;
	sqe->addr_len = addr_len;
}

/**
 * prepare a request that sends data to a given address
 *
 * Fill @sqe with an IORING_OP_SEND request that sends @len bytes of @buf on the socket
 * @sockfd, with the send(2) flags @flags, to the address @addr of @addrlen bytes: the io_uring
 * form of sendto(2). It is io_uring_prep_send() followed by io_uring_prep_send_set_addr(), so
 * @addrlen is stored in 16 bits (every socket address fits).
 *
 * Return: nothing. The completion's res is the number of bytes sent, or a negative errno.
 *
 * Errors:
 * -EINVAL: the kernel is older than Linux 6.1 and refuses an address on a send.
 * -EAFNOSUPPORT: @addr belongs to a family the socket does not handle.
 * -EISCONN: an address was given on a connected socket that does not allow it.
 *
 * The errors of io_uring_prep_send() apply as
 * well, -EPIPE, -ECONNRESET, -EMSGSIZE, -EAGAIN, -EFAULT, -ENOTSOCK and -EBADF among them.
 *
 * Notes: available since Linux 6.1. @buf, and on some kernels @addr, are read when the send
 * runs: keep them valid until the completion.
 *
 * See also: io_uring_prep_send(3), io_uring_prep_send_set_addr(3), io_uring_prep_sendmsg(3),
 * sendto(2)
 */
IOURINGINLINE void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd, const void *buf,
					size_t len, int flags, const struct sockaddr *addr,
					socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, (__u16) addrlen);
}

/**
 * prepare a zero-copy send on a socket
 *
 * Fill @sqe with an IORING_OP_SEND_ZC request: send @len bytes of @buf on the socket @sockfd,
 * with the send(2) flags @flags, letting the network stack use the pages of @buf directly
 * instead of copying them. @zc_flags is stored in sqe->ioprio (replacing what was there):
 * IORING_RECVSEND_POLL_FIRST as for io_uring_prep_send(), IORING_SEND_ZC_REPORT_USAGE to learn
 * whether the data had to be copied after all, and IORING_RECVSEND_FIXED_BUF, which
 * io_uring_prep_send_zc_fixed() sets.
 *
 * Such a send normally produces two CQEs with the request's user_data. The first carries the
 * result of the send; if it has IORING_CQE_F_MORE in its flags, a second one, the notification,
 * follows with IORING_CQE_F_NOTIF set once the kernel no longer uses @buf. With
 * IORING_SEND_ZC_REPORT_USAGE the notification's res has IORING_NOTIF_USAGE_ZC_COPIED set when
 * the data was copied rather than sent from @buf. A destination address can be added with
 * io_uring_prep_send_set_addr().
 *
 * Return: nothing. The first completion's res is the number of bytes sent, or a negative
 * errno; the notification's res is 0 or a usage report.
 *
 * Errors:
 * -ENOMEM: the pages of @buf could not be pinned because of the locked-memory limit
 * (RLIMIT_MEMLOCK), or the kernel ran out of memory.
 * -EOPNOTSUPP: the socket does not support zero-copy sending.
 * -EINVAL: @zc_flags holds an unknown flag.
 *
 * The errors of io_uring_prep_send() apply as
 * well, -EPIPE, -ECONNRESET, -ENOTCONN, -EFAULT, -ENOTSOCK and -EBADF among them.
 *
 * Notes: IORING_OP_SEND_ZC is available since Linux 6.0. @buf must stay valid and unchanged
 * until the notification, not just the first completion. Zero copy pays off for large sends;
 * for small ones a copy is cheaper. A short send is not an error for an IOSQE_IO_LINK chain
 * unless MSG_WAITALL is set.
 *
 * See also: io_uring_prep_send_zc_fixed(3), io_uring_prep_sendmsg_zc(3), io_uring_prep_send(3),
 * io_uring_enter(2)
 */
IOURINGINLINE void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd, const void *buf,
					 size_t len, int flags,
					 unsigned int zc_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SEND_ZC, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
	sqe->ioprio = (__u16) zc_flags;
}

/**
 * prepare a zero-copy send from a registered buffer
 *
 * Fill @sqe like io_uring_prep_send_zc() (@sockfd, @buf, @len, @flags and @zc_flags have the
 * same meaning) and also set IORING_RECVSEND_FIXED_BUF in sqe->ioprio and @buf_index in
 * sqe->buf_index (stored in 16 bits): the data lies in buffer @buf_index of those registered
 * with io_uring_register_buffers(). @buf and @len must fall inside that buffer, though not
 * necessarily at its start. The pages are already pinned, which saves work on every send.
 *
 * Return: nothing. The first completion's res is the number of bytes sent, or a negative
 * errno; a notification CQE with IORING_CQE_F_NOTIF follows when the first has
 * IORING_CQE_F_MORE.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or @buf and @len stray outside it.
 *
 * The errors of io_uring_prep_send_zc() apply as
 * well, -EOPNOTSUPP, -EINVAL, -EPIPE, -ECONNRESET, -ENOTSOCK and -EBADF among them.
 *
 * Notes: available since Linux 6.0. Do not modify the buffer before the notification.
 *
 * See also: io_uring_prep_send_zc(3), io_uring_register_buffers(3),
 * io_uring_prep_sendmsg_zc_fixed(3)
 */
IOURINGINLINE void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe, int sockfd,
					       const void *buf, size_t len, int flags,
					       unsigned int zc_flags,
					       unsigned int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_FIXED_BUF;
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a request that sends a message on a socket
 *
 * Fill @sqe with an IORING_OP_SENDMSG request, the io_uring form of sendmsg(2): send on the
 * socket @fd the message described by @msg (destination in msg_name, data in the msg_iov
 * vectors, ancillary data in msg_control), with the sendmsg(2) MSG_* flags in @flags. As for
 * io_uring_prep_send(), MSG_NOSIGNAL is implied and IORING_RECVSEND_POLL_FIRST may be or-ed
 * into sqe->ioprio.
 *
 * Return: nothing. The completion's res is the number of bytes sent, or a negative errno.
 *
 * Errors:
 * -EPIPE: the connection is closed for writing.
 * -ECONNRESET: the peer reset the connection.
 * -EMSGSIZE: the message is too big for the socket, or msg_iovlen is too large.
 * -EINVAL: a field of @msg is invalid (a negative length, bad ancillary data).
 * -EFAULT: @msg or a buffer it points to is outside the caller's address space.
 * -EAGAIN: MSG_DONTWAIT was given and the socket had no room.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @fd does not refer to a socket.
 *
 * Notes: IORING_OP_SENDMSG is available since Linux 5.3. The kernel copies @msg and its iovec
 * array when the request is submitted (on Linux 5.5 and later), but the data buffers are read
 * when the send runs and must stay valid until the completion. One request sends at most
 * INT_MAX bytes.
 *
 * See also: io_uring_prep_sendmsg_zc(3), io_uring_prep_send(3), io_uring_prep_recvmsg(3),
 * sendmsg(2)
 */
IOURINGINLINE void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd,
					 const struct msghdr *msg,
					 unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SENDMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/**
 * prepare a zero-copy sendmsg request
 *
 * Fill @sqe like io_uring_prep_sendmsg() (@fd, @msg and @flags have the same meaning) but with
 * the opcode IORING_OP_SENDMSG_ZC: the data of the msg_iov vectors is sent from the caller's
 * pages without a copy. IORING_SEND_ZC_REPORT_USAGE and IORING_RECVSEND_POLL_FIRST may be or-ed
 * into sqe->ioprio afterwards.
 *
 * As for io_uring_prep_send_zc(), the request normally posts two CQEs: the result of the send,
 * with IORING_CQE_F_MORE when a notification follows, then the notification with
 * IORING_CQE_F_NOTIF once the buffers may be reused.
 *
 * Return: nothing. The first completion's res is the number of bytes sent, or a negative
 * errno; the notification's res is 0 or a usage report.
 *
 * Errors:
 * -ENOMEM: the pages could not be pinned (RLIMIT_MEMLOCK), or the kernel ran out of memory.
 * -EOPNOTSUPP: the socket does not support zero-copy sending.
 *
 * The errors of io_uring_prep_sendmsg() apply as
 * well, -EPIPE, -ECONNRESET, -EMSGSIZE, -EINVAL, -EFAULT, -ENOTSOCK and -EBADF among them.
 *
 * Notes: IORING_OP_SENDMSG_ZC is available since Linux 6.1. The data buffers must stay
 * unchanged until the notification; @msg itself is copied at submission.
 *
 * See also: io_uring_prep_sendmsg(3), io_uring_prep_sendmsg_zc_fixed(3),
 * io_uring_prep_send_zc(3), sendmsg(2)
 */
IOURINGINLINE void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd,
					    const struct msghdr *msg,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_sendmsg(sqe, fd, msg, flags);
	sqe->opcode = (__u8) IORING_OP_SENDMSG_ZC;
}

/**
 * prepare a zero-copy sendmsg from a registered buffer
 *
 * Fill @sqe like io_uring_prep_sendmsg_zc() (@fd, @msg and @flags have the same meaning), and
 * also set IORING_RECVSEND_FIXED_BUF in sqe->ioprio and @buf_index in sqe->buf_index (stored in
 * 16 bits): every msg_iov vector of @msg must point inside buffer @buf_index of those
 * registered with io_uring_register_buffers(), whose pages are already pinned.
 *
 * Return: nothing. The first completion's res is the number of bytes sent, or a negative
 * errno; a notification CQE with IORING_CQE_F_NOTIF follows when the first has
 * IORING_CQE_F_MORE.
 *
 * Errors:
 * -EFAULT: @buf_index is not a registered buffer, or a vector strays outside it.
 * -EINVAL: the kernel does not accept registered buffers on this opcode.
 *
 * The errors of io_uring_prep_sendmsg_zc() apply as
 * well, -EOPNOTSUPP, -EPIPE, -ECONNRESET, -ENOTSOCK and -EBADF among them.
 *
 * Notes: registered buffers with IORING_OP_SENDMSG_ZC are available since Linux 6.15.
 *
 * See also: io_uring_prep_sendmsg_zc(3), io_uring_prep_send_zc_fixed(3),
 * io_uring_register_buffers(3)
 */
IOURINGINLINE void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe, int fd,
						  const struct msghdr *msg, unsigned int flags,
						  unsigned int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_sendmsg_zc(sqe, fd, msg, flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_FIXED_BUF;
	sqe->buf_index = (__u16) buf_index;
}

/**
 * prepare a request that receives data from a socket
 *
 * Fill @sqe with an IORING_OP_RECV request, the io_uring form of recv(2): receive up to @len
 * bytes from the socket @sockfd into @buf, with the recv(2) MSG_* flags in @flags. @len is
 * stored in 32 bits, and one request receives at most INT_MAX bytes.
 *
 * io_uring flags may be or-ed into sqe->ioprio afterwards: IORING_RECVSEND_POLL_FIRST skips
 * the first attempt and waits for data, which saves a try on sockets that are usually empty;
 * IORING_RECVSEND_BUNDLE fills several provided buffers in one go (see below). When data is
 * still queued after the receive, the CQE has IORING_CQE_F_SOCK_NONEMPTY in its flags.
 *
 * With IOSQE_BUFFER_SELECT in sqe->flags and a group in sqe->buf_group, @buf is ignored: the
 * kernel picks a buffer of the group when data arrives and reports its ID in the CQE's flags
 * (IORING_CQE_F_BUFFER, then flags >> IORING_CQE_BUFFER_SHIFT). A bundle takes consecutive
 * buffers of a buffer ring, the first one named in the CQE.
 *
 * Return: nothing. The completion's res is the number of bytes received, 0 when the peer has
 * shut the connection down, or a negative errno.
 *
 * Errors:
 * -ENOTCONN: the socket is not connected.
 * -ECONNRESET: the peer reset the connection.
 * -EAGAIN: MSG_DONTWAIT was given and no data was queued.
 * -EFAULT: @buf is outside the caller's address space.
 * -ENOBUFS: IOSQE_BUFFER_SELECT was set and the group had no buffer.
 * -EINVAL: sqe->ioprio holds a flag the kernel does not know.
 * -EBADF: @sockfd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @sockfd does not refer to a socket.
 *
 * Notes: IORING_OP_RECV is available since Linux 5.6; IORING_RECVSEND_POLL_FIRST and
 * IORING_CQE_F_SOCK_NONEMPTY since Linux 5.19, bundles since Linux 6.10. @buf is written while
 * the request runs and must stay valid until the completion.
 *
 * See also: io_uring_prep_recv_multishot(3), io_uring_prep_recvmsg(3), io_uring_prep_send(3),
 * io_uring_setup_buf_ring(3), recv(2)
 */
IOURINGINLINE void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd, void *buf,
				      size_t len, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RECV, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
}

/**
 * prepare a receive request that stays armed and uses provided buffers
 *
 * Fill @sqe like io_uring_prep_recv() and set IORING_RECV_MULTISHOT in sqe->ioprio: one
 * submission keeps receiving from the socket @sockfd, posting a CQE each time data arrives.
 * Each CQE uses a new buffer of the provided buffer group, so IOSQE_BUFFER_SELECT must be set in
 * sqe->flags and the group in sqe->buf_group; @buf is not used (pass NULL). @flags are recv(2)
 * flags, without MSG_WAITALL.
 *
 * A CQE with IORING_CQE_F_MORE in its flags means the request is still armed. The first CQE
 * without it ends the request: its res is an error, 0 at end of stream, or -ENOBUFS when the
 * group ran out of buffers; submit a new request to go on. Check the flags of every CQE, even
 * an error.
 *
 * @len 0 lets each completion take as much as a buffer holds. A positive @len limits each
 * completion to that many bytes, which keeps many busy sockets fair to each other; kernels
 * that do not support the limit refuse a non-zero @len with -EINVAL.
 *
 * Return: nothing. Each completion's res is the number of bytes placed in the buffer named in
 * its flags, 0 at end of stream, or a negative errno in the final completion.
 *
 * Errors:
 * -EINVAL: IOSQE_BUFFER_SELECT is not set, @flags contains MSG_WAITALL, @len is not accepted,
 * or the kernel is older than Linux 6.0.
 * -ENOBUFS: the buffer group is empty; the request ends until buffers are given back.
 *
 * The errors of io_uring_prep_recv() apply as well, -ECONNRESET, -ENOTCONN, -ENOTSOCK and -EBADF
 * among them.
 *
 * Notes: available since Linux 6.0. Combined with IORING_RECVSEND_BUNDLE (Linux 6.10), a
 * completion may cover several consecutive buffers of a buffer ring.
 *
 * See also: io_uring_prep_recv(3), io_uring_prep_recvmsg_multishot(3),
 * io_uring_setup_buf_ring(3), io_uring_sqe_set_buf_group(3), io_uring_prep_cancel(3)
 */
IOURINGINLINE void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe, int sockfd,
						void *buf, size_t len,
						int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_recv(sqe, sockfd, buf, len, flags);
	sqe->ioprio |= (__u16) IORING_RECV_MULTISHOT;
}

/**
 * prepare a request that receives a message from a socket
 *
 * Fill @sqe with an IORING_OP_RECVMSG request, the io_uring form of recvmsg(2): receive a
 * message from the socket @fd into the buffers described by @msg (sender's address into
 * msg_name, data into the msg_iov vectors, ancillary data into msg_control), with the
 * recvmsg(2) MSG_* flags in @flags. On completion msg_namelen, msg_controllen and msg_flags of
 * @msg are updated as recvmsg(2) would.
 *
 * With IOSQE_BUFFER_SELECT in sqe->flags, the data goes into a buffer of the provided group in
 * sqe->buf_group instead of msg_iov, which may then have at most one entry. IORING_RECV_MULTISHOT
 * turns the request into io_uring_prep_recvmsg_multishot(); IORING_RECVSEND_POLL_FIRST may be
 * or-ed into sqe->ioprio.
 *
 * Return: nothing. The completion's res is the number of data bytes received, 0 when the peer
 * has shut the connection down, or a negative errno.
 *
 * Errors:
 * -EINVAL: a field of @msg is invalid, or msg_iovlen is above 1 with IOSQE_BUFFER_SELECT.
 * -EMSGSIZE: msg_iovlen is too large.
 * -EFAULT: @msg or a buffer it points to is outside the caller's address space.
 *
 * The errors of io_uring_prep_recv() apply as
 * well, -ENOTCONN, -ECONNRESET, -EAGAIN, -ENOBUFS, -ENOTSOCK and -EBADF among them.
 *
 * Notes: IORING_OP_RECVMSG is available since Linux 5.3. The kernel writes back into @msg and
 * the buffers it points to when the message arrives: all must stay valid until the completion.
 * One request receives at most INT_MAX bytes.
 *
 * See also: io_uring_prep_recvmsg_multishot(3), io_uring_prep_recv(3), io_uring_prep_sendmsg(3),
 * recvmsg(2)
 */
IOURINGINLINE void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd, struct msghdr *msg,
					 unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RECVMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/**
 * prepare a recvmsg request that stays armed and uses provided buffers
 *
 * Fill @sqe like io_uring_prep_recvmsg() and set IORING_RECV_MULTISHOT in sqe->ioprio: one
 * submission keeps receiving messages from the socket @fd, one CQE per message, each message
 * in a new buffer of the provided group. IOSQE_BUFFER_SELECT must be set in sqe->flags and the
 * group in sqe->buf_group; @flags are recvmsg(2) flags, without MSG_WAITALL.
 *
 * @msg is used only for the sizes of its msg_namelen and msg_controllen fields; leave msg_iov
 * empty. Every buffer is laid out as a struct io_uring_recvmsg_out header (with the real name,
 * control and payload lengths and the message flags), then an area of msg_namelen bytes for
 * the source address, an area of msg_controllen bytes for the ancillary data, then the
 * payload. io_uring_recvmsg_validate(), io_uring_recvmsg_name(),
 * io_uring_recvmsg_cmsg_firsthdr(), io_uring_recvmsg_payload() and their siblings find the
 * parts. A buffer too small for the header and both areas fails the request with -EFAULT.
 *
 * As with io_uring_prep_recv_multishot(), IORING_CQE_F_MORE marks the completions after which
 * the request stays armed.
 *
 * Return: nothing. Each completion's res is the number of bytes used in its buffer (header,
 * areas and payload together), or a negative errno in the final completion.
 *
 * Errors:
 * -EINVAL: IOSQE_BUFFER_SELECT is not set, @flags contains MSG_WAITALL, or the kernel is older
 * than Linux 6.0.
 * -EFAULT: a provided buffer cannot hold the header, name and control areas.
 * -ENOBUFS: the buffer group is empty; the request ends until buffers are given back.
 *
 * The errors of io_uring_prep_recv() apply as well, -ECONNRESET, -ENOTSOCK and -EBADF among them.
 *
 * Notes: available since Linux 6.0. Keep @msg unchanged while the request is armed: the
 * parsing helpers need the same sizes the kernel used.
 *
 * See also: io_uring_recvmsg_validate(3), io_uring_recvmsg_payload(3),
 * io_uring_prep_recvmsg(3), io_uring_prep_recv_multishot(3), io_uring_setup_buf_ring(3)
 */
IOURINGINLINE void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe, int fd,
						   struct msghdr *msg,
						   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_recvmsg(sqe, fd, msg, flags);
	sqe->ioprio |= (__u16) IORING_RECV_MULTISHOT;
}

/**
 * prepare a request that creates a socket
 *
 * Fill @sqe with an IORING_OP_SOCKET request, the io_uring form of socket(2): create a socket
 * of the communication @domain (AF_INET, AF_UNIX, ...) and @type (SOCK_STREAM, SOCK_DGRAM,
 * ..., optionally or-ed with SOCK_NONBLOCK and SOCK_CLOEXEC) using @protocol (0 for the
 * default of the type). @flags is reserved and must be 0; it is stored in sqe->rw_flags.
 *
 * Return: nothing. The completion's res is the new file descriptor, or a negative errno.
 *
 * Errors:
 * -EAFNOSUPPORT: @domain is not supported.
 * -EPROTONOSUPPORT: @protocol is not supported in @domain, or @type does not go with it.
 * -EINVAL: @type holds unknown flags, or @flags is not 0.
 * -EACCES: the process may not create such a socket.
 * -EMFILE: the process has as many open file descriptors as its limit allows.
 * -ENFILE: the system-wide limit on open files was reached.
 * -ENOMEM: the kernel ran out of memory.
 *
 * Notes: IORING_OP_SOCKET is available since Linux 5.19.
 *
 * See also: io_uring_prep_socket_direct(3), io_uring_prep_socket_direct_alloc(3),
 * io_uring_prep_connect(3), io_uring_prep_bind(3), socket(2)
 */
IOURINGINLINE void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain, int type,
					int protocol, unsigned int flags) LIBURING_NOEXCEPT
{
	/* type goes in off sign-extended, protocol in len. */
	io_uring_prep_rw(IORING_OP_SOCKET, sqe, domain, NULL, (unsigned) protocol, (__u64) type);
	sqe->rw_flags = (int) flags;
}

/**
 * prepare a request that creates a socket as a direct descriptor
 *
 * Fill @sqe like io_uring_prep_socket() (@domain, @type, @protocol and @flags have the same
 * meaning), but place the new socket in slot @file_index of the ring's registered file table
 * instead of giving it a file descriptor. A file already in that slot is closed and replaced.
 * With IORING_FILE_INDEX_ALLOC the kernel picks a free slot and reports it, as
 * io_uring_prep_socket_direct_alloc() does. The helper stores @file_index + 1 in
 * sqe->file_index (0 there means a normal descriptor); IORING_FILE_INDEX_ALLOC is stored as it
 * is.
 *
 * Later requests use the socket as @file_index with IOSQE_FIXED_FILE; it can be set up with
 * io_uring_prep_bind(), io_uring_prep_listen() or io_uring_prep_connect() without ever being a
 * regular descriptor.
 *
 * Return: nothing. The completion's res is 0 when a given slot was filled, the chosen slot with
 * IORING_FILE_INDEX_ALLOC, or a negative errno.
 *
 * Errors:
 * -ENXIO: the ring has no registered file table.
 * -EINVAL: @file_index is past the end of the table, or @type contains SOCK_CLOEXEC.
 * -ENFILE: IORING_FILE_INDEX_ALLOC was used and no slot is free.
 *
 * The errors of io_uring_prep_socket() apply as well, -EAFNOSUPPORT and -EPROTONOSUPPORT among
 * them.
 *
 * Notes: available since Linux 5.19.
 *
 * See also: io_uring_prep_socket(3), io_uring_prep_socket_direct_alloc(3),
 * io_uring_register_files(3), io_uring_prep_close_direct(3)
 */
IOURINGINLINE void io_uring_prep_socket_direct(struct io_uring_sqe *sqe, int domain, int type,
					       int protocol, unsigned int file_index,
					       unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	/* Slots are stored + 1 (0 means none), but IORING_FILE_INDEX_ALLOC is stored as is. */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/**
 * prepare a request that creates a socket in a free direct slot
 *
 * Fill @sqe like io_uring_prep_socket() (@domain, @type, @protocol and @flags have the same
 * meaning), but place the new socket in a free slot of the ring's registered file table, chosen
 * by the kernel: sqe->file_index is set to IORING_FILE_INDEX_ALLOC. This is
 * io_uring_prep_socket_direct() with IORING_FILE_INDEX_ALLOC as the slot.
 *
 * Return: nothing. The completion's res is the slot that now holds the socket, or a negative
 * errno.
 *
 * Errors:
 * -ENXIO: the ring has no registered file table.
 * -ENFILE: no slot is free.
 * -EINVAL: @type contains SOCK_CLOEXEC.
 *
 * The errors of io_uring_prep_socket() apply as well, -EAFNOSUPPORT and -EPROTONOSUPPORT among
 * them.
 *
 * Notes: available since Linux 5.19. io_uring_register_file_alloc_range() limits the slots the
 * kernel chooses from.
 *
 * See also: io_uring_prep_socket_direct(3), io_uring_prep_socket(3),
 * io_uring_register_files_sparse(3), io_uring_register_file_alloc_range(3)
 */
IOURINGINLINE void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe, int domain,
						     int type, int protocol,
						     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	/* Unlike a real slot, IORING_FILE_INDEX_ALLOC is stored as is (not + 1). */
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
}

/**
 * prepare a request that shuts down part of a socket connection
 *
 * Fill @sqe with an IORING_OP_SHUTDOWN request, the io_uring form of shutdown(2): stop
 * receiving (@how SHUT_RD), sending (SHUT_WR) or both (SHUT_RDWR) on the socket @fd. The value
 * of @how is stored in sqe->len.
 *
 * Return: nothing. The completion's res is 0, or a negative errno.
 *
 * Errors:
 * -ENOTCONN: the socket is not connected.
 * -EINVAL: @how is not one of the three values.
 * -EBADF: @fd is not an open file descriptor (or not a valid registered index).
 * -ENOTSOCK: @fd does not refer to a socket.
 *
 * Notes: IORING_OP_SHUTDOWN is available since Linux 5.11.
 *
 * See also: io_uring_prep_close(3), io_uring_prep_send(3), shutdown(2)
 */
IOURINGINLINE void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd,
					  int how) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SHUTDOWN, sqe, fd, NULL, (unsigned) how, 0);
}

/**
 * check a multishot recvmsg buffer and return its header
 *
 * Check that the buffer @buf, filled by an io_uring_prep_recvmsg_multishot() request, is big
 * enough for what the request's @msgh asked for: the struct io_uring_recvmsg_out header, an area
 * of msgh->msg_namelen bytes and one of msgh->msg_controllen bytes. @buf_len is the res of the
 * completion that delivered the buffer (the buffer itself is found from the buffer ID in the
 * CQE's flags). @msgh must be the msghdr the request was prepared with.
 *
 * The sizes are compared one at a time with what is left of the buffer, so that large values
 * cannot overflow the sum. The header's own fields are not looked at.
 *
 * Return: @buf, as a pointer to its struct io_uring_recvmsg_out header, when it is big enough;
 * NULL when @buf_len is negative (an error completion) or too small.
 *
 * Notes: the header gives the real lengths of the name (namelen), of the ancillary data
 * (controllen) and of the payload (payloadlen), and the recvmsg(2) msg_flags (flags); MSG_TRUNC
 * or MSG_CTRUNC there mean that a part did not fit.
 *
 * See also: io_uring_prep_recvmsg_multishot(3), io_uring_recvmsg_name(3),
 * io_uring_recvmsg_cmsg_firsthdr(3), io_uring_recvmsg_payload(3),
 * io_uring_recvmsg_payload_length(3)
 */
IOURINGINLINE struct io_uring_recvmsg_out *io_uring_recvmsg_validate(void *buf, int buf_len,
								     struct msghdr *msgh)
	LIBURING_NOEXCEPT
{
	const __u64 hdr = sizeof(struct io_uring_recvmsg_out);
	__u64 namelen = msgh->msg_namelen;
	__u64 controllen = msgh->msg_controllen;
	__u64 room;

	if (buf_len < 0 || (__u64) buf_len < hdr)
		return NULL;
	/* Each part is compared with what is left, so that no sum can overflow. */
	room = (__u64) buf_len - hdr;
	if (namelen > room || controllen > room - namelen)
		return NULL;
	return (struct io_uring_recvmsg_out *) buf;
}

/**
 * return the source address area of a multishot recvmsg buffer
 *
 * Return the start of the name area of the multishot recvmsg buffer whose header is @o (as
 * returned by io_uring_recvmsg_validate()): the area right after the header, where the kernel
 * stores the address of the sender. The area is msg_namelen bytes long, as given in the
 * request's msghdr; o->namelen is the real length of the address, which may exceed the area if
 * the address was cut.
 *
 * Return: a pointer to the name area. It is never NULL and is computed without any check;
 * when msg_namelen was 0 it points where the next area starts.
 *
 * See also: io_uring_recvmsg_validate(3), io_uring_recvmsg_cmsg_firsthdr(3),
 * io_uring_recvmsg_payload(3), io_uring_prep_recvmsg_multishot(3)
 */
IOURINGINLINE void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o) LIBURING_NOEXCEPT
{
	return (void *) (o + 1);
}

/**
 * return the first control message of a multishot recvmsg buffer
 *
 * Return the first ancillary data header of the multishot recvmsg buffer whose header is @o,
 * received by a request prepared with the msghdr @msgh. The control area follows the name area
 * of msgh->msg_namelen bytes.
 *
 * Return: a pointer to the first struct cmsghdr, or NULL when the kernel stored no control data
 * (o->controllen is smaller than a header) or the request had no room for one
 * (msgh->msg_controllen is smaller than a header).
 *
 * Notes: unlike liburing's, this version also checks msgh->msg_controllen, since the kernel
 * never writes more control data than that area holds. The control area starts right after the
 * name area, so in an aligned buffer its headers are only aligned if msgh->msg_namelen is a
 * multiple of sizeof(size_t) (sizeof(struct sockaddr_storage) is); with another msg_namelen,
 * copy a header out with memcpy(3) before reading its fields.
 *
 * See also: io_uring_recvmsg_cmsg_nexthdr(3), io_uring_recvmsg_validate(3),
 * io_uring_recvmsg_name(3), cmsg(3)
 */
IOURINGINLINE struct cmsghdr *io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o,
							     struct msghdr *msgh) LIBURING_NOEXCEPT
{
	if (o->controllen < sizeof(struct cmsghdr) ||
	    msgh->msg_controllen < sizeof(struct cmsghdr))
		return NULL;
	return (struct cmsghdr *) ((unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen);
}

/**
 * return the control message that follows another in a multishot buffer
 *
 * Return the ancillary data header that follows @cmsg in the control area of the multishot
 * recvmsg buffer whose header is @o, received by a request prepared with the msghdr @msgh.
 * @cmsg is a header returned by io_uring_recvmsg_cmsg_firsthdr() or by an earlier call.
 *
 * The control area is taken as the smaller of o->controllen and msgh->msg_controllen bytes,
 * starting after the name area. Lengths are never added to addresses: each is compared with
 * what is left of the area, and cmsg_len fields are read with byte copies, so misaligned
 * headers and corrupt lengths are handled safely.
 *
 * Return: a pointer to the next struct cmsghdr, or NULL at the end of the control data: when
 * @cmsg lies outside the area, when its cmsg_len is smaller than a header or runs past the
 * area, when no full header fits after it, or when the next message would run past the area.
 *
 * Notes: the liburing version trusts o->controllen, does not check that @cmsg lies in the area,
 * and adds cmsg_len to the pointer, so a huge length can wrap around and make it read outside
 * the buffer; this one cannot. Loop with io_uring_recvmsg_cmsg_firsthdr() and this function
 * until NULL, as with CMSG_FIRSTHDR() and CMSG_NXTHDR() (see cmsg(3)).
 *
 * See also: io_uring_recvmsg_cmsg_firsthdr(3), io_uring_recvmsg_validate(3),
 * io_uring_prep_recvmsg_multishot(3), cmsg(3)
 */
IOURINGINLINE struct cmsghdr *io_uring_recvmsg_cmsg_nexthdr(struct io_uring_recvmsg_out *o,
							    struct msghdr *msgh,
							    struct cmsghdr *cmsg) LIBURING_NOEXCEPT
{
	/* Control messages start on size_t boundaries. */
	const size_t align_mask = sizeof(size_t) - 1;
	const size_t hdr = sizeof(struct cmsghdr);
	uintptr_t start = (uintptr_t) io_uring_recvmsg_name(o) + msgh->msg_namelen;
	size_t size = o->controllen < msgh->msg_controllen ? o->controllen : msgh->msg_controllen;
	uintptr_t at = (uintptr_t) cmsg;
	__typeof__(cmsg->cmsg_len) raw;
	size_t left, len, step;

	if (at < start || at - start >= size)
		return NULL;
	left = size - (at - start);
	if (left < hdr)
		return NULL;
	/* The area follows a name of any length (msg_namelen): headers may be misaligned. */
	__builtin_memcpy(&raw, (const char *) cmsg + __builtin_offsetof(struct cmsghdr, cmsg_len),
			 sizeof(raw));
	len = raw;
	if (len < hdr || len > left || ((len + align_mask) & ~align_mask) > left - hdr)
		return NULL;
	step = (len + align_mask) & ~align_mask;
	left -= step;
	/* the next header lies inside the area: its message must too */
	__builtin_memcpy(&raw, (const char *) (at + step) +
			 __builtin_offsetof(struct cmsghdr, cmsg_len), sizeof(raw));
	len = raw;
	if (len > left || ((len + align_mask) & ~align_mask) > left)
		return NULL;
	return (struct cmsghdr *) (at + step);
}

/**
 * return the payload of a multishot recvmsg buffer
 *
 * Return the start of the data received in the multishot recvmsg buffer whose header is @o:
 * the bytes after the header, the name area of msgh->msg_namelen bytes and the control area of
 * msgh->msg_controllen bytes, where @msgh is the msghdr the request was prepared with. The
 * areas keep their full sizes whatever the real name and control lengths were.
 *
 * Return: a pointer to the payload. It is never NULL and is computed without any check; use
 * io_uring_recvmsg_payload_length() for the number of bytes there.
 *
 * See also: io_uring_recvmsg_payload_length(3), io_uring_recvmsg_validate(3),
 * io_uring_prep_recvmsg_multishot(3)
 */
IOURINGINLINE void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o,
					     struct msghdr *msgh) LIBURING_NOEXCEPT
{
	return (void *) ((unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen +
			 msgh->msg_controllen);
}

/**
 * return how many payload bytes a multishot recvmsg buffer holds
 *
 * Compute how many payload bytes the multishot recvmsg buffer whose header is @o holds: the
 * distance from io_uring_recvmsg_payload() (with the request's msghdr @msgh) to the end of the
 * buffer, which is @buf_len bytes from @o. @buf_len is the res of the completion.
 *
 * Return: the number of payload bytes in the buffer, or 0 when @buf_len is negative or the
 * buffer ends before the payload would start.
 *
 * Notes: o->payloadlen is the length of the message as sent, which can be larger than the value
 * returned here when the buffer was too small; MSG_TRUNC is then set in o->flags.
 *
 * See also: io_uring_recvmsg_payload(3), io_uring_recvmsg_validate(3),
 * io_uring_prep_recvmsg_multishot(3)
 */
IOURINGINLINE unsigned int io_uring_recvmsg_payload_length(struct io_uring_recvmsg_out *o,
							   int buf_len,
							   struct msghdr *msgh) LIBURING_NOEXCEPT
{
	uintptr_t start, end;

	if (buf_len < 0)
		return 0;
	start = (uintptr_t) io_uring_recvmsg_payload(o, msgh);
	end = (uintptr_t) o + (size_t) buf_len;
	if (start >= end)
		return 0;
	return (unsigned int) (end - start);
}
