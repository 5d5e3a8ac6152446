//! Which pages an edit to some event records changes. Everything else stays as it was served.
//!
//! A page is rendered again when anything it shows may differ between the dataset before and
//! after the edit: the home page and the taxonomy indexes always (they show totals and counts);
//! a page of the list of all events when its slice of rows, the totals or the number of pages
//! changed; every page of a term a changed event is or was filed under; an event's page when it
//! is the changed event, lists one as related, or links an organisation whose page came or
//! went; and any page whose Markdown (a page's body, an event's summary, an actor's or
//! operation's description) embeds a figure, since figures sum events. Jobs of a kind not named
//! here are always rendered again, so a new kind of output is never served stale.

use crate::dataset::{Dataset, Taxonomy, Totals};
use crate::render::{page_count, Job};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the pages showed of the changed events before the edit; taken from the old dataset
/// before it is taken apart to make the new one.
pub struct Before {
    /// Rows of the list of all events (published events only).
    len: usize,
    /// Row of each changed event listed there, counted from the oldest; `None` for one
    /// named apart (retracted or draft), which only the first page shows.
    list_positions: Vec<Option<usize>>,
    totals: Totals,
    /// Per taxonomy, the terms the changed events were filed under.
    terms: HashMap<Taxonomy, HashSet<String>>,
    org_pages: BTreeSet<(Taxonomy, String)>,
}

impl Before {
    pub fn of(ds: &Dataset, changed: &HashSet<String>) -> Before {
        let positions: Vec<usize> = changed.iter().filter_map(|id| ds.position_of(id)).collect();
        let (len, list_positions) = listed(ds, &positions);
        Before {
            len,
            list_positions,
            totals: ds.totals.clone(),
            terms: terms_of(ds, &positions),
            org_pages: org_pages(ds),
        }
    }
}

/// What an edit to the events in `changed` (ids, added, edited or removed) touched.
pub struct Affected<'a> {
    new: &'a Dataset,
    changed: &'a HashSet<String>,
    terms: HashMap<Taxonomy, HashSet<String>>,
    /// Pages (1-based) of the list of all events to render again.
    event_list_pages: HashSet<usize>,
    /// Positions of unchanged events whose pages show something of a changed one.
    dependants: HashSet<usize>,
}

impl<'a> Affected<'a> {
    pub fn new(before: Before, new: &'a Dataset, changed: &'a HashSet<String>) -> Affected<'a> {
        let positions: Vec<usize> = changed
            .iter()
            .filter_map(|id| new.position_of(id))
            .collect();
        let event_list_pages = event_list_pages(&before, new, &listed(new, &positions));
        let mut terms = before.terms;
        for (taxonomy, keys) in terms_of(new, &positions) {
            terms.entry(taxonomy).or_default().extend(keys);
        }
        let moved: HashSet<String> = before
            .org_pages
            .symmetric_difference(&org_pages(new))
            .map(|(_, key)| key.clone())
            .collect();
        Affected {
            new,
            changed,
            terms,
            event_list_pages,
            dependants: dependants(new, changed, &moved),
        }
    }

    /// Must `job` (of the new plan) be rendered again?
    pub fn includes(&self, job: &Job) -> bool {
        match job {
            Job::Home | Job::TaxonomyIndex(_) => true,
            Job::Events { page } => self.event_list_pages.contains(page),
            Job::Event(i) => {
                let event = &self.new.events[*i];
                self.dependants.contains(i)
                    || self.changed.contains(&event.id)
                    || embeds_figures(&event.summary)
            }
            Job::Term { taxonomy, key, .. } => {
                self.terms
                    .get(taxonomy)
                    .is_some_and(|keys| keys.contains(key))
                    || self.description_embeds_figures(*taxonomy, key)
            }
            // A Markdown page shows event data only through the figures it embeds.
            Job::Page(i) => embeds_figures(&self.new.pages[*i].body),
            _ => true,
        }
    }
}

impl Affected<'_> {
    /// An actor's or operation's page shows its description, which may embed figures.
    fn description_embeds_figures(&self, taxonomy: Taxonomy, key: &str) -> bool {
        let description = match taxonomy {
            Taxonomy::Actor => self.new.actors.get(key).map(|a| &a.description),
            Taxonomy::Operation => self.new.operations.get(key).map(|o| &o.description),
            _ => None,
        };
        description.is_some_and(|d| embeds_figures(d))
    }
}

/// Does this Markdown draw a figure? Figures sum events, so any event edit may change it.
fn embeds_figures(markdown: &str) -> bool {
    markdown.contains("{{") && !crate::markdown::figure_embeds(markdown).is_empty()
}

