//! What a page read of the dataset while it was rendered, and a fingerprint of each thing read.
//!
//! Rendering a page notes what it reads ([`note`]): an event's record, a slice of a list of
//! events, a list's totals, the terms of a taxonomy, a figure. [`recorded`] collects the notes
//! of one page. [`Fingerprints`] gives each input a hash of what it is in a dataset, so a page
//! needs rendering again exactly when one of its inputs hashes differently in the next dataset:
//! `serve` learns which pages an edit touches from the pages themselves, not from a list kept
//! by hand. A page that reads something without noting it would be served stale, which the
//! serve-equals-build tests catch.

use super::{Dataset, Taxonomy};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// A list of events a page shows rows, a count or totals of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum List {
    /// Every event of the dataset.
    All,
    /// The events filed under one term.
    Term(Taxonomy, String),
}

/// One thing a page read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Input {
    /// One event's record (as written in its file).
    Event(String),
    /// Which events fill `len` rows from row `from` of a list's table (its published events,
    /// newest first), and what their records say.
    Rows { list: List, from: usize, len: usize },
    /// How many rows a list's table has (the pagination, a count).
    Size(List),
    /// The records a list names apart from its table (retracted, and drafts in a preview).
    Apart(List),
    /// Every event of a list, with its record: a chart of the list reads them all.
    Members(List),
    /// The totals of a list.
    Totals(List),
    /// Which terms a taxonomy has (the pages that exist).
    Terms(Taxonomy),
    /// The first and last day of the counted events.
    Span,
    /// Whether the site has any record or briefing to date its last change by.
    Dated,
    /// A figure's numbers, by the figure's id; figures sum any events.
    Figure(String),
    /// Everything about the events of the dataset, for the few pages (briefings) that pick
    /// their events by rules of their own.
    AllEvents,
}

/// The inputs of one page, in order.
pub type Reads = BTreeSet<Input>;

thread_local! {
    /// The inputs of the page being rendered on this thread, when someone is recording.
    static RECORDING: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Note that the page being rendered read `input`. Costs one check when nobody records.
pub fn note(input: Input) {
    RECORDING.with(|recording| {
        if let Some(reads) = recording.borrow_mut().as_mut() {
            reads.insert(input);
        }
    });
}

/// Note several inputs at once (see [`note`]).
pub fn note_all(inputs: impl IntoIterator<Item = Input>) {
    RECORDING.with(|recording| {
        if let Some(reads) = recording.borrow_mut().as_mut() {
            reads.extend(inputs);
        }
    });
}

/// Is anyone recording on this thread? Lets a caller skip making inputs nobody keeps.
pub fn recording() -> bool {
    RECORDING.with(|recording| recording.borrow().is_some())
}

/// Run `render` and return what it noted. Recordings nest: a page rendered on this thread
/// while another waits (a parallel task stolen by this thread) keeps its own notes.
pub fn recorded<T>(render: impl FnOnce() -> T) -> (T, Reads) {
    let outer = RECORDING.with(|recording| recording.borrow_mut().replace(Reads::new()));
    let out = render();
    let reads = RECORDING.with(|recording| std::mem::replace(&mut *recording.borrow_mut(), outer));
    (out, reads.unwrap_or_default())
}

/// The hash of each input in one dataset, each worked out once.
pub struct Fingerprints<'a> {
    ds: &'a Dataset,
    known: HashMap<Input, u64>,
    /// Each list's table, as [`Dataset::split_listed`] makes it.
    listed: HashMap<List, Vec<usize>>,
}

