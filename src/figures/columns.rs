//! Columns over time (bar, stacked bar, grouped bars), each a mark with its tooltip, its link
//! and its number, whose height is that number.

use super::canvas::{Canvas, Result};
use super::geometry::{bar_color, grouped, series_color, series_colors, CONTEXT};
use super::grouped::FigureData;
use super::links::count;
use super::paint::{Paint, Token};
use super::plot::Plot;
use super::svg::{measure, Frame, SMALL_TEXT};
use super::totals::is_inexact;
use crate::present::locale::Locale;
use crate::records::quantity::Total;
use plotters::style::text_anchor::{HPos, VPos};

/// The widest a column is drawn, so that one period alone does not fill the chart.
const MAX_COLUMN: f64 = 56.0;

/// Columns (bar, stacked bar) over time.
pub fn columns(canvas: &Canvas, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let plot = Plot::new(frame, data, canvas.height, top);
    plot.value_axis(canvas, frame)?;
    let bar_w = ((plot.band * 0.78).min(MAX_COLUMN).round() as i32).max(1);
    let grouped = grouped(frame, data);
    let paints = series_colors(data);
    for i in 0..data.x.len() {
        let focus = data.in_focus(i);
        let bx = plot.center(i) - bar_w / 2;
        if grouped {
            let sub = (bar_w / data.series.len() as i32).max(1);
            for (s, cell) in data.cells[i].iter().enumerate() {
                let sx = bx + s as i32 * sub;
                let paint = series_color(&paints, s);
                let bar = Bar {
                    x: (sx, sx + sub),
                    tooltip: format!(
                        "{}, {}: {}",
                        data.x[i].label,
                        data.series[s].label,
                        count(frame.loc, cell, frame.noun, frame.counts_events)
                    ),
                    href: frame
                        .links
                        .and_then(|l| l.cell(&data.x[i], &data.series[s])),
                    segments: vec![(cell.value, paint, String::new())],
                    total: cell,
                    focus,
                };
                bar.draw(canvas, frame.loc, &plot, f64::from(sub))?;
            }
            continue;
        }
        let segments: Vec<(u64, Paint, String)> = if data.series.is_empty() {
            vec![(data.cells[i][0].value, bar_color(data, i), String::new())]
        } else {
            data.cells[i]
                .iter()
                .enumerate()
                .map(|(s, cell)| {
                    let tip = format!(
                        "{}, {}: {}",
                        data.x[i].label,
                        data.series[s].label,
                        count(frame.loc, cell, frame.noun, frame.counts_events)
                    );
                    (cell.value, series_color(&paints, s), tip)
                })
                .collect()
        };
        let total = &data.rows[i];
        let bar = Bar {
            x: (bx, bx + bar_w),
            tooltip: format!(
                "{}: {}",
                data.x[i].label,
                count(frame.loc, total, frame.noun, frame.counts_events)
            ),
            href: frame.links.and_then(|l| l.group(&data.x[i])),
            segments,
            total,
            focus,
        };
        bar.draw(canvas, frame.loc, &plot, plot.band)?;
    }
    plot.time_axis(canvas, frame, data)
}

/// One column: its segments from the bottom up, its number on top.
struct Bar<'a> {
    x: (i32, i32),
    tooltip: String,
    href: Option<String>,
    /// Value, colour and tooltip (empty: the column's own) of each segment.
    segments: Vec<(u64, Paint, String)>,
    total: &'a Total,
    focus: bool,
}

impl Bar<'_> {
    fn draw(&self, canvas: &Canvas, loc: &Locale, plot: &Plot, room: f64) -> Result<()> {
        let height: u64 = self.segments.iter().map(|s| s.0).sum();
        if height == 0 {
            return Ok(());
        }
        let (opacity, role) = if self.focus {
            (1.0, "")
        } else {
            (CONTEXT, "chart-context")
        };
        canvas.mark("chart-bar", &self.tooltip, self.href.as_deref(), || {
            let mut acc = 0;
            for (value, paint, tip) in &self.segments {
                if *value == 0 {
                    continue;
                }
                let low = plot.y_of(acc);
                acc += value;
                let draw = || {
                    canvas.rect_with(
                        (self.x.0, plot.y_of(acc)),
                        (self.x.1, low),
                        *paint,
                        opacity,
                        role,
                    )
                };
                if tip.is_empty() {
                    draw()?;
                } else {
                    canvas.mark("chart-segment", tip, None, draw)?;
                }
            }
            let center = (self.x.0 + self.x.1) / 2;
            column_label(
                canvas,
                loc,
                (center, plot.y_of(height) - 3),
                self.total,
                room,
                self.focus,
            )
        })
    }
}

/// The number above a column when it fits; else just its honesty mark when that fits.
fn column_label(
    canvas: &Canvas,
    loc: &Locale,
    at: (i32, i32),
    total: &Total,
    room: f64,
    focus: bool,
) -> Result<()> {
    if total.qualifier.is_none() || total.value == 0 {
        return Ok(());
    }
    let text = loc.total(total);
    let room = room as i32 - 2;
    let shown = if measure(&text, SMALL_TEXT) <= room {
        text
    } else if is_inexact(total) && measure("≥", SMALL_TEXT) <= room {
        text.chars().take(1).collect()
    } else {
        return Ok(());
    };
    let paint = if focus { Token::Ink } else { Token::Muted };
    canvas.text(
        at,
        &shown,
        super::canvas::Type {
            size: SMALL_TEXT,
            paint: paint.into(),
            anchor: (HPos::Center, VPos::Bottom),
            role: "chart-value",
        },
    )
}
