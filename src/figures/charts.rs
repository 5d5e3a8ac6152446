//! The four chart layouts. Categories run down the page as horizontal bars (long names stay
//! readable); time runs across as columns or a line; a timeline puts one mark per event in
//! lanes. Every layout works in whole pixels from the measured sizes of its labels.

use super::data::{is_inexact, FigureData};
use super::spec::Chart;
use super::svg::{
    fit, group_colors, legend, measure, tick_label, ticks, Canvas, Frame, Result, ACCENT, AXIS,
    GRID, INK, MUTED, OTHER_GREY, PAD, SMALL_TEXT, TEXT,
};
use crate::records::quantity::Total;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const AXIS_LABELS: i32 = 18;

/// How tall the chart is, given its width and data.
pub fn height(frame: &Frame<'_>, data: &FigureData) -> std::result::Result<i32, String> {
    let w = frame.width();
    if data.is_empty() && data.marks.is_empty() {
        return Ok(if frame.small { 90 } else { 130 });
    }
    let legend_h = legend(None, &legend_entries(frame, data), PAD, PAD, w - 2 * PAD)
        .map_err(|e| e.to_string())?;
    Ok(match layout(frame, data) {
        Layout::Rows => {
            PAD + legend_h + AXIS_LABELS + data.x.len() as i32 * row_height(frame, data) + PAD
        }
        Layout::Columns => legend_h + if frame.small { 190 } else { 320 },
        Layout::Lanes => {
            PAD + legend_h
                + data.series.len().max(1) as i32 * lane_height(frame)
                + AXIS_LABELS
                + PAD
        }
    })
}

pub fn draw(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData) -> Result<()> {
    if data.is_empty() && data.marks.is_empty() {
        return canvas.text(
            (canvas.width / 2, canvas.height / 2),
            "No events match this figure.",
            TEXT,
            (HPos::Center, VPos::Center),
            &MUTED,
        );
    }
    let legend_h = legend(
        Some(canvas),
        &legend_entries(frame, data),
        PAD,
        PAD,
        canvas.width - 2 * PAD,
    )?;
    match layout(frame, data) {
        Layout::Rows => rows(canvas, frame, data, PAD + legend_h),
        Layout::Columns => columns(canvas, frame, data, PAD + legend_h),
        Layout::Lanes => lanes(canvas, frame, data, PAD + legend_h),
    }
}

enum Layout {
    Rows,
    Columns,
    Lanes,
}

fn layout(frame: &Frame<'_>, data: &FigureData) -> Layout {
    match frame.chart {
        Chart::Timeline => Layout::Lanes,
        Chart::Line => Layout::Columns,
        _ if frame.time_x => Layout::Columns,
        _ => Layout::Rows,
    }
    .checked(data)
}

impl Layout {
    /// Timelines without marks fall back to their table's shape.
    fn checked(self, data: &FigureData) -> Layout {
        match self {
            Layout::Lanes if data.marks.is_empty() => Layout::Columns,
            other => other,
        }
    }
}

fn grouped(frame: &Frame<'_>, data: &FigureData) -> bool {
    frame.chart == Chart::Bar && data.series.len() > 1
}

fn row_height(frame: &Frame<'_>, data: &FigureData) -> i32 {
    if grouped(frame, data) {
        data.series.len() as i32 * 10 + 10
    } else if frame.small {
        20
    } else {
        26
    }
}

fn lane_height(frame: &Frame<'_>) -> i32 {
    if frame.small {
        18
    } else {
        24
    }
}

fn legend_entries(frame: &Frame<'_>, data: &FigureData) -> Vec<(String, RGBColor)> {
    let groups = if frame.chart == Chart::Timeline {
        &data.platforms
    } else {
        &data.series
    };
    if frame.chart != Chart::Timeline && groups.len() < 2 {
        return Vec::new();
    }
    groups
        .iter()
        .zip(group_colors(groups))
        .map(|(g, c)| (g.label.clone(), c))
        .collect()
}

