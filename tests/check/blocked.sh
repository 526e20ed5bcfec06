#!/bin/sh
# make check-blocked: make check's runner where io_uring is blocked, as in a container. Under
# a seccomp filter that answers the io_uring system calls with EPERM (tests/diagnose/no-uring),
# `make check` restricted to two suites, check-c (needs io_uring) and check-diagnose (does
# not), must print the probe's one line naming the cause, skip check-c with that reason, run
# check-diagnose with URING_UNAVAILABLE set (its io_uring part skipped), and exit 0. Then a
# suite that fails (check-selftest-fail) must fail make check, with its FAIL line and log.
#
# usage: blocked.sh <no-uring> <probe> <log dir>     env: MAKE (make)
# One line per check, then: blocked: N passed, N failed, N skipped
no_uring=${1:?usage: blocked.sh <no-uring> <probe> <log dir>}
probe=${2:?usage: blocked.sh <no-uring> <probe> <log dir>}
logs=${3:?usage: blocked.sh <no-uring> <probe> <log dir>}
make=${MAKE:-make}
passed=0 failed=0 skipped=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-blocked.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# has <name> <ERE>: the output has a line matching it
has() {
	grep -Eq -- "$2" "$tmp/out" || { fail "$1" "no line matching '$2' in: $(head -c 600 "$tmp/out" | tr '\n' '|')"; return 1; }
}

# The probe alone, both errnos: exit 1, the cause in one line.
for errno in EPERM ENOSYS; do
	timeout 20 "$no_uring" "$errno" "$probe" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" = 77 ]; then
		echo "SKIP probe-$errno: $(tail -n 1 "$tmp/out")"
		echo "SKIP make-check-blocked: $(tail -n 1 "$tmp/out")"
		echo "blocked: 0 passed, 0 failed, 2 skipped"
		exit 0
	fi
	if [ "$rc" != 1 ]; then
		fail "probe-$errno" "exit $rc, expected 1: $(head -n 1 "$tmp/out")"
	elif has "probe-$errno" "^a seccomp filter .* answers the io_uring system calls with $errno "; then
		pass "probe-$errno"
	fi
done

# make check under the filter: one suite skipped, one run, exit 0.
MAKEFLAGS= timeout 120 "$no_uring" EPERM "$make" --no-print-directory check V=0 \
	SUITES="check-c check-diagnose" CHECK_LOGS="$logs" >"$tmp/out" 2>&1
rc=$?
name=make-check-blocked
if [ "$rc" != 0 ]; then
	fail $name "exit $rc: $(tail -n 5 "$tmp/out" | tr '\n' '|')"
elif ! has $name '^io_uring: unavailable \(a seccomp filter \(Seccomp: 2 in /proc/self/status\) answers the io_uring system calls with EPERM .*\); skipping the 1 suite that needs it$' ||
     ! has $name '^check-c: skipped, io_uring unavailable$' ||
     ! has $name '^diagnose: [1-9][0-9]* passed, 0 failed, 2 skipped$' ||
     ! has $name '^check: 1 suite passed, 1 skipped \(1 needs io_uring\), 0 failed \('; then
	:
elif ! grep -q '^SKIP quiet-working: io_uring unavailable: a seccomp filter' "$logs/check-diagnose.log"; then
	fail $name "check-diagnose did not see URING_UNAVAILABLE: $(grep quiet-working "$logs/check-diagnose.log")"
elif [ "$(wc -l <"$tmp/out")" != 4 ]; then
	fail $name "$(wc -l <"$tmp/out") lines of output, expected 4: $(tr '\n' '|' <"$tmp/out")"
else
	pass "$name (check-c skipped, check-diagnose run)"
fi

# A failing suite fails make check and is shown with its FAIL line and log.
MAKEFLAGS= timeout 60 "$make" --no-print-directory check V=0 SUITES="check-selftest-fail" \
	CHECK_LOGS="$logs" >"$tmp/out" 2>&1
rc=$?
name=make-check-failing-suite
if [ "$rc" = 0 ]; then
	fail $name "exit 0 although a suite failed: $(tr '\n' '|' <"$tmp/out")"
elif has $name '^selftest-fail: 0 passed, 1 failed, 0 skipped$' &&
     has $name '^  FAIL planted: this suite always fails$' &&
     has $name "^  log: $logs/check-selftest-fail.log$" &&
     has $name '^check: 0 suites passed, 0 skipped, 1 failed \('; then
	pass "$name (exit $rc)"
fi

echo "blocked: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
