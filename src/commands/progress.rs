//! A one-line progress counter for long steps, shown only on a terminal: CI logs and pipes get
//! nothing, and neither does `--quiet`.

use docket::render::batch::Progress;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Redraw at most this often, so progress never costs measurable time.
const EVERY: Duration = Duration::from_millis(100);

pub struct Terminal {
    enabled: bool,
    last: Mutex<Option<Instant>>,
}

impl Terminal {
    pub fn new(quiet: bool) -> Terminal {
        Terminal {
            enabled: !quiet && std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    /// Clear the progress line before anything else is printed.
    pub fn clear(&self) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if self.enabled && last.is_some() {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
        *last = None;
    }
}

impl Progress for Terminal {
    fn update(&self, what: &str, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = last.is_none_or(|at| at.elapsed() >= EVERY);
        if due || done == total {
            *last = Some(Instant::now());
            // `what` names a step; escaped all the same, as every printed text is.
            let what = docket::escape::terminal(what);
            eprint!("\r\x1b[2K{what} {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    }
}
