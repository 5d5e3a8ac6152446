//! One figure in one scope ([`Drawn`]): its numbers now, its SVG on first use, and its HTML.

use super::data::{self, FigureData};
use super::{svg, table, text};
use crate::dataset::Dataset;
use crate::records::figure::{FigureSpec, Measure};
use crate::records::period::OpenPeriod;
use std::sync::{Arc, OnceLock};

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
    pub(super) fn new(
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
    pub fn scoped(spec: &FigureSpec, ds: &Dataset, span: OpenPeriod, dom_id: String) -> Drawn {
        let mut spec = spec.clone();
        let narrowed = match spec.period.take() {
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
                super::draw::draw(&frame, &self.data)
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
