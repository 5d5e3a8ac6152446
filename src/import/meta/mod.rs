//! `docket import meta PATH`: Meta's threat-research indicators (facebook/threat-research,
//! MIT licence) as one event per network, that is per indicator file.
//!
//! PATH is the repository, its `indicators/` folder, `indicators/tsv/` or `indicators/csv/`, or
//! one file. `tsv/` is read when there is one (`csv/`, `json/` and `stix1/` mirror it); dates
//! and report addresses come from `index.json` when it lists the file. See docs/importing.md
//! for how each column and figure is mapped.

mod names;
mod rows;

use super::draft::{EventDraft, NamedDraft, SourceDraft};
use super::lookup::Lookup;
use super::report::Report;
use super::site::{Outcome, Site};
use super::table::{self, Format};
use super::Progress;
use crate::diagnostics::Failure;
use names::{Group, NetworkName};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where Meta publishes the files; a file's source link is this plus its path in the repository.
pub const REPOSITORY: &str = "https://github.com/facebook/threat-research/blob/main/";

/// Facebook, Inc. became Meta Platforms on this day; disclosures before it are Facebook's.
const META_SINCE: &str = "2021-10-28";

/// One entry of `index.json`.
#[derive(Debug, Deserialize)]
struct IndexEntry {
    id: String,
    #[serde(default)]
    reported_ds: Option<String>,
    #[serde(default)]
    added_ds: Option<String>,
    #[serde(default)]
    reference_urls: Vec<String>,
    #[serde(default)]
    indicators: BTreeMap<String, Vec<String>>,
}

