//! An indicator file's rows as its event: the title, date, discloser and places from the file
//! name and `index.json`, the figures and tactics from the rows, the sources, the summary.

use super::names::{self, Group, NetworkName};
use super::rows;
use super::{extension, repository_url, IndexEntry, SourceFile};
use crate::import::draft::{EventDraft, SourceDraft};
use crate::import::lookup::Lookup;
use crate::import::report::Report;
use crate::import::table::{self, Format};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Facebook, Inc. became Meta Platforms on this day; disclosures before it are Facebook's.
const META_SINCE: &str = "2021-10-28";
/// Read one file into its event (id and draft); `None` when the file cannot be mapped (said
/// in the report).
pub(super) fn read_file(
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
        crate::import::key_from(&slug_source, crate::ids::MAX_RECORD_ID - 10)
    );
    let (mut actor, mut operation) = (None, None);
    if let Some(group) = &name.group {
        let (Group::Operation(n) | Group::Actor(n)) = group;
        let key = crate::import::key_from(n, crate::ids::MAX_KEY);
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
    let sources = sources(file, entry, discloser_name, lookup);
    let draft = EventDraft {
        provenance: provenance(file),
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
        crate::import::key_from(
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
        crate::import::report::plural(list.mapped, "indicator"),
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
    let sources = sources(file, entry, discloser_name, lookup);
    let draft = EventDraft {
        provenance: provenance(file),
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

/// Where an imported record came from, for the comment at its top.
fn provenance(file: &SourceFile) -> String {
    format!(
        "Imported by `docket import meta` from Meta's threat-research repository: {}",
        file.in_repository
    )
}

/// A record's sources: the reports the index lists for the file, then the file itself.
fn sources(
    file: &SourceFile,
    entry: Option<&IndexEntry>,
    publisher: &str,
    lookup: &Lookup<'_>,
) -> Vec<SourceDraft> {
    let mut sources = Vec::new();
    if let Some(e) = entry {
        sources.extend(report_sources(e, publisher, lookup));
    }
    sources.push(file_source(file, entry, publisher));
    sources
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
