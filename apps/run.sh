#!/bin/bash
# Real applications from Debian, run on our liburing.so.2 instead of the system's.
#
# usage: apps/run.sh [build dir]      (make check-apps)
#
# Each program is a Debian binary dynamically linked to liburing.so.2. It runs
# twice on the same input: once on our library (LD_LIBRARY_PATH=<build dir>)
# and once on the system's. A check passes when
#   - ld.so loaded our library into the process (LD_DEBUG=libs,bindings, or
#     /proc/PID/maps for a server) and bound liburing symbols to it,
#   - the process made io_uring_enter calls (strace -f -c), so its io_uring
#     path really ran, and
#   - the data it produced is identical to the system library's run and to
#     what is expected (checksums, qemu-img compare, pattern reads, find).
# The evidence is printed under each check.
#
# Programs: qemu-img (convert, bench), qemu-io, qemu-nbd (qemu-utils: QEMU's
# block layer with aio=io_uring), plocate (its query path reads the database
# with io_uring) and mariadbd (mariadb-server-core: InnoDB's asynchronous I/O
# goes through liburing when innodb_use_native_aio is on). Missing ones are installed with apt-get when we are
# root; a program that cannot be had is a skip. Every command runs under
# timeout (APPS_TIMEOUT seconds each, default 60).
#
# Output ends with exactly one line: apps: N passed, N failed, N skipped

set -u
export PATH="$PATH:/usr/sbin:/sbin"
B=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "apps: build dir ${1:-build} not found"; exit 2; }
LIB=$B/liburing.so.2
T=${APPS_TIMEOUT:-60}
SYSLIB_DIRS="/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib /usr/lib"

passed=0
failed=0
skipped=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uring-apps.XXXXXX") || exit 2
nbd_pid=

