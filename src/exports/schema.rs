//! JSON Schemas (draft-07) of the files users write, so editors check records while they are
//! typed (yaml-language-server reads `# yaml-language-server: $schema=...` on a file's first
//! line). Written by `docket schema` and published at `/data/schema/`.
//!
//! The schemas mirror the checks in [`crate::records`]: the same enums, key shapes, quantity
//! forms and date patterns. Organisation, tactic, country and currency keys are listed from the
//! site's vocabularies, so an editor can complete them. What a schema cannot say (a date in the
//! future, a reference to a record that does not exist) is left to `docket check`.

use crate::diagnostics::Failure;
use crate::diagnostics::{display_path, Diagnostics};
use crate::records::figure::{Chart, Dimension, MAX_TOP};
use crate::records::quantity::{Qualifier, MAX_VALUE};
use crate::records::vocab::{load_site_vocab, OrgType, Vocabularies};
use crate::records::{ActorType, Confidence, EventKind, Status};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, from 1900 on (the day is checked against the calendar by
/// docket itself).
const DATE: &str =
    r"^\s*(19|[2-9][0-9])[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\s*$";
const DATE_BODY: &str = r"(19|[2-9][0-9])[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?";
const KEY: &str = "^[a-z0-9][a-z0-9-]*$";
const MEASURE_NAME: &str = "^[a-z0-9_-]+$";
/// `51`, `~2800`, `>4700`, `>=1000`, `<100`, `<=100`, with optional thousands separators.
const SHORT_QUANTITY: &str = r"^\s*(~|>=|<=|>|<)?\s*[0-9,_]*[0-9][0-9,_]*\s*$";
/// `100-200` (or with an en dash).
const RANGE_QUANTITY: &str = r"^\s*[0-9,]*[0-9][0-9,]*\s*[-–]\s*[0-9,]*[0-9][0-9,]*\s*$";
/// Absolute http(s) addresses with a host, without spaces or markup characters.
const HTTP_URL: &str = r#"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s"<>`\\/?#@]+([/?#][^\s"<>`\\]*)?\s*$"#;

/// Every schema, by file name (`event.schema.json`), in a stable order.
pub fn schemas(vocab: &Vocabularies) -> Vec<(&'static str, Value)> {
    vec![
        ("event.schema.json", event(vocab)),
        ("actor.schema.json", actor(vocab)),
        ("operation.schema.json", operation()),
        ("figure.schema.json", figure()),
        ("countries.schema.json", countries(vocab)),
        ("organisations.schema.json", organisations()),
        ("tactics.schema.json", tactics()),
    ]
}

/// The site's vocabularies (built-in, merged with `content/vocab/*.yaml`), read without loading
/// any record: the schemas need nothing else. Problems in the vocabulary files are returned.
pub fn site_vocabularies(root: &Path) -> (Vocabularies, Diagnostics) {
    let mut vocab = Vocabularies::builtin();
    let mut problems = Diagnostics::new();
    // Read as the loader reads: no links, no special files, no hidden names, and the site's
    // own size limit.
    let limit = crate::config::SiteConfig::load(root)
        .map_or(crate::yaml::MAX_FILE_BYTES as u64, |c| c.max_file_size);
    let reader = crate::files::Reader::new(root, limit);
    let files = reader
        .list(&root.join("content").join("vocab"))
        .into_iter()
        .flatten()
        .filter(|f| f.depth == 1 && f.kind != crate::files::Kind::Folder)
        .map(|f| f.path)
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"));
    for path in files {
        let display = display_path(root, &path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match reader.read_text(&path) {
            Ok(text) => {
                for d in load_site_vocab(&mut vocab, &display, &stem, &text) {
                    problems.push(d);
                }
            }
            Err(refusal) => problems.push(crate::load::refused(&display, &refusal)),
        }
    }
    (vocab, problems)
}

/// `docket schema`: write every schema for the site at `root` into `dir`; the paths written.
pub fn write_schemas(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let (vocab, problems) = site_vocabularies(root);
    if problems.has_errors() {
        return Err(Failure::Content(problems));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, schema) in schemas(&vocab) {
        let path = dir.join(name);
        std::fs::write(&path, to_bytes(&schema))
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// What each schema describes, for the data page.
pub fn describes(file: &str) -> &'static str {
    match file {
        "event.schema.json" => "content/events/*.yaml",
        "actor.schema.json" => "content/actors/*.yaml",
        "operation.schema.json" => "content/operations/*.yaml",
        "figure.schema.json" => "content/figures/*.yaml",
        "countries.schema.json" => "content/vocab/countries.yaml",
        "organisations.schema.json" => "content/vocab/organisations.yaml",
        "tactics.schema.json" => "content/vocab/tactics.yaml",
        _ => "",
    }
}

/// Pretty JSON with a final newline, as written to disk.
pub fn to_bytes(schema: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(schema).expect("plain data always serialises");
    out.push(b'\n');
    out
}

fn strings(items: impl IntoIterator<Item = impl Into<String>>) -> Value {
    Value::from(items.into_iter().map(Into::into).collect::<Vec<String>>())
}

fn text(description: &str) -> Value {
    json!({"type": "string", "pattern": r"\S", "description": description})
}

fn optional(schema: Value) -> Value {
    // YAML `field:` with nothing after it is null, which docket reads as "not given".
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn list_of(item: Value, description: &str) -> Value {
    optional(json!({"type": "array", "items": item, "description": description}))
}

fn key(description: &str, max: usize) -> Value {
    json!({"type": "string", "pattern": KEY, "maxLength": max, "description": description})
}

fn date(description: &str) -> Value {
    // An unquoted year (`date: 2019`) is a number in YAML; docket reads it as the year.
    json!({
        "description": description,
        "anyOf": [
            {"type": "string", "pattern": DATE},
            {"type": "integer", "minimum": 1900, "maximum": 9999}
        ]
    })
}

/// The definitions shared by record schemas.
fn definitions(vocab: &Vocabularies) -> Value {
    let organisations = strings(vocab.organisations.keys().cloned());
    let tactics = strings(vocab.tactics.keys().cloned());
    let countries = strings(vocab.countries.keys().cloned());
    let currencies = strings(vocab.currencies.keys().cloned());
    json!({
        "organisation": {"type": "string", "enum": organisations,
            "description": "An organisation key from the vocabulary (built-in or content/vocab/organisations.yaml)."},
        "tactic": {"type": "string", "enum": tactics,
            "description": "A tactic key from the vocabulary (built-in or content/vocab/tactics.yaml)."},
        "country": {"type": "string", "enum": countries,
            "description": "An ISO 3166-1 alpha-2 country code in capitals (XK for Kosovo)."},
        "currency": {"type": "string", "enum": currencies, "description": "An ISO 4217 currency code."},
        "date": date("YYYY-MM-DD, YYYY-MM or YYYY: the precision the source gave."),
        "quantity": quantity(),
        "measures": optional(json!({
            "type": "object",
            "propertyNames": {"$ref": "#/definitions/organisation"},
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"pattern": MEASURE_NAME},
                "additionalProperties": {"$ref": "#/definitions/quantity"}
            }
        })),
    })
}

/// A reported figure in any of its written forms.
fn quantity() -> Value {
    let number = json!({"type": "integer", "minimum": 0, "maximum": MAX_VALUE});
    json!({
        "description": "A figure as the source gave it: 51, \"~2800\", \">4700\", \">=1000\", \"<100\", \"<=100\", \"100-200\", or {value, qualifier, as_stated}. Leave out what was not reported; never write 0 for it.",
        "anyOf": [
            number,
            {"type": "string", "pattern": SHORT_QUANTITY},
            {"type": "string", "pattern": RANGE_QUANTITY},
            {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "value": number,
                    "qualifier": {"type": "string", "enum": Qualifier::NAMES},
                    "min": number,
                    "max": number,
                    "as_stated": {"type": "string", "description": "The source's own words."}
                },
                "if": {"properties": {"qualifier": {"const": "range"}}, "required": ["qualifier"]},
                "then": {
                    "required": ["max"],
                    "anyOf": [{"required": ["min"]}, {"required": ["value"]}]
                },
                "else": {
                    "required": ["value"],
                    "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}
                }
            }
        ]
    })
}

fn record(title: &str, vocab: &Vocabularies, body: Value) -> Value {
    let mut schema = json!({
        "$schema": DRAFT,
        "title": title,
        "type": "object",
        "additionalProperties": false,
        "definitions": definitions(vocab),
    });
    if let (Value::Object(schema), Value::Object(body)) = (&mut schema, body) {
        schema.extend(body);
    }
    schema
}

/// A BCP 47 language tag, loosely: a language subtag and any others.
fn language(description: &str) -> Value {
    json!({"type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", "description": description})
}

fn event(vocab: &Vocabularies) -> Value {
    let org = json!({"$ref": "#/definitions/organisation"});
    let country = json!({"$ref": "#/definitions/country"});
    let source = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["url", "title"],
        "properties": {
            "url": {"type": "string", "pattern": HTTP_URL, "description": "http or https only."},
            "title": text("The source's title."),
            "publisher": optional(json!({"type": "string"})),
            "date": optional(json!({"$ref": "#/definitions/date"})),
            "archive": optional(json!({"type": "string", "pattern": HTTP_URL,
                "description": "An archived copy (web.archive.org, archive.today): recommended."})),
            "lang": optional(language("The language of the source's title, when it is not the record's.")),
            "title_translation": optional(text("The title translated into the record's language."))
        }
    });
    let interval =
        format!(r"^\s*(?!\.\.\s*/\s*\.\.\s*$)({DATE_BODY}|\.\.)\s*/\s*({DATE_BODY}|\.\.)\s*$");
    record(
        "docket event record (content/events/<id>.yaml)",
        vocab,
        json!({
            "required": ["title", "date", "kind", "discloser", "sources", "summary"],
            "properties": {
                "title": text("One-line title."),
                "date": {"$ref": "#/definitions/date"},
                "kind": {"type": "string", "enum": EventKind::NAMES},
                "discloser": org,
                "status": optional(json!({"type": "string", "enum": Status::NAMES,
                    "description": "published (the default), draft or retracted."})),
                "retraction": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["date", "reason"],
                    "properties": {
                        "date": {"$ref": "#/definitions/date"},
                        "reason": text("Why the record was retracted.")
                    }
                },
                "removed": {"$ref": "#/definitions/measures"},
                "reach": {"$ref": "#/definitions/measures"},
                "content": {"$ref": "#/definitions/measures"},
                "ad_spend": optional(json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["amount", "currency"],
                    "properties": {
                        "amount": {"$ref": "#/definitions/quantity"},
                        "currency": {"$ref": "#/definitions/currency"}
                    }
                })),
                "origin": list_of(country.clone(), "Attributed origin countries; [] when unattributed."),
                "actor": optional(key("An actor key (content/actors/<key>.yaml).", 64)),
                "operation": optional(key("An operation key (content/operations/<key>.yaml).", 64)),
                "attribution": optional(json!({
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "by": optional(org.clone()),
                        "wording": optional(json!({"type": "string"})),
                        "confidence": optional(json!({"type": "string", "enum": Confidence::NAMES}))
                    }
                })),
                "targets": list_of(country, "Target countries."),
                "active": optional(json!({"type": "string", "pattern": interval,
                    "description": "Activity period: START/END, ../END or START/.."})),
                "tactics": list_of(json!({"$ref": "#/definitions/tactic"}), "Tactic keys."),
                "partners": list_of(org, "Organisations that tipped off or analysed."),
                "related": list_of(key("Id of another event.", 100), "Ids of related events."),
                "sources": {"type": "array", "minItems": 1, "items": source},
                "summary": text("Markdown."),
                "lang": optional(language("The language the record is written in; the site's when not given.")),
                "translations": {
                    "type": "object",
                    "description": "The title and summary in other languages, by language tag.",
                    "propertyNames": language("A language tag."),
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": false,
                        "minProperties": 1,
                        "properties": {
                            "title": text("The title in that language."),
                            "summary": text("The summary in that language, Markdown.")
                        }
                    }
                },
                "revisions": list_of(json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["date", "note"],
                    "properties": {
                        "date": {"$ref": "#/definitions/date"},
                        "note": text("What changed.")
                    }
                }), "Append-only log of corrections to this record.")
            },
            "if": {"properties": {"status": {"const": "retracted"}}, "required": ["status"]},
            "then": {"required": ["retraction"]},
            "else": {"properties": {"retraction": {"type": "null"}}}
        }),
    )
}

