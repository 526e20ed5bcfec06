/* SPDX-License-Identifier: MIT */
/*
 * What every registration call hands to io_uring_register(2): a seccomp filter
 * (in a child process) answers each io_uring_register with an errno that
 * encodes the opcode, nr_args, which fd was used and whether
 * IORING_REGISTER_USE_REGISTERED_RING was set. This checks the calls the
 * running kernel cannot exercise (BPF filters, zero-copy receive, ...) as well
 * as the fd choice: the ring fd normally, the registered index with the flag
 * once the ring fd is registered and closed, -1 for the ring-less calls.
 *
 * errno layout: bits 0-2 min(nr_args, 7), bits 3-8 opcode & 0x3f,
 * bits 9-10 fd (1: -1, 2: the ring fd, 3: the registered index, 0: other),
 * bit 11 IORING_REGISTER_USE_REGISTERED_RING.
 */
#include <dirent.h>
#include <sys/uio.h>
#include <liburing/io_uring/query.h>
#include <liburing/io_uring/bpf_filter.h>
#include "test.h"


enum { FD_OTHER = 0, FD_NONE = 1, FD_RING = 2, FD_INDEX = 3 };

static int encode(int opcode, unsigned nr, int fd_class, int regreg)
{
	return (nr > 7 ? 7 : nr) | (opcode & 0x3f) << 3 | fd_class << 9 | (regreg ? 1 << 11 : 0);
}

static void decode(int v, char *out, size_t len)
{
	static const char *const fds[] = { "other", "-1", "ring fd", "registered index" };

	if (v < 0 || v > 4095) {
		snprintf(out, len, "%d (not from the filter)", -v);
		return;
	}
	snprintf(out, len, "opcode %d nr_args %d%s fd %s%s", (v >> 3) & 0x3f, v & 7,
		 (v & 7) == 7 ? "+" : "", fds[(v >> 9) & 3],
		 (v & (1 << 11)) ? " USE_REGISTERED_RING" : "");
}

static void install_filter(int ring_fd, int ring_index)
{
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_register, 1, 0),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* nr_args, clamped to 7 */
		/* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(3)),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 1),
		/* 5 */ BPF_STMT(BPF_LD | BPF_IMM, 7),
		/* 6 */ BPF_STMT(BPF_ST, 0),
		/* opcode */
		/* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(1)),
		/* 8 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x3f),
		/* 9 */ BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 3),
		/* 10 */ BPF_STMT(BPF_LDX | BPF_MEM, 0),
		/* 11 */ BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0),
		/* 12 */ BPF_STMT(BPF_ST, 0),
		/* USE_REGISTERED_RING */
		/* 13 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(1)),
		/* 14 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, IORING_REGISTER_USE_REGISTERED_RING, 0, 3),
		/* 15 */ BPF_STMT(BPF_LD | BPF_MEM, 0),
		/* 16 */ BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1 << 11),
		/* 17 */ BPF_STMT(BPF_ST, 0),
		/* fd class */
		/* 18 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, T_ARG_LO(0)),
		/* 19 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 2),
		/* 20 */ BPF_STMT(BPF_LDX | BPF_IMM, FD_NONE << 9),
		/* 21 */ BPF_JUMP(BPF_JMP | BPF_JA, 7, 0, 0),
		/* 22 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) ring_fd, 0, 2),
		/* 23 */ BPF_STMT(BPF_LDX | BPF_IMM, FD_RING << 9),
		/* 24 */ BPF_JUMP(BPF_JMP | BPF_JA, 4, 0, 0),
		/* 25 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) ring_index, 0, 2),
		/* 26 */ BPF_STMT(BPF_LDX | BPF_IMM, FD_INDEX << 9),
		/* 27 */ BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
		/* 28 */ BPF_STMT(BPF_LDX | BPF_IMM, FD_OTHER << 9),
		/* 29 */ BPF_STMT(BPF_LD | BPF_MEM, 0),
		/* 30 */ BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0),
		/* 31 */ BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		/* 32 */ BPF_STMT(BPF_RET | BPF_A, 0),
	};

	t_seccomp_filter(f, sizeof(f) / sizeof(f[0]));
}

