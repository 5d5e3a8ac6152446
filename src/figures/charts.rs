//! Choosing a chart's layout (rows, columns or lanes) and height, and what the layouts share.

use super::columns::columns;
use super::data::FigureData;
use super::lanes::lanes;
use super::rows::rows;
use super::svg::{
    group_colors, legend, Canvas, Frame, Result, ACCENT, MUTED, OTHER_GREY, PAD, TEXT,
};
use crate::records::figure::Chart;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub const AXIS_LABELS: i32 = 18;

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

/// How a chart is laid out. Categories run down the page as horizontal bars (long names stay
/// readable); time runs across as columns or a line; a timeline puts one mark per event in
/// lanes. Every layout works in whole pixels from the measured sizes of its labels.
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

pub fn grouped(frame: &Frame<'_>, data: &FigureData) -> bool {
    frame.chart == Chart::Bar && data.series.len() > 1
}

pub fn row_height(frame: &Frame<'_>, data: &FigureData) -> i32 {
    if grouped(frame, data) {
        data.series.len() as i32 * 10 + 10
    } else if frame.small {
        20
    } else {
        26
    }
}

pub fn lane_height(frame: &Frame<'_>) -> i32 {
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
pub fn bar_color(data: &FigureData, i: usize) -> RGBColor {
    let g = &data.x[i];
    if g.is_other() {
        OTHER_GREY
    } else if g.key.is_empty() {
        super::svg::NONE_GREY
    } else {
        g.color.as_deref().map_or(ACCENT, super::svg::parse_color)
    }
}

pub fn series_color(data: &FigureData, s: usize) -> RGBColor {
    group_colors(&data.series).get(s).copied().unwrap_or(ACCENT)
}

/// The largest value a bar reaches: stacks add their segments.
pub fn max_value(frame: &Frame<'_>, data: &FigureData) -> u64 {
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

pub fn scale(value: u64, top: u64, length: i32) -> i32 {
    (value as f64 / top.max(1) as f64 * f64::from(length)).round() as i32
}
