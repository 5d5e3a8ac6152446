//! Horizontal bars, one row per category, each with its number.

use super::geometry::{
    bar_color, grouped, max_value, row_height, scale, series_color, AXIS_LABELS,
};
use super::grouped::FigureData;
use super::svg::{
    fit, measure, tick_label, ticks, Canvas, Frame, Result, AXIS, GRID, INK, MUTED, PAD,
    SMALL_TEXT, TEXT,
};
use crate::records::quantity::Total;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Horizontal bars, one row per category.
pub fn rows(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
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
