//! What `briefing.html` shows, in display-ready shapes (documented in `docs/templates.md`):
//! the cover, the key numbers, the narrative and figures, with the lists of events from
//! [`super::listings`] and the numbered sources from [`super::references`].

use super::listings::{EventRef, Listings, RevisionView, Row, Section};
use super::references::{Reference, References};
use crate::dataset::scope::{key_numbers, KeyNumber, Scope};
use crate::dataset::{Dataset, Totals};
use crate::present::citation::Citation;
use crate::present::locale::Locale;
use crate::present::stand_in;
use crate::present::urls::Urls;
use crate::present::views::{self, DateView, TotalsView};
use crate::records::briefing::narrative;
use crate::records::briefing::Briefing;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// What a build knows about a briefing beyond the dataset. (Its data version is bound as the
/// page is written, as every page's is: `render::facts`.)
#[derive(Debug, Clone, Default)]
pub struct BuildFacts {
    /// Whether this build prints briefings to PDF (so the page may link its PDF).
    pub pdf: bool,
}

#[derive(Serialize)]
pub struct PeriodView {
    pub key: String,
    pub label: String,
    /// `quarter`, `half-year`, `month`, `year` or `period`.
    pub noun: &'static str,
    /// First and last day, `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    /// The days it covers: `1 April – 30 June 2019`.
    pub range: String,
}

