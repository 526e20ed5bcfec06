#!/usr/bin/env python3
"""Check the man pages against the header, independently of the generator.

usage: check.py --include DIR --man DIR [--cc CC]

What the header holds comes from the compiler (gcc -aux-info for the functions, -E -dD for
the macros), what the pages say from groff's rendering of them. Checks: every function and
public macro has a page; each function page's SYNOPSIS compiles as a redeclaration after
#include <liburing.h> (so it matches the header's prototype); the sections a page needs are
there; every parameter is described; SEE ALSO names pages that exist; groff -ww reports
nothing; the header's comments are C documentation (no Rust markdown).
Prints one line: man: N pages, every function and macro covered ... ; exits 1 on a problem.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
HEADER_FILES = ("liburing.h", "io_uring_version.h")
OURS = re.compile(r"^(_*io_uring|uring_|IO_URING|LIBURING|IOURINGINLINE|_LOCAL_INLINE)")
NOT_API = re.compile(r"^(__NR_|LIB_URING_H$|LIBURING_VERSION_H$)")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def header_api(cc, include, tmp):
    """(functions, macros) that liburing.h declares, as the compiler sees them."""
    src = os.path.join(tmp, "api.c")
    aux = os.path.join(tmp, "api.aux")
    with open(src, "w") as f:
        f.write("#include <liburing.h>\n")
    r = run([cc, "-D_GNU_SOURCE", "-I", include, "-aux-info", aux, "-fsyntax-only", src])
    if r.returncode:
        sys.exit("man: cannot compile liburing.h: " + r.stderr.strip())
    header = os.path.realpath(os.path.join(include, "liburing.h"))
    funcs = set()
    for ln in open(aux):
        m = re.match(r"/\* (.*?):\d+:\w+ \*/ .*?(" + IDENT + r") \(", ln)
        if m and os.path.realpath(m.group(1)) == header:
            funcs.add(m.group(2))
    r = run([cc, "-D_GNU_SOURCE", "-I", include, "-E", "-dD", src])
    macros, where = {}, ""
    for ln in r.stdout.splitlines():
        m = re.match(r'^# \d+ "(.*)"', ln)
        if m:
            where = os.path.basename(m.group(1))
            continue
        m = re.match(r"^#define (" + IDENT + r")(\(([^)]*)\))?", ln)
        if m and where in HEADER_FILES and not NOT_API.match(m.group(1)):
            macros[m.group(1)] = m.group(3)
    return funcs, macros


def render(path):
    """The page as plain text, split into sections; groff's warnings."""
    path = os.path.abspath(path)
    r = run(["groff", "-man", "-Tascii", "-P-cbou", "-ww", "-rLL=200n", path],
            cwd=os.path.dirname(os.path.dirname(path)))
    sections, cur = {}, None
    for ln in r.stdout.splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", ln):
            cur = ln.strip()
            sections[cur] = []
        elif cur:
            sections[cur].append(ln.strip())
    return sections, r.stderr.strip()


def dangling(man, page, secs):
    """SEE ALSO entries naming one of this project's pages (io_uring_setup(2), ...) that is
    not there; the C library's and the kernel's pages (cmsg(3), read(2)) are not checked."""
    out = []
    for name, sec in re.findall(r"(" + IDENT + r"|[a-z-]+)\((\d)\)",
                                " ".join(secs.get("SEE ALSO", []))):
        if (OURS.match(name) or name in ("liburing", "uring-status")) and \
                not os.path.exists(os.path.join(man, "man" + sec, "%s.%s" % (name, sec))):
            out.append("%s: SEE ALSO names %s(%s), which has no page" % (page, name, sec))
    return out


