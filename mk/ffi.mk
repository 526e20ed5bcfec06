# liburing-ffi from Python ctypes (standard library only): struct layouts, 120,000 NOPs
# reaped with io_uring_peek_batch_cqe + io_uring_cq_advance, and socket get/setsockopt
# through io_uring_prep_cmd_sock with and without IOSQE_ASYNC.
# Prints: ffi: N passed, N failed, N skipped

CHECKS       += check-ffi
URING_CHECKS += check-ffi
.PHONY: check-ffi

check-ffi: lib
	@TEST_TIMEOUT=60 sh ffi/run.sh $(abspath $(B))/liburing-ffi.so.2
