#!/usr/bin/env python3
"""Run the benchmark programs built by mk/bench.mk and print a markdown report.

1. Hot paths (hotpath-<variant>): every path runs under callgrind (one run per
   variant, a statistics dump per path) with collection off except inside the
   measured regions, so the count is exact and repeatable. The cost of the
   toggles themselves (path "null", per toggle pair) is subtracted.
2. NOP throughput (nop_tput-<variant>): wall time of 1e6 NOPs in batches of 32,
   the variants interleaved, several runs each, median. With a working
   `perf stat`, user-space instructions per NOP too (a run with 0 ops subtracted).

Variants: ours-shared, ours-static (our include/ + our library), sys-shared,
sys-static (/usr/include + the system's liburing, helpers inline), and drop-in:
the sys-shared binary run with our liburing.so.2 in its place (LD_LIBRARY_PATH).
With --up-dir (mk/bench.mk: LIBURING_UP=prefix), also up-shared, up-static (that
prefix's header + its liburing.so.2 / liburing.a, e.g. liburing 2.15) and
up-drop-in (the up-shared binary run with our liburing.so.2).

Every run is checked: the library that io_uring_submit came from (printed by the
program) and the liburing.h the binary was compiled with (<binary>.d, written by
the compiler) must be the variant's, or the report is refused.
"""

import argparse
import concurrent.futures
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
# mk/bench.mk compiles from the repository's top directory: relative paths in .d files.
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (path, what is counted, unit). The divisor (operations) and the number of
# toggle pairs to subtract come from the program's own report.
HOT_PATHS = [
    ("a", "get_sqe + prep_nop + set_data64, x32, then submit", "SQE"),
    ("sqe", "  of which: get_sqe + prep_nop + set_data64", "SQE"),
    ("submit", "  of which: io_uring_submit of 32 SQEs", "call"),
    ("saw1", "submit_and_wait(1) of 1 NOP", "call"),
    ("b", "peek_batch_cqe(32) + cq_advance", "CQE"),
    ("c", "peek_cqe + cqe_seen", "CQE"),
    ("c0", "peek_cqe on an empty CQ (-EAGAIN)", "call"),
    ("d", "for_each_cqe + cq_advance", "CQE"),
    ("e", "wait_cqe + cqe_seen, CQEs ready", "CQE"),
    ("wnr", "wait_cqe_nr(1) + cqe_seen, CQEs ready", "CQE"),
    ("wto", "wait_cqe_timeout(1 s) + cqe_seen, CQEs ready", "CQE"),
    ("nop1", "NOP batch of 1: get_sqe + prep + submit + peek_batch/advance", "NOP"),
    ("nop32", "NOP batch of 32: the same", "NOP"),
    ("nop256", "NOP batch of 256: the same", "NOP"),
    ("read4k", "get_sqe + prep_read 4 KiB + submit_and_wait(1) + peek + seen", "read"),
    ("readfixed", "the same with prep_read_fixed (registered buffer)", "read"),
]

VARIANT_ORDER = ["ours-shared", "ours-static", "sys-shared", "sys-static", "drop-in",
                 "up-shared", "up-static", "up-drop-in"]
# Ratios in the hot-path table: (ours, reference).
SYS_PAIRS = [("ours-shared", "sys-shared"), ("ours-static", "sys-static"),
             ("drop-in", "sys-shared")]
UP_PAIRS = [("ours-shared", "up-shared"), ("ours-static", "up-static"),
            ("up-drop-in", "up-shared")]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001 - metadata only
        return ""


# Set from --variants: the variants mk/bench.mk built in this run (None: whatever exists).
WANTED = None


class Where:
    """Directories the variants must (not) have used: set from the command line."""
    lib = None          # our liburing.so.2 (a private copy)
    include = None      # our include/
    up = None           # the --up-dir prefix (None: no up variants)
    up_lib = None       # its library directory
    sys_header = "/usr/include/liburing.h"


