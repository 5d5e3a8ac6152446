//! `docket import fiat FILE.csv`: DFRLab's Foreign Interference Attribution Tracker
//! (DFRLab/interference2020-Data, `DFRLab_interference2020.csv`), one attribution event a row.
//!
//! The columns mapped, and how (docs/importing.md has the full table): `attribution_date` (M/D/YYYY)
//! is the date; `source` the discloser (its first name; the others are partners when docket
//! knows them); `disinformant_nation` the origin and the country after `>>` in `case_id` the
//! target; `start_date`/`end_date` the activity period, as stated even when it runs backwards;
//! `methods` and `open_web` the tactics; the platform totals (`fb_accounts_total` …) the figures,
//! a `0` read as "not reported"; `attribution_url` and `archived_attribution_url` the source
//! with its archive. The engagement counts, AllSides counts, scores, images and `url` (the
//! disclosure's older address beside `attribution_url`) are not mapped.

mod row;

use super::lookup::Lookup;
use super::report::Report;
use super::site::{Outcome, Site};
use super::table::{self, Format, Row};
use super::Progress;
use crate::diagnostics::Failure;
use row::Context;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Columns a row cannot be imported without.
const REQUIRED: [&str; 5] = [
    "case_hash",
    "short_title",
    "attribution_date",
    "source",
    "attribution_url",
];
/// The columns of the file, by name.
pub(super) struct Columns(BTreeMap<String, usize>);

impl Columns {
    pub(super) fn get<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.0.get(name).map_or("", |&i| row.cell(i))
    }
}
/// Import the tracker's CSV at `file` into `site`.
pub fn import(file: &Path, site: &mut Site, progress: Progress<'_>) -> Result<Report, Failure> {
    let shown = file.display().to_string();
    let mut rows = table::read(file, Format::Csv)
        .map_err(|e| Failure::Usage(format!("cannot read {shown}: {e}")))?;
    // Runs of white space made one space: the tracker's editors added and removed stray
    // spaces between versions, which should not make a record differ.
    for row in &mut rows {
        for cell in &mut row.cells {
            *cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    let Some((header, rows)) = rows.split_first() else {
        return Err(Failure::Usage(format!("{shown} is empty")));
    };
    let columns = Columns(
        header
            .cells
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect(),
    );
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|c| !columns.0.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(format!(
            "{shown} is not the Foreign Interference Attribution Tracker's CSV: it has no column {}",
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let vocab = super::site_vocab(site);
    let lookup = Lookup::new(&vocab);
    let mut report = Report {
        files: 1,
        ..Report::default()
    };
    let file_name = file
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let operations = operation_names(&columns, rows);
    let mut cx = Context::new(&lookup, &columns, &shown, &file_name, &operations);
    let mut events = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        progress("reading the tracker's rows", i, rows.len());
        report.rows += 1;
        if row.is_blank() {
            report.blank += 1;
            continue;
        }
        if let Some(event) = cx.event(row, &mut report) {
            events.push(event);
        }
    }
    progress("reading the tracker's rows", rows.len(), rows.len());
    let comment = format!("Added by `docket import fiat` from {file_name}.");
    site.add_vocab(
        "organisations",
        &cx.new_organisations,
        &comment,
        &mut report,
    )?;
    site.add_vocab("tactics", &cx.new_tactics, &comment, &mut report)?;
    for (key, (folder, draft)) in &cx.named {
        let relative = format!("content/{folder}/{key}.yaml");
        if site.write(&relative, &draft.to_yaml(), &mut report)? == Outcome::Written {
            report.review.push(format!("{relative}: {}", draft.name));
        }
    }
    for (id, draft) in events {
        site.write_event(&id, &draft.to_yaml(), &mut report)?;
    }
    Ok(report)
}

/// Names the file gives as `Operation …` disinformants, lower-cased without the word.
fn operation_names(columns: &Columns, rows: &[Row]) -> BTreeSet<String> {
    rows.iter()
        .flat_map(|r| split(columns.get(r, "disinformant")))
        .filter_map(|d| {
            d.strip_prefix("Operation ")
                .map(|n| n.trim().to_lowercase())
        })
        .collect()
}

/// A comma-separated cell's entries, trimmed, without the empty ones.
pub(super) fn split(cell: &str) -> Vec<&str> {
    cell.split(',')
        .map(|s| s.trim().trim_start_matches("and ").trim())
        .filter(|s| !s.is_empty())
        .collect()
}
/// `11/7/2018` → `2018-11-07`; an ISO date is accepted as written.
pub(super) fn us_date(text: &str) -> Result<String, String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let iso = match parts.as_slice() {
        [m, d, y] if y.len() == 4 => {
            let (m, d): (u8, u8) = match (m.parse(), d.parse()) {
                (Ok(m), Ok(d)) => (m, d),
                _ => return Err(format!("`{text}` is not a M/D/YYYY date")),
            };
            format!("{y}-{m:02}-{d:02}")
        }
        _ => text.to_string(),
    };
    crate::records::date::PartialDate::parse(&iso)
        .map(|d| d.iso())
        .map_err(|e| {
            // The date's own words, without the ISO form `text` was turned into.
            let e = e.split(" in `").next().unwrap_or(&e).to_string();
            format!("`{text}` (month/day/year): {e}")
        })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_month_first() {
        assert_eq!(us_date("11/7/2018").unwrap(), "2018-11-07");
        assert_eq!(us_date("2020-03-02").unwrap(), "2020-03-02");
        assert!(us_date("13/45/2020").is_err());
        assert!(us_date("soon").is_err());
    }

    #[test]
    fn cells_split_on_commas_and_a_final_and() {
        assert_eq!(split("Russia,China, Iran "), ["Russia", "China", "Iran"]);
        assert_eq!(
            split("Speaker Nancy Pelosi, and Senator Mark Warner"),
            ["Speaker Nancy Pelosi", "Senator Mark Warner"]
        );
    }
}
