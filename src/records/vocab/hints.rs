//! Hints for vocabulary words that are not in the vocabulary.

use super::Vocabularies;
use crate::diagnostics::nearest;
use std::collections::BTreeMap;

pub(super) fn country(vocab: &Vocabularies, written: &str) -> Option<String> {
    let upper = written.trim().to_uppercase();
    if upper.len() == 2 && vocab.countries.contains_key(&upper) {
        return Some(format!(
            "country codes are written in capitals: `{upper}` ({})",
            vocab.countries[&upper].name
        ));
    }
    let lower = written.trim().to_lowercase();
    for (code, country) in &vocab.countries {
        if country.alpha3.as_deref() == Some(upper.as_str()) {
            return Some(format!(
                "`{written}` is an ISO alpha-3 code; docket uses alpha-2: `{code}` ({})",
                country.name
            ));
        }
        let by_name = country.name.to_lowercase() == lower
            || country.aliases.iter().any(|a| a.to_lowercase() == lower);
        if by_name {
            return Some(format!(
                "use the ISO 3166-1 alpha-2 code: `{code}` ({})",
                country.name
            ));
        }
    }
    nearest(&upper, vocab.countries.keys().map(String::as_str))
        .filter(|_| upper.len() == 2)
        .map(|code| format!("did you mean `{code}` ({})?", vocab.countries[code].name))
}

/// Hint for a key of a map whose entries have a display name: match the name first
/// ("Facebook" → `facebook`), then the spelling of the key.
pub(super) fn key<T>(
    written: &str,
    entries: &BTreeMap<String, T>,
    name: impl Fn(&T) -> &str,
) -> Option<String> {
    let lower = written.trim().to_lowercase();
    let slug: String = lower
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    for (key, entry) in entries {
        if *key == slug || name(entry).to_lowercase() == lower {
            return Some(format!("write the key `{key}` ({})", name(entry)));
        }
    }
    nearest(&lower, entries.keys().map(String::as_str)).map(|k| format!("did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_hints() {
        let v = Vocabularies::builtin();
        assert!(country(&v, "IRN").unwrap().contains("`IR`"));
        assert!(country(&v, "Iran").unwrap().contains("`IR`"));
        assert!(country(&v, "ir").unwrap().contains("`IR`"));
        assert!(country(&v, "UK").unwrap().contains("`GB`"));
    }

    #[test]
    fn organisation_hints() {
        let v = Vocabularies::builtin();
        assert!(v
            .organisation_hint("Facebook")
            .unwrap()
            .contains("`facebook`"));
        assert!(v
            .organisation_hint("facebok")
            .unwrap()
            .contains("`facebook`"));
    }
}
