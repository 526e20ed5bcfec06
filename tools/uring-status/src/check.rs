//! `uring-status --check`: a placeholder, replaced by the real check.

use crate::libinfo;

pub fn run() -> i32 {
    println!("not yet");
    match libinfo::system_library("liburing.so.2").map(|path| libinfo::describe_library(&path)) {
        Some(Ok(info)) => println!("programs get {info}"),
        Some(Err(e)) => println!("programs get a liburing.so.2 that cannot be read: {e}"),
        None => println!("programs get no liburing.so.2"),
    }
    0
}