fn actor(vocab: &Vocabularies) -> Value {
    let countries = strings(vocab.countries.keys().cloned());
    json!({
        "$schema": DRAFT,
        "title": "docket actor (content/actors/<key>.yaml)",
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
            "name": text("Name shown on pages."),
            "country": optional(json!({"type": "string", "enum": countries,
                "description": "An ISO 3166-1 alpha-2 country code in capitals (XK for Kosovo)."})),
            "type": optional(json!({"type": "string", "enum": ActorType::NAMES})),
            "aliases": list_of(json!({"type": "string"}), "Other names."),
            "description": optional(json!({"type": "string", "description": "Markdown."}))
        }
    })
}

fn operation() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "docket operation (content/operations/<key>.yaml)",
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
            "name": text("Name shown on pages."),
            "aliases": list_of(json!({"type": "string"}), "Other names."),
            "actor": optional(key("An actor key (content/actors/<key>.yaml).", 64)),
            "description": optional(json!({"type": "string", "description": "Markdown."}))
        }
    })
}

fn figure() -> Value {
    let dimension = json!({"type": "string", "enum": Dimension::NAMES});
    let value = json!({"type": ["string", "integer"]});
    json!({
        "$schema": DRAFT,
        "title": "docket figure (content/figures/<id>.yaml)",
        "type": "object",
        "additionalProperties": false,
        "required": ["title"],
        "properties": {
            "title": text("Title of the chart."),
            "chart": optional(json!({"type": "string", "enum": Chart::NAMES, "description": "bar (the default), stacked-bar, line or timeline."})),
            "x": optional(dimension.clone()),
            "y": optional(json!({"type": "string",
                "pattern": r"^\s*(events|((removed|reach|content)\.)?[a-z0-9_-]+)\s*$",
                "description": "events (the default), or a figure name summed over platforms: accounts, removed.accounts, followers …"})),
            "series": optional(dimension.clone()),
            "top": optional(json!({"type": "integer", "minimum": 1, "maximum": MAX_TOP})),
            "where": optional(json!({
                "type": "object",
                "propertyNames": dimension,
                "additionalProperties": {"anyOf": [value.clone(), {"type": "array", "minItems": 1, "items": value}]}
            })),
            "period": optional(json!({"type": ["string", "integer"],
                "description": "2019, 2019-05, 2019-Q2, 2019-H1, 2018/2020, 2018/.. or ../2020"})),
            "caption": optional(json!({"type": "string", "description": "Markdown."})),
            "headline": optional(json!({"type": "boolean"}))
        }
    })
}

