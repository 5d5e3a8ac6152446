//! Reported figures ("about 2,800", "more than 4,700") and the one rule for adding them up.
//!
//! A quantity is what the source said. It keeps its qualifier from the record to every page,
//! chart and export, and a total is never shown as more exact than its parts.

use serde::Serialize;
use std::fmt;

/// Largest figure docket accepts. Far above any real takedown, and low enough that summing
/// millions of them cannot overflow a `u64`.
pub const MAX_VALUE: u64 = 1_000_000_000_000;

/// How a figure relates to the truth, as the source stated it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    Exact,
    Approx,
    Gt,
    Gte,
    Lt,
    Lte,
    Range,
}

impl Qualifier {
    pub const NAMES: [&'static str; 7] = ["exact", "approx", "gt", "gte", "lt", "lte", "range"];

    pub fn parse(name: &str) -> Option<Qualifier> {
        Some(match name {
            "exact" => Qualifier::Exact,
            "approx" => Qualifier::Approx,
            "gt" => Qualifier::Gt,
            "gte" => Qualifier::Gte,
            "lt" => Qualifier::Lt,
            "lte" => Qualifier::Lte,
            "range" => Qualifier::Range,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Qualifier::NAMES[self as usize]
    }

    /// True for figures that only bound the truth from above; they cannot be summed.
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Qualifier::Lt | Qualifier::Lte)
    }
}

/// One reported figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The figure; for a range, its minimum.
    pub value: u64,
    /// The maximum of a range.
    pub max: Option<u64>,
    pub qualifier: Qualifier,
    /// The source's own words, when the record gives them.
    pub as_stated: Option<String>,
}

impl Quantity {
    pub fn exact(value: u64) -> Self {
        Quantity {
            value,
            max: None,
            qualifier: Qualifier::Exact,
            as_stated: None,
        }
    }

    /// Parse the short written forms: `51`, `~2800`, `>4700`, `>=1000`, `<100`, `<=100`,
    /// `100-200`. Thousands separators (`2,800`) are accepted.
    pub fn parse_short(text: &str) -> Result<Quantity, String> {
        let text = text.trim();
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix(">=") {
            (Qualifier::Gte, rest)
        } else if let Some(rest) = text.strip_prefix("<=") {
            (Qualifier::Lte, rest)
        } else if let Some(rest) = text.strip_prefix('>') {
            (Qualifier::Gt, rest)
        } else if let Some(rest) = text.strip_prefix('<') {
            (Qualifier::Lt, rest)
        } else if let Some(rest) = text.strip_prefix('~') {
            (Qualifier::Approx, rest)
        } else if let Some((low, high)) = split_range(text) {
            let min = parse_number(low)?;
            let max = parse_number(high)?;
            if min > max {
                return Err(format!("range {min}-{max} runs backwards"));
            }
            return Ok(Quantity {
                value: min,
                max: Some(max),
                qualifier: Qualifier::Range,
                as_stated: None,
            });
        } else {
            (Qualifier::Exact, text)
        };
        Ok(Quantity {
            value: parse_number(rest)?,
            max: None,
            qualifier,
            as_stated: None,
        })
    }

