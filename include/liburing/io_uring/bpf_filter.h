/* SPDX-License-Identifier: MIT */
/*
 * io_uring BPF request filters (IORING_REGISTER_BPF_FILTER).
 */
#ifndef LINUX_IO_URING_BPF_FILTER_H
#define LINUX_IO_URING_BPF_FILTER_H

#include <linux/types.h>

/* Context a filter program runs on: the request being checked */
struct io_uring_bpf_ctx {
	__u64	user_data;
	__u8	opcode;
	__u8	sqe_flags;
	__u8	pdu_size;	/* bytes of opcode-specific data below */
	__u8	pad[5];
	union {
		struct {		/* IORING_OP_SOCKET */
			__u32	family;
			__u32	type;
			__u32	protocol;
		} socket;
		struct {		/* IORING_OP_OPENAT / OPENAT2 */
			__u64	flags;
			__u64	mode;
			__u64	resolve;
		} open;
	};
};

/* io_uring_bpf_filter.flags */
enum {
	/* deny every opcode that has no filter yet */
	IO_URING_BPF_FILTER_DENY_REST	= 1,
	/* fail registration if pdu_size differs from the kernel's */
	IO_URING_BPF_FILTER_SZ_STRICT	= 2,
};

struct io_uring_bpf_filter {
	__u32	opcode;		/* IORING_OP_* the filter applies to */
	__u32	flags;		/* IO_URING_BPF_FILTER_* */
	__u32	filter_len;	/* number of BPF instructions */
	__u8	pdu_size;	/* expected size of the per-opcode data */
	__u8	resv[3];
	__u64	filter_ptr;	/* address of the instructions */
	__u64	resv2[5];
};

/* io_uring_bpf.cmd_type */
enum {
	IO_URING_BPF_CMD_FILTER	= 1,
};

/* IORING_REGISTER_BPF_FILTER argument */
struct io_uring_bpf {
	__u16	cmd_type;	/* IO_URING_BPF_CMD_* */
	__u16	cmd_flags;
	__u32	resv;
	union {
		struct io_uring_bpf_filter	filter;
	};
};

#endif /* LINUX_IO_URING_BPF_FILTER_H */
