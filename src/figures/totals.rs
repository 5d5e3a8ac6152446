//! What one event adds to a total, summed by the qualifier rule, and whether a total is exact.

use crate::records::figure::{Dimension, FigureGroup, Measure};
use crate::records::quantity::Total;
use crate::records::Event;

/// What one event adds to a group: 1 for `events`, else its figures for `y` on the platforms
/// `allow` lets through, summed by the qualifier rule.
pub fn contribution(e: &Event, y: &Measure, allow: &dyn Fn(&str) -> bool) -> Total {
    match y {
        Measure::Events => {
            let mut t = Total::default();
            t.add(&crate::records::quantity::Quantity::exact(1));
            t.events = 1;
            t
        }
        Measure::Figure { group, name } => {
            let lists: [(&[crate::records::Measure], FigureGroup); 3] = [
                (&e.removed, FigureGroup::Removed),
                (&e.reach, FigureGroup::Reach),
                (&e.content, FigureGroup::Content),
            ];
            let chosen = lists
                .into_iter()
                .filter(|(_, g)| group.is_none_or(|want| want == *g))
                .flat_map(|(list, _)| list.iter())
                .filter(|m| m.name == *name && allow(&m.platform));
            let mut t = crate::dataset::totals::sum(chosen);
            if t.qualifier.is_some() {
                t.events = 1;
            }
            // Count upper-bound-only events, not figures, so captions speak of events.
            t.upper_bound_only = usize::from(t.qualifier.is_none() && t.upper_bound_only > 0);
            t
        }
    }
}

pub fn allowed(
    platform: &str,
    filter: Option<&[String]>,
    x: Option<&[String]>,
    series: Option<&[String]>,
) -> bool {
    [filter, x, series]
        .iter()
        .all(|set| set.is_none_or(|s| s.iter().any(|p| p == platform)))
}

pub fn platform_set(d: Dimension, keys: &[String]) -> Option<Vec<String>> {
    (d == Dimension::Platform).then(|| keys.to_vec())
}

/// Is a total less than exact? Such bars are marked "≈" or "≥".
pub fn is_inexact(t: &Total) -> bool {
    t.qualifier
        .is_some_and(|q| q != crate::records::quantity::TotalQualifier::Exact)
}
