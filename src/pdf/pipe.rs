//! The two pipes a browser started with `--remote-debugging-pipe` talks over: it reads commands
//! from its file descriptor 3 and writes answers to its file descriptor 4. `std::process`
//! passes only the three standard streams, so the two extra ones are put in place between fork
//! and exec, with `dup2`, which is safe to call there.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Command;

/// Our ends of the pipes, and the browser's until it has started.
pub struct Pipes {
    /// Commands go here (the browser's fd 3).
    pub to_browser: File,
    /// Answers and events come from here (the browser's fd 4).
    pub from_browser: File,
    browser_ends: Option<(OwnedFd, OwnedFd)>,
}

impl Pipes {
    /// Make the pipes and set `command` up to hand the browser its ends as fds 3 and 4. Call
    /// [`Pipes::started`] once the command is spawned.
    pub fn attach(command: &mut Command) -> io::Result<Pipes> {
        // Numbered above 4, so neither `dup2` below can overwrite the other's source.
        let (browser_reads, we_write) = pipe()?;
        let (we_read, browser_writes) = pipe()?;
        let (reads, writes) = (browser_reads.as_raw_fd(), browser_writes.as_raw_fd());
        // SAFETY: the closure runs in the child between fork and exec, and only calls `dup2`,
        // which is async-signal-safe; the descriptors it names stay open in the parent until
        // `started`, so they exist when the child is forked. The copies `dup2` makes do not
        // close on exec; the originals (close-on-exec) do.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(reads, 3) < 0 || libc::dup2(writes, 4) < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        Ok(Pipes {
            to_browser: File::from(we_write),
            from_browser: File::from(we_read),
            browser_ends: Some((browser_reads, browser_writes)),
        })
    }

    /// The browser has its copies: close ours, so a browser that exits ends our reads.
    pub fn started(&mut self) {
        self.browser_ends = None;
    }
}

/// A pipe whose two ends close on exec and are numbered 10 or more: `(read, write)`.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors written; on success both are ours.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    let made = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    // Without `pipe2` (macOS) the ends are marked close-on-exec just after, by `above_four`;
    // printing starts no other process meanwhile.
    // SAFETY: as above.
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    let made = unsafe { libc::pipe(fds.as_mut_ptr()) };
    if made < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both were just opened and are owned by nothing else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((above_four(read)?, above_four(write)?))
}

/// A close-on-exec copy of `fd` numbered 10 or more; `fd` itself is closed.
fn above_four(fd: OwnedFd) -> io::Result<OwnedFd> {
    // SAFETY: `fcntl(F_DUPFD_CLOEXEC)` only reads `fd`, which is open; the new descriptor is
    // owned by the `OwnedFd` made from it.
    let copy = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if copy < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `copy` was just opened and is owned by nothing else.
    Ok(unsafe { OwnedFd::from_raw_fd(copy) })
}
