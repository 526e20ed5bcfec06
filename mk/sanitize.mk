# make check-sanitize: the Rust core built with AddressSanitizer (target/asan, linked into
# build/asan/liburing.so.2 and liburing-ffi.so.2 by the Makefile's own rules), and the c-tests,
# the examples and the abi-compat programs built with ASan + UBSan and run on it
# (tests/sanitize.sh). Not part of `make check`; .ci/run runs it after.
# Prints the three suites' FAIL and summary lines (everything with V=1; their whole output goes
# to build/asan/sanitize.log), then: sanitize: N passed, N failed, N skipped (...)

SAN_B      := $(B)/asan
# Both runtimes linked statically share one copy of the sanitizers' common code, so that the
# reports of both go to ASAN_OPTIONS' and UBSAN_OPTIONS' log_path (as shared libraries, libubsan's
# log_path lands in libasan's copy and its reports stay on stderr). -rdynamic exports the ASan
# entry points to the library, also for programs linked against the system's liburing.
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
              -static-libasan -static-libubsan -rdynamic
# An explicit --target keeps RUSTFLAGS (the instrumentation) off build scripts and proc-macros.
SAN_TARGET  = $(shell rustc -vV | sed -n 's/^host: //p')
comma      := ,

# The same Makefile again, with B, the archive, and the flags of the library and program links
# overridden; the environment turns its cargo build into the sanitized one. The libraries leave
# the ASan entry points undefined (the program has the runtime); no --strip-debug, and line
# tables, so that reports name file and line.
SAN_MAKE = RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes" \
	CARGO_BUILD_TARGET=$(SAN_TARGET) CARGO_TARGET_DIR=target/asan \
	CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
	$(MAKE) --no-print-directory B=$(SAN_B) RUST_A=target/asan/$(SAN_TARGET)/release/liburing.a \
	SO_LDFLAGS="$(filter-out -Wl$(comma)--no-undefined -Wl$(comma)--strip-debug,$(SO_LDFLAGS))" \
	CFLAGS_T="$(CFLAGS_T) $(SAN_CFLAGS)"

.PHONY: check-sanitize sanitize-progs

# Made by the inner make, where B is $(SAN_B).
sanitize-progs: $(B)/liburing-ffi.so.$(VERSION) $(C_TESTS) $(EX_BINS) $(EX_CLIENT)

# The Rust code must be instrumented: a build change could silently drop it.
check-sanitize:
	@$(SAN_MAKE) sanitize-progs
	@nm -D --undefined-only $(SAN_B)/liburing.so.$(VERSION) | grep -q __asan_report_ || \
		{ echo "check-sanitize: $(SAN_B)/liburing.so.$(VERSION) has no ASan checks" >&2; exit 1; }
	@CC="$(CC) $(SAN_CFLAGS)" EX_TIMEOUT=$(EX_TIMEOUT) V=$(V) sh tests/sanitize.sh $(SAN_B) \
		$(patsubst $(B)/%,$(SAN_B)/%,$(C_TESTS)) -- $(ABI_COMPAT_SRC)
