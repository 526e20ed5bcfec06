#!/bin/sh
# Install / pkg-config test: `make install` into a staging DESTDIR (never the
# real system), the installed file list, liburing.pc / liburing-ffi.pc, a
# program built through pkg-config against the staged files (shared, and
# static against liburing.a), then `make uninstall` leaving nothing behind.
# Done twice: prefix=/usr, and a custom prefix/libdir/includedir.
#
# usage: tests/install-test.sh        (from anywhere; works on the repo it lives in)
# env:   MAKE (make), CC (cc), TEST_TIMEOUT (seconds per make call, 300)
#
# One line per check (PASS/FAIL/SKIP name), then exactly one summary line:
#   install: N passed, N failed, N skipped
# Exit status 1 if any check failed.

root=$(cd "$(dirname "$0")/.." && pwd)
make=${MAKE:-make}
cc=${CC:-cc}
limit=${TEST_TIMEOUT:-300}
want_version=2.15

suite=install
. "$(dirname "$0")/steps.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-test.XXXXXX") || { echo "install: 0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

have_pc=1
command -v pkg-config >/dev/null 2>&1 || have_pc=0

# ------------------------------------------------------------------ the test program
# argv[1]: "static", or the directory the liburing shared object must come from;
# argv[2]: basename prefix of that shared object (liburing.so / liburing-ffi.so).
cat >"$tmp/prog.c" <<'EOF'
#include <liburing.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if !defined(IO_URING_VERSION_MAJOR) || IO_URING_VERSION_MAJOR != 2 || \
    IO_URING_VERSION_MINOR != 15
#error "this is not the staged liburing 2.15 header"
#endif

#define DIE(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

int main(int argc, char **argv)
{
	struct __kernel_timespec ts = { .tv_sec = 3 };
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe = NULL;
	char line[PATH_MAX + 256], want[PATH_MAX], found[PATH_MAX] = "";
	FILE *f;
	int ret;

	alarm(10);
	if (argc != 3)
		DIE("usage: prog static|<libdir> <soname-prefix>");
	/* which liburing shared object is mapped, if any */
	f = fopen("/proc/self/maps", "r");
	if (!f)
		DIE("/proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/'), *base, *nl;

		if (!path)
			continue;
		if ((nl = strchr(path, '\n')))
			*nl = '\0';
		base = strrchr(path, '/') + 1;
		if (!strncmp(base, "liburing.so", 11) || !strncmp(base, "liburing-ffi.so", 15))
			snprintf(found, sizeof(found), "%s", path);
	}
	fclose(f);
	if (!strcmp(argv[1], "static")) {
		if (found[0])
			DIE("static program has %s mapped", found);
	} else {
		char *slash;

		if (!realpath(argv[1], want))
			DIE("%s: %s", argv[1], strerror(errno));
		if (!found[0])
			DIE("no liburing shared object mapped");
		slash = strrchr(found, '/');
		*slash = '\0';
		if (strcmp(found, want) || strncmp(slash + 1, argv[2], strlen(argv[2])))
			DIE("mapped %s/%s, expected %s/%s*", found, slash + 1, want, argv[2]);
	}
	if (io_uring_major_version() != 2 || io_uring_minor_version() != 15)
		DIE("library version %d.%d", io_uring_major_version(), io_uring_minor_version());
	ret = io_uring_queue_init(4, &ring, 0);
	/* make check's runner found no working io_uring here: the library checks are done */
	if (ret && getenv("URING_UNAVAILABLE")) {
		puts("library ok, no io_uring");
		return 0;
	}
	if (ret)
		DIE("io_uring_queue_init: %d", ret);
	sqe = io_uring_get_sqe(&ring);
	if (!sqe)
		DIE("no SQE");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 0x215);
	ret = io_uring_submit(&ring);
	if (ret != 1)
		DIE("io_uring_submit: %d", ret);
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	if (ret || !cqe)
		DIE("io_uring_wait_cqe_timeout: %d", ret);
	if (cqe->user_data != 0x215 || cqe->res != 0)
		DIE("CQE user_data 0x%llx res %d", (unsigned long long) cqe->user_data, cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	puts("nop ok");
	return 0;
}
EOF

# ------------------------------------------------------------------ helpers

# defines <elf file or archive> <symbol>: a global function defined there
defines() {
	readelf -Ws "$1" 2>/dev/null |
		awk -v s="$2" '$4 == "FUNC" && ($5 == "GLOBAL" || $5 == "WEAK") && $7 != "UND" && $8 == s { f = 1 } END { exit !f }'
}

# Snapshot of real-system paths a broken install could touch.
sys_snapshot() {
	for p in /usr/include/liburing.h /usr/include/liburing /usr/lib/liburing.so.2.15 \
		 /usr/lib/liburing.a /usr/lib/pkgconfig/liburing.pc /usr/lib/pkgconfig/liburing-ffi.pc \
		 /usr/lib/x86_64-linux-gnu/liburing.so.2 /usr/lib/x86_64-linux-gnu/pkgconfig/liburing.pc \
		 /usr/local/include/liburing.h /usr/local/lib/liburing.so.2 /usr/local/lib/pkgconfig \
		 /opt/uring-install-test; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			find "$p" \( -type f -o -type l \) -exec ls -ld --time-style=+%s {} \; 2>/dev/null | sort
			find "$p" -type f -exec md5sum {} \; 2>/dev/null | sort
		else
			echo "absent $p"
		fi
	done
}

# make install/uninstall with the given variables; log in $tmp/make.log
run_make() {
	timeout "$limit" "$make" -C "$root" --no-print-directory "$@" >"$tmp/make.log" 2>&1
}

# The dry run must not name a path outside DESTDIR (besides the tree and /dev/null).
check_dry_run() {	# <destdir> <make vars...>
	dest=$1
	shift
	if ! timeout "$limit" "$make" -n -C "$root" --no-print-directory install "$@" DESTDIR="$dest" \
		>"$tmp/dry.log" 2>&1; then
		err "make -n install failed: $(tail -n 1 "$tmp/dry.log")"
		return 1
	fi
	# single-quoted text (the .pc sed expressions) is data, not a destination
	bad=$(sed "s/'[^']*'//g" "$tmp/dry.log" | tr ' \t;&|()"' '\n\n\n\n\n\n\n' | grep '^/' |
	      grep -v "^$dest" | grep -v "^$root" | grep -v '^/dev/null$' | sort -u | head -n 3)
	if [ -n "$bad" ]; then
		err "make -n install names paths outside DESTDIR: $(echo $bad)"
		return 1
	fi
	return 0
}

# check_tree <destdir> <libdir> <includedir> <prefix>
check_tree() {
	d=$1 L=$1$2 I=$1$3
	note=
	for l in liburing liburing-ffi; do
		so=$L/$l.so.$want_version
		if [ ! -f "$so" ] || [ -L "$so" ]; then
			err "missing $2/$l.so.$want_version"
		else
			[ -x "$so" ] || err "$2/$l.so.$want_version not executable"
			cmp -s "$so" "$root/build/$l.so.$want_version" ||
				err "$2/$l.so.$want_version differs from build/"
			soname=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
			[ "$soname" = "$l.so.2" ] || err "$l.so.$want_version SONAME '$soname', expected $l.so.2"
		fi
		[ -L "$L/$l.so.2" ] && [ "$(readlink "$L/$l.so.2")" = "$l.so.$want_version" ] ||
			err "$2/$l.so.2 is not a symlink to $l.so.$want_version"
		[ -L "$L/$l.so" ] && [ "$(readlink "$L/$l.so")" = "$l.so.2" ] ||
			err "$2/$l.so is not a symlink to $l.so.2"
		[ -e "$L/$l.so" ] || err "$2/$l.so dangles"
		if [ -f "$L/$l.a" ]; then
			ar t "$L/$l.a" >/dev/null 2>&1 || err "$2/$l.a is not an archive"
			# readelf, not nm: GNU nm hands objects carrying .llvmbc to an LLVM
			# plugin when one is installed, and may then list no symbols
			defines "$L/$l.a" io_uring_queue_init ||
				err "$2/$l.a does not define io_uring_queue_init"
		else
			err "missing $2/$l.a"
		fi
		pc=$L/pkgconfig/$l.pc
		if [ ! -f "$pc" ]; then
			err "missing $2/pkgconfig/$l.pc"
			continue
		fi
		grep -qx "Version: $want_version" "$pc" || err "$l.pc: no 'Version: $want_version'"
		grep -qx "Name: $l" "$pc" || err "$l.pc: no 'Name: $l'"
		grep -qx "prefix=$4" "$pc" || err "$l.pc: prefix is not $4"
		grep -qx "libdir=$2" "$pc" || err "$l.pc: libdir is not $2"
		grep -qx "includedir=$3" "$pc" || err "$l.pc: includedir is not $3"
		lname=${l#lib}
		grep -q "^Libs:.*-l$lname\( \|$\)" "$pc" || err "$l.pc: Libs lacks -l$lname"
		grep -q '^Cflags:.*-I${includedir}' "$pc" || err "$l.pc: Cflags lacks -I\${includedir}"
		grep -q '@[a-zA-Z_]*@' "$pc" && err "$l.pc: unsubstituted @...@"
	done
	# headers: the ones liburing installs, and every header of include/, identical
	for h in liburing.h liburing/io_uring.h liburing/compat.h liburing/barrier.h \
		 liburing/io_uring_version.h liburing/io_uring/query.h liburing/io_uring/bpf_filter.h; do
		[ -f "$I/$h" ] || err "missing $3/$h"
	done
	(cd "$root/include" && find . -name '*.h' | sed 's|^\./||') >"$tmp/hdrs"
	while read -r h; do
		if [ -f "$I/$h" ]; then
			cmp -s "$I/$h" "$root/include/$h" || err "$3/$h differs from include/$h"
		else
			err "include/$h not installed"
		fi
	done <"$tmp/hdrs"
	# the compiled uring-status, from build/ (bindir defaults to prefix/bin)
	tool=$d$4/bin/uring-status
	if [ ! -f "$tool" ] || [ ! -x "$tool" ]; then
		err "missing or not executable: $4/bin/uring-status"
	else
		cmp -s "$tool" "$root/build/uring-status" || err "$4/bin/uring-status differs from build/"
		"$tool" --help >/dev/null 2>&1 || err "$4/bin/uring-status --help failed"
	fi
	# modes
	bad=$(find "$I/liburing.h" "$I/liburing" -type f ! -perm 644 2>/dev/null | head -n 1)
	[ -z "$bad" ] || err "header not mode 644: ${bad#$d}"
	for f in "$L"/liburing.a "$L"/liburing-ffi.a "$L"/pkgconfig/*.pc; do
		[ -f "$f" ] && [ "$(stat -c %a "$f")" != 644 ] && err "${f#$d} not mode 644"
	done
	# anything else installed is reported (not an error: other parts of the project
	# may install files), but must go away with uninstall
	extra=$(cd "$d" && find . \( -type f -o -type l \) | sed 's|^\.||' |
		grep -v "^$2/liburing\(-ffi\)\?\(\.so\|\.so\.2\|\.so\.$want_version\|\.a\)$" |
		grep -v "^$2/pkgconfig/liburing\(-ffi\)\?\.pc$" |
		grep -v "^$3/liburing\.h$" | grep -v "^$3/liburing/" | grep -v "^$4/bin/uring-status$" |
		tr '\n' ' ' | sed 's/ $//')
	# a DESTDIR staging tree: say so, with the other files grouped by their directory's parent
	note="into the staging directory DESTDIR=$d, not the system"
	if [ -n "$extra" ]; then
		note="$note; also installed there: $(echo "$extra" | tr ' ' '\n' | awk '
			{ k = $0; sub(/\/[^\/]*\/[^\/]*$/, "", k); n[k]++; last[k] = $0 }
			END { for (k in n) printf "%s%s", (sep++ ? ", " : ""),
				(n[k] == 1 ? last[k] : n[k] " files under " k) }')"
	fi
}

# build_run <name> <sysroot> <pcdir> <libdir-real> <pkg> <static 0|1>
build_run() {
	name=$1 sysroot=$2 pcdir=$3 realib=$4 pkg=$5 static=$6
	begin "$name"
	flags=$(PKG_CONFIG_SYSROOT_DIR=$sysroot PKG_CONFIG_LIBDIR=$pcdir PKG_CONFIG_PATH= \
		pkg-config $( [ "$static" = 1 ] && echo --static) --cflags --libs "$pkg" 2>&1) ||
		{ err "pkg-config $pkg: $flags"; end; return; }
	case " $flags " in
	*" -I$sysroot"*) ;;
	*) err "pkg-config --cflags $pkg does not point into the staged tree: $flags" ;;
	esac
	case " $flags " in
	*" -L$realib "*) ;;
	*) err "pkg-config --libs $pkg lacks -L$realib: $flags" ;;
	esac
	bin=$tmp/$name
	if [ "$static" = 1 ]; then
		# fully static (as README shows) when the C library has an archive
		case $("$cc" -print-file-name=libc.a) in
		/*) link="-static" ;;
		*) link= ; flags="-Wl,-Bstatic $flags -Wl,-Bdynamic" ;;
		esac
	else
		link=
	fi
	# shellcheck disable=SC2086
	if ! timeout 120 "$cc" $link -std=gnu11 -Wall -Wextra -Werror -o "$bin" "$tmp/prog.c" $flags \
		>"$tmp/cc.log" 2>&1; then
		err "build with \`pkg-config $( [ "$static" = 1 ] && echo '--static ')--cflags --libs $pkg\` failed: $(grep -m1 -i 'error' "$tmp/cc.log")"
		end
		return
	fi
	if [ "$static" = 1 ]; then
		readelf -d "$bin" 2>/dev/null | grep -q 'NEEDED.*liburing' &&
			err "static program has a liburing NEEDED entry"
		ldd "$bin" 2>&1 | grep -q 'liburing' && err "ldd lists liburing for the static program"
		defines "$bin" io_uring_prep_nop ||
			err "static program does not contain the library (io_uring_prep_nop)"
		out=$(timeout 20 "$bin" static x 2>&1) || err "static program failed: $out"
	else
		soname=$( [ "$pkg" = liburing ] && echo liburing.so.2 || echo liburing-ffi.so.2)
		readelf -d "$bin" | grep -q "NEEDED.*\[$soname\]" || err "program does not need $soname"
		where=$(LD_LIBRARY_PATH=$realib ldd "$bin" 2>&1 | sed -n "s/.*$soname => \([^ ]*\).*/\1/p")
		[ "$(readlink -f "$where")" = "$(readlink -f "$realib/$soname")" ] ||
			err "ldd resolves $soname to '$where', expected $realib/$soname"
		out=$(LD_LIBRARY_PATH=$realib timeout 20 "$bin" "$realib" "${soname%.2}" 2>&1) ||
			err "program failed: $out"
	fi
	run=
	if [ "$out" = "library ok, no io_uring" ] && [ -n "$URING_UNAVAILABLE" ]; then
		run="the right library loaded; no NOP: io_uring unavailable"
	elif [ "$out" != "nop ok" ] && [ "$nerr" = 0 ]; then
		err "program said: $out"
	fi
	end "$run"
}

# check_uninstalled <destdir>
check_uninstalled() {
	[ -d "$1" ] || return 0
	left=$(cd "$1" && find . \( -type f -o -type l \) | sed 's|^\.||' | head -n 5 | tr '\n' ' ')
	[ -z "$left" ] || err "left behind after uninstall: $left"
}

# ------------------------------------------------------------------ the checks

if [ ! -f "$root/build/liburing.so.$want_version" ]; then
	echo "FAIL install: build/liburing.so.$want_version missing (run make lib first)"
	failed=$((failed + 1))
	summary
fi
sys_snapshot >"$tmp/sys.before"

# 1. prefix=/usr
A=$tmp/a
begin "install-prefix-usr"
installed_a=0
if check_dry_run "$A" prefix=/usr; then
	if run_make install prefix=/usr DESTDIR="$A"; then
		installed_a=1
		check_tree "$A" /usr/lib /usr/include /usr
	else
		err "make install failed: $(tail -n 2 "$tmp/make.log" | tr '\n' ' ')"
	fi
fi
end "$note"

if [ "$have_pc" = 0 ]; then
	for n in pkgconfig-modversion shared-via-pkgconfig ffi-shared-via-pkgconfig static-via-pkgconfig; do
		skip "$n" "pkg-config not installed"
	done
elif [ "$installed_a" = 0 ]; then
	for n in pkgconfig-modversion shared-via-pkgconfig ffi-shared-via-pkgconfig static-via-pkgconfig; do
		skip "$n" "make install did not run (see install-prefix-usr)"
	done
else
	begin "pkgconfig-modversion"
	for pkg in liburing liburing-ffi; do
		v=$(PKG_CONFIG_SYSROOT_DIR=$A PKG_CONFIG_LIBDIR=$A/usr/lib/pkgconfig PKG_CONFIG_PATH= \
			pkg-config --modversion "$pkg" 2>&1)
		[ "$v" = "$want_version" ] || err "pkg-config --modversion $pkg: '$v'"
	done
	end
	build_run shared-via-pkgconfig "$A" "$A/usr/lib/pkgconfig" "$A/usr/lib" liburing 0
	build_run ffi-shared-via-pkgconfig "$A" "$A/usr/lib/pkgconfig" "$A/usr/lib" liburing-ffi 0
	build_run static-via-pkgconfig "$A" "$A/usr/lib/pkgconfig" "$A/usr/lib" liburing 1
fi

begin "uninstall-prefix-usr"
if run_make uninstall prefix=/usr DESTDIR="$A"; then
	check_uninstalled "$A"
else
	err "make uninstall failed: $(tail -n 2 "$tmp/make.log" | tr '\n' ' ')"
fi
end

# 2. custom prefix, libdir and includedir
P=/opt/uring-install-test
B=$tmp/b
vars="prefix=$P libdir=$P/lib64 includedir=$P/inc"
begin "install-custom-dirs"
installed_b=0
# shellcheck disable=SC2086
if check_dry_run "$B" $vars; then
	# shellcheck disable=SC2086
	if run_make install $vars DESTDIR="$B"; then
		installed_b=1
		check_tree "$B" "$P/lib64" "$P/inc" "$P"
		[ -e "$B$P/lib" ] && [ -n "$(find "$B$P/lib" -name 'liburing*' 2>/dev/null)" ] &&
			err "files under $P/lib although libdir=$P/lib64"
		[ -e "$B$P/include" ] && err "$P/include exists although includedir=$P/inc"
	else
		err "make install failed: $(tail -n 2 "$tmp/make.log" | tr '\n' ' ')"
	fi
fi
end "$note"
if [ "$have_pc" = 0 ]; then
	skip custom-shared-via-pkgconfig "pkg-config not installed"
elif [ "$installed_b" = 0 ]; then
	skip custom-shared-via-pkgconfig "make install did not run (see install-custom-dirs)"
else
	build_run custom-shared-via-pkgconfig "$B" "$B$P/lib64/pkgconfig" "$B$P/lib64" liburing 0
fi
begin "uninstall-custom-dirs"
# shellcheck disable=SC2086
if run_make uninstall $vars DESTDIR="$B"; then
	check_uninstalled "$B"
else
	err "make uninstall failed: $(tail -n 2 "$tmp/make.log" | tr '\n' ' ')"
fi
end

# 3. the real system was not touched
begin "system-untouched"
sys_snapshot >"$tmp/sys.after"
if ! cmp -s "$tmp/sys.before" "$tmp/sys.after"; then
	err "system paths changed: $(diff "$tmp/sys.before" "$tmp/sys.after" | grep '^[<>]' | head -n 3 | tr '\n' ' ')"
fi
end

summary