fn countries(vocab: &Vocabularies) -> Value {
    json!({
        "$schema": DRAFT,
        "title": "docket country names (content/vocab/countries.yaml)",
        "description": "Codes are fixed; only their names can change.",
        "type": "object",
        "propertyNames": {"enum": strings(vocab.countries.keys().cloned())},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name"],
            "properties": {"name": {"type": "string"}}
        }
    })
}

fn organisations() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "docket organisations (content/vocab/organisations.yaml)",
        "description": "An entry with a built-in key replaces it.",
        "type": "object",
        "propertyNames": {"pattern": KEY, "maxLength": 64},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "type"],
            "properties": {
                "name": {"type": "string"},
                "type": {"type": "string", "enum": OrgType::NAMES},
                "color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$",
                    "description": "Chart colour for platforms, quoted: \"#4a76a8\"."}
            }
        }
    })
}

fn tactics() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "docket tactics (content/vocab/tactics.yaml)",
        "description": "An entry with a built-in key replaces it.",
        "type": "object",
        "propertyNames": {"pattern": KEY, "maxLength": 64},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "required": ["label"],
            "properties": {
                "label": {"type": "string"},
                "disarm": {"type": "array", "items": {"type": "string", "pattern": r"^T[0-9]{4}(\.[0-9]{3})?$"},
                    "description": "DISARM technique ids: T0143 or T0143.003."}
            }
        }
    })
}
