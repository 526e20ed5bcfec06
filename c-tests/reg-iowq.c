/* SPDX-License-Identifier: MIT */
/*
 * io-wq tuning: io_uring_register_iowq_max_workers (set and read back both
 * limits) and io_uring_register_iowq_aff / io_uring_unregister_iowq_aff (the
 * io-wq worker threads of this process really get the CPU mask).
 */
#include <dirent.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "test.h"

/* A NOP forced through io-wq (so that a worker thread exists afterwards). */
static void async_nop(struct io_uring *ring)
{
	NOP_ROUNDTRIP_FLAGS(ring, 5, IOSQE_ASYNC);
}

static void test_max_workers(void)
{
	struct io_uring ring;
	unsigned int vals[2], want_bounded;
	struct rlimit nproc;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	const unsigned int entries = 4;

	CHECK_OK(io_uring_queue_init(entries, &ring, 0));
	CHECK(getrlimit(RLIMIT_NPROC, &nproc) == 0);

	/* {0, 0} only reads: bounded defaults to min(SQ entries, 4 * CPUs) */
	vals[0] = vals[1] = 0;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	want_bounded = (unsigned) (4 * ncpu) < entries ? (unsigned) (4 * ncpu) : entries;
	CHECK_EQ(vals[0], want_bounded);
	CHECK(vals[1] > 0);
	if (nproc.rlim_cur != RLIM_INFINITY && nproc.rlim_cur < UINT32_MAX)
		CHECK_EQ(vals[1], nproc.rlim_cur);

	/* set both: the previous values come back */
	{
		unsigned int prev_unbounded = vals[1];

		vals[0] = 3;
		vals[1] = 5;
		CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
		CHECK_EQ(vals[0], want_bounded);
		CHECK_EQ(vals[1], prev_unbounded);
	}
	vals[0] = vals[1] = 0;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	CHECK_EQ(vals[0], 3);
	CHECK_EQ(vals[1], 5);

	/* a 0 leaves that limit alone */
	vals[0] = 0;
	vals[1] = 7;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	CHECK_EQ(vals[0], 3);
	CHECK_EQ(vals[1], 5);
	vals[0] = 2;
	vals[1] = 0;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	CHECK_EQ(vals[0], 3);
	CHECK_EQ(vals[1], 7);
	vals[0] = vals[1] = 0;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	CHECK_EQ(vals[0], 2);
	CHECK_EQ(vals[1], 7);

	/* still the same once io-wq exists (it is created on first async work) */
	async_nop(&ring);
	vals[0] = vals[1] = 0;
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, vals), 0);
	CHECK_EQ(vals[0], 2);
	CHECK_EQ(vals[1], 7);

	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_iowq_max_workers(&ring, (void *) 8), -EFAULT);
	io_uring_queue_exit(&ring);
}

/*
 * Cpus_allowed_list of every io-wq worker thread ("iou-wrk-*") of this
 * process, checked against @want. Returns the number of workers seen.
 */
static int check_workers(const char *want)
{
	char path[300], line[256], comm[32];
	struct dirent *de;
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	FILE *f;

	CHECK(d != NULL);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;	/* the worker may have exited */
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = 0;
		fclose(f);
		if (strncmp(comm, "iou-wrk-", 8))
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/status", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, "Cpus_allowed_list:", 18))
				continue;
			line[strcspn(line, "\n")] = 0;
			if (strcmp(line + 18 + strspn(line + 18, " \t"), want))
				FAIL("io-wq worker %s: Cpus_allowed_list \"%s\", expected \"%s\"",
				     de->d_name, line + 18 + strspn(line + 18, " \t"), want);
			n++;
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

/* @set in the kernel's list format ("0-3,6"). */
static void cpulist(const cpu_set_t *set, char *out, size_t len)
{
	int i = 0, j;
	size_t o = 0;

	out[0] = 0;
	while (i < CPU_SETSIZE) {
		if (!CPU_ISSET(i, set)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, set); j++)
			;
		if (j == i)
			o += snprintf(out + o, len - o, "%s%d", o ? "," : "", i);
		else
			o += snprintf(out + o, len - o, "%s%d-%d", o ? "," : "", i, j);
		CHECK(o < len);
		i = j + 1;
	}
}

/*
 * In a fresh child (its own io-wq, no worker yet): set (and with @undo, reset)
 * the io-wq affinity, run async work, and check the workers' CPU list.
 */
static void aff_child(const cpu_set_t *set, int undo, const char *want)
{
	struct io_uring ring;
	int status, i;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		alarm(10);
		CHECK_OK(io_uring_queue_init(8, &ring, 0));
		CHECK_EQ(io_uring_register_iowq_aff(&ring, sizeof(*set), set), 0);
		if (undo)
			CHECK_EQ(io_uring_unregister_iowq_aff(&ring), 0);
		for (i = 0; i < 4; i++)
			async_nop(&ring);
		if (check_workers(want) == 0)
			FAIL("no io-wq worker thread found after async work");
		io_uring_queue_exit(&ring);
		exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		FAIL("affinity child (undo=%d, want \"%s\") failed: status 0x%x", undo, want, status);
}

static void test_aff(void)
{
	struct io_uring ring;
	cpu_set_t set, orig;
	char want[16], all[256];
	int cpu = -1, i;

	CHECK(sched_getaffinity(0, sizeof(orig), &orig) == 0);
	for (i = CPU_SETSIZE - 1; i >= 0; i--)
		if (CPU_ISSET(i, &orig)) {
			cpu = i;
			break;
		}
	CHECK(cpu >= 0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	snprintf(want, sizeof(want), "%d", cpu);
	cpulist(&orig, all, sizeof(all));

	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	/* the library refuses sizes the kernel would read as negative */
	CHECK_EQ(io_uring_register_iowq_aff(&ring, 1UL << 31, &set), -EINVAL);
	CHECK_EQ(io_uring_register_iowq_aff(&ring, (size_t) -1, &set), -EINVAL);
	CHECK_EQ(io_uring_register_iowq_aff(&ring, sizeof(set), NULL), -EINVAL);
	CHECK_EQ(io_uring_register_iowq_aff(&ring, 0, &set), -EINVAL);
	CHECK_EQ(io_uring_register_iowq_aff(&ring, sizeof(set), (void *) 8), -EFAULT);

	CHECK_EQ(io_uring_register_iowq_aff(&ring, sizeof(set), &set), 0);
	/* a mask larger than the kernel's cpumask is accepted (it reads what it needs) */
	{
		unsigned char big[sizeof(cpu_set_t) * 2];

		memset(big, 0, sizeof(big));
		memcpy(big, &set, sizeof(set));
		CHECK_EQ(io_uring_register_iowq_aff(&ring, sizeof(big), (cpu_set_t *) big), 0);
	}
	CHECK_EQ(io_uring_unregister_iowq_aff(&ring), 0);
	CHECK_EQ(io_uring_unregister_iowq_aff(&ring), 0);	/* resetting twice is fine */
	async_nop(&ring);
	io_uring_queue_exit(&ring);

	/* new workers are bound to the mask; after unregistering, to all allowed CPUs */
	aff_child(&set, 0, want);
	aff_child(&set, 1, all);
}

int main(void)
{
	int fds_before;

	t_init();
	fds_before = t_count_fds();
	test_max_workers();
	test_aff();
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
