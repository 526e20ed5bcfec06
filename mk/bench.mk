# bench/: our library against the system's liburing, in the same run (see bench/README.md).
# Not part of `make check` or of the default goal.
#
#   make bench                      callgrind hot paths + NOP throughput, table in build/bench/results.md
#   make bench-hot | bench-tput     one half only
#   make bench BENCH_ARGS='--tput-runs 9 --ops 2000000'
#   make bench-hot LIBURING_UP=/opt/liburing-2.15
#                                   also up-shared/up-static (that prefix's header + its .so/.a)
#                                   and up-drop-in (the up-shared binary run on our .so)

BENCH_DIR     := $(B)/bench
# A private copy of our library: the runs must not see a half-written build/liburing.so.2
# when the library is rebuilt meanwhile.
BENCH_OURS    := $(BENCH_DIR)/ours
# -MD: the header each binary was built with goes to <binary>.d; run.py checks it.
BENCH_CFLAGS   = -std=gnu11 -O2 -g -Wall -Wextra -Werror -MD -MP -MT $@ -MF $@.d
BENCH_LDFLAGS := -Wl,-z,now
BENCH_PROGS   := hotpath nop_tput reap_ns
# The system's liburing (Debian: liburing-dev): headers in the default include path.
BENCH_SYS_A    = $(abspath $(shell $(CC) -print-file-name=liburing.a))
BENCH_SYS_SO   = $(abspath $(shell $(CC) -print-file-name=liburing.so))
BENCH_ARGS    ?=
# Optional: an installed liburing (headers in $(LIBURING_UP)/include, liburing.so.2 and
# liburing.a in $(LIBURING_UP_LIB)), e.g. liburing 2.15 built from its release tag.
LIBURING_UP     ?=
LIBURING_UP_LIB ?= $(LIBURING_UP)/lib

BENCH_VARIANTS := ours-shared ours-static sys-shared sys-static
BENCH_RUN      := python3 bench/run.py --dir $(BENCH_DIR) --lib-dir $(abspath $(BENCH_OURS)) \
                  --include-dir $(abspath include)
ifneq ($(LIBURING_UP),)
BENCH_UP       := $(abspath $(LIBURING_UP))
BENCH_UP_LIB   := $(abspath $(LIBURING_UP_LIB))
BENCH_VARIANTS += up-shared up-static
BENCH_RUN      += --up-dir $(BENCH_UP) --up-lib-dir $(BENCH_UP_LIB)
endif
BENCH_BINS := $(foreach p,$(BENCH_PROGS),$(foreach v,$(BENCH_VARIANTS),$(BENCH_DIR)/$(p)-$(v)))

.PHONY: bench bench-hot bench-tput bench-build bench-sys-check bench-up-check

bench: bench-build
	$(BENCH_RUN) --variants "$(BENCH_VARIANTS)" $(BENCH_ARGS)

bench-hot: bench-build
	$(BENCH_RUN) --variants "$(BENCH_VARIANTS)" --only hot $(BENCH_ARGS)

bench-tput: bench-build
	$(BENCH_RUN) --variants "$(BENCH_VARIANTS)" --only tput $(BENCH_ARGS)

bench-build: $(BENCH_BINS)

$(BENCH_DIR):
	mkdir -p $@

$(BENCH_OURS)/liburing.so.2: $(B)/liburing.so.$(VERSION) | $(BENCH_DIR)
	mkdir -p $(BENCH_OURS)
	cp $< $@.tmp && mv $@.tmp $@
	ln -sf liburing.so.2 $(BENCH_OURS)/liburing.so

$(BENCH_OURS)/liburing.a: $(B)/liburing.a | $(BENCH_DIR)
	mkdir -p $(BENCH_OURS)
	cp $< $@.tmp && mv $@.tmp $@

bench-sys-check:
	@test -f /usr/include/liburing.h -a -f "$(BENCH_SYS_A)" -a -f "$(BENCH_SYS_SO)" || \
		{ echo "bench: the system's liburing is missing: apt-get install -y liburing-dev" >&2; exit 1; }
	@test -f /usr/include/valgrind/callgrind.h || \
		{ echo "bench: valgrind is missing: apt-get install -y valgrind" >&2; exit 1; }

