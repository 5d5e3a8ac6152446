//! Addresses of every page and file, in one place: where each goes inside the output
//! ([`folder`]) and how it is linked ([`Urls`]: a site path, a permalink, a feed identifier).
//! Output paths and links are derived from the same functions, so a link can never point
//! somewhere docket did not write. Nothing else spells an address.

use crate::config::SiteConfig;
use crate::dataset::reads::{self, Input};
use crate::dataset::{Dataset, Taxonomy};
use crate::present::locale::Locale;

/// Where each page and file goes inside the output; folders end in `/`.
pub mod folder {
    use crate::dataset::Taxonomy;

    pub const EVENTS: &str = "events/";
    pub const FIGURES: &str = "figures/";
    pub const BRIEFINGS: &str = "briefings/";
    /// Every way of browsing the records: platforms, disclosers, countries, years, ….
    pub const BROWSE: &str = "browse/";
    /// The downloads and the data page.
    pub const DATA: &str = "data/";
    pub const CHANGELOG: &str = "changelog/";
    /// The Atom feed of each language, in its folder.
    pub const FEED: &str = "feed.xml";

    pub fn event(id: &str) -> String {
        format!("events/{id}/")
    }

    pub fn figure(id: &str) -> String {
        format!("figures/{id}/")
    }

    /// A figure's chart or numbers beside its page: `figures/<id>.svg`, `figures/<id>.csv`.
    pub fn figure_file(id: &str, extension: &str) -> String {
        format!("figures/{id}.{extension}")
    }

    pub fn taxonomy(taxonomy: Taxonomy) -> String {
        format!("{}/", taxonomy.key())
    }

    pub fn term(taxonomy: Taxonomy, key: &str) -> String {
        format!("{}/{}/", taxonomy.key(), taxonomy.slug(key))
    }

    /// A Markdown page, by its slug.
    pub fn page(slug: &str) -> String {
        format!("{slug}/")
    }

    /// The `n`th page (1-based) of a paginated list whose first page lives in `first`.
    pub fn paged(first: &str, n: usize) -> String {
        if n <= 1 {
            first.to_string()
        } else {
            format!("{first}page/{n}/")
        }
    }

    pub fn briefing(slug: &str) -> String {
        format!("briefings/{slug}/")
    }

    pub fn briefing_pdf(slug: &str) -> String {
        format!("briefings/{slug}.pdf")
    }

    /// A citation file beside the page in `page` (a folder): `events/<id>/cite.bib`,
    /// `data/cite.ris`; `extension` is `csl.json`, `bib` or `ris`.
    pub fn citation(page: &str, extension: &str) -> String {
        format!("{page}cite.{extension}")
    }
}

/// Links to output folders and files: site paths start with the site's base path (`/` or
/// `/tracker/`); permalinks with `base_url` when the site has one. Pages of a further language
/// live under its prefix (`/fa/events/`); the data files, the theme's files and the search
/// index are shared by every language and stay at the root ([`Urls::shared`]).
#[derive(Clone)]
pub struct Urls {
    base: String,
    base_url: String,
    /// The language's folder: empty for the site's own language, `fa/` for a further one.
    prefix: String,
}

impl Urls {
    /// Links of the pages in the site's own language.
    pub fn new(config: &SiteConfig) -> Urls {
        Urls {
            base: config.base_path(),
            base_url: config.base_url().to_string(),
            prefix: String::new(),
        }
    }

    /// Links of the pages in `locale`: under its prefix when it is a further language.
    pub fn in_language(config: &SiteConfig, locale: &Locale) -> Urls {
        Urls {
            prefix: locale.prefix().to_string(),
            ..Urls::new(config)
        }
    }

    /// The same links with the site's root at `base` instead (an absolute address, or a
    /// relative one such as `../../`): the printed copy of a briefing links to the
    /// published site.
    pub fn with_base(&self, base: &str) -> Urls {
        Urls {
            base: base.to_string(),
            ..self.clone()
        }
    }

