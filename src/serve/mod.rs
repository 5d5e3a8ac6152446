//! `docket serve`: build the site into memory, serve it on a local port, watch its inputs,
//! rebuild what changed and reload open pages.
//!
//! An edit to event records is applied in place ([`live`]): only those files are checked again
//! and only the pages that read something they changed are rendered again (each page records
//! what it read as it is rendered: [`crate::dataset::reads`]). Any other change (templates,
//! static files, `site.toml`, vocabularies, other records) rebuilds everything. A rebuild that
//! fails leaves the last good site being served, and open pages show the problems over it
//! ([`reload`]). Pages are rendered by the same code as `build` writes to disk, so the served
//! bytes are the built bytes plus one `<script>` tag.

mod answer;
pub mod live;
pub mod reload;
pub mod server;
pub mod store;
pub mod watch;

use crate::diagnostics::Failure;
use crate::render::batch::Progress;
use live::{LiveSite, Rebuilt};
use reload::Reload;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use store::{Store, Work};
use watch::{Change, Next, Watcher};

/// Quiet time after which stale pages are rendered ahead of requests.
const IDLE: Duration = Duration::from_millis(500);

/// Quiet time after which the downloads are made again ahead of requests. Making them takes far
/// longer than a page (about 0.2 s at 10,000 events) and an edit saved meanwhile waits for it,
/// so it waits for a pause in the editing, not for the gap between two saves.
const DOWNLOADS_IDLE: Duration = Duration::from_secs(3);

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
}

/// What happens while serving, for the terminal.
pub enum Report<'a> {
    /// The first build is done and the site answers at `url`.
    Listening {
        url: &'a str,
    },
    /// A change was seen; `path` is one of the changed files.
    Changed {
        path: &'a Path,
        full: bool,
    },
    Built(&'a Rebuilt),
    /// A build failed; the last good site is still served.
    Failed(&'a Failure),
    /// The file watcher reported a problem; serving goes on.
    WatchProblem(&'a str),
}

/// Serve until the process is stopped (Ctrl-C) or the watcher ends. Only setting up (the site
/// root, the port, the watcher) can fail; failed rebuilds are reported and served around.
pub fn run(
    options: &ServeOptions,
    progress: &dyn Progress,
    report: &mut dyn FnMut(Report<'_>),
) -> Result<(), Failure> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("cannot serve {}: {e}", options.root.display())))?;
    let listener = server::Listener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(Failure::Usage)?;
    let host = if options.bind.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        options.bind
    };
    let url = format!("http://{}", SocketAddr::new(host, listener.addr.port()));

    let store = Arc::new(Store::new());
    let reload = Arc::new(Reload::new());
    let mut site = LiveSite::new(&root, &url, options.drafts);
    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watcher = Watcher::start(&root).map_err(Failure::Usage)?;
    listener
        .spawn(store.clone(), reload.clone())
        .map_err(Failure::Usage)?;

    let first = site.rebuild_all(&store, progress);
    publish(&root, &reload, &first, report);
    report(Report::Listening { url: &url });

    loop {
        // Stale pages are rendered while nothing else happens, one at a time, so a change
        // waits for one page at most; the downloads, slower, only after a longer pause.
        let idle = match store.pending_work() {
            Some(Work::Pages) => Some(IDLE),
            Some(Work::Downloads) => Some(DOWNLOADS_IDLE),
            None => None,
        };
        let change = match watcher.next(idle) {
            Next::Change(change) => change,
            Next::Idle => {
                if !store.refresh_figures() {
                    if let Err(message) = store.render_one_stale() {
                        report(Report::WatchProblem(&message));
                    }
                }
                continue;
            }
            Next::Problem(problem) => {
                report(Report::WatchProblem(&problem));
                continue;
            }
            Next::Closed => return Ok(()),
        };
        let result = match &change {
            Change::Events(paths) => {
                report(Report::Changed {
                    path: &paths[0],
                    full: false,
                });
                site.events_changed(paths, &store, progress)
            }
            Change::Full(path) => {
                report(Report::Changed { path, full: true });
                site.rebuild_all(&store, progress)
            }
        };
        publish(&root, &reload, &result, report);
    }
}

fn publish(
    root: &Path,
    reload: &Reload,
    result: &Result<Rebuilt, Failure>,
    report: &mut dyn FnMut(Report<'_>),
) {
    match result {
        Ok(rebuilt) => {
            reload.succeeded(format!(
                "rebuilt {} pages in {} ms",
                rebuilt.rendered,
                rebuilt.elapsed.as_millis()
            ));
            report(Report::Built(rebuilt));
        }
        Err(failure) => {
            match failure {
                Failure::Content(problems) => {
                    let summary = crate::diagnostics::summary_line(problems);
                    reload.failed(root, problems, summary);
                }
                Failure::Usage(message) => {
                    let mut problems = crate::diagnostics::Diagnostics::new();
                    problems.push(crate::diagnostics::Diagnostic::error("", message.clone()));
                    reload.failed(root, &problems, message.clone());
                }
            }
            report(Report::Failed(failure));
        }
    }
}
