//! The frame of a chart over time (columns or a line): the value axis with its title, ticks and
//! gridlines, and the time axis with its labels and title. Periods are labelled in full
//! (`2019 Q2`) when the labels fit; else, for quarters and months, short (`Q2`, `May`) with the
//! years on a second line; else by year alone.

use super::axis::Axis;
use super::canvas::{Canvas, Result};
use super::geometry::{scale, AXIS_LABELS};
use super::grouped::FigureData;
use super::paint::Token;
use super::svg::{measure, Frame, PAD, SMALL_TEXT};
use crate::records::figure::Chart;
use plotters::style::text_anchor::{HPos, VPos};

/// How the periods under a time axis are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Labels {
    /// Every `stride`th period, in full.
    Full(usize),
    /// Every period short, and the years under them.
    Short,
    /// Years at their first period.
    Years,
}

/// Where values and periods fall on a time chart.
pub struct Plot {
    pub x0: i32,
    pub x1: i32,
    /// The top of the value axis (its last tick).
    pub top: i32,
    /// The value axis's zero.
    pub bottom: i32,
    pub axis: Axis,
    /// Width of one period.
    pub band: f64,
    labels: Labels,
}

/// The largest value of a chart over time: a stack's total, a line's highest point.
pub fn max_of(frame: &Frame<'_>, data: &FigureData) -> u64 {
    if frame.chart == Chart::Line {
        data.cells
            .iter()
            .flatten()
            .chain(&data.rows)
            .map(|t| t.value)
            .max()
            .unwrap_or(0)
    } else {
        super::geometry::max_value(frame, data)
    }
}

impl Plot {
    /// The plot of a chart `height` high (0 when only its width matters), below `top` (the
    /// legend's end).
    pub fn new(frame: &Frame<'_>, data: &FigureData, height: i32, top: i32) -> Plot {
        let ticks = if frame.small || frame.narrow() { 4 } else { 5 };
        let axis = Axis::new(max_of(frame, data), ticks);
        let left_w = axis
            .ticks()
            .map(|t| measure(&axis.label(frame.loc, t), SMALL_TEXT))
            .max()
            .unwrap_or(0);
        let x0 = PAD + left_w + 6;
        let x1 = frame.w() - PAD;
        let band = f64::from(x1 - x0) / data.x.len().max(1) as f64;
        let labels = labels(frame.loc, data, band);
        let rows = if labels == Labels::Short { 3 } else { 2 };
        Plot {
            x0,
            x1,
            // The axis title, then room for the numbers above the tallest column.
            top: top + AXIS_LABELS + 16,
            bottom: height - PAD - rows * AXIS_LABELS,
            axis,
            band,
            labels,
        }
    }

    /// Height of everything under the plot: the lines of period labels and the axis title.
    pub fn below(&self) -> i32 {
        if self.labels == Labels::Short {
            3 * AXIS_LABELS
        } else {
            2 * AXIS_LABELS
        }
    }

    pub fn y_of(&self, v: u64) -> i32 {
        self.bottom - scale(v, self.axis.top, self.bottom - self.top)
    }

    pub fn center(&self, i: usize) -> i32 {
        self.x0 + (self.band * (i as f64 + 0.5)).round() as i32
    }

    /// Gridlines, tick labels and the value axis's title; hidden from screen readers, which
    /// read the description and the table instead.
    pub fn value_axis(&self, canvas: &Canvas, frame: &Frame<'_>) -> Result<()> {
        canvas.group("chart-axis", true, || {
            let muted = frame.type_(
                SMALL_TEXT,
                Token::Muted,
                (HPos::Left, VPos::Center),
                "chart-axis-title",
            );
            canvas.text((PAD, self.top - AXIS_LABELS - 6), frame.y_title, muted)?;
            let tick = frame.type_(
                SMALL_TEXT,
                Token::Muted,
                (HPos::Right, VPos::Center),
                "chart-tick",
            );
            for t in self.axis.ticks() {
                let y = self.y_of(t);
                canvas.line(vec![(self.x0, y), (self.x1, y)], Token::Grid.into(), 1)?;
                canvas.text((self.x0 - 6, y), &self.axis.label(frame.loc, t), tick)?;
            }
            Ok(())
        })
    }

