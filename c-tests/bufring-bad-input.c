/* SPDX-License-Identifier: MIT */
/*
 * Buffer rings given bad input: io_uring_setup_buf_ring with a
 * non-power-of-2, zero or too large entry count, an unknown flag, or a bgid that
 * is already registered (-EEXIST, the first ring unharmed); freeing or
 * unregistering a group that was never registered; io_uring_buf_ring_head
 * and _available on an unknown group.  Each fails with the kernel's error,
 * returns NULL where a ring is expected, and leaves no mapping behind
 * (address space from /proc/self/statm, over many attempts).
 */
#include <sys/mman.h>
#include "test.h"

/* Pages of address space in use (first field of /proc/self/statm). */
static long vm_pages(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = -1;

	if (!f)
		FAIL("open /proc/self/statm: %s", strerror(errno));
	if (fscanf(f, "%ld", &pages) != 1)
		FAIL("cannot parse /proc/self/statm");
	fclose(f);
	return pages;
}

/* setup must fail with @want (or one of two), NULL, and no leftover mapping */
static void setup_fails(struct io_uring *ring, unsigned entries, int bgid,
			unsigned flags, int want, int want2, const char *what)
{
	long before;
	int i, err;

	before = vm_pages();
	for (i = 0; i < 64; i++) {
		struct io_uring_buf_ring *br;

		err = 12345;
		br = io_uring_setup_buf_ring(ring, entries, bgid, flags, &err);
		if (br)
			FAIL("%s: io_uring_setup_buf_ring succeeded", what);
		if (err != want && err != want2)
			FAIL("%s: err %d (%s), expected %d", what, err,
			     strerror(-err), want);
	}
	/* a leaked mapping per attempt would be at least 64 more pages */
	if (vm_pages() > before + 16)
		FAIL("%s: %ld pages mapped before, %ld after 64 failed attempts",
		     what, before, vm_pages());
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_buf_ring *br, *br2;
	int ret, err;
	__u16 head;
	void *fake;

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);

	br = io_uring_setup_buf_ring(&ring, 8, 1, 0, &err);
	if (!br && (err == -EINVAL || err == -EOPNOTSUPP))
		t_skip("kernel lacks provided-buffer rings (%d)", err);
	if (!br)
		FAIL("io_uring_setup_buf_ring: %d", err);
	CHECK_EQ(err, 0);

	setup_fails(&ring, 3, 2, 0, -EINVAL, -EINVAL, "3 entries");
	setup_fails(&ring, 100, 2, 0, -EINVAL, -EINVAL, "100 entries");
	setup_fails(&ring, 0, 2, 0, -EINVAL, -EINVAL, "0 entries");
	setup_fails(&ring, 65536, 2, 0, -EINVAL, -EINVAL, "65536 entries");
	setup_fails(&ring, 8, 2, 0x8000, -EINVAL, -EINVAL, "unknown flag");
	setup_fails(&ring, 8, 1, 0, -EEXIST, -EEXIST, "bgid 1 again");

	/* the first ring is still registered and usable */
	ret = io_uring_buf_ring_head(&ring, 1, &head);
	if (ret != -EINVAL) {
		CHECK_EQ(ret, 0);
		CHECK_EQ(head, 0);
		io_uring_buf_ring_add(br, &head, 2, 0, io_uring_buf_ring_mask(8), 0);
		io_uring_buf_ring_advance(br, 1);
		CHECK_EQ(io_uring_buf_ring_available(&ring, br, 1), 1);

		/* unknown groups: head left untouched, the kernel's -ENOENT */
		head = 0x5a5a;
		CHECK_EQ(io_uring_buf_ring_head(&ring, 9, &head), -ENOENT);
		CHECK_EQ(head, 0x5a5a);
		CHECK_EQ(io_uring_buf_ring_available(&ring, br, 9), -ENOENT);
		/* group 65535 (bgid is 16 bits) */
		CHECK_EQ(io_uring_buf_ring_head(&ring, 0xffff, &head), -ENOENT);
	} else {
		t_skip_part("no IORING_REGISTER_PBUF_STATUS: head checks skipped");
	}

	/* a second, different group works alongside */
	br2 = io_uring_setup_buf_ring(&ring, 1, 2, 0, &err);
	if (!br2)
		FAIL("setup of a 1-entry ring: %d", err);
	CHECK_EQ(io_uring_free_buf_ring(&ring, br2, 1, 2), 0);

	/*
	 * Free a group that was never registered: the kernel's -ENOENT, and
	 * the memory handed in is left alone (still mapped and writable).
	 */
	fake = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(fake != MAP_FAILED);
	ret = io_uring_free_buf_ring(&ring, fake, 8, 77);
	CHECK(ret == -ENOENT || ret == -EINVAL);
	memset(fake, 1, 4096);
	munmap(fake, 4096);
	ret = io_uring_unregister_buf_ring(&ring, 77);
	CHECK(ret == -ENOENT || ret == -EINVAL);
	/* group 2 was freed above: gone now */
	ret = io_uring_unregister_buf_ring(&ring, 2);
	CHECK(ret == -ENOENT || ret == -EINVAL);

	/* io_uring_register_buf_ring itself with a non-power-of-2 count */
	{
		struct io_uring_buf_reg reg;

		memset(&reg, 0, sizeof(reg));
		reg.ring_addr = (unsigned long) br;
		reg.ring_entries = 6;
		reg.bgid = 3;
		CHECK_EQ(io_uring_register_buf_ring(&ring, &reg, 0), -EINVAL);
	}

	CHECK_EQ(io_uring_free_buf_ring(&ring, br, 8, 1), 0);
	/* freed twice: the second is the kernel's error, nothing unmapped */
	ret = io_uring_unregister_buf_ring(&ring, 1);
	CHECK(ret == -ENOENT || ret == -EINVAL);

	/* bgid is 16 bits in the kernel: 0x10001 is group 1 (as in liburing) */
	br = io_uring_setup_buf_ring(&ring, 4, 0x10001, 0, &err);
	if (!br)
		FAIL("setup with bgid 0x10001: %d", err);
	setup_fails(&ring, 4, 1, 0, -EEXIST, -EEXIST, "bgid 1 after 0x10001");
	CHECK_EQ(io_uring_free_buf_ring(&ring, br, 4, 1), 0);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
