//! `/data/search.json`: a compact index of every listed event for the site's script, which
//! searches it as the reader types and filters and sorts the events table over all events, not
//! only the rows of the page on screen.
//!
//! Keys are one or two letters and empty fields are left out, because at 10,000 events every
//! byte is paid 10,000 times. Names are stored once, in `names`, and looked up by key.
//!
//! The script re-implements none of the build's rules: the filters it offers and the field
//! each one reads come from [`FILTERS`] (the events page's form is made from the same list),
//! links from `urls` (made by [`crate::present::urls`]), dates as shown from `dd`, and the
//! rows of its results table from `data/rows.json`, the rows the pages themselves show.

use crate::dataset::{Dataset, Taxonomy};
use crate::present::locale::Locale;
use crate::present::urls::{folder, Urls};
use crate::records::{Event, EventKind, Status};
use pulldown_cmark::{Event as Md, Parser, TagEnd};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A filter of the events table: its query parameter and form field, its label, the entry
/// field it matches, and the table of `names` its options are labelled from.
pub struct Filter {
    pub name: &'static str,
    pub field: &'static str,
    pub names: &'static str,
}

/// The filters of the events table, in the order the form shows them.
pub const FILTERS: [Filter; 7] = [
    Filter {
        name: "platform",
        field: "p",
        names: "platform",
    },
    Filter {
        name: "origin",
        field: "o",
        names: "country",
    },
    Filter {
        name: "target",
        field: "g",
        names: "country",
    },
    Filter {
        name: "actor",
        field: "a",
        names: "actor",
    },
    Filter {
        name: "operation",
        field: "op",
        names: "operation",
    },
    Filter {
        name: "tactic",
        field: "tc",
        names: "tactic",
    },
    Filter {
        name: "kind",
        field: "k",
        names: "kind",
    },
];

#[derive(Serialize)]
struct FilterView {
    name: &'static str,
    field: &'static str,
    names: &'static str,
}

/// Where the script links to and what it fetches, as the build spells them.
#[derive(Serialize)]
struct Links<'a> {
    /// An event's page, with `{id}` for its id.
    event: String,
    /// The list of all events (the quick search's "all matching" link).
    events: String,
    /// The rows of the events table, by event id (`data/rows.json`).
    rows: String,
    /// The events download, which a filtered selection is cut from.
    csv: String,
    actor: BTreeMap<&'a str, String>,
    operation: BTreeMap<&'a str, String>,
}

/// The rows file beside the index, of the site's own language.
pub const ROWS_FILE: &str = "data/rows.json";

/// The index of the pages in `loc`: `data/search.json` for the site's own language,
/// `data/search.fa.json` for a further one. Every language has its own, as its names, dates
/// and links are its own; the data files beside them are shared.
pub fn index_file(loc: &Locale) -> String {
    language_file("data/search", loc)
}

/// The rows of the events table in `loc`, beside its index.
pub fn rows_file(loc: &Locale) -> String {
    language_file("data/rows", loc)
}

fn language_file(stem: &str, loc: &Locale) -> String {
    if loc.prefix().is_empty() {
        format!("{stem}.json")
    } else {
        format!("{stem}.{}.json", loc.tag())
    }
}

/// The catalogue messages the script says, by key: plain text, or the plural forms of a
/// count (the script picks one with the browser's `Intl.PluralRules`).
pub const SCRIPT_STRINGS: &[&str] = &[
    "search.actor",
    "search.operation",
    "search.all_matching",
    "search.no_matches",
    "status.retracted",
    "status.draft",
    "events.scope",
    "events.scope_filtered",
    "events.apart",
    "events.matching",
    "events.none_match",
    "events.caption_matching",
    "events.more",
    "list.end",
    "events.rows_failed",
    "events.index_failed",
    "events.sort_by",
    "filters.active",
    "totals.from_events",
    "totals.upper_bound",
    "quantity.not_reported",
    "quantity.approx",
    "quantity.gte",
];

/// Characters of each summary kept for searching.
pub const EXCERPT_CHARS: usize = 200;

#[derive(Serialize)]
struct Index<'a> {
    /// Format version of this file.
    v: u32,
    /// The language of its names and dates, a BCP 47 tag.
    lang: &'a str,
    /// The script's words in that language ([`SCRIPT_STRINGS`]).
    strings: BTreeMap<&'static str, serde_json::Value>,
    names: Names<'a>,
    filters: Vec<FilterView>,
    urls: Links<'a>,
    /// The sign each totals qualifier shows (see [`Entry::m`]).
    qualifiers: [(&'static str, &'static str); 4],
    events: Entries<'a>,
}

