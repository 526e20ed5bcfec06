#!/bin/sh
# Run the examples against real data and summarise.
#
# usage: run-checks.sh <dir with the example binaries and echo-client>
#
# - io_uring-cp and link-cp copy generated random files (empty, tiny, odd and
#   multi-MB sizes) with several queue depths and block sizes; each copy is
#   compared with cmp;
# - echo-server runs on a free loopback port; several concurrent clients
#   (echo-client) check every echoed byte; it is stopped by SIGTERM, by
#   SIGINT, and by --max-conns;
# - uring-probe must list NOP as supported;
# - the demo that `make` runs (demo.sh) must succeed.
#
# Every command runs under timeout. One line per check:
#   PASS <name> | FAIL <name>: <why> | SKIP <name>: <why>
# then exactly one summary line:
#   examples: N passed, N failed, N skipped
# Exits 1 if a check failed.

ex=${1:?usage: run-checks.sh <examples dir>}
case $ex in /*) ;; *) ex=$(pwd)/$ex ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uring-examples.XXXXXX") || exit 2
passed=0
failed=0
skipped=0
server_pid=

cleanup() {
	if [ -n "$server_pid" ]; then
		kill -KILL "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }

summary() {
	echo "examples: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit $?
}

# --- uring-probe: also tells whether io_uring is usable here at all ---------

timeout 10 "$ex/uring-probe" >"$tmp/probe.out" 2>"$tmp/probe.err"
rc=$?
if [ "$rc" -eq 77 ]; then
	why=$(tail -n 1 "$tmp/probe.err")
	for t in uring-probe io_uring-cp link-cp echo-server demo; do
		skip "$t" "io_uring not available: $why"
	done
	summary
fi
if [ "$rc" -ne 0 ]; then
	fail uring-probe "exit $rc: $(tail -n 1 "$tmp/probe.err")"
elif ! grep -Eq '^ +0 +NOP +supported$' "$tmp/probe.out"; then
	fail uring-probe "NOP is not listed as supported"
elif ! grep -Eq '^  SINGLE_MMAP +(yes|no)$' "$tmp/probe.out"; then
	fail uring-probe "no feature list"
elif ! grep -Eq '^opcodes: [0-9]+ of [0-9]+ supported' "$tmp/probe.out"; then
	fail uring-probe "no opcode summary"
else
	pass "uring-probe ($(grep '^opcodes:' "$tmp/probe.out"))"
fi
timeout 10 "$ex/uring-probe" -s >"$tmp/probe-s.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^features: .*SINGLE_MMAP' "$tmp/probe-s.out"; then
	pass "uring-probe -s"
else
	fail "uring-probe -s" "exit $rc, output: $(head -n 3 "$tmp/probe-s.out" | tr '\n' ' ')"
fi

# --- the demo `make` runs once after building the examples (examples/demo.sh)

if timeout 30 sh "$(dirname "$0")/demo.sh" "$ex" >"$tmp/demo.out" 2>&1; then
	pass demo
else
	fail demo "$(tail -n 1 "$tmp/demo.out")"
fi

# --- the copy programs --------------------------------------------------------

# Sizes: empty, 1 byte, around a page, an odd MB size, and multi-MB ones.
sizes="0 1 4095 4096 4097 65537 1048593 8388608 12582917"
for s in $sizes; do
	head -c "$s" /dev/urandom >"$tmp/in.$s" || { fail setup "cannot write $tmp/in.$s"; summary; }
done

# copy_test <prog> <qd> <bs>: copy every file, compare each copy
copy_test() {
	prog=$1 qd=$2 bs=$3
	name="$prog -q $qd -b $bs"
	for s in $sizes; do
		rm -f "$tmp/out"
		timeout 30 "$ex/$prog" -v -q "$qd" -b "$bs" "$tmp/in.$s" "$tmp/out" 2>"$tmp/cp.err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "$name" "size $s: exit $rc: $(tail -n 1 "$tmp/cp.err")"
			return
		fi
		if ! cmp -s "$tmp/in.$s" "$tmp/out"; then
			fail "$name" "size $s: copy differs ($(cmp "$tmp/in.$s" "$tmp/out" 2>&1 | head -n 1))"
			return
		fi
	done
	pass "$name (sizes $(echo "$sizes" | tr ' ' ','))"
}

for prog in io_uring-cp link-cp; do
	for cfg in "1 4096" "2 3000" "4 4k" "16 64k" "32 128k" "64 1M" "8 1000003"; do
		# shellcheck disable=SC2086
		copy_test $prog $cfg
	done
done

# The short-read path of link-cp: a size that is not a multiple of the block
# size makes the last read short, which cancels its linked write.
timeout 30 "$ex/link-cp" -v -q 4 -b 64k "$tmp/in.1048593" "$tmp/out" 2>"$tmp/cp.err"
rc=$?
stats=$(tail -n 1 "$tmp/cp.err")
if [ "$rc" -eq 0 ] && cmp -s "$tmp/in.1048593" "$tmp/out" &&
   echo "$stats" | grep -q ' 1 short reads, 1 cancelled writes, 1 lone writes'; then
	pass "link-cp short read breaks the link and is finished ($stats)"
else
	fail "link-cp short read" "exit $rc: $stats"
fi

# An existing, longer output file is truncated to the copy.
for prog in io_uring-cp link-cp; do
	cp "$tmp/in.12582917" "$tmp/out"
	timeout 30 "$ex/$prog" -q 8 -b 64k "$tmp/in.65537" "$tmp/out" 2>"$tmp/cp.err"
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$tmp/in.65537" "$tmp/out"; then
		pass "$prog over a longer existing file"
	else
		fail "$prog over a longer existing file" "exit $rc: $(tail -n 1 "$tmp/cp.err")"
	fi
done

# Errors are reported, not ignored.
for prog in io_uring-cp link-cp; do
	timeout 10 "$ex/$prog" "$tmp/does-not-exist" "$tmp/out" 2>/dev/null
	rc1=$?
	timeout 10 "$ex/$prog" -q 0 "$tmp/in.1" "$tmp/out" 2>/dev/null
	rc2=$?
	if [ "$rc1" -eq 1 ] && [ "$rc2" -eq 2 ]; then
		pass "$prog error exits"
	else
		fail "$prog error exits" "missing input gave $rc1 (want 1), -q 0 gave $rc2 (want 2)"
	fi
done

# --- echo-server ---------------------------------------------------------------

# start_server <port> <args...>: start it in the background, wait for its
# "listening on" line, set $port. Returns 1 if it did not come up.
start_server() {
	want=$1
	shift
	: >"$tmp/srv.out"
	: >"$tmp/srv.err"
	# --foreground: timeout then forwards our SIGTERM alone, without the SIGCONT that would
	# cancel the SIGSTOP of LeakSanitizer's exit-time thread suspension (make check-sanitize).
	timeout --foreground 60 "$ex/echo-server" "$@" "$want" >"$tmp/srv.out" 2>"$tmp/srv.err" &
	server_pid=$!
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/^echo-server: listening on [0-9.]*:\([0-9][0-9]*\)$/\1/p' "$tmp/srv.out")
		[ -n "$port" ] && return 0
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	wait "$server_pid" 2>/dev/null
	server_rc=$?
	server_pid=
	return 1
}

# stop_server [signal]: signal it (or just wait, for --max-conns) for at most
# 10 s; sets $server_rc (124/137 if it had to be killed).
stop_server() {
	[ -n "$1" ] && kill "-$1" "$server_pid" 2>/dev/null
	i=0
	while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
		server_rc=137
	else
		wait "$server_pid"
		server_rc=$?
	fi
	server_pid=
}

client() {
	timeout 60 "$ex/echo-client" "$@" 127.0.0.1 "$port" >>"$tmp/cli.out" 2>>"$tmp/cli.err"
}

# srv_check <name> <signal> <expected reason>: stop it and check it exited cleanly
srv_check() {
	name=$1 sig=$2 reason=$3 client_ok=$4
	stop_server "$sig"
	final=$(tail -n 1 "$tmp/srv.out")
	if [ "$client_ok" -ne 0 ]; then
		fail "$name" "client: $(tail -n 1 "$tmp/cli.err")"
	elif [ "$server_rc" -ne 0 ]; then
		fail "$name" "server exit $server_rc: $(tail -n 1 "$tmp/srv.err")"
	elif ! echo "$final" | grep -q "^echo-server: $reason: "; then
		fail "$name" "server's last line: $final"
	elif [ -s "$tmp/srv.err" ]; then
		fail "$name" "server complained: $(tail -n 1 "$tmp/srv.err")"
	else
		clients=$(sed 's/^echo-client: //' "$tmp/cli.out" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
		pass "$name (clients: $clients; server: ${final#echo-server: })"
	fi
}

: >"$tmp/cli.out"
: >"$tmp/cli.err"
if ! start_server 0; then
	rc=$server_rc
	why=$(tail -n 1 "$tmp/srv.err")
	if [ "$rc" -eq 77 ]; then
		skip echo-server "$why"
	else
		fail echo-server "did not start (exit $rc): $why"
	fi
else
	# 16 clients x 2 MiB at once, 4 that reset, then 4 that send nothing; SIGTERM.
	client -c 16 -n 2097152 -a 4 -s 1 && client -c 4 -n 0 -s 2
	srv_check "echo-server 24 concurrent clients, SIGTERM" TERM SIGTERM $?

	# SIGTERM while clients are still sending: the server must still exit 0.
	if start_server 0; then
		timeout 30 "$ex/echo-client" -c 4 -n 60000000 -d 2 -t 20 127.0.0.1 "$port" \
			>/dev/null 2>&1 &
		cpid=$!
		sleep 1
		stop_server TERM
		final=$(tail -n 1 "$tmp/srv.out")
		wait "$cpid"
		crc=$?
		if [ "$server_rc" -eq 0 ] && [ "$crc" -ne 0 ] && [ "$crc" -ne 124 ] &&
		   echo "$final" | grep -q '^echo-server: SIGTERM: 4 connections'; then
			pass "echo-server SIGTERM with 4 busy connections open (server: ${final#echo-server: })"
		else
			fail "echo-server SIGTERM with busy connections" \
				"server exit $server_rc, client exit $crc, last line: $final"
		fi
	else
		fail "echo-server SIGTERM with busy connections" "did not start: $(tail -n 1 "$tmp/srv.err")"
	fi

	# Few, small buffers: receives run out of buffers and must be re-armed.
	: >"$tmp/cli.out"
	: >"$tmp/cli.err"
	if start_server 0 --buffers 4 --buf-size 512; then
		client -c 12 -n 300000 -s 3
		srv_check "echo-server 4 x 512-byte buffers, SIGINT" INT SIGINT $?
	else
		fail "echo-server small buffers" "did not start: $(tail -n 1 "$tmp/srv.err")"
	fi

	# --max-conns: exits by itself once that many have come and gone.
	: >"$tmp/cli.out"
	: >"$tmp/cli.err"
	if start_server 0 --max-conns 10 --buffers 16 --buf-size 1024; then
		client -c 8 -n 500000 -a 2 -s 4
		srv_check "echo-server --max-conns 10" "" "max-conns reached" $?
	else
		fail "echo-server --max-conns" "did not start: $(tail -n 1 "$tmp/srv.err")"
	fi

	# A port given by number: pick a free one (try a few, bind can race).
	: >"$tmp/cli.out"
	: >"$tmp/cli.err"
	started=0
	for try in 1 2 3 4 5; do
		p=$(( ($$ * 7 + try * 7919) % 20000 + 30000 ))
		if start_server "$p" --max-conns 3; then
			started=1
			break
		fi
	done
	if [ $started -eq 1 ] && [ "$port" = "$p" ]; then
		client -c 3 -n 100000 -s 5
		srv_check "echo-server on fixed port $p" "" "max-conns reached" $?
	else
		fail "echo-server on fixed port" "could not start on a chosen port: $(tail -n 1 "$tmp/srv.err")"
	fi
fi

summary
