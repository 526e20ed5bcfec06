/* SPDX-License-Identifier: MIT */
/*
 * echo-server: a TCP echo server driven entirely by one io_uring.
 *
 *   echo-server [--addr A] [--max-conns N] [--buffers N] [--buf-size N] PORT
 *
 * - one multishot accept on the listening socket;
 * - one multishot recv per connection, taking its buffers from a provided
 *   buffer ring (io_uring_setup_buf_ring), so no buffer is tied to an idle
 *   connection;
 * - each received buffer is sent back as it is, one send in flight per
 *   connection so the bytes stay in order; when the send has gone out whole,
 *   the buffer goes back to the ring;
 * - SIGINT/SIGTERM arrive through a signalfd read on the same ring; the server
 *   then closes everything and exits 0. With --max-conns N it stops accepting
 *   after N connections and exits 0 once they have all closed.
 *
 * PORT 0 picks a free port. The first line on stdout is always
 * "echo-server: listening on ADDR:PORT".
 *
 * Exit status: 0 after a clean stop, 1 on error, 2 on bad usage, 77 when the
 * kernel lacks what this needs (io_uring, buffer rings, multishot recv).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

/* user_data: what the request is in the top byte, the fd below. */
enum ud_type { UD_ACCEPT = 1, UD_RECV, UD_SEND, UD_SIGNAL, UD_CANCEL };
#define UD(type, fd) (((__u64)(type) << 56) | (__u32)(fd))
#define UD_TYPE(ud) ((enum ud_type)((ud) >> 56))
#define UD_FD(ud) ((int)(__u32)(ud))

#define BGID 7

struct chunk {
	unsigned short bid;
	unsigned int len, off;
};

struct conn {
	bool active;
	bool recv_armed;	/* a multishot recv is in the kernel */
	bool need_rearm;	/* it ended for lack of buffers: arm again later */
	bool eof;		/* peer closed, or an error: close once idle */
	bool send_inflight;
	uint64_t armed_at;	/* buffers recycled before the recv was armed */
	unsigned int qhead, qcount;	/* FIFO of received chunks to echo */
	struct chunk *q;
};

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static unsigned int nbufs = 256, buf_size = 4096, bufs_out;
static struct conn *conns;
static int nconns_slots, listen_fd = -1;
static unsigned long max_conns, accepted, active, rearm_pending;
static uint64_t bytes_echoed, starved, recycles;
static bool accepting;

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--addr A] [--max-conns N] [--buffers N] [--buf-size N] PORT\n",
		prog);
	exit(2);
}

static unsigned long parse_num(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max) {
		fprintf(stderr, "invalid %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static struct io_uring_sqe *get_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {
		io_uring_submit(&ring);
		sqe = io_uring_get_sqe(&ring);
	}
	if (!sqe) {
		fprintf(stderr, "echo-server: no submission queue entry\n");
		exit(1);
	}
	return sqe;
}

static void arm_accept(void)
{
	struct io_uring_sqe *sqe = get_sqe();

	io_uring_prep_multishot_accept(sqe, listen_fd, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, UD(UD_ACCEPT, listen_fd));
}

static void arm_recv(int fd)
{
	struct io_uring_sqe *sqe = get_sqe();

	io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = BGID;
	io_uring_sqe_set_data64(sqe, UD(UD_RECV, fd));
	conns[fd].recv_armed = true;
	conns[fd].armed_at = recycles;
	if (conns[fd].need_rearm) {
		conns[fd].need_rearm = false;
		rearm_pending--;
	}
}

static char *buf_addr(unsigned int bid)
{
	return bufs + (size_t)bid * buf_size;
}

/* Give buffer bid back to the kernel. */
static void recycle(unsigned int bid)
{
	io_uring_buf_ring_add(br, buf_addr(bid), buf_size, (unsigned short)bid,
			      io_uring_buf_ring_mask(nbufs), 0);
	io_uring_buf_ring_advance(br, 1);
	bufs_out--;
	recycles++;
}

