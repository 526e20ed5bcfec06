/* SPDX-License-Identifier: MIT */
/*
 * Memory-ordering helpers for the rings shared with the kernel.
 *
 *   io_uring_smp_store_release(p, v)  store v to *p with release semantics:
 *                                     earlier loads/stores are visible first
 *   io_uring_smp_load_acquire(p)      load *p with acquire semantics:
 *                                     later loads/stores happen after it
 *   io_uring_smp_mb()                 full (sequentially consistent) fence
 *   IO_URING_WRITE_ONCE(var, val)     single, untorn store (relaxed)
 *   IO_URING_READ_ONCE(var)           single, untorn load (relaxed)
 *
 * C builds on <stdatomic.h>; C++ builds on <atomic> with function templates
 * of the same names, so both languages use identical call syntax.
 */
#ifndef LIBURING_BARRIER_H
#define LIBURING_BARRIER_H

#ifndef LIBURING_NOEXCEPT
#ifdef __cplusplus
#define LIBURING_NOEXCEPT noexcept
#else
#define LIBURING_NOEXCEPT
#endif
#endif

#ifdef __cplusplus
#include <atomic>

/* liburing.h normally defines this first; same definition if it did not */
#ifndef _LOCAL_INLINE
#if __cplusplus >= 202002L
#define _LOCAL_INLINE inline
#else
#define _LOCAL_INLINE static inline
#endif
#endif

template <typename T>
_LOCAL_INLINE void IO_URING_WRITE_ONCE(T &var, T val) LIBURING_NOEXCEPT
{
	std::atomic<T> *a = reinterpret_cast<std::atomic<T> *>(&var);

	std::atomic_store_explicit(a, val, std::memory_order_relaxed);
}

template <typename T>
_LOCAL_INLINE T IO_URING_READ_ONCE(const T &var) LIBURING_NOEXCEPT
{
	const std::atomic<T> *a = reinterpret_cast<const std::atomic<T> *>(&var);

	return std::atomic_load_explicit(a, std::memory_order_relaxed);
}

template <typename T>
_LOCAL_INLINE void io_uring_smp_store_release(T *p, T v) LIBURING_NOEXCEPT
{
	std::atomic<T> *a = reinterpret_cast<std::atomic<T> *>(p);

	std::atomic_store_explicit(a, v, std::memory_order_release);
}

template <typename T>
_LOCAL_INLINE T io_uring_smp_load_acquire(const T *p) LIBURING_NOEXCEPT
{
	const std::atomic<T> *a = reinterpret_cast<const std::atomic<T> *>(p);

	return std::atomic_load_explicit(a, std::memory_order_acquire);
}

_LOCAL_INLINE void io_uring_smp_mb() LIBURING_NOEXCEPT
{
	std::atomic_thread_fence(std::memory_order_seq_cst);
}

#else /* !__cplusplus */
#include <stdatomic.h>

/* View an ordinary object as an atomic one of the same type. */
#define IO_URING_WRITE_ONCE(var, val)					\
	atomic_store_explicit((_Atomic __typeof__(var) *)&(var),	\
			      (val), memory_order_relaxed)
#define IO_URING_READ_ONCE(var)						\
	atomic_load_explicit((_Atomic __typeof__(var) *)&(var),		\
			     memory_order_relaxed)

#define io_uring_smp_store_release(p, v)				\
	atomic_store_explicit((_Atomic __typeof__(*(p)) *)(p), (v),	\
			      memory_order_release)
#define io_uring_smp_load_acquire(p)					\
	atomic_load_explicit((_Atomic __typeof__(*(p)) *)(p),		\
			     memory_order_acquire)

#define io_uring_smp_mb()						\
	atomic_thread_fence(memory_order_seq_cst)

#endif /* __cplusplus */

#endif /* LIBURING_BARRIER_H */