static int failures;

#define EXPECT(call, op, nr, fdc, rr) expect((call), #call, (op), (nr), (fdc), (rr), __LINE__)
static void expect(int got, const char *what, int op, unsigned nr, int fdc, int rr, int line)
{
	int want = encode(op, nr, fdc, rr);
	char g[96], w[96];

	if (got == -want)
		return;
	decode(-got, g, sizeof(g));
	decode(want, w, sizeof(w));
	fprintf(stderr, "%s:%d: %s: expected io_uring_register(%s), got %s\n",
		__FILE__, line, what, w, g);
	failures++;
}

/* Every ring-taking registration call on @ring, whose fd is reached as @fdc. */
static void ring_calls(struct io_uring *ring, struct io_uring *other, int fdc, int rr)
{
	struct iovec iov[2] = { { NULL, 0 }, { NULL, 0 } };
	struct io_uring_probe *probe;
	struct io_uring_restriction res[2];
	struct io_uring_buf_reg breg;
	struct io_uring_sync_cancel_reg sc;
	struct io_uring_napi napi;
	struct io_uring_clock_register clk;
	struct io_uring_zcrx_ifq_reg ifq;
	struct zcrx_ctrl zctrl;
	struct io_uring_mem_region_reg mr;
	struct io_uring_bpf bpf;
	struct io_uring_params p;
	__u64 tags[2] = { 0, 0 };
	unsigned int vals[2] = { 0, 0 };
	int files[3] = { -1, -1, -1 };
	uint16_t head;
	cpu_set_t set;
	char pbuf[sizeof(struct io_uring_probe) + 8 * sizeof(struct io_uring_probe_op)];

	memset(res, 0, sizeof(res));
	memset(&breg, 0, sizeof(breg));
	memset(&sc, 0, sizeof(sc));
	memset(&napi, 0, sizeof(napi));
	memset(&clk, 0, sizeof(clk));
	memset(&ifq, 0, sizeof(ifq));
	memset(&zctrl, 0, sizeof(zctrl));
	memset(&mr, 0, sizeof(mr));
	memset(&bpf, 0, sizeof(bpf));
	memset(&p, 0, sizeof(p));
	memset(pbuf, 0, sizeof(pbuf));
	CPU_ZERO(&set);
	CPU_SET(0, &set);

	EXPECT(io_uring_register_buffers(ring, iov, 2), IORING_REGISTER_BUFFERS, 2, fdc, rr);
	EXPECT(io_uring_unregister_buffers(ring), IORING_UNREGISTER_BUFFERS, 0, fdc, rr);
	EXPECT(io_uring_register_files(ring, files, 3), IORING_REGISTER_FILES, 3, fdc, rr);
	EXPECT(io_uring_unregister_files(ring), IORING_UNREGISTER_FILES, 0, fdc, rr);
	EXPECT(io_uring_register_eventfd(ring, 5), IORING_REGISTER_EVENTFD, 1, fdc, rr);
	EXPECT(io_uring_unregister_eventfd(ring), IORING_UNREGISTER_EVENTFD, 0, fdc, rr);
	EXPECT(io_uring_register_files_update(ring, 1, files, 3), IORING_REGISTER_FILES_UPDATE, 3, fdc, rr);
	EXPECT(io_uring_register_eventfd_async(ring, 5), IORING_REGISTER_EVENTFD_ASYNC, 1, fdc, rr);
	EXPECT(io_uring_register_probe(ring, (struct io_uring_probe *) pbuf, 5), IORING_REGISTER_PROBE, 5, fdc, rr);
	probe = io_uring_get_probe_ring(ring);	/* fails: the filter answers */
	if (probe)
		FAIL("io_uring_get_probe_ring succeeded under the filter");
	EXPECT(io_uring_register_personality(ring), IORING_REGISTER_PERSONALITY, 0, fdc, rr);
	EXPECT(io_uring_unregister_personality(ring, 3), IORING_UNREGISTER_PERSONALITY, 3, fdc, rr);
	EXPECT(io_uring_register_restrictions(ring, res, 2), IORING_REGISTER_RESTRICTIONS, 2, fdc, rr);
	EXPECT(io_uring_enable_rings(ring), IORING_REGISTER_ENABLE_RINGS, 0, fdc, rr);
	EXPECT(io_uring_register_files_tags(ring, files, tags, 2), IORING_REGISTER_FILES2,
	       sizeof(struct io_uring_rsrc_register), fdc, rr);
	EXPECT(io_uring_register_files_sparse(ring, 2), IORING_REGISTER_FILES2,
	       sizeof(struct io_uring_rsrc_register), fdc, rr);
	EXPECT(io_uring_register_files_update_tag(ring, 0, files, tags, 2), IORING_REGISTER_FILES_UPDATE2,
	       sizeof(struct io_uring_rsrc_update2), fdc, rr);
	EXPECT(io_uring_register_buffers_tags(ring, iov, tags, 2), IORING_REGISTER_BUFFERS2,
	       sizeof(struct io_uring_rsrc_register), fdc, rr);
	EXPECT(io_uring_register_buffers_sparse(ring, 2), IORING_REGISTER_BUFFERS2,
	       sizeof(struct io_uring_rsrc_register), fdc, rr);
	EXPECT(io_uring_register_buffers_update_tag(ring, 0, iov, tags, 2), IORING_REGISTER_BUFFERS_UPDATE,
	       sizeof(struct io_uring_rsrc_update2), fdc, rr);
	EXPECT(io_uring_register_iowq_aff(ring, 3, &set), IORING_REGISTER_IOWQ_AFF, 3, fdc, rr);
	EXPECT(io_uring_register_iowq_aff(ring, sizeof(set), &set), IORING_REGISTER_IOWQ_AFF, sizeof(set), fdc, rr);
	EXPECT(io_uring_unregister_iowq_aff(ring), IORING_UNREGISTER_IOWQ_AFF, 0, fdc, rr);
	EXPECT(io_uring_register_iowq_max_workers(ring, vals), IORING_REGISTER_IOWQ_MAX_WORKERS, 2, fdc, rr);
	EXPECT(io_uring_register_buf_ring(ring, &breg, 0), IORING_REGISTER_PBUF_RING, 1, fdc, rr);
	EXPECT(io_uring_unregister_buf_ring(ring, 1), IORING_UNREGISTER_PBUF_RING, 1, fdc, rr);
	EXPECT(io_uring_register_sync_cancel(ring, &sc), IORING_REGISTER_SYNC_CANCEL, 1, fdc, rr);
	EXPECT(io_uring_register_file_alloc_range(ring, 0, 1), IORING_REGISTER_FILE_ALLOC_RANGE, 0, fdc, rr);
	EXPECT(io_uring_buf_ring_head(ring, 1, &head), IORING_REGISTER_PBUF_STATUS, 1, fdc, rr);
	EXPECT(io_uring_register_napi(ring, &napi), IORING_REGISTER_NAPI, 1, fdc, rr);
	EXPECT(io_uring_unregister_napi(ring, &napi), IORING_UNREGISTER_NAPI, 1, fdc, rr);
	EXPECT(io_uring_register_clock(ring, &clk), IORING_REGISTER_CLOCK, 0, fdc, rr);
	EXPECT(io_uring_clone_buffers(ring, other), IORING_REGISTER_CLONE_BUFFERS, 1, fdc, rr);
	EXPECT(io_uring_clone_buffers_offset(ring, other, 1, 2, 3, 0), IORING_REGISTER_CLONE_BUFFERS, 1, fdc, rr);
	EXPECT(__io_uring_clone_buffers(ring, other, 0), IORING_REGISTER_CLONE_BUFFERS, 1, fdc, rr);
	EXPECT(__io_uring_clone_buffers_offset(ring, other, 1, 2, 3, 0), IORING_REGISTER_CLONE_BUFFERS, 1, fdc, rr);
	EXPECT(io_uring_register_ifq(ring, &ifq), IORING_REGISTER_ZCRX_IFQ, 1, fdc, rr);
	p.sq_entries = p.cq_entries = 16;
	EXPECT(io_uring_resize_rings(ring, &p), IORING_REGISTER_RESIZE_RINGS, 1, fdc, rr);
	EXPECT(io_uring_register_region(ring, &mr), IORING_REGISTER_MEM_REGION, 1, fdc, rr);
	EXPECT(io_uring_register_zcrx_ctrl(ring, &zctrl), IORING_REGISTER_ZCRX_CTRL, 0, fdc, rr);
	EXPECT(io_uring_register_bpf_filter(ring, &bpf), IORING_REGISTER_BPF_FILTER, 1, fdc, rr);
	/* no system call at all */
	CHECK_EQ(io_uring_register_wait_reg(ring, NULL, 0), -EINVAL);
}

