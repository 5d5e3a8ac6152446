//! One figure in one scope ([`Drawn`]): its numbers now, its drawings on first use, and its HTML.
//!
//! A page shows each chart in two layouts, wide and narrow, and the theme's stylesheet shows the
//! one that fits the chart's column, so that no label is drawn smaller than 11 pixels on a phone.
//! Both have links from their marks to the records behind them; the SVG file and the thumbnail
//! of the figures list are drawn without, as pictures.

use super::data::{self, series_dimension, FigureData, Focus};
use super::links::Links;
use super::scope;
use super::svg::{self, Width};
use super::{keys, table, text, words};
use crate::dataset::Dataset;
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::records::figure::{Chart, FigureSpec, Measure};
use crate::records::period::OpenPeriod;
use std::sync::{Arc, OnceLock};

type Svg = OnceLock<Result<String, String>>;

/// One figure in one scope: its numbers now, its SVG when first asked for.
pub struct Drawn {
    pub spec: Arc<FigureSpec>,
    /// The language of its words and numbers.
    pub loc: Locale,
    pub data: FigureData,
    /// Prefix of every id inside its SVG and HTML, unique per page.
    pub dom_id: String,
    /// Its page, for figures that have one.
    pub url: Option<String>,
    pub small: bool,
    links: Links,
    /// Wide and narrow, with links; wide and narrow, without.
    drawings: [Svg; 4],
}

impl Drawn {
    pub(super) fn new(
        spec: Arc<FigureSpec>,
        data: FigureData,
        dom_id: String,
        url: Option<String>,
        small: bool,
        urls: Urls,
        loc: &Locale,
    ) -> Drawn {
        let links = Links::new(&spec, series_dimension(&spec), urls);
        let mut data = data;
        words::relabel(&mut data, &spec, series_dimension(&spec), loc);
        Drawn {
            loc: loc.clone(),
            spec,
            data,
            dom_id,
            url,
            small,
            links,
            drawings: Default::default(),
        }
    }

    /// `spec` counted over one span of time (a briefing's period): its own `period`, if it has
    /// one, is narrowed to the span. A chart over time in units the span is made of (a chart
    /// per quarter in a quarter's briefing) shows the periods around the span too, faint, with
    /// the span's own in full colour. It links to no figure page, since the figure's own page
    /// shows all of time; its marks link to records by `urls` (a printed copy's own).
    pub fn scoped(
        spec: &FigureSpec,
        ds: &Dataset,
        span: OpenPeriod,
        dom_id: String,
        urls: &Urls,
        loc: &Locale,
    ) -> Drawn {
        let mut spec = spec.clone();
        let own = spec.period.take();
        let narrowed = match own.clone() {
            None => span,
            Some(own) => OpenPeriod {
                start: own.start.max(span.start),
                end: match (own.end, span.end) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
                text: span.text,
            },
        };
        let context = (spec.chart != Chart::Timeline && scope::aligned(spec.x, &narrowed))
            .then(|| {
                let (first, last) = (narrowed.start?, narrowed.end?);
                let (start, end) = scope::window(spec.x, (first, last), ds.counted_span()?)?;
                Some(OpenPeriod {
                    start: Some(
                        own.as_ref()
                            .and_then(|o| o.start)
                            .map_or(start, |s| s.max(start)),
                    ),
                    end: Some(own.as_ref().and_then(|o| o.end).map_or(end, |e| e.min(end))),
                    text: narrowed.text.clone(),
                })
            })
            .flatten();
        let counted = context.clone().unwrap_or_else(|| narrowed.clone());
        // Events are sorted by date, coarser dates first, so by first day too: read only the
        // slice that can lie in the span (a date known to the year starts on 1 January).
        let from = counted.start.map_or(0, |s| {
            let january = jiff::civil::Date::new(s.year(), 1, 1).unwrap_or(s);
            ds.events.partition_point(|e| e.date.first_day() < january)
        });
        let to = counted.end.map_or(ds.events.len(), |e| {
            ds.events.partition_point(|ev| ev.date.first_day() <= e)
        });
        spec.title = if context.is_some() {
            loc.message(
                "figure.scoped_around",
                None,
                &[
                    ("title", &spec.title),
                    ("period", &narrowed.text),
                    ("dimensions", &words::plural(loc, spec.x)),
                ],
            )
        } else {
            loc.message(
                "figure.scoped",
                None,
                &[("title", &spec.title), ("period", &narrowed.text)],
            )
        };
        spec.period = Some(counted);
        let mut data = data::compute(&spec, ds, ds.events[from..to.max(from)].iter());
        if context.is_some() {
            data.focus = focus(&spec, &data, &narrowed);
        }
        Drawn::new(Arc::new(spec), data, dom_id, None, false, urls.clone(), loc)
    }

