//! The dimensions events are grouped by, each with an index page and a page per term.

/// A way of grouping events: each has `/<key>/` and `/<key>/<term>/` pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