static void try_send(int fd)
{
	struct conn *c = &conns[fd];
	struct chunk *ch;
	struct io_uring_sqe *sqe;

	if (c->send_inflight || !c->qcount)
		return;
	ch = &c->q[c->qhead];
	sqe = get_sqe();
	io_uring_prep_send(sqe, fd, buf_addr(ch->bid) + ch->off, ch->len - ch->off, MSG_NOSIGNAL);
	io_uring_sqe_set_data64(sqe, UD(UD_SEND, fd));
	c->send_inflight = true;
}

/* Drop whatever is still queued for fd (its peer is gone). */
static void drop_queue(struct conn *c)
{
	while (c->qcount) {
		recycle(c->q[c->qhead].bid);
		c->qhead = (c->qhead + 1) % nbufs;
		c->qcount--;
	}
}

static void maybe_close(int fd)
{
	struct conn *c = &conns[fd];

	if (!c->active || !c->eof || c->recv_armed || c->send_inflight || c->qcount)
		return;
	if (c->need_rearm) {
		c->need_rearm = false;
		rearm_pending--;
	}
	close(fd);
	c->active = false;
	active--;
}

static int add_conn(int fd)
{
	if (fd >= nconns_slots) {
		int n = nconns_slots ? nconns_slots : 64;
		struct conn *nc;

		while (n <= fd)
			n *= 2;
		nc = realloc(conns, (size_t)n * sizeof(*nc));
		if (!nc)
			return -1;
		memset(nc + nconns_slots, 0, (size_t)(n - nconns_slots) * sizeof(*nc));
		conns = nc;
		nconns_slots = n;
	}
	if (!conns[fd].q) {
		conns[fd].q = calloc(nbufs, sizeof(struct chunk));
		if (!conns[fd].q)
			return -1;
	}
	conns[fd].active = true;
	conns[fd].recv_armed = conns[fd].need_rearm = conns[fd].eof = false;
	conns[fd].send_inflight = false;
	conns[fd].qhead = conns[fd].qcount = 0;
	active++;
	return 0;
}

static void stop_accepting(void)
{
	struct io_uring_sqe *sqe;

	if (!accepting)
		return;
	accepting = false;
	sqe = get_sqe();
	io_uring_prep_cancel64(sqe, UD(UD_ACCEPT, listen_fd), 0);
	io_uring_sqe_set_data64(sqe, UD(UD_CANCEL, 0));
}

static void handle_accept(struct io_uring_cqe *cqe)
{
	int fd = cqe->res;

	if (fd >= 0) {
		if (!accepting || (max_conns && accepted >= max_conns) || add_conn(fd) < 0) {
			close(fd);
		} else {
			accepted++;
			arm_recv(fd);
			if (max_conns && accepted >= max_conns)
				stop_accepting();
		}
	} else if (fd != -ECANCELED && fd != -ECONNABORTED && fd != -EMFILE && fd != -ENFILE) {
		fprintf(stderr, "accept: %s\n", strerror(-fd));
	}
	if (!(cqe->flags & IORING_CQE_F_MORE) && accepting)
		arm_accept();
}

static void handle_recv(struct io_uring_cqe *cqe, int fd)
{
	struct conn *c = &conns[fd];
	int res = cqe->res;

	if (cqe->flags & IORING_CQE_F_BUFFER) {
		unsigned int bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;

		bufs_out++;
		if (res > 0 && !c->eof) {
			struct chunk *ch = &c->q[(c->qhead + c->qcount) % nbufs];

			ch->bid = (unsigned short)bid;
			ch->len = (unsigned int)res;
			ch->off = 0;
			c->qcount++;
			try_send(fd);
		} else {
			recycle(bid);
		}
	}
	if (!(cqe->flags & IORING_CQE_F_MORE))
		c->recv_armed = false;

	if (res == 0) {
		c->eof = true;
	} else if (res == -ENOBUFS) {
		/* Every buffer is out: arm again once some come back. */
		starved++;
		if (!c->need_rearm && !c->eof) {
			c->need_rearm = true;
			rearm_pending++;
		}
	} else if (res < 0) {
		if (res != -ECONNRESET && res != -ECANCELED && res != -EPIPE)
			fprintf(stderr, "recv on fd %d: %s\n", fd, strerror(-res));
		c->eof = true;
	} else if (!c->recv_armed && !c->eof) {
		/* The kernel ended the multishot with data: keep reading. */
		arm_recv(fd);
	}
	maybe_close(fd);
}