    pub fn description(&self) -> String {
        text::describe(&self.spec, &self.data, &self.loc)
    }

    /// The chart in one layout, drawn on first use.
    fn drawing(&self, width: Width, linked: bool) -> Result<&str, String> {
        let slot = match (width, linked) {
            (Width::Wide, true) => 0,
            (Width::Narrow, true) => 1,
            (Width::Wide, false) => 2,
            (Width::Narrow, false) => 3,
        };
        self.drawings[slot]
            .get_or_init(|| {
                let desc = self.description();
                let id = match width {
                    Width::Wide => self.dom_id.clone(),
                    Width::Narrow => format!("{}-n", self.dom_id),
                };
                let x_title = words::label(
                    &self.loc,
                    match self.spec.chart {
                        Chart::Timeline => series_dimension(&self.spec).unwrap_or(self.spec.x),
                        _ => self.spec.x,
                    },
                );
                let y_title = words::measure_label(&self.loc, &self.spec.y);
                let noun = words::measure_noun(&self.loc, &self.spec.y);
                let frame = svg::Frame {
                    id: &id,
                    title: &self.spec.title,
                    desc: &desc,
                    chart: self.spec.chart,
                    time_x: self.spec.x.is_time(),
                    counts_events: self.spec.y == Measure::Events,
                    small: self.small,
                    width,
                    x_title: &x_title,
                    y_title: &y_title,
                    noun: &noun,
                    links: linked.then_some(&self.links),
                    loc: &self.loc,
                };
                super::draw::draw(&frame, &self.data)
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// The chart for a page: both layouts, with links; the stylesheet shows the one that fits.
    pub fn svg(&self) -> Result<String, String> {
        Ok(format!(
            "{}{}",
            self.drawing(Width::Wide, true)?,
            self.drawing(Width::Narrow, true)?
        ))
    }

    /// The chart as a file on its own: the wide layout, without links.
    pub fn file_svg(&self) -> Result<&str, String> {
        self.drawing(Width::Wide, false)
    }

    /// The chart as a picture in a list of figures: the narrow layout, without links.
    pub fn thumbnail_svg(&self) -> Result<&str, String> {
        self.drawing(Width::Narrow, false)
    }

    pub fn notes(&self) -> Vec<String> {
        text::notes(&self.spec, &self.data, &self.loc)
    }

    pub fn caption_html(&self) -> String {
        self.spec
            .caption
            .as_deref()
            .map(crate::markdown::to_html)
            .unwrap_or_default()
    }

    pub fn table(&self) -> table::Table {
        table::table(&self.spec, &self.data, &self.loc)
    }

    pub fn csv(&self) -> String {
        table::to_csv(&self.spec, &self.data, &self.loc)
    }

    /// The chart under its title, with its caption, notes and the table of its numbers, ready
    /// to go into a page.
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
                    "<p class=\"chart-figure__links\"><a href=\"{}\">{}</a> · <a href=\"{base}.csv\" download>{}</a> · <a href=\"{base}.svg\" download>{}</a></p>",
                    esc(url),
                    esc(self.loc.text("figure.page")),
                    esc(self.loc.text("figure.data_csv")),
                    esc(self.loc.text("figure.chart_svg")),
                )
            }
            None => String::new(),
        };
        Ok(format!(
            "<figure class=\"chart-figure{}\" id=\"{}\">\n<figcaption class=\"chart-figure__title\">{title}</figcaption>\n<div class=\"chart-figure__chart\">\n{svg}</div>\n<div class=\"chart-figure__caption\">\n{}{notes}\n<details class=\"chart-figure__data\"><summary>{}</summary>\n{}\n</details>\n{links}</div>\n</figure>\n",
            if self.small { " chart-figure--small" } else { "" },
            esc(&self.dom_id),
            self.caption_html(),
            esc(self.loc.text("figure.numbers")),
            table::to_html(&self.table(), &self.spec.title),
        ))
    }
}

/// The groups of `x` that lie inside `period`, named as the period is.
fn focus(spec: &FigureSpec, data: &FigureData, period: &OpenPeriod) -> Option<Focus> {
    let (start, end) = (period.start?, period.end?);
    let inside: Vec<usize> = data
        .x
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            keys::key_span(spec.x, &g.key).is_some_and(|(a, b)| start <= a && b <= end)
        })
        .map(|(i, _)| i)
        .collect();
    Some(Focus {
        first: *inside.first()?,
        last: *inside.last()?,
        label: period.text.clone(),
    })
}
