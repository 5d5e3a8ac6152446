//! Property: any event record that passes the checks also builds, comes back unchanged from the
//! JSON export, and appears on its page as escaped text. Records are generated with proptest:
//! text full of markup, template syntax, quotes and non-ASCII; every quantity form; partial
//! dates; Markdown summaries with safe links.

use crate::common::Site;
use docket::records::vocab::Vocabularies;
use docket::records::{check_event, Known};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

const ID: &str = "2020-01-01-generated";

/// Short pieces that are hard on escaping, templates and YAML, plus any printable character.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        "<script>alert(1)</script>",
        "\" onmouseover=\"x",
        "'",
        "&amp;",
        "</p>",
        "]]>",
        "{{ site.title }}",
        "{% raw %}",
        "=1+1",
        "@SUM(A1)",
        "- ",
        ": ",
        " #",
        "*",
        "_",
        "`",
        "|",
        "\\",
        "é",
        "中文",
        "\u{202e}",
        "\u{200b}",
        "🙂",
        "yes",
        "null",
        "0x1F",
    ]);
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9]{1,8}( )?",
        2 => tricky.prop_map(String::from),
        1 => any::<char>()
            .prop_filter("printable", |c| !c.is_control())
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..10)
        .prop_map(|pieces| pieces.concat())
        .prop_filter("not blank", |t| !t.trim().is_empty())
}

/// A Markdown summary: paragraphs, lists, emphasis, code, tables and safe links.
fn markdown() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        text(),
        text().prop_map(|t| format!("- {t}\n- *{t}*")),
        text().prop_map(|t| format!("> {t}")),
        text().prop_map(|t| format!("`{t}`")),
        text().prop_map(|t| format!("[{t}](https://example.org/a?b=1&c=2)")),
        text().prop_map(|t| format!("[{t}](/about/)")),
        Just("| a | b |\n|:--|--:|\n| 1 | 2 |".to_string()),
        Just("<https://example.org/auto>".to_string()),
    ];
    prop::collection::vec(block, 1..5).prop_map(|blocks| blocks.join("\n\n"))
}

/// A quantity as written in YAML, with what the export must say: value, qualifier, max.
fn quantity() -> impl Strategy<Value = (Value, (u64, String, Option<u64>))> {
    let n = 0u64..1_000_000_000;
    prop_oneof![
        n.clone()
            .prop_map(|n| (json!(n), (n, "exact".into(), None))),
        n.clone()
            .prop_map(|n| (json!(format!("~{n}")), (n, "approx".into(), None))),
        n.clone()
            .prop_map(|n| (json!(format!(">{n}")), (n, "gt".into(), None))),
        n.clone()
            .prop_map(|n| (json!(format!(">={n}")), (n, "gte".into(), None))),
        n.clone()
            .prop_map(|n| (json!(format!("<{n}")), (n, "lt".into(), None))),
        n.clone()
            .prop_map(|n| (json!(format!("<={n}")), (n, "lte".into(), None))),
        (n.clone(), n).prop_map(|(a, b)| {
            let (a, b) = (a.min(b), a.max(b));
            (json!(format!("{a}-{b}")), (a, "range".into(), Some(b)))
        }),
    ]
}

fn date() -> impl Strategy<Value = String> {
    (
        2000u32..2026,
        prop::option::of(1u32..13),
        prop::option::of(1u32..29),
    )
        .prop_map(|(y, m, d)| match (m, d) {
            (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y}-{m:02}"),
            _ => format!("{y}"),
        })
}

type Figures = BTreeMap<(String, String), (Value, (u64, String, Option<u64>))>;

#[derive(Debug, Clone)]
struct Record {
    title: String,
    date: String,
    kind: String,
    discloser: String,
    origin: Vec<String>,
    removed: Figures,
    sources: Vec<(String, String)>,
    summary: String,
}

fn record() -> impl Strategy<Value = Record> {
    let kind = prop::sample::select(vec![
        "takedown",
        "suspension",
        "content-removal",
        "dataset-release",
        "report",
        "attribution",
    ]);
    let org = prop::sample::select(vec!["facebook", "twitter", "instagram", "youtube"]);
    let asset = prop::sample::select(vec!["accounts", "pages", "groups", "channels"]);
    let country = prop::sample::select(vec!["IR", "RU", "US", "GB", "CN", "XK"]);
    let source = ("[a-zA-Z0-9/_.~-]{0,20}", text())
        .prop_map(|(path, title)| (format!("https://example.org/{path}"), title));
    (
        text(),
        date(),
        kind,
        org.clone(),
        prop::collection::btree_set(country, 0..4),
        prop::collection::btree_map((org, asset), quantity(), 0..5),
        prop::collection::vec(source, 1..4),
        markdown(),
    )
        .prop_map(
            |(title, date, kind, discloser, origin, removed, sources, summary)| Record {
                title,
                date,
                kind: kind.into(),
                discloser: discloser.into(),
                origin: origin.into_iter().map(String::from).collect(),
                removed: removed
                    .into_iter()
                    .map(|((p, a), q)| ((p.to_string(), a.to_string()), q))
                    .collect(),
                sources,
                summary,
            },
        )
}

