/* C twin of src/probe.rs: see build.rs. */
