//! Rendering one job: build its context from the dataset and run its template.

use super::facts::{self, SiteFacts};
use super::rows::Rows;
use super::{page_count, Job};
use crate::dataset::reads::{self, Input, List};
use crate::dataset::{Dataset, Taxonomy};
use crate::figures::Figures;
use crate::present::citation::{Citation, Work};
use crate::present::locale::Locale;
use crate::present::urls::{folder, Urls};
use crate::present::views::{self, Link};
use serde::Serialize;
use serde_json::json;
use std::sync::{Arc, OnceLock};
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

    /// Values every template sees: `site`, `nav`, `generator`, `lang`.
    pub fn globals(ds: &Dataset, locale: &Locale) -> Context {
        Renderer::globals_in(ds, locale, std::slice::from_ref(locale))
    }

    /// [`Renderer::globals`] of a site published in `languages` (its own first): `languages`
    /// lists them, for the language switcher and the links between translations.
    pub fn globals_in(ds: &Dataset, locale: &Locale, languages: &[Locale]) -> Context {
        let mut ctx = Renderer::globals_under(ds, &Urls::in_language(&ds.config, locale), locale);
        let list: Vec<serde_json::Value> = if languages.len() > 1 {
            languages
                .iter()
                .map(|l| {
                    json!({
                        "tag": l.tag(),
                        "dir": l.dir(),
                        "name": l.text("site.language_name"),
                        "prefix": l.prefix(),
                        "current": l.tag() == locale.tag(),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("languages", &list);
        ctx
    }

    /// [`Renderer::globals`] with every address made by `urls` (the printed copy of a briefing
    /// links relative to its own folder).
    pub(super) fn globals_under(ds: &Dataset, urls: &Urls, loc: &Locale) -> Context {
        // Every taxonomy is one click away through Browse, which is current on each
        // (`page.section`).
        let mut nav = vec![
            json!({"title": loc.text("nav.events"), "url": urls.path(folder::EVENTS)}),
            json!({"title": loc.text("nav.browse"), "url": urls.path(folder::BROWSE)}),
            json!({"title": loc.text("nav.figures"), "url": urls.path(folder::FIGURES)}),
        ];
        if !ds.briefings.is_empty() {
            nav.push(
                json!({"title": loc.text("nav.briefings"), "url": urls.path(folder::BRIEFINGS)}),
            );
        }
        nav.push(json!({"title": loc.text("nav.data"), "url": urls.path(folder::DATA)}));
        for p in ds.pages.iter().filter(|p| p.menu.is_some()) {
            nav.push(json!({"title": p.title, "url": urls.page(&p.slug)}));
        }
        let publisher = &ds.config.publisher;
        let static_url = |file: &str| {
            if file.is_empty() {
                String::new()
            } else {
                urls.shared(file)
            }
        };
        let favicon = if publisher.favicon.is_empty() {
            urls.shared(DEFAULT_FAVICON)
        } else {
            urls.shared(&publisher.favicon)
        };
        // Shared pages show a picture only from an absolute address.
        let image = if publisher.image.is_empty() || !urls.has_base_url() {
            String::new()
        } else {
            urls.shared_permalink(&publisher.image)
        };
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &json!({
                "title": ds.config.title_in(loc.tag()),
                "description": ds.config.description_in(loc.tag()),
                // What pages without a description of their own say: the site's, or one made
                // from its title and what it holds.
                "summary": site_summary(ds, loc),
                "base_url": ds.config.base_url(),
                "base": urls.base(),
                // Addresses the theme links to beside the pages (the list of events, the data
                // page, the feed) and the index the site's script loads.
                "urls": {
                    "home": urls.path(""),
                    "events": urls.path(folder::EVENTS),
                    "browse": urls.path(folder::BROWSE),
                    "figures": urls.path(folder::FIGURES),
                    "data": urls.path(folder::DATA),
                    "files": urls.shared(""),
                    "feed": urls.path(folder::FEED),
                    "changelog": urls.path(folder::CHANGELOG),
                    "search_index": urls.shared(&crate::exports::search::index_file(loc)),
                    "favicon": favicon,
                    "image": image,
                },
                "publisher": {
                    "name": publisher.name,
                    "url": publisher.url,
                    "address": publisher.address,
                    "logo": static_url(&publisher.logo),
                },
                "repository": ds.config.repository.trim_end_matches('/'),
                "language": loc.tag(),
                "licence": ds.config.licence,
            }),
        );
        ctx.insert(
            "lang",
            &json!({
                "tag": loc.tag(),
                "dir": loc.dir(),
                // Arrows that point onwards and back in the reading direction.
                "forward": if loc.is_rtl() { "←" } else { "→" },
                "back": if loc.is_rtl() { "→" } else { "←" },
            }),
        );
        ctx.insert("nav", &nav);
        ctx.insert(
            "generator",
            &format!("docket {}", env!("CARGO_PKG_VERSION")),
        );
        ctx
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

    /// Rows of `positions`, newest first, for page `page`; plus the pagination that goes with it.
    fn rows_page(
        &self,
        list: List,
        positions: &[usize],
        page: usize,
        first_folder: &str,
    ) -> Result<(Value, Pagination), String> {
        let size = self.ds.config.page_size;
        let total = page_count(positions.len(), size);
        reads::note_all([
            Input::Rows {
                list: list.clone(),
                from: (page - 1) * size,
                len: size,
            },
            Input::Size(list),
        ]);
        let rows = self.rows_with_html(
            positions
                .iter()
                .rev()
                .skip((page - 1) * size)
                .take(size)
                .copied(),
        )?;
        let url = |n: usize| self.urls.path(&folder::paged(first_folder, n));
        let pagination = Pagination {
            current: page,
            total,
            previous_url: if page > 1 {
                url(page - 1)
            } else {
                String::new()
            },
            next_url: if page < total {
                url(page + 1)
            } else {
                String::new()
            },
            pages: (1..=total)
                .map(|n| json!({"number": n, "url": url(n), "current": n == page}))
                .collect(),
        };
        Ok((rows, pagination))
    }

    /// The records a list names apart from its table (retracted, and drafts in a preview),
    /// newest first, on its first page only.
    fn withdrawn(&self, list: List, positions: &[usize], page: usize) -> Vec<serde_json::Value> {
        if page > 1 {
            return Vec::new();
        }
        reads::note(Input::Apart(list));
        positions
            .iter()
            .rev()
            .map(|&i| {
                let e = &self.ds.events[i];
                json!({
                    "id": e.id,
                    "url": self.urls.event(&e.id),
                    "title": e.title,
                    "date": views::date(&self.locale, &e.date),
                    "status": e.status.key(),
                    "retracted_on": e.retraction.as_ref().map(|r| views::date(&self.locale, &r.date)),
                })
            })
            .collect()
    }

    /// `/browse/`: each taxonomy, what it is, how many terms it has and its largest ones.
    fn browse(&self) -> Context {
        let ds = self.ds;
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "browse",
            self.locale.text("nav.browse"),
            folder::BROWSE,
            self.locale.text("pages.browse_description"),
        );
        let loc = &self.locale;
        let sections: Vec<serde_json::Value> = Taxonomy::ALL
            .iter()
            .map(|&t| {
                let mut list: Vec<(usize, &str)> = ds
                    .terms(t)
                    .into_iter()
                    .map(|(key, _)| (ds.term_totals(t, key).events, key))
                    .collect();
                let count = list.len();
                if t == Taxonomy::Year {
                    list.sort_by(|a, b| b.1.cmp(a.1));
                } else {
                    list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                }
                let top: Vec<serde_json::Value> = list
                    .into_iter()
                    .take(BROWSE_TOP)
                    .map(|(events, key)| {
                        json!({"name": ds.term_name(t, key), "url": self.urls.term(t, key), "events": events})
                    })
                    .collect();
                json!({
                    "key": t.key(),
                    "title": views::taxonomy_text(loc, t, "title"),
                    "about": views::taxonomy_about(loc, t),
                    "url": self.urls.taxonomy(t),
                    "count": count,
                    "all": loc.count(&format!("taxonomy.{}.all", t.key()), count as u64),
                    "top": top,
                })
            })
            .collect();
        ctx.insert("sections", &sections);
        ctx
    }

    fn home(&self) -> Result<Context, String> {
        let ds = self.ds;
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "home",
            ds.config.title_in(self.locale.tag()),
            "",
            ds.config.description_in(self.locale.tag()),
        );
        reads::note_all([
            Input::Totals(List::All),
            Input::Rows {
                list: List::All,
                from: 0,
                len: LATEST,
            },
        ]);
        ctx.insert("totals", &views::totals(&self.locale, &ds.totals));
        ctx.insert("figures_html", &self.headline_figures());
        let (listed, _) = ds.split_listed(ds.all_positions());
        let latest = self.rows_with_html(listed.iter().rev().take(LATEST).copied())?;
        ctx.insert_value("latest", latest);
        let count = |t: Taxonomy| ds.terms(t).len();
        ctx.insert(
            "counts",
            &json!({
                "platforms": count(Taxonomy::Platform),
                "disclosers": count(Taxonomy::Discloser),
                "origins": count(Taxonomy::Origin),
                "targets": count(Taxonomy::Target),
                "actors": count(Taxonomy::Actor),
                "operations": count(Taxonomy::Operation),
                "tactics": count(Taxonomy::Tactic),
            }),
        );
        let sections: Vec<serde_json::Value> = Taxonomy::ALL
            .iter()
            .map(|&t| json!({"title": views::taxonomy_text(&self.locale, t, "title"), "url": self.urls.taxonomy(t), "count": count(t)}))
            .collect();
        ctx.insert("sections", &sections);
        Ok(ctx)
    }

    fn events(&self, page: usize) -> Result<Context, String> {
        let mut ctx = Context::new();
        let loc = &self.locale;
        let title = if page > 1 {
            loc.message(
                "pages.events_page",
                None,
                &[("page", &loc.number(page as u64))],
            )
        } else {
            loc.text("nav.events").to_string()
        };
        self.meta(
            &mut ctx,
            "events",
            &title,
            &folder::paged(folder::EVENTS, page),
            loc.text("pages.events_description"),
        );
        let (listed, apart) = self.ds.split_listed(self.ds.all_positions());
        let (rows, pagination) = self.rows_page(List::All, &listed, page, folder::EVENTS)?;
        ctx.insert_value("rows", rows);
        ctx.insert("pagination", &pagination);
        ctx.insert("listed", &listed.len());
        ctx.insert("withdrawn", &self.withdrawn(List::All, &apart, page));
        reads::note(Input::Totals(List::All));
        ctx.insert("totals", &views::totals(loc, &self.ds.totals));
        // The filter form: the same list the search index tells the script about.
        let filters: Vec<[String; 2]> = crate::exports::search::FILTERS
            .iter()
            .map(|f| {
                [
                    f.name.to_string(),
                    loc.text(&format!("filters.{}", f.name)).to_string(),
                ]
            })
            .collect();
        ctx.insert("filters", &filters);
        Ok(ctx)
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

    fn taxonomy_index(&self, t: Taxonomy) -> Context {
        let ds = self.ds;
        let mut ctx = Context::new();
        let loc = &self.locale;
        self.meta(
            &mut ctx,
            "taxonomy-index",
            &views::taxonomy_text(loc, t, "title"),
            &folder::taxonomy(t),
            &views::taxonomy_about(loc, t),
        );
        ctx.insert("taxonomy", &self.taxonomy(t));
        let columns = removed_columns(ds, t, loc);
        let mut list: Vec<(usize, String, serde_json::Value)> = ds
            .terms(t)
            .into_iter()
            .map(|(key, _)| {
                let positions = ds.index_of(t).get(key).map_or(&[][..], Vec::as_slice);
                let totals = ds.term_totals(t, key);
                let list = List::Term(t, key.to_string());
                reads::note(Input::Rows {
                    list,
                    from: 0,
                    len: 1,
                });
                let latest = ds.events_of(positions).next_back().map(|e| {
                    reads::note(Input::Event(e.id.clone()));
                    views::date(loc, &e.date)
                });
                let name = ds.term_name(t, key).to_string();
                let by_name = |column: &str| {
                    totals
                        .removed
                        .get(column)
                        .filter(|total| total.qualifier.is_some())
                        .map(|total| loc.total(total))
                        .unwrap_or_default()
                };
                let removed: Vec<String> = columns.iter().map(|c| by_name(&c.name)).collect();
                let value = json!({
                    "removed": removed,
                    "key": key,
                    "name": name,
                    "url": self.urls.term(t, key),
                    "events": totals.events,
                    "latest": latest,
                    "totals": views::totals(loc, totals),
                });
                (totals.events, name, value)
            })
            .collect();
        if t == Taxonomy::Year {
            list.sort_by(|a, b| b.1.cmp(&a.1));
        } else {
            list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        }
        let list: Vec<serde_json::Value> = list.into_iter().map(|(_, _, v)| v).collect();
        ctx.insert("terms", &list);
        ctx.insert("about", &views::taxonomy_about(loc, t));
        ctx.insert("columns", &removed_columns(ds, t, loc));
        ctx
    }

    fn taxonomy(&self, t: Taxonomy) -> serde_json::Value {
        let text = |what: &str| views::taxonomy_text(&self.locale, t, what);
        json!({
            "key": t.key(),
            "title": text("title"),
            "singular": text("singular"),
            "none": text("none"),
            "url": self.urls.taxonomy(t),
        })
    }

    fn term(&self, t: Taxonomy, key: &str, page: usize) -> Result<Context, String> {
        let ds = self.ds;
        let mut ctx = Context::new();
        let name = ds.term_name(t, key);
        let term_folder = folder::term(t, key);
        let loc = &self.locale;
        let title = if page > 1 {
            loc.message(
                "pages.term_page",
                None,
                &[("name", name), ("page", &loc.number(page as u64))],
            )
        } else {
            name.to_string()
        };
        self.meta(
            &mut ctx,
            "taxonomy-term",
            &title,
            &folder::paged(&term_folder, page),
            &loc.message(
                "pages.term_description",
                None,
                &[
                    ("taxonomy", &views::taxonomy_text(loc, t, "singular")),
                    ("name", name),
                ],
            ),
        );
        ctx.insert("taxonomy", &self.taxonomy(t));
        ctx.insert("term", &self.term_view(t, key));
        // The chart of the term's events over time leads its first page only.
        let chart = if page == 1 {
            self.term_figure(t, key)
        } else {
            String::new()
        };
        ctx.insert("chart_html", &chart);
        ctx.insert("totals", &views::totals(loc, ds.term_totals(t, key)));
        let positions = ds.index_of(t).get(key).map_or(&[][..], Vec::as_slice);
        let list = List::Term(t, key.to_string());
        let (listed, apart) = ds.split_listed(positions);
        let (rows, pagination) = self.rows_page(list.clone(), &listed, page, &term_folder)?;
        ctx.insert_value("rows", rows);
        ctx.insert("pagination", &pagination);
        ctx.insert("listed", &listed.len());
        ctx.insert("withdrawn", &self.withdrawn(list, &apart, page));
        ctx.insert("span", &span(ds, loc, &listed));
        Ok(ctx)
    }

    fn term_view(&self, t: Taxonomy, key: &str) -> serde_json::Value {
        let ds = self.ds;
        let mut details: Vec<serde_json::Value> = Vec::new();
        let mut description = String::new();
        let mut aliases: Vec<String> = Vec::new();
        let loc = &self.locale;
        let detail = |what: &str, value: &str| json!({"key": what, "label": loc.text(&format!("taxonomy.{what}")), "value": value});
        match t {
            Taxonomy::Platform | Taxonomy::Discloser => {
                if let Some(org) = ds.vocab.organisations.get(key) {
                    let kind = org.kind.key();
                    details.push(detail(
                        "type",
                        loc.text(&format!("organisation_type.{kind}")),
                    ));
                }
            }
            Taxonomy::Origin | Taxonomy::Target => details.push(detail("iso_code", key)),
            Taxonomy::Actor => {
                if let Some(actor) = ds.actors.get(key) {
                    if let Some(country) = &actor.country {
                        details.push(detail("country", ds.vocab.country_name(country)));
                    }
                    if let Some(kind) = actor.kind {
                        details.push(detail(
                            "type",
                            loc.text(&format!("actor_type.{}", kind.key())),
                        ));
                    }
                    description = self.markdown(&actor.description);
                    aliases = actor.aliases.clone();
                }
            }
            Taxonomy::Operation => {
                if let Some(op) = ds.operations.get(key) {
                    if let Some(actor) = &op.actor {
                        let actor_name = ds.term_name(Taxonomy::Actor, actor);
                        let mut fact = detail("actor", actor_name);
                        fact["label"] = json!(loc.text("event.actor"));
                        details.push(fact);
                    }
                    description = self.markdown(&op.description);
                    aliases = op.aliases.clone();
                }
            }
            Taxonomy::Tactic => {
                if let Some(tactic) = ds.vocab.tactics.get(key) {
                    if !tactic.disarm.is_empty() {
                        let mut fact = detail("disarm", &tactic.disarm.join(", "));
                        fact["links"] = json!(views::disarm_techniques(&ds.vocab, &tactic.disarm));
                        if let Some(framework) = &ds.vocab.disarm {
                            fact["note"] = json!(format!(
                                "{}, by {}, {}",
                                framework.label(),
                                framework.header.attribution,
                                framework.header.licence
                            ));
                        }
                        details.push(fact);
                    }
                }
            }
            Taxonomy::Year => {}
        }
        let link: Link = views::link(ds, &self.urls, t, key);
        json!({
            "key": link.key,
            "name": link.name,
            "url": link.url,
            "kind": t.key(),
            "details": details,
            "description_html": description,
            "aliases": aliases,
        })
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

/// A column of a taxonomy's index: one kind of thing removed, so no column mixes units.
#[derive(Serialize)]
struct RemovedColumn {
    name: String,
    label: String,
}

/// The kinds of removal figure a taxonomy's index has a column for: the usual ones first, at
/// most four, of those any of its terms reports.
fn removed_columns(ds: &Dataset, t: Taxonomy, loc: &Locale) -> Vec<RemovedColumn> {
    let mut names = crate::dataset::Totals::default();
    for key in ds.index_of(t).keys() {
        for (name, total) in &ds.term_totals(t, key).removed {
            if total.qualifier.is_some() {
                names.removed.entry(name.clone()).or_default();
            }
        }
    }
    names
        .removed_ordered()
        .into_iter()
        .take(4)
        .map(|(name, _)| RemovedColumn {
            name: name.to_string(),
            label: views::removed_heading(loc, name),
        })
        .collect()
}

/// Terms of each taxonomy the browse page names.
const BROWSE_TOP: usize = 6;

/// The first and last year of the events at `positions` (in date order): `2018–2020`.
fn span(ds: &Dataset, loc: &Locale, positions: &[usize]) -> String {
    let year = |i: &usize| ds.events[*i].date.year;
    years(loc, positions.first().map(year), positions.last().map(year))
}

/// A span of years, `2018–2020`, in the language's digits (years are never grouped).
fn years(loc: &Locale, first: Option<i16>, last: Option<i16>) -> String {
    let year = |y: i16| {
        loc.date(&crate::records::date::PartialDate {
            year: y,
            month: None,
            day: None,
        })
    };
    match (first, last) {
        (Some(first), Some(last)) if first != last => format!("{}–{}", year(first), year(last)),
        (Some(y), _) => year(y),
        _ => String::new(),
    }
}

/// The theme's own tab icon, used unless `[publisher] favicon` names another.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

/// The site's description, or one made from its title and what it holds: an empty
/// `<meta name="description">` tells a search engine or a shared link nothing.
fn site_summary(ds: &Dataset, loc: &Locale) -> String {
    let description = ds.config.description_in(loc.tag()).trim();
    if !description.is_empty() {
        return description.to_string();
    }
    let counted = ds.totals.events;
    let all: Vec<i16> = ds.events.iter().map(|e| e.date.year).collect();
    let span = years(loc, all.iter().min().copied(), all.iter().max().copied());
    let span = if span.is_empty() {
        span
    } else {
        loc.message("term.span", None, &[("span", &span)])
    };
    loc.message(
        "pages.site_summary",
        Some(counted as u64),
        &[
            ("title", ds.config.title_in(loc.tag()).trim()),
            ("span", &span),
        ],
    )
}

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
