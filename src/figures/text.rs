//! The words around a chart: its text alternative (`<desc>`) and the notes that say what it
//! counts and what it leaves out.

use super::data::{series_dimension, FigureData};
use super::words;
use crate::present::locale::Locale;
use crate::records::date::PartialDate;
use crate::records::figure::{Chart, Dimension, FigureSpec, Measure};
use crate::records::quantity::TotalQualifier;

/// Largest groups named in a text alternative; the table has the rest.
const DESCRIBED: usize = 10;

/// One paragraph a screen reader can read instead of the chart, and that the figure's page
/// shows under it: what is drawn, over which span, its largest groups and its total.
pub fn describe(spec: &FigureSpec, data: &FigureData, loc: &Locale) -> String {
    let y = words::measure_noun(loc, &spec.y);
    if spec.chart == Chart::Timeline && !data.marks.is_empty() {
        return timeline(spec, data, loc);
    }
    let intro = if spec.x.is_time() {
        "figure_text.intro_time"
    } else {
        "figure_text.intro"
    };
    let chart = loc
        .text(&format!("figure_text.chart.{}", spec.chart.key()))
        .to_string();
    let mut out = loc.message(
        intro,
        None,
        &[
            ("chart", &chart),
            ("measure", &y),
            ("dimension", &words::singular(loc, spec.x)),
        ],
    );
    if let Some(s) = series_dimension(spec) {
        out.push_str(&loc.message(
            "figure_text.series",
            None,
            &[("dimension", &words::singular(loc, s))],
        ));
    }
    if data.is_empty() && data.marks.is_empty() {
        out.push_str(loc.text("figure_text.empty"));
        return out;
    }
    if spec.x.is_time() {
        if let (Some(first), Some(last)) = (data.x.first(), data.x.last()) {
            if first.key == last.key {
                out.push_str(&loc.message(
                    "figure_text.one_period",
                    None,
                    &[("period", &first.label)],
                ));
            } else {
                out.push_str(&loc.message(
                    "figure_text.periods",
                    None,
                    &[("first", &first.label), ("last", &last.label)],
                ));
            }
        }
        if let Some(f) = &data.focus {
            out.push_str(&loc.message(
                "figure_text.focus",
                None,
                &[
                    ("focus", &f.label),
                    ("dimensions", &words::plural(loc, spec.x)),
                ],
            ));
        }
        let peak = data
            .rows
            .iter()
            .enumerate()
            .filter(|(_, t)| t.qualifier.is_some())
            .max_by(|(ia, a), (ib, b)| a.value.cmp(&b.value).then(ib.cmp(ia)));
        if let Some((i, t)) = peak {
            out.push_str(&loc.message(
                "figure_text.peak",
                None,
                &[("label", &data.x[i].label), ("value", &loc.total(t))],
            ));
        }
    } else {
        let named: Vec<String> = data
            .x
            .iter()
            .zip(&data.rows)
            .take(DESCRIBED)
            .map(|(g, t)| {
                loc.message(
                    "figure_text.item",
                    None,
                    &[("label", &g.label), ("value", &loc.total(t))],
                )
            })
            .collect();
        let list = named.join(loc.text("figure_text.list_separator"));
        out.push_str(&loc.message("figure_text.list", None, &[("list", &list)]));
        if data.x.len() > DESCRIBED {
            out.push_str(&loc.message(
                "figure_text.more",
                Some((data.x.len() - DESCRIBED) as u64),
                &[],
            ));
        }
        out.push_str(loc.text("list.end"));
    }
    out.push_str(&loc.message(
        "figure_text.in_all",
        None,
        &[("total", &loc.total(&data.overall)), ("measure", &y)],
    ));
    if spec.y != Measure::Events {
        out.push_str(&loc.count("figure_text.from_events", data.overall.events as u64));
    }
    out.push_str(loc.text("list.end"));
    out
}

