# liburing 2.15 in Rust: build, test and install.
#
#   make            libraries (build/), examples, and a demo run
#   make check      every test suite, one summary line each
#   make install    prefix=/usr/local bindir= libdir= includedir= DESTDIR=
#   make help       every target and variable

VERSION    := 2.15
prefix     ?= /usr/local
bindir     ?= $(prefix)/bin
libdir     ?= $(prefix)/lib
includedir ?= $(prefix)/include
CC         ?= cc
CARGO      ?= cargo
ABI_CHECK  ?= ../shared/abi/check

B          := build

# Commands are not shown unless V=1 (make check's runner keeps each suite's output in
# build/check/<suite>.log; with V=1 it streams it instead).
V ?= 0
ifneq ($(V),1)
.SILENT:
MAKEFLAGS += --no-print-directory
endif

RUST_A     := target/release/liburing.a
CFLAGS_T   := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude
SO_LDFLAGS := -shared -Wl,--no-undefined -Wl,--gc-sections -Wl,--strip-debug \
              -Wl,-z,relro,-z,now -Wl,--build-id

LIBS := $(B)/liburing.so.$(VERSION) $(B)/liburing.a \
        $(B)/liburing-ffi.so.$(VERSION) $(B)/liburing-ffi.a

C_TESTS := $(patsubst c-tests/%.c,$(B)/c-tests/%,$(wildcard c-tests/*.c))

.PHONY: all lib help check check-rust check-lint check-c check-abi check-generated \
	check-blocked check-selftest-fail install uninstall clean

all: default-goal

lib: $(LIBS)

# cargo decides itself whether anything changed.
$(RUST_A): FORCE
	$(CARGO) build --release --quiet

# The shared objects are linked from the static archive so that our version scripts apply
# (a cdylib cannot carry named symbol versions).
$(B)/%.so.$(VERSION): $(RUST_A) %.map | $(B)
	$(CC) $(SO_LDFLAGS) -o $@ -Wl,--whole-archive $(RUST_A) -Wl,--no-whole-archive \
		-Wl,--version-script=$*.map -Wl,-soname,$*.so.2
	ln -sf $*.so.$(VERSION) $(B)/$*.so.2
	ln -sf $*.so.2 $(B)/$*.so

# The archives hold one relocatable object: only the code the API needs (gc from the exported
# symbols), with every other symbol made local, so that a program may also link another Rust
# library, and without debug info or the LLVM bitcode LTO leaves behind.
$(B)/%.a: $(RUST_A) %.map | $(B)
	grep -oE '^\s+[_a-z0-9]+;' $*.map | tr -d ' \t;' | sort -u > $@.syms
	$(LD) -r --gc-sections $$(sed 's/^/-u /' $@.syms) -o $@.o --whole-archive $(RUST_A)
	objcopy --keep-global-symbols=$@.syms --strip-debug \
		--remove-section=.llvmbc --remove-section=.llvmcmd $@.o
	rm -f $@ && ar rcs $@ $@.o && rm -f $@.o $@.syms

$(B) $(B)/c-tests:
	mkdir -p $@

$(B)/c-tests/%: c-tests/%.c c-tests/test.h $(B)/liburing.so.$(VERSION) | $(B)/c-tests
	$(CC) $(CFLAGS_T) -o $@ $< -L$(B) -luring -lpthread -Wl,-rpath,$(abspath $(B))

# Suites defined in mk/*.mk add their check targets to CHECKS, and also to URING_CHECKS when
# they need a working io_uring; their build products go to ALL.
CHECKS       := check-rust check-lint check-c check-abi check-generated check-blocked
URING_CHECKS := check-c
ALL          := lib
include $(sort $(wildcard mk/*.mk))

# make check: tests/check/run.sh probes io_uring once (build/check/probe), skips the suites of
# URING_CHECKS with the probe's reason when it is unavailable (the others then see
# URING_UNAVAILABLE=<reason>), runs each suite with its output in $(CHECK_LOGS)/<suite>.log,
# prints its summary line (and, when it fails, its FAIL lines and the log's path), then the
# verdict line; it fails if a suite failed. SUITES= runs some suites only, in the same way.
SUITES     ?= $(CHECKS)
CHECK_LOGS ?= $(B)/check
CHECK_PROBE := $(B)/check/probe

check: $(CHECK_PROBE)
	URING_CHECKS="$(URING_CHECKS)" MAKE="$(MAKE)" V=$(V) \
		sh tests/check/run.sh $(CHECK_LOGS) $(CHECK_PROBE) $(SUITES)

$(B)/check:
	mkdir -p $@

$(CHECK_PROBE): tests/check/probe.c include/liburing.h $(B)/liburing.so.$(VERSION) | $(B)/check
	$(CC) $(CFLAGS_T) -o $@ $< -L$(B) -luring -Wl,-rpath,$(abspath $(B))

# The unit tests; those that need io_uring skip themselves where it is unavailable.
check-rust:
	CARGO="$(CARGO)" sh tests/check/rust.sh

# Formatting and clippy, as every change must keep them clean.
check-lint:
	if $(CARGO) fmt --version >/dev/null 2>&1 && $(CARGO) clippy --version >/dev/null 2>&1; then \
		$(CARGO) fmt --check && \
		$(CARGO) clippy --release --quiet --all-targets -- -D warnings && \
		echo "lint: 2 passed, 0 failed, 0 skipped (cargo fmt --check, cargo clippy -D warnings)"; \
	else echo "lint: skipped, rustfmt or clippy is not installed"; fi

check-c: $(C_TESTS)
	sh c-tests/run.sh c-tests $(C_TESTS)

# liburing 2.15's ABI facts live beside the project (../shared/abi), not in it. The checker
# ends with "abi: <group> n/n, ..."; summarised as groups passed and failed.
check-abi: lib
	if [ -x $(ABI_CHECK) ]; then \
		$(ABI_CHECK) --all --include include --lib $(B)/liburing.so.2 \
			--ffi-lib $(B)/liburing-ffi.so.2 > $(B)/abi.out; rc=$$?; cat $(B)/abi.out; \
		tail -n 1 $(B)/abi.out | sed 's/ ([^)]*)//g' | tr ',' '\n' | \
		sed -n 's|.* \([0-9]*\)/\([0-9]*\)$$|\1 \2|p' | \
		awk -v rc=$$rc '{ if ($$1 == $$2) p++; else f++; n += $$2 } \
			END { if (rc && !f) f = 1; printf "abi: %d passed, %d failed, 0 skipped (%d checks against liburing 2.15'"'"'s ABI facts)\n", p, f, n }'; \
		exit $$rc; \
	else echo "abi: skipped, $(ABI_CHECK) not found"; fi

# The committed generated files must be what the sources generate. The bindgen part needs
# libclang (installed by .ci/run); without it only the header is compared.
check-generated: | $(B)
	URING_HEADER_OUT=$(abspath $(B))/liburing.h.generated $(CARGO) build --quiet
	cmp include/liburing.h $(B)/liburing.h.generated || \
		{ echo "FAIL include/liburing.h is stale: run cargo build and commit it"; exit 1; }
	if ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1; then \
		URING_BINDINGS_OUT=$(abspath $(B))/bindings.rs.generated \
			$(CARGO) build --quiet --features regen-uapi --target-dir target/regen && \
		{ cmp src/uapi/bindings.rs $(B)/bindings.rs.generated || \
		  { echo "FAIL src/uapi/bindings.rs is stale: cargo build --features regen-uapi"; exit 1; }; } && \
		echo "generated: 2 passed, 0 failed, 0 skipped (include/liburing.h, src/uapi/bindings.rs)"; \
	else echo "generated: 1 passed, 0 failed, 1 skipped (include/liburing.h; src/uapi/bindings.rs not compared: libclang not installed)"; fi

# The runner itself where io_uring is blocked (tests/check/blocked.sh): make check restricted
# to a suite that needs io_uring and one that does not, under tests/diagnose/no-uring.
check-blocked: $(B)/diagnose/no-uring $(CHECK_PROBE)
	MAKE="$(MAKE)" sh tests/check/blocked.sh $(B)/diagnose/no-uring $(CHECK_PROBE) $(B)/check/blocked

# A suite that always fails, for check-blocked: make check must fail and show it.
check-selftest-fail:
	echo "FAIL planted: this suite always fails"
	echo "selftest-fail: 0 passed, 1 failed, 0 skipped"
	exit 1

install: lib $(B)/uring-status
	install -d $(DESTDIR)$(libdir) $(DESTDIR)$(libdir)/pkgconfig $(DESTDIR)$(includedir)/liburing/io_uring
	install -d $(DESTDIR)$(bindir)
	install -m 755 $(B)/uring-status $(DESTDIR)$(bindir)/
	install -m 644 include/liburing.h $(DESTDIR)$(includedir)/
	install -m 644 include/liburing/*.h $(DESTDIR)$(includedir)/liburing/
	install -m 644 include/liburing/io_uring/*.h $(DESTDIR)$(includedir)/liburing/io_uring/
	for l in liburing liburing-ffi; do \
		install -m 755 $(B)/$$l.so.$(VERSION) $(DESTDIR)$(libdir)/ && \
		ln -sf $$l.so.$(VERSION) $(DESTDIR)$(libdir)/$$l.so.2 && \
		ln -sf $$l.so.2 $(DESTDIR)$(libdir)/$$l.so && \
		install -m 644 $(B)/$$l.a $(DESTDIR)$(libdir)/ && \
		sed -e 's|@prefix@|$(prefix)|; s|@libdir@|$(libdir)|; s|@includedir@|$(includedir)|; s|@VERSION@|$(VERSION)|' \
			pkgconfig/$$l.pc.in > $(DESTDIR)$(libdir)/pkgconfig/$$l.pc; \
	done
	echo "make: installed liburing $(VERSION) under $(DESTDIR)$(prefix)"

uninstall:
	rm -f $(DESTDIR)$(bindir)/uring-status
	rm -f $(DESTDIR)$(includedir)/liburing.h
	rm -rf $(DESTDIR)$(includedir)/liburing
	for l in liburing liburing-ffi; do \
		rm -f $(DESTDIR)$(libdir)/$$l.so.$(VERSION) $(DESTDIR)$(libdir)/$$l.so.2 \
		      $(DESTDIR)$(libdir)/$$l.so $(DESTDIR)$(libdir)/$$l.a \
		      $(DESTDIR)$(libdir)/pkgconfig/$$l.pc; \
	done

default-goal: $(ALL)
	echo "make: $(B)/ holds liburing.so.2, liburing.a, liburing-ffi.so.2, liburing-ffi.a," \
		"examples/, uring-status, man/ (see make help)"

help:
	echo "make [target] [VARIABLE=value ...]"
	echo
	echo "targets:"
	echo "  (none)          the libraries, examples, uring-status and man pages into $(B)/, and"
	echo "                  a demo of the examples when they were (re)built"
	echo "  lib             the libraries only: $(B)/liburing.so.2, .a, liburing-ffi.so.2, .a"
	echo "  demo            run the demo again (examples/demo.sh)"
	echo "  check           every test suite, one summary line each, then a verdict line; the"
	echo "                  suites that need io_uring are skipped, with the reason, where it"
	echo "                  does not work; each suite's output is in $(CHECK_LOGS)/<suite>.log"
	echo "  check-<name>    one suite, with its whole output (*: needs io_uring):"
	echo "                  $(foreach s,$(CHECKS),$(s)$(if $(filter $(s),$(URING_CHECKS)),*))" | \
		fold -s -w 94 | sed 's/ *$$//; 2,$$s/^/                  /'
	echo "  check-sanitize  the Rust core, c-tests, examples, abi-compat under ASan/UBSan"
	echo "  check-apps      real Debian programs on this library (installs packages)"
	echo "  man             the man pages only, into $(B)/man (man -l $(B)/man/man3/<page>.3)"
	echo "  deb             Debian packages into $(B)/deb (liburing2, liburing-ffi2, liburing-dev,"
	echo "                  uring-status)"
	echo "  vendor          copy every crate into vendor/ and point cargo at it: later builds"
	echo "                  need no network (unvendor undoes it)"
	echo "  bench           our library against the system's liburing (bench/README.md)"
	echo "  install         install (prefix, bindir, libdir, includedir, mandir, DESTDIR)"
	echo "  uninstall       remove what install installed (same variables)"
	echo "  clean           remove $(B)/ and cargo's target/"
	echo
	echo "variables:"
	echo "  V=1             show the commands; make check streams every suite's output"
	echo "  SUITES='check-c check-ffi'  make check runs only these suites"
	echo "  SUITE_TIMEOUT=600  seconds make check gives a suite before stopping it (it fails)"
	echo "  prefix=$(prefix)  bindir=$(bindir)  libdir=$(libdir)"
	echo "  includedir=$(includedir)  mandir=$(mandir)"
	echo "  DESTDIR=        install into a staging directory (DESTDIR/prefix/...)"
	echo "  CC=$(CC)  CARGO=$(CARGO)"
	echo "  TWINS_SEED=, FAULTS_SEED=   repeat a random run of check-twins, check-faults"

clean:
	rm -rf $(B)
	$(CARGO) clean --quiet

FORCE:
