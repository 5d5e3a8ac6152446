//! Drawing a figure as SVG with Plotters: a canvas of pixel primitives, the shared pieces of
//! every chart (ticks, legend, colours, label fitting), and the accessible `<svg>` root.
//!
//! Bars are drawn as rectangles in data order (Plotters' `Histogram` sums in a `HashMap`, so
//! its output order changes between runs); every coordinate is a whole pixel. The same data
//! therefore gives the same bytes on every machine.

use super::font::FAMILY;

use crate::records::figure::Chart;
use crate::records::quantity::thousands;
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const INK: RGBColor = RGBColor(0x15, 0x19, 0x1e);
pub const MUTED: RGBColor = RGBColor(0x59, 0x63, 0x6f);
pub const GRID: RGBColor = RGBColor(0xdd, 0xe1, 0xe6);
pub const AXIS: RGBColor = RGBColor(0xaa, 0xb2, 0xbc);
pub const ACCENT: RGBColor = RGBColor(0x0a, 0x51, 0x90);
pub const OTHER_GREY: RGBColor = RGBColor(0x9a, 0xa3, 0xad);
/// Events with no value for the dimension (unattributed, no platform).
pub const NONE_GREY: RGBColor = RGBColor(0xc9, 0xce, 0xd4);

/// Colours for series that are not platforms: a colour-blind-safe set after Okabe and Ito.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x0a, 0x51, 0x90),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x6a, 0x3d, 0x9a),
];

pub const PAD: i32 = 12;
/// Text sizes in CSS pixels.
pub const TEXT: f64 = 12.0;
pub const SMALL_TEXT: f64 = 11.0;

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
}

impl Frame<'_> {
    pub fn width(&self) -> i32 {
        if self.small {
            640
        } else {
            720
        }
    }
}

/// Replace Plotters' bare `<svg>` tag with one that names its title and description, scales
/// to the page, and carries the font family once.
pub fn accessible_root(frame: &Frame<'_>, height: i32, body: &str) -> String {
    let rest = body.split_once('\n').map_or("", |(_, rest)| rest);
    let id = frame.id;
    let width = frame.width();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"chart{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{FAMILY}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{rest}",
        if frame.small { " chart--small" } else { "" },
        escape(frame.title),
        escape(frame.desc),
    )
}

/// Escape text for XML content and attributes, dropping the characters XML forbids.
pub use crate::escape::xml_text as escape;

/// What drawing on a canvas can fail with.
pub type Result<T> =
    std::result::Result<T, plotters::drawing::DrawingAreaErrorKind<std::io::Error>>;

/// A drawing surface in whole pixels, with the primitives charts are made of.
pub struct Canvas<'b> {
    pub(super) area: DrawingArea<SVGBackend<'b>, Shift>,
    pub width: i32,
    pub height: i32,
}

impl Canvas<'_> {
    pub fn text(
        &self,
        (x, y): (i32, i32),
        text: &str,
        size: f64,
        (h, v): (HPos, VPos),
        color: &RGBColor,
    ) -> Result<()> {
        let style = text_style(size).color(color).pos(Pos::new(h, v));
        self.area.draw_text(text, &style, (x, y))
    }

    pub fn rect(
        &self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        style: ShapeStyle,
    ) -> Result<()> {
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style))
    }

    pub fn line(&self, points: Vec<(i32, i32)>, color: &RGBColor, width: u32) -> Result<()> {
        self.area
            .draw(&PathElement::new(points, color.stroke_width(width)))
    }

    pub fn circle(&self, center: (i32, i32), radius: i32, style: ShapeStyle) -> Result<()> {
        self.area.draw(&Circle::new(center, radius, style))
    }
}

fn text_style(size: f64) -> TextStyle<'static> {
    // Plotters writes font-size as size / 1.24; 11, 12 and 14 pixels survive the round trip.
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FAMILY),
        size * 1.24,
        FontStyle::Normal,
    ))
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

/// `#rrggbb` → colour (accent for anything else).
pub fn parse_color(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    if h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()) {
        RGBColor(byte(0), byte(2), byte(4))
    } else {
        ACCENT
    }
}

/// Colours of a set of groups: platform colours where they have one, grey for "Other" and for
/// events with no value, and palette colours (skipping those the platforms already use) for
/// the rest.
pub fn group_colors(groups: &[super::grouped::Group]) -> Vec<RGBColor> {
    let taken: Vec<RGBColor> = groups
        .iter()
        .filter_map(|g| g.color.as_deref().map(parse_color))
        .collect();
    let mut free = PALETTE.iter().filter(|c| !taken.contains(c)).cycle();
    groups
        .iter()
        .map(|g| {
            if g.is_other() {
                OTHER_GREY
            } else if g.key.is_empty() {
                NONE_GREY
            } else if let Some(c) = &g.color {
                parse_color(c)
            } else {
                free.next().copied().unwrap_or(ACCENT)
            }
        })
        .collect()
}

/// Round axis steps: the smallest of 1, 2, 2.5, 5 × 10ⁿ giving at most `count` steps to `max`.
pub fn ticks(max: u64, count: u64) -> (u64, u64) {
    let max = max.max(1);
    let mut magnitude = 1u64;
    loop {
        for factor in [10u64, 20, 25, 50] {
            let step = (magnitude * factor / 10).max(1);
            if max.div_ceil(step) <= count {
                return (step, max.div_ceil(step) * step);
            }
        }
        magnitude = magnitude.saturating_mul(10);
        if magnitude > u64::MAX / 100 {
            return (max, max);
        }
    }
}

/// Tick labels: `1,000`, `25,000`, `2.5M` once numbers pass a million.
pub fn tick_label(value: u64) -> String {
    if value >= 1_000_000 && value % 100_000 == 0 {
        let tenths = value / 100_000;
        if tenths % 10 == 0 {
            format!("{}M", thousands(tenths / 10))
        } else {
            format!("{}.{}M", tenths / 10, tenths % 10)
        }
    } else {
        thousands(value)
    }
}

/// Legend entries laid out in rows; returns the height used. Draws only when `canvas` is given.
pub fn legend(
    canvas: Option<&Canvas<'_>>,
    entries: &[(String, RGBColor)],
    x0: i32,
    y0: i32,
    width: i32,
) -> Result<i32> {
    if entries.is_empty() {
        return Ok(0);
    }
    const ROW: i32 = 18;
    let (mut x, mut y) = (x0, y0);
    for (label, color) in entries {
        let label = fit(label, SMALL_TEXT, 200);
        let w = 12 + 5 + measure(&label, SMALL_TEXT) + 14;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += ROW;
        }
        if let Some(c) = canvas {
            c.rect((x, y + 3), (x + 12, y + 15), color.filled())?;
            c.text(
                (x + 17, y + 9),
                &label,
                SMALL_TEXT,
                (HPos::Left, VPos::Center),
                &INK,
            )?;
        }
        x += w;
    }
    Ok(y - y0 + ROW + 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(7, 5), (2, 8));
        assert_eq!(ticks(51, 5), (20, 60));
        assert_eq!(ticks(3651, 5), (1000, 4000));
        assert_eq!(ticks(0, 5), (1, 1));
        assert_eq!(ticks(2_400_000, 5), (500_000, 2_500_000));
    }

    #[test]
    fn tick_labels_use_separators() {
        assert_eq!(tick_label(25_000), "25,000");
        assert_eq!(tick_label(2_500_000), "2.5M");
        assert_eq!(tick_label(10_000_000), "10M");
    }

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