/// Colour of a bar with no series: its platform's colour when `x` is platforms, else the accent.
fn bar_color(data: &FigureData, i: usize) -> RGBColor {
    let g = &data.x[i];
    if g.is_other() {
        OTHER_GREY
    } else if g.key.is_empty() {
        super::svg::NONE_GREY
    } else {
        g.color.as_deref().map_or(ACCENT, super::svg::parse_color)
    }
}

fn series_color(data: &FigureData, s: usize) -> RGBColor {
    group_colors(&data.series).get(s).copied().unwrap_or(ACCENT)
}

/// The largest value a bar reaches: stacks add their segments.
fn max_value(frame: &Frame<'_>, data: &FigureData) -> u64 {
    let stacked = frame.chart == Chart::StackedBar;
    data.cells
        .iter()
        .zip(&data.rows)
        .map(|(cells, row)| {
            let cell_max = if stacked {
                cells.iter().map(|t| t.value).sum()
            } else {
                cells.iter().map(|t| t.value).max().unwrap_or(0)
            };
            cell_max.max(row.value)
        })
        .max()
        .unwrap_or(0)
}

fn scale(value: u64, top: u64, length: i32) -> i32 {
    (value as f64 / top.max(1) as f64 * f64::from(length)).round() as i32
}

/// Horizontal bars, one row per category.
fn rows(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let w = canvas.width;
    let row_h = row_height(frame, data);
    let grouped = grouped(frame, data);
    let label_w = data
        .x
        .iter()
        .map(|g| measure(&g.label, TEXT))
        .max()
        .unwrap_or(0)
        .min(w * 34 / 100);
    let value_texts: Vec<String> = if grouped {
        data.cells.iter().flatten().map(Total::display).collect()
    } else {
        data.rows.iter().map(Total::display).collect()
    };
    let value_w = value_texts
        .iter()
        .map(|t| measure(t, SMALL_TEXT))
        .max()
        .unwrap_or(0)
        + 8;
    let x0 = PAD + label_w + 8;
    let x1 = w - PAD - value_w;
    let length = (x1 - x0).max(40);
    let (step, top_value) = ticks(max_value(frame, data), (length / 90).clamp(2, 6) as u64);
    let plot_top = top + AXIS_LABELS;
    let plot_bottom = plot_top + data.x.len() as i32 * row_h;
    let mut t = 0;
    while t <= top_value {
        let x = x0 + scale(t, top_value, length);
        canvas.line(vec![(x, plot_top - 3), (x, plot_bottom)], &GRID, 1)?;
        canvas.text(
            (x, top + 6),
            &tick_label(t),
            SMALL_TEXT,
            (HPos::Center, VPos::Center),
            &MUTED,
        )?;
        t += step;
    }
    canvas.line(vec![(x0, plot_top - 3), (x0, plot_bottom)], &AXIS, 1)?;
    for (i, group) in data.x.iter().enumerate() {
        let y = plot_top + i as i32 * row_h;
        let label = fit(&group.label, TEXT, label_w);
        canvas.text(
            (x0 - 8, y + row_h / 2),
            &label,
            TEXT,
            (HPos::Right, VPos::Center),
            &INK,
        )?;
        let cells = &data.cells[i];
        if grouped {
            for (s, cell) in cells.iter().enumerate() {
                let y0 = y + 5 + s as i32 * 10;
                let end = x0 + scale(cell.value, top_value, length);
                canvas.rect((x0, y0), (end, y0 + 8), series_color(data, s).filled())?;
                value_label(canvas, (end + 4, y0 + 4), cell, SMALL_TEXT)?;
            }
            continue;
        }
        let (y0, y1) = (y + 4, y + row_h - 4);
        if data.series.is_empty() {
            let end = x0 + scale(cells[0].value, top_value, length);
            canvas.rect((x0, y0), (end, y1), bar_color(data, i).filled())?;
        } else {
            let mut acc = 0;
            for (s, cell) in cells.iter().enumerate() {
                let start = x0 + scale(acc, top_value, length);
                acc += cell.value;
                let end = x0 + scale(acc, top_value, length);
                canvas.rect((start, y0), (end, y1), series_color(data, s).filled())?;
            }
        }
        let stack_end = cells
            .iter()
            .map(|c| c.value)
            .sum::<u64>()
            .max(data.rows[i].value);
        let end = x0 + scale(stack_end, top_value, length);
        value_label(canvas, (end + 4, y + row_h / 2), &data.rows[i], TEXT)?;
    }
    Ok(())
}

