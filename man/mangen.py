#!/usr/bin/env python3
"""Generate the section-3 man pages from the doc comments of include/liburing.h.

The header is the one source of truth: every function and public macro in it carries a
C doc comment (written in the Rust sources or the C twins, see man/README) in this shape:

    /**
     * one-line summary (the NAME line)
     *
     * Description paragraphs naming every parameter as @param.
     *
     * Return: ...            (RETURN VALUE)
     * Errors: -EFOO: when    (ERRORS, one item per errno)
     * Notes: ...             (NOTES)
     * Safety: ...            (NOTES, the pointer contract)
     * Also: NAME, NAME       (other macros this page documents: .so links)
     * See also: name(3), ... (SEE ALSO)
     */

usage: mangen.py --header include/liburing.h --out DIR [--date YYYY-MM-DD] [--strict]
Writes DIR/man3/*.3 and prints how many pages it wrote. --strict fails on any function or
macro without a well-formed comment (make check uses it; previews may not).
"""

import argparse
import os
import re
import sys

SECTION_RE = re.compile(r"^(Return|Errors|Notes|Safety|Also|See also):\s*(.*)$")
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
VERSION = "2.15"


class Entry:
    """A function or macro of the header and the comment right above it."""

    def __init__(self, name, kind, synopsis, params, comment, line, ret=""):
        self.name = name          # function or macro name
        self.kind = kind          # "function" or "macro"
        self.synopsis = synopsis  # prototype or #define line, whitespace normalised
        self.params = params      # [(text before the name, name, text after)] for functions
        self.ret = ret            # a function's return type
        self.line = line          # line of the declaration in the header
        # the comment's lines without the markers (None without a comment); only /** */
        # comments are documentation
        self.doc = comment_lines(comment) if comment else None
        self.is_doc = bool(comment) and comment.startswith("/**")


