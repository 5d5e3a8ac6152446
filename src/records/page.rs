//! Markdown pages with YAML front matter: `content/pages/<slug>.md`.

use super::check::{span_at, Checker};
use super::model::Page;
use super::raw::RawPageMeta;
use crate::diagnostics::{Diagnostic, Span};

/// Top-level paths docket writes itself; a page may not take one of them.
pub const RESERVED_SLUGS: [&str; 17] = [
    "events",
    "platforms",
    "disclosers",
    "origins",
    "targets",
    "actors",
    "operations",
    "tactics",
    "years",
    "page",
    "data",
    "figures",
    "briefings",
    "changelog",
    "search",
    "static",
    "404",
];

/// Split `---\nfront matter\n---\nbody` into its two parts and the line the body starts on.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

pub fn check_page(slug: &str, file: &str, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let Some((front, body)) = split_front_matter(text) else {
        let d = Diagnostic::error(
            file,
            "a page must start with YAML front matter between `---` lines",
        )
        .with_span(Span { line: 1, column: 1 })
        .with_hint("begin the file with a line `---`, then `title: About`, then `---`");
        return (None, vec![d]);
    };
    // Front matter starts on line 2: shift positions so they point into the whole file.
    // Empty front matter is a page without a title, not an empty file.
    let front_text = if front.trim().is_empty() { "{}" } else { front };
    let (raw, refused) = match crate::yaml::from_str_every_field::<RawPageMeta>(file, front_text) {
        Ok(parsed) => parsed,
        Err(mut d) => {
            if let Some(span) = d.span.as_mut() {
                span.line += 1;
            }
            return (None, vec![d]);
        }
    };
    let mut check = Checker::new(file);
    check.refused(refused);
    if RESERVED_SLUGS.contains(&slug) {
        check.file_error(
            format!("the page name `{slug}` is taken by a section docket builds"),
            Some(format!("rename the file, e.g. to about-{slug}.md")),
        );
    }
    let mut raw = raw;
    super::limits::line(&mut check, "title", &mut raw.title);
    super::limits::line(&mut check, "description", &mut raw.description);
    let title = raw.title.filter(|t| !t.trim().is_empty());
    if title.is_none() {
        check.error("title", "missing required field `title`", None);
    }
    // Links are located in the whole file, so they need no shifting below.
    let body_start = text.len() - body.len();
    // The body is verbatim text, so each link is searched from the start of its own line.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let links: Vec<Diagnostic> = crate::markdown::unsafe_links_by_line(body)
        .into_iter()
        .take(super::check::MAX_PROBLEMS)
        .map(|(url, line)| {
            let d = Diagnostic::error(file, format!("link to `{url}` is not allowed")).with_hint(
                "links in Markdown may be http(s), mailto, relative paths or #fragments",
            );
            let from = line_starts.get(line).copied().unwrap_or(0);
            let found = body[from..]
                .find(&url)
                .map(|at| from + at)
                .or_else(|| body.find(&url));
            match found {
                Some(at) => d.with_span(span_at(text, body_start + at)),
                None => d,
            }
        })
        .collect();
    let ok = !check.has_errors() && links.is_empty();
    let mut diagnostics = check.finish(front);
    for d in &mut diagnostics {
        if let Some(span) = d.span.as_mut() {
            span.line += 1;
        }
    }
    diagnostics.extend(links);
    let page = title.filter(|_| ok).map(|title| Page {
        slug: slug.to_string(),
        file: file.to_string(),
        title: title.trim().to_string(),
        menu: raw.menu,
        description: raw
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        body: body.to_string(),
    });
    (page, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (front, body) = split_front_matter("---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!(front, "title: A\n");
        assert_eq!(body, "Hello\n");
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let (_, d) = check_page("about", "p.md", "---\ntitle: A\ntitel: B\n---\nx");
        assert_eq!(d[0].span, Some(Span { line: 3, column: 1 }));
    }
}
