//! The numbers of a briefing: which events a period holds, their totals, and each key number
//! beside the previous period's with the change between them.
//!
//! Changes are as honest as the totals: two exact totals give an exact change, an approximate
//! side makes it approximate (`≈+120`), and a lower bound (`≥4,700`) can only be compared when
//! it is the current figure, the previous one is exact and the current is not smaller (`≥+1,900`);
//! any other comparison is shown as not comparable.

use crate::dataset::{Dataset, Totals};
use crate::records::period::{Period, Placement};
use crate::records::quantity::{thousands, Total, TotalQualifier};
use crate::records::{Event, Status};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;

/// The events of one period, in date order.
pub struct Scope<'a> {
    pub period: Period,
    /// Published events whose whole date lies in the period: these are counted.
    pub events: Vec<&'a Event>,
    /// Published events whose date is too coarse to say (dated `2019` for 2019-Q2): named, not
    /// counted.
    pub straddling: Vec<&'a Event>,
    /// Events dated in the period that were retracted since: named, not counted.
    pub retracted: Vec<&'a Event>,
    pub totals: Totals,
}

impl<'a> Scope<'a> {
    /// The events of `period`. Events are sorted by date with coarser dates first, which keeps
    /// them sorted by their first day too, so only the slice that can touch the period is read.
    pub fn of(ds: &'a Dataset, period: Period) -> Scope<'a> {
        // Which events fall in a period, and the period before it, can change with any edit.
        super::reads::note(super::reads::Input::AllEvents);
        let earliest = Date::new(period.start.year(), 1, 1).unwrap_or(period.start);
        let from = ds.events.partition_point(|e| e.date.first_day() < earliest);
        let to = ds
            .events
            .partition_point(|e| e.date.first_day() <= period.end);
        let mut scope = Scope {
            period,
            events: Vec::new(),
            straddling: Vec::new(),
            retracted: Vec::new(),
            totals: Totals::default(),
        };
        for e in &ds.events[from..to.max(from)] {
            match (period.place(&e.date), e.status) {
                (Placement::Inside, Status::Published) => scope.events.push(e),
                (Placement::Inside, Status::Retracted) => scope.retracted.push(e),
                (Placement::Straddles, Status::Published) => scope.straddling.push(e),
                _ => {}
            }
        }
        scope.totals = Totals::of(scope.events.iter().copied(), None);
        scope
    }

    /// Distinct values of some property of the counted events.
    fn distinct<'s>(&'s self, values: impl Fn(&'a Event) -> Vec<&'a str>) -> usize {
        let set: BTreeSet<&str> = self.events.iter().flat_map(|e| values(e)).collect();
        set.len()
    }

    pub fn platforms(&self, ds: &'a Dataset) -> usize {
        self.distinct(|e| ds.platforms_of(e))
    }

    pub fn origins(&self) -> usize {
        self.distinct(|e| e.origin.iter().map(String::as_str).collect())
    }

    pub fn disclosers(&self) -> usize {
        self.distinct(|e| vec![e.discloser.as_str()])
    }
}

/// One figure as shown in the key numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    pub display: String,
    pub value: u64,
    /// `exact`, `approx`, `at-least`, or `none` when nothing was reported.
    pub qualifier: &'static str,
}

/// The change from the previous period to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `+3 (+60%)`, `≈−120`, `≥+1,900`, `no change`, or `—` when not comparable.
    pub display: String,
    /// `up`, `down`, `same` or `unknown`.
    pub direction: &'static str,
    /// Why a change is not shown, for a tooltip and the print footnote; empty otherwise.
    pub note: String,
}

/// A row of the key numbers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyNumber {
    /// `events`, `removed`, `reach` or `content`.
    pub group: &'static str,
    pub name: String,
    pub label: String,
    pub current: Shown,
    pub previous: Shown,
    pub change: Change,
    /// Events of this period that gave only an upper bound for this figure (left out of it).
    pub upper_bound_only: usize,
}

fn count(n: usize) -> Shown {
    Shown {
        display: thousands(n as u64),
        value: n as u64,
        qualifier: "exact",
    }
}

fn total(t: &Total) -> Shown {
    Shown {
        display: t.display(),
        value: t.value,
        qualifier: match t.qualifier {
            None => "none",
            Some(TotalQualifier::Exact) => "exact",
            Some(TotalQualifier::Approx) => "approx",
            Some(TotalQualifier::AtLeast) => "at-least",
        },
    }
}

/// Totals by name, in reading order.
type Named<'t> = Vec<(&'t str, &'t Total)>;

