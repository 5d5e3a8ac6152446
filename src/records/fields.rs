//! Checks for single values shared by every record type: required text, dates, links,
//! quantities and references to vocabularies or other records.

use super::check::Checker;
use super::date::{Interval, PartialDate};
use super::quantity::{check_range, Qualifier, Quantity};
use crate::diagnostics::did_you_mean;
use crate::records::vocab::{is_country_code, Vocabularies};
use jiff::civil::Date;
use serde_yaml::Value;
use std::collections::HashSet;

/// What a record may refer to, known before any record is checked.
pub struct Known<'a> {
    pub vocab: &'a Vocabularies,
    pub events: &'a HashSet<String>,
    pub actors: &'a HashSet<String>,
    pub operations: &'a HashSet<String>,
    /// The build's "today": dates after it are errors.
    pub today: Date,
}

/// A checker for one file plus what its references may point to.
pub struct Fields<'c, 'k> {
    pub check: Checker<'c>,
    pub known: &'k Known<'k>,
}

impl<'c, 'k> Fields<'c, 'k> {
    pub fn new(file: &'c str, known: &'k Known<'k>) -> Self {
        Fields {
            check: Checker::new(file),
            known,
        }
    }

    /// A required, non-blank text field.
    pub fn required_text(&mut self, field: &str, value: Option<String>) -> Option<String> {
        match value {
            Some(v) if !v.trim().is_empty() => Some(v.trim_end().to_string()),
            Some(_) => {
                self.check.error(field, format!("`{field}` is empty"), None);
                None
            }
            None => {
                self.missing(field);
                None
            }
        }
    }

    /// A required field is absent: point at the mapping that should hold it (its key, so a
    /// missing `retraction.date` points at `retraction:`, not at a sibling's line).
    pub fn missing(&mut self, field: &str) {
        let name = field.rsplit('.').next().unwrap_or(field);
        let message = format!("missing required field `{name}`");
        let hint = Some(missing_hint(name));
        match field.rsplit_once('.') {
            Some((parent, _)) => self.check.key_error_at(parent, field, message, hint),
            None => self.check.error(field, message, hint),
        }
    }

