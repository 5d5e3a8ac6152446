//! BibTeX (read by BibTeX, biber and every reference manager): one entry, `@techreport` for a
//! briefing and `@misc` for the rest, with biblatex's `date`, `version` and `url` fields beside
//! classic BibTeX's `year` and `month`.
//!
//! Every value is written in braces with LaTeX's special characters escaped, so a title from
//! a stranger's pull request (`}`, `\`, `%`, `@`, an unbalanced brace) cannot end the entry or
//! run a command. Addresses go in `url`, read verbatim; braces, backslashes and spaces in them
//! are percent-encoded, which means the same address.

use super::{key, one_line};
use crate::present::citation::{Citation, Work};

pub const EXTENSION: &str = "bib";

/// `text` on one line, with every character that means something to (La)TeX escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// An address for the verbatim `url` field: a strict URI, so nothing in it can unbalance
/// braces or end the value.
pub fn escape_url(url: &str) -> String {
    crate::escape::uri::uri(url)
}

/// A person's name as an `author` part. BibTeX splits authors at ` and `, so a name holding
/// that word is braced whole; an organisation is always braced, so it is never read as
/// "family name, given name".
fn name(text: &str, organisation: bool) -> String {
    let escaped = escape(text);
    let has_and = escaped
        .split(' ')
        .any(|word| word.eq_ignore_ascii_case("and"));
    if organisation || has_and {
        format!("{{{escaped}}}")
    } else {
        escaped
    }
}

/// The entry type of each kind of work.
pub fn entry_type(work: Work) -> &'static str {
    match work {
        Work::Report => "techreport",
        Work::Record | Work::Figure | Work::Dataset => "misc",
    }
}

/// The citation as one BibTeX entry, with a final newline.
pub fn write(c: &Citation) -> Vec<u8> {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let organisation = c.authors.is_empty();
    let authors: Vec<String> = c
        .creators()
        .into_iter()
        .map(|n| name(n, organisation))
        .collect();
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    // Double braces keep the title's capitals as written.
    fields.push(("title", format!("{{{}}}", escape(&c.title))));
    if !c.publisher.is_empty() {
        let field = if c.work == Work::Report {
            "institution"
        } else {
            "publisher"
        };
        fields.push((field, escape(&c.publisher)));
    }
    if !c.container.is_empty() {
        fields.push(("howpublished", escape(&c.container)));
    }
    match c.work {
        Work::Record => {
            fields.push(("type", "Record".into()));
            fields.push(("number", escape(&c.id)));
        }
        Work::Figure => {
            fields.push(("type", "Figure".into()));
            fields.push(("number", escape(&c.id)));
        }
        Work::Dataset => fields.push(("type", "Dataset".into())),
        Work::Report => {}
    }
    if let Some(issued) = &c.issued {
        fields.push(("date", issued.iso()));
        fields.push(("year", issued.year.to_string()));
        if let Some(month) = issued.month {
            fields.push(("month", month.to_string()));
        }
    }
    if !c.version.is_empty() {
        fields.push(("version", escape(&c.version)));
    }
    if !c.url.is_empty() {
        fields.push(("url", escape_url(&c.url)));
    }
    let mut out = format!("@{}{{{},\n", entry_type(c.work), key(c));
    for (field, value) in fields {
        out.push_str(&format!("  {field} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped_and_braces_stay_balanced() {
        let escaped = escape("50% of {fake} ~news~ & $ads$ #1 a_b ^ \\end}");
        assert_eq!(
            escaped,
            "50\\% of \\{fake\\} \\textasciitilde{}news\\textasciitilde{} \\& \\$ads\\$ \\#1 a\\_b \\textasciicircum{} \\textbackslash{}end\\}"
        );
        assert_eq!(escape("a\n@misc{x,\n}"), "a @misc\\{x, \\}");
    }

    #[test]
    fn addresses_keep_their_meaning() {
        assert_eq!(
            escape_url("https://e.org/a%20b?x={y}\\z w"),
            "https://e.org/a%20b?x=%7By%7D%5Cz%20w"
        );
    }

    #[test]
    fn a_name_with_and_is_one_author() {
        assert_eq!(name("Tom and Jerry", false), "{Tom and Jerry}");
        assert_eq!(name("A. Andersen", false), "A. Andersen");
        assert_eq!(name("Open Lab", true), "{Open Lab}");
    }
}
