//! What the chart layouts (rows, columns, lanes) share: row and lane heights, bar and series
//! colours, the largest value and the scale.

use super::grouped::FigureData;
use super::svg::{group_colors, Frame, ACCENT, NONE_GREY, OTHER_GREY};
use crate::records::figure::Chart;
use plotters::prelude::*;

pub const AXIS_LABELS: i32 = 18;

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

/// Colour of a bar with no series: its platform's colour when `x` is platforms, else the accent.
pub fn bar_color(data: &FigureData, i: usize) -> RGBColor {
    let g = &data.x[i];
    if g.is_other() {
        OTHER_GREY
    } else if g.key.is_empty() {
        NONE_GREY
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
