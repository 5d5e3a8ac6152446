//! The keys an event falls under along a dimension (`IR`, `2019-Q2`), runs of time keys, names.

use crate::dataset::{Dataset, Taxonomy};
use crate::records::date::PartialDate;
use crate::records::figure::{Dimension, FigureSpec};
use crate::records::{Event, EventKind};
use jiff::civil::Date;
use std::collections::BTreeSet;

/// A group key for an event, before `top` folding.
pub type Keys = Vec<String>;

/// Empty lists become one "none" group so unattributed events are shown, not dropped.
pub fn or_none(mut keys: Keys) -> Keys {
    if keys.is_empty() {
        keys.push(String::new());
    }
    keys
}

/// The values of `d` for an event. Time values are empty when the date is too coarse.
pub fn values(ds: &Dataset, d: Dimension, e: &Event) -> Keys {
    crate::dataset::terms_of(e, d, &ds.vocab)
}

/// Every period between the first and last key (or the spec's period), so gaps show as gaps.
pub fn time_range<'k>(spec: &FigureSpec, keys: impl Iterator<Item = &'k String>) -> Keys {
    let keys: BTreeSet<&String> = keys.collect();
    let unit = if spec.x.is_time() {
        spec.x
    } else {
        spec.series.unwrap_or(Dimension::Year)
    };
    let from_period = |date: Option<Date>| {
        date.map(|d| {
            let p = PartialDate {
                year: d.year(),
                month: Some(d.month() as u8),
                day: None,
            };
            time_key(unit, &p)
        })
    };
    let period = spec.period.as_ref();
    let first = period
        .and_then(|p| from_period(p.start))
        .or_else(|| keys.first().map(|k| k.to_string()));
    let last = period
        .and_then(|p| from_period(p.end))
        .or_else(|| keys.last().map(|k| k.to_string()));
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut key = first;
    // A period is at most a few centuries of months; the bound only guards against bad input.
    while key <= last && out.len() < 12 * 400 {
        out.push(key.clone());
        key = next_key(unit, &key);
    }
    out
}

fn time_key(unit: Dimension, d: &PartialDate) -> String {
    let m = d.month.unwrap_or(1);
    match unit {
        Dimension::Quarter => format!("{:04}-Q{}", d.year, (m - 1) / 3 + 1),
        Dimension::Month => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    }
}

fn next_key(unit: Dimension, key: &str) -> String {
    let year: i32 = key[..4].parse().unwrap_or(9999);
    match unit {
        Dimension::Quarter => {
            let q: i32 = key[6..].parse().unwrap_or(4);
            if q >= 4 {
                format!("{:04}-Q1", year + 1)
            } else {
                format!("{year:04}-Q{}", q + 1)
            }
        }
        Dimension::Month => {
            let m: i32 = key[5..].parse().unwrap_or(12);
            if m >= 12 {
                format!("{:04}-01", year + 1)
            } else {
                format!("{year:04}-{:02}", m + 1)
            }
        }
        _ => format!("{:04}", year + 1),
    }
}

/// First and last day of a time key (`2019`, `2019-Q2`, `2019-05`).
pub fn key_span(d: Dimension, key: &str) -> Option<(Date, Date)> {
    let year: i16 = key.get(..4)?.parse().ok()?;
    let (m0, m1) = match d {
        Dimension::Quarter => {
            let q: i8 = key.get(6..)?.parse().ok()?;
            (q * 3 - 2, q * 3)
        }
        Dimension::Month => {
            let m: i8 = key.get(5..)?.parse().ok()?;
            (m, m)
        }
        Dimension::Year => (1, 12),
        _ => return None,
    };
    let first = Date::new(year, m0, 1).ok()?;
    let last = Date::new(year, m1, 1).ok()?.last_of_month();
    Some((first, last))
}

/// A group's display name.
pub fn label(ds: &Dataset, d: Dimension, key: &str) -> String {
    if key.is_empty() {
        return match d {
            Dimension::Origin => "Unattributed",
            Dimension::Target => "No target named",
            Dimension::Actor => "No actor named",
            Dimension::Operation => "No operation named",
            Dimension::Tactic => "No tactic recorded",
            Dimension::Platform => "No platform",
            _ => "None",
        }
        .into();
    }
    match d {
        Dimension::Year => key.to_string(),
        Dimension::Quarter => format!("{} {}", &key[..4], &key[5..]),
        Dimension::Month => {
            let m: usize = key[5..].parse().unwrap_or(1);
            format!("{} {}", MONTHS[(m.clamp(1, 12)) - 1], &key[..4])
        }
        Dimension::Kind => EventKind::parse(key).map_or(key, |k| k.label()).to_string(),
        Dimension::Platform
        | Dimension::Discloser
        | Dimension::Origin
        | Dimension::Target
        | Dimension::Actor
        | Dimension::Operation
        | Dimension::Tactic => match Taxonomy::of(d) {
            Some(t) => ds.term_name(t, key).to_string(),
            None => key.to_string(),
        },
    }
}

/// The plural noun of a dimension, for "Several platforms".
pub fn plural(d: Dimension) -> &'static str {
    match d {
        Dimension::Year => "years",
        Dimension::Quarter => "quarters",
        Dimension::Month => "months",
        Dimension::Platform => "platforms",
        Dimension::Discloser => "disclosers",
        Dimension::Origin => "origin countries",
        Dimension::Target => "target countries",
        Dimension::Actor => "actors",
        Dimension::Operation => "operations",
        Dimension::Tactic => "tactics",
        Dimension::Kind => "kinds of event",
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
