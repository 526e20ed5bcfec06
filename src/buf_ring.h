/* C twin of src/buf_ring.rs: see build.rs. */
