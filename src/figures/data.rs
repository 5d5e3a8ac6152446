//! The numbers behind a figure: events filtered, grouped along `x` and into series, and summed
//! by the one qualifier rule ([`Total`]). Drawing and tables read only what is computed here.

use super::spec::{Chart, Dimension, FigureGroup, FigureSpec, Measure};
use crate::dataset::{Dataset, Taxonomy};
use crate::records::date::PartialDate;
use crate::records::quantity::{Total, TotalQualifier};
use crate::records::{Event, EventKind};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Most series a chart keeps apart; the smallest of the rest are folded into "Other" so that
/// colours stay tellable apart.
pub const MAX_SERIES: usize = 8;

/// Key of the group that collects what `top` (or [`MAX_SERIES`]) leaves out.
pub const OTHER: &str = "other";

/// One bar, column, line or lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The value (`IR`, `2019-Q2`, `facebook`); empty for events with no value (unattributed);
    /// [`OTHER`] for the folded rest.
    pub key: String,
    pub label: String,
    /// The platform's chart colour, when the group is a platform that has one.
    pub color: Option<String>,
}

impl Group {
    pub fn is_other(&self) -> bool {
        self.key == OTHER
    }
}

/// One event on a timeline: where it lies in time (its whole span when the date is a month or
/// a year) and in which lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub lane: usize,
    pub first: Date,
    pub last: Date,
    /// Colour of the event's first platform.
    pub color: Option<String>,
}

/// What a figure counts and what it had to leave out, for captions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Published events that passed `where` and `period`.
    pub matched: usize,
    /// Of those, events whose only figures for `y` are upper bounds (`<100`): not summed.
    pub upper_bound_only: usize,
    /// Events that report no figure for `y` at all.
    pub no_figure: usize,
    /// Events whose date is too coarse for `x` (dated 2019, charted by quarter).
    pub imprecise: usize,
    /// Some event falls into more than one group along `x` (two origins, two platforms).
    pub shared_x: bool,
    pub shared_series: bool,
    /// Groups folded into "Other".
    pub folded_x: usize,
    pub folded_series: usize,
}

/// The grouped numbers of one figure in one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureData {
    pub x: Vec<Group>,
    /// Empty when the figure has no series.
    pub series: Vec<Group>,
    /// `cells[x][series]`; one column when there is no series.
    pub cells: Vec<Vec<Total>>,
    /// Per `x` group across all series, each event counted once.
    pub rows: Vec<Total>,
    /// Across everything shown, each event counted once.
    pub overall: Total,
    pub notes: Notes,
    /// Timeline marks, in date order (empty for other charts).
    pub marks: Vec<Mark>,
    /// Timeline: the platforms that colour its marks, when the lanes are not platforms.
    pub platforms: Vec<Group>,
    /// Timeline: the first and last day of the axis.
    pub span: Option<(Date, Date)>,
}

impl FigureData {
    /// Nothing to draw: no event matched, or none reported a figure.
    pub fn is_empty(&self) -> bool {
        self.overall.qualifier.is_none()
    }

    pub fn series_count(&self) -> usize {
        self.series.len().max(1)
    }
}

/// A group key for an event, before `top` folding.
type Keys = Vec<String>;

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

    // Pass 2: sum each event once into every slot it falls in.
    let columns = s_groups.len().max(1);
    let mut cells = vec![vec![Total::default(); columns]; x_groups.len()];
    let mut row_totals = vec![Total::default(); x_groups.len()];
    let mut overall = Total::default();
    for (e, xs, ss) in &rows {
        let xgroups = slot_members(xs, &x_slot);
        let sgroups = slot_members(ss, &s_slot);
        notes.shared_x |= xgroups.len() > 1;
        notes.shared_series |= sgroups.len() > 1;
        for (xi, xkeys) in &xgroups {
            let x_only = platform_set(spec.x, xkeys);
            for (si, skeys) in &sgroups {
                let s_only = series_dim.and_then(|d| platform_set(d, skeys));
                let t = contribution(e, &spec.y, &|p| {
                    allowed(p, platform_filter, x_only.as_deref(), s_only.as_deref())
                });
                cells[*xi][*si].merge(&t);
            }
            let t = contribution(e, &spec.y, &|p| {
                allowed(p, platform_filter, x_only.as_deref(), None)
            });
            row_totals[*xi].merge(&t);
        }
        let t = contribution(e, &spec.y, &|p| allowed(p, platform_filter, None, None));
        overall.merge(&t);
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
    }
}

/// The series of a spec; a timeline's lanes are platforms unless it says otherwise.
pub fn series_dimension(spec: &FigureSpec) -> Option<Dimension> {
    match (spec.chart, spec.series) {
        (Chart::Timeline, None) => Some(Dimension::Platform),
        (_, s) => s,
    }
}

/// What one event adds to a group: 1 for `events`, else its figures for `y` on the platforms
/// `allow` lets through, summed by the qualifier rule.
fn contribution(e: &Event, y: &Measure, allow: &dyn Fn(&str) -> bool) -> Total {
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
            let mut t = Total::default();
            for (list, g) in lists {
                if group.is_some_and(|want| want != g) {
                    continue;
                }
                for m in list
                    .iter()
                    .filter(|m| m.name == *name && allow(&m.platform))
                {
                    t.add(&m.quantity);
                }
            }
            if t.qualifier.is_some() {
                t.events = 1;
            }
            // Count upper-bound-only events, not figures, so captions speak of events.
            t.upper_bound_only = usize::from(t.qualifier.is_none() && t.upper_bound_only > 0);
            t
        }
    }
}