    /// Links for unit tests, without a site.
    #[doc(hidden)]
    pub fn for_tests(base_url: &str, base: &str) -> Urls {
        Urls {
            base: base.to_string(),
            base_url: base_url.to_string(),
            prefix: String::new(),
        }
    }

    /// The language's folder, relative to the site's root (`` or `fa/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The site path of a file every language shares (a download, the style sheet).
    pub fn shared(&self, relative: &str) -> String {
        format!("{}{relative}", self.base)
    }

    /// The absolute address of a shared file when `base_url` is set, else its path.
    pub fn shared_permalink(&self, relative: &str) -> String {
        if self.has_base_url() {
            format!("{}/{relative}", self.base_url)
        } else {
            self.shared(relative)
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn has_base_url(&self) -> bool {
        !self.base_url.is_empty()
    }

    /// The site path of a page or file of the language (`/tracker/events/x/`,
    /// `/tracker/fa/events/x/`).
    pub fn path(&self, relative: &str) -> String {
        format!("{}{}{relative}", self.base, self.prefix)
    }

    /// The absolute address of a page or file of the language when `base_url` is set, else
    /// its path.
    pub fn permalink(&self, relative: &str) -> String {
        if self.has_base_url() {
            format!("{}/{}{relative}", self.base_url, self.prefix)
        } else {
            self.path(relative)
        }
    }

    /// A permanent identifier for feed entries: the address, or a URN when the site has none.
    pub fn identifier(&self, relative: &str) -> String {
        if self.has_base_url() {
            self.permalink(relative)
        } else {
            format!(
                "urn:docket:{}{}",
                self.prefix,
                relative.trim_end_matches('/')
            )
        }
    }

    /// Where the page at `relative` is written, from the output's root: under the language's
    /// folder.
    pub fn output(&self, relative: &str) -> String {
        format!("{}{relative}", self.prefix)
    }

    pub fn event(&self, id: &str) -> String {
        self.path(&folder::event(id))
    }

    pub fn taxonomy(&self, taxonomy: Taxonomy) -> String {
        self.path(&folder::taxonomy(taxonomy))
    }

    pub fn term(&self, taxonomy: Taxonomy, key: &str) -> String {
        self.path(&folder::term(taxonomy, key))
    }

    /// An organisation's page: its platform page if it has one, else its discloser page, else none.
    pub fn organisation(&self, ds: &Dataset, key: &str) -> String {
        // Linked only while the page exists.
        reads::note_all([
            Input::Terms(Taxonomy::Platform),
            Input::Terms(Taxonomy::Discloser),
        ]);
        if ds.index_of(Taxonomy::Platform).contains_key(key) {
            self.term(Taxonomy::Platform, key)
        } else if ds.index_of(Taxonomy::Discloser).contains_key(key) {
            self.term(Taxonomy::Discloser, key)
        } else {
            String::new()
        }
    }

    pub fn page(&self, slug: &str) -> String {
        self.path(&folder::page(slug))
    }

    pub fn figure(&self, id: &str) -> String {
        self.path(&folder::figure(id))
    }

    /// The events list filtered by query parameters (`events/?platform=twitter&from=2019-04`):
    /// names are the list's filters, values are percent-encoded.
    pub fn events_where(&self, params: &[(&str, String)]) -> String {
        use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
        const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');
        let query: Vec<String> = params
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, VALUE)))
            .collect();
        let list = self.path(folder::EVENTS);
        if query.is_empty() {
            list
        } else {
            format!("{list}?{}", query.join("&"))
        }
    }

    /// Links to the citation files beside the page in the folder `page` (of the site's own
    /// language: the files are the same in every language).
    pub fn citations(&self, page: &str) -> CitationLinks {
        CitationLinks {
            csl: self.shared(&folder::citation(page, "csl.json")),
            bibtex: self.shared(&folder::citation(page, "bib")),
            ris: self.shared(&folder::citation(page, "ris")),
        }
    }
}

/// The site paths of a page's citation files, for its "cite" box.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CitationLinks {
    pub csl: String,
    pub bibtex: String,
    pub ris: String,
}
