//! A timeline: one lane per series group, one mark per event, placed by day. Marks that would
//! touch are stacked in rows inside their lane (in date order, each in the first row where it
//! fits), so that two events a day apart are two marks, never one. Each mark is a link to its
//! event's page with the event's date and title as its tooltip. Wide charts name the lanes on
//! the left; narrow ones above each lane.

use super::canvas::{Canvas, Result, Type};
use super::geometry::AXIS_LABELS;
use super::grouped::FigureData;
use super::paint::{group_paints, Paint, Token};
use super::svg::{fit, measure, Frame, PAD, SMALL_TEXT, TEXT};
use jiff::civil::Date;
use plotters::style::text_anchor::{HPos, VPos};

/// Radius of a dated mark.
const R: i32 = 5;
/// Height of one row of marks in a lane.
const ROW: i32 = 2 * R + 4;
/// Least room between two marks in one row.
const GAP: i32 = 2;

/// Where everything on a timeline goes.
pub struct Layout {
    x0: i32,
    x1: i32,
    label_w: i32,
    first: i64,
    days: i64,
    /// Per lane: its top, relative to the first lane's, its height, and the height of its
    /// rows of marks.
    lanes: Vec<(i32, i32, i32)>,
    /// Per mark: the row of its lane it sits in.
    rows: Vec<usize>,
    /// Height of the lanes together.
    pub height: i32,
}

impl Layout {
    pub fn new(frame: &Frame<'_>, data: &FigureData) -> Option<Layout> {
        let (start, end) = data.span?;
        let w = frame.w();
        let label_w = if frame.narrow() {
            0
        } else {
            data.series
                .iter()
                .map(|g| measure(&g.label, TEXT))
                .max()
                .unwrap_or(0)
                .min(w * 30 / 100)
        };
        let x0 = if frame.narrow() {
            PAD + R
        } else {
            PAD + label_w + 10 + R
        };
        let x1 = w - PAD - R;
        let mut layout = Layout {
            x0,
            x1,
            label_w,
            first: day_number(start),
            days: (day_number(end) + 1 - day_number(start)).max(1),
            lanes: Vec::new(),
            rows: Vec::new(),
            height: 0,
        };
        // Each lane's rows: the right end of the last mark placed in each.
        let mut ends: Vec<Vec<i32>> = vec![Vec::new(); data.series.len().max(1)];
        for m in &data.marks {
            let (left, right) = layout.extent(m.first, m.last);
            let last = ends.len() - 1;
            let rows = &mut ends[m.lane.min(last)];
            let row = match rows.iter().position(|&end| end + GAP <= left) {
                Some(r) => r,
                None => {
                    rows.push(i32::MIN);
                    rows.len() - 1
                }
            };
            rows[row] = right;
            layout.rows.push(row);
        }
        let label_h = if frame.narrow() { 18 } else { 0 };
        let mut y = 0;
        for rows in &ends {
            let marks_h = rows.len().max(1) as i32 * ROW;
            let h = label_h + marks_h.max(ROW + 8) + 8;
            layout.lanes.push((y, h, marks_h));
            y += h;
        }
        layout.height = y;
        Some(layout)
    }

    fn x_of(&self, d: Date) -> i32 {
        let share = (day_number(d) - self.first) as f64 / self.days as f64;
        self.x0 + (share * f64::from(self.x1 - self.x0)).round() as i32
    }

    /// The pixels a mark covers: a dot for a day, the whole span for a month or a year.
    fn extent(&self, first: Date, last: Date) -> (i32, i32) {
        if first == last {
            let x = self.x_of(first);
            (x - R, x + R)
        } else {
            let x = self.x_of(first);
            let end = self.x_of(last.tomorrow().unwrap_or(last));
            (x, end.max(x + 2))
        }
    }
}