static void handle_send(struct io_uring_cqe *cqe, int fd)
{
	struct conn *c = &conns[fd];
	int res = cqe->res;

	c->send_inflight = false;
	if (res == -EAGAIN || res == -EINTR) {
		try_send(fd);
		return;
	}
	if (res <= 0) {
		if (res != -EPIPE && res != -ECONNRESET)
			fprintf(stderr, "send on fd %d: %s\n", fd, res ? strerror(-res) : "sent nothing");
		/* Nobody to echo to: throw the rest away and stop the recv. */
		drop_queue(c);
		c->eof = true;
		if (c->recv_armed)
			shutdown(fd, SHUT_RDWR);
		maybe_close(fd);
		return;
	}
	bytes_echoed += (uint64_t)res;
	c->q[c->qhead].off += (unsigned int)res;
	if (c->q[c->qhead].off == c->q[c->qhead].len) {
		recycle(c->q[c->qhead].bid);
		c->qhead = (c->qhead + 1) % nbufs;
		c->qcount--;
	}
	try_send(fd);
	maybe_close(fd);
}

/*
 * Connections whose recv ran out of buffers: arm them again once a buffer has
 * come back since they were last armed. (Had none come back, the kernel's
 * buffers are all in completions still on their way to us, or queued for
 * sending: they come back later, and this runs again then.)
 */
static void rearm_starved(void)
{
	int fd;

	for (fd = 0; fd < nconns_slots && rearm_pending; fd++) {
		struct conn *c = &conns[fd];

		if (c->active && c->need_rearm && !c->recv_armed && !c->eof &&
		    c->armed_at != recycles)
			arm_recv(fd);
	}
}

