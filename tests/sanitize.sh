#!/bin/sh
# The sanitizer run of `make check-sanitize` (mk/sanitize.mk builds everything it runs): the
# c-tests and the examples, built with ASan + UBSan against include/ and linked to the
# ASan-built library in <build-dir>, and the abi-compat programs, built with the same flags
# against the system's liburing and run on that library; each suite by its own script.
#
# usage: sanitize.sh <build-dir> <c-test>... -- <abi-compat source.c>...
# env:   CC (the compiler with the sanitizer flags, for abi-compat), EX_TIMEOUT (300 s)
#
# A sanitizer report ends the program (halt_on_error, abort_on_error: it dies by SIGABRT and
# its suite counts a failure) and goes to <build-dir>/reports/ (log_path), not to stderr, so
# that no script's handling of stderr can lose it: one more check, "no sanitizer reports",
# fails if any file is there, and each is shown. A suite that prints no summary line fails.
# Output: the suites' FAIL and summary lines (all their output with V=1; all of it goes to
# <build-dir>/sanitize.log), then exactly one line with the sums and that check:
#   sanitize: N passed, N failed, N skipped (the suites' output: <build-dir>/sanitize.log)
# Exit status 1 if anything failed.

if [ $# -lt 1 ]; then
	echo "usage: $0 <build-dir> <c-test>... -- <abi-compat source.c>..." >&2
	exit 2
fi
root=$(dirname "$0")/..
b=$1
shift
tests=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	tests="$tests $1"
	shift
done
[ $# -gt 0 ] && shift

logs=$(readlink -f "$b")/reports
rm -rf "$logs" && mkdir -p "$logs" || exit 2
# The suites' whole output; only their FAIL and summary lines are shown, unless V=1.
out=$(readlink -f "$b")/sanitize.log
trap 'exit 130' INT TERM

# log_exe_name: report files are named report.<program>.<pid>.
opts="log_path=$logs/report:log_exe_name=1:halt_on_error=1:abort_on_error=1"
export ASAN_OPTIONS="$opts:detect_leaks=1"
export UBSAN_OPTIONS="$opts:print_stacktrace=1"

{
	# shellcheck disable=SC2086
	TEST_TIMEOUT=120 sh "$root/c-tests/run.sh" c-tests $tests
	timeout "${EX_TIMEOUT:-300}" sh "$root/examples/run-checks.sh" "$b/examples"
	TEST_TIMEOUT=60 sh "$root/abi-compat/run.sh" "$b" "$@"
} | tee "$out" | if [ "${V:-0}" = 1 ]; then cat; else
	grep --line-buffered -E '^(FAIL|WARNING|[a-z-]+: [0-9]+ passed, [0-9]+ failed)'; fi

# shellcheck disable=SC2046
set -- $(awk '/^[a-z-]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ {
	n++; p += $2; f += $4; s += $6 } END { print n + 0, p + 0, f + 0, s + 0 }' "$out")
passed=$2 failed=$3 skipped=$4
if [ "$1" -ne 3 ]; then
	echo "FAIL suites: $1 of 3 printed a summary line"
	failed=$((failed + 3 - $1))
fi

if [ -z "$(ls "$logs")" ]; then
	echo "PASS no sanitizer reports"
	passed=$((passed + 1))
else
	n=0
	for r in "$logs"/*; do
		echo "FAIL sanitizer report $r: $(grep -m 1 -E '^SUMMARY: |runtime error: ' "$r")"
		# The first few in full, up to the SUMMARY line (the shadow map after it says little).
		n=$((n + 1))
		[ $n -le 5 ] && sed '/^SUMMARY: /q' "$r" | head -n 40 | sed 's/^/    /'
	done
	failed=$((failed + 1))
fi

echo "sanitize: $passed passed, $failed failed, $skipped skipped (the suites' output: $b/sanitize.log)"
[ "$failed" -eq 0 ]
