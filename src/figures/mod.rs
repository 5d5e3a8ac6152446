//! Figures: charts defined as data (`content/figures/<id>.yaml`), drawn at build time as static
//! SVG with Plotters, and published with the table and CSV of their numbers.
//!
//! [`spec`] parses and checks a spec; [`data`] groups and sums the events it selects by the
//! qualifier rule; [`svg`] and [`charts`] draw it with the embedded font ([`font`]); [`text`]
//! writes its text alternative and notes; [`table`] its numbers. [`Figures`] holds every figure
//! of a build in every scope it is shown in: the numbers are computed up front (cheap), each
//! chart is drawn once, on first use, by whichever page job needs it first.

mod charts;
pub mod data;
mod embeds;
mod font;
pub mod period;
pub mod spec;
pub mod svg;
pub mod table;
pub mod text;

pub use embeds::check_embeds;
pub use spec::{check_spec, FigureSpec, SpecContext};

use crate::dataset::{Dataset, Taxonomy};
use crate::records::Event;
use data::FigureData;
use rayon::prelude::*;
use spec::{Chart, Dimension, FigureGroup, Measure};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Built-in figures, used when a site defines none.
pub fn defaults() -> Vec<FigureSpec> {
    let spec = |id: &str, title: &str| FigureSpec {
        id: id.into(),
        file: String::new(),
        title: title.into(),
        chart: Chart::Bar,
        x: Dimension::Year,
        y: Measure::Events,
        series: None,
        top: None,
        filters: Vec::new(),
        period: None,
        caption: None,
        headline: true,
    };
    vec![
        FigureSpec {
            chart: Chart::StackedBar,
            x: Dimension::Quarter,
            series: Some(Dimension::Platform),
            ..spec("events-by-quarter", "Events per quarter, by platform")
        },
        FigureSpec {
            x: Dimension::Origin,
            y: Measure::Figure {
                group: Some(FigureGroup::Removed),
                name: "accounts".into(),
            },
            top: Some(10),
            ..spec("accounts-by-origin", "Accounts removed, by origin country")
        },
    ]
}

/// Ids of the figures a site will have: its own, or the built-in ones when it defines none.
pub fn ids_in_force(site_ids: &[String]) -> Vec<String> {
    if site_ids.is_empty() {
        defaults().into_iter().map(|f| f.id).collect()
    } else {
        site_ids.to_vec()
    }
}

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

/// One figure in one scope: its numbers now, its SVG when first asked for.
pub struct Drawn {
    pub spec: Arc<FigureSpec>,
    pub data: FigureData,
    /// Prefix of every id inside its SVG and HTML, unique per page.
    pub dom_id: String,
    /// Its page, for figures that have one.
    pub url: Option<String>,
    pub small: bool,
    svg: OnceLock<Result<String, String>>,
}

impl Drawn {
    fn new(
        spec: Arc<FigureSpec>,
        data: FigureData,
        dom_id: String,
        url: Option<String>,
        small: bool,
    ) -> Drawn {
        Drawn {
            spec,
            data,
            dom_id,
            url,
            small,
            svg: OnceLock::new(),
        }
    }

    /// `spec` counted over one span of time only (a briefing's period): its own `period`, if
    /// it has one, is narrowed to the span. It links to no page, since the figure's own page
    /// shows all of time.
    pub fn scoped(spec: &FigureSpec, ds: &Dataset, span: period::Period, dom_id: String) -> Drawn {
        let mut spec = spec.clone();
        let narrowed = match spec.period.take() {
            None => span,
            Some(own) => period::Period {
                start: own.start.max(span.start),
                end: match (own.end, span.end) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
                text: span.text,
            },
        };
        // Events are sorted by date, coarser dates first, so by first day too: read only the
        // slice that can lie in the span (a date known to the year starts on 1 January).
        let from = narrowed.start.map_or(0, |s| {
            let january = jiff::civil::Date::new(s.year(), 1, 1).unwrap_or(s);
            ds.events.partition_point(|e| e.date.first_day() < january)
        });
        let to = narrowed.end.map_or(ds.events.len(), |e| {
            ds.events.partition_point(|ev| ev.date.first_day() <= e)
        });
        spec.title = format!("{}, {}", spec.title, narrowed.text);
        spec.period = Some(narrowed);
        let data = data::compute(&spec, ds, ds.events[from..to.max(from)].iter());
        Drawn::new(Arc::new(spec), data, dom_id, None, false)
    }

    pub fn description(&self) -> String {
        text::describe(&self.spec, &self.data)
    }

