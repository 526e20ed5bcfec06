#!/bin/sh
# Builds the Debian packages from what `make install` stages (prefix=/usr, Debian's multiarch
# libdir, mandir=/usr/share/man), split into:
#   liburing2      liburing.so.2 (+ DEBIAN/symbols, shlibs, ldconfig trigger)
#   liburing-ffi2  liburing-ffi.so.2 (the same)
#   liburing-dev   headers, liburing{,-ffi}.so symlinks, .a, .pc files, man pages but man1/man8
#   uring-status   /usr/bin/uring-status and its man1/man8 pages (not Multi-Arch: same, whose
#                  files must be identical on every architecture: so not in a library package)
# Every staged file must go to one package: anything else stops the build, so that a new
# `make install` item is packaged (or left out) on purpose.
#
# usage: packaging/deb/build.sh <outdir>        (run from the top of the tree; mk/deb.mk does)
# env:   MAKE, VERSION (2.15), DEB_VERSION (2.15+rust-1), DEB_MAINTAINER, SOURCE_DATE_EPOCH,
#        V=1 to show the commands
set -eu

out=$1
make=${MAKE:-make}
version=${VERSION:?}
debver=${DEB_VERSION:?}
maint=${DEB_MAINTAINER:?}
here=packaging/deb
[ "${V:-}" = 1 ] && set -x

