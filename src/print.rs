//! Printing a build's briefings to `/briefings/<slug>.pdf`.
//!
//! Printing happens inside the staging folder, after every other file is written and before
//! the output is swapped in: each briefing's print copy is written beside its page, printed
//! from an origin that serves the staging folder and nothing else (see [`crate::pdf::serve`]),
//! and removed again. Links the copy makes relative to its own place are first made absolute
//! on the published site, since a PDF cannot follow them from where it was printed. A failed print fails the build and leaves the previous output in place. When
//! no Chromium can be found the site is still built, without PDFs and without links to them,
//! and `build` then reports the missing browser with exit code 2.

use crate::dataset::{Dataset, Taxonomy};
use crate::diagnostics::Failure;
use crate::output::Staging;
use crate::pdf::finish::{Metadata, OutlineEntry};
use crate::pdf::{Chromium, Printer};
use crate::present::citation::Citation;
use crate::records::briefing::Briefing;
use crate::records::date::PartialDate;
use crate::render::briefing::contents::{Contents, ContentsEntry};
use crate::render::Renderer;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// What became of the PDFs a build was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfOutcome {
    Printed {
        count: usize,
        elapsed: Duration,
    },
    /// No Chromium: the HTML was built, the PDFs were not. Says what to install.
    Unavailable(String),
}

/// The browser to print with, when PDFs are wanted (`--pdf` or `pdf = true`) and the site
/// has briefings to print; `Err` says what to install.
pub fn printer(root: &Path, ds: &Dataset, want_pdf: bool) -> Option<Result<Chromium, String>> {
    (want_pdf && !ds.briefings.is_empty())
        .then(|| crate::pdf::find(ds.config.chromium.as_deref(), root))
}

/// Print every briefing of `ds` into `staging` with the browser [`printer`] found, all in one
/// browser session.
///
/// Each briefing is printed twice: once to learn on which page each section, figure and table
/// starts, then with those numbers in its contents. Should the numbers move the pages (they are
/// laid out in fixed-width cells, so they should not), it is printed once more.
pub fn print_all(
    ds: &Dataset,
    renderer: &Renderer<'_>,
    staging: &Staging,
    printer: Option<Result<Chromium, String>>,
) -> Result<Option<PdfOutcome>, Failure> {
    let chromium = match printer {
        None => return Ok(None),
        Some(Err(message)) => return Ok(Some(PdfOutcome::Unavailable(message))),
        Some(Ok(chromium)) => chromium,
    };
    let started = Instant::now();
    let copies: Vec<String> = ds
        .briefings
        .iter()
        .map(|b| {
            format!(
                "{}{}",
                crate::present::urls::folder::briefing(&b.slug),
                crate::render::PRINT_FILE
            )
        })
        .collect();
    let printed = crate::pdf::print_each(
        &chromium,
        staging.dir(),
        ds.briefings.len(),
        |i, printer| print_one(ds, renderer, staging, &ds.briefings[i], &copies[i], printer),
    );
    for copy in &copies {
        if let Ok(path) = staging.resolve(copy) {
            let _ = std::fs::remove_file(path);
        }
    }
    printed.map_err(Failure::Usage)?;
    Ok(Some(PdfOutcome::Printed {
        count: ds.briefings.len(),
        elapsed: started.elapsed(),
    }))
}

/// Most prints of one briefing: the first learns the page numbers, the second shows them, a
/// third only if they moved.
const MOST_PASSES: usize = 3;

/// Print `b` from its print copy `copy` until its contents show the pages its sections are on.
fn print_one(
    ds: &Dataset,
    renderer: &Renderer<'_>,
    staging: &Staging,
    b: &Briefing,
    copy: &str,
    printer: &dyn Printer,
) -> Result<(), String> {
    let folder = crate::present::urls::folder::briefing(&b.slug);
    let mut pages: Option<BTreeMap<String, usize>> = None;
    let mut last_html = String::new();
    let mut pdf = Vec::new();
    let mut contents = Contents::default();
    for _ in 0..MOST_PASSES {
        let copy_now = renderer
            .briefing_print_page(&b.slug, pages.as_ref())
            .map_err(|e| format!("{}: {e}", b.file))?;
        contents = copy_now.contents;
        let bound = renderer.bind(copy_now.html.as_bytes());
        let html = publish_links(
            &String::from_utf8_lossy(&bound),
            ds.config.base_url(),
            &folder,
        );
        if html == last_html {
            break;
        }
        staging
            .write(copy, html.as_bytes())
            .map_err(|e| e.to_string())?;
        pdf = printer.print(copy)?;
        last_html = html;
        let found = crate::pdf::finish::destinations(&pdf)?;
        if pages.as_ref() == Some(&found) {
            break;
        }
        pages = Some(found);
    }
    let mut meta = metadata(ds, b);
    meta.outline = outline(&contents);
    let finished = crate::pdf::finish::finish(&pdf, &meta)?;
    staging
        .write(
            &crate::present::urls::folder::briefing_pdf(&b.slug),
            &finished,
        )
        .map_err(|e| e.to_string())
}

