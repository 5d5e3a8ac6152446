//! `/data/`: what can be downloaded, what each CSV column means, and the data version; and
//! the site's `404.html`.

use super::render;
use crate::exports::csv::{families, Column, LEADING, TRAILING};
use crate::exports::{Meta, Written};
use crate::present::urls::folder;
use crate::render::Renderer;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct Download {
    title: String,
    url: String,
    file: String,
    format: &'static str,
    size: String,
    description: String,
    /// The same in other formats, linked beside it.
    also: Vec<Alternative>,
}

#[derive(Serialize)]
struct Alternative {
    url: String,
    file: String,
    format: &'static str,
    size: String,
}

#[derive(Serialize)]
struct ColumnView {
    name: String,
    description: String,
}

fn column(c: &Column) -> ColumnView {
    ColumnView {
        name: c.name.to_string(),
        description: c.description.to_string(),
    }
}

/// `1.2 MB`, `34 kB`, `512 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} kB", b.div_ceil(1000)),
        b => format!("{b} bytes"),
    }
}

/// The data page; `files` are the exports written so far (for their sizes).
pub fn data_html(r: &Renderer, meta: &Meta, files: &[Written]) -> Result<Vec<u8>, String> {
    let ds = r.ds;
    let size = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .map_or(String::new(), |f| human_size(f.size))
    };
    let loc = &r.locale;
    let text = |key: &str| loc.text(&format!("data.files.{key}")).to_string();
    let download = |key: &str, file: &str, format, description: String| Download {
        title: text(key),
        url: r.urls.shared(file),
        file: file.rsplit('/').next().unwrap_or(file).to_string(),
        format,
        size: size(file),
        description,
        also: Vec::new(),
    };
    let downloads = vec![
        download("csv", "data/events.csv", "CSV, UTF-8", text("csv_note")),
        download("json", "data/events.json", "JSON", text("json_note")),
        download(
            "schema",
            crate::exports::data_schema::FILE,
            "JSON Schema 2020-12",
            text("schema_note"),
        ),
        download(
            "sqlite",
            "data/events.sqlite",
            "SQLite 3",
            text("sqlite_note"),
        ),
        download(
            "stix",
            "data/events.stix.json",
            "STIX 2.1 bundle",
            text("stix_note"),
        ),
        download(
            "misp",
            "data/events.misp.json",
            "MISP JSON",
            text("misp_note"),
        ),
        Download {
            also: [("ris", "RIS"), ("csl.json", "CSL-JSON")]
                .into_iter()
                .map(|(extension, format)| {
                    let file = folder::citation(folder::DATA, extension);
                    Alternative {
                        url: r.urls.shared(&file),
                        file: file.rsplit('/').next().unwrap_or(&file).to_string(),
                        format,
                        size: size(&file),
                    }
                })
                .collect(),
            ..download(
                "cite",
                &folder::citation(folder::DATA, "bib"),
                "BibTeX",
                text("cite_note"),
            )
        },
        Download {
            url: r.urls.path(folder::FEED),
            ..download("feed", folder::FEED, "Atom", text("feed_note"))
        },
    ];
    let figure_columns: Vec<String> = families(ds).iter().map(|(f, _)| f.column()).collect();
    let schemas: Vec<serde_json::Value> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("data/schema/"))
        .map(|name| {
            serde_json::json!({
                "name": name,
                "url": r.urls.shared(&format!("data/schema/{name}")),
                "describes": crate::exports::schema::describes(name),
            })
        })
        .collect();
    let mut ctx = Context::new();
    r.meta(
        &mut ctx,
        "data",
        loc.text("nav.data"),
        folder::DATA,
        loc.text("pages.data_description"),
    );
    ctx.insert("downloads", &downloads);
    ctx.insert(
        "leading_columns",
        &LEADING.iter().map(column).collect::<Vec<_>>(),
    );
    ctx.insert("figure_columns", &figure_columns);
    ctx.insert(
        "trailing_columns",
        &TRAILING.iter().map(column).collect::<Vec<_>>(),
    );
    ctx.insert("schemas", &schemas);
    ctx.insert("citation", &r.dataset_citation());
    ctx.insert("data_version", &meta.version);
    ctx.insert("built_at", &meta.built_at);
    ctx.insert("event_count", &ds.events.len());
    // How each qualifier is shown, in the page's language.
    let q = |s: &str| {
        crate::records::quantity::Quantity::parse_short(s)
            .map(|q| loc.quantity(&q))
            .unwrap_or_default()
    };
    ctx.insert(
        "qualifiers",
        &serde_json::json!({
            "exact": q("51"),
            "approx": q("~2800"),
            "gt": q(">4700"),
            "gte": q(">=1000"),
            "lt": q("<100"),
            "lte": q("<=100"),
            "range": q("100-200"),
        }),
    );
    render(r, "data.html", &ctx)
}

/// The page a static host serves for a missing address. Its links are absolute paths, so it
/// works at any depth.
pub fn not_found_html(r: &Renderer) -> Result<Vec<u8>, String> {
    let mut ctx = Context::new();
    r.meta(
        &mut ctx,
        "not-found",
        r.locale.text("pages.not_found"),
        "404.html",
        r.locale.text("pages.not_found_description"),
    );
    render(r, "404.html", &ctx)
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(1_500), "2 kB");
        assert_eq!(human_size(2_345_678), "2.3 MB");
    }
}
