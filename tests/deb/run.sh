#!/bin/sh
# check-deb: the packages `make deb` built into <debdir> (liburing2, liburing-ffi2,
# liburing-dev, uring-status): control fields, file lists, modes and owners, SONAMEs, the
# symbols and shlibs files, lintian (when installed); then installed into throwaway dpkg roots
# (dpkg --root, never this machine's /usr, root not needed): dpkg -L/-s/--verify, programs
# built against the root (directly and through its .pc files) and run from it, dpkg-shlibdeps
# on them, an upgrade, a purge leaving nothing; and installed over Debian's own liburing2 and
# liburing-dev (apt-get download; skipped when that fails).
#
# usage: tests/deb/run.sh <debdir>     (from the top of the tree; mk/deb.mk runs it)
# env:   VERSION (2.15), DEB_VERSION (2.15+rust-1), CC, MAKE, TEST_TIMEOUT (per command, 60),
#        URING_UNAVAILABLE (non-empty: the programs are built, not run), DEB_LINTIAN_FULL=1
#        (lintian also checks liburing-dev's man pages: about 45 s more; check-man checks them)
# Prints PASS/FAIL/SKIP lines, then: deb: N passed, N failed, N skipped

dir=$1
version=${VERSION:-2.15}
debver=${DEB_VERSION:-$version+rust-1}
cc=${CC:-cc}
make=${MAKE:-make}
limit=${TEST_TIMEOUT:-60}
PKGS="liburing2 liburing-ffi2 liburing-dev uring-status"
ours_min="${debver%-*}~"
export LC_ALL=C
PATH=$PATH:/usr/sbin:/sbin
export PATH

suite=deb
. "$(dirname "$0")/../steps.sh"
t() { timeout "$limit" "$@"; }

for c in dpkg dpkg-deb; do
	command -v $c >/dev/null 2>&1 || { echo "deb: skipped, $c is not installed"; exit 0; }
done
if command -v dpkg-architecture >/dev/null 2>&1; then
	arch=$(dpkg-architecture -qDEB_HOST_ARCH)
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
else
	arch=$(dpkg --print-architecture)
	ma=$("$cc" -print-multiarch)
fi
libdir=usr/lib/$ma

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-deb.XXXXXX") || { echo "deb: 0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

deb() { echo "$dir/${1}_${debver}_$arch.deb"; }
field() { dpkg-deb -f "$(deb "$1")" "$2" 2>/dev/null; }

# ------------------------------------------------------------------ the packages
begin packages
for p in $PKGS; do
	f=$(deb "$p")
	if [ ! -f "$f" ]; then
		err "missing $f"
	elif ! dpkg-deb --info "$f" >/dev/null 2>&1; then
		err "$f: not a valid package"
	else
		mkdir -p "$tmp/x" && dpkg-deb -R "$f" "$tmp/x/$p" || err "$f: cannot be extracted"
		dpkg-deb -c "$f" >"$tmp/$p.list" || err "dpkg-deb -c $f failed"
	fi
