//! `/changelog/`: records added, revised and retracted, newest first.
//!
//! Revisions and retractions come from the records themselves. When the site is a git
//! checkout, the day each event file first appeared in the history counts as its addition; one
//! `git log` call answers that for every file at once.

use crate::exports::Meta;
use crate::present::urls::folder;
use crate::present::views::{date, DateView};
use crate::records::date::PartialDate;
use crate::render::Renderer;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tera::Context;

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
    r: &Renderer,
    meta: &Meta,
    added: &HashMap<String, PartialDate>,
) -> Result<Vec<u8>, String> {
    let ds = r.ds;
    let mut entries: Vec<(PartialDate, Change, Item)> = Vec::new();
    for e in &ds.events {
        let item = |note: &'static str| Item {
            id: &e.id,
            title: &e.title,
            url: meta.urls.path(&folder::event(&e.id)),
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
            date: Some(date(&r.locale, &d)),
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
    r.meta(
        &mut ctx,
        "changelog",
        r.locale.text("pages.changelog"),
        crate::present::urls::folder::CHANGELOG,
        r.locale.text("pages.changelog_description"),
    );
    ctx.insert("days", &days);
    ctx.insert("has_git", &!added.is_empty());
    ctx.insert("data_version", &meta.version);
    super::render(r, "changelog.html", &ctx)
}
