#!/bin/sh
# A short demo of the examples, run by `make` after building them.
#
# usage: demo.sh <dir with the example binaries>
#
# Prints what the kernel's io_uring supports (uring-probe -s), then copies a
# generated 4 MiB file with io_uring-cp and link-cp and compares the copies.
# Exits non-zero only when an example misbehaves; if io_uring is not
# available here it says so and exits 0, so that the build still succeeds.

ex=${1:?usage: demo.sh <examples dir>}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uring-demo.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

timeout 10 "$ex/uring-probe" -s >"$tmp/probe" 2>&1
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "demo: io_uring is not available here ($(tail -n 1 "$tmp/probe")), skipped"
	exit 0
fi
sed 's/^/demo: /' "$tmp/probe"
[ "$rc" -eq 0 ] || { echo "demo: uring-probe failed (exit $rc)"; exit 1; }

# 4 MiB and 1234 bytes, so that the last block is a short one.
head -c 4195538 /dev/urandom >"$tmp/in" || exit 1
for prog in io_uring-cp link-cp; do
	timeout 10 "$ex/$prog" -v -q 8 -b 64k "$tmp/in" "$tmp/out" 2>"$tmp/log"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "demo: $prog failed (exit $rc): $(tail -n 1 "$tmp/log")"
		exit 1
	fi
	if ! cmp -s "$tmp/in" "$tmp/out"; then
		echo "demo: $prog: the copy differs from the original"
		exit 1
	fi
	echo "demo: $(tail -n 1 "$tmp/log"); cmp: identical"
	rm -f "$tmp/out"
done
