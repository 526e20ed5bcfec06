/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_personality / io_uring_unregister_personality: the id
 * returned is usable in sqe->personality and makes the request run with the
 * registered credentials (root's, while the task itself runs as nobody);
 * after unregistering, the id is refused.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "test.h"

#define NOBODY 65534

static int run(struct io_uring *ring, struct io_uring_sqe *sqe, int personality)
{
	sqe->personality = personality;
	sqe->user_data = 0x77;
	return RUN_ONE(ring, 0x77, 2000, NULL);
}

static int nop_as(struct io_uring *ring, int personality)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_nop(sqe);
	return run(ring, sqe, personality);
}

/* IORING_OP_OPENAT of @path read-only; returns the fd or -errno. */
static int open_as(struct io_uring *ring, const char *path, int personality)
{
	struct io_uring_sqe *sqe = GET_SQE(ring);

	io_uring_prep_rw(IORING_OP_OPENAT, sqe, AT_FDCWD, path, 0, 0);
	sqe->open_flags = O_RDONLY;
	return run(ring, sqe, personality);
}

int main(void)
{
	struct io_uring ring;
	char path[] = "/tmp/reg-personality-XXXXXX";
	int fds_before, id, id2, fd, res;

	t_init();
	if (geteuid() != 0)
		t_skip("needs root (switches to uid %d to prove the credentials are used)", NOBODY);
	fds_before = t_count_fds();
	CHECK_OK(io_uring_queue_init(8, &ring, 0));

	CHECK_EQ(io_uring_unregister_personality(&ring, 1), -EINVAL);
	CHECK_EQ(io_uring_unregister_personality(&ring, 0), -EINVAL);
	CHECK_EQ(io_uring_unregister_personality(&ring, -1), -EINVAL);
	CHECK_EQ(io_uring_unregister_personality(&ring, INT_MAX), -EINVAL);
	CHECK_EQ(nop_as(&ring, 1), -EINVAL);	/* unknown id */

	id = io_uring_register_personality(&ring);
	if (id <= 0 || id > 0xffff)
		FAIL("io_uring_register_personality: expected an id in 1..65535, got %d", id);
	id2 = io_uring_register_personality(&ring);
	if (id2 <= 0 || id2 > 0xffff || id2 == id)
		FAIL("second personality: expected a new id in 1..65535 != %d, got %d", id, id2);
	CHECK_EQ(nop_as(&ring, id), 0);
	CHECK_EQ(nop_as(&ring, id2), 0);

	/* a file only root may read (mode 0600, owned by root) */
	fd = mkstemp(path);
	if (fd < 0)
		FAIL("mkstemp: %s", strerror(errno));
	CHECK(fchmod(fd, 0600) == 0);
	close(fd);

	/* registered as root, used as nobody: the request runs as root */
	CHECK(seteuid(NOBODY) == 0);
	fd = open(path, O_RDONLY);
	if (fd >= 0 || errno != EACCES)
		FAIL("as uid %d, open(2) of a 0600 root file: expected EACCES, got %d/%s",
		     NOBODY, fd, strerror(errno));
	res = open_as(&ring, path, 0);
	CHECK_EQ(res, -EACCES);
	res = open_as(&ring, path, id);
	if (res < 0)
		FAIL("OPENAT with root's personality %d: expected an fd, got %d (%s)",
		     id, res, strerror(-res));
	close(res);
	/* a personality registered as nobody carries nobody's credentials */
	{
		int nid = io_uring_register_personality(&ring);

		if (nid <= 0)
			FAIL("register_personality as nobody: got %d", nid);
		CHECK_EQ(open_as(&ring, path, nid), -EACCES);
		CHECK_EQ(io_uring_unregister_personality(&ring, nid), 0);
	}
	CHECK(seteuid(0) == 0);

	CHECK_EQ(io_uring_unregister_personality(&ring, id), 0);
	CHECK_EQ(nop_as(&ring, id), -EINVAL);
	CHECK_EQ(io_uring_unregister_personality(&ring, id), -EINVAL);
	CHECK_EQ(nop_as(&ring, id2), 0);	/* the other one is untouched */
	CHECK_EQ(io_uring_unregister_personality(&ring, id2), 0);
	CHECK_EQ(nop_as(&ring, id2), -EINVAL);

	/* register/unregister cycles */
	for (res = 0; res < 100; res++) {
		id = io_uring_register_personality(&ring);
		if (id <= 0)
			FAIL("cycle %d: register_personality: %d", res, id);
		CHECK_EQ(io_uring_unregister_personality(&ring, id), 0);
	}

	unlink(path);
	io_uring_queue_exit(&ring);
	CHECK_EQ(t_count_fds(), fds_before);
	return T_PASS;
}
