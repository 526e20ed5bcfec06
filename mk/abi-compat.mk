# Binary compatibility: abi-compat/*.c are built against the SYSTEM liburing (Debian's
# liburing-dev headers, an older 2.x, linked with its liburing.so.2), then run with our
# build/liburing.so.2 loaded in its place (LD_LIBRARY_PATH). A control run against the
# system library validates each program; only the runs against ours are counted.
# Prints: abi-compat: N passed, N failed, N skipped (all skipped without liburing-dev).

ABI_COMPAT_SRC := $(sort $(wildcard abi-compat/*.c))

CHECKS       += check-abi-compat
URING_CHECKS += check-abi-compat
.PHONY: check-abi-compat

check-abi-compat: lib
	@CC="$(CC)" TEST_TIMEOUT=30 sh abi-compat/run.sh $(abspath $(B)) $(ABI_COMPAT_SRC)