impl<'a> Fingerprints<'a> {
    pub fn new(ds: &'a Dataset) -> Fingerprints<'a> {
        Fingerprints {
            ds,
            known: HashMap::new(),
            listed: HashMap::new(),
        }
    }

    /// Each input of `reads` with its hash in this dataset.
    pub fn of_all(&mut self, reads: Reads) -> Vec<(Input, u64)> {
        reads
            .into_iter()
            .map(|input| {
                let hash = self.of(&input);
                (input, hash)
            })
            .collect()
    }

    /// Does any of these inputs, hashed when a page was rendered, hash differently now?
    pub fn changed(&mut self, inputs: &[(Input, u64)]) -> bool {
        inputs.iter().any(|(input, hash)| self.of(input) != *hash)
    }

    /// The hash of `input` in this dataset.
    pub fn of(&mut self, input: &Input) -> u64 {
        // An event's hash is one look-up: nothing to keep (most inputs are these).
        if let Input::Event(id) = input {
            return self.event(id);
        }
        if let Some(&hash) = self.known.get(input) {
            return hash;
        }
        let hash = match input {
            Input::Event(id) => self.event(id),
            Input::Rows { list, from, len } => {
                let ds = self.ds;
                let digests: Vec<u64> = self
                    .listed(list)
                    .iter()
                    .rev()
                    .skip(*from)
                    .take(*len)
                    .map(|&i| ds.events[i].digest)
                    .collect();
                hash_of(&digests)
            }
            Input::Size(list) => hash_of(&self.listed(list).len()),
            Input::Apart(list) => {
                let (_, apart) = self.ds.split_listed(self.positions(list));
                self.digests(&apart)
            }
            // A list's totals follow from its events' records alone, so they hash as its
            // members do: no totals are summed to find out whether they changed.
            Input::Members(list) | Input::Totals(list) => self.digests(self.positions(list)),
            Input::Terms(t) => {
                let keys: Vec<&str> = self.ds.terms(*t).into_iter().map(|(k, _)| k).collect();
                hash_of(&keys)
            }
            Input::Dated => hash_of(&(!self.ds.events.is_empty() || !self.ds.briefings.is_empty())),
            Input::Span => hash_of(
                &self
                    .ds
                    .counted_span()
                    .map(|(a, b)| (a.to_string(), b.to_string())),
            ),
            Input::Figure(id) => {
                let spec = self.ds.figures.iter().find(|f| f.id == *id);
                hash_of(&(format!("{spec:?}"), self.of(&Input::Members(List::All))))
            }
            Input::AllEvents => self.of(&Input::Members(List::All)),
        };
        self.known.insert(input.clone(), hash);
        hash
    }

    /// The hash of the digests of the events at `positions`, in order.
    fn digests(&self, positions: &[usize]) -> u64 {
        let digests: Vec<u64> = positions
            .iter()
            .map(|&i| self.ds.events[i].digest)
            .collect();
        hash_of(&digests)
    }

    /// The positions of a list's table (its published events), each list split once.
    fn listed(&mut self, list: &List) -> &[usize] {
        if !self.listed.contains_key(list) {
            let (listed, _) = self.ds.split_listed(self.positions(list));
            self.listed.insert(list.clone(), listed);
        }
        &self.listed[list]
    }

    /// An event's record and the day it first appeared (its citation's date).
    fn event(&self, id: &str) -> u64 {
        let e = self.ds.position_of(id).map(|i| &self.ds.events[i]);
        hash_of(&e.map(|e| (e.digest, self.ds.first_seen(e).map(|d| d.iso()))))
    }

    fn positions(&self, list: &List) -> &'a [usize] {
        let ds = self.ds;
        match list {
            List::All => ds.all_positions(),
            List::Term(t, key) => ds.index_of(*t).get(key).map_or(&[][..], Vec::as_slice),
        }
    }
}

pub use crate::digest::of as hash_of;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recordings_nest_and_nothing_is_kept_without_one() {
        note(Input::AllEvents);
        let ((), outer) = recorded(|| {
            note(Input::Event("a".into()));
            let ((), inner) = recorded(|| note(Input::Event("b".into())));
            assert_eq!(
                inner.into_iter().collect::<Vec<_>>(),
                [Input::Event("b".into())]
            );
            note(Input::Size(List::All));
        });
        assert_eq!(
            outer.into_iter().collect::<Vec<_>>(),
            [Input::Event("a".into()), Input::Size(List::All)]
        );
        assert!(!recording());
    }
}
