//! `/data/events.json`: every listed event with names resolved, quantities as value, qualifier
//! and display text, sources and revisions; plus the actors and operations they name.

use super::Meta;
use crate::dataset::{Dataset, Taxonomy};
use crate::present::urls::folder;
use crate::records::quantity::Quantity;
use crate::records::{Event, Measure};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Serialize)]
struct Site<'a> {
    title: &'a str,
    url: &'a str,
    licence: &'a str,
}

#[derive(Serialize)]
pub struct Named<'a> {
    pub key: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct QuantityRecord<'a> {
    /// The figure; for a range, its minimum.
    pub value: u64,
    /// The maximum of a range.
    pub max: Option<u64>,
    pub qualifier: &'static str,
    pub display: String,
    pub as_stated: Option<&'a str>,
}

pub fn quantity(q: &Quantity) -> QuantityRecord<'_> {
    QuantityRecord {
        value: q.value,
        max: q.max,
        qualifier: q.qualifier.name(),
        display: q.display(),
        as_stated: q.as_stated.as_deref(),
    }
}

#[derive(Serialize)]
struct MeasureRecord<'a> {
    platform: Named<'a>,
    name: &'a str,
    #[serde(flatten)]
    quantity: QuantityRecord<'a>,
}

#[derive(Serialize)]
struct AdSpendRecord<'a> {
    #[serde(flatten)]
    amount: QuantityRecord<'a>,
    currency: &'a str,
}

#[derive(Serialize)]
struct RetractionRecord<'a> {
    date: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct RevisionRecord<'a> {
    date: String,
    note: &'a str,
}

#[derive(Serialize)]
struct AttributionRecord<'a> {
    by: Option<Named<'a>>,
    wording: Option<&'a str>,
    confidence: Option<&'static str>,
}

#[derive(Serialize)]
struct ActiveRecord {
    start: Option<String>,
    end: Option<String>,
}

#[derive(Serialize)]
struct TacticRecord<'a> {
    key: &'a str,
    label: &'a str,
    disarm: &'a [String],
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    url: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<String>,
    archive: Option<&'a str>,
    /// Only when the record says (most sources are in the record's language).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_translation: Option<&'a str>,
}

#[derive(Serialize)]
struct TranslationRecord<'a> {
    title: Option<&'a str>,
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct EventRecord<'a> {
    id: &'a str,
    url: String,
    file: &'a str,
    title: &'a str,
    date: String,
    date_precision: crate::records::date::Precision,
    kind: &'static str,
    kind_label: &'static str,
    status: &'static str,
    retraction: Option<RetractionRecord<'a>>,
    discloser: Named<'a>,
    platforms: Vec<Named<'a>>,
    removed: Vec<MeasureRecord<'a>>,
    reach: Vec<MeasureRecord<'a>>,
    content: Vec<MeasureRecord<'a>>,
    ad_spend: Option<AdSpendRecord<'a>>,
    origin: Vec<Named<'a>>,
    targets: Vec<Named<'a>>,
    actor: Option<Named<'a>>,
    operation: Option<Named<'a>>,
    attribution: Option<AttributionRecord<'a>>,
    active: Option<ActiveRecord>,
    tactics: Vec<TacticRecord<'a>>,
    partners: Vec<Named<'a>>,
    related: Vec<&'a str>,
    sources: Vec<SourceRecord<'a>>,
    summary: &'a str,
    revisions: Vec<RevisionRecord<'a>>,
    /// The language the record is written in, when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationRecord<'a>>,
}

#[derive(Serialize)]
struct ActorRecord<'a> {
    key: &'a str,
    url: String,
    name: &'a str,
    country: Option<Named<'a>>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    aliases: &'a [String],
    description: &'a str,
}

#[derive(Serialize)]
struct OperationRecord<'a> {
    key: &'a str,
    url: String,
    name: &'a str,
    aliases: &'a [String],
    actor: Option<Named<'a>>,
    description: &'a str,
}

