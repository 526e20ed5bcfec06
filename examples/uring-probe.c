/* SPDX-License-Identifier: MIT */
/*
 * uring-probe: print what the running kernel's io_uring supports.
 *
 *   uring-probe [-s]
 *
 * Prints the kernel release, the liburing version, the ring features the
 * kernel reported in io_uring_params.features (by name), and for every opcode
 * the kernel or this program knows, whether it is supported (from
 * io_uring_get_probe). -s prints only a short summary.
 *
 * Exit status: 0, 1 on error (including io_uring_opcode_supported()
 * disagreeing with the probe's own flags), 77 when io_uring is not available.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <liburing.h>

#define NAME(x) [x] = #x

static const char *const op_names[] = {
	NAME(IORING_OP_NOP),
	NAME(IORING_OP_READV),
	NAME(IORING_OP_WRITEV),
	NAME(IORING_OP_FSYNC),
	NAME(IORING_OP_READ_FIXED),
	NAME(IORING_OP_WRITE_FIXED),
	NAME(IORING_OP_POLL_ADD),
	NAME(IORING_OP_POLL_REMOVE),
	NAME(IORING_OP_SYNC_FILE_RANGE),
	NAME(IORING_OP_SENDMSG),
	NAME(IORING_OP_RECVMSG),
	NAME(IORING_OP_TIMEOUT),
	NAME(IORING_OP_TIMEOUT_REMOVE),
	NAME(IORING_OP_ACCEPT),
	NAME(IORING_OP_ASYNC_CANCEL),
	NAME(IORING_OP_LINK_TIMEOUT),
	NAME(IORING_OP_CONNECT),
	NAME(IORING_OP_FALLOCATE),
	NAME(IORING_OP_OPENAT),
	NAME(IORING_OP_CLOSE),
	NAME(IORING_OP_FILES_UPDATE),
	NAME(IORING_OP_STATX),
	NAME(IORING_OP_READ),
	NAME(IORING_OP_WRITE),
	NAME(IORING_OP_FADVISE),
	NAME(IORING_OP_MADVISE),
	NAME(IORING_OP_SEND),
	NAME(IORING_OP_RECV),
	NAME(IORING_OP_OPENAT2),
	NAME(IORING_OP_EPOLL_CTL),
	NAME(IORING_OP_SPLICE),
	NAME(IORING_OP_PROVIDE_BUFFERS),
	NAME(IORING_OP_REMOVE_BUFFERS),
	NAME(IORING_OP_TEE),
	NAME(IORING_OP_SHUTDOWN),
	NAME(IORING_OP_RENAMEAT),
	NAME(IORING_OP_UNLINKAT),
	NAME(IORING_OP_MKDIRAT),
	NAME(IORING_OP_SYMLINKAT),
	NAME(IORING_OP_LINKAT),
	NAME(IORING_OP_MSG_RING),
	NAME(IORING_OP_FSETXATTR),
	NAME(IORING_OP_SETXATTR),
	NAME(IORING_OP_FGETXATTR),
	NAME(IORING_OP_GETXATTR),
	NAME(IORING_OP_SOCKET),
	NAME(IORING_OP_URING_CMD),
	NAME(IORING_OP_SEND_ZC),
	NAME(IORING_OP_SENDMSG_ZC),
	NAME(IORING_OP_READ_MULTISHOT),
	NAME(IORING_OP_WAITID),
	NAME(IORING_OP_FUTEX_WAIT),
	NAME(IORING_OP_FUTEX_WAKE),
	NAME(IORING_OP_FUTEX_WAITV),
	NAME(IORING_OP_FIXED_FD_INSTALL),
	NAME(IORING_OP_FTRUNCATE),
	NAME(IORING_OP_BIND),
	NAME(IORING_OP_LISTEN),
	NAME(IORING_OP_RECV_ZC),
	NAME(IORING_OP_EPOLL_WAIT),
	NAME(IORING_OP_READV_FIXED),
	NAME(IORING_OP_WRITEV_FIXED),
	NAME(IORING_OP_PIPE),
	NAME(IORING_OP_NOP128),
	NAME(IORING_OP_URING_CMD128),
};

#define N_OPS ((int)(sizeof(op_names) / sizeof(op_names[0])))

static const struct {
	unsigned int bit;
	const char *name;
} features[] = {
	{ IORING_FEAT_SINGLE_MMAP, "SINGLE_MMAP" },
	{ IORING_FEAT_NODROP, "NODROP" },
	{ IORING_FEAT_SUBMIT_STABLE, "SUBMIT_STABLE" },
	{ IORING_FEAT_RW_CUR_POS, "RW_CUR_POS" },
	{ IORING_FEAT_CUR_PERSONALITY, "CUR_PERSONALITY" },
	{ IORING_FEAT_FAST_POLL, "FAST_POLL" },
	{ IORING_FEAT_POLL_32BITS, "POLL_32BITS" },
	{ IORING_FEAT_SQPOLL_NONFIXED, "SQPOLL_NONFIXED" },
	{ IORING_FEAT_EXT_ARG, "EXT_ARG" },
	{ IORING_FEAT_NATIVE_WORKERS, "NATIVE_WORKERS" },
	{ IORING_FEAT_RSRC_TAGS, "RSRC_TAGS" },
	{ IORING_FEAT_CQE_SKIP, "CQE_SKIP" },
	{ IORING_FEAT_LINKED_FILE, "LINKED_FILE" },
	{ IORING_FEAT_REG_REG_RING, "REG_REG_RING" },
	{ IORING_FEAT_RECVSEND_BUNDLE, "RECVSEND_BUNDLE" },
	{ IORING_FEAT_MIN_TIMEOUT, "MIN_TIMEOUT" },
	{ IORING_FEAT_RW_ATTR, "RW_ATTR" },
	{ IORING_FEAT_NO_IOWAIT, "NO_IOWAIT" },
};

#define N_FEATURES ((int)(sizeof(features) / sizeof(features[0])))

static const char *op_name(int op)
{
	if (op < N_OPS && op_names[op])
		return op_names[op] + strlen("IORING_OP_");
	return NULL;
}

int main(int argc, char *argv[])
{
	struct io_uring_params p;
	struct io_uring_probe *probe;
	struct io_uring ring;
	struct utsname u;
	unsigned int known = 0;
	int summary = 0, ret, i, last, supported = 0, mismatch = 0;

	if (argc == 2 && !strcmp(argv[1], "-s")) {
		summary = 1;
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [-s]\n", argv[0]);
		return 2;
	}

	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_params(4, &ring, &p);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init_params: %s\n", strerror(-ret));
		return (ret == -ENOSYS || ret == -EPERM) ? 77 : 1;
	}
	probe = io_uring_get_probe_ring(&ring);
	if (!probe) {
		fprintf(stderr, "io_uring_get_probe_ring failed (kernel older than 5.6?)\n");
		io_uring_queue_exit(&ring);
		return 77;
	}

	if (uname(&u) == 0)
		printf("kernel: %s %s\n", u.sysname, u.release);
	printf("liburing: %d.%d (header %d.%d)\n", io_uring_major_version(),
	       io_uring_minor_version(), IO_URING_VERSION_MAJOR, IO_URING_VERSION_MINOR);
	printf("ring: %u SQ entries, %u CQ entries, features 0x%x\n", p.sq_entries,
	       p.cq_entries, p.features);

	/* Features, by name. */
	if (summary)
		printf("features:");
	else
		printf("features:\n");
	for (i = 0; i < N_FEATURES; i++) {
		int has = !!(p.features & features[i].bit);

		known |= features[i].bit;
		if (summary) {
			if (has)
				printf(" %s", features[i].name);
		} else {
			printf("  %-20s %s\n", features[i].name, has ? "yes" : "no");
		}
	}
	if (summary)
		printf("\n");
	if (p.features & ~known)
		printf("  (unnamed feature bits 0x%x)\n", p.features & ~known);

	/* Opcodes: everything the kernel reports, and every one we can name. */
	last = probe->last_op;
	if (!summary)
		printf("opcodes (this kernel knows 0-%d):\n", last);
	for (i = 0; i < 256 && (i <= last || i < N_OPS); i++) {
		const char *name = op_name(i);
		int flag = i < probe->ops_len &&
			   (probe->ops[i].flags & IO_URING_OP_SUPPORTED);
		int lib = io_uring_opcode_supported(probe, i);

		if (flag != !!lib) {
			fprintf(stderr, "opcode %d: probe flags say %d, io_uring_opcode_supported says %d\n",
				i, flag, lib);
			mismatch = 1;
		}
		supported += flag;
		if (summary)
			continue;
		if (name)
			printf("  %-3d %-20s %s\n", i, name, flag ? "supported" : "not supported");
		else
			printf("  %-3d %-20s %s\n", i, "(unknown)", flag ? "supported" : "not supported");
	}
	printf("opcodes: %d of %d supported (this kernel knows opcodes 0-%d, this program names 0-%d)\n",
	       supported, i, last, N_OPS - 1);

	io_uring_free_probe(probe);
	io_uring_queue_exit(&ring);
	return mismatch ? 1 : 0;
}
