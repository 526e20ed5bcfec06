/* SPDX-License-Identifier: MIT */
/*
 * The header's copies of liburing's inline helpers (../include/liburing.h,
 * static inline), made callable from Rust as twin_c_<name>. The fuzz targets
 * call these and the library's Rust exports of the same name on identical
 * inputs and compare. src/twins.rs declares the same list.
 */
#include <liburing.h>

#define TWIN_VOID(name, params, args) \
	void twin_c_##name params { name args; }
#define TWIN(ret, name, params, args) \
	ret twin_c_##name params { return name args; }

typedef struct io_uring_sqe sqe_t;

/* SQE preparation, of many shapes: the SQE comes first. */
TWIN_VOID(io_uring_prep_nop, (sqe_t *sqe), (sqe))
TWIN_VOID(io_uring_prep_nop128, (sqe_t *sqe), (sqe))
TWIN_VOID(io_uring_prep_uring_cmd128, (sqe_t *sqe, int cmd_op, int fd), (sqe, cmd_op, fd))
TWIN_VOID(io_uring_prep_readv,
	  (sqe_t *sqe, int fd, const struct iovec *iov, unsigned nr, __u64 off),
	  (sqe, fd, iov, nr, off))
TWIN_VOID(io_uring_prep_read_fixed,
	  (sqe_t *sqe, int fd, void *buf, unsigned n, __u64 off, int idx),
	  (sqe, fd, buf, n, off, idx))
TWIN_VOID(io_uring_prep_timeout,
	  (sqe_t *sqe, const struct __kernel_timespec *ts, unsigned count, unsigned flags),
	  (sqe, ts, count, flags))
TWIN_VOID(io_uring_prep_link_timeout,
	  (sqe_t *sqe, const struct __kernel_timespec *ts, unsigned flags), (sqe, ts, flags))
TWIN_VOID(io_uring_prep_accept_direct,
	  (sqe_t *sqe, int fd, struct sockaddr *addr, socklen_t *len, int flags, unsigned idx),
	  (sqe, fd, addr, len, flags, idx))
TWIN_VOID(io_uring_prep_send_zc,
	  (sqe_t *sqe, int fd, const void *buf, size_t len, int flags, unsigned zc_flags),
	  (sqe, fd, buf, len, flags, zc_flags))
TWIN_VOID(io_uring_prep_send_bundle, (sqe_t *sqe, int fd, size_t len, int flags),
	  (sqe, fd, len, flags))
TWIN_VOID(io_uring_prep_sendmsg, (sqe_t *sqe, int fd, const struct msghdr *msg, unsigned flags),
	  (sqe, fd, msg, flags))
TWIN_VOID(io_uring_prep_recv_multishot, (sqe_t *sqe, int fd, void *buf, size_t len, int flags),
	  (sqe, fd, buf, len, flags))
TWIN_VOID(io_uring_prep_recvmsg_multishot,
	  (sqe_t *sqe, int fd, struct msghdr *msg, unsigned flags), (sqe, fd, msg, flags))
TWIN_VOID(io_uring_prep_openat2_direct,
	  (sqe_t *sqe, int dfd, const char *path, const struct open_how *how, unsigned idx),
	  (sqe, dfd, path, how, idx))
TWIN_VOID(io_uring_prep_cmd_sock,
	  (sqe_t *sqe, int op, int fd, int level, int optname, void *optval, int optlen),
	  (sqe, op, fd, level, optname, optval, optlen))
TWIN_VOID(io_uring_prep_cmd_discard, (sqe_t *sqe, int fd, uint64_t off, uint64_t n),
	  (sqe, fd, off, n))
TWIN_VOID(io_uring_prep_msg_ring_cqe_flags,
	  (sqe_t *sqe, int fd, unsigned len, __u64 data, unsigned flags, unsigned cqe_flags),
	  (sqe, fd, len, data, flags, cqe_flags))
TWIN_VOID(io_uring_prep_futex_wait,
	  (sqe_t *sqe, const uint32_t *futex, uint64_t val, uint64_t mask, uint32_t fflags,
	   unsigned flags),
	  (sqe, futex, val, mask, fflags, flags))
TWIN_VOID(io_uring_prep_poll_multishot, (sqe_t *sqe, int fd, unsigned mask), (sqe, fd, mask))
TWIN_VOID(io_uring_prep_poll_update,
	  (sqe_t *sqe, __u64 old_ud, __u64 new_ud, unsigned mask, unsigned flags),
	  (sqe, old_ud, new_ud, mask, flags))
TWIN_VOID(io_uring_prep_splice,
	  (sqe_t *sqe, int fd_in, int64_t off_in, int fd_out, int64_t off_out, unsigned n,
	   unsigned flags),
	  (sqe, fd_in, off_in, fd_out, off_out, n, flags))
TWIN_VOID(io_uring_prep_socket_direct,
	  (sqe_t *sqe, int domain, int type, int protocol, unsigned idx, unsigned flags),
	  (sqe, domain, type, protocol, idx, flags))
TWIN_VOID(io_uring_prep_files_update, (sqe_t *sqe, int *fds, unsigned nr, int off),
	  (sqe, fds, nr, off))
