//! `/data/events.stix.json`: the tracker as a STIX 2.1 bundle, for threat-intelligence
//! platforms (OpenCTI, MISP's STIX import, anything built on the `stix2` library).
//!
//! Each record is a `report` whose `object_refs` name the discloser (`identity`), the actor
//! (`intrusion-set`), the operation (`campaign`), origin and target countries (`location`),
//! DISARM techniques (`attack-pattern`, `external_id` `T0143.003`) and the relationships
//! between them (the operation `uses` a technique, `targets` a country, `originates-from` one,
//! is `attributed-to` the actor). Sources are `external_references`, each archived copy one of
//! its own. What STIX has no property for (every figure with its qualifier, the record's kind,
//! status, attribution wording) is in docket's property extension, defined in the bundle by an
//! `extension-definition` (STIX 2.1 section 7.3) and documented in docs/data.md.
//!
//! Identifiers are UUIDv5 ([`super::ids`]); timestamps come from the records (the day a record
//! first appeared, else its announcement date; its latest revision or retraction), never the
//! clock. Retracted records stay in, `revoked`, so that tools that imported them drop them.

use super::ids::{self, SHARED};
use super::json::{quantity, to_vec};
use super::Meta;
use crate::dataset::{Dataset, Taxonomy};
use crate::escape::uri::uri;
use crate::present::urls::folder;
use crate::records::date::PartialDate;
use crate::records::{Confidence, Event, Measure, Status};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The id of docket's property extension: fixed, the same in every tracker's bundle.
pub const EXTENSION_ID: &str = "extension-definition--5c1d3e0f-6a8b-4f2e-9b47-2d8e1a6c0f35";
/// The identity that defines the extension: the docket project.
const DOCKET_IDENTITY: &str = "identity--0b4e7a3c-91d2-4f6b-8e15-7a2c9d3f6e01";
/// When the extension's current version was defined.
const EXTENSION_DEFINED: &str = "2026-01-01T00:00:00.000Z";
const EXTENSION_VERSION: &str = "1.0.0";

/// A moment as STIX writes it: UTC, to the millisecond.
fn stamp(date: &PartialDate) -> String {
    format!("{}T00:00:00.000Z", date.first_day())
}

/// The bounds of when something was first and last stated: an object made from several
/// records is created with the first and modified with the last.
#[derive(Clone, Copy)]
struct Span {
    created: PartialDate,
    modified: PartialDate,
}

impl Span {
    fn widen(&mut self, other: Span) {
        if other.created.first_day() < self.created.first_day() {
            self.created = other.created;
        }
        if other.modified.first_day() > self.modified.first_day() {
            self.modified = other.modified;
        }
    }
}

/// When a record was first stated (the day it first appeared, else the day it was announced)
/// and last changed (its latest revision or retraction, never before it was created).
fn span(ds: &Dataset, e: &Event) -> Span {
    let created = ds.first_seen(e).unwrap_or(e.date);
    let mut modified = created;
    let changes = e
        .revisions
        .iter()
        .map(|r| r.date)
        .chain(e.retraction.as_ref().map(|r| r.date));
    for date in changes {
        if date.first_day() > modified.first_day() {
            modified = date;
        }
    }
    Span { created, modified }
}

/// Drop null members and empty lists, which STIX does not allow, at every depth.
fn prune(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| (k, prune(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(prune).collect()),
        other => other,
    }
}

/// The shared properties of an object.
fn common(kind: &str, id: &str, span: Span, by: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("spec_version".into(), json!("2.1"));
    m.insert("id".into(), json!(id));
    m.insert("created_by_ref".into(), json!(by));
    m.insert("created".into(), json!(stamp(&span.created)));
    m.insert("modified".into(), json!(stamp(&span.modified)));
    m
}

fn object(mut base: Map<String, Value>, more: Value) -> Value {
    if let Value::Object(more) = more {
        base.extend(more);
    }
    prune(Value::Object(base))
}

