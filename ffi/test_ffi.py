#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""liburing-ffi from Python ctypes, the way a binding (Cython, cffi, ctypes) uses it.

usage: test_ffi.py [path/to/liburing-ffi.so.2]   (default: ../build/liburing-ffi.so.2)

Standard library only.  struct io_uring, io_uring_sq/cq, io_uring_cqe and
io_uring_sqe are declared here with liburing 2.15's layout (numbers embedded,
checked against the library at run time).  Covers:

  * the scenario of the original Cython report: NOPs with distinct user_data
    through io_uring_get_sqe + io_uring_prep_nop + io_uring_sqe_set_data64 +
    io_uring_submit, reaped with io_uring_peek_batch_cqe + io_uring_cq_advance,
    well over 100,000 completions, with batches larger than the ring and larger
    than what is ready, every returned count checked (<= requested, == the
    number of slots filled, == what is ready) and every user_data seen exactly
    once (and in order);
  * getsockopt / setsockopt via io_uring_prep_cmd_sock (SOCKET_URING_OP_*),
    with and without IOSQE_ASYNC, each wait bounded by
    io_uring_wait_cqe_timeout, compared with socket.getsockopt.

Prints one line per test, then: ffi: N passed, N failed, N skipped
"""

import ctypes
import errno
import os
import signal
import socket
import sys
import unittest

# ---------------------------------------------------------------- layouts (2.15)

c_uint_p = ctypes.POINTER(ctypes.c_uint)


class IoUringSq(ctypes.Structure):
    _fields_ = [
        ("khead", c_uint_p),            # 0
        ("ktail", c_uint_p),            # 8
        ("kring_mask", c_uint_p),       # 16
        ("kring_entries", c_uint_p),    # 24
        ("kflags", c_uint_p),           # 32
        ("kdropped", c_uint_p),         # 40
        ("array", c_uint_p),            # 48
        ("sqes", ctypes.c_void_p),      # 56
        ("sqe_head", ctypes.c_uint),    # 64
        ("sqe_tail", ctypes.c_uint),    # 68
        ("ring_sz", ctypes.c_size_t),   # 72
        ("ring_ptr", ctypes.c_void_p),  # 80
        ("ring_mask", ctypes.c_uint),   # 88
        ("ring_entries", ctypes.c_uint),  # 92
        ("sqes_sz", ctypes.c_uint),     # 96
        ("pad", ctypes.c_uint),         # 100
    ]


class IoUringCq(ctypes.Structure):
    _fields_ = [
        ("khead", c_uint_p),            # 0
        ("ktail", c_uint_p),            # 8
        ("kring_mask", c_uint_p),       # 16
        ("kring_entries", c_uint_p),    # 24
        ("kflags", c_uint_p),           # 32
        ("koverflow", c_uint_p),        # 40
        ("cqes", ctypes.c_void_p),      # 48
        ("ring_sz", ctypes.c_size_t),   # 56
        ("ring_ptr", ctypes.c_void_p),  # 64
        ("ring_mask", ctypes.c_uint),   # 72
        ("ring_entries", ctypes.c_uint),  # 76
        ("pad", ctypes.c_uint * 2),     # 80
    ]


class IoUring(ctypes.Structure):
    _fields_ = [
        ("sq", IoUringSq),              # 0
        ("cq", IoUringCq),              # 104
        ("flags", ctypes.c_uint),       # 192
        ("ring_fd", ctypes.c_int),      # 196
        ("features", ctypes.c_uint),    # 200
        ("enter_ring_fd", ctypes.c_int),  # 204
        ("int_flags", ctypes.c_uint8),  # 208
        ("pad", ctypes.c_uint8 * 3),    # 209
        ("pad2", ctypes.c_uint),        # 212
    ]


class IoUringCqe(ctypes.Structure):
    _fields_ = [
        ("user_data", ctypes.c_uint64),  # 0
        ("res", ctypes.c_int32),        # 8
        ("flags", ctypes.c_uint32),     # 12
    ]


class IoUringSqe(ctypes.Structure):
    # The anonymous unions are flattened to their first member; the socket
    # command fields (level 16, optname 20, optlen 44, optval 48) are read
    # through raw bytes.
    _fields_ = [
        ("opcode", ctypes.c_uint8),     # 0
        ("flags", ctypes.c_uint8),      # 1
        ("ioprio", ctypes.c_uint16),    # 2
        ("fd", ctypes.c_int32),         # 4
        ("off", ctypes.c_uint64),       # 8 (addr2, cmd_op + __pad1)
        ("addr", ctypes.c_uint64),      # 16 (level + optname)
        ("len", ctypes.c_uint32),       # 24
        ("rw_flags", ctypes.c_uint32),  # 28
        ("user_data", ctypes.c_uint64),  # 32
        ("buf_index", ctypes.c_uint16),  # 40
        ("personality", ctypes.c_uint16),  # 42
        ("file_index", ctypes.c_uint32),  # 44 (optlen)
        ("addr3", ctypes.c_uint64),     # 48 (optval)
        ("pad2", ctypes.c_uint64),      # 56
    ]


class KernelTimespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_int64), ("tv_nsec", ctypes.c_longlong)]


EXPECTED_LAYOUT = {
    # (struct, member): offset, from liburing 2.15 (../shared/abi/layouts.tsv)
    (IoUring, "sq"): 0, (IoUring, "cq"): 104, (IoUring, "flags"): 192,
    (IoUring, "ring_fd"): 196, (IoUring, "features"): 200,
    (IoUring, "enter_ring_fd"): 204, (IoUring, "int_flags"): 208,
    (IoUring, "pad"): 209, (IoUring, "pad2"): 212,
    (IoUringSq, "sqes"): 56, (IoUringSq, "sqe_head"): 64, (IoUringSq, "sqe_tail"): 68,
    (IoUringSq, "ring_sz"): 72, (IoUringSq, "ring_ptr"): 80, (IoUringSq, "ring_mask"): 88,
    (IoUringSq, "ring_entries"): 92, (IoUringSq, "sqes_sz"): 96,
    (IoUringCq, "cqes"): 48, (IoUringCq, "ring_sz"): 56, (IoUringCq, "ring_ptr"): 64,
    (IoUringCq, "ring_mask"): 72, (IoUringCq, "ring_entries"): 76,
    (IoUringCqe, "user_data"): 0, (IoUringCqe, "res"): 8, (IoUringCqe, "flags"): 12,
    (IoUringSqe, "user_data"): 32, (IoUringSqe, "addr3"): 48,
}
EXPECTED_SIZES = {IoUring: 216, IoUringSq: 104, IoUringCq: 88, IoUringCqe: 16,
                  IoUringSqe: 64, KernelTimespec: 16}

IORING_OP_NOP = 0
IORING_OP_URING_CMD = 46
IOSQE_ASYNC = 1 << 4
IORING_FEAT_NODROP = 1 << 1
SOCKET_URING_OP_GETSOCKOPT = 2
SOCKET_URING_OP_SETSOCKOPT = 3
ETIME = errno.ETIME

UD_TAG = 0xC0FFEE << 40

# ---------------------------------------------------------------- the library

HERE = os.path.dirname(os.path.abspath(__file__))
LIB_PATH = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(HERE, "..", "build", "liburing-ffi.so.2"))

R = ctypes.POINTER(IoUring)
S = ctypes.POINTER(IoUringSqe)
C = ctypes.POINTER(IoUringCqe)
CP = ctypes.POINTER(C)

PROTOS = {
    "io_uring_queue_init": (ctypes.c_int, [ctypes.c_uint, R, ctypes.c_uint]),
    "io_uring_queue_exit": (None, [R]),
    "io_uring_get_sqe": (S, [R]),
    "io_uring_prep_nop": (None, [S]),
    "io_uring_sqe_set_data64": (None, [S, ctypes.c_uint64]),
    "io_uring_sqe_set_flags": (None, [S, ctypes.c_uint]),
    "io_uring_submit": (ctypes.c_int, [R]),
    "io_uring_peek_batch_cqe": (ctypes.c_uint, [R, CP, ctypes.c_uint]),
    "io_uring_cq_advance": (None, [R, ctypes.c_uint]),
    "io_uring_cq_ready": (ctypes.c_uint, [R]),
    "io_uring_sq_space_left": (ctypes.c_uint, [R]),
    "io_uring_wait_cqe_timeout": (ctypes.c_int, [R, CP, ctypes.POINTER(KernelTimespec)]),
    "io_uring_cqe_seen": (None, [R, C]),
    "io_uring_cqe_get_data64": (ctypes.c_uint64, [C]),
    "io_uring_prep_cmd_sock": (None, [S, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                      ctypes.c_int, ctypes.c_void_p, ctypes.c_int]),
}

lib = None
lib_error = None
try:
    lib = ctypes.CDLL(LIB_PATH, use_errno=True)
    for _name, (_res, _args) in PROTOS.items():
        _f = getattr(lib, _name)
        _f.restype = _res
        _f.argtypes = _args
except (OSError, AttributeError) as e:  # reported by every test
    lib_error = "%s: %s" % (LIB_PATH, e)


def mapped(path):
    """True if `path` (resolved) is mapped into this process."""
    real = os.path.realpath(path)
    with open("/proc/self/maps") as f:
        return any(line.rstrip("\n").endswith(" " + real) for line in f)


class Ring:
    def __init__(self, entries, flags=0):
        self.ring = IoUring()
        self.ptr = ctypes.byref(self.ring)
        ret = lib.io_uring_queue_init(entries, self.ptr, flags)
        if ret < 0:
            raise OSError(-ret, "io_uring_queue_init: " + os.strerror(-ret))

    def close(self):
        lib.io_uring_queue_exit(self.ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def wait(self, ms):
        """Bounded wait for one CQE (not consumed); a timeout fails the test."""
        cqe = C()
        ts = KernelTimespec(ms // 1000, (ms % 1000) * 1000000)
        ret = lib.io_uring_wait_cqe_timeout(self.ptr, ctypes.byref(cqe), ctypes.byref(ts))
        if ret == -ETIME:
            raise AssertionError("request hung: no CQE within %d ms" % ms)
        if ret < 0:
            raise AssertionError("io_uring_wait_cqe_timeout: %d (%s)" % (ret, os.strerror(-ret)))
        if not cqe:
            raise AssertionError("io_uring_wait_cqe_timeout returned 0 but no CQE")
        return cqe


class FfiTests(unittest.TestCase):
    def setUp(self):
        if lib is None:
            self.fail("cannot load the library: %s" % lib_error)

    def test_0_loaded_and_layout(self):
        """our liburing-ffi.so.2 is the one loaded; struct layouts match the library"""
        self.assertTrue(mapped(LIB_PATH), "%s is not mapped" % LIB_PATH)
        for t, size in EXPECTED_SIZES.items():
            self.assertEqual(ctypes.sizeof(t), size, t.__name__)
        for (t, field), off in EXPECTED_LAYOUT.items():
            self.assertEqual(getattr(t, field).offset, off, "%s.%s" % (t.__name__, field))
        with Ring(8) as r:
            ring = r.ring
            self.assertGreaterEqual(ring.ring_fd, 0)
            self.assertEqual(ring.enter_ring_fd, ring.ring_fd)
            self.assertEqual(ring.sq.ring_entries, 8)
            self.assertEqual(ring.sq.ring_mask, 7)
            self.assertEqual(ring.cq.ring_entries, 16)
            self.assertEqual(ring.cq.ring_mask, 15)
            self.assertEqual(ring.sq.kring_entries[0], 8)
            self.assertEqual(ring.cq.kring_entries[0], 16)
            self.assertEqual(ring.sq.sqes_sz, 8 * 64)  # bytes of the SQE array mapping
            self.assertEqual(lib.io_uring_sq_space_left(r.ptr), 8)
            # the SQE pointer is where our struct says the next SQE is
            tail = ring.sq.sqe_tail
            sqe = lib.io_uring_get_sqe(r.ptr)
            self.assertEqual(ctypes.addressof(sqe.contents),
                             ring.sq.sqes + (tail & ring.sq.ring_mask) * 64)
            self.assertEqual(ring.sq.sqe_tail, tail + 1)
            lib.io_uring_prep_nop(sqe)
            lib.io_uring_sqe_set_data64(sqe, 0x1234)
            self.assertEqual(sqe.contents.opcode, IORING_OP_NOP)
            self.assertEqual(sqe.contents.user_data, 0x1234)
            self.assertEqual(lib.io_uring_submit(r.ptr), 1)
            self.assertEqual(ring.sq.sqe_head, ring.sq.sqe_tail)
            self.assertEqual(ring.sq.ktail[0], ring.sq.sqe_tail)
            cqe = r.wait(2000)
            head = ring.cq.khead[0]
            self.assertEqual(ctypes.cast(cqe, ctypes.c_void_p).value,
                             ring.cq.cqes + (head & ring.cq.ring_mask) * 16)
            self.assertEqual(lib.io_uring_cq_ready(r.ptr), ring.cq.ktail[0] - head)
            self.assertEqual(cqe.contents.user_data, 0x1234)
            self.assertEqual(lib.io_uring_cqe_get_data64(cqe), 0x1234)
            self.assertEqual(cqe.contents.res, 0)
            lib.io_uring_cqe_seen(r.ptr, cqe)
            self.assertEqual(ring.cq.khead[0], head + 1)
            self.assertEqual(lib.io_uring_cq_ready(r.ptr), 0)

    def test_1_peek_batch_100k(self):
        """NOPs with distinct user_data, reaped with peek_batch + cq_advance"""
        total = 120000
        batches = (1, 3, 16, 64, 100, 256, 1000)   # ring: 64 SQ, 128 CQ
        maxb = max(batches)
        arr = (C * maxb)()
        seen = bytearray(total)
        with Ring(64) as r:
            ring, ptr = r.ring, r.ptr
            nodrop = bool(ring.features & IORING_FEAT_NODROP)
            cq_entries = ring.cq.ring_entries
            self.assertEqual(cq_entries, 128)
            get_sqe, prep_nop = lib.io_uring_get_sqe, lib.io_uring_prep_nop
            set_data, submit = lib.io_uring_sqe_set_data64, lib.io_uring_submit
            peek_batch, advance = lib.io_uring_peek_batch_cqe, lib.io_uring_cq_advance
            cq_ready = lib.io_uring_cq_ready
            next_sub = next_reap = 0
            loops = calls = bigger = 0
            while next_reap < total:
                loops += 1
                # submit between 1 and 3 SQ-fulls, sometimes more than the CQ
                # holds (with NODROP the kernel keeps the overflow)
                rounds = 1 + loops % (4 if nodrop else 2)
                for _ in range(rounds):
                    n = min(1 + (loops * 37) % 64, total - next_sub)
                    if n == 0:
                        break
                    for _ in range(n):
                        sqe = get_sqe(ptr)
                        if not sqe:
                            self.fail("io_uring_get_sqe returned NULL with an empty SQ")
                        prep_nop(sqe)
                        set_data(sqe, UD_TAG | next_sub)
                        next_sub += 1
                    ret = submit(ptr)
                    self.assertEqual(ret, n, "io_uring_submit")
                # reap everything outstanding with varying batch sizes
                while next_reap < next_sub:
                    want = batches[calls % len(batches)]
                    calls += 1
                    for i in range(want):
                        arr[i] = C()
                    ready = cq_ready(ptr)
                    got = peek_batch(ptr, arr, want)
                    if got > want:
                        self.fail("peek_batch returned %d for count %d" % (got, want))
                    if ready:
                        expect = min(want, ready)
                    else:
                        # CQ empty, overflow pending: the library flushes it
                        after = cq_ready(ptr)
                        self.assertGreater(after, 0, "peek_batch did not flush the CQ overflow")
                        expect = min(want, after)
                    if got != expect:
                        self.fail("peek_batch(count %d) with %d ready returned %d, expected %d"
                                  % (want, ready, got, expect))
                    if want > got:
                        bigger += 1
                    filled = 0
                    for i in range(want):
                        if arr[i]:
                            filled = i + 1
                    self.assertEqual(filled, got, "slots filled != returned count")
                    for i in range(got):
                        c = arr[i].contents
                        ud = c.user_data
                        seq = ud ^ UD_TAG
                        if ud & ~0xFFFFFFFFFF != UD_TAG or seq >= total:
                            self.fail("garbage user_data 0x%x" % ud)
                        if seen[seq]:
                            self.fail("user_data 0x%x returned twice" % ud)
                        seen[seq] = 1
                        if seq != next_reap:
                            self.fail("user_data 0x%x out of order, expected seq %d"
                                      % (ud, next_reap))
                        self.assertEqual(c.res, 0)
                        next_reap += 1
                    advance(ptr, got)
            self.assertEqual(cq_ready(ptr), 0)
            self.assertEqual(peek_batch(ptr, arr, maxb), 0)
            self.assertEqual(ring.cq.khead[0], ring.cq.ktail[0])
        self.assertEqual(next_reap, total)
        self.assertEqual(seen.count(1), total, "some user_data never came back")
        self.assertGreater(bigger, 100, "batches larger than what was ready")
        self.assertGreater(loops, 100)

    def _sockopt_case(self, async_):
        with Ring(8) as r, socket.socket() as s, socket.socket() as ref:
            ring = r.ring
            ud = [0x50c0]

            def cmd(op, optname, value):
                val = ctypes.c_int(value)
                sqe = lib.io_uring_get_sqe(r.ptr)
                self.assertTrue(sqe)
                lib.io_uring_prep_cmd_sock(sqe, op, s.fileno(), socket.SOL_SOCKET,
                                           optname, ctypes.addressof(val),
                                           ctypes.sizeof(val))
                raw = ctypes.string_at(ctypes.addressof(sqe.contents), 64)
                self.assertEqual(raw[0], IORING_OP_URING_CMD)
                self.assertEqual(int.from_bytes(raw[8:12], "little"), op)
                self.assertEqual(int.from_bytes(raw[16:20], "little"), socket.SOL_SOCKET)
                self.assertEqual(int.from_bytes(raw[20:24], "little"), optname)
                self.assertEqual(int.from_bytes(raw[44:48], "little"), 4)
                self.assertEqual(int.from_bytes(raw[48:56], "little"), ctypes.addressof(val))
                if async_:
                    lib.io_uring_sqe_set_flags(sqe, IOSQE_ASYNC)
                    self.assertEqual(sqe.contents.flags, IOSQE_ASYNC)
                ud[0] += 1
                lib.io_uring_sqe_set_data64(sqe, ud[0])
                self.assertEqual(lib.io_uring_submit(r.ptr), 1)
                cqe = r.wait(3000)
                self.assertEqual(cqe.contents.user_data, ud[0])
                res = cqe.contents.res
                lib.io_uring_cqe_seen(r.ptr, cqe)
                self.assertEqual(lib.io_uring_cq_ready(r.ptr), 0)
                return res, val.value

            res, val = cmd(SOCKET_URING_OP_GETSOCKOPT, socket.SO_RCVBUF, -1)
            if res in (-errno.EOPNOTSUPP, -errno.EINVAL):
                self.skipTest("kernel without SOCKET_URING_OP_GETSOCKOPT (%d)" % res)
            self.assertEqual(res, 4, "getsockopt result is optlen")
            self.assertEqual(val, s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))

            for opt in (socket.SO_RCVBUF, socket.SO_SNDBUF):
                new = 40960 + 8192 * async_
                res, _ = cmd(SOCKET_URING_OP_SETSOCKOPT, opt, new)
                self.assertEqual(res, 0, "setsockopt result")
                ref.setsockopt(socket.SOL_SOCKET, opt, new)
                self.assertEqual(s.getsockopt(socket.SOL_SOCKET, opt),
                                 ref.getsockopt(socket.SOL_SOCKET, opt))
                res, val = cmd(SOCKET_URING_OP_GETSOCKOPT, opt, -1)
                self.assertEqual(res, 4)
                self.assertEqual(val, s.getsockopt(socket.SOL_SOCKET, opt))
            self.assertEqual(ring.sq.sqe_head, ring.sq.sqe_tail)

    def test_2_getsockopt(self):
        """getsockopt/setsockopt via io_uring_prep_cmd_sock"""
        self._sockopt_case(0)

    def test_3_getsockopt_async(self):
        """the same with IOSQE_ASYNC"""
        self._sockopt_case(1)


class LineResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.npass = self.nfail = self.nskip = 0

    @staticmethod
    def _name(test):
        return test.id().rsplit(".", 1)[-1]

    def addSuccess(self, test):
        self.npass += 1
        print("PASS %s" % self._name(test), flush=True)

    def _bad(self, test, err):
        self.nfail += 1
        exc = err[1]
        msg = str(exc).strip().splitlines()
        print("FAIL %s: %s: %s" % (self._name(test), type(exc).__name__,
                                   msg[-1] if msg else ""), flush=True)

    addFailure = _bad
    addError = _bad

    def addSkip(self, test, reason):
        self.nskip += 1
        print("SKIP %s: %s" % (self._name(test), reason), flush=True)


def main():
    def on_alarm(signum, frame):
        raise TimeoutError("test exceeded its 30 s bound")

    signal.signal(signal.SIGALRM, on_alarm)
    result = LineResult()
    tests = unittest.defaultTestLoader.loadTestsFromTestCase(FfiTests)
    for t in tests:
        signal.alarm(30)
        t.run(result)
        signal.alarm(0)
    print("ffi: %d passed, %d failed, %d skipped" % (result.npass, result.nfail, result.nskip))
    return 1 if result.nfail else 0


if __name__ == "__main__":
    sys.exit(main())
