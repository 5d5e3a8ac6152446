//! docket's integration tests, in one binary (one link instead of one per file): each module
//! builds fixture sites and real example copies with the `docket` binary and checks what comes
//! out. `cargo test --test main` runs them all; `cargo test --test main serve::` one module.
//!
//! Snapshots (the expected `docket check` output of `tests/fixtures/check-formats`, the figure
//! SVGs in `tests/snapshots/`) are updated with `DOCKET_UPDATE_SNAPSHOTS=1 cargo test --test main`;
//! review the difference before committing it.

mod common;

mod briefing_pdfs;
mod briefings;
mod build;
mod cache;
mod charts;
mod check;
mod check_files;
mod check_formats;
mod citations;
mod completions;
mod escaping;
mod exports;
mod figures;
mod hostile;
mod import;
mod init;
mod interrupted;
mod languages;
mod layers;
mod new;
mod output;
mod reads;
mod roundtrip;
mod schema;
mod serve;
mod site;
mod standard_data;
