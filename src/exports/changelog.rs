//! `/changelog/`: records added, revised and retracted, newest first.
//!
//! Revisions and retractions come from the records themselves. When the site is a git
//! checkout, the day each event file first appeared in the history counts as its addition; one
//! `git log` call answers that for every file at once.

use super::{page_meta, Meta};
use crate::dataset::Dataset;
use crate::present::views::{date, DateView};
use crate::records::date::PartialDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tera::{Context, Tera};

/// The day each file under `content/events` was first committed, by path relative to `root`.
/// Empty when `root` is not in a git checkout.
pub fn first_seen(root: &Path) -> HashMap<String, PartialDate> {
    let Some(log) = super::version::git(
        root,
        &[
            "log",
            "--diff-filter=A",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=%x00%as",
            "--",
            "content/events",
        ],
    ) else {
        return HashMap::new();
    };
    parse_log(&log)
}

/// Parse `git log --format=%x00%as --name-only`: a NUL and a date, then the files added that day.
/// The log runs newest first, so the last date seen for a file is its first appearance.
fn parse_log(log: &str) -> HashMap<String, PartialDate> {
    let mut out = HashMap::new();
    let mut current: Option<PartialDate> = None;
    for line in log.lines() {
        if let Some(day) = line.strip_prefix('\0') {
            current = PartialDate::parse(day).ok();
        } else if let (Some(day), false) = (current, line.trim().is_empty()) {
            out.insert(line.trim().to_string(), day);
        }
    }
    out
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    note: &'a str,
}

enum Change {
    Added,
    Revised,
    Retracted,
}

#[derive(Default, Serialize)]
struct Day<'a> {
    date: Option<DateView>,
    added: Vec<Item<'a>>,
    revised: Vec<Item<'a>>,
    retracted: Vec<Item<'a>>,
}

/// Render the changelog page; `added` maps event files to the day they first appeared.
pub fn changelog_html(
    ds: &Dataset,
    tera: &Tera,
    meta: &Meta,
    added: &HashMap<String, PartialDate>,
) -> Result<Vec<u8>, String> {
    let mut entries: Vec<(PartialDate, Change, Item)> = Vec::new();
    for e in &ds.events {
        let item = |note: &'static str| Item {
            id: &e.id,
            title: &e.title,
            url: meta.path(&format!("events/{}/", e.id)),
            note,
        };
        if let Some(d) = added.get(&e.file) {
            entries.push((*d, Change::Added, item("")));
        }
        for r in &e.revisions {
            entries.push((
                r.date,
                Change::Revised,
                Item {
                    note: &r.note,
                    ..item("")
                },
            ));
        }
        if let Some(r) = &e.retraction {
            entries.push((
                r.date,
                Change::Retracted,
                Item {
                    note: &r.reason,
                    ..item("")
                },
            ));
        }
    }
    // Keyed by first day, then the date as written, so `2020-02` sorts beside February's days.
    let mut days: BTreeMap<(jiff::civil::Date, String), Day> = BTreeMap::new();
    for (d, kind, item) in entries {
        let slot = days.entry((d.first_day(), d.iso())).or_insert_with(|| Day {
            date: Some(date(&d)),
            ..Day::default()
        });
        match kind {
            Change::Added => slot.added.push(item),
            Change::Revised => slot.revised.push(item),
            Change::Retracted => slot.retracted.push(item),
        }
    }
    let days: Vec<Day> = days.into_values().rev().collect();
    let mut ctx = Context::new();
    page_meta(
        ds,
        &mut ctx,
        "changelog",
        "Changelog",
        "changelog/",
        "Records added, corrected and retracted, newest first.",
    );
    ctx.insert("days", &days);
    ctx.insert("has_git", &!added.is_empty());
    ctx.insert("data_version", &meta.version);
    super::render(tera, "changelog.html", &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_appearance_wins() {
        let log = "\u{0}2021-03-04\n\ncontent/events/b.yaml\n\u{0}2020-01-02\n\ncontent/events/a.yaml\ncontent/events/b.yaml\n";
        let seen = parse_log(log);
        assert_eq!(seen["content/events/a.yaml"].iso(), "2020-01-02");
        assert_eq!(seen["content/events/b.yaml"].iso(), "2020-01-02");
        assert_eq!(seen.len(), 2);
    }
}
