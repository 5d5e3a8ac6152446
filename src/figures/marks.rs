//! A timeline's marks: one per event and lane, its platform legend, and the whole years it spans.

use super::fold::{groups, slot_members};
use super::grouped::{Group, Mark};
use super::keys::{or_none, values};
use crate::dataset::Dataset;
use crate::records::figure::{Dimension, FigureSpec};
use crate::records::Event;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// One mark per event and lane, coloured by the lane's platform when lanes are platforms, else
/// by the event's first platform.
pub fn timeline(
    ds: &Dataset,
    lanes: Dimension,
    events: &[&Event],
    slot: &BTreeMap<String, usize>,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    for e in events {
        let first_platform = ds.platforms_of(e).first().copied().unwrap_or("");
        let keys = or_none(values(ds, lanes, e));
        for (lane, keys) in slot_members(&keys, slot) {
            let platform = if lanes == Dimension::Platform {
                keys.first().map_or("", String::as_str)
            } else {
                first_platform
            };
            marks.push(Mark {
                lane,
                first: e.date.first_day(),
                last: e.date.last_day(),
                platform: platform.to_string(),
                event: e.id.clone(),
                tooltip: format!("{}: {}", e.date.display(), e.title),
            });
        }
    }
    marks
}

/// The platforms that colour a timeline's marks, by name, with "No platform" last when an
/// event names none: every colour a mark can have is in the legend.
pub fn mark_platforms(ds: &Dataset, events: &[&Event]) -> Vec<Group> {
    let keys: BTreeSet<&str> = events
        .iter()
        .map(|e| ds.platforms_of(e).first().copied().unwrap_or(""))
        .collect();
    let mut out = groups(
        ds,
        Dimension::Platform,
        &keys.into_iter().map(String::from).collect::<Vec<_>>(),
        0,
    );
    out.sort_by(|a, b| {
        a.key
            .is_empty()
            .cmp(&b.key.is_empty())
            .then(a.label.cmp(&b.label))
    });
    out
}

/// Whole years from the period (or the first mark) to the period's end (or the last mark).
pub fn time_span(spec: &FigureSpec, marks: &[Mark]) -> Option<(Date, Date)> {
    let period = spec.period.as_ref();
    let first = period
        .and_then(|p| p.start)
        .or_else(|| marks.iter().map(|m| m.first).min())?;
    let last = period
        .and_then(|p| p.end)
        .or_else(|| marks.iter().map(|m| m.last).max())?;
    let start = Date::new(first.year(), 1, 1).ok()?;
    let end = Date::new(last.year(), 12, 31).ok()?;
    Some((start, end))
}
