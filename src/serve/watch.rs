//! Watching the site's inputs, and sorting what changed into "some event records" (applied in
//! place) or "anything else" (a full rebuild).

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Folders of the site whose changes rebuild it (besides `site.toml`).
pub const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

/// Quiet time after the last change before rebuilding: long enough to take an editor's
/// write-then-rename save as one change, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// What waiting for a change brought.
pub enum Next {
    Change(Change),
    /// Nothing changed for the time given.
    Idle,
    /// The watcher reported a problem; watching goes on.
    Problem(String),
    /// The watcher stopped.
    Closed,
}

/// What a batch of file changes calls for.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Only event records changed (edited, added or removed).
    Events(Vec<PathBuf>),
    /// Anything else: templates, static files, `site.toml`, vocabularies, other records.
    Full(PathBuf),
}

/// Sort changed paths. `None` when nothing that docket reads changed.
pub fn classify(root: &Path, paths: &BTreeSet<PathBuf>) -> Option<Change> {
    let mut events = Vec::new();
    let mut full = None;
    for path in paths {
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<&str> = relative
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let Some(name) = parts.last() else { continue };
        if is_editor_scratch(name) || parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        match parts.as_slice() {
            ["site.toml"] => full = full.or(Some(path.clone())),
            ["content", "events", .., file] if is_yaml(file) => events.push(path.clone()),
            [top, ..] if WATCHED.contains(top) => full = full.or(Some(path.clone())),
            _ => {}
        }
    }
    match full {
        Some(path) => Some(Change::Full(path)),
        None if events.is_empty() => None,
        None => Some(Change::Events(events)),
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Temporary files editors write beside the one being saved.
fn is_editor_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name == "4913"
}

/// A running watch on a site's inputs.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
}

impl Watcher {
    pub fn start(root: &Path) -> Result<Watcher, String> {
        let (tx, events) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, tx)
            .map_err(|e| format!("cannot watch the site for changes: {e}"))?;
        // The root itself only for site.toml and for watched folders that appear later;
        // watching the root non-recursively also survives editors that replace site.toml.
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            }
        }
        Ok(Watcher {
            debouncer,
            events,
            root: root.to_path_buf(),
        })
    }

    /// Start watching a folder that appeared after the watch began.
    pub fn add(&mut self, dir: &Path) {
        let _ = self.debouncer.watch(dir, RecursiveMode::Recursive);
    }

    /// Wait for the next change that docket cares about, at most `idle` when given.
    pub fn next(&mut self, idle: Option<Duration>) -> Next {
        loop {
            let batch = match idle {
                None => match self.events.recv() {
                    Ok(batch) => batch,
                    Err(_) => return Next::Closed,
                },
                Some(wait) => match self.events.recv_timeout(wait) {
                    Ok(batch) => batch,
                    Err(RecvTimeoutError::Timeout) => return Next::Idle,
                    Err(RecvTimeoutError::Disconnected) => return Next::Closed,
                },
            };
            // Take whatever else arrived meanwhile: one rebuild for a burst of saves.
            let mut batches = vec![batch];
            while let Ok(more) = self.events.try_recv() {
                batches.push(more);
            }
            let mut paths = BTreeSet::new();
            for batch in batches {
                match batch {
                    Ok(events) => {
                        // Reading files (as every rebuild does) is reported too: only writes,
                        // creations, removals and renames are changes.
                        for event in events.iter().filter(|e| !e.kind.is_access()) {
                            paths.extend(event.event.paths.iter().cloned());
                        }
                    }
                    Err(errors) => {
                        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                        return Next::Problem(text.join("; "));
                    }
                }
            }
            for dir in WATCHED {
                let path = self.root.join(dir);
                if paths.contains(&path) && path.is_dir() {
                    self.add(&path);
                }
            }
            if let Some(change) = classify(&self.root, &paths) {
                return Next::Change(change);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(root: &Path, paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(|p| root.join(p)).collect()
    }

    #[test]
    fn event_edits_are_told_apart_from_everything_else() {
        let root = Path::new("/site");
        assert_eq!(
            classify(
                root,
                &set(
                    root,
                    &["content/events/a.yaml", "content/events/2019/b.yml"]
                )
            ),
            Some(Change::Events(vec![
                root.join("content/events/2019/b.yml"),
                root.join("content/events/a.yaml"),
            ]))
        );
        assert_eq!(
            classify(root, &set(root, &["content/events/a.yaml", "site.toml"])),
            Some(Change::Full(root.join("site.toml")))
        );
        assert!(matches!(
            classify(root, &set(root, &["templates/base.html"])),
            Some(Change::Full(_))
        ));
        assert!(matches!(
            classify(root, &set(root, &["content/vocab/tactics.yaml"])),
            Some(Change::Full(_))
        ));
    }

    #[test]
    fn scratch_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        let ignored = set(
            root,
            &[
                "content/events/.a.yaml.swp",
                "content/events/a.yaml~",
                "public/index.html",
                "notes.txt",
                ".git/index",
                "content/events/4913",
            ],
        );
        assert_eq!(classify(root, &ignored), None);
    }
}
