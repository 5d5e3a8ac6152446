//! The one build: load and check a site, render every page and data file, and replace the
//! output folder atomically. `docket build` and `docket check` call it here; `docket serve`
//! keeps its pieces in memory ([`load_site`], [`finish_site`]) to rebuild after an edit.

pub mod cache;

use crate::config::{self, SiteConfig};
use crate::dataset::reads::{Fingerprints, Reads};
use crate::dataset::Dataset;
use crate::diagnostics::{Diagnostics, Failure};
use crate::exports::{self, ExportError, ExportSink, Meta, Written};
use crate::history::History;
use crate::render::briefing::context::BuildFacts;
use crate::render::{self, Renderer};
use crate::{clock, load, output, records, yaml};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// Keep the pages in this folder between builds and reuse those whose inputs did not
    /// change ([`cache`]).
    pub cache: Option<PathBuf>,
}

/// Warnings a build prints before summarising the rest; `docket check` lists them all.
pub const WARNINGS_SHOWN: usize = 20;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub events: usize,
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// The first of the build's warnings: those of the files of the first
    /// [`WARNINGS_SHOWN`] (`docket check` lists them all).
    pub warnings: Diagnostics,
    /// How many warnings the build found in all.
    pub warning_count: usize,
    /// Briefings printed to PDF, or why not; `None` when no PDFs were asked for.
    pub pdf: Option<crate::print::PdfOutcome>,
    /// What the build cache gave, when one was asked for.
    pub cache: Option<CacheOutcome>,
}

/// What the build cache did for a build.
#[derive(Debug)]
pub struct CacheOutcome {
    /// Pages written as the last build made them.
    pub reused: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// Why the cache could not be kept for the next build (the build itself succeeded).
    pub not_saved: Option<String>,
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
        diagnostics.extend(render::theme::missing_publisher_files(root, config));
        if let Err(problems) = crate::present::locale::load(root, config) {
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
    // The history (git, or a hash of the inputs) is asked once, beside loading.
    let (prepared, history) = rayon::join(
        || prepare(root, options.drafts, options.base_url.as_deref()),
        || History::of(root),
    );
    let (ds, mut warnings) = prepared?;
    let warning_count = warnings.keep_first(WARNINGS_SHOWN);
    let ds = ds.with_first_seen(history.first_seen.clone());

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
    // Pages are rendered with stand-ins for the data's version and last change, put in here.
    let site_facts = render::facts::SiteFacts::new(&ds, &history).in_languages(&assets.locales());
    let write_page = |_: &render::Job, path: &str, bytes: &[u8], _| {
        written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
        write(path, &site_facts.bind(bytes))
    };
    let printer = crate::print::printer(root, &ds, options.pdf || ds.config.pdf);
    let facts_pdf = matches!(printer, Some(Ok(_)));
    let facts = BuildFacts { pdf: facts_pdf };
    let renderer = assets
        .renderer(&ds)
        .with_briefing_facts(facts.clone())
        .with_site_facts(site_facts.clone());
    // The same pages in each further language, under its prefix (PDFs are printed in the
    // site's own language only).
    let editions: Vec<Renderer> = assets
        .edition_renderers(&ds)
        .into_iter()
        .map(|r| {
            r.with_briefing_facts(BuildFacts { pdf: false })
                .with_site_facts(site_facts.clone())
        })
        .collect();
    let meta = Meta::new(&ds, history.version.clone()).with_locales(&assets.locales());
    let jobs = render::plan(&ds);
    let cache = match &options.cache {
        Some(dir) => {
            let key = cache_key(&ds, &assets, options.drafts, facts_pdf);
            Some(cache::Cache::open(dir, key).map_err(|e| {
                Failure::Usage(format!("cannot use the cache {}: {e}", dir.display()))
            })?)
        }
        None => None,
    };
    // The downloads need nothing from the pages: they stream out while the pages render.
    let (written_pages, downloads) = rayon::join(
        || {
            std::iter::once(&renderer)
                .chain(&editions)
                .try_fold(0, |reused, r| {
                    Ok::<_, Failure>(
                        reused + write_pages(r, &jobs, cache.as_ref(), &write_page, progress)?,
                    )
                })
        },
        || exports::downloads(&ds, &meta, &staging),
    );
    let reused = written_pages?;
    let downloads = downloads.map_err(export_failure)?;
    for (path, bytes) in statics {
        write(path, bytes)?;
    }
    let pages = written.into_inner().unwrap_or_else(|e| e.into_inner());
    let exports = finish_site(
        &renderer, &editions, &meta, &history, downloads, pages, &staging,
    )
    .map_err(export_failure)?;
    let pdf = crate::print::print_all(&ds, &renderer, &staging, printer)?;
    staging
        .commit()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    // Kept for the next build only once this one is in place.
    let cache = cache.map(|cache| CacheOutcome {
        reused,
        rendered: jobs.len() * (1 + editions.len()) - reused,
        not_saved: cache.save().err().map(|e| e.to_string()),
    });

    let pages = jobs.len() * (1 + editions.len());
    drop(editions);
    let summary = BuildSummary {
        events: ds.events.len(),
        pages,
        files: pages + statics.len() + exports.len() + pdf_count(&pdf),
        output,
        elapsed: started.elapsed(),
        warnings,
        warning_count,
        pdf,
        cache,
    };
    // Freeing the records and the rendered rows takes one core about 25 ms at 10,000 events,
    // after the output is complete: do it beside the caller, not before it. Should no thread
    // start, the closure and what it holds are dropped here instead.
    let rows = renderer.rows().clone();
    drop(renderer);
    let _ = std::thread::Builder::new().spawn(move || drop((ds, rows)));
    Ok(summary)
}

/// Every page of the plan, handed to `write`: with a cache, those it has as they are come from
/// it and the others are rendered and kept for the next build; returns how many were reused.
fn write_pages(
    renderer: &Renderer,
    jobs: &[render::Job],
    cache: Option<&cache::Cache>,
    write: &render::batch::Write<'_>,
    progress: &dyn render::batch::Progress,
) -> Result<usize, Failure> {
    let Some(cache) = cache else {
        render::batch::render_all(renderer, jobs, false, write, progress)?;
        return Ok(0);
    };
    let ds = renderer.dataset();
    // Each language's pages are kept apart: the key names the language's prefix.
    let language = renderer.locale().prefix();
    let key_of = |job: &render::Job| format!("{language}{}", job.key(ds));
    let mut now = Fingerprints::new(ds);
    let mut fresh = Vec::new();
    let mut reused = Vec::new();
    for job in jobs {
        let key = key_of(job);
        match cache.reusable(&key, &mut now) {
            Some(page) => reused.push((job, key, page)),
            None => fresh.push(job.clone()),
        }
    }
    // A page the cache cannot give back after all is rendered instead: a cache never fails
    // a build.
    let unreadable = std::sync::Mutex::new(Vec::new());
    let reused_count = reused.len();
    reused.into_par_iter().try_for_each(|(job, key, page)| {
        let Ok(bytes) = cache.read(&page) else {
            unreadable
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(job.clone());
            return Ok(());
        };
        write(job, &page.path, &bytes, Reads::new())?;
        cache.keep_reused(key, page);
        Ok::<(), Failure>(())
    })?;
    let unreadable = unreadable.into_inner().unwrap_or_else(|e| e.into_inner());
    let reused_count = reused_count - unreadable.len();
    fresh.extend(unreadable);
    fresh.sort();
    let read = std::sync::Mutex::new(Vec::new());
    let keep = |job: &render::Job, path: &str, bytes: &[u8], reads: Reads| {
        write(job, path, bytes, Reads::new())?;
        let key = key_of(job);
        cache.keep(key.clone(), path, bytes);
        read.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, reads));
        Ok(())
    };
    render::batch::render_all(renderer, &fresh, true, &keep, progress)?;
    for (key, reads) in read.into_inner().unwrap_or_else(|e| e.into_inner()) {
        cache.keep_inputs(&key, now.of_all(reads));
    }
    Ok(reused_count)
}

