//! Horizontal bars, one row per category, each a mark with its tooltip, its link and its
//! number, whose length is that number. Wide charts put the names in a column on the left; narrow
//! ones put each name above its bar, so that names stay whole and bars keep the full width.

use super::axis::Axis;
use super::canvas::{Canvas, Result, Type};
use super::geometry::{
    bar_color, grouped, max_value, row_height, scale, series_color, series_colors, AXIS_LABELS,
};
use super::grouped::FigureData;
use super::links::count;
use super::paint::{Paint, Token};
use super::svg::{fit, measure, Frame, PAD, SMALL_TEXT, TEXT};
use crate::present::locale::Locale;
use crate::records::quantity::Total;
use plotters::style::text_anchor::{HPos, VPos};

/// Horizontal bars, one row per category.
pub fn rows(canvas: &Canvas, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let w = canvas.width;
    let row_h = row_height(frame, data);
    let grouped = grouped(frame, data);
    let narrow = frame.narrow();
    let label_w = if narrow {
        0
    } else {
        data.x
            .iter()
            .map(|g| measure(&g.label, TEXT))
            .max()
            .unwrap_or(0)
            .min(w * 34 / 100)
    };
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
    let x0 = if narrow { PAD } else { PAD + label_w + 8 };
    let x1 = w - PAD - value_w;
    let length = (x1 - x0).max(40);
    let axis = Axis::new(max_value(frame, data), (length / 70).clamp(3, 6) as u64);
    let titles_y = top + 8;
    let ticks_y = top + AXIS_LABELS + 8;
    let plot_top = top + 2 * AXIS_LABELS + 4;
    let plot_bottom = plot_top + data.x.len() as i32 * row_h;
    // Gridlines run the plot's height; on narrow charts only across the bars, so that no line
    // runs through the names above them.
    let spans: Vec<(i32, i32)> = if narrow {
        (0..data.x.len() as i32)
            .map(|i| (plot_top + i * row_h + 18, plot_top + (i + 1) * row_h - 4))
            .collect()
    } else {
        vec![(plot_top - 3, plot_bottom)]
    };
    let muted = |anchor: HPos, role: &'static str| {
        frame.type_(SMALL_TEXT, Token::Muted, (anchor, VPos::Center), role)
    };
    canvas.group("chart-axis", true, || {
        // What the rows are, over their names; what the bars count, over the scale.
        if !narrow {
            canvas.text(
                (x0 - 8, titles_y),
                frame.x_title,
                muted(HPos::Right, "chart-axis-title"),
            )?;
        }
        canvas.text(
            (x0, titles_y),
            frame.y_title,
            muted(HPos::Left, "chart-axis-title"),
        )?;
        for t in axis.ticks() {
            let x = x0 + scale(t, axis.top, length);
            for &(a, b) in &spans {
                canvas.line(vec![(x, a), (x, b)], Token::Grid.into(), 1)?;
            }
            let anchor = if t == 0 { HPos::Left } else { HPos::Center };
            canvas.text(
                (x, ticks_y),
                &axis.label(frame.loc, t),
                muted(anchor, "chart-tick"),
            )?;
        }
        for &(a, b) in &spans {
            canvas.line(vec![(x0, a), (x0, b)], Token::Axis.into(), 1)?;
        }
        Ok(())
    })?;
    let paints = series_colors(data);
    let end_of = |v: u64| x0 + scale(v, axis.top, length);
    for (i, group) in data.x.iter().enumerate() {
        let y = plot_top + i as i32 * row_h;
        let name = Type {
            size: TEXT,
            paint: Token::Ink.into(),
            anchor: if narrow {
                (HPos::Left, VPos::Center)
            } else {
                (HPos::Right, VPos::Center)
            },
            role: "chart-label",
        };
        // The bars of the row, below its name on narrow charts.
        // The row's name, for the eye: its bars' links name it for screen readers.
        let (at, room) = if narrow {
            ((x0, y + 9), w - 2 * PAD)
        } else {
            ((x0 - 8, y + row_h / 2), label_w)
        };
        canvas.group("chart-name", true, || {
            canvas.text(at, &fit(&group.label, TEXT, room), name)
        })?;
        let (bar_top, bar_h) = if narrow {
            (y + 20, row_h - 28)
        } else {
            (y + 5, row_h - 10)
        };
        let cells = &data.cells[i];
        if grouped {
            let sub_h = (bar_h / cells.len() as i32).max(1);
            for (s, cell) in cells.iter().enumerate() {
                let y0 = bar_top + s as i32 * sub_h;
                let tooltip = format!(
                    "{}, {}: {}",
                    group.label,
                    data.series[s].label,
                    count(frame.loc, cell, frame.noun, frame.counts_events)
                );
                let href = frame.links.and_then(|l| l.cell(group, &data.series[s]));
                canvas.mark("chart-bar", &tooltip, href.as_deref(), || {
                    let end = end_of(cell.value);
                    canvas.rect((x0, y0), (end, y0 + sub_h - 2), series_color(&paints, s))?;
                    value_label(canvas, frame.loc, (end + 4, y0 + sub_h / 2 - 1), cell)
                })?;
            }
            continue;
        }
        let segments: Vec<(u64, Paint, String)> = if data.series.is_empty() {
            vec![(cells[0].value, bar_color(data, i), String::new())]
        } else {
            cells
                .iter()
                .enumerate()
                .map(|(s, cell)| {
                    let tip = format!(
                        "{}, {}: {}",
                        group.label,
                        data.series[s].label,
                        count(frame.loc, cell, frame.noun, frame.counts_events)
                    );
                    (cell.value, series_color(&paints, s), tip)
                })
                .collect()
        };
        let total = &data.rows[i];
        let tooltip = format!(
            "{}: {}",
            group.label,
            count(frame.loc, total, frame.noun, frame.counts_events)
        );
        let href = frame.links.and_then(|l| l.group(group));
        canvas.mark("chart-bar", &tooltip, href.as_deref(), || {
            let mut acc = 0;
            for (value, paint, tip) in &segments {
                if *value == 0 {
                    continue;
                }
                let start = end_of(acc);
                acc += value;
                let draw = || canvas.rect((start, bar_top), (end_of(acc), bar_top + bar_h), *paint);
                if tip.is_empty() {
                    draw()?;
                } else {
                    canvas.mark("chart-segment", tip, None, draw)?;
                }
            }
            value_label(
                canvas,
                frame.loc,
                (end_of(acc) + 4, bar_top + bar_h / 2),
                total,
            )
        })?;
    }
    Ok(())
}

/// A bar's number, with its honesty mark ("≈", "≥"), or "not reported".
fn value_label(canvas: &Canvas, loc: &Locale, at: (i32, i32), total: &Total) -> Result<()> {
    let paint = if total.qualifier.is_some() {
        Token::Ink
    } else {
        Token::Muted
    };
    canvas.text(
        at,
        &loc.total(total),
        Type {
            size: SMALL_TEXT,
            paint: paint.into(),
            anchor: (HPos::Left, VPos::Center),
            role: "chart-value",
        },
    )
}
