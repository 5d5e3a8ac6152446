//! Checking a spec's `where:` filters: each value against what its dimension allows.

use super::context::{scalar_text, SpecContext};
use super::spec::{Dimension, Filter};
use crate::diagnostics::did_you_mean;
use crate::records::vocab::OrgType;
use crate::records::{Checker, EventKind};
use serde_yaml::{Mapping, Value};

pub fn filters(check: &mut Checker<'_>, cx: &SpecContext<'_>, map: &Mapping) -> Vec<Filter> {
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(name) = key.as_str() else {
            check.key_error(
                "where",
                "filter names are words such as origin or platform",
                None,
            );
            continue;
        };
        let field = format!("where.{name}");
        let Some(dimension) = Dimension::parse(name) else {
            let hint = did_you_mean(name, Dimension::NAMES)
                .unwrap_or_else(|| format!("filters: {}", Dimension::NAMES.join(", ")));
            check.key_error(&field, format!("unknown filter `{name}`"), Some(hint));
            continue;
        };
        // One value or a list of them.
        let items: Vec<(String, Option<String>)> = match value {
            Value::Sequence(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{field}[{i}]"), scalar_text(v)))
                .collect(),
            other => vec![(field.clone(), scalar_text(other))],
        };
        if items.is_empty() {
            check.error(
                &field,
                format!("`{field}` lists no values"),
                Some(format!("e.g. `{name}: [...]`, or leave the filter out")),
            );
            continue;
        }
        let mut values = Vec::new();
        for (at, text) in items {
            match text {
                Some(text) => {
                    if let Some(v) = filter_value(check, cx, dimension, &at, &text) {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                }
                None => check.error(&at, "a filter value must be a single word or number", None),
            }
        }
        if !values.is_empty() {
            out.push(Filter { dimension, values });
        }
    }
    out.sort_by_key(|f| f.dimension);
    out
}

/// Check one filter value against what its dimension allows.
fn filter_value(
    check: &mut Checker<'_>,
    cx: &SpecContext<'_>,
    dimension: Dimension,
    field: &str,
    text: &str,
) -> Option<String> {
    let vocab = cx.known.vocab;
    let problem: Option<(String, Option<String>)> = match dimension {
        Dimension::Year => (!year_key_ok(text))
            .then(|| (format!("`{text}` is not a year"), Some("e.g. 2019".into()))),
        Dimension::Quarter => (!quarter_key_ok(text)).then(|| {
            (
                format!("`{text}` is not a quarter"),
                Some("e.g. 2019-Q2".into()),
            )
        }),
        Dimension::Month => (!month_key_ok(text)).then(|| {
            (
                format!("`{text}` is not a month"),
                Some("e.g. 2019-05".into()),
            )
        }),
        Dimension::Platform | Dimension::Discloser => match vocab.organisations.get(text) {
            Some(org) if dimension == Dimension::Platform && org.kind != OrgType::Platform => {
                Some((
                    format!(
                        "`{text}` is not a platform ({})",
                        org.kind.label().to_lowercase()
                    ),
                    Some("filter on `discloser` to select what it disclosed".into()),
                ))
            }
            Some(_) => None,
            None => Some((
                format!("unknown organisation `{text}`"),
                vocab.organisation_hint(text),
            )),
        },
        Dimension::Origin | Dimension::Target => {
            if crate::records::vocab::is_country_code(text) && vocab.countries.contains_key(text) {
                None
            } else {
                Some((
                    format!("`{text}` is not an ISO 3166-1 alpha-2 country code"),
                    vocab.country_hint(text),
                ))
            }
        }
        Dimension::Actor => reference(text, cx.known.actors, "actor", "actors"),
        Dimension::Operation => reference(text, cx.known.operations, "operation", "operations"),
        Dimension::Tactic => (!vocab.tactics.contains_key(text))
            .then(|| (format!("unknown tactic `{text}`"), vocab.tactic_hint(text))),
        Dimension::Kind => EventKind::parse(text).is_none().then(|| {
            (
                format!("unknown kind `{text}`"),
                did_you_mean(text, EventKind::NAMES)
                    .or_else(|| Some(format!("expected one of: {}", EventKind::NAMES.join(", ")))),
            )
        }),
    };
    match problem {
        None => Some(text.to_string()),
        Some((message, hint)) => {
            check.error(field, message, hint);
            None
        }
    }
}

fn reference(
    key: &str,
    known: &std::collections::HashSet<String>,
    what: &str,
    folder: &str,
) -> Option<(String, Option<String>)> {
    if known.contains(key) {
        return None;
    }
    let hint = did_you_mean(key, known.iter().map(String::as_str))
        .unwrap_or_else(|| format!("there is no content/{folder}/{key}.yaml"));
    Some((format!("unknown {what} `{key}`"), Some(hint)))
}

/// Is `text` a year key (`2019`), a quarter key (`2019-Q2`), a month key (`2019-04`)?
pub fn year_key_ok(text: &str) -> bool {
    text.len() == 4 && text.chars().all(|c| c.is_ascii_digit())
}

pub fn quarter_key_ok(text: &str) -> bool {
    text.len() == 7
        && year_key_ok(&text[..4])
        && &text[4..6] == "-Q"
        && matches!(&text[6..], "1" | "2" | "3" | "4")
}

pub fn month_key_ok(text: &str) -> bool {
    text.len() == 7
        && year_key_ok(&text[..4])
        && text.as_bytes()[4] == b'-'
        && text[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && text[5..].chars().all(|c| c.is_ascii_digit())
}
