# tools/uring-status, a Rust program (its own Cargo package, std and the core crate): what a
# process does with io_uring, from /proc (rings, stuck waits, state D, the liburing it maps),
# and `--check` of this machine. `make` builds it into build/uring-status; check-tools runs
# tools/test_uring_status.py, which runs the package's unit tests and lint, and the program on
# live processes and /proc fixtures.
# Prints: tools: N passed, N failed, N skipped

URING_STATUS     := $(B)/uring-status
URING_STATUS_PKG := tools/uring-status

ALL    += $(URING_STATUS)
CHECKS += check-tools
.PHONY: check-tools clean-tools

# cargo decides itself whether anything changed.
$(URING_STATUS): FORCE | $(B)
	$(CARGO) build --release --quiet --manifest-path $(URING_STATUS_PKG)/Cargo.toml
	cp $(URING_STATUS_PKG)/target/release/uring-status $@

# --check is also tested under a seccomp filter that blocks io_uring (tests/diagnose/no-uring).
check-tools: lib $(URING_STATUS) $(B)/diagnose/no-uring
	CARGO="$(CARGO)" timeout 600 python3 tools/test_uring_status.py

clean: clean-tools
clean-tools:
	rm -rf $(URING_STATUS_PKG)/target
