/* C twin of src/prep/net.rs: see build.rs. */