# Ours: include/ + our liburing.so.2 (found through the run path) or liburing.a, as copied.
$(BENCH_DIR)/%-ours-shared: bench/%.c $(BENCH_OURS)/liburing.so.2 include/liburing.h | $(BENCH_DIR) bench-sys-check
	$(CC) $(BENCH_CFLAGS) -Iinclude -o $@ $< -L$(BENCH_OURS) -luring $(BENCH_LDFLAGS) \
		-Wl,-rpath,$(abspath $(BENCH_OURS))

$(BENCH_DIR)/%-ours-static: bench/%.c $(BENCH_OURS)/liburing.a include/liburing.h | $(BENCH_DIR) bench-sys-check
	$(CC) $(BENCH_CFLAGS) -Iinclude -o $@ $< $(BENCH_OURS)/liburing.a $(BENCH_LDFLAGS)

# The system's: /usr/include/liburing.h (helpers static inline) + its liburing.so.2 / liburing.a.
$(BENCH_DIR)/%-sys-shared: bench/%.c | $(BENCH_DIR) bench-sys-check
	$(CC) $(BENCH_CFLAGS) -o $@ $< -luring $(BENCH_LDFLAGS)

$(BENCH_DIR)/%-sys-static: bench/%.c | $(BENCH_DIR) bench-sys-check
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(BENCH_SYS_A) $(BENCH_LDFLAGS)

ifneq ($(LIBURING_UP),)
bench-up-check:
	@test -f $(BENCH_UP)/include/liburing.h -a -f $(BENCH_UP_LIB)/liburing.so.2 \
		-a -f $(BENCH_UP_LIB)/liburing.a || \
		{ echo "bench: LIBURING_UP=$(LIBURING_UP): no include/liburing.h, or no" \
			"liburing.so.2 and liburing.a in $(BENCH_UP_LIB)" >&2; exit 1; }

# That prefix's header + its liburing.so.2 (run path, as DT_RUNPATH so that LD_LIBRARY_PATH
# still wins for up-drop-in) or its liburing.a.
$(BENCH_DIR)/%-up-shared: bench/%.c | $(BENCH_DIR) bench-sys-check bench-up-check
	$(CC) $(BENCH_CFLAGS) -I$(BENCH_UP)/include -o $@ $< -L$(BENCH_UP_LIB) -luring \
		$(BENCH_LDFLAGS) -Wl,--enable-new-dtags -Wl,-rpath,$(BENCH_UP_LIB)

$(BENCH_DIR)/%-up-static: bench/%.c | $(BENCH_DIR) bench-sys-check bench-up-check
	$(CC) $(BENCH_CFLAGS) -I$(BENCH_UP)/include -o $@ $< $(BENCH_UP_LIB)/liburing.a \
		$(BENCH_LDFLAGS)
endif

# Rebuild when a header changes (the .d files name every header each binary used).
-include $(wildcard $(BENCH_DIR)/*.d)

# Wall time per CQE of io_uring_for_each_cqe (bench/reap_ns.c), static variants, interleaved
# runs; each run prints its median over many passes. Not under valgrind: this is about the
# dependency chain of the loop, which instruction counts do not show.
BENCH_REAP_RUNS ?= 5
.PHONY: bench-reap
bench-reap: $(foreach v,$(filter %-static,$(BENCH_VARIANTS)),$(BENCH_DIR)/reap_ns-$(v))
	@for i in $$(seq $(BENCH_REAP_RUNS)); do for b in $^; do \
		echo "$${b##*reap_ns-} $$($$b | tr '\n' ' ')"; done; done > $(BENCH_DIR)/reap_ns.txt
	@echo "ns per CQE, median of $(BENCH_REAP_RUNS) runs: variant, for_each, bare loop"
	@for v in $(filter %-static,$(BENCH_VARIANTS)); do \
		f=$$(awk -v v=$$v '$$1 == v { print $$3 }' $(BENCH_DIR)/reap_ns.txt | sort -n | \
		     sed -n "$$((($(BENCH_REAP_RUNS) + 1) / 2))p"); \
		r=$$(awk -v v=$$v '$$1 == v { print $$5 }' $(BENCH_DIR)/reap_ns.txt | sort -n | \
		     sed -n "$$((($(BENCH_REAP_RUNS) + 1) / 2))p"); \
		echo "$$v $$f $$r"; done
