/* C twin of src/probe.rs: reading an opcode probe. */

/**
 * tell whether a probe reports an opcode as supported
 *
 * Look up opcode @op (an IORING_OP_* value) in the probe @p, obtained with
 * io_uring_get_probe() or io_uring_get_probe_ring(). An opcode is supported when it is not
 * beyond the last opcode the kernel knows (p->last_op) and its entry carries
 * IO_URING_OP_SUPPORTED.
 *
 * Return: 1 when @op is supported, 0 when it is not, is negative, or is beyond p->last_op.
 *
 * Notes: @p must not be NULL; io_uring_get_probe() returns NULL on kernels without
 * probing (before Linux 5.6), so check its result first. A supported opcode may still lack
 * newer flags or features, which the kernel then rejects in the completion, usually with
 * -EINVAL.
 *
 * See also: io_uring_get_probe(3), io_uring_get_probe_ring(3), io_uring_free_probe(3)
 */
IOURINGINLINE int io_uring_opcode_supported(const struct io_uring_probe *p,
					    int op) LIBURING_NOEXCEPT
{
	if (op < 0 || op > p->last_op)
		return 0;
	return (p->ops[op].flags & IO_URING_OP_SUPPORTED) != 0;
}
