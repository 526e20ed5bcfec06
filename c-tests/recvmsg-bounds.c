/* SPDX-License-Identifier: MIT */
/*
 * The multishot recvmsg helpers stay inside the buffer whatever its lengths
 * say. The buffer sits between two inaccessible pages, so a read outside it
 * kills the test. liburing 2.15 reads outside it in each case below.
 *  - A cmsg_len so large that cmsg + cmsg_len wraps around to the page before
 *    the buffer: nexthdr must end the walk.
 *  - A controllen in the header larger than the request's msg_controllen (the
 *    kernel never writes more): the walk must stop at msg_controllen.
 *  - A msg_controllen so large that header + name + control overflows:
 *    validate must refuse the buffer.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include "test.h"

#define PAGE	4096
#define NAMELEN	16

/* A page of buffer between two PROT_NONE pages. */
static unsigned char *guarded_page(void)
{
	unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK_OK(mprotect(p, PAGE, PROT_NONE));
	CHECK_OK(mprotect(p + 2 * PAGE, PAGE, PROT_NONE));
	return p + PAGE;
}

/* Lay out a header and name; the control area is the rest of the page. */
static struct io_uring_recvmsg_out *layout(unsigned char *page, struct msghdr *msgh)
{
	struct io_uring_recvmsg_out *o = (struct io_uring_recvmsg_out *) page;
	size_t control = PAGE - sizeof(*o) - NAMELEN;

	memset(page, 0, PAGE);
	memset(msgh, 0, sizeof(*msgh));
	msgh->msg_namelen = NAMELEN;
	msgh->msg_controllen = control;
	o->namelen = NAMELEN;
	o->controllen = (__u32) control;
	CHECK(io_uring_recvmsg_validate(page, PAGE, msgh) == o);
	return o;
}

/* Walk every cmsg; returns how many, failing the test past a sane bound. */
static int walk(struct io_uring_recvmsg_out *o, struct msghdr *msgh)
{
	struct cmsghdr *c;
	int n = 0;

	for (c = io_uring_recvmsg_cmsg_firsthdr(o, msgh); c;
	     c = io_uring_recvmsg_cmsg_nexthdr(o, msgh, c))
		CHECK(++n < PAGE);
	return n;
}

int main(void)
{
	unsigned char *page = guarded_page();
	struct io_uring_recvmsg_out *o;
	struct cmsghdr *c;
	struct msghdr msgh;
	size_t span;

	t_init();

	/* a wrapping cmsg_len: cmsg + len lands on the page before the buffer */
	o = layout(page, &msgh);
	c = io_uring_recvmsg_cmsg_firsthdr(o, &msgh);
	CHECK(c != NULL);
	c->cmsg_len = (size_t) 0 - ((unsigned char *) c - (page - PAGE));
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msgh, c) == NULL);
	CHECK_EQ(walk(o, &msgh), 1);

	/* controllen beyond msg_controllen: only msg_controllen bytes are walked */
	o = layout(page, &msgh);
	msgh.msg_controllen = 2 * CMSG_SPACE(8);
	o->controllen = PAGE;	/* reaches into the page after the buffer */
	span = PAGE - sizeof(*o) - NAMELEN;
	for (size_t off = 0; off + CMSG_SPACE(8) <= span; off += CMSG_SPACE(8))
		((struct cmsghdr *) (page + sizeof(*o) + NAMELEN + off))->cmsg_len = CMSG_LEN(8);
	CHECK_EQ(walk(o, &msgh), 2);
	/* and a last message that claims more than is left ends the walk before it */
	c = io_uring_recvmsg_cmsg_firsthdr(o, &msgh);
	c->cmsg_len = CMSG_LEN(2 * CMSG_SPACE(8));
	CHECK_EQ(walk(o, &msgh), 1);

	/* header + name + control overflowing size_t is not a valid buffer */
	o = layout(page, &msgh);
	msgh.msg_controllen = (size_t) 0 - sizeof(*o);
	CHECK(io_uring_recvmsg_validate(page, PAGE, &msgh) == NULL);

	/* a well-formed buffer still walks as before: three messages of 8 bytes */
	o = layout(page, &msgh);
	msgh.msg_controllen = 3 * CMSG_SPACE(8);
	o->controllen = (__u32) msgh.msg_controllen;
	for (int i = 0; i < 3; i++)
		((struct cmsghdr *) (page + sizeof(*o) + NAMELEN + i * CMSG_SPACE(8)))->cmsg_len =
			CMSG_LEN(8);
	CHECK_EQ(walk(o, &msgh), 3);
	CHECK(io_uring_recvmsg_payload(o, &msgh) ==
	      page + sizeof(*o) + NAMELEN + 3 * CMSG_SPACE(8));
	return T_PASS;
}
