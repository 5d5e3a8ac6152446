//! A figure's numbers ([`FigureData`]) and [`compute`], which selects, groups and sums its events.

use super::fold::{groups, rank, slot_members, slots};
pub use super::grouped::{FigureData, Focus, Group, Mark, Notes, MAX_SERIES, OTHER, SEVERAL};
use super::keys::{or_none, plural, time_range, values, Keys};
use super::marks::{mark_platforms, time_span, timeline};
use super::totals::{allowed, contribution, platform_set};
use crate::dataset::Dataset;
use crate::records::figure::{Chart, Dimension, FigureSpec, Measure};
use crate::records::quantity::{Total, TotalQualifier};
use crate::records::Event;
use std::collections::BTreeMap;

/// Group `candidates` (events of the scope, in date order) as `spec` asks.
pub fn compute<'a>(
    spec: &FigureSpec,
    ds: &'a Dataset,
    candidates: impl Iterator<Item = &'a Event>,
) -> FigureData {
    let series_dim = series_dimension(spec);
    let platform_filter: Option<&[String]> = spec
        .filters
        .iter()
        .find(|f| f.dimension == Dimension::Platform)
        .map(|f| f.values.as_slice());

    // Pass 1: the events that count, their keys, and each key's size for ranking.
    let mut notes = Notes::default();
    let mut rows: Vec<(&Event, Keys, Keys)> = Vec::new();
    let mut x_size: BTreeMap<String, Total> = BTreeMap::new();
    let mut s_size: BTreeMap<String, Total> = BTreeMap::new();
    let mut dated: Vec<&Event> = Vec::new();
    for e in candidates {
        if !e.counts() || !spec.period.as_ref().is_none_or(|p| p.contains(&e.date)) {
            continue;
        }
        if !spec.filters.iter().all(|f| {
            values(ds, f.dimension, e)
                .iter()
                .any(|v| f.values.contains(v))
        }) {
            continue;
        }
        notes.matched += 1;
        dated.push(e);
        let whole = contribution(e, &spec.y, &|p| allowed(p, platform_filter, None, None));
        if whole.qualifier.is_none() {
            if whole.upper_bound_only > 0 {
                notes.upper_bound_only += 1;
            } else {
                notes.no_figure += 1;
            }
        }
        let xs = values(ds, spec.x, e);
        if xs.is_empty() && spec.x.is_time() {
            notes.imprecise += 1;
            continue;
        }
        let ss = series_dim.map_or_else(|| vec![String::new()], |d| or_none(values(ds, d, e)));
        let xs = or_none(xs);
        for k in &xs {
            let only = (spec.x == Dimension::Platform).then(|| std::slice::from_ref(k));
            let t = contribution(e, &spec.y, &|p| allowed(p, platform_filter, only, None));
            x_size.entry(k.clone()).or_default().merge(&t);
        }
        if let Some(d) = series_dim {
            for k in &ss {
                let only = (d == Dimension::Platform).then(|| std::slice::from_ref(k));
                let t = contribution(e, &spec.y, &|p| allowed(p, platform_filter, only, None));
                s_size.entry(k.clone()).or_default().merge(&t);
            }
        }
        rows.push((e, xs, ss));
    }

    // Order and fold the groups.
    let (x_groups, x_slot) = if spec.x.is_time() {
        let keys = time_range(spec, x_size.keys());
        (groups(ds, spec.x, &keys, 0), slots(&keys, &[]))
    } else {
        let (kept, folded) = rank(ds, spec.x, &x_size, spec.top);
        notes.folded_x = folded.len();
        (
            groups(ds, spec.x, &kept, folded.len()),
            slots(&kept, &folded),
        )
    };
    let (s_groups, s_slot) = match series_dim {
        None => (Vec::new(), slots(&[String::new()], &[])),
        Some(d) if d.is_time() => {
            let keys = time_range(spec, s_size.keys());
            (groups(ds, d, &keys, 0), slots(&keys, &[]))
        }
        Some(d) => {
            let limit = (s_size.len() > MAX_SERIES).then_some(MAX_SERIES - 1);
            let (kept, folded) = rank(ds, d, &s_size, limit);
            notes.folded_series = folded.len();
            (groups(ds, d, &kept, folded.len()), slots(&kept, &folded))
        }
    };

    // A stack adds its segments, so an event must lie in one segment only: one that falls
    // under several series goes into a "Several …" segment of its own. A figure given per
    // platform splits cleanly between platforms and needs none.
    let stacks_once = spec.chart == Chart::StackedBar
        && series_dim.is_some_and(|d| d != Dimension::Platform || spec.y == Measure::Events);
    let mut s_groups = s_groups;
    // The segment is dropped again below when no event went into it.
    let several = match series_dim {
        Some(d) if stacks_once => {
            s_groups.push(Group {
                key: SEVERAL.into(),
                label: format!("Several {}", plural(d)),
                color: None,
            });
            Some(s_groups.len() - 1)
        }
        _ => None,
    };

    // Pass 2: sum each event once into every slot it falls in.
    let columns = s_groups.len().max(1);
    // Series some event was counted in (with a figure or not).
    let mut counted = vec![false; columns];
    let mut cells = vec![vec![Total::default(); columns]; x_groups.len()];
    let mut row_totals = vec![Total::default(); x_groups.len()];
    let mut overall = Total::default();
    for (e, xs, ss) in &rows {
        let xgroups = slot_members(xs, &x_slot);
        let sgroups = slot_members(ss, &s_slot);
        notes.shared_x |= xgroups.len() > 1;
        notes.shared_series |= sgroups.len() > 1;
        let in_several = several.filter(|_| sgroups.len() > 1);
        if in_several.is_some() && !xgroups.is_empty() {
            notes.several += 1;
        }
        for (xi, xkeys) in &xgroups {
            let x_only = platform_set(spec.x, xkeys);
            if let Some(si) = in_several {
                let t = contribution(e, &spec.y, &|p| {
                    allowed(p, platform_filter, x_only.as_deref(), None)
                });
                cells[*xi][si].merge(&t);
                counted[si] = true;
            } else {
                for (si, skeys) in &sgroups {
                    let s_only = series_dim.and_then(|d| platform_set(d, skeys));
                    let t = contribution(e, &spec.y, &|p| {
                        allowed(p, platform_filter, x_only.as_deref(), s_only.as_deref())
                    });
                    cells[*xi][*si].merge(&t);
                    counted[*si] = true;
                }
            }
            let t = contribution(e, &spec.y, &|p| {
                allowed(p, platform_filter, x_only.as_deref(), None)
            });
            row_totals[*xi].merge(&t);
        }
        let t = contribution(e, &spec.y, &|p| allowed(p, platform_filter, None, None));
        overall.merge(&t);
    }

    if several.is_some() {
        // Series whose every event went into "Several …" have nothing left to show, nor has
        // "Several …" when no event falls under two series.
        let keep = counted;
        let mut kept = keep.iter();
        s_groups.retain(|_| *kept.next().unwrap_or(&true));
        for row in &mut cells {
            let mut kept = keep.iter();
            row.retain(|_| *kept.next().unwrap_or(&true));
        }
    }

    if spec.y == Measure::Events {
        // No events is a count of zero, not a figure nobody reported.
        for t in cells.iter_mut().flatten().chain(&mut row_totals) {
            if t.qualifier.is_none() {
                t.qualifier = Some(TotalQualifier::Exact);
            }
        }
    }

    let lanes = series_dim.unwrap_or(Dimension::Platform);
    let (marks, platforms, span) = if spec.chart == Chart::Timeline {
        let marks = timeline(ds, lanes, &dated, &s_slot);
        let platforms = if lanes == Dimension::Platform {
            Vec::new()
        } else {
            mark_platforms(ds, &dated)
        };
        let span = time_span(spec, &marks);
        (marks, platforms, span)
    } else {
        (Vec::new(), Vec::new(), None)
    };
    FigureData {
        x: x_groups,
        series: s_groups,
        cells,
        rows: row_totals,
        overall,
        notes,
        marks,
        platforms,
        span,
        focus: None,
    }
}

/// The series of a spec; a timeline's lanes are platforms unless it says otherwise.
pub fn series_dimension(spec: &FigureSpec) -> Option<Dimension> {
    match (spec.chart, spec.series) {
        (Chart::Timeline, None) => Some(Dimension::Platform),
        (_, s) => s,
    }
}
