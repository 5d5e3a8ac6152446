//! The dimensions events are grouped by, each with an index page and a page per term: the
//! [`Dimension`]s a figure spec may name that have pages of their own. The terms an event is
//! filed under are worked out by one function for both, [`terms_of`].

use crate::records::figure::Dimension;
use crate::records::vocab::{OrgType, Vocabularies};
use crate::records::Event;
use serde::{Deserialize, Serialize};

/// A way of grouping events: each has `/<key>/` and `/<key>/<term>/` pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Taxonomy {
    Platform,
    Discloser,
    Origin,
    Target,
    Actor,
    Operation,
    Tactic,
    Year,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 8] = [
        Taxonomy::Platform,
        Taxonomy::Discloser,
        Taxonomy::Origin,
        Taxonomy::Target,
        Taxonomy::Actor,
        Taxonomy::Operation,
        Taxonomy::Tactic,
        Taxonomy::Year,
    ];

    /// The figure dimension this taxonomy is.
    pub fn dimension(self) -> Dimension {
        match self {
            Taxonomy::Platform => Dimension::Platform,
            Taxonomy::Discloser => Dimension::Discloser,
            Taxonomy::Origin => Dimension::Origin,
            Taxonomy::Target => Dimension::Target,
            Taxonomy::Actor => Dimension::Actor,
            Taxonomy::Operation => Dimension::Operation,
            Taxonomy::Tactic => Dimension::Tactic,
            Taxonomy::Year => Dimension::Year,
        }
    }

    /// The taxonomy of a figure dimension, when the dimension has pages (quarters, months and
    /// kinds of event do not).
    pub fn of(dimension: Dimension) -> Option<Taxonomy> {
        Taxonomy::ALL
            .into_iter()
            .find(|t| t.dimension() == dimension)
    }

    /// The path segment of its pages.
    pub fn key(self) -> &'static str {
        match self {
            Taxonomy::Platform => "platforms",
            Taxonomy::Discloser => "disclosers",
            Taxonomy::Origin => "origins",
            Taxonomy::Target => "targets",
            Taxonomy::Actor => "actors",
            Taxonomy::Operation => "operations",
            Taxonomy::Tactic => "tactics",
            Taxonomy::Year => "years",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Platform => "Platforms",
            Taxonomy::Discloser => "Disclosers",
            Taxonomy::Origin => "Origin countries",
            Taxonomy::Target => "Target countries",
            Taxonomy::Actor => "Actors",
            Taxonomy::Operation => "Operations",
            Taxonomy::Tactic => "Tactics",
            Taxonomy::Year => "Years",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Taxonomy::Platform => "Platform",
            Taxonomy::Discloser => "Discloser",
            Taxonomy::Origin => "Origin country",
            Taxonomy::Target => "Target country",
            Taxonomy::Actor => "Actor",
            Taxonomy::Operation => "Operation",
            Taxonomy::Tactic => "Tactic",
            Taxonomy::Year => "Year",
        }
    }

    /// The term's path segment: country codes are lower-cased, other keys are already paths.
    pub fn slug(self, term: &str) -> String {
        match self {
            Taxonomy::Origin | Taxonomy::Target => term.to_ascii_lowercase(),
            _ => term.to_string(),
        }
    }
}

/// The terms `event` is filed under in `dimension`: its platforms (or its discloser, when that
/// is a platform and it names none), countries, actor, tactics, kind, or its year, quarter or
/// month (none when the date is too coarse for it).
pub fn terms_of(event: &Event, dimension: Dimension, vocab: &Vocabularies) -> Vec<String> {
    let e = event;
    match dimension {
        Dimension::Year => vec![format!("{:04}", e.date.year)],
        Dimension::Quarter => e
            .date
            .month
            .map(|m| format!("{:04}-Q{}", e.date.year, (m - 1) / 3 + 1))
            .into_iter()
            .collect(),
        Dimension::Month => e
            .date
            .month
            .map(|m| format!("{:04}-{m:02}", e.date.year))
            .into_iter()
            .collect(),
        Dimension::Platform => platforms_of(e, vocab)
            .into_iter()
            .map(String::from)
            .collect(),
        Dimension::Discloser => vec![e.discloser.clone()],
        Dimension::Origin => e.origin.clone(),
        Dimension::Target => e.targets.clone(),
        Dimension::Actor => e.actor.iter().cloned().collect(),
        Dimension::Operation => e.operation.iter().cloned().collect(),
        Dimension::Tactic => e.tactics.clone(),
        Dimension::Kind => vec![e.kind.key().to_string()],
    }
}

/// The platforms an event is filed under: those it names, or else its discloser when that is
/// a platform.
pub fn platforms_of<'a>(event: &'a Event, vocab: &Vocabularies) -> Vec<&'a str> {
    let named = event.platforms();
    if !named.is_empty() {
        return named;
    }
    let discloser_is_platform = vocab
        .organisations
        .get(&event.discloser)
        .is_some_and(|o| o.kind == OrgType::Platform);
    if discloser_is_platform {
        vec![event.discloser.as_str()]
    } else {
        Vec::new()
    }
}