static void child(void)
{
	struct io_uring ring, reg, other;
	struct io_uring_sqe sqe;
	struct io_uring_query_hdr q;
	struct io_uring_bpf bpf;
	int idx;

	CHECK_OK(io_uring_queue_init(8, &ring, 0));
	CHECK_OK(io_uring_queue_init(8, &other, 0));
	CHECK_OK(io_uring_queue_init(8, &reg, 0));
	if (!(reg.features & IORING_FEAT_REG_REG_RING))
		exit(T_SKIP);
	/* a ring used only through its registered index */
	CHECK_EQ(io_uring_register_ring_fd(&reg), 1);
	CHECK_EQ(io_uring_close_ring_fd(&reg), 1);
	idx = reg.enter_ring_fd;
	if (idx == ring.ring_fd)
		FAIL("registered index %d equals the other ring's fd: cannot tell them apart", idx);

	install_filter(ring.ring_fd, idx);

	ring_calls(&ring, &other, FD_RING, 0);
	ring_calls(&reg, &other, FD_INDEX, 1);

	/* ring fd registration goes through the normal fd, unregistration too */
	EXPECT(io_uring_register_ring_fd(&ring), IORING_REGISTER_RING_FDS, 1, FD_RING, 0);
	CHECK(!(ring.int_flags & IORING_ENTER_REGISTERED_RING));	/* it failed: nothing recorded */
	EXPECT(io_uring_unregister_ring_fd(&reg), IORING_UNREGISTER_RING_FDS, 1, FD_INDEX, 1);
	CHECK(reg.int_flags & IORING_ENTER_REGISTERED_RING);	/* it failed: still registered */

	/* the ring-less calls */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_rw(IORING_OP_MSG_RING, &sqe, ring.ring_fd, NULL, 0, 0);
	EXPECT(io_uring_register_sync_msg(&sqe), IORING_REGISTER_SEND_MSG_RING, 1, FD_NONE, 0);
	memset(&q, 0, sizeof(q));
	EXPECT(io_uring_register_query(&q), IORING_REGISTER_QUERY, 0, FD_NONE, 0);
	memset(&bpf, 0, sizeof(bpf));
	EXPECT(io_uring_register_bpf_filter_task(&bpf), IORING_REGISTER_BPF_FILTER, 1, FD_NONE, 0);

	exit(failures ? T_FAIL : T_PASS);
}

int main(void)
{
	t_init();
	RUN_IN_CHILD(child, "seccomp filters or IORING_FEAT_REG_REG_RING unavailable");
	return T_PASS;
}
