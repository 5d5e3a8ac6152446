//! `/data/events.sqlite`: the dataset as an SQLite database, for exploring with SQL (the
//! `sqlite3` shell, Datasette, DB Browser, R or pandas). One table per kind of thing, with the
//! qualifier beside every figure; see docs/data.md for the tables and an example query.
//!
//! The database is built in memory in one transaction, always in the same order and with the
//! same settings, then handed over as bytes: two builds of the same records give the same file.

use super::{stream, ExportError, ExportSink, Meta, Written};
use crate::dataset::Dataset;
use crate::present::urls::folder;
use crate::records::quantity::Quantity;
use crate::records::{ActorType, Event, Measure};
use rusqlite::{params, Connection, Statement, Transaction};
use std::io::{self, Write};

pub const FILE: &str = "data/events.sqlite";

/// The tables, in the order they are made. Comments in the schema are kept by SQLite and
/// shown by tools that list it.
const SCHEMA: &str = r#"
PRAGMA page_size = 4096;
PRAGMA journal_mode = OFF;
-- Rows refer to rows inserted later (related events): checked once filled, by the tests.
PRAGMA foreign_keys = OFF;
CREATE TABLE meta (
  key TEXT PRIMARY KEY,  -- generator, data_version, built_at, title, url, licence
  value TEXT
);
CREATE TABLE events (
  id TEXT PRIMARY KEY,            -- the record's id: its file name, stable, never reused
  url TEXT,                       -- its page
  file TEXT,                      -- the record's file in the tracker's repository
  title TEXT NOT NULL,
  date TEXT NOT NULL,             -- as written: 2019-05-28, 2019-05 or 2019
  date_precision TEXT NOT NULL,   -- day, month or year
  date_start TEXT NOT NULL,       -- first day the date covers (for sorting and ranges)
  date_end TEXT NOT NULL,         -- last day the date covers
  kind TEXT NOT NULL,             -- takedown, suspension, content-removal, dataset-release, report, attribution
  status TEXT NOT NULL,           -- published, retracted (or draft, in a build with --drafts)
  retraction_date TEXT,
  retraction_reason TEXT,
  discloser TEXT NOT NULL,        -- organisation key
  discloser_name TEXT NOT NULL,
  actor TEXT REFERENCES actors(key),
  operation TEXT REFERENCES operations(key),
  attribution_by TEXT,            -- organisation key
  attribution_wording TEXT,       -- the discloser's own words
  attribution_confidence TEXT,    -- low, moderate, high
  active_start TEXT,              -- activity period; NULL for an open end
  active_end TEXT,
  ad_spend_value INTEGER,         -- advertising spend, as a figure (see quantities)
  ad_spend_qualifier TEXT,
  ad_spend_max INTEGER,
  ad_spend_as_stated TEXT,
  ad_spend_currency TEXT,         -- ISO 4217
  first_seen TEXT,                -- the day the record first appeared in the tracker, when known
  summary TEXT NOT NULL           -- Markdown
);
CREATE TABLE quantities (
  event_id TEXT NOT NULL REFERENCES events(id),
  kind TEXT NOT NULL,             -- removed, reach or content
  platform TEXT NOT NULL,         -- organisation key
  platform_name TEXT NOT NULL,
  name TEXT NOT NULL,             -- accounts, pages, followers, tweets ...
  value INTEGER NOT NULL,         -- the figure; for a range, its minimum
  qualifier TEXT NOT NULL,        -- exact, approx, gt, gte, lt, lte, range
  min INTEGER,                    -- a range's minimum (NULL for other qualifiers)
  max INTEGER,                    -- a range's maximum (NULL for other qualifiers)
  as_stated TEXT,                 -- the source's own words
  display TEXT NOT NULL,          -- as the site shows it: 51, ≈2,800, >4,700, 100–200
  summable INTEGER NOT NULL       -- 1 when the figure counts in sums (not lt/lte), else 0
);
CREATE TABLE sources (
  event_id TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,      -- 1, 2 ... in the record's order
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  publisher TEXT,
  date TEXT,
  archive TEXT,                   -- an archived copy
  PRIMARY KEY (event_id, position)
);
CREATE TABLE revisions (
  event_id TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,      -- oldest first
  date TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (event_id, position)
);
CREATE TABLE event_origins (
  event_id TEXT NOT NULL REFERENCES events(id),
  country TEXT NOT NULL,          -- ISO 3166-1 alpha-2
  country_name TEXT NOT NULL,
  PRIMARY KEY (event_id, country)
);
CREATE TABLE event_targets (
  event_id TEXT NOT NULL REFERENCES events(id),
  country TEXT NOT NULL,
  country_name TEXT NOT NULL,
  PRIMARY KEY (event_id, country)
);
CREATE TABLE event_platforms (
  event_id TEXT NOT NULL REFERENCES events(id),
  platform TEXT NOT NULL,         -- the platforms the event is filed under
  platform_name TEXT NOT NULL,
  PRIMARY KEY (event_id, platform)
);
CREATE TABLE event_tactics (
  event_id TEXT NOT NULL REFERENCES events(id),
  tactic TEXT NOT NULL REFERENCES tactics(key),
  PRIMARY KEY (event_id, tactic)
);
CREATE TABLE event_partners (
  event_id TEXT NOT NULL REFERENCES events(id),
  organisation TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  PRIMARY KEY (event_id, organisation)
);
CREATE TABLE related_events (
  event_id TEXT NOT NULL REFERENCES events(id),
  related_id TEXT NOT NULL REFERENCES events(id),
  PRIMARY KEY (event_id, related_id)
);
CREATE TABLE tactics (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL
);
CREATE TABLE tactic_disarm (
  tactic TEXT NOT NULL REFERENCES tactics(key),
  technique TEXT NOT NULL,        -- DISARM technique id, T0143.003
  PRIMARY KEY (tactic, technique)
);
CREATE TABLE actors (
  key TEXT PRIMARY KEY,
  url TEXT,
  name TEXT NOT NULL,
  country TEXT,
  type TEXT,
  aliases TEXT,                   -- separated by '; '
  description TEXT
);
CREATE TABLE operations (
  key TEXT PRIMARY KEY,
  url TEXT,
  name TEXT NOT NULL,
  actor TEXT REFERENCES actors(key),
  aliases TEXT,
  description TEXT
);
"#;

