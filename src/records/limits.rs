//! Bounds on the size of one record's fields, checked right after parsing. The file size limit
//! bounds a file as a whole; these keep each field to a sensible size, so that no later check,
//! index or page has to cope with a 1,000,000-item list or a title of a megabyte. A field past
//! its bound is an error, and is cut to the bound so the remaining checks stay cheap.
//!
//! The same pass refuses the characters no output can hold: those XML forbids (anywhere) and
//! line breaks (in one-line text), and warns of characters that hide or reorder text.

use super::check::Checker;
use super::raw::{RawActor, RawEvent, RawOperation};
use crate::escape::{is_bidi_control, is_invisible, is_xml_char};
use serde_yaml::{Mapping, Value};

/// Items in one list (`sources`, `origin`, `related` ...), and figures in one of `removed`,
/// `reach` or `content`.
pub const MAX_ITEMS: usize = 1000;
/// Characters in a one-line text: a title, a name, a publisher, a note.
pub const MAX_LINE_CHARS: usize = 1000;
/// Characters in an address.
pub const MAX_URL_CHARS: usize = 4096;

/// Bound every field of an event.
pub fn event(check: &mut Checker<'_>, raw: &mut RawEvent) {
    line(check, "title", &mut raw.title);
    if let Some(r) = &mut raw.retraction {
        line(check, "retraction.reason", &mut r.reason);
    }
    if let Some(a) = &mut raw.attribution {
        line(check, "attribution.wording", &mut a.wording);
    }
    for (field, map) in [
        ("removed", &mut raw.removed),
        ("reach", &mut raw.reach),
        ("content", &mut raw.content),
    ] {
        measures(check, field, map);
    }
    list(check, "origin", &mut raw.origin);
    list(check, "targets", &mut raw.targets);
    list(check, "tactics", &mut raw.tactics);
    list(check, "partners", &mut raw.partners);
    list(check, "related", &mut raw.related);
    list(check, "sources", &mut raw.sources);
    for (i, source) in raw.sources.iter_mut().flatten().enumerate() {
        let at = |name: &str| format!("sources[{i}].{name}");
        text(check, &at("url"), &mut source.url, MAX_URL_CHARS);
        text(check, &at("archive"), &mut source.archive, MAX_URL_CHARS);
        line(check, &at("title"), &mut source.title);
        line(check, &at("publisher"), &mut source.publisher);
    }
    list(check, "revisions", &mut raw.revisions);
    for (i, revision) in raw.revisions.iter_mut().flatten().enumerate() {
        line(check, &format!("revisions[{i}].note"), &mut revision.note);
    }
    prose(check, "summary", &raw.summary);
}

/// Bound every field of an actor.
pub fn actor(check: &mut Checker<'_>, raw: &mut RawActor) {
    line(check, "name", &mut raw.name);
    aliases(check, &mut raw.aliases);
    prose(check, "description", &raw.description);
}

/// Bound every field of an operation.
pub fn operation(check: &mut Checker<'_>, raw: &mut RawOperation) {
    line(check, "name", &mut raw.name);
    aliases(check, &mut raw.aliases);
    prose(check, "description", &raw.description);
}

fn aliases(check: &mut Checker<'_>, aliases: &mut Option<Vec<String>>) {
    list(check, "aliases", aliases);
    for (i, alias) in aliases.iter_mut().flatten().enumerate() {
        let mut one = Some(std::mem::take(alias));
        line(check, &format!("aliases[{i}]"), &mut one);
        *alias = one.unwrap_or_default();
    }
}

/// A one-line text (a title, a name, a publisher, a note): bounded, on one line, and without
/// the characters of [`characters`].
pub fn line(check: &mut Checker<'_>, field: &str, value: &mut Option<String>) {
    text(check, field, value, MAX_LINE_CHARS);
    let Some(text) = value else { return };
    // Blank lines around the text (a folded `>` scalar ends in one) are trimmed later.
    if let Some(bad) = text.trim().chars().find(|&c| is_line_break(c)) {
        check.error(
            field,
            format!(
                "`{field}` must be one line, but it contains a line break ({})",
                code(bad)
            ),
            Some("write it on one line; longer text belongs in the summary".into()),
        );
    }
    characters(check, field, text, true);
}

/// Text of several lines (a summary, a description): only the characters of [`characters`].
pub fn prose(check: &mut Checker<'_>, field: &str, value: &Option<String>) {
    if let Some(text) = value {
        characters(check, field, text, false);
    }
}