done
others=$(ls "$dir"/*.deb 2>/dev/null | grep -v "_${debver}_$arch\.deb$" | tr '\n' ' ')
[ -z "$others" ] || err "other packages in $dir: $others"
end "$(echo $PKGS | wc -w) packages, version $debver, $arch"
[ "$failed" -eq 0 ] || summary

# ------------------------------------------------------------------ control fields
# Installed-Size as dpkg-gencontrol counts it: KiB per file, rounded up; 1 per directory/link.
inst_size() {
	(cd "$tmp/x/$1" && find . -path ./DEBIAN -prune -o ! -path . -printf '%y %s\n' |
		awk '$1 == "f" { t += int(($2 + 1023) / 1024); next } { t += 1 } END { print t + 0 }')
}
for p in $PKGS; do
	begin "control-$p"
	x=$tmp/x/$p
	case $p in
	liburing2 | liburing-ffi2) sect=libs ma_f=same ;;
	liburing-dev) sect=libdevel ma_f=same ;;
	uring-status) sect=admin ma_f=foreign ;;
	esac
	[ "$(field $p Package)" = "$p" ] || err "Package: $(field $p Package)"
	[ "$(field $p Version)" = "$debver" ] || err "Version: $(field $p Version)"
	[ "$(field $p Architecture)" = "$arch" ] || err "Architecture: $(field $p Architecture)"
	[ "$(field $p Source)" = liburing ] || err "Source: $(field $p Source)"
	[ "$(field $p Section)" = "$sect" ] || err "Section: $(field $p Section), expected $sect"
	[ "$(field $p Priority)" = optional ] || err "Priority: $(field $p Priority)"
	[ "$(field $p Multi-Arch)" = "$ma_f" ] || err "Multi-Arch: $(field $p Multi-Arch), expected $ma_f"
	field $p Maintainer | grep -q '^[^<]\+ <[^@> ]\+@[^> ]\+>$' || err "Maintainer: $(field $p Maintainer)"
	desc=$(field $p Description)
	[ "$(echo "$desc" | wc -l)" -ge 3 ] || err "Description has no long description"
	[ "$(echo "$desc" | head -n 1 | wc -c)" -le 81 ] || err "Description synopsis too long"
	want=$(inst_size $p)
	[ "$(field $p Installed-Size)" = "$want" ] || err "Installed-Size: $(field $p Installed-Size), content says $want"
	dep=$(field $p Depends)
	case $p in
	liburing2 | liburing-ffi2)
		echo "$dep" | grep -q '^libc6 (>= [0-9.]*)$' || err "Depends: '$dep', expected libc6 (>= ...) only" ;;
	liburing-dev)
		for d in "liburing2 (= $debver)" "liburing-ffi2 (= $debver)" "libc6-dev | libc-dev" linux-libc-dev; do
			case ", $dep, " in *", $d, "*) ;; *) err "Depends lacks '$d': $dep" ;; esac
		done ;;
	uring-status)
		echo "$dep" | grep -q '^libc6 (>= [0-9.]*)' || err "Depends: '$dep', no libc6 (>= ...)"
		readelf -d "$x/usr/bin/uring-status" 2>/dev/null | grep -q 'NEEDED.*libgcc_s' &&
			! echo "$dep" | grep -q libgcc-s1 && err "needs libgcc_s.so.1 but Depends lacks libgcc-s1" ;;
	esac
	# the C library version must cover the newest GLIBC_ symbol version the ELF files use
	elf=$(cd "$x" && find usr/lib usr/bin -type f \( -name '*.so.*' -o -perm -100 \) 2>/dev/null)
	if [ -n "$elf" ]; then
		g=$(cd "$x" && objdump -T $elf 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
		lv=$(echo "$dep" | sed -n 's/.*libc6 (>= \([^)]*\)).*/\1/p')
		[ -n "$g" ] && [ -n "$lv" ] && dpkg --compare-versions "$lv" ge "$g" ||
			err "Depends: libc6 (>= ${lv:-?}), but the program/library uses GLIBC_${g:-?}"
	fi
	if [ $p = liburing-ffi2 ]; then
		[ "$(field $p Replaces)" = "liburing2 (<< $ours_min)" ] || err "Replaces: $(field $p Replaces)"
		[ -z "$(field $p Breaks)" ] || err "Breaks: $(field $p Breaks) (apt would remove Debian's liburing2 for liburing-ffi2)"
	fi
	# control members: no maintainer scripts; md5sums covers every file, and matches
	ctlfiles=$(ls "$x/DEBIAN" | tr '\n' ' ' | sed 's/ $//')
	case $p in
	liburing2 | liburing-ffi2) wantc="control md5sums shlibs symbols triggers" ;;
	*) wantc="control md5sums" ;;
	esac
	[ "$ctlfiles" = "$wantc" ] || err "control members: $ctlfiles (expected $wantc)"
	(cd "$x" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort) >"$tmp/files"
	awk '{ print $2 }' "$x/DEBIAN/md5sums" | sort | cmp -s - "$tmp/files" ||
		err "md5sums does not list exactly the package's files"
	(cd "$x" && md5sum --quiet -c DEBIAN/md5sums >/dev/null 2>&1) || err "md5sums do not match"
	end "$sect, Multi-Arch: $ma_f, Depends: $dep"
done

