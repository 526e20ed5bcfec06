# tests/faults: io_uring_enter(2) fails at random (EINTR, EAGAIN, EBUSY, ENOMEM, injected
# through a seccomp SIGSYS trap) under a workload of reads, NOPs and timeouts; every submit,
# wait and peek call must return what liburing 2.15 returns, and every request complete once.
# Prints the faults injected per call, then
#   faults: N passed, N failed, N skipped (N faults injected: EINTR a, EAGAIN b, ...; seed s, t s)
# FAULTS_SEED=n repeats a run.

FAULTS_BIN := $(B)/faults/faults

CHECKS       += check-faults
URING_CHECKS += check-faults
.PHONY: check-faults

$(B)/faults:
	mkdir -p $@

$(FAULTS_BIN): tests/faults/faults.c c-tests/test.h $(B)/liburing.so.$(VERSION) | $(B)/faults
	$(CC) $(CFLAGS_T) -Ic-tests -o $@ $< -L$(B) -luring -Wl,-rpath,$(abspath $(B))

check-faults: $(FAULTS_BIN)
	@TEST_TIMEOUT=60 sh tests/faults/run.sh $(FAULTS_BIN)