/// What the PDF of `b` says about itself. Its dates are the data's (the day it was published,
/// the day it was last updated) or, when `SOURCE_DATE_EPOCH` pins the build's clock, that
/// time as the day it was modified: never the wall clock.
pub fn metadata(ds: &Dataset, b: &Briefing) -> Metadata {
    let citation = Citation::of_briefing(&ds.config, b);
    let mut authors: Vec<String> = citation.creators().into_iter().map(String::from).collect();
    if authors.is_empty() {
        authors.push(ds.config.title.clone());
    }
    let scope = crate::dataset::scope::Scope::of(ds, b.period);
    let mut keywords = vec![b.period.label()];
    let mut terms = |taxonomy: Taxonomy, keys: Vec<&str>| {
        for key in keys {
            let name = ds.term_name(taxonomy, key).to_string();
            if !keywords.contains(&name) {
                keywords.push(name);
            }
        }
    };
    for e in &scope.events {
        terms(Taxonomy::Platform, ds.platforms_of(e));
    }
    for e in &scope.events {
        terms(
            Taxonomy::Origin,
            e.origin.iter().map(String::as_str).collect(),
        );
    }
    let midnight = |d: &PartialDate| {
        d.first_day()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_or(jiff::Timestamp::UNIX_EPOCH, |z| z.timestamp())
    };
    let created = midnight(&b.published);
    let modified = match crate::clock::pinned_build_time().and_then(|t| t.parse().ok()) {
        Some(pinned) => pinned,
        None => midnight(b.last_updated()),
    };
    let folder = crate::present::urls::folder::briefing(&b.slug);
    Metadata {
        title: b.title.clone(),
        authors,
        subject: b
            .description
            .clone()
            .unwrap_or_else(|| format!("{}: briefing on {}", ds.config.title, b.period.label())),
        keywords,
        language: ds.config.language.clone(),
        creator: format!("docket {}", env!("CARGO_PKG_VERSION")),
        identity: match ds.config.base_url() {
            "" => format!("{}\n{folder}", ds.config.title),
            base => format!("{base}/{folder}"),
        },
        created,
        modified: modified.max(created),
        outline: Vec::new(),
    }
}

/// The PDF's bookmarks: the sections of the contents (the networks under theirs), then the
/// figures and the tables, each group under a bookmark of its own.
fn outline(contents: &Contents) -> Vec<OutlineEntry> {
    let entry = |e: &ContentsEntry| OutlineEntry {
        title: if e.label.is_empty() {
            e.title.clone()
        } else {
            format!("{} {}", e.label, e.title)
        },
        dest: e.anchor.clone(),
        children: Vec::new(),
    };
    let mut out: Vec<OutlineEntry> = Vec::new();
    for e in &contents.sections {
        match out.last_mut() {
            Some(parent) if e.level > 1 => parent.children.push(entry(e)),
            _ => out.push(entry(e)),
        }
    }
    for (title, items) in [("Figures", &contents.figures), ("Tables", &contents.tables)] {
        if let Some(first) = items.first() {
            out.push(OutlineEntry {
                title: title.to_string(),
                dest: first.anchor.clone(),
                children: items.iter().map(entry).collect(),
            });
        }
    }
    out
}

