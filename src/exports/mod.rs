//! Data out: the downloads (`/data/events.json`, `/data/events.csv`), the JSON Schemas of the
//! record files, the search index the site's script uses, the Atom feed, the sitemap and
//! robots.txt, the changelog, the data page and the 404 page.
//!
//! [`all`] makes every one of them from the dataset; `build` writes them beside the pages. Each
//! download carries the data version ([`version`]) and, when `SOURCE_DATE_EPOCH` pins it, the
//! build time ([`crate::clock::pinned_build_time`]); never the wall clock.

mod changelog;
pub mod csv;
mod data_page;
mod feed;
pub mod json;
pub mod schema;
pub mod search;
mod sitemap;
pub mod version;

use crate::dataset::Dataset;
use serde_json::json;
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

/// Every export of the site. `pages` are the HTML files the build wrote, for the sitemap.
/// Fails only when a template does, with the template's message.
pub fn all(
    ds: &Dataset,
    tera: &Tera,
    root: &Path,
    pages: &[String],
) -> Result<Vec<Export>, String> {
    let (version, added) = rayon::join(|| DataVersion::of(root), || changelog::first_seen(root));
    let meta = Meta::new(ds, version);
    let ((events_json, events_csv), (search_json, schemas)) = rayon::join(
        || {
            rayon::join(
                || json::events_json(ds, &meta),
                || csv::events_csv(ds, &meta),
            )
        },
        || rayon::join(|| search::search_json(ds), || schema::schemas(&ds.vocab)),
    );
    let mut out = vec![
        Export::new("data/events.json", events_json),
        Export::new("data/events.csv", events_csv),
        Export::new("data/search.json", search_json),
    ];
    for (name, schema) in &schemas {
        out.push(Export::new(
            &format!("data/schema/{name}"),
            schema::to_bytes(schema),
        ));
    }
    let data_page = data_page::data_html(ds, tera, &meta, &out)?;
    out.push(Export::new("data/index.html", data_page));
    out.push(Export::new("feed.xml", feed::feed_xml(ds, tera, &meta)?));
    out.push(Export::new(
        "changelog/index.html",
        changelog::changelog_html(ds, tera, &meta, &added)?,
    ));
    out.push(Export::new(
        "404.html",
        data_page::not_found_html(ds, tera)?,
    ));
    let mut html: Vec<String> = pages.to_vec();
    html.extend(
        out.iter()
            .filter(|e| e.path.ends_with(".html"))
            .map(|e| e.path.clone()),
    );
    out.extend(sitemap::sitemaps(&meta, &html));
    Ok(out)
}

/// A template's error, named after the template.
fn render(tera: &Tera, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
    tera.render(template, ctx)
        .map(String::into_bytes)
        .map_err(|e| format!("{template}: {}", crate::render::theme::tera_message(&e)))
}
