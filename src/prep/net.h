/*
 * C twin of src/prep/net.rs: socket requests (socket, bind, listen, accept, connect, send and
 * receive in all their forms, shutdown) and the parsers of a multishot recvmsg buffer.
 */

/* Accept a connection on fd; the peer address goes to addr/addrlen (both may be NULL). */
IOURINGINLINE void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr,
					socklen_t *addrlen, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_ACCEPT, sqe, fd, addr, 0, (unsigned long) addrlen);
	sqe->accept_flags = (__u32) flags;
}

/* Accept a connection into fixed-file slot file_index (IORING_FILE_INDEX_ALLOC: any free one). */
IOURINGINLINE void io_uring_prep_accept_direct(struct io_uring_sqe *sqe, int fd,
					       struct sockaddr *addr, socklen_t *addrlen, int flags,
					       unsigned int file_index) LIBURING_NOEXCEPT
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	/* Slots are stored + 1 (0 means none), but IORING_FILE_INDEX_ALLOC is stored as is. */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/* Accept connections repeatedly, one CQE each, while IORING_CQE_F_MORE says it stays armed. */
IOURINGINLINE void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe, int fd,
						  struct sockaddr *addr, socklen_t *addrlen,
						  int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	sqe->ioprio |= (__u16) IORING_ACCEPT_MULTISHOT;
}

/* Multishot accept into free fixed-file slots; each CQE's res is the slot. */
IOURINGINLINE void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe, int fd,
							 struct sockaddr *addr,
							 socklen_t *addrlen,
							 int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
	/* Unlike a real slot, IORING_FILE_INDEX_ALLOC is stored as is (not + 1). */
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
}

/* Connect socket fd to addr (addrlen bytes). */
IOURINGINLINE void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd,
					 const struct sockaddr *addr,
					 socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

/* Bind socket fd to addr (addrlen bytes). */
IOURINGINLINE void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd,
				      const struct sockaddr *addr,
				      socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_BIND, sqe, fd, addr, 0, addrlen);
}

/* Make socket fd listen, with a queue of backlog pending connections. */
IOURINGINLINE void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd,
					int backlog) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_LISTEN, sqe, fd, NULL, (unsigned) backlog, 0);
}

/* Send len bytes of buf on sockfd with send(2) flags (len is cut to 32 bits). */
IOURINGINLINE void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd, const void *buf,
				      size_t len, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SEND, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
}

/* Send from several provided buffers at once; len 0 means as many as are available. */
IOURINGINLINE void io_uring_prep_send_bundle(struct io_uring_sqe *sqe, int sockfd, size_t len,
					     int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_send(sqe, sockfd, NULL, len, flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_BUNDLE;
}

/* Give a prepared send or send_zc a destination address, as sendto(2) has. */
IOURINGINLINE void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe,
					       const struct sockaddr *dest_addr,
					       __u16 addr_len) LIBURING_NOEXCEPT
{
	sqe->addr2 = (unsigned long) dest_addr;
	sqe->addr_len = addr_len;
}

/* sendto(2): send len bytes of buf to addr (addrlen is cut to 16 bits). */
IOURINGINLINE void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd, const void *buf,
					size_t len, int flags, const struct sockaddr *addr,
					socklen_t addrlen) LIBURING_NOEXCEPT
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, (__u16) addrlen);
}

/* Zero-copy send: a result CQE, then a notification CQE once buf may be reused. */
IOURINGINLINE void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd, const void *buf,
					 size_t len, int flags,
					 unsigned int zc_flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SEND_ZC, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
	sqe->ioprio = (__u16) zc_flags;
}

/* Zero-copy send from registered buffer buf_index (buf points inside it). */
IOURINGINLINE void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe, int sockfd,
					       const void *buf, size_t len, int flags,
					       unsigned int zc_flags,
					       unsigned int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_FIXED_BUF;
	sqe->buf_index = (__u16) buf_index;
}

/* sendmsg(2) on socket fd. */
IOURINGINLINE void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd,
					 const struct msghdr *msg,
					 unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SENDMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/* Zero-copy sendmsg(2): a result CQE, then a notification CQE. */
IOURINGINLINE void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd,
					    const struct msghdr *msg,
					    unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_sendmsg(sqe, fd, msg, flags);
	sqe->opcode = (__u8) IORING_OP_SENDMSG_ZC;
}

