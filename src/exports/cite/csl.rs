//! CSL-JSON (the Citation Style Language's data format, read by Zotero, citeproc-js and
//! pandoc): a list holding one item. Names are literal: docket never guesses which part of a
//! name is the family name.

use super::{key, one_line};
use crate::present::citation::{Citation, Work};
use crate::records::date::PartialDate;
use serde::Serialize;

pub const EXTENSION: &str = "csl.json";

#[derive(Serialize)]
struct Name {
    literal: String,
}

#[derive(Serialize)]
struct DateParts {
    #[serde(rename = "date-parts")]
    parts: [Vec<i64>; 1],
}

#[derive(Serialize)]
struct Item<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Name>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<DateParts>,
    #[serde(skip_serializing_if = "str::is_empty")]
    version: &'a str,
    #[serde(rename = "URL", skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

/// The CSL item type of each kind of work.
pub fn item_type(work: Work) -> &'static str {
    match work {
        // "An entry in a database, directory, or catalog" (CSL 1.0.2).
        Work::Record => "entry",
        Work::Report => "report",
        Work::Figure => "figure",
        Work::Dataset => "dataset",
    }
}

fn date_parts(date: &PartialDate) -> DateParts {
    let mut parts = vec![i64::from(date.year)];
    parts.extend(date.month.map(i64::from));
    parts.extend(date.day.map(i64::from));
    DateParts { parts: [parts] }
}

fn non_empty(text: &str) -> Option<String> {
    let text = one_line(text);
    (!text.is_empty()).then_some(text)
}

/// The citation as a CSL-JSON file: `[{…}]`, indented, with a final newline.
pub fn write(c: &Citation) -> Vec<u8> {
    let item = Item {
        id: key(c),
        kind: item_type(c.work),
        title: one_line(&c.title),
        author: c
            .creators()
            .into_iter()
            .map(|name| Name {
                literal: one_line(name),
            })
            .collect(),
        publisher: non_empty(&c.publisher),
        container_title: non_empty(&c.container),
        number: matches!(c.work, Work::Record | Work::Figure).then_some(c.id.as_str()),
        issued: c.issued.as_ref().map(date_parts),
        version: &c.version,
        url: &c.url,
    };
    let mut out = serde_json::to_vec_pretty(&[item]).expect("plain data always serialises");
    out.push(b'\n');
    out
}
