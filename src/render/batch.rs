//! Rendering many jobs into any destination: `build` hands every page to the staging folder,
//! `serve` to its in-memory store. Both go through here, so they write the same bytes.

use super::{theme, Job, Renderer};
use crate::dataset::reads::{self, Reads};
use crate::dataset::Dataset;
use crate::diagnostics::Failure;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::figures::Figures;
use crate::present::locale::Locale;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tera::Tera;

/// What pages are rendered with: the theme's templates, with the site's global values set and
/// the dataset's figures registered, and the static files copied beside the pages.
pub struct Assets {
    /// The templates of the site's own language (its globals and functions set for it).
    pub tera: Tera,
    pub statics: BTreeMap<String, Vec<u8>>,
    pub figures: Arc<Figures>,
    /// A hash of every template, static file and string catalogue: pages depend on all of them.
    pub digest: u64,
    /// The site's own language.
    pub locale: Locale,
    /// Each further language the site is published in (`languages` in site.toml), with its
    /// templates and figures.
    pub editions: Vec<Edition>,
}

/// The templates and figures of one further language.
pub struct Edition {
    pub tera: Tera,
    pub figures: Arc<Figures>,
    pub locale: Locale,
}

impl Assets {
    pub fn load(root: &Path, ds: &Dataset) -> Result<Assets, Failure> {
        let locales = crate::present::locale::load(root, &ds.config).map_err(Failure::Content)?;
        let sources = theme::template_sources(root, &ds.config).map_err(Failure::Content)?;
        let templates = theme::compile(&sources).map_err(Failure::Content)?;
        // The templates are parsed once; each language has a copy with its words and values.
        let speaking = |locale: &Locale| {
            let mut tera = templates.clone();
            *tera.global_context() = Renderer::globals_in(ds, locale, locales.all());
            super::i18n::register(&mut tera, locale);
            let figures = Arc::new(Figures::new(ds, locale));
            tera.register_function("figure", crate::figures::template_function(figures.clone()));
            (tera, figures)
        };
        let locale = locales.main().clone();
        let (tera, figures) = speaking(&locale);
        let editions = locales.all()[1..]
            .iter()
            .map(|locale| {
                let (tera, figures) = speaking(locale);
                Edition {
                    tera,
                    figures,
                    locale: locale.clone(),
                }
            })
            .collect();
        let statics = theme::static_files(root, &ds.config).map_err(Failure::Content)?;
        let languages: Vec<u64> = locales.all().iter().map(Locale::digest).collect();
        let digest = crate::digest::of(&(&sources, &statics, &languages));
        Ok(Assets {
            digest,
            tera,
            statics,
            figures,
            locale,
            editions,
        })
    }

    /// Every language the pages are in, the site's own first.
    pub fn locales(&self) -> Vec<Locale> {
        std::iter::once(self.locale.clone())
            .chain(self.editions.iter().map(|e| e.locale.clone()))
            .collect()
    }

    /// Renderers of the pages of `ds` in each further language.
    pub fn edition_renderers<'a>(&'a self, ds: &'a Dataset) -> Vec<Renderer<'a>> {
        self.editions
            .iter()
            .map(|e| {
                Renderer::new(ds, &e.tera, &e.locale)
                    .with_figures(e.figures.clone())
                    .with_languages(self.locales())
            })
            .collect()
    }

    /// Use `figures`, grouped from the dataset being rendered, in pages and templates.
    pub fn use_figures(&mut self, figures: Arc<Figures>) {
        self.tera
            .register_function("figure", crate::figures::template_function(figures.clone()));
        self.figures = figures;
    }

    /// A renderer of the pages of `ds` with these assets.
    pub fn renderer<'a>(&'a self, ds: &'a Dataset) -> Renderer<'a> {
        Renderer::new(ds, &self.tera, &self.locale)
            .with_figures(self.figures.clone())
            .with_languages(self.locales())
    }

