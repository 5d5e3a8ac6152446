//! Collects the problems of one file while it is checked, then locates them in its text.

use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::Locator;

/// Where in the file a problem should point.
enum Anchor {
    /// At the field's key (unknown or misplaced fields).
    Key(String),
    /// At the field's value (bad values), or the nearest enclosing field when it is missing.
    Value(String),
}

/// The problems found in one file, in the order they were found.
pub struct Checker<'a> {
    file: &'a str,
    found: Vec<(Diagnostic, Anchor)>,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a str) -> Self {
        Checker {
            file,
            found: Vec::new(),
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

    /// An error about the file as a whole (its name, its place).
    pub fn file_error(&mut self, message: impl Into<String>, hint: Option<String>) {
        let d = Diagnostic::error(self.file, message).maybe_hint(hint);
        self.found.push((d, Anchor::Key(String::new())));
    }

    fn push(&mut self, severity: Severity, anchor: Anchor, message: String, hint: Option<String>) {
        let field = match &anchor {
            Anchor::Key(f) | Anchor::Value(f) => f.clone(),
        };
        let mut d = Diagnostic::error(self.file, message)
            .at_field(field)
            .maybe_hint(hint);
        d.severity = severity;
        self.found.push((d, anchor));
    }

    pub fn has_errors(&self) -> bool {
        self.found
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
        self.found
            .into_iter()
            .map(|(mut d, anchor)| {
                let span = match &anchor {
                    Anchor::Key(f) if f.is_empty() => None,
                    Anchor::Key(f) => locator.key(f),
                    Anchor::Value(f) => locator.value(f),
                };
                d.span = span;
                d
            })
            .collect()
    }
}
