#!/bin/sh
# The runner of `make check`: probes io_uring once, then runs each suite (a make target) with
# its output in <log dir>/<suite>.log and prints the suite's summary line (the last line of its
# stdout); for a failed suite also its FAIL lines (or the end of its log) and the log's path.
# Ends with the verdict:
#   check: N suites passed, N skipped (reason: N; ...), N failed (T s; logs in <log dir>)
# and exits 1 if a suite failed.
#
# usage: run.sh <log dir> <probe program> <suite>...
# env:   URING_CHECKS  the suites that need a working io_uring: skipped, with the probe's
#                      reason, when it is unavailable; the others then run with
#                      URING_UNAVAILABLE=<reason> in their environment
#        MAKE          (make) runs `$MAKE <suite>`
#        V=1           stream every suite's whole output (and its commands) instead
#        SUITE_TIMEOUT (600) seconds a suite may take before it is stopped and failed
#
# The probe (tests/check/probe.c) sets up a ring with this project's library and completes a
# NOP; when that fails it prints the cause as the library diagnoses it (LIBURING_DEBUG=1).

logs=${1:?usage: run.sh <log dir> <probe> <suite>...}
probe=${2:?usage: run.sh <log dir> <probe> <suite>...}
shift 2
make=${MAKE:-make}
verbose=${V:-0}
limit=${SUITE_TIMEOUT:-600}
start=$(date +%s)
mkdir -p "$logs" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

needs_uring() {
	case " $URING_CHECKS " in *" $1 "*) return 0 ;; esac
	return 1
}

# --- io_uring, probed once

timeout 30 "$probe" >"$logs/probe.log" 2>&1
rc=$?
unset URING_UNAVAILABLE
if [ "$rc" != 0 ]; then
	reason=$(head -n 1 "$logs/probe.log")
	[ "$rc" = 124 ] && reason="the probe ($probe) did not finish within 30 s"
	[ -n "$reason" ] || reason="the probe ($probe) failed with exit status $rc"
	URING_UNAVAILABLE=$reason
	export URING_UNAVAILABLE
	n=0
	for s in "$@"; do needs_uring "$s" && n=$((n + 1)); done
	[ "$n" = 1 ] && what="suite that needs" || what="suites that need"
	echo "io_uring: unavailable ($reason); skipping the $n $what it"
fi

# --- the suites

passed=0 failed=0 skipped=0 uskipped=0
: >"$tmp/reasons"
: >"$logs/failed"
: >"$logs/times"
for s in "$@"; do
	if [ -n "$URING_UNAVAILABLE" ] && needs_uring "$s"; then
		echo "$s: skipped, io_uring unavailable"
		uskipped=$((uskipped + 1))
		skipped=$((skipped + 1))
		continue
	fi
	log=$logs/$s.log
	: >"$log"
	t0=$(date +%s)
	if [ "$verbose" = 1 ]; then
		echo "=== $s"
		{ timeout -k 10 "$limit" "$make" --no-print-directory "$s" 2>&1; echo $? >"$tmp/rc"; } |
			tee "$log"
		cp "$log" "$tmp/out"
	else
		# stdout through tee (the summary is its last line), stderr straight to the log;
		# both append, so the log keeps them in order
		{ timeout -k 10 "$limit" "$make" --no-print-directory "$s" 2>>"$log"; echo $? >"$tmp/rc"; } |
			tee -a "$log" >"$tmp/out"
	fi
	rc=$(cat "$tmp/rc")
	[ "$rc" = 124 ] && echo "$s: stopped after $limit s (SUITE_TIMEOUT)" | tee -a "$log" >>"$tmp/out"
	echo "$s $rc $(($(date +%s) - t0))" >>"$logs/times"
	summary=$(grep -v '^[[:space:]]*$' "$tmp/out" | tail -n 1)
	if [ "$rc" != 0 ]; then
		failed=$((failed + 1))
		echo "$s" >>"$logs/failed"
		[ "$verbose" = 1 ] && continue
		echo "${summary:-$s: failed (exit status $rc, no summary line)}"
		grep -E '^(FAIL|ERROR)\b' "$log" | head -n 15 >"$tmp/fails"
		[ -s "$tmp/fails" ] || grep -v '^[[:space:]]*$' "$log" | tail -n 15 >"$tmp/fails"
		cut -c 1-240 "$tmp/fails" | sed 's/^/  /'
		echo "  log: $log"
		continue
	fi
	why=$(echo "$summary" | sed -n 's/^[^ ]*: skipped, //p')
	if [ -z "$why" ] && echo "$summary" | grep -Eq ': 0 passed, 0 failed, [1-9][0-9]* skipped'; then
		why="every test skipped"
	fi
	if [ -n "$why" ]; then
		skipped=$((skipped + 1))
		echo "$s: $why" >>"$tmp/reasons"
	else
		passed=$((passed + 1))
	fi
	[ "$verbose" = 1 ] || echo "${summary:-$s: passed (no summary line)}"
done

# --- the verdict

# (N need io_uring; <suite>: <its reason>; ...)
{
	[ "$uskipped" = 0 ] || echo "$uskipped need$([ "$uskipped" = 1 ] && echo s) io_uring"
	cat "$tmp/reasons"
} | tr '\n' ';' | sed 's/;$//; s/;/; /g' >"$tmp/why"
[ "$skipped" = 0 ] && reasons= || reasons=" ($(cat "$tmp/why"))"
[ "$passed" = 1 ] && unit=suite || unit=suites
echo "check: $passed $unit passed, $skipped skipped$reasons, $failed failed" \
	"($(($(date +%s) - start)) s; logs in $logs)"
[ "$failed" = 0 ]
