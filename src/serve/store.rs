//! The served site, held in memory: output path → bytes, exactly what `build` would write.
//!
//! After an edit, pages that depend on it are marked stale rather than rendered at once: a
//! stale page is rendered when it is first asked for (the page open in the browser, right after
//! the reload) or when the server is idle, from a snapshot of the dataset it belongs to. So an
//! edit reaches the browser after one page is rendered, not after every list that shows it.

use crate::dataset::reads::{self, Fingerprints, Input};
use crate::dataset::Dataset;
use crate::figures::Figures;
use crate::history::History;
use crate::render::batch::Assets;
use crate::render::facts::SiteFacts;
use crate::render::rows::Rows;
use crate::render::{Job, Renderer};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};

/// What stale files are made from: a dataset, its theme, every event's table row, and what
/// the downloads need besides (the site root, every page's path).
pub struct Snapshot {
    pub ds: Dataset,
    pub assets: Assets,
    pub rows: Rows,
    /// The site's history (the data version briefing pages and downloads print, the days
    /// events first appeared): worked out when first needed, as it reads every input file.
    pub history: OnceLock<History>,
    /// The dataset's figures: grouped when a page other than an event's is first rendered,
    /// as grouping reads every event.
    pub figures: OnceLock<Arc<Figures>>,
    /// Does the theme's `figure()` function use [`Snapshot::figures`] yet?
    pub figures_in_templates: bool,
    pub root: PathBuf,
    /// Every page's output path, sorted (the sitemap lists them).
    pub pages: Arc<Vec<String>>,
    /// The data's version and last change: pages are held with stand-ins for them, and bound
    /// to these as they are served.
    pub facts: Arc<SiteFacts>,
}

impl Snapshot {
    /// The site's history, asked now if it was not yet.
    pub fn history(&self) -> &History {
        self.history.get_or_init(|| History::of(&self.root))
    }

    /// The dataset's figures, grouped now if they were not yet.
    pub fn figures(&self) -> Arc<Figures> {
        self.figures
            .get_or_init(|| Arc::new(Figures::new(&self.ds, &self.assets.locale)))
            .clone()
    }

    /// A renderer of this snapshot's pages; `figures` when it renders pages other than events'
    /// (which nearly always show figures).
    pub fn renderer(&self, figures: bool) -> Renderer<'_> {
        let figures = if figures {
            Some(self.figures())
        } else {
            self.figures.get().cloned()
        };
        self.assets
            .renderer_with_rows(&self.ds, self.rows.clone(), figures)
            .with_site_facts((*self.facts).clone())
    }

    /// Renderers of this snapshot's pages in the site's further languages.
    pub fn editions(&self) -> Vec<Renderer<'_>> {
        self.assets
            .edition_renderers(&self.ds)
            .into_iter()
            .map(|r| r.with_site_facts((*self.facts).clone()))
            .collect()
    }

    /// Render one page, with what it read, hashed in this snapshot's dataset.
    fn render(&self, job: &Job) -> Result<(Vec<u8>, Hashed), String> {
        let renderer = self.renderer(!matches!(job, Job::Event(_)));
        let (page, read) = reads::recorded(|| renderer.render(job));
        let page = page?;
        // The same bound as a build's: a page that would stop `docket build` is not served.
        if page.html.len() > crate::render::batch::MAX_PAGE_BYTES {
            return Err(format!(
                "the page {} is {} bytes, more than the {} a page may be",
                page.path,
                page.html.len(),
                crate::render::batch::MAX_PAGE_BYTES
            ));
        }
        let hashed = Fingerprints::new(&self.ds).of_all(read).into();
        Ok((page.html.into_bytes(), hashed))
    }

    /// The downloads (data files, feeds, sitemap, search index): made all at once.
    pub fn exports(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
        let renderer = self.renderer(false);
        let editions = self.editions();
        let exports =
            crate::build::site_files(&renderer, &editions, &self.ds, self.history(), &self.pages)
                .map_err(|e| e.to_string())?;
        Ok(exports.into_iter().map(|e| (e.path, e.bytes)).collect())
    }
}

/// Work the server does while nothing else happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Stale pages, one at a time, or the figures of the current dataset.
    Pages,
    /// Only the downloads are left, which are made together.
    Downloads,
}

/// How a stale file is made again.
#[derive(Debug, Clone)]
pub enum Pending {
    /// A page other than an event's (those jobs keep their meaning from one dataset to the
    /// next, as events do not change their place in them).
    Page(Job),
    /// An event's page, by id: its position may change with every edit.
    Event(String),
    /// One of the downloads, which are made together.
    Export,
}

/// What a page read when it was last rendered, each input with its hash then.
pub type Hashed = Arc<[(Input, u64)]>;

