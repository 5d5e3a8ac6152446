//! A figure's words in the page's language: what its dimensions and measures are called, and
//! its groups' labels (an empty key, "Other", "Several …", a kind of event, a period).
//! Groups are computed once, with the site's own names; each language relabels its copy, in
//! the same order, so every language shows the same bars.

use super::grouped::{FigureData, Group, OTHER, SEVERAL};
use crate::present::locale::Locale;
use crate::records::figure::{Dimension, FigureSpec, Measure};
use crate::records::EventKind;

/// A dimension as a heading: `Platform`, `Quarter`.
pub fn label(loc: &Locale, d: Dimension) -> String {
    loc.text(&format!("dimension.{}", d.key())).to_string()
}

/// A dimension in a sentence: `platform`, `origin country`.
pub fn singular(loc: &Locale, d: Dimension) -> String {
    label(loc, d).to_lowercase()
}

/// A dimension's plural in a sentence: `platforms`, `origin countries`.
pub fn plural(loc: &Locale, d: Dimension) -> String {
    loc.text(&format!("dimensions.{}", d.key())).to_string()
}

/// What a chart counts, as a heading: `Events`, `Accounts`.
pub fn measure_label(loc: &Locale, m: &Measure) -> String {
    match m {
        Measure::Events => loc.figure_label("events"),
        Measure::Figure { name, .. } => loc.figure_label(name),
    }
}

/// What a chart counts, in a sentence: `events`, `accounts`, `group members`.
pub fn measure_noun(loc: &Locale, m: &Measure) -> String {
    match m {
        Measure::Events => loc.figure_label("events").to_lowercase(),
        Measure::Figure { name, .. } if loc.has(&format!("measure.{name}")) => {
            loc.figure_label(name).to_lowercase()
        }
        Measure::Figure { name, .. } => name.replace(['_', '-'], " "),
    }
}

/// `data`'s group labels said in `loc`: the axis's, the series' and a timeline's platforms.
pub fn relabel(data: &mut FigureData, spec: &FigureSpec, series: Option<Dimension>, loc: &Locale) {
    for g in &mut data.x {
        relabel_group(g, spec.x, loc);
    }
    if let Some(d) = series {
        for g in &mut data.series {
            relabel_group(g, d, loc);
        }
    }
    for g in &mut data.platforms {
        relabel_group(g, Dimension::Platform, loc);
    }
}

fn relabel_group(g: &mut Group, d: Dimension, loc: &Locale) {
    let key = g.key.as_str();
    if key.is_empty() {
        g.label = loc.text(&format!("figure.none.{}", d.key())).to_string();
    } else if key == OTHER {
        g.label = loc.text("figure.other").to_string();
    } else if key == SEVERAL {
        g.label = loc.message("figure.several", None, &[("dimensions", &plural(loc, d))]);
    } else if let Some(label) = period_label(loc, d, key) {
        g.label = label;
    } else if d == Dimension::Kind {
        if let Some(kind) = EventKind::parse(key) {
            g.label = crate::present::views::kind_label(loc, kind);
        }
    }
}

/// A period of a time axis: `2019`, `2019 Q2`, `May 2019`, in `loc`'s words and digits. The
/// English month labels are the theme's own abbreviations, kept as they were.
fn period_label(loc: &Locale, d: Dimension, key: &str) -> Option<String> {
    let year: i16 = key.get(..4)?.parse().ok()?;
    let year_text = loc.date(&crate::records::date::PartialDate {
        year,
        month: None,
        day: None,
    });
    match d {
        Dimension::Year => Some(year_text),
        Dimension::Quarter => {
            let q: u64 = key.get(6..)?.parse().ok()?;
            Some(loc.message(
                "figure.quarter",
                None,
                &[("quarter", &loc.number(q)), ("year", &year_text)],
            ))
        }
        Dimension::Month if crate::present::locale::same_language(loc.tag(), "en") => None,
        Dimension::Month => {
            let month: u8 = key.get(5..)?.parse().ok()?;
            Some(loc.date(&crate::records::date::PartialDate {
                year,
                month: Some(month),
                day: None,
            }))
        }
        _ => None,
    }
}

/// A quarter or a month without its year, for a crowded axis: `Q2`, `May`.
pub fn short_period(loc: &Locale, key: &str, label: &str) -> String {
    match key.split_once("-Q") {
        Some((_, q)) => loc.message(
            "figure.quarter_short",
            None,
            &[("quarter", &loc.number(q.parse().unwrap_or(0)))],
        ),
        None => label.split_whitespace().next().unwrap_or(label).to_string(),
    }
}
