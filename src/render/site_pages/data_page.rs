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
    title: &'static str,
    url: String,
    file: String,
    format: &'static str,
    size: String,
    description: &'static str,
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
    let download = |title, file: &str, format, description| Download {
        title,
        url: meta.urls.path(file),
        file: file.rsplit('/').next().unwrap_or(file).to_string(),
        format,
        size: size(file),
        description,
        also: Vec::new(),
    };
    let downloads = vec![
        download(
            "All events (CSV)",
            "data/events.csv",
            "CSV, UTF-8",
            "One row per event, one column per platform and figure, each with its qualifier beside it.",
        ),
        download(
            "All events, actors and operations (JSON)",
            "data/events.json",
            "JSON",
            "Every field of every record, with names resolved and each figure as value, qualifier and display text.",
        ),
        download(
            "Schema of events.json",
            crate::exports::data_schema::FILE,
            "JSON Schema 2020-12",
            "What each field of events.json holds, for validating it or generating code from it.",
        ),
        download(
            "All events as SQL tables (SQLite)",
            "data/events.sqlite",
            "SQLite 3",
            "Events, figures (with qualifiers), sources, revisions, countries, platforms and tactics as tables, for SQL tools such as Datasette.",
        ),
        download(
            "All events for threat-intelligence platforms (STIX 2.1)",
            "data/events.stix.json",
            "STIX 2.1 bundle",
            "A report per record with its discloser, actor, operation, countries and DISARM techniques; figures and qualifiers in docket's documented extension.",
        ),
        download(
            "All events for MISP",
            "data/events.misp.json",
            "MISP JSON",
            "One MISP event per record, with source links, figures and DISARM galaxy clusters.",
        ),
        Download {
            also: [("ris", "RIS"), ("csl.json", "CSL-JSON")]
                .into_iter()
                .map(|(extension, format)| {
                    let file = folder::citation(folder::DATA, extension);
                    Alternative {
                        url: meta.urls.path(&file),
                        file: file.rsplit('/').next().unwrap_or(&file).to_string(),
                        format,
                        size: size(&file),
                    }
                })
                .collect(),
            ..download(
                "Cite the dataset",
                &folder::citation(folder::DATA, "bib"),
                "BibTeX",
                "The dataset's citation for reference managers (BibTeX, RIS for EndNote and Mendeley, CSL-JSON for Zotero and pandoc). Every record and briefing has its own beside its page.",
            )
        },
        download(
            "Latest events (Atom feed)",
            "feed.xml",
            "Atom",
            "The newest events, for feed readers.",
        ),
    ];
    let figure_columns: Vec<String> = families(ds).iter().map(|(f, _)| f.column()).collect();
    let schemas: Vec<serde_json::Value> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("data/schema/"))
        .map(|name| {
            serde_json::json!({
                "name": name,
                "url": meta.urls.path(&format!("data/schema/{name}")),
                "describes": crate::exports::schema::describes(name),
            })
        })
        .collect();
    let mut ctx = Context::new();
    r.meta(
        &mut ctx,
        "data",
        "Data",
        "data/",
        "Download the whole dataset as CSV, JSON, SQLite, STIX 2.1 or MISP, with every figure's qualifier, and cite it.",
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
    render(r, "data.html", &ctx)
}

/// The page a static host serves for a missing address. Its links are absolute paths, so it
/// works at any depth.
pub fn not_found_html(r: &Renderer) -> Result<Vec<u8>, String> {
    let mut ctx = Context::new();
    r.meta(
        &mut ctx,
        "not-found",
        "Page not found",
        "404.html",
        "There is no page at this address.",
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
