//! What the chart layouts (rows, columns, lanes) share: row and lane heights, bar and series
//! colours, the largest value and the scale.

use super::grouped::FigureData;
use super::paint::{bar_paint, group_paints, Paint, Token};
use super::svg::Frame;
use crate::records::figure::Chart;

/// Height of the line of axis titles and tick labels above or below a plot.
pub const AXIS_LABELS: i32 = 20;

/// Opacity of the groups shown only for context around a scope's focus.
pub const CONTEXT: f64 = 0.3;

pub fn grouped(frame: &Frame<'_>, data: &FigureData) -> bool {
    frame.chart == Chart::Bar && data.series.len() > 1
}

/// Height of one category's row: its bars, and on narrow charts its name above them.
pub fn row_height(frame: &Frame<'_>, data: &FigureData) -> i32 {
    let bars = if grouped(frame, data) {
        data.series.len() as i32 * 12 + 6
    } else {
        22
    };
    if frame.narrow() {
        18 + bars + 8
    } else {
        bars + 10
    }
}

/// Colour of a bar with no series: its platform's when `x` is platforms, else the accent.
pub fn bar_color(data: &FigureData, i: usize) -> Paint {
    bar_paint(&data.x[i])
}

pub fn series_colors(data: &FigureData) -> Vec<Paint> {
    group_paints(&data.series)
}

pub fn series_color(paints: &[Paint], s: usize) -> Paint {
    paints.get(s).copied().unwrap_or(Token::Accent.into())
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
