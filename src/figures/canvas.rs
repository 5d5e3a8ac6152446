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
        self.element(&class, |area| area.draw_text(&text, &style, (x, y)))
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
        self.element(&class, |area| area.draw(&PathElement::new(points, style)))
    }

    pub fn circle(&self, center: (i32, i32), radius: i32, paint: Paint) -> Result<()> {
        let class = paint.fill_class().unwrap_or_default();
        let style = paint.rgb().filled();
        self.element(&class, |area| {
            area.draw(&Circle::new(center, radius, style))
        })
    }

    /// A circle drawn as a ring: the background inside, `paint` around.
    pub fn ring(&self, center: (i32, i32), radius: i32, paint: Paint, bg: Paint) -> Result<()> {
        self.circle(center, radius, bg)?;
        let class = paint.stroke_class().unwrap_or_default();
        let style = paint.rgb().stroke_width(2);
        self.element(&class, |area| {
            area.draw(&Circle::new(center, radius, style))
        })
    }

    /// A triangle pointing up, drawn as an outline: the mark of a lower bound.
    pub fn triangle(&self, (x, y): (i32, i32), r: i32, paint: Paint, bg: Paint) -> Result<()> {
        let points = vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)];
        let fill = bg.rgb().filled();
        let corners = points.clone();
        self.element(&bg.fill_class().unwrap_or_default(), |area| {
            area.draw(&Polygon::new(corners, fill))
        })?;
        let mut outline = points.clone();
        outline.push(points[0]);
        self.line(outline, paint, 2)
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

fn join(role: &str, class: Option<String>) -> String {
    match class {
        Some(c) if !role.is_empty() => format!("{role} {c}"),
        Some(c) => c,
        None => role.to_string(),
    }
}
