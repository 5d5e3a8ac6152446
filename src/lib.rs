//! # docket
//!
//! docket turns a folder of YAML records about platform takedowns and disclosures of influence
//! operations into a public tracker website. It runs as one pipeline, in one direction; each stage
//! owns its types and never reaches back into the files:
//!
//! 1. **Load** ([`config`], [`load`], [`records`], [`vocab`], [`yaml`]): read `site.toml` and
//!    every file under `content/`, check each record against the schema and the vocabularies, and
//!    collect every problem with its file, line, column, field and a hint ([`diagnostics`]).
//! 2. **Dataset** ([`dataset`]): the validated records, sorted and indexed once by platform,
//!    discloser, country, actor, operation, tactic and year, with totals that follow the
//!    qualifier rule ([`records::quantity`]).
//! 3. **Render** ([`render`]): a sorted plan of jobs, one per page, rendered in parallel with the
//!    Tera templates of the theme ([`render::theme`]); Markdown is rendered safely ([`markdown`]).
//! 4. **Output** ([`output`]): everything is written into a temporary folder that replaces the
//!    output folder only when complete.
//!
//! The commands in `main.rs` are thin shells over [`check`] and [`build`].

pub mod clock;
pub mod config;
pub mod dataset;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod output;
pub mod records;
pub mod render;
pub mod vocab;
pub mod yaml;

use config::SiteConfig;
use dataset::Dataset;
use diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
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
}

/// Load and check a site; on success return the dataset and the warnings.
pub fn prepare(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
) -> Result<(Dataset, Diagnostics), Failure> {
    let now = clock::now().map_err(Failure::Usage)?;
    let mut diagnostics = Diagnostics::new();
    let mut config = match SiteConfig::load(root) {
        Ok(config) => Some(config),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    if let (Some(config), Some(url)) = (config.as_mut(), base_url) {
        config.base_url = url.to_string();
        if let Err(message) = records::check_http_url(url) {
            return Err(Failure::Usage(format!("--base-url: {message}")));
        }
    }
    let (content, problems) = load::load(root, clock::today(now));
    diagnostics.extend(problems);
    if let Some(config) = &config {
        if let Err(problems) = render::theme::templates(root, config) {
            diagnostics.extend(problems);
        }
    }
    diagnostics.sort();
    match config {
        Some(config) if !diagnostics.has_errors() => {
            Ok((Dataset::new(config, content, drafts), diagnostics))
        }
        _ => Err(Failure::Content(diagnostics)),
    }
}

/// `docket check`: every problem in the site, without writing anything.
pub fn check(root: &Path) -> Result<Diagnostics, Failure> {
    prepare(root, true, None).map(|(_, warnings)| warnings)
}

/// `docket build`: check, render every page, and replace the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Failure> {
    let started = Instant::now();
    let root = &options.root;
    let (ds, warnings) = prepare(root, options.drafts, options.base_url.as_deref())?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));

    let mut tera = render::theme::templates(root, &ds.config).map_err(Failure::Content)?;
    *tera.global_context() = render::Renderer::globals(&ds);
    let statics = render::theme::static_files(root, &ds.config).map_err(Failure::Content)?;

    let staging = output::Staging::new(root, &output).map_err(|e| Failure::Usage(e.to_string()))?;
    let renderer = render::Renderer::new(&ds, &tera);
    let jobs = render::plan(&ds);
    jobs.par_iter().try_for_each(|job| {
        let page = renderer.render(job).map_err(|message| {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error("templates", message));
            Failure::Content(d)
        })?;
        staging
            .write(&page.path, page.html.as_bytes())
            .map_err(|e| Failure::Usage(e.to_string()))
    })?;
    for (path, bytes) in &statics {
        staging
            .write(path, bytes)
            .map_err(|e| Failure::Usage(e.to_string()))?;
    }
    staging
        .commit()
        .map_err(|e| Failure::Usage(e.to_string()))?;

    Ok(BuildSummary {
        events: ds.events.len(),
        pages: jobs.len(),
        files: jobs.len() + statics.len(),
        output,
        elapsed: started.elapsed(),
        warnings,
    })
}
