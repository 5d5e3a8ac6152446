//! `docket import meta PATH`: Meta's threat-research indicators (facebook/threat-research,
//! MIT licence) as one event per network, that is per indicator file.
//!
//! PATH is the repository, its `indicators/` folder, `indicators/tsv/` or `indicators/csv/`, or
//! one file. `tsv/` is read when there is one (`csv/`, `json/` and `stix1/` mirror it); dates
//! and report addresses come from `index.json` when it lists the file. See docs/importing.md
//! for how each column and figure is mapped.

mod events;
mod names;
mod rows;

use super::draft::NamedDraft;
use super::lookup::Lookup;
use super::report::Report;
use super::site::{Outcome, Site};
use super::Progress;
use crate::diagnostics::Failure;
use names::Group;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where Meta publishes the files; a file's source link is this plus its path in the repository.
pub const REPOSITORY: &str = "https://github.com/facebook/threat-research/blob/main/";

/// One entry of `index.json`.
#[derive(Debug, Deserialize)]
pub(super) struct IndexEntry {
    pub(super) id: String,
    #[serde(default)]
    pub(super) reported_ds: Option<String>,
    #[serde(default)]
    pub(super) added_ds: Option<String>,
    #[serde(default)]
    pub(super) reference_urls: Vec<String>,
    #[serde(default)]
    pub(super) indicators: BTreeMap<String, Vec<String>>,
}

/// A file to read: where it is, how the user named it, and its path in Meta's repository.
pub(super) struct SourceFile {
    pub(super) path: PathBuf,
    pub(super) shown: String,
    pub(super) in_repository: String,
}

/// Import the indicators at `path` into `site`.
pub fn import(path: &Path, site: &mut Site, progress: Progress<'_>) -> Result<Report, Failure> {
    let mut report = Report::default();
    let (files, index) = discover(path, &mut report)?;
    let vocab = super::site_vocab(site);
    let lookup = Lookup::new(&vocab);
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut groups: BTreeMap<String, (Group, String)> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        progress("reading Meta's indicator files", i, files.len());
        report.files += 1;
        let Some((wanted, draft)) =
            events::read_file(file, &index, &lookup, &mut groups, &mut report)
        else {
            continue;
        };
        // Two files that name the same network in the same period get distinct ids.
        let mut id = wanted.clone();
        let mut n = 2;
        while ids.contains_key(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        if n > 2 {
            report.note(
                file.shown.clone(),
                format!(
                    "names the same network as {}: written as {id}",
                    ids[&wanted]
                ),
            );
        }
        ids.insert(id.clone(), file.shown.clone());
        site.write_event(&id, &draft.to_yaml(), &mut report)?;
    }
    progress("reading Meta's indicator files", files.len(), files.len());
    for (key, (group, first)) in groups {
        let (folder, name, what) = match group {
            Group::Operation(name) => ("operations", name, "an operation"),
            Group::Actor(name) => ("actors", name, "an actor"),
        };
        let draft = NamedDraft {
            provenance: format!(
                "Imported by `docket import meta`: Meta's indicator file {first} names {what} {name}."
            ),
            description: Some(format!(
                "Named by Meta in the threat indicators it published for this network ([{first}]({})).",
                repository_url(&first)
            )),
            name,
            country: None,
        };
        let relative = format!("content/{folder}/{key}.yaml");
        if site.write(&relative, &draft.to_yaml(), &mut report)? == Outcome::Written {
            report.review.push(format!("{relative}: {}", draft.name));
        }
    }
    Ok(report)
}

/// The files to read and the index that describes them. Mirrors of `tsv/` are named in a note.
fn discover(
    path: &Path,
    report: &mut Report,
) -> Result<(Vec<SourceFile>, Vec<IndexEntry>), Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    let shown_root = path.display().to_string();
    let mut folder = path.to_path_buf();
    if meta.is_dir() {
        if folder.join("indicators").is_dir() {
            folder.push("indicators");
        }
        for layout in ["tsv", "csv"] {
            if folder.join(layout).is_dir() {
                if layout == "tsv" {
                    let mirrors: Vec<&str> = ["csv", "json", "stix1"]
                        .into_iter()
                        .filter(|m| folder.join(m).is_dir())
                        .collect();
                    if !mirrors.is_empty() {
                        report.note(
                            shown_root.clone(),
                            format!(
                                "read tsv/; {} mirror it and were not read",
                                mirrors.join("/, ") + "/"
                            ),
                        );
                    }
                }
                folder.push(layout);
                break;
            }
        }
    }
    let index = find_index(path)?;
    let mut found: Vec<PathBuf> = if meta.is_dir() {
        walkdir::WalkDir::new(&folder)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| matches!(extension(p).as_str(), "tsv" | "csv"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    if found.iter().any(|p| extension(p) == "tsv") && found.iter().any(|p| extension(p) == "csv") {
        let csv = found.iter().filter(|p| extension(p) == "csv").count();
        report.note(
            shown_root.clone(),
            format!("{csv} .csv files mirror the .tsv files beside them and were not read"),
        );
        found.retain(|p| extension(p) == "tsv");
    }
    if found.is_empty() {
        return Err(Failure::Usage(format!(
            "no .tsv or .csv indicator files in {}; give Meta's threat-research repository or its indicators/ folder",
            path.display()
        )));
    }
    let files = found
        .into_iter()
        .map(|p| {
            let below = p.strip_prefix(path).unwrap_or(&p);
            let shown = if below.as_os_str().is_empty() {
                shown_root.clone()
            } else {
                format!("{}/{}", shown_root.trim_end_matches('/'), slashed(below))
            };
            let in_repository = repository_path(&p);
            SourceFile {
                path: p,
                shown,
                in_repository,
            }
        })
        .collect();
    Ok((files, index))
}

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file's path in Meta's repository: from its `indicators/` folder on.
fn repository_path(path: &Path) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<String> = full
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.iter().rposition(|p| p == "indicators") {
        Some(i) => parts[i..].join("/"),
        None => {
            let layout = extension(path);
            format!(
                "indicators/{layout}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            )
        }
    }
}

/// The address of a repository path, percent-encoded (names have spaces, `#` and `&`).
pub(super) fn repository_url(in_repository: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!("{REPOSITORY}{}", utf8_percent_encode(in_repository, KEEP))
}

/// `index.json` in the folder given or the folders above it (at most three up).
fn find_index(path: &Path) -> Result<Vec<IndexEntry>, Failure> {
    let start = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    for folder in start.ancestors().take(4) {
        let candidate = folder.join("index.json");
        if candidate.is_file() {
            let bytes = std::fs::read(&candidate)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", candidate.display())))?;
            return serde_json::from_slice(&bytes).map_err(|e| {
                Failure::Usage(format!(
                    "{} is not Meta's index of reports ({e})",
                    candidate.display()
                ))
            });
        }
    }
    Ok(Vec::new())
}