# ------------------------------------------------------------------ file lists
# list <package>: "mode owner path [-> target]" of every entry, leading ./ dropped
list() { awk '{ l = $2 " " $1 " " substr($6, 3); for (i = 7; i <= NF; i++) l = l " " $i; print l }' "$tmp/$1.list" | sed 's| \([^ ]*\)/$| \1|'; }
for p in $PKGS; do
	begin "contents-$p"
	x=$tmp/x/$p
	list $p >"$tmp/l"
	bad=$(awk '$1 != "root/root" { print $3 }' "$tmp/l" | head -n 3 | tr '\n' ' ')
	[ -z "$bad" ] || err "not root/root: $bad"
	bad=$(awk '$2 ~ /^d/ && $2 != "drwxr-xr-x" { print $3 }' "$tmp/l" | head -n 3 | tr '\n' ' ')
	[ -z "$bad" ] || err "directories not 755: $bad"
	bad=$(awk '$2 ~ /^-/ && $3 != "usr/bin/uring-status" && $2 != "-rw-r--r--" { print $3 }' "$tmp/l" | head -n 3 | tr '\n' ' ')
	[ -z "$bad" ] || err "files not 644: $bad"
	# what must be there, and nothing outside these directories
	doc="usr/share/doc/$p/copyright usr/share/doc/$p/changelog.Debian.gz usr/share/lintian/overrides/$p"
	case $p in
	liburing2) must="$libdir/liburing.so.$version $libdir/liburing.so.2" allow="$libdir/liburing\.so\.(2|$version)" ;;
	liburing-ffi2) must="$libdir/liburing-ffi.so.$version $libdir/liburing-ffi.so.2" allow="$libdir/liburing-ffi\.so\.(2|$version)" ;;
	liburing-dev)
		must="usr/include/liburing.h usr/include/liburing/io_uring.h usr/include/liburing/compat.h
		      usr/include/liburing/barrier.h usr/include/liburing/io_uring_version.h
		      $libdir/liburing.so $libdir/liburing-ffi.so $libdir/liburing.a $libdir/liburing-ffi.a
		      $libdir/pkgconfig/liburing.pc $libdir/pkgconfig/liburing-ffi.pc"
		allow="usr/include/liburing(\.h|/.*)|$libdir/liburing(-ffi)?\.(so|a)|$libdir/pkgconfig/liburing(-ffi)?\.pc|usr/share/man/man[2-7]/[^/]*\.gz" ;;
	uring-status) must="usr/bin/uring-status" allow="usr/bin/uring-status|usr/share/man/man[18]/[^/]*\.gz" ;;
	esac
	for f in $must $doc; do
		grep -q " $f\( ->.*\)\?$" "$tmp/l" || err "missing $f"
	done
	bad=$(awk '$2 !~ /^d/ { print $3 }' "$tmp/l" | grep -Ev "^($allow|usr/share/doc/$p/(copyright|changelog\.Debian\.gz)|usr/share/lintian/overrides/$p)$" |
	      head -n 3 | tr '\n' ' ')
	[ -z "$bad" ] || err "unexpected: $bad"
	# every include/ header, identical
	if [ $p = liburing-dev ]; then
		for h in $(cd include && find . -name '*.h' | sed 's|^\./||'); do
			cmp -s "include/$h" "$x/usr/include/$h" || err "usr/include/$h is not include/$h"
		done
		# .pc files for this layout
		for pc in liburing liburing-ffi; do
			grep -qx "libdir=/$libdir" "$x/$libdir/pkgconfig/$pc.pc" || err "$pc.pc: libdir is not /$libdir"
			grep -qx "Version: $version" "$x/$libdir/pkgconfig/$pc.pc" || err "$pc.pc: Version is not $version"
		done
	fi
	# man pages: compressed, valid gzip, links resolve within the package
	for m in $(cd "$x" && find usr/share/man -name '*' ! -type d 2>/dev/null); do
		if [ -L "$x/$m" ]; then
			[ -e "$x/$m" ] || err "$m: dangling link"
		else
			gzip -t "$x/$m" 2>/dev/null || err "$m is not gzip"
		fi
	done
	nman=$(grep -c ' usr/share/man/.*\.gz\( ->.*\)\?$' "$tmp/l")
	if [ $p = uring-status ]; then
		if grep -q ' usr/share/man/man1/uring-status\.1\.gz$' "$tmp/l"; then
			grep -q 'no-manual-page' "$x/usr/share/lintian/overrides/$p" && err "lintian override no-manual-page, but there is a page"
		else
			nman="$nman man pages: make install has no uring-status.1 (a lintian override says so)"
			nman_done=1
		fi
	fi
	# copyright: machine-readable, MIT with its text; changelog for this version
	c=$x/usr/share/doc/$p/copyright
	head -n 1 "$c" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
		err "copyright: no Format: line"
	grep -q '^License: MIT$' "$c" && grep -q 'Permission is hereby granted, free of charge' "$c" ||
		err "copyright: no MIT license text"
	grep -q '^Copyright: .' "$c" || err "copyright: no Copyright: field"
	head -n 1 "$x/usr/share/doc/$p/changelog.Debian.gz" >/dev/null 2>&1
	top=$(gzip -dc "$x/usr/share/doc/$p/changelog.Debian.gz" 2>/dev/null | head -n 1)
	[ "$top" = "liburing ($debver) unstable; urgency=medium" ] || err "changelog.Debian.gz starts '$top'"
	[ -n "${nman_done:-}" ] || nman="$nman man pages"
	nman_done=
	end "$(awk '$2 !~ /^d/' "$tmp/l" | wc -l | tr -d ' ') files, $nman"
done

# ------------------------------------------------------------------ SONAMEs, libraries
for l in liburing liburing-ffi; do
	p=${l}2
	begin "soname-$p"
	so=$tmp/x/$p/$libdir/$l.so.$version
	sn=$(objdump -p "$so" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
	[ "$sn" = "$l.so.2" ] || err "SONAME '$sn', expected $l.so.2"
	# Debian's rule: the package is named after the SONAME (name + version, '-' before a digit)
	base=${sn%.so.*} sov=${sn##*.so.}
	case $base in *[0-9]) pn=$base-$sov ;; *) pn=$base$sov ;; esac
	[ "$pn" = "$p" ] || err "SONAME $sn makes package name $pn, not $p"
	[ "$(readlink "$tmp/x/$p/$libdir/$l.so.2")" = "$l.so.$version" ] || err "$l.so.2 is not a link to $l.so.$version"
	[ "$(readlink "$tmp/x/liburing-dev/$libdir/$l.so")" = "$l.so.2" ] || err "liburing-dev's $l.so is not a link to $l.so.2"
	needed=$(objdump -p "$so" | awk '$1 == "NEEDED" { print $2 }' | tr '\n' ' ')
	[ "$needed" = "libc.so.6 " ] || err "NEEDED: $needed"
	readelf -SW "$so" | grep -q '\.symtab' && err "not stripped (.symtab)"
	readelf -SW "$so" | grep -q '\.comment' && err ".comment not removed"
	readelf -SW "$so" | grep -q 'debug_' && err "debug sections"
	# the same library as build/ (stripped): the same exports at the same versions
	objdump -T "$so" | awk 'NF >= 6 && $4 != "*UND*" && $(NF-1) ~ /LIBURING/ { print $(NF-1), $NF }' | sort >"$tmp/exp.pkg"
	objdump -T "build/$l.so.$version" | awk 'NF >= 6 && $4 != "*UND*" && $(NF-1) ~ /LIBURING/ { print $(NF-1), $NF }' | sort >"$tmp/exp.build"
	cmp -s "$tmp/exp.pkg" "$tmp/exp.build" || err "exports differ from build/$l.so.$version"
	end "$sn, $(awk '$2 !~ /^LIBURING_/' "$tmp/exp.pkg" | wc -l | tr -d ' ') symbols"
