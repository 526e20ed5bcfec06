# examples/: io_uring-cp, link-cp, echo-server, uring-probe (and echo-server's test client).
# Built by `make`, which then runs a short demo once (again only when an example was rebuilt;
# `make demo` runs it always), checked by `make check` (check-examples, which runs the demo too).

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
	timeout 30 sh examples/demo.sh $(B)/examples

# The demo of `make`: once after the examples are (re)built.
EX_DEMO_STAMP := $(B)/examples/.demo-run
$(EX_DEMO_STAMP): $(EX_BINS) examples/demo.sh
	timeout 30 sh examples/demo.sh $(B)/examples
	touch $@

check-examples: $(EX_BINS) $(EX_CLIENT)
	timeout $(EX_TIMEOUT) sh examples/run-checks.sh $(B)/examples

ALL          += examples $(EX_DEMO_STAMP)
CHECKS       += check-examples
URING_CHECKS += check-examples
