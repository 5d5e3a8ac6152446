//! Names as sources write them, turned into docket's keys: countries (`Türkiye` → `TR`,
//! `Burkina Faso` → `BF`) and organisations (`The New York Times` → `nyt`).

use crate::records::vocab::Vocabularies;
use std::collections::HashMap;

/// Short names sources use for organisations docket knows by their full name.
const ORGANISATION_ALIASES: [(&str, &str); 12] = [
    ("fbi", "us-fbi"),
    ("cisa", "us-cisa"),
    ("gec", "us-state-gec"),
    ("global engagement center", "us-state-gec"),
    ("odni", "us-odni"),
    ("doj", "us-doj"),
    ("department of justice", "us-doj"),
    ("new york times", "nyt"),
    ("washington post", "washington-post"),
    ("associated press", "ap"),
    ("stanford internet observatory", "stanford-io"),
    ("atlantic council's dfrlab", "dfrlab"),
];

/// Countries and organisations by the names written for them.
pub struct Lookup<'a> {
    vocab: &'a Vocabularies,
    countries: HashMap<String, String>,
    /// The most words in one country name (`Bosnia and Herzegovina`: 3).
    longest: usize,
}

impl<'a> Lookup<'a> {
    pub fn new(vocab: &'a Vocabularies) -> Lookup<'a> {
        let mut countries = HashMap::new();
        for (code, c) in &vocab.countries {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                countries.insert(fold(name), code.clone());
            }
        }
        let longest = countries
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        Lookup {
            vocab,
            countries,
            longest,
        }
    }

    pub fn vocab(&self) -> &'a Vocabularies {
        self.vocab
    }

    /// The code of a country written by its name, an alias or its code.
    pub fn country(&self, name: &str) -> Option<String> {
        let name = name.trim();
        if name.len() == 2 && self.vocab.countries.contains_key(name) {
            return Some(name.to_string());
        }
        self.countries.get(&fold(name)).cloned()
    }

    /// The countries named one after another in `words` (longest names first, so `Burkina
    /// Faso` is one country), and the index of the first word that is not part of one,
    /// scanning backwards from the end: `Doppelganger Russia` → `(["RU"], 1)`.
    pub fn trailing_countries(&self, words: &[&str]) -> (Vec<String>, usize) {
        let mut found = Vec::new();
        let mut end = words.len();
        'outer: while end > 0 {
            if matches!(words[end - 1], "/" | "&" | "and" | "," | "+") && !found.is_empty() {
                end -= 1;
                continue;
            }
            for len in (1..=self.longest.min(end)).rev() {
                let name = words[end - len..end].join(" ");
                if let Some(code) = self.country(&name) {
                    found.insert(0, code);
                    end -= len;
                    continue 'outer;
                }
            }
            break;
        }
        (found, end)
    }

    /// The key of an organisation written by its key, its name or a common short name,
    /// with or without a leading `The`.
    pub fn organisation(&self, name: &str) -> Option<String> {
        let folded = fold(name);
        let bare = folded.strip_prefix("the ").unwrap_or(&folded);
        if self.vocab.organisations.contains_key(bare) {
            return Some(bare.to_string());
        }
        for (key, org) in &self.vocab.organisations {
            let org_name = fold(&org.name);
            if org_name == bare || org_name.strip_prefix("the ") == Some(bare) {
                return Some(key.clone());
            }
        }
        ORGANISATION_ALIASES
            .iter()
            .find(|(alias, _)| *alias == bare)
            .map(|(_, key)| key.to_string())
            .filter(|key| self.vocab.organisations.contains_key(key))
    }
}

/// Lower case, single spaces, no dots: how names are compared (`U.S.` and `US` are one).
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('.', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_name_alias_and_in_runs_of_words() {
        let v = Vocabularies::builtin();
        let l = Lookup::new(&v);
        assert_eq!(l.country("Türkiye").as_deref(), Some("TR"));
        assert_eq!(l.country("Macedonia").as_deref(), Some("MK"));
        assert_eq!(l.country("united states").as_deref(), Some("US"));
        assert_eq!(l.country("Atlantis"), None);
        let words = ["Doppelganger", "Russia"];
        assert_eq!(l.trailing_countries(&words), (vec!["RU".to_string()], 1));
        let words = ["Togo", "/", "Burkina", "Faso"];
        assert_eq!(
            l.trailing_countries(&words),
            (vec!["TG".to_string(), "BF".to_string()], 0)
        );
    }

    #[test]
    fn organisations_by_name_with_or_without_the() {
        let v = Vocabularies::builtin();
        let l = Lookup::new(&v);
        assert_eq!(l.organisation("Facebook").as_deref(), Some("facebook"));
        assert_eq!(l.organisation("New York Times").as_deref(), Some("nyt"));
        assert_eq!(
            l.organisation("The Washington Post").as_deref(),
            Some("washington-post")
        );
        assert_eq!(l.organisation("FBI").as_deref(), Some("us-fbi"));
        assert_eq!(l.organisation("NBC News"), None);
    }
}
