//! The site's own pages beside the record pages: the data page (which lists the downloads
//! with their sizes, so it is made after them), the changelog, the 404 page, the Atom feed,
//! and the events table's rows for the site's script (`data/rows.json`).

mod changelog;
mod data_page;
mod feed;

use super::Renderer;
use crate::exports::{Export, Meta, Written};
use crate::history::History;
use tera::Context;

/// Every site page, made once the downloads in `files` are written (the data page gives their
/// sizes), in the order they are written.
pub fn site_pages(
    r: &Renderer,
    meta: &Meta,
    history: &History,
    files: &[Written],
) -> Result<Vec<Export>, String> {
    Ok(vec![
        Export::new("data/index.html", data_page::data_html(r, meta, files)?),
        Export::new("feed.xml", feed::feed_xml(r, meta)?),
        Export::new(
            "changelog/index.html",
            changelog::changelog_html(r, meta, &history.first_seen)?,
        ),
        Export::new("404.html", data_page::not_found_html(r)?),
        Export::new(crate::exports::search::ROWS_FILE, rows_json(r)?),
    ])
}

/// Every event's table row by id, as the pages show it: the script's filtered table is made
/// of these, so a theme that overrides `partials/row.html` is never contradicted by it.
fn rows_json(r: &Renderer) -> Result<Vec<u8>, String> {
    let mut rows = serde_json::Map::new();
    for (i, e) in r.ds.events.iter().enumerate() {
        rows.insert(e.id.clone(), r.row_html(i)?.into());
    }
    serde_json::to_vec(&serde_json::json!({ "v": 1, "rows": rows }))
        .map_err(|e| format!("data/rows.json: {e}"))
}

/// A template's error, named after the template.
fn render(r: &Renderer, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
    r.tera
        .render(template, ctx)
        .map(String::into_bytes)
        .map_err(|e| format!("{template}: {}", super::theme::tera_message(&e)))
}