/// Events serialised at once (in parallel) before they are written: enough to keep every core
/// busy, few enough that memory does not grow with the dataset.
pub const CHUNK: usize = 1024;

/// The whole document: compact JSON with one event (actor, operation) per line, so the file is
/// half the size of indented JSON, diffs line by line and greps by id. Written to `out` `chunk`
/// events at a time.
pub fn write_events_json(
    ds: &Dataset,
    meta: &Meta,
    chunk: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let site = Site {
        title: &ds.config.title,
        url: ds.config.base_url(),
        licence: &ds.config.licence,
    };
    // The schema the file follows, by address (editors and validators read `$schema`).
    out.write_all(b"{\"$schema\": ")?;
    out.write_all(&to_vec(&meta.urls.permalink(super::data_schema::FILE)))?;
    out.write_all(b",\n\"generator\": ")?;
    out.write_all(&to_vec(&meta.generator))?;
    out.write_all(b",\n\"data_version\": ")?;
    out.write_all(&to_vec(&meta.version))?;
    out.write_all(b",\n\"built_at\": ")?;
    out.write_all(&to_vec(&meta.built_at))?;
    out.write_all(b",\n\"site\": ")?;
    out.write_all(&to_vec(&site))?;

    out.write_all(b",\n\"events\": [")?;
    let mut first = true;
    for events in ds.events.chunks(chunk.max(1)) {
        let lines: Vec<Vec<u8>> = events
            .par_iter()
            .map(|e| to_vec(&event(ds, meta, e)))
            .collect();
        for line in &lines {
            write_item(out, &mut first, line)?;
        }
    }
    out.write_all(b"\n]")?;

    out.write_all(b",\n\"actors\": [")?;
    let mut first = true;
    for a in ds.actors.values() {
        let line = to_vec(&ActorRecord {
            key: &a.key,
            url: meta.urls.permalink(&folder::term(Taxonomy::Actor, &a.key)),
            name: &a.name,
            country: a.country.as_deref().map(|c| country(ds, c)),
            kind: a.kind.map(|k| crate::records::ActorType::NAMES[k as usize]),
            aliases: &a.aliases,
            description: &a.description,
        });
        write_item(out, &mut first, &line)?;
    }
    out.write_all(b"\n]")?;

    out.write_all(b",\n\"operations\": [")?;
    let mut first = true;
    for o in ds.operations.values() {
        let line = to_vec(&OperationRecord {
            key: &o.key,
            url: meta
                .urls
                .permalink(&folder::term(Taxonomy::Operation, &o.key)),
            name: &o.name,
            aliases: &o.aliases,
            actor: o.actor.as_deref().map(|a| actor(ds, a)),
            description: &o.description,
        });
        write_item(out, &mut first, &line)?;
    }
    out.write_all(b"\n]")?;
    out.write_all(b"}\n")
}

/// One item of a list, on its own line.
fn write_item(out: &mut dyn Write, first: &mut bool, item: &[u8]) -> io::Result<()> {
    if !std::mem::take(first) {
        out.write_all(b",")?;
    }
    out.write_all(b"\n")?;
    out.write_all(item)
}

/// One value on one line, with a space after each `:` and `,` (as Python's `json.dumps`
/// writes it): compact, yet readable without a tool.
pub fn to_vec(value: &impl Serialize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    value
        .serialize(&mut serializer)
        .expect("plain data always serialises");
    out
}

struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }
}

pub fn organisation<'a>(ds: &'a Dataset, key: &'a str) -> Named<'a> {
    Named {
        key,
        name: ds.vocab.organisation_name(key),
    }
}

pub fn country<'a>(ds: &'a Dataset, code: &'a str) -> Named<'a> {
    Named {
        key: code,
        name: ds.vocab.country_name(code),
    }
}

