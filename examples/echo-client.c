/* SPDX-License-Identifier: MIT */
/*
 * echo-client: test client for echo-server (plain sockets, no io_uring).
 *
 *   echo-client [-c CONNS] [-n BYTES] [-a ABORTS] [-s SEED] [-d MS] [-t SECONDS] HOST PORT
 *
 * Opens CONNS connections at once, one thread each. Every connection sends
 * BYTES pseudo-random bytes (its own stream) in chunks of varying size while
 * reading the echo back, then shuts down its write side and reads until the
 * server closes. It passes when each connection got back exactly the bytes
 * it sent. ABORTS more connections send some data and reset the connection
 * without reading, to check the server survives peers that vanish.
 * -d waits MS milliseconds between chunks (a slow sender).
 * Every connection gives up after SECONDS (default 20).
 *
 * Exit status: 0 when every connection was echoed exactly, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct job {
	int id;
	int abort;
	size_t bytes;
	uint64_t seed;
	int ok;
	char err[160];
};

static struct sockaddr_in server;
static int timeout_s = 20, delay_ms;

static uint64_t next_rand(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_server(struct job *j)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		snprintf(j->err, sizeof(j->err), "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&server, sizeof(server)) < 0) {
		snprintf(j->err, sizeof(j->err), "connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

static void *run(void *arg)
{
	struct job *j = arg;
	uint64_t rs = j->seed * UINT64_C(0x9E3779B97F4A7C15) + (uint64_t)j->id + 1;
	size_t sent = 0, recvd = 0, i;
	unsigned char *data, rbuf[65536];
	double deadline = now() + timeout_s;
	int fd, wr_closed = 0;

	data = malloc(j->bytes ? j->bytes : 1);
	if (!data) {
		snprintf(j->err, sizeof(j->err), "out of memory");
		return NULL;
	}
	fd = connect_server(j);
	if (fd < 0)
		goto out;
	for (i = 0; i < j->bytes; i++)
		data[i] = (unsigned char)(next_rand(&rs) >> 56);

	if (j->abort) {
		/* Send a little, then reset the connection without reading. */
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };
		ssize_t n = send(fd, data, j->bytes < 65536 ? j->bytes : 65536, MSG_NOSIGNAL);

		(void)n;
		usleep(1000 * (useconds_t)(j->id % 5));
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fd);
		j->ok = 1;
		goto out;
	}

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left_ms = (int)((deadline - now()) * 1000);

		if (left_ms <= 0) {
			snprintf(j->err, sizeof(j->err),
				 "timed out: sent %zu of %zu, received %zu", sent, j->bytes, recvd);
			break;
		}
		if (sent < j->bytes)
			pfd.events |= POLLOUT;
		else if (!wr_closed) {
			shutdown(fd, SHUT_WR);
			wr_closed = 1;
		}
		if (poll(&pfd, 1, left_ms < 1000 ? left_ms : 1000) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(j->err, sizeof(j->err), "poll: %s", strerror(errno));
			break;
		}
		if (pfd.revents & POLLOUT) {
			size_t chunk = 1 + (size_t)(next_rand(&rs) % 65536);
			ssize_t n;

			if (chunk > j->bytes - sent)
				chunk = j->bytes - sent;
			n = send(fd, data + sent, chunk, MSG_NOSIGNAL);
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				snprintf(j->err, sizeof(j->err), "send: %s", strerror(errno));
				break;
			}
			if (n > 0)
				sent += (size_t)n;
			if (delay_ms)
				usleep((useconds_t)delay_ms * 1000);
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);

			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					continue;
				snprintf(j->err, sizeof(j->err), "recv: %s", strerror(errno));
				break;
			}
			if (n == 0) {
				if (recvd == j->bytes && sent == j->bytes)
					j->ok = 1;
				else
					snprintf(j->err, sizeof(j->err),
						 "server closed after echoing %zu of %zu bytes (sent %zu)",
						 recvd, j->bytes, sent);
				break;
			}
			if (recvd + (size_t)n > sent) {
				snprintf(j->err, sizeof(j->err),
					 "received %zu bytes but only %zu were sent",
					 recvd + (size_t)n, sent);
				break;
			}
			if (memcmp(rbuf, data + recvd, (size_t)n)) {
				for (i = 0; i < (size_t)n && rbuf[i] == data[recvd + i]; i++)
					;
				snprintf(j->err, sizeof(j->err), "echoed byte %zu differs",
					 recvd + i);
				break;
			}
			recvd += (size_t)n;
		}
	}
	close(fd);
out:
	free(data);
	return NULL;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-c conns] [-n bytes] [-a aborts] [-s seed] [-d ms] [-t seconds] host port\n",
		prog);
	exit(2);
}

int main(int argc, char *argv[])
{
	int conns = 8, aborts = 0, opt, i, failed = 0, total;
	size_t bytes = 1 << 20;
	uint64_t seed = 1;
	struct job *jobs;
	pthread_t *th;

	while ((opt = getopt(argc, argv, "c:n:a:s:d:t:h")) != -1) {
		switch (opt) {
		case 'c':
			conns = atoi(optarg);
			break;
		case 'n':
			bytes = (size_t)strtoull(optarg, NULL, 0);
			break;
		case 'a':
			aborts = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			timeout_s = atoi(optarg);
			break;
		case 'd':
			delay_ms = atoi(optarg);
			break;
		default:
			usage(argv[0]);
		}
	}
	if (argc - optind != 2 || conns < 0 || aborts < 0 || timeout_s <= 0 || delay_ms < 0)
		usage(argv[0]);
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	server.sin_port = htons((unsigned short)atoi(argv[optind + 1]));
	if (inet_pton(AF_INET, argv[optind], &server.sin_addr) != 1) {
		fprintf(stderr, "invalid IPv4 address: %s\n", argv[optind]);
		return 2;
	}

	total = conns + aborts;
	jobs = calloc((size_t)total, sizeof(*jobs));
	th = calloc((size_t)total, sizeof(*th));
	if (!jobs || !th) {
		perror("calloc");
		return 1;
	}
	for (i = 0; i < total; i++) {
		jobs[i].id = i;
		jobs[i].abort = i >= conns;
		jobs[i].bytes = bytes;
		jobs[i].seed = seed;
		if (pthread_create(&th[i], NULL, run, &jobs[i])) {
			fprintf(stderr, "pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < total; i++) {
		pthread_join(th[i], NULL);
		if (!jobs[i].ok) {
			fprintf(stderr, "connection %d: %s\n", i, jobs[i].err);
			failed++;
		}
	}
	printf("echo-client: %d connections x %zu bytes (+%d aborted): %d failed\n",
	       conns, bytes, aborts, failed);
	free(jobs);
	free(th);
	return failed ? 1 : 0;
}
