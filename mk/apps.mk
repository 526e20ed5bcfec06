# apps/: real Debian programs that link liburing.so.2 (qemu-utils, plocate), run on our
# library and compared with the system's. Not part of `make check`: it may apt-get install
# packages and needs strace. Summary line: apps: N passed, N failed, N skipped.

APPS_TOTAL_TIMEOUT ?= 1200

# Needs io_uring: `make check SUITES=check-apps` skips it where io_uring is unavailable.
URING_CHECKS += check-apps
.PHONY: check-apps

check-apps: lib
	timeout $(APPS_TOTAL_TIMEOUT) bash apps/run.sh $(B)
