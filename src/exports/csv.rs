//! `/data/events.csv`: one row per event, one column per platform × asset figure with its
//! qualifier beside it, so a spreadsheet never reads "≈2,800" as an exact 2800.

use super::Meta;
use crate::dataset::Dataset;
use crate::escape::csv::{write_row, writer};
use crate::present::urls::folder;
use crate::records::quantity::{Qualifier, Quantity};
use crate::records::{Event, Measure, USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// A fixed column of the CSV, documented on the data page and in `docs/data.md`.
pub struct Column {
    pub name: &'static str,
    pub description: &'static str,
}

const fn col(name: &'static str, description: &'static str) -> Column {
    Column { name, description }
}

/// Columns before the figures, in order.
pub const LEADING: &[Column] = &[
    col("id", "The event's id: its file name, stable and never reused."),
    col("url", "Address of the event's page."),
    col("title", "Headline of the event."),
    col("date", "When it was announced, at the precision the source gave: YYYY-MM-DD, YYYY-MM or YYYY."),
    col("date_precision", "day, month or year."),
    col("kind", "takedown, suspension, content-removal, dataset-release, report or attribution."),
    col("status", "published, retracted (kept for the record, left out of totals) or draft."),
    col("retraction_date", "When a retracted record was withdrawn."),
    col("retraction_reason", "Why it was withdrawn."),
    col("discloser", "Key of the organisation that published the disclosure."),
    col("discloser_name", "Its name."),
    col("platforms", "Keys of the platforms the event is filed under, separated by \"; \"."),
    col("platform_names", "Their names, in the same order."),
    col("origin", "Attributed origin countries (ISO 3166-1 alpha-2, \"; \"-separated); empty when unattributed."),
    col("origin_names", "Their names."),
    col("targets", "Target countries (ISO 3166-1 alpha-2)."),
    col("target_names", "Their names."),
    col("actor", "Key of the actor named as responsible."),
    col("actor_name", "Its name."),
    col("operation", "Key of the operation (network) the event belongs to."),
    col("operation_name", "Its name."),
    col("attribution_by", "Key of the organisation that made the attribution."),
    col("attribution_confidence", "low, moderate or high, as the attributor stated it."),
    col("attribution_wording", "The attributor's own words."),
    col("active_start", "Start of the activity period (empty when open or not given)."),
    col("active_end", "End of the activity period (empty when open or not given)."),
    col("tactics", "Tactic keys, \"; \"-separated."),
    col("partners", "Keys of organisations that tipped off or analysed, \"; \"-separated."),
    col("related", "Ids of related events, \"; \"-separated."),
    col("ad_spend", "Advertising spend as reported (for a range, its minimum)."),
    col("ad_spend.qualifier", "exact, approx, gt, gte, lt, lte or range."),
    col("ad_spend.max", "The maximum, when the spend was given as a range."),
    col("ad_spend.currency", "ISO 4217 currency code of the spend."),
    col("source_urls", "Addresses of the sources, separated by spaces."),
    col("source_count", "Number of sources."),
    col("revision_count", "Number of recorded corrections to this record."),
    col("last_revision", "Date of the latest correction."),
    col("summary", "The summary, as written (Markdown)."),
];

/// Columns after the figures.
pub const TRAILING: &[Column] = &[
    col("data_version", "The data version this file was built from (a git commit, or sha256: and a hash of the inputs)."),
    col("built_at", "Build time (from SOURCE_DATE_EPOCH), or empty."),
];

/// One platform × name figure that some event reports: `removed.facebook.accounts`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Family {
    section: usize,
    platform: String,
    order: usize,
    name: String,
}

const SECTIONS: [&str; 3] = ["removed", "reach", "content"];

impl Family {
    /// The column of the number: the record's field path.
    pub fn column(&self) -> String {
        format!("{}.{}.{}", SECTIONS[self.section], self.platform, self.name)
    }
}

fn sections(e: &Event) -> [&[Measure]; 3] {
    [&e.removed, &e.reach, &e.content]
}

/// Every figure column of the dataset, in a stable order, and whether it ever holds a range
/// (only then does it get a `.max` column).
pub fn families(ds: &Dataset) -> Vec<(Family, bool)> {
    let usual: [&[&str]; 3] = [&USUAL_ASSETS, &USUAL_METRICS, &USUAL_UNITS];
    let mut all: BTreeSet<Family> = BTreeSet::new();
    let mut ranged: BTreeSet<Family> = BTreeSet::new();
    for e in &ds.events {
        for (section, measures) in sections(e).into_iter().enumerate() {
            for m in measures {
                let family = Family {
                    section,
                    platform: m.platform.clone(),
                    order: usual[section]
                        .iter()
                        .position(|u| *u == m.name)
                        .unwrap_or(usize::MAX),
                    name: m.name.clone(),
                };
                if m.quantity.qualifier == Qualifier::Range {
                    ranged.insert(family.clone());
                }
                all.insert(family);
            }
        }
    }
    all.into_iter()
        .map(|f| {
            let r = ranged.contains(&f);
            (f, r)
        })
        .collect()
}

/// The header row.
pub fn header(families: &[(Family, bool)]) -> Vec<String> {
    let mut out: Vec<String> = LEADING.iter().map(|c| c.name.to_string()).collect();
    for (family, ranged) in families {
        let column = family.column();
        out.push(column.clone());
        out.push(format!("{column}.qualifier"));
        if *ranged {
            out.push(format!("{column}.max"));
        }
    }
    out.extend(TRAILING.iter().map(|c| c.name.to_string()));
    out
}

