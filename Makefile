# liburing 2.15 in Rust: build, test and install.
#
#   make            libraries (build/), examples, and a demo run
#   make check      every test suite, one summary line each
#   make install    prefix=/usr/local bindir= libdir= includedir= DESTDIR=

VERSION    := 2.15
prefix     ?= /usr/local
bindir     ?= $(prefix)/bin
libdir     ?= $(prefix)/lib
includedir ?= $(prefix)/include
CC         ?= cc
CARGO      ?= cargo
ABI_CHECK  ?= ../shared/abi/check

B          := build
RUST_A     := target/release/liburing.a
CFLAGS_T   := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude
SO_LDFLAGS := -shared -Wl,--no-undefined -Wl,--gc-sections -Wl,--strip-debug \
              -Wl,-z,relro,-z,now -Wl,--build-id

LIBS := $(B)/liburing.so.$(VERSION) $(B)/liburing.a \
        $(B)/liburing-ffi.so.$(VERSION) $(B)/liburing-ffi.a

C_TESTS := $(patsubst c-tests/%.c,$(B)/c-tests/%,$(wildcard c-tests/*.c))

.PHONY: all lib check check-rust check-lint check-c check-abi check-generated install uninstall clean

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

# Suites defined in mk/*.mk add their check targets to CHECKS and their build products to ALL.
CHECKS := check-rust check-lint check-c check-abi check-generated
ALL    := lib
include $(sort $(wildcard mk/*.mk))

check: $(CHECKS)

check-rust:
	$(CARGO) test --quiet

# Formatting and clippy, as every change must keep them clean.
check-lint:
	@if $(CARGO) fmt --version >/dev/null 2>&1 && $(CARGO) clippy --version >/dev/null 2>&1; then \
		$(CARGO) fmt --check && \
		$(CARGO) clippy --release --quiet --all-targets -- -D warnings && \
		echo "lint: rustfmt and clippy clean"; \
	else echo "lint: skipped, rustfmt or clippy is not installed"; fi

check-c: $(C_TESTS)
	sh c-tests/run.sh c-tests $(C_TESTS)

# liburing 2.15's ABI facts live beside the project (../shared/abi), not in it.
check-abi: lib
	@if [ -x $(ABI_CHECK) ]; then \
		$(ABI_CHECK) --all --include include --lib $(B)/liburing.so.2 --ffi-lib $(B)/liburing-ffi.so.2; \
	else echo "abi: skipped, $(ABI_CHECK) not found"; fi

# The committed generated files must be what the sources generate. The bindgen part needs
# libclang (installed by .ci/run); without it only the header is compared.
check-generated: | $(B)
	URING_HEADER_OUT=$(abspath $(B))/liburing.h.generated $(CARGO) build --quiet
	cmp include/liburing.h $(B)/liburing.h.generated || \
		{ echo "include/liburing.h is stale: run cargo build and commit it"; exit 1; }
	@if ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1; then \
		URING_BINDINGS_OUT=$(abspath $(B))/bindings.rs.generated \
			$(CARGO) build --quiet --features regen-uapi --target-dir target/regen && \
		cmp src/uapi/bindings.rs $(B)/bindings.rs.generated || \
		{ echo "src/uapi/bindings.rs is stale: cargo build --features regen-uapi"; exit 1; }; \
	else echo "check-generated: libclang not installed, bindgen output not compared"; fi
	@echo "generated: header and bindings up to date"

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

clean:
	rm -rf $(B)
	$(CARGO) clean --quiet

FORCE:
