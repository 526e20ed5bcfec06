#!/usr/bin/env python3
"""Run the benchmark programs built by mk/bench.mk and print a markdown report.

1. Hot paths (hotpath-<variant>): each path runs under callgrind with collection
   off except inside the measured region, so the count is exact and repeatable.
   The cost of the toggles themselves (path "null") is subtracted.
2. NOP throughput (nop_tput-<variant>): wall time of 1e6 NOPs in batches of 32,
   the variants interleaved, several runs each, median. With a working
   `perf stat`, user-space instructions per NOP too (a run with 0 ops subtracted).

Variants: ours-shared, ours-static (our include/ + our library), sys-shared,
sys-static (/usr/include + the system's liburing, helpers inline), and drop-in:
the sys-shared binary run with our liburing.so.2 in its place (LD_LIBRARY_PATH).
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

BATCH = 32

# (path, what is counted, unit, divisor kind)
HOT_PATHS = [
    ("a", "get_sqe + prep_nop + set_data64, x32, then submit", "SQE", "op"),
    ("sqe", "  of which: get_sqe + prep_nop + set_data64", "SQE", "op"),
    ("submit", "  of which: io_uring_submit of 32 SQEs", "call", "round"),
    ("b", "peek_batch_cqe(32) + cq_advance", "CQE", "op"),
    ("c", "peek_cqe + cqe_seen", "CQE", "op"),
    ("c0", "peek_cqe on an empty CQ (-EAGAIN)", "call", "op"),
    ("d", "for_each_cqe + cq_advance", "CQE", "op"),
    ("e", "wait_cqe + cqe_seen, CQEs ready", "CQE", "op"),
]

VARIANT_ORDER = ["ours-shared", "ours-static", "sys-shared", "sys-static", "drop-in"]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001 - metadata only
        return ""


# Set from --variants: the variants mk/bench.mk built in this run (None: whatever exists).
WANTED = None


def variants(bench_dir, prog, lib_dir):
    """{name: (argv0, env_extra, expected library)} for the binaries that exist."""
    found = {}
    for v in VARIANT_ORDER:
        if WANTED is not None and v not in WANTED and not (v == "drop-in" and "sys-shared" in WANTED):
            continue
        if v == "drop-in":
            exe = os.path.join(bench_dir, f"{prog}-sys-shared")
            if os.path.exists(exe):
                found[v] = (exe, {"LD_LIBRARY_PATH": lib_dir}, ("under", lib_dir))
            continue
        exe = os.path.join(bench_dir, f"{prog}-{v}")
        if not os.path.exists(exe):
            continue
        if v.endswith("-static"):
            expect = ("exact", exe)
        elif v == "ours-shared":
            expect = ("under", lib_dir)
        else:
            expect = ("not-under", lib_dir)
        found[v] = (exe, {}, expect)
    return found


def check_lib(variant, out, expect):
    m = re.search(r"lib=(\S+)", out)
    lib = os.path.realpath(m.group(1)) if m else "?"
    kind, where = expect
    where = os.path.realpath(where)
    ok = {
        "exact": lib == where,
        "under": lib.startswith(where + os.sep),
        "not-under": not lib.startswith(where + os.sep),
    }[kind]
    if not ok:
        sys.exit(f"bench: {variant} used {lib}, expected {kind} {where}")
    return lib


def run(argv, env_extra, timeout=600):
    env = dict(os.environ)
    env.update(env_extra)
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    if p.returncode == 77:
        sys.exit(f"bench: skipped, io_uring unavailable: {p.stderr.strip()}")
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return p.stdout


def callgrind_ir(exe, env_extra, path, rounds, tmp, annotate_dir=None, tag=""):
    out_file = os.path.join(tmp, f"cg.{os.getpid()}.{tag}.{path}")
    out = run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
               f"--callgrind-out-file={out_file}", exe, path, str(rounds)], env_extra)
    total = None
    with open(out_file) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                total = int(line.split()[1])
    if total is None:
        sys.exit(f"bench: no totals in {out_file}")
    if annotate_dir:
        os.makedirs(annotate_dir, exist_ok=True)
        ann = subprocess.run(["callgrind_annotate", "--inclusive=no", out_file],
                             capture_output=True, text=True).stdout
        with open(os.path.join(annotate_dir, f"{tag}.{path}.txt"), "w") as f:
            f.write(ann)
    os.unlink(out_file)
    return total, out


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def hot(bench_dir, lib_dir, rounds, annotate_dir):
    vs = variants(bench_dir, "hotpath", lib_dir)
    if not vs:
        sys.exit("bench: no hotpath binaries (make bench-build)")
    if not shutil.which("valgrind"):
        sys.exit("bench: valgrind not found (apt-get install -y valgrind)")
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v, (exe, env, expect) in vs.items():
            null, out = callgrind_ir(exe, env, "null", rounds, tmp, tag=v)
            check_lib(v, out, expect)
            for path, _, _, per in HOT_PATHS:
                ir, out = callgrind_ir(exe, env, path, rounds, tmp, annotate_dir, v)
                ops = rounds * BATCH if per == "op" else rounds
                res[(v, path)] = (ir - null) / ops
            print(f"  hot: {v} done", file=sys.stderr)
    names = list(vs)
    pairs = [(a, b) for a, b in (("ours-shared", "sys-shared"), ("ours-static", "sys-static"),
                                 ("drop-in", "sys-shared"))
             if a in vs and b in vs]
    head = ["path", "measured", "per"] + names + [f"{a} / {b}" for a, b in pairs]
    rows = []
    for path, what, unit, _ in HOT_PATHS:
        row = [path, what, unit] + [fmt(res[(v, path)]) for v in names]
        for a, b in pairs:
            x, y = res[(a, path)], res[(b, path)]
            row.append(f"{x / y:.2f}" if y > 0 else "-")
        rows.append(row)
    return head, rows, res


def perf_ok():
    if not shutil.which("perf"):
        return False
    p = subprocess.run(["perf", "stat", "-x,", "-e", "instructions:u", "true"],
                       capture_output=True, text=True)
    return p.returncode == 0 and re.search(r"^\d+,", p.stderr, re.M) is not None


def perf_run(exe, env, ops, use_perf):
    if not use_perf:
        return run([exe, str(ops)], env), None
    with tempfile.NamedTemporaryFile("r", suffix=".perf") as f:
        out = run(["perf", "stat", "-x,", "-o", f.name, "-e", "instructions:u",
                   exe, str(ops)], env)
        m = re.search(r"^(\d+),", f.read(), re.M)
    return out, int(m.group(1)) if m else None


def tput(bench_dir, lib_dir, runs, ops):
    vs = variants(bench_dir, "nop_tput", lib_dir)
    if not vs:
        sys.exit("bench: no nop_tput binaries (make bench-build)")
    use_perf = perf_ok()
    base = {}
    if use_perf:
        for v, (exe, env, _) in vs.items():
            base[v] = statistics.median(perf_run(exe, env, 0, True)[1] for _ in range(3))
    ns = {v: [] for v in vs}
    cpu = {v: [] for v in vs}
    ins = {v: [] for v in vs}
    names = list(vs)
    for r in range(runs):
        # Rotate the order so that no variant always runs first (or after the same one).
        order = names[r % len(names):] + names[:r % len(names)]
        for v in order:
            exe, env, expect = vs[v]
            out, n = perf_run(exe, env, ops, use_perf)
            check_lib(v, out, expect)
            ns[v].append(int(re.search(r"\bns=(\d+)", out).group(1)) / ops)
            cpu[v].append(int(re.search(r"\bcpu_ns=(\d+)", out).group(1)) / ops)
            if n is not None:
                ins[v].append((n - base[v]) / ops)
        if (r + 1) % 5 == 0 or r + 1 == runs:
            print(f"  tput: run {r + 1}/{runs} done", file=sys.stderr)
    med = {v: statistics.median(ns[v]) for v in names}
    cmed = {v: statistics.median(cpu[v]) for v in names}
    imed = {v: statistics.median(ins[v]) if ins[v] else None for v in names}
    ref = {"ours-shared": "sys-shared", "ours-static": "sys-static", "drop-in": "sys-shared"}
    head = ["variant", "wall ns/NOP median", "min", "max", "Mops/s (median)",
            "CPU ns/NOP median", "user instr/NOP", "vs sys: wall (median)", "wall (min)",
            "CPU", "instr"]

    def ratios(v, r, full):
        if r not in med:
            return ["-"] * (4 if full else 3)
        out = [f"{med[v] / med[r]:.3f}"]
        if full:
            out.append(f"{min(ns[v]) / min(ns[r]):.3f}")
        out.append(f"{cmed[v] / cmed[r]:.3f}")
        out.append(f"{imed[v] / imed[r]:.3f}" if imed[v] and imed[r] else "-")
        return out

    rows = []
    for v in names:
        row = [v, fmt(med[v]), fmt(min(ns[v])), fmt(max(ns[v])), fmt(1e3 / med[v], 2),
               fmt(cmed[v]), fmt(imed[v])]
        row += ratios(v, ref.get(v), True)
        rows.append(row)
    return head, rows, use_perf, {v: sorted(ns[v]) for v in names}


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="build/bench", help="where mk/bench.mk put the binaries")
    ap.add_argument("--lib-dir", default="build", help="where our liburing.so.2 is")
    ap.add_argument("--only", choices=["hot", "tput"])
    ap.add_argument("--rounds", type=int, default=1000, help="hot-path rounds of 32 (default 1000)")
    ap.add_argument("--tput-runs", type=int, default=21,
                    help="throughput runs per variant (default 21)")
    ap.add_argument("--ops", type=int, default=1000000, help="NOPs per throughput run (default 1e6)")
    ap.add_argument("--annotate", action="store_true",
                    help="keep callgrind_annotate output per variant and path in DIR/annotate/")
    ap.add_argument("--out", help="markdown report (default DIR/results.md)")
    ap.add_argument("--variants", help="space-separated variants to run (default: every binary "
                    "found in DIR); drop-in comes with sys-shared")
    a = ap.parse_args()
    global WANTED
    if a.variants:
        WANTED = set(a.variants.split())
    bench_dir, lib_dir = os.path.abspath(a.dir), os.path.abspath(a.lib_dir)
    out_path = a.out or os.path.join(bench_dir, "results.md")

    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    sys_pkg = sh("dpkg-query -W -f='${Package} ${Version}' liburing-dev")
    lib_sum = sh(f"sha256sum {os.path.join(lib_dir, 'liburing.so.2')} | cut -c1-12")
    commit = sh("git rev-parse --short HEAD")
    if commit and sh("git status --porcelain -- src include Cargo.toml Makefile"):
        commit += " + uncommitted changes"
    md = [
        "## Results",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- kernel: {platform.release()}; CPU: {cpu.group(1) if cpu else '?'} "
        f"({os.cpu_count()} CPUs); load average at start: {os.getloadavg()[0]:.2f}",
        f"- compiler: {sh('cc --version | head -n1')}; {sh('valgrind --version')}",
        f"- system liburing: {sys_pkg or '?'}; "
        f"ours: commit {commit or '?'}, liburing.so.2 sha256 {lib_sum or '?'}",
        "",
    ]
    if a.only in (None, "hot"):
        print("bench: hot paths under callgrind ...", file=sys.stderr)
        head, rows, _ = hot(bench_dir, lib_dir, a.rounds,
                            os.path.join(bench_dir, "annotate") if a.annotate else None)
        md += [f"### Hot paths: instructions per operation (callgrind Ir, {a.rounds} rounds "
               f"of {BATCH}, measured region only)", "", table(head, rows), ""]
    if a.only in (None, "tput"):
        print("bench: NOP throughput ...", file=sys.stderr)
        head, rows, used_perf, samples = tput(bench_dir, lib_dir, a.tput_runs, a.ops)
        md += [f"### NOP throughput: {a.ops} NOPs in batches of {BATCH}, "
               f"{a.tput_runs} runs per variant, interleaved", "", table(head, rows), ""]
        if not used_perf:
            md += ["(`perf stat` unavailable: no instruction counts.)", ""]
        md += ["Samples (ns/NOP, sorted): " + "; ".join(
            f"{v}: " + " ".join(f"{x:.1f}" for x in s) for v, s in samples.items()), ""]
    text = "\n".join(md)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        f.write(text)
    print(text)
    print(f"bench: report written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
