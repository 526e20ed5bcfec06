/* SPDX-License-Identifier: MIT */
/*
 * waitid against the kernel, on forked children:
 * - P_PID + WEXITED completes only once the child exits, and fills the
 *   siginfo (pid, CLD_EXITED, exit status);
 * - WNOWAIT leaves the child reapable; P_PGID and P_ALL select by group/any;
 * - a signalled child reports CLD_KILLED and the signal;
 * - no such child: -ECHILD; WNOHANG with a live child: res 0, si_pid 0;
 *   io_uring flags other than 0: -EINVAL.
 */
#include <signal.h>
#include <sys/wait.h>
#include "test.h"

static struct io_uring ring;

/* A child that exits with @code once something is written to its pipe. */
static pid_t spawn(int code, int *release_fd)
{
	int p[2];
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;

		close(p[1]);
		alarm(20);
		if (read(p[0], &c, 1) < 0)
			_exit(99);
		_exit(code);
	}
	close(p[0]);
	*release_fd = p[1];
	return pid;
}

static void release(int fd)
{
	CHECK_EQ(write(fd, "x", 1), 1);
	close(fd);
}

static void prep(idtype_t type, id_t id, siginfo_t *si, int options, unsigned flags, __u64 ud)
{
	struct io_uring_sqe *sqe = GET_SQE(&ring);

	memset(si, 0, sizeof(*si));
	io_uring_prep_waitid(sqe, type, id, si, options, flags);
	sqe->user_data = ud;
}

static int run(__u64 ud)
{
	return RUN_ONE(&ring, ud, 5000, NULL);
}

int main(void)
{
	struct io_uring_cqe *cqe;
	siginfo_t si;
	pid_t pid;
	int fd, status;

	t_init();
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), 0);
	if (!t_op_supported(&ring, IORING_OP_WAITID))
		t_skip("kernel lacks IORING_OP_WAITID");

	/* waits for the exit, then reports it */
	pid = spawn(42, &fd);
	prep(P_PID, pid, &si, WEXITED, 0, 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	EXPECT_NO_CQE(&ring, 50);
	release(fd);
	WAIT_CQE(&ring, &cqe, 5000);
	CHECK_EQ(cqe->user_data, 1);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 42);
	/* reaped: nothing left */
	CHECK(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD);

	/* WNOWAIT leaves it for waitpid */
	pid = spawn(7, &fd);
	release(fd);
	prep(P_PID, pid, &si, WEXITED | WNOWAIT, 0, 2);
	CHECK_EQ(run(2), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 7);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);

	/* P_PGID (our group) and P_ALL */
	pid = spawn(3, &fd);
	release(fd);
	prep(P_PGID, getpgrp(), &si, WEXITED, 0, 3);
	CHECK_EQ(run(3), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 3);
	pid = spawn(4, &fd);
	release(fd);
	prep(P_ALL, 0, &si, WEXITED, 0, 4);
	CHECK_EQ(run(4), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 4);

	/* a killed child */
	pid = spawn(0, &fd);
	CHECK(kill(pid, SIGKILL) == 0);
	prep(P_PID, pid, &si, WEXITED, 0, 5);
	CHECK_EQ(run(5), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
	close(fd);

	/* WNOHANG with a live child: 0 and an empty siginfo */
	pid = spawn(5, &fd);
	prep(P_PID, pid, &si, WEXITED | WNOHANG, 0, 6);
	CHECK_EQ(run(6), 0);
	CHECK_EQ(si.si_pid, 0);
	release(fd);
	CHECK_EQ(waitpid(pid, &status, 0), pid);

	/* errors: no such child, bad options, io_uring flags */
	prep(P_PID, getpid(), &si, WEXITED, 0, 7);
	CHECK_EQ(run(7), -ECHILD);
	prep(P_ALL, 0, &si, 0, 0, 8);	/* no WEXITED/WSTOPPED/WCONTINUED */
	CHECK_EQ(run(8), -EINVAL);
	prep(P_ALL, 0, &si, WEXITED, 1, 9);
	CHECK_EQ(run(9), -EINVAL);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