/// What every page may show besides the records: docket's version, the settings, the theme,
/// every non-event file, drafts or not, PDFs linked or not. A cache of another key is unused.
fn cache_key(ds: &Dataset, assets: &render::batch::Assets, drafts: bool, pdf: bool) -> u64 {
    crate::digest::of(&(
        env!("CARGO_PKG_VERSION"),
        format!("{:?}", ds.config),
        ds.site_digest,
        assets.digest,
        drafts,
        pdf,
    ))
}

/// The last files of every build, the same for `build` and `serve`: the site pages that are
/// made after the downloads (the data page gives their sizes), then the sitemap of every page.
/// `downloads` are the data files written so far, `pages` every record page's path; returns
/// every file written beside the record pages.
pub fn finish_site(
    renderer: &Renderer,
    editions: &[Renderer],
    meta: &Meta,
    history: &History,
    mut downloads: Vec<Written>,
    mut pages: Vec<String>,
    sink: &dyn ExportSink,
) -> Result<Vec<Written>, ExportError> {
    let files = downloads.clone();
    for r in std::iter::once(renderer).chain(editions) {
        let site_pages =
            render::site_pages(r, meta, history, &files).map_err(ExportError::Template)?;
        for file in site_pages {
            downloads.push(exports::put(sink, &file.path, &file.bytes)?);
            if file.path.ends_with(".html") {
                pages.push(file.path);
            }
        }
        downloads.push(exports::stream(
            sink,
            &exports::search::rows_file(r.locale()),
            &mut |out| render::write_rows_json(r, out),
        )?);
    }
    downloads.extend(exports::sitemaps(meta, &pages, sink)?);
    Ok(downloads)
}

/// Every file beside the record pages (data files, site pages, feed, sitemap), in memory and
/// sorted by path: what `serve` holds. `pages` are every record page's path.
pub fn site_files(
    renderer: &Renderer,
    editions: &[Renderer],
    ds: &Dataset,
    history: &History,
    pages: &[String],
) -> Result<Vec<exports::Export>, ExportError> {
    let locales: Vec<_> = std::iter::once(renderer)
        .chain(editions)
        .map(|r| r.locale().clone())
        .collect();
    let meta = Meta::new(ds, history.version.clone()).with_locales(&locales);
    let files = exports::Collected::default();
    let downloads = exports::downloads(ds, &meta, &files)?;
    finish_site(
        renderer,
        editions,
        &meta,
        history,
        downloads,
        pages.to_vec(),
        &files,
    )?;
    Ok(files.into_exports())
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
