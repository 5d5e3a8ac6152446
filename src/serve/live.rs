//! The site as `serve` keeps it: a full build into memory, then edits to event records applied
//! in place. An edited event file is checked again on its own; the dataset is remade from the
//! records already loaded (taken apart, not copied); the event's own new page is rendered at
//! once if it is new, and every page that read something the edit changed is marked stale, to
//! be rendered on request or when idle: each page notes what it reads of the dataset as it is
//! rendered, with a hash of each ([`crate::dataset::reads`]), and is stale once one of those
//! hashes differently in the new dataset. Anything else rebuilds everything.
//!
//! An edit that breaks a record leaves the last good state (and the pages being served) alone;
//! the broken files are checked again with every later change until they are fixed.

use super::store::{Hashed, Pending, Snapshot, Store, Update};
use crate::clock;
use crate::dataset::reads::{Fingerprints, Reads};
use crate::dataset::Dataset;
use crate::diagnostics::Failure;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Severity};
use crate::history::version::InputDigests;
use crate::history::{DataVersion, History};
use crate::records::vocab::Vocabularies;
use crate::records::{self, Event, Known, Status};
use crate::render::batch::{self, Assets, Progress};
use crate::render::facts::SiteFacts;
use crate::render::{plan, rows::Rows, Job, Renderer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tera::Value;

/// What a successful rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// `true` when only what depends on changed events was redone.
    pub incremental: bool,
    pub events: usize,
    /// Pages rendered by this rebuild.
    pub rendered: usize,
    /// Pages marked stale, to be rendered when asked for.
    pub stale: usize,
    /// Pages the site has in all.
    pub pages: usize,
    pub elapsed: Duration,
    /// Warnings of the files this rebuild checked (all files for a full rebuild).
    pub warnings: Diagnostics,
    /// Warnings the site has in all.
    pub warning_count: usize,
}

/// What is kept of the last good build besides the snapshot in the store.
struct Kept {
    vocab: Vocabularies,
    /// Every event file by id, drafts too (what `related` may name), as a display path.
    event_files: HashMap<String, String>,
    /// Draft events left out of the dataset (without `--drafts`).
    left_out: Vec<Event>,
    actors: HashSet<String>,
    operations: HashSet<String>,
    /// Output path of every event page by id, and of every other page by job.
    event_paths: HashMap<String, String>,
    job_paths: BTreeMap<Job, String>,
    /// Output paths of the pages in the site's further languages. A site in several languages
    /// is made again in full after every edit: the edit path keeps one language's pages.
    edition_paths: Vec<String>,
    /// The downloads (data files, feeds, sitemap), remade together when asked for.
    export_paths: Vec<String>,
    /// Warnings by file, so those of a re-checked file can be replaced.
    warnings: BTreeMap<String, Vec<Diagnostic>>,
    /// Reads edited files by the build's own rules and `max_file_size`.
    reader: crate::files::Reader,
    /// The digest of every input file, so that the data version after an edit reads only the
    /// edited files (when the version is a hash of the inputs).
    digests: Option<InputDigests>,
}

impl Kept {
    fn pages(&self) -> usize {
        self.event_paths.len() + self.job_paths.len() + self.edition_paths.len()
    }

    /// Every page's output path, sorted.
    fn page_paths(&self) -> Arc<Vec<String>> {
        let mut paths: Vec<String> = self
            .event_paths
            .values()
            .chain(self.job_paths.values())
            .chain(&self.edition_paths)
            .cloned()
            .collect();
        paths.sort();
        Arc::new(paths)
    }
}

/// One edited event file: its id, its display path, and its text (`None` when removed).
struct Edit {
    id: String,
    file: String,
    text: Option<String>,
}

pub struct LiveSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    kept: Option<Kept>,
    /// Event files whose last edit did not check out; checked again with every change.
    broken: BTreeSet<PathBuf>,
    /// The last attempt failed in a way only a full rebuild can recover from.
    stale: bool,
}