#[derive(Default)]
struct State {
    files: HashMap<String, Arc<[u8]>>,
    /// What each page read, by path: it is stale once one of these hashes differently.
    inputs: HashMap<String, Hashed>,
    /// Files to make from `snapshot` when asked for.
    stale: HashMap<String, Pending>,
    /// `None` while an update is being made; stale pages wait for the next one.
    snapshot: Option<Arc<Snapshot>>,
    /// The facts of the latest snapshot, bound into every page served.
    facts: Arc<SiteFacts>,
}

/// Changes to make to the store at once.
#[derive(Default)]
pub struct Update {
    /// Drop every file first (a full rebuild).
    pub replace_all: bool,
    pub put: Vec<(String, Vec<u8>)>,
    /// What pages of `put` read (the downloads are remade after every edit and read nothing).
    pub inputs: Vec<(String, Hashed)>,
    pub stale: Vec<(String, Pending)>,
    pub remove: Vec<String>,
    pub snapshot: Option<Snapshot>,
}

/// What a request path holds.
pub enum Lookup {
    Found(Arc<[u8]>),
    /// A stale page whose template failed.
    Failed(String),
    Missing,
}

#[derive(Default)]
pub struct Store {
    state: Mutex<State>,
    /// Signalled when a new snapshot is in place.
    ready: Condvar,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    /// The file at `path`, rendering it first if it is stale.
    pub fn get(&self, path: &str) -> Lookup {
        let mut state = self.lock();
        loop {
            if let Some(bytes) = state.files.get(path) {
                return Lookup::Found(bound(&state.facts, bytes));
            }
            let Some(pending) = state.stale.get(path).cloned() else {
                return Lookup::Missing;
            };
            let Some(snapshot) = state.snapshot.clone() else {
                state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            };
            drop(state);
            let page = |job: &Job| {
                snapshot
                    .render(job)
                    .map(|(bytes, inputs)| vec![(path.to_string(), bytes, Some(inputs))])
            };
            let made = match &pending {
                Pending::Page(job) => page(job),
                Pending::Event(id) => match snapshot.ds.position_of(id) {
                    Some(i) => page(&Job::Event(i)),
                    None => Ok(Vec::new()),
                },
                Pending::Export => snapshot.exports().map(|files| {
                    files
                        .into_iter()
                        .map(|(path, bytes)| (path, bytes, None))
                        .collect()
                }),
            };
            let files = match made {
                Ok(files) => files,
                Err(message) => return Lookup::Failed(message),
            };
            state = self.lock();
            // Keep them only if no update replaced the snapshot meanwhile.
            let current = state
                .snapshot
                .as_ref()
                .is_some_and(|s| Arc::ptr_eq(s, &snapshot));
            if current && matches!(pending, Pending::Export) {
                state.stale.retain(|_, p| !matches!(p, Pending::Export));
            }
            let mut found = Lookup::Missing;
            for (file, bytes, inputs) in files {
                let bytes: Arc<[u8]> = bytes.into();
                if file == path {
                    found = Lookup::Found(bound(&snapshot.facts, &bytes));
                }
                if current {
                    state.stale.remove(&file);
                    if let Some(inputs) = inputs {
                        state.inputs.insert(file.clone(), inputs);
                    }
                    state.files.insert(file, bytes);
                }
            }
            return found;
        }
    }

    /// Render one stale file, if there is one; `false` when none is left. Pages come before the
    /// downloads, which are made all at once: far longer than a page (about 0.2 s at 10,000
    /// events), and an edit saved meanwhile waits for them.
    pub fn render_one_stale(&self) -> Result<bool, String> {
        let path = {
            let state = self.lock();
            if state.snapshot.is_none() {
                return Ok(false);
            }
            match next_stale(&state.stale) {
                Some(path) => path.clone(),
                None => return Ok(false),
            }
        };
        match self.get(&path) {
            Lookup::Failed(message) => Err(message),
            _ => Ok(true),
        }
    }

    /// Make the theme's `figure()` function use the current dataset's figures, if it does not
    /// yet (after an edit, that waits until the server is idle); `true` when it did.
    pub fn refresh_figures(&self) -> bool {
        let due = self
            .lock()
            .snapshot
            .as_ref()
            .is_some_and(|s| !s.figures_in_templates);
        if !due {
            return false;
        }
        let Some(mut snapshot) = self.take_snapshot() else {
            return false;
        };
        let figures = snapshot.figures();
        snapshot.assets.use_figures(figures);
        snapshot.figures_in_templates = true;
        self.apply(Update {
            snapshot: Some(snapshot),
            ..Update::default()
        });
        true
    }