done
begin "stripped-uring-status"
readelf -SW "$tmp/x/uring-status/usr/bin/uring-status" | grep -q '\.symtab\|debug_' && err "not stripped"
t "$tmp/x/uring-status/usr/bin/uring-status" --help >/dev/null 2>&1 || err "uring-status --help failed"
end

# ------------------------------------------------------------------ symbols, shlibs
# Independent source of liburing 2.15's exports when it is there; else the committed copy.
ups=packaging/deb/upstream-exports
if [ -f ../shared/abi/symbols.tsv ]; then
	begin "upstream-exports"
	awk -F'\t' 'NR > 1' ../shared/abi/symbols.tsv | sort >"$tmp/u1"
	grep -v '^#' $ups | sort >"$tmp/u2"
	cmp -s "$tmp/u1" "$tmp/u2" || err "$ups differs from ../shared/abi/symbols.tsv (copy it again)"
	end "$(wc -l <"$tmp/u1" | tr -d ' ') symbols, as ../shared/abi/symbols.tsv"
	ups_src=../shared/abi/symbols.tsv
else
	skip upstream-exports "../shared/abi/symbols.tsv not found (liburing 2.15's facts), $ups used as it is"
	ups_src=$ups
fi
for l in liburing liburing-ffi; do
	p=${l}2
	begin "symbols-$p"
	s=$tmp/x/$p/DEBIAN/symbols
	floor=$( [ $l = liburing ] && echo 2.3 || echo 2.4)
	[ "$(head -n 1 "$s")" = "$l.so.2 $p #MINVER#" ] || err "first line: $(head -n 1 "$s")"
	grep -qx '\* Build-Depends-Package: liburing-dev' "$s" || err "no Build-Depends-Package: liburing-dev"
	[ "$(cat "$tmp/x/$p/DEBIAN/shlibs")" = "$l 2 $p (>= $ours_min)" ] ||
		err "shlibs: $(cat "$tmp/x/$p/DEBIAN/shlibs")"
	grep -qx 'activate-noawait ldconfig' "$tmp/x/$p/DEBIAN/triggers" || err "no ldconfig trigger"
	# exactly the library's exports, and its version nodes
	so=$tmp/x/$p/$libdir/$l.so.$version
	{
		objdump -T "$so" | awk 'NF >= 6 && $4 != "*UND*" && $(NF-1) ~ /^LIBURING_/ && $NF !~ /^LIBURING_/ { print $NF "@" $(NF-1) }'
		objdump -p "$so" | awk '/^Version definitions:/ { v = 1; next } /^$/ { v = 0 } v && $4 ~ /^LIBURING_/ { print $4 "@" $4 }'
	} | sort >"$tmp/want"
	grep '^ ' "$s" | awk '{ print $1 }' | sort >"$tmp/have"
	if ! cmp -s "$tmp/want" "$tmp/have"; then
		err "symbols file and exports differ: $(diff "$tmp/want" "$tmp/have" | grep '^[<>]' | head -n 3 | tr '\n' ' ')"
	fi
	# minimum versions: liburing's own exports need the release of their node (at least
	# the floor), the others this project's packages
	bad=$(awk -F'\t' -v lib=$l 'NR > 0 && $1 == lib { print $2 "\t" $3 }' "$ups_src" >"$tmp/ups"
	      grep '^ ' "$s" | sed 's/^ //; s/@/ /' | awk -v floor=$floor -v ours="$ours_min" '
		FNR == NR { split($0, a, "\t"); up[a[1]] = a[2]; next }
		{ sym = $1; node = $2; min = $3; v = node; sub(/^LIBURING_/, "", v)
		  split(v, a, "."); split(floor, f, ".")
		  if (a[1] + 0 < f[1] + 0 || (a[1] + 0 == f[1] + 0 && a[2] + 0 < f[2] + 0)) v = floor
		  want = (sym == node || up[sym] == node) ? v : ours
		  if (min != want) print sym "@" node " " min " (expected " want ")" }' "$tmp/ups" - | head -n 3 | tr '\n' ';')
	[ -z "$bad" ] || err "minimum versions: $bad"
	# dpkg-gensymbols, strictest level: the library and the file agree
	if command -v dpkg-gensymbols >/dev/null 2>&1; then
		mkdir -p "$tmp/gs/debian" && : >"$tmp/gs/debian/control"
		(cd "$tmp/gs" && t dpkg-gensymbols -p$p -P"$tmp/x/$p" -I"$tmp/x/$p/DEBIAN/symbols" \
			-O"$tmp/gs/$p.symbols" -c4 -v"$debver" >"$tmp/gs.log" 2>&1) ||
			err "dpkg-gensymbols -c4: $(grep -v '^ *$' "$tmp/gs.log" | head -n 3 | tr '\n' ' ')"
		gs=", dpkg-gensymbols -c4 agrees"
	else
		gs=
	fi
	nup=$(grep -c " [0-9][0-9.]*$" "$s")
	nours=$(grep -c " $ours_min$" "$s")
	end "$(wc -l <"$tmp/have" | tr -d ' ') entries: $nup at liburing's release (>= $floor), $nours only ours (>= $ours_min)$gs"
done

# ------------------------------------------------------------------ lintian
if ! command -v lintian >/dev/null 2>&1; then
	skip lintian "lintian is not installed (apt-get install lintian)"
else
	begin lintian
	# liburing-dev without the man page check unless DEB_LINTIAN_FULL=1: it formats each of
	# the pages (about 45 s); check-man runs groff -ww on them. The others run in full.
	x=
	[ "${DEB_LINTIAN_FULL:-}" = 1 ] || x="-X documentation/manual"
	timeout 300 lintian --fail-on error,warning $(deb liburing2) $(deb liburing-ffi2) $(deb uring-status) \
		>"$tmp/lint1" 2>&1 &
	l1=$!
	# shellcheck disable=SC2086
	timeout 300 lintian --fail-on error,warning $x $(deb liburing-dev) >"$tmp/lint2" 2>&1
	r2=$?
	wait $l1
	r1=$?
	cat "$tmp/lint1" "$tmp/lint2" | grep -v 'running with root privileges' >"$tmp/lint"
	if [ $r1 -ne 0 ] || [ $r2 -ne 0 ] || grep -q '^[EW]:' "$tmp/lint"; then
		while read -r line; do err "$line"; done <<-EOF
		$(grep -v '^[IPNO]:' "$tmp/lint" | head -n 8)
		EOF
	fi
	lv=$(lintian --version 2>/dev/null | awk '{ print $2 }')
	end "lintian $lv: no errors or warnings${x:+; liburing-dev without documentation/manual}"
fi

# ------------------------------------------------------------------ throwaway roots
mkroot() {	# <dir>: an empty dpkg database
	mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" "$1/var/lib/dpkg/triggers" \
		"$1/var/log"
	: >"$1/var/lib/dpkg/status"
	: >"$1/var/lib/dpkg/available"
}
# dpk <root> <dpkg args>: dpkg on that root, log in $tmp/dpkg.log; never this machine's /usr.
# --force-depends: the C library and compiler packages are not in the root.
dpk() {
	r=$1
	shift
	t dpkg --root="$r" --log="$r/var/log/dpkg.log" --force-not-root --force-depends \
		--force-script-chrootless "$@" >"$tmp/dpkg.log" 2>&1
}
ours_debs="$(deb liburing2) $(deb liburing-ffi2) $(deb liburing-dev) $(deb uring-status)"
# installed_ok <root> <package> <version>
installed_ok() {
	s=$(dpkg --root="$1" -s "$2" 2>/dev/null)
	echo "$s" | grep -qx 'Status: install ok installed' || { err "$2 not installed in the root"; return; }
	v=$(echo "$s" | sed -n 's/^Version: //p')
	[ "$v" = "$3" ] || err "$2: version $v installed, expected $3"
}
# dpkg -L against the package's own contents
lists_ok() {	# <root> <package>
	dpkg --root="$1" -L "$2" 2>/dev/null | sort >"$tmp/L"
	awk '{ print $6 }' "$tmp/$2.list" | sed 's|^\.||; s|/$||; s|^$|/.|' | sort >"$tmp/C"
	cmp -s "$tmp/L" "$tmp/C" || err "dpkg -L $2 differs from the package: $(diff "$tmp/C" "$tmp/L" | grep '^[<>]' | head -n 2 | tr '\n' ' ')"
}
leftover() {	# <root>: what is there besides dpkg's database and log
	(cd "$1" && find . -mindepth 1 ! -path './var' ! -path './var/lib' ! -path './var/log' \
		! -path './var/log/*' ! -path './var/lib/dpkg' ! -path './var/lib/dpkg/*' | sed 's|^\./|/|' | sort)
}

R1=$tmp/root1
mkroot "$R1"
begin install
installed=0
if dpk "$R1" -i $ours_debs; then
	installed=1
	for p in $PKGS; do
		installed_ok "$R1" $p "$debver"
		lists_ok "$R1" $p
	done
	dpkg --root="$R1" --verify >"$tmp/verify" 2>&1 && [ ! -s "$tmp/verify" ] ||
		err "dpkg --verify: $(head -n 2 "$tmp/verify" | tr '\n' ' ')"
	grep -qi 'warning' "$tmp/dpkg.log" && grep -i 'warning' "$tmp/dpkg.log" | grep -qv 'dependency problems\|depends on\|not installed\|configuring anyway' &&
		err "dpkg warned: $(grep -i warning "$tmp/dpkg.log" | head -n 1)"
else
	err "dpkg -i failed: $(grep -i 'error' "$tmp/dpkg.log" | head -n 2 | tr '\n' ' ')"
fi
end "dpkg --root, as $(id -un)"

# ------------------------------------------------------------------ programs against the root
cat >"$tmp/prog.c" <<'EOF'
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if IO_URING_VERSION_MAJOR != 2 || IO_URING_VERSION_MINOR != 15
#error "not the packaged liburing 2.15 header"
#endif

int main(int argc, char **argv)
{
	(void)argv;
	struct __kernel_timespec ts = { .tv_sec = 3 };
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe = NULL;
	int ret;

	alarm(10);
	if (io_uring_major_version() != 2 || io_uring_minor_version() != 15) {
		fprintf(stderr, "library %d.%d\n", io_uring_major_version(), io_uring_minor_version());
		return 1;
	}
	if (argc > 1)	/* built only: the library's version was enough */
		return 0;
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret) {
		fprintf(stderr, "io_uring_queue_init: %d\n", ret);
		return 1;
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 0x215);
	ret = io_uring_submit(&ring);
	if (ret != 1 || io_uring_wait_cqe_timeout(&ring, &cqe, &ts) || !cqe ||
	    cqe->user_data != 0x215 || cqe->res != 0) {
		fprintf(stderr, "NOP failed: submit %d\n", ret);
		return 1;
	}
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	puts("nop ok");
	return 0;
}
EOF
L=$R1/$libdir
# build <name> <flags...>: $tmp/<name>, log in $tmp/cc.log
build() {
	n=$1
	shift
	# shellcheck disable=SC2068
	t "$cc" -std=gnu11 -Wall -Wextra -Werror -o "$tmp/$n" "$tmp/prog.c" $@ >"$tmp/cc.log" 2>&1 ||
		{ err "cc $*: $(grep -m1 -i error "$tmp/cc.log")"; return 1; }
}
# resolves <prog> <soname>: the loader takes <soname> from the root
resolves() {
	# (no timeout(1) in between: it would be traced instead; a traced program does not run)
	w=$(LD_LIBRARY_PATH=$L LD_TRACE_LOADED_OBJECTS=1 "$tmp/$1" 2>&1 | sed -n "s/.*$2 => \([^ ]*\).*/\1/p")
	[ "$w" = "$L/$2" ] || err "$1: $2 resolves to '$w', not $L/$2"
}
# runs <prog>: the NOP (or only the version check under URING_UNAVAILABLE)
runs() {
	if [ -n "${URING_UNAVAILABLE:-}" ]; then
		out=$(LD_LIBRARY_PATH=$L t "$tmp/$1" version-only 2>&1) || err "$1: $out"
	else
		out=$(LD_LIBRARY_PATH=$L t "$tmp/$1" 2>&1)
		[ "$out" = "nop ok" ] || err "$1: $out"
	fi
}
if [ $installed = 0 ]; then
	for n in build-direct build-pkgconfig run shlibdeps; do skip $n "not installed (see install)"; done
