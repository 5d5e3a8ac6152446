//! `/data/events.schema.json`: the JSON Schema (draft 2020-12) of `/data/events.json` itself,
//! which names it in its `$schema` member. It says exactly what [`super::json`] writes: every
//! object closed (`additionalProperties: false`), every enumeration listed, so a field added to
//! the download without its schema fails the tests that validate the built file against it.

use crate::records::date::Precision;
use crate::records::quantity::Qualifier;
use crate::records::{ActorType, Confidence, EventKind, Status};
use serde_json::{json, Value};

pub const FILE: &str = "data/events.schema.json";

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const DATE: &str = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$";
const KEY: &str = "^[a-z0-9][a-z0-9-]*$";

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn closed(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

fn list(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn text() -> Value {
    json!({"type": "string"})
}

/// The schema, with `id` as its `$id` (its own address).
pub fn schema(id: &str) -> Value {
    let precisions: Vec<Value> = [Precision::Day, Precision::Month, Precision::Year]
        .iter()
        .map(|p| serde_json::to_value(p).unwrap_or_default())
        .collect();
    let quantity_properties = json!({
        "value": {"type": "integer", "minimum": 0, "description": "The figure; for a range, its minimum."},
        "max": nullable(json!({"type": "integer", "minimum": 0, "description": "A range's maximum."})),
        "qualifier": {"enum": Qualifier::NAMES},
        "display": {"type": "string", "description": "As the site shows it: 51, ≈2,800, >4,700, 100–200."},
        "as_stated": nullable(text()),
    });
    let mut measure = quantity_properties.clone();
    measure["platform"] = reference("named");
    measure["name"] = json!({"type": "string", "pattern": "^[a-z0-9_-]+$"});
    let mut ad_spend = quantity_properties.clone();
    ad_spend["currency"] = json!({"type": "string", "pattern": "^[A-Z]{3}$"});
    let quantity_required = ["value", "max", "qualifier", "display", "as_stated"];
    let mut measure_required = quantity_required.to_vec();
    measure_required.extend(["platform", "name"]);
    let mut ad_required = quantity_required.to_vec();
    ad_required.push("currency");
    let date = json!({"type": "string", "pattern": DATE});

    let event = closed(
        &[
            "id",
            "url",
            "file",
            "title",
            "date",
            "date_precision",
            "kind",
            "kind_label",
            "status",
            "retraction",
            "discloser",
            "platforms",
            "removed",
            "reach",
            "content",
            "ad_spend",
            "origin",
            "targets",
            "actor",
            "operation",
            "attribution",
            "active",
            "tactics",
            "partners",
            "related",
            "sources",
            "summary",
            "revisions",
        ],
        json!({
            "id": {"type": "string", "pattern": KEY, "description": "The record's id: its file name, stable and never reused."},
            "url": {"type": "string", "description": "The event's page."},
            "file": text(),
            "title": text(),
            "date": date,
            "date_precision": {"enum": precisions},
            "kind": {"enum": EventKind::NAMES},
            "kind_label": text(),
            "status": {"enum": Status::NAMES},
            "retraction": nullable(closed(&["date", "reason"], json!({"date": date, "reason": text()}))),
            "discloser": reference("named"),
            "platforms": list(reference("named")),
            "removed": list(reference("measure")),
            "reach": list(reference("measure")),
            "content": list(reference("measure")),
            "ad_spend": nullable(closed(&ad_required, ad_spend)),
            "origin": list(reference("named")),
            "targets": list(reference("named")),
            "actor": nullable(reference("named")),
            "operation": nullable(reference("named")),
            "attribution": nullable(closed(&["by", "wording", "confidence"], json!({
                "by": nullable(reference("named")),
                "wording": nullable(text()),
                "confidence": nullable(json!({"enum": Confidence::NAMES})),
            }))),
            "active": nullable(closed(&["start", "end"], json!({
                "start": nullable(date.clone()),
                "end": nullable(date.clone()),
            }))),
            "tactics": list(closed(&["key", "label", "disarm"], json!({
                "key": {"type": "string", "pattern": KEY},
                "label": text(),
                "disarm": list(json!({"type": "string", "pattern": r"^T[0-9]{4}(\.[0-9]{3})?$"})),
            }))),
            "partners": list(reference("named")),
            "related": list(json!({"type": "string", "pattern": KEY})),
            "sources": list(closed(&["url", "title", "publisher", "date", "archive"], json!({
                "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"},
                "title": text(),
                "publisher": nullable(text()),
                "date": nullable(date.clone()),
                "archive": nullable(json!({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})),
                "lang": {"type": "string", "description": "The language of the title (BCP 47), when the record says."},
                "title_translation": {"type": "string", "description": "The title translated into the record's language."},
            }))),
            "lang": {"type": "string", "description": "The language the record is written in (BCP 47), when it says."},
            "translations": {
                "type": "object",
                "description": "The record's title and summary in other languages, by BCP 47 tag.",
                "additionalProperties": closed(&["title", "summary"], json!({
                    "title": nullable(text()),
                    "summary": nullable(json!({"type": "string", "description": "Markdown."})),
                })),
            },
            "summary": {"type": "string", "description": "Markdown."},
            "revisions": list(closed(&["date", "note"], json!({"date": date, "note": text()}))),
        }),
    );

    json!({
        "$schema": DRAFT,
        "$id": id,
        "title": "docket events.json",
        "description": "Every event a docket tracker lists, with names resolved and every figure as value, qualifier and display text; and its actors and operations. See docs/data.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["generator", "data_version", "built_at", "site", "events", "actors", "operations"],
        "properties": {
            "$schema": {"type": "string", "description": "The address of this schema."},
            "generator": text(),
            "data_version": closed(&["id", "source", "git_commit", "modified"], json!({
                "id": {"type": "string", "pattern": "^([0-9a-f]{40,64}|sha256:[0-9a-f]{64})$"},
                "source": {"enum": ["git", "content-hash"]},
                "git_commit": nullable(json!({"type": "string", "pattern": "^[0-9a-f]{40,64}$"})),
                "modified": {"type": "boolean"},
            })),
            "built_at": nullable(json!({"type": "string", "format": "date-time"})),
            "site": closed(&["title", "url", "licence"], json!({
                "title": text(), "url": text(), "licence": text(),
            })),
            "events": list(reference("event")),
            "actors": list(closed(
                &["key", "url", "name", "country", "type", "aliases", "description"],
                json!({
                    "key": {"type": "string", "pattern": KEY},
                    "url": text(),
                    "name": text(),
                    "country": nullable(reference("named")),
                    "type": nullable(json!({"enum": ActorType::NAMES})),
                    "aliases": list(text()),
                    "description": text(),
                }),
            )),
            "operations": list(closed(
                &["key", "url", "name", "aliases", "actor", "description"],
                json!({
                    "key": {"type": "string", "pattern": KEY},
                    "url": text(),
                    "name": text(),
                    "aliases": list(text()),
                    "actor": nullable(reference("named")),
                    "description": text(),
                }),
            )),
        },
        "$defs": {
            "named": closed(&["key", "name"], json!({"key": text(), "name": text()})),
            "measure": closed(&measure_required, measure),
            "event": event,
        },
    })
}
