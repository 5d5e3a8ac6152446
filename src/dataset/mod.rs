//! The validated, immutable dataset every output is drawn from: above the records and their
//! loading, below everything that presents them (it never spells an address or a label).
//!
//! Events are sorted once; each taxonomy is indexed once, so no page ever scans all events.
//! [`totals`] sums figures by the qualifier rule; [`scope`] picks a period's events.

pub mod reads;
pub mod scope;
mod taxonomy;
pub mod totals;

pub use taxonomy::{terms_of, Taxonomy};
pub use totals::Totals;

use crate::config::SiteConfig;
use crate::load::Content;
use crate::records::date::PartialDate;
use crate::records::vocab::Vocabularies;
use crate::records::{Actor, Event, Operation, Page, Status};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Event positions (into [`Dataset::events`]) per term, in date order.
pub type Index = BTreeMap<String, Vec<usize>>;

pub struct Dataset {
    pub config: SiteConfig,
    pub vocab: Vocabularies,
    /// Sorted by date (less precise first within a span), then id. Drafts only with `--drafts`.
    pub events: Vec<Event>,
    pub actors: BTreeMap<String, Actor>,
    pub operations: BTreeMap<String, Operation>,
    /// In navigation order: by `menu`, then title.
    pub pages: Vec<Page>,
    /// The site's figure specs by id, or the built-in ones when it defines none.
    pub figures: Vec<crate::records::figure::FigureSpec>,
    /// Briefings, newest period first. Drafts only with `--drafts`.
    pub briefings: Vec<crate::records::briefing::Briefing>,
    by_id: HashMap<String, usize>,
    /// `0..events.len()`: the list of every event, as a term's list is its positions.
    all: Vec<usize>,
    indexes: HashMap<Taxonomy, Index>,
    /// Totals of each term, computed the first time a page asks: a term listed over several
    /// pages, and in its index, is summed once.
    term_totals: HashMap<Taxonomy, HashMap<String, OnceLock<Totals>>>,
    /// Totals over every counted event.
    pub totals: Totals,
    /// The day each record file first appeared in the site's history (by path), when the
    /// build knows it: the day a record was published in the tracker.
    pub first_seen: HashMap<String, PartialDate>,
    /// A hash of every file but the events ([`Content::site_digest`]).
    pub site_digest: u64,
}

/// The totals of a term with no events.
static NO_TOTALS: Totals = Totals {
    events: 0,
    removed: BTreeMap::new(),
    reach: BTreeMap::new(),
    content: BTreeMap::new(),
};

impl Dataset {
    pub fn new(config: SiteConfig, content: Content, include_drafts: bool) -> Dataset {
        let mut events: Vec<Event> = content
            .events
            .into_iter()
            .filter(|e| include_drafts || e.status != Status::Draft)
            .collect();
        events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let by_id = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let indexes: HashMap<Taxonomy, Index> = Taxonomy::ALL
            .iter()
            .map(|&t| (t, build_index(&events, &content.vocab, t)))
            .collect();
        let term_totals = indexes
            .iter()
            .map(|(t, index): (&Taxonomy, &Index)| {
                let cells = index.keys().map(|k| (k.clone(), OnceLock::new())).collect();
                (*t, cells)
            })
            .collect();
        let totals = Totals::of(&events, None);
        let all_len = events.len();
        let mut pages = content.pages;
        pages.sort_by(|a, b| {
            (a.menu.unwrap_or(i64::MAX), &a.title, &a.slug).cmp(&(
                b.menu.unwrap_or(i64::MAX),
                &b.title,
                &b.slug,
            ))
        });
        let mut figures = if content.figures.is_empty() {
            crate::records::figure::defaults()
        } else {
            content.figures
        };
        figures.sort_by(|a, b| a.id.cmp(&b.id));
        let mut briefings: Vec<crate::records::briefing::Briefing> = content
            .briefings
            .into_iter()
            .filter(|b| {
                include_drafts || b.status == crate::records::briefing::BriefingStatus::Published
            })
            .collect();
        crate::records::briefing::sort_newest_first(&mut briefings);
        Dataset {
            config,
            vocab: content.vocab,
            events,
            actors: content
                .actors
                .into_iter()
                .map(|a| (a.key.clone(), a))
                .collect(),
            operations: content
                .operations
                .into_iter()
                .map(|o| (o.key.clone(), o))
                .collect(),
            pages,
            figures,
            briefings,
            by_id,
            all: (0..all_len).collect(),
            indexes,
            term_totals,
            totals,
            first_seen: HashMap::new(),
            site_digest: content.site_digest,
        }
    }

    /// Take the dataset apart into what it was made from, so that `serve` can apply an edit
    /// and make the next dataset without copying every record. Drafts left out of this dataset
    /// are not in the result; the figures are those in use.
    pub fn into_parts(self) -> (SiteConfig, Content) {
        let content = Content {
            vocab: self.vocab,
            events: self.events,
            actors: self.actors.into_values().collect(),
            operations: self.operations.into_values().collect(),
            pages: self.pages,
            figures: self.figures,
            briefings: self.briefings,
            site_digest: self.site_digest,
        };
        (self.config, content)
    }

    /// The dataset with the days its records first appeared (from the site's history).
    pub fn with_first_seen(mut self, first_seen: HashMap<String, PartialDate>) -> Dataset {
        self.first_seen = first_seen;
        self
    }

