#!/bin/sh
# LIBURING_DEBUG: the library explains a failed ring setup in one line on stderr,
# names the work-arounds it applies once, and says nothing without the variable.
#
# usage: run.sh <dir with no-uring and setup>
# One line per check, then: diagnose: N passed, N failed, N skipped
dir=${1:?usage: run.sh <dir>}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/diagnose.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

# check <name> <expected stderr lines> <grep pattern or -> <command...>
check() {
	name=$1 want=$2 pattern=$3
	shift 3
	# The checks that set up a real ring need a working io_uring (make check's runner says
	# when it has none); the others block it themselves.
	case $name in
	quiet-working | workaround-once)
		if [ -n "$URING_UNAVAILABLE" ]; then
			echo "SKIP $name: io_uring unavailable: $URING_UNAVAILABLE"
			skipped=$((skipped + 1))
			return
		fi
		;;
	esac
	timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ $rc = 77 ]; then
		echo "SKIP $name: $(tail -n 1 "$tmp/err")"
		skipped=$((skipped + 1))
		return
	fi
	got=$(grep -c . "$tmp/err")
	if [ $rc != 0 ]; then
		why="exit $rc: $(tail -n 1 "$tmp/err")"
	elif [ "$got" != "$want" ]; then
		why="$got lines on stderr, expected $want: $(head -n 3 "$tmp/err" | tr '\n' '|')"
	elif [ "$pattern" != - ] && ! grep -q -- "$pattern" "$tmp/err"; then
		why="stderr lacks '$pattern': $(head -n 1 "$tmp/err")"
	else
		echo "PASS $name"
		passed=$((passed + 1))
		return
	fi
	echo "FAIL $name: $why"
	failed=$((failed + 1))
}

# Two failed queue_inits and a failed io_uring_setup: one line each, naming the cause.
check seccomp-eperm 3 'queue_init failed (-EPERM): a seccomp filter' \
	env LIBURING_DEBUG=1 "$dir/no-uring" EPERM "$dir/setup"
check seccomp-enosys 3 'io_uring_setup failed (-ENOSYS): a seccomp filter' \
	env LIBURING_DEBUG=1 "$dir/no-uring" ENOSYS "$dir/setup"
check seccomp-advice 3 'allow io_uring_setup, io_uring_enter and io_uring_register' \
	env LIBURING_DEBUG=1 "$dir/no-uring" EPERM "$dir/setup"
# Silent without the variable, or with it set to 0, and when setup works.
check quiet-unset 0 - env -u LIBURING_DEBUG "$dir/no-uring" EPERM "$dir/setup"
check quiet-zero 0 - env LIBURING_DEBUG=0 "$dir/no-uring" EPERM "$dir/setup"
check quiet-working 0 - env LIBURING_DEBUG=1 URING_SOCKOPT_ASYNC_WORKAROUND=0 "$dir/setup"
# A work-around is named once per process, however many rings.
check workaround-once 1 'work-around on: IOSQE_ASYNC is cleared' \
	env LIBURING_DEBUG=1 URING_SOCKOPT_ASYNC_WORKAROUND=1 "$dir/setup"

echo "diagnose: $passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
