# fuzz/: fuzz targets for cargo fuzz (libFuzzer + ASan; see fuzz/README.md). fuzz-smoke runs each
# target's plain driver instead (no libFuzzer, no nightly flags, its own Cargo package and
# target dir fuzz/target): the committed corpus, then pseudo-random inputs from a printed seed,
# FUZZ_SMOKE_SECS seconds per target, each target in its own process.
# Prints a line per target (executions, seed), then: fuzz-smoke: N passed, N failed, N skipped

FUZZ_SMOKE_SECS ?= 2
FUZZ_DRIVER     := fuzz/target/release/driver

CHECKS += fuzz-smoke
.PHONY: fuzz-smoke clean-fuzz

fuzz-smoke:
	@$(CARGO) build --release --quiet --no-default-features --manifest-path fuzz/Cargo.toml --bin driver
	@timeout 300 $(FUZZ_DRIVER) --secs $(FUZZ_SMOKE_SECS)

clean: clean-fuzz
clean-fuzz:
	rm -rf fuzz/target
