//! Rendering one job: build its context from the dataset and run its template. The pages that
//! list events are in [`lists`], a taxonomy's in [`taxonomy`], and the values every template
//! sees in [`globals`]; an event's page, a Markdown page and the page metadata are here.

use super::facts::{self, SiteFacts};
use super::rows::Rows;
use super::Job;
use crate::dataset::reads::{self, Input};
use crate::dataset::{Dataset, Taxonomy};
use crate::figures::Figures;
use crate::present::citation::{Citation, Work};
use crate::present::locale::Locale;
use crate::present::urls::{folder, Urls};
use crate::present::views;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

mod globals;
mod lists;
mod taxonomy;
use tera::{Context, Tera, Value};

/// Rows of the newest events on the home page.
const LATEST: usize = 10;

/// Renders jobs. Holds what many pages share (every event's table row), made once.
pub struct Renderer<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) tera: &'a Tera,
    pub(super) urls: Urls,
    rows: Rows,
    /// The build's figures; computed on first use unless given with [`Renderer::with_figures`].
    figures: OnceLock<Arc<Figures>>,
    /// What this build adds to briefing pages (data version, PDFs).
    pub(super) briefing_facts: crate::render::briefing::context::BuildFacts,
    /// The data's version and last change, for every page's footer and citations.
    pub(super) facts: SiteFacts,
    /// The language its pages are in.
    pub(super) locale: Locale,
    /// Every language of the site, its own first (one when it has no others).
    pub(super) languages: Vec<Locale>,
}

/// A rendered page: where it goes and what it says.
pub struct Rendered {
    pub path: String,
    pub html: String,
}

/// The same page in one of the site's languages.
#[derive(Serialize)]
struct Alternate {
    tag: String,
    dir: &'static str,
    /// The language's name in itself: `English`, `فارسی`.
    name: String,
    /// Its site path, and its absolute address when the site has one (else the path).
    url: String,
    permalink: String,
    current: bool,
}

#[derive(Serialize)]
struct PageMeta {
    kind: &'static str,
    /// The page in each of the site's languages, when it has more than one.
    alternates: Vec<Alternate>,
    /// The address of the navigation item the page is under (empty on the home page).
    section: String,
    title: String,
    url: String,
    permalink: String,
    description: String,
}

/// A citation on a page (see [`Renderer::citation`]).
#[derive(Serialize)]
pub struct CitationView {
    pub text: String,
    pub accessed_template: String,
    /// The same citation as files for reference managers, where the build writes them
    /// (records, briefings, the dataset).
    pub files: Option<crate::present::urls::CitationLinks>,
}

/// A record's file: its path, and its address in the repository when the site names one.
#[derive(Serialize)]
pub struct SourceView {
    pub file: String,
    pub url: String,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    previous_url: String,
    next_url: String,
    pages: Vec<serde_json::Value>,
}

