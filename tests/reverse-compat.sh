#!/bin/sh
# Reverse compatibility: programs built against OUR include/ must also run on
# liburing's own liburing.so.2, as liburing's header makes its helpers inline.
#
#  1. symbols: every liburing symbol a program references (a name starting
#     with io_uring or __io_uring, or anything versioned LIBURING_*; from
#     `nm -D --undefined-only --with-symbol-versions`) must be exported by
#     liburing 2.15's liburing.so.2 at the same version node (the `liburing`
#     rows of symbols.tsv);
#  2. runtime: a program whose references all exist in the system's
#     liburing.so.2 (Debian: liburing2, 2.3) runs once on ours and once on
#     that one, and must give the same result. A program needing a symbol the
#     system library lacks is skipped, naming that symbol.
#
# The system library is loaded through LD_LIBRARY_PATH from a private
# directory holding only a liburing.so.2 symlink to it (our programs carry a
# DT_RUNPATH to build/, which LD_LIBRARY_PATH overrides); before each run the
# loader is asked (LD_TRACE_LOADED_OBJECTS, as ldd does) which liburing.so.2
# it would load, for the run on ours as well, and a program that would load
# another one fails.
#
# c-tests: exit 0 pass, 77 skip, else fail, on each library (TEST_TIMEOUT s
# per run). Examples: examples/run-checks.sh runs once per library, and an
# example's result is that of its checks (fail if one failed, else pass if
# one passed, else skip). The install test's program (tests/install-test.sh)
# is built here against include/ and only checked for symbols: it insists
# on liburing 2.15 when run.
#
# usage: reverse-compat.sh <build-dir> <symbols.tsv> <c-test>... [--examples <example>...]
# env:   CC (cc), TEST_TIMEOUT (60 s per c-test run), EX_TIMEOUT (300 s per
#        run-checks.sh run), SYSTEM_LIBURING (the system liburing.so.2; by
#        default the one the dynamic loader finds without our run path)
#
# One line per program (PASS/FAIL/SKIP name: why), then exactly one summary
# line: reverse-compat: N passed, N failed, N skipped. Exit 1 if one failed.