    /// [`Assets::renderer`] given the events' table rows made so far (`serve` shares them and
    /// keeps the rows of events that did not change), and the figures of `ds` when they are
    /// known; without them the renderer groups the figures itself if a page needs them.
    pub fn renderer_with_rows<'a>(
        &'a self,
        ds: &'a Dataset,
        rows: super::rows::Rows,
        figures: Option<Arc<Figures>>,
    ) -> Renderer<'a> {
        let renderer =
            Renderer::with_rows(ds, &self.tera, rows, &self.locale).with_languages(self.locales());
        match figures {
            Some(figures) => renderer.with_figures(figures),
            None => renderer,
        }
    }
}

/// Told how far a long step has got; a terminal shows it, CI logs stay quiet.
pub trait Progress: Sync {
    /// `done` of `total` items of the step `what` are finished.
    fn update(&self, what: &str, done: usize, total: usize);
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn update(&self, _: &str, _: usize, _: usize) {}
}

/// Where rendered pages go: given the job, its path relative to the output root, its bytes,
/// and what it read of the dataset (empty unless recorded, see [`render_all`]).
pub type Write<'w> = dyn Fn(&Job, &str, &[u8], Reads) -> Result<(), Failure> + Sync + 'w;

/// The most one rendered page may be: far above any real page (a page of the largest content
/// file allowed is about 20 MiB), it stops a text or template that multiplies its input (figure
/// embeds, loops) from filling the disk and the memory of whoever builds or serves it.
pub const MAX_PAGE_BYTES: usize = 32 << 20;

/// Render `jobs` in parallel and hand each page to `write`, with what it read of the dataset
/// when `record` asks for it; a page over [`MAX_PAGE_BYTES`] is a problem of the file it comes
/// from, and nothing is written for it.
pub fn render_all(
    renderer: &Renderer<'_>,
    jobs: &[Job],
    record: bool,
    write: &Write<'_>,
    progress: &dyn Progress,
) -> Result<(), Failure> {
    let done = AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|job| {
        let (page, read) = if record {
            reads::recorded(|| renderer.render(job))
        } else {
            (renderer.render(job), Reads::new())
        };
        let page = page.map_err(template_failure)?;
        if page.html.len() > MAX_PAGE_BYTES {
            return Err(oversized(renderer, job, &page.path, page.html.len()));
        }
        write(job, &page.path, page.html.as_bytes(), read)?;
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.update("rendering pages", n, jobs.len());
        Ok(())
    })
}

/// A page over the size limit, reported at the file it is made from (the templates for lists).
fn oversized(renderer: &Renderer<'_>, job: &Job, path: &str, bytes: usize) -> Failure {
    let ds = renderer.ds;
    let source = match job {
        Job::Event(i) => Some(&ds.events[*i].file),
        Job::Page(i) => Some(&ds.pages[*i].file),
        Job::Figure(i) | Job::FigureSvg(i) | Job::FigureCsv(i) => {
            Some(&ds.figures[*i].file).filter(|f| !f.is_empty())
        }
        Job::Briefing(slug) | Job::BriefingStyle(slug) => ds
            .briefings
            .iter()
            .find(|b| b.slug == *slug)
            .map(|b| &b.file),
        Job::Term { taxonomy, key, .. } => match taxonomy {
            super::Taxonomy::Actor => ds.actors.get(key).map(|a| &a.file),
            super::Taxonomy::Operation => ds.operations.get(key).map(|o| &o.file),
            _ => None,
        },
        _ => None,
    };
    let mut d = Diagnostics::new();
    d.push(
        Diagnostic::error(
            source.map_or("templates", String::as_str),
            format!(
                "the page {path} is {bytes} bytes, more than the {MAX_PAGE_BYTES} a page may be"
            ),
        )
        .with_hint(
            "a text that embeds figures many times, or a template that repeats its content, multiplies the page; show less on one page",
        ),
    );
    Failure::Content(d)
}

/// A template that failed while rendering one page.
pub fn template_failure(message: String) -> Failure {
    let mut d = Diagnostics::new();
    d.push(Diagnostic::error("templates", message));
    Failure::Content(d)
}
