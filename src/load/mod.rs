//! Stage 1: find every file under `content/`, read it, and check it into validated records.
//!
//! Files are read and checked in parallel; every problem in every file is collected. Nothing here
//! stops early: the caller decides what to do with the diagnostics.

mod embeds;

use crate::diagnostics::{did_you_mean, display_path, Diagnostic, Diagnostics};
use crate::files::{Kind, Reader, Refusal};
use crate::ids;
use crate::records::vocab::{load_site_vocab, Vocabularies};
use crate::records::{self, Actor, Event, Known, Operation, Page};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// Folders of `content/` and what they hold.
pub const FOLDERS: [&str; 7] = [
    "events",
    "actors",
    "operations",
    "pages",
    "vocab",
    "figures",
    "briefings",
];

/// Everything under `content/` that checked out.
#[derive(Debug)]
pub struct Content {
    pub vocab: Vocabularies,
    pub events: Vec<Event>,
    pub actors: Vec<Actor>,
    pub operations: Vec<Operation>,
    pub pages: Vec<Page>,
    /// Figure specs, by file name; empty when the site defines none.
    pub figures: Vec<crate::records::figure::FigureSpec>,
    /// Briefings, drafts included, in file order.
    pub briefings: Vec<crate::records::briefing::Briefing>,
    /// A hash of every file read but the events (which carry digests of their own): what
    /// every page may show of vocabularies, actors, operations, pages, figures and briefings.
    pub site_digest: u64,
}

/// A content file found by the walk, with its key (the file stem).
struct Entry {
    path: PathBuf,
    display: String,
    key: String,
}

#[derive(Default)]
struct Listing {
    events: Vec<Entry>,
    actors: Vec<Entry>,
    operations: Vec<Entry>,
    pages: Vec<Entry>,
    vocab: Vec<Entry>,
    figures: Vec<Entry>,
    briefings: Vec<Entry>,
}

/// Load and check the site under `root` as of `today`, with the default file size limit.
pub fn load(root: &Path, today: Date) -> (Content, Diagnostics) {
    load_with_limit(root, today, crate::yaml::MAX_FILE_BYTES as u64)
}

