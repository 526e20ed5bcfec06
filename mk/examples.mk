# examples/: io_uring-cp, link-cp, echo-server, uring-probe (and echo-server's test client).
# Built by `make` (with a short demo run), checked by `make check` (check-examples).

EX_PROGS   := io_uring-cp link-cp echo-server uring-probe
EX_BINS    := $(addprefix $(B)/examples/,$(EX_PROGS))
EX_CLIENT  := $(B)/examples/echo-client
EX_TIMEOUT ?= 300

.PHONY: examples demo check-examples

examples: $(EX_BINS) $(EX_CLIENT)

$(B)/examples:
	mkdir -p $@

$(B)/examples/%: examples/%.c include/liburing.h $(B)/liburing.so.$(VERSION) | $(B)/examples
	$(CC) $(CFLAGS_T) -o $@ $< -L$(B) -luring -Wl,-rpath,$(abspath $(B))

# The two copy programs share their setup and teardown.
$(B)/examples/io_uring-cp $(B)/examples/link-cp: examples/cp-common.h

# The client uses plain sockets only, so it does not depend on the library.
$(EX_CLIENT): examples/echo-client.c | $(B)/examples
	$(CC) $(CFLAGS_T) -o $@ $< -lpthread

demo: $(EX_BINS)
	@timeout 30 sh examples/demo.sh $(B)/examples

check-examples: $(EX_BINS) $(EX_CLIENT)
	timeout $(EX_TIMEOUT) sh examples/run-checks.sh $(B)/examples

ALL    += examples demo
CHECKS += check-examples