const INDEXES: &str = r#"
CREATE INDEX quantities_by_event ON quantities(event_id);
CREATE INDEX quantities_by_name ON quantities(kind, name, platform);
CREATE INDEX events_by_date ON events(date_start);
CREATE INDEX origins_by_country ON event_origins(country);
CREATE INDEX targets_by_country ON event_targets(country);
CREATE INDEX tactics_by_tactic ON event_tactics(tactic);
CREATE INDEX platforms_by_platform ON event_platforms(platform);
"#;

fn failed(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("cannot make the SQLite database: {e}"))
}

/// Figures fit SQLite's INTEGER: docket caps them far below `i64::MAX`.
fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn range_bounds(q: &Quantity) -> (Option<i64>, Option<i64>) {
    match q.max {
        Some(max) => (Some(int(q.value)), Some(int(max))),
        None => (None, None),
    }
}

/// The statements that insert one event's rows, prepared once.
struct Inserts<'c> {
    event: Statement<'c>,
    quantity: Statement<'c>,
    source: Statement<'c>,
    revision: Statement<'c>,
    origin: Statement<'c>,
    target: Statement<'c>,
    platform: Statement<'c>,
    tactic: Statement<'c>,
    partner: Statement<'c>,
    related: Statement<'c>,
}

impl<'c> Inserts<'c> {
    fn new(tx: &'c Transaction) -> rusqlite::Result<Inserts<'c>> {
        let values = |n: usize| {
            (1..=n)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let insert = |table: &str, n: usize| {
            tx.prepare(&format!(
                "INSERT OR IGNORE INTO {table} VALUES ({})",
                values(n)
            ))
        };
        Ok(Inserts {
            event: insert("events", 28)?,
            quantity: insert("quantities", 12)?,
            source: insert("sources", 7)?,
            revision: insert("revisions", 4)?,
            origin: insert("event_origins", 3)?,
            target: insert("event_targets", 3)?,
            platform: insert("event_platforms", 3)?,
            tactic: insert("event_tactics", 2)?,
            partner: insert("event_partners", 3)?,
            related: insert("related_events", 2)?,
        })
    }

    fn event(&mut self, ds: &Dataset, meta: &Meta, e: &Event) -> rusqlite::Result<()> {
        let attribution = e.attribution.as_ref();
        let ad = e.ad_spend.as_ref();
        self.event.execute(params![
            e.id,
            meta.urls.permalink(&folder::event(&e.id)),
            e.file,
            e.title,
            e.date.iso(),
            match e.date.precision() {
                crate::records::date::Precision::Day => "day",
                crate::records::date::Precision::Month => "month",
                crate::records::date::Precision::Year => "year",
            },
            e.date.first_day().to_string(),
            e.date.last_day().to_string(),
            e.kind.key(),
            e.status.key(),
            e.retraction.as_ref().map(|r| r.date.iso()),
            e.retraction.as_ref().map(|r| r.reason.as_str()),
            e.discloser,
            ds.vocab.organisation_name(&e.discloser),
            e.actor,
            e.operation,
            attribution.and_then(|a| a.by.as_deref()),
            attribution.and_then(|a| a.wording.as_deref()),
            attribution.and_then(|a| a.confidence).map(|c| c.key()),
            e.active.as_ref().and_then(|i| i.start).map(|d| d.iso()),
            e.active.as_ref().and_then(|i| i.end).map(|d| d.iso()),
            ad.map(|a| int(a.amount.value)),
            ad.map(|a| a.amount.qualifier.name()),
            ad.and_then(|a| a.amount.max).map(int),
            ad.and_then(|a| a.amount.as_stated.as_deref()),
            ad.map(|a| a.currency.as_str()),
            ds.first_seen(e).map(|d| d.iso()),
            e.summary,
        ])?;
        let groups: [(&str, &[Measure]); 3] = [
            ("removed", &e.removed),
            ("reach", &e.reach),
            ("content", &e.content),
        ];
        for (kind, list) in groups {
            for m in list {
                let q = &m.quantity;
                let (min, max) = range_bounds(q);
                self.quantity.execute(params![
                    e.id,
                    kind,
                    m.platform,
                    ds.vocab.organisation_name(&m.platform),
                    m.name,
                    int(q.value),
                    q.qualifier.name(),
                    min,
                    max,
                    q.as_stated,
                    q.display(),
                    !q.qualifier.is_upper_bound(),
                ])?;
            }
        }
        for (i, s) in e.sources.iter().enumerate() {
            self.source.execute(params![
                e.id,
                i as i64 + 1,
                s.url,
                s.title,
                s.publisher,
                s.date.map(|d| d.iso()),
                s.archive
            ])?;
        }
        for (i, r) in e.revisions.iter().enumerate() {
            self.revision
                .execute(params![e.id, i as i64 + 1, r.date.iso(), r.note])?;
        }
        for c in &e.origin {
            self.origin
                .execute(params![e.id, c, ds.vocab.country_name(c)])?;
        }
        for c in &e.targets {
            self.target
                .execute(params![e.id, c, ds.vocab.country_name(c)])?;
        }
        for p in ds.platforms_of(e) {
            self.platform
                .execute(params![e.id, p, ds.vocab.organisation_name(p)])?;
        }
        for t in &e.tactics {
            self.tactic.execute(params![e.id, t])?;
        }
        for p in &e.partners {
            self.partner
                .execute(params![e.id, p, ds.vocab.organisation_name(p)])?;
        }
        // Events left out of this build (drafts) are not named.
        for r in e.related.iter().filter(|r| ds.event(r).is_some()) {
            self.related.execute(params![e.id, r])?;
        }
        Ok(())
    }
}

fn fill(conn: &mut Connection, ds: &Dataset, meta: &Meta) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut put = tx.prepare("INSERT INTO meta VALUES (?1, ?2)")?;
        let version = &meta.version.id;
        for (key, value) in [
            ("generator", Some(meta.generator.as_str())),
            ("data_version", Some(version.as_str())),
            ("built_at", meta.built_at.as_deref()),
            ("title", Some(ds.config.title.as_str())),
            ("url", Some(ds.config.base_url())),
            ("licence", Some(ds.config.licence.as_str())),
        ] {
            put.execute(params![key, value])?;
        }
        let mut tactic = tx.prepare("INSERT INTO tactics VALUES (?1, ?2)")?;
        let mut disarm = tx.prepare("INSERT OR IGNORE INTO tactic_disarm VALUES (?1, ?2)")?;
        for (key, t) in &ds.vocab.tactics {
            tactic.execute(params![key, t.label])?;
            for d in &t.disarm {
                disarm.execute(params![key, d])?;
            }
        }
        let mut actor = tx.prepare("INSERT INTO actors VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for a in ds.actors.values() {
            actor.execute(params![
                a.key,
                meta.urls
                    .permalink(&folder::term(crate::dataset::Taxonomy::Actor, &a.key)),
                a.name,
                a.country,
                a.kind.map(|k| ActorType::NAMES[k as usize]),
                a.aliases.join("; "),
                a.description,
            ])?;
        }
        let mut operation = tx.prepare("INSERT INTO operations VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for o in ds.operations.values() {
            operation.execute(params![
                o.key,
                meta.urls
                    .permalink(&folder::term(crate::dataset::Taxonomy::Operation, &o.key)),
                o.name,
                o.actor,
                o.aliases.join("; "),
                o.description,
            ])?;
        }
        let mut inserts = Inserts::new(&tx)?;
        for e in &ds.events {
            inserts.event(ds, meta, e)?;
        }
    }
    tx.commit()?;
    conn.execute_batch(INDEXES)?;
    Ok(())
}

