//! RIS (the tagged format EndNote, Zotero, Mendeley and most library systems import): one
//! record of `TAG  - value` lines, ending in `ER  - `. Lines end in CR LF, as the format
//! specifies. Every value is on one line, so text from a record (a title holding a line break
//! and `ER  - `) can never start a tag of its own or end the record early.

use super::{key, one_line};
use crate::present::citation::{Citation, Work};

pub const EXTENSION: &str = "ris";

/// The RIS reference type of each kind of work.
pub fn reference_type(work: Work) -> &'static str {
    match work {
        Work::Record | Work::Dataset => "DATA",
        Work::Report => "RPRT",
        Work::Figure => "FIGURE",
    }
}

/// The citation as one RIS record.
pub fn write(c: &Citation) -> Vec<u8> {
    let mut lines: Vec<(&str, String)> = vec![("TY", reference_type(c.work).to_string())];
    lines.push(("ID", key(c)));
    lines.push(("TI", one_line(&c.title)));
    for creator in c.creators() {
        lines.push(("AU", one_line(creator)));
    }
    if !c.publisher.is_empty() {
        lines.push(("PB", one_line(&c.publisher)));
    }
    if !c.container.is_empty() {
        lines.push(("T2", one_line(&c.container)));
    }
    if matches!(c.work, Work::Record | Work::Figure) {
        // The record's id in the tracker: its accession number.
        lines.push(("AN", c.id.clone()));
    }
    if let Some(issued) = &c.issued {
        lines.push(("PY", format!("{:04}", issued.year)));
        // YYYY/MM/DD/, with the parts not known left empty.
        let part = |p: Option<u8>| p.map_or(String::new(), |n| format!("{n:02}"));
        lines.push((
            "DA",
            format!(
                "{:04}/{}/{}/",
                issued.year,
                part(issued.month),
                part(issued.day)
            ),
        ));
    }
    if !c.version.is_empty() {
        // Zotero and EndNote read a version (edition) here.
        lines.push(("ET", one_line(&c.version)));
    }
    if !c.url.is_empty() {
        lines.push(("UR", one_line(&c.url)));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        out.push_str(&format!("{tag}  - {value}\r\n"));
    }
    out.push_str("ER  - \r\n");
    out.into_bytes()
}
