#!/bin/sh
# Run C test binaries and summarise.
#
# usage: run.sh <suite-name> <test-binary>...
#
# Each binary runs under `timeout 60` (override with TEST_TIMEOUT=<seconds>).
# Exit 0 = pass, 77 = skip, anything else = fail. One line per test:
#   PASS <name> [(partial skip: ...)]
#   SKIP <name>: <reason from stderr>
#   FAIL <name>: <last line of stderr, or why it died>
# then exactly one summary line:
#   <suite-name>: N passed, N failed, N skipped
# The script exits 1 if any test failed, 2 on bad usage.

if [ $# -lt 1 ]; then
	echo "usage: $0 <suite-name> <test-binary>..." >&2
	exit 2
fi
suite=$1
shift
limit=${TEST_TIMEOUT:-60}
sigmsg='^(Aborted|Alarm clock|Segmentation fault|Killed|Terminated|Bus error|Illegal instruction|Floating point exception)( \(core dumped\))?$'

passed=0
failed=0
skipped=0
err=$(mktemp "${TMPDIR:-/tmp}/c-tests-err.XXXXXX") || exit 2
trap 'rm -f "$err"' EXIT
trap 'exit 130' INT TERM

for t in "$@"; do
	name=$(basename "$t")
	case $t in
	*/*) cmd=$t ;;
	*) cmd=./$t ;;
	esac
	if [ ! -x "$cmd" ]; then
		echo "FAIL $name: not found or not executable"
		failed=$((failed + 1))
		continue
	fi
	timeout "$limit" "$cmd" >/dev/null 2>"$err" </dev/null
	rc=$?
	partial=$(grep '^partial skip: ' "$err" | sed 's/^partial skip: //' |
		  tr '\n' ';' | sed 's/;$//; s/;/; /g')
	# last line of stderr, not counting partial skips or the shell's own
	# report of a signal death ("Aborted", ...)
	last=$(grep -v '^partial skip: ' "$err" | grep -v '^[[:space:]]*$' |
	       grep -Ev "$sigmsg" | tail -n 1)
	case $rc in
	0)
		if [ -n "$partial" ]; then
			echo "PASS $name (partial skip: $partial)"
		else
			echo "PASS $name"
		fi
		passed=$((passed + 1))
		;;
	77)
		reason=$(echo "$last" | sed 's/^skip: //')
		echo "SKIP $name: ${reason:-no reason given}"
		skipped=$((skipped + 1))
		;;
	*)
		if [ "$rc" -eq 124 ]; then
			why="timed out after ${limit} s"
		elif [ "$rc" -eq 142 ]; then
			why="killed by SIGALRM (its own 20 s alarm: a hang)"
		elif [ "$rc" -gt 128 ]; then
			why="killed by signal $((rc - 128))"
		else
			why="exit status $rc"
		fi
		if [ -n "$last" ]; then
			echo "FAIL $name: $last [$why]"
		else
			echo "FAIL $name: $why"
		fi
		failed=$((failed + 1))
		;;
	esac
done

echo "$suite: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
