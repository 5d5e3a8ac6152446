//! A line over time, one per series. A line joins only values of the same kind: exact to exact,
//! approximate to approximate, lower bound to lower bound. A period where nothing was reported
//! is a gap, and two neighbouring values of different kinds stay two points, each marked with
//! its kind (a dot, a ring for ≈, a triangle for ≥), never one line that would read as a trend.

use super::canvas::{Canvas, Result, Type};
use super::geometry::{series_color, series_colors};
use super::grouped::FigureData;
use super::links::count;
use super::paint::{Paint, Token};
use super::plot::Plot;
use super::svg::{measure, Frame, SMALL_TEXT};
use crate::present::locale::Locale;
use crate::records::quantity::{Total, TotalQualifier};
use plotters::style::text_anchor::{HPos, VPos};

pub fn line(canvas: &Canvas, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let plot = Plot::new(frame, data, canvas.height, top);
    plot.value_axis(canvas, frame)?;
    let paints = series_colors(data);
    let labelled = data.series_count() == 1;
    let reported = |t: &Total| t.qualifier.is_some() || frame.counts_events;
    // A period where no series reported anything is shaded, and says so where there is room.
    for i in 0..data.x.len() {
        let silent = if data.series.is_empty() {
            !reported(&data.rows[i])
        } else {
            !data.cells[i].iter().any(reported)
        };
        if !silent {
            continue;
        }
        let half = (plot.band / 2.0) as i32;
        let tooltip = format!("{}: not reported", data.x[i].label);
        canvas.mark("chart-gap", &tooltip, None, || {
            canvas.rect_with(
                (plot.center(i) - half, plot.top),
                (plot.center(i) + half, plot.bottom),
                Token::Grid.into(),
                GAP,
                "",
            )?;
            gap_label(
                canvas,
                frame.loc,
                (plot.center(i), plot.bottom - 8),
                plot.band as i32 - 4,
            )
        })?;
    }
    for s in 0..data.series_count() {
        let paint = if data.series.is_empty() {
            Token::Accent.into()
        } else {
            series_color(&paints, s)
        };
        let cell = |i: usize| -> &Total {
            if data.series.is_empty() {
                &data.rows[i]
            } else {
                &data.cells[i][s]
            }
        };
        // Runs of neighbouring values with the same qualifier.
        let mut run: Vec<(i32, i32)> = Vec::new();
        let mut kind = None;
        for i in 0..data.x.len() {
            let t = cell(i);
            if !reported(t) || t.qualifier != kind {
                flush(canvas, &mut run, paint)?;
            }
            if reported(t) {
                run.push((plot.center(i), plot.y_of(t.value)));
                kind = t.qualifier;
            } else {
                kind = None;
            }
        }
        flush(canvas, &mut run, paint)?;
        for i in 0..data.x.len() {
            let t = cell(i);
            if !reported(t) {
                continue;
            }
            let tooltip = match data.series.get(s) {
                Some(g) => format!(
                    "{}, {}: {}",
                    data.x[i].label,
                    g.label,
                    count(frame.loc, t, frame.noun, frame.counts_events)
                ),
                None => format!(
                    "{}: {}",
                    data.x[i].label,
                    count(frame.loc, t, frame.noun, frame.counts_events)
                ),
            };
            let href = frame.links.and_then(|l| match data.series.get(s) {
                Some(g) => l.cell(&data.x[i], g),
                None => l.group(&data.x[i]),
            });
            let p = (plot.center(i), plot.y_of(t.value));
            let focus = data.in_focus(i);
            canvas.mark("chart-point", &tooltip, href.as_deref(), || {
                // A point shown for context around a scope's focus is drawn in the axis grey.
                let shown = if focus { paint } else { Token::Axis.into() };
                point(canvas, p, t, shown)?;
                if labelled {
                    point_label(canvas, frame.loc, p, t, plot.band, focus)?;
                }
                Ok(())
            })?;
        }
    }
    plot.time_axis(canvas, frame, data)
}

/// Opacity of the shade over a period where nothing was reported.
pub const GAP: f64 = 0.5;

/// "not reported" over a period where nothing was, when it fits.
fn gap_label(canvas: &Canvas, loc: &Locale, at: (i32, i32), room: i32) -> Result<()> {
    let text = loc.text("quantity.not_reported");
    if measure(text, SMALL_TEXT) > room {
        return Ok(());
    }
    canvas.text(
        at,
        text,
        Type {
            size: SMALL_TEXT,
            paint: Token::Muted.into(),
            anchor: (HPos::Center, VPos::Bottom),
            role: "chart-label",
        },
    )
}

fn flush(canvas: &Canvas, run: &mut Vec<(i32, i32)>, paint: Paint) -> Result<()> {
    let points = std::mem::take(run);
    if points.len() > 1 {
        canvas.line_with(points, paint, 2, "chart-line")?;
    }
    Ok(())
}

/// A point marked with the kind of its value: a dot when exact, a ring when approximate, a
/// triangle when a lower bound.
fn point(canvas: &Canvas, p: (i32, i32), t: &Total, paint: Paint) -> Result<()> {
    let bg = Paint::Theme(Token::Bg);
    match t.qualifier {
        Some(TotalQualifier::Approx) => canvas.ring(p, 5, paint, bg),
        Some(TotalQualifier::AtLeast) => canvas.triangle(p, 5, paint, bg),
        _ => canvas.circle(p, 4, paint),
    }
}

/// A point's number above it, when it fits its period.
fn point_label(
    canvas: &Canvas,
    loc: &Locale,
    p: (i32, i32),
    t: &Total,
    band: f64,
    focus: bool,
) -> Result<()> {
    if t.qualifier.is_none() {
        return Ok(());
    }
    let text = loc.total(t);
    if measure(&text, SMALL_TEXT) > band as i32 - 4 {
        return Ok(());
    }
    let paint = if focus { Token::Ink } else { Token::Muted };
    canvas.text(
        (p.0, p.1 - 9),
        &text,
        Type {
            size: SMALL_TEXT,
            paint: paint.into(),
            anchor: (HPos::Center, VPos::Bottom),
            role: "chart-value",
        },
    )
}
