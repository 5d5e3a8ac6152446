//! The period's networks, one section each, laid out from the records the way platforms'
//! periodic threat reports lay out theirs: origin and targets, what was removed per platform
//! and asset type, the audience, how it was found and by whom it was disclosed, the attribution
//! in the discloser's own words with its confidence, and the records it rests on. Events filed
//! under one operation are one network; an event under none is a case of its own. A briefing's
//! author writes only the narrative around them.

use super::references::{RefLink, References};
use crate::dataset::{Dataset, Taxonomy};
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::present::views::{self, DateView, Link};
use crate::records::{Event, Measure};
use serde::Serialize;

/// The figures one network reports on one platform: `51 accounts · 36 pages · 7 groups`.
#[derive(Serialize)]
pub struct PlatformLine {
    pub platform: Link,
    pub figures: String,
}

/// One claim of who is behind a network.
#[derive(Serialize)]
pub struct AttributionView {
    /// Who made the claim (the discloser when the record names no one else).
    pub by: Link,
    /// Their own words; empty when the record gives none.
    pub wording: String,
    /// `low`, `moderate`, `high`, or empty when not stated.
    pub confidence: &'static str,
}

/// One record of a network, as a line.
#[derive(Serialize)]
pub struct NetworkEvent {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: DateView,
    pub kind_label: String,
    pub discloser: Link,
    pub refs: Vec<RefLink>,
}

/// One network or case.
#[derive(Serialize)]
pub struct NetworkView {
    /// The element id of its section: `network-1`, in order.
    pub anchor: String,
    pub name: String,
    /// The operation's page, or the event's when the network is one event.
    pub url: String,
    /// `Operation` for a named operation, else the event's kind (`Takedown`, `Report` …).
    pub label: String,
    pub origins: Vec<Link>,
    pub targets: Vec<Link>,
    pub removed: Vec<PlatformLine>,
    pub audience: Vec<PlatformLine>,
    pub content: Vec<PlatformLine>,
    /// Who disclosed it in the period, in order of first disclosure.
    pub disclosers: Vec<Link>,
    /// Who tipped the disclosers off or analysed it with them.
    pub partners: Vec<Link>,
    pub attributions: Vec<AttributionView>,
    pub actor: Option<Link>,
    pub tactics: Vec<Link>,
    /// When it was active, as the records say (`April 2018 – May 2019`); empty when unknown.
    pub active: String,
    pub events: Vec<NetworkEvent>,
}

/// The networks of the period's `events` (in date order), in order of first disclosure.
pub fn networks(
    ds: &Dataset,
    urls: &Urls,
    loc: &Locale,
    refs: &References,
    events: &[&Event],
) -> Vec<NetworkView> {
    let mut groups: Vec<(Option<&str>, Vec<&Event>)> = Vec::new();
    for e in events {
        match e.operation.as_deref() {
            Some(op) => match groups.iter_mut().find(|(key, _)| *key == Some(op)) {
                Some((_, members)) => members.push(e),
                None => groups.push((Some(op), vec![e])),
            },
            None => groups.push((None, vec![e])),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (operation, members))| network(ds, urls, loc, refs, i + 1, operation, &members))
        .collect()
}