def params_of(proto):
    m = re.search(r"\((.*)\)\s*;", proto)
    if not m or m.group(1).strip() in ("", "void"):
        return []
    names = []
    for p in m.group(1).split(","):
        mm = re.search(r"(" + IDENT + r")\s*(\[[^\]]*\])*\s*$", p.strip())
        if mm:
            names.append(mm.group(1))
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--include", required=True)
    ap.add_argument("--man", required=True)
    ap.add_argument("--cc", default="cc")
    args = ap.parse_args()
    man3 = os.path.join(args.man, "man3")
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        funcs, macros = header_api(args.cc, args.include, tmp)
        pages = {f[:-2] for f in os.listdir(man3) if f.endswith(".3")}
        for name in sorted(funcs | set(macros)):
            if name not in pages:
                bad.append("%s: no man page" % name)
        real = [p for p in sorted(pages)
                if not open(os.path.join(man3, p + ".3")).read().startswith(".so ")]
        protos = {}
        for p in real:
            path = os.path.join(man3, p + ".3")
            secs, warn = render(path)
            if warn:
                bad.append("%s.3: groff: %s" % (p, warn.splitlines()[0]))
            need = ["NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO"]
            need += ["RETURN VALUE"] if p in funcs else []
            for s in need:
                if not any(x.strip() for x in secs.get(s, [])):
                    bad.append("%s.3: no %s section" % (p, s))
            name_line = " ".join(secs.get("NAME", []))
            if not re.match(re.escape(p) + r"\b.* - \S", name_line):
                bad.append("%s.3: NAME line is not '%s - summary'" % (p, p))
            syn = " ".join(secs.get("SYNOPSIS", []))
            syn = re.sub(r"\s+", " ", syn.replace("#include <liburing.h>", "")).strip()
            if p in funcs:
                protos[p] = syn
                text = " ".join(sum((secs.get(s, []) for s in
                                     ("DESCRIPTION", "RETURN VALUE", "ERRORS", "NOTES")), []))
                for prm in params_of(syn):
                    if not re.search(r"\b%s\b" % re.escape(prm), text):
                        bad.append("%s.3: parameter %s is not described" % (p, prm))
            elif p in macros:
                m = re.match(r"#define (" + IDENT + r")(\(([^)]*)\))?", syn)
                if not m or m.group(1) != p:
                    bad.append("%s.3: SYNOPSIS is not '#define %s'" % (p, p))
                elif (m.group(3) is None) != (macros[p] is None) or (
                        m.group(3) is not None and
                        len(m.group(3).split(",")) != len(macros[p].split(","))):
                    bad.append("%s.3: SYNOPSIS arguments differ from the header's" % p)
            bad += dangling(args.man, p + ".3", secs)
        for p in sorted(funcs):
            if p in pages and p not in protos:
                bad.append("%s.3: a function's page must not be an alias" % p)
        # Each SYNOPSIS must be a valid redeclaration of the header's function.
        def compiles(names):
            src = os.path.join(tmp, "syn.c")
            with open(src, "w") as f:
                f.write("#include <liburing.h>\n")
                f.writelines("%s\n" % protos[n] for n in names)
            return run([args.cc, "-std=gnu11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror",
                        "-I", args.include, "-fsyntax-only", src])
        if protos and compiles(sorted(protos)).returncode:
            for n in sorted(protos):
                r = compiles([n])
                if r.returncode:
                    err = [x for x in r.stderr.splitlines() if "error" in x][:1]
                    bad.append("%s.3: SYNOPSIS does not match liburing.h: %s" %
                               (n, err[0] if err else r.stderr.strip()[:200]))
        # The hand-written pages of the other sections.
        others = sorted(os.path.relpath(f, args.man)
                        for f in glob.glob(os.path.join(args.man, "man[124-8]", "*")))
        for need in ("man7/liburing.7", "man1/uring-status.1"):
            if need not in others:
                bad.append("%s: missing" % need)
        for extra in others:
            secs, warn = render(os.path.join(args.man, extra))
            if warn:
                bad.append("%s: groff: %s" % (extra, warn.splitlines()[0]))
            bad += dangling(args.man, os.path.basename(extra), secs)
        # The overview lists every function and macro by family.
        overview = " ".join(sum(render(os.path.join(args.man, "man7/liburing.7"))[0].values(), []))
        for name in sorted(funcs | set(macros)):
            if not re.search(r"(?<![A-Za-z0-9_])%s\(3\)" % re.escape(name), overview):
                bad.append("liburing.7 does not list %s(3)" % name)
    hdr = open(os.path.join(args.include, "liburing.h")).read()
    for c in re.findall(r"/\*.*?\*/", hdr, re.S):
        if "`" in c or re.search(r"^\s*\*\s*#+ [A-Z]", c, re.M):
            bad.append("liburing.h: Rust markdown in a comment: %s" % c.strip()[:80])
            break
    for b in bad:
        print("  " + b)
    if bad:
        print("man: %d problems in %d pages" % (len(bad), len(pages)))
        return 1
    print("man: %d pages, every function and macro covered (%d functions, %d macros, %d other "
          "pages; SYNOPSIS compiled against liburing.h; groff -ww clean)"
          % (len(pages) + len(others), len(funcs), len(macros), len(others)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