    /// The zero line, the labels of the periods and the time axis's title.
    pub fn time_axis(&self, canvas: &Canvas, frame: &Frame<'_>, data: &FigureData) -> Result<()> {
        canvas.group("chart-axis", true, || {
            canvas.line(
                vec![(self.x0, self.bottom), (self.x1, self.bottom)],
                Token::Axis.into(),
                1,
            )?;
            self.period_labels(canvas, frame, data)?;
            let title = frame.type_(
                SMALL_TEXT,
                Token::Muted,
                (HPos::Center, VPos::Center),
                "chart-axis-title",
            );
            canvas.text(
                (
                    (self.x0 + self.x1) / 2,
                    self.bottom + self.below() - AXIS_LABELS + 12,
                ),
                frame.x_title,
                title,
            )
        })
    }

    fn period_labels(&self, canvas: &Canvas, frame: &Frame<'_>, data: &FigureData) -> Result<()> {
        let y = self.bottom + 10;
        let label = |canvas: &Canvas, i: usize, (x, y): (i32, i32), text: &str, anchor| {
            let paint = if data.focus.is_some() && data.in_focus(i) {
                Token::Ink
            } else {
                Token::Muted
            };
            canvas.text(
                (x, y),
                text,
                frame.type_(SMALL_TEXT, paint, (anchor, VPos::Center), "chart-label"),
            )
        };
        match self.labels {
            Labels::Full(stride) => {
                for (i, g) in data.x.iter().enumerate().step_by(stride) {
                    label(canvas, i, (self.center(i), y), &g.label, HPos::Center)?;
                }
            }
            Labels::Short => {
                for (i, g) in data.x.iter().enumerate() {
                    label(
                        canvas,
                        i,
                        (self.center(i), y),
                        &super::words::short_period(frame.loc, &g.key, &g.label),
                        HPos::Center,
                    )?;
                }
                for (i, year) in self.year_starts(data) {
                    let x = self.center(i) - (self.band / 2.0) as i32;
                    label(canvas, i, (x, y + AXIS_LABELS), &year, HPos::Left)?;
                }
            }
            Labels::Years => {
                for (i, year) in self.year_starts(data) {
                    let x = self.center(i) - (self.band / 2.0) as i32;
                    label(canvas, i, (x, y), &year, HPos::Left)?;
                }
            }
        }
        Ok(())
    }

    /// The periods where a year's label goes: each year's first, and the chart's first when
    /// the rest of its year leaves room; every year, or every second or fifth when they crowd.
    fn year_starts(&self, data: &FigureData) -> Vec<(usize, String)> {
        let year_w = f64::from(measure("2019", SMALL_TEXT) + 10);
        let per_year = if data.x.first().is_some_and(|g| g.key.contains('Q')) {
            4.0
        } else {
            12.0
        };
        let every = [1, 2, 5, 10, 20, 50, 100]
            .into_iter()
            .find(|&n| self.band * per_year * f64::from(n) >= year_w)
            .unwrap_or(100);
        let mut out = Vec::new();
        for (i, g) in data.x.iter().enumerate() {
            let year: i32 = g.key.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            let starts_year = g.key.ends_with("-Q1") || g.key.ends_with("-01");
            let rest_of_year = data.x[i..]
                .iter()
                .take_while(|k| k.key.get(..4) == g.key.get(..4))
                .count();
            let starts_chart = i == 0 && self.band * rest_of_year as f64 >= year_w;
            if (starts_year || starts_chart) && year % every == 0 {
                out.push((i, g.key[..4].to_string()));
            }
        }
        out
    }
}

/// How the periods of `data` are labelled in columns `band` wide.
fn labels(loc: &crate::present::locale::Locale, data: &FigureData, band: f64) -> Labels {
    let fits = |widest: i32| f64::from(widest + 8) <= band;
    let widest = |f: &dyn Fn(&super::grouped::Group) -> String| {
        data.x
            .iter()
            .map(|g| measure(&f(g), SMALL_TEXT))
            .max()
            .unwrap_or(0)
    };
    let sub_year = data.x.first().is_some_and(|g| g.key.len() == 7);
    if fits(widest(&|g| g.label.clone())) {
        Labels::Full(1)
    } else if sub_year
        && fits(widest(&|g| {
            super::words::short_period(loc, &g.key, &g.label)
        }))
    {
        Labels::Short
    } else if sub_year {
        Labels::Years
    } else {
        let w = f64::from(widest(&|g| g.label.clone()) + 10);
        Labels::Full(((w / band).ceil() as usize).max(1))
    }
}