impl<'a> Renderer<'a> {
    /// A renderer of pages in `locale`, with `tera` set up for it (`render::i18n`).
    pub fn new(ds: &'a Dataset, tera: &'a Tera, locale: &Locale) -> Renderer<'a> {
        Renderer::with_rows(ds, tera, Rows::new(ds.events.len()), locale)
    }

    /// A renderer given the events' table rows (in dataset order) made so far: `serve` shares
    /// them between the renderers of one dataset, and keeps those of unchanged events.
    pub fn with_rows(ds: &'a Dataset, tera: &'a Tera, rows: Rows, locale: &Locale) -> Renderer<'a> {
        debug_assert_eq!(rows.len(), ds.events.len());
        let urls = Urls::in_language(&ds.config, locale);
        Renderer {
            ds,
            tera,
            urls,
            rows,
            figures: OnceLock::new(),
            briefing_facts: Default::default(),
            facts: SiteFacts::default(),
            locale: locale.clone(),
            languages: vec![locale.clone()],
        }
    }

    /// Tell pages every language of the site (its own first), to link to their translations.
    pub fn with_languages(mut self, languages: Vec<Locale>) -> Renderer<'a> {
        if !languages.is_empty() {
            self.languages = languages;
        }
        self
    }

    /// The language of its pages.
    pub fn locale(&self) -> &Locale {
        &self.locale
    }

    /// Use `figures` (shared with the templates' `figure()` function) rather than computing them.
    pub fn with_figures(self, figures: Arc<Figures>) -> Renderer<'a> {
        let _ = self.figures.set(figures);
        self
    }

    /// The dataset this renderer renders.
    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    /// `page` with the data's facts in place of the stand-ins it was rendered with.
    pub fn bind<'p>(&self, page: &'p [u8]) -> std::borrow::Cow<'p, [u8]> {
        self.facts.bind(page)
    }

    /// Tell briefing pages whether their PDFs are printed.
    pub fn with_briefing_facts(
        mut self,
        facts: crate::render::briefing::context::BuildFacts,
    ) -> Renderer<'a> {
        self.briefing_facts = facts;
        self
    }

    /// Tell every page the data's version and last change.
    pub fn with_site_facts(mut self, facts: SiteFacts) -> Renderer<'a> {
        self.facts = facts;
        self
    }

    /// Every figure of the build, in every scope.
    pub fn figures(&self) -> &Figures {
        self.figures
            .get_or_init(|| Arc::new(Figures::new(self.ds, &self.locale)))
    }

    /// Markdown to safe HTML, with `{{ figure(id="…") }}` lines drawn as figures. A figure shown
    /// twice in one text gets fresh ids the second time, so ids stay unique on the page.
    pub(super) fn markdown(&self, text: &str) -> String {
        let shown = std::cell::RefCell::new(std::collections::HashMap::<String, usize>::new());
        let figure = |id: &str| -> Option<String> {
            let drawn = self.figures().get(id)?;
            let html = drawn.html().ok()?;
            let mut shown = shown.borrow_mut();
            let n = shown.entry(id.to_string()).or_insert(0);
            *n += 1;
            Some(if *n == 1 {
                html
            } else {
                crate::figures::renumber(&html, &drawn.dom_id, *n)
            })
        };
        crate::markdown::render_with_figures(text, self.ds.config.markdown, &figure)
    }

    /// Every event's table row, in dataset order: those made so far, and the means to make
    /// the others.
    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    /// The HTML of event `i`'s table row, exactly as the lists show it.
    pub(super) fn row_html(&self, i: usize) -> Result<String, String> {
        let row = self
            .rows
            .get(i, self.ds, &self.urls, &self.locale, self.tera)?;
        Ok(row
            .get_from_path("html")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string())
    }

    /// Rows of events at `positions`, each with its HTML.
    fn rows_with_html(&self, positions: impl Iterator<Item = usize>) -> Result<Value, String> {
        let rows = positions
            .map(|i| {
                self.rows
                    .get(i, self.ds, &self.urls, &self.locale, self.tera)
            })
            .collect::<Result<Vec<Value>, String>>()?;
        Ok(Value::from(rows))
    }

    pub fn render(&self, job: &Job) -> Result<Rendered, String> {
        let (folder, template, ctx) = match job {
            Job::FiguresIndex => return self.figures_index(),
            Job::Figure(i) => return self.figure_page(*i),
            Job::FigureSvg(i) => return self.figure_svg(*i),
            Job::FigureCsv(i) => return self.figure_csv(*i),
            Job::Briefings => return self.briefings_index(),
            Job::Briefing(slug) => return self.briefing_page(slug),
            Job::BriefingStyle(slug) => return self.briefing_style(slug),
            Job::Home => ("".to_string(), "home.html", self.home()?),
            Job::Browse => (folder::BROWSE.to_string(), "browse.html", self.browse()),
            Job::Events { page } => (
                folder::paged(folder::EVENTS, *page),
                "events.html",
                self.events(*page)?,
            ),
            Job::Event(i) => {
                let e = &self.ds.events[*i];
                (folder::event(&e.id), "event.html", self.event_context(*i))
            }
            Job::TaxonomyIndex(t) => (
                format!("{}/", t.key()),
                "taxonomy_index.html",
                self.taxonomy_index(*t),
            ),
            Job::Term {
                taxonomy,
                key,
                page,
            } => (
                folder::paged(&folder::term(*taxonomy, key), *page),
                "taxonomy_term.html",
                self.term(*taxonomy, key, *page)?,
            ),
            Job::Page(i) => {
                let p = &self.ds.pages[*i];
                (format!("{}/", p.slug), "page.html", self.page(*i))
            }
        };
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| format!("{template}: {}", super::theme::tera_message(&e)))?;
        Ok(Rendered {
            path: self.urls.output(&format!("{folder}index.html")),
            html,
        })
    }

    pub(super) fn meta(
        &self,
        ctx: &mut Context,
        kind: &'static str,
        title: &str,
        folder: &str,
        description: &str,
    ) {
        let url = self.urls.path(folder);
        // The navigation item this page is under: its first folder's, every taxonomy's Browse.
        let first = folder.split('/').next().unwrap_or_default();
        let section = if first.is_empty() || first.ends_with(".html") {
            String::new()
        } else if Taxonomy::ALL.iter().any(|t| t.key() == first) {
            self.urls.path(folder::BROWSE)
        } else {
            self.urls.path(&format!("{first}/"))
        };
        let alternates = if self.languages.len() > 1 {
            self.languages
                .iter()
                .map(|l| {
                    let urls = Urls::in_language(&self.ds.config, l);
                    Alternate {
                        tag: l.tag().to_string(),
                        dir: l.dir(),
                        name: l.text("site.language_name").to_string(),
                        url: urls.path(folder),
                        permalink: urls.permalink(folder),
                        current: l.tag() == self.locale.tag(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let meta = PageMeta {
            kind,
            alternates,
            section,
            title: title.to_string(),
            permalink: self.urls.permalink(folder),
            url,
            description: description.to_string(),
        };
        ctx.insert("page", &meta);
        ctx.insert("data", &self.facts.view(&self.locale));
    }

    /// The context of the page of event `i` (in dataset order), as [`Renderer::render`] makes it.
    pub fn event_context(&self, i: usize) -> Context {
        let e = &self.ds.events[i];
        reads::note(Input::Event(e.id.clone()));
        let mut ctx = Context::new();
        let text = views::text(e, &self.ds.config.language, &self.locale);
        let description = plain_summary(text.summary);
        self.meta(
            &mut ctx,
            "event",
            text.title,
            &folder::event(&e.id),
            &description,
        );
        let summary_html = self.markdown(text.summary);
        ctx.insert_value(
            "event",
            views::event(self.ds, &self.urls, &self.locale, e, summary_html),
        );
        let citation = Citation::of_record(&self.ds.config, e, self.ds.first_seen(e));
        ctx.insert("citation", &self.citation(citation, &folder::event(&e.id)));
        ctx.insert("source", &self.source(&e.file));
        ctx
    }

    /// A citation as pages show it: its text with the data version and permanent address,
    /// and the same text with `{accessed}` where the copy button puts the reader's today.
    pub(super) fn citation(&self, citation: Citation, folder: &str) -> CitationView {
        // The version is bound as the page is written (`render::facts`).
        let citation = citation
            .with_version(facts::token::VERSION)
            .with_url(&self.urls.permalink(folder));
        let files = match citation.work {
            Work::Record | Work::Report => Some(self.urls.citations(folder)),
            Work::Dataset => Some(self.urls.citations(folder::DATA)),
            Work::Figure => None,
        };
        CitationView {
            text: citation.text_in(&self.locale),
            accessed_template: citation.text_accessed_as(&self.locale, "{accessed}"),
            files,
        }
    }

    /// The citation of the whole dataset, dated by its last change (bound as the page is
    /// written, as the version is).
    pub(super) fn dataset_citation(&self) -> CitationView {
        let mut citation = Citation::of_dataset(&self.ds.config, None);
        reads::note(Input::Dated);
        if self.facts.updated.is_some() {
            citation = citation.with_issued_text(&facts::token::updated(self.locale.tag()));
        }
        self.citation(citation, "")
    }

    /// Where a site file can be read: a "view source" address when the site names its
    /// repository, else the path itself.
    pub(super) fn source(&self, file: &str) -> SourceView {
        let repository = self.ds.config.repository.trim_end_matches('/');
        SourceView {
            file: file.to_string(),
            url: if repository.is_empty() || file.is_empty() {
                String::new()
            } else {
                format!("{repository}/{file}")
            },
        }
    }

    fn page(&self, i: usize) -> Context {
        let p = &self.ds.pages[i];
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "page",
            &p.title,
            &format!("{}/", p.slug),
            p.description.as_deref().unwrap_or(""),
        );
        let html = self.markdown(&p.body);
        ctx.insert("content_html", &self.cited(&html));
        ctx
    }

    /// A page's HTML with each paragraph that is only `{{ cite(event="id") }}` or
    /// `{{ cite(dataset) }}` replaced by that citation, exactly as the record's page or the data
    /// page prints it: a how-to-cite page shows real citations, never placeholders. Any other
    /// such paragraph (an unknown id) is left as written.
    fn cited(&self, html: &str) -> String {
        const OPEN: &str = "<p>{{ cite(";
        const CLOSE: &str = ") }}</p>";
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find(OPEN) {
            let Some(len) = rest[start..].find(CLOSE) else {
                break;
            };
            out.push_str(&rest[..start]);
            let whole = &rest[start..start + len + CLOSE.len()];
            let argument = rest[start + OPEN.len()..start + len].replace("&quot;", "\"");
            let citation = if argument.trim() == "dataset" {
                Some(self.dataset_citation())
            } else {
                argument
                    .trim()
                    .strip_prefix("event=\"")
                    .and_then(|a| a.strip_suffix('"'))
                    .and_then(|id| self.ds.event(id))
                    .map(|e| {
                        let c = Citation::of_record(&self.ds.config, e, self.ds.first_seen(e));
                        self.citation(c, &folder::event(&e.id))
                    })
            };
            match citation {
                Some(c) => out.push_str(&format!(
                    "<blockquote class=\"cite-example\"><p>{}</p></blockquote>",
                    facts::xml_text_keeping_stand_ins(&c.text)
                )),
                None => out.push_str(whole),
            }
            rest = &rest[start + whole.len()..];
        }
        out.push_str(rest);
        out
    }
}

/// The theme's own tab icon, used unless `[publisher] favicon` names another.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

/// The first sentence-ish of a Markdown summary as plain text, for meta descriptions.
fn plain_summary(markdown: &str) -> String {
    const MAX: usize = 200;
    // One pass: markup characters dropped, runs of white space made one space, and no more
    // read than the cut needs (summaries can be long; every event page makes one of these).
    let mut text = String::new();
    let (mut chars, mut space) = (0, false);
    for c in markdown.chars() {
        if matches!(c, '*' | '_' | '`' | '#' | '[' | ']') {
            continue;
        }
        if c.is_whitespace() {
            space = chars > 0;
            continue;
        }
        if space {
            text.push(' ');
            chars += 1;
            space = false;
        }
        text.push(c);
        chars += 1;
        if chars > MAX {
            break;
        }
    }
    if chars > MAX {
        let cut: String = text.chars().take(MAX - 3).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::plain_summary;

    #[test]
    fn summary_drops_markup_and_folds_white_space() {
        assert_eq!(
            plain_summary("  Facebook  removed **51 accounts**\n\nand `pages` [here](x).\n"),
            "Facebook removed 51 accounts and pages here(x)."
        );
        assert_eq!(plain_summary("* * *"), "");
    }

    #[test]
    fn long_summary_is_cut_to_two_hundred_characters() {
        let exact = "é".repeat(200);
        assert_eq!(plain_summary(&exact), exact);
        // 41 words of four letters: 204 characters once folded, cut inside the 40th.
        let long = "word\n\n ".repeat(41);
        assert_eq!(plain_summary(&long), format!("{}wo…", "word ".repeat(39)));
    }
}
