//! The records a briefing lists: the period's events as table rows, grouped by platform and by
//! origin country, and the corrections and retractions made in the period.

use super::references::{RefLink, References};
use crate::dataset::{Dataset, Taxonomy, Totals};
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::present::views::{self, DateView, Link, TotalsView};
use crate::records::date::PartialDate;
use crate::records::period::Period;
use crate::records::{Event, Measure};
use serde::Serialize;
use std::collections::BTreeMap;

/// One event in a briefing's tables.
#[derive(Serialize)]
pub struct Row {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: DateView,
    pub kind_label: String,
    pub discloser: Link,
    pub platforms: Vec<Link>,
    pub origins: Vec<Link>,
    /// Removal figures, limited to one platform in that platform's section.
    pub figures: String,
    pub refs: Vec<RefLink>,
}

/// The events of one platform or one origin country.
#[derive(Serialize)]
pub struct Section {
    /// Empty for events with no platform / no attributed origin.
    pub key: String,
    pub name: String,
    pub url: String,
    pub totals: TotalsView,
    pub rows: Vec<Row>,
}

/// An event named in passing.
#[derive(Serialize)]
pub struct EventRef {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: DateView,
}

/// A correction or retraction made in the period.
#[derive(Serialize)]
pub struct RevisionView {
    pub date: DateView,
    /// `correction` or `retraction`.
    pub kind: &'static str,
    pub note: String,
    pub event: EventRef,
    /// The record is dated before the period.
    pub earlier: bool,
}

/// Builds the lists of one briefing, linking as `urls` says and to the sources in `refs`.
pub struct Listings<'a> {
    pub ds: &'a Dataset,
    pub urls: &'a Urls,
    pub loc: &'a Locale,
    pub refs: &'a References,
}

impl Listings<'_> {
    /// An event as a table row; with `platform`, its figures are only that platform's.
    pub fn row(&self, e: &Event, platform: Option<&str>) -> Row {
        let (ds, urls) = (self.ds, self.urls);
        Row {
            id: e.id.clone(),
            url: urls.event(&e.id),
            title: e.title.clone(),
            date: views::date(self.loc, &e.date),
            kind_label: views::kind_label(self.loc, e.kind),
            discloser: views::link(ds, urls, Taxonomy::Discloser, &e.discloser),
            platforms: ds
                .platforms_of(e)
                .into_iter()
                .map(|p| views::link(ds, urls, Taxonomy::Platform, p))
                .collect(),
            origins: e
                .origin
                .iter()
                .map(|c| views::link(ds, urls, Taxonomy::Origin, c))
                .collect(),
            figures: match platform {
                Some(p) => platform_figures(self.loc, &e.removed, p),
                None => views::main_figures(self.loc, e),
            },
            refs: self.refs.links(&e.id),
        }
    }

    pub fn event_ref(&self, e: &Event) -> EventRef {
        EventRef {
            id: e.id.clone(),
            url: self.urls.event(&e.id),
            title: e.title.clone(),
            date: views::date(self.loc, &e.date),
        }
    }

    /// One section per platform the events are filed under, then one for events tied to no
    /// platform (research reports); each platform's totals count only its own figures.
    pub fn by_platform(&self, events: &[&Event]) -> Vec<Section> {
        let ds = self.ds;
        let platforms = |e: &Event| -> Vec<String> {
            ds.platforms_of(e).into_iter().map(String::from).collect()
        };
        groups(events, platforms)
            .into_iter()
            .map(|(key, members)| {
                let platform = (!key.is_empty()).then_some(key.as_str());
                Section {
                    name: match platform {
                        Some(p) => ds.term_name(Taxonomy::Platform, p).to_string(),
                        None => self.loc.text("briefing.not_tied").to_string(),
                    },
                    url: platform
                        .map_or_else(String::new, |p| self.urls.term(Taxonomy::Platform, p)),
                    totals: views::totals(self.loc, &Totals::of(members.iter().copied(), platform)),
                    rows: members.iter().map(|e| self.row(e, platform)).collect(),
                    key,
                }
            })
            .collect()
    }

    /// One section per origin country, then one for unattributed events.
    pub fn by_origin(&self, events: &[&Event]) -> Vec<Section> {
        let ds = self.ds;
        groups(events, |e| e.origin.clone())
            .into_iter()
            .map(|(key, members)| Section {
                name: if key.is_empty() {
                    self.loc.text("rows.unattributed").to_string()
                } else {
                    ds.term_name(Taxonomy::Origin, &key).to_string()
                },
                url: if key.is_empty() {
                    String::new()
                } else {
                    self.urls.term(Taxonomy::Origin, &key)
                },
                totals: views::totals(self.loc, &Totals::of(members.iter().copied(), None)),
                rows: members.iter().map(|e| self.row(e, None)).collect(),
                key,
            })
            .collect()
    }

    /// Corrections and retractions dated in the period, to any record in this build, by date.
    /// Revisions are not indexed by date, so this reads every event once; briefings are few.
    pub fn revisions(&self, period: &Period) -> Vec<RevisionView> {
        let mut out: Vec<(PartialDate, RevisionView)> = Vec::new();
        for e in &self.ds.events {
            let earlier = e.date.last_day() < period.start;
            let changes = e
                .revisions
                .iter()
                .map(|r| (r.date, "correction", &r.note))
                .chain(
                    e.retraction
                        .iter()
                        .map(|r| (r.date, "retraction", &r.reason)),
                );
            for (date, kind, note) in changes {
                if period.contains(&date) {
                    let view = RevisionView {
                        date: views::date(self.loc, &date),
                        kind,
                        note: note.clone(),
                        event: self.event_ref(e),
                        earlier,
                    };
                    out.push((date, view));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.event.id.cmp(&b.1.event.id)));
        out.into_iter().map(|(_, r)| r).collect()
    }
}