/// Every listed event's entry, made as it is written.
struct Entries<'a>(&'a Dataset, &'a Locale);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (ds, loc) = (self.0, self.1);
        serializer.collect_seq(ds.events.iter().map(|e| entry(ds, loc, e)))
    }
}

#[derive(Serialize)]
struct Names<'a> {
    platform: BTreeMap<&'a str, &'a str>,
    country: BTreeMap<&'a str, &'a str>,
    /// Name first, then aliases: all are searched.
    actor: BTreeMap<&'a str, Vec<&'a str>>,
    operation: BTreeMap<&'a str, Vec<&'a str>>,
    tactic: BTreeMap<&'a str, &'a str>,
    kind: BTreeMap<&'static str, String>,
}

fn is_empty<T>(list: &&[T]) -> bool {
    list.is_empty()
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    /// Title.
    t: &'a str,
    /// Date as written (`2019-05-28`, `2019-05`, `2019`).
    d: String,
    /// Date as shown (`28 May 2019`).
    dd: String,
    /// Kind key.
    k: &'static str,
    /// Status, when not published.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    /// Platforms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    p: Vec<&'a str>,
    /// Origin countries.
    #[serde(skip_serializing_if = "is_empty")]
    o: &'a [String],
    /// Target countries.
    #[serde(skip_serializing_if = "is_empty")]
    g: &'a [String],
    /// Actor.
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<&'a str>,
    /// Operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    op: Option<&'a str>,
    /// Tactics.
    #[serde(skip_serializing_if = "is_empty")]
    tc: &'a [String],
    /// Main figures as shown in the table (`51 accounts · 36 pages`).
    #[serde(skip_serializing_if = "String::is_empty")]
    f: String,
    /// The first of those figures as a number, for sorting.
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<u64>,
    /// The start of the summary as plain text.
    #[serde(skip_serializing_if = "String::is_empty")]
    x: String,
    /// The event's part of the totals, for the totals box to follow the filters: per figure
    /// (`removed:accounts`), `[value, qualifier, events, upper-bound-only events]`, with the
    /// qualifier as in `qualifiers`. Only events that count (published) have one.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    m: BTreeMap<String, [u64; 4]>,
}

/// How the script writes an event's totals: qualifier 0 exact, 1 approximate, 2 at least,
/// 3 none (only upper bounds); each with the sign a total shows before its number.
const QUALIFIERS: [(&str, &str); 4] = [
    ("exact", ""),
    ("approx", "≈"),
    ("at-least", "≥"),
    ("none", ""),
];

fn totals_part(e: &Event) -> BTreeMap<String, [u64; 4]> {
    use crate::records::quantity::TotalQualifier;
    let totals = crate::dataset::Totals::of(std::iter::once(e), None);
    let mut out = BTreeMap::new();
    for (group, map) in [
        ("removed", &totals.removed),
        ("reach", &totals.reach),
        ("content", &totals.content),
    ] {
        for (name, t) in map {
            let q = match t.qualifier {
                Some(TotalQualifier::Exact) => 0,
                Some(TotalQualifier::Approx) => 1,
                Some(TotalQualifier::AtLeast) => 2,
                None => 3,
            };
            out.insert(
                format!("{group}:{name}"),
                [t.value, q, t.events as u64, t.upper_bound_only as u64],
            );
        }
    }
    out
}

