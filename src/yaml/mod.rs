//! Every YAML read in docket goes through here, so the YAML library can be swapped in one place.
//!
//! Two libraries, two jobs: `serde_yaml` (the maintained `serde_norway` fork) turns text straight
//! into typed records, which keeps its errors' field paths and positions; `saphyr-parser` is used
//! only when a later check needs the position of a field it knows by path, because serde does not
//! expose positions of values that parsed fine.

mod every_field;
pub mod write;

pub use every_field::{from_str_every_field, Refused};

use crate::diagnostics::{did_you_mean, Diagnostic, Span};
use serde::de::DeserializeOwned;

/// Largest content file docket reads unless `site.toml` sets `max_file_size`; larger ones are
/// refused before parsing (a 100,000-deep flow sequence otherwise takes most of a second just to
/// fail).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The most `max_file_size` may be raised to, and what [`from_str`] accepts whatever the setting:
/// parsing stays under a few seconds and a few hundred MiB of memory even for hostile files.
pub const LARGEST_FILE_LIMIT: u64 = crate::files::LARGEST;

/// Parse `text` (the contents of `file`) into `T`, or describe the first problem as a diagnostic.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    if text.len() as u64 > LARGEST_FILE_LIMIT {
        return Err(Diagnostic::error(
            file,
            format!(
                "file is {} bytes, more than the {} bytes a record file may have",
                text.len(),
                LARGEST_FILE_LIMIT
            ),
        )
        .with_hint("split it up, or check that it is the file you meant to put here"));
    }
    if let Some(d) = too_deep(file, text) {
        return Err(d);
    }
    // libyaml does not count a lone CR as a line break in its positions, while YAML (and
    // saphyr, which locates fields later) does: give it LF line ends, so every position agrees.
    let unified;
    let text = if text.contains('\r') {
        unified = text.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        text
    };
    if is_blank(text) {
        return Err(Diagnostic::error(file, "the file is empty")
            .with_hint("write the record here, or delete the file"));
    }
    serde_yaml::from_str(text).map_err(|e| {
        // libyaml places a character it refuses by offset only: give its line and column.
        if let Some(d) = forbidden_character(file, text) {
            return d;
        }
        // The typed parse reads a document cut short at a syntax error, so a broken line can
        // surface as a type error first ("found sequence" for an unclosed `[`): report the
        // syntax error itself when there is one.
        let mut d = match serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
            Err(syntax) if is_syntax_error(&syntax) => syntax_error(file, &syntax),
            _ => convert_error(file, text, &e),
        };
        d.span = d.span.map(|span| within(text, span));
        d
    })
}

/// The first character YAML does not allow in a file (outside its printable set: C0 controls
/// but tab and line breaks, DEL, C1 controls but NEL, U+FFFE, U+FFFF), at its line and column.
fn forbidden_character(file: &str, text: &str) -> Option<Diagnostic> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let (at, c) = text.char_indices().find(|&(_, c)| !printable(c))?;
    let (line, column) = crate::files::line_and_column(&text[..at]);
    Some(
        Diagnostic::error(
            file,
            format!(
                "invalid YAML: the control character U+{:04X} is not allowed in a file",
                c as u32
            ),
        )
        .with_span(Span { line, column })
        .with_hint("delete it: it is invisible in most editors, and often comes with text copied from a PDF or a terminal"),
    )
}

/// libyaml can place an error at the end of the input one line past the last (a file without a
/// final line break): point at the end of the last line instead.
fn within(text: &str, span: Span) -> Span {
    let lines = text.split('\n').count();
    if span.line <= lines {
        return span;
    }
    let last = text.rsplit('\n').next().unwrap_or("");
    Span {
        line: lines,
        column: last.chars().count() + 1,
    }
}

/// Deepest nesting of lists and mappings docket reads (serde's own limit is the same).
pub const MAX_DEPTH: usize = 128;

/// Brackets past which a file whose first parser reported a syntax error is not handed to the
/// second: see [`too_deep`].
const MAX_UNCHECKED_BRACKETS: usize = 1000;

/// Refuse nesting deeper than [`MAX_DEPTH`] before the typed parse sees it: libyaml's scanner
/// takes time quadratic in the depth of `[` and `{` nesting (10 s for 50,000 levels, minutes for
/// a 1 MB file of `[`), while saphyr-parser stops at its own limit at once. Only a file with
/// more than [`MAX_DEPTH`] opening brackets can nest that deep, so most files skip the scan.
fn too_deep(file: &str, text: &str) -> Option<Diagnostic> {
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_DEPTH {
        return None;
    }
    let refuse = |line: usize, column: usize| {
        Diagnostic::error(
            file,
            format!("lists and mappings are nested more than {MAX_DEPTH} levels deep"),
        )
        .with_span(Span { line, column })
        .with_hint("the file nests or repeats aliases too deeply to be a record")
    };
    let mut depth = 0usize;
    for item in saphyr_parser::Parser::new_from_str(text) {
        match item {
            Ok((
                saphyr_parser::Event::SequenceStart(..) | saphyr_parser::Event::MappingStart(..),
                span,
            )) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(refuse(span.start.line(), span.start.col() + 1));
                }
            }
            Ok((saphyr_parser::Event::SequenceEnd | saphyr_parser::Event::MappingEnd, _)) => {
                depth = depth.saturating_sub(1);
            }
            Ok(_) => {}
            Err(e) => {
                let at = e.marker();
                if e.info().contains("recursion limit") {
                    return Some(refuse(at.line(), at.col() + 1));
                }
                // Another syntax error: libyaml will name it, as long as it cannot be made to
                // crawl through a deep nest behind it.
                if brackets > MAX_UNCHECKED_BRACKETS {
                    return Some(
                        Diagnostic::error(file, format!("invalid YAML: {}", e.info())).with_span(
                            Span {
                                line: at.line(),
                                column: at.col() + 1,
                            },
                        ),
                    );
                }
                return None;
            }
        }
    }
    None
}