else
	begin build-direct
	if build direct -I"$R1/usr/include" -L"$L" -luring; then
		resolves direct liburing.so.2
	fi
	end "cc -I\$R/usr/include -L\$R/$libdir -luring; liburing.so.2 from the root"

	begin build-pkgconfig
	if ! command -v pkg-config >/dev/null 2>&1; then
		err "pkg-config is not installed"
	else
		for pc in liburing liburing-ffi; do
			fl=$(PKG_CONFIG_SYSROOT_DIR=$R1 PKG_CONFIG_LIBDIR=$L/pkgconfig PKG_CONFIG_PATH= \
				pkg-config --cflags --libs $pc 2>&1) || { err "pkg-config $pc: $fl"; continue; }
			case " $fl " in *" -I$R1/usr/include "*) ;; *) err "pkg-config --cflags $pc: $fl" ;; esac
			case " $fl " in *" -L$L "*) ;; *) err "pkg-config --libs $pc: $fl" ;; esac
			# shellcheck disable=SC2086
			build pc-$pc $fl && resolves pc-$pc $pc.so.2
		done
		# static, against the root's liburing.a
		fl=$(PKG_CONFIG_SYSROOT_DIR=$R1 PKG_CONFIG_LIBDIR=$L/pkgconfig PKG_CONFIG_PATH= \
			pkg-config --static --cflags liburing 2>&1)
		# shellcheck disable=SC2086
		if build pc-static $fl "$L/liburing.a"; then
			readelf -d "$tmp/pc-static" | grep -q 'NEEDED.*liburing' && err "static program needs liburing"
		fi
	fi
	end "pkg-config with PKG_CONFIG_SYSROOT_DIR: liburing, liburing-ffi, static liburing.a"

	if [ -n "${URING_UNAVAILABLE:-}" ]; then
		begin run-version
		for n in direct pc-liburing pc-liburing-ffi pc-static; do
			[ -x "$tmp/$n" ] || { err "$n was not built"; continue; }
			runs $n
		done
		end "library version only"
		skip run "io_uring unavailable: $URING_UNAVAILABLE"
	else
		begin run
		nrun=0
		for n in direct pc-liburing pc-liburing-ffi pc-static; do
			[ -x "$tmp/$n" ] || { err "$n was not built"; continue; }
			runs $n && nrun=$((nrun + 1))
		done
		end "a NOP on a ring: $nrun programs, from the root's libraries"
	fi

	# dpkg-shlibdeps finds the packages' symbols files (the extracted packages are the
	# "build trees" it searches with -S): a program using 2.0-era calls needs liburing2 (>= 2.3)
	if command -v dpkg-shlibdeps >/dev/null 2>&1; then
		begin shlibdeps
		mkdir -p "$tmp/sd/debian" && : >"$tmp/sd/debian/control"
		for n in direct pc-liburing-ffi; do
			[ -x "$tmp/$n" ] || continue
			mkdir -p "$tmp/sd/debian/prog/usr/bin" && cp "$tmp/$n" "$tmp/sd/debian/prog/usr/bin/$n"
			d=$(cd "$tmp/sd" && t dpkg-shlibdeps -O -S"$tmp/x/liburing2" -S"$tmp/x/liburing-ffi2" \
				-l"$tmp/x/liburing2/$libdir" -l"$tmp/x/liburing-ffi2/$libdir" \
				-e "debian/prog/usr/bin/$n" 2>"$tmp/sd.err" | sed -n 's/^shlibs:Depends=//p')
			# expected: the highest minimum version of the symbols the program uses
			case $n in direct) lp=liburing2 ;; *) lp=liburing-ffi2 ;; esac
			objdump -T "$tmp/$n" | awk 'NF >= 6 && $(NF-1) ~ /^\(?LIBURING_/ { v = $(NF-1); gsub(/[()]/, "", v); print $NF "@" v }' |
				sort >"$tmp/used"
			mv=$(grep '^ ' "$tmp/x/$lp/DEBIAN/symbols" | sed 's/^ //' | sort |
			     join - "$tmp/used" | awk '{ print $2 }' | sort -V | tail -n 1)
			w="$lp (>= $mv)"
			[ $n = direct ] && d_direct=$d
			case ", $d, " in *", $w, "*) ;; *) err "$n: Depends '$d', expected $w $(head -n 1 "$tmp/sd.err")" ;; esac
		done
		end "a program on liburing gets $(echo "$d_direct" | tr ',' '\n' | grep liburing | sed 's/^ //'), one on liburing-ffi $(echo "$d" | tr ',' '\n' | grep liburing | sed 's/^ //')"
	else
		skip shlibdeps "dpkg-shlibdeps is not installed (dpkg-dev)"
	fi
