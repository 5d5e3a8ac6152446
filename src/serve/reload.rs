//! Live reload: every rebuild, good or failed, starts a new generation. Open pages long-poll for
//! the next one and reload, or show the problems over the page when the rebuild failed.

use crate::diagnostics::{json::problem, Diagnostics, Severity};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The script every served HTML page loads (from the same origin, so a Content-Security-Policy
/// of `script-src 'self'` allows it).
pub const SCRIPT: &str = include_str!("live.js");
/// Where the script and the endpoints live; outside any path docket writes.
pub const PREFIX: &str = "/__docket/";
/// Errors shown over the page at most; the terminal lists them all.
pub const SHOWN: usize = 50;

/// What the browser is told about the site.
#[derive(Debug, Clone)]
struct Status {
    generation: u64,
    /// Errors of the last rebuild, empty when it succeeded.
    errors: Vec<Value>,
    summary: String,
}

pub struct Reload {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Default for Reload {
    fn default() -> Self {
        Reload::new()
    }
}

impl Reload {
    pub fn new() -> Reload {
        Reload {
            status: Mutex::new(Status {
                generation: 1,
                errors: Vec::new(),
                summary: String::new(),
            }),
            changed: Condvar::new(),
        }
    }

    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// A rebuild succeeded: open pages reload.
    pub fn succeeded(&self, summary: String) {
        self.publish(Vec::new(), summary);
    }

    /// A rebuild failed: open pages show its errors (the first [`SHOWN`] of them) over the
    /// last good page.
    pub fn failed(&self, root: &Path, problems: &Diagnostics, summary: String) {
        let errors = problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .take(SHOWN)
            .map(|d| problem(root, d))
            .collect();
        self.publish(errors, summary);
    }

    fn publish(&self, errors: Vec<Value>, summary: String) {
        let mut status = self.lock();
        status.generation += 1;
        status.errors = errors;
        status.summary = summary;
        self.changed.notify_all();
    }

    /// The status as JSON: `{generation, ok, summary, errors: [...]}`.
    pub fn status_json(&self) -> String {
        to_json(&self.lock())
    }

    /// Wait until the generation differs from `since` (or `timeout` passes), then report.
    pub fn wait_json(&self, since: u64, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut status = self.lock();
        while status.generation == since {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            status = self
                .changed
                .wait_timeout(status, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        to_json(&status)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn to_json(status: &Status) -> String {
    json!({
        "generation": status.generation,
        "ok": status.errors.is_empty(),
        "summary": status.summary,
        "errors": status.errors,
    })
    .to_string()
}

/// `html` with the live-reload script added before `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js?g={generation}\" defer></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", 7);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__docket/live.js?g=7\" defer></script></body></html>"
        );
        let bare = inject(b"<p>x</p>", 1);
        assert!(String::from_utf8(bare).unwrap().ends_with("</script>"));
    }

    #[test]
    fn waiting_returns_at_once_when_behind() {
        let reload = Reload::new();
        reload.succeeded("ok".into());
        let json = reload.wait_json(1, Duration::from_secs(5));
        assert!(json.contains("\"generation\":2"), "{json}");
        let timed_out = reload.wait_json(2, Duration::from_millis(10));
        assert!(timed_out.contains("\"generation\":2"));
    }
}