/// Group `events` by `keys` (an event with none goes under the empty key, listed last); groups
/// with more events first, then by key.
fn groups<'a>(
    events: &[&'a Event],
    keys: impl Fn(&Event) -> Vec<String>,
) -> Vec<(String, Vec<&'a Event>)> {
    let mut groups: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
    for e in events {
        let ks = keys(e);
        if ks.is_empty() {
            groups.entry(String::new()).or_default().push(e);
        }
        for k in ks {
            groups.entry(k).or_default().push(e);
        }
    }
    let mut out: Vec<(String, Vec<&Event>)> = groups.into_iter().collect();
    out.sort_by(|a, b| {
        (a.0.is_empty(), std::cmp::Reverse(a.1.len()), &a.0).cmp(&(
            b.0.is_empty(),
            std::cmp::Reverse(b.1.len()),
            &b.0,
        ))
    });
    out
}

/// The removal figures an event reports for one platform: `51 accounts · 36 pages`.
fn platform_figures(loc: &Locale, measures: &[Measure], platform: &str) -> String {
    crate::dataset::totals::by_name(measures.iter().filter(|m| m.platform == platform))
        .into_iter()
        .filter_map(|n| {
            let (shown, value) = views::shown(loc, &n)?;
            // A number never parts from its unit at the end of a line.
            let counted = views::counted(loc, n.name, &shown, value);
            Some(counted.replacen(&format!("{shown} "), &format!("{shown}\u{a0}"), 1))
        })
        .take(3)
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::quantity::Quantity;

    fn m(platform: &str, name: &str, q: &str) -> Measure {
        Measure {
            platform: platform.into(),
            name: name.into(),
            quantity: Quantity::parse_short(q).unwrap(),
        }
    }

    #[test]
    fn figures_of_one_platform() {
        let measures = [
            m("facebook", "accounts", "51"),
            m("facebook", "pages", "1"),
            m("instagram", "accounts", "3"),
            m("facebook", "groups", "<10"),
        ];
        assert_eq!(
            platform_figures(&Locale::english(), &measures, "facebook"),
            "51\u{a0}accounts · 1\u{a0}page · <10\u{a0}groups"
        );
        assert_eq!(
            platform_figures(&Locale::english(), &measures, "instagram"),
            "3\u{a0}accounts"
        );
        assert_eq!(
            platform_figures(&Locale::english(), &measures, "twitter"),
            ""
        );
    }
}