fn allowed(
    platform: &str,
    filter: Option<&[String]>,
    x: Option<&[String]>,
    series: Option<&[String]>,
) -> bool {
    [filter, x, series]
        .iter()
        .all(|set| set.is_none_or(|s| s.iter().any(|p| p == platform)))
}

fn platform_set(d: Dimension, keys: &[String]) -> Option<Vec<String>> {
    (d == Dimension::Platform).then(|| keys.to_vec())
}

/// Empty lists become one "none" group so unattributed events are shown, not dropped.
fn or_none(mut keys: Keys) -> Keys {
    if keys.is_empty() {
        keys.push(String::new());
    }
    keys
}

/// The values of `d` for an event. Time values are empty when the date is too coarse.
pub fn values(ds: &Dataset, d: Dimension, e: &Event) -> Keys {
    match d {
        Dimension::Year => vec![format!("{:04}", e.date.year)],
        Dimension::Quarter => e
            .date
            .month
            .map(|m| format!("{:04}-Q{}", e.date.year, (m - 1) / 3 + 1))
            .into_iter()
            .collect(),
        Dimension::Month => e
            .date
            .month
            .map(|m| format!("{:04}-{m:02}", e.date.year))
            .into_iter()
            .collect(),
        Dimension::Platform => ds.platforms_of(e).into_iter().map(String::from).collect(),
        Dimension::Discloser => vec![e.discloser.clone()],
        Dimension::Origin => e.origin.clone(),
        Dimension::Target => e.targets.clone(),
        Dimension::Actor => e.actor.iter().cloned().collect(),
        Dimension::Operation => e.operation.iter().cloned().collect(),
        Dimension::Tactic => e.tactics.clone(),
        Dimension::Kind => vec![e.kind.key().to_string()],
    }
}

/// Keep the `top` largest groups (by sum, then name); return them and the folded rest.
fn rank(
    ds: &Dataset,
    d: Dimension,
    sizes: &BTreeMap<String, Total>,
    top: Option<usize>,
) -> (Keys, Keys) {
    let mut keys: Vec<(&String, &Total)> = sizes.iter().collect();
    keys.sort_by(|(ka, a), (kb, b)| {
        let reported = |t: &Total| t.qualifier.is_some();
        reported(b)
            .cmp(&reported(a))
            .then(b.value.cmp(&a.value))
            .then_with(|| label(ds, d, ka).cmp(&label(ds, d, kb)))
            .then(ka.cmp(kb))
    });
    let keys: Keys = keys.into_iter().map(|(k, _)| k.clone()).collect();
    match top {
        // Folding a single group into "Other" only hides its name.
        Some(n) if keys.len() > n + 1 => {
            let (kept, rest) = keys.split_at(n);
            (kept.to_vec(), rest.to_vec())
        }
        _ => (keys, Vec::new()),
    }
}

/// Every period between the first and last key (or the spec's period), so gaps show as gaps.
fn time_range<'k>(spec: &FigureSpec, keys: impl Iterator<Item = &'k String>) -> Keys {
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

/// Slot of every key: kept keys in order, then one "Other" slot for the folded ones.
fn slots(kept: &[String], folded: &[String]) -> BTreeMap<String, usize> {
    let mut map: BTreeMap<String, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    for k in folded {
        map.insert(k.clone(), kept.len());
    }
    map
}

/// The slots an event's keys fall into, each with the keys that put it there.
fn slot_members(keys: &[String], slot: &BTreeMap<String, usize>) -> BTreeMap<usize, Keys> {
    let mut out: BTreeMap<usize, Keys> = BTreeMap::new();
    for k in keys {
        if let Some(&i) = slot.get(k) {
            out.entry(i).or_default().push(k.clone());
        }
    }
    out
}

fn groups(ds: &Dataset, d: Dimension, keys: &[String], folded: usize) -> Vec<Group> {
    let mut out: Vec<Group> = keys
        .iter()
        .map(|k| Group {
            key: k.clone(),
            label: label(ds, d, k),
            color: (d == Dimension::Platform)
                .then(|| ds.vocab.organisations.get(k).and_then(|o| o.color.clone()))
                .flatten(),
        })
        .collect();
    if folded > 0 {
        out.push(Group {
            key: OTHER.into(),
            label: "Other".into(),
            color: None,
        });
    }
    out
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
        Dimension::Platform => ds.term_name(Taxonomy::Platform, key).to_string(),
        Dimension::Discloser => ds.term_name(Taxonomy::Discloser, key).to_string(),
        Dimension::Origin => ds.term_name(Taxonomy::Origin, key).to_string(),
        Dimension::Target => ds.term_name(Taxonomy::Target, key).to_string(),
        Dimension::Actor => ds.term_name(Taxonomy::Actor, key).to_string(),
        Dimension::Operation => ds.term_name(Taxonomy::Operation, key).to_string(),
        Dimension::Tactic => ds.term_name(Taxonomy::Tactic, key).to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One mark per event and lane, coloured by the event's first platform.
fn timeline(
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
fn mark_platforms(ds: &Dataset, events: &[&Event]) -> Vec<Group> {
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
fn time_span(spec: &FigureSpec, marks: &[Mark]) -> Option<(Date, Date)> {
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

/// Is a total less than exact? Such bars are marked "≈" or "≥".
pub fn is_inexact(t: &Total) -> bool {
    t.qualifier
        .is_some_and(|q| q != crate::records::quantity::TotalQualifier::Exact)
}