/// A timeline below `top`, with its lanes as [`Layout`] places them.
pub fn lanes(canvas: &Canvas, frame: &Frame<'_>, data: &FigureData, top: i32) -> Result<()> {
    let Some(layout) = Layout::new(frame, data) else {
        return Ok(());
    };
    let Some((start, end)) = data.span else {
        return Ok(());
    };
    let narrow = frame.narrow();
    let lanes_top = top + AXIS_LABELS;
    let bottom = lanes_top + layout.height;
    let (x0, x1) = (layout.x0 - R, layout.x1 + R);
    canvas.group("chart-axis", true, || {
        let title = frame.type_(
            SMALL_TEXT,
            Token::Muted,
            (if narrow { HPos::Left } else { HPos::Right }, VPos::Center),
            "chart-axis-title",
        );
        let title_x = if narrow { PAD } else { x0 - 10 };
        canvas.text((title_x, top + 8), frame.x_title, title)?;
        // Year lines and labels.
        let years = i32::from(end.year() - start.year()) + 1;
        let year_px = f64::from(x1 - x0) / f64::from(years);
        let stride = ((f64::from(measure("2019", SMALL_TEXT) + 10) / year_px).ceil() as i32).max(1);
        let tick = |anchor| {
            frame.type_(
                SMALL_TEXT,
                Token::Muted,
                (anchor, VPos::Center),
                "chart-label",
            )
        };
        for k in 0..years {
            let year = start.year() + k as i16;
            let Ok(jan1) = Date::new(year, 1, 1) else {
                continue;
            };
            let x = layout.x_of(jan1).max(x0);
            canvas.line(vec![(x, lanes_top), (x, bottom)], Token::Grid.into(), 1)?;
            if k % stride == 0 {
                let mid = x + (year_px * f64::from(stride.min(years - k)) / 2.0) as i32;
                let (at, anchor) = if stride == 1 {
                    (mid, HPos::Center)
                } else {
                    (x, HPos::Left)
                };
                canvas.text((at, bottom + 12), &year.to_string(), tick(anchor))?;
            }
        }
        canvas.line(vec![(x1, lanes_top), (x1, bottom)], Token::Grid.into(), 1)?;
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
        for (g, (y, h, _)) in data.series.iter().zip(&layout.lanes) {
            let y = lanes_top + y;
            canvas.line(vec![(x0, y + h), (x1, y + h)], Token::Grid.into(), 1)?;
            if narrow {
                canvas.text(
                    (PAD, y + 10),
                    &fit(&g.label, TEXT, canvas.width - 2 * PAD),
                    name,
                )?;
            } else {
                canvas.text(
                    (x0 - 10, y + h / 2),
                    &fit(&g.label, TEXT, layout.label_w),
                    name,
                )?;
            }
        }
        canvas.line(vec![(x0, bottom), (x1, bottom)], Token::Axis.into(), 1)
    })?;
    let by_lane = data.platforms.is_empty();
    let paints = group_paints(if by_lane {
        &data.series
    } else {
        &data.platforms
    });
    let label_h = if narrow { 18 } else { 0 };
    for (m, row) in data.marks.iter().zip(&layout.rows) {
        let index = if by_lane {
            Some(m.lane)
        } else {
            data.platforms.iter().position(|g| g.key == m.platform)
        };
        let paint = index
            .and_then(|i| paints.get(i).copied())
            .unwrap_or(Token::None.into());
        let (lane_y, lane_h, rows_h) = layout.lanes.get(m.lane).copied().unwrap_or((0, ROW, ROW));
        // The lane's rows of marks, centred in the room under its name.
        let room = lane_h - label_h - 8;
        let cy =
            lanes_top + lane_y + label_h + 4 + (room - rows_h) / 2 + *row as i32 * ROW + ROW / 2;
        let href = frame.links.map(|l| l.event(&m.event));
        canvas.mark("chart-event", &m.tooltip, href.as_deref(), || {
            mark(canvas, &layout, m.first, m.last, cy, paint)
        })?;
    }
    Ok(())
}

/// A dot on its day, or a faint bar over the month or year an event could lie anywhere in.
fn mark(
    canvas: &Canvas,
    layout: &Layout,
    first: Date,
    last: Date,
    cy: i32,
    paint: Paint,
) -> Result<()> {
    let (left, right) = layout.extent(first, last);
    if first == last {
        canvas.circle((left + R, cy), R, paint)
    } else {
        canvas.rect_with((left, cy - 4), (right, cy + 4), paint, 0.35, "")
    }
}

/// Days since 0000-03-01 (proleptic Gregorian): a plain day count for placing marks.
fn day_number(d: Date) -> i64 {
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
