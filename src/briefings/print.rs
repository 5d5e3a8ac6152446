//! Printing a build's briefings to `/briefings/<slug>.pdf`.
//!
//! Printing happens inside the staging folder, after every other file is written and before
//! the output is swapped in: each briefing's print copy is written beside its page, printed
//! from an origin that serves the staging folder and nothing else (see [`crate::pdf::serve`]),
//! and removed again. A failed print fails the build and leaves the previous output in place. When
//! no Chromium can be found the site is still built, without PDFs and without links to them,
//! and `build` then reports the missing browser with exit code 2.

use super::context::BuildFacts;
use crate::dataset::Dataset;
use crate::output::Staging;
use crate::pdf::{Chromium, PrintJob};
use crate::render::Renderer;
use crate::Failure;
use std::path::Path;
use std::time::{Duration, Instant};

/// What became of the PDFs a build was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfOutcome {
    Printed {
        count: usize,
        elapsed: Duration,
    },
    /// No Chromium: the HTML was built, the PDFs were not. Says what to install.
    Unavailable(String),
}

/// The facts briefing pages show for this build, and the browser to print with when PDFs are
/// wanted (`--pdf` or `pdf = true`) and there is something to print.
pub fn prepare(
    root: &Path,
    ds: &Dataset,
    want_pdf: bool,
) -> (BuildFacts, Option<Result<Chromium, String>>) {
    if ds.briefings.is_empty() {
        return (BuildFacts::default(), None);
    }
    let chromium = want_pdf.then(|| crate::pdf::find(ds.config.chromium.as_deref(), root));
    let facts = BuildFacts {
        data_version: crate::exports::version::DataVersion::of(root).id,
        pdf: matches!(chromium, Some(Ok(_))),
    };
    (facts, chromium)
}

/// Print every briefing of `ds` into `staging` with the browser [`prepare`] found.
pub fn print_all(
    ds: &Dataset,
    renderer: &Renderer<'_>,
    staging: &Staging,
    printer: Option<Result<Chromium, String>>,
) -> Result<Option<PdfOutcome>, Failure> {
    let chromium = match printer {
        None => return Ok(None),
        Some(Err(message)) => return Ok(Some(PdfOutcome::Unavailable(message))),
        Some(Ok(chromium)) => chromium,
    };
    let started = Instant::now();
    let io = |e: crate::output::OutputError| Failure::Usage(e.to_string());
    let mut jobs = Vec::new();
    let mut copies = Vec::new();
    for b in &ds.briefings {
        let html = renderer
            .briefing_print_page(&b.slug)
            .map_err(crate::render::batch::template_failure)?;
        let copy = format!("{}{}", super::folder(&b.slug), crate::render::PRINT_FILE);
        staging.write(&copy, html.as_bytes()).map_err(io)?;
        copies.push(staging.resolve(&copy).map_err(io)?);
        jobs.push(PrintJob {
            page: copy,
            pdf: staging.resolve(&super::pdf_path(&b.slug)).map_err(io)?,
        });
    }
    let printed = crate::pdf::print_all(&chromium, staging.dir(), &jobs);
    for copy in &copies {
        let _ = std::fs::remove_file(copy);
    }
    printed.map_err(Failure::Usage)?;
    Ok(Some(PdfOutcome::Printed {
        count: jobs.len(),
        elapsed: started.elapsed(),
    }))
}
