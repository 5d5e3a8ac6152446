//! Addresses of every page, in one place. Output paths and links are derived from the same
//! functions, so a link can never point somewhere docket did not write.

use crate::dataset::{Dataset, Taxonomy};

/// Site paths, all starting with the site's base path (`/` or `/tracker/`).
#[derive(Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base: &str) -> Urls {
        Urls {
            base: base.to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The path of an output folder (`events/x/`) as a link.
    pub fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.base)
    }

    pub fn event(&self, id: &str) -> String {
        self.path(&format!("events/{id}/"))
    }

    pub fn taxonomy(&self, taxonomy: Taxonomy) -> String {
        self.path(&format!("{}/", taxonomy.key()))
    }

    pub fn term(&self, taxonomy: Taxonomy, key: &str) -> String {
        self.path(&format!("{}/{}/", taxonomy.key(), taxonomy.slug(key)))
    }

    /// An organisation's page: its platform page if it has one, else its discloser page, else none.
    pub fn organisation(&self, ds: &Dataset, key: &str) -> String {
        if ds.index_of(Taxonomy::Platform).contains_key(key) {
            self.term(Taxonomy::Platform, key)
        } else if ds.index_of(Taxonomy::Discloser).contains_key(key) {
            self.term(Taxonomy::Discloser, key)
        } else {
            String::new()
        }
    }

    pub fn page(&self, slug: &str) -> String {
        self.path(&format!("{slug}/"))
    }
}

/// Folder of the `n`th page (1-based) of a paginated list whose first page lives in `first`.
pub fn paged_folder(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// Folder of a briefing's page inside the output.
pub fn briefing_folder(slug: &str) -> String {
    format!("briefings/{slug}/")
}

/// Path of a briefing's PDF inside the output.
pub fn briefing_pdf(slug: &str) -> String {
    format!("briefings/{slug}.pdf")
}
