/* SPDX-License-Identifier: MIT */
/*
 * Bad input to the calls that need hardware or a newer kernel to do real work:
 * io_uring_register_ifq (zero-copy receive needs a NIC with header split),
 * io_uring_register_zcrx_ctrl, io_uring_register_bpf_filter and
 * io_uring_register_bpf_filter_task. The arguments they pass are checked in
 * reg-syscall-args; here the kernel's answers must come back unchanged.
 */
#include <liburing/io_uring/query.h>
#include <liburing/io_uring/bpf_filter.h>
#include "test.h"

#define BAD_PTR ((void *) 8)

/* Number of register opcodes the kernel knows, or -1 if it cannot say. */
static int nr_register_opcodes(void)
{
	struct io_uring_query_opcode o;
	struct io_uring_query_hdr h;

	memset(&h, 0, sizeof(h));
	memset(&o, 0, sizeof(o));
	h.query_op = IO_URING_QUERY_OPCODES;
	h.query_data = (__u64) (uintptr_t) &o;
	h.size = sizeof(o);
	if (io_uring_register_query(&h) || h.result)
		return -1;
	return o.nr_register_opcodes;
}

int main(void)
{
	struct io_uring plain, zring;
	struct io_uring_zcrx_ifq_reg ifq;
	struct zcrx_ctrl ctrl;
	struct io_uring_bpf bpf;
	int fds_before, nreg, ret;

	t_init();
	fds_before = t_count_fds();
	nreg = nr_register_opcodes();
	CHECK_OK(io_uring_queue_init(8, &plain, 0));

	/* zero-copy receive interface queue */
	memset(&ifq, 0, sizeof(ifq));
	ret = io_uring_register(plain.ring_fd, IORING_REGISTER_ZCRX_IFQ, BAD_PTR, 1);
	if (ret == -EINVAL && nreg >= 0 && nreg <= IORING_REGISTER_ZCRX_IFQ) {
		CHECK_EQ(io_uring_register_ifq(&plain, &ifq), -EINVAL);
		t_skip_part("IORING_REGISTER_ZCRX_IFQ not supported by this kernel");
	} else if (geteuid() != 0) {
		CHECK_EQ(io_uring_register_ifq(&plain, &ifq), -EPERM);	/* needs CAP_NET_ADMIN */
		t_skip_part("not root: only the permission check of io_uring_register_ifq");
	} else {
		/* the ring must use DEFER_TASKRUN and big CQEs */
		CHECK_EQ(io_uring_register_ifq(&plain, &ifq), -EINVAL);
		ret = io_uring_queue_init(8, &zring, IORING_SETUP_SINGLE_ISSUER |
					  IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQE32);
		CHECK_EQ(ret, 0);
		CHECK_EQ(io_uring_register_ifq(&zring, NULL), -EINVAL);
		CHECK_EQ(io_uring_register_ifq(&zring, BAD_PTR), -EFAULT);
		/* no area and no region given: the kernel cannot read them */
		CHECK_EQ(io_uring_register_ifq(&zring, &ifq), -EFAULT);
		io_uring_queue_exit(&zring);
	}

	/* control requests and BPF filters: unknown opcodes on older kernels */
	memset(&ctrl, 0, sizeof(ctrl));
	memset(&bpf, 0, sizeof(bpf));
	if (nreg >= 0 && nreg <= IORING_REGISTER_ZCRX_CTRL) {
		CHECK_EQ(io_uring_register_zcrx_ctrl(&plain, &ctrl), -EINVAL);
		CHECK_EQ(io_uring_register_zcrx_ctrl(&plain, NULL), -EINVAL);
		t_skip_part("IORING_REGISTER_ZCRX_CTRL not supported by this kernel");
	} else {
		/* there is no zero-copy queue on this ring to control */
		ret = io_uring_register_zcrx_ctrl(&plain, &ctrl);
		if (ret >= 0)
			FAIL("io_uring_register_zcrx_ctrl without a queue: got %d", ret);
		CHECK_EQ(io_uring_register_zcrx_ctrl(&plain, BAD_PTR), -EFAULT);
	}
	if (nreg >= 0 && nreg <= IORING_REGISTER_BPF_FILTER) {
		CHECK_EQ(io_uring_register_bpf_filter(&plain, &bpf), -EINVAL);
		CHECK_EQ(io_uring_register_bpf_filter(&plain, NULL), -EINVAL);
		/* ring-less: fd -1 with an opcode the kernel does not take without a ring */
		CHECK_EQ(io_uring_register_bpf_filter_task(&bpf), -EINVAL);
		t_skip_part("IORING_REGISTER_BPF_FILTER not supported by this kernel");
	} else {
		CHECK_EQ(io_uring_register_bpf_filter(&plain, BAD_PTR), -EFAULT);
		CHECK_EQ(io_uring_register_bpf_filter_task(BAD_PTR), -EFAULT);
		/* cmd_type 0 is no command */
		ret = io_uring_register_bpf_filter(&plain, &bpf);
		if (ret >= 0)
			FAIL("io_uring_register_bpf_filter with cmd_type 0: got %d", ret);
	}

	/* none of it disturbed the ring */
	NOP_ROUNDTRIP(&plain, 1);
	io_uring_queue_exit(&plain);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
