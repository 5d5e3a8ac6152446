//! The words around a chart: its text alternative (`<desc>`) and the notes that say what it
//! counts and what it leaves out.

use super::data::{series_dimension, FigureData};
use super::keys::plural;
use crate::records::date::PartialDate;
use crate::records::figure::{Chart, Dimension, FigureSpec, Measure};
use crate::records::quantity::thousands;
use crate::records::quantity::TotalQualifier;

/// Largest groups named in a text alternative; the table has the rest.
const DESCRIBED: usize = 10;

/// One paragraph a screen reader can read instead of the chart, and that the figure's page
/// shows under it: what is drawn, over which span, its largest groups and its total.
pub fn describe(spec: &FigureSpec, data: &FigureData) -> String {
    let y = spec.y.noun();
    if spec.chart == Chart::Timeline && !data.marks.is_empty() {
        return timeline(spec, data);
    }
    let by = if spec.x.is_time() { "per" } else { "by" };
    let mut out = format!(
        "{}: {y} {by} {}",
        spec.chart.noun(),
        spec.x.label().to_lowercase()
    );
    if let Some(s) = series_dimension(spec) {
        out.push_str(&format!(", by {}", s.label().to_lowercase()));
    }
    if data.is_empty() && data.marks.is_empty() {
        out.push_str(". No events match this figure.");
        return out;
    }
    if spec.x.is_time() {
        if let (Some(first), Some(last)) = (data.x.first(), data.x.last()) {
            if first.key == last.key {
                out.push_str(&format!(", {}.", first.label));
            } else {
                out.push_str(&format!(", from {} to {}.", first.label, last.label));
            }
        }
        if let Some(f) = &data.focus {
            out.push_str(&format!(
                " {} is highlighted; the {} around it are shown for context.",
                f.label,
                plural(spec.x)
            ));
        }
        let peak = data
            .rows
            .iter()
            .enumerate()
            .filter(|(_, t)| t.qualifier.is_some())
            .max_by(|(ia, a), (ib, b)| a.value.cmp(&b.value).then(ib.cmp(ia)));
        if let Some((i, t)) = peak {
            out.push_str(&format!(
                " Highest: {} with {}.",
                data.x[i].label,
                t.display()
            ));
        }
    } else {
        let named: Vec<String> = data
            .x
            .iter()
            .zip(&data.rows)
            .take(DESCRIBED)
            .map(|(g, t)| format!("{} {}", g.label, t.display()))
            .collect();
        out.push_str(&format!(": {}", named.join("; ")));
        if data.x.len() > DESCRIBED {
            out.push_str(&format!("; and {} more", data.x.len() - DESCRIBED));
        }
        out.push('.');
    }
    out.push_str(&format!(" In all: {} {y}", data.overall.display()));
    if spec.y != Measure::Events {
        out.push_str(&format!(
            " from {} event{}",
            thousands(data.overall.events as u64),
            plural_s(data.overall.events)
        ));
    }
    out.push('.');
    out
}

/// "Timeline of 11 events from August 2018 to January 2020, one mark per event, in lanes by
/// kind of event and coloured by platform."
fn timeline(spec: &FigureSpec, data: &FigureData) -> String {
    let month = |d: jiff::civil::Date| {
        PartialDate {
            year: d.year(),
            month: Some(d.month() as u8),
            day: None,
        }
        .display()
    };
    let first = data.marks.iter().map(|m| m.first).min();
    let last = data.marks.iter().map(|m| m.last).max();
    let span = match (first.map(month), last.map(month)) {
        (Some(a), Some(b)) if a == b => format!(" in {a}"),
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
        _ => String::new(),
    };
    let lanes = series_dimension(spec).unwrap_or(Dimension::Platform);
    let colour = if lanes == Dimension::Platform {
        String::new()
    } else {
        " and coloured by platform".into()
    };
    format!(
        "Timeline of {}{span}, one mark per event, in lanes by {}{colour}.",
        events(data.notes.matched),
        lanes.label().to_lowercase(),
    )
}

/// Sentences for the caption: what was left out, and why bars do not add up.
pub fn notes(spec: &FigureSpec, data: &FigureData) -> Vec<String> {
    let n = &data.notes;
    let y = spec.y.noun();
    let mut out = Vec::new();
    if n.upper_bound_only > 0 {
        out.push(format!(
            "{} report{} only an upper bound for {y} (such as “fewer than 100”) and {} not counted.",
            events(n.upper_bound_only),
            if n.upper_bound_only == 1 { "s" } else { "" },
            if n.upper_bound_only == 1 { "is" } else { "are" },
        ));
    }
    if n.no_figure > 0 {
        out.push(format!(
            "{} report{} no figure for {y}.",
            events(n.no_figure),
            if n.no_figure == 1 { "s" } else { "" }
        ));
    }
    if n.imprecise > 0 {
        out.push(format!(
            "{} dated only more coarsely than a {} {} left out.",
            events(n.imprecise),
            spec.x.key(),
            if n.imprecise == 1 { "is" } else { "are" },
        ));
    }
    // A figure given per platform splits cleanly between platforms; only events (and figures
    // grouped by anything else) can count twice.
    let splits = |d: Dimension| d == Dimension::Platform && spec.y != Measure::Events;
    if n.shared_x && !splits(spec.x) {
        out.push(format!(
            "An event with more than one {} counts under each, so the bars add up to more than the total.",
            singular(spec.x)
        ));
    }
    if n.several > 0 {
        if let Some(s) = series_dimension(spec) {
            out.push(format!(
                "An event with more than one {} is counted once, in “Several {}”, so each bar is as high as its number.",
                singular(s),
                plural(s)
            ));
        }
    } else if n.shared_series && spec.chart == Chart::Timeline {
        if let Some(s) = series_dimension(spec) {
            out.push(format!(
                "An event with more than one {} has a mark in each of its lanes.",
                singular(s)
            ));
        }
    } else if n.shared_series {
        if let Some(s) = series_dimension(spec).filter(|s| !splits(*s)) {
            out.push(format!(
                "An event with more than one {} counts in each of its colours.",
                singular(s)
            ));
        }
    }
    if let Some(f) = &data.focus {
        out.push(format!(
            "{} is in full colour; the {} around it are shown faint, for context.",
            f.label,
            plural(spec.x)
        ));
    }
    if n.folded_x > 0 {
        out.push(format!("“Other” combines {} smaller groups.", n.folded_x));
    }
    if n.folded_series > 0 {
        out.push(format!(
            "In the legend, “Other” combines {} smaller groups.",
            n.folded_series
        ));
    }
    let totals = || data.rows.iter().chain(data.cells.iter().flatten());
    let has = |q: TotalQualifier| totals().any(|t| t.qualifier == Some(q));
    if has(TotalQualifier::Approx) {
        out.push("≈ marks a total that includes approximate figures.".into());
    }
    if has(TotalQualifier::AtLeast) {
        out.push("≥ marks a total that includes lower bounds (“more than”, ranges): the true number is at least that.".into());
    }
    out
}

fn singular(d: Dimension) -> String {
    d.label().to_lowercase()
}

fn events(n: usize) -> String {
    format!("{} event{}", thousands(n as u64), plural_s(n))
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