/// STIX's confidence scale for low / moderate / high (STIX 2.1 appendix A, "Low/Med/High").
fn confidence(c: Confidence) -> u8 {
    match c {
        Confidence::Low => 15,
        Confidence::Moderate => 50,
        Confidence::High => 85,
    }
}

/// A DISARM technique as an `attack-pattern`; `phase` is its DISARM tactic's name
/// (`develop-content`) when known, and left out rather than guessed when not.
pub fn attack_pattern(
    id: &str,
    technique: &str,
    phase: Option<&str>,
    span: (&str, &str),
    by: &str,
    used_for: &[&str],
) -> Value {
    let description = if used_for.is_empty() {
        format!("DISARM technique {technique}.")
    } else {
        format!(
            "DISARM technique {technique}, recorded in this tracker as: {}.",
            used_for.join("; ")
        )
    };
    prune(json!({
        "type": "attack-pattern",
        "spec_version": "2.1",
        "id": id,
        "created_by_ref": by,
        "created": span.0,
        "modified": span.1,
        "name": technique,
        "description": description,
        "external_references": [{
            "source_name": "DISARM",
            "external_id": technique,
            "url": format!("https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{technique}.md"),
        }],
        "kill_chain_phases": phase.map(|p| vec![json!({"kill_chain_name": "disarm", "phase_name": p})]),
    }))
}

/// The kill chain phase of a DISARM technique, as OpenCTI's DISARM connector names it (its
/// tactic's name in lower case, words joined by hyphens: `develop-content`), when the site
/// pinned a framework that says which tactic the technique serves.
fn kill_chain_phase(ds: &Dataset, technique: &str) -> Option<String> {
    let framework = ds.vocab.disarm.as_ref()?;
    let tactic = framework.techniques.get(technique)?.tactic.as_ref()?;
    let name = framework.tactics.get(tactic)?;
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// Everything the bundle names besides the records, with ids worked out once.
struct Shared<'a> {
    ds: &'a Dataset,
    scope: String,
    tracker: String,
    organisations: BTreeMap<&'a str, Span>,
    countries: BTreeMap<&'a str, Span>,
    techniques: BTreeMap<&'a str, Span>,
    actors: BTreeMap<&'a str, Span>,
    operations: BTreeMap<&'a str, Span>,
}