fn to_yaml(r: &Record) -> String {
    let mut removed = serde_json::Map::new();
    for ((platform, asset), (written, _)) in &r.removed {
        removed
            .entry(platform.clone())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .unwrap()
            .insert(asset.clone(), written.clone());
    }
    let sources: Vec<Value> = r
        .sources
        .iter()
        .map(|(url, title)| json!({"url": url, "title": title, "archive": "https://web.archive.org/web/2020/x"}))
        .collect();
    let mut doc = json!({
        "title": r.title,
        "date": r.date,
        "kind": r.kind,
        "discloser": r.discloser,
        "origin": r.origin,
        "sources": sources,
        "summary": r.summary,
    });
    if !removed.is_empty() {
        doc["removed"] = Value::Object(removed);
    }
    serde_yaml::to_string(&doc).unwrap()
}

fn validates(yaml: &str) -> bool {
    let vocab = Vocabularies::builtin();
    let none = HashSet::new();
    let events: HashSet<String> = [ID.to_string()].into();
    let known = Known {
        vocab: &vocab,
        events: &events,
        actors: &none,
        operations: &none,
        today: jiff::civil::date(2027, 1, 1),
    };
    check_event(ID, "content/events/generated.yaml", yaml, &known)
        .0
        .is_some()
}

/// Tera's HTML escaping.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn figures_in(export: &Value) -> Vec<(String, String, u64, String, Option<u64>)> {
    let mut out: Vec<_> = export["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["platform"]["key"].as_str().unwrap().to_string(),
                m["name"].as_str().unwrap().to_string(),
                m["value"].as_u64().unwrap(),
                m["qualifier"].as_str().unwrap().to_string(),
                m["max"].as_u64(),
            )
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_valid_record_builds_and_round_trips(r in record()) {
        let yaml = to_yaml(&r);
        prop_assume!(validates(&yaml), "generated record does not validate:\n{}", yaml);

        let site = Site::new()
            .file("site.toml", "title = \"Generated\"\n")
            .file(&format!("content/events/{ID}.yaml"), &yaml);
        let run = site.build();
        prop_assert_eq!(run.code, 0, "valid record failed to build:\n{}\n{}", yaml, run.stderr);

        let export: Value = serde_json::from_str(&site.read("data/events.json")).unwrap();
        let event = &export["events"][0];
        prop_assert_eq!(event["id"].as_str(), Some(ID));
        prop_assert_eq!(event["title"].as_str(), Some(r.title.trim_end()));
        prop_assert_eq!(event["date"].as_str(), Some(r.date.as_str()));
        prop_assert_eq!(event["kind"].as_str(), Some(r.kind.as_str()));
        prop_assert_eq!(event["discloser"]["key"].as_str(), Some(r.discloser.as_str()));
        let origin: Vec<&str> = event["origin"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["key"].as_str().unwrap())
            .collect();
        prop_assert_eq!(origin, r.origin.iter().map(String::as_str).collect::<Vec<_>>());
        let sources: Vec<(String, String)> = event["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["url"].as_str().unwrap().into(), s["title"].as_str().unwrap().into()))
            .collect();
        let expected: Vec<(String, String)> = r
            .sources
            .iter()
            .map(|(u, t)| (u.clone(), t.trim_end().to_string()))
            .collect();
        prop_assert_eq!(sources, expected);
        prop_assert_eq!(event["summary"].as_str(), Some(r.summary.trim_end()));
        let mut figures: Vec<_> = r
            .removed
            .iter()
            .map(|((p, a), (_, (v, q, max)))| (p.clone(), a.clone(), *v, q.clone(), *max))
            .collect();
        figures.sort();
        prop_assert_eq!(figures_in(event), figures);

        let page = site.page(&format!("events/{ID}/"));
        let title = escaped(r.title.trim_end());
        prop_assert!(page.contains(&title), "page lacks the escaped title {:?}", title);
        prop_assert!(!page.contains("<script>alert"), "live script on the page");
    }
}
