//! A drawing surface in whole pixels. Each primitive is drawn by Plotters' SVG backend, one
//! element at a time, and written with the class that lets the theme colour it; between them the
//! canvas writes the structure Plotters has no words for: groups, links to records, and the
//! `<title>` tooltips of marks.
//!
//! Plotters' own `Histogram` sums bars in a `HashMap`, so its output order changes between runs;
//! bars here are rectangles drawn in data order at whole-pixel coordinates, so the same data
//! gives the same bytes on every machine.

use super::font::FAMILY;
use super::paint::Paint;
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::cell::RefCell;

/// What drawing on a canvas can fail with.
pub type Result<T> =
    std::result::Result<T, plotters::drawing::DrawingAreaErrorKind<std::io::Error>>;

pub struct Canvas {
    pub width: i32,
    pub height: i32,
    body: RefCell<String>,
    /// Draw mirrored, right to left: what is drawn at `x` goes to `width - x`, and text
    /// anchored at its left end is anchored at its right (a right-to-left page's bar chart).
    mirror: std::cell::Cell<bool>,
}

/// How a piece of text is set.
#[derive(Clone, Copy)]
pub struct Type {
    pub size: f64,
    pub paint: Paint,
    pub anchor: (HPos, VPos),
    /// The role of the text (`chart-tick`, `chart-value`), for the theme and for tests.
    pub role: &'static str,
}

impl Canvas {
    pub fn new(width: i32, height: i32) -> Canvas {
        Canvas {
            width,
            height,
            body: RefCell::new(String::new()),
            mirror: std::cell::Cell::new(false),
        }
    }

    /// Draw what follows mirrored (`true`) or as it is.
    pub fn set_mirror(&self, mirror: bool) {
        self.mirror.set(mirror);
    }

    /// `x` where it is drawn.
    fn x(&self, x: i32) -> i32 {
        if self.mirror.get() {
            self.width - x
        } else {
            x
        }
    }

    /// Everything drawn, in order.
    pub fn into_body(self) -> String {
        self.body.into_inner()
    }

    /// Draw with Plotters into a one-element SVG and keep its element, with `class` added.
    fn element(
        &self,
        class: &str,
        draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
    ) -> Result<()> {
        let mut piece = String::new();
        {
            let area = SVGBackend::with_string(&mut piece, (self.width as u32, self.height as u32))
                .into_drawing_area();
            draw(&area)?;
            area.present()?;
        }
        // `<svg …>`, the element (one line, or three for text), `</svg>`.
        let inner = piece
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_end()
            .strip_suffix("</svg>")
            .unwrap_or("");
        let mut body = self.body.borrow_mut();
        match inner.find(' ') {
            Some(at) if !class.is_empty() && inner.starts_with('<') => {
                body.push_str(&inner[..at]);
                body.push_str(" class=\"");
                body.push_str(class);
                body.push('"');
                body.push_str(&inner[at..]);
            }
            _ => body.push_str(inner),
        }
        Ok(())
    }

    /// Raw markup between elements: only the canvas's own tags and escaped text go through here.
    fn raw(&self, markup: &str) {
        self.body.borrow_mut().push_str(markup);
    }

    pub fn text(&self, (x, y): (i32, i32), text: &str, t: Type) -> Result<()> {
        let x = self.x(x);
        let anchor = match (self.mirror.get(), t.anchor.0) {
            (true, HPos::Left) => HPos::Right,
            (true, HPos::Right) => HPos::Left,
            (_, h) => h,
        };
        let t = Type {
            anchor: (anchor, t.anchor.1),
            ..t
        };
        let class = join(t.role, t.paint.fill_class());
        let color = t.paint.rgb();
        // Plotters writes font-size as size / 1.24; 11, 12 and 14 pixels survive the round trip.
        let style = TextStyle::from(FontDesc::new(
            FontFamily::Name(FAMILY),
            t.size * 1.24,
            FontStyle::Normal,
        ))
        .color(&color)
        .pos(Pos::new(t.anchor.0, t.anchor.1));
        // One line per label: a line break in a name would otherwise end up in the layout.
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if !starts_right_to_left(&text) {
            return self.element(&class, |area| area.draw_text(&text, &style, (x, y)));
        }
        // Text whose first strong letter is Arabic, Hebrew, …: laid out right to left, so
        // "۲۰۱۹ فصل" or "IRGC سپاه" keep their order. With `direction: rtl` an SVG reads its
        // text-anchor from the right, so start and end swap to keep the text where measured.
        let flipped = match t.anchor.0 {
            HPos::Left => HPos::Right,
            HPos::Right => HPos::Left,
            h => h,
        };
        let style = style.pos(Pos::new(flipped, t.anchor.1));
        self.element(&class, |area| area.draw_text(&text, &style, (x, y)))?;
        let mut body = self.body.borrow_mut();
        if let Some(at) = body.rfind("<text ") {
            body.insert_str(at + "<text ".len(), "direction=\"rtl\" ");
        }
        Ok(())
    }

