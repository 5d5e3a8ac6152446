//! Columns (bar, stacked bar) or a line over time, with the labels of the time axis.

use super::geometry::{bar_color, grouped, max_value, scale, series_color, AXIS_LABELS};
use super::grouped::FigureData;
use super::svg::{
    measure, tick_label, ticks, Canvas, Frame, Result, ACCENT, AXIS, GRID, INK, MUTED, PAD,
    SMALL_TEXT,
};
use super::totals::is_inexact;
use crate::records::figure::Chart;
use crate::records::quantity::Total;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Columns (bar, stacked bar) or a line over time.
pub fn columns(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let (w, h) = (canvas.width, canvas.height);
    let top = top + 14;
    let bottom = h - PAD - AXIS_LABELS;
    let max = max_value(frame, data);
    let (step, top_value) = ticks(max, if frame.small { 3 } else { 5 });
    let left_w = (0..=top_value / step)
        .map(|k| measure(&tick_label(k * step), SMALL_TEXT))
        .max()
        .unwrap_or(0);
    let x0 = PAD + left_w + 6;
    let x1 = w - PAD;
    let height = bottom - top;
    let y_of = |v: u64| bottom - scale(v, top_value, height);
    let mut t = 0;
    while t <= top_value {
        let y = y_of(t);
        canvas.line(vec![(x0, y), (x1, y)], &GRID, 1)?;
        canvas.text(
            (x0 - 6, y),
            &tick_label(t),
            SMALL_TEXT,
            (HPos::Right, VPos::Center),
            &MUTED,
        )?;
        t += step;
    }
    let n = data.x.len().max(1);
    let band = f64::from(x1 - x0) / n as f64;
    let center = |i: usize| x0 + (band * (i as f64 + 0.5)).round() as i32;
    if frame.chart == Chart::Line {
        line_series(canvas, frame, data, &center, &y_of)?;
    } else {
        let bar_w = ((band * 0.78).round() as i32).max(1);
        let grouped = grouped(frame, data);
        for i in 0..data.x.len() {
            let bx = center(i) - bar_w / 2;
            let cells = &data.cells[i];
            if grouped {
                let sub = (bar_w / cells.len() as i32).max(1);
                for (s, cell) in cells.iter().enumerate() {
                    let sx = bx + s as i32 * sub;
                    canvas.rect(
                        (sx, y_of(cell.value)),
                        (sx + sub, bottom),
                        series_color(data, s).filled(),
                    )?;
                }
            } else if data.series.is_empty() {
                canvas.rect(
                    (bx, y_of(cells[0].value)),
                    (bx + bar_w, bottom),
                    bar_color(data, i).filled(),
                )?;
            } else {
                let mut acc = 0;
                for (s, cell) in cells.iter().enumerate() {
                    let y_low = y_of(acc);
                    acc += cell.value;
                    canvas.rect(
                        (bx, y_of(acc)),
                        (bx + bar_w, y_low),
                        series_color(data, s).filled(),
                    )?;
                }
            }
            if !grouped {
                let total = &data.rows[i];
                let top_of_bar = y_of(cells.iter().map(|c| c.value).sum::<u64>().max(total.value));
                column_label(canvas, (center(i), top_of_bar - 3), total, band)?;
            }
        }
    }
    canvas.line(vec![(x0, bottom), (x1, bottom)], &AXIS, 1)?;
    time_labels(canvas, data, &center, band, bottom + 4)
}

/// The number above a column when it fits; else just its honesty mark when that fits.
fn column_label(canvas: &Canvas<'_>, at: (i32, i32), total: &Total, band: f64) -> Result<()> {
    if total.qualifier.is_none() || total.value == 0 {
        return Ok(());
    }
    let text = total.display();
    let room = band as i32 - 2;
    let shown = if measure(&text, SMALL_TEXT) <= room {
        text
    } else if is_inexact(total) && measure("≥", SMALL_TEXT) <= room {
        text.chars().take(1).collect()
    } else {
        return Ok(());
    };
    canvas.text(at, &shown, SMALL_TEXT, (HPos::Center, VPos::Bottom), &INK)
}

/// One line per series; gaps where nothing was reported; hollow points for inexact totals.
fn line_series(
    canvas: &Canvas<'_>,
    frame: &Frame<'_>,
    data: &FigureData,
    center: &dyn Fn(usize) -> i32,
    y_of: &dyn Fn(u64) -> i32,
) -> Result<()> {
    for s in 0..data.series_count() {
        let color = if data.series.is_empty() {
            ACCENT
        } else {
            series_color(data, s)
        };
        let mut run: Vec<(i32, i32)> = Vec::new();
        let mut points: Vec<((i32, i32), bool)> = Vec::new();
        for i in 0..data.x.len() {
            let cell = if data.series.is_empty() {
                &data.rows[i]
            } else {
                &data.cells[i][s]
            };
            let reported = cell.qualifier.is_some() || frame.counts_events;
            if reported {
                let p = (center(i), y_of(cell.value));
                run.push(p);
                points.push((p, is_inexact(cell)));
            } else if !run.is_empty() {
                canvas.line(std::mem::take(&mut run), &color, 2)?;
            }
        }
        if !run.is_empty() {
            canvas.line(run, &color, 2)?;
        }
        for (p, inexact) in points {
            if inexact {
                canvas.circle(p, 4, WHITE.filled())?;
                canvas.circle(p, 4, color.stroke_width(2))?;
            } else {
                canvas.circle(p, 3, color.filled())?;
            }
        }
    }
    Ok(())
}

/// Labels under a time axis: every period when they fit, else years at their first period.
fn time_labels(
    canvas: &Canvas<'_>,
    data: &FigureData,
    center: &dyn Fn(usize) -> i32,
    band: f64,
    y: i32,
) -> Result<()> {
    let widest = data
        .x
        .iter()
        .map(|g| measure(&g.label, SMALL_TEXT))
        .max()
        .unwrap_or(0);
    let stride = ((f64::from(widest + 10) / band).ceil() as usize).max(1);
    let sub_year = data.x.first().is_some_and(|g| g.key.len() == 7);
    let year_w = measure("2019", SMALL_TEXT) + 10;
    let per_year = data
        .x
        .iter()
        .filter(|g| g.key.starts_with(data.x[0].key.get(..4).unwrap_or("")))
        .count()
        .max(1);
    let year_stride =
        ((f64::from(year_w) / (band * 4.0_f64.max(per_year as f64))).ceil() as i32).max(1);
    for (i, g) in data.x.iter().enumerate() {
        let label = if stride == 1 {
            g.label.clone()
        } else if sub_year {
            let year_start = g.key.ends_with("-Q1") || g.key.ends_with("-01");
            let year: i32 = g.key[..4].parse().unwrap_or(0);
            if !year_start || year % year_stride != 0 {
                continue;
            }
            g.key[..4].to_string()
        } else if i % stride == 0 {
            g.label.clone()
        } else {
            continue;
        };
        let x = if stride > 1 && sub_year {
            // A year label sits at the start of its year.
            center(i) - (band / 2.0) as i32
        } else {
            center(i)
        };
        let anchor = if stride > 1 && sub_year {
            HPos::Left
        } else {
            HPos::Center
        };
        canvas.text(
            (x, y + 6),
            &label,
            SMALL_TEXT,
            (anchor, VPos::Center),
            &MUTED,
        )?;
    }
    Ok(())
}
