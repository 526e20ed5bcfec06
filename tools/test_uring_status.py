#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of tools/uring-status: on a live process blocked in io_uring_enter (through our
liburing-ffi.so.2, with ctypes), and on a /proc fixture imitating a kernel deadlock (state D),
which cannot be produced on purpose. Every wait is bounded."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "uring-status")
FFI = os.path.join(HERE, "..", "build", "liburing-ffi.so.2")

# A process that arms a poll on an empty pipe and waits for it: io_uring_enter blocks.
BLOCKED = r"""
import ctypes, os, sys
lib = ctypes.CDLL(sys.argv[1])
lib.io_uring_get_sqe.restype = ctypes.c_void_p
ring = ctypes.create_string_buffer(216)
assert lib.io_uring_queue_init(8, ring, 0) == 0
r, w = os.pipe()
sqe = ctypes.c_void_p(lib.io_uring_get_sqe(ring))
lib.io_uring_prep_poll_add(sqe, r, 1)  # POLLIN
assert lib.io_uring_submit(ring) == 1
cqe = ctypes.c_void_p()
lib.io_uring_wait_cqe(ring, ctypes.byref(cqe))
"""


def run_tool(*pids, env=None):
    p = subprocess.run([sys.executable, TOOL, *map(str, pids)], capture_output=True, text=True,
                       timeout=20, env=env)
    return p.returncode, p.stdout


class LiveProcess(unittest.TestCase):
    def test_blocked_wait_is_described(self):
        child = subprocess.Popen([sys.executable, "-c", BLOCKED, FFI])
        try:
            deadline = time.monotonic() + 10
            while True:
                with open(f"/proc/{child.pid}/syscall") as f:
                    if f.read().startswith("426 "):
                        break
                self.assertIsNone(child.poll(), "the child exited instead of blocking")
                self.assertLess(time.monotonic(), deadline, "child never reached io_uring_enter")
                time.sleep(0.02)
            rc, out = run_tool(child.pid)
        finally:
            child.kill()
            child.wait(timeout=10)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"ring fd \d+: SQ head 1 tail 1 ")
        self.assertIn("in flight (armed in the kernel): 1: POLL_ADD x1", out)
        self.assertRegex(out, r"in io_uring_enter\(fd=\d+, to_submit=0, min_complete=1, "
                              r"flags=GETEVENTS\)")
        self.assertIn("state S", out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class DeadlockFixture(unittest.TestCase):
    """A process whose thread sleeps uninterruptibly in io_uring_register, with a stuck worker."""

    def make_proc(self, root):
        pid = "4242"
        write(f"{root}/{pid}/comm", "vmm\n")
        os.makedirs(f"{root}/{pid}/fd")
        os.symlink("anon_inode:[io_uring]", f"{root}/{pid}/fd/7")
        os.symlink("/dev/null", f"{root}/{pid}/fd/0")
        write(f"{root}/{pid}/fdinfo/7",
              "SqMask:\t0x3f\nSqHead:\t10\nSqTail:\t12\nCqMask:\t0x7f\nCqHead:\t4\nCqTail:\t9\n"
              "SqThread:\t-1\nPollList:\n  op=6, task_works=0\n  op=6, task_works=1\n"
              "CqOverflowList:\n  user_data=1, res=0, flags=0\n")
        task = f"{root}/{pid}/task"
        write(f"{task}/4242/stat", "4242 (vmm) D 1 4242 4242 0 -1")
        write(f"{task}/4242/syscall", "427 0x7 0x13 0x7ffd0 0x2 0x0 0x0 0x7ffc 0x7f00")
        write(f"{task}/4242/wchan", "io_wq_max_workers")
        write(f"{task}/4242/stack", "[<0>] __mutex_lock+0x1\n[<0>] io_register_iowq_max_workers+0x2\n")
        write(f"{task}/4243/stat", "4243 (iou-wrk-4242) D 1 4242 4242 0 -1")
        write(f"{task}/4243/syscall", "running")
        write(f"{task}/4243/wchan", "io_poll_wait")
        return pid

    def test_uninterruptible_sleep_is_flagged(self):
        with tempfile.TemporaryDirectory() as root:
            pid = self.make_proc(root)
            rc, out = run_tool(pid, env=dict(os.environ, URING_STATUS_PROC=root))
        self.assertEqual(rc, 1, out)
        self.assertIn("SQ head 10 tail 12 (2 not yet consumed", out)
        self.assertIn("CQ head 4 tail 9 (5 ready", out)
        self.assertIn("in flight (armed in the kernel): 2: POLL_ADD x2", out)
        self.assertIn("CQ overflowed: 1 completion(s)", out)
        self.assertIn("thread 4242 (vmm) in io_uring_register(0x7, 0x13, 0x7ffd0, 0x2)", out)
        self.assertIn("UNINTERRUPTIBLE (state D)", out)
        self.assertIn("io_register_iowq_max_workers+0x2", out)
        self.assertIn("io-wq worker 4243 (iou-wrk-4242): UNINTERRUPTIBLE (state D), in io_poll_wait",
                      out)

    def test_bad_arguments(self):
        self.assertEqual(run_tool("not-a-pid")[0], 2)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=0).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"tools: {result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)
