//! What a figure spec is checked against, and the one way a filter value is read as text.

use crate::records::Known;
use serde_yaml::Value;
use std::collections::BTreeSet;

/// What a spec may name besides the vocabularies: the figure names used in the site's events.
pub struct SpecContext<'a> {
    pub known: &'a Known<'a>,
    /// Every asset, metric and unit name some event reports.
    pub measure_names: &'a BTreeSet<String>,
}

/// A YAML scalar as text: `2019` is a number to YAML but a year to us.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
