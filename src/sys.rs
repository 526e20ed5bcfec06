//! The raw system calls. On x86_64 they are issued directly (as liburing does), so they return
//! `-errno` and never touch the thread's `errno`; elsewhere libc's `syscall()` is used and its
//! errno is turned into the same `-errno` return.

use core::ffi::{c_int, c_uint, c_void};

#[cfg(target_arch = "x86_64")]
mod raw {
    use core::arch::asm;
    use core::ffi::c_long;

    /// # Safety
    /// The arguments must be valid for system call `nr`.
    #[inline(always)]
    pub unsafe fn syscall6(nr: c_long, a: [usize; 6]) -> c_long {
        let ret: c_long;
        // SAFETY: the x86_64 syscall ABI: rcx and r11 are clobbered, memory may be read/written.
        unsafe {
            asm!("syscall",
                inlateout("rax") nr => ret,
                in("rdi") a[0], in("rsi") a[1], in("rdx") a[2],
                in("r10") a[3], in("r8") a[4], in("r9") a[5],
                lateout("rcx") _, lateout("r11") _,
                options(nostack));
        }
        ret
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod raw {
    use core::ffi::c_long;

    /// # Safety
    /// The arguments must be valid for system call `nr`.
    #[inline(always)]
    pub unsafe fn syscall6(nr: c_long, a: [usize; 6]) -> c_long {
        // SAFETY: forwarded to libc with the caller's guarantees.
        let r = unsafe { libc::syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) };
        if r < 0 {
            // SAFETY: errno is thread-local and valid after a failed call.
            -(unsafe { *libc::__errno_location() } as c_long)
        } else {
            r
        }
    }
}

/// io_uring_setup(2).
///
/// # Safety
/// `p` must point to a writable `io_uring_params`.
pub unsafe fn io_uring_setup(entries: c_uint, p: *mut c_void) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe {
        raw::syscall6(
            libc::SYS_io_uring_setup,
            [entries as usize, p as usize, 0, 0, 0, 0],
        ) as c_int
    }
}

/// io_uring_enter(2) with an argument block of `sz` bytes (a sigset or `io_uring_getevents_arg`).
///
/// # Safety
/// `arg` must be NULL or valid for what `flags` says it is.
#[inline(always)]
pub unsafe fn io_uring_enter(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *const c_void,
    sz: usize,
) -> c_int {
    let args = [
        fd as usize,
        to_submit as usize,
        min_complete as usize,
        flags as usize,
        arg as usize,
        sz,
    ];
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { raw::syscall6(libc::SYS_io_uring_enter, args) as c_int }
}

/// io_uring_register(2).
///
/// # Safety
/// `arg` must be valid for `opcode` and `nr_args`.
pub unsafe fn io_uring_register(
    fd: c_int,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    let args = [
        fd as usize,
        opcode as usize,
        arg as usize,
        nr_args as usize,
        0,
        0,
    ];
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { raw::syscall6(libc::SYS_io_uring_register, args) as c_int }
}

/// mmap(2); returns the mapping or `Err(-errno)`.
///
/// # Safety
/// As for mmap(2).
pub unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    off: i64,
) -> Result<*mut c_void, c_int> {
    let args = [
        addr as usize,
        len,
        prot as usize,
        flags as usize,
        fd as usize,
        off as usize,
    ];
    // SAFETY: forwarded with the caller's guarantees.
    let r = unsafe { raw::syscall6(libc::SYS_mmap, args) };
    if (-4095..0).contains(&r) {
        Err(r as c_int)
    } else {
        Ok(r as *mut c_void)
    }
}

/// munmap(2).
///
/// # Safety
/// `addr`/`len` must be a mapping no live reference points into.
pub unsafe fn munmap(addr: *mut c_void, len: usize) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { raw::syscall6(libc::SYS_munmap, [addr as usize, len, 0, 0, 0, 0]) as c_int }
}

/// madvise(2).
///
/// # Safety
/// As for madvise(2).
pub unsafe fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe {
        raw::syscall6(
            libc::SYS_madvise,
            [addr as usize, len, advice as usize, 0, 0, 0],
        ) as c_int
    }
}

/// close(2).
pub fn close(fd: c_int) -> c_int {
    // SAFETY: closing any integer is memory-safe.
    unsafe { raw::syscall6(libc::SYS_close, [fd as usize, 0, 0, 0, 0, 0]) as c_int }
}
