//! The numbered sources of a briefing.
//!
//! Sources are numbered once per briefing: first those of the period's events in date order,
//! then those of events the narrative cites from outside the period. The same address is one
//! reference wherever it is used; tables and the narrative link to `#ref-<n>`.

use crate::present::locale::Locale;
use crate::present::views::{self, DateView};
use crate::records::Event;
use serde::Serialize;
use std::collections::HashMap;

/// A link to one reference: `[3]` pointing at `#ref-3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefLink {
    pub number: usize,
    pub anchor: String,
}

/// One numbered source.
#[derive(Serialize)]
pub struct Reference {
    pub number: usize,
    pub anchor: String,
    pub url: String,
    pub title: String,
    pub publisher: String,
    pub date: Option<DateView>,
    pub archive: String,
    /// Ids of the events citing it.
    pub events: Vec<String>,
}

/// The references of one briefing, built up event by event.
pub struct References {
    /// The language dates are written in.
    loc: Locale,
    list: Vec<Reference>,
    by_url: HashMap<String, usize>,
    by_event: HashMap<String, Vec<usize>>,
}

impl References {
    pub fn new(loc: &Locale) -> References {
        References {
            loc: loc.clone(),
            list: Vec::new(),
            by_url: HashMap::new(),
            by_event: HashMap::new(),
        }
    }

    /// Number the sources of `e` that have no number yet. Adding an event twice changes nothing.
    pub fn add_event(&mut self, e: &Event) {
        if self.by_event.contains_key(&e.id) {
            return;
        }
        let mut numbers = Vec::new();
        for s in &e.sources {
            let number = match self.by_url.get(&s.url) {
                Some(&n) => n,
                None => {
                    let n = self.list.len() + 1;
                    self.list.push(Reference {
                        number: n,
                        anchor: anchor(n),
                        url: s.url.clone(),
                        title: s.title.clone(),
                        publisher: s.publisher.clone().unwrap_or_default(),
                        date: s.date.as_ref().map(|d| views::date(&self.loc, d)),
                        archive: s.archive.clone().unwrap_or_default(),
                        events: Vec::new(),
                    });
                    self.by_url.insert(s.url.clone(), n);
                    n
                }
            };
            self.list[number - 1].events.push(e.id.clone());
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
        self.by_event.insert(e.id.clone(), numbers);
    }

    /// Links to the references of an event added before; none for any other.
    pub fn links(&self, id: &str) -> Vec<RefLink> {
        self.by_event
            .get(id)
            .map(|ns| {
                ns.iter()
                    .map(|&n| RefLink {
                        number: n,
                        anchor: anchor(n),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn into_list(self) -> Vec<Reference> {
        self.list
    }
}

fn anchor(n: usize) -> String {
    format!("ref-{n}")
}