    /// The chart as a complete `<svg>` element, drawn on first use.
    pub fn svg(&self) -> Result<&str, String> {
        self.svg
            .get_or_init(|| {
                let desc = self.description();
                let frame = svg::Frame {
                    id: &self.dom_id,
                    title: &self.spec.title,
                    desc: &desc,
                    chart: self.spec.chart,
                    time_x: self.spec.x.is_time(),
                    counts_events: self.spec.y == Measure::Events,
                    small: self.small,
                };
                svg::draw(&frame, &self.data)
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    pub fn notes(&self) -> Vec<String> {
        text::notes(&self.spec, &self.data)
    }

    pub fn caption_html(&self) -> String {
        self.spec
            .caption
            .as_deref()
            .map(crate::markdown::to_html)
            .unwrap_or_default()
    }

    pub fn table(&self) -> table::Table {
        table::table(&self.spec, &self.data)
    }

    pub fn csv(&self) -> String {
        table::to_csv(&self.spec, &self.data)
    }

    /// The chart with its title, caption, notes and the table of its numbers, ready to go
    /// into a page.
    pub fn html(&self) -> Result<String, String> {
        let svg = self.svg()?;
        let esc = svg::escape;
        let title = match &self.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", esc(url), esc(&self.spec.title)),
            None => esc(&self.spec.title),
        };
        let notes = self.notes();
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(
                "<p class=\"chart-figure__notes\">{}</p>",
                esc(&notes.join(" "))
            )
        };
        let links = match &self.url {
            Some(url) => {
                let base = url.trim_end_matches('/');
                format!(
                    "<p class=\"chart-figure__links\"><a href=\"{}\">Figure page</a> · <a href=\"{base}.csv\" download>Data (CSV)</a> · <a href=\"{base}.svg\" download>Chart (SVG)</a></p>",
                    esc(url)
                )
            }
            None => String::new(),
        };
        Ok(format!(
            "<figure class=\"chart-figure{}\" id=\"{}\">\n<div class=\"chart-figure__chart\">\n{svg}</div>\n<figcaption class=\"chart-figure__caption\">\n<p class=\"chart-figure__title\">{title}</p>\n{}{notes}\n<details class=\"chart-figure__data\"><summary>The numbers behind this chart</summary>\n{}\n</details>\n{links}</figcaption>\n</figure>\n",
            if self.small { " chart-figure--small" } else { "" },
            esc(&self.dom_id),
            self.caption_html(),
            table::to_html(&self.table(), &self.spec.title),
        ))
    }
}

/// Every figure of a build: the site's figures over all events, and each term's small chart.
pub struct Figures {
    /// By id.
    site: Vec<Drawn>,
    by_id: HashMap<String, usize>,
    terms: HashMap<(Taxonomy, String), Drawn>,
}

impl Figures {
    /// Compute the numbers of every figure in every scope (in parallel); nothing is drawn yet.
    pub fn new(ds: &Dataset) -> Figures {
        let base = ds.config.base_path();
        let site: Vec<Drawn> = ds
            .figures
            .par_iter()
            .map(|spec| {
                let data = data::compute(spec, ds, ds.events.iter());
                let url = format!("{base}figures/{}/", spec.id);
                Drawn::new(
                    Arc::new(spec.clone()),
                    data,
                    format!("figure-{}", spec.id),
                    Some(url),
                    false,
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
        let terms = scopes
            .par_iter()
            .filter_map(|&(t, key, positions)| {
                let events: Vec<&Event> = ds.events_of(positions).filter(|e| e.counts()).collect();
                if events.is_empty() {
                    return None;
                }
                let spec = term_spec(ds, t, key, &events);
                let data = data::compute(&spec, ds, events.into_iter());
                let dom_id = format!("figure-{}-{}", t.key(), t.slug(key));
                Some((
                    (t, key.clone()),
                    Drawn::new(Arc::new(spec), data, dom_id, None, true),
                ))
            })
            .collect();
        Figures { site, by_id, terms }
    }

    /// The site's figures, by id.
    pub fn all(&self) -> &[Drawn] {
        &self.site
    }

    pub fn get(&self, id: &str) -> Option<&Drawn> {
        self.by_id.get(id).map(|&i| &self.site[i])
    }

    /// The small chart of a term page, if the term has events.
    pub fn term(&self, taxonomy: Taxonomy, key: &str) -> Option<&Drawn> {
        self.terms.get(&(taxonomy, key.to_string()))
    }

    /// Figures for the home page: those marked `headline`, else the first two.
    pub fn headline(&self) -> Vec<&Drawn> {
        let marked: Vec<&Drawn> = self.site.iter().filter(|d| d.spec.headline).collect();
        if marked.is_empty() {
            self.site.iter().take(2).collect()
        } else {
            marked
        }
    }

    /// The HTML of a figure for a Markdown embed or a template; `None` for an unknown id.
    pub fn embed(&self, id: &str) -> Option<Result<String, String>> {
        self.get(id).map(Drawn::html)
    }
}

/// A term's events over time: by year, or by quarter when they span three years or less and
/// every date has a month; coloured by platform.
fn term_spec(ds: &Dataset, t: Taxonomy, key: &str, events: &[&Event]) -> FigureSpec {
    let first = events.first().map_or(0, |e| e.date.year);
    let last = events.last().map_or(0, |e| e.date.year);
    let x = if last - first < 3 && events.iter().all(|e| e.date.month.is_some()) {
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
    FigureSpec {
        id: format!("{}-{}", t.key(), key),
        file: String::new(),
        title: format!("Events per {per}: {}", ds.term_name(t, key)),
        chart,
        x,
        y: Measure::Events,
        series,
        top: None,
        filters: Vec::new(),
        period: None,
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

/// The HTML of a figure shown for the `n`th time on one page, with its ids made unique.
pub fn renumber(html: &str, dom_id: &str, n: usize) -> String {
    let fresh = format!("{dom_id}-{n}");
    html.replace(&format!("id=\"{dom_id}\""), &format!("id=\"{fresh}\""))
        .replace(&format!("{dom_id}-title"), &format!("{fresh}-title"))
        .replace(&format!("{dom_id}-desc"), &format!("{fresh}-desc"))
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

/// A site figure limited to `period` (a briefing's), as its own [`Drawn`]: the figure's own
/// `period`, if any, gives way to it. `dom_id` must be unique on the page it goes on.
pub fn for_period(
    ds: &Dataset,
    spec: &FigureSpec,
    period: period::Period,
    dom_id: String,
) -> Drawn {
    let spec = FigureSpec {
        period: Some(period),
        ..spec.clone()
    };
    let data = data::compute(&spec, ds, ds.events.iter());
    let url = format!("{}figures/{}/", ds.config.base_path(), spec.id);
    Drawn::new(Arc::new(spec), data, dom_id, Some(url), false)
}
