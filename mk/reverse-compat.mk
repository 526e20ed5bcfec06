# Reverse compatibility: the programs `make check` builds against include/ (c-tests, the
# examples, the install test's program) must reference only symbols liburing 2.15's
# liburing.so.2 exports, at the same version node (ABI_SYMBOLS), and those whose symbols all
# exist in the system's liburing.so.2 (Debian: liburing2, 2.3) must give the same result on it
# as on ours. SYSTEM_LIBURING overrides the system library the dynamic loader finds.
# Prints: reverse-compat: N passed, N failed, N skipped
# (Uses EX_BINS, EX_CLIENT and EX_TIMEOUT from mk/examples.mk, included before this file;
# suites included after it add their programs to REVERSE_COMPAT_PROGS and as prerequisites.)

ABI_SYMBOLS     ?= ../shared/abi/symbols.tsv
SYSTEM_LIBURING ?=

CHECKS += check-reverse-compat
.PHONY: check-reverse-compat

check-reverse-compat: lib $(C_TESTS) $(EX_BINS) $(EX_CLIENT)
	@CC="$(CC)" TEST_TIMEOUT=60 EX_TIMEOUT=$(EX_TIMEOUT) SYSTEM_LIBURING="$(SYSTEM_LIBURING)" \
		sh tests/reverse-compat.sh $(B) $(ABI_SYMBOLS) $(C_TESTS) $(REVERSE_COMPAT_PROGS) \
		--examples $(EX_BINS)
