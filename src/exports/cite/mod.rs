//! Citation files for reference managers, beside each page that can be cited: every record
//! (`events/<id>/cite.*`), every briefing (`briefings/<slug>/cite.*`) and the whole dataset
//! (`data/cite.*`), each as CSL-JSON ([`csl`]), BibTeX ([`bibtex`]) and RIS ([`ris`]).
//!
//! All three are written from the one [`Citation`] the pages print, so every form says the
//! same thing: title, authors or publisher, the tracker, the id, the date, the data version and
//! the permanent address.

pub mod bibtex;
pub mod csl;
pub mod ris;

use super::{put, ExportError, Meta, Written};
use crate::dataset::Dataset;
use crate::present::citation::{Citation, Work};
use crate::present::urls::folder;
use crate::records::briefing::Briefing;
use crate::records::Event;
use rayon::prelude::*;

/// Writes a citation in one format.
pub type Writer = fn(&Citation) -> Vec<u8>;

/// The three forms, by the extension of their file (`cite.<extension>`).
pub const FORMATS: [(&str, Writer); 3] = [
    (csl::EXTENSION, csl::write),
    (bibtex::EXTENSION, bibtex::write),
    (ris::EXTENSION, ris::write),
];

/// The citation of one record: the publisher (or nobody), its title, its id in the tracker,
/// the day it first appeared (when the site's history knows it), the data version and its
/// permanent address.
pub fn record(ds: &Dataset, meta: &Meta, e: &Event) -> Citation {
    Citation::of_record(&ds.config, e, ds.first_seen(e))
        .with_version(&meta.version.id)
        .with_url(&address(meta, &folder::event(&e.id)))
}

/// The citation of a briefing, as its page prints it.
pub fn briefing(ds: &Dataset, meta: &Meta, b: &Briefing) -> Citation {
    Citation::of_briefing(&ds.config, b)
        .with_version(&meta.version.id)
        .with_url(&address(meta, &folder::briefing(&b.slug)))
}

/// The citation of the whole dataset: the tracker's title, dated by the day its data last
/// changed (never the clock), with the data version that identifies its contents.
pub fn dataset(ds: &Dataset, meta: &Meta) -> Citation {
    Citation::of_dataset(&ds.config, ds.last_change())
        .with_version(&meta.version.id)
        .with_url(&address(meta, ""))
}

/// The permanent address of a page, or nothing when the site has no `base_url`: a citation
/// never gives a bare path, which would not lead anywhere from a reference manager.
fn address(meta: &Meta, page: &str) -> String {
    if meta.urls.has_base_url() {
        meta.urls.permalink(page)
    } else {
        String::new()
    }
}

/// A citation's key in a bibliography (BibTeX key, CSL id, RIS `ID`): the record's id, the
/// briefing's slug, or `dataset`. Ids and slugs are `[a-z0-9-]`, safe in every format.
pub fn key(c: &Citation) -> String {
    match c.work {
        Work::Dataset => "dataset".to_string(),
        Work::Report => format!("briefing-{}", c.id),
        Work::Figure => format!("figure-{}", c.id),
        Work::Record => c.id.clone(),
    }
}

/// Text on one line: every run of white space and control characters becomes one space, so
/// no value can start a line of its own (a RIS tag, a BibTeX entry) or end one early.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Every citation file: each record's, each briefing's and the dataset's, in parallel.
pub fn write_all(
    ds: &Dataset,
    meta: &Meta,
    sink: &dyn super::ExportSink,
) -> Result<Vec<Written>, ExportError> {
    let write = |page: &str, c: &Citation| -> Result<Vec<Written>, ExportError> {
        FORMATS
            .iter()
            .map(|(extension, make)| put(sink, &folder::citation(page, extension), &make(c)))
            .collect()
    };
    let mut written: Vec<Written> = ds
        .events
        .par_iter()
        .map(|e| write(&folder::event(&e.id), &record(ds, meta, e)))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    for b in &ds.briefings {
        written.extend(write(&folder::briefing(&b.slug), &briefing(ds, meta, b))?);
    }
    written.extend(write(folder::DATA, &dataset(ds, meta))?);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn line_breaks_and_controls_become_single_spaces() {
        assert_eq!(
            one_line("  a\r\nER  - b\u{2028}c\t\u{0}d  "),
            "a ER - b c d"
        );
        assert_eq!(one_line(""), "");
    }
}