/// The whole index of the pages in `loc`, written to `out` entry by entry.
pub fn write_search_json(ds: &Dataset, loc: &Locale, out: &mut dyn Write) -> io::Result<()> {
    let term_names = |t: Taxonomy| -> BTreeMap<&str, &str> {
        ds.index_of(t)
            .keys()
            .map(|k| (k.as_str(), ds.term_name(t, k)))
            .collect()
    };
    let mut country = term_names(Taxonomy::Origin);
    country.extend(term_names(Taxonomy::Target));
    let names = Names {
        platform: term_names(Taxonomy::Platform),
        country,
        actor: ds
            .actors
            .values()
            .map(|a| (a.key.as_str(), with_aliases(&a.name, &a.aliases)))
            .collect(),
        operation: ds
            .operations
            .values()
            .map(|o| (o.key.as_str(), with_aliases(&o.name, &o.aliases)))
            .collect(),
        tactic: term_names(Taxonomy::Tactic),
        kind: EventKind::ALL
            .iter()
            .map(|k| (k.key(), crate::present::views::kind_label(loc, *k)))
            .collect(),
    };
    let urls = Urls::in_language(&ds.config, loc);
    let links = Links {
        event: urls.event("{id}"),
        events: urls.path(folder::EVENTS),
        rows: urls.shared(&rows_file(loc)),
        csv: urls.shared("data/events.csv"),
        actor: ds
            .actors
            .keys()
            .map(|k| (k.as_str(), urls.term(Taxonomy::Actor, k)))
            .collect(),
        operation: ds
            .operations
            .keys()
            .map(|k| (k.as_str(), urls.term(Taxonomy::Operation, k)))
            .collect(),
    };
    let index = Index {
        v: 1,
        lang: loc.tag(),
        strings: script_strings(loc),
        names,
        filters: FILTERS
            .iter()
            .map(|f| FilterView {
                name: f.name,
                field: f.field,
                names: f.names,
            })
            .collect(),
        urls: links,
        qualifiers: QUALIFIERS,
        events: Entries(ds, loc),
    };
    serde_json::to_writer(out, &index)?;
    Ok(())
}

fn with_aliases<'a>(name: &'a str, aliases: &'a [String]) -> Vec<&'a str> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .collect()
}

/// The script's words in `loc`: a plural message as its forms by category.
fn script_strings(loc: &Locale) -> BTreeMap<&'static str, serde_json::Value> {
    SCRIPT_STRINGS
        .iter()
        .map(|&key| (key, loc.forms(key)))
        .collect()
}

fn entry<'a>(ds: &'a Dataset, loc: &Locale, e: &'a Event) -> Entry<'a> {
    Entry {
        id: &e.id,
        t: crate::present::views::text(e, &ds.config.language, loc).title,
        d: e.date.iso(),
        dd: loc.date(&e.date),
        k: e.kind.key(),
        s: (e.status != Status::Published).then(|| e.status.key()),
        p: ds.platforms_of(e),
        o: &e.origin,
        g: &e.targets,
        a: e.actor.as_deref(),
        op: e.operation.as_deref(),
        tc: &e.tactics,
        f: crate::present::views::main_figures(loc, e),
        n: first_figure(e),
        x: plain_excerpt(
            crate::present::views::text(e, &ds.config.language, loc).summary,
            EXCERPT_CHARS,
        ),
        m: totals_part(e),
    }
}

/// The sum of the first removal figure the table shows (accounts, usually) across platforms.
fn first_figure(e: &Event) -> Option<u64> {
    let name = &e
        .removed
        .iter()
        .min_by_key(|m| {
            let usual = crate::records::USUAL_ASSETS
                .iter()
                .position(|u| *u == m.name);
            (usual.unwrap_or(usize::MAX), &m.name)
        })?
        .name;
    let total = crate::dataset::totals::sum(e.removed.iter().filter(|m| &m.name == name));
    total.qualifier.map(|_| total.value)
}

/// The text of a Markdown summary without markup, cut at a word boundary near `max` characters.
pub fn plain_excerpt(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Md::Text(t) | Md::Code(t) => text.push_str(&t),
            Md::SoftBreak | Md::HardBreak => text.push(' '),
            Md::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
        if text.len() > max * 4 {
            break;
        }
    }
    let mut out = String::new();
    // Characters in `out`, kept as it grows: counting them again for each word made this
    // quadratic in the length of the excerpt.
    let mut chars = 0;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        if chars + word_chars + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word_chars;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain_excerpt;

    #[test]
    fn excerpt_drops_markup_and_link_addresses() {
        let text =
            "Facebook removed **51 accounts** ([report](https://example.org/x)).\n\nSecond `para`.";
        assert_eq!(
            plain_excerpt(text, 200),
            "Facebook removed 51 accounts (report). Second para."
        );
        assert_eq!(plain_excerpt(text, 20), "Facebook removed 51…");
    }

    #[test]
    fn excerpt_counts_characters_not_bytes() {
        // Five words of four two-byte letters: 24 characters, 44 bytes.
        let text = "éééé ".repeat(5);
        assert_eq!(plain_excerpt(&text, 24), "éééé éééé éééé éééé éééé");
        assert_eq!(plain_excerpt(&text, 23), "éééé éééé éééé éééé…");
        assert_eq!(plain_excerpt(&text, 4), "…");
    }
}
