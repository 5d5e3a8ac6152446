//! Checking `{{ figure(id="…") }}` lines in every Markdown body against the figures a site has.

use super::Content;
use crate::diagnostics::{did_you_mean, Diagnostic, Span};
use crate::markdown::{figure_embeds, EMBED_FORM};
use std::collections::HashMap;
use std::path::Path;

/// Problems with figure embeds in pages, event summaries and actor and operation descriptions.
pub fn check_embeds(root: &Path, content: &Content, ids: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let bodies = content
        .pages
        .iter()
        .map(|p| (&p.file, &p.body))
        .chain(content.events.iter().map(|e| (&e.file, &e.summary)))
        .chain(content.actors.iter().map(|a| (&a.file, &a.description)))
        .chain(content.operations.iter().map(|o| (&o.file, &o.description)));
    for (file, body) in bodies {
        out.extend(check_body(root, file, body, ids));
    }
    out
}

/// Problems with the embeds of one Markdown `body` from `file` (relative to `root`).
pub fn check_body(root: &Path, file: &str, body: &str, ids: &[String]) -> Vec<Diagnostic> {
    let mut problems: Vec<(String, usize, Diagnostic)> = Vec::new();
    // How many lines before each embed read the same: the same count locates it in the file.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for embed in figure_embeds(body) {
        let nth = seen.entry(embed.text.clone()).or_default();
        *nth += 1;
        let nth = *nth - 1;
        let d = match &embed.id {
            Err(message) if embed.too_many => Diagnostic::error(file, message.clone()).with_hint(
                "show the others on their own pages (/figures/<id>/), or split the text",
            ),
            Err(message) => Diagnostic::error(file, message.clone())
                .with_hint(format!("write {EMBED_FORM} on a line of its own")),
            Ok(id) if ids.iter().any(|k| k == id) => continue,
            Ok(id) => {
                let hint = did_you_mean(id, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!(
                        "figures are defined in content/figures/{id}.yaml; this site has: {}",
                        ids.join(", ")
                    )
                });
                Diagnostic::error(file, format!("unknown figure `{id}`")).with_hint(hint)
            }
        };
        problems.push((embed.text, nth, d));
    }
    if problems.is_empty() {
        return Vec::new();
    }
    // Positions come from the file itself, read again only now that there is something to show:
    // a body's lines do not start at the file's first line.
    let text = crate::files::read_again(&root.join(file)).unwrap_or_default();
    problems
        .into_iter()
        .map(|(line_text, nth, d)| match locate(&text, &line_text, nth) {
            Some(span) => d.with_span(span),
            None => d,
        })
        .collect()
}

/// The `nth` line of `text` that reads `line` (trimmed), at its `{{`.
fn locate(text: &str, line: &str, nth: usize) -> Option<Span> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == line)
        .nth(nth)
        .map(|(i, l)| Span {
            line: i + 1,
            column: l.find("{{").map_or(1, |b| l[..b].chars().count() + 1),
        })
}
