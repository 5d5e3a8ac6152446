//! Untrusted text made safe for the programs that read docket's output: a terminal or a CI
//! log (which run escape sequences and workflow commands), XML (which forbids some
//! characters outright), and a spreadsheet ([`csv`], which runs formulas). Every printed line and every XML file goes through these, so a record
//! cannot reach either raw, whatever check missed it.
//!
//! This module uses nothing else of docket's, so every stage may call it.

pub mod csv;
pub mod uri;

use std::borrow::Cow;

/// Controls that reorder the text around them (U+202E shows `txt.exe` as `exe.txt`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space, so two texts that look the same differ.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Would a terminal or a log act on `c`, or hide it? C0 controls (but tab), DEL, C1, bidi
/// controls, invisible characters, and the Unicode line and paragraph separators.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || is_bidi_control(c)
        || is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` as one line a terminal or CI log shows as written: every character it would act on
/// is shown escaped (`\u{1b}`), line breaks included, and a text that would start a line with
/// `::` (a GitHub workflow command, even after spaces) has its first colon escaped.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start();
    let command = trimmed.starts_with("::");
    if !command && !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let colon = text.len() - trimmed.len();
    for (i, c) in text.char_indices() {
        if needs_escape(c) || (command && i == colon) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text of several lines (a message docket wrote with line breaks) made safe line by line, as
/// [`terminal`] makes one line.
pub fn terminal_lines(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return terminal(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(terminal).collect();
    Cow::Owned(lines.join("\n"))
}

/// How many columns `c` takes once shown by [`terminal`] (1 when shown as itself).
pub fn terminal_width(c: char) -> usize {
    if needs_escape(c) {
        format!("\\u{{{:x}}}", c as u32).len()
    } else {
        1
    }
}

/// JSON text with the characters serde_json leaves raw but a terminal acts on (DEL, C1, bidi
/// and invisible characters, line separators) written as `\uXXXX` escapes. Only valid for JSON
/// whose structure is ASCII, as serde_json writes it: these characters can only be in strings.
pub fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Is `c` allowed in an XML 1.0 document at all (the `Char` production)? Not the C0 controls
/// but tab, LF and CR, nor U+FFFE and U+FFFF. (A Rust string cannot hold a lone surrogate.)
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The stand-in for a character XML forbids. Replaced, never dropped: dropping would join what
/// was around it, and `java\u{1}script:` would become a live scheme after it was judged inert.
pub const REPLACEMENT: char = '\u{fffd}';

/// `text` with each character XML forbids replaced by [`REPLACEMENT`]: no escape can write
/// them. Applied to every XML and SVG file docket writes and to every rendered Markdown text,
/// after the records were checked for them.
pub fn xml_clean(text: &str) -> Cow<'_, str> {
    // Every page passes here: look at bytes first. Only a C0 byte or the lead byte of
    // U+E000–U+FFFF (0xEF, where U+FFFE and U+FFFF live) can start a forbidden character.
    let suspect = |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0xEF;
    if !text.as_bytes().iter().any(suspect) || text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if is_xml_char(c) { c } else { REPLACEMENT })
                .collect(),
        )
    }
}

/// Text for XML (or HTML) content and attribute values: markup characters escaped, forbidden
/// characters replaced by [`REPLACEMENT`].
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_controls_escaped_and_starts_no_command() {
        assert_eq!(terminal("plain `text`"), "plain `text`");
        assert_eq!(
            terminal("a\n::add-mask::x\u{1b}]0;T\u{7}\rb"),
            "a\\u{a}::add-mask::x\\u{1b}]0;T\\u{7}\\u{d}b"
        );
        assert_eq!(terminal("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(
            terminal("a\u{202e}b\u{200b}\u{85}"),
            "a\\u{202e}b\\u{200b}\\u{85}"
        );
        assert_eq!(terminal_lines("one\n::two"), "one\n\\u{3a}:two");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        assert_eq!(json("\"a\u{202e}\u{9b}\""), "\"a\\u202e\\u009b\"");
    }

    #[test]
    fn xml_drops_forbidden_characters() {
        assert_eq!(
            xml_text("a\u{1}<b\u{fffe}\u{ffff}\u{0}"),
            "a\u{fffd}&lt;b\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(xml_clean("<t>\u{8}x\t\n</t>"), "<t>\u{fffd}x\t\n</t>");
        // The byte scan lets through what needs no work, and catches U+FFFE/U+FFFF behind 0xEF.
        assert!(matches!(xml_clean("plain ی ≈ \u{fffd}"), Cow::Borrowed(_)));
        assert_eq!(
            xml_clean("a\u{fffe}b\u{ffff}c\u{feff}"),
            "a\u{fffd}b\u{fffd}c\u{feff}"
        );
        // Nothing joins up: a scheme hidden by a control character stays broken.
        assert_eq!(xml_clean("java\u{1}script:"), "java\u{fffd}script:");
    }
}
