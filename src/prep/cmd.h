/* C twin of src/prep/cmd.rs: see build.rs. */