def variants(bench_dir, prog):
    """{name: (argv0, env_extra, library checks, expected liburing.h)} for the binaries
    that exist. A drop-in variant comes with the shared variant whose binary it runs."""
    lib_dir = Where.lib
    ours_h = os.path.join(Where.include, "liburing.h")
    up_h = os.path.join(Where.up, "include", "liburing.h") if Where.up else None
    others = [("not-under", lib_dir)] + ([("not-under", Where.up_lib)] if Where.up else [])
    spec = {
        "ours-shared": ("ours-shared", {}, [("under", lib_dir)], ours_h),
        "ours-static": ("ours-static", {}, None, ours_h),
        "sys-shared": ("sys-shared", {}, others, Where.sys_header),
        "sys-static": ("sys-static", {}, None, Where.sys_header),
        "drop-in": ("sys-shared", {"LD_LIBRARY_PATH": lib_dir}, [("under", lib_dir)],
                    Where.sys_header),
    }
    if Where.up:
        spec.update({
            "up-shared": ("up-shared", {}, [("under", Where.up_lib)], up_h),
            "up-static": ("up-static", {}, None, up_h),
            "up-drop-in": ("up-shared", {"LD_LIBRARY_PATH": lib_dir}, [("under", lib_dir)],
                           up_h),
        })
    found = {}
    for v in VARIANT_ORDER:
        if v not in spec:
            continue
        built, env, libs, header = spec[v]
        if WANTED is not None and built not in WANTED:
            continue
        exe = os.path.join(bench_dir, f"{prog}-{built}")
        if not os.path.exists(exe):
            continue
        check_header(v, exe, header)
        found[v] = (exe, env, libs if libs is not None else [("exact", exe)])
    return found


def check_header(variant, exe, header):
    """The compiler's dependency list for exe must name exactly `header` as liburing.h."""
    try:
        deps = open(exe + ".d").read().replace("\\\n", " ")
    except OSError:
        sys.exit(f"bench: {exe}.d missing (rebuild: rm -rf build/bench; make bench-build)")
    rule = deps.split("\n\n")[0]
    used = {os.path.realpath(os.path.join(REPO, t)) for t in rule.split(":", 1)[-1].split()
            if os.path.basename(t) == "liburing.h"}
    if used != {os.path.realpath(header)}:
        sys.exit(f"bench: {variant} ({exe}) was compiled with {sorted(used)}, "
                 f"expected {header}")


def check_lib(variant, out, expect):
    m = re.search(r"lib=(\S+)", out)
    lib = os.path.realpath(m.group(1)) if m else "?"
    for kind, where in expect:
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


def annotate(dump, annotate_dir, name):
    """callgrind_annotate of one dump into DIR/<name>.txt, the dump kept as
    DIR/callgrind.out.<name>. The calls that were under way when the statistics
    were zeroed (main and below) appear with a count of 0, which callgrind_annotate
    counts as the caller's own cost: they are left out (they hold no cost of their own)."""
    os.makedirs(annotate_dir, exist_ok=True)
    kept, skip = [], False
    with open(dump) as f:
        for line in f:
            if skip:
                skip = False
            elif line.startswith("calls=0 "):
                skip = True
            else:
                kept.append(line)
    out = os.path.join(annotate_dir, f"callgrind.out.{name}")
    with open(out, "w") as f:
        f.writelines(kept)
    ann = subprocess.run(["callgrind_annotate", "--inclusive=no", out],
                         capture_output=True, text=True).stdout
    with open(os.path.join(annotate_dir, f"{name}.txt"), "w") as f:
        f.write(ann)


