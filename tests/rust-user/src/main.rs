//! An ordinary Rust program using the `uring` crate as a dependency: it sets a ring up through
//! the crate's exported functions, submits a NOP, reaps it and checks its user_data.
//! Exit status: 0 pass, 77 skip (io_uring unavailable here, with the reason), else fail.

use std::mem::MaybeUninit;
use std::process::exit;
use std::ptr;

use uring::complete::{io_uring_cqe_seen, io_uring_wait_cqe};
use uring::diagnose::{Cause, Diagnosis, Evidence, Line};
use uring::prep::{io_uring_prep_nop, io_uring_sqe_set_data64};
use uring::ring::io_uring;
use uring::setup::{io_uring_queue_exit, io_uring_queue_init};
use uring::submit::{io_uring_get_sqe, io_uring_submit};
use uring::uapi::io_uring_cqe;

const USER_DATA: u64 = 0x5eed_0000_cafe_f00d;

fn main() {
    if let Some(reason) = std::env::var_os("URING_UNAVAILABLE").filter(|r| !r.is_empty()) {
        println!("SKIP: io_uring unavailable: {}", reason.to_string_lossy());
        exit(77);
    }
    let mut ring = MaybeUninit::<io_uring>::zeroed();
    // SAFETY: a writable ring.
    let ret = unsafe { io_uring_queue_init(8, ring.as_mut_ptr(), 0) };
    if ret < 0 {
        // The library's own diagnosis says whether io_uring is unavailable here, and why.
        let d = Diagnosis::of(-ret, 8, 0, Evidence::gather(b"/proc"));
        let mut why = Line::new();
        d.write_cause(&mut why);
        if d.cause == Cause::Other {
            eprintln!("FAIL: io_uring_queue_init: {}", why.as_str());
            exit(1);
        }
        println!("SKIP: io_uring unavailable: {}", why.as_str());
        exit(77);
    }
    let ring = ring.as_mut_ptr();
    // SAFETY: the ring was set up above; the SQE and CQE pointers come from it.
    let user_data = unsafe {
        let sqe = io_uring_get_sqe(ring);
        assert!(!sqe.is_null(), "io_uring_get_sqe: no SQE on an empty ring");
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, USER_DATA);
        let submitted = io_uring_submit(ring);
        assert_eq!(submitted, 1, "io_uring_submit");
        let mut cqe: *mut io_uring_cqe = ptr::null_mut();
        let ret = io_uring_wait_cqe(ring, &mut cqe);
        assert_eq!(ret, 0, "io_uring_wait_cqe");
        let (res, user_data) = ((*cqe).res, (*cqe).user_data);
        assert_eq!(res, 0, "NOP result");
        io_uring_cqe_seen(ring, cqe);
        io_uring_queue_exit(ring);
        user_data
    };
    if user_data != USER_DATA {
        eprintln!("FAIL: user_data {user_data:#x}, expected {USER_DATA:#x}");
        exit(1);
    }
    println!("PASS: NOP submitted and reaped through the uring crate (user_data {user_data:#x})");
}
