//! Problems found in a site, each tied to a file, a place in it and a field.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the first problem, so a
//! user sees everything wrong with their content in one run. Stages that know only the field path
//! (`sources[1].url`) leave the span empty; [`Locator`] fills it in afterwards.
//! A file with only warnings keeps its problems' [`Anchor`]s instead, and they are located when
//! shown ([`Diagnostics::locate`]): a build that prints 20 of 20,000 warnings re-reads one file,
//! not thousands.

mod extent;
mod github;
pub mod json;
mod locate;
mod render;
mod suggest;

pub use extent::token_width;
pub use github::render_github;
pub use json::render_json;
pub use locate::{span_at, Locator};
pub use render::{render_human, render_styled, summary_line};
pub use suggest::{did_you_mean, nearest};

use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A place in a source file: 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub line: usize,
    pub column: usize,
}

/// Where in its file a problem points, by field path, before it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
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

/// One problem, with everything a user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub span: Option<Span>,
    /// Field path inside the file, e.g. `sources[1].url`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// Where to look for the place while `span` is not yet known ([`Diagnostics::locate`]).
    pub anchor: Option<Anchor>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span: None,
            field: None,
            message: message.into(),
            hint: None,
            anchor: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at_field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        if !field.is_empty() {
            self.field = Some(field);
        }
        self
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// `file:line:col` (or just the file when the place is unknown).
    pub fn location(&self) -> String {
        match self.span {
            Some(span) => format!("{}:{}:{}", self.file, span.line, span.column),
            None => self.file.clone(),
        }
    }

    fn sort_key(&self) -> (Severity, &str, Option<Span>, &str) {
        (self.severity, &self.file, self.span, &self.message)
    }
}

