#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of uring-status (tools/uring-status, built into build/uring-status): on a live process
blocked in io_uring_enter (through our liburing-ffi.so.2, with ctypes), on a /proc fixture
imitating a kernel deadlock (state D), which cannot be produced on purpose, on processes it
cannot read; and the package's own unit tests (ELF reading) and lint. Every wait is bounded."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "..", "build")
TOOL = os.path.join(BUILD, "uring-status")
PACKAGE = os.path.join(HERE, "uring-status", "Cargo.toml")
FFI = os.path.join(BUILD, "liburing-ffi.so.2")
CARGO = os.environ.get("CARGO", "cargo")
# Set by make check's runner when this machine has no working io_uring (the reason): the tests
# that need a live ring are skipped, and --check must then call io_uring unusable.
URING_UNAVAILABLE = os.environ.get("URING_UNAVAILABLE", "")

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


def run(*args, env=None, tool=TOOL, **kwargs):
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=20,
                          env=env, **kwargs)


def run_tool(*pids, env=None):
    p = run(*pids, env=env)
    return p.returncode, p.stdout


class LiveProcess(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if URING_UNAVAILABLE:
            raise unittest.SkipTest(f"io_uring unavailable: {URING_UNAVAILABLE}")
        child = subprocess.Popen([sys.executable, "-c", BLOCKED, FFI])
        try:
            deadline = time.monotonic() + 10
            while True:
                with open(f"/proc/{child.pid}/syscall") as f:
                    if f.read().startswith("426 "):
                        break
                assert child.poll() is None, "the child exited instead of blocking"
                assert time.monotonic() < deadline, "child never reached io_uring_enter"
                time.sleep(0.02)
            cls.rc, cls.out = run_tool(child.pid)
        finally:
            child.kill()
            child.wait(timeout=10)

    def test_blocked_wait_is_described(self):
        rc, out = self.rc, self.out
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"ring fd \d+: SQ head 1 tail 1 ")
        self.assertIn("in flight (armed in the kernel): 1: POLL_ADD x1", out)
        self.assertRegex(out, r"in io_uring_enter\(fd=\d+, to_submit=0, min_complete=1, "
                              r"flags=GETEVENTS\)")
        self.assertIn("state S", out)

    def test_mapped_library_is_ours(self):
        ffi = os.path.realpath(FFI)
        self.assertIn(f"\n  library {ffi}: liburing-ffi 2.15, ours (the Rust re-implementation)\n",
                      self.out)
        self.assertEqual(self.out.count("  library "), 1, self.out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class DeadlockFixture(unittest.TestCase):
    """A process whose thread sleeps uninterruptibly in io_uring_register, with a stuck worker."""

    def make_proc(self, root, maps=""):
        pid = "4242"
        write(f"{root}/{pid}/comm", "vmm\n")
        write(f"{root}/{pid}/maps", maps)
        # The process's root directory, where the paths in its maps are.
        os.symlink("/", f"{root}/{pid}/root")
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
        self.assertIn("  no liburing shared library mapped (linked statically, or not using "
                      "liburing)", out)

    def test_bug_table_applies_to_the_kernel(self):
        with tempfile.TemporaryDirectory() as root:
            pid = self.make_proc(root)
            env = dict(os.environ, URING_STATUS_PROC=root, URING_STATUS_KERNEL="6.1.100")
            rc, out = run_tool(pid, env=env)
        self.assertEqual(rc, 1, out)
        self.assertIn("kernel 6.1.100:\nknown kernel bugs that apply", out)
        self.assertRegex(out, r"\n  CVE-2024-41080\b.*IORING_REGISTER_IOWQ_MAX_WORKERS")

    def test_mapped_libraries(self):
        ours = os.path.realpath(os.path.join(BUILD, "liburing.so.2"))
        debian = "/usr/lib/x86_64-linux-gnu/liburing.so.2.3"
        maps = (f"5600-5601 r--p 00000000 08:01 11  /usr/bin/vmm\n"
                f"7f00-7f01 r--p 00000000 08:01 12  {ours}\n"
                f"7f01-7f02 r-xp 00001000 08:01 12  {ours}\n"
                f"7f02-7f03 r--p 00000000 08:01 13  {debian}\n"
                f"7f03-7f04 r--p 00000000 08:01 14  /gone/liburing-ffi.so.2.9 (deleted)\n"
                f"7f04-7f05 r--p 00000000 08:01 15  /usr/lib/x86_64-linux-gnu/libc.so.6\n")
        with tempfile.TemporaryDirectory() as root:
            pid = self.make_proc(root, maps)
            rc, out = run_tool(pid, env=dict(os.environ, URING_STATUS_PROC=root))
        self.assertEqual(rc, 1, out)
        lines = [line for line in out.splitlines() if line.startswith("  library ")]
        self.assertEqual(len(lines), 3, out)
        self.assertEqual(lines[0], f"  library {ours}: liburing 2.15, ours (the Rust "
                                   "re-implementation)")
        if os.path.exists(debian):
            self.assertEqual(lines[1], f"  library {debian}: liburing 2.3, not ours (another "
                                       "liburing)")
        self.assertEqual(lines[2], "  library /gone/liburing-ffi.so.2.9 (deleted): cannot tell "
                                   "which liburing: No such file or directory")

    def test_stuck_wins_over_unreadable(self):
        with tempfile.TemporaryDirectory() as root:
            pid = self.make_proc(root)
            p = run(pid, 4343, env=dict(os.environ, URING_STATUS_PROC=root))
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("UNINTERRUPTIBLE (state D)", p.stdout)
        self.assertEqual(p.stderr, "uring-status: pid 4343: no such process\n")

    def test_bad_arguments(self):
        self.assertEqual(run_tool("not-a-pid")[0], 2)
        for args in [(), ("",), ("1", "-5"), ("--check", "1"), ("--help", "1")]:
            p = run(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn("usage: uring-status PID...", p.stderr)
        p = run("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("3 when a process cannot be read", p.stdout)


class UnreadableProcess(unittest.TestCase):
    def test_no_such_process(self):
        gone = subprocess.Popen(["true"])
        gone.wait(timeout=10)
        p = run(gone.pid)
        self.assertEqual(p.returncode, 3, p.stdout)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, f"uring-status: pid {gone.pid}: no such process\n")

    def test_other_users_process(self):
        if os.geteuid() != 0:
            self.skipTest("needs root, to run the tool as another user")
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o755)
            tool = shutil.copy(TOOL, tmp)
            p = run(os.getpid(), tool=tool, user=65534, group=65534, extra_groups=[])
        self.assertEqual(p.returncode, 3, p.stdout)
        self.assertEqual(p.stderr, f"uring-status: pid {os.getpid()}: cannot read "
                                   f"/proc/{os.getpid()}/fd: permission denied (only root sees "
                                   "other users' processes)\n")


NO_URING = os.path.join(BUILD, "diagnose", "no-uring")


class Check(unittest.TestCase):
    """uring-status --check: live, under a seccomp filter that blocks io_uring, and on fixtures
    of /proc (kernel.io_uring_disabled, io_uring_group, /proc/self/status) and kernel versions."""

    def check(self, env_extra=None, prefix=()):
        env = dict(os.environ, **(env_extra or {}))
        p = subprocess.run([*prefix, TOOL, "--check"], capture_output=True, text=True,
                           timeout=60, env=env)
        return p.returncode, p.stdout + p.stderr

    def test_this_machine(self):
        if URING_UNAVAILABLE:
            self.skipTest(f"io_uring unavailable: {URING_UNAVAILABLE}")
        rc, out = self.check()
        self.assertIn(rc, (0, 1), out)
        self.assertIn("io_uring: usable", out)
        self.assertRegex(out, r"features: .*\bEXT_ARG\b")
        self.assertRegex(out, r"setup flags accepted: .*\bSQPOLL\b")
        self.assertRegex(out, r"opcodes supported \(\d+\): NOP READV")
        self.assertRegex(out, r"limits: up to \d+ SQ entries")
        self.assertIn("liburing.so.2 for programs here: ", out)
        self.assertIn("sockopt work-around", out)
        self.assertEqual(rc == 1, "known kernel bugs that apply" in out, out)

    def test_seccomp_blocks_io_uring(self):
        for errno in ("EPERM", "ENOSYS"):
            rc, out = self.check(prefix=(NO_URING, errno))
            if rc == 77:
                self.skipTest(out.strip())
            self.assertEqual(rc, 2, out)
            self.assertIn(f"io_uring: UNUSABLE: a seccomp filter (Seccomp: 2 in /proc/self/status) "
                          f"answers the io_uring system calls with {errno}", out)
            self.assertIn("what to do: allow io_uring_setup, io_uring_enter and io_uring_register",
                          out)

    def fixture(self, root, disabled, group, capeff="0000000000000000"):
        write(f"{root}/self/status", f"Name:\tx\nSeccomp:\t0\nCapEff:\t{capeff}\n")
        write(f"{root}/sys/kernel/io_uring_disabled", f"{disabled}\n")
        write(f"{root}/sys/kernel/io_uring_group", f"{group}\n")
        return {"URING_STATUS_PROC": root, "URING_STATUS_SETUP_ERRNO": "EPERM"}

    def test_io_uring_disabled(self):
        with tempfile.TemporaryDirectory() as root:
            rc, out = self.check(self.fixture(root, 2, -1))
            self.assertEqual(rc, 2, out)
            self.assertIn("kernel.io_uring_disabled is 2: io_uring is off for every process", out)
            # 1, and the process is not in the group (nor has CAP_SYS_ADMIN)
            rc, out = self.check(self.fixture(root, 1, 54321))
            self.assertIn("kernel.io_uring_disabled is 1 and this process is neither in "
                          "kernel.io_uring_group (gid 54321) nor has CAP_SYS_ADMIN", out)
            self.assertIn("what to do: add the user to that group", out)
            # 1, and the process is in the group: the sysctl is not what stops it
            rc, out = self.check(self.fixture(root, 1, os.getegid()))
            self.assertNotIn("io_uring_disabled is", out)
            self.assertIn("io_uring: UNUSABLE: io_uring_setup failed with EPERM", out)
            # 1 with CAP_SYS_ADMIN (bit 21) and no group: allowed too
            rc, out = self.check(self.fixture(root, 1, -1, capeff="0000000000200000"))
            self.assertNotIn("io_uring_disabled is", out)

    def test_kernel_bugs(self):
        expect = {  # kernel: (bugs that must be listed, bugs that must not)
            "6.1.100": (["CVE-2024-41080"], ["sockopt-async-hang"]),
            "6.8.0": (["sockopt-async-hang"], []),
            "6.10.2": (["sockopt-async-hang"], ["CVE-2024-41080"]),
            "6.10.3": ([], ["sockopt-async-hang", "CVE-2024-41080"]),
            "6.18.44": ([], ["sockopt-async-hang", "CVE-2024-41080"]),
        }
        for kernel, (present, absent) in expect.items():
            rc, out = self.check({"URING_STATUS_KERNEL": kernel})
            self.assertIn(f"kernel: {kernel}\n", out)
            for bug in present:
                self.assertRegex(out, rf"\n  {bug}\b", f"{kernel}: {out}")
            for bug in absent:
                self.assertNotRegex(out, rf"\n  {bug}\b", f"{kernel}: {out}")
            if URING_UNAVAILABLE:
                self.assertEqual(rc, 2, out)  # unusable, whatever bugs apply
            else:
                self.assertEqual(rc == 1, "known kernel bugs that apply" in out, out)
        # A Debian kernel: uname says 6.1.0-N, the real version is in /proc/version.
        debian = ("Linux version 6.1.0-{}-amd64 (debian-kernel@lists.debian.org) #1 SMP "
                  "PREEMPT_DYNAMIC Debian 6.1.{}-1 (2024-11-22)")
        rc, out = self.check({"URING_STATUS_KERNEL": debian.format(18, 76)})
        self.assertIn("(Debian kernel: fixes may be backported", out)
        self.assertRegex(out, r"\n  CVE-2024-41080\b")
        rc, out = self.check({"URING_STATUS_KERNEL": debian.format(28, 119)})
        self.assertNotRegex(out, r"\n  CVE-2024-41080\b")


class Package(unittest.TestCase):
    """The Rust package's own unit tests (ELF reading, library detection) and lint."""

    def cargo(self, command, *args):
        p = subprocess.run([CARGO, command, "--manifest-path", PACKAGE, *args],
                           capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout + p.stderr

    def test_unit_tests(self):
        rc, out = self.cargo("test", "--release", "--quiet")
        self.assertEqual(rc, 0, out)

    def test_lint(self):
        for tool in ("fmt", "clippy"):
            if subprocess.run([CARGO, tool, "--version"], capture_output=True).returncode:
                self.skipTest(f"cargo {tool} is not installed")
        rc, out = self.cargo("fmt", "--check")
        self.assertEqual(rc, 0, out)
        rc, out = self.cargo("clippy", "--release", "--quiet", "--all-targets", "--", "-D",
                             "warnings")
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=0).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"tools: {result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)
