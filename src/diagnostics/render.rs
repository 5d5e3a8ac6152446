//! Text rendering of diagnostics for a terminal or a CI log: a headline, the location, the
//! offending source line with the value underlined, the field path and the hint.

use super::extent::token_width;
use super::{Diagnostic, Diagnostics, Severity};
use crate::escape::{terminal, terminal_width};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;
use std::path::Path;

/// Every diagnostic as a plain-text block.
pub fn render_human(root: &Path, diagnostics: &Diagnostics) -> String {
    render_styled(root, diagnostics, false)
}

/// Every diagnostic as a block, with terminal colours when `color` is set. Print it through
/// `anstream`, which drops the colours again when the output is not a terminal or `NO_COLOR`
/// is set.
pub fn render_styled(root: &Path, diagnostics: &Diagnostics, color: bool) -> String {
    let mut out = String::new();
    let diagnostics = diagnostics.located(root);
    let mut sources = SourceCache::default();
    for d in diagnostics.iter() {
        render_one(root, d, color, &mut sources, &mut out);
        out.push('\n');
    }
    out
}

struct Palette {
    severity: Style,
    accent: Style,
    bold: Style,
}

impl Palette {
    fn new(severity: Severity, color: bool) -> Palette {
        if !color {
            return Palette {
                severity: Style::new(),
                accent: Style::new(),
                bold: Style::new(),
            };
        }
        let tone = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
        };
        Palette {
            severity: Style::new().bold().fg_color(Some(tone.into())),
            accent: Style::new().bold().fg_color(Some(AnsiColor::Blue.into())),
            bold: Style::new().bold(),
        }
    }
}

/// The text of the file last read: diagnostics come sorted by file, so a file with many
/// problems is read once, not once per problem.
#[derive(Default)]
struct SourceCache {
    path: std::path::PathBuf,
    text: Option<String>,
}

impl SourceCache {
    fn line(&mut self, path: &Path, line: usize) -> Option<String> {
        if self.path != path || self.text.is_none() {
            self.path = path.to_path_buf();
            self.text = crate::files::read_again(path);
        }
        nth_line(self.text.as_deref()?, line)
    }
}

fn render_one(
    root: &Path,
    d: &Diagnostic,
    color: bool,
    sources: &mut SourceCache,
    out: &mut String,
) {
    let p = Palette::new(d.severity, color);
    let (sev, acc, bold) = (p.severity, p.accent, p.bold);
    // Every piece may carry text from a record or a file name: each is shown as one line with
    // its controls escaped (see `escape::terminal`), after a prefix docket writes.
    let _ = writeln!(
        out,
        "{sev}{}{sev:#}{bold}: {}{bold:#}",
        d.severity,
        terminal(&d.message)
    );
    let _ = writeln!(out, "  {acc}-->{acc:#} {}", terminal(&d.location()));
    if let Some(span) = d.span {
        if let Some(line) = sources.line(&root.join(&d.file), span.line) {
            let number = span.line.to_string();
            let pad = " ".repeat(number.len());
            let before = span.column.saturating_sub(1);
            // The caret sits under the value as shown: an escaped character is wider.
            let lead: String = line
                .chars()
                .take(before)
                .map(|c| match c {
                    '\t' => "\t".to_string(),
                    c => " ".repeat(terminal_width(c)),
                })
                .collect();
            let width: usize = line
                .chars()
                .skip(before)
                .take(token_width(&line, span.column))
                .map(terminal_width)
                .sum();
            let marks = "^".repeat(width.max(1));
            let _ = writeln!(out, "   {pad} {acc}|{acc:#}");
            let _ = writeln!(out, "   {acc}{number} |{acc:#} {}", terminal(&line));
            let _ = writeln!(out, "   {pad} {acc}|{acc:#} {lead}{sev}{marks}{sev:#}");
        }
    }
    if let Some(field) = &d.field {
        let _ = writeln!(
            out,
            "   {acc}={acc:#} {bold}field:{bold:#} {}",
            terminal(field)
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(
            out,
            "   {acc}={acc:#} {bold}hint:{bold:#} {}",
            terminal(hint)
        );
    }
}

/// Line `line` (1-based) of the file at `path`, cut to a readable length.
pub(crate) fn source_line(path: &Path, line: usize) -> Option<String> {
    let text = crate::files::read_again(path)?;
    nth_line(&text, line)
}

fn nth_line(text: &str, line: usize) -> Option<String> {
    // Count line breaks as YAML does, and so every position: LF, CRLF, or a lone CR.
    let raw = text
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .nth(line.checked_sub(1)?)?;
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

#[cfg(test)]
mod tests {
    use super::source_line;

    #[test]
    fn source_lines_are_counted_as_yaml_counts_them() {
        // Found by fuzzing: a position on a line ended by a lone CR showed no source line.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.yaml");
        std::fs::write(&path, "a: 1\r\nb: 2\rc: 3\nd: 4").unwrap();
        let lines: Vec<_> = (1..=5).map(|n| source_line(&path, n)).collect();
        assert_eq!(
            lines,
            [
                Some("a: 1".to_string()),
                Some("b: 2".to_string()),
                Some("c: 3".to_string()),
                Some("d: 4".to_string()),
                None
            ]
        );
    }
}