cleanup() {
	[ -n "$nbd_pid" ] && kill -KILL "$nbd_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }
ev() { echo "    evidence: $*"; }
sha() { sha256sum "$1" | cut -c1-16; }

if [ ! -e "$LIB" ]; then
	echo "apps: $LIB not built (make lib)"
	echo "apps: 0 passed, 1 failed, 0 skipped"
	exit 1
fi

# --- tools ----------------------------------------------------------------------

apt_install() {
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
	echo "apps: installing $* with apt-get"
	DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y --no-install-recommends "$@" \
		>>"$tmp/apt.log" 2>&1 && return 0
	timeout 300 apt-get update >>"$tmp/apt.log" 2>&1
	DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y --no-install-recommends "$@" \
		>>"$tmp/apt.log" 2>&1
}

# have <command> <package>: the command is there, installing its package if needed
have() {
	command -v "$1" >/dev/null 2>&1 && return 0
	apt_install "$2" || true
	command -v "$1" >/dev/null 2>&1
}

have strace strace || { echo "apps: strace is needed and could not be installed"; }
HAVE_STRACE=0
command -v strace >/dev/null 2>&1 && HAVE_STRACE=1

# --- running a program on one library or the other, with evidence -------------

# run <tag> <ours|system> <command...>
# Runs the command under timeout and strace -f -c (io_uring syscalls only),
# with ld.so's debug output (libs, bindings) in $tmp/ld.<tag>.<pid>.
# The command's stdout/stderr go to $tmp/<tag>.out / $tmp/<tag>.err.
run() {
	local tag=$1 which=$2
	shift 2
	local envs=(-u LD_LIBRARY_PATH -u LD_PRELOAD LD_DEBUG=libs,bindings "LD_DEBUG_OUTPUT=$tmp/ld.$tag")
	[ "$which" = ours ] && envs+=("LD_LIBRARY_PATH=$B")
	rm -f "$tmp/ld.$tag".*
	if [ $HAVE_STRACE = 1 ]; then
		timeout "$T" strace -f -c -o "$tmp/st.$tag" \
			-e trace=io_uring_setup,io_uring_enter,io_uring_register \
			env "${envs[@]}" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err"
	else
		: >"$tmp/st.$tag"
		timeout "$T" env "${envs[@]}" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err"
	fi
}

# count <tag> <syscall>: calls of that syscall in the strace summary
count() {
	awk -v s="$2" '$NF == s { n = $4 } END { print n + 0 }' "$tmp/st.$1" 2>/dev/null
}

syscalls() {
	echo "io_uring_setup=$(count "$1" io_uring_setup) io_uring_enter=$(count "$1" io_uring_enter)" \
		"io_uring_register=$(count "$1" io_uring_register)"
}

# loaded <tag>: the liburing.so.2 files ld.so initialised in that run
loaded() {
	cat "$tmp/ld.$1".* 2>/dev/null | sed -n 's/.*calling init: \(.*liburing\.so[^ ]*\).*/\1/p' |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}

# bound <tag>: liburing symbols the program bound to our library
bound() {
	cat "$tmp/ld.$1".* 2>/dev/null |
		grep -v "binding file $B/" |
		sed -n "s|.* to $B/liburing\.so\.2 \[[0-9]*\]: normal symbol \`\([^']*\)' \[\([^]]*\)\].*|\1@\2|p" |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}

# evidence <tag-ours> <tag-system> <name>: print it; fail (return 1) unless our
# library was loaded, symbols were bound to it and io_uring_enter was called.
evidence() {
	local o=$1 s=$2 lo ls bo n
	lo=$(loaded "$o")
	ls=$(loaded "$s")
	bo=$(bound "$o")
	n=$(echo "$bo" | wc -w)
	ev "ld.so, our run:    calling init: ${lo:-(none)}"
	ev "ld.so, system run: calling init: ${ls:-(none)}"
	ev "$n liburing symbols bound to our library: $(echo "$bo" | tr ' ' '\n' | head -n 8 | tr '\n' ' ')$([ "$n" -gt 8 ] && echo ...)"
	if [ $HAVE_STRACE = 1 ]; then
		ev "strace -f -c, our run:    $(syscalls "$o")"
		ev "strace -f -c, system run: $(syscalls "$s")"
	fi
	case " $lo " in *" $B/liburing.so.2 "*) ;; *) why="our library was not loaded"; return 1 ;; esac
	case " $ls " in *" $B/"*) why="the system run loaded our library"; return 1 ;; esac
	[ "$n" -gt 0 ] || { why="no liburing symbol was bound to our library"; return 1; }
	if [ $HAVE_STRACE = 1 ] && [ "$(count "$o" io_uring_enter)" -eq 0 ]; then
		why="no io_uring_enter call on our library: the io_uring path did not run"
		return 1
	fi
	return 0
}

