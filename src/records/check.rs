//! Collects the problems of one file while it is checked, then locates them in its text, or
//! leaves that until they are shown ([`Checker::finish_later`]).

pub use crate::diagnostics::span_at;
use crate::diagnostics::Locator;
use crate::diagnostics::{Anchor, Diagnostic, Severity};

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
    /// Fields the parse left out: problems that only follow from their absence are not kept.
    left_out: Vec<String>,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a str) -> Self {
        Checker {
            file,
            found: Vec::new(),
            more: 0,
            more_errors: false,
            left_out: Vec::new(),
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

    /// A warning at `needle` inside the value of `field` (or at the value when the text is
    /// written there with escapes).
    pub fn text_warning(
        &mut self,
        field: &str,
        needle: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(
            Severity::Warning,
            Anchor::Text(field.into(), needle.into(), 0),
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
        if self.left_out.iter().any(|f| f == field) {
            return;
        }
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

    /// The fields the parse left out ([`crate::yaml::from_str_every_field`]), each an error at
    /// its key (unknown) or value (wrong type); a later problem of the same field (that it is
    /// missing) would only repeat it, and is dropped.
    pub fn refused(&mut self, refused: Vec<crate::yaml::Refused>) {
        for r in refused {
            let anchor = if r.unknown {
                Anchor::Key(r.field.clone())
            } else {
                Anchor::Value(r.field.clone())
            };
            self.push(Severity::Error, anchor, r.message, r.hint);
            self.left_out.push(r.field);
            // `titel` for `title`: that `title` is missing says the same again.
            self.left_out.extend(r.meant);
        }
    }

    fn push(&mut self, severity: Severity, anchor: Anchor, message: String, hint: Option<String>) {
        let field = match &anchor {
            Anchor::Key(f) | Anchor::Value(f) | Anchor::Text(f, _, _) => f,
        };
        if self.left_out.iter().any(|f| f == field) {
            return;
        }
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
        self.into_diagnostics(|d, anchor| d.span = locator.place(&anchor, text))
    }

    /// [`Checker::finish`], except that a file with warnings only keeps its problems' anchors
    /// to be located when they are shown ([`crate::diagnostics::Diagnostics::locate`]): most
    /// warnings of a large build are counted, not shown. Errors are always shown, so a file
    /// with an error is located now.
    pub fn finish_later(self, text: &str) -> Vec<Diagnostic> {
        if self.has_errors() {
            return self.finish(text);
        }
        self.into_diagnostics(|d, anchor| d.anchor = Some(anchor))
    }

    fn into_diagnostics(self, mut place: impl FnMut(&mut Diagnostic, Anchor)) -> Vec<Diagnostic> {
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
                match anchor {
                    // A problem with the file as a whole has no place inside it.
                    Anchor::Key(f) if f.is_empty() => {}
                    anchor => place(&mut d, anchor),
                }
                d
            })
            .collect();
        all.extend(more);
        all
    }
}
