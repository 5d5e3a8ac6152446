//! Data out, and only data: the downloads (`/data/events.json` and its schema, `events.csv`,
//! `events.sqlite`, the STIX 2.1 bundle `events.stix.json`, the MISP events `events.misp.json`),
//! the citation files beside every citable page ([`cite`]), the JSON Schemas of the record
//! files, the search index the site's script uses, and the sitemap and robots.txt. Every HTML
//! page and the feed are `render`'s.
//!
//! [`downloads`] writes the files that need nothing from the pages to an [`ExportSink`] (`build`
//! streams them into its output folder while it renders the pages; `serve` keeps them in
//! memory), and [`sitemaps`] the sitemap once every page is known. Each download carries the
//! data version ([`crate::history`]) and, when `SOURCE_DATE_EPOCH` pins it, the build time
//! ([`crate::clock::pinned_build_time`]); never the wall clock.

pub mod cite;
pub mod csv;
pub mod data_schema;
pub mod ids;
pub mod json;
pub mod misp;
pub mod schema;
pub mod search;
mod sink;
mod sitemap;
pub mod sqlite;
pub mod stix;

pub use sink::{Collected, ExportSink};

use crate::dataset::Dataset;
use crate::history::DataVersion;
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use rayon::prelude::*;
use sink::Counting;
use std::io::{self, Write};

/// One file of output, by its `/`-separated path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Export {
    pub fn new(path: &str, bytes: impl Into<Vec<u8>>) -> Export {
        Export {
            path: path.to_string(),
            bytes: bytes.into(),
        }
    }
}

/// A file written by the exports, and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub size: u64,
}

/// Why the exports could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// A template failed; the message names it.
    Template(String),
    /// A file could not be written; the message names it.
    Write(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Template(message) | ExportError::Write(message) => f.write_str(message),
        }
    }
}

/// What every export states about the build: who made it, from which data, when; and the
/// site's addresses ([`Urls`]), to link back to its pages.
pub struct Meta {
    pub generator: String,
    pub version: DataVersion,
    /// RFC 3339, only when `SOURCE_DATE_EPOCH` is set.
    pub built_at: Option<String>,
    pub urls: Urls,
    /// The languages the site is published in, its own first: each has its search index.
    pub locales: Vec<Locale>,
}

impl Meta {
    pub fn new(ds: &Dataset, version: DataVersion) -> Meta {
        Meta {
            generator: format!("docket {}", env!("CARGO_PKG_VERSION")),
            version,
            built_at: crate::clock::pinned_build_time(),
            urls: Urls::new(&ds.config),
            locales: vec![Locale::english()],
        }
    }

    /// The same, for a site in `locales` (its own language first).
    pub fn with_locales(mut self, locales: &[Locale]) -> Meta {
        if !locales.is_empty() {
            self.locales = locales.to_vec();
        }
        self
    }

    #[cfg(test)]
    pub fn for_tests(base_url: &str) -> Meta {
        Meta {
            generator: "docket test".into(),
            version: DataVersion {
                id: "0".repeat(40),
                source: "git",
                git_commit: Some("0".repeat(40)),
                modified: false,
            },
            built_at: None,
            urls: Urls::for_tests(base_url.trim_end_matches('/'), "/t/"),
            locales: vec![Locale::english()],
        }
    }
}

/// Every data file but the sitemap, written to `sink`: they need nothing from the pages, so
/// `build` makes them while it renders.
pub fn downloads(
    ds: &Dataset,
    meta: &Meta,
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    let (big, schemas) = rayon::join(|| big_files(ds, meta, sink), || schema::schemas(&ds.vocab));
    let mut written = big?;
    for (name, schema) in &schemas {
        let path = format!("data/schema/{name}");
        written.push(put(sink, &path, &schema::to_bytes(schema))?);
    }
    Ok(written)
}

/// One download (or family of files) to make.
type Job<'a> = Box<dyn Fn() -> Result<Vec<Written>, ExportError> + Send + Sync + 'a>;

/// The files that grow with the events, side by side on every core; the big ones are streamed
/// to `sink`, so memory holds a slice of each rather than the whole.
fn big_files(
    ds: &Dataset,
    meta: &Meta,
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    let one = |path: &'static str, fill: fn(&Dataset, &Meta, &mut dyn Write) -> io::Result<()>| {
        Box::new(move || Ok(vec![stream(sink, path, &mut |out| fill(ds, meta, out))?])) as Job
    };
    let mut jobs: Vec<Job> = vec![
        one("data/events.json", |ds, meta, out| {
            json::write_events_json(ds, meta, json::CHUNK, out)
        }),
        one("data/events.csv", csv::write_events_csv),
        one("data/events.stix.json", |ds, meta, out| {
            stix::write_stix(ds, meta, json::CHUNK, out)
        }),
        one("data/events.misp.json", |ds, meta, out| {
            misp::write_misp(ds, meta, json::CHUNK, out)
        }),
        Box::new(|| Ok(vec![sqlite::write(ds, meta, sink)?])),
        Box::new(|| cite::write_all(ds, meta, sink)),
        Box::new(|| {
            let id = meta.urls.permalink(data_schema::FILE);
            let bytes = schema::to_bytes(&data_schema::schema(&id));
            Ok(vec![put(sink, data_schema::FILE, &bytes)?])
        }),
    ];
    for loc in &meta.locales {
        jobs.push(Box::new(move || {
            let path = search::index_file(loc);
            Ok(vec![stream(sink, &path, &mut |out| {
                search::write_search_json(ds, loc, out)
            })?])
        }));
    }
    let made: Vec<Vec<Written>> = jobs.par_iter().map(|job| job()).collect::<Result<_, _>>()?;
    Ok(made.into_iter().flatten().collect())
}

/// The sitemap of `pages`, every HTML file the build wrote, written to `sink`.
pub fn sitemaps(
    meta: &Meta,
    pages: &[String],
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    sitemap::sitemaps(meta, pages)
        .iter()
        .map(|file| put(sink, &file.path, &file.bytes))
        .collect()
}

/// Write a file made whole.
pub fn put(sink: &dyn ExportSink, path: &str, bytes: &[u8]) -> Result<Written, ExportError> {
    sink.put(path, bytes).map_err(ExportError::Write)?;
    Ok(Written {
        path: path.to_string(),
        size: bytes.len() as u64,
    })
}

/// Write a file as `fill` makes it.
pub fn stream(
    sink: &dyn ExportSink,
    path: &str,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<Written, ExportError> {
    let mut size = 0;
    sink.write_with(path, &mut |out| {
        let mut counting = Counting::new(out);
        fill(&mut counting)?;
        size = counting.count;
        Ok(())
    })
    .map_err(ExportError::Write)?;
    Ok(Written {
        path: path.to_string(),
        size,
    })
}
