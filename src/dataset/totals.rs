//! Totals of a set of events, by the one qualifier rule (see [`crate::records::quantity::Total`]),
//! and the one way one event's figures are summed by name ([`by_name`], [`sum`]).

use crate::records::quantity::{Quantity, Total};
use crate::records::{Event, Measure, USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
use std::collections::BTreeMap;

/// Figures of one name, summed: `accounts` on Facebook and on Instagram add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByName<'a> {
    pub name: &'a str,
    pub total: Total,
    /// The figure itself when only one has this name: it keeps its own form (`<100`,
    /// `100–200`), which a total of one cannot show.
    pub single: Option<&'a Quantity>,
}

impl ByName<'_> {
    /// How the sum is shown: a single figure as written, else the total; `None` when the only
    /// figures are upper bounds, which cannot be summed.
    pub fn shown(&self) -> Option<String> {
        match self.single {
            Some(q) => Some(q.display()),
            None => self.total.qualifier.map(|_| self.total.display()),
        }
    }
}

/// `measures` summed per name by the qualifier rule, in the order each name is first written.
pub fn by_name<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> Vec<ByName<'a>> {
    let mut names: Vec<ByName<'a>> = Vec::new();
    for m in measures {
        match names.iter_mut().find(|n| n.name == m.name) {
            Some(n) => {
                n.total.add(&m.quantity);
                n.single = None;
            }
            None => {
                let mut total = Total::default();
                total.add(&m.quantity);
                names.push(ByName {
                    name: &m.name,
                    total,
                    single: Some(&m.quantity),
                });
            }
        }
    }
    names
}

/// `measures` summed by the qualifier rule, whatever their names.
pub fn sum<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> Total {
    let mut total = Total::default();
    for m in measures {
        total.add(&m.quantity);
    }
    total
}

/// Sums of every figure of a set of events, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Events counted (published, not retracted, not draft).
    pub events: usize,
    pub removed: BTreeMap<String, Total>,
    pub reach: BTreeMap<String, Total>,
    pub content: BTreeMap<String, Total>,
}

impl Totals {
    /// Totals of `events`, counting only the figures of `platform` when one is given.
    pub fn of<'a>(events: impl IntoIterator<Item = &'a Event>, platform: Option<&str>) -> Totals {
        let mut totals = Totals::default();
        for event in events {
            totals.add(event, platform);
        }
        totals
    }

    pub fn add(&mut self, event: &Event, platform: Option<&str>) {
        if !event.counts() {
            return;
        }
        self.events += 1;
        add_measures(&mut self.removed, &event.removed, platform);
        add_measures(&mut self.reach, &event.reach, platform);
        add_measures(&mut self.content, &event.content, platform);
    }

    /// Removal totals in reading order: usual assets first (accounts, pages, …), then the rest.
    pub fn removed_ordered(&self) -> Vec<(&str, &Total)> {
        ordered(&self.removed, &USUAL_ASSETS)
    }

    pub fn reach_ordered(&self) -> Vec<(&str, &Total)> {
        ordered(&self.reach, &USUAL_METRICS)
    }

    pub fn content_ordered(&self) -> Vec<(&str, &Total)> {
        ordered(&self.content, &USUAL_UNITS)
    }
}

/// Add one event's figures, grouped by name first so each total also counts the events behind
/// it. An event reporting accounts on two platforms adds both: they are different accounts.
fn add_measures(into: &mut BTreeMap<String, Total>, measures: &[Measure], platform: Option<&str>) {
    let chosen = measures
        .iter()
        .filter(|m| platform.is_none_or(|p| m.platform == p));
    for ByName {
        name, mut total, ..
    } in by_name(chosen)
    {
        // Count events, not figures: an event adds to the sum, or else (when all it gave for
        // this name was `<n`) to the events that reported only an upper bound.
        total.events = usize::from(total.parts > 0);
        total.upper_bound_only = usize::from(total.parts == 0 && total.upper_bound_only > 0);
        into.entry(name.to_string()).or_default().merge(&total);
    }
}

fn ordered<'a>(map: &'a BTreeMap<String, Total>, usual: &[&str]) -> Vec<(&'a str, &'a Total)> {
    let mut out: Vec<(&str, &Total)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    out.sort_by_key(|(name, _)| {
        (
            usual.iter().position(|u| u == name).unwrap_or(usize::MAX),
            *name,
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::quantity::Quantity;
    use crate::records::Measure;

    fn measure(platform: &str, name: &str, q: &str) -> Measure {
        Measure {
            platform: platform.into(),
            name: name.into(),
            quantity: Quantity::parse_short(q).unwrap(),
        }
    }

    #[test]
    fn counts_events_not_figures() {
        let mut totals = Totals::default();
        let mut into = BTreeMap::new();
        // One event with accounts on two platforms, one with only an upper bound.
        add_measures(
            &mut into,
            &[
                measure("facebook", "accounts", "51"),
                measure("instagram", "accounts", "3"),
            ],
            None,
        );
        add_measures(&mut into, &[measure("twitter", "accounts", "<100")], None);
        totals.removed = into;
        let accounts = &totals.removed["accounts"];
        assert_eq!(accounts.display(), "54");
        assert_eq!(accounts.events, 1);
        assert_eq!(accounts.upper_bound_only, 1);
        assert_eq!(accounts.parts, 2);
    }

    #[test]
    fn platform_filter_keeps_only_that_platform() {
        let mut into = BTreeMap::new();
        add_measures(
            &mut into,
            &[
                measure("facebook", "accounts", "51"),
                measure("instagram", "accounts", "3"),
            ],
            Some("instagram"),
        );
        assert_eq!(into["accounts"].display(), "3");
    }
}
