//! Positions of fields by path (`sources[1].url` → line 9, column 10), for checks that run after
//! parsing. Built only for files with a problem to show, so valid sites never pay for it.

use super::{Anchor, Span};
use saphyr_parser::{Event, Parser, Span as YamlSpan};
use std::collections::HashMap;

/// Where each field of one YAML document starts: the key (for "unknown field" style problems)
/// and the value (for "bad value" problems).
#[derive(Debug, Default)]
pub struct Locator {
    keys: HashMap<String, Span>,
    values: HashMap<String, Span>,
}

impl Locator {
    /// Index every field of `text`. A document that does not parse yields an empty index: its
    /// problems were already reported with positions by the typed parse.
    pub fn new(text: &str) -> Self {
        let mut locator = Locator::default();
        // Stop at the first error: after one, the parser may repeat it forever.
        let mut events = Parser::new_from_str(text).map_while(Result::ok).peekable();
        // Skip to the document's root node.
        while let Some((event, _)) = events.peek() {
            match event {
                Event::StreamStart | Event::DocumentStart(_) => {
                    events.next();
                }
                _ => break,
            }
        }
        let mut walker = Walker {
            events: &mut events,
            out: &mut locator,
        };
        walker.node(String::new());
        locator
    }

    /// Where `anchor` points in `text`, the text this locator indexed.
    pub fn place(&self, anchor: &Anchor, text: &str) -> Option<Span> {
        match anchor {
            Anchor::Key(f) if f.is_empty() => None,
            Anchor::Key(f) => self.key(f),
            Anchor::Value(f) => self.value(f),
            Anchor::Text(f, needle, line) => {
                let value = self.value(f);
                // Each line of the value is at least one line of the file (more when folded);
                // a quoted value with `\n` escapes can have fewer, so fall back to searching
                // from the value's start.
                let below = value.map(|at| Span {
                    line: at.line + line,
                    column: if *line == 0 { at.column } else { 1 },
                });
                below
                    .and_then(|at| find_after(text, at, needle))
                    .or_else(|| value.and_then(|at| find_after(text, at, needle)))
                    .or(value)
            }
        }
    }

    /// Where the value at `path` starts; falls back to the nearest enclosing field that exists.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.lookup(&self.values, path)
    }

    /// Where the key of the field at `path` starts (the value's position for list items).
    pub fn key(&self, path: &str) -> Option<Span> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    fn lookup(&self, map: &HashMap<String, Span>, path: &str) -> Option<Span> {
        let mut path = path;
        loop {
            if let Some(span) = map.get(path) {
                return Some(*span);
            }
            path = parent(path)?;
        }
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

fn to_span(span: &YamlSpan) -> Span {
    Span {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

struct Walker<'a, I: Iterator<Item = (Event<'a>, YamlSpan)>> {
    events: &'a mut std::iter::Peekable<I>,
    out: &'a mut Locator,
}

impl<'a, I: Iterator<Item = (Event<'a>, YamlSpan)>> Walker<'a, I> {
    /// Consume one node (scalar, sequence or mapping) whose path is `path`.
    fn node(&mut self, path: String) {
        let Some((event, span)) = self.events.next() else {
            return;
        };
        self.out
            .values
            .entry(path.clone())
            .or_insert(to_span(&span));
        match event {
            Event::SequenceStart(..) => {
                let mut index = 0;
                while let Some((event, _)) = self.events.peek() {
                    if matches!(event, Event::SequenceEnd) {
                        self.events.next();
                        break;
                    }
                    self.node(format!("{path}[{index}]"));
                    index += 1;
                }
            }
            Event::MappingStart(..) => loop {
                let Some((event, key_span)) = self.events.next() else {
                    return;
                };
                match event {
                    Event::MappingEnd => break,
                    Event::Scalar(key, ..) => {
                        let child = if path.is_empty() {
                            key.to_string()
                        } else {
                            format!("{path}.{key}")
                        };
                        self.out
                            .keys
                            .entry(child.clone())
                            .or_insert(to_span(&key_span));
                        self.node(child);
                    }
                    // Complex keys are not used in records; skip the key node and its value.
                    Event::SequenceStart(..) | Event::MappingStart(..) => {
                        self.skip_nested();
                        self.node(format!("{path}.?"));
                    }
                    _ => self.node(format!("{path}.?")),
                }
            },
            _ => {}
        }
    }

    fn skip_nested(&mut self) {
        let mut depth = 1usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
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
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Span {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: x\nremoved:\n  facebook: {accounts: 51, pages: 3}\nsources:\n  - url: https://a\n  - url: ftp://b\n    title: t\n";

    #[test]
    fn finds_nested_values_keys_and_list_items() {
        let loc = Locator::new(DOC);
        assert_eq!(loc.value("title"), Some(Span { line: 1, column: 8 }));
        assert_eq!(
            loc.value("removed.facebook.pages"),
            Some(Span {
                line: 3,
                column: 35
            })
        );
        assert_eq!(
            loc.key("removed.facebook"),
            Some(Span { line: 3, column: 3 })
        );
        assert_eq!(
            loc.value("sources[1].url"),
            Some(Span {
                line: 6,
                column: 10
            })
        );
    }

    #[test]
    fn a_document_only_libyaml_accepts_does_not_hang() {
        // Found by fuzzing: saphyr rejects this quoted scalar's unindented continuation line
        // and then repeated its error forever, so locating a problem never finished.
        let text = "title: t\nsummary: \"[a](b).\nrevisions:\n c\"\norigin: [ir]\n";
        let loc = Locator::new(text);
        assert_eq!(loc.value("title"), Some(Span { line: 1, column: 8 }));
    }

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

    #[test]
    fn falls_back_to_nearest_parent() {
        let loc = Locator::new(DOC);
        assert_eq!(
            loc.value("sources[1].archive"),
            Some(Span { line: 6, column: 5 })
        );
    }
}
