//! Printing pages to PDF with the system's headless Chromium.
//!
//! Chromium is found on `PATH` (`chromium`, `chromium-browser`, `google-chrome`,
//! `google-chrome-stable`) or given by `chromium = "/path"` in `site.toml`. One browser with a
//! fresh profile prints all of a build's pages ([`devtools`], over two pipes: no port, no
//! WebSocket crate), from an http origin that serves the staged output and is also the
//! browser's proxy for every other address ([`serve`]): a PDF can show only files of the
//! output, never a local file outside it or anything from the network. [`finish`] then makes
//! each PDF a publication: its metadata, dates from the build's clock, a stable id.

#[cfg(unix)]
pub mod devtools;
pub mod finish;
#[cfg(unix)]
mod pipe;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Browser names looked for on `PATH`, in order.
pub const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Memory one printing browser may take (about 220 MB measured, with room to spare).
const MEMORY_PER_PRINT: u64 = 320 * 1024 * 1024;

/// A page that takes longer than this to print is given up on.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A Chromium to print with.
#[derive(Debug, Clone)]
pub struct Chromium {
    pub path: PathBuf,
}

/// Find Chromium: the configured path when there is one (a relative one is taken from `root`),
/// else the first of [`NAMES`] on `PATH`. The error says what to install or set.
pub fn find(configured: Option<&Path>, root: &Path) -> Result<Chromium, String> {
    if let Some(path) = configured {
        let resolved = root.join(path);
        return if resolved.is_file() {
            Ok(Chromium { path: resolved })
        } else {
            Err(format!(
                "cannot print briefings to PDF: `chromium = \"{}\"` in site.toml is not a file\n  hint: set it to the browser's executable, e.g. /usr/bin/chromium, or remove it to search PATH",
                path.display()
            ))
        };
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    for name in NAMES {
        for dir in std::env::split_paths(&path_var) {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Ok(Chromium { path: candidate });
            }
        }
    }
    Err(format!(
        "cannot print briefings to PDF: no Chromium found (looked for {} on PATH)\n  hint: install Chromium (Debian/Ubuntu: `apt-get install chromium`; others: Google Chrome), or set `chromium = \"/path/to/chrome\"` in site.toml",
        NAMES.join(", ")
    ))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// How many pages to print at once: one per core, as memory allows.
pub fn parallelism(pages: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_memory =
        available_memory().map_or(1, |bytes| (bytes / MEMORY_PER_PRINT).max(1) as usize);
    cores.min(by_memory).min(pages).max(1)
}

/// `MemAvailable` from `/proc/meminfo`, in bytes, where there is one.
fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Prints one page of the folder being printed from (its `/`-separated path there) and gives
/// the PDF's bytes.
pub trait Printer {
    fn print(&self, page: &str) -> Result<Vec<u8>, String>;
}

/// Call `work` once for each of `count` jobs with a [`Printer`] of pages of the folder `root`
/// only, several jobs at once when the machine allows. Stops at the first failure.
///
/// On Unix one browser prints everything, a tab per thread, driven over the DevTools protocol
/// ([`devtools`]); elsewhere each page is printed by a browser of its own.
pub fn print_each<F>(chromium: &Chromium, root: &Path, count: usize, work: F) -> Result<(), String>
where
    F: Fn(usize, &dyn Printer) -> Result<(), String> + Sync,
{
    if count == 0 {
        return Ok(());
    }
    let origin = serve::Origin::start(root)?;
    std::thread::scope(|s| {
        origin.serve(s);
        let result = chromium.run(&origin, count, &work);
        origin.stop();
        result
    })
}

/// Run `work` for every job index on `threads` threads, each with the printer `printer()`
/// makes for it; the first failure stops the rest.
fn on_threads<P: Printer>(
    count: usize,
    threads: usize,
    printer: &(dyn Fn() -> Result<P, String> + Sync),
    work: &(dyn Fn(usize, &dyn Printer) -> Result<(), String> + Sync),
) -> Result<(), String> {
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let fail = |message: String| {
        if let Ok(mut f) = failure.lock() {
            f.get_or_insert(message);
        }
    };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let printer = match printer() {
                    Ok(p) => p,
                    Err(message) => return fail(message),
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || failure.lock().map_or(true, |f| f.is_some()) {
                        break;
                    }
                    if let Err(message) = work(i, &printer) {
                        return fail(message);
                    }
                }
            });
        }
    });
    match failure.into_inner() {
        Ok(Some(message)) => Err(message),
        _ => Ok(()),
    }
}

