/* C twin of src/prep/rw.rs: see build.rs. */
