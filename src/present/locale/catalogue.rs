//! Catalogues: every string the theme and the pages show, by a stable key, in one language.
//!
//! A catalogue is TOML. Tables group keys (`[event]` then `key_facts = "Key facts"` is the
//! key `event.key_facts`); a message that depends on a number is a table of CLDR plural forms
//! (`zero`, `one`, `two`, `few`, `many`, `other`; `other` is required). `{name}` in a message
//! is a value the page passes; a key ending in `_html` may hold markup, every other message is
//! plain text and escaped where it is shown.

use icu_plurals::PluralCategory;
use std::collections::BTreeMap;

/// One message: plain, or one form per plural category.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Message {
    Text(String),
    Plural(BTreeMap<&'static str, String>),
}

impl Message {
    /// The form for `category`, falling back to `other` (a catalogue need not spell out
    /// categories whose form is the same as `other`).
    pub fn form(&self, category: Option<PluralCategory>) -> &str {
        match self {
            Message::Text(text) => text,
            Message::Plural(forms) => category
                .and_then(|c| forms.get(category_name(c)))
                .or_else(|| forms.get("other"))
                .map_or("", String::as_str),
        }
    }
}

pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

pub fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// A catalogue's messages by key, and the problems found reading it (each with the key it is
/// about, when it is about one).
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    pub messages: BTreeMap<String, Message>,
}

/// A problem in a catalogue's text: what is wrong, and the key it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl Catalogue {
    /// Read a catalogue's TOML text.
    pub fn parse(text: &str) -> Result<(Catalogue, Vec<Problem>), String> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| e.message().to_string())?;
        let mut catalogue = Catalogue::default();
        let mut problems = Vec::new();
        flatten("", &table, &mut catalogue.messages, &mut problems);
        Ok((catalogue, problems))
    }

    pub fn get(&self, key: &str) -> Option<&Message> {
        self.messages.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// `self` with every message of `over` put in its place.
    pub fn overlay(&mut self, over: &Catalogue) {
        for (key, message) in &over.messages {
            self.messages.insert(key.clone(), message.clone());
        }
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, Message>,
    problems: &mut Vec<Problem>,
) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(key, Message::Text(text.clone()));
            }
            toml::Value::Table(inner) if is_plural(inner) => {
                let mut forms = BTreeMap::new();
                for (category, form) in inner {
                    let Some(&category) = CATEGORIES.iter().find(|c| **c == category) else {
                        continue;
                    };
                    match form {
                        toml::Value::String(text) => {
                            forms.insert(category, text.clone());
                        }
                        _ => problems.push(Problem {
                            key: format!("{key}.{category}"),
                            message: "a plural form must be text".into(),
                        }),
                    }
                }
                out.insert(key, Message::Plural(forms));
            }
            toml::Value::Table(inner) => flatten(&key, inner, out, problems),
            _ => problems.push(Problem {
                key,
                message: "a message must be text, or a table of plural forms".into(),
            }),
        }
    }
}

/// A table of plural forms: only category names, `other` among them.
fn is_plural(table: &toml::Table) -> bool {
    table.contains_key("other") && table.keys().all(|k| CATEGORIES.contains(&k.as_str()))
}

/// `message` with each `{name}` replaced by `value(name)`; a name with no value, or a brace
/// that opens no name, is kept as written.
pub fn fill(message: &str, value: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names a message uses (`{n}`, `{name}`), in order.
pub fn placeholders(message: &str) -> Vec<String> {
    let mut names = Vec::new();
    fill(message, &mut |name| {
        names.push(name.to_string());
        None
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_make_dotted_keys_and_plural_tables_make_plural_messages() {
        let (c, problems) = Catalogue::parse(
            "[nav]\nevents = \"Events\"\n[term]\nevents = { one = \"{n} event\", other = \"{n} events\" }\n",
        )
        .unwrap();
        assert!(problems.is_empty());
        assert_eq!(c.get("nav.events"), Some(&Message::Text("Events".into())));
        let plural = c.get("term.events").unwrap();
        assert_eq!(plural.form(Some(PluralCategory::One)), "{n} event");
        assert_eq!(plural.form(Some(PluralCategory::Few)), "{n} events");
    }

    #[test]
    fn values_fill_their_names_and_other_braces_stay() {
        let mut value = |name: &str| (name == "n").then(|| "3".to_string());
        assert_eq!(
            fill("{n} events {missing} {", &mut value),
            "3 events {missing} {"
        );
        assert_eq!(placeholders("from {n} of {total}"), ["n", "total"]);
    }

    #[test]
    fn numbers_and_lists_are_not_messages() {
        let (_, problems) = Catalogue::parse("a = 1\n[b]\nc = [\"x\"]\n").unwrap();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["a", "b.c"]);
    }
}