die() { echo "make deb: $*" >&2; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found (a Debian system is needed)"

if command -v dpkg-architecture >/dev/null 2>&1; then
	arch=$(dpkg-architecture -qDEB_HOST_ARCH)
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
else
	arch=$(dpkg --print-architecture)
	ma=$(${CC:-cc} -print-multiarch)
fi
[ -n "$ma" ] || die "cannot tell the multiarch triplet (dpkg-architecture or cc -print-multiarch)"
libdir=/usr/lib/$ma
# Reproducible: file dates, changelog date and gzip headers come from the last commit.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1767225600)}
# The minimum version of symbols only this project's libraries export: any build of ours.
ours_min="${debver%-*}~"

work=$out/tmp
stage=$out/stage
rm -rf "$work" "$stage"
rm -f "$out"/*.deb
mkdir -p "$work/debian" "$stage"
: >"$work/debian/control"	# dpkg-shlibdeps wants one

# 1. make install into the staging tree
$make --no-print-directory install prefix=/usr libdir="$libdir" mandir=/usr/share/man \
	DESTDIR="$(cd "$stage" && pwd)" >"$out/install.log" 2>&1 ||
	{ tail -n 20 "$out/install.log" >&2; die "make install failed (log: $out/install.log)"; }

# 2. split: package of each staged file, by path
pkg_of() {
	case $1 in
	$libdir/liburing.so.2 | $libdir/liburing.so.2.*) echo liburing2 ;;
	$libdir/liburing-ffi.so.2 | $libdir/liburing-ffi.so.2.*) echo liburing-ffi2 ;;
	$libdir/liburing.so | $libdir/liburing-ffi.so | $libdir/liburing.a | $libdir/liburing-ffi.a | \
	$libdir/pkgconfig/liburing.pc | $libdir/pkgconfig/liburing-ffi.pc | \
	/usr/include/liburing.h | /usr/include/liburing/*) echo liburing-dev ;;
	/usr/bin/uring-status | /usr/share/man/man1/* | /usr/share/man/man8/*) echo uring-status ;;
	/usr/share/man/man[2-7]/*) echo liburing-dev ;;
	*) echo - ;;
	esac
}
PKGS="liburing2 liburing-ffi2 liburing-dev uring-status"
for p in $PKGS; do mkdir -p "$work/debian/$p"; done
(cd "$stage" && find . \( -type f -o -type l \) | sed 's|^\.||' | LC_ALL=C sort) >"$work/staged"
[ -s "$work/staged" ] || die "make install staged nothing"
while read -r f; do
	p=$(pkg_of "$f")
	[ "$p" != - ] || die "make install staged $f, which no package takes (edit $here/build.sh)"
	mkdir -p "$work/debian/$p${f%/*}"
	cp -P "$stage$f" "$work/debian/$p$f"
done <"$work/staged"
for p in $PKGS; do
	[ -n "$(find "$work/debian/$p" ! -type d | head -n 1)" ] || die "package $p would be empty"
done

# 3. files as Debian wants them
for p in $PKGS; do
	d=$work/debian/$p
	# man pages gzip -9n, links retargeted to the compressed names
	if [ -d "$d/usr/share/man" ]; then
		find "$d/usr/share/man" -type f ! -name '*.gz' -exec gzip -9nf {} +
		find "$d/usr/share/man" -type l ! -name '*.gz' | while read -r l; do
			t=$(readlink "$l")
			case $t in *.gz) ;; *) t=$t.gz ;; esac
			rm -f "$l" && ln -s "$t" "$l.gz"
		done
	fi
	# copyright, changelog (identical on every architecture, as Multi-Arch: same requires)
	doc=$d/usr/share/doc/$p
	mkdir -p "$doc"
	{
		sed -n '1,/^Files: \*/p' "$here/copyright"
		if [ -f LICENSE ] && grep -q '^Copyright' LICENSE; then
			grep -m1 '^Copyright' LICENSE | sed 's/^Copyright *\((c)\|©\)\? */Copyright: /'
		else
			echo "Copyright: 2026 the liburing in Rust authors"
		fi
		sed -n '/^Files: \*/,$p' "$here/copyright" | sed 1d
	} >"$doc/copyright"
	cat >"$doc/changelog.Debian" <<-EOF
	liburing ($debver) unstable; urgency=medium

	  * liburing $version in Rust, packaged by \`make deb\` from the project's tree
	    (liburing2, liburing-ffi2, liburing-dev, uring-status).

	 -- $maint  $(LC_ALL=C date -u -R -d "@$epoch")
	EOF
	gzip -9nf "$doc/changelog.Debian"
	mkdir -p "$d/usr/share/lintian/overrides"
	printf '%s\n' "# Built by make deb, not uploaded to Debian: there is no ITP bug to close." \
		"initial-upload-closes-no-bugs" >"$d/usr/share/lintian/overrides/$p"
done
# A tree whose make install has no uring-status(1) yet: said, not warned about by lintian.
if [ ! -e "$work/debian/uring-status/usr/share/man/man1/uring-status.1.gz" ]; then
	printf '%s\n' "# make install installed no uring-status(1) page." \
		"no-manual-page [usr/bin/uring-status]" >>"$work/debian/uring-status/usr/share/lintian/overrides/uring-status"
fi

# stripped as dh_strip does; modes as Policy says
for f in "$work/debian/liburing2$libdir/liburing.so.$version" \
	 "$work/debian/liburing-ffi2$libdir/liburing-ffi.so.$version"; do
	strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f"
done
strip --remove-section=.comment --remove-section=.note "$work/debian/uring-status/usr/bin/uring-status"
for a in "$work/debian/liburing-dev$libdir"/*.a; do
	strip --strip-debug --remove-section=.comment --remove-section=.note \
		--enable-deterministic-archives "$a"
done
for p in $PKGS; do
	d=$work/debian/$p
	find "$d" -type d -exec chmod 755 {} +
	find "$d" -type f -exec chmod 644 {} +
done
chmod 755 "$work/debian/uring-status/usr/bin/uring-status"

# 4. dependencies on the C library (dpkg-shlibdeps when dpkg-dev is installed)
shlibdeps() {	# <elf>: a Depends value
	if command -v dpkg-shlibdeps >/dev/null 2>&1; then
		(cd "$work" && dpkg-shlibdeps -O -e "${1#"$work/"}" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
	else
		g=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
		dep="libc6 (>= ${g:-2.2.5})"
		objdump -p "$1" | grep -q 'NEEDED.*libgcc_s\.so\.1' && dep="$dep, libgcc-s1"
		echo "$dep"
	fi
}
dep_lib=$(shlibdeps "$work/debian/liburing2$libdir/liburing.so.$version")
dep_ffi=$(shlibdeps "$work/debian/liburing-ffi2$libdir/liburing-ffi.so.$version")
dep_tool=$(shlibdeps "$work/debian/uring-status/usr/bin/uring-status")
[ -n "$dep_lib" ] && [ -n "$dep_ffi" ] && [ -n "$dep_tool" ] || die "no dependency on the C library found"

# 5. symbols and shlibs, from the version scripts: a symbol liburing 2.15 exports from the same
# library at the same node needs that node's release (liburing.so.2: at least 2.3, whose struct
# io_uring programs built against these headers need, as Debian's own symbols file says);
# symbols only ours export need this project's packages.
symbols() {	# <map> <lib name in upstream-exports> <soname> <package> <floor>
	awk -v lib="$2" -v soname="$3" -v pkg="$4" -v floor="$5" -v ours="$ours_min" '
	function vmax(a, b,   x, y) {
		split(a, x, "."); split(b, y, ".")
		if (x[1] + 0 != y[1] + 0) return x[1] + 0 > y[1] + 0 ? a : b
		return x[2] + 0 >= y[2] + 0 ? a : b
	}
	FNR == NR { if ($1 == lib) up[$2] = $3; next }
	/^LIBURING_[0-9.]+ *\{/ { node = $1; sub(/ *\{.*/, "", node); nodes[node] = 1; next }
	node != "" && /^[ \t]+[_a-zA-Z0-9]+;[ \t]*$/ {
		s = $1; sub(/;$/, "", s)
		v = node; sub(/^LIBURING_/, "", v)
		min = (up[s] == node) ? vmax(v, floor) : ours
		line[s "@" node] = min
	}
	END {
		for (n in nodes) { v = n; sub(/^LIBURING_/, "", v); line[n "@" n] = vmax(v, floor) }
		printf "%s %s #MINVER#\n* Build-Depends-Package: liburing-dev\n", soname, pkg
		cmd = "LC_ALL=C sort"
		for (k in line) printf " %s %s\n", k, line[k] | cmd
		close(cmd)
	}' "$here/upstream-exports" "$1"
}

ctl() {	# <package> <control fields...>: DEBIAN/ with control, md5sums
	d=$work/debian/$1
	shift
	mkdir -p "$d/DEBIAN"
	size=$(cd "$d" && find . -path ./DEBIAN -prune -o ! -path . -printf '%y %s\n' |
		awk '$1 == "f" { t += int(($2 + 1023) / 1024); next } { t += 1 } END { print t + 0 }')
	{
		printf '%s\n' "$@" | sed "s/^Installed-Size:.*/Installed-Size: $size/"
	} >"$d/DEBIAN/control"
	(cd "$d" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort |
		xargs -r -d '\n' md5sum) >"$d/DEBIAN/md5sums"
}

lib_desc=" This library provides helpers to set up and tear down io_uring instances,
 and a simplified interface for applications that do not need (or want)
 to deal with the full kernel side implementation.
 .
 This build is liburing $version written in Rust, a drop-in replacement for
 liburing: the same headers, ABI, SONAMEs and symbol versions."
common="Source: liburing
Version: $debver
Architecture: $arch
Maintainer: $maint
Installed-Size:
Priority: optional"

symbols liburing.map liburing liburing.so.2 liburing2 2.3 >"$work/liburing2.symbols"
symbols liburing-ffi.map liburing-ffi liburing-ffi.so.2 liburing-ffi2 2.4 >"$work/liburing-ffi2.symbols"

ctl liburing2 "Package: liburing2" "$common" "Section: libs" "Multi-Arch: same" \
	"Depends: $dep_lib" \
	"Description: Linux kernel io_uring access library - shared library (Rust)
$lib_desc
 .
 This package contains the shared library liburing.so.2."
# Replaces: Debian releases that put liburing-ffi.so.2 into their liburing2 (after 2.3) can be
# installed, and ours over them. No Breaks: apt would remove their liburing2, and what depends
# on it, to install liburing-ffi2 alone; their liburing2 stays usable, liburing-ffi.so.2 ours.
ctl liburing-ffi2 "Package: liburing-ffi2" "$common" "Section: libs" "Multi-Arch: same" \
	"Depends: $dep_ffi" \
	"Replaces: liburing2 (<< $ours_min)" \
	"Description: Linux kernel io_uring access library - FFI shared library (Rust)
$lib_desc
 .
 This package contains liburing-ffi.so.2, which also exports the helpers
 liburing.h defines inline, for bindings that cannot use inline code."
ctl liburing-dev "Package: liburing-dev" "$common" "Section: libdevel" "Multi-Arch: same" \
	"Depends: liburing2 (= $debver), liburing-ffi2 (= $debver), libc6-dev | libc-dev, linux-libc-dev" \
	"Description: Linux kernel io_uring access library - development files (Rust)
$lib_desc
 .
 This package contains the header files, the static libraries, the
 pkg-config files and the manual pages."
ctl uring-status "Package: uring-status" "$common" "Section: admin" "Multi-Arch: foreign" \
	"Depends: $dep_tool" \
	"Description: show what processes do with io_uring, and whether it works here
 uring-status PID shows, from /proc and without stopping the process, what
 it is doing with io_uring: its rings, the requests in flight, the threads
 waiting in io_uring system calls (and those stuck in state D), and which
 liburing it has mapped. uring-status --check says whether this machine
 can use io_uring and, if not, why, and which known kernel bugs apply.
 .
 It comes with liburing $version in Rust and works on any io_uring program."

for p in liburing2 liburing-ffi2; do
	d=$work/debian/$p/DEBIAN
	cp "$work/$p.symbols" "$d/symbols"
	echo "${p%2} 2 $p (>= $ours_min)" >"$d/shlibs"
	printf '%s\n' "# Triggers of a shared library package (as dh_makeshlibs writes them)" \
		"activate-noawait ldconfig" >"$d/triggers"
	chmod 644 "$d/symbols" "$d/shlibs" "$d/triggers"
done
for p in $PKGS; do chmod 644 "$work/debian/$p/DEBIAN/control" "$work/debian/$p/DEBIAN/md5sums"; done

# 6. the archives: root:root without fakeroot, every date the commit's
for p in $PKGS; do
	find "$work/debian/$p" -exec touch -h -d "@$epoch" {} +
	SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$work/debian/$p" \
		"$out/${p}_${debver}_$arch.deb" >/dev/null
done
ls "$out"/*.deb