def comment_lines(text):
    """The lines of a /** */ or /* */ comment without the markers and the leading ' * '."""
    body = text[3:] if text.startswith("/**") else text[2:]
    body = body[:-2]
    out = []
    for ln in body.split("\n"):
        ln = ln.strip()
        if ln.startswith("*"):
            ln = ln[1:]
            if ln.startswith(" "):
                ln = ln[1:]
        out.append(ln.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def split_params(plist):
    """Split a parameter list at top-level commas; (before, name, after) per parameter."""
    parts, depth, cur = [], 0, ""
    for ch in plist:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        cur += ch
    parts.append(cur)
    out = []
    for p in (x.strip() for x in parts):
        if p in ("void", "") or p == "...":
            continue
        m = re.match(r"^(.*?)(" + IDENT + r")(\s*(?:\[[^\]]*\])*)$", p)
        if not m:
            raise ValueError("cannot parse parameter %r" % p)
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def parse_header(text):
    """Every function declaration/definition and #define, with the comment right above it."""
    comment = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
    directive = re.compile(r"#(?:\\\n|[^\n])*")
    statement = re.compile(r"[^;{}]*?[;{}]", re.S)
    # Open braces: True for a block (struct, function body), False for extern "C".
    entries, pending, braces, pos = [], None, [], 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        line = text.count("\n", 0, pos) + 1
        # A comment documents the item right after it (nothing but whitespace between).
        gap = re.sub(r"(?m)^[ \t]*#[ \t]*(if|ifdef|ifndef|else|elif)\b.*$", "",
                     text[pending[1]:pos]) if pending else ""
        doc = pending if pending and not gap.strip() else None
        at_line_start = text[text.rfind("\n", 0, pos) + 1:pos].strip() == ""
        m = comment.match(text, pos)
        if m:
            pending = (m.group(0), m.end())
            pos = m.end()
            continue
        m = directive.match(text, pos) if at_line_start else None
        if m:
            pos = m.end()
            md = re.match(r"#\s*define\s+(" + IDENT + r")(\([^)]*\))?", m.group(0))
            if md and not any(braces):
                add(entries, md.group(1), "macro", "#define " + md.group(1) + (md.group(2) or ""),
                    [], doc, line)
            if md:
                pending = None
            continue
        m = statement.match(text, pos)
        if not m:
            break
        pos = m.end()
        chunk = m.group(0)
        pending = None
        decl = re.sub(r"\s+", " ", chunk[:-1]).strip()
        if chunk.endswith("}"):
            if braces:
                braces.pop()
            continue
        if not any(braces):
            function(entries, decl, doc, line)
        if chunk.endswith("{"):
            braces.append(decl != 'extern "C"')
    return entries


def add(entries, name, kind, synopsis, params, doc, line, ret=""):
    entries.append(Entry(name, kind, synopsis, params, doc[0] if doc else None, line, ret))


def function(entries, decl, doc, line):
    """Record decl if it declares or defines a function."""
    if decl.startswith("typedef") or "=" in decl:
        return
    fm = re.match(r"^(?:(?:IOURINGINLINE|_LOCAL_INLINE|static|inline|extern)\s+)*"
                  r"(.*?\b(" + IDENT + r"))\s*\((.*)\)\s*(?:LIBURING_NOEXCEPT)?$", decl)
    if not fm:
        return
    name = fm.group(2)
    ret = fm.group(1)[: -len(name)].strip()
    sep = "" if ret.endswith("*") else " "
    syn = "%s%s%s(%s);" % (ret, sep, name, fm.group(3).strip())
    add(entries, name, "function", syn, split_params(fm.group(3)), doc, line, ret)


class Doc:
    """A parsed doc comment: summary, description lines and the keyword sections."""

    def __init__(self, lines):
        self.summary = lines[0] if lines else ""
        self.multi_line_summary = len(lines) > 1 and lines[1].strip() != ""
        self.sections = {"Description": []}
        cur = "Description"
        for ln in lines[1:]:
            m = SECTION_RE.match(ln)
            if m:
                cur = m.group(1)
                self.sections.setdefault(cur, [])
                if m.group(2):
                    self.sections[cur].append(m.group(2))
                continue
            self.sections[cur].append(ln)
        for k in self.sections:
            while self.sections[k] and not self.sections[k][0].strip():
                self.sections[k].pop(0)
            while self.sections[k] and not self.sections[k][-1].strip():
                self.sections[k].pop()

    def text(self):
        return "\n".join(sum(self.sections.values(), []))

    def names(self, key):
        return [x.strip() for x in " ".join(self.sections.get(key, [])).split(",") if x.strip()]


def esc(s):
    """Escape plain text for roff (no markup)."""
    s = s.replace("\\", "\\e")
    # A '-' inside a word (non-blocking) is a hyphen; everywhere else (-EINVAL, -1, ->) a minus.
    s = re.sub(r"(?<![A-Za-z])-|-(?![a-z])", r"\\-", s)
    return s


def markup(s):
    """Inline markup: @param in italics, name() and name(N) in bold."""
    out, pos = [], 0
    pat = re.compile(r"@(" + IDENT + r")|\b(" + IDENT + r")\((\d?)\)")
    for m in pat.finditer(s):
        out.append(esc(s[pos:m.start()]))
        if m.group(1):
            out.append("\\fI%s\\fP" % esc(m.group(1)))
        else:
            out.append("\\fB%s\\fP(%s)" % (esc(m.group(2)), m.group(3)))
        pos = m.end()
    out.append(esc(s[pos:]))
    text = "".join(out)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def capitalised(lines):
    """The section text with its first word capitalised if it is a plain word ("the number
    of ..." after "Return:"), not an identifier."""
    if lines and re.match(r"^[a-z]+\b(?![_(])", lines[0]):
        lines = [lines[0][0].upper() + lines[0][1:]] + lines[1:]
    return lines


def paragraphs(lines):
    """Roff for description-like text: paragraphs, '- ' bullets and '-EFOO:' items; an item
    runs on until the next item or a blank line."""
    out = []
    for ln in capitalised(lines):
        s = ln.strip()
        m = re.match(r"^((?:-E[A-Z0-9]+|-errno|-?[0-9]+)(?:,\s*-E[A-Z0-9]+)*)\s*:\s*(.*)$", s)
        if not s:
            if out and out[-1] != ".PP":
                out.append(".PP")
        elif m:
            out += [".TP", ".B %s" % esc(m.group(1))] + ([markup(m.group(2))] if m.group(2) else [])
        elif s.startswith("- "):
            out += [".IP \\(bu 2", markup(s[2:])]
        else:
            out.append(markup(s))
    while out and out[-1] == ".PP":
        out.pop()
    return out


def synopsis_roff(e):
    if e.kind == "macro":
        return [".nf", ".B #include <liburing.h>", ".PP", ".B %s" % esc(e.synopsis), ".fi"]
    out = [".nf", ".B #include <liburing.h>", ".PP"]
    head = "%s %s(" % (e.ret, e.name)
    if e.ret.endswith("*"):
        head = "%s%s(" % (e.ret, e.name)
    if not e.params:
        out.append('.B "%s%s);"' % (esc(head), "void"))
    else:
        pad = " " * len(head)
        for i, (before, name, after) in enumerate(e.params):
            lead = head if i == 0 else pad
            tail = ");" if i == len(e.params) - 1 else ","
            out.append('.BI "%s%s" %s "%s%s"' % (esc(lead), esc(before), esc(name), esc(after),
                                                 tail))
    out.append(".fi")
    return out


def page(e, doc, date):
    names = [e.name] + doc.names("Also")
    out = ['.\\" Generated by man/mangen.py from the doc comment in liburing.h; do not edit.',
           '.TH %s 3 "%s" "liburing %s" "liburing Manual"' % (e.name, date, VERSION),
           ".nh", ".ad l",
           ".SH NAME", "%s \\- %s" % (", ".join(esc(n) for n in names), esc(doc.summary)),
           ".SH SYNOPSIS"]
    out += synopsis_roff(e)
    out += [".SH DESCRIPTION"] + paragraphs(doc.sections["Description"])
    if "Return" in doc.sections:
        out += [".SH RETURN VALUE"] + paragraphs(doc.sections["Return"])
    if "Errors" in doc.sections:
        out += [".SH ERRORS"] + paragraphs(doc.sections["Errors"])
    notes = doc.sections.get("Notes", [])
    if doc.sections.get("Safety"):
        notes = notes + ([""] if notes else []) + doc.sections["Safety"]
    if notes:
        out += [".SH NOTES"] + paragraphs(notes)
    see = [s for s in doc.names("See also") if s != "liburing(7)"] + ["liburing(7)"]
    refs = []
    for s in see:
        m = re.match(r"^(" + IDENT + r"|[A-Za-z0-9_.-]+)\((\d)\)$", s)
        if not m:
            raise ValueError("%s: bad See also entry %r" % (e.name, s))
        refs.append(".BR %s (%s)" % (esc(m.group(1)), m.group(2)))
    out += [".SH SEE ALSO"]
    out += [r + "," for r in refs[:-1]] + refs[-1:]
    return "\n".join(out) + "\n"


def problems(e, doc):
    """What --strict rejects in a comment."""
    bad = []
    if not e.is_doc:
        bad.append("no /** */ doc comment")
        return bad
    if not doc.summary or doc.multi_line_summary or doc.summary.endswith("."):
        bad.append("the summary must be one line without a final period")
    if len(doc.summary) > 70:
        bad.append("summary longer than 70 characters")
    if not doc.sections["Description"]:
        bad.append("no description")
    if e.kind == "function" and "Return" not in doc.sections:
        bad.append("no Return: section")
    text = doc.text()
    for _, p, _ in e.params:
        if not re.search(r"@" + p + r"\b", text):
            bad.append("parameter %s not named as @%s" % (p, p))
    if "`" in text or re.search(r"^#+ ", text, re.M):
        bad.append("Rust markdown (backticks or # headings)")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--date", default="")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    with open(args.header) as f:
        entries = parse_header(f.read())
    # Not API: the include guard, the system call number fallbacks, _LOCAL_INLINE (documented
    # with IOURINGINLINE).
    skip = re.compile(r"^(__NR_|_LOCAL_INLINE$|LIB_URING_H$)")
    os.makedirs(os.path.join(args.out, "man3"), exist_ok=True)
    # Names another page documents ("Also:") get a .so link instead of a page of their own.
    seen = {a for e in entries if e.doc for a in Doc(e.doc).names("Also")}
    failures, written = [], 0
    for e in entries:
        if e.kind == "macro" and skip.match(e.name) or e.name in seen:
            continue
        seen.add(e.name)
        doc = Doc(e.doc or [])
        bad = problems(e, doc)
        if bad:
            failures.append("%s:%d: %s: %s" % (args.header, e.line, e.name, "; ".join(bad)))
            if args.strict or not e.doc:
                continue
        with open(os.path.join(args.out, "man3", e.name + ".3"), "w") as f:
            f.write(page(e, doc, args.date))
        written += 1
        for alias in doc.names("Also"):
            with open(os.path.join(args.out, "man3", alias + ".3"), "w") as f:
                f.write(".so man3/%s.3\n" % e.name)
            written += 1
    for msg in failures:
        print(msg, file=sys.stderr)
    print("mangen: %d pages from %s%s" % (written, args.header,
          ", %d comments to fix" % len(failures) if failures else ""))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