    /// Take the snapshot out for an update, waiting for pages being rendered from it.
    /// Requests for stale pages wait until [`Store::apply`] puts the next one in.
    pub fn take_snapshot(&self) -> Option<Snapshot> {
        let mut shared = self.lock().snapshot.take()?;
        loop {
            match Arc::try_unwrap(shared) {
                Ok(snapshot) => return Some(snapshot),
                Err(still_shared) => {
                    shared = still_shared;
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
        }
    }

    /// Of these pages, those that read something that hashes differently in `now` (the
    /// dataset after an edit) than when they were rendered, and those never rendered yet.
    pub fn changed_pages(
        &self,
        pages: Vec<(String, Pending)>,
        now: &mut Fingerprints<'_>,
    ) -> Vec<(String, Pending)> {
        let state = self.lock();
        pages
            .into_iter()
            .filter(|(path, _)| {
                state
                    .inputs
                    .get(path)
                    .is_none_or(|inputs| now.changed(inputs))
            })
            .collect()
    }

    pub fn apply(&self, update: Update) {
        let mut state = self.lock();
        if update.replace_all {
            state.files.clear();
            state.inputs.clear();
            state.stale.clear();
        }
        for path in update.remove {
            state.files.remove(&path);
            state.inputs.remove(&path);
            state.stale.remove(&path);
        }
        for (path, inputs) in update.inputs {
            state.inputs.insert(path, inputs);
        }
        for (path, bytes) in update.put {
            state.stale.remove(&path);
            state.files.insert(path, bytes.into());
        }
        for (path, job) in update.stale {
            state.files.remove(&path);
            state.stale.insert(path, job);
        }
        if let Some(snapshot) = update.snapshot {
            state.facts = snapshot.facts.clone();
            state.snapshot = Some(Arc::new(snapshot));
        }
        self.ready.notify_all();
    }

    /// What is left to make before every file is fresh (stale files, or figures for the
    /// templates), the quicker kind first.
    pub fn pending_work(&self) -> Option<Work> {
        let state = self.lock();
        let figures_due = state
            .snapshot
            .as_ref()
            .is_some_and(|s| !s.figures_in_templates);
        if figures_due
            || state
                .stale
                .values()
                .any(|pending| !matches!(pending, Pending::Export))
        {
            Some(Work::Pages)
        } else if !state.stale.is_empty() {
            Some(Work::Downloads)
        } else {
            None
        }
    }

    /// Files held, rendered or stale.
    pub fn len(&self) -> usize {
        let state = self.lock();
        state.files.len() + state.stale.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the maps themselves intact.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A held file with the data's facts in place of its stand-ins.
fn bound(facts: &SiteFacts, bytes: &Arc<[u8]>) -> Arc<[u8]> {
    match facts.bind(bytes) {
        std::borrow::Cow::Borrowed(_) => bytes.clone(),
        std::borrow::Cow::Owned(page) => page.into(),
    }
}

/// The stale file to make next: any page before the downloads.
fn next_stale(stale: &HashMap<String, Pending>) -> Option<&String> {
    let page = stale
        .iter()
        .find(|(_, pending)| !matches!(pending, Pending::Export))
        .map(|(path, _)| path);
    page.or_else(|| stale.keys().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_apply_together() {
        let store = Store::new();
        store.apply(Update {
            put: vec![("a".into(), b"1".to_vec()), ("b".into(), b"2".to_vec())],
            ..Update::default()
        });
        store.apply(Update {
            put: vec![("c".into(), b"3".to_vec())],
            remove: vec!["a".into()],
            ..Update::default()
        });
        assert!(matches!(store.get("a"), Lookup::Missing));
        assert!(matches!(store.get("b"), Lookup::Found(b) if &*b == b"2"));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn pages_are_made_before_the_downloads() {
        let export = |path: &str| (path.to_string(), Pending::Export);
        let page = |path: &str| (path.to_string(), Pending::Page(Job::Home));
        let mut stale: HashMap<String, Pending> = [
            export("data/events.json"),
            export("feed.xml"),
            page("index.html"),
        ]
        .into();
        for _ in 0..3 {
            assert_eq!(next_stale(&stale).map(String::as_str), Some("index.html"));
        }
        stale.remove("index.html");
        assert!(next_stale(&stale).is_some_and(|p| p != "index.html"));

        let store = Store::new();
        assert_eq!(store.pending_work(), None);
        store.apply(Update {
            stale: vec![export("data/events.json"), page("index.html")],
            ..Update::default()
        });
        assert_eq!(store.pending_work(), Some(Work::Pages));
        store.apply(Update {
            remove: vec!["index.html".into()],
            ..Update::default()
        });
        assert_eq!(store.pending_work(), Some(Work::Downloads));
    }
}
