# tests/twins: the differential test of the inline helpers' two copies (the header's C twin
# and the Rust export in liburing-ffi.so.2), on random arguments and hand-built ring images.
# Prints: twins: N passed, N failed, N skipped (one per helper).  TWINS_SEED=n repeats a run.

TWINS_SRC  := $(sort $(wildcard src/*.h src/prep/*.h))
TWINS_ITER ?= 10000

CHECKS += check-twins
.PHONY: check-twins

$(B)/twins:
	mkdir -p $@

$(B)/twins/generated.h: tests/twins/gen.py $(TWINS_SRC) | $(B)/twins
	python3 tests/twins/gen.py $@ $(TWINS_SRC)

$(B)/twins/twins: tests/twins/twins.c $(B)/twins/generated.h $(B)/liburing-ffi.so.$(VERSION)
	$(CC) $(CFLAGS_T) -I$(B)/twins -o $@ $< -L$(B) -luring-ffi -ldl \
		-Wl,-rpath,$(abspath $(B))

check-twins: $(B)/twins/twins
	@timeout 300 $< $(TWINS_ITER)