impl<'a> Shared<'a> {
    fn of(ds: &'a Dataset) -> Shared<'a> {
        let scope = ids::site_scope(&ds.config);
        let mut s = Shared {
            ds,
            tracker: ids::stix("identity", &scope, "tracker"),
            scope,
            organisations: BTreeMap::new(),
            countries: BTreeMap::new(),
            techniques: BTreeMap::new(),
            actors: BTreeMap::new(),
            operations: BTreeMap::new(),
        };
        let note = |map: &mut BTreeMap<&'a str, Span>, key: &'a str, span: Span| {
            map.entry(key).and_modify(|s| s.widen(span)).or_insert(span);
        };
        for e in &ds.events {
            let sp = span(ds, e);
            note(&mut s.organisations, &e.discloser, sp);
            for c in e.origin.iter().chain(&e.targets) {
                note(&mut s.countries, c, sp);
            }
            for t in &e.tactics {
                for d in ds.vocab.tactics.get(t).map_or(&[][..], |x| &x.disarm) {
                    note(&mut s.techniques, d, sp);
                }
            }
            if let Some(a) = &e.actor {
                note(&mut s.actors, a, sp);
            }
            if let Some(o) = &e.operation {
                note(&mut s.operations, o, sp);
                if let Some(a) = ds.operations.get(o).and_then(|o| o.actor.as_deref()) {
                    note(&mut s.actors, a, sp);
                }
            }
        }
        s
    }

    fn organisation(&self, key: &str) -> String {
        ids::stix("identity", SHARED, &format!("organisation:{key}"))
    }

    fn country(&self, code: &str) -> String {
        ids::stix("location", SHARED, code)
    }

    fn technique(&self, id: &str) -> String {
        ids::stix("attack-pattern", SHARED, &format!("DISARM:{id}"))
    }

    fn actor(&self, key: &str) -> String {
        ids::stix("intrusion-set", &self.scope, key)
    }

    fn operation(&self, key: &str) -> String {
        ids::stix("campaign", &self.scope, key)
    }

    /// The objects every report refers to, in a stable order.
    fn objects(&self, meta: &Meta) -> Vec<Value> {
        let ds = self.ds;
        let first = self.organisations.values().copied().reduce(|mut a, b| {
            a.widen(b);
            a
        });
        let whole = first.unwrap_or(Span {
            created: PartialDate::year(crate::records::date::MIN_YEAR),
            modified: PartialDate::year(crate::records::date::MIN_YEAR),
        });
        let publisher = ds.config.publisher.name.trim();
        let mut out = vec![
            json!({
                "type": "identity",
                "spec_version": "2.1",
                "id": DOCKET_IDENTITY,
                "created": EXTENSION_DEFINED,
                "modified": EXTENSION_DEFINED,
                "name": "docket",
                "description": "The open-source tracker software that defines this extension.",
                "identity_class": "system",
                "external_references": [{"source_name": "docket", "url": env!("CARGO_PKG_REPOSITORY")}],
            }),
            json!({
                "type": "extension-definition",
                "spec_version": "2.1",
                "id": EXTENSION_ID,
                "created_by_ref": DOCKET_IDENTITY,
                "created": EXTENSION_DEFINED,
                "modified": EXTENSION_DEFINED,
                "name": "docket record",
                "description": "What a docket record says beyond STIX's own properties: its kind and status, every reported figure with its qualifier (exact, approx, gt, gte, lt, lte, range), advertising spend, the attribution in the discloser's words, the activity period and the tracker's tactic keys.",
                "schema": format!("{}/blob/main/docs/data.md#the-docket-record-extension", env!("CARGO_PKG_REPOSITORY")),
                "version": EXTENSION_VERSION,
                "extension_types": ["property-extension"],
            }),
            object(
                common("identity", &self.tracker, whole, DOCKET_IDENTITY),
                json!({
                    "name": if publisher.is_empty() { ds.config.title.as_str() } else { publisher },
                    "description": format!("Publisher of {}.", ds.config.title),
                    "identity_class": "organization",
                    "external_references": meta.urls.has_base_url().then(|| vec![json!({
                        "source_name": ds.config.title,
                        "url": meta.urls.permalink(""),
                    })]),
                }),
            ),
        ];
        for (key, sp) in &self.organisations {
            out.push(object(
                common("identity", &self.organisation(key), *sp, &self.tracker),
                json!({"name": ds.vocab.organisation_name(key), "identity_class": "organization"}),
            ));
        }
        for (code, sp) in &self.countries {
            out.push(object(
                common("location", &self.country(code), *sp, &self.tracker),
                json!({"name": ds.vocab.country_name(code), "country": code}),
            ));
        }
        for (key, sp) in &self.actors {
            let actor = ds.actors.get(*key);
            out.push(object(
                common("intrusion-set", &self.actor(key), *sp, &self.tracker),
                json!({
                    "name": actor.map_or(*key, |a| a.name.as_str()),
                    "aliases": actor.map(|a| &a.aliases),
                    "description": actor.map(|a| a.description.as_str()).filter(|d| !d.is_empty()),
                    "first_seen": stamp(&sp.created),
                    "external_references": meta.urls.has_base_url().then(|| vec![json!({
                        "source_name": ds.config.title,
                        "external_id": key,
                        "url": meta.urls.permalink(&folder::term(Taxonomy::Actor, key)),
                    })]),
                }),
            ));
        }
        for (key, sp) in &self.operations {
            let operation = ds.operations.get(*key);
            out.push(object(
                common("campaign", &self.operation(key), *sp, &self.tracker),
                json!({
                    "name": operation.map_or(*key, |o| o.name.as_str()),
                    "aliases": operation.map(|o| &o.aliases),
                    "description": operation.map(|o| o.description.as_str()).filter(|d| !d.is_empty()),
                    "first_seen": stamp(&sp.created),
                    "external_references": meta.urls.has_base_url().then(|| vec![json!({
                        "source_name": ds.config.title,
                        "external_id": key,
                        "url": meta.urls.permalink(&folder::term(Taxonomy::Operation, key)),
                    })]),
                }),
            ));
        }
        for (technique, sp) in &self.techniques {
            let used_for: Vec<&str> = ds
                .vocab
                .tactics
                .values()
                .filter(|t| t.disarm.iter().any(|d| d == technique))
                .map(|t| t.label.as_str())
                .collect();
            // Which DISARM tactic a technique serves is known only from a framework the
            // site pinned; without one, no phase is given rather than a guessed one.
            let phase = kill_chain_phase(self.ds, technique);
            out.push(attack_pattern(
                &self.technique(technique),
                technique,
                phase.as_deref(),
                (&stamp(&sp.created), &stamp(&sp.modified)),
                &self.tracker,
                &used_for,
            ));
        }
        out
    }

    /// One record: its relationships, then its report.
    fn record(&self, meta: &Meta, e: &Event) -> Vec<Value> {
        let ds = self.ds;
        let sp = span(ds, e);
        let mut refs: Vec<String> = vec![self.organisation(&e.discloser)];
        let mut out = Vec::new();
        let actor = e.actor.as_deref().or_else(|| {
            e.operation
                .as_deref()
                .and_then(|o| ds.operations.get(o))
                .and_then(|o| o.actor.as_deref())
        });
        let subject = match (&e.operation, actor) {
            (Some(o), _) => Some(self.operation(o)),
            (None, Some(a)) => Some(self.actor(a)),
            (None, None) => None,
        };
        if let Some(a) = actor {
            refs.push(self.actor(a));
        }
        if let Some(o) = &e.operation {
            refs.push(self.operation(o));
        }
        let techniques: Vec<&str> = e
            .tactics
            .iter()
            .flat_map(|t| ds.vocab.tactics.get(t).map_or(&[][..], |x| &x.disarm))
            .map(String::as_str)
            .collect();
        let mut relate = |kind: &str, source: &str, target: String, extra: Value| {
            let key = format!("{}:{kind}:{source}:{target}", e.id);
            let id = ids::stix("relationship", &self.scope, &key);
            let mut rel = common("relationship", &id, sp, &self.tracker);
            rel.insert("relationship_type".into(), json!(kind));
            rel.insert("source_ref".into(), json!(source));
            rel.insert("target_ref".into(), json!(target));
            if e.status == Status::Retracted {
                rel.insert("revoked".into(), json!(true));
            }
            out.push(object(rel, extra));
            id
        };
        let mut related = Vec::new();
        for c in &e.origin {
            refs.push(self.country(c));
            if let Some(s) = &subject {
                related.push(relate("originates-from", s, self.country(c), json!({})));
            }
        }
        for c in &e.targets {
            refs.push(self.country(c));
            if let Some(s) = &subject {
                related.push(relate("targets", s, self.country(c), json!({})));
            }
        }
        for t in &techniques {
            refs.push(self.technique(t));
            if let Some(s) = &subject {
                related.push(relate("uses", s, self.technique(t), json!({})));
            }
        }
        if let (Some(o), Some(a)) = (&e.operation, actor) {
            let confidence = e
                .attribution
                .as_ref()
                .and_then(|a| a.confidence)
                .map(confidence);
            related.push(relate(
                "attributed-to",
                &self.operation(o),
                self.actor(a),
                json!({"confidence": confidence}),
            ));
        }
        refs.extend(related);
        let mut seen = std::collections::HashSet::new();
        refs.retain(|r| seen.insert(r.clone()));

        let mut external = Vec::new();
        if meta.urls.has_base_url() {
            external.push(json!({
                "source_name": ds.config.title,
                "external_id": e.id,
                "url": meta.urls.permalink(&folder::event(&e.id)),
            }));
        }
        for s in &e.sources {
            let name = s.publisher.as_deref().unwrap_or("source");
            external.push(json!({"source_name": name, "description": s.title, "url": uri(&s.url)}));
            if let Some(archive) = &s.archive {
                external.push(json!({
                    "source_name": format!("{name} (archived copy)"),
                    "description": s.title,
                    "url": uri(archive),
                }));
            }
        }
        let mut report = common(
            "report",
            &ids::stix("report", &self.scope, &e.id),
            sp,
            &self.tracker,
        );
        if e.status == Status::Retracted {
            report.insert("revoked".into(), json!(true));
        }
        out.push(object(
            report,
            json!({
                "name": e.title,
                "description": e.summary,
                "report_types": ["threat-report"],
                "published": stamp(&e.date),
                "labels": [e.kind.key()],
                "object_refs": refs,
                "external_references": external,
                "extensions": {EXTENSION_ID: extension(ds, e)},
            }),
        ));
        out
    }
}

fn measures(ds: &Dataset, list: &[Measure]) -> Vec<Value> {
    list.iter()
        .map(|m| {
            let mut v = serde_json::to_value(quantity(&m.quantity)).unwrap_or_default();
            v["platform"] = json!(m.platform);
            v["platform_name"] = json!(ds.vocab.organisation_name(&m.platform));
            v["name"] = json!(m.name);
            v
        })
        .collect()
}

/// docket's property extension of a report: what STIX has no property for.
fn extension(ds: &Dataset, e: &Event) -> Value {
    json!({
        "extension_type": "property-extension",
        "record_id": e.id,
        "kind": e.kind.key(),
        "status": e.status.key(),
        "date": e.date.iso(),
        "date_precision": e.date.precision(),
        "retraction": e.retraction.as_ref().map(|r| json!({"date": r.date.iso(), "reason": r.reason})),
        "discloser": e.discloser,
        "platforms": ds.platforms_of(e),
        "removed": measures(ds, &e.removed),
        "reach": measures(ds, &e.reach),
        "content": measures(ds, &e.content),
        "ad_spend": e.ad_spend.as_ref().map(|a| {
            let mut v = serde_json::to_value(quantity(&a.amount)).unwrap_or_default();
            v["currency"] = json!(a.currency);
            v
        }),
        "attribution": e.attribution.as_ref().map(|a| json!({
            "by": a.by,
            "wording": a.wording,
            "confidence": a.confidence.map(|c| c.key()),
        })),
        "active": e.active.as_ref().map(|i| json!({
            "start": i.start.map(|d| d.iso()),
            "end": i.end.map(|d| d.iso()),
        })),
        "tactics": e.tactics,
        "partners": e.partners,
        "revisions": e.revisions.iter().map(|r| json!({"date": r.date.iso(), "note": r.note})).collect::<Vec<_>>(),
    })
}

/// The bundle, one object to a line, written `chunk` records at a time.
pub fn write_stix(ds: &Dataset, meta: &Meta, chunk: usize, out: &mut dyn Write) -> io::Result<()> {
    let shared = Shared::of(ds);
    let bundle = ids::stix("bundle", &shared.scope, &meta.version.id);
    out.write_all(b"{\"type\": \"bundle\", \"id\": ")?;
    out.write_all(&to_vec(&bundle))?;
    out.write_all(b", \"objects\": [")?;
    let mut first = true;
    let mut item = |out: &mut dyn Write, bytes: &[u8]| -> io::Result<()> {
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        out.write_all(bytes)
    };
    for object in shared.objects(meta) {
        item(out, &to_vec(&object))?;
    }
    for events in ds.events.chunks(chunk.max(1)) {
        let lines: Vec<Vec<Vec<u8>>> = events
            .par_iter()
            .map(|e| shared.record(meta, e).iter().map(to_vec).collect())
            .collect();
        for line in lines.iter().flatten() {
            item(out, line)?;
        }
    }
    out.write_all(b"\n]}\n")
}

#[cfg(test)]
mod tests;