/// The problems of one run, kept in a stable order: errors first, then by file and place.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// The first `n` problems, located, and how many were left out. `root` is the site root
    /// the file names are relative to.
    pub fn first(&self, root: &Path, n: usize) -> (Diagnostics, usize) {
        let mut kept = Diagnostics {
            items: self.items[..self.end_of_first(n)].to_vec(),
        };
        kept.locate(root, usize::MAX);
        kept.items.truncate(n);
        (kept, self.items.len().saturating_sub(n))
    }

    /// Keep only what [`Diagnostics::first`] of `n` needs (the problems of the files of the
    /// first `n`); how many there were. A build prints twenty of its warnings, and at 100,000
    /// records the rest would take about 160 MB for the whole build.
    pub fn keep_first(&mut self, n: usize) -> usize {
        let all = self.items.len();
        let end = self.end_of_first(n);
        self.items.truncate(end);
        self.items.shrink_to_fit();
        all
    }

    /// Where the files of the first `n` problems end. Problems are sorted by severity and
    /// file, so the problems of the file cut at `n` are next to each other: they are all
    /// taken, since locating them can change their order.
    fn end_of_first(&self, n: usize) -> usize {
        let mut end = n.min(self.items.len());
        if let Some(last) = end.checked_sub(1).map(|i| &self.items[i]) {
            while self.items.get(end).is_some_and(|d| d.file == last.file) {
                end += 1;
            }
        }
        end
    }

    /// Every problem, located: what the renderers show.
    pub fn located(&self, root: &Path) -> std::borrow::Cow<'_, Diagnostics> {
        if self.items.iter().all(|d| d.anchor.is_none()) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut all = self.clone();
        all.locate(root, usize::MAX);
        std::borrow::Cow::Owned(all)
    }

    /// Look up the place of every problem still waiting for one in the files of the first `n`
    /// problems (reading each file once), then sort again. Sorting is by severity and file
    /// first, so the first `n` stay in the same files.
    pub fn locate(&mut self, root: &Path, n: usize) {
        let files: std::collections::BTreeSet<&str> = self
            .items
            .iter()
            .take(n)
            .filter(|d| d.anchor.is_some())
            .map(|d| d.file.as_str())
            .collect();
        if files.is_empty() {
            return;
        }
        // Each waiting problem of those files, by file: one pass, however many files.
        let mut waiting: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (i, d) in self.items.iter().enumerate() {
            if d.anchor.is_some() && files.contains(d.file.as_str()) {
                waiting.entry(d.file.clone()).or_default().push(i);
            }
        }
        // Files are read and parsed in parallel, as when they were checked.
        let placed: Vec<(usize, Option<Span>)> = waiting
            .into_par_iter()
            .flat_map_iter(|(file, positions)| {
                // A file that cannot be read again (removed since) keeps its problems unplaced.
                let text = crate::files::read_again(&root.join(&file)).unwrap_or_default();
                let locator = Locator::new(&text);
                let items = &self.items;
                let spans: Vec<(usize, Option<Span>)> = positions
                    .into_iter()
                    .map(|i| {
                        (
                            i,
                            items[i]
                                .anchor
                                .as_ref()
                                .and_then(|a| locator.place(a, &text)),
                        )
                    })
                    .collect();
                spans
            })
            .collect();
        for (i, span) in placed {
            self.items[i].span = span;
            self.items[i].anchor = None;
        }
        self.sort();
    }

    /// Sort into the order users read them in and drop exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A site-relative display form of `path` (always `/`-separated, so output is the same on every OS).
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Why a command did not succeed; each maps to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's content (exit code 1). Warnings may be among them.
    Content(Diagnostics),
    /// A problem with how docket was called or with the environment (exit code 2).
    Usage(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Content(_) => 1,
            Failure::Usage(_) => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_keeps_the_warnings_of_the_files_it_prints_and_their_count() {
        let mut all = Diagnostics::new();
        for (file, n) in [("a.yaml", 2), ("b.yaml", 3), ("c.yaml", 4)] {
            for i in 0..n {
                all.push(Diagnostic::warning(file, format!("problem {i}")));
            }
        }
        let count = all.keep_first(4);
        assert_eq!(count, 9);
        // The file cut at the fourth warning is kept whole.
        assert_eq!(all.len(), 5);
        assert!(all.iter().all(|d| d.file != "c.yaml"));
    }

    fn waiting(file: &str, severity: Severity, field: &str) -> Diagnostic {
        let mut d = Diagnostic::error(file, format!("about {field}")).at_field(field);
        d.severity = severity;
        d.anchor = Some(Anchor::Value(field.to_string()));
        d
    }

    #[test]
    fn locating_places_each_problem_in_its_own_file_and_sorts_by_line() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("a.yaml"),
            "title: a\nsources:\n  - url: x\n",
        )
        .unwrap();
        std::fs::write(
            root.path().join("b.yaml"),
            "sources:\n  - url: y\ntitle: b\n",
        )
        .unwrap();
        let mut all = Diagnostics::new();
        // Interleaved files and severities, each file's problems out of line order.
        for d in [
            waiting("b.yaml", Severity::Warning, "title"),
            waiting("a.yaml", Severity::Warning, "sources[0].url"),
            waiting("b.yaml", Severity::Error, "sources[0].url"),
            waiting("a.yaml", Severity::Warning, "title"),
        ] {
            all.push(d);
        }
        all.sort();
        let located = all.located(root.path());
        let places: Vec<(Severity, &str, Option<Span>)> = located
            .iter()
            .map(|d| (d.severity, d.file.as_str(), d.span))
            .collect();
        let at = |line, column| Some(Span { line, column });
        assert_eq!(
            places,
            vec![
                (Severity::Error, "b.yaml", at(2, 10)),
                (Severity::Warning, "a.yaml", at(1, 8)),
                (Severity::Warning, "a.yaml", at(3, 10)),
                (Severity::Warning, "b.yaml", at(3, 8)),
            ]
        );
        assert!(located.iter().all(|d| d.anchor.is_none()));
    }

    #[test]
    fn the_first_problems_are_located_without_cutting_a_file_short() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.yaml"), "z: 1\ny: 2\nx: 3\n").unwrap();
        let mut all = Diagnostics::new();
        for field in ["z", "y", "x"] {
            all.push(waiting("a.yaml", Severity::Warning, field));
        }
        all.sort();
        // Unlocated, "about x" (line 3) sorts first by message; located, z and y come first.
        let (shown, hidden) = all.first(root.path(), 2);
        let lines: Vec<usize> = shown.iter().map(|d| d.span.unwrap().line).collect();
        assert_eq!((lines, hidden), (vec![1, 2], 1));
    }
}