/// The database, made in memory and written whole to `out`.
pub fn write_sqlite(ds: &Dataset, meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    let mut conn = Connection::open_in_memory().map_err(failed)?;
    fill(&mut conn, ds, meta).map_err(failed)?;
    let bytes = conn.serialize(rusqlite::MAIN_DB).map_err(failed)?;
    out.write_all(&bytes)
}

/// `data/events.sqlite` into `sink`: straight into its file when the sink has one on disk (the
/// build), so the database never sits in memory (230 MB at 100,000 events), else made in memory
/// (`serve`). Both give the same bytes.
pub fn write(ds: &Dataset, meta: &Meta, sink: &dyn ExportSink) -> Result<Written, ExportError> {
    let Some(path) = sink.file_for(FILE).map_err(ExportError::Write)? else {
        return stream(sink, FILE, &mut |out| write_sqlite(ds, meta, out));
    };
    let failed = |e: &dyn std::fmt::Display| {
        ExportError::Write(format!("cannot write {}: {e}", path.display()))
    };
    let mut conn = Connection::open(&path).map_err(|e| failed(&e))?;
    conn.execute_batch("PRAGMA synchronous = OFF;")
        .map_err(|e| failed(&e))?;
    fill(&mut conn, ds, meta).map_err(|e| failed(&e))?;
    conn.close().map_err(|(_, e)| failed(&e))?;
    as_made_in_memory(&path).map_err(|e| failed(&e))?;
    let size = std::fs::metadata(&path).map_err(|e| failed(&e))?.len();
    Ok(Written {
        path: FILE.to_string(),
        size,
    })
}

/// Give a database file the header fields a database made in memory has: no write counted
/// (the file change counter and the version-valid-for number both 0, which keeps the header's
/// page count valid) and no library version. The rest of the file is the same page for page.
fn as_made_in_memory(path: &std::path::Path) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.seek(SeekFrom::Start(24))?;
    file.write_all(&[0; 4])?;
    file.seek(SeekFrom::Start(92))?;
    file.write_all(&[0; 8])?;
    file.flush()
}
