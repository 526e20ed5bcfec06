# tools/uring-status: describe a process's io_uring state from /proc (stuck waits, D state).
CHECKS += check-tools

.PHONY: check-tools
check-tools: lib
	timeout 120 python3 tools/test_uring_status.py
