//! A timeline's marks: one per event and lane, its platform legend, and the whole years it spans.

use super::fold::{groups, slot_members};
use super::grouped::{Group, Mark};
use super::keys::{or_none, values};
use crate::dataset::Dataset;
use crate::records::figure::{Dimension, FigureSpec};
use crate::records::Event;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// One mark per event and lane, coloured by the event's first platform.
pub fn timeline(
    ds: &Dataset,
    lanes: Dimension,
    events: &[&Event],
    slot: &BTreeMap<String, usize>,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    for e in events {
        let color = ds
            .platforms_of(e)
            .first()
            .and_then(|p| ds.vocab.organisations.get(*p))
            .and_then(|o| o.color.clone());
        let keys = or_none(values(ds, lanes, e));
        for lane in slot_members(&keys, slot).into_keys() {
            marks.push(Mark {
                lane,
                first: e.date.first_day(),
                last: e.date.last_day(),
                color: color.clone(),
            });
        }
    }
    marks
}

/// The platforms of the events on a timeline, by name, for its legend.
pub fn mark_platforms(ds: &Dataset, events: &[&Event]) -> Vec<Group> {
    let keys: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| ds.platforms_of(e).first().copied())
        .collect();
    let mut out = groups(
        ds,
        Dimension::Platform,
        &keys.into_iter().map(String::from).collect::<Vec<_>>(),
        0,
    );
    out.sort_by(|a, b| a.label.cmp(&b.label));
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