fi

# ------------------------------------------------------------------ upgrade and purge
# A next revision (repacked: same files but one) must replace this one cleanly.
begin upgrade
nextver="${debver%-*}-$((${debver##*-} + 1))"
mkdir -p "$tmp/next"
for p in $PKGS; do
	cp -a "$tmp/x/$p" "$tmp/next/$p"
	sed -i "s/^Version: .*/Version: $nextver/; s/(= $debver)/(= $nextver)/g" "$tmp/next/$p/DEBIAN/control"
done
rm -f "$tmp/next/liburing-dev/usr/share/lintian/overrides/liburing-dev"
sed -i '\| usr/share/lintian/overrides/liburing-dev$|d' "$tmp/next/liburing-dev/DEBIAN/md5sums"
next_debs=
for p in $PKGS; do
	dpkg-deb --root-owner-group -Znone --build "$tmp/next/$p" "$tmp/next/$p.deb" >/dev/null 2>&1 ||
		err "cannot repack $p"
	next_debs="$next_debs $tmp/next/$p.deb"
done
if [ $installed = 0 ]; then
	err "not installed (see install)"
elif dpk "$R1" -i $next_debs; then
	for p in $PKGS; do installed_ok "$R1" $p "$nextver"; done
	[ -e "$R1/usr/share/lintian/overrides/liburing-dev" ] && err "a file dropped by the new version is still there"
	[ -f "$R1/$libdir/liburing.so.$version" ] || err "$libdir/liburing.so.$version gone after the upgrade"
	dpkg --root="$R1" --verify >"$tmp/verify" 2>&1 && [ ! -s "$tmp/verify" ] ||
		err "dpkg --verify: $(head -n 2 "$tmp/verify" | tr '\n' ' ')"