suite=reverse-compat
if [ $# -lt 2 ]; then
	echo "usage: $0 <build-dir> <symbols.tsv> <c-test>... [--examples <example>...]" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
tsv=$2
shift 2
cc=${CC:-cc}
limit=${TEST_TIMEOUT:-60}
ex_limit=${EX_TIMEOUT:-300}
ourlib=$(readlink -f "$build/liburing.so.2")

passed=0
failed=0
skipped=0
symskip=
runskip=
pass() { echo "PASS $1${2:+: $2}"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reverse-compat.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ symbol sets

# liburing 2.15's exports, name@version, one a line, sorted
if [ -f "$tsv" ]; then
	awk -F'\t' 'NR > 1 && ($1 == "liburing" || $1 == "liburing.so.2") { print $2 "@" $3 }' \
		"$tsv" | sort -u >"$tmp/ref.syms"
	if [ ! -s "$tmp/ref.syms" ]; then
		fail symbols "no liburing rows in $tsv"
		tsv=
	fi
else
	symskip="$tsv not found"
	tsv=
fi

# The system's liburing.so.2: as the loader finds it for one of our programs
# with its run path ignored (--inhibit-rpath "" names the main program).
find_syslib() {
	for p in "$@"; do
		[ "$p" = --examples ] && continue
		readelf -d "$p" 2>/dev/null | grep -q 'NEEDED.*\[liburing\.so\.2\]' || continue
		interp=$(readelf -l "$p" 2>/dev/null |
			 sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p')
		[ -x "$interp" ] || continue
		env -u LD_LIBRARY_PATH -u LD_PRELOAD "$interp" --inhibit-rpath "" --list "$p" 2>/dev/null |
			sed -n 's/^[[:space:]]*liburing\.so\.2 => \(\/[^ ]*\) (0x.*/\1/p'
		return
	done
}
syslib=${SYSTEM_LIBURING:-$(find_syslib "$@")}
sysname="the system liburing"
if [ -n "$URING_UNAVAILABLE" ]; then
	runskip="io_uring unavailable: $URING_UNAVAILABLE"
elif [ -n "$SYSTEM_LIBURING" ] && [ ! -f "$syslib" ]; then
	runskip="SYSTEM_LIBURING=$syslib: no such file"
elif [ -z "$syslib" ] || [ ! -f "$syslib" ]; then
	runskip="no system liburing.so.2 found by the dynamic loader (Debian: liburing2)"
else
	syslib=$(readlink -f "$syslib")
	case ${syslib##*/} in
	liburing.so.2.*) sysname="the system liburing ${syslib##*/liburing.so.}" ;;
	esac
	if [ "$syslib" = "$ourlib" ] || cmp -s "$syslib" "$ourlib"; then
		runskip="the system liburing.so.2 ($syslib) is this project's library"
	else
		mkdir "$tmp/sys" && ln -s "$syslib" "$tmp/sys/liburing.so.2" || exit 2
		nm -D --defined-only --with-symbol-versions "$syslib" 2>/dev/null |
			awk 'NF >= 3 { s = $3; sub(/@@/, "@", s); print s }' | sort -u >"$tmp/sys.syms"
	fi
fi

# refs <binary> <out>: its undefined liburing symbols, name@version (or just
# name when unversioned), sorted; fails if nm cannot read it
refs() {
	nm -D --undefined-only --with-symbol-versions "$1" >"$tmp/nm.out" 2>"$tmp/nm.err" || return 1
	awk '{ s = $NF; n = s; sub(/@.*/, "", n); v = ""
	       if (index(s, "@")) v = substr(s, index(s, "@") + 1)
	       sub(/^@/, "", v)
	       if (n ~ /^_*io_uring/ || v ~ /^LIBURING_/) print (v == "" ? n : n "@" v) }' \
		"$tmp/nm.out" | sort -u >"$2"
}

# behaviour_missing <name>: prints why the system library cannot pass this
# test although it has every symbol: the test checks behaviour that liburing
# gained later (probed from the version nodes the library defines) or that
# only this library has. Returns 1 when nothing is missing.
behaviour_missing() {
	case $1 in
	init-exit) node=LIBURING_2.5 why="the library allocates NO_MMAP rings since liburing 2.5" ;;
	peek-batch) node=LIBURING_2.15 why="peek_batch passes over CQE_MIXED skip entries since liburing 2.15" ;;
	sockopt-async-workaround)
		echo "tests this library's work-around for kernels 6.7-6.10 (README: Differences from liburing)"
		return 0 ;;
	exit-twice)
		echo "tests this library's harmless second io_uring_queue_exit (README: Differences from liburing)"
		return 0 ;;
	exit-after-failed-init)
		echo "tests this library's harmless io_uring_queue_exit after a failed setup (README: Differences from liburing)"
		return 0 ;;
	*) return 1 ;;
	esac
	readelf -V "$syslib" 2>/dev/null | grep -q "Name: $node\$" && return 1
	echo "$why ($sysname defines no $node)"
}

# join_list <file>: its lines as "a, b, c"
join_list() { sed 's/$/,/' "$1" | tr '\n' ' ' | sed 's/, $//'; }

# bad_symbols <refs>: the references 2.15 does not export, each with where
# 2.15 has that name if at another version, or "(unversioned)"
bad_symbols() {
	comm -23 "$1" "$tmp/ref.syms" | awk -v ref="$tmp/ref.syms" '
		BEGIN { while ((getline l < ref) > 0) { n = l; sub(/@.*/, "", n); at[n] = substr(l, length(n) + 2) } }
		{ n = $0; sub(/@.*/, "", n)
		  if (n == $0) print $0 " (unversioned)"
		  else if (n in at) print $0 " (2.15: @" at[n] ")"
		  else print $0 }'
}

# loads <ours|sys> <binary>: the liburing.so.2 the loader picks for that run
# (empty if none); the loader's complaints go to $tmp/ld.err
loads() {
	if [ "$1" = ours ]; then
		env -u LD_LIBRARY_PATH -u LD_PRELOAD LD_TRACE_LOADED_OBJECTS=1 "$2"
	else
		env -u LD_PRELOAD LD_LIBRARY_PATH="$tmp/sys" LD_TRACE_LOADED_OBJECTS=1 "$2"
	fi 2>"$tmp/ld.err" </dev/null | sed -n 's/^[[:space:]]*liburing\.so\.2 => \(\/[^ ]*\) (0x.*/\1/p'
}