/// Line breaks as YAML and Unicode count them.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `U+202E`, how a character is named in a message.
fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Refuse the first character XML cannot hold (a feed or a chart with it is malformed), and
/// in one-line text warn of the first bidi control or invisible character, at its place when
/// it is written as itself.
fn characters(check: &mut Checker<'_>, field: &str, text: &str, one_line: bool) {
    if let Some(bad) = text.chars().find(|&c| !is_xml_char(c)) {
        check.error(
            field,
            format!("`{field}` contains the control character {}, which no page, feed or chart can hold", code(bad)),
            Some("remove it; it is often written as an escape such as \"\\x01\" or \"\\u0000\" in a double-quoted string".into()),
        );
    }
    if !one_line {
        return;
    }
    let hidden = text.trim_start_matches('\u{feff}');
    // A zero-width non-joiner or joiner between two letters is spelling, not a trick: Persian
    // writes می‌شود with one, and Indic scripts and emoji sequences need them.
    let mut found = None;
    let (mut previous, mut rest) = (None::<char>, hidden.chars().peekable());
    while let Some(c) = rest.next() {
        if is_bidi_control(c) || is_invisible(c) {
            let in_a_word = matches!(c, '\u{200c}' | '\u{200d}')
                && previous.is_some_and(char::is_alphabetic)
                && rest.peek().is_some_and(|n| n.is_alphabetic());
            if !in_a_word {
                found = Some(c);
                break;
            }
        }
        previous = Some(c);
    }
    if let Some(c) = found {
        let what = if is_bidi_control(c) {
            "a bidirectional control, which reorders the text shown around it"
        } else {
            "an invisible character, which makes the text differ from how it looks"
        };
        check.text_warning(
            field,
            &c.to_string(),
            format!("`{field}` contains {} ({what})", code(c)),
            Some(format!(
                "remove it: most editors do not show it; search for \\u{{{:x}}} or retype the text",
                c as u32
            )),
        );
    }
}

fn text(check: &mut Checker<'_>, field: &str, value: &mut Option<String>, max: usize) {
    let Some(text) = value else { return };
    // Byte length first: most text is short, and counting characters of a huge one is the
    // cost being avoided.
    if text.len() <= max {
        return;
    }
    let chars = text.chars().count();
    if chars <= max {
        return;
    }
    check.error(
        field,
        format!("`{field}` is {chars} characters long, more than the {max} allowed"),
        Some("shorten it; longer text belongs in the summary".into()),
    );
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    text.truncate(cut);
}

fn list<T>(check: &mut Checker<'_>, field: &str, value: &mut Option<Vec<T>>) {
    let Some(items) = value else { return };
    if items.len() > MAX_ITEMS {
        check.error(
            field,
            format!(
                "`{field}` has {} items, more than the {MAX_ITEMS} a record may list",
                items.len()
            ),
            Some("check that the list is what you meant; a record this large is likely generated by mistake".into()),
        );
        items.truncate(MAX_ITEMS);
    }
}

/// `platform -> name -> figure`: at most [`MAX_ITEMS`] figures in all.
fn measures(check: &mut Checker<'_>, field: &str, value: &mut Option<Mapping>) {
    let Some(map) = value else { return };
    let figures: usize = map
        .values()
        .map(|inner| match inner {
            Value::Mapping(inner) => inner.len().max(1),
            _ => 1,
        })
        .sum();
    if figures > MAX_ITEMS {
        check.error(
            field,
            format!("`{field}` has {figures} figures, more than the {MAX_ITEMS} a record may give"),
            Some("check that the field is what you meant".into()),
        );
        *value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_and_texts_are_cut_with_an_error() {
        let mut check = Checker::new("e.yaml");
        let mut items = Some(vec![1; MAX_ITEMS + 5]);
        list(&mut check, "origin", &mut items);
        assert_eq!(items.map(|v| v.len()), Some(MAX_ITEMS));
        let mut title = Some("é".repeat(MAX_LINE_CHARS + 1));
        line(&mut check, "title", &mut title);
        assert_eq!(title.map(|t| t.chars().count()), Some(MAX_LINE_CHARS));
        let found = check.finish("origin: []\ntitle: x\n");
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("1005 items"), "{found:?}");
        assert!(found[1].message.contains("1001 characters"), "{found:?}");
    }

    #[test]
    fn fields_within_bounds_are_untouched() {
        let mut check = Checker::new("e.yaml");
        let mut items = Some(vec![1; MAX_ITEMS]);
        list(&mut check, "origin", &mut items);
        let mut title = Some("x".repeat(MAX_LINE_CHARS));
        line(&mut check, "title", &mut title);
        assert!(!check.has_errors());
    }
}
