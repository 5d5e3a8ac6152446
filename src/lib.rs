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

pub mod clock;
pub mod config;
pub mod dataset;
pub mod diagnostics;
pub mod draft;
pub mod escape;
pub mod exports;
pub mod figures;
pub mod files;
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

use config::SiteConfig;
use dataset::Dataset;
use diagnostics::Diagnostics;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a command did not succeed; each maps to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's content (exit code 1). Warnings may be among them.
    Content(Diagnostics),
    /// A problem with how docket was called or with the environment (exit code 2).
    Usage(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Content(_) => 1,
            Failure::Usage(_) => 2,
        }
    }
}

/// What `build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` in the root when not given.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Print every briefing to PDF (also when `site.toml` says `pdf = true`).
    pub pdf: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub events: usize,
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    /// Briefings printed to PDF, or why not; `None` when no PDFs were asked for.
    pub pdf: Option<crate::print::PdfOutcome>,
}

/// Load and check a site; on success return the dataset and the warnings.
pub fn prepare(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
) -> Result<(Dataset, Diagnostics), Failure> {
    let (config, content, warnings) = load_site(root, base_url)?;
    Ok((Dataset::new(config, content, drafts), warnings))
}

/// Load and check a site, keeping every record (drafts too) as loaded: `serve` keeps this to
/// apply later edits to.
pub fn load_site(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(SiteConfig, load::Content, Diagnostics), Failure> {
    let now = clock::now().map_err(Failure::Usage)?;
    // No site here at all is a usage error (wrong --root), not a problem in the content.
    if !root.join(config::FILE_NAME).is_file() {
        return Err(Failure::Usage(format!(
            "no {} in {}: run docket in a site's root folder, pass --root DIR, or start one with `docket init`",
            config::FILE_NAME,
            root.display()
        )));
    }
    let mut diagnostics = Diagnostics::new();
    let mut config = match SiteConfig::load(root) {
        Ok(config) => Some(config),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    if let (Some(config), Some(url)) = (config.as_mut(), base_url) {
        config.base_url = url.to_string();
        if let Err(message) = records::check_http_url(url) {
            return Err(Failure::Usage(format!("--base-url: {message}")));
        }
    }
    let max_file_size = config
        .as_ref()
        .map_or(yaml::MAX_FILE_BYTES as u64, |c| c.max_file_size);
    let (content, problems) = load::load_with_limit(root, clock::today(now), max_file_size);
    diagnostics.extend(problems);
    if let Some(config) = &config {
        if let Err(problems) = render::theme::templates(root, config) {
            diagnostics.extend(problems);
        }
    }
    diagnostics.sort();
    match config {
        Some(config) if !diagnostics.has_errors() => Ok((config, content, diagnostics)),
        _ => Err(Failure::Content(diagnostics)),
    }
}

/// `docket check`: every problem in the site, without writing anything.
pub fn check(root: &Path) -> Result<Diagnostics, Failure> {
    prepare(root, true, None).map(|(_, warnings)| warnings)
}

/// `docket build`: check, render every page, and replace the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Failure> {
    build_with_progress(options, &render::batch::Silent)
}

/// [`build`], telling `progress` how far the long steps have got.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn render::batch::Progress,
) -> Result<BuildSummary, Failure> {
    let started = Instant::now();
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    // First of all, so that a build that fails still leaves the published folder in place.
    output::prepare_target(root, &output).map_err(|e| Failure::Usage(e.to_string()))?;
    let (ds, warnings) = prepare(root, options.drafts, options.base_url.as_deref())?;

    let assets = render::batch::Assets::load(root, &ds)?;
    let statics = &assets.statics;

    let staging = output::Staging::new(root, &output).map_err(|e| Failure::Usage(e.to_string()))?;
    let write = |path: &str, bytes: &[u8]| {
        staging
            .write(path, bytes)
            .map_err(|e| Failure::Usage(e.to_string()))
    };
    // The sitemap lists every page written.
    let written = std::sync::Mutex::new(Vec::new());
    let write_page = |_: &render::Job, path: &str, bytes: &[u8]| {
        written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
        write(path, bytes)
    };
    let (facts, printer) = crate::print::prepare(root, &ds, options.pdf || ds.config.pdf);
    let renderer = assets.renderer(&ds).with_briefing_facts(facts);
    let jobs = render::plan(&ds);
    // The downloads need nothing from the pages: they stream out while the pages render.
    let (rendered, downloads) = rayon::join(
        || render::batch::render_all(&renderer, &jobs, &write_page, progress),
        || exports::downloads(&ds, &assets.tera, root, &staging),
    );
    rendered?;
    let downloads = downloads.map_err(export_failure)?;
    for (path, bytes) in statics {
        write(path, bytes)?;
    }
    let pages = written.into_inner().unwrap_or_else(|e| e.into_inner());
    let exports = downloads.finish(&pages, &staging).map_err(export_failure)?;
    let pdf = crate::print::print_all(&ds, &renderer, &staging, printer)?;
    staging
        .commit()
        .map_err(|e| Failure::Usage(e.to_string()))?;

    let summary = BuildSummary {
        events: ds.events.len(),
        pages: jobs.len(),
        files: jobs.len() + statics.len() + exports.len() + pdf_count(&pdf),
        output,
        elapsed: started.elapsed(),
        warnings,
        pdf,
    };
    // Freeing the records and the rendered rows takes one core about 25 ms at 10,000 events,
    // after the output is complete: do it beside the caller, not before it. Should no thread
    // start, the closure and what it holds are dropped here instead.
    let rows = renderer.rows().clone();
    drop(renderer);
    let _ = std::thread::Builder::new().spawn(move || drop((ds, rows)));
    Ok(summary)
}

fn export_failure(error: exports::ExportError) -> Failure {
    match error {
        exports::ExportError::Template(message) => render::batch::template_failure(message),
        exports::ExportError::Write(message) => Failure::Usage(message),
    }
}

fn pdf_count(outcome: &Option<crate::print::PdfOutcome>) -> usize {
    match outcome {
        Some(crate::print::PdfOutcome::Printed { count, .. }) => *count,
        _ => 0,
    }
}
