#!/bin/sh
# Run the fault-injection test and print its result, then exactly one summary line:
#   faults: N passed, N failed, N skipped (<the test's last line of stdout: the faults injected>)
#
# usage: run.sh <test-binary>; TEST_TIMEOUT (default 60 s) bounds the run.
# Exit 0 = pass, 77 = skip (reason on stderr), anything else = fail; exits 1 if it failed.

out=$(mktemp "${TMPDIR:-/tmp}/faults-out.XXXXXX") || exit 2
err=$(mktemp "${TMPDIR:-/tmp}/faults-err.XXXXXX") || exit 2
trap 'rm -f "$out" "$err"' EXIT
trap 'exit 130' INT TERM

timeout "${TEST_TIMEOUT:-60}" "$1" >"$out" 2>"$err" </dev/null
rc=$?
case $rc in
0)
	partial=$(sed -n 's/^partial skip: //p' "$err" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
	echo "PASS faults${partial:+ (partial skip: $partial)}"
	sed '$d' "$out"
	# the counts per call are in the line above: the summary keeps the totals and the seed
	echo "faults: 1 passed, 0 failed, 0 skipped ($(tail -n 1 "$out" | sed 's/; submit [^;]*;/;/'))"
	;;
77)
	echo "SKIP faults: $(tail -n 1 "$err" | sed 's/^skip: //')"
	echo "faults: 0 passed, 0 failed, 1 skipped"
	;;
*)
	case $rc in
	124) why="timed out after ${TEST_TIMEOUT:-60} s" ;;
	142) why="killed by SIGALRM (its own 20 s alarm: a hang)" ;;
	*) why="exit status $rc" ;;
	esac
	cat "$out" "$err"
	echo "FAIL faults: $why"
	echo "faults: 0 passed, 1 failed, 0 skipped"
	exit 1
	;;
esac