    /// The honest display form: `51`, `≈2,800`, `>4,700`, `≥1,000`, `<100`, `≤100`, `100–200`.
    pub fn display(&self) -> String {
        let n = thousands(self.value);
        match self.qualifier {
            Qualifier::Exact => n,
            Qualifier::Approx => format!("≈{n}"),
            Qualifier::Gt => format!(">{n}"),
            Qualifier::Gte => format!("≥{n}"),
            Qualifier::Lt => format!("<{n}"),
            Qualifier::Lte => format!("≤{n}"),
            Qualifier::Range => format!("{n}–{}", thousands(self.max.unwrap_or(self.value))),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

fn split_range(text: &str) -> Option<(&str, &str)> {
    let (low, high) = text.split_once('-').or_else(|| text.split_once('–'))?;
    let digits =
        |s: &str| !s.trim().is_empty() && s.trim().chars().all(|c| c.is_ascii_digit() || c == ',');
    (digits(low) && digits(high)).then_some((low, high))
}

fn parse_number(text: &str) -> Result<u64, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    if cleaned.starts_with('-') {
        return Err("a figure cannot be negative".into());
    }
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{}` is not a whole number", text.trim()));
    }
    let value: u64 = cleaned
        .parse()
        .map_err(|_| format!("{} is too large", text.trim()))?;
    check_range(value)
}

pub fn check_range(value: u64) -> Result<u64, String> {
    if value > MAX_VALUE {
        Err(format!(
            "{} is larger than {}, the largest figure docket accepts",
            thousands(value),
            thousands(MAX_VALUE)
        ))
    } else {
        Ok(value)
    }
}

/// `2800` → `2,800`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How exact a total is: the weakest qualifier among the figures added into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TotalQualifier {
    Exact,
    Approx,
    AtLeast,
}

impl TotalQualifier {
    fn of(qualifier: Qualifier) -> TotalQualifier {
        match qualifier {
            Qualifier::Exact => TotalQualifier::Exact,
            Qualifier::Approx => TotalQualifier::Approx,
            // A range counts its minimum and `>n` counts n: either way the truth is at least it.
            Qualifier::Gt | Qualifier::Gte | Qualifier::Range => TotalQualifier::AtLeast,
            Qualifier::Lt | Qualifier::Lte => unreachable!("upper bounds are never summed"),
        }
    }
}

/// A sum of figures under the qualifier rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Total {
    pub value: u64,
    /// `None` until a summable figure has been added.
    pub qualifier: Option<TotalQualifier>,
    /// Figures added into the sum.
    pub parts: usize,
    /// Events that contributed figures (set by whoever groups figures by event).
    pub events: usize,
    /// Figures left out because they only give an upper bound (`<100`, `≤100`); in the totals
    /// of a set of events, the events whose only figure was such a bound.
    pub upper_bound_only: usize,
}

impl Total {
    pub fn add(&mut self, quantity: &Quantity) {
        if quantity.qualifier.is_upper_bound() {
            self.upper_bound_only += 1;
            return;
        }
        self.value = self.value.saturating_add(quantity.value);
        let q = TotalQualifier::of(quantity.qualifier);
        self.qualifier = Some(self.qualifier.map_or(q, |old| old.max(q)));
        self.parts += 1;
    }

    pub fn merge(&mut self, other: &Total) {
        self.value = self.value.saturating_add(other.value);
        self.qualifier = match (self.qualifier, other.qualifier) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.parts += other.parts;
        self.events += other.events;
        self.upper_bound_only += other.upper_bound_only;
    }

    /// `3,651`, `≈3,651` or `≥3,651`; "not reported" when nothing could be summed.
    pub fn display(&self) -> String {
        let n = thousands(self.value);
        match self.qualifier {
            None => "not reported".to_string(),
            Some(TotalQualifier::Exact) => n,
            Some(TotalQualifier::Approx) => format!("≈{n}"),
            Some(TotalQualifier::AtLeast) => format!("≥{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        Quantity::parse_short(text).unwrap()
    }

    #[test]
    fn parses_every_short_form() {
        assert_eq!(q("51").display(), "51");
        assert_eq!(q("~2800").display(), "≈2,800");
        assert_eq!(q(">4700").display(), ">4,700");
        assert_eq!(q(">=1000").display(), "≥1,000");
        assert_eq!(q("<100").display(), "<100");
        assert_eq!(q("<=100").display(), "≤100");
        assert_eq!(q("100-200").display(), "100–200");
        assert_eq!(q("10,000,000").value, 10_000_000);
    }

    #[test]
    fn rejects_bad_forms() {
        assert!(Quantity::parse_short("many").is_err());
        assert!(Quantity::parse_short("-5").is_err());
        assert!(Quantity::parse_short("~-5").is_err());
        assert!(Quantity::parse_short("200-100").is_err());
        assert!(Quantity::parse_short("99999999999999").is_err());
        assert!(Quantity::parse_short("").is_err());
    }

    #[test]
    fn total_takes_weakest_qualifier_and_skips_upper_bounds() {
        let mut t = Total::default();
        t.add(&q("51"));
        assert_eq!(t.display(), "51");
        t.add(&q("~2800"));
        assert_eq!(t.display(), "≈2,851");
        t.add(&q("<100"));
        assert_eq!(t.display(), "≈2,851");
        assert_eq!(t.upper_bound_only, 1);
        t.add(&q("100-200"));
        assert_eq!(t.display(), "≥2,951");
        assert_eq!(t.parts, 3);
    }

    #[test]
    fn empty_total_is_not_reported() {
        let mut t = Total::default();
        t.add(&q("<5"));
        assert_eq!(t.display(), "not reported");
    }
}
