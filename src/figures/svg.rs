//! The pieces every chart shares: the frame it is drawn in (a wide or a narrow layout), the
//! accessible `<svg>` root, the legend, and label fitting measured with the embedded font.

use super::canvas::{Canvas, Result, Type};
use super::font::FAMILY;
use super::links::Links;
use super::paint::{Paint, Token};
use crate::records::figure::Chart;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Escape text for XML content and attributes, dropping the characters XML forbids.
pub use crate::escape::xml_text as escape;

pub const PAD: i32 = 12;
/// Text sizes in the chart's own pixels. Each layout is shown only where it is displayed at
/// least 11/12 of its size (see `Width`), so no label is ever smaller than 11 CSS pixels.
pub const TEXT: f64 = 14.0;
pub const SMALL_TEXT: f64 = 12.0;

/// The two layouts of every chart. The page shows the one that fits its column (a container
/// query in the theme's stylesheet): the wide one from 600 CSS pixels, where it is drawn at
/// 0.94× or more, and the narrow one below, drawn for phones: a 390-pixel phone's column of
/// about 330 pixels shows it at 0.97×, so 12-pixel text is shown at 11.6 pixels or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Wide,
    Narrow,
}

impl Width {
    pub fn px(self) -> i32 {
        match self {
            Width::Wide => 640,
            Width::Narrow => 340,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Width::Wide => "chart--wide",
            Width::Narrow => "chart--narrow",
        }
    }
}

/// What the drawing needs besides the numbers.
pub struct Frame<'a> {
    /// Prefix of the ids inside the SVG (`figure-accounts-by-origin`); unique per page.
    pub id: &'a str,
    pub title: &'a str,
    /// The text alternative.
    pub desc: &'a str,
    pub chart: Chart,
    /// Time runs along `x` (columns), rather than categories (rows).
    pub time_x: bool,
    /// The chart counts events, so an empty group is a true zero rather than "not reported".
    pub counts_events: bool,
    /// A compact chart for the side of a page.
    pub small: bool,
    pub width: Width,
    /// The axis titles: what the groups are (`Quarter`, `Platform`) and what is counted.
    pub x_title: &'a str,
    pub y_title: &'a str,
    /// What tooltips count: `events`, `accounts`.
    pub noun: &'a str,
    /// Where marks link to; `None` draws no links (the SVG file, thumbnails).
    pub links: Option<&'a Links>,
    /// The language of its words and numbers.
    pub loc: &'a crate::present::locale::Locale,
}

impl Frame<'_> {
    pub fn w(&self) -> i32 {
        self.width.px()
    }

    pub fn narrow(&self) -> bool {
        self.width == Width::Narrow
    }

    /// Text set in `size` and `paint`, for a `role`.
    pub fn type_(&self, size: f64, paint: Token, anchor: (HPos, VPos), role: &'static str) -> Type {
        Type {
            size,
            paint: paint.into(),
            anchor,
            role,
        }
    }
}

/// The `<svg>` element around a drawn body: it names its title and description, scales to the
/// page, and carries the font family once. Charts with links are a group of links for
/// assistive technology; charts without are one image.
pub fn root(frame: &Frame<'_>, height: i32, body: &str) -> String {
    let id = frame.id;
    let width = frame.w();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"chart {}{}\" role=\"{}\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"{FAMILY}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{body}</svg>\n",
        frame.width.class(),
        if frame.small { " chart--small" } else { "" },
        if frame.links.is_some() { "group" } else { "img" },
        escape(frame.title),
        escape(frame.desc),
    )
}

/// How a legend entry shows its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Swatch,
    /// A faint bar: a span of time an event could lie anywhere in.
    Faint,
    /// A ring: an approximate value.
    Ring,
    /// A triangle: a lower bound.
    Triangle,
}

pub struct Entry {
    pub label: String,
    pub paint: Paint,
    pub key: Key,
}

/// Legend entries laid out in rows; returns the height used. Draws only when `canvas` is given.
pub fn legend(
    canvas: Option<&Canvas>,
    entries: &[Entry],
    (x0, y0): (i32, i32),
    width: i32,
) -> Result<i32> {
    if entries.is_empty() {
        return Ok(0);
    }
    const ROW: i32 = 20;
    let (mut x, mut y) = (x0, y0);
    let ink = Type {
        size: SMALL_TEXT,
        paint: Token::Ink.into(),
        anchor: (HPos::Left, VPos::Center),
        role: "chart-legend-label",
    };
    for entry in entries {
        let label = fit(&entry.label, SMALL_TEXT, width - 20);
        let w = 14 + 5 + measure(&label, SMALL_TEXT) + 14;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += ROW;
        }
        if let Some(c) = canvas {
            let bg = Paint::Theme(Token::Bg);
            match entry.key {
                Key::Swatch => c.rect((x, y + 3), (x + 14, y + 17), entry.paint)?,
                Key::Faint => c.rect_with((x, y + 6), (x + 14, y + 14), entry.paint, 0.35, "")?,
                Key::Ring => c.ring((x + 7, y + 10), 5, entry.paint, bg)?,
                Key::Triangle => c.triangle((x + 7, y + 10), 5, entry.paint, bg)?,
            }
            c.text((x + 19, y + 10), &label, ink)?;
        }
        x += w;
    }
    Ok(y - y0 + ROW + 6)
}

/// Width of `text` in pixels, measured with the embedded font (rounded up).
pub fn measure(text: &str, size: f64) -> i32 {
    FontDesc::new(FontFamily::Name(FAMILY), size * 1.24, FontStyle::Normal)
        .box_size(text)
        .map_or(text.chars().count() as i32 * size as i32, |(w, _)| {
            w as i32 + 1
        })
}

/// `text` shortened with "…" to fit `max` pixels.
pub fn fit(text: &str, size: f64, max: i32) -> String {
    if measure(text, size) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = chars.len();
    while keep > 1 {
        keep -= 1;
        let candidate: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if measure(&candidate, size) <= max {
            return candidate;
        }
    }
    "…".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_shortened() {
        crate::figures::font::ensure().unwrap();
        let long = "Islamic Republic of Iran Broadcasting and its many affiliates";
        let short = fit(long, TEXT, 120);
        assert!(short.ends_with('…'), "{short}");
        assert!(measure(&short, TEXT) <= 120);
        assert_eq!(fit("Iran", TEXT, 120), "Iran");
    }
}