impl LiveSite {
    /// A site at `root` served at `base_url` (`http://127.0.0.1:1111`). Nothing is loaded yet.
    pub fn new(root: &Path, base_url: &str, drafts: bool) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            kept: None,
            broken: BTreeSet::new(),
            stale: true,
        }
    }

    /// Load and render everything into `store`.
    pub fn rebuild_all(
        &mut self,
        store: &Store,
        progress: &dyn Progress,
    ) -> Result<Rebuilt, Failure> {
        let started = Instant::now();
        let result = self.full(store, progress);
        self.stale = result.is_err();
        if result.is_ok() {
            self.broken.clear();
        }
        result.map(|events| {
            let kept = self.kept.as_ref().expect("set by a full build");
            let all = kept.warnings.values().flatten().cloned().collect();
            self.summary(true, started, (events, kept.pages(), 0), all)
        })
    }

    /// Apply edits to the event files `paths` (changed, added or removed); falls back to a full
    /// rebuild when the edit changes more than events can carry.
    pub fn events_changed(
        &mut self,
        paths: &[PathBuf],
        store: &Store,
        progress: &dyn Progress,
    ) -> Result<Rebuilt, Failure> {
        if self.stale || self.kept.is_none() {
            return self.rebuild_all(store, progress);
        }
        let started = Instant::now();
        let mut files: BTreeSet<PathBuf> = self.broken.clone();
        files.extend(paths.iter().cloned());
        let Some(edits) = self.read_edits(&files) else {
            return self.rebuild_all(store, progress);
        };
        match self.apply(&edits, store, progress) {
            Ok(Some(counts)) => {
                self.broken.clear();
                let kept = self.kept.as_ref().expect("kept by apply");
                let warnings = edits
                    .iter()
                    .filter_map(|e| kept.warnings.get(&e.file))
                    .flatten()
                    .cloned()
                    .collect();
                Ok(self.summary(false, started, counts, warnings))
            }
            Ok(None) => self.rebuild_all(store, progress),
            Err(failure) => {
                self.broken = files;
                Err(failure)
            }
        }
    }

    fn summary(
        &self,
        full: bool,
        started: Instant,
        (events, rendered, stale): (usize, usize, usize),
        warnings: Vec<Diagnostic>,
    ) -> Rebuilt {
        let kept = self.kept.as_ref();
        let mut list = Diagnostics::new();
        warnings.into_iter().for_each(|d| list.push(d));
        list.sort();
        Rebuilt {
            incremental: !full,
            events,
            rendered,
            stale,
            pages: kept.map_or(0, Kept::pages),
            elapsed: started.elapsed(),
            warnings: list,
            warning_count: kept.map_or(0, |k| k.warnings.values().map(Vec::len).sum()),
        }
    }

    /// Load, check and render the whole site. Returns the number of events.
    fn full(&mut self, store: &Store, progress: &dyn Progress) -> Result<usize, Failure> {
        let (config, content, warnings) =
            crate::build::load_site(&self.root, Some(&self.base_url))?;
        let left_out: Vec<Event> = content
            .events
            .iter()
            .filter(|e| !self.drafts && e.status == Status::Draft)
            .cloned()
            .collect();
        let mut kept = Kept {
            vocab: content.vocab.clone(),
            event_files: content
                .events
                .iter()
                .map(|e| (e.id.clone(), e.file.clone()))
                .collect(),
            left_out,
            actors: content.actors.iter().map(|a| a.key.clone()).collect(),
            operations: content.operations.iter().map(|o| o.key.clone()).collect(),
            event_paths: HashMap::new(),
            job_paths: BTreeMap::new(),
            edition_paths: Vec::new(),
            export_paths: Vec::new(),
            warnings: by_file(warnings),
            reader: crate::files::Reader::new(&self.root, config.max_file_size),
            digests: None,
        };
        let root = self.root.clone();
        let (version, first_seen) = rayon::join(
            || DataVersion::with_digests(&root, &mut kept.digests, &[]),
            || crate::history::first_seen::first_seen(&root),
        );
        let ds = Dataset::new(config, content, self.drafts).with_first_seen(first_seen.clone());
        let assets = Assets::load(&self.root, &ds)?;
        let history = History {
            version,
            first_seen,
        };
        let facts = Arc::new(SiteFacts::new(&ds, &history).in_languages(&assets.locales()));
        // The preview never prints PDFs: no briefing facts.
        let renderer = assets.renderer(&ds).with_site_facts((*facts).clone());
        let jobs = plan(&ds);
        let Rendered {
            mut pages,
            mut inputs,
        } = render(&ds, &renderer, &jobs, progress, Some(&mut kept))?;
        let rows = renderer.rows().clone();
        drop(renderer);
        for edition in assets.edition_renderers(&ds) {
            let edition = edition.with_site_facts((*facts).clone());
            let mut rendered = render(&ds, &edition, &jobs, progress, None)?;
            kept.edition_paths
                .extend(rendered.pages.iter().map(|(path, _)| path.clone()));
            pages.append(&mut rendered.pages);
            inputs.append(&mut rendered.inputs);
        }
        let snapshot = Snapshot {
            ds,
            assets,
            rows,
            history: OnceLock::from(history),
            figures: OnceLock::new(),
            figures_in_templates: true,
            root: self.root.clone(),
            pages: kept.page_paths(),
            facts,
        };
        let _ = snapshot.figures.set(snapshot.assets.figures.clone());
        let exports = snapshot.exports().map_err(batch::template_failure)?;
        kept.export_paths = exports.iter().map(|(path, _)| path.clone()).collect();
        pages.extend(exports);
        pages.extend(snapshot.assets.statics.clone());
        let events = snapshot.ds.events.len();
        store.apply(Update {
            replace_all: true,
            put: pages,
            inputs,
            snapshot: Some(snapshot),
            ..Update::default()
        });
        self.kept = Some(kept);
        Ok(events)
    }

    /// Read the edited files. `None` when only a full load can judge the change: a name that
    /// is not a valid id, an id another file already has, an unreadable file.
    fn read_edits(&self, files: &BTreeSet<PathBuf>) -> Option<Vec<Edit>> {
        let kept = self.kept.as_ref()?;
        let mut edits = Vec::new();
        for path in files {
            let file = display_path(&self.root, path);
            let id = path.file_stem()?.to_str()?;
            if !crate::ids::is_record_id(id) || kept.event_files.get(id).is_some_and(|f| *f != file)
            {
                return None;
            }
            // Read as the build reads: a link, a FIFO, a file over the site's size limit or
            // one that is not UTF-8 is left to the full load, which names the problem.
            let text = if path.symlink_metadata().is_ok() {
                Some(kept.reader.read_text(path).ok()?)
            } else {
                None
            };
            edits.push(Edit {
                id: id.to_string(),
                file,
                text,
            });
        }
        Some(edits)
    }

    /// Check the edits and apply them to the dataset in the store. `Ok(None)` when a full
    /// rebuild is needed after all; otherwise the numbers of events, pages rendered and pages
    /// marked stale.
    fn apply(
        &mut self,
        edits: &[Edit],
        store: &Store,
        progress: &dyn Progress,
    ) -> Result<Option<(usize, usize, usize)>, Failure> {
        let kept = self.kept.as_mut().expect("checked by the caller");
        if !kept.edition_paths.is_empty() {
            return Ok(None);
        }
        let today = clock::today(clock::now().map_err(Failure::Usage)?);
        let mut event_ids: HashSet<String> = kept.event_files.keys().cloned().collect();
        for edit in edits {
            if edit.text.is_some() {
                event_ids.insert(edit.id.clone());
            } else {
                event_ids.remove(&edit.id);
            }
        }
        let known = Known {
            vocab: &kept.vocab,
            events: &event_ids,
            actors: &kept.actors,
            operations: &kept.operations,
            today,
        };
        let mut problems = Diagnostics::new();
        let mut checked = Vec::new();
        for edit in edits {
            let Some(text) = &edit.text else { continue };
            let (event, found) = records::check_event(&edit.id, &edit.file, text, &known);
            found.into_iter().for_each(|d| problems.push(d));
            checked.extend(event);
        }
        if problems.has_errors() {
            problems.sort();
            return Err(Failure::Content(problems));
        }

        let Some(snapshot) = store.take_snapshot() else {
            return Ok(None);
        };
        let changed: HashSet<String> = edits.iter().map(|e| e.id.clone()).collect();
        let removed: HashSet<&str> = edits
            .iter()
            .filter(|e| e.text.is_none())
            .map(|e| e.id.as_str())
            .collect();
        // An event others name as related cannot just go: the full load reports them.
        let referred = snapshot.ds.events.iter().chain(&kept.left_out).any(|e| {
            !changed.contains(&e.id) && e.related.iter().any(|r| removed.contains(r.as_str()))
        });
        if referred {
            store.apply(Update {
                snapshot: Some(snapshot),
                ..Update::default()
            });
            return Ok(None);
        }

        // The days events first appeared change with commits, not with edits.
        let first_seen = snapshot.history().first_seen.clone();
        // Rows depend only on their event (and the vocabularies and theme, which did not
        // change): keep those made for events that did not change.
        let kept_rows: HashMap<String, Value> = snapshot
            .ds
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| !changed.contains(&e.id))
            .filter_map(|(i, e)| Some((e.id.clone(), snapshot.rows.made(i)?.clone())))
            .collect();
        let Snapshot {
            ds,
            assets,
            rows,
            figures,
            pages,
            ..
        } = snapshot;
        // Freeing the old figures and rows takes a while at 10,000 events: not on the way.
        // Should no thread start, they are dropped here instead.
        let _ = std::thread::Builder::new().spawn(move || drop((rows, figures)));
        let (config, mut content) = ds.into_parts();
        content.events.append(&mut kept.left_out);
        content.events.retain(|e| !changed.contains(&e.id));
        content.events.extend(checked);
        kept.left_out = content
            .events
            .iter()
            .filter(|e| !self.drafts && e.status == Status::Draft)
            .cloned()
            .collect();
        for edit in edits {
            match &edit.text {
                Some(_) => kept.event_files.insert(edit.id.clone(), edit.file.clone()),
                None => kept.event_files.remove(&edit.id),
            };
        }
        let ds = Dataset::new(config, content, self.drafts).with_first_seen(first_seen.clone());

        let rows = Rows::from_made(ds.events.iter().map(|e| kept_rows.get(&e.id).cloned()));
        drop(kept_rows);

        let edited: Vec<String> = edits.iter().map(|e| e.file.clone()).collect();
        let history = History {
            version: DataVersion::with_digests(&self.root, &mut kept.digests, &edited),
            first_seen,
        };
        // A page made before is stale when something it read hashes differently now.
        let mut update = Update::default();
        let mut fresh = Vec::new();
        let mut live_jobs = BTreeSet::new();
        let mut made_before = Vec::new();
        for job in plan(&ds) {
            let path = match &job {
                Job::Event(i) => kept.event_paths.get(&ds.events[*i].id),
                other => {
                    live_jobs.insert(other.clone());
                    kept.job_paths.get(other)
                }
            };
            match path {
                None => fresh.push(job),
                Some(path) => {
                    let pending = match job {
                        Job::Event(i) => Pending::Event(ds.events[i].id.clone()),
                        other => Pending::Page(other),
                    };
                    made_before.push((path.clone(), pending));
                }
            }
        }
        update.stale = store.changed_pages(made_before, &mut Fingerprints::new(&ds));
        kept.job_paths.retain(|job, path| {
            let live = live_jobs.contains(job);
            if !live {
                update.remove.push(path.clone());
            }
            live
        });
        for id in &changed {
            if ds.position_of(id).is_none() {
                update.remove.extend(kept.event_paths.remove(id));
            }
        }

        // Every download lists every event.
        for path in &kept.export_paths {
            update.stale.push((path.clone(), Pending::Export));
        }

        let facts = Arc::new(SiteFacts::new(&ds, &history).in_languages(&assets.locales()));
        let mut snapshot = Snapshot {
            ds,
            assets,
            rows,
            history: OnceLock::from(history),
            // Grouped when first needed: grouping reads every event.
            figures: OnceLock::new(),
            figures_in_templates: false,
            root: self.root.clone(),
            pages: pages.clone(),
            facts,
        };
        let renderer = snapshot.renderer(fresh.iter().any(|job| !matches!(job, Job::Event(_))));
        let rendered = render(&snapshot.ds, &renderer, &fresh, progress, Some(kept));
        drop(renderer);
        if !fresh.is_empty() || !update.remove.is_empty() {
            snapshot.pages = kept.page_paths();
        }
        let counts = (snapshot.ds.events.len(), fresh.len(), update.stale.len());
        update.snapshot = Some(snapshot);
        match rendered {
            Ok(Rendered { pages, inputs }) => {
                update.put = pages;
                update.inputs = inputs;
            }
            // The new pages' template failed: serve the rest, and rebuild in full next time.
            Err(failure) => {
                store.apply(update);
                self.stale = true;
                return Err(failure);
            }
        }
        store.apply(update);

        for edit in edits {
            kept.warnings.remove(&edit.file);
        }
        for d in problems {
            if d.severity == Severity::Warning {
                kept.warnings.entry(d.file.clone()).or_default().push(d);
            }
        }
        Ok(Some(counts))
    }
}