    /// Optional text: blank counts as absent.
    pub fn optional_text(value: Option<String>) -> Option<String> {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// A date that must not be after the build's clock.
    pub fn date(&mut self, field: &str, text: &str) -> Option<PartialDate> {
        match PartialDate::parse(text) {
            Ok(date) => {
                if date.first_day() > self.known.today {
                    self.check.error(
                        field,
                        format!("{} is in the future", date.iso()),
                        Some(format!(
                            "today is {} (set SOURCE_DATE_EPOCH to build as of another day)",
                            self.known.today
                        )),
                    );
                    None
                } else {
                    Some(date)
                }
            }
            Err(message) => {
                self.check.error(field, message, Some(DATE_FORMS.into()));
                None
            }
        }
    }

    pub fn required_date(&mut self, field: &str, text: Option<String>) -> Option<PartialDate> {
        match text {
            Some(t) => self.date(field, &t),
            None => {
                self.missing(field);
                None
            }
        }
    }

    pub fn interval(&mut self, field: &str, text: &str) -> Option<Interval> {
        match Interval::parse(text) {
            Ok(interval) => {
                if let Some(start) = interval.start {
                    if start.first_day() > self.known.today {
                        self.check.error(
                            field,
                            format!("the period starts in the future ({start})"),
                            None,
                        );
                        return None;
                    }
                }
                Some(interval)
            }
            Err(message) => {
                // Both dates read, but in the wrong order: one of them is wrong, often in the
                // source the record was copied from.
                let hint = if message.contains("after it ends") {
                    "check both dates against the source: one of them is wrong there or here (a mistyped year, month or day); write the period as the evidence supports it"
                } else {
                    "write START/END with dates as YYYY-MM-DD, YYYY-MM or YYYY, and `..` for an open end"
                };
                self.check.error(field, message, Some(hint.into()));
                None
            }
        }
    }

    /// An http(s) address; anything else (javascript:, data:, file:, relative) is refused.
    /// A BCP 47 language tag (`fa`, `ar-EG`), as written.
    pub fn language(&mut self, field: &str, tag: &str) -> Option<String> {
        match tag.parse::<icu_locale::LanguageIdentifier>() {
            Ok(_) if !tag.trim().is_empty() => Some(tag.to_string()),
            _ => {
                self.check.error(
                    field,
                    format!("`{tag}` is not a language tag"),
                    Some("write a BCP 47 tag, such as `en`, `fa` or `ar-EG`".into()),
                );
                None
            }
        }
    }

    pub fn url(&mut self, field: &str, url: &str) -> Option<String> {
        match check_http_url(url) {
            Ok(()) => Some(url.trim().to_string()),
            Err(message) => {
                self.check.error(
                    field,
                    message,
                    Some("links must be absolute http:// or https:// addresses".into()),
                );
                None
            }
        }
    }

    /// A figure in any of the written forms (see SCHEMA.md, "Quantities").
    pub fn quantity(&mut self, field: &str, value: &Value) -> Option<Quantity> {
        let result = match value {
            Value::Number(n) => number_to_quantity(n),
            Value::String(s) => Quantity::parse_short(s),
            Value::Mapping(_) => return self.long_quantity(field, value),
            Value::Null => Err("no figure given: write the number the source reported, or leave the field out (never 0 for \"not reported\")".into()),
            _ => Err("a figure must be a number, a short form like \"~2800\", or {value, qualifier}".into()),
        };
        match result {
            Ok(q) => Some(q),
            Err(message) => {
                self.check.error(
                    field,
                    message,
                    Some("forms: 51, \"~2800\", \">4700\", \">=1000\", \"<100\", \"<=100\", \"100-200\"".into()),
                );
                None
            }
        }
    }

    fn long_quantity(&mut self, field: &str, value: &Value) -> Option<Quantity> {
        const KEYS: [&str; 5] = ["value", "qualifier", "min", "max", "as_stated"];
        let Value::Mapping(map) = value else {
            return None;
        };
        let mut ok = true;
        for key in map.keys() {
            let name = key.as_str().unwrap_or("?");
            if !KEYS.contains(&name) {
                self.check.key_error(
                    &format!("{field}.{name}"),
                    format!("unknown field `{name}` in a quantity"),
                    did_you_mean(name, KEYS)
                        .or(Some(format!("expected one of: {}", KEYS.join(", ")))),
                );
                ok = false;
            }
        }
        let qualifier = match map.get("qualifier").map(|q| q.as_str()) {
            None => Qualifier::Exact,
            Some(Some(name)) => match Qualifier::parse(name) {
                Some(q) => q,
                None => {
                    self.check.error(
                        &format!("{field}.qualifier"),
                        format!("unknown qualifier `{name}`"),
                        did_you_mean(name, Qualifier::NAMES).or(Some(format!(
                            "expected one of: {}",
                            Qualifier::NAMES.join(", ")
                        ))),
                    );
                    return None;
                }
            },
            Some(None) => {
                self.check.error(
                    &format!("{field}.qualifier"),
                    "the qualifier must be a word",
                    None,
                );
                return None;
            }
        };
        let mut number = |name: &str| -> Option<Option<u64>> {
            let v = map.get(name)?;
            let parsed = match v {
                Value::Number(n) => number_to_quantity(n).map(|q| q.value),
                _ => Err(format!("`{name}` must be a whole number")),
            };
            match parsed {
                Ok(n) => Some(Some(n)),
                Err(message) => {
                    self.check.error(&format!("{field}.{name}"), message, None);
                    Some(None)
                }
            }
        };
        let value_n = number("value");
        let min = number("min");
        let max = number("max");
        if [value_n, min, max].contains(&Some(None)) {
            return None;
        }
        let (value_n, min, max) = (value_n.flatten(), min.flatten(), max.flatten());
        let as_stated = map
            .get("as_stated")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if qualifier == Qualifier::Range {
            let (Some(min), Some(max)) = (min.or(value_n), max) else {
                self.check.error(
                    field,
                    "a range needs `min` and `max`",
                    Some("e.g. {qualifier: range, min: 100, max: 200}".into()),
                );
                return None;
            };
            if min > max {
                self.check
                    .error(field, format!("range {min}–{max} runs backwards"), None);
                return None;
            }
            return ok.then_some(Quantity {
                value: min,
                max: Some(max),
                qualifier,
                as_stated,
            });
        }
        if min.is_some() || max.is_some() {
            self.check.error(
                field,
                "`min` and `max` belong to ranges only",
                Some("set `qualifier: range`, or use `value`".into()),
            );
            return None;
        }
        let Some(value_n) = value_n else {
            self.check
                .error(field, "missing required field `value`", None);
            return None;
        };
        ok.then_some(Quantity {
            value: value_n,
            max: None,
            qualifier,
            as_stated,
        })
    }

    /// An organisation key that must exist in the vocabulary.
    pub fn organisation(&mut self, field: &str, key: &str) -> Option<String> {
        if self.known.vocab.organisations.contains_key(key) {
            return Some(key.to_string());
        }
        if self.check.is_full() {
            self.check.error(field, "unknown organisation", None);
            return None;
        }
        let hint = self.known.vocab.organisation_hint(key).unwrap_or_else(|| {
            "add it to content/vocab/organisations.yaml: `key: {name: ..., type: platform}`".into()
        });
        self.check
            .error(field, format!("unknown organisation `{key}`"), Some(hint));
        None
    }

    pub fn country(&mut self, field: &str, code: &str) -> Option<String> {
        if is_country_code(code) && self.known.vocab.countries.contains_key(code) {
            return Some(code.to_string());
        }
        let hint = self.known.vocab.country_hint(code);
        self.check.error(
            field,
            format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
            hint,
        );
        None
    }

    pub fn countries(&mut self, field: &str, codes: Option<Vec<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, code) in codes.unwrap_or_default().iter().enumerate() {
            if let Some(c) = self.country(&format!("{field}[{i}]"), code) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    pub fn organisations(&mut self, field: &str, keys: Option<Vec<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, key) in keys.unwrap_or_default().iter().enumerate() {
            if let Some(k) = self.organisation(&format!("{field}[{i}]"), key) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    pub fn tactics(&mut self, field: &str, keys: Option<Vec<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, key) in keys.unwrap_or_default().iter().enumerate() {
            if self.known.vocab.tactics.contains_key(key.as_str()) {
                if !out.contains(key) {
                    out.push(key.clone());
                }
            } else {
                let hint = self.known.vocab.tactic_hint(key).unwrap_or_else(|| {
                    "add it to content/vocab/tactics.yaml: `key: {label: ..., disarm: [...]}`"
                        .into()
                });
                self.check.error(
                    &format!("{field}[{i}]"),
                    format!("unknown tactic `{key}`"),
                    Some(hint),
                );
            }
        }
        out
    }

    /// A key of another record (actor, operation, event) that must exist.
    pub fn reference(
        &mut self,
        field: &str,
        what: &str,
        key: &str,
        known: &HashSet<String>,
        folder: &str,
    ) -> Option<String> {
        self.reference_among(field, what, key, known, known.iter(), folder)
    }

    /// [`Fields::reference`], suggesting only keys from `candidates` for a mistyped key.
    pub fn reference_among<'s>(
        &mut self,
        field: &str,
        what: &str,
        key: &str,
        known: &HashSet<String>,
        candidates: impl Iterator<Item = &'s String>,
        folder: &str,
    ) -> Option<String> {
        if known.contains(key) {
            return Some(key.to_string());
        }
        // Past the problems shown for a file, skip the search for a suggestion: with a list of
        // unknown keys it would compare each against every record of the site.
        if self.check.is_full() {
            self.check.error(field, format!("unknown {what}"), None);
            return None;
        }
        let hint = did_you_mean(key, candidates.map(String::as_str))
            .unwrap_or_else(|| format!("there is no content/{folder}/{key}.yaml"));
        self.check
            .error(field, format!("unknown {what} `{key}`"), Some(hint));
        None
    }

    /// Check a name used as a map key (asset, metric, unit) and warn when it is unusual.
    pub fn measure_name(&mut self, field: &str, name: &str, usual: &[&str]) -> bool {
        let shaped = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !shaped {
            self.check.key_error(
                field,
                format!("`{name}` is not a valid name"),
                Some("names are lower-case, like accounts or group_members".into()),
            );
            return false;
        }
        if !usual.contains(&name) {
            let hint = did_you_mean(name, usual.iter().copied())
                .unwrap_or_else(|| format!("usual names: {}", usual.join(", ")));
            self.check
                .warning(field, format!("unusual name `{name}`"), Some(hint));
        }
        true
    }
}

const DATE_FORMS: &str =
    "write YYYY-MM-DD, YYYY-MM or YYYY (the month or year alone when the day is not known)";

/// What to write for a missing required field, by its name.
fn missing_hint(name: &str) -> String {
    match name {
        "title" => "add `title:` with a one-line title".into(),
        "date" => "add `date:` as YYYY-MM-DD, YYYY-MM or YYYY".into(),
        "kind" => format!("add `kind:`, one of {}", super::EventKind::NAMES.join(", ")),
        "discloser" => "add `discloser:` with the key of the organisation that published it, e.g. `discloser: facebook`".into(),
        "summary" => "add `summary:` with a few sentences of Markdown".into(),
        "url" => "add `url:` with the source's http(s) address".into(),
        "reason" => "add `reason:` saying why the record was retracted".into(),
        "note" => "add `note:` saying what changed".into(),
        "name" => "add `name:` with the name shown on pages".into(),
        "amount" => "add `amount:` with the figure, e.g. `amount: \"~7000\"`".into(),
        "currency" => "add `currency:` with an ISO 4217 code such as USD".into(),
        _ => format!("add `{name}:`"),
    }
}

fn number_to_quantity(n: &serde_yaml::Number) -> Result<Quantity, String> {
    if let Some(v) = n.as_u64() {
        return check_range(v).map(Quantity::exact);
    }
    if n.as_i64().is_some_and(|v| v < 0) || n.as_f64().is_some_and(|v| v < 0.0) {
        return Err("a figure cannot be negative".into());
    }
    Err(format!("{n} is not a whole number"))
}

/// Accept only absolute http(s) addresses with a host and no spaces or markup characters.
pub fn check_http_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        let scheme = url.split_once(':').map_or("", |(s, _)| s);
        return Err(if scheme.is_empty() || scheme.contains('/') {
            format!("`{url}` is not an absolute address")
        } else {
            format!("`{scheme}:` links are not allowed")
        });
    };
    if let Some(bad) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>`\\".contains(*c))
    {
        return Err(format!(
            "the address contains {bad:?}, which cannot appear in a link"
        ));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains('@') {
        return Err(format!("`{url}` has no valid host name"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_http_url;

    #[test]
    fn only_http_links_pass() {
        assert!(check_http_url("https://about.fb.com/news/x/").is_ok());
        assert!(check_http_url("HTTP://example.org").is_ok());
        assert!(check_http_url("javascript:alert(1)")
            .unwrap_err()
            .contains("javascript:"));
        assert!(check_http_url("ftp://x").is_err());
        assert!(check_http_url("/relative").is_err());
        assert!(check_http_url("https://").is_err());
        assert!(check_http_url("https://a b").is_err());
        assert!(check_http_url("https://user@evil.example").is_err());
        assert!(check_http_url("https://x/\"onmouseover=").is_err());
    }
}
