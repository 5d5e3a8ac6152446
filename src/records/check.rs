//! Collects the problems of one file while it is checked, then locates them in its text.

use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::yaml::Locator;

/// Where in the file a problem should point.
enum Anchor {
    /// At the field's key (unknown or misplaced fields).
    Key(String),
    /// At the field's value (bad values), or the nearest enclosing field when it is missing.
    Value(String),
    /// At the first occurrence of a piece of text inside the field's value (a link inside a
    /// Markdown summary), or at the value when the text is not written there literally. The
    /// number is the line of the text within the field's value (0 for the first): the search
    /// starts that many lines below the value, so a repeated text is found at its own line.
    Text(String, String, usize),
}

/// Problems kept for one file; past this a hostile file would only flood the report (and cost
/// a search of the text for each), so the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// The problems found in one file, in the order they were found.
pub struct Checker<'a> {
    file: &'a str,
    found: Vec<(Diagnostic, Anchor)>,
    /// Problems past [`MAX_PROBLEMS`], and whether any of them was an error.
    more: usize,
    more_errors: bool,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a str) -> Self {
        Checker {
            file,
            found: Vec::new(),
            more: 0,
            more_errors: false,
        }
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    /// An error at the value of `field`.
    pub fn error(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        self.push(
            Severity::Error,
            Anchor::Value(field.into()),
            message.into(),
            hint,
        );
    }

    /// A warning at the value of `field`.
    pub fn warning(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        self.push(
            Severity::Warning,
            Anchor::Value(field.into()),
            message.into(),
            hint,
        );
    }

    /// An error at the key of `field`.
    pub fn key_error(&mut self, field: &str, message: impl Into<String>, hint: Option<String>) {
        self.push(
            Severity::Error,
            Anchor::Key(field.into()),
            message.into(),
            hint,
        );
    }

    /// An error at `needle`, written somewhere inside the value of `field`.
    pub fn text_error(
        &mut self,
        field: &str,
        needle: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.text_error_at(field, needle, 0, message, hint);
    }

    /// [`Checker::text_error`] for text on line `line` (0-based) of the field's value.
    pub fn text_error_at(
        &mut self,
        field: &str,
        needle: &str,
        line: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(
            Severity::Error,
            Anchor::Text(field.into(), needle.into(), line),
            message.into(),
            hint,
        );
    }

    /// An error about `field`, shown at the key of `at` (another field, e.g. its parent).
    pub fn key_error_at(
        &mut self,
        at: &str,
        field: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(
            Severity::Error,
            Anchor::Key(at.into()),
            message.into(),
            hint,
        );
        if let Some((d, _)) = self.found.last_mut() {
            d.field = Some(field.to_string());
        }
    }

    /// An error about the file as a whole (its name, its place).
    pub fn file_error(&mut self, message: impl Into<String>, hint: Option<String>) {
        if self.is_full() {
            self.more += 1;
            self.more_errors = true;
            return;
        }
        let d = Diagnostic::error(self.file, message).maybe_hint(hint);
        self.found.push((d, Anchor::Key(String::new())));
    }

    /// Are [`MAX_PROBLEMS`] already kept? Then further problems are only counted, and callers
    /// can skip the work of a hint nobody will see.
    pub fn is_full(&self) -> bool {
        self.found.len() >= MAX_PROBLEMS
    }

    fn push(&mut self, severity: Severity, anchor: Anchor, message: String, hint: Option<String>) {
        if self.is_full() {
            self.more += 1;
            self.more_errors |= severity == Severity::Error;
            return;
        }
        let field = match &anchor {
            Anchor::Key(f) | Anchor::Value(f) | Anchor::Text(f, _, _) => f.clone(),
        };
        let mut d = Diagnostic::error(self.file, message)
            .at_field(field)
            .maybe_hint(hint);
        d.severity = severity;
        self.found.push((d, anchor));
    }

    pub fn has_errors(&self) -> bool {
        self.more_errors
            || self
                .found
                .iter()
                .any(|(d, _)| d.severity == Severity::Error)
    }

    /// Attach line and column to every problem, reading `text` (the file's contents) only if
    /// there is something to locate.
    pub fn finish(self, text: &str) -> Vec<Diagnostic> {
        if self.found.is_empty() {
            return Vec::new();
        }
        let locator = Locator::new(text);
        let more = (self.more > 0).then(|| {
            let mut d = Diagnostic::error(
                self.file,
                format!(
                    "… and {} more problems in this file (only the first {MAX_PROBLEMS} are shown)",
                    self.more
                ),
            );
            if !self.more_errors {
                d.severity = Severity::Warning;
            }
            d
        });
        let mut all: Vec<Diagnostic> = self
            .found
            .into_iter()
            .map(|(mut d, anchor)| {
                let span = match &anchor {
                    Anchor::Key(f) if f.is_empty() => None,
                    Anchor::Key(f) => locator.key(f),
                    Anchor::Value(f) => locator.value(f),
                    Anchor::Text(f, needle, line) => {
                        let value = locator.value(f);
                        // Each line of the value is at least one line of the file (more when
                        // folded); a quoted value with `\n` escapes can have fewer, so fall
                        // back to searching from the value's start.
                        let below = value.map(|at| Span {
                            line: at.line + line,
                            column: if *line == 0 { at.column } else { 1 },
                        });
                        below
                            .and_then(|at| find_after(text, at, needle))
                            .or_else(|| value.and_then(|at| find_after(text, at, needle)))
                            .or(value)
                    }
                };
                d.span = span;
                d
            })
            .collect();
        all.extend(more);
        all
    }
}

/// Where `needle` first occurs in `text` at or after `from`.
pub fn find_after(text: &str, from: Span, needle: &str) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(from.line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let start = text[line_start..]
        .char_indices()
        .nth(from.column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    let found = start + text[start..].find(needle)?;
    Some(span_at(text, found))
}

/// The line and column (in characters, 1-based) of byte offset `at` in `text`.
pub fn span_at(text: &str, at: usize) -> Span {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Span {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_after_a_position() {
        let text = "a: x\nsummary: |\n  one\n  see [l](javascript:x)\n";
        let from = Span { line: 3, column: 3 };
        assert_eq!(
            find_after(text, from, "javascript:x"),
            Some(Span {
                line: 4,
                column: 11
            })
        );
        assert_eq!(find_after(text, from, "a: x"), None);
    }
}