/// Pages rendered into memory, with what each read of the dataset.
struct Rendered {
    pages: Vec<(String, Vec<u8>)>,
    inputs: Vec<(String, Hashed)>,
}

/// Render `jobs` into memory, noting each page's path in `kept` (for pages in the site's own
/// language) and what it read.
fn render(
    ds: &Dataset,
    renderer: &Renderer<'_>,
    jobs: &[Job],
    progress: &dyn Progress,
    mut kept: Option<&mut Kept>,
) -> Result<Rendered, Failure> {
    let out = Mutex::new(Vec::with_capacity(jobs.len()));
    let write = |job: &Job, path: &str, bytes: &[u8], read: Reads| {
        let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
        out.push((job.clone(), path.to_string(), bytes.to_vec(), read));
        Ok(())
    };
    batch::render_all(renderer, jobs, true, &write, progress)?;
    let rendered = out.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut fingerprints = Fingerprints::new(ds);
    let mut out = Rendered {
        pages: Vec::with_capacity(rendered.len()),
        inputs: Vec::with_capacity(rendered.len()),
    };
    for (job, path, bytes, read) in rendered {
        if let Some(kept) = kept.as_deref_mut() {
            match job {
                Job::Event(i) => kept
                    .event_paths
                    .insert(ds.events[i].id.clone(), path.clone()),
                other => kept.job_paths.insert(other, path.clone()),
            };
        }
        out.inputs
            .push((path.clone(), fingerprints.of_all(read).into()));
        out.pages.push((path, bytes));
    }
    Ok(out)
}

fn by_file(warnings: Diagnostics) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut map: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in warnings {
        map.entry(d.file.clone()).or_default().push(d);
    }
    map
}
