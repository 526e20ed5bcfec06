# tests/twins: the differential test of the inline helpers' two copies (the header's C twin
# and the Rust export in liburing-ffi.so.2), on random arguments and hand-built ring images,
# and the header's helpers compiled as C++ (C++11/17/20, and with IOURINGINLINE overridden
# to extern definitions, which must resolve to liburing-ffi's C symbols).
# Prints: twins: N passed, N failed, N skipped (one per helper); cxx: the same per build.
# TWINS_SEED=n repeats a run.

TWINS_SRC  := $(sort $(wildcard src/*.h src/prep/*.h))
TWINS_ITER ?= 10000
CXX        ?= c++
CXX_STDS   := c++11 c++17 c++20
CXX_BINS   := $(addprefix $(B)/twins/cxx-,$(CXX_STDS) extern)

CHECKS += check-twins check-cxx
.PHONY: check-twins check-cxx

$(B)/twins:
	mkdir -p $@

$(B)/twins/generated.h $(B)/twins/every.h &: tests/twins/gen.py $(TWINS_SRC) | $(B)/twins
	python3 tests/twins/gen.py $(B)/twins $(TWINS_SRC)

$(B)/twins/twins: tests/twins/twins.c $(B)/twins/generated.h $(B)/liburing-ffi.so.$(VERSION)
	$(CC) $(CFLAGS_T) -I$(B)/twins -o $@ $< -L$(B) -luring-ffi -ldl \
		-Wl,-rpath,$(abspath $(B))

CXXFLAGS_T := -O2 -Wall -Wextra -Werror -Iinclude -I$(B)/twins
$(B)/twins/cxx-c++%: tests/twins/cxx.cc $(B)/twins/every.h $(B)/liburing.so.$(VERSION)
	$(CXX) -std=c++$* $(CXXFLAGS_T) -o $@ $< -L$(B) -luring -Wl,-rpath,$(abspath $(B))

# Not inlined (-O0) and defined extern: every call must find liburing-ffi's unmangled symbol.
$(B)/twins/cxx-extern: tests/twins/cxx.cc $(B)/twins/every.h $(B)/liburing-ffi.so.$(VERSION)
	$(CXX) -std=c++17 $(CXXFLAGS_T) -O0 '-DIOURINGINLINE=extern inline __attribute__((gnu_inline))' \
		-o $@ $< -L$(B) -luring-ffi -Wl,-rpath,$(abspath $(B))

check-twins: $(B)/twins/twins
	@timeout 300 $< $(TWINS_ITER)

# The C++ programs built against liburing.so.2 also run in the reverse-compat suite.
REVERSE_COMPAT_PROGS += $(addprefix $(B)/twins/cxx-,$(CXX_STDS))
check-reverse-compat: $(addprefix $(B)/twins/cxx-,$(CXX_STDS))

check-cxx: $(CXX_BINS)
	@TEST_TIMEOUT=30 sh c-tests/run.sh cxx $(CXX_BINS)
