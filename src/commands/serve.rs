//! `docket serve`: what the terminal shows while the site is served.

use super::print_problems;
use super::progress::Terminal;
use docket::diagnostics::summary_line;
use docket::escape::{terminal, terminal_lines};
use docket::serve::{self, Report, ServeOptions};
use docket::Failure;
use std::io::Write;
use std::path::Path;

/// Warnings shown after a full rebuild; `docket check` lists them all.
const WARNINGS_SHOWN: usize = 20;

pub fn run(options: &ServeOptions, open: bool) -> Result<(), Failure> {
    let progress = Terminal::new(false);
    let root = options.root.clone();
    let mut report = |event: Report<'_>| {
        progress.clear();
        match event {
            Report::Listening { url } => {
                println!("serving {url}/ (Ctrl-C to stop)");
                let _ = std::io::stdout().flush();
                if open {
                    open_browser(url);
                }
            }
            Report::Changed { path, full } => {
                let what = if full { "rebuilding" } else { "updating" };
                println!("changed {}: {what}", display(&root, path));
            }
            Report::Built(rebuilt) => {
                let (shown, hidden) = rebuilt.warnings.first(&root, WARNINGS_SHOWN);
                print_problems(&root, &shown);
                if hidden > 0 {
                    eprintln!("… and {hidden} more warnings (`docket check` lists them all)");
                }
                if rebuilt.incremental {
                    println!(
                        "updated in {} ms: {} pages rendered, {} to render when visited ({} events, {} pages, {} warnings)",
                        rebuilt.elapsed.as_millis(),
                        rebuilt.rendered,
                        rebuilt.stale,
                        rebuilt.events,
                        rebuilt.pages,
                        rebuilt.warning_count,
                    );
                } else {
                    println!(
                        "built {} events into {} pages in {} ms ({} warnings)",
                        rebuilt.events,
                        rebuilt.pages,
                        rebuilt.elapsed.as_millis(),
                        rebuilt.warning_count,
                    );
                }
            }
            Report::Failed(Failure::Content(problems)) => {
                print_problems(&root, problems);
                eprintln!(
                    "docket: {}; still serving the last good version",
                    summary_line(problems)
                );
            }
            Report::Failed(Failure::Usage(message)) => {
                eprintln!(
                    "docket: {}; still serving the last good version",
                    terminal_lines(message)
                );
            }
            Report::WatchProblem(message) => {
                eprintln!("docket: watching files: {}", terminal_lines(message))
            }
        }
        let _ = std::io::stdout().flush();
    };
    // Requests that name the site by a host name other than `localhost` are refused (they may
    // come from a page elsewhere, through DNS rebinding), so others must use the address.
    if !options.bind.is_loopback() {
        eprintln!(
            "docket: listening on {}: other computers on the network can see the site at this computer's address (not by its name)",
            options.bind
        );
    }
    serve::run(options, &progress, &mut report)
}

fn display(root: &Path, path: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    terminal(&docket::diagnostics::display_path(&root, path)).into_owned()
}

/// Hand the address to the system's opener; a failure only means the user opens it by hand.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(format!("{url}/"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("docket: could not open a browser; visit {url}/");
    }
}