/// A file to read: where it is, how the user named it, and its path in Meta's repository.
struct SourceFile {
    path: PathBuf,
    shown: String,
    in_repository: String,
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
        let Some((wanted, draft)) = read_file(file, &index, &lookup, &mut groups, &mut report)
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

fn extension(path: &Path) -> String {
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
fn repository_url(in_repository: &str) -> String {
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

/// Read one file into its event (id and draft); `None` when the file cannot be mapped (said
/// in the report).
fn read_file(
    file: &SourceFile,
    index: &[IndexEntry],
    lookup: &Lookup<'_>,
    groups: &mut BTreeMap<String, (Group, String)>,
    report: &mut Report,
) -> Option<(String, EventDraft)> {
    let at = |line: u64| format!("{}:{line}", file.shown);
    let format = if extension(&file.path) == "tsv" {
        Format::Tsv
    } else {
        Format::Csv
    };
    let rows = match table::read(&file.path, format) {
        Ok(rows) => rows,
        Err(why) => {
            report.skip(file.shown.clone(), "unreadable file", why);
            return None;
        }
    };
    let Some((header, rows)) = rows.split_first() else {
        report.skip(
            file.shown.clone(),
            "empty file",
            "the file has no header row",
        );
        return None;
    };
    let header: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    let stem = file
        .path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let folder = file
        .path
        .parent()
        .and_then(Path::file_name)
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let entry = index.iter().find(|e| {
        e.indicators.values().flatten().any(|f| {
            Path::new(f)
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == stem)
        }) || e.id == stem.trim()
    });
    let name = names::parse(&stem, &folder, lookup);
    let first = header.first().map(|h| h.to_lowercase()).unwrap_or_default();
    if first == "tactic" {
        let chain = rows::kill_chain(rows, &at, report);
        Some(kill_chain_event(file, &name, entry, chain, groups, lookup))
    } else if first == "indicator_type" {
        let list = rows::indicators(&header, rows, &at, report);
        indicator_event(file, &name, entry, list, lookup, report)
    } else {
        report.rows += rows.len();
        report.skip(
            file.shown.clone(),
            "unknown layout",
            format!(
                "header `{}`: expected Tactic, Technique, Procedure, Indicator or indicator_type, indicator_value, comment, ds; its {} rows were not read",
                header.join(", "),
                rows.len()
            ),
        );
        None
    }
}

/// Meta or, before it was renamed, Facebook: the organisation key and the name.
/// A date that starts before the rename at any precision (`2021`, `2021-10`) counts as before.
fn discloser(date: &str) -> (&'static str, &'static str) {
    if date < META_SINCE {
        ("facebook", "Facebook")
    } else {
        ("meta", "Meta")
    }
}

fn kill_chain_event(
    file: &SourceFile,
    name: &NetworkName,
    entry: Option<&IndexEntry>,
    chain: rows::KillChain,
    groups: &mut BTreeMap<String, (Group, String)>,
    lookup: &Lookup<'_>,
) -> (String, EventDraft) {
    let period = name.period.clone();
    let date = entry
        .and_then(|e| e.reported_ds.clone())
        .or_else(|| period.as_ref().map(|p| p.date.clone()))
        .unwrap_or_default();
    let (discloser_key, discloser_name) = discloser(&date);
    let period_label = period
        .as_ref()
        .map_or_else(String::new, |p| p.label.clone());
    let title = if period_label.is_empty() {
        format!("{discloser_name}: {}", name.name)
    } else {
        format!("{discloser_name}: {} ({period_label})", name.name)
    };
    let slug_source = match &period {
        Some(p) if !p.slug.is_empty() => format!("{} {}", p.slug, name.name),
        _ => name.name.clone(),
    };
    let year = date.get(..4).unwrap_or("0000");
    let id = format!(
        "{year}-meta-{}",
        super::key_from(&slug_source, crate::ids::MAX_RECORD_ID - 10)
    );
    let (mut actor, mut operation) = (None, None);
    if let Some(group) = &name.group {
        let (Group::Operation(n) | Group::Actor(n)) = group;
        let key = super::key_from(n, crate::ids::MAX_KEY);
        match group {
            Group::Operation(_) => operation = Some(key.clone()),
            Group::Actor(_) => actor = Some(key.clone()),
        }
        groups
            .entry(key)
            .or_insert_with(|| (group.clone(), file.in_repository.clone()));
    }
    let mut summary = String::new();
    let reporting = if period_label.is_empty() {
        "its threat reporting".to_string()
    } else {
        format!("its {period_label} threat reporting")
    };
    let _ = writeln!(
        summary,
        "Threat indicators {discloser_name} published for this network with {reporting}, filed under the tactics of its Online Operations Kill Chain."
    );
    if chain.cross_platform {
        let _ = writeln!(
            summary,
            "\n{discloser_name} gave one count for accounts on Facebook and Instagram together; it is recorded under Meta, not split between the two."
        );
    }
    if !chain.by_tactic.is_empty() {
        let _ = writeln!(summary, "\n| Kill-chain tactic | Rows |\n|---|---:|");
        for ((_, tactic), n) in &chain.by_tactic {
            let _ = writeln!(summary, "| {} | {n} |", markdown_cell(tactic));
        }
    }
    let mut sources = Vec::new();
    if let Some(e) = entry {
        sources.extend(report_sources(e, discloser_name, lookup));
    }
    sources.push(file_source(file, entry, discloser_name));
    let draft = EventDraft {
        provenance: format!(
            "Imported by `docket import meta` from Meta's threat-research repository: {}",
            file.in_repository
        ),
        title,
        date,
        kind: "takedown",
        discloser: discloser_key.into(),
        removed: chain.removed,
        reach: chain.reach,
        ad_spend: chain.ad_spend,
        origin: name.origin.clone(),
        actor,
        operation,
        targets: name.targets.clone(),
        active: None,
        tactics: chain
            .tactics
            .into_iter()
            .filter(|t| lookup.vocab().tactics.contains_key(t))
            .collect(),
        partners: Vec::new(),
        sources,
        summary,
    };
    (id, draft)
}

fn indicator_event(
    file: &SourceFile,
    name: &NetworkName,
    entry: Option<&IndexEntry>,
    list: rows::Indicators,
    lookup: &Lookup<'_>,
    report: &mut Report,
) -> Option<(String, EventDraft)> {
    let date = entry
        .and_then(|e| e.reported_ds.clone())
        .or_else(|| name.period.as_ref().map(|p| p.date.clone()))
        .or_else(|| {
            (list.dates.len() == 1)
                .then(|| list.dates.iter().next().cloned())
                .flatten()
        });
    let Some(date) = date else {
        report.skip(
            file.shown.clone(),
            "no date",
            "index.json does not list the file, and neither its name nor its ds column gives one date",
        );
        return None;
    };
    let (discloser_key, discloser_name) = discloser(&date);
    let topic = match entry {
        Some(e) => report_title(&e.id, lookup),
        None => name.name.clone(),
    };
    let id = format!(
        "{date}-{}",
        super::key_from(
            &format!("{discloser_key} {topic}"),
            crate::ids::MAX_RECORD_ID - 11
        )
    );
    let mut summary = String::new();
    let types: Vec<String> = list
        .by_type
        .iter()
        .map(|(t, n)| format!("{n} `{}`", t.replace('`', "'")))
        .collect();
    let _ = writeln!(
        summary,
        "Indicators of compromise {discloser_name} published with “{topic}”: {} ({}).",
        super::report::plural(list.mapped, "indicator"),
        types.join(", ")
    );
    if !list.by_label.is_empty() {
        let _ = writeln!(
            summary,
            "\n| {discloser_name}'s label | Indicators |\n|---|---:|"
        );
        for (label, n) in &list.by_label {
            let _ = writeln!(summary, "| {} | {n} |", markdown_cell(label));
        }
    }
    let mut sources = Vec::new();
    if let Some(e) = entry {
        sources.extend(report_sources(e, discloser_name, lookup));
    }
    sources.push(file_source(file, entry, discloser_name));
    let draft = EventDraft {
        provenance: format!(
            "Imported by `docket import meta` from Meta's threat-research repository: {}",
            file.in_repository
        ),
        title: format!("{discloser_name}: {topic}"),
        date,
        kind: "report",
        discloser: discloser_key.into(),
        origin: name.origin.clone(),
        targets: name.targets.clone(),
        sources,
        summary,
        ..EventDraft::default()
    };
    Some((id, draft))
}

/// A report's title from its index id: `2021_07_taking_action_against_hackers_in_iran` →
/// `Taking action against hackers in Iran`.
fn report_title(id: &str, lookup: &Lookup<'_>) -> String {
    let name = names::parse(id, "", lookup).name;
    name.split(' ')
        .map(|w| match w.to_lowercase().as_str() {
            "metas" => "Meta's".to_string(),
            "iocs" => "IOCs".to_string(),
            "q1" | "q2" | "q3" | "q4" => w.to_uppercase(),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report pages `index.json` names for a file.
fn report_sources(entry: &IndexEntry, publisher: &str, lookup: &Lookup<'_>) -> Vec<SourceDraft> {
    entry
        .reference_urls
        .iter()
        .filter(|u| crate::records::check_http_url(u).is_ok())
        .map(|url| SourceDraft {
            url: url.clone(),
            title: report_title(&entry.id, lookup),
            publisher: Some(publisher.into()),
            date: entry.reported_ds.clone(),
            archive: None,
        })
        .collect()
}

/// The indicator file itself, in Meta's repository.
fn file_source(file: &SourceFile, entry: Option<&IndexEntry>, publisher: &str) -> SourceDraft {
    let name = file
        .in_repository
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim();
    SourceDraft {
        url: repository_url(&file.in_repository),
        title: format!("Threat indicators: {name}"),
        publisher: Some(publisher.into()),
        date: entry.and_then(|e| e.added_ds.clone()),
        archive: None,
    }
}

/// Text for a Markdown table cell: a `|` would end the cell.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
