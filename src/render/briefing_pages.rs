//! Briefing output: the `/briefings/` list, each briefing's page and its `page.css` (paper size
//! and running header, which differ per briefing and cannot be inline because of the pages'
//! Content-Security-Policy), and the copy of a briefing page that is printed to PDF.

use super::briefing::{contents, context};
use super::pages::{Rendered, Renderer};
use crate::figures::Drawn;
use crate::present::urls::folder;
use crate::present::urls::Urls;
use crate::records::briefing::{Briefing, BriefingStatus};
use crate::records::period::OpenPeriod;
use serde_json::json;
use std::cell::Cell;
use std::collections::BTreeMap;
use tera::Context;

/// The copy of a briefing page that is printed, and its contents (for the PDF's bookmarks).
pub struct PrintCopy {
    pub html: String,
    pub contents: contents::Contents,
}

/// The print copy's place inside a briefing's folder; it is removed once printed.
pub const PRINT_FILE: &str = "print.html";

/// Stands in for the site address in a print copy of a site without `base_url`: links that
/// start with it are removed, since a PDF cannot link to files on the machine that printed it.
const UNLINKED: &str = "docket-unlinked:/";

impl Renderer<'_> {
    fn briefing(&self, slug: &str) -> Result<&Briefing, String> {
        self.ds
            .briefings
            .iter()
            .find(|b| b.slug == slug)
            .ok_or_else(|| format!("no briefing `{slug}`"))
    }

    /// `/briefings/`: every briefing, newest period first.
    pub(super) fn briefings_index(&self) -> Result<Rendered, String> {
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "briefings",
            self.locale.text("nav.briefings"),
            folder::BRIEFINGS,
            self.locale.text("pages.briefings_description"),
        );
        let list: Vec<serde_json::Value> = self
            .ds
            .briefings
            .iter()
            .map(|b| {
                let scope = crate::dataset::scope::Scope::of(self.ds, b.period);
                json!({
                    "slug": b.slug,
                    "title": b.title,
                    "url": self.urls.path(&folder::briefing(&b.slug)),
                    "pdf_url": if self.briefing_facts.pdf { self.urls.path(&folder::briefing_pdf(&b.slug)) } else { String::new() },
                    "description": b.description.clone().unwrap_or_default(),
                    "period": {"key": b.period.key(), "label": super::briefing::context::period_label(&self.locale, &b.period)},
                    "published": crate::present::views::date(&self.locale, &b.published),
                    "draft": b.status == BriefingStatus::Draft,
                    "events": scope.events.len(),
                })
            })
            .collect();
        ctx.insert("briefings", &list);
        self.render_template(folder::BRIEFINGS, "briefings.html", &ctx)
    }

    /// `/briefings/<slug>/`.
    pub(super) fn briefing_page(&self, slug: &str) -> Result<Rendered, String> {
        let b = self.briefing(slug)?;
        let (ctx, _) = self.briefing_context(b, &self.urls, false, None);
        self.render_template(&folder::briefing(slug), "briefing.html", &ctx)
    }

    /// `/briefings/<slug>/page.css`: the paper size from `site.toml` and the running header.
    pub(super) fn briefing_style(&self, slug: &str) -> Result<Rendered, String> {
        let b = self.briefing(slug)?;
        // The cover fills its page: the paper's height less the margins of print.css, less
        // a little, so rounding never pushes it onto a second page.
        let (size, cover) = match self.ds.config.paper {
            crate::config::Paper::A4 => ("A4", 253),
            crate::config::Paper::Letter => ("letter", 235),
        };
        let loc = &self.locale;
        // The title where a reader starts a line, the period across from it; the page number
        // in the language's words and digits (CSS counter styles `persian`, `arabic-indic`).
        let (start, end) = if loc.is_rtl() {
            ("right", "left")
        } else {
            ("left", "right")
        };
        let counter = match loc.number(0).as_str() {
            "۰" => ", persian",
            "٠" => ", arabic-indic",
            _ => "",
        };
        let page_of = css_counter_text(
            &loc.message("briefing.page_of", None, &[]),
            &format!("counter(page{counter})"),
            &format!("counter(pages{counter})"),
        );
        let page_number = if page_of == DEFAULT_PAGE_OF {
            String::new()
        } else {
            format!("\n  @bottom-{end} {{ content: {page_of}; }}")
        };
        let css = format!(
            "/* The paper and running header of one briefing, written by docket; the rest of its print style is in print.css. */\n@page {{\n  size: {size};\n  @top-{start} {{ content: {}; }}\n  @top-{end} {{ content: {}; }}\n  @bottom-{start} {{ content: {}; }}{page_number}\n}}\n/* The cover carries the title and the publisher: no running header or footer on it. */\n@page :first {{\n  @top-left {{ content: none; }}\n  @top-right {{ content: none; }}\n  @bottom-left {{ content: none; }}\n  @bottom-right {{ content: none; }}\n}}\n.briefing__cover {{ min-height: {cover}mm; }}\n",
            css_string(&b.title),
            css_string(&super::briefing::context::period_label(loc, &b.period)),
            css_string(self.ds.config.title_in(loc.tag())),
        );
        Ok(Rendered {
            path: self
                .urls
                .output(&format!("{}page.css", folder::briefing(slug))),
            html: css,
        })
    }

    /// The copy of a briefing's page that is printed to PDF, written beside it as
    /// [`PRINT_FILE`]. It reaches the site's files by relative paths, so it prints from the
    /// output folder with nothing outside it; its links point at the published site (or are
    /// plain text when the site has no `base_url`); navigation is left out and the numbers
    /// behind each chart are shown open. `pages` are the pages each element id was printed on
    /// the last time, for the contents; `None` before the first print.
    pub fn briefing_print_page(
        &self,
        slug: &str,
        pages: Option<&BTreeMap<String, usize>>,
    ) -> Result<PrintCopy, String> {
        let b = self.briefing(slug)?;
        let base = match self.ds.config.base_url() {
            "" => UNLINKED.to_string(),
            url => format!("{url}/"),
        };
        let urls = self.urls.with_base(&base);
        let (mut ctx, contents) = self.briefing_context(b, &urls, true, pages);
        // The copy is printed from its own folder: every address of the site relative to it.
        let depth = 2 + self.urls.prefix().matches('/').count();
        let relative = self.urls.with_base(&"../".repeat(depth));
        let site = Renderer::globals_under(self.ds, &relative, &self.locale)
            .get("site")
            .cloned()
            .map(|v| serde_json::to_value(&v).unwrap_or_default())
            .unwrap_or_default();
        ctx.insert("site", &site);
        ctx.insert("nav", &Vec::<serde_json::Value>::new());
        let folder = folder::briefing(slug);
        ctx.insert(
            "page",
            &json!({
                "kind": "briefing",
                "title": b.title,
                "url": relative.path(&folder),
                "permalink": self.urls.permalink(&folder),
                "description": b.description.clone().unwrap_or_default(),
            }),
        );
        let rendered = self.render_template(&folder::briefing(slug), "briefing.html", &ctx)?;
        Ok(PrintCopy {
            html: rendered
                .html
                .replace(&format!("href=\"{UNLINKED}"), "data-unlinked=\"")
                .replace("<details", "<details open"),
            contents,
        })
    }

    fn briefing_context(
        &self,
        b: &Briefing,
        urls: &Urls,
        print: bool,
        pages: Option<&BTreeMap<String, usize>>,
    ) -> (Context, contents::Contents) {
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "briefing",
            &b.title,
            &folder::briefing(&b.slug),
            b.description.as_deref().unwrap_or(""),
        );
        let mut span = OpenPeriod::from(&b.period);
        span.text = super::briefing::context::period_label(&self.locale, &b.period);
        let shown = Cell::new(0usize);
        let figure = |id: &str| -> Option<context::FigureView> {
            let spec = self.ds.figures.iter().find(|f| f.id == id)?;
            let number = shown.get() + 1;
            let dom_id = format!("briefing-figure-{number}-{id}");
            let drawn = Drawn::scoped(spec, self.ds, span.clone(), dom_id, urls, &self.locale);
            let view = super::briefing::figure::figure_view(
                &drawn,
                number,
                self.ds.config.title_in(self.locale.tag()),
            );
            shown.set(number);
            view.ok()
        };
        let view = context::view(
            self.ds,
            urls,
            &self.locale,
            b,
            &self.briefing_facts,
            &figure,
            pages,
        );
        ctx.insert("briefing", &view);
        ctx.insert("print", &print);
        (ctx, view.contents)
    }

    fn render_template(
        &self,
        folder: &str,
        template: &str,
        ctx: &Context,
    ) -> Result<Rendered, String> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| format!("{template}: {}", super::theme::tera_message(&e)))?;
        Ok(Rendered {
            path: self.urls.output(&format!("{folder}index.html")),
            html,
        })
    }
}

/// The page number print.css writes: a briefing's own page.css says it only in other words.
const DEFAULT_PAGE_OF: &str = "\"Page \" counter(page) \" of \" counter(pages)";

/// A catalogue message with `{page}` and `{pages}` as CSS `content`: its text as strings
/// between the two counters.
fn css_counter_text(message: &str, page: &str, pages: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = message;
    while let Some(at) = rest.find('{') {
        let (name, counter) = if rest[at..].starts_with("{pages}") {
            ("{pages}", pages)
        } else if rest[at..].starts_with("{page}") {
            ("{page}", page)
        } else {
            break;
        };
        if at > 0 {
            parts.push(css_string(&rest[..at]));
        }
        parts.push(counter.to_string());
        rest = &rest[at + name.len()..];
    }
    if !rest.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

/// `text` as a CSS string: quotes, backslashes, angle brackets and control characters are
/// written as escapes, so nothing from a title can end the string or the stylesheet.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' || c == '<' || c == '>' || c.is_control() {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(
            css_string("Q2 \"x\" </style>\n"),
            "\"Q2 \\22 x\\22  \\3c /style\\3e \\a \""
        );
        assert_eq!(css_string("Irán"), "\"Irán\"");
    }
}
