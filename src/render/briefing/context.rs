//! What `briefing.html` shows, in display-ready shapes (documented in `docs/templates.md`):
//! the cover, the key numbers, the narrative and figures, with the lists of events from
//! [`super::listings`] and the numbered sources from [`super::references`].

use super::contents::{contents, with_heading_anchors, Contents};
use super::listings::{EventRef, Listings, RevisionView, Row, Section};
use super::numbers::{group_numbers, NumberGroup};
use super::references::{Reference, References};
use crate::dataset::scope::{key_numbers, Scope};
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
