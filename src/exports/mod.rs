//! Data out: the downloads (`/data/events.json`, `/data/events.csv`), the JSON Schemas of the
//! record files, the search index the site's script uses, the Atom feed, the sitemap and
//! robots.txt, the changelog, the data page and the 404 page.
//!
//! [`write_all`] makes every one of them from the dataset and writes them to an [`ExportSink`]:
//! `build` streams them into its output folder while it renders the pages ([`downloads`], then
//! the sitemap once the pages are known), `serve` keeps them in memory ([`all`]). Each download
//! carries the data version ([`version`]) and, when `SOURCE_DATE_EPOCH` pins it, the build time
//! ([`crate::clock::pinned_build_time`]); never the wall clock.

mod changelog;
pub mod csv;
mod data_page;
mod feed;
pub mod json;
pub mod schema;
pub mod search;
mod sink;
mod sitemap;
pub mod version;

pub use sink::{Collected, ExportSink};

use crate::dataset::Dataset;
use serde_json::json;
use sink::Counting;
use std::io::{self, Write};
use std::path::Path;
use tera::{Context, Tera};
use version::DataVersion;

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

/// What every export states about the build: who made it, from which data, when.
pub struct Meta {
    pub generator: String,
    pub version: DataVersion,
    /// RFC 3339, only when `SOURCE_DATE_EPOCH` is set.
    pub built_at: Option<String>,
    base_url: String,
    base: String,
}

impl Meta {
    pub fn new(ds: &Dataset, version: DataVersion) -> Meta {
        Meta {
            generator: format!("docket {}", env!("CARGO_PKG_VERSION")),
            version,
            built_at: crate::clock::pinned_build_time(),
            base_url: ds.config.base_url().to_string(),
            base: ds.config.base_path(),
        }
    }

    pub fn has_base_url(&self) -> bool {
        !self.base_url.is_empty()
    }

    /// The site path of an output folder or file (`/tracker/events/x/`).
    pub fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.base)
    }

    /// The absolute address of an output folder or file when `base_url` is set, else its path.
    pub fn permalink(&self, relative: &str) -> String {
        if self.has_base_url() {
            format!("{}/{relative}", self.base_url)
        } else {
            self.path(relative)
        }
    }

    /// A permanent identifier for feed entries: the address, or a URN when the site has none.
    pub fn identifier(&self, relative: &str) -> String {
        if self.has_base_url() {
            self.permalink(relative)
        } else {
            format!("urn:docket:{}", relative.trim_end_matches('/'))
        }
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
            base_url: base_url.trim_end_matches('/').to_string(),
            base: "/t/".into(),
        }
    }
}

/// Set `page` in a template context the way every page of the site has it.
pub fn page_meta(
    ds: &Dataset,
    ctx: &mut Context,
    kind: &str,
    title: &str,
    folder: &str,
    description: &str,
) {
    let url = format!("{}{folder}", ds.config.base_path());
    ctx.insert(
        "page",
        &json!({
            "kind": kind,
            "title": title,
            "url": url,
            "permalink": format!("{}/{folder}", ds.config.base_url()),
            "description": description,
        }),
    );
}

/// Every export but the sitemap, written: what [`downloads`] made, to finish with
/// [`Downloads::finish`] once the pages are known.
pub struct Downloads {
    meta: Meta,
    written: Vec<Written>,
}

/// Every export except the sitemap, written to `sink`. They need nothing from the pages, so
/// `build` makes them while it renders.
pub fn downloads(
    ds: &Dataset,
    tera: &Tera,
    root: &Path,
    sink: &dyn ExportSink,
) -> Result<Downloads, ExportError> {
    let (version, added) = rayon::join(|| DataVersion::of(root), || changelog::first_seen(root));
    let meta = Meta::new(ds, version);
    let (big, schemas) = rayon::join(|| big_files(ds, &meta, sink), || schema::schemas(&ds.vocab));
    let mut written = big?;
    for (name, schema) in &schemas {
        let path = format!("data/schema/{name}");
        written.push(put(sink, &path, &schema::to_bytes(schema))?);
    }
    let template = ExportError::Template;
    let data_page = data_page::data_html(ds, tera, &meta, &written).map_err(template)?;
    written.push(put(sink, "data/index.html", &data_page)?);
    let feed = feed::feed_xml(ds, tera, &meta).map_err(template)?;
    written.push(put(sink, "feed.xml", &feed)?);
    let changelog = changelog::changelog_html(ds, tera, &meta, &added).map_err(template)?;
    written.push(put(sink, "changelog/index.html", &changelog)?);
    let not_found = data_page::not_found_html(ds, tera).map_err(template)?;
    written.push(put(sink, "404.html", &not_found)?);
    Ok(Downloads { meta, written })
}

/// The files that grow with the events, streamed to `sink` side by side, so memory holds a
/// slice of each rather than the whole.
fn big_files(
    ds: &Dataset,
    meta: &Meta,
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    let ((json, csv), search) = rayon::join(
        || {
            rayon::join(
                || {
                    stream(sink, "data/events.json", &mut |out| {
                        json::write_events_json(ds, meta, json::CHUNK, out)
                    })
                },
                || {
                    stream(sink, "data/events.csv", &mut |out| {
                        csv::write_events_csv(ds, meta, out)
                    })
                },
            )
        },
        || {
            stream(sink, "data/search.json", &mut |out| {
                search::write_search_json(ds, out)
            })
        },
    );
    Ok(vec![json?, csv?, search?])
}

impl Downloads {
    /// Write the sitemap of `pages` (the HTML files the build wrote) and of the exports' own
    /// pages; return every file the exports wrote.
    pub fn finish(
        self,
        pages: &[String],
        sink: &dyn ExportSink,
    ) -> Result<Vec<Written>, ExportError> {
        let mut html: Vec<String> = pages.to_vec();
        html.extend(
            self.written
                .iter()
                .filter(|w| w.path.ends_with(".html"))
                .map(|w| w.path.clone()),
        );
        let mut written = self.written;
        for file in sitemap::sitemaps(&self.meta, &html) {
            written.push(put(sink, &file.path, &file.bytes)?);
        }
        Ok(written)
    }
}

/// Every export of the site, written to `sink`. `pages` are the HTML files the build wrote,
/// for the sitemap.
pub fn write_all(
    ds: &Dataset,
    tera: &Tera,
    root: &Path,
    pages: &[String],
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    downloads(ds, tera, root, sink)?.finish(pages, sink)
}

/// Every export of the site, in memory, sorted by path. Fails only when a template does, with
/// the template's message.
pub fn all(
    ds: &Dataset,
    tera: &Tera,
    root: &Path,
    pages: &[String],
) -> Result<Vec<Export>, String> {
    let files = Collected::default();
    write_all(ds, tera, root, pages, &files).map_err(|e| e.to_string())?;
    Ok(files.into_exports())
}

/// Write a file made whole.
fn put(sink: &dyn ExportSink, path: &str, bytes: &[u8]) -> Result<Written, ExportError> {
    sink.put(path, bytes).map_err(ExportError::Write)?;
    Ok(Written {
        path: path.to_string(),
        size: bytes.len() as u64,
    })
}

/// Write a file as `fill` makes it.
fn stream(
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

/// A template's error, named after the template.
fn render(tera: &Tera, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
    tera.render(template, ctx)
        .map(String::into_bytes)
        .map_err(|e| format!("{template}: {}", crate::render::theme::tera_message(&e)))
}