/// Per taxonomy, the terms the events at `positions` are filed under.
fn terms_of(ds: &Dataset, positions: &[usize]) -> HashMap<Taxonomy, HashSet<String>> {
    let mut out: HashMap<Taxonomy, HashSet<String>> = HashMap::new();
    if positions.is_empty() {
        return out;
    }
    for taxonomy in Taxonomy::ALL {
        for (key, listed) in ds.index_of(taxonomy) {
            // An index lists positions in ascending order.
            if positions.iter().any(|p| listed.binary_search(p).is_ok()) {
                out.entry(taxonomy).or_default().insert(key.clone());
            }
        }
    }
    out
}

/// Organisations with a platform or discloser page: links to them appear only while it exists.
fn org_pages(ds: &Dataset) -> BTreeSet<(Taxonomy, String)> {
    [Taxonomy::Platform, Taxonomy::Discloser]
        .iter()
        .flat_map(|&t| ds.index_of(t).keys().map(move |k| (t, k.clone())))
        .collect()
}

/// Pages of the list of all events (newest first) whose rows, totals or pagination differ.
fn event_list_pages(
    before: &Before,
    new: &Dataset,
    (len, positions): &(usize, Vec<Option<usize>>),
) -> HashSet<usize> {
    let size = new.config.page_size.max(1);
    let count = page_count(*len, size);
    // Every list page shows the overall totals and links every other page.
    if before.totals != new.totals || before.len != *len || page_count(before.len, size) != count {
        return (1..=count).collect();
    }
    let rows = |list: &[Option<usize>]| list.iter().flatten().copied().collect::<Vec<_>>();
    let mut pages = shifted_pages(
        size,
        (before.len, &rows(&before.list_positions)),
        (*len, &rows(positions)),
    );
    // The records named apart are listed under the first page's table.
    if before
        .list_positions
        .iter()
        .chain(positions)
        .any(Option::is_none)
    {
        pages.insert(1);
    }
    pages
}

/// The number of rows of the list of all events, and the row (from the oldest) of each event
/// at `positions`, `None` for one not listed there.
fn listed(ds: &Dataset, positions: &[usize]) -> (usize, Vec<Option<usize>>) {
    let all: Vec<usize> = (0..ds.events.len()).collect();
    let (rows, _) = ds.split_listed(&all);
    let rows_of = positions
        .iter()
        .map(|p| rows.binary_search(p).ok())
        .collect();
    (rows.len(), rows_of)
}

/// Pages (of `size` rows, newest first) whose rows differ when the events at `old` positions
/// (of `old_len`) are replaced by those at `new` positions (of `new_len`).
fn shifted_pages(
    size: usize,
    (old_len, old): (usize, &[usize]),
    (new_len, new): (usize, &[usize]),
) -> HashSet<usize> {
    let rank = |len: usize, position: usize| len - 1 - position;
    let ranks: Vec<usize> = old
        .iter()
        .map(|&p| rank(old_len, p))
        .chain(new.iter().map(|&p| rank(new_len, p)))
        .collect();
    let Some(&first) = ranks.iter().min() else {
        return HashSet::new();
    };
    let last = if old_len == new_len {
        // Rows between an event's old and new place shift by one; the rest stay.
        ranks.iter().copied().max().unwrap_or(first)
    } else {
        // A row added or removed shifts every older row.
        old_len.max(new_len)
    };
    let count = page_count(new_len, size);
    (first / size + 1..=(last / size + 1).min(count)).collect()
}

/// Positions of unchanged events whose pages still show something of a changed one: they list
/// it as related, or link an organisation (in `moved`) whose page came or went.
fn dependants(ds: &Dataset, changed: &HashSet<String>, moved: &HashSet<String>) -> HashSet<usize> {
    ds.events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.related.iter().any(|r| changed.contains(r))
                || (!moved.is_empty()
                    && (e.partners.iter().any(|p| moved.contains(p))
                        || e.attribution
                            .as_ref()
                            .and_then(|a| a.by.as_ref())
                            .is_some_and(|by| moved.contains(by))))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(old: (usize, &[usize]), new: (usize, &[usize])) -> Vec<usize> {
        let mut pages: Vec<usize> = shifted_pages(10, old, new).into_iter().collect();
        pages.sort();
        pages
    }

    #[test]
    fn list_pages_follow_the_rows_that_move() {
        // 25 rows, 10 a page, newest first: position 24 is on page 1, position 0 on page 3.
        // Edited in place: only its page.
        assert_eq!(pages((25, &[3]), (25, &[3])), vec![3]);
        assert_eq!(pages((25, &[20]), (25, &[20])), vec![1]);
        // Moved from the oldest to the newest: every page between.
        assert_eq!(pages((25, &[0]), (25, &[24])), vec![1, 2, 3]);
        // Moved within the newest page: that page alone.
        assert_eq!(pages((25, &[24]), (25, &[20])), vec![1]);
        // Added as the newest: every row after it shifts.
        assert_eq!(pages((25, &[]), (26, &[25])), vec![1, 2, 3]);
        // Removed from the oldest page: only that page.
        assert_eq!(pages((25, &[1]), (24, &[])), vec![3]);
        // Nothing changed in the list.
        assert!(pages((25, &[]), (25, &[])).is_empty());
    }
}
