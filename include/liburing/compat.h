/* SPDX-License-Identifier: MIT */
/*
 * Kernel UAPI definitions that liburing.h and liburing/io_uring.h need
 * but that older kernel headers may lack.  Modern headers are used when
 * present; a minimal stand-in is provided otherwise.
 */
#ifndef LIBURING_COMPAT_H
#define LIBURING_COMPAT_H

/*
 * struct __kernel_timespec.  The "..." spelling of __has_include is used
 * on purpose: GCC before 10 mishandles the <...> form here.
 */
#if defined(__has_include)
#if __has_include("linux/time_types.h")
#include <linux/time_types.h>
#else
struct __kernel_timespec {
	long long	tv_sec;
	long long	tv_nsec;
};
#endif
#else
#include <linux/time_types.h>
#endif

/* __kernel_timespec is settled above: io_uring.h must not include it again */
#define UAPI_LINUX_IO_URING_H_SKIP_LINUX_TIME_TYPES_H 1

/* struct open_how, for openat2(2) requests */
#if defined(__has_include)
#if __has_include("linux/openat2.h")
#include <linux/openat2.h>
#else
#include <linux/types.h>

struct open_how {
	__u64	flags;
	__u64	mode;
	__u64	resolve;
};
#endif
#else
#include <linux/openat2.h>
#endif

/* uring_cmd opcode of block devices: discard a byte range */
#include <linux/ioctl.h>

#ifndef BLOCK_URING_CMD_DISCARD
#define BLOCK_URING_CMD_DISCARD		_IO(0x12, 0)
#endif

#endif /* LIBURING_COMPAT_H */