def callgrind_paths(exe, env_extra, paths, rounds, tmp, annotate_dir=None, tag=""):
    """{path: (Ir of its measured regions, the program's report)} for one binary: one
    callgrind run does every path, and dumps the statistics after each."""
    out_file = os.path.join(tmp, f"cg.{tag}")
    # Uncompressed names: each dump file must stand alone for callgrind_annotate.
    out = run(["valgrind", "--tool=callgrind", "--collect-atstart=no", "--compress-strings=no",
               f"--callgrind-out-file={out_file}", exe, ",".join(paths), str(rounds), tmp],
              env_extra)
    reports = {}
    for line in out.splitlines():
        rep = dict(re.findall(r"\b(\w+)=(\S+)", line))
        if "path" in rep:
            reports[rep["path"]] = rep
    res = {}
    for n in range(1, len(paths) + 1):
        dump = f"{out_file}.{n}"
        path = total = None
        with open(dump) as f:
            for line in f:
                m = re.match(r"desc: Trigger: Client Request: (\S+)", line)
                if m:
                    path = m.group(1)
                if line.startswith("totals:") or line.startswith("summary:"):
                    total = int(line.split()[1])
        if path not in paths or path not in reports or total is None:
            sys.exit(f"bench: {exe}: dump {dump} is for {path!r}, totals {total}, "
                     f"report {reports.get(path)}")
        if annotate_dir and path != "null":
            annotate(dump, annotate_dir, f"{tag}.{path}")
        res[path] = (total, reports[path])
    if set(res) != set(paths):
        sys.exit(f"bench: {exe}: dumps for {sorted(res)}, expected {sorted(paths)}")
    return res


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def ratio(x, y):
    return f"{x / y:.2f}" if y > 0 else "-"


def hot(bench_dir, rounds, annotate_dir, jobs):
    vs = variants(bench_dir, "hotpath")
    if not vs:
        sys.exit("bench: no hotpath binaries (make bench-build)")
    if not shutil.which("valgrind"):
        sys.exit("bench: valgrind not found (apt-get install -y valgrind)")
    # The counts are exact whatever else runs, so the variants run in parallel.
    paths = ["null"] + [p[0] for p in HOT_PATHS]
    raw = {}
    with tempfile.TemporaryDirectory(dir=bench_dir) as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(callgrind_paths, vs[v][0], vs[v][1], paths, rounds, tmp,
                            annotate_dir, v): v for v in vs}
        for fut in concurrent.futures.as_completed(futs):
            v = futs[fut]
            for path, (total, report) in fut.result().items():
                check_lib(v, "lib=" + report.get("lib", "?"), vs[v][2])
                if "ops" not in report or "pairs" not in report:
                    sys.exit(f"bench: {v} {path}: unexpected report {report}")
                if int(report.get("waits", 0)):
                    print(f"bench: warning: {v} {path}: {report['waits']} waits for NOP "
                          "completions (counted in)", file=sys.stderr)
                raw[(v, path)] = (total, int(report["ops"]), int(report["pairs"]))
            print(f"  hot: {v} done", file=sys.stderr)
    res = {}
    for v in vs:
        null_ir, _, null_pairs = raw[(v, "null")]
        per_pair = null_ir / null_pairs
        for path, _, _ in HOT_PATHS:
            ir, ops, pairs = raw[(v, path)]
            res[(v, path)] = (ir - per_pair * pairs) / ops
    names = list(vs)
    sys_pairs = [(a, b) for a, b in SYS_PAIRS if a in vs and b in vs]
    up_pairs = [(a, b) for a, b in UP_PAIRS if a in vs and b in vs]
    head = (["path", "measured", "per"] + names
            + [f"{a} / {b}" for a, b in sys_pairs + up_pairs])
    rows = []
    for path, what, unit in HOT_PATHS:
        row = [path, what, unit] + [fmt(res[(v, path)]) for v in names]
        row += [ratio(res[(a, path)], res[(b, path)]) for a, b in sys_pairs + up_pairs]
        rows.append(row)
    over = [(path, a, b, res[(a, path)] / res[(b, path)])
            for path, _, _ in HOT_PATHS for a, b in up_pairs
            if res[(a, path)] > res[(b, path)] + 1e-9]
    return head, rows, res, up_pairs, over


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


