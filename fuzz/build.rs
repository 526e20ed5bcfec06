//! Compiles src/twins.c: the header's inline helpers (../include/liburing.h) wrapped as
//! `twin_c_<name>` functions, for the `twins` and `cmsg` targets to compare with the Rust exports.

fn main() {
    println!("cargo:rerun-if-changed=src/twins.c");
    println!("cargo:rerun-if-changed=../include");
    let mut build = cc::Build::new();
    build
        .file("src/twins.c")
        .include("../include")
        .std("gnu11")
        .define("_GNU_SOURCE", None)
        .warnings_into_errors(true);
    // Under cargo fuzz (-Zsanitizer=address) the C side is instrumented as well, so that an
    // out-of-bounds read in a header helper is reported like one in Rust.
    let sanitize = std::env::var("CARGO_CFG_SANITIZE").unwrap_or_default();
    if sanitize.split(',').any(|s| s == "address") {
        build.flag("-fsanitize=address");
    }
    build.compile("twins_c");
}
