//! Drawing a figure: choosing its layout (rows, columns or lanes) and height, and making the
//! complete `<svg>` element with Plotters and the embedded font.

use super::columns::columns;
use super::font;
use super::geometry::{lane_height, row_height, AXIS_LABELS};
use super::grouped::FigureData;
use super::lanes::lanes;
use super::rows::rows;
use super::svg::{accessible_root, group_colors, legend, Canvas, Frame, Result, MUTED, PAD, TEXT};
use crate::records::figure::Chart;
use plotters::backend::SVGBackend;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draw `data` as `frame` says; the result is a complete `<svg>` element.
pub fn draw(frame: &Frame<'_>, data: &FigureData) -> std::result::Result<String, String> {
    font::ensure()?;
    let height = height(frame, data)?;
    let mut body = String::new();
    {
        let backend = SVGBackend::with_string(&mut body, (frame.width() as u32, height as u32));
        let canvas = Canvas {
            area: backend.into_drawing_area(),
            width: frame.width(),
            height,
        };
        canvas.area.fill(&WHITE).map_err(drawing_error)?;
        draw_on(&canvas, frame, data).map_err(drawing_error)?;
        canvas.area.present().map_err(drawing_error)?;
    }
    // Labels reach Plotters' own escaping, which leaves the characters XML forbids: drop them
    // from the whole file, so no chart is ever malformed.
    let svg = accessible_root(frame, height, &body);
    Ok(crate::escape::xml_clean(&svg).into_owned())
}

fn drawing_error(e: impl std::fmt::Display) -> String {
    format!("cannot draw chart: {e}")
}

/// How tall the chart is, given its width and data.
fn height(frame: &Frame<'_>, data: &FigureData) -> std::result::Result<i32, String> {
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

fn draw_on(canvas: &Canvas<'_>, frame: &Frame<'_>, data: &FigureData) -> Result<()> {
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
