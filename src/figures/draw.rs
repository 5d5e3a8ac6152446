//! Drawing a figure: choosing its layout (rows, columns, a line or lanes) and height, and making
//! the complete `<svg>` element with Plotters and the embedded font.

use super::canvas::{Canvas, Type};
use super::columns::columns;
use super::font;
use super::geometry::{row_height, series_colors, AXIS_LABELS};
use super::grouped::FigureData;
use super::lanes::{lanes, Layout as Lanes};
use super::line::line;
use super::paint::{group_paints, Token};
use super::plot::Plot;
use super::rows::rows;
use super::svg::{legend, root, Entry, Frame, Key, PAD, TEXT};
use crate::records::figure::Chart;
use crate::records::quantity::TotalQualifier;
use plotters::style::text_anchor::{HPos, VPos};

/// Draw `data` as `frame` says; the result is a complete `<svg>` element.
pub fn draw(frame: &Frame<'_>, data: &FigureData) -> Result<String, String> {
    font::ensure()?;
    let height = height(frame, data)?;
    let canvas = Canvas::new(frame.w(), height);
    draw_on(&canvas, frame, data).map_err(|e| format!("cannot draw chart: {e}"))?;
    // Labels reach Plotters' own escaping, which leaves the characters XML forbids: drop them
    // from the whole file, so no chart is ever malformed.
    let svg = root(frame, height, &canvas.into_body());
    Ok(crate::escape::xml_clean(&svg).into_owned())
}

/// How tall the chart is, given its width and data.
fn height(frame: &Frame<'_>, data: &FigureData) -> Result<i32, String> {
    if is_blank(data) {
        return Ok(if frame.small { 90 } else { 130 });
    }
    let legend_h = legend(
        None,
        &legend_entries(frame, data),
        (PAD, PAD),
        frame.w() - 2 * PAD,
    )
    .map_err(|e| e.to_string())?;
    let plot = if frame.small {
        160
    } else if frame.narrow() {
        200
    } else {
        240
    };
    Ok(PAD
        + legend_h
        + match layout(frame, data) {
            Layout::Rows => 2 * AXIS_LABELS + 4 + data.x.len() as i32 * row_height(frame, data),
            Layout::Columns | Layout::Line => {
                AXIS_LABELS + 16 + plot + Plot::new(frame, data, 0, 0).below()
            }
            Layout::Lanes => {
                AXIS_LABELS + Lanes::new(frame, data).map_or(0, |l| l.height) + AXIS_LABELS
            }
        }
        + PAD)
}

fn is_blank(data: &FigureData) -> bool {
    data.is_empty() && data.marks.is_empty()
}

fn draw_on(canvas: &Canvas, frame: &Frame<'_>, data: &FigureData) -> super::canvas::Result<()> {
    // The background is the theme's, so a chart sits on the page in dark mode too; the SVG
    // file on its own is white.
    canvas.rect_with(
        (0, 0),
        (canvas.width, canvas.height),
        Token::Bg.into(),
        1.0,
        "chart-bg",
    )?;
    if is_blank(data) {
        return canvas.text(
            (canvas.width / 2, canvas.height / 2),
            frame.loc.text("figure.empty"),
            Type {
                size: TEXT,
                paint: Token::Muted.into(),
                anchor: (HPos::Center, VPos::Center),
                role: "chart-empty",
            },
        );
    }
    // On a right-to-left page the legend starts at the right, and bars of categories grow
    // from the right with their names at the right; time still runs left to right, as in
    // the charts of Persian and Arabic newsrooms (docs/languages.md).
    let rtl = frame.loc.is_rtl();
    canvas.set_mirror(rtl);
    let entries = legend_entries(frame, data);
    let legend_h = if entries.is_empty() {
        0
    } else {
        canvas.group("chart-legend", true, || {
            legend(Some(canvas), &entries, (PAD, PAD), canvas.width - 2 * PAD)
        })?
    };
    let top = PAD + legend_h;
    let layout = layout(frame, data);
    canvas.set_mirror(rtl && matches!(layout, Layout::Rows));
    match layout {
        Layout::Rows => rows(canvas, frame, data, top),
        Layout::Columns => columns(canvas, frame, data, top),
        Layout::Line => line(canvas, frame, data, top),
        Layout::Lanes => lanes(canvas, frame, data, top),
    }
}

/// How a chart is laid out. Categories run down the page as horizontal bars (long names stay
/// readable); time runs across as columns or a line; a timeline puts one mark per event in
/// lanes. Every layout works in whole pixels from the measured sizes of its labels.
enum Layout {
    Rows,
    Columns,
    Line,
    Lanes,
}

fn layout(frame: &Frame<'_>, data: &FigureData) -> Layout {
    match frame.chart {
        // Timelines without marks fall back to their table's shape.
        Chart::Timeline if data.marks.is_empty() => Layout::Columns,
        Chart::Timeline => Layout::Lanes,
        Chart::Line => Layout::Line,
        _ if frame.time_x => Layout::Columns,
        _ => Layout::Rows,
    }
}

/// Every colour and shape the chart uses, named: the series (or a timeline's platforms), the
/// faint span of an event dated only to a month or a year, and the shapes of a line's
/// approximate values and lower bounds.
fn legend_entries(frame: &Frame<'_>, data: &FigureData) -> Vec<Entry> {
    let swatches = |groups: &[super::grouped::Group], paints: Vec<super::paint::Paint>| {
        groups
            .iter()
            .zip(paints)
            .map(|(g, paint)| Entry {
                label: g.label.clone(),
                paint,
                key: Key::Swatch,
            })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    if frame.chart == Chart::Timeline && !data.marks.is_empty() {
        out = swatches(&data.platforms, group_paints(&data.platforms));
        if data.marks.iter().any(|m| m.first != m.last) {
            out.push(Entry {
                label: frame.loc.text("figure.legend_faint").to_string(),
                paint: Token::Muted.into(),
                key: Key::Faint,
            });
        }
        return out;
    }
    // One series needs no legend, unless it is "Several …", which says what it is only there.
    if data.series.len() > 1 || data.series.iter().any(|g| g.is_several()) {
        out = swatches(&data.series, series_colors(data));
    }
    if frame.chart == Chart::Line {
        let paint = if data.series.is_empty() {
            Token::Accent.into()
        } else {
            Token::Muted.into()
        };
        let has = |q: TotalQualifier| {
            data.rows
                .iter()
                .chain(data.cells.iter().flatten())
                .any(|t| t.qualifier == Some(q))
        };
        if has(TotalQualifier::Approx) {
            out.push(Entry {
                label: frame.loc.text("figure.legend_approx").to_string(),
                paint,
                key: Key::Ring,
            });
        }
        if has(TotalQualifier::AtLeast) {
            out.push(Entry {
                label: frame.loc.text("figure.legend_at_least").to_string(),
                paint,
                key: Key::Triangle,
            });
        }
        let silent = (0..data.x.len()).any(|i| {
            data.rows[i].qualifier.is_none() && data.cells[i].iter().all(|t| t.qualifier.is_none())
        });
        if silent && !frame.counts_events {
            out.push(Entry {
                label: frame.loc.text("figure.legend_not_reported").to_string(),
                paint: Token::Grid.into(),
                key: Key::Swatch,
            });
        }
    }
    out
}