/// A bar's number, with its honesty mark ("≈", "≥"), or "not reported".
fn value_label(canvas: &Canvas<'_>, at: (i32, i32), total: &Total, size: f64) -> Result<()> {
    let color = if total.qualifier.is_some() {
        INK
    } else {
        MUTED
    };
    canvas.text(
        at,
        &total.display(),
        size,
        (HPos::Left, VPos::Center),
        &color,
    )
}

/// Columns (bar, stacked bar) or a line over time.
fn columns(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
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

/// A timeline: one lane per series group, one mark per event, coloured by platform.
fn lanes(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let w = canvas.width;
    let lane_h = lane_height(frame);
    let Some((start, end)) = data.span else {
        return Ok(());
    };
    let label_w = data
        .series
        .iter()
        .map(|g| measure(&g.label, TEXT))
        .max()
        .unwrap_or(0)
        .min(w * 30 / 100);
    let x0 = PAD + label_w + 10;
    let x1 = w - PAD - 6;
    let first = day_number(start);
    let days = (day_number(end) + 1 - first).max(1);
    let x_of = |d: jiff::civil::Date| {
        x0 + ((day_number(d) - first) as f64 / days as f64 * f64::from(x1 - x0)).round() as i32
    };
    let bottom = top + data.series.len() as i32 * lane_h;
    // Year lines and labels.
    let years = i32::from(end.year() - start.year()) + 1;
    let year_px = f64::from(x1 - x0) / f64::from(years);
    let stride = ((f64::from(measure("2019", SMALL_TEXT) + 10) / year_px).ceil() as i32).max(1);
    for k in 0..years {
        let year = start.year() + k as i16;
        let Ok(jan1) = jiff::civil::Date::new(year, 1, 1) else {
            continue;
        };
        let x = x_of(jan1);
        canvas.line(vec![(x, top), (x, bottom)], &GRID, 1)?;
        if k % stride == 0 {
            let mid = x + (year_px * f64::from(stride.min(years - k)) / 2.0) as i32;
            let at = if stride == 1 { mid } else { x };
            let anchor = if stride == 1 {
                HPos::Center
            } else {
                HPos::Left
            };
            canvas.text(
                (at, bottom + 10),
                &year.to_string(),
                SMALL_TEXT,
                (anchor, VPos::Center),
                &MUTED,
            )?;
        }
    }
    canvas.line(vec![(x1, top), (x1, bottom)], &GRID, 1)?;
    for (i, g) in data.series.iter().enumerate() {
        let y = top + i as i32 * lane_h;
        canvas.line(vec![(x0, y + lane_h), (x1, y + lane_h)], &GRID, 1)?;
        let label = fit(&g.label, TEXT, label_w);
        canvas.text(
            (x0 - 10, y + lane_h / 2),
            &label,
            TEXT,
            (HPos::Right, VPos::Center),
            &INK,
        )?;
    }
    canvas.line(vec![(x0, bottom), (x1, bottom)], &AXIS, 1)?;
    for m in &data.marks {
        let color = m
            .color
            .as_deref()
            .map_or(OTHER_GREY, super::svg::parse_color);
        let cy = top + m.lane as i32 * lane_h + lane_h / 2;
        if m.first == m.last {
            canvas.circle((x_of(m.first), cy), 4, color.mix(0.8).filled())?;
        } else {
            // A month or a year: the whole span it could be in, faint.
            let x_end = x_of(m.last.tomorrow().unwrap_or(m.last));
            canvas.rect(
                (x_of(m.first), cy - 4),
                (x_end.max(x_of(m.first) + 2), cy + 4),
                color.mix(0.35).filled(),
            )?;
        }
    }
    Ok(())
}

/// Days since 0000-03-01 (proleptic Gregorian): a plain day count for placing marks.
fn day_number(d: jiff::civil::Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}
