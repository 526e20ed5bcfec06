#!/bin/sh
# Run the Python ctypes test of liburing-ffi with a time bound, and make sure
# exactly one summary line comes out even if the interpreter dies or hangs.
#
# usage: run.sh <path/to/liburing-ffi.so.2>    env: TEST_TIMEOUT (60 s)

lib=$1
limit=${TEST_TIMEOUT:-60}
here=$(dirname "$0")

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP test_ffi: python3 not installed"
	echo "ffi: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
out=$(mktemp "${TMPDIR:-/tmp}/ffi-out.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT TERM

timeout "$limit" python3 "$here/test_ffi.py" "$lib" >"$out" 2>&1 </dev/null
rc=$?
# everything but a summary line, then the summary (or one made up here)
grep -v '^ffi: ' "$out"
if grep -q '^ffi: [0-9]* passed, [0-9]* failed, [0-9]* skipped$' "$out"; then
	grep '^ffi: ' "$out" | tail -n 1
	exit $rc
fi
case $rc in
124) why="timed out after $limit s" ;;
*) if [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"; else why="exit status $rc"; fi ;;
esac
echo "FAIL test_ffi.py: no summary from the test ($why)"
echo "ffi: 0 passed, 1 failed, 0 skipped"
exit 1