/// A timeline's text alternative: how many events, over which months, in which lanes.
fn timeline(spec: &FigureSpec, data: &FigureData, loc: &Locale) -> String {
    let month = |d: jiff::civil::Date| {
        loc.date(&PartialDate {
            year: d.year(),
            month: Some(d.month() as u8),
            day: None,
        })
    };
    let first = data.marks.iter().map(|m| m.first).min();
    let last = data.marks.iter().map(|m| m.last).max();
    let span = match (first.map(month), last.map(month)) {
        (Some(a), Some(b)) if a == b => loc.message("figure_text.in_month", None, &[("month", &a)]),
        (Some(a), Some(b)) => {
            loc.message("figure_text.from_to", None, &[("first", &a), ("last", &b)])
        }
        _ => String::new(),
    };
    let lanes = series_dimension(spec).unwrap_or(Dimension::Platform);
    let colour = if lanes == Dimension::Platform {
        String::new()
    } else {
        loc.text("figure_text.coloured").to_string()
    };
    loc.message(
        "figure_text.timeline",
        None,
        &[
            (
                "events",
                &loc.count("term.events", data.notes.matched as u64),
            ),
            ("span", &span),
            ("dimension", &words::singular(loc, lanes)),
            ("colour", &colour),
        ],
    )
}

/// What the chart leaves out or counts twice, and what its marks mean, one sentence each.
pub fn notes(spec: &FigureSpec, data: &FigureData, loc: &Locale) -> Vec<String> {
    let n = &data.notes;
    let y = words::measure_noun(loc, &spec.y);
    let mut out = Vec::new();
    if n.upper_bound_only > 0 {
        out.push(loc.message(
            "figure_text.upper_bound",
            Some(n.upper_bound_only as u64),
            &[("measure", &y)],
        ));
    }
    if n.no_figure > 0 {
        out.push(loc.message(
            "figure_text.no_figure",
            Some(n.no_figure as u64),
            &[("measure", &y)],
        ));
    }
    if n.imprecise > 0 {
        out.push(loc.message(
            "figure_text.imprecise",
            Some(n.imprecise as u64),
            &[(
                "unit",
                loc.text(&format!("figure_text.unit.{}", spec.x.key())),
            )],
        ));
    }
    let splits = |d: Dimension| d == Dimension::Platform && spec.y != Measure::Events;
    if n.shared_x && !splits(spec.x) {
        out.push(loc.message(
            "figure_text.shared_x",
            None,
            &[("dimension", &words::singular(loc, spec.x))],
        ));
    }
    if n.several > 0 {
        if let Some(s) = series_dimension(spec) {
            out.push(loc.message(
                "figure_text.several",
                None,
                &[
                    ("dimension", &words::singular(loc, s)),
                    ("dimensions", &words::plural(loc, s)),
                ],
            ));
        }
    } else if n.shared_series && spec.chart == Chart::Timeline {
        if let Some(s) = series_dimension(spec) {
            out.push(loc.message(
                "figure_text.shared_lanes",
                None,
                &[("dimension", &words::singular(loc, s))],
            ));
        }
    } else if n.shared_series {
        if let Some(s) = series_dimension(spec).filter(|s| !splits(*s)) {
            out.push(loc.message(
                "figure_text.shared_colours",
                None,
                &[("dimension", &words::singular(loc, s))],
            ));
        }
    }
    if let Some(f) = &data.focus {
        out.push(loc.message(
            "figure_text.focus_note",
            None,
            &[
                ("focus", &f.label),
                ("dimensions", &words::plural(loc, spec.x)),
            ],
        ));
    }
    if n.folded_x > 0 {
        out.push(loc.message("figure_text.other", Some(n.folded_x as u64), &[]));
    }
    if n.folded_series > 0 {
        out.push(loc.message(
            "figure_text.other_legend",
            Some(n.folded_series as u64),
            &[],
        ));
    }
    let totals = || data.rows.iter().chain(data.cells.iter().flatten());
    let has = |q: TotalQualifier| totals().any(|t| t.qualifier == Some(q));
    if has(TotalQualifier::Approx) {
        out.push(loc.text("figure_text.approx").to_string());
    }
    if has(TotalQualifier::AtLeast) {
        out.push(loc.text("figure_text.at_least").to_string());
    }
    out
}
