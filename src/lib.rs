//! # docket
//!
//! docket turns a folder of YAML records about platform takedowns and disclosures of influence
//! operations into a public tracker website. It runs as one pipeline, in one direction; each stage
//! owns its types and never reaches back into the files:
//!
//! 1. **Load** ([`config`], [`load`], [`records`], [`records::vocab`], [`yaml`]): read `site.toml` and
//!    every file under `content/`, check each record against the schema and the vocabularies, and
//!    collect every problem with its file, line, column, field and a hint ([`diagnostics`]).
//! 2. **Dataset** ([`dataset`]): the validated records, sorted and indexed once by platform,
//!    discloser, country, actor, operation, tactic and year, with totals that follow the
//!    qualifier rule ([`records::quantity`]).
//! 3. **Render** ([`render`]): a sorted plan of jobs, one per page, rendered in parallel with the
//!    Tera templates of the theme ([`render::theme`]); Markdown is rendered safely ([`markdown`]).
//!    Beside the pages, [`exports`] makes the downloads (CSV, JSON), the record schemas, the
//!    search index, the feed, the sitemap and the changelog.
//! 4. **Output** ([`output`]): everything is written into a temporary folder that replaces the
//!    output folder only when complete.
//!
//! The commands in `main.rs` are thin shells over [`check`] and [`build`].

pub mod build;
pub mod clock;
pub mod config;
pub mod dataset;
pub mod diagnostics;
pub mod draft;
pub mod escape;
pub mod exports;
pub mod figures;
pub mod files;
pub mod history;
pub mod ids;
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