/// Nothing but blank lines, comments and document markers: serde would read that as a record
/// with every field missing and report each one.
fn is_blank(text: &str) -> bool {
    // A lone CR ends a line for YAML, so it must here: else a comment on the first line of a
    // file with old Mac line ends would hide the whole file.
    text.split(['\n', '\r']).all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// A second `---` document in a record file: say so, at the line that starts it.
fn second_document(file: &str, text: &str) -> Diagnostic {
    let mut seen_content = false;
    let mut at = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        if trimmed.starts_with("---") && seen_content {
            at = Some(Span {
                line: i + 1,
                column: 1,
            });
            break;
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with("---") {
            seen_content = true;
        }
    }
    let d = Diagnostic::error(file, "the file holds more than one YAML document").with_hint(
        "a record is one document: remove this `---` line, or give each record its own file",
    );
    match at {
        Some(span) => d.with_span(span),
        None => d,
    }
}

/// Errors from the YAML parser itself, as opposed to the shape of the document.
fn is_syntax_error(error: &serde_yaml::Error) -> bool {
    let text = error.to_string();
    ![
        "repetition limit exceeded",
        "recursion limit exceeded",
        "more than one document",
        "EOF while parsing",
    ]
    .iter()
    .any(|known| text.contains(known))
}

/// libyaml reports "PROBLEM at line A column B, while CONTEXT at line C column D". Keep the
/// words, drop the positions, and point at where an unclosed bracket or quote was opened: that
/// is where the fix goes, while the problem's own position may be the end of the file.
fn syntax_error(file: &str, error: &serde_yaml::Error) -> Diagnostic {
    let text = error.to_string();
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text.as_str(), None),
    };
    let (problem, problem_at) = strip_position(problem);
    let problem_at = problem_at.or_else(|| {
        error.location().map(|l| Span {
            line: l.line(),
            column: l.column(),
        })
    });
    let (context, opened_at) = match context.map(strip_position) {
        Some((context, at)) => (Some(context), at),
        None => (None, None),
    };
    let opened = context.and_then(|c| {
        [
            (
                "parsing a flow sequence",
                "the list opened here with `[` is not closed: add the missing `]`",
            ),
            (
                "parsing a flow mapping",
                "the mapping opened here with `{` is not closed: add the missing `}`",
            ),
            (
                "scanning a quoted scalar",
                "the text opened here with a quote is not closed: add the matching quote",
            ),
        ]
        .into_iter()
        .find(|(words, _)| c.contains(words))
        .map(|(_, hint)| hint)
    });
    let hint = opened.or_else(|| {
        [
            (
                "mapping values are not allowed",
                "check this line's indentation; a value that contains `: ` must be quoted",
            ),
            (
                "did not find expected key",
                "check the indentation: the keys of one mapping must line up",
            ),
            (
                "cannot start any token",
                "indent with spaces, not tabs; a value starting with ` or @ must be quoted",
            ),
            (
                "block sequence entries are not allowed",
                "check the indentation of this `- ` item",
            ),
        ]
        .into_iter()
        .find(|(words, _)| problem.contains(words))
        .map(|(_, hint)| hint)
    });
    let message = match context {
        Some(context) => format!("invalid YAML: {problem} while {context}"),
        None => format!("invalid YAML: {problem}"),
    };
    let span = if opened.is_some() {
        opened_at.or(problem_at)
    } else {
        problem_at
    };
    let mut diagnostic = Diagnostic::error(file, message).maybe_hint(hint.map(String::from));
    if let Some(span) = span {
        diagnostic = diagnostic.with_span(span);
    }
    diagnostic
}

/// Split "words at line 5 column 9" into the words and the position.
fn strip_position(text: &str) -> (&str, Option<Span>) {
    let Some(at) = text.rfind(" at line ") else {
        return (text, None);
    };
    let position = text[at + " at line ".len()..]
        .split_once(" column ")
        .and_then(|(line, column)| {
            Some(Span {
                line: line.trim().parse().ok()?,
                column: column.trim().parse().ok()?,
            })
        });
    match position {
        Some(span) => (&text[..at], Some(span)),
        None => (text, None),
    }
}

