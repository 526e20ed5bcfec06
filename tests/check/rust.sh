#!/bin/sh
# make check-rust: cargo test (the unit tests of src/), summarised. Its output, then
#   rust: N passed, N failed, N skipped
# A test that needs a working io_uring where there is none passes after printing
# "skipped: <test>: <reason>" on stderr (src/testing.rs): it is counted as skipped (the line
# may follow libtest's progress dots).
#
# usage: rust.sh      env: CARGO (cargo)
cargo=${CARGO:-cargo}
out=$(mktemp "${TMPDIR:-/tmp}/rust-tests.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT TERM

# --nocapture: the skip lines reach the output (libtest captures a passing test's stderr)
"$cargo" test --quiet -- --nocapture >"$out" 2>&1
rc=$?
cat "$out"
counts=$(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$out" |
	 awk '{ p += $1; f += $2 } END { print p + 0, f + 0, NR }')
set -- $counts
skipped=$(grep -Eo '(^|\.)skipped: ' "$out" | wc -l)
if [ "$3" = 0 ]; then
	echo "rust: 0 passed, 1 failed, 0 skipped (cargo test exited with $rc before running tests)"
	exit 1
fi
[ "$rc" = 0 ] || [ "$2" != 0 ] || set -- "$1" 1
echo "rust: $(($1 - skipped)) passed, $2 failed, $skipped skipped"
[ "$rc" = 0 ]
