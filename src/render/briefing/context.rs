//! What `briefing.html` shows, in display-ready shapes (documented in `docs/templates.md`):
//! the cover, the key numbers, the narrative and figures, with the lists of events from
//! [`super::listings`] and the numbered sources from [`super::references`].

use super::listings::{EventRef, Listings, RevisionView, Row, Section};
use super::references::{Reference, References};
use crate::dataset::scope::{key_numbers, KeyNumber, Scope};
use crate::dataset::{Dataset, Totals};
use crate::present::citation::{short_version, Citation, Work};
use crate::present::urls::Urls;
use crate::present::views::{self, DateView, TotalsView};
use crate::records::briefing::narrative;
use crate::records::briefing::Briefing;
use crate::records::Event;
use serde::Serialize;

/// What a build knows about a briefing beyond the dataset.
#[derive(Debug, Clone, Default)]
pub struct BuildFacts {
    /// The data version (a git commit or `sha256:…`); empty when unknown.
    pub data_version: String,
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

fn period_view(p: &crate::records::period::Period) -> PeriodView {
    let days = crate::records::period::Period {
        kind: crate::records::period::PeriodKind::Interval,
        ..*p
    };
    PeriodView {
        key: p.key(),
        label: p.label(),
        noun: p.noun(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        range: days.label(),
    }
}

/// Key numbers of one kind: counts of events, or one group of reported figures.
#[derive(Serialize)]
pub struct NumberGroup {
    /// `events`, `removed`, `reach` or `content`.
    pub key: &'static str,
    pub title: &'static str,
    pub rows: Vec<KeyNumber>,
}

fn group_numbers(numbers: Vec<KeyNumber>) -> Vec<NumberGroup> {
    let titles = [
        ("events", "Disclosures"),
        ("removed", "Removed"),
        ("reach", "Reach"),
        ("content", "Content"),
    ];
    titles
        .into_iter()
        .map(|(key, title)| NumberGroup {
            key,
            title,
            rows: numbers.iter().filter(|n| n.group == key).cloned().collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

#[derive(Serialize)]
pub struct FigureView {
    pub id: String,
    /// The figure, scoped to the period, as HTML made by the figures stage.
    pub html: String,
}

#[derive(Serialize)]
pub struct BriefingView {
    pub slug: String,
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
    pub by_origin: Vec<Section>,
    pub revisions: Vec<RevisionView>,
    pub references: Vec<Reference>,
    pub methodology_url: String,
    /// The citation as CSL-JSON, BibTeX and RIS files beside the page.
    pub cite_files: crate::present::urls::CitationLinks,
}

/// Numbered sources, by address.
/// Everything `briefing.html` shows about `b`. `urls` decides how links are written: site
/// paths on the web page, absolute addresses in the copy printed to PDF.
pub fn view(
    ds: &Dataset,
    urls: &Urls,
    b: &Briefing,
    facts: &BuildFacts,
    figure_html: &dyn Fn(&str) -> Option<String>,
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
    let mut refs = References::default();
    for e in &scope.events {
        refs.add_event(e);
    }
    let cited: Vec<&Event> = narrative::find(&b.body)
        .into_iter()
        .flatten()
        .filter(|s| s.name == "cite")
        .filter_map(|s| ds.event(s.target().unwrap_or_default()))
        .collect();
    for e in &cited {
        refs.add_event(e);
    }
    let narrative_html = narrative_html(ds, b, &refs, figure_html);

    let lists = Listings {
        ds,
        urls,
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
    BriefingView {
        slug: b.slug.clone(),
        title: b.title.clone(),
        pdf_url: if facts.pdf {
            urls.path(&crate::present::urls::folder::briefing_pdf(&b.slug))
        } else {
            String::new()
        },
        url,
        description: b.description.clone().unwrap_or_default(),
        authors: b.authors.clone(),
        period: period_view(&b.period),
        previous: previous_period.as_ref().map(period_view),
        published: views::date(&b.published),
        draft: b.status == crate::records::briefing::BriefingStatus::Draft,
        data_version: facts.data_version.clone(),
        data_version_short: short_version(&facts.data_version),
        citation: citation(ds, b, &permalink, &facts.data_version),
        paper: match ds.config.paper {
            crate::config::Paper::A4 => "A4",
            crate::config::Paper::Letter => "Letter",
        },
        numbers: group_numbers(key_numbers(ds, &scope, &previous)),
        totals: views::totals(&scope.totals),
        straddling: scope
            .straddling
            .iter()
            .map(|e| lists.event_ref(e))
            .collect(),
        retracted: scope.retracted.iter().map(|e| lists.event_ref(e)).collect(),
        narrative_html,
        figures: b
            .figures
            .iter()
            .filter_map(|id| {
                figure_html(id).map(|html| FigureView {
                    id: id.clone(),
                    html,
                })
            })
            .collect(),
        rows: scope.events.iter().map(|e| lists.row(e, None)).collect(),
        by_platform: lists.by_platform(&scope.events),
        by_origin: lists.by_origin(&scope.events),
        revisions: lists.revisions(&b.period),
        references: refs.into_list(),
        methodology_url,
        cite_files: urls.citations(&crate::present::urls::folder::briefing(&b.slug)),
    }
}

/// The briefing's citation: its authors (or the publisher), title, tracker, date, data
/// version and address.
fn citation(ds: &Dataset, b: &Briefing, permalink: &str, version: &str) -> String {
    Citation::new(&ds.config, Work::Report, &b.slug, &b.title)
        .with_authors(&b.authors)
        .with_issued(Some(b.published))
        .with_version(version)
        .with_url(permalink)
        .text()
}

/// The narrative as HTML: each `cite` becomes links to the event's numbered sources, and each
/// `{{ figure(…) }}` line the figure over the period.
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
}
