//! Records as written, before checking. Everything a user might get wrong in a value is kept
//! loose here (strings, optional fields, raw YAML for quantities) so the checks in
//! [`super::event`] can report every problem of a file with a precise message, instead of serde
//! stopping at the first. Unknown fields are still rejected by serde, with a suggestion.

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub title: Option<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub discloser: Option<String>,
    pub status: Option<String>,
    pub retraction: Option<RawRetraction>,
    pub removed: Option<Mapping>,
    pub reach: Option<Mapping>,
    pub content: Option<Mapping>,
    pub ad_spend: Option<RawAdSpend>,
    pub origin: Option<Vec<String>>,
    pub actor: Option<String>,
    pub operation: Option<String>,
    pub attribution: Option<RawAttribution>,
    pub targets: Option<Vec<String>>,
    pub active: Option<String>,
    pub tactics: Option<Vec<String>>,
    pub partners: Option<Vec<String>>,
    pub related: Option<Vec<String>>,
    pub sources: Option<Vec<RawSource>>,
    pub summary: Option<String>,
    pub revisions: Option<Vec<RawRevision>>,
    pub lang: Option<String>,
    pub translations: Option<std::collections::BTreeMap<String, RawTranslation>>,
}

/// A record's title and summary in another language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTranslation {
    pub title: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetraction {
    pub date: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdSpend {
    pub amount: Option<Value>,
    pub currency: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttribution {
    pub by: Option<String>,
    pub wording: Option<String>,
    pub confidence: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub archive: Option<String>,
    pub lang: Option<String>,
    pub title_translation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    pub date: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: Option<String>,
    pub country: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOperation {
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub actor: Option<String>,
    pub description: Option<String>,
}

/// Front matter of a Markdown page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    pub title: Option<String>,
    pub menu: Option<i64>,
    pub description: Option<String>,
}
