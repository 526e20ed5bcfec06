/* SPDX-License-Identifier: MIT */
/*
 * Version of the liburing API these headers provide (liburing 2.15).
 */
#ifndef LIBURING_VERSION_H
#define LIBURING_VERSION_H

#define IO_URING_VERSION_MAJOR 2
#define IO_URING_VERSION_MINOR 15

#endif /* LIBURING_VERSION_H */
