/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_query (no ring): IO_URING_QUERY_OPCODES agrees with the
 * probe and the ring's features; chains of queries are walked; per-query
 * errors land in hdr->result; bad chains are refused.
 */
#include <liburing/io_uring/query.h>
#include "test.h"

static void hdr_for(struct io_uring_query_hdr *h, __u32 op, void *data, __u32 size)
{
	memset(h, 0, sizeof(*h));
	h->query_op = op;
	h->query_data = (__u64) (uintptr_t) data;
	h->size = size;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_probe *probe;
	struct io_uring_query_hdr h, h2, h3;
	union {
		struct io_uring_query_opcode o;
		unsigned char raw[64];
	} u, u2;
	const __u64 sqe_flags = IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK |
				IOSQE_IO_HARDLINK | IOSQE_ASYNC | IOSQE_BUFFER_SELECT |
				IOSQE_CQE_SKIP_SUCCESS;
	int fds_before, ret, i;

	t_init();
	fds_before = t_count_fds();

	memset(&u, 0, sizeof(u));
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	ret = io_uring_register_query(&h);
	if (ret == -EINVAL)
		t_skip("IORING_REGISTER_QUERY not supported (kernel < 6.18)");
	CHECK_EQ(ret, 0);
	CHECK_EQ(h.result, 0);
	CHECK_EQ(h.size, sizeof(u.o));

	/* the answers agree with what a ring and a probe say */
	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	probe = io_uring_get_probe_ring(&ring);
	CHECK(probe != NULL);
	CHECK_EQ(u.o.nr_request_opcodes, probe->last_op + 1);
	io_uring_free_probe(probe);
	CHECK(u.o.nr_register_opcodes >= IORING_REGISTER_QUERY + 1);
	if ((u.o.feature_flags & ring.features) != ring.features)
		FAIL("query feature_flags 0x%llx lack ring features 0x%x",
		     (unsigned long long) u.o.feature_flags, ring.features);
	CHECK((u.o.ring_setup_flags & (IORING_SETUP_R_DISABLED | IORING_SETUP_SQPOLL |
				       IORING_SETUP_NO_SQARRAY)) ==
	      (IORING_SETUP_R_DISABLED | IORING_SETUP_SQPOLL | IORING_SETUP_NO_SQARRAY));
	CHECK((u.o.enter_flags & (IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG)) ==
	      (IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG));
	CHECK((u.o.sqe_flags & sqe_flags) == sqe_flags);
	CHECK(u.o.nr_query_opcodes >= 1);
	io_uring_queue_exit(&ring);

	/* a chain: each header gets its own result, errors do not stop the walk */
	memset(&u2, 0xff, sizeof(u2));
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	hdr_for(&h2, 0x7777, &u2, sizeof(u2));	/* unknown query */
	hdr_for(&h3, IO_URING_QUERY_OPCODES, &u2.o, sizeof(u2.o));
	h.next_entry = (__u64) (uintptr_t) &h2;
	h2.next_entry = (__u64) (uintptr_t) &h3;
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, 0);
	CHECK_EQ(h2.result, -EOPNOTSUPP);
	CHECK_EQ(h3.result, 0);
	CHECK(!memcmp(&u.o, &u2.o, sizeof(u.o)));

	/* a short buffer gets only what fits; a longer one is zero-filled past the answer */
	memset(&u2, 0xff, sizeof(u2));
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u2, 4);
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, 0);
	CHECK_EQ(h.size, 4);
	CHECK_EQ(u2.o.nr_request_opcodes, u.o.nr_request_opcodes);
	for (i = 4; i < (int) sizeof(u2); i++)
		CHECK_EQ(u2.raw[i], 0xff);
	memset(&u2, 0xff, sizeof(u2));
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u2, sizeof(u2));
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, 0);
	CHECK_EQ(h.size, sizeof(u.o));
	CHECK(!memcmp(&u.o, &u2.o, sizeof(u.o)));
	for (i = sizeof(u.o); i < (int) sizeof(u2); i++)
		CHECK_EQ(u2.raw[i], 0);

	/* bad queries: per-header errors */
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, 0);
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, -EINVAL);
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	h.__resv[1] = 1;
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, -EINVAL);
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	h.result = 1;	/* result is output only and must come in as 0 */
	CHECK_EQ(io_uring_register_query(&h), 0);
	CHECK_EQ(h.result, -EINVAL);

	/* bad chains: the call fails */
	hdr_for(&h, IO_URING_QUERY_OPCODES, (void *) 8, sizeof(u.o));
	CHECK_EQ(io_uring_register_query(&h), -EFAULT);
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	h.next_entry = 8;
	CHECK_EQ(io_uring_register_query(&h), -EFAULT);
	CHECK_EQ(h.result, 0);	/* the first one was answered */
	hdr_for(&h, IO_URING_QUERY_OPCODES, &u.o, sizeof(u.o));
	h.next_entry = (__u64) (uintptr_t) &h;	/* a loop */
	CHECK_EQ(io_uring_register_query(&h), -ERANGE);
	CHECK_EQ(io_uring_register_query((void *) 8), -EFAULT);
	CHECK_EQ(io_uring_register_query(NULL), 0);	/* an empty chain */

	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