else
	err "dpkg -i $nextver failed: $(grep -i error "$tmp/dpkg.log" | head -n 2 | tr '\n' ' ')"
fi
end "$debver -> $nextver"

begin purge
if [ $installed = 0 ]; then
	err "not installed (see install)"
elif dpk "$R1" -P $PKGS; then
	for p in $PKGS; do
		dpkg --root="$R1" -s $p >/dev/null 2>&1 && err "$p still known to dpkg"
	done
	left=$(leftover "$R1" | head -n 5 | tr '\n' ' ')
	[ -z "$left" ] || err "left behind: $left"
else
	err "dpkg -P failed: $(grep -i error "$tmp/dpkg.log" | head -n 2 | tr '\n' ' ')"
fi
end "nothing left in the root"

# ------------------------------------------------------------------ over Debian's packages
# Debian's own liburing2 and liburing-dev (apt-get download: the version this machine's
# apt sources have), then ours over them without --force-overwrite.
cache=$dir/debian-cache
mkdir -p "$cache"
why=
if ! ls "$cache"/liburing2_*.deb "$cache"/liburing-dev_*.deb >/dev/null 2>&1; then
	if ! command -v apt-get >/dev/null 2>&1; then
		why="apt-get not found"
	elif ! (cd "$cache" && t apt-get download -q liburing2 liburing-dev >"$tmp/apt.log" 2>&1); then
		why="apt-get download liburing2 liburing-dev failed: $(grep -m1 '^E:' "$tmp/apt.log")"
	fi
fi
deb_lib=$(ls "$cache"/liburing2_*.deb 2>/dev/null | tail -n 1)
deb_dev=$(ls "$cache"/liburing-dev_*.deb 2>/dev/null | tail -n 1)
[ -n "$why" ] || [ -n "$deb_lib" ] && [ -n "$deb_dev" ] || why=${why:-"Debian's packages not downloaded"}
if [ -z "$why" ]; then
	dv=$(dpkg-deb -f "$deb_lib" Version)
	dpkg --compare-versions "$debver" gt "$dv" || why="Debian's liburing2 $dv is newer than ours ($debver)"
fi

