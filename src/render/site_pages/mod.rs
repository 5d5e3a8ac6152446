//! The site's own pages beside the record pages: the data page (which lists the downloads
//! with their sizes, so it is made after them), the changelog, the 404 page, the Atom feed,
//! and the events table's rows for the site's script (`data/rows.json`).

mod changelog;
mod data_page;
mod feed;

use super::Renderer;
use crate::exports::{Export, Meta, Written};
use crate::history::History;
use std::io::{self, Write};
use tera::Context;

/// Every site page, made once the downloads in `files` are written (the data page gives their
/// sizes), in the order they are written.
pub fn site_pages(
    r: &Renderer,
    meta: &Meta,
    history: &History,
    files: &[Written],
) -> Result<Vec<Export>, String> {
    // Each language has its own, under its folder.
    let at = |path: &str| r.urls.output(path);
    Ok(vec![
        Export::new(
            &at("data/index.html"),
            data_page::data_html(r, meta, files)?,
        ),
        Export::new(&at("feed.xml"), feed::feed_xml(r, meta)?),
        Export::new(
            &at("changelog/index.html"),
            changelog::changelog_html(r, meta, &history.first_seen)?,
        ),
        Export::new(&at("404.html"), data_page::not_found_html(r)?),
    ])
}

/// Every event's table row by id, as the pages show it, streamed to `out`: the script's
/// filtered table is made of these, so a theme that overrides `partials/row.html` is never
/// contradicted by it. Written row by row: at 10,000 events the file is about 5 MB.
pub fn write_rows_json(r: &Renderer, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\"v\":1,\"rows\":{")?;
    // In id order, as a JSON object's keys are written everywhere else.
    let mut order: Vec<usize> = (0..r.ds.events.len()).collect();
    order.sort_by(|&a, &b| r.ds.events[a].id.cmp(&r.ds.events[b].id));
    for (n, i) in order.into_iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        let html = r.row_html(i).map_err(io::Error::other)?;
        serde_json::to_writer(&mut *out, &r.ds.events[i].id)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut *out, &html)?;
    }
    out.write_all(b"}}")
}

/// A template's error, named after the template.
/// A template's output with the data's facts bound: site pages are made anew with every build.
fn render(r: &Renderer, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
    r.tera
        .render(template, ctx)
        .map(|page| r.facts.bind(page.as_bytes()).into_owned())
        .map_err(|e| format!("{template}: {}", super::theme::tera_message(&e)))
}