/// The whole file, written to `out` row by row.
pub fn write_events_csv(ds: &Dataset, meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    let families = families(ds);
    let mut writer = writer(out);
    write_row(&mut writer, &header(&families))?;
    for e in &ds.events {
        write_row(&mut writer, &row(ds, meta, e, &families))?;
    }
    writer.flush()
}

fn row(ds: &Dataset, meta: &Meta, e: &Event, families: &[(Family, bool)]) -> Vec<String> {
    let join = |items: &mut dyn Iterator<Item = &str>| items.collect::<Vec<_>>().join("; ");
    let platforms = ds.platforms_of(e);
    let (ad_value, ad_qualifier, ad_max) = quantity_cells(e.ad_spend.as_ref().map(|a| &a.amount));
    let mut cells = vec![
        e.id.clone(),
        meta.urls.permalink(&folder::event(&e.id)),
        e.title.clone(),
        e.date.iso(),
        precision(e),
        e.kind.key().to_string(),
        e.status.key().to_string(),
        e.retraction
            .as_ref()
            .map(|r| r.date.iso())
            .unwrap_or_default(),
        e.retraction
            .as_ref()
            .map(|r| r.reason.clone())
            .unwrap_or_default(),
        e.discloser.clone(),
        ds.vocab.organisation_name(&e.discloser).to_string(),
        join(&mut platforms.iter().copied()),
        join(&mut platforms.iter().map(|p| ds.vocab.organisation_name(p))),
        join(&mut e.origin.iter().map(String::as_str)),
        join(&mut e.origin.iter().map(|c| ds.vocab.country_name(c))),
        join(&mut e.targets.iter().map(String::as_str)),
        join(&mut e.targets.iter().map(|c| ds.vocab.country_name(c))),
        e.actor.clone().unwrap_or_default(),
        e.actor
            .as_deref()
            .map(|a| super::json::actor(ds, a).name.to_string())
            .unwrap_or_default(),
        e.operation.clone().unwrap_or_default(),
        e.operation
            .as_deref()
            .map(|o| super::json::operation(ds, o).name.to_string())
            .unwrap_or_default(),
        attribution(e, |a| a.by.clone()),
        attribution(e, |a| a.confidence.map(|c| c.key().to_string())),
        attribution(e, |a| a.wording.clone()),
        e.active
            .and_then(|i| i.start)
            .map(|d| d.iso())
            .unwrap_or_default(),
        e.active
            .and_then(|i| i.end)
            .map(|d| d.iso())
            .unwrap_or_default(),
        join(&mut e.tactics.iter().map(String::as_str)),
        join(&mut e.partners.iter().map(String::as_str)),
        join(
            &mut e
                .related
                .iter()
                .filter(|id| ds.event(id).is_some())
                .map(String::as_str),
        ),
        ad_value,
        ad_qualifier,
        ad_max,
        e.ad_spend
            .as_ref()
            .map(|a| a.currency.clone())
            .unwrap_or_default(),
        e.sources
            .iter()
            .map(|s| s.url.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        e.sources.len().to_string(),
        e.revisions.len().to_string(),
        e.revisions.last().map(|r| r.date.iso()).unwrap_or_default(),
        e.summary.clone(),
    ];
    debug_assert_eq!(cells.len(), LEADING.len());
    let all = sections(e);
    for (family, ranged) in families {
        let found = all[family.section]
            .iter()
            .find(|m| m.platform == family.platform && m.name == family.name);
        let (value, qualifier, max) = quantity_cells(found.map(|m| &m.quantity));
        cells.push(value);
        cells.push(qualifier);
        if *ranged {
            cells.push(max);
        }
    }
    cells.push(meta.version.id.clone());
    cells.push(meta.built_at.clone().unwrap_or_default());
    cells
}

fn precision(e: &Event) -> String {
    match e.date.precision() {
        crate::records::date::Precision::Day => "day",
        crate::records::date::Precision::Month => "month",
        crate::records::date::Precision::Year => "year",
    }
    .to_string()
}

fn attribution(
    e: &Event,
    field: impl Fn(&crate::records::Attribution) -> Option<String>,
) -> String {
    e.attribution.as_ref().and_then(field).unwrap_or_default()
}

/// Number, qualifier and maximum cells; all empty when the figure was not reported.
fn quantity_cells(q: Option<&Quantity>) -> (String, String, String) {
    match q {
        None => Default::default(),
        Some(q) => (
            q.value.to_string(),
            q.qualifier.name().to_string(),
            q.max.map(|m| m.to_string()).unwrap_or_default(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_puts_qualifier_beside_number() {
        let families = vec![
            (
                Family {
                    section: 0,
                    platform: "facebook".into(),
                    order: 0,
                    name: "accounts".into(),
                },
                false,
            ),
            (
                Family {
                    section: 1,
                    platform: "facebook".into(),
                    order: 0,
                    name: "followers".into(),
                },
                true,
            ),
        ];
        let header = header(&families);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert_eq!(
            at("removed.facebook.accounts") + 1,
            at("removed.facebook.accounts.qualifier")
        );
        assert_eq!(
            at("reach.facebook.followers") + 1,
            at("reach.facebook.followers.qualifier")
        );
        assert_eq!(
            at("reach.facebook.followers.qualifier") + 1,
            at("reach.facebook.followers.max")
        );
        assert!(!header.contains(&"removed.facebook.accounts.max".to_string()));
        assert_eq!(header.last().unwrap(), "built_at");
    }
}