pub fn actor<'a>(ds: &'a Dataset, key: &'a str) -> Named<'a> {
    Named {
        key,
        name: ds.actors.get(key).map_or(key, |a| a.name.as_str()),
    }
}

pub fn operation<'a>(ds: &'a Dataset, key: &'a str) -> Named<'a> {
    Named {
        key,
        name: ds.operations.get(key).map_or(key, |o| o.name.as_str()),
    }
}

fn measures<'a>(ds: &'a Dataset, list: &'a [Measure]) -> Vec<MeasureRecord<'a>> {
    list.iter()
        .map(|m| MeasureRecord {
            platform: organisation(ds, &m.platform),
            name: &m.name,
            quantity: quantity(&m.quantity),
        })
        .collect()
}

fn event<'a>(ds: &'a Dataset, meta: &Meta, e: &'a Event) -> EventRecord<'a> {
    EventRecord {
        id: &e.id,
        url: meta.urls.permalink(&folder::event(&e.id)),
        file: &e.file,
        title: &e.title,
        date: e.date.iso(),
        date_precision: e.date.precision(),
        kind: e.kind.key(),
        kind_label: e.kind.label(),
        status: e.status.key(),
        retraction: e.retraction.as_ref().map(|r| RetractionRecord {
            date: r.date.iso(),
            reason: &r.reason,
        }),
        discloser: organisation(ds, &e.discloser),
        platforms: ds
            .platforms_of(e)
            .into_iter()
            .map(|p| organisation(ds, p))
            .collect(),
        removed: measures(ds, &e.removed),
        reach: measures(ds, &e.reach),
        content: measures(ds, &e.content),
        ad_spend: e.ad_spend.as_ref().map(|a| AdSpendRecord {
            amount: quantity(&a.amount),
            currency: &a.currency,
        }),
        origin: e.origin.iter().map(|c| country(ds, c)).collect(),
        targets: e.targets.iter().map(|c| country(ds, c)).collect(),
        actor: e.actor.as_deref().map(|a| actor(ds, a)),
        operation: e.operation.as_deref().map(|o| operation(ds, o)),
        attribution: e.attribution.as_ref().map(|a| AttributionRecord {
            by: a.by.as_deref().map(|b| organisation(ds, b)),
            wording: a.wording.as_deref(),
            confidence: a.confidence.map(|c| c.key()),
        }),
        active: e.active.as_ref().map(|i| ActiveRecord {
            start: i.start.map(|d| d.iso()),
            end: i.end.map(|d| d.iso()),
        }),
        tactics: e
            .tactics
            .iter()
            .map(|t| TacticRecord {
                key: t,
                label: ds.vocab.tactic_label(t),
                disarm: ds.vocab.tactics.get(t).map_or(&[][..], |x| &x.disarm),
            })
            .collect(),
        partners: e.partners.iter().map(|p| organisation(ds, p)).collect(),
        // Events left out of this build (drafts) are not named.
        related: e
            .related
            .iter()
            .filter(|id| ds.event(id).is_some())
            .map(String::as_str)
            .collect(),
        sources: e
            .sources
            .iter()
            .map(|s| SourceRecord {
                url: &s.url,
                title: &s.title,
                publisher: s.publisher.as_deref(),
                date: s.date.map(|d| d.iso()),
                archive: s.archive.as_deref(),
                lang: s.lang.as_deref(),
                title_translation: s.title_translation.as_deref(),
            })
            .collect(),
        lang: e.lang.as_deref(),
        translations: e
            .translations
            .iter()
            .map(|(tag, t)| {
                let record = TranslationRecord {
                    title: t.title.as_deref(),
                    summary: t.summary.as_deref(),
                };
                (tag.as_str(), record)
            })
            .collect(),
        summary: &e.summary,
        revisions: e
            .revisions
            .iter()
            .map(|r| RevisionRecord {
                date: r.date.iso(),
                note: &r.note,
            })
            .collect(),
    }
}