# check_loads <binary>: both runs load the intended library; else says why
check_loads() {
	got=$(loads ours "$1")
	if [ "$(readlink -f "${got:-/nonexistent}")" != "$ourlib" ]; then
		echo "the loader picks '${got:-nothing}' instead of $build/liburing.so.2 $(head -n 1 "$tmp/ld.err")"
		return 1
	fi
	got=$(loads sys "$1")
	if [ "$got" != "$tmp/sys/liburing.so.2" ] || [ -s "$tmp/ld.err" ]; then
		echo "with LD_LIBRARY_PATH the loader picks '${got:-nothing}', not $syslib" \
		     "(DT_RPATH instead of DT_RUNPATH?) $(head -n 1 "$tmp/ld.err")"
		return 1
	fi
}

# ------------------------------------------------------------------ one program

# symbols <name> <binary>: the symbol checks; returns 0 if the program is to
# be run on both libraries, else it has been reported
symbols() {
	name=$1 bin=$2
	if [ ! -x "$bin" ]; then
		fail "$name" "$bin not built"
		return 1
	fi
	if ! refs "$bin" "$tmp/refs"; then
		fail "$name" "nm: $(head -n 1 "$tmp/nm.err")"
		return 1
	fi
	if [ -n "$tsv" ]; then
		bad_symbols "$tmp/refs" >"$tmp/bad"
		if [ -s "$tmp/bad" ]; then
			fail "$name" "references $(wc -l <"$tmp/bad") symbol(s) liburing 2.15's liburing.so.2 does not export: $(join_list "$tmp/bad")"
			return 1
		fi
	fi
	if [ -n "$runskip" ]; then
		if [ -n "$tsv" ]; then
			pass "$name" "its $(wc -l <"$tmp/refs") liburing symbols are liburing 2.15's (not run: see 'runtime')"
		else
			skip "$name" "nothing to check (see 'symbols' and 'runtime')"
		fi
		return 1
	fi
	comm -23 "$tmp/refs" "$tmp/sys.syms" >"$tmp/need"
	if [ -s "$tmp/need" ]; then
		skip "$name" "needs $(join_list "$tmp/need") (not in $sysname)"
		return 1
	fi
	if why=$(behaviour_missing "$name"); then
		skip "$name" "$why"
		return 1
	fi
	if ! readelf -d "$bin" 2>/dev/null | grep -q 'NEEDED.*\[liburing\.so\.2\]'; then
		pass "$name" "does not load liburing.so.2"
		return 1
	fi
	if ! why=$(check_loads "$bin"); then
		fail "$name" "$why"
		return 1
	fi
	return 0
}

# run_ctest <ours|sys> <binary>: sets res to pass, skip or fail and msg to a
# description of the outcome
run_ctest() {
	if [ "$1" = ours ]; then
		env -u LD_LIBRARY_PATH -u LD_PRELOAD timeout "$limit" "$2"
	else
		env -u LD_PRELOAD LD_LIBRARY_PATH="$tmp/sys" timeout "$limit" "$2"
	fi >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	last=$(grep -v '^partial skip: ' "$tmp/err" | grep -v '^[[:space:]]*$' | tail -n 1)
	case $rc in
	0) res=pass msg=pass ;;
	77) res=skip msg="skip (${last#skip: })" ;;
	124) res=fail msg="fail (timed out after $limit s)${last:+: $last}" ;;
	*)
		res=fail
		if [ "$rc" -gt 128 ]; then
			msg="fail (killed by signal $((rc - 128)))${last:+: $last}"
		else
			msg="fail (exit $rc)${last:+: $last}"
		fi
		;;
	esac
}

compare() {	# <name> <ours res> <ours msg> <sys res> <sys msg>
	if [ "$2" != "$4" ]; then
		fail "$1" "ours: $3; $sysname: $5"
	elif [ "$2" = pass ]; then
		pass "$1" "passes on ours and on $sysname"
	elif [ "$2" = skip ]; then
		skip "$1" "skips on both libraries: ours: $3"
	else
		pass "$1" "same failure on both libraries (see its own suite): ours: $3; $sysname: $5"
	fi
}

# ------------------------------------------------------------------ c-tests

