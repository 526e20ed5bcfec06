#!/bin/sh
# A short demo of the examples, run by `make` after building them.
#
# usage: demo.sh <dir with the example binaries>
#
# Prints what the kernel's io_uring supports (uring-probe -s), then copies a
# generated 4 MiB file with io_uring-cp and link-cp, says in words what each
# did (from its -v counts), and compares the copies with the original.
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

# explain <prog> <its -v line>: the counts of that line, in words.
#   io_uring-cp: <size> bytes, qd <qd>, bs <bs>: <r> reads, <w> writes, <sr> short reads, ...
#   link-cp: <size> bytes, qd <qd>, bs <bs>: <p> pairs, <sr> short reads, <cw> cancelled
#            writes, <lw> lone writes, <sw> short writes, <rt> retries
explain() {
	set -- "$1" $(echo "$2" | sed 's/[^0-9]\{1,\}/ /g')
	case $1 in
	io_uring-cp)
		msg="io_uring-cp copied $2 bytes: $5 reads and $6 writes of up to $(($4 / 1024)) KiB, up to $3 in flight"
		[ "$7$8" = 00 ] || msg="$msg; $7 short reads and $8 short writes finished by further requests"
		[ "$9" = 0 ] || msg="$msg; $9 retries"
		;;
	link-cp)
		msg="link-cp copied $2 bytes: $5 linked read->write pairs, up to $3 in flight"
		if [ "$6$7$8" = 111 ]; then
			msg="$msg; the last block is partial: its short read broke the link, cancelling the write, so that block was written alone"
		elif [ "$6$7$8" != 000 ]; then
			msg="$msg; $6 short reads cancelled $7 linked writes, finished by $8 writes on their own"
		fi
		[ "$9" = 0 ] || msg="$msg; $9 short writes"
		[ "${10}" = 0 ] || msg="$msg; ${10} retries"
		;;
	esac
	echo "$msg"
}

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
	echo "demo: $(explain "$prog" "$(tail -n 1 "$tmp/log")"); identical to the original"
	rm -f "$tmp/out"
done
