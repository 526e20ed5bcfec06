/* SPDX-License-Identifier: MIT */
/*
 * io_uring_queue_init / io_uring_queue_exit 1000 times per ring kind must not
 * leak file descriptors (/proc/self/fd), mappings or memory (VmSize / VmRSS
 * in /proc/self/status), nor registered ring slots (the kernel allows only 16
 * per task, so a leak there makes io_uring_register_ring_fd fail quickly).
 */
#include "test.h"

#define LOOPS		1000
#define SLACK_KB	1024	/* allowed growth: well below one ring per loop */

static long status_kb(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long val = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		FAIL("fopen /proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			val = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	if (val < 0)
		FAIL("no %s in /proc/self/status", key);
	return val;
}

struct kind {
	const char *name;
	unsigned flags;
	int reg_ring_fd;	/* also io_uring_register_ring_fd each time */
};

static void one(const struct kind *k, unsigned i)
{
	struct io_uring_params p;
	struct io_uring ring;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = k->flags;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret)
		FAIL("[%s] iteration %u: io_uring_queue_init_params: %d (%s)",
		     k->name, i, ret, strerror(-ret));
	if (k->reg_ring_fd) {
		ret = io_uring_register_ring_fd(&ring);
		if (ret != 1)
			FAIL("[%s] iteration %u: io_uring_register_ring_fd: %d "
			     "(a registered ring slot leaked?)", k->name, i, ret);
	}
	if (i % 100 == 0)
		NOP_ROUNDTRIP(&ring, i);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	static const struct kind kinds[] = {
		{ "default", 0, 0 },
		{ "registered ring fd", 0, 1 },
		{ "NO_MMAP", IORING_SETUP_NO_MMAP, 0 },
		{ "REGISTERED_FD_ONLY|NO_MMAP",
		  IORING_SETUP_REGISTERED_FD_ONLY | IORING_SETUP_NO_MMAP, 0 },
		{ "CQE32|SQE128", IORING_SETUP_CQE32 | IORING_SETUP_SQE128, 0 },
	};
	unsigned i, k;

	t_init();
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct io_uring probe_ring;
		struct io_uring_params p = { .flags = kinds[k].flags };
		long vm0, rss0, vm1, rss1;
		int fds0, fds1;

		if (T_INIT_PARAMS(8, &probe_ring, &p, kinds[k].name)) {
			t_skip_part("[%s] io_uring_setup returned -EINVAL", kinds[k].name);
			continue;
		}
		io_uring_queue_exit(&probe_ring);

		/* warm up (allocator, lazily mapped pages) */
		for (i = 0; i < 20; i++)
			one(&kinds[k], i);
		fds0 = t_count_fds();
		vm0 = status_kb("VmSize");
		rss0 = status_kb("VmRSS");
		for (i = 0; i < LOOPS; i++)
			one(&kinds[k], i);
		fds1 = t_count_fds();
		vm1 = status_kb("VmSize");
		rss1 = status_kb("VmRSS");
		if (fds1 != fds0)
			FAIL("[%s] %d fds open before %u init/exit, %d after",
			     kinds[k].name, fds0, LOOPS, fds1);
		if (vm1 - vm0 > SLACK_KB)
			FAIL("[%s] VmSize grew from %ld kB to %ld kB over %u init/exit",
			     kinds[k].name, vm0, vm1, LOOPS);
		if (rss1 - rss0 > SLACK_KB)
			FAIL("[%s] VmRSS grew from %ld kB to %ld kB over %u init/exit",
			     kinds[k].name, rss0, rss1, LOOPS);
	}
	return T_PASS;
}
