//! Figures: the specs of `content/figures/<id>.yaml` ([`crate::records::figure`]) drawn at
//! build time as static SVG with Plotters, and published with the table and CSV of their
//! numbers. Above the dataset, below the data files and pages; it never reads a file.
//!
//! [`data`] groups and sums the events a spec selects (with `keys`, `fold`, `totals` by the
//! qualifier rule, and `marks`) into the types of `grouped`; `scope` widens a term's or a
//! period's chart to the time around it. [`draw`] chooses the layout (`rows`, `columns`, `line`
//! or `lanes`, sharing `geometry`, `plot` and `axis`) and makes the `<svg>` on the `canvas`,
//! whose elements Plotters draws measured with the embedded `font` and coloured by the theme
//! (`paint`), with the pieces of [`svg`]; `links` says where each mark leads. [`text`] writes
//! its text alternative and notes; [`table`] its numbers. [`Drawn`] is one figure in one scope;
//! [`Figures`] holds every figure of a build in every scope it is shown in: the numbers are
//! computed up front (cheap), each chart is drawn once, on first use, by whichever page job
//! needs it first.

mod axis;
mod canvas;
mod columns;
pub mod data;
pub mod draw;
mod drawn;
mod fold;
mod font;
mod geometry;
mod grouped;
mod keys;
mod lanes;
mod line;
pub mod links;
mod marks;
mod paint;
mod plot;
mod rows;
mod scope;
pub mod svg;
pub mod table;
pub mod text;
mod totals;
pub mod words;

pub use crate::records::figure::{self as spec, FigureSpec};
pub use drawn::Drawn;

use crate::dataset::reads::{self, Input, List};
use crate::dataset::{Dataset, Taxonomy};
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::records::Event;
use rayon::prelude::*;
use spec::{Chart, Dimension, Measure};
use std::collections::HashMap;
use std::sync::Arc;

/// Taxonomies whose term pages show a small chart of their events over time.
pub const TERM_CHARTS: [Taxonomy; 7] = [
    Taxonomy::Platform,
    Taxonomy::Discloser,
    Taxonomy::Origin,
    Taxonomy::Target,
    Taxonomy::Actor,
    Taxonomy::Operation,
    Taxonomy::Tactic,
];

/// Every figure of a build: the site's figures over all events, and each term's small chart.
pub struct Figures {
    /// By id.
    site: Vec<Drawn>,
    by_id: HashMap<String, usize>,
    /// Each term's chart, with the events it is drawn from (what a page showing it reads).
    terms: HashMap<(Taxonomy, String), (Drawn, [Input; 2])>,
}

impl Figures {
    /// Compute the numbers of every figure in every scope (in parallel); nothing is drawn yet.
    pub fn new(ds: &Dataset, loc: &Locale) -> Figures {
        let urls = Urls::in_language(&ds.config, loc);
        let site: Vec<Drawn> = ds
            .figures
            .par_iter()
            .map(|spec| {
                let data = data::compute(spec, ds, ds.events.iter());
                let url = urls.figure(&spec.id);
                Drawn::new(
                    Arc::new(spec.clone()),
                    data,
                    format!("figure-{}", spec.id),
                    Some(url),
                    false,
                    urls.clone(),
                    loc,
                )
            })
            .collect();
        let by_id = site
            .iter()
            .enumerate()
            .map(|(i, d)| (d.spec.id.clone(), i))
            .collect();
        let scopes: Vec<(Taxonomy, &String, &Vec<usize>)> = TERM_CHARTS
            .iter()
            .flat_map(|&t| ds.index_of(t).iter().map(move |(k, v)| (t, k, v)))
            .collect();
        let span = ds.counted_span();
        let terms = scopes
            .par_iter()
            .filter_map(|&(t, key, positions)| {
                let events: Vec<&Event> = ds.events_of(positions).filter(|e| e.counts()).collect();
                if events.is_empty() {
                    return None;
                }
                let spec = term_spec(ds, loc, t, key, &events, span);
                let data = data::compute(&spec, ds, events.into_iter());
                let dom_id = format!("figure-{}-{}", t.key(), t.slug(key));
                // Its events, over a window kept within the span of every record.
                let read = [Input::Members(List::Term(t, key.clone())), Input::Span];
                Some((
                    (t, key.clone()),
                    (
                        Drawn::new(Arc::new(spec), data, dom_id, None, true, urls.clone(), loc),
                        read,
                    ),
                ))
            })
            .collect();
        Figures { site, by_id, terms }
    }

    // Every way to a figure notes that the page being rendered reads it (`dataset::reads`).

    /// The site's figures, by id.
    pub fn all(&self) -> &[Drawn] {
        reads::note_all(self.site.iter().map(|d| Input::Figure(d.spec.id.clone())));
        &self.site
    }

    pub fn get(&self, id: &str) -> Option<&Drawn> {
        reads::note(Input::Figure(id.to_string()));
        self.by_id.get(id).map(|&i| &self.site[i])
    }

