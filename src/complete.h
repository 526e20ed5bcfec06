/* C twin of src/complete.rs: see build.rs. */