/* Zero-copy sendmsg(2) whose iovecs lie in registered buffer buf_index. */
IOURINGINLINE void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe, int fd,
						  const struct msghdr *msg, unsigned int flags,
						  unsigned int buf_index) LIBURING_NOEXCEPT
{
	io_uring_prep_sendmsg_zc(sqe, fd, msg, flags);
	sqe->ioprio |= (__u16) IORING_RECVSEND_FIXED_BUF;
	sqe->buf_index = (__u16) buf_index;
}

/* Receive up to len bytes into buf with recv(2) flags (len is cut to 32 bits). */
IOURINGINLINE void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd, void *buf,
				      size_t len, int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RECV, sqe, sockfd, buf, (__u32) len, 0);
	sqe->msg_flags = (__u32) flags;
}

/* Receive repeatedly into provided buffers, one CQE each, while IORING_CQE_F_MORE is set. */
IOURINGINLINE void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe, int sockfd,
						void *buf, size_t len,
						int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_recv(sqe, sockfd, buf, len, flags);
	sqe->ioprio |= (__u16) IORING_RECV_MULTISHOT;
}

/* recvmsg(2) on socket fd. */
IOURINGINLINE void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd, struct msghdr *msg,
					 unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_RECVMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/* Multishot recvmsg(2) into provided buffers, each parsed with the io_uring_recvmsg_* helpers. */
IOURINGINLINE void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe, int fd,
						   struct msghdr *msg,
						   unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_recvmsg(sqe, fd, msg, flags);
	sqe->ioprio |= (__u16) IORING_RECV_MULTISHOT;
}

/* Create a socket, as socket(2); flags must be 0 for now. */
IOURINGINLINE void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain, int type,
					int protocol, unsigned int flags) LIBURING_NOEXCEPT
{
	/* type goes in off sign-extended, protocol in len. */
	io_uring_prep_rw(IORING_OP_SOCKET, sqe, domain, NULL, (unsigned) protocol, (__u64) type);
	sqe->rw_flags = (int) flags;
}

/* Create a socket in fixed-file slot file_index (IORING_FILE_INDEX_ALLOC: any free one). */
IOURINGINLINE void io_uring_prep_socket_direct(struct io_uring_sqe *sqe, int domain, int type,
					       int protocol, unsigned int file_index,
					       unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	/* Slots are stored + 1 (0 means none), but IORING_FILE_INDEX_ALLOC is stored as is. */
	sqe->file_index = file_index == IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1;
}

/* Create a socket in a free fixed-file slot; the CQE's res is the slot. */
IOURINGINLINE void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe, int domain,
						     int type, int protocol,
						     unsigned int flags) LIBURING_NOEXCEPT
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	/* Unlike a real slot, IORING_FILE_INDEX_ALLOC is stored as is (not + 1). */
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
}

/* shutdown(2) socket fd; how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
IOURINGINLINE void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd,
					  int how) LIBURING_NOEXCEPT
{
	io_uring_prep_rw(IORING_OP_SHUTDOWN, sqe, fd, NULL, (unsigned) how, 0);
}

/*
 * Check that a multishot recvmsg buffer of buf_len bytes holds the header, name and control
 * data msgh asked for; returns buf as the header, or NULL.
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

/* The source address in a multishot recvmsg buffer (right after the header). */
IOURINGINLINE void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o) LIBURING_NOEXCEPT
{
	return (void *) (o + 1);
}

/*
 * The first control message in a multishot recvmsg buffer, or NULL if there is
 * none. The kernel writes at most the request's msg_controllen control bytes,
 * so a larger controllen in the header is not believed (here and in nexthdr).
 */
IOURINGINLINE struct cmsghdr *io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o,
							     struct msghdr *msgh) LIBURING_NOEXCEPT
{
	if (o->controllen < sizeof(struct cmsghdr) ||
	    msgh->msg_controllen < sizeof(struct cmsghdr))
		return NULL;
	return (struct cmsghdr *) ((unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen);
}

/*
 * The control message after cmsg in a multishot recvmsg buffer, or NULL at the
 * end. Unlike liburing's, it never reads outside the control area, whatever
 * the lengths say: they are compared with what is left of the area instead of
 * being added to addresses (a huge cmsg_len would wrap around).
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

/* The payload of a multishot recvmsg buffer (after the header, name and control data). */
IOURINGINLINE void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o,
					     struct msghdr *msgh) LIBURING_NOEXCEPT
{
	return (void *) ((unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen +
			 msgh->msg_controllen);
}

/* How many payload bytes a multishot recvmsg buffer of buf_len bytes (the CQE's res) holds. */
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