    /// The small chart of a term page, if the term has events.
    pub fn term(&self, taxonomy: Taxonomy, key: &str) -> Option<&Drawn> {
        let (drawn, read) = self.terms.get(&(taxonomy, key.to_string()))?;
        reads::note_all(read.iter().cloned());
        Some(drawn)
    }

    /// Figures for the home page: those marked `headline`, else the first two.
    pub fn headline(&self) -> Vec<&Drawn> {
        let marked: Vec<&Drawn> = self.site.iter().filter(|d| d.spec.headline).collect();
        let shown = if marked.is_empty() {
            self.site.iter().take(2).collect()
        } else {
            marked
        };
        reads::note_all(shown.iter().map(|d| Input::Figure(d.spec.id.clone())));
        shown
    }

    /// The HTML of a figure for a Markdown embed or a template; `None` for an unknown id.
    pub fn embed(&self, id: &str) -> Option<Result<String, String>> {
        self.get(id).map(Drawn::html)
    }
}

/// A term's events over time: by year, or by quarter when they span three years or less and
/// every date has a month; by platform, in a stack that counts each event once. The chart
/// shows the periods around the term's too (see `scope`), so a term of one quarter is one
/// column among its neighbours.
fn term_spec(
    ds: &Dataset,
    loc: &Locale,
    t: Taxonomy,
    key: &str,
    events: &[&Event],
    data_span: Option<(jiff::civil::Date, jiff::civil::Date)>,
) -> FigureSpec {
    let first = events.iter().map(|e| e.date.first_day()).min();
    let last = events.iter().map(|e| e.date.last_day()).max();
    let years = first.zip(last).map_or(0, |(a, b)| b.year() - a.year());
    let x = if years < 3 && events.iter().all(|e| e.date.month.is_some()) {
        Dimension::Quarter
    } else {
        Dimension::Year
    };
    let per = if x == Dimension::Quarter {
        "quarter"
    } else {
        "year"
    };
    let (chart, series) = if t == Taxonomy::Platform {
        (Chart::Bar, None)
    } else {
        (Chart::StackedBar, Some(Dimension::Platform))
    };
    let period = first
        .zip(last)
        .zip(data_span)
        .and_then(|(own, data)| scope::window(x, own, data))
        .map(|(start, end)| crate::records::period::OpenPeriod {
            start: Some(start),
            end: Some(end),
            text: format!("{start}/{end}"),
        });
    FigureSpec {
        id: format!("{}-{}", t.key(), key),
        file: String::new(),
        title: loc.message(
            "figure.term_title",
            None,
            &[
                ("unit", loc.text(&format!("figure_text.unit.{per}"))),
                ("name", ds.term_name(t, key)),
            ],
        ),
        chart,
        x,
        y: Measure::Events,
        series,
        top: None,
        // The term itself, so that each column links to the term's events of its period.
        filters: vec![spec::Filter {
            dimension: t.dimension(),
            values: vec![key.to_string()],
        }],
        period,
        caption: None,
        headline: false,
    }
}

/// The Tera function `figure(id="...")`: a figure's HTML, or an error naming the known ids.
pub fn template_function(
    figures: Arc<Figures>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<tera::Value> + Send + Sync + 'static {
    move |kwargs, _| {
        let id: &str = kwargs.must_get("id")?;
        match figures.embed(id) {
            Some(Ok(html)) => Ok(tera::Value::safe_string(&html)),
            Some(Err(message)) => Err(tera::Error::message(message)),
            None => {
                let known: Vec<&str> = figures.all().iter().map(|d| d.spec.id.as_str()).collect();
                let hint = crate::diagnostics::did_you_mean(id, known.iter().copied())
                    .unwrap_or_else(|| format!("figures: {}", known.join(", ")));
                Err(tera::Error::message(format!(
                    "unknown figure `{id}` ({hint})"
                )))
            }
        }
    }
}

/// The HTML of a figure shown for the `n`th time on one page, with its ids made unique: the
/// figure's own and every id inside its drawings (`<dom_id>-title`, `<dom_id>-n-desc`), in
/// `id`, `aria-labelledby` and `aria-describedby` alike.
pub fn renumber(html: &str, dom_id: &str, n: usize) -> String {
    let fresh = format!("{dom_id}-{n}");
    html.replace(&format!("id=\"{dom_id}\""), &format!("id=\"{fresh}\""))
        .replace(&format!("=\"{dom_id}-"), &format!("=\"{fresh}-"))
}

/// Register `figure()` before a site's templates are added, so templates that call it check;
/// [`template_function`] replaces it once the build's figures exist.
pub fn register_placeholder(tera: &mut tera::Tera) {
    tera.register_function(
        "figure",
        |_: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            Err(tera::Error::message(
                "figures are not available while only checking templates",
            ))
        },
    );
}