fn period_view(loc: &Locale, p: &crate::records::period::Period) -> PeriodView {
    let days = crate::records::period::Period {
        kind: crate::records::period::PeriodKind::Interval,
        ..*p
    };
    PeriodView {
        key: p.key(),
        label: period_label(loc, p),
        noun: p.noun(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        range: period_label(loc, &days),
    }
}

/// A period as the briefing names it, in `loc`: `Q2 2019`, `April 2019`, `1 April – 30 June
/// 2019`.
pub fn period_label(loc: &Locale, p: &crate::records::period::Period) -> String {
    use crate::records::date::PartialDate;
    use crate::records::period::PeriodKind;
    let year = p.start.year();
    let full = |d: jiff::civil::Date| PartialDate {
        year: d.year(),
        month: Some(d.month() as u8),
        day: Some(d.day() as u8),
    };
    let year_text = loc.date(&PartialDate {
        year,
        month: None,
        day: None,
    });
    match p.kind {
        PeriodKind::Quarter(q) => loc.message(
            "period.quarter",
            None,
            &[("quarter", &loc.number(q.into())), ("year", &year_text)],
        ),
        PeriodKind::Half(h) => loc.message(
            "period.half",
            None,
            &[("half", &loc.number(h.into())), ("year", &year_text)],
        ),
        PeriodKind::Year => year_text,
        PeriodKind::Month => loc.date(&PartialDate {
            year,
            month: Some(p.start.month() as u8),
            day: None,
        }),
        PeriodKind::Interval => loc.days(&full(p.start), &full(p.end)),
    }
}

/// A key number said in `loc`: its label from the catalogue, its figures in the language's
/// digits, the words of its change and note.
fn key_number_in(loc: &Locale, n: &KeyNumber) -> KeyNumber {
    let label = match n.group {
        "events" => loc.text(&format!("briefing.count.{}", n.name)).to_string(),
        _ => loc.figure_label(&n.name),
    };
    let shown = |s: &crate::dataset::scope::Shown| {
        let mut s = s.clone();
        let value = loc.number(s.value);
        s.display = match s.qualifier {
            "exact" => value,
            "approx" => loc.message("quantity.approx", None, &[("value", &value)]),
            "at-least" => loc.message("quantity.gte", None, &[("value", &value)]),
            _ => s.display,
        };
        s
    };
    let mut change = n.change.clone();
    change.display = match change.display.as_str() {
        "no change" => loc.text("briefing.no_change").to_string(),
        "about the same" => loc.text("briefing.about_the_same").to_string(),
        display => digits_in(loc, display),
    };
    change.note = match change.note.as_str() {
        "" => String::new(),
        "the current figure is a lower bound" => loc.text("briefing.note_lower_bound").to_string(),
        "not reported in one of the two periods" => {
            loc.text("briefing.note_not_reported").to_string()
        }
        _ => loc.text("briefing.note_not_comparable").to_string(),
    };
    KeyNumber {
        label,
        current: shown(&n.current),
        previous: shown(&n.previous),
        change,
        ..n.clone()
    }
}

/// `text` with each number in it (`1,900`, `60`) written in `loc`'s digits and grouping.
fn digits_in(loc: &Locale, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        if !number.is_empty() {
            let value: u64 = number.replace(',', "").parse().unwrap_or(0);
            out.push_str(&loc.number(value));
            number.clear();
        }
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let in_number = c.is_ascii_digit()
            || (c == ','
                && !number.is_empty()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if in_number {
            number.push(c);
        } else {
            flush(&mut number, &mut out);
            out.push(c);
        }
    }
    flush(&mut number, &mut out);
    out
}

/// Key numbers of one kind: counts of events, or one group of reported figures.
#[derive(Serialize)]
pub struct NumberGroup {
    /// `events`, `removed`, `reach` or `content`.
    pub key: &'static str,
    pub title: String,
    pub rows: Vec<KeyNumber>,
}

fn group_numbers(loc: &Locale, numbers: Vec<KeyNumber>) -> Vec<NumberGroup> {
    let titles = [
        ("events", "briefing.disclosures"),
        ("removed", "event.removed"),
        ("reach", "event.reach"),
        ("content", "event.content"),
    ];
    titles
        .into_iter()
        .map(|(key, title)| NumberGroup {
            key,
            title: loc.text(title).to_string(),
            rows: numbers
                .iter()
                .filter(|n| n.group == key)
                .map(|n| key_number_in(loc, n))
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

/// A figure of the briefing, numbered in the order it appears.
#[derive(Serialize, Clone)]
pub struct FigureView {
    pub id: String,
    /// 1, 2, … in the order figures appear: the narrative's first, then the front matter's.
    pub number: usize,
    /// The element id it is linked to by: `figure-1`.
    pub anchor: String,
    /// Its title, scoped to the period (`Accounts removed, by platform, Q2 2019`).
    pub title: String,
    /// The whole figure: numbered title above the chart, source and notes below, its numbers.
    pub html: String,
}

/// One line of the contents: a section, a network, a figure or a table.
#[derive(Serialize)]
pub struct ContentsEntry {
    pub anchor: String,
    /// `Figure 1.`, `Table 2.`, or empty for a section.
    pub label: String,
    pub title: String,
    /// 1 for a section, 2 for what is inside one.
    pub level: u8,
    /// The page it starts on in the PDF; empty on the web page, and in the first print.
    pub page: String,
}

/// The contents, in three lists.
#[derive(Serialize, Default)]
pub struct Contents {
    pub sections: Vec<ContentsEntry>,
    pub figures: Vec<ContentsEntry>,
    pub tables: Vec<ContentsEntry>,
}

/// A table of the briefing, numbered in order.
#[derive(Serialize)]
pub struct TableView {
    pub number: usize,
    pub anchor: String,
    pub title: String,
}

/// Who publishes the briefing, for its cover: `[publisher]` in `site.toml`.
#[derive(Serialize)]
pub struct PublisherView {
    pub name: String,
    pub url: String,
    pub address: String,
    /// The logo's file in the site's static files (`logo.svg`), to be put after `site.base`.
    pub logo: String,
}

/// A change made to the briefing after it was published.
#[derive(Serialize)]
pub struct UpdateView {
    pub date: DateView,
    pub note: String,
}

#[derive(Serialize)]
pub struct BriefingView {
    pub slug: String,
    /// Its place in the tracker's series of briefings, by publication: 1, 2, …
    pub number: usize,
    pub publisher: PublisherView,
    /// The day it was last changed (its latest `revisions` entry, else `published`).
    pub updated: DateView,
    /// Its `revisions`, oldest first.
    pub updates: Vec<UpdateView>,
    /// The contents, with page numbers in the printed copy.
    pub contents: Contents,
    /// The key numbers' table and one per platform, numbered.
    pub numbers_table: TableView,
    /// The period's networks and cases, one section each.
    pub networks: Vec<super::networks::NetworkView>,
    pub title: String,
    pub url: String,
    /// The PDF's address when this build prints one, else empty.
    pub pdf_url: String,
    pub description: String,
    pub authors: Vec<String>,
    pub period: PeriodView,
    pub previous: Option<PeriodView>,
    pub published: DateView,
    pub draft: bool,
    pub data_version: String,
    /// The data version shortened for the cover (`3f2a9c1b07de`, `sha256:8a69da40a477`).
    pub data_version_short: String,
    pub citation: String,
    /// `A4` or `Letter`.
    pub paper: &'static str,
    pub numbers: Vec<NumberGroup>,
    pub totals: TotalsView,
    pub straddling: Vec<EventRef>,
    pub retracted: Vec<EventRef>,
    pub narrative_html: String,
    pub figures: Vec<FigureView>,
    pub rows: Vec<Row>,
    pub by_platform: Vec<Section>,
    /// The numbered table of each of `by_platform`, in the same order.
    pub platform_tables: Vec<TableView>,
    pub by_origin: Vec<Section>,
    pub revisions: Vec<RevisionView>,
    pub references: Vec<Reference>,
    pub methodology_url: String,
    /// The citation as CSL-JSON, BibTeX and RIS files beside the page.
    pub cite_files: crate::present::urls::CitationLinks,
}

/// Everything `briefing.html` shows about `b`. `urls` decides how links are written: site
/// paths on the web page, absolute addresses in the copy printed to PDF. `figure` draws a
/// figure over the period, numbered in the order asked for; `pages` are the pages each anchor
/// was found on in a first print, for the contents.
pub fn view(
    ds: &Dataset,
    urls: &Urls,
    loc: &Locale,
    b: &Briefing,
    facts: &BuildFacts,
    figure: &dyn Fn(&str) -> Option<FigureView>,
    pages: Option<&BTreeMap<String, usize>>,
) -> BriefingView {
    let scope = Scope::of(ds, b.period);
    let previous_period = b.period.previous();
    let previous = previous_period.map_or_else(
        || Scope {
            period: b.period,
            events: Vec::new(),
            straddling: Vec::new(),
            retracted: Vec::new(),
            totals: Totals::default(),
        },
        |p| Scope::of(ds, p),
    );
    // Sources are numbered by first mention: those the narrative cites, in its order, then
    // the rest of the period's, in date order as the sections list them.
    let mut refs = References::new(loc);
    for code in narrative::find(&b.body).into_iter().flatten() {
        if code.name == "cite" {
            if let Some(e) = ds.event(code.target().unwrap_or_default()) {
                refs.add_event(e);
            }
        }
    }
    for e in &scope.events {
        refs.add_event(e);
    }
    let placed: RefCell<Vec<FigureView>> = RefCell::new(Vec::new());
    let narrative_figure = |id: &str| {
        let f = figure(id)?;
        let html = f.html.clone();
        placed.borrow_mut().push(f);
        Some(html)
    };
    let (narrative_html, headings) =
        with_heading_anchors(&narrative_html(ds, b, &refs, &narrative_figure));
    let listed: Vec<FigureView> = b.figures.iter().filter_map(|id| figure(id)).collect();

    let lists = Listings {
        ds,
        urls,
        loc,
        refs: &refs,
    };
    let url = urls.path(&crate::present::urls::folder::briefing(&b.slug));
    let permalink = if urls.has_base_url() {
        urls.permalink(&crate::present::urls::folder::briefing(&b.slug))
    } else {
        String::new()
    };
    let methodology_url = ds
        .pages
        .iter()
        .find(|p| p.slug == "methodology")
        .map(|p| urls.page(&p.slug))
        .unwrap_or_default();
    let by_platform = lists.by_platform(&scope.events);
    let numbers_table = TableView {
        number: 1,
        anchor: "table-1".into(),
        title: match previous_period {
            Some(p) => loc.message(
                "briefing.key_numbers_beside",
                None,
                &[
                    ("period", &period_label(loc, &b.period)),
                    ("previous", &period_label(loc, &p)),
                ],
            ),
            None => loc.message(
                "briefing.key_numbers_title",
                None,
                &[("period", &period_label(loc, &b.period))],
            ),
        },
    };
    let platform_tables: Vec<TableView> = by_platform
        .iter()
        .enumerate()
        .map(|(i, s)| TableView {
            number: i + 2,
            anchor: format!("table-{}", i + 2),
            title: if s.key.is_empty() {
                loc.message(
                    "briefing.no_platform",
                    None,
                    &[("period", &period_label(loc, &b.period))],
                )
            } else {
                loc.message(
                    "briefing.on_platform",
                    None,
                    &[
                        ("platform", &s.name),
                        ("period", &period_label(loc, &b.period)),
                    ],
                )
            },
        })
        .collect();
    let networks = super::networks::networks(ds, urls, loc, &refs, &scope.events);
    let mut figures_in_order = placed.into_inner();
    figures_in_order.extend(listed.iter().cloned());
    let contents = contents(
        loc,
        b,
        &headings,
        &networks,
        &figures_in_order,
        &numbers_table,
        &platform_tables,
        pages,
        !listed.is_empty(),
    );
    BriefingView {
        slug: b.slug.clone(),
        number: series_number(ds, b),
        publisher: PublisherView {
            name: ds.config.publisher.name.trim().to_string(),
            url: ds.config.publisher.url.clone(),
            address: ds.config.publisher.address.clone(),
            logo: ds.config.publisher.logo.clone(),
        },
        updated: views::date(loc, b.last_updated()),
        updates: b
            .revisions
            .iter()
            .map(|r| UpdateView {
                date: views::date(loc, &r.date),
                note: r.note.clone(),
            })
            .collect(),
        contents,
        numbers_table,
        networks,
        title: b.title.clone(),
        pdf_url: if facts.pdf {
            urls.path(&crate::present::urls::folder::briefing_pdf(&b.slug))
        } else {
            String::new()
        },
        url,
        description: b.description.clone().unwrap_or_default(),
        authors: b.authors.clone(),
        period: period_view(loc, &b.period),
        previous: previous_period.as_ref().map(|p| period_view(loc, p)),
        published: views::date(loc, &b.published),
        draft: b.status == crate::records::briefing::BriefingStatus::Draft,
        data_version: stand_in::VERSION.to_string(),
        data_version_short: stand_in::VERSION_SHORT.to_string(),
        citation: citation(ds, loc, b, &permalink, stand_in::VERSION),
        paper: match ds.config.paper {
            crate::config::Paper::A4 => "A4",
            crate::config::Paper::Letter => "Letter",
        },
        numbers: group_numbers(loc, key_numbers(ds, &scope, &previous)),
        totals: views::totals(loc, &scope.totals),
        straddling: scope
            .straddling
            .iter()
            .map(|e| lists.event_ref(e))
            .collect(),
        retracted: scope.retracted.iter().map(|e| lists.event_ref(e)).collect(),
        narrative_html,
        figures: listed,
        rows: scope.events.iter().map(|e| lists.row(e, None)).collect(),
        by_platform,
        platform_tables,
        by_origin: lists.by_origin(&scope.events),
        revisions: lists.revisions(&b.period),
        references: refs.into_list(),
        methodology_url,
        cite_files: urls.citations(&crate::present::urls::folder::briefing(&b.slug)),
    }
}

/// The briefing's place in the series: briefings counted in order of publication.
fn series_number(ds: &Dataset, b: &Briefing) -> usize {
    1 + ds
        .briefings
        .iter()
        .filter(|o| (o.published, &o.slug) < (b.published, &b.slug))
        .count()
}

/// The contents: the sections in the order the template shows them (the narrative's own
/// headings among them), the networks under theirs, then every figure and table.
#[allow(clippy::too_many_arguments)]
fn contents(
    loc: &Locale,
    b: &Briefing,
    headings: &[(String, String)],
    networks: &[super::networks::NetworkView],
    figures: &[FigureView],
    numbers_table: &TableView,
    platform_tables: &[TableView],
    pages: Option<&BTreeMap<String, usize>>,
    listed_figures: bool,
) -> Contents {
    let entry = |anchor: &str, label: String, title: String, level: u8| ContentsEntry {
        page: pages
            .and_then(|p| p.get(anchor))
            .map(|&n| loc.number(n as u64))
            .unwrap_or_default(),
        anchor: anchor.to_string(),
        label,
        title,
        level,
    };
    let section = |anchor: &str, title: &str| entry(anchor, String::new(), title.into(), 1);
    let mut sections = vec![section(NUMBERS_ANCHOR, loc.text("briefing.key_numbers"))];
    for (anchor, title) in headings {
        sections.push(section(anchor, title));
    }
    if listed_figures {
        sections.push(section(
            FIGURES_ANCHOR,
            &loc.message(
                "briefing.figures_for",
                None,
                &[("period", &period_label(loc, &b.period))],
            ),
        ));
    }
    sections.push(section(NETWORKS_ANCHOR, loc.text("briefing.networks")));
    for n in networks {
        sections.push(entry(&n.anchor, String::new(), n.name.clone(), 2));
    }
    sections.push(section(PLATFORMS_ANCHOR, loc.text("briefing.by_platform")));
    sections.push(section(REVISIONS_ANCHOR, loc.text("briefing.corrections")));
    sections.push(section(SOURCES_ANCHOR, loc.text("event.sources")));
    sections.push(section(METHOD_ANCHOR, loc.text("briefing.method")));
    if !b.revisions.is_empty() {
        sections.push(section(UPDATES_ANCHOR, loc.text("briefing.revisions")));
    }
    Contents {
        sections,
        figures: figures
            .iter()
            .map(|f| {
                entry(
                    &f.anchor,
                    loc.message(
                        "briefing.figure",
                        None,
                        &[("number", &loc.number(f.number as u64))],
                    ),
                    f.title.clone(),
                    1,
                )
            })
            .collect(),
        tables: std::iter::once(numbers_table)
            .chain(platform_tables)
            .map(|t| {
                entry(
                    &t.anchor,
                    loc.message(
                        "briefing.table",
                        None,
                        &[("number", &loc.number(t.number as u64))],
                    ),
                    t.title.clone(),
                    1,
                )
            })
            .collect(),
    }
}

/// Element ids of the template's fixed sections, which the contents link to.
const NUMBERS_ANCHOR: &str = "numbers";
const FIGURES_ANCHOR: &str = "figures";
const NETWORKS_ANCHOR: &str = "networks";
const PLATFORMS_ANCHOR: &str = "by-platform";
const REVISIONS_ANCHOR: &str = "corrections";
const SOURCES_ANCHOR: &str = "sources";
const METHOD_ANCHOR: &str = "method";
const UPDATES_ANCHOR: &str = "revisions";

/// The narrative's HTML with an id on each `<h2>` (`section-1`, …), and each one's id and
/// text, for the contents. Only headings the Markdown renderer wrote are touched: text from the
/// body cannot spell a bare `<h2>`, its `<` is escaped.
fn with_heading_anchors(html: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len() + 64);
    let mut headings = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h2>") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "<h2>".len()..];
        let inner = &rest[..rest.find("</h2>").unwrap_or(rest.len())];
        let anchor = format!("section-{}", headings.len() + 1);
        out.push_str(&format!("<h2 id=\"{anchor}\">"));
        headings.push((anchor, plain_text(inner)));
    }
    out.push_str(rest);
    (out, headings)
}

/// The text of an HTML fragment: tags dropped, the escapes HTML rendering writes undone.
fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The briefing's citation: its authors (or the publisher), title, tracker, date, data
/// version and address.
fn citation(ds: &Dataset, loc: &Locale, b: &Briefing, permalink: &str, version: &str) -> String {
    Citation::of_briefing(&ds.config, b)
        .with_version(version)
        .with_url(permalink)
        .text_in(loc)
}

/// The narrative as HTML: each `cite` becomes links to the event's numbered sources, and each
/// `{{ figure(…) }}` line the numbered figure over the period.
fn narrative_html(
    ds: &Dataset,
    b: &Briefing,
    refs: &References,
    figure_html: &dyn Fn(&str) -> Option<String>,
) -> String {
    let markdown = narrative::expand(&b.body, |code| match code.name.as_str() {
        "cite" => refs
            .links(code.target().unwrap_or_default())
            .iter()
            .map(|r| format!("[\\[{}\\]](#{})", r.number, r.anchor))
            .collect(),
        // Figures stay as written: the figures stage places them.
        _ => b.body[code.start..code.end].to_string(),
    });
    crate::markdown::render_with_figures(&markdown, ds.config.markdown, figure_html)
        // Citation links are reference markers (`class="ref"`): text from the body cannot
        // spell this markup, its `<` is escaped.
        .replace("<a href=\"#ref-", "<a class=\"ref\" href=\"#ref-")
}
