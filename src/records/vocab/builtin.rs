//! The vocabularies compiled into the binary.

use super::{Country, Currency, OrgType, Organisation, Tactic, Vocabularies};
use serde::Deserialize;
use std::collections::BTreeMap;

const COUNTRIES: &str = include_str!("builtin/countries.yaml");
const ORGANISATIONS: &str = include_str!("builtin/organisations.yaml");
const TACTICS: &str = include_str!("builtin/tactics.yaml");
const CURRENCIES: &str = include_str!("builtin/currencies.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinCountry {
    name: String,
    alpha3: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinOrganisation {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    color: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinTactic {
    label: String,
    #[serde(default)]
    disarm: Vec<String>,
}

/// Parse a built-in file. These files ship inside the binary and are checked by the unit tests,
/// so a failure here is a bug in docket itself, never in a user's site.
fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> BTreeMap<String, T> {
    match serde_yaml::from_str(text) {
        Ok(map) => map,
        Err(e) => panic!("built-in vocabulary {name} is invalid: {e}"),
    }
}

pub(super) fn load() -> Vocabularies {
    let countries = parse::<BuiltinCountry>("countries", COUNTRIES)
        .into_iter()
        .map(|(code, c)| {
            let country = Country {
                name: c.name,
                alpha3: Some(c.alpha3),
                aliases: c.aliases,
            };
            (code, country)
        })
        .collect();
    let organisations = parse::<BuiltinOrganisation>("organisations", ORGANISATIONS)
        .into_iter()
        .map(|(key, o)| {
            let kind = OrgType::parse(&o.kind)
                .unwrap_or_else(|| panic!("built-in organisation {key} has type {}", o.kind));
            let org = Organisation {
                name: o.name,
                kind,
                color: o.color,
            };
            (key, org)
        })
        .collect();
    let tactics = parse::<BuiltinTactic>("tactics", TACTICS)
        .into_iter()
        .map(|(key, t)| {
            let tactic = Tactic {
                label: t.label,
                disarm: t.disarm,
                from_site: false,
            };
            (key, tactic)
        })
        .collect();
    let currencies = parse::<Currency>("currencies", CURRENCIES);
    Vocabularies {
        countries,
        organisations,
        tactics,
        currencies,
        disarm: None,
    }
}