/// The key numbers of `current` beside `previous` (an empty scope when there is no previous
/// period): counts of events, disclosers, platforms and origins, then every figure either
/// period reports.
pub fn key_numbers<'a>(
    ds: &'a Dataset,
    current: &Scope<'a>,
    previous: &Scope<'a>,
) -> Vec<KeyNumber> {
    let mut out = Vec::new();
    let counts: [(&str, &str, usize, usize); 4] = [
        (
            "events",
            "Events",
            current.events.len(),
            previous.events.len(),
        ),
        (
            "disclosers",
            "Disclosers",
            current.disclosers(),
            previous.disclosers(),
        ),
        (
            "platforms",
            "Platforms",
            current.platforms(ds),
            previous.platforms(ds),
        ),
        (
            "origins",
            "Origin countries",
            current.origins(),
            previous.origins(),
        ),
    ];
    for (name, label, now, before) in counts {
        out.push(KeyNumber {
            group: "events",
            name: name.to_string(),
            label: label.to_string(),
            current: count(now),
            previous: count(before),
            change: count_change(now as u64, before as u64),
            upper_bound_only: 0,
        });
    }
    let groups: [(&'static str, Named<'_>, Named<'_>); 3] = [
        (
            "removed",
            current.totals.removed_ordered(),
            previous.totals.removed_ordered(),
        ),
        (
            "reach",
            current.totals.reach_ordered(),
            previous.totals.reach_ordered(),
        ),
        (
            "content",
            current.totals.content_ordered(),
            previous.totals.content_ordered(),
        ),
    ];
    for (group, now, before) in groups {
        let empty = Total::default();
        let mut names: Vec<&str> = now.iter().map(|(n, _)| *n).collect();
        names.extend(
            before
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !now.iter().any(|(m, _)| m == n)),
        );
        for name in names {
            let find = |list: &[(&str, &Total)]| {
                list.iter()
                    .find(|(n, _)| *n == name)
                    .map_or(empty, |(_, t)| **t)
            };
            let (now_total, before_total) = (find(&now), find(&before));
            out.push(KeyNumber {
                group,
                name: name.to_string(),
                label: crate::records::label(name),
                current: total(&now_total),
                previous: total(&before_total),
                change: total_change(&now_total, &before_total),
                upper_bound_only: now_total.upper_bound_only,
            });
        }
    }
    out
}

fn signed(n: u64, up: bool) -> String {
    if n == 0 {
        "0".into()
    } else if up {
        format!("+{}", thousands(n))
    } else {
        format!("−{}", thousands(n))
    }
}

/// `(+60%)`, or nothing when there is no base to compare with.
fn percent(now: u64, before: u64) -> Option<String> {
    if before == 0 {
        return None;
    }
    let diff = now.abs_diff(before) as f64;
    let pct = (diff * 100.0 / before as f64).round() as u64;
    Some(format!("{}%", signed(pct, now >= before)))
}

fn direction(now: u64, before: u64) -> &'static str {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "same",
    }
}

/// The change between two exact counts.
pub fn count_change(now: u64, before: u64) -> Change {
    if now == before {
        return Change {
            display: "no change".into(),
            direction: "same",
            note: String::new(),
        };
    }
    let diff = signed(now.abs_diff(before), now > before);
    let display = match percent(now, before) {
        Some(p) => format!("{diff} ({p})"),
        None => diff,
    };
    Change {
        display,
        direction: direction(now, before),
        note: String::new(),
    }
}

fn not_comparable(note: &str) -> Change {
    Change {
        display: "—".into(),
        direction: "unknown",
        note: note.into(),
    }
}

/// The change between two totals, no more exact than they are (see the module comment).
pub fn total_change(now: &Total, before: &Total) -> Change {
    use TotalQualifier::{Approx, AtLeast, Exact};
    let (Some(q_now), Some(q_before)) = (now.qualifier, before.qualifier) else {
        return not_comparable("not reported in one of the two periods");
    };
    match (q_now, q_before) {
        (Exact, Exact) => count_change(now.value, before.value),
        (Exact | Approx, Exact | Approx) => {
            let mut change = count_change(now.value, before.value);
            if change.direction != "same" {
                change.display = match percent(now.value, before.value) {
                    Some(p) => format!(
                        "≈{} (≈{p})",
                        signed(now.value.abs_diff(before.value), now.value > before.value)
                    ),
                    None => format!("≈{}", change.display),
                };
            } else {
                change.display = "about the same".into();
            }
            change
        }
        (AtLeast, Exact) if now.value >= before.value => Change {
            display: format!("≥{}", signed(now.value - before.value, true)),
            direction: if now.value > before.value {
                "up"
            } else {
                "unknown"
            },
            note: "the current figure is a lower bound".into(),
        },
        _ => not_comparable("a lower bound cannot be compared with this figure"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::quantity::Quantity;

    fn t(parts: &[&str]) -> Total {
        let mut total = Total::default();
        for p in parts {
            total.add(&Quantity::parse_short(p).unwrap());
        }
        total
    }

    #[test]
    fn count_changes() {
        assert_eq!(count_change(5, 3).display, "+2 (+67%)");
        assert_eq!(count_change(3, 5).display, "−2 (−40%)");
        assert_eq!(count_change(4, 0).display, "+4");
        assert_eq!(count_change(2, 2).display, "no change");
        assert_eq!(count_change(1200, 100).display, "+1,100 (+1,100%)");
    }

    #[test]
    fn total_changes_keep_their_qualifier() {
        assert_eq!(total_change(&t(&["58"]), &t(&["50"])).display, "+8 (+16%)");
        assert_eq!(
            total_change(&t(&["~2600", "51"]), &t(&["50"])).display,
            "≈+2,601 (≈+5,202%)"
        );
        assert_eq!(
            total_change(&t(&[">4700"]), &t(&["2800"])).display,
            "≥+1,900"
        );
        assert_eq!(total_change(&t(&[">4700"]), &t(&["~2800"])).display, "—");
        assert_eq!(total_change(&t(&["10"]), &t(&[">20"])).display, "—");
        assert_eq!(total_change(&t(&["10"]), &t(&["<5"])).display, "—");
        assert_eq!(
            total_change(&t(&["~10"]), &t(&["10"])).display,
            "about the same"
        );
    }
}
