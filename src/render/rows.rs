//! Every event's row in the events tables: its fields ([`views::row`]) and, as `html`, the row
//! rendered by `partials/row.html`. An event is in up to nine lists (all events, the home page,
//! a page per platform, discloser, origin, target, tactic, year...), so each row is made the
//! first time a list shows it and reused by every page after. `serve` carries the rows of
//! unchanged events over to the next dataset.

use crate::dataset::reads::{self, Input};
use crate::dataset::Dataset;
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::present::views;
use crate::records::Event;
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera, Value};

/// The template of one row; `partials/rows.html` places the rows it renders.
pub const ROW_TEMPLATE: &str = "partials/row.html";

/// Every event's row, in dataset order, each made on first use. Clones share the rows.
#[derive(Clone)]
pub struct Rows(Arc<[OnceLock<Value>]>);

impl Rows {
    /// Rows for `count` events, none made yet.
    pub fn new(count: usize) -> Rows {
        Rows((0..count).map(|_| OnceLock::new()).collect())
    }

    /// Rows for events in dataset order, given those already made (`None` for the others).
    pub fn from_made(rows: impl IntoIterator<Item = Option<Value>>) -> Rows {
        Rows(
            rows.into_iter()
                .map(|row| row.map_or_else(OnceLock::new, OnceLock::from))
                .collect(),
        )
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The row of event `i`, if it was made.
    pub fn made(&self, i: usize) -> Option<&Value> {
        self.0[i].get()
    }

    /// The row of event `i` of `ds`, made now if no page needed it before.
    pub fn get(
        &self,
        i: usize,
        ds: &Dataset,
        urls: &Urls,
        loc: &Locale,
        tera: &Tera,
    ) -> Result<Value, String> {
        reads::note(Input::Event(ds.events[i].id.clone()));
        if let Some(row) = self.0[i].get() {
            return Ok(row.clone());
        }
        let row = make(ds, urls, loc, tera, &ds.events[i])?;
        // Two pages may make the same row at once; both made the same value.
        Ok(self.0[i].get_or_init(|| row).clone())
    }
}

/// The row of `e`: its fields, and its HTML as `html`.
fn make(ds: &Dataset, urls: &Urls, loc: &Locale, tera: &Tera, e: &Event) -> Result<Value, String> {
    let mut ctx = Context::new();
    ctx.insert_value("row", views::row(ds, urls, loc, e));
    let html = tera
        .render(ROW_TEMPLATE, &ctx)
        .map_err(|err| format!("{ROW_TEMPLATE}: {}", super::theme::tera_message(&err)))?;
    let mut fields = ctx
        .remove("row")
        .and_then(Value::into_map)
        .unwrap_or_default();
    fields.insert("html".into(), Value::safe_string(&html));
    Ok(Value::from(fields))
}