impl Chromium {
    /// The browser with the flags every print needs: headless, a fresh `profile`, nothing
    /// from the network, every request sent to `origin`, its messages to `log`.
    fn command(&self, origin: &serve::Origin, profile: &Path, log: std::fs::File) -> Command {
        let mut command = Command::new(&self.path);
        command
            .arg("--headless")
            .args(["--disable-gpu", "--disable-dev-shm-usage", "--disable-quic"])
            .args([
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
            ])
            .args(["--disable-extensions", "--mute-audio", "--hide-scrollbars"])
            // Every request, loopback included, goes to the origin, which answers only for the
            // staged files; were the proxy ignored, no name would resolve and UDP stays off.
            .arg(format!("--proxy-server={}", origin.proxy()))
            .arg("--proxy-bypass-list=<-loopback>")
            .arg("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
            .arg("--force-webrtc-ip-handling-policy=disable_non_proxied_udp")
            .args(["--no-pings", "--disable-domain-reliability"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        // Chromium's sandbox cannot run as root; the pages printed are our own output.
        if is_root() {
            command.arg("--no-sandbox");
        }
        command
    }

    /// One browser for all jobs, a tab per thread.
    #[cfg(unix)]
    fn run(
        &self,
        origin: &serve::Origin,
        count: usize,
        work: &(dyn Fn(usize, &dyn Printer) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let profile = fresh_profile()?;
        let log_path = profile.join("docket-chromium.log");
        let result = std::fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))
            .and_then(|log| devtools::Browser::launch(self.command(origin, &profile, log), TIMEOUT))
            .and_then(|browser| {
                let tab = || browser.tab();
                let printed = on_threads(count, parallelism(count), &tab, work);
                browser.close();
                printed
            })
            .map_err(|message| self.explain(&message, &log_path));
        let _ = std::fs::remove_dir_all(&profile);
        result
    }

    /// A browser per page (`--print-to-pdf`): where the DevTools pipe is not available.
    #[cfg(not(unix))]
    fn run(
        &self,
        origin: &serve::Origin,
        count: usize,
        work: &(dyn Fn(usize, &dyn Printer) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let printer = || {
            Ok(OneShot {
                chromium: self,
                origin,
            })
        };
        on_threads(count, parallelism(count), &printer, work)
    }

    /// `message` with the browser's last words and, when its sandbox failed, what to do.
    fn explain(&self, message: &str, log_path: &Path) -> String {
        let log = std::fs::read_to_string(log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let mut out = format!(
            "Chromium ({}) could not print: {message}",
            self.path.display()
        );
        if !tail.is_empty() {
            out.push_str(&format!(":\n    {}", tail.join("\n    ")));
        }
        if log.contains("sandbox") {
            out.push_str("\n  hint: Chromium's sandbox failed; run the build as root in a container, or point `chromium` in site.toml at a wrapper that adds --no-sandbox");
        }
        out
    }
}

#[cfg(unix)]
impl Printer for devtools::Tab<'_> {
    fn print(&self, page: &str) -> Result<Vec<u8>, String> {
        devtools::Tab::print(self, &serve::url(page))
    }
}

/// Prints each page with a browser started for it.
#[cfg_attr(unix, allow(dead_code))]
struct OneShot<'a> {
    chromium: &'a Chromium,
    origin: &'a serve::Origin,
}

impl Printer for OneShot<'_> {
    fn print(&self, page: &str) -> Result<Vec<u8>, String> {
        let profile = fresh_profile()?;
        let log_path = profile.join("docket-chromium.log");
        let pdf = profile.join("page.pdf");
        let result = std::fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))
            .and_then(|log| {
                let mut command = self.chromium.command(self.origin, &profile, log);
                command
                    // Both spellings: the flag was renamed in Chromium 111.
                    .args(["--no-pdf-header-footer", "--print-to-pdf-no-header"])
                    .arg(format!("--print-to-pdf={}", pdf.display()))
                    .arg(serve::url(page));
                run_to_end(command, page)
            })
            .and_then(|()| {
                std::fs::read(&pdf).map_err(|e| format!("Chromium wrote no PDF for {page}: {e}"))
            })
            .map_err(|message| self.chromium.explain(&message, &log_path));
        let _ = std::fs::remove_dir_all(&profile);
        result
    }
}

/// Run a one-shot browser to its end, or kill it after [`TIMEOUT`].
#[cfg_attr(unix, allow(dead_code))]
fn run_to_end(mut command: Command, page: &str) -> Result<(), String> {
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("printing {page} ended with {status}")),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "it took more than {} s to print {page}; gave up",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("cannot wait for Chromium: {e}")),
        }
    }
}

/// An empty profile folder for one browser run.
fn fresh_profile() -> Result<PathBuf, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("docket-chromium-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's effective user (Linux); elsewhere assume not root.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[cfg(not(unix))]
fn is_root() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_path_must_exist() {
        let err = find(Some(Path::new("/nonexistent/chromium")), Path::new(".")).unwrap_err();
        assert!(err.contains("is not a file"), "{err}");
    }

    #[test]
    fn prints_at_least_one_at_a_time() {
        assert_eq!(parallelism(0), 1);
        assert!(parallelism(3) >= 1 && parallelism(3) <= 3);
    }
}
