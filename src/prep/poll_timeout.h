/* C twin of src/prep/poll_timeout.rs: see build.rs. */