examples=
while [ $# -gt 0 ]; do
	if [ "$1" = --examples ]; then
		shift
		examples=$*
		break
	fi
	name=$(basename "$1")
	if symbols "$name" "$1"; then
		run_ctest ours "$1"
		ores=$res omsg=$msg
		run_ctest sys "$1"
		compare "$name" "$ores" "$omsg" "$res" "$msg"
	fi
	shift
done

# ------------------------------------------------------------------ examples

# outcome <run-checks output> <example>: sets res/msg from its check lines
# (a failed setup counts for every example)
outcome() {
	awk -v e="$2" '{ n = $2; sub(/:$/, "", n) }
		($1 == "PASS" || $1 == "FAIL" || $1 == "SKIP") && (n == e || ($1 == "FAIL" && n == "setup"))' \
		"$1" >"$tmp/lines"
	np=$(grep -c '^PASS' "$tmp/lines")
	nf=$(grep -c '^FAIL' "$tmp/lines")
	ns=$(grep -c '^SKIP' "$tmp/lines")
	if [ "$nf" -gt 0 ]; then
		res=fail msg="$nf of $((np + nf + ns)) checks failed, first: $(grep -m 1 '^FAIL' "$tmp/lines" | sed 's/^FAIL //')"
	elif [ "$np" -gt 0 ]; then
		res=pass msg="$np checks passed"
	elif [ "$ns" -gt 0 ]; then
		res=skip msg="skip ($(sed -n '1s/^SKIP [^:]*: //p' "$tmp/lines"))"
	else
		res=none msg="examples/run-checks.sh has no check for it"
	fi
}

if [ -n "$examples" ]; then
	torun=
	for bin in $examples; do
		name=$(basename "$bin")
		symbols "$name" "$bin" && torun="$torun $bin"
	done
	if [ -n "$torun" ]; then
		exdir=$(dirname "$(echo $torun | cut -d ' ' -f 1)")
		env -u LD_LIBRARY_PATH -u LD_PRELOAD timeout "$ex_limit" \
			sh "$root/examples/run-checks.sh" "$exdir" >"$tmp/ex.ours" 2>&1 </dev/null
		orc=$?
		env -u LD_PRELOAD LD_LIBRARY_PATH="$tmp/sys" timeout "$ex_limit" \
			sh "$root/examples/run-checks.sh" "$exdir" >"$tmp/ex.sys" 2>&1 </dev/null
		src=$?
		for bin in $torun; do
			name=$(basename "$bin")
			if [ "$orc" -eq 124 ] || [ "$src" -eq 124 ]; then
				on=$sysname
				[ "$orc" -eq 124 ] && on=ours
				fail "$name" "examples/run-checks.sh timed out after $ex_limit s on $on"
				continue
			fi
			outcome "$tmp/ex.ours" "$name"
			ores=$res omsg=$msg
			outcome "$tmp/ex.sys" "$name"
			if [ "$ores" = none ] || [ "$res" = none ]; then
				fail "$name" "examples/run-checks.sh has no check for it"
			else
				compare "$name" "$ores" "$omsg" "$res" "$msg"
			fi
		done
	fi
fi

# ------------------------------------------------------------------ install test's program

# The program tests/install-test.sh builds through pkg-config against the
# installed (identical) headers; built here against include/ the same way.
sed -n "/^cat >\"\$tmp\/prog.c\" <<'EOF'\$/,/^EOF\$/p" "$root/tests/install-test.sh" |
	sed '1d;$d' >"$tmp/install-prog.c"
if [ ! -s "$tmp/install-prog.c" ]; then
	fail install-test-prog "cannot find its source (cat >\"\$tmp/prog.c\" <<'EOF') in tests/install-test.sh"
elif ! "$cc" -std=gnu11 -Wall -Wextra -Werror -I"$root/include" -o "$tmp/install-test-prog" \
	"$tmp/install-prog.c" -L"$build" -luring -Wl,-rpath,"$build" >"$tmp/cc.log" 2>&1; then
	fail install-test-prog "does not build against include/: $(grep -m 1 -i 'error' "$tmp/cc.log")"
elif symbols install-test-prog "$tmp/install-test-prog"; then
	pass install-test-prog "its liburing symbols are in $sysname, but it insists on liburing 2.15 when run"
fi

# ------------------------------------------------------------------ summary

[ -n "$symskip" ] && skip symbols "$symskip: liburing 2.15's exports not checked"
[ -n "$runskip" ] && skip runtime "$runskip"
echo "$suite: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