/// Turn a serde_yaml error into a located diagnostic with a hint where one helps.
fn convert_error(file: &str, source: &str, error: &serde_yaml::Error) -> Diagnostic {
    let mut text = error.to_string();
    if text.contains("more than one document") {
        return second_document(file, source);
    }
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
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = type_words(expected);
        let hint = match expected.as_str() {
            "a list" => "write a list: one `- ` item per line, or `[a, b]` on one line".to_string(),
            "text" => "write plain text; quote it if it starts with `[`, `{`, `*`, `&` or `!`, or contains `: `".to_string(),
            "a whole number" => "write a whole number, e.g. 12".to_string(),
            "a mapping" => "write `name: value` lines, indented under the field".to_string(),
            _ => format!("expected {expected}"),
        };
        return (
            format!(
                "wrong type: found {}, expected {expected}",
                type_words(found)
            ),
            Some(hint),
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

/// serde's names for YAML shapes, in the words a record's author uses.
fn type_words(serde: &str) -> String {
    let integer = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    match serde {
        "map" | "a map" | "a YAML mapping" => "a mapping".into(),
        "sequence" | "a sequence" | "a YAML sequence" => "a list".into(),
        "a string" => "text".into(),
        "unit value" => "an empty value".into(),
        _ if integer.contains(&serde) => "a whole number".into(),
        _ if serde.starts_with("struct ") => "a mapping".into(),
        _ => {
            if let Some(text) = serde.strip_prefix("string ") {
                format!("the text {text}")
            } else if let Some(number) = serde
                .strip_prefix("integer ")
                .or_else(|| serde.strip_prefix("floating point "))
            {
                format!("the number {}", number.trim_matches('`'))
            } else {
                serde.to_string()
            }
        }
    }
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
        assert_eq!(
            err.message,
            "wrong type: found the text \"many\", expected a whole number"
        );
        assert_eq!(err.hint.as_deref(), Some("write a whole number, e.g. 12"));
        assert_eq!(err.span.map(|s| s.line), Some(2));
    }

    #[test]
    fn empty_file_and_second_document_are_one_clear_error_each() {
        let err = from_str::<Rec>("a.yaml", "# nothing yet\n\n").unwrap_err();
        assert_eq!(err.message, "the file is empty");
        let err = from_str::<Rec>("a.yaml", "title: x\n---\ntitle: y\n").unwrap_err();
        assert_eq!(err.message, "the file holds more than one YAML document");
        assert_eq!(err.span, Some(Span { line: 2, column: 1 }));
    }

    #[test]
    fn error_at_the_end_of_a_file_without_a_final_newline_stays_inside_it() {
        // Found by fuzzing: libyaml put this error on line 3 of a two-line file.
        let text = "a: &a # [*a,*a,*a,&c [*b,&b,*b,*b,*b,*b,*e600: 1\n[atitdes";
        let err = from_str::<Rec>("a.yaml", text).unwrap_err();
        let span = err.span.expect("located");
        assert!(span.line <= 2, "{err:?}");
        assert_eq!(
            within(text, Span { line: 3, column: 1 }),
            Span { line: 2, column: 9 }
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_the_slow_parser_sees_it() {
        // A regression: 50,000 `[` took libyaml 10 s, a 1 MB file of them minutes.
        for text in [
            format!("title: {}", "[".repeat(1_000_000)),
            format!("title: {{a: {}}}", "{a: ".repeat(100_000)),
            format!("title: {}", "[\"]\", ".repeat(100_000)),
        ] {
            let err = from_str::<Rec>("a.yaml", &text).unwrap_err();
            assert_eq!(
                err.message, "lists and mappings are nested more than 128 levels deep",
                "{err:?}"
            );
            assert_eq!(err.span.map(|s| s.line), Some(1));
        }
        // Many brackets, shallow nesting: read as usual.
        let links = "[a](https://e.org) ".repeat(2000);
        let rec: Rec = from_str("a.yaml", &format!("title: \"{links}\"\n")).unwrap();
        assert_eq!(rec.title.len(), links.len());
    }

    #[test]
    fn a_file_with_lone_carriage_returns_is_not_blank() {
        // Found by the hostile corpus: the whole file read as one comment line.
        let err = from_str::<Rec>("a.yaml", "# note\rtitle: x\rtitel: y\r").unwrap_err();
        assert_eq!(err.message, "unknown field `titel`");
        assert_eq!(err.span.map(|s| s.line), Some(3));
    }

    #[test]
    fn syntax_error_is_located() {
        let err = from_str::<Rec>("a.yaml", "title: [unclosed\n").unwrap_err();
        assert!(err.span.is_some());
    }

    #[test]
    fn syntax_error_wins_over_type_error_and_points_at_the_opening() {
        let err = from_str::<Rec>("a.yaml", "count: 3\ntitle: [x\nmore: y\n").unwrap_err();
        assert!(err.message.starts_with("invalid YAML: "), "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
        assert_eq!(err.span, Some(Span { line: 2, column: 8 }));
        let err = from_str::<Rec>("a.yaml", "title: 'x\ncount: 3\n").unwrap_err();
        assert_eq!(err.span, Some(Span { line: 1, column: 8 }));
    }
}