fn network(
    ds: &Dataset,
    urls: &Urls,
    loc: &Locale,
    refs: &References,
    number: usize,
    operation: Option<&str>,
    members: &[&Event],
) -> NetworkView {
    let first = members[0];
    let (name, url, label) = match operation {
        Some(op) => (
            ds.term_name(Taxonomy::Operation, op).to_string(),
            urls.term(Taxonomy::Operation, op),
            loc.text("briefing.operation").to_string(),
        ),
        None => (
            first.title.clone(),
            urls.event(&first.id),
            views::kind_label(loc, first.kind),
        ),
    };
    let link = |taxonomy, key: &str| views::link(ds, urls, taxonomy, key);
    let org = |key: &str| Link {
        key: key.to_string(),
        name: ds.vocab.organisation_name(key).to_string(),
        url: urls.organisation(ds, key),
    };
    let mut attributions: Vec<AttributionView> = Vec::new();
    for e in members {
        let Some(a) = &e.attribution else { continue };
        let by = a.by.as_deref().unwrap_or(&e.discloser);
        let wording = a.wording.clone().unwrap_or_default();
        if attributions
            .iter()
            .any(|x| x.by.key == by && x.wording == wording)
        {
            continue;
        }
        attributions.push(AttributionView {
            by: org(by),
            wording,
            confidence: a.confidence.map(|c| c.key()).unwrap_or_default(),
        });
    }
    NetworkView {
        anchor: format!("network-{number}"),
        name,
        url,
        label,
        origins: union(members.iter().flat_map(|e| &e.origin))
            .into_iter()
            .map(|c| link(Taxonomy::Origin, c))
            .collect(),
        targets: union(members.iter().flat_map(|e| &e.targets))
            .into_iter()
            .map(|c| link(Taxonomy::Target, c))
            .collect(),
        removed: by_platform(ds, urls, loc, members, |e| &e.removed),
        audience: by_platform(ds, urls, loc, members, |e| &e.reach),
        content: by_platform(ds, urls, loc, members, |e| &e.content),
        disclosers: union(members.iter().map(|e| &e.discloser))
            .into_iter()
            .map(|d| org(d))
            .collect(),
        partners: union(members.iter().flat_map(|e| &e.partners))
            .into_iter()
            .map(|p| org(p))
            .collect(),
        attributions,
        actor: members
            .iter()
            .find_map(|e| e.actor.as_deref())
            .map(|a| link(Taxonomy::Actor, a)),
        tactics: union(members.iter().flat_map(|e| &e.tactics))
            .into_iter()
            .map(|t| Link {
                key: t.clone(),
                name: ds.vocab.tactic_label(t).to_string(),
                url: urls.term(Taxonomy::Tactic, t),
            })
            .collect(),
        active: members
            .iter()
            .find_map(|e| e.active.as_ref())
            .map(|a| loc.interval(a))
            .unwrap_or_default(),
        events: members
            .iter()
            .map(|e| NetworkEvent {
                id: e.id.clone(),
                url: urls.event(&e.id),
                title: e.title.clone(),
                date: views::date(loc, &e.date),
                kind_label: views::kind_label(loc, e.kind),
                discloser: org(&e.discloser),
                refs: refs.links(&e.id),
            })
            .collect(),
    }
}

/// The figures of `members` per platform, summed by name across the network's records, each
/// as one line; platforms in the order first reported.
fn by_platform(
    ds: &Dataset,
    urls: &Urls,
    loc: &Locale,
    members: &[&Event],
    measures: impl Fn(&Event) -> &Vec<Measure>,
) -> Vec<PlatformLine> {
    let mut platforms: Vec<&str> = Vec::new();
    for e in members {
        for m in measures(e) {
            if !platforms.contains(&m.platform.as_str()) {
                platforms.push(&m.platform);
            }
        }
    }
    platforms
        .into_iter()
        .filter_map(|p| {
            let figures = figures_text(
                loc,
                members
                    .iter()
                    .flat_map(|e| measures(e).iter())
                    .filter(|m| m.platform == p),
            );
            (!figures.is_empty()).then(|| PlatformLine {
                platform: views::link(ds, urls, Taxonomy::Platform, p),
                figures,
            })
        })
        .collect()
}

/// Figures summed by name under the qualifier rule: `51 accounts · 1 page · <10 groups`.
pub fn figures_text<'a>(loc: &Locale, measures: impl IntoIterator<Item = &'a Measure>) -> String {
    crate::dataset::totals::by_name(measures)
        .into_iter()
        .filter_map(|n| {
            let (shown, value) = views::shown(loc, &n)?;
            // A number never parts from its unit at the end of a line.
            let counted = views::counted(loc, n.name, &shown, value);
            Some(counted.replacen(&format!("{shown} "), &format!("{shown}\u{a0}"), 1))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `keys` without repeats, in order of first appearance.
fn union<'a>(keys: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut out: Vec<&String> = Vec::new();
    for k in keys {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}