begin version-order
case $debver in *:*) err "$debver has an epoch" ;; esac
for v in 2.3-3 2.9-1 2.15-1 2.15-9 2.15-1+b1 ${dv:-}; do
	dpkg --compare-versions "$debver" gt "$v" || err "$debver does not sort above Debian's $v"
done
dpkg --compare-versions "$debver" lt 2.16-1 || err "$debver does not sort below 2.16-1 (Debian's next release)"
dpkg --compare-versions "$debver" ge "$ours_min" || err "$debver is below its own symbols' minimum $ours_min"
end "$debver > 2.15-N${dv:+, > Debian's $dv here}; < 2.16-1"

# The README's command, as apt would carry it out on this machine (a simulation: nothing is
# changed): installs or upgrades, removes nothing; liburing-ffi2 alone neither.
if command -v apt-get >/dev/null 2>&1; then
	begin apt-simulate
	abs=$(cd "$dir" && pwd)
	nin=
	for set in "$PKGS" liburing-ffi2; do
		a=
		for p in $set; do a="$a $abs/${p}_${debver}_$arch.deb"; done
		# shellcheck disable=SC2086
		if t apt-get install -s -q $a >"$tmp/apt.log" 2>&1; then
			rm=$(sed -n 's/^Remv \([^ ]*\).*/\1/p' "$tmp/apt.log" | tr '\n' ' ')
			[ -z "$rm" ] || err "apt install ${set}: would remove $rm"
			nin=${nin:-$(grep -c '^Inst' "$tmp/apt.log")}
		else
			err "apt install ${set}: $(grep -m1 '^E:\|Depends:' "$tmp/apt.log")"
		fi
	done
	end "apt install of the $(echo $PKGS | wc -w) packages: $nin installed or upgraded, nothing removed; of liburing-ffi2 alone: nothing removed"
else
	skip apt-simulate "apt-get not found"
fi

if [ -n "$why" ]; then
	skip over-debian "$why"
	skip purge-over-debian "$why"
else
	R2=$tmp/root2
	mkroot "$R2"
	begin over-debian
	if ! dpk "$R2" -i "$deb_lib" "$deb_dev"; then
		err "Debian's packages did not install: $(grep -i error "$tmp/dpkg.log" | head -n 1)"
	else
		installed_ok "$R2" liburing2 "$dv"
		dpkg --root="$R2" -L liburing2 liburing-dev 2>/dev/null | sort -u >"$tmp/debian-files"
		if dpk "$R2" -i $ours_debs; then
			grep -q 'trying to overwrite' "$tmp/dpkg.log" && err "$(grep -m1 'trying to overwrite' "$tmp/dpkg.log")"
			for p in $PKGS; do
				installed_ok "$R2" $p "$debver"
				lists_ok "$R2" $p
			done
			[ "$(readlink "$R2/$libdir/liburing.so.2")" = "liburing.so.$version" ] ||
				err "liburing.so.2 -> $(readlink "$R2/$libdir/liburing.so.2")"
			# Debian's files that ours do not have are gone
			cat "$tmp"/*.list | awk '{ print $6 }' | sed 's|^\.||; s|/$||' | sort -u >"$tmp/ours-files"
			stale=$(comm -23 "$tmp/debian-files" "$tmp/ours-files" | while read -r f; do
				[ -e "$R2$f" ] && [ ! -d "$R2$f" ] && echo "$f"; done | head -n 3 | tr '\n' ' ')
			[ -z "$stale" ] || err "Debian's files left: $stale"
			dpkg --root="$R2" --verify >"$tmp/verify" 2>&1 && [ ! -s "$tmp/verify" ] ||
				err "dpkg --verify: $(head -n 2 "$tmp/verify" | tr '\n' ' ')"
		else
			err "ours over Debian's failed: $(grep -i 'error\|overwrite' "$tmp/dpkg.log" | head -n 2 | tr '\n' ' ')"
		fi
	fi
	end "Debian's $dv, then ours: $(dpkg --root="$R2" -s liburing2 2>/dev/null | sed -n 's/^Version: //p')"

	begin purge-over-debian
	if dpk "$R2" -P $PKGS; then
		left=$(leftover "$R2" | head -n 5 | tr '\n' ' ')
		[ -z "$left" ] || err "left behind: $left"
	else
		err "dpkg -P failed: $(grep -i error "$tmp/dpkg.log" | head -n 2 | tr '\n' ' ')"
	fi
	end
fi

# ------------------------------------------------------------------ nothing lost
# What `make install` stages (into a directory of our own) is all in the packages.
begin complete
S=$tmp/stage
if t $make --no-print-directory -s install prefix=/usr libdir=/$libdir mandir=/usr/share/man \
	DESTDIR="$S" >"$tmp/make.log" 2>&1; then
	(cd "$S" && find . ! -type d | sed 's|^\.||' | sort) >"$tmp/staged"
	cat "$tmp"/*.list | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\.||; s|\.gz$||' | sort -u >"$tmp/packaged"
	sed 's|\.gz$||' "$tmp/staged" | sort -u >"$tmp/staged2"
	miss=$(comm -23 "$tmp/staged2" "$tmp/packaged" | head -n 3 | tr '\n' ' ')
	[ -z "$miss" ] || err "installed by make install but in no package: $miss"
	nst=$(wc -l <"$tmp/staged" | tr -d ' ')
else
	err "make install failed: $(tail -n 1 "$tmp/make.log")"
fi
end "${nst:-0} files of make install, all packaged"

summary
