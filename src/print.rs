//! Printing a build's briefings to `/briefings/<slug>.pdf`.
//!
//! Printing happens inside the staging folder, after every other file is written and before
//! the output is swapped in: each briefing's print copy is written beside its page, printed
//! from an origin that serves the staging folder and nothing else (see [`crate::pdf::serve`]),
//! and removed again. Links the copy makes relative to its own place are first made absolute
//! on the published site, since a PDF cannot follow them from where it was printed. A failed print fails the build and leaves the previous output in place. When
//! no Chromium can be found the site is still built, without PDFs and without links to them,
//! and `build` then reports the missing browser with exit code 2.

use crate::dataset::Dataset;
use crate::diagnostics::Failure;
use crate::output::Staging;
use crate::pdf::{Chromium, PrintJob};
use crate::render::Renderer;
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

/// Print every briefing of `ds` into `staging` with the browser [`printer`] found.
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
    let io = |e: crate::output::OutputError| Failure::Usage(e.to_string());
    let mut jobs = Vec::new();
    let mut copies = Vec::new();
    for b in &ds.briefings {
        let html = renderer
            .briefing_print_page(&b.slug)
            .map_err(crate::render::batch::template_failure)?;
        let html = publish_links(
            &html,
            ds.config.base_url(),
            &crate::present::urls::folder::briefing(&b.slug),
        );
        let copy = format!(
            "{}{}",
            crate::present::urls::folder::briefing(&b.slug),
            crate::render::PRINT_FILE
        );
        staging.write(&copy, html.as_bytes()).map_err(io)?;
        copies.push(staging.resolve(&copy).map_err(io)?);
        jobs.push(PrintJob {
            page: copy,
            pdf: staging
                .resolve(&crate::present::urls::folder::briefing_pdf(&b.slug))
                .map_err(io)?,
        });
    }
    let printed = crate::pdf::print_all(&chromium, staging.dir(), &jobs);
    for copy in &copies {
        let _ = std::fs::remove_file(copy);
    }
    printed.map_err(Failure::Usage)?;
    Ok(Some(PdfOutcome::Printed {
        count: jobs.len(),
        elapsed: started.elapsed(),
    }))
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
