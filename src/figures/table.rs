//! The numbers behind a chart as a table: one shape for the figure page's template, the
//! `<table>` inside embedded figures, and the CSV download.

use super::data::{series_dimension, FigureData};
use super::svg::escape;
use super::words;
use crate::present::locale::Locale;
use crate::records::figure::{FigureSpec, Measure};
use crate::records::quantity::{Total, TotalQualifier};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Cell {
    /// `51`, `≈2,800`, `≥1,000`, or `not reported`.
    pub display: String,
    pub value: u64,
    /// `exact`, `approx`, `at-least`, or `none` when nothing could be summed.
    pub qualifier: &'static str,
    /// Events whose figures went into it.
    pub events: usize,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub cells: Vec<Cell>,
}

/// `columns[0]` heads the row labels; the rest head the cells.
#[derive(Debug, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

pub fn qualifier(t: &Total) -> &'static str {
    match t.qualifier {
        None => "none",
        Some(TotalQualifier::Exact) => "exact",
        Some(TotalQualifier::Approx) => "approx",
        Some(TotalQualifier::AtLeast) => "at-least",
    }
}

fn cell(loc: &Locale, t: &Total) -> Cell {
    Cell {
        display: loc.total(t),
        value: t.value,
        qualifier: qualifier(t),
        events: t.events,
    }
}

/// With series: one column per series and one for all of them (each event once). Without:
/// the value, and for figures the number of events that reported one.
pub fn table(spec: &FigureSpec, data: &FigureData, loc: &Locale) -> Table {
    let mut columns = vec![words::label(loc, spec.x)];
    let cell = |t: &Total| cell(loc, t);
    let with_series = series_dimension(spec).is_some() && !data.series.is_empty();
    let counts_events = spec.y == Measure::Events;
    if with_series {
        columns.extend(data.series.iter().map(|g| g.label.clone()));
        columns.push(loc.message(
            "figure_text.all_column",
            None,
            &[("measure", &words::measure_noun(loc, &spec.y))],
        ));
    } else {
        columns.push(words::measure_label(loc, &spec.y));
        if !counts_events {
            columns.push(loc.text("figure_text.events_reporting").to_string());
        }
    }
    let rows = data
        .x
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut cells: Vec<Cell> = Vec::new();
            if with_series {
                cells.extend(data.cells[i].iter().map(&cell));
                cells.push(cell(&data.rows[i]));
            } else {
                cells.push(cell(&data.rows[i]));
                if !counts_events {
                    let n = data.rows[i].events as u64;
                    cells.push(Cell {
                        display: loc.number(n),
                        value: n,
                        qualifier: "exact",
                        events: data.rows[i].events,
                    });
                }
            }
            Row {
                key: g.key.clone(),
                label: g.label.clone(),
                cells,
            }
        })
        .collect();
    Table { columns, rows }
}

/// The table as HTML, for figures embedded in pages.
pub fn to_html(table: &Table, caption: &str) -> String {
    let mut out = String::from("<div class=\"table-scroll\"><table class=\"chart-table\">");
    out.push_str(&format!(
        "<caption>{}</caption><thead><tr>",
        escape(caption)
    ));
    for (i, c) in table.columns.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"num\"" };
        out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", escape(c)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>",
            escape(&row.label)
        ));
        for c in &row.cells {
            out.push_str(&format!("<td class=\"num\">{}</td>", escape(&c.display)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// One line per bar segment: group, series, value, qualifier, the honest display, and (for
/// figures) the events that reported one. A chart of events has no events column: its value is
/// the count already, and a second `events` column would repeat the header.
pub fn to_csv(spec: &FigureSpec, data: &FigureData, loc: &Locale) -> String {
    let x = spec.x.key();
    let counts_events = spec.y == Measure::Events;
    let y = match &spec.y {
        Measure::Events => "events".to_string(),
        Measure::Figure { name, .. } => name.clone(),
    };
    let series = series_dimension(spec).filter(|_| !data.series.is_empty());
    let mut header = vec![x.to_string(), format!("{x}_name")];
    if let Some(s) = series {
        header.push(s.key().to_string());
        header.push(format!("{}_name", s.key()));
    }
    header.extend([y, "qualifier".into(), "display".into()]);
    if !counts_events {
        header.push("events".into());
    }
    let mut rows = vec![header];
    for (i, g) in data.x.iter().enumerate() {
        let mut emit = |s: Option<(&str, &str)>, t: &Total| {
            let mut fields = vec![g.key.clone(), g.label.clone()];
            if let Some((key, label)) = s {
                fields.push(key.to_string());
                fields.push(label.to_string());
            }
            fields.push(if t.qualifier.is_some() {
                t.value.to_string()
            } else {
                String::new()
            });
            fields.push(qualifier(t).to_string());
            fields.push(loc.total(t));
            if !counts_events {
                fields.push(t.events.to_string());
            }
            rows.push(fields);
        };
        match series {
            Some(_) => {
                for (s, t) in data.series.iter().zip(&data.cells[i]) {
                    emit(Some((&s.key, &s.label)), t);
                }
            }
            None => emit(None, &data.rows[i]),
        }
    }
    // The same writer and formula rule as the events download.
    crate::escape::csv::to_string(&rows)
}
