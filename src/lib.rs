//! # docket
//!
//! docket turns a folder of YAML records about platform takedowns and disclosures of influence
//! operations into a public tracker website, data files and print-ready briefings. It runs as
//! one pipeline, in one direction. Each module below belongs to one stage and may use only the
//! stages under it; `tests/layers.rs` fails on an import that looks up or sideways, and on an
//! import circle between the parts of a module. Bottom to top:
//!
//! 1. **Leaves** ([`escape`], [`clock`], [`files`], [`ids`], [`digest`]): making untrusted
//!    text safe for each output (terminal, XML, CSV); the pinned build time; the one reader of
//!    site files, which refuses links out of the site, special files and oversized files; what
//!    a key may be; the stable hash that tells what changed.
//! 2. **Diagnostics** ([`diagnostics`], [`yaml`]): located problems (file, line, column, field
//!    path, hint) and their renderers; the YAML front end that reports every problem of a file.
//! 3. **Records** ([`markdown`], [`records`], [`config`]): everything users write, as types
//!    with their checks: events, actors, operations, pages, vocabularies
//!    ([`records::vocab`]), figure specs ([`records::figure`]), briefing front matter
//!    ([`records::briefing`]), one [`records::period`] grammar; safe Markdown; `site.toml`.
//! 4. **Load** ([`load`], [`history`]): every file under `content/` read once and checked into
//!    records, all problems collected; the data version and the days events first appeared,
//!    asked of git once per build.
//! 5. **Dataset** ([`dataset`]): the validated records, sorted and indexed once by taxonomy,
//!    with totals under the qualifier rule, the one sum of an event's figures by name
//!    ([`dataset::totals`]), a period's events ([`dataset::scope`]), and what a page reads of
//!    it, each input with a hash ([`dataset::reads`]): pages note their reads as they render,
//!    and `serve` renders again exactly the pages whose inputs hash differently after an edit.
//! 6. **Presentation** ([`present`]): the one [`present::urls`] that spells every address,
//!    and the display-ready views of records, dates and totals.
//! 7. **Figures** ([`figures`]): a spec's numbers grouped from the dataset, drawn as SVG with
//!    Plotters, with their table and text.
//! 8. **Data files** ([`exports`]): downloads (CSV, JSON, SQLite, STIX 2.1, MISP), citation
//!    files (BibTeX, RIS, CSL-JSON), record schemas, the search index and the sitemap; data
//!    only, no HTML. [`output`] is the staging folder they and the pages are
//!    written into, swapped in atomically; [`pdf`] drives Chromium.
//! 9. **Pages** ([`render`]): every HTML page and the feed, as a sorted plan of jobs rendered in
//!    parallel with the theme's Tera templates.
//! 10. **Printing** ([`print`]): each briefing printed to PDF from the staged output.
//! 11. **The build** ([`build`]): the one orchestration, used by `docket build` and `docket
//!     check`, whose pieces `docket serve` ([`serve`]) keeps in memory to rebuild after an
//!     edit; [`draft`] writes the skeleton of a new briefing; [`import`] writes public data
//!     (Meta's indicators, DFRLab's tracker, the DISARM framework) into a site as records.
//!
//! Where a change goes:
//! - *A field on events*: `records/raw.rs` (as written), `records/model.rs` (as checked),
//!   `records/event.rs` (its check), `exports/schema.rs` (the editors' JSON Schema); then what
//!   shows it: `present/views.rs` for pages, `exports/json.rs` and `exports/csv.rs` for the
//!   downloads, the theme's templates, and `docs/records.md`.
//! - *A chart type*: `records/figure/spec.rs` and `parse.rs` (what a spec may say), then
//!   `figures/draw.rs` (which layout) and a layout beside `figures/rows.rs`.
//! - *An output format*: a file in `exports/` called from `exports::downloads`, named in the
//!   data page (`render/site_pages/data_page.rs`).
//! - *How totals are summed*: `records/quantity.rs` (the qualifier rule) and
//!   `dataset/totals.rs` (per event and per set of events).
//!
//! - *A source to import*: a file in `import/` beside `meta.rs` and `fiat.rs`, building
//!   [`import::draft`] records; a subcommand in `cli.rs`; docs/importing.md.
//!
//! The commands in `main.rs` and `commands/` are thin shells over [`build`], [`check`],
//! [`serve`], [`draft`] and [`import`].

pub mod build;
pub mod clock;
pub mod config;
pub mod dataset;
pub mod diagnostics;
pub mod digest;
pub mod draft;
pub mod escape;
pub mod exports;
pub mod figures;
pub mod files;
pub mod history;
pub mod ids;
pub mod import;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod present;
pub mod print;
pub mod records;
pub mod render;
pub mod serve;
pub mod yaml;

pub use build::{
    build, build_with_progress, check, load_site, prepare, BuildOptions, BuildSummary,
};
pub use diagnostics::Failure;
