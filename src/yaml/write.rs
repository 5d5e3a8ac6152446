//! Writing YAML the way a person would: plain words where they read back as the same text,
//! double quotes where they would not, and a literal block for text of several lines.
//!
//! Used by everything docket writes into a site (`docket new`, `docket import`, the pinned
//! DISARM framework), so that what a command writes is what a maintainer would have typed and
//! reads back, character for character, as the text it was written from.

use crate::escape::{is_bidi_control, is_invisible};

/// `text` as a YAML scalar in block context (a value after `key: ` or `- `): plain when that
/// reads back as the same string, double-quoted otherwise.
pub fn scalar(text: &str) -> String {
    if is_plain(text, false) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// `text` as a scalar inside a flow collection (`{name: X, type: media}`), where `,`, `[`,
/// `]`, `{` and `}` also end a plain scalar.
pub fn flow_scalar(text: &str) -> String {
    if is_plain(text, true) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// `key: ` followed by text of any length at `indent` spaces: a literal block (`|`) for text of
/// several lines that a block can hold exactly, a scalar otherwise. Ends with a line break.
pub fn field_text(key: &str, text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    if text.contains('\n') && fits_block(text) {
        let mut out = format!("{pad}{key}: |\n");
        let inner = " ".repeat(indent + 2);
        for line in text.trim_end_matches('\n').split('\n') {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&inner);
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    } else {
        format!("{pad}{key}: {}\n", scalar(text))
    }
}

/// Text in double quotes, with every character a reader could not see or a parser would read
/// differently written as an escape.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters written as escapes inside quotes: controls, the line breaks YAML 1.1 knows
/// beyond `\n` (NEL, U+2028, U+2029), and characters that hide or reorder text.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
        || is_bidi_control(c)
        || is_invisible(c)
}

/// Can `text` be written without quotes and read back unchanged (as a string, not a number,
/// a boolean or null)?
fn is_plain(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || text.chars().any(|c| needs_escape(c) || c == '\t') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || text.starts_with("...") {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if in_flow && text.contains(|c| ",[]{}".contains(c)) {
        return false;
    }
    !looks_typed(text)
}

/// Would a YAML reader take the plain text for something other than a string? Booleans and
/// null in YAML 1.1 and 1.2, numbers in any notation.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return true;
    }
    if matches!(
        lower.trim_start_matches(['+', '-']),
        ".inf" | ".nan" | "inf" | "nan" | "infinity"
    ) {
        return true;
    }
    let digits = lower.trim_start_matches(['+', '-']);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (text.parse::<f64>().is_ok()
            || digits
                .chars()
                .all(|c| c.is_ascii_hexdigit() || "._:xo".contains(c)))
}

/// Can a literal block hold `text` exactly? Not with characters that need escapes, with lines
/// that end in spaces (editors strip them), or with a first line that starts with a space
/// (the block would need an indentation indicator).
fn fits_block(text: &str) -> bool {
    let body = text.trim_end_matches('\n');
    !body.is_empty()
        && !body.starts_with([' ', '\n'])
        && !body.chars().any(|c| c != '\n' && needs_escape(c))
        && body.split('\n').all(|line| line.trim_end() == line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn reads_back(text: &str) {
        let yaml = format!("a: {}\nb: [{}]\n", scalar(text), flow_scalar(text));
        let map: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        assert_eq!(map["a"], serde_yaml::Value::String(text.into()), "{yaml}");
        assert_eq!(
            map["b"],
            serde_yaml::Value::Sequence(vec![serde_yaml::Value::String(text.into())]),
            "{yaml}"
        );
    }

    #[test]
    fn words_stay_plain_and_everything_else_reads_back() {
        assert_eq!(
            scalar("Facebook removes network"),
            "Facebook removes network"
        );
        assert_eq!(scalar("Operation: Endless"), "\"Operation: Endless\"");
        assert_eq!(scalar("2019"), "\"2019\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        for text in [
            "plain",
            "Türkiye-based network",
            "with: colon",
            "ends:",
            "# hash",
            "a #b",
            "- dash",
            "'single'",
            "\"double\"",
            "back\\slash",
            "1,100",
            "0x1f",
            "1e3",
            ".5",
            "~",
            "null",
            "No",
            "line\nbreak",
            "tab\there",
            " leading",
            "trailing ",
            "bell\u{7}",
            "nel\u{85}x",
            "sep\u{2028}x",
            "rtl\u{202e}x",
            "zw\u{200b}x",
            "astral 𝄞",
            "…",
            "[x]",
            "{x}",
            "a,b",
            "@at",
            "`tick`",
            "%pct",
            "!tag",
            "&anchor",
            "*alias",
            "|pipe",
            ">fold",
            "?q",
            "...",
            "---",
        ] {
            reads_back(text);
        }
    }

    #[test]
    fn several_lines_become_a_literal_block() {
        let text = "First paragraph.\n\n- a list: item\n";
        let yaml = field_text("summary", text, 0);
        assert_eq!(yaml, "summary: |\n  First paragraph.\n\n  - a list: item\n");
        let map: BTreeMap<String, String> = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(map["summary"], text);
        // A line a block cannot hold exactly falls back to quotes.
        let odd = "  indented first\nsecond";
        let yaml = field_text("summary", odd, 2);
        let map: BTreeMap<String, String> = serde_yaml::from_str(yaml.trim_start()).unwrap();
        assert_eq!(map["summary"], odd);
    }
}
