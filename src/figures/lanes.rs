//! A timeline: one lane per series group, one mark per event, placed by day.

use super::geometry::lane_height;
use super::grouped::FigureData;
use super::svg::{
    fit, measure, Canvas, Frame, Result, AXIS, GRID, INK, MUTED, OTHER_GREY, PAD, SMALL_TEXT, TEXT,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A timeline: one lane per series group, one mark per event, coloured by platform.
pub fn lanes(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
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
