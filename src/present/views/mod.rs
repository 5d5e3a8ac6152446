//! What templates see: records turned into plain, resolved, display-ready values.
//!
//! The shapes here are the contract documented in `docs/templates.md`. Strings stay plain text
//! (templates escape them); only `*_html` fields carry HTML, rendered by [`crate::markdown`].

use crate::dataset::{Dataset, Taxonomy, Totals};
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::records::date::PartialDate;
use crate::records::quantity::{Quantity, Total};
use crate::records::{Event, Measure};
use serde::Serialize;
use tera::Value;

mod event;
pub use event::{disarm_techniques, event, DisarmTechnique};

#[derive(Serialize)]
pub struct Link {
    pub key: String,
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub display: String,
    pub precision: &'static str,
}

pub fn date(loc: &Locale, d: &PartialDate) -> DateView {
    DateView {
        iso: d.iso(),
        display: loc.date(d),
        precision: match d.precision() {
            crate::records::date::Precision::Year => "year",
            crate::records::date::Precision::Month => "month",
            crate::records::date::Precision::Day => "day",
        },
    }
}

#[derive(Serialize)]
pub struct QuantityView {
    pub display: String,
    pub value: u64,
    pub qualifier: &'static str,
    pub as_stated: String,
}

pub fn quantity(loc: &Locale, q: &Quantity) -> QuantityView {
    QuantityView {
        display: loc.quantity(q),
        value: q.value,
        qualifier: q.qualifier.name(),
        as_stated: q.as_stated.clone().unwrap_or_default(),
    }
}

#[derive(Serialize)]
pub struct TotalView {
    pub name: String,
    pub label: String,
    /// What the total is as a heading: "Accounts removed".
    pub heading: String,
    pub display: String,
    pub value: u64,
    pub qualifier: &'static str,
    pub events: usize,
    pub upper_bound_only: usize,
}

pub use crate::records::label;

fn total(loc: &Locale, name: &str, t: &Total) -> TotalView {
    let label = loc.figure_label(name);
    TotalView {
        name: name.to_string(),
        heading: removed_heading(loc, name),
        label,
        display: loc.total(t),
        value: t.value,
        qualifier: match t.qualifier {
            None => "none",
            Some(crate::records::quantity::TotalQualifier::Exact) => "exact",
            Some(crate::records::quantity::TotalQualifier::Approx) => "approx",
            Some(crate::records::quantity::TotalQualifier::AtLeast) => "at-least",
        },
        events: t.events,
        upper_bound_only: t.upper_bound_only,
    }
}

#[derive(Serialize)]
pub struct TotalsView {
    pub events: usize,
    pub removed: Vec<TotalView>,
    pub reach: Vec<TotalView>,
    pub content: Vec<TotalView>,
}

/// A kind of removal figure as a heading: "Accounts removed".
pub fn removed_heading(loc: &Locale, name: &str) -> String {
    loc.message(
        "totals.removed",
        None,
        &[("label", &loc.figure_label(name))],
    )
}

pub fn totals(loc: &Locale, t: &Totals) -> TotalsView {
    let list =
        |items: Vec<(&str, &Total)>| items.into_iter().map(|(n, t)| total(loc, n, t)).collect();
    TotalsView {
        events: t.events,
        removed: list(t.removed_ordered()),
        reach: list(t.reach_ordered()),
        content: list(t.content_ordered()),
    }
}

/// A taxonomy's words in the page's language: `title` ("Platforms"), `singular`, `about` (what
/// its terms are, in one sentence), `none`, `all`.
pub fn taxonomy_text(loc: &Locale, t: Taxonomy, what: &str) -> String {
    loc.text(&format!("taxonomy.{}.{what}", t.key()))
        .to_string()
}

/// What a taxonomy's terms are, in one sentence, for its pages and the browse page.
pub fn taxonomy_about(loc: &Locale, t: Taxonomy) -> String {
    taxonomy_text(loc, t, "about")
}

/// An event kind's label: "Takedown".
pub fn kind_label(loc: &Locale, kind: crate::records::EventKind) -> String {
    loc.text(&format!("kind.{}", kind.key())).to_string()
}

pub fn link(ds: &Dataset, urls: &Urls, taxonomy: Taxonomy, key: &str) -> Link {
    Link {
        key: key.to_string(),
        name: ds.term_name(taxonomy, key).to_string(),
        url: urls.term(taxonomy, key),
    }
}

/// An event's text as a page in `loc` shows it: its translation into the page's language when
/// it has one, else as written, with the language it is in.
pub struct Text<'e> {
    pub title: &'e str,
    /// Markdown.
    pub summary: &'e str,
    /// The language of the title (a BCP 47 tag).
    pub title_lang: &'e str,
    pub summary_lang: &'e str,
    /// The language the record is written in.
    pub written_in: &'e str,
}

impl Text<'_> {
    /// Whether the page shows the record as written, in another language than its own.
    pub fn untranslated(&self, loc: &Locale) -> bool {
        !crate::present::locale::same_language(self.title_lang, loc.tag())
            || !crate::present::locale::same_language(self.summary_lang, loc.tag())
    }
}

