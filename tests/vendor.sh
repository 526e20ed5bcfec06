#!/bin/sh
# Offline builds from vendored sources (make check-vendor), without touching the tree's vendor/
# or .cargo/: what `make vendor` does, into OUT/vendor, from the local cargo cache and with
# --offline; then, with an empty CARGO_HOME whose config.toml is the snippet cargo vendor
# printed, --offline and no network (a network namespace of its own where unshare allows it),
# every package's Cargo.lock must resolve from the vendored sources alone (the library's with its
# optional bindgen dependency, tools/uring-status, fuzz/, tests/rust-user), the library must
# build and its archive export the API, and tests/rust-user, an ordinary Rust program that sets
# a ring up through the crate (default-features = false), must build and pass.
#
# usage: tests/vendor.sh OUT        (from the top of the tree; CARGO, V=1 for cargo's output)
# Prints: vendor: N passed, N failed, N skipped
set -u
CARGO=${CARGO:-cargo}
out=$(realpath -m "$1")
vendor=$out/vendor
log=$out/cargo.log
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "PASS: $*"; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
sk() { skip=$((skip + 1)); echo "SKIP: $*"; }
summary() {
	# What a passing run built is 500 MB: only the logs stay.
	[ $fail -eq 0 ] && rm -rf "$out/target" "$vendor"
	echo "vendor: $pass passed, $fail failed, $skip skipped"
	exit $((fail > 0))
}
# Run a command with its output in the log (shown with V=1); on failure print its last lines.
run() {
	echo "+ $*" >>"$log"
	[ "${V:-0}" = 1 ] && echo "+ $*"
	"$@" >"$out/step.log" 2>&1
	st=$?
	cat "$out/step.log" >>"$log"
	if [ "${V:-0}" = 1 ]; then cat "$out/step.log"
	elif [ $st -ne 0 ]; then grep -v '^As a reminder' "$out/step.log" | tail -n 4 | sed 's/^/  | /'; fi
	return $st
}

rm -rf "$out" && mkdir -p "$out" || { ko "cannot create $out"; summary; }
: >"$log"
# Cargo runs without network: in a network namespace of its own where unshare allows it.
nonet=
if unshare -rn true 2>/dev/null; then nonet="unshare -rn"; fi

# 1. cargo vendor, offline, from the local cargo cache (or from the sources a vendored tree's
#    .cargo/config.toml points at: --respect-source-config). fuzz/ needs crates that make and
#    make check never download (libFuzzer's): when the cache lacks them, fuzz/ is left out.
syncs="--sync tools/uring-status/Cargo.toml --sync tests/rust-user/Cargo.toml"
fuzz=yes
if ! $nonet $CARGO vendor --offline --locked --respect-source-config $syncs --sync fuzz/Cargo.toml \
	"$vendor" >"$out/config.toml" 2>>"$log"; then
	fuzz=
	if ! $nonet $CARGO vendor --offline --locked --respect-source-config $syncs \
		"$vendor" >"$out/config.toml" 2>>"$log"; then
		why=$({ grep -m1 -E 'no matching package|failed to download `' "$log" || head -1 "$log"; } | sed 's/^ *//' | cut -c1-120)
		echo "vendor: skipped, cargo vendor --offline: the local cargo cache lacks crates the packages lock ($why; build once online first)"
		exit 0
	fi
fi
crates=$(find "$vendor" -mindepth 1 -maxdepth 1 -type d | wc -l)
from="the local cargo cache"
grep -qs 'vendored-sources' .cargo/config.toml && from="the tree's vendored sources (make vendor)"
if grep -q 'replace-with = "vendored-sources"' "$out/config.toml"; then
	ok "cargo vendor --offline${nonet:+, no network}: $crates crates from $from${fuzz:+ (fuzz/ included)}"
else
	ko "cargo vendor printed no source replacement"; summary
fi

# 2. An empty cargo home: no registry, no index, no cached crate; offline in its configuration.
home=$(mktemp -d) || { ko "mktemp -d"; summary; }
trap 'rm -rf "$home"' EXIT
{ cat "$out/config.toml"; printf '\n[net]\noffline = true\n'; } >"$home/config.toml"
export CARGO_HOME="$home" CARGO_TARGET_DIR="$out/target"
# The build script writes the header and bindings into the tree unless told otherwise.
export URING_HEADER_OUT="$out/liburing.h" URING_BINDINGS_OUT="$out/bindings.rs"
where="empty CARGO_HOME, --offline${nonet:+, no network}"
oc() { run $nonet $CARGO "$@" --offline --locked --quiet; }

# 3. Every package's Cargo.lock is satisfied by the vendored sources alone (cargo fetch: every
#    locked crate, for every target and feature). This is where an offline build used to stop:
#    the library's optional bindgen (feature regen-uapi) is in its Cargo.lock, and cargo needs
#    it even when the feature is off.
resolve() {
	what=$1; shift
	if oc fetch "$@"; then ok "every crate $what locks is vendored ($where)"
	else ko "crates $what locks are missing from the vendored sources ($where)"; fi
}
resolve "the library (bindgen for regen-uapi included)"
resolve tools/uring-status --manifest-path tools/uring-status/Cargo.toml
resolve tests/rust-user --manifest-path tests/rust-user/Cargo.toml
if [ -n "$fuzz" ]; then resolve fuzz/ --manifest-path fuzz/Cargo.toml
else sk "fuzz/: its crates (libfuzzer-sys) are not in the local cargo cache"; fi

# 4. Builds: the library (its archive exports the API) and the Rust program. uring-status is not
#    built: its lock pins other versions of some build dependencies, so it would compile the
#    crate a third time (12 s) for nothing step 3 has not shown.
if oc build; then
	a=$out/target/debug/liburing.a
	missing=
	for f in io_uring_queue_init io_uring_submit io_uring_wait_cqe io_uring_get_sqe; do
		readelf -sW "$a" | grep -qE " FUNC +GLOBAL +DEFAULT +[0-9]+ $f\$" || missing="$missing $f"
	done
	if [ -z "$missing" ]; then ok "build the library ($where): liburing.a exports the API"
	else ko "build the library: liburing.a lacks$missing"; fi
else
	ko "build the library ($where)"
fi
if oc build --manifest-path tests/rust-user/Cargo.toml; then
	timeout 10 "$out/target/debug/rust-user" >"$out/rust-user.out" 2>&1
	st=$?
	msg=$(tail -1 "$out/rust-user.out")
	case $st in
	0) ok "tests/rust-user, a Rust program using the crate: ${msg#PASS: }" ;;
	77) sk "tests/rust-user: ${msg#SKIP: }" ;;
	*) ko "tests/rust-user (exit $st): $msg" ;;
	esac
else
	ko "build tests/rust-user ($where)"
fi
summary
