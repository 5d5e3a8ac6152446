//! Plain-text rendering of diagnostics for a terminal or a CI log.

use super::{Diagnostic, Diagnostics, Severity};
use std::fmt::Write as _;
use std::path::Path;

/// Render every diagnostic as a block: headline, location, the offending source line with a caret
/// under the column, the field path and the hint.
pub fn render_human(root: &Path, diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        render_one(root, d, &mut out);
        out.push('\n');
    }
    out
}

fn render_one(root: &Path, d: &Diagnostic, out: &mut String) {
    let _ = writeln!(out, "{}: {}", d.severity, d.message);
    let _ = writeln!(out, "  --> {}", d.location());
    if let Some(span) = d.span {
        if let Some(line) = source_line(&root.join(&d.file), span.line) {
            let number = span.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String = line
                .chars()
                .take(span.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "   {pad} |");
            let _ = writeln!(out, "   {number} | {line}");
            let _ = writeln!(out, "   {pad} | {caret_pad}^");
        }
    }
    if let Some(field) = &d.field {
        let _ = writeln!(out, "   = field: {field}");
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = hint: {hint}");
    }
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let raw = text.lines().nth(line.checked_sub(1)?)?;
    // Keep the snippet readable even for absurdly long lines.
    Some(raw.chars().take(200).collect())
}

/// "2 errors, 1 warning" style summary.
pub fn summary_line(diagnostics: &Diagnostics) -> String {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
