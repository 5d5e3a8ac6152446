//! The pages of a taxonomy: its index (every term with its totals) and each term's page (its
//! header, totals, chart and events).

use super::globals::years;
use super::Renderer;
use crate::dataset::reads;
use crate::dataset::reads::Input;
use crate::dataset::reads::List;
use crate::dataset::Dataset;
use crate::dataset::Taxonomy;
use crate::present::locale::Locale;
use crate::present::urls::folder;
use crate::present::views;
use crate::present::views::Link;
use serde::Serialize;
use serde_json::json;
use tera::Context;

impl<'a> Renderer<'a> {
    pub(super) fn taxonomy_index(&self, t: Taxonomy) -> Context {
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

    pub(super) fn taxonomy(&self, t: Taxonomy) -> serde_json::Value {
        let text = |what: &str| views::taxonomy_text(&self.locale, t, what);
        json!({
            "key": t.key(),
            "title": text("title"),
            "singular": text("singular"),
            "none": text("none"),
            "url": self.urls.taxonomy(t),
        })
    }

    pub(super) fn term(&self, t: Taxonomy, key: &str, page: usize) -> Result<Context, String> {
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

    pub(super) fn term_view(&self, t: Taxonomy, key: &str) -> serde_json::Value {
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

/// The first and last year of the events at `positions` (in date order): `2018–2020`.
fn span(ds: &Dataset, loc: &Locale, positions: &[usize]) -> String {
    let year = |i: &usize| ds.events[*i].date.year;
    years(loc, positions.first().map(year), positions.last().map(year))
}
