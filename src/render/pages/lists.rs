//! The pages that list events: the home page, the events list and its pages, the browse page,
//! and the rows and pagination they share.

use super::Pagination;
use super::Renderer;
use super::LATEST;
use crate::dataset::reads;
use crate::dataset::reads::Input;
use crate::dataset::reads::List;
use crate::dataset::Taxonomy;
use crate::present::urls::folder;
use crate::present::views;
use crate::render::page_count;
use serde_json::json;
use tera::Context;
use tera::Value;

/// Terms of each taxonomy the browse page names.
const BROWSE_TOP: usize = 6;

impl<'a> Renderer<'a> {
    /// Rows of `positions`, newest first, for page `page`; plus the pagination that goes with it.
    pub(super) fn rows_page(
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
    pub(super) fn withdrawn(
        &self,
        list: List,
        positions: &[usize],
        page: usize,
    ) -> Vec<serde_json::Value> {
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
    pub(super) fn browse(&self) -> Context {
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

    pub(super) fn home(&self) -> Result<Context, String> {
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

    pub(super) fn events(&self, page: usize) -> Result<Context, String> {
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
}
