#!/bin/sh
# Binary-compatibility suite: build abi-compat/*.c against the SYSTEM liburing
# (its <liburing.h>, an older 2.x, and its liburing.so.2), then run each
# program twice:
#   control: as built, against the system library (validates the test itself;
#            reported, not counted);
#   ours:    with LD_LIBRARY_PATH=<build dir>, so our liburing.so.2 is loaded
#            in its place (counted).
# Each program checks /proc/self/maps for the library it was promised
# (ABI_EXPECT_DIR) and fails if another one is mapped.
#
# usage: run.sh <build-dir> <source.c>...
# env:   CC (cc; may carry flags: CC="cc -fsanitize=address"), TEST_TIMEOUT
#        (30 s per run), ABI_SYS_INCLUDE (/usr/include)
#
# Output: one line per program (PASS/SKIP/FAIL name, with the control's
# outcome), then exactly one summary line:
#   abi-compat: N passed, N failed, N skipped
# Exit status 1 if any run against our library failed.

suite=abi-compat
if [ $# -lt 1 ]; then
	echo "usage: $0 <build-dir> <source.c>..." >&2
	exit 2
fi
ours=$1
shift
cc=${CC:-cc}
limit=${TEST_TIMEOUT:-30}
sysinc=${ABI_SYS_INCLUDE:-/usr/include}
srcdir=$(dirname "$0")
out=$ours/abi-compat
sigmsg='^(Aborted|Alarm clock|Segmentation fault|Killed|Terminated|Bus error|Illegal instruction|Floating point exception)( \(core dumped\))?$'

passed=0
failed=0
skipped=0

skip_all() {
	for src in "$@"; do
		echo "SKIP $(basename "$src" .c): $reason"
		skipped=$((skipped + 1))
	done
	echo "$suite: $passed passed, $failed failed, $skipped skipped"
	exit 0
}

if [ ! -f "$sysinc/liburing.h" ]; then
	reason="$sysinc/liburing.h not installed (apt-get install liburing-dev)"
	skip_all "$@"
fi
# The system's shared liburing, as the linker finds it for -luring.
# shellcheck disable=SC2086
sysso=$($cc -print-file-name=liburing.so)
case $sysso in
/*) sysso=$(readlink -f "$sysso") ;;
*) sysso= ;;
esac
if [ -z "$sysso" ] || [ ! -f "$sysso" ]; then
	reason="no system liburing.so found by $cc (liburing-dev installs it)"
	skip_all "$@"
fi
sysdir=$(dirname "$sysso")
ours=$(readlink -f "$ours")
if [ "$sysdir" = "$ours" ]; then
	reason="the system liburing.so resolves into our build dir ($ours)"
	skip_all "$@"
fi
mkdir -p "$out" || exit 2
err=$(mktemp "${TMPDIR:-/tmp}/abi-compat-err.XXXXXX") || exit 2
trap 'rm -f "$err"' EXIT
trap 'exit 130' INT TERM

echo "note: programs built with $sysinc/liburing.h and $sysso; run against $ours/liburing.so.2"

# run <expect-dir> <ours 0|1> <binary>: sets rc and last/partial from stderr
run() {
	if [ "$2" = 1 ]; then
		env LD_LIBRARY_PATH="$1" ABI_EXPECT_DIR="$1" ABI_OURS=1 \
			timeout "$limit" "$3" >/dev/null 2>"$err" </dev/null
	else
		env -u LD_LIBRARY_PATH -u LD_PRELOAD ABI_EXPECT_DIR="$1" ABI_OURS=0 \
			timeout "$limit" "$3" >/dev/null 2>"$err" </dev/null
	fi
	rc=$?
	partial=$(grep '^partial skip: ' "$err" | sed 's/^partial skip: //' |
		  tr '\n' ';' | sed 's/;$//; s/;/; /g')
	last=$(grep -v '^partial skip: ' "$err" | grep -v '^loaded ' |
	       grep -v '^[[:space:]]*$' | grep -Ev "$sigmsg" | tail -n 1)
	case $rc in
	0) outcome=PASS ;;
	77) outcome=SKIP ;;
	124) outcome=FAIL; last="${last:+$last }[timed out after ${limit} s]" ;;
	142) outcome=FAIL; last="${last:+$last }[killed by SIGALRM: a hang]" ;;
	*) outcome=FAIL
	   if [ "$rc" -gt 128 ]; then
		   last="${last:+$last }[killed by signal $((rc - 128))]"
	   else
		   last="${last:+$last }[exit status $rc]"
	   fi ;;
	esac
}

for src in "$@"; do
	name=$(basename "$src" .c)
	bin=$out/$name
	if ! { [ "$bin" -nt "$src" ] && [ "$bin" -nt "$srcdir/compat.h" ] &&
	       [ "$bin" -nt "$sysinc/liburing.h" ]; }; then
		# System header and library only: no -I of ours, no -L of ours.
		# shellcheck disable=SC2086
		if ! $cc -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
			-isystem "$sysinc" -o "$bin" "$src" -L"$sysdir" -luring \
			2>"$err"; then
			rm -f "$bin"
			echo "FAIL $name: does not build against the system header: $(grep error "$err" | head -n 1)"
			failed=$((failed + 1))
			continue
		fi
	fi
	if ! readelf -d "$bin" | grep -q 'NEEDED.*\[liburing\.so\.2\]'; then
		echo "FAIL $name: not dynamically linked to liburing.so.2"
		failed=$((failed + 1))
		continue
	fi

	run "$sysdir" 0 "$bin"
	control=$outcome
	[ "$outcome" = PASS ] || control="$outcome${last:+: $last}"

	run "$ours" 1 "$bin"
	note="control (system $(basename "$sysso")): $control"
	[ -n "$partial" ] && note="partial skip: $partial; $note"
	case $outcome in
	PASS)
		echo "PASS $name ($note)"
		passed=$((passed + 1)) ;;
	SKIP)
		echo "SKIP $name: $(echo "$last" | sed 's/^skip: //') ($note)"
		skipped=$((skipped + 1)) ;;
	*)
		echo "FAIL $name: ${last:-failed} ($note)"
		failed=$((failed + 1)) ;;
	esac
	case $control in
	PASS|SKIP*) ;;
	*) echo "WARNING $name: the control run against the system library failed," \
		"so this test is not validated: $control" ;;
	esac
done

echo "$suite: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
