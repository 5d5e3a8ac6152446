//! Controlled vocabularies: countries, organisations, tactics and currencies.
//!
//! Built-in sets are compiled into the binary (`src/records/vocab/builtin/*.yaml`); a site extends or
//! overrides them with `content/vocab/<name>.yaml`, where an entry with a built-in key replaces it.
//! A site may also pin a release of the DISARM framework ([`disarm`]), against which the DISARM
//! ids of every tactic are checked.

mod builtin;
pub mod disarm;
mod hints;
mod site;

pub use disarm::Framework;
pub use site::{builtin_disarm_problems, load_site_vocab};

use serde::Serialize;
use std::collections::BTreeMap;

/// The vocabulary files a site may have: `content/vocab/<name>.yaml`. All but `disarm` extend
/// a built-in vocabulary.
pub const VOCAB_FILES: [&str; 5] = [
    "countries",
    "organisations",
    "tactics",
    "currencies",
    "disarm",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Country {
    pub name: String,
    /// ISO 3166-1 alpha-3 code, used only to point users at the alpha-2 code they meant.
    #[serde(skip)]
    pub alpha3: Option<String>,
    #[serde(skip)]
    pub aliases: Vec<String>,
}

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgType {
    Platform,
    Researcher,
    Government,
    Media,
}

impl OrgType {
    pub const NAMES: [&'static str; 4] = ["platform", "researcher", "government", "media"];

    pub fn parse(name: &str) -> Option<OrgType> {
        Some(match name {
            "platform" => OrgType::Platform,
            "researcher" => OrgType::Researcher,
            "government" => OrgType::Government,
            "media" => OrgType::Media,
            _ => return None,
        })
    }

    /// The key vocabularies write (`researcher`).
    pub fn key(self) -> &'static str {
        OrgType::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgType::Platform => "Platform",
            OrgType::Researcher => "Research organisation",
            OrgType::Government => "Government body",
            OrgType::Media => "News organisation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: OrgType,
    /// Chart colour (`#rrggbb`), for platforms.
    pub color: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tactic {
    pub label: String,
    /// DISARM Red Framework technique ids (`T0143.003`).
    pub disarm: Vec<String>,
    /// Written in the site's `content/vocab/tactics.yaml`, rather than built in.
    #[serde(skip)]
    pub from_site: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    pub name: String,
}

/// All vocabularies in force for one site, built-ins merged with the site's own files.
#[derive(Debug, Clone)]
pub struct Vocabularies {
    pub countries: BTreeMap<String, Country>,
    pub organisations: BTreeMap<String, Organisation>,
    pub tactics: BTreeMap<String, Tactic>,
    pub currencies: BTreeMap<String, Currency>,
    /// The DISARM release the site pinned in `content/vocab/disarm.yaml`, if any.
    pub disarm: Option<Framework>,
}

impl Vocabularies {
    /// The built-in sets alone.
    pub fn builtin() -> Vocabularies {
        builtin::load()
    }

    pub fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.countries.get(code).map_or(code, |c| c.name.as_str())
    }

    pub fn organisation_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.organisations.get(key).map_or(key, |o| o.name.as_str())
    }

    pub fn tactic_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.tactics.get(key).map_or(key, |t| t.label.as_str())
    }

    /// A hint for an unknown country code: the code meant by an alpha-3 code, a name or a
    /// lower-case code, or the nearest code.
    pub fn country_hint(&self, written: &str) -> Option<String> {
        hints::country(self, written)
    }

    /// A hint for an unknown organisation key: by name ("Facebook" → `facebook`) or spelling.
    pub fn organisation_hint(&self, written: &str) -> Option<String> {
        hints::key(written, &self.organisations, |o| o.name.as_str())
    }

    pub fn tactic_hint(&self, written: &str) -> Option<String> {
        hints::key(written, &self.tactics, |t| t.label.as_str())
    }

    /// A DISARM technique's name and page in the pinned framework, if the site pinned one
    /// that lists it.
    pub fn disarm_technique(&self, id: &str) -> Option<(&str, Option<String>)> {
        let framework = self.disarm.as_ref()?;
        let technique = framework.techniques.get(id)?;
        Some((technique.name.as_str(), framework.technique_url(id)))
    }
}

/// Is `code` shaped like a country code (two capital letters)?
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// Is `color` a `#rrggbb` colour?
pub fn is_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Is `id` a DISARM technique id (`T0143` or `T0143.003`)?
pub fn is_disarm_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('T') else {
        return false;
    };
    let (main, sub) = rest.split_once('.').unwrap_or((rest, ""));
    main.len() == 4
        && main.chars().all(|c| c.is_ascii_digit())
        && (sub.is_empty() || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_are_complete() {
        let v = Vocabularies::builtin();
        assert!(v.countries.len() >= 250, "{}", v.countries.len());
        assert_eq!(v.countries["XK"].name, "Kosovo");
        assert_eq!(v.countries["IR"].name, "Iran");
        for key in [
            "facebook",
            "instagram",
            "twitter",
            "youtube",
            "google",
            "fireeye",
        ] {
            assert!(v.organisations.contains_key(key), "{key}");
        }
        for (key, org) in &v.organisations {
            assert!(crate::ids::is_key(key, crate::ids::MAX_KEY), "{key}");
            if org.kind == OrgType::Platform {
                assert!(org.color.as_deref().is_some_and(is_color), "{key}");
            }
        }
        for (key, tactic) in &v.tactics {
            assert!(crate::ids::is_key(key, crate::ids::MAX_KEY), "{key}");
            assert!(tactic.disarm.iter().all(|id| is_disarm_id(id)), "{key}");
        }
        assert!(v.tactics.contains_key("impersonation"));
        assert!(v.currencies.contains_key("USD"));
    }

    #[test]
    fn disarm_id_shapes() {
        assert!(is_disarm_id("T0143.003"));
        assert!(!is_disarm_id("T143"));
    }
}
