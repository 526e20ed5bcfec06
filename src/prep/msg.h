/* C twin of src/prep/msg.rs: see build.rs. */
