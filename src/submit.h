/* C twin of src/submit.rs: see build.rs. */