/// Load and check the site under `root` as of `today`, refusing files over `max_file_size`
/// bytes (`site.toml`'s `max_file_size`).
pub fn load_with_limit(root: &Path, today: Date, max_file_size: u64) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let reader = &Reader::new(root, max_file_size);
    let listing = list(reader, &mut diagnostics);

    let mut vocab = Vocabularies::builtin();
    // A pinned DISARM framework first: the tactics' ids are checked against it.
    let pinned_first = |e: &&Entry| e.key != crate::records::vocab::disarm::FILE_STEM;
    let mut vocab_files: Vec<&Entry> = listing.vocab.iter().collect();
    vocab_files.sort_by_key(pinned_first);
    let mut vocab_digests = Vec::new();
    for entry in vocab_files {
        match read(entry, reader) {
            Ok(text) => {
                vocab_digests.push((entry.display.clone(), crate::digest::of(&text)));
                for d in load_site_vocab(&mut vocab, &entry.display, &entry.key, &text) {
                    diagnostics.push(d);
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for d in crate::records::vocab::builtin_disarm_problems(&vocab) {
        diagnostics.push(d);
    }

    let keys =
        |entries: &[Entry]| -> HashSet<String> { entries.iter().map(|e| e.key.clone()).collect() };
    let event_ids = keys(&listing.events);
    let actor_keys = keys(&listing.actors);
    let operation_keys = keys(&listing.operations);
    let known = Known {
        vocab: &vocab,
        events: &event_ids,
        actors: &actor_keys,
        operations: &operation_keys,
        today,
    };

    duplicates(&listing.events, "event id", &mut diagnostics);
    duplicates(&listing.actors, "actor", &mut diagnostics);
    duplicates(&listing.operations, "operation", &mut diagnostics);
    duplicates(&listing.pages, "page", &mut diagnostics);
    duplicates(&listing.briefings, "briefing", &mut diagnostics);

    // Every file but the events, by its hash (events carry their own digest).
    let mut digests: Vec<(String, u64)> = vocab_digests;
    let events = check_all(
        &listing.events,
        reader,
        &mut diagnostics,
        None,
        |e, text| {
            if !ids::is_record_id(&e.key) {
                let d = Diagnostic::error(&e.display, format!("`{}` is not a valid event id", e.key))
                .with_hint(format!("the file name is the id: lower-case letters, digits and hyphens, at most {} characters, not a device name like con or nul; e.g. 2019-05-28-facebook-iran.yaml", ids::MAX_RECORD_ID));
                return (None, vec![d]);
            }
            records::check_event(&e.key, &e.display, text, &known)
        },
    );
    let actors = check_all(
        &listing.actors,
        reader,
        &mut diagnostics,
        Some(&mut digests),
        |e, text| {
            key_or(e, "actor", || {
                records::check_actor(&e.key, &e.display, text, &known)
            })
        },
    );
    let operations = check_all(
        &listing.operations,
        reader,
        &mut diagnostics,
        Some(&mut digests),
        |e, text| {
            key_or(e, "operation", || {
                records::check_operation(&e.key, &e.display, text, &known)
            })
        },
    );
    let pages = check_all(
        &listing.pages,
        reader,
        &mut diagnostics,
        Some(&mut digests),
        |e, text| key_or(e, "page", || records::check_page(&e.key, &e.display, text)),
    );

    let figure_ids: HashSet<String> = crate::records::figure::ids_in_force(
        &listing
            .figures
            .iter()
            .map(|e| e.key.clone())
            .collect::<Vec<_>>(),
    )
    .into_iter()
    .collect();
    let targets = crate::records::briefing::Targets {
        known: &known,
        figures: Some(&figure_ids),
    };
    let briefings = check_all(
        &listing.briefings,
        reader,
        &mut diagnostics,
        Some(&mut digests),
        |e, text| {
            key_or(e, "briefing", || {
                crate::records::briefing::check_briefing(&e.key, &e.display, text, &targets)
            })
        },
    );
    let figures = load_figures(
        &listing.figures,
        reader,
        &mut diagnostics,
        &mut digests,
        &known,
        &events,
    );
    let mut content = Content {
        vocab,
        events,
        actors,
        operations,
        pages,
        figures: Vec::new(),
        briefings: Vec::new(),
        site_digest: {
            digests.sort();
            crate::digest::of(&digests)
        },
    };
    let site_ids: Vec<String> = listing.figures.iter().map(|e| e.key.clone()).collect();
    let ids = crate::records::figure::ids_in_force(&site_ids);
    for d in embeds::check_embeds(root, &content, &ids) {
        diagnostics.push(d);
    }
    content.figures = figures;
    content.briefings = briefings;
    (content, diagnostics)
}

/// Check every figure spec; figures may name any asset, metric or unit the events use.
fn load_figures(
    entries: &[Entry],
    reader: &Reader,
    diagnostics: &mut Diagnostics,
    digests: &mut Vec<(String, u64)>,
    known: &Known<'_>,
    events: &[Event],
) -> Vec<crate::records::figure::FigureSpec> {
    duplicates(entries, "figure", diagnostics);
    let measure_names: BTreeSet<String> = events
        .iter()
        .flat_map(|e| e.removed.iter().chain(&e.reach).chain(&e.content))
        .map(|m| m.name.clone())
        .collect();
    let cx = crate::records::figure::SpecContext {
        known,
        measure_names: &measure_names,
    };
    check_all(entries, reader, diagnostics, Some(digests), |e, text| {
        key_or(e, "figure", || {
            crate::records::figure::check_spec(&e.key, &e.display, text, &cx)
        })
    })
}

fn key_or<T>(
    entry: &Entry,
    what: &str,
    check: impl FnOnce() -> (Option<T>, Vec<Diagnostic>),
) -> (Option<T>, Vec<Diagnostic>) {
    if ids::is_key(&entry.key, ids::MAX_KEY) {
        check()
    } else {
        let d = Diagnostic::error(
            &entry.display,
            format!("`{}` is not a valid {what} key", entry.key),
        )
        .with_hint(format!("the file name is the key: lower-case letters, digits and hyphens, at most {} characters, not a device name like con or nul", ids::MAX_KEY));
        (None, vec![d])
    }
}

/// Read and check every entry in parallel; keep the good records in listing order. With
/// `digests`, note the hash of each file read there, by its path.
fn check_all<T: Send>(
    entries: &[Entry],
    reader: &Reader,
    diagnostics: &mut Diagnostics,
    digests: Option<&mut Vec<(String, u64)>>,
    check: impl Fn(&Entry, &str) -> (Option<T>, Vec<Diagnostic>) + Sync,
) -> Vec<T> {
    let hashed = digests.is_some();
    let results: Vec<(Option<T>, Vec<Diagnostic>, Option<u64>)> = entries
        .par_iter()
        .map(|entry| match read(entry, reader) {
            Ok(text) => {
                let (record, problems) = check(entry, &text);
                let digest = hashed.then(|| crate::digest::of(&text));
                (record, problems, digest)
            }
            Err(d) => (None, vec![d], None),
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut noted = Vec::new();
    for (entry, (record, problems, digest)) in entries.iter().zip(results) {
        for d in problems {
            diagnostics.push(d);
        }
        out.extend(record);
        noted.extend(digest.map(|d| (entry.display.clone(), d)));
    }
    if let Some(digests) = digests {
        digests.extend(noted);
    }
    out
}

/// Read a content file through the site's one reader (no links, regular files only, at most
/// `max_file_size` bytes, UTF-8 with an optional byte-order mark).
fn read(entry: &Entry, reader: &Reader) -> Result<String, Diagnostic> {
    reader
        .read_text(&entry.path)
        .map_err(|refusal| refused(&entry.display, &refusal))
}

/// A file the reader refused, as a problem at its place.
pub fn refused(display: &str, refusal: &Refusal) -> Diagnostic {
    let d = Diagnostic::error(display, refusal.to_string())
        .maybe_hint(refusal.hint().map(String::from));
    match refusal.position() {
        Some((line, column)) => d.with_span(crate::diagnostics::Span { line, column }),
        None => d,
    }
}

fn duplicates(entries: &[Entry], what: &str, diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for e in entries {
        if let Some(first) = seen.insert(&e.key, &e.display) {
            diagnostics.push(
                Diagnostic::error(&e.display, format!("duplicate {what} `{}`", e.key))
                    .with_hint(format!("{first} has the same name; ids must be unique")),
            );
        }
    }
}

/// Walk `content/` and sort what is found into the record kinds. Symbolic links (`content/`
/// itself among them) and special files are refused: following a link could publish files from
/// outside the site, and reading a FIFO would never end.
fn list(reader: &Reader, diagnostics: &mut Diagnostics) -> Listing {
    let root = reader.root();
    let content = root.join("content");
    let mut listing = Listing::default();
    if !reader.is_folder(&content) && content.symlink_metadata().is_err() {
        diagnostics.push(
            Diagnostic::error("content", "the site has no content/ folder").with_hint(
                "records go in content/events/*.yaml; `docket init` writes a starter site",
            ),
        );
        return listing;
    }
    for item in reader.list(&content) {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                let at = e
                    .path()
                    .map_or("content".to_string(), |p| display_path(root, p));
                diagnostics.push(Diagnostic::error(at, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = item.path.as_path();
        let display = display_path(root, path);
        match item.kind {
            Kind::Link => {
                diagnostics.push(
                    Diagnostic::error(&display, "symbolic links are not followed in content/")
                        .with_hint("a link could publish files from outside the site; copy the file into the site instead"),
                );
                continue;
            }
            Kind::Special => {
                diagnostics.push(Diagnostic::error(
                    &display,
                    "not a regular file: content/ may hold only files and folders",
                ));
                continue;
            }
            Kind::File | Kind::Folder => {}
        }
        let name = path
            .file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy());
        let relative: Vec<String> = path
            .strip_prefix(&content)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let folder = relative[0].as_str();
        if item.kind == Kind::Folder {
            if relative.len() == 1 && !FOLDERS.contains(&folder) {
                diagnostics.push(
                    Diagnostic::warning(
                        &display,
                        format!("docket does not read content/{folder}/"),
                    )
                    .maybe_hint(did_you_mean(folder, FOLDERS)),
                );
            }
            continue;
        }
        if relative.len() == 1 {
            diagnostics.push(
                Diagnostic::warning(&display, "files directly in content/ are not read")
                    .with_hint("records go in content/events/, pages in content/pages/"),
            );
            continue;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext)) => (stem.to_string(), ext.to_ascii_lowercase()),
            None => (name.to_string(), String::new()),
        };
        let entry = Entry {
            path: path.to_path_buf(),
            display: display.clone(),
            key: stem,
        };
        let yaml = ext == "yaml" || ext == "yml";
        let nested = relative.len() > 2;
        let target = match folder {
            "events" if yaml => Some(&mut listing.events),
            "actors" if yaml && !nested => Some(&mut listing.actors),
            "operations" if yaml && !nested => Some(&mut listing.operations),
            "vocab" if yaml && !nested => Some(&mut listing.vocab),
            "pages" if ext == "md" && !nested => Some(&mut listing.pages),
            "figures" if yaml && !nested => Some(&mut listing.figures),
            "briefings" if ext == "md" && !nested => Some(&mut listing.briefings),
            _ if !FOLDERS.contains(&folder) => continue,
            _ => None,
        };
        match target {
            Some(list) => list.push(entry),
            None => diagnostics.push(
                Diagnostic::warning(
                    &display,
                    format!("docket does not read this file in content/{folder}/"),
                )
                .with_hint(if folder == "pages" {
                    "pages are Markdown files directly in content/pages/, named <slug>.md"
                } else if folder == "briefings" {
                    "briefings are Markdown files directly in content/briefings/, named <slug>.md"
                } else {
                    "records are .yaml files directly in their folder (events may use subfolders)"
                }),
            ),
        }
    }
    listing
}
