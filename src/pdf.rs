//! Printing pages to PDF with the system's headless Chromium.
//!
//! Chromium is found on `PATH` (`chromium`, `chromium-browser`, `google-chrome`,
//! `google-chrome-stable`) or given by `chromium = "/path"` in `site.toml`. Each page is printed
//! by its own short-lived browser with a fresh profile, from an http origin that serves the
//! staged output and is also the browser's proxy for every other address ([`serve`]): a PDF can
//! show only files of the output, never a local file outside it or anything from the network.
//! A plain process per page: driving the browser over its debugging protocol would cost
//! nearly a hundred crates for nothing this needs.

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

/// One page to print: an HTML file by its `/`-separated path inside the folder printed from,
/// and the absolute path of the PDF to write.
#[derive(Debug, Clone)]
pub struct PrintJob {
    pub page: String,
    pub pdf: PathBuf,
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

/// Print every job, pages taken from the folder `root` only, several at once when memory
/// allows. Stops at the first failure.
pub fn print_all(chromium: &Chromium, root: &Path, jobs: &[PrintJob]) -> Result<(), String> {
    let origin = serve::Origin::start(root)?;
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|s| {
        origin.serve(s);
        let printers: Vec<_> = (0..parallelism(jobs.len()))
            .map(|_| {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs.len() || failure.lock().map_or(true, |f| f.is_some()) {
                        break;
                    }
                    if let Err(message) = chromium.print(&origin, &jobs[i].page, &jobs[i].pdf) {
                        if let Ok(mut f) = failure.lock() {
                            f.get_or_insert(message);
                        }
                        break;
                    }
                })
            })
            .collect();
        for printer in printers {
            let _ = printer.join();
        }
        origin.stop();
    });
    match failure.into_inner() {
        Ok(Some(message)) => Err(message),
        _ => Ok(()),
    }
}

impl Chromium {
    /// Print `page` to `pdf`. Paper size, margins, headers and footers come from
    /// the page's own print stylesheet (`@page`), so Chromium's own header and footer are off.
    /// The page is `page` of `origin`'s folder, and it can reach nothing but that folder.
    pub fn print(&self, origin: &serve::Origin, page: &str, pdf: &Path) -> Result<(), String> {
        let profile = fresh_profile()?;
        let result = self.run(origin, page, pdf, &profile);
        let _ = std::fs::remove_dir_all(&profile);
        result
    }

    fn run(
        &self,
        origin: &serve::Origin,
        page: &str,
        pdf: &Path,
        profile: &Path,
    ) -> Result<(), String> {
        let log_path = profile.join("docket-chromium.log");
        let log = std::fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
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
            // Both spellings: the flag was renamed in Chromium 111.
            .args(["--no-pdf-header-footer", "--print-to-pdf-no-header"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(serve::url(page))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        // Chromium's sandbox cannot run as root; the page printed is our own output.
        if is_root() {
            command.arg("--no-sandbox");
        }
        let _ = std::fs::remove_file(pdf);
        let started = Instant::now();
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.path.display()))?;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "Chromium took more than {} s to print {}; gave up",
                        TIMEOUT.as_secs(),
                        page
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(format!("cannot wait for Chromium: {e}")),
            }
        };
        let written = std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0);
        if status.success() && written {
            return Ok(());
        }
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let mut message = format!(
            "Chromium ({}) could not print {page} ({status})",
            self.path.display(),
        );
        if !tail.is_empty() {
            message.push_str(&format!(":\n    {}", tail.join("\n    ")));
        }
        if log.contains("sandbox") {
            message.push_str("\n  hint: Chromium's sandbox failed; run the build as root in a container, or point `chromium` in site.toml at a wrapper that adds --no-sandbox");
        }
        Err(message)
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