TWIN_VOID(io_uring_prep_fixed_fd_install, (sqe_t *sqe, int fd, unsigned flags),
	  (sqe, fd, flags))
TWIN_VOID(io_uring_prep_cancel64, (sqe_t *sqe, __u64 ud, int flags), (sqe, ud, flags))
TWIN_VOID(io_uring_prep_waitid,
	  (sqe_t *sqe, idtype_t idtype, id_t id, siginfo_t *infop, int options, unsigned flags),
	  (sqe, idtype, id, infop, options, flags))
TWIN_VOID(io_uring_prep_fadvise64, (sqe_t *sqe, int fd, __u64 off, off_t len, int advice),
	  (sqe, fd, off, len, advice))
TWIN_VOID(io_uring_prep_sync_file_range,
	  (sqe_t *sqe, int fd, unsigned len, __u64 off, int flags), (sqe, fd, len, off, flags))
TWIN_VOID(io_uring_prep_epoll_wait,
	  (sqe_t *sqe, int fd, struct epoll_event *ev, int maxevents, unsigned flags),
	  (sqe, fd, ev, maxevents, flags))
TWIN_VOID(io_uring_sqe_set_flags, (sqe_t *sqe, unsigned flags), (sqe, flags))
TWIN_VOID(io_uring_sqe_set_data64, (sqe_t *sqe, __u64 data), (sqe, data))
TWIN_VOID(io_uring_sqe_set_buf_group, (sqe_t *sqe, int bgid), (sqe, bgid))

/* The SQ and CQ rings. */
TWIN(sqe_t *, io_uring_get_sqe, (struct io_uring *ring), (ring))
TWIN(sqe_t *, io_uring_get_sqe128, (struct io_uring *ring), (ring))
TWIN(unsigned, io_uring_sq_ready, (const struct io_uring *ring), (ring))
TWIN(unsigned, io_uring_sq_space_left, (const struct io_uring *ring), (ring))
TWIN(int, io_uring_sqring_wait, (struct io_uring *ring), (ring))
TWIN(unsigned, io_uring_cq_ready, (const struct io_uring *ring), (ring))
TWIN(bool, io_uring_cq_has_overflow, (const struct io_uring *ring), (ring))
TWIN(int, io_uring_cq_eventfd_toggle, (struct io_uring *ring, bool on), (ring, on))
TWIN_VOID(io_uring_cq_advance, (struct io_uring *ring, unsigned nr), (ring, nr))
TWIN_VOID(io_uring_cqe_seen, (struct io_uring *ring, struct io_uring_cqe *cqe), (ring, cqe))
TWIN(struct io_uring_cqe_iter, io_uring_cqe_iter_init, (const struct io_uring *ring), (ring))
TWIN(bool, io_uring_cqe_iter_next, (struct io_uring_cqe_iter *it, struct io_uring_cqe **cqe),
     (it, cqe))
TWIN(int, __io_uring_peek_cqe,
     (struct io_uring *ring, struct io_uring_cqe **cqe, unsigned *nr_available),
     (ring, cqe, nr_available))
TWIN(int, io_uring_peek_cqe, (struct io_uring *ring, struct io_uring_cqe **cqe), (ring, cqe))
TWIN(int, io_uring_wait_cqe_nr, (struct io_uring *ring, struct io_uring_cqe **cqe, unsigned nr),
     (ring, cqe, nr))

/* Provided-buffer rings. */
TWIN_VOID(io_uring_buf_ring_init, (struct io_uring_buf_ring *br), (br))
TWIN_VOID(io_uring_buf_ring_add,
	  (struct io_uring_buf_ring *br, void *addr, unsigned len, unsigned short bid, int mask,
	   int offset),
	  (br, addr, len, bid, mask, offset))
TWIN_VOID(io_uring_buf_ring_advance, (struct io_uring_buf_ring *br, int count), (br, count))
TWIN_VOID(io_uring_buf_ring_cq_advance,
	  (struct io_uring *ring, struct io_uring_buf_ring *br, int count), (ring, br, count))

/* Parsing a multishot recvmsg buffer. */
TWIN(struct io_uring_recvmsg_out *, io_uring_recvmsg_validate,
     (void *buf, int len, struct msghdr *msgh), (buf, len, msgh))
TWIN(void *, io_uring_recvmsg_name, (struct io_uring_recvmsg_out *o), (o))
TWIN(struct cmsghdr *, io_uring_recvmsg_cmsg_firsthdr,
     (struct io_uring_recvmsg_out *o, struct msghdr *msgh), (o, msgh))
TWIN(struct cmsghdr *, io_uring_recvmsg_cmsg_nexthdr,
     (struct io_uring_recvmsg_out *o, struct msghdr *msgh, struct cmsghdr *cmsg),
     (o, msgh, cmsg))
TWIN(void *, io_uring_recvmsg_payload, (struct io_uring_recvmsg_out *o, struct msghdr *msgh),
     (o, msgh))
TWIN(unsigned, io_uring_recvmsg_payload_length,
     (struct io_uring_recvmsg_out *o, int len, struct msghdr *msgh), (o, len, msgh))
