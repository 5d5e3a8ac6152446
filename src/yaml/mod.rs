//! Every YAML read in docket goes through here, so the YAML library can be swapped in one place.
//!
//! Two libraries, two jobs: `serde_yaml` (the maintained `serde_norway` fork) turns text straight
//! into typed records, which keeps its errors' field paths and positions; `saphyr-parser` is used
//! only when a later check needs the position of a field it knows by path, because serde does not
//! expose positions of values that parsed fine.

mod locate;

pub use locate::Locator;

use crate::diagnostics::{did_you_mean, Diagnostic, Span};
use serde::de::DeserializeOwned;

/// Largest YAML file docket reads; larger ones are refused before parsing (a 100,000-deep flow
/// sequence otherwise takes most of a second just to fail).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Parse `text` (the contents of `file`) into `T`, or describe the first problem as a diagnostic.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            file,
            format!(
                "file is {} bytes, more than the {} bytes a record file may have",
                text.len(),
                MAX_FILE_BYTES
            ),
        )
        .with_hint("split it up, or check that it is the file you meant to put here"));
    }
    serde_yaml::from_str(text).map_err(|e| convert_error(file, &e))
}

/// Turn a serde_yaml error into a located diagnostic with a hint where one helps.
fn convert_error(file: &str, error: &serde_yaml::Error) -> Diagnostic {
    let mut text = error.to_string();
    let span = error.location().map(|l| Span {
        line: l.line(),
        column: l.column(),
    });
    // The message ends in " at line N column M" (we keep the position separately) and may start
    // with the field path ("sources[1].url: ...").
    if let Some(at) = text.rfind(" at line ") {
        text.truncate(at);
    }
    let (field, message) = split_path(&text);
    let (message, hint) = explain(message);
    let message = message.replace("EOF while parsing a value", "the file is empty");
    let mut diagnostic = Diagnostic::error(file, message).maybe_hint(hint);
    if let Some(field) = field {
        diagnostic = diagnostic.at_field(field);
    }
    if let Some(span) = span {
        diagnostic = diagnostic.with_span(span);
    }
    diagnostic
}

fn split_path(text: &str) -> (Option<String>, &str) {
    if let Some((head, rest)) = text.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.[]?".contains(c));
        if looks_like_path && head != "." {
            return (Some(head.to_string()), rest);
        }
    }
    (None, text)
}

/// Rewrite serde's "unknown field `x`, expected one of `a`, `b`" into a short message plus a
/// did-you-mean hint (or the list of allowed names when nothing is close).
fn explain(message: &str) -> (String, Option<String>) {
    for prefix in ["unknown field `", "unknown variant `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let Some((word, expected)) = rest.split_once('`') else {
                break;
            };
            let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let what = if prefix.contains("field") {
                "unknown field"
            } else {
                "unknown value"
            };
            let hint = did_you_mean(word, allowed.iter().copied()).or_else(|| {
                (!allowed.is_empty()).then(|| format!("expected one of: {}", allowed.join(", ")))
            });
            return (format!("{what} `{word}`"), hint);
        }
    }
    if message.starts_with("invalid type: ") {
        let hint = message
            .split_once(", expected ")
            .map(|(_, expected)| format!("expected {expected}"));
        let short = message
            .split_once(", expected ")
            .map_or(message, |(head, _)| head);
        return (
            short.replacen("invalid type: ", "wrong type: found ", 1),
            hint,
        );
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit") {
        return (
            message.to_string(),
            Some("the file nests or repeats aliases too deeply to be a record".to_string()),
        );
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rec {
        title: String,
        count: Option<u32>,
    }

    #[test]
    fn unknown_field_gets_location_and_suggestion() {
        let err = from_str::<Rec>("a.yaml", "title: x\ntitel: y\n").unwrap_err();
        assert_eq!(err.message, "unknown field `titel`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(err.span, Some(Span { line: 2, column: 1 }));
    }

    #[test]
    fn wrong_type_names_field_and_expectation() {
        let err = from_str::<Rec>("a.yaml", "title: x\ncount: many\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("count"));
        assert_eq!(err.message, "wrong type: found string \"many\"");
        assert_eq!(err.hint.as_deref(), Some("expected u32"));
        assert_eq!(err.span.map(|s| s.line), Some(2));
    }

    #[test]
    fn syntax_error_is_located() {
        let err = from_str::<Rec>("a.yaml", "title: [unclosed\n").unwrap_err();
        assert!(err.span.is_some());
    }
}
