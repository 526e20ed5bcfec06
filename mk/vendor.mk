# Offline builds. `make vendor` copies every crate that the library, tools/uring-status, fuzz/
# and tests/rust-user lock (cargo vendor; needs network or a cargo cache holding them) into
# vendor/ and writes .cargo/config.toml pointing cargo at it. From then on every cargo command in
# the tree, make's included, builds without network: copy or pack the tree with vendor/ and
# .cargo/ to build on a machine without one. `make unvendor` undoes it.
#
# check-vendor (tests/vendor.sh) proves the flow without touching vendor/ or .cargo/: it vendors
# from the local cargo cache, offline, into build/vendor-check/, then with an empty CARGO_HOME,
# --offline and no network checks that every package's Cargo.lock is satisfied, builds the
# library (its archive exports the API), and builds and runs tests/rust-user, a Rust program
# using the crate (it skips when URING_UNAVAILABLE is set). About 40 s.
# Prints: vendor: N passed, N failed, N skipped

VENDOR_SYNC := --sync tools/uring-status/Cargo.toml --sync fuzz/Cargo.toml \
               --sync tests/rust-user/Cargo.toml

CHECKS += check-vendor
.PHONY: vendor unvendor check-vendor

# cargo vendor ignores the source replacement it is about to write, so this also refreshes an
# existing vendor/ after a Cargo.lock changed. An existing .cargo/config.toml that make vendor did
# not write is left alone: the snippet to add to it is printed instead.
vendor:
	@mkdir -p .cargo
	@$(CARGO) vendor --locked $(VENDOR_SYNC) vendor > .cargo/vendor-snippet.toml 2> .cargo/vendor.log || \
		{ cat .cargo/vendor.log; rm -f .cargo/vendor-snippet.toml .cargo/vendor.log; exit 1; }
	@grep -q 'replace-with = "vendored-sources"' .cargo/vendor-snippet.toml || \
		{ echo "vendor: cargo vendor printed no source replacement"; rm -f .cargo/vendor-*; exit 1; }
	@if [ ! -e .cargo/config.toml ] || grep -q '^# Written by make vendor' .cargo/config.toml; then \
		{ echo '# Written by make vendor: cargo takes crates.io crates from vendor/ (make unvendor removes it).'; \
		  cat .cargo/vendor-snippet.toml; } > .cargo/config.toml && \
		echo "vendor: crates in vendor/, .cargo/config.toml points cargo at them: builds need no network now"; \
	else echo "vendor: .cargo/config.toml exists and make vendor did not write it: add this to it:"; \
		cat .cargo/vendor-snippet.toml; fi
	@rm -f .cargo/vendor-snippet.toml .cargo/vendor.log

unvendor:
	@if grep -qs '^# Written by make vendor' .cargo/config.toml; then rm -f .cargo/config.toml; fi
	@rmdir .cargo 2>/dev/null || true
	rm -rf vendor

# After lib and uring-status: their builds put the crates in the local cargo cache.
check-vendor: lib $(URING_STATUS)
	@CARGO="$(CARGO)" V="$(V)" timeout 300 sh tests/vendor.sh $(B)/vendor-check