/// `html` with the `href="…"` of every `<a>` that is relative (to the page, or root-relative)
/// made absolute as the published page at `folder` of `base_url` would resolve it, or made
/// inert text (`data-unlinked`) when the site has no `base_url`. Left alone, Chromium would
/// write the address it printed from into the PDF. In-page `#…` links and links with a scheme
/// are kept.
fn publish_links(html: &str, base_url: &str, folder: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<a") {
        let (before, tag) = rest.split_at(start);
        out.push_str(before);
        let end = tag.find('>').map_or(tag.len(), |i| i + 1);
        let (tag, after) = tag.split_at(end);
        rest = after;
        if !tag[2..].starts_with(|c: char| c.is_ascii_whitespace()) {
            out.push_str(tag);
            continue;
        }
        match link_in(tag) {
            Some((at, value)) if is_relative(value) => {
                out.push_str(&tag[..at]);
                match resolve(base_url, folder, value) {
                    Some(url) => out.push_str(&format!("href=\"{url}\"")),
                    None => out.push_str(&format!("data-unlinked=\"{value}\"")),
                }
                out.push_str(&tag[at + "href=\"".len() + value.len() + 1..]);
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// Where a tag's double-quoted `href` attribute starts, and its value.
fn link_in(tag: &str) -> Option<(usize, &str)> {
    let at = tag
        .match_indices("href=\"")
        .find(|(i, _)| tag[..*i].ends_with(|c: char| c.is_ascii_whitespace()))?
        .0;
    let value = &tag[at + "href=\"".len()..];
    Some((at, &value[..value.find('"')?]))
}

/// A link that needs the page's own address to mean anything: no scheme, not in-page.
fn is_relative(value: &str) -> bool {
    if value.is_empty() || value.starts_with('#') {
        return false;
    }
    let scheme = value.find(':').is_some_and(|colon| {
        let name = &value[..colon];
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !scheme
}

/// `value` resolved against `<base_url>/<folder>` (RFC 3986), or `None` without a base.
fn resolve(base_url: &str, folder: &str, value: &str) -> Option<String> {
    let (scheme, after) = base_url.split_once("://")?;
    let authority = &after[..after.find('/').unwrap_or(after.len())];
    let base_path = &after[authority.len()..];
    if let Some(network) = value.strip_prefix("//") {
        return Some(format!("{scheme}://{network}"));
    }
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(split);
    let path = if path.starts_with('/') {
        path.to_string()
    } else if path.is_empty() {
        format!("{base_path}/{folder}")
    } else {
        format!("{base_path}/{folder}{path}")
    };
    Some(format!(
        "{scheme}://{authority}{}{tail}",
        without_dots(&path)
    ))
}

/// An absolute path with its `.` and `..` segments applied, never above the root.
fn without_dots(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
            }
            other => {
                out.push(other);
                continue;
            }
        }
        if last {
            out.push("");
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/t";
    const FOLDER: &str = "briefings/q2/";

    fn link(href: &str, base: &str) -> String {
        publish_links(&format!("<p><a href=\"{href}\">x</a></p>"), base, FOLDER)
    }

    #[test]
    fn relative_links_point_at_the_published_site() {
        for (href, url) in [
            ("../q1-2020/", "https://example.org/t/briefings/q1-2020/"),
            ("/events/", "https://example.org/events/"),
            (
                "print.html",
                "https://example.org/t/briefings/q2/print.html",
            ),
            (
                "./a/./b/../c?x=1&amp;y#f",
                "https://example.org/t/briefings/q2/a/c?x=1&amp;y#f",
            ),
            ("../../../../../../etc/", "https://example.org/etc/"),
            ("..", "https://example.org/t/briefings/"),
            ("?page=2", "https://example.org/t/briefings/q2/?page=2"),
            ("//cdn.example.net/x", "https://cdn.example.net/x"),
        ] {
            assert_eq!(
                link(href, BASE),
                format!("<p><a href=\"{url}\">x</a></p>"),
                "{href}"
            );
        }
    }

    #[test]
    fn other_links_and_tags_are_kept() {
        for html in [
            "<a href=\"#takeaways\">x</a>",
            "<a href=\"https://example.org/s\">x</a>",
            "<a href=\"mailto:a@example.org\">x</a>",
            "<a class=\"c\" data-href=\"../x\">x</a>",
            "<abbr title=\"../x\">x</abbr><link href=\"../../style.css\">",
            "<a",
        ] {
            assert_eq!(publish_links(html, BASE, FOLDER), html);
        }
        assert_eq!(
            publish_links("<a class=\"c\" href=\"../x/\" rel=\"n\">y</a> <a href=\"z\">", BASE, FOLDER),
            "<a class=\"c\" href=\"https://example.org/t/briefings/x/\" rel=\"n\">y</a> <a href=\"https://example.org/t/briefings/q2/z\">"
        );
    }

    #[test]
    fn without_base_url_relative_links_become_text() {
        assert_eq!(
            link("../q1-2020/", ""),
            "<p><a data-unlinked=\"../q1-2020/\">x</a></p>"
        );
        assert_eq!(link("#f", ""), "<p><a href=\"#f\">x</a></p>");
    }
}
