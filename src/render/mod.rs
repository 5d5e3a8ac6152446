//! Every HTML page and the feed: plan every page as a job, then render jobs (in parallel)
//! with the Tera templates. Above figures and data files (the data page lists the downloads);
//! below printing and the build. Addresses come from [`crate::present::urls`] only.

pub mod batch;
pub mod briefing;
mod briefing_pages;
pub mod facts;
mod figure_pages;
pub mod i18n;
mod pages;
pub mod rows;
mod site_pages;
pub mod theme;

pub use briefing_pages::PRINT_FILE;
pub use pages::Renderer;
pub use site_pages::{site_pages, write_rows_json};

use crate::dataset::{Dataset, Taxonomy};

/// One output page. The plan is a sorted list of these, so output never depends on timing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Home,
    /// `/browse/`: every taxonomy with its largest terms.
    Browse,
    /// A page (1-based) of the list of all events (published events; the others are named
    /// apart under the first page's table).
    Events {
        page: usize,
    },
    /// An event, by position in [`Dataset::events`].
    Event(usize),
    TaxonomyIndex(Taxonomy),
    Term {
        taxonomy: Taxonomy,
        key: String,
        page: usize,
    },
    /// A Markdown page, by position in [`Dataset::pages`].
    Page(usize),
    /// `/figures/`: every figure of the site.
    FiguresIndex,
    /// A figure's page, its chart as an SVG file and its numbers as CSV, by position in
    /// [`Dataset::figures`].
    Figure(usize),
    FigureSvg(usize),
    FigureCsv(usize),
    /// `/briefings/`: every briefing (only when the site has some).
    Briefings,
    /// A briefing's page, by slug.
    Briefing(String),
    /// A briefing's `page.css`: its paper size and running header.
    BriefingStyle(String),
}

impl Job {
    /// What the job makes, by names that outlive positions in the dataset (an event's id, a
    /// figure's id, a page's slug): the same page from one build to the next has the same key.
    pub fn key(&self, ds: &Dataset) -> String {
        match self {
            Job::Home => "home".into(),
            Job::Browse => "browse".into(),
            Job::Events { page } => format!("events:{page}"),
            Job::Event(i) => format!("event:{}", ds.events[*i].id),
            Job::TaxonomyIndex(t) => format!("taxonomy:{}", t.key()),
            Job::Term {
                taxonomy,
                key,
                page,
            } => format!("term:{}:{key}:{page}", taxonomy.key()),
            Job::Page(i) => format!("page:{}", ds.pages[*i].slug),
            Job::FiguresIndex => "figures".into(),
            Job::Figure(i) => format!("figure:{}", ds.figures[*i].id),
            Job::FigureSvg(i) => format!("figure-svg:{}", ds.figures[*i].id),
            Job::FigureCsv(i) => format!("figure-csv:{}", ds.figures[*i].id),
            Job::Briefings => "briefings".into(),
            Job::Briefing(slug) => format!("briefing:{slug}"),
            Job::BriefingStyle(slug) => format!("briefing-style:{slug}"),
        }
    }
}

/// Number of pages needed for `items` rows at `size` rows a page (at least one).
pub fn page_count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// Every page of the site.
pub fn plan(ds: &Dataset) -> Vec<Job> {
    let size = ds.config.page_size;
    let mut jobs = vec![Job::Home, Job::Browse];
    let all: Vec<usize> = (0..ds.events.len()).collect();
    let listed = ds.split_listed(&all).0.len();
    jobs.extend((1..=page_count(listed, size)).map(|page| Job::Events { page }));
    jobs.extend((0..ds.events.len()).map(Job::Event));
    for taxonomy in Taxonomy::ALL {
        jobs.push(Job::TaxonomyIndex(taxonomy));
        for (key, _) in ds.terms(taxonomy) {
            let positions = ds
                .index_of(taxonomy)
                .get(key)
                .map_or(&[][..], Vec::as_slice);
            let count = ds.split_listed(positions).0.len();
            jobs.extend((1..=page_count(count, size)).map(|page| Job::Term {
                taxonomy,
                key: key.to_string(),
                page,
            }));
        }
    }
    jobs.extend((0..ds.pages.len()).map(Job::Page));
    jobs.push(Job::FiguresIndex);
    for i in 0..ds.figures.len() {
        jobs.extend([Job::Figure(i), Job::FigureSvg(i), Job::FigureCsv(i)]);
    }
    if !ds.briefings.is_empty() {
        jobs.push(Job::Briefings);
    }
    for b in &ds.briefings {
        jobs.push(Job::Briefing(b.slug.clone()));
        jobs.push(Job::BriefingStyle(b.slug.clone()));
    }
    jobs
}
