# tests/diagnose: LIBURING_DEBUG=1 explains a failed ring setup (under a seccomp filter that
# blocks io_uring, as container runtimes do) and names work-arounds; silent otherwise.
# Prints: diagnose: N passed, N failed, N skipped

DIAG_BINS := $(B)/diagnose/no-uring $(B)/diagnose/setup

CHECKS += check-diagnose
.PHONY: check-diagnose

$(B)/diagnose:
	mkdir -p $@

$(B)/diagnose/no-uring: tests/diagnose/no-uring.c | $(B)/diagnose
	$(CC) $(CFLAGS_T) -o $@ $<

$(B)/diagnose/setup: tests/diagnose/setup.c $(B)/liburing.so.$(VERSION) | $(B)/diagnose
	$(CC) $(CFLAGS_T) -o $@ $< -L$(B) -luring -Wl,-rpath,$(abspath $(B))

check-diagnose: $(DIAG_BINS)
	@sh tests/diagnose/run.sh $(B)/diagnose
