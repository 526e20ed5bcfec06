//! uring-status: what processes do with io_uring, seen from /proc, and whether this machine
//! can use io_uring at all.

mod bugs;
mod check;
mod elf;
mod kernel;
mod libinfo;
mod report;

use std::{env, process};

const USAGE: &str = "\
usage: uring-status PID...   what these processes do with io_uring
                             (root sees kernel stacks and other users' processes)
       uring-status --check  whether io_uring works on this machine, and how well
       uring-status --help   this text, and what the reports say
";

const HELP: &str = "
For each io_uring instance a process holds: SQ/CQ indices, unsubmitted SQEs, ready and
overflowed CQEs, and the requests the kernel still has in flight (by opcode). For each thread
inside an io_uring system call: which call, its arguments decoded, where in the kernel it waits,
and whether the sleep is uninterruptible (state D), which no signal or timeout can end: the
signature of a kernel deadlock such as the 6.1-era IORING_POLL_ADD_MULTI / io-wq max-workers one.
And which liburing shared objects the process has mapped: liburing or liburing-ffi, ours (the
Rust re-implementation this tool comes with) or another, and which release.

Everything comes from /proc (fdinfo, maps, task stat, syscall, wchan, stack), so it works on any
program using io_uring, whatever library it was built with, without stopping it.

Exit status of uring-status PID...: 0; 1 when a thread sleeps uninterruptibly inside io_uring
(so that scripts and watchdogs can act on it); else 3 when a process cannot be read (it does not
exist, or belongs to another user and this is not root); 2 on bad usage.
Exit status of uring-status --check: 0 usable, 1 usable with warnings, 2 unusable.

Environment (test fixtures): URING_STATUS_PROC, a directory used instead of /proc;
URING_STATUS_KERNEL, a kernel release (or /proc/version line) used instead of this one's;
URING_STATUS_SETUP_ERRNO, for --check: pretend ring setup failed with this errno (EPERM, ...).
";

fn main() {
    // Like other command-line tools: a closed pipe (`| head`) ends the program quietly.
    // SAFETY: restoring the default disposition of SIGPIPE, before any thread exists.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let args: Vec<String> = env::args().skip(1).collect();
    let code = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--check"] => check::run(),
        ["--help" | "-h"] => {
            print!("{USAGE}{HELP}");
            0
        }
        [_, ..] if args.iter().all(|a| is_pid(a)) => report(&args),
        _ => usage(),
    };
    process::exit(code)
}

fn is_pid(arg: &str) -> bool {
    !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit())
}

fn usage() -> i32 {
    eprint!("{USAGE}");
    2
}

fn report(pids: &[String]) -> i32 {
    let (mut stuck, mut unreadable, mut described) = (false, false, false);
    for pid in pids {
        match report::describe(pid) {
            Ok(report) => {
                println!("{}", report.lines.join("\n"));
                stuck |= report.stuck;
                described = true;
            }
            Err(why) => {
                eprintln!("uring-status: pid {pid}: {why}");
                unreadable = true;
            }
        }
    }
    // What the running kernel is known to get wrong, for whoever reads about a stuck process.
    match kernel::running().filter(|_| described) {
        Some(running) => {
            println!("kernel {}:", running.release);
            check::print_bugs(&running);
        }
        None if described => eprintln!("uring-status: URING_STATUS_KERNEL is not a kernel release"),
        None => {}
    }
    match (stuck, unreadable) {
        (true, _) => 1,
        (false, true) => 3,
        (false, false) => 0,
    }
}
