/* SPDX-License-Identifier: MIT */
/*
 * What io_uring-cp and link-cp share: the command line
 * ([-q QD] [-b BS] [-v] INFILE OUTFILE), opening the two files, the ring,
 * one block buffer per slot, waiting for completions, and the teardown.
 *
 * Setup problems end the program here, with the exit status both programs
 * document: 1 on an I/O error, 2 on bad usage, 77 when io_uring is not
 * available.
 */
#ifndef CP_COMMON_H
#define CP_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <liburing.h>

struct cp {
	/* -q, -b, -v: the caller sets the defaults */
	unsigned int qd;	/* slots: blocks in flight */
	size_t bs;		/* block size */
	int verbose;		/* say what happened on stderr */
	/* set up by cp_setup() */
	int infd, outfd;
	off_t insize;
	struct io_uring ring;
	void *slots;		/* qd zeroed slots of the caller's type */
	char **bufs;		/* bufs[i]: slot i's buffer, bs bytes */
};

static inline void cp_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-q queue-depth] [-b block-size] [-v] infile outfile\n",
		prog);
	exit(2);
}

static inline long cp_parse_size(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (!errno && end != s) {
		if (*end == 'k' || *end == 'K') {
			v *= 1024;
			end++;
		} else if (*end == 'm' || *end == 'M') {
			v *= 1024 * 1024;
			end++;
		}
	}
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "invalid %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/* Parse the options into @cp, with at most @max_qd slots; returns INFILE's index in argv. */
static inline int cp_parse_args(struct cp *cp, int argc, char *argv[], unsigned int max_qd)
{
	int opt;

	while ((opt = getopt(argc, argv, "q:b:vh")) != -1) {
		switch (opt) {
		case 'q':
			cp->qd = (unsigned int)cp_parse_size(optarg, "queue depth");
			if (cp->qd > max_qd) {
				fprintf(stderr, "queue depth at most %u\n", max_qd);
				exit(2);
			}
			break;
		case 'b':
			cp->bs = (size_t)cp_parse_size(optarg, "block size");
			if (cp->bs > (1U << 30)) {
				fprintf(stderr, "block size at most 1G\n");
				exit(2);
			}
			break;
		case 'v':
			cp->verbose = 1;
			break;
		default:
			cp_usage(argv[0]);
		}
	}
	if (argc - optind != 2)
		cp_usage(argv[0]);
	return optind;
}

/* INFILE (a regular file) for reading; OUTFILE created or truncated. */
static inline void cp_open_files(struct cp *cp, const char *in, const char *out)
{
	struct stat st;

	cp->infd = open(in, O_RDONLY);
	if (cp->infd < 0) {
		perror(in);
		exit(1);
	}
	if (fstat(cp->infd, &st) < 0) {
		perror("fstat");
		exit(1);
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: not a regular file\n", in);
		exit(1);
	}
	cp->insize = st.st_size;
	cp->outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (cp->outfd < 0) {
		perror(out);
		exit(1);
	}
}

/*
 * Everything before the copy: options, files, a ring of @sqes_per_slot SQEs
 * per slot, and the slots (@slot_size bytes each, zeroed) with their
 * page-aligned buffers.
 */
static inline void cp_setup(struct cp *cp, int argc, char *argv[], unsigned int max_qd,
			    unsigned int sqes_per_slot, size_t slot_size)
{
	unsigned int i;
	int ret, in = cp_parse_args(cp, argc, argv, max_qd);

	cp_open_files(cp, argv[in], argv[in + 1]);
	ret = io_uring_queue_init(sqes_per_slot * cp->qd, &cp->ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		exit((ret == -ENOSYS || ret == -EPERM) ? 77 : 1);
	}
	cp->slots = calloc(cp->qd, slot_size);
	cp->bufs = calloc(cp->qd, sizeof(*cp->bufs));
	if (!cp->slots || !cp->bufs) {
		perror("calloc");
		exit(1);
	}
	for (i = 0; i < cp->qd; i++) {
		if (posix_memalign((void **)&cp->bufs[i], 4096, cp->bs)) {
			perror("posix_memalign");
			exit(1);
		}
	}
}

/* Submit what is queued and wait for a completion; -1 (said) on an error. */
static inline int cp_submit_and_wait(struct cp *cp)
{
	int ret = io_uring_submit_and_wait(&cp->ring, 1);

	if (ret < 0 && ret != -EINTR) {
		fprintf(stderr, "io_uring_submit_and_wait: %s\n", strerror(-ret));
		return -1;
	}
	return 0;
}

/* Undo cp_setup(). Returns @status, or 1 if closing OUTFILE failed. */
static inline int cp_teardown(struct cp *cp, int status)
{
	unsigned int i;

	io_uring_queue_exit(&cp->ring);
	for (i = 0; i < cp->qd; i++)
		free(cp->bufs[i]);
	free(cp->bufs);
	free(cp->slots);
	close(cp->infd);
	if (close(cp->outfd) < 0) {
		perror("close");
		status = 1;
	}
	return status;
}

#endif