# stack <command...>: where each io_uring_setup was called from (strace -k), on
# our library: the last frame in our liburing and the program's frame that called it
stack() {
	[ $HAVE_STRACE = 1 ] || return 0
	timeout "$T" strace -f -k -o "$tmp/stk" -e trace=io_uring_setup \
		env "LD_LIBRARY_PATH=$B" "$@" >/dev/null 2>&1
	local calls
	calls=$(awk -v lib="$B/liburing.so" '
		function flush() {
			if (inblk && last != "") { n[last " <- " caller]++ }
			inblk = 0; last = ""; caller = ""
		}
		/io_uring_setup\(/ { flush(); inblk = 1; total++; next }
		inblk && /^ > / {
			f = $2
			mine = index(f, lib) == 1
			sub(/^.*\//, "", f); sub(/\+0x[0-9a-f]*\)$/, ")", f)
			if (mine) { last = f; next }
			if (last != "" && caller == "") caller = f
			next
		}
		{ flush() }
		END {
			flush()
			for (k in n) { printf "%s%s (x%d)", sep, k, n[k]; sep = "; " }
			if (!total) printf "no io_uring_setup call seen"
		}' "$tmp/stk")
	ev "strace -k, io_uring_setup calls (our $B/liburing.so <- caller): $calls"
}

# --- qemu-img convert with aio=io_uring on both ends ------------------------------

# An image with data and holes: random 1 MiB extents between zero ones.
make_image() {
	local f=$1 mb=$2 i
	truncate -s "${mb}M" "$f"
	for i in $(seq 0 3 $((mb - 1))); do
		head -c 1048576 /dev/urandom | dd of="$f" bs=1M seek="$i" conv=notrunc status=none
	done
	# and one unaligned odd run
	head -c 77777 /dev/urandom | dd of="$f" bs=1 seek=$((mb * 1048576 - 90000)) conv=notrunc status=none
}

qemu_convert() {
	local name="qemu-img convert raw->qcow2->raw (aio=io_uring)" w ok=1 which
	if ! have qemu-img qemu-utils; then
		skip "$name" "qemu-img not available"
		return
	fi
	make_image "$tmp/src.raw" 48
	for which in ours system; do
		w=$tmp/conv.$which
		mkdir -p "$w"
		timeout "$T" qemu-img create -q -f qcow2 "$w/img.qcow2" 48M
		run "cv1.$which" "$which" qemu-img convert -m 8 \
			--image-opts "driver=raw,file.driver=file,file.filename=$tmp/src.raw,file.aio=io_uring" \
			-n --target-image-opts "driver=qcow2,file.driver=file,file.filename=$w/img.qcow2,file.aio=io_uring" ||
			{ fail "$name" "$which: raw->qcow2 exit $?: $(tail -n 1 "$tmp/cv1.$which.err")"; return; }
		timeout "$T" qemu-img create -q -f raw "$w/back.raw" 48M
		run "cv2.$which" "$which" qemu-img convert -m 8 \
			--image-opts "driver=qcow2,file.driver=file,file.filename=$w/img.qcow2,file.aio=io_uring" \
			-n --target-image-opts "driver=raw,file.driver=file,file.filename=$w/back.raw,file.aio=io_uring" ||
			{ fail "$name" "$which: qcow2->raw exit $?: $(tail -n 1 "$tmp/cv2.$which.err")"; return; }
	done
	evidence cv1.ours cv1.system || { fail "$name" "$why"; return; }
	stack qemu-img convert --image-opts "driver=raw,file.driver=file,file.filename=$tmp/src.raw,file.aio=io_uring" \
		-O raw "$tmp/stack.raw"
	rm -f "$tmp/stack.raw"
	ev "strace -f -c, qcow2->raw, our run: $(syscalls cv2.ours)"
	local s0 so ss
	s0=$(sha "$tmp/src.raw")
	so=$(sha "$tmp/conv.ours/back.raw")
	ss=$(sha "$tmp/conv.system/back.raw")
	ev "sha256 of the raw round trip: source $s0, ours $so, system $ss"
	[ "$so" = "$s0" ] && [ "$ss" = "$s0" ] || ok=0
	# qcow2 cluster order may differ between runs with 8 coroutines: compare contents
	timeout "$T" qemu-img compare -q -f qcow2 -F qcow2 "$tmp/conv.ours/img.qcow2" "$tmp/conv.system/img.qcow2" ||
		{ ok=0; ev "qemu-img compare: our qcow2 differs from the system's"; }
	timeout "$T" qemu-img check -q -f qcow2 "$tmp/conv.ours/img.qcow2" ||
		{ ok=0; ev "qemu-img check: our qcow2 has errors"; }
	ev "qemu-img compare ours.qcow2 system.qcow2: identical; qemu-img check ours.qcow2: clean"
	if [ $ok = 1 ]; then
		pass "$name"
	else
		fail "$name" "data differs"
	fi
	rm -rf "$tmp/conv.ours" "$tmp/conv.system"
}

# --- qemu-img bench: 8192 writes then 8192 reads, 32 in flight ------------------

qemu_bench() {
	local name="qemu-img bench -i io_uring, depth 32 (writes with a pattern, then reads)" which
	if ! have qemu-img qemu-utils; then
		skip "$name" "qemu-img not available"
		return
	fi
	head -c 33554432 /dev/zero | tr '\0' '\245' >"$tmp/expect.a5"
	for which in ours system; do
		truncate -s 40M "$tmp/bench.$which"
		run "bw.$which" "$which" qemu-img bench -f raw -i io_uring -w --pattern=0xa5 \
			-c 8192 -d 32 -s 4096 -S 4096 "$tmp/bench.$which" ||
			{ fail "$name" "$which: write bench exit $?: $(tail -n 1 "$tmp/bw.$which.err")"; return; }
		run "br.$which" "$which" qemu-img bench -f raw -i io_uring -c 8192 -d 32 -s 4096 -S 4096 \
			"$tmp/bench.$which" ||
			{ fail "$name" "$which: read bench exit $?: $(tail -n 1 "$tmp/br.$which.err")"; return; }
	done
	evidence bw.ours bw.system || { fail "$name" "$why"; return; }
	ev "strace -f -c, read bench, our run: $(syscalls br.ours)"
	ev "$(head -n 1 "$tmp/bw.ours.out"); $(grep -h 'Run completed' "$tmp/bw.ours.out" "$tmp/br.ours.out" | tr '\n' ' ')"
	local so ss se
	so=$(sha "$tmp/bench.ours")
	ss=$(sha "$tmp/bench.system")
	# 32 MiB of 0xa5 followed by 8 MiB of zeros
	head -c 8388608 /dev/zero >>"$tmp/expect.a5"
	se=$(sha "$tmp/expect.a5")
	ev "sha256 of the written image: ours $so, system $ss, expected $se"
	if [ "$so" = "$se" ] && [ "$ss" = "$se" ] && [ "$(count br.ours io_uring_enter)" -gt 0 ]; then
		pass "$name"
	else
		fail "$name" "image differs or the read bench made no io_uring_enter call"
	fi
	rm -f "$tmp/bench.ours" "$tmp/bench.system" "$tmp/expect.a5"
}

# --- qemu-io -i io_uring: pattern writes and verified reads --------------------

qemu_io() {
	local name="qemu-io -i io_uring (write/aio_write/writev, verified read/aio_read/readv)" which
	if ! have qemu-io qemu-utils; then
		skip "$name" "qemu-io not available"
		return
	fi
	local cmds=(
		-c 'write -P 0x11 0 1M' -c 'aio_write -P 0x22 1M 512k' -c 'aio_write -P 0x33 2M 64k'
		-c 'aio_write -P 0x66 6M 4k' -c 'aio_flush'
		-c 'writev -P 0x44 3M 4k 8k 12k' -c 'write -z 2M 4k' -c 'flush'
		-c 'read -P 0x11 0 1M' -c 'aio_read -P 0x22 1M 512k' -c 'aio_read -P 0x33 2052k 60k'
		-c 'aio_flush' -c 'read -P 0 2M 4k' -c 'readv -P 0x44 3M 4k 8k 12k'
		-c 'read -P 0x66 6M 4k' -c 'read -P 0 7M 1M'
	)
	for which in ours system; do
		head -c 8388608 /dev/zero >"$tmp/io.$which"
		run "io.$which" "$which" qemu-io -i io_uring -f raw "${cmds[@]}" "$tmp/io.$which" ||
			{ fail "$name" "$which: exit $?: $(tail -n 1 "$tmp/io.$which.err")"; return; }
	done
	evidence io.ours io.system || { fail "$name" "$why"; return; }
	stack qemu-io -r -i io_uring -f raw -c 'read 0 4k' "$tmp/io.ours"
	local so ss mo ms bad
	so=$(sha "$tmp/io.ours")
	ss=$(sha "$tmp/io.system")
	# what qemu-io reported, without its timings
	mo=$(grep -E '^(wrote|read) ' "$tmp/io.ours.out" | md5sum | cut -c1-12)
	ms=$(grep -E '^(wrote|read) ' "$tmp/io.system.out" | md5sum | cut -c1-12)
	bad=$(grep -ci 'fail\|mismatch\|error' "$tmp/io.ours.out" "$tmp/io.ours.err" | awk -F: '{ n += $NF } END { print n + 0 }')
	ev "$(grep -cE '^(wrote|read) ' "$tmp/io.ours.out") operations reported, pattern mismatches: $bad"
	ev "sha256 of the image: ours $so, system $ss; md5 of qemu-io's report: ours $mo, system $ms"
	if [ "$so" = "$ss" ] && [ "$mo" = "$ms" ] && [ "$bad" -eq 0 ] &&
	   [ "$(grep -cE '^(wrote|read) ' "$tmp/io.ours.out")" -eq 13 ]; then
		pass "$name"
	else
		fail "$name" "results differ from the system library's"
	fi
	rm -f "$tmp/io.ours" "$tmp/io.system"
}

# --- qemu-nbd --aio=io_uring serving an image; system qemu-img/qemu-io as clients ---

# nbd_session <ours|system>: serve a copy of src.raw, read it all, write a pattern
nbd_session() {
	local which=$1 sock=$tmp/nbd.$which.sock envs=(-u LD_LIBRARY_PATH -u LD_PRELOAD) i
	[ "$which" = ours ] && envs+=("LD_LIBRARY_PATH=$B")
	cp "$tmp/src.raw" "$tmp/nbd.$which.img"
	rm -f "$tmp/nbd.pid" "$sock"
	if [ $HAVE_STRACE = 1 ]; then
		timeout "$T" strace -f -c -o "$tmp/st.nbd.$which" \
			-e trace=io_uring_setup,io_uring_enter,io_uring_register \
			env "${envs[@]}" qemu-nbd --aio=io_uring -f raw -t -e 2 -k "$sock" \
			--pid-file="$tmp/nbd.pid" "$tmp/nbd.$which.img" 2>"$tmp/nbd.$which.err" &
	else
		: >"$tmp/st.nbd.$which"
		timeout "$T" env "${envs[@]}" qemu-nbd --aio=io_uring -f raw -t -e 2 -k "$sock" \
			--pid-file="$tmp/nbd.pid" "$tmp/nbd.$which.img" 2>"$tmp/nbd.$which.err" &
	fi
	local waiter=$!
	for i in $(seq 100); do
		[ -S "$sock" ] && [ -s "$tmp/nbd.pid" ] && break
		sleep 0.05
	done
	nbd_pid=$(cat "$tmp/nbd.pid" 2>/dev/null)
	if [ -z "$nbd_pid" ] || [ ! -S "$sock" ]; then
		why="qemu-nbd did not start: $(tail -n 1 "$tmp/nbd.$which.err")"
		wait "$waiter" 2>/dev/null
		nbd_pid=
		return 1
	fi
	grep -F liburing "/proc/$nbd_pid/maps" | awk '{ print $NF }' | sort -u >"$tmp/nbd.$which.maps"
	# clients on the system library (no LD_LIBRARY_PATH)
	timeout "$T" env -u LD_LIBRARY_PATH qemu-img convert -f raw "nbd+unix:///?socket=$sock" \
		-O raw "$tmp/nbd.$which.read" 2>"$tmp/nbd.$which.cerr" || why="client read failed"
	timeout "$T" env -u LD_LIBRARY_PATH qemu-io -f raw "nbd+unix:///?socket=$sock" \
		-c 'write -P 0x5a 4M 1M' -c 'write -P 0xc3 1000k 24k' -c 'flush' \
		-c 'read -P 0x5a 4M 1M' -c 'read -P 0xc3 1000k 24k' \
		>"$tmp/nbd.$which.io" 2>>"$tmp/nbd.$which.cerr" || why="client write failed"
	kill -TERM "$nbd_pid" 2>/dev/null
	wait "$waiter"
	local rc=$?
	nbd_pid=
	[ $rc -eq 0 ] || why="qemu-nbd exit $rc: $(tail -n 1 "$tmp/nbd.$which.err")"
	return 0
}

qemu_nbd() {
	local name="qemu-nbd --aio=io_uring serving system-library clients" which
	if ! have qemu-nbd qemu-utils; then
		skip "$name" "qemu-nbd not available"
		return
	fi
	[ -f "$tmp/src.raw" ] || make_image "$tmp/src.raw" 48
	for which in ours system; do
		why=
		nbd_session "$which" || { fail "$name" "$which: $why"; return; }
		[ -z "$why" ] || { fail "$name" "$which: $why"; return; }
	done
	ev "/proc/PID/maps of qemu-nbd, our run:    $(tr '\n' ' ' <"$tmp/nbd.ours.maps")"
	ev "/proc/PID/maps of qemu-nbd, system run: $(tr '\n' ' ' <"$tmp/nbd.system.maps")"
	if [ $HAVE_STRACE = 1 ]; then
		ev "strace -f -c, our run:    $(syscalls nbd.ours)"
		ev "strace -f -c, system run: $(syscalls nbd.system)"
	fi
	if ! grep -qx "$B/liburing.so.2.*" "$tmp/nbd.ours.maps"; then
		fail "$name" "our library is not in qemu-nbd's maps"
		return
	fi
	if grep -q "^$B/" "$tmp/nbd.system.maps"; then
		fail "$name" "the system run mapped our library"
		return
	fi
	if [ $HAVE_STRACE = 1 ] && [ "$(count nbd.ours io_uring_enter)" -eq 0 ]; then
		fail "$name" "no io_uring_enter call on our library"
		return
	fi
	local s0 ro rs io is
	s0=$(sha "$tmp/src.raw")
	ro=$(sha "$tmp/nbd.ours.read")
	rs=$(sha "$tmp/nbd.system.read")
	io=$(sha "$tmp/nbd.ours.img")
	is=$(sha "$tmp/nbd.system.img")
	ev "sha256 of the export read by a client: source $s0, ours $ro, system $rs"
	ev "sha256 of the image after client writes: ours $io, system $is"
	if [ "$ro" = "$s0" ] && [ "$rs" = "$s0" ] && [ "$io" = "$is" ] && [ "$io" != "$s0" ]; then
		pass "$name"
	else
		fail "$name" "data differs"
	fi
	rm -f "$tmp"/nbd.*.img "$tmp"/nbd.*.read
}

# --- plocate: queries on a database of a generated tree and of /usr -------------

plocate_check() {
	local name="plocate queries (io_uring reads of the database)"
	if ! have plocate plocate || ! have updatedb.plocate plocate; then
		skip "$name" "plocate not available"
		return
	fi
	# The installed plocate is setgid (group plocate), so ld.so ignores
	# LD_LIBRARY_PATH for it: run a copy without the setgid bit.
	cp "$(command -v plocate)" "$tmp/plocate" && chmod 755 "$tmp/plocate"
	local tree=$tmp/tree d
	for d in $(seq 0 39); do
		mkdir -p "$tree/dir$d/alpha" "$tree/dir$d/beta" "$tree/dir$d/gamma"
		(cd "$tree/dir$d" && touch alpha/file{0..49}_red.txt beta/file{0..49}_green.log \
			gamma/note{0..29}_Blue.md "top$d.conf")
	done
	local up=(--prunepaths "" --prunenames "" --prunefs "" -l no)
	timeout "$T" updatedb.plocate "${up[@]}" -U "$tree" -o "$tmp/tree.db" ||
		{ fail "$name" "updatedb on the test tree failed"; return; }
	timeout "$T" updatedb.plocate "${up[@]}" -U /usr -o "$tmp/usr.db" ||
		{ fail "$name" "updatedb on /usr failed"; return; }

	local q=0 diff=0 truth=0 which qs
	# name|database|arguments; "find:PATTERN" ones are also checked against find
	qs=(
		"tree|file1|find:*file1*"
		"tree|_red.txt|find:*_red.txt*"
		"tree|green dir3/|"
		"tree|-i blue|find:*[Bb][Ll][Uu][Ee]*"
		"tree|-c note|"
		"tree|-b top1|find:*top1*"
		"tree|-r /dir1[0-9]/beta/file4[0-9]_green\\.log$|"
		"tree|nothing-matches-this|"
		"usr|libc|"
		"usr|-i readme|"
		"usr|bin/ python|"
		"usr|-r /share/doc/[a-z]+/copyright$|"
		"usr|-c .so|"
	)
	local entry db args pat
	for entry in "${qs[@]}"; do
		IFS='|' read -r db args pat <<<"$entry"
		q=$((q + 1))
		for which in ours system; do
			# shellcheck disable=SC2086
			run "pl$q.$which" "$which" "$tmp/plocate" -d "$tmp/$db.db" $args
		done
		if ! cmp -s "$tmp/pl$q.ours.out" "$tmp/pl$q.system.out"; then
			diff=$((diff + 1))
			ev "query '$args' on $db: outputs differ"
		fi
		if [ -n "$pat" ]; then
			pat=${pat#find:}
			# plocate matches anywhere in the path (the basename with -b)
			case $args in
			-b*) find "$tree" -mindepth 1 -name "$pat" | sort >"$tmp/truth" ;;
			*) find "$tree" -mindepth 1 -path "*$pat" | sort >"$tmp/truth" ;;
			esac
			if ! sort "$tmp/pl$q.ours.out" | cmp -s - "$tmp/truth"; then
				truth=$((truth + 1))
				ev "query '$args': $(wc -l <"$tmp/pl$q.ours.out") results, find says $(wc -l <"$tmp/truth")"
			fi
		fi
	done
	evidence pl9.ours pl9.system || { fail "$name" "$why"; return; }
	stack "$tmp/plocate" -d "$tmp/usr.db" libc
	local total_o=0 total_s=0 lines=0 i
	for i in $(seq 1 $q); do
		total_o=$((total_o + $(count "pl$i.ours" io_uring_enter)))
		total_s=$((total_s + $(count "pl$i.system" io_uring_enter)))
		lines=$((lines + $(wc -l <"$tmp/pl$i.ours.out")))
		if [ $HAVE_STRACE = 1 ] && [ "$(count "pl$i.ours" io_uring_setup)" -eq 0 ]; then
			ev "query $i made no io_uring_setup call"
		fi
	done
	ev "$q queries, $lines result lines; io_uring_enter calls in all: ours $total_o, system $total_s"
	ev "outputs differing from the system library's: $diff; differing from find: $truth"
	if [ $diff -eq 0 ] && [ $truth -eq 0 ] && [ $lines -gt 1000 ]; then
		pass "$name"
	else
		fail "$name" "$diff outputs differ from the system library's, $truth from find"
	fi
}

# --- mariadbd: InnoDB with innodb_use_native_aio (liburing) ----------------------

# maria_run <tag> <ours|system> <datadir> <sql file>: one bootstrap session
maria_run() {
	local tag=$1 which=$2 dir=$3 sql=$4 user=()
	[ "$(id -u)" = 0 ] && user=(--user=root)
	run "$tag" "$which" "$MARIADBD" --no-defaults --datadir="$dir" "${user[@]}" --bootstrap \
		--skip-grant-tables --skip-networking --socket="$dir/sock" --pid-file="$dir/pid" \
		--innodb-use-native-aio=1 --innodb-buffer-pool-size=6M --innodb-log-file-size=8M \
		--max-recursive-iterations=1000000 --log-error="$tmp/$tag.log" <"$sql"
}

mariadb_check() {
	local name="mariadbd InnoDB on io_uring (bootstrap: load, update, restart, read back)" which w
	MARIADBD=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null)
	if [ -z "$MARIADBD" ]; then
		have mariadbd mariadb-server-core
		MARIADBD=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null)
	fi
	if [ -z "$MARIADBD" ]; then
		skip "$name" "mariadbd not available"
		return
	fi
	for which in ours system; do
		w=$tmp/maria.$which
		mkdir -p "$w/data"
		# 1: create and fill a table bigger than the 6 MiB buffer pool, change it
		cat >"$w/1.sql" <<-EOF
		CREATE DATABASE t;
		CREATE TABLE t.x (id INT PRIMARY KEY, v VARCHAR(200), h CHAR(64)) ENGINE=InnoDB;
		INSERT INTO t.x WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000)
		  SELECT n, REPEAT(CHAR(65 + n % 26), 100 + n % 100), SHA2(n, 256) FROM s;
		SELECT COUNT(*), SUM(CRC32(CONCAT(id, v, h))) FROM t.x INTO OUTFILE '$w/a.txt';
		UPDATE t.x SET v = CONCAT(v, 'x') WHERE id % 7 = 0;
		DELETE FROM t.x WHERE id % 11 = 0;
		SELECT COUNT(*), SUM(CRC32(CONCAT(id, v, h))) FROM t.x INTO OUTFILE '$w/b.txt';
		EOF
		# 2: a new server reads it back from disk through a cold buffer pool
		cat >"$w/2.sql" <<-EOF
		SELECT COUNT(*), SUM(CRC32(CONCAT(id, v, h))), MIN(id), MAX(id) FROM t.x INTO OUTFILE '$w/c.txt';
		SELECT id, h FROM t.x WHERE id % 997 = 0 ORDER BY id INTO OUTFILE '$w/d.txt';
		EOF
		maria_run "my1.$which" "$which" "$w/data" "$w/1.sql" ||
			{ fail "$name" "$which: session 1 exit $?: $(grep -m1 ERROR "$tmp/my1.$which.log")"; return; }
		maria_run "my2.$which" "$which" "$w/data" "$w/2.sql" ||
			{ fail "$name" "$which: session 2 exit $?: $(grep -m1 ERROR "$tmp/my2.$which.log")"; return; }
		cat "$w/a.txt" "$w/b.txt" "$w/c.txt" "$w/d.txt" >"$w/all.txt" 2>/dev/null
	done
	evidence my1.ours my1.system || { fail "$name" "$why"; return; }
	ev "strace -f -c, session 2 (cold reads), our run: $(syscalls my2.ours)"
	ev "error log, our run: $(grep -h -o -e 'InnoDB: Using io_uring' -e 'InnoDB: Using Linux native AIO' "$tmp/my1.ours.log" "$tmp/my2.ours.log" | sort | uniq -c | sed 's/^ *//; s/^1 /once: /; s/^2 /twice: /' | tr '\n' ' ')"
	ev "error log, system run: $(grep -h -o -e 'InnoDB: Using io_uring' -e 'InnoDB: Using Linux native AIO' "$tmp/my1.system.log" "$tmp/my2.system.log" | sort | uniq -c | sed 's/^ *//; s/^1 /once: /; s/^2 /twice: /' | tr '\n' ' ')"
	local ok=1 ic=skipped
	if command -v innochecksum >/dev/null 2>&1; then
		if timeout "$T" innochecksum "$tmp/maria.ours/data/t/x.ibd" >/dev/null 2>&1; then
			ic="all page checksums valid"
		else
			ic="CORRUPT pages"
			ok=0
		fi
	fi
	ev "innochecksum of our run's t/x.ibd: $ic"
	ev "results, our run: $(head -c 200 "$tmp/maria.ours/a.txt" "$tmp/maria.ours/b.txt" "$tmp/maria.ours/c.txt" 2>/dev/null | grep -v '^==>' | grep . | tr '\t\n' ' /' )"
	ev "sha256 of all query results: ours $(sha "$tmp/maria.ours/all.txt"), system $(sha "$tmp/maria.system/all.txt"); $(wc -l <"$tmp/maria.ours/all.txt") lines"
	grep -q 'InnoDB: Using io_uring' "$tmp/my1.ours.log" && grep -q 'InnoDB: Using io_uring' "$tmp/my2.ours.log" ||
		{ ok=0; ev "InnoDB did not use io_uring on our library"; }
	[ "$(count my2.ours io_uring_enter)" -gt 0 ] || [ $HAVE_STRACE = 0 ] || ok=0
	if [ $ok = 1 ] && [ "$(wc -l <"$tmp/maria.ours/all.txt")" -gt 90 ] &&
	   cmp -s "$tmp/maria.ours/all.txt" "$tmp/maria.system/all.txt"; then
		pass "$name"
	else
		fail "$name" "results differ from the system library's, or io_uring was not used"
	fi
	rm -rf "$tmp/maria.ours" "$tmp/maria.system"
}

echo "apps: our library: $(readlink -f "$LIB")"
for d in $SYSLIB_DIRS; do
	if [ -e "$d/liburing.so.2" ]; then
		echo "apps: system library: $(readlink -f "$d/liburing.so.2")"
		break
	fi
done
[ $HAVE_STRACE = 1 ] || echo "apps: strace not available: no syscall counts"

qemu_convert
qemu_bench
qemu_io
qemu_nbd
plocate_check
mariadb_check

echo "apps: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
