//! Controlled vocabularies: countries, organisations, tactics and currencies.
//!
//! Built-in sets are compiled into the binary (`src/vocab/builtin/*.yaml`); a site extends or
//! overrides them with `content/vocab/<name>.yaml`, where an entry with a built-in key replaces it.

mod builtin;
mod hints;
mod site;

pub use site::load_site_vocab;

use serde::Serialize;
use std::collections::BTreeMap;

/// Built-in vocabulary names that a site may extend with `content/vocab/<name>.yaml`.
pub const VOCAB_FILES: [&str; 4] = ["countries", "organisations", "tactics", "currencies"];

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
}

/// Is `key` a valid vocabulary or record key: `[a-z0-9][a-z0-9-]*`, at most `max` characters,
/// and not a name Windows reserves for a device? Keys become folder names in the output.
pub fn is_key(key: &str, max: usize) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && key.len() <= max
        && !is_device_name(key)
}

/// `con`, `prn`, `aux`, `nul`, `com1`–`com9`, `lpt1`–`lpt9`: a folder of that name cannot be
/// created on Windows, so a site using one as a key could not be built there.
fn is_device_name(key: &str) -> bool {
    matches!(key, "con" | "prn" | "aux" | "nul")
        || (key.len() == 4
            && (key.starts_with("com") || key.starts_with("lpt"))
            && matches!(key.as_bytes()[3], b'1'..=b'9'))
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
    fn keys_are_safe_folder_names() {
        assert!(is_key("2019-05-28-facebook-iran", 100));
        assert!(is_key("com10", 64) && is_key("console", 64) && is_key("lpt", 64));
        for bad in [
            "",
            "-x",
            "..",
            "..%2f",
            "a/b",
            "a\\b",
            "Facebook",
            "CON",
            "con",
            "nul",
            "aux",
            "prn",
            "com1",
            "lpt9",
            "fаcebook",
            "ｆacebook",
            "a.b",
            "a b",
            "a_b",
        ] {
            assert!(!is_key(bad, 64), "{bad:?}");
        }
        assert!(is_key(&"a".repeat(64), 64) && !is_key(&"a".repeat(65), 64));
    }

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
            assert!(is_key(key, 64), "{key}");
            if org.kind == OrgType::Platform {
                assert!(org.color.as_deref().is_some_and(is_color), "{key}");
            }
        }
        for (key, tactic) in &v.tactics {
            assert!(is_key(key, 64), "{key}");
            assert!(tactic.disarm.iter().all(|id| is_disarm_id(id)), "{key}");
        }
        assert!(v.tactics.contains_key("impersonation"));
        assert!(v.currencies.contains_key("USD"));
    }

    #[test]
    fn key_shapes() {
        assert!(is_key("fireeye", 64));
        assert!(is_key("2019-05-28-facebook-iran", 100));
        assert!(!is_key("FireEye", 64));
        assert!(!is_key("-x", 64));
        assert!(!is_key("a/b", 64));
        assert!(!is_key("../x", 64));
        assert!(is_disarm_id("T0143.003"));
        assert!(!is_disarm_id("T143"));
    }
}
