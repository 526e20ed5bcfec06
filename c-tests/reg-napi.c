/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_napi / io_uring_unregister_napi: both hand back the
 * settings in force before the call, so registering and unregistering can be
 * read back; bad settings are refused.
 *
 * liburing 2.15's struct io_uring_napi is the original layout; newer kernels
 * give its bytes meaning: pad[0] is the opcode (0 = IO_URING_NAPI_REGISTER_OP,
 * 1 = STATIC_ADD_ID, 2 = STATIC_DEL_ID), the low 32 bits of resv are op_param (the tracking mode
 * for REGISTER_OP: 0 dynamic, 1 static; 255 reads back as "inactive"), and
 * pad[1], pad[2] and the high half of resv must be zero.
 */
#include "test.h"

#define NAPI_STATIC_ADD_ID 1
#define NAPI_STATIC_DEL_ID 2
#define NAPI_TRACKING_DYNAMIC 0
#define NAPI_TRACKING_STATIC 1
#define NAPI_TRACKING_INACTIVE 255

static struct io_uring_napi napi_of(unsigned to, int prefer, int opcode, unsigned param)
{
	struct io_uring_napi n;

	memset(&n, 0, sizeof(n));
	n.busy_poll_to = to;
	n.prefer_busy_poll = prefer;
	n.pad[0] = opcode;
	n.resv = param;
	return n;
}

#define CHECK_NAPI(n, to, prefer, param)					\
	do {									\
		if ((n).busy_poll_to != (to) || (n).prefer_busy_poll != (prefer) ||	\
		    (n).resv != (param))					\
			FAIL("napi settings read back: expected to=%u prefer=%u mode=%u, " \
			     "got to=%u prefer=%u mode=%llu", (unsigned) (to),	\
			     (unsigned) (prefer), (unsigned) (param),		\
			     (n).busy_poll_to, (n).prefer_busy_poll,		\
			     (unsigned long long) (n).resv);			\
	} while (0)

int main(void)
{
	struct io_uring ring, iopoll;
	struct io_uring_napi n;
	int fds_before, ret;

	t_init();
	fds_before = t_count_fds();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	/* unmapped argument: -EFAULT when NAPI support is there */
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_NAPI, (void *) 8, 1);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_NAPI not supported (kernel < 6.9)");
	if (ret == -EOPNOTSUPP)
		t_skip("kernel built without CONFIG_NET_RX_BUSY_POLL (NAPI registration -EOPNOTSUPP)");
	CHECK_EQ(ret, -EFAULT);

	/* first registration: the previous settings are the defaults */
	n = napi_of(100, 1, 0, NAPI_TRACKING_DYNAMIC);
	CHECK_EQ(io_uring_register_napi(&ring, &n), 0);
	CHECK_NAPI(n, 0, 0, NAPI_TRACKING_INACTIVE);

	/* a second one returns what the first set */
	n = napi_of(250, 0, 0, NAPI_TRACKING_STATIC);
	CHECK_EQ(io_uring_register_napi(&ring, &n), 0);
	CHECK_NAPI(n, 100, 1, NAPI_TRACKING_DYNAMIC);

	/*
	 * Static tracking: ids are added and deleted by hand (the kernel does not
	 * look for a device); ids below MIN_NAPI_ID are not NAPI ids at all.
	 */
	n = napi_of(0, 0, NAPI_STATIC_ADD_ID, 0x7fffffff);
	CHECK_EQ(io_uring_register_napi(&ring, &n), 0);
	CHECK_NAPI(n, 250, 0, NAPI_TRACKING_STATIC);
	n = napi_of(0, 0, NAPI_STATIC_ADD_ID, 0x7fffffff);
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EEXIST);
	n = napi_of(0, 0, NAPI_STATIC_DEL_ID, 0x7fffffff);
	CHECK_EQ(io_uring_register_napi(&ring, &n), 0);
	n = napi_of(0, 0, NAPI_STATIC_DEL_ID, 0x7fffffff);
	CHECK_EQ(io_uring_register_napi(&ring, &n), -ENOENT);
	n = napi_of(0, 0, NAPI_STATIC_ADD_ID, 1);
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);

	/* unregister returns the settings in force, then they are cleared */
	memset(&n, 0xff, sizeof(n));
	CHECK_EQ(io_uring_unregister_napi(&ring, &n), 0);
	CHECK_EQ(n.busy_poll_to, 250);
	CHECK_EQ(n.prefer_busy_poll, 0);
	memset(&n, 0xff, sizeof(n));
	CHECK_EQ(io_uring_unregister_napi(&ring, &n), 0);
	CHECK_EQ(n.busy_poll_to, 0);
	CHECK_EQ(n.prefer_busy_poll, 0);
	CHECK_EQ(io_uring_unregister_napi(&ring, NULL), 0);	/* NULL: just disable */
	n = napi_of(30, 1, 0, NAPI_TRACKING_DYNAMIC);
	CHECK_EQ(io_uring_register_napi(&ring, &n), 0);
	CHECK_NAPI(n, 0, 0, NAPI_TRACKING_INACTIVE);
	CHECK_EQ(io_uring_unregister_napi(&ring, NULL), 0);

	/* bad settings, each leaving the ring's settings alone */
	n = napi_of(10, 0, 0, NAPI_TRACKING_DYNAMIC);
	n.pad[1] = 1;
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);
	n = napi_of(10, 0, 0, NAPI_TRACKING_DYNAMIC);
	n.pad[2] = 1;
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);
	n = napi_of(10, 0, 0, NAPI_TRACKING_DYNAMIC);
	n.resv |= 1ULL << 40;
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);
	n = napi_of(10, 0, 9, 0);	/* unknown opcode */
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);
	n = napi_of(10, 0, 0, 7);	/* unknown tracking mode */
	CHECK_EQ(io_uring_register_napi(&ring, &n), -EINVAL);
	CHECK_EQ(io_uring_register_napi(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_napi(&ring, (void *) 8), -EFAULT);
	CHECK_EQ(io_uring_unregister_napi(&ring, (void *) 8), -EFAULT);
	memset(&n, 0xff, sizeof(n));
	CHECK_EQ(io_uring_unregister_napi(&ring, &n), 0);
	CHECK_EQ(n.busy_poll_to, 0);

	/* not on IOPOLL rings */
	CHECK_OK(io_uring_queue_init(8, &iopoll, IORING_SETUP_IOPOLL));
	n = napi_of(10, 0, 0, NAPI_TRACKING_DYNAMIC);
	CHECK_EQ(io_uring_register_napi(&iopoll, &n), -EINVAL);
	io_uring_queue_exit(&iopoll);

	io_uring_queue_exit(&ring);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