static int setup_listener(const char *addr, unsigned int port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "invalid IPv4 address: %s\n", addr);
		exit(2);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind");
		return -1;
	}
	if (listen(fd, 128) < 0) {
		perror("listen");
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		perror("getsockname");
		return -1;
	}
	printf("echo-server: listening on %s:%u\n", addr, ntohs(sa.sin_port));
	fflush(stdout);
	return fd;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "max-conns", required_argument, NULL, 'm' },
		{ "buffers", required_argument, NULL, 'n' },
		{ "buf-size", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *addr = "127.0.0.1";
	struct signalfd_siginfo si;
	struct io_uring_params p;
	struct io_uring_sqe *sqe;
	sigset_t mask;
	unsigned int port, i;
	int opt, ret, sfd, status = 0;
	bool done = false;
	const char *why = "error";

	while ((opt = getopt_long(argc, argv, "a:m:n:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'm':
			max_conns = parse_num(optarg, "--max-conns", 1UL << 30);
			break;
		case 'n':
			nbufs = (unsigned int)parse_num(optarg, "--buffers", 32768);
			if (!nbufs || (nbufs & (nbufs - 1))) {
				fprintf(stderr, "--buffers must be a power of 2\n");
				return 2;
			}
			break;
		case 's':
			buf_size = (unsigned int)parse_num(optarg, "--buf-size", 1U << 20);
			if (!buf_size) {
				fprintf(stderr, "--buf-size must be positive\n");
				return 2;
			}
			break;
		default:
			usage(argv[0]);
		}
	}
	if (argc - optind != 1)
		usage(argv[0]);
	port = (unsigned int)parse_num(argv[optind], "port", 65535);

	/* SIGINT/SIGTERM are read from a signalfd by the ring. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
		perror("sigprocmask");
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		perror("signalfd");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 4096;
	ret = io_uring_queue_init_params(256, &ring, &p);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init_params: %s\n", strerror(-ret));
		return (ret == -ENOSYS || ret == -EPERM || ret == -EINVAL) ? 77 : 1;
	}
	if (!(p.features & IORING_FEAT_FAST_POLL)) {
		fprintf(stderr, "kernel lacks IORING_FEAT_FAST_POLL\n");
		return 77;
	}

	br = io_uring_setup_buf_ring(&ring, nbufs, BGID, 0, &ret);
	if (!br) {
		fprintf(stderr, "io_uring_setup_buf_ring: %s\n", strerror(-ret));
		return (ret == -EINVAL || ret == -ENOENT || ret == -EOPNOTSUPP) ? 77 : 1;
	}
	bufs = malloc((size_t)nbufs * buf_size);
	if (!bufs) {
		perror("malloc");
		return 1;
	}
	for (i = 0; i < nbufs; i++)
		io_uring_buf_ring_add(br, buf_addr(i), buf_size, (unsigned short)i,
				      io_uring_buf_ring_mask(nbufs), (int)i);
	io_uring_buf_ring_advance(br, (int)nbufs);

	listen_fd = setup_listener(addr, port);
	if (listen_fd < 0)
		return 1;
	accepting = true;
	arm_accept();

	sqe = get_sqe();
	io_uring_prep_read(sqe, sfd, &si, sizeof(si), 0);
	io_uring_sqe_set_data64(sqe, UD(UD_SIGNAL, sfd));

	while (!done) {
		struct io_uring_cqe *cqe;
		unsigned int head, seen = 0;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "io_uring_submit_and_wait: %s\n", strerror(-ret));
			status = 1;
			break;
		}
		io_uring_for_each_cqe(&ring, head, cqe) {
			__u64 ud = io_uring_cqe_get_data64(cqe);

			seen++;
			switch (UD_TYPE(ud)) {
			case UD_ACCEPT:
				handle_accept(cqe);
				break;
			case UD_RECV:
				handle_recv(cqe, UD_FD(ud));
				break;
			case UD_SEND:
				handle_send(cqe, UD_FD(ud));
				break;
			case UD_SIGNAL:
				if (cqe->res == sizeof(si)) {
					why = si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM";
					done = true;
				} else if (cqe->res == -EAGAIN || cqe->res == -EINTR) {
					sqe = get_sqe();
					io_uring_prep_read(sqe, sfd, &si, sizeof(si), 0);
					io_uring_sqe_set_data64(sqe, UD(UD_SIGNAL, sfd));
				} else {
					fprintf(stderr, "signalfd read: %s\n", strerror(-cqe->res));
					status = 1;
					done = true;
				}
				break;
			case UD_CANCEL:
				break;
			default:
				fprintf(stderr, "unexpected completion 0x%llx\n",
					(unsigned long long)ud);
				status = 1;
				done = true;
			}
		}
		io_uring_cq_advance(&ring, seen);
		rearm_starved();
		if (max_conns && accepted >= max_conns && !active && !done) {
			why = "max-conns reached";
			done = true;
			/* Every connection is closed: every buffer must be back. */
			if (bufs_out) {
				fprintf(stderr, "%u buffers never came back\n", bufs_out);
				status = 1;
			}
		}
	}

	/* Closing the ring cancels whatever is still in flight. */
	ret = io_uring_free_buf_ring(&ring, br, nbufs, BGID);
	if (ret < 0) {
		fprintf(stderr, "io_uring_free_buf_ring: %s\n", strerror(-ret));
		status = 1;
	}
	io_uring_queue_exit(&ring);
	for (i = 0; i < (unsigned int)nconns_slots; i++) {
		if (conns[i].active)
			close((int)i);
		free(conns[i].q);
	}
	free(conns);
	free(bufs);
	close(listen_fd);
	close(sfd);
	printf("echo-server: %s: %lu connections, %" PRIu64 " bytes echoed, %" PRIu64
	       " recvs out of buffers\n", why, accepted, bytes_echoed, starved);
	return status;
}