def tput(bench_dir, runs, ops):
    vs = variants(bench_dir, "nop_tput")
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
    ref = dict(SYS_PAIRS)
    up_ref = {a: b for a, b in UP_PAIRS if a in vs and b in vs}
    head = ["variant", "wall ns/NOP median", "min", "max", "Mops/s (median)",
            "CPU ns/NOP median", "user instr/NOP", "vs sys: wall (median)", "wall (min)",
            "CPU", "instr"]
    if up_ref:
        head += ["vs up: wall (median)", "CPU", "instr"]

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
        if up_ref:
            row += ratios(v, up_ref.get(v), False)
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
    ap.add_argument("--include-dir", default="include", help="our headers (include/)")
    ap.add_argument("--up-dir", help="prefix of an installed liburing (e.g. 2.15): adds the "
                    "variants up-shared, up-static and up-drop-in")
    ap.add_argument("--up-lib-dir", help="its library directory (default UP_DIR/lib)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="callgrind runs in parallel (default: the number of CPUs)")
    ap.add_argument("--only", choices=["hot", "tput"])
    ap.add_argument("--rounds", type=int, default=1000, help="hot-path rounds of 32 (default 1000)")
    ap.add_argument("--tput-runs", type=int, default=21,
                    help="throughput runs per variant (default 21)")
    ap.add_argument("--ops", type=int, default=1000000, help="NOPs per throughput run (default 1e6)")
    ap.add_argument("--annotate", action="store_true",
                    help="keep callgrind_annotate output per variant and path in DIR/annotate/")
    ap.add_argument("--out", help="markdown report (default DIR/results.md)")
    ap.add_argument("--variants", help="space-separated variants to run (default: every binary "
                    "found in DIR); drop-in comes with sys-shared, up-drop-in with up-shared")
    a = ap.parse_args()
    global WANTED
    if a.variants:
        WANTED = set(a.variants.split())
    bench_dir, lib_dir = os.path.abspath(a.dir), os.path.abspath(a.lib_dir)
    Where.lib, Where.include = lib_dir, os.path.abspath(a.include_dir)
    if a.up_dir:
        Where.up = os.path.abspath(a.up_dir)
        Where.up_lib = os.path.abspath(a.up_lib_dir or os.path.join(a.up_dir, "lib"))
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
    ]
    if Where.up:
        up_ver = sh(f"sed -n 's/^#define IO_URING_VERSION_M[A-Z]* //p' "
                    f"{Where.up}/include/liburing/io_uring_version.h | paste -sd.")
        up_sum = sh(f"sha256sum {os.path.join(Where.up_lib, 'liburing.so.2')} | cut -c1-12")
        md.append(f"- up: {Where.up} (liburing {up_ver or '?'}), liburing.so.2 sha256 "
                  f"{up_sum or '?'}")
    md.append("")
    if a.only in (None, "hot"):
        print("bench: hot paths under callgrind ...", file=sys.stderr)
        head, rows, _, up_pairs, over = hot(
            bench_dir, a.rounds, os.path.join(bench_dir, "annotate") if a.annotate else None,
            a.jobs)
        md += [f"### Hot paths: instructions per operation (callgrind Ir, {a.rounds} rounds, "
               "measured regions only)", "", table(head, rows), ""]
        if up_pairs:
            if over:
                md += ["Above liburing from --up-dir (ours / up > 1): " + "; ".join(
                    f"{path} {x} / {y} = {r:.3f}" for path, x, y, r in over), ""]
            else:
                md += ["Nowhere above liburing from --up-dir: every ours / up ratio is <= 1.", ""]
    if a.only in (None, "tput"):
        print("bench: NOP throughput ...", file=sys.stderr)
        head, rows, used_perf, samples = tput(bench_dir, a.tput_runs, a.ops)
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