    /// The day the event was published in the tracker, when the history knows it.
    pub fn first_seen(&self, e: &Event) -> Option<PartialDate> {
        self.first_seen.get(&e.file).copied()
    }

    /// The latest day any record or briefing changed: a record's date, revision or
    /// retraction, the day it first appeared, a briefing's publication. From the data, never
    /// the clock; `None` for a site with neither records nor briefings.
    pub fn last_change(&self) -> Option<PartialDate> {
        let events = self.events.iter().map(|e| {
            let changed = e.last_change();
            self.first_seen(e)
                .map_or(changed, |seen| changed.later(seen))
        });
        let briefings = self.briefings.iter().map(|b| b.published);
        events.chain(briefings).reduce(PartialDate::later)
    }

    /// Position in [`Dataset::events`] of the event with this id.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The event with this id; the page being rendered reads it ([`reads`]).
    pub fn event(&self, id: &str) -> Option<&Event> {
        reads::note(reads::Input::Event(id.to_string()));
        self.by_id.get(id).map(|&i| &self.events[i])
    }

    pub fn index_of(&self, taxonomy: Taxonomy) -> &Index {
        &self.indexes[&taxonomy]
    }

    /// The positions of every event, in date order: the list of all events.
    pub fn all_positions(&self) -> &[usize] {
        &self.all
    }

    /// The terms of a taxonomy with their number of listed events, by key. Actors and
    /// operations have a page even before any event names them.
    pub fn terms(&self, taxonomy: Taxonomy) -> Vec<(&str, usize)> {
        reads::note(reads::Input::Terms(taxonomy));
        let index = self.index_of(taxonomy);
        let mut out: Vec<(&str, usize)> =
            index.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
        let defined: Vec<&str> = match taxonomy {
            Taxonomy::Actor => self.actors.keys().map(String::as_str).collect(),
            Taxonomy::Operation => self.operations.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        for key in defined {
            if !index.contains_key(key) {
                out.push((key, 0));
            }
        }
        out.sort();
        out
    }

    /// The events of one term, in date order.
    pub fn events_of<'a>(
        &'a self,
        positions: &'a [usize],
    ) -> impl DoubleEndedIterator<Item = &'a Event> + 'a {
        positions.iter().map(move |&i| &self.events[i])
    }

    /// Totals of one term; platform pages count only that platform's figures.
    pub fn term_totals(&self, taxonomy: Taxonomy, term: &str) -> &Totals {
        reads::note(reads::Input::Totals(reads::List::Term(
            taxonomy,
            term.to_string(),
        )));
        let Some(cell) = self.term_totals.get(&taxonomy).and_then(|m| m.get(term)) else {
            return &NO_TOTALS;
        };
        cell.get_or_init(|| {
            let positions = self
                .index_of(taxonomy)
                .get(term)
                .map_or(&[][..], Vec::as_slice);
            let platform = (taxonomy == Taxonomy::Platform).then_some(term);
            Totals::of(self.events_of(positions), platform)
        })
    }

    /// Of the events at `positions`, those listed in the tables (published), and the others
    /// (retracted, and drafts in a preview): lists keep the first, and name the second apart,
    /// so no table counts or sorts a record whose figures no total counts.
    pub fn split_listed(&self, positions: &[usize]) -> (Vec<usize>, Vec<usize>) {
        positions
            .iter()
            .partition(|&&i| self.events[i].status == Status::Published)
    }

    /// Display name of a term of a taxonomy.
    pub fn term_name<'a>(&'a self, taxonomy: Taxonomy, term: &'a str) -> &'a str {
        match taxonomy {
            Taxonomy::Platform | Taxonomy::Discloser => self.vocab.organisation_name(term),
            Taxonomy::Origin | Taxonomy::Target => self.vocab.country_name(term),
            Taxonomy::Actor => self.actors.get(term).map_or(term, |a| a.name.as_str()),
            Taxonomy::Operation => self.operations.get(term).map_or(term, |o| o.name.as_str()),
            Taxonomy::Tactic => self.vocab.tactic_label(term),
            Taxonomy::Year => term,
        }
    }

    /// First and last day of the counted events: the span charts keep their windows in.
    pub fn counted_span(&self) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
        let mut counted = self.events.iter().filter(|e| e.counts());
        let first = counted.next()?;
        let (mut lo, mut hi) = (first.date.first_day(), first.date.last_day());
        for e in counted {
            lo = lo.min(e.date.first_day());
            hi = hi.max(e.date.last_day());
        }
        Some((lo, hi))
    }

    /// Platforms an event is filed under: those its figures name, or else its discloser when
    /// the discloser is itself a platform.
    pub fn platforms_of<'a>(&'a self, event: &'a Event) -> Vec<&'a str> {
        taxonomy::platforms_of(event, &self.vocab)
    }
}

fn build_index(events: &[Event], vocab: &Vocabularies, taxonomy: Taxonomy) -> Index {
    let mut index = Index::new();
    for (i, e) in events.iter().enumerate() {
        let terms = taxonomy::terms_of(e, taxonomy.dimension(), vocab);
        for term in terms {
            index.entry(term).or_default().push(i);
        }
    }
    index
}