    /// A filled rectangle; nothing when it has no area.
    pub fn rect(&self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), paint: Paint) -> Result<()> {
        self.rect_with((x0, y0), (x1, y1), paint, 1.0, "")
    }

    /// A filled rectangle at `opacity`, with a class of its own besides its colour's.
    pub fn rect_with(
        &self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        paint: Paint,
        opacity: f64,
        role: &str,
    ) -> Result<()> {
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        let (x0, x1) = if self.mirror.get() {
            (self.x(x1), self.x(x0))
        } else {
            (x0, x1)
        };
        let class = join(role, paint.fill_class());
        let style = paint.rgb().mix(opacity).filled();
        self.element(&class, |area| {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style))
        })
    }

    pub fn line(&self, points: Vec<(i32, i32)>, paint: Paint, width: u32) -> Result<()> {
        self.line_with(points, paint, width, "")
    }

    /// A line with a class of its own besides its colour's.
    pub fn line_with(
        &self,
        points: Vec<(i32, i32)>,
        paint: Paint,
        width: u32,
        role: &str,
    ) -> Result<()> {
        let class = join(role, paint.stroke_class());
        let style = paint.rgb().stroke_width(width);
        let points: Vec<(i32, i32)> = points.into_iter().map(|(x, y)| (self.x(x), y)).collect();
        self.element(&class, |area| area.draw(&PathElement::new(points, style)))
    }

    pub fn circle(&self, center: (i32, i32), radius: i32, paint: Paint) -> Result<()> {
        let center = (self.x(center.0), center.1);
        let class = paint.fill_class().unwrap_or_default();
        let style = paint.rgb().filled();
        self.element(&class, |area| {
            area.draw(&Circle::new(center, radius, style))
        })
    }

    /// A circle drawn as a ring: the background inside, `paint` around.
    pub fn ring(&self, center: (i32, i32), radius: i32, paint: Paint, bg: Paint) -> Result<()> {
        self.circle(center, radius, bg)?;
        let center = (self.x(center.0), center.1);
        let class = paint.stroke_class().unwrap_or_default();
        let style = paint.rgb().stroke_width(2);
        self.element(&class, |area| {
            area.draw(&Circle::new(center, radius, style))
        })
    }

    /// A triangle pointing up, drawn as an outline: the mark of a lower bound.
    pub fn triangle(&self, (x, y): (i32, i32), r: i32, paint: Paint, bg: Paint) -> Result<()> {
        let x = self.x(x);
        let points = vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)];
        let fill = bg.rgb().filled();
        let corners = points.clone();
        self.element(&bg.fill_class().unwrap_or_default(), |area| {
            area.draw(&Polygon::new(corners, fill))
        })?;
        let mut outline = points.clone();
        outline.push(points[0]);
        // Already placed: the outline is not mirrored again.
        let mirror = self.mirror.replace(false);
        let drawn = self.line(outline, paint, 2);
        self.mirror.set(mirror);
        drawn
    }

    /// A group with a class; `hidden` keeps its drawing from screen readers (the labels of an
    /// axis read as noise; the chart's description and table say it better).
    pub fn group<T>(
        &self,
        class: &str,
        hidden: bool,
        inside: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        self.raw(&format!(
            "<g class=\"{class}\"{}>\n",
            if hidden { " aria-hidden=\"true\"" } else { "" }
        ));
        let out = inside()?;
        self.raw("</g>\n");
        Ok(out)
    }

    /// A mark a reader can point at: its tooltip, and a link to its records when it has one.
    /// A linked mark is a keyboard stop whose accessible name is the tooltip.
    pub fn mark<T>(
        &self,
        class: &str,
        tooltip: &str,
        href: Option<&str>,
        inside: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let esc = crate::escape::xml_text;
        match href {
            Some(url) => self.raw(&format!(
                "<a class=\"{class}\" href=\"{}\">\n<title>{}</title>\n",
                esc(url),
                esc(tooltip)
            )),
            None => self.raw(&format!(
                "<g class=\"{class}\">\n<title>{}</title>\n",
                esc(tooltip)
            )),
        }
        let out = inside()?;
        self.raw(if href.is_some() { "</a>\n" } else { "</g>\n" });
        Ok(out)
    }
}

/// Whether the first letter of `text` with a direction is right-to-left (Arabic, Hebrew,
/// Syriac, Thaana, N'Ko and their presentation forms).
fn starts_right_to_left(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}'))
}

fn join(role: &str, class: Option<String>) -> String {
    match class {
        Some(c) if !role.is_empty() => format!("{role} {c}"),
        Some(c) => c,
        None => role.to_string(),
    }
}