/// The text of `e` on a page in `loc`; `site_language` is what records are written in unless
/// they say otherwise (`lang`).
pub fn text<'e>(e: &'e Event, site_language: &'e str, loc: &Locale) -> Text<'e> {
    let written_in = e.lang.as_deref().unwrap_or(site_language);
    let translation = e
        .translations
        .iter()
        .filter(|(tag, _)| crate::present::locale::same_language(tag, loc.tag()))
        // The exact tag before another of the same language.
        .min_by_key(|(tag, _)| tag.as_str() != loc.tag())
        .map(|(tag, t)| (tag.as_str(), t));
    let (title, title_lang) = match translation {
        Some((tag, t)) if t.title.is_some() => (t.title.as_deref().unwrap_or_default(), tag),
        _ => (e.title.as_str(), written_in),
    };
    let (summary, summary_lang) = match translation {
        Some((tag, t)) if t.summary.is_some() => (t.summary.as_deref().unwrap_or_default(), tag),
        _ => (e.summary.as_str(), written_in),
    };
    Text {
        title,
        summary,
        title_lang,
        summary_lang,
        written_in,
    }
}

#[derive(Serialize)]
struct Row {
    id: String,
    url: String,
    title: String,
    /// ` lang dir` when the title is in another language than the page.
    title_attrs: String,
    date: DateView,
    kind: &'static str,
    kind_label: String,
    platforms: Vec<Link>,
    origins: Vec<Link>,
    figures: String,
    status: &'static str,
    retracted: bool,
    draft: bool,
}

/// The main removal figures of an event as short text: `51 accounts · 36 pages`, in the one
/// order every row and total uses (accounts, pages, groups, …, then the rest by name), so a
/// column of rows reads alike whatever order each record was written in.
pub fn main_figures(loc: &Locale, e: &Event) -> String {
    let mut summed = summed_by_name(loc, &e.removed);
    summed.sort_by_key(|(name, _)| {
        let usual = crate::records::USUAL_ASSETS.iter().position(|u| u == name);
        (usual.unwrap_or(usize::MAX), name.clone())
    });
    let figures: Vec<String> = summed
        .into_iter()
        .take(3)
        .map(|(name, (display, value))| counted(loc, &name, &display, value))
        .collect();
    figures.join(" · ")
}

/// One event as a table row. Built once per event and shared by every list it appears in.
/// A figure in words: "51 accounts", "≈2,800 followers"; `display` is the number as shown,
/// `value` the number its plural form follows.
pub fn counted(loc: &Locale, name: &str, display: &str, value: u64) -> String {
    let key = format!("count.{name}");
    if loc.has(&key) {
        return loc.plural_form(&key, value).replace("{n}", display);
    }
    let name = name.replace('_', " ");
    // "1 account", not "1 accounts".
    let name = match (value, name.strip_suffix('s')) {
        (1, Some(singular)) if display == loc.number(1) => singular.to_string(),
        _ => name,
    };
    format!("{display} {name}")
}

pub fn row(ds: &Dataset, urls: &Urls, loc: &Locale, e: &Event) -> Value {
    let text = text(e, &ds.config.language, loc);
    let row = Row {
        id: e.id.clone(),
        url: urls.event(&e.id),
        title: text.title.to_string(),
        title_attrs: loc.text_attrs(text.title_lang),
        date: date(loc, &e.date),
        kind: e.kind.key(),
        kind_label: kind_label(loc, e.kind),
        platforms: ds
            .platforms_of(e)
            .into_iter()
            .map(|p| link(ds, urls, Taxonomy::Platform, p))
            .collect(),
        origins: e
            .origin
            .iter()
            .map(|c| link(ds, urls, Taxonomy::Origin, c))
            .collect(),
        figures: main_figures(loc, e),
        status: e.status.key(),
        retracted: e.status == crate::records::Status::Retracted,
        draft: e.status == crate::records::Status::Draft,
    };
    Value::from_serializable(&row)
}

/// An event's figures per name across platforms (`accounts` on Facebook and Instagram add up),
/// in the order first written, with the qualifier rule applied.
fn summed_by_name(loc: &Locale, measures: &[Measure]) -> Vec<(String, (String, u64))> {
    crate::dataset::totals::by_name(measures)
        .into_iter()
        .filter_map(|n| Some((n.name.to_string(), shown(loc, &n)?)))
        .collect()
}

/// How an event's sum of one figure is shown, and the number it counts as: a single figure as
/// written, else the total; `None` when the only figures are upper bounds.
pub fn shown(loc: &Locale, n: &crate::dataset::totals::ByName) -> Option<(String, u64)> {
    match n.single {
        Some(q) => Some((loc.quantity(q), q.value)),
        None => n
            .total
            .qualifier
            .map(|_| (loc.total(&n.total), n.total.value)),
    }
}

/// A piece of plain text, or a link to the record an id in it names.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TextPart {
    pub text: String,
    /// The record's page when `text` is the id of one in this build; empty otherwise.
    pub url: String,
    /// That record's title.
    pub title: String,
}

/// `text` in parts, each id of a record in the build made a link to it (a retraction's
/// "Duplicate of 2019-05-28-…"). Ids are whole words: a longer word that contains one is text.
pub fn linked_ids(ds: &Dataset, urls: &Urls, text: &str) -> Vec<TextPart> {
    let mut parts: Vec<TextPart> = Vec::new();
    let mut plain = String::new();
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(is_id_char).unwrap_or(rest.len());
        plain.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_id_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        // A sentence may end right after the id: "Duplicate of x-y-z."
        match ds.event(word) {
            Some(e) if !word.is_empty() => {
                if !plain.is_empty() {
                    parts.push(TextPart {
                        text: std::mem::take(&mut plain),
                        url: String::new(),
                        title: String::new(),
                    });
                }
                parts.push(TextPart {
                    text: word.to_string(),
                    url: urls.event(&e.id),
                    title: e.title.clone(),
                });
            }
            _ => plain.push_str(word),
        }
        rest = &rest[end..];
    }
    if !plain.is_empty() {
        parts.push(TextPart {
            text: plain,
            url: String::new(),
            title: String::new(),
        });
    }
    parts
}
