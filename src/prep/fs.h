/* C twin of src/prep/fs.rs: see build.rs. */
