/* SPDX-License-Identifier: MIT */
/*
 * io_uring query interface (IORING_REGISTER_QUERY): a chain of
 * io_uring_query_hdr records, each naming a query and pointing at the
 * buffer the kernel fills in.
 */
#ifndef LINUX_IO_URING_QUERY_H
#define LINUX_IO_URING_QUERY_H

#include <linux/types.h>

/* One query in the chain */
struct io_uring_query_hdr {
	__u64	next_entry;	/* address of the next header, 0 ends the chain */
	__u64	query_data;	/* address of the result buffer */
	__u32	query_op;	/* IO_URING_QUERY_* */
	__u32	size;		/* size of the result buffer */
	__s32	result;		/* 0 or -errno, set by the kernel */
	__u32	__resv[3];
};

/* io_uring_query_hdr.query_op */
enum {
	IO_URING_QUERY_OPCODES		= 0,
	IO_URING_QUERY_ZCRX		= 1,
	IO_URING_QUERY_SCQ		= 2,

	__IO_URING_QUERY_MAX,
};

/* IO_URING_QUERY_OPCODES result (works without a ring) */
struct io_uring_query_opcode {
	__u32	nr_request_opcodes;	/* count of IORING_OP_* */
	__u32	nr_register_opcodes;	/* count of register opcodes */
	__u64	feature_flags;		/* IORING_FEAT_* known */
	__u64	ring_setup_flags;	/* IORING_SETUP_* known */
	__u64	enter_flags;		/* IORING_ENTER_* known */
	__u64	sqe_flags;		/* IOSQE_* known */
	__u32	nr_query_opcodes;	/* count of IO_URING_QUERY_* */
	__u32	__pad;
};

/* IO_URING_QUERY_ZCRX result */
struct io_uring_query_zcrx {
	__u64	register_flags;		/* ZCRX_REG_* known */
	__u64	area_flags;		/* IORING_ZCRX_AREA_* known */
	__u32	nr_ctrl_opcodes;	/* count of ZCRX_CTRL_* */
	__u32	features;		/* ZCRX_FEATURE_* available */
	__u32	rq_hdr_size;		/* size of the refill ring header */
	__u32	rq_hdr_alignment;	/* its required alignment */
	__u64	__resv2;
};

/* IO_URING_QUERY_SCQ result */
struct io_uring_query_scq {
	__u64	hdr_size;		/* size of the SQ/CQ ring header */
	__u64	hdr_alignment;		/* its required alignment */
};

#endif /* LINUX_IO_URING_QUERY_H */
