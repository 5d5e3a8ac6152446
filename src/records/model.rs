//! Validated records: what the rest of docket works with. Every key in them is known to exist
//! in the vocabularies or among the site's records.

use super::date::{Interval, PartialDate};
use super::quantity::Quantity;

/// What kind of disclosure an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    Takedown,
    Suspension,
    ContentRemoval,
    DatasetRelease,
    Report,
    Attribution,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Takedown,
        EventKind::Suspension,
        EventKind::ContentRemoval,
        EventKind::DatasetRelease,
        EventKind::Report,
        EventKind::Attribution,
    ];
    pub const NAMES: [&'static str; 6] = [
        "takedown",
        "suspension",
        "content-removal",
        "dataset-release",
        "report",
        "attribution",
    ];

    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| EventKind::ALL[i])
    }

    pub fn key(self) -> &'static str {
        EventKind::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Takedown => "Takedown",
            EventKind::Suspension => "Suspension",
            EventKind::ContentRemoval => "Content removal",
            EventKind::DatasetRelease => "Dataset release",
            EventKind::Report => "Research report",
            EventKind::Attribution => "Attribution",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Published,
    Draft,
    Retracted,
}

impl Status {
    pub const NAMES: [&'static str; 3] = ["published", "draft", "retracted"];

    pub fn parse(name: &str) -> Option<Status> {
        Some(match name {
            "published" => Status::Published,
            "draft" => Status::Draft,
            "retracted" => Status::Retracted,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Draft => "draft",
            Status::Retracted => "retracted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl Confidence {
    pub const NAMES: [&'static str; 3] = ["low", "moderate", "high"];

    pub fn parse(name: &str) -> Option<Confidence> {
        Some(match name {
            "low" => Confidence::Low,
            "moderate" => Confidence::Moderate,
            "high" => Confidence::High,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        Confidence::NAMES[self as usize]
    }
}

/// One figure of an event: `removed.facebook.accounts: 51`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Organisation key of the platform.
    pub platform: String,
    /// Asset, metric or unit name (`accounts`, `followers`, `tweets`).
    pub name: String,
    pub quantity: Quantity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retraction {
    pub date: PartialDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdSpend {
    pub amount: Quantity,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub by: Option<String>,
    pub wording: Option<String>,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    /// As the source wrote it, in its own language.
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<PartialDate>,
    pub archive: Option<String>,
    /// The language of the source's title (a BCP 47 tag), when it is not the record's.
    pub lang: Option<String>,
    /// The title translated into the record's language.
    pub title_translation: Option<String>,
}

/// A record's title and summary in another language (`translations: {fa: {...}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translation {
    pub title: Option<String>,
    /// Markdown.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub date: PartialDate,
    pub note: String,
}

/// One disclosure or takedown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The file stem: stable, never reused.
    pub id: String,
    /// Path of the record relative to the site root.
    pub file: String,
    pub title: String,
    pub date: PartialDate,
    pub kind: EventKind,
    pub discloser: String,
    pub status: Status,
    pub retraction: Option<Retraction>,
    pub removed: Vec<Measure>,
    pub reach: Vec<Measure>,
    pub content: Vec<Measure>,
    pub ad_spend: Option<AdSpend>,
    pub origin: Vec<String>,
    pub actor: Option<String>,
    pub operation: Option<String>,
    pub attribution: Option<Attribution>,
    pub targets: Vec<String>,
    pub active: Option<Interval>,
    pub tactics: Vec<String>,
    pub partners: Vec<String>,
    pub related: Vec<String>,
    pub sources: Vec<Source>,
    /// Markdown.
    pub summary: String,
    pub revisions: Vec<Revision>,
    /// The language its text is written in (a BCP 47 tag); the site's when not given.
    pub lang: Option<String>,
    /// Its title and summary in other languages, by tag.
    pub translations: std::collections::BTreeMap<String, Translation>,
    /// A hash of the record's file (its path and text): what pages that show this event
    /// depend on, so `serve` knows which pages an edit touches.
    pub digest: u64,
}

impl Event {
    /// The latest day this record says it changed: its date, a revision or its retraction
    /// (of two on the same day, the more precise).
    pub fn last_change(&self) -> PartialDate {
        self.revisions
            .iter()
            .map(|r| r.date)
            .chain(self.retraction.as_ref().map(|r| r.date))
            .fold(self.date, PartialDate::later)
    }

    /// Does this event count in totals, charts and listings of published work?
    pub fn counts(&self) -> bool {
        self.status == Status::Published
    }

    /// Platforms named by this event's figures, in order of first mention.
    pub fn platforms(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in self.removed.iter().chain(&self.reach).chain(&self.content) {
            if !out.contains(&m.platform.as_str()) {
                out.push(&m.platform);
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorType {
    StateAgency,
    Military,
    StateMedia,
    GovernmentLinked,
    PrFirm,
    Individual,
    Unknown,
}

impl ActorType {
    pub const NAMES: [&'static str; 7] = [
        "state-agency",
        "military",
        "state-media",
        "government-linked",
        "pr-firm",
        "individual",
        "unknown",
    ];
    const ALL: [ActorType; 7] = [
        ActorType::StateAgency,
        ActorType::Military,
        ActorType::StateMedia,
        ActorType::GovernmentLinked,
        ActorType::PrFirm,
        ActorType::Individual,
        ActorType::Unknown,
    ];

    pub fn parse(name: &str) -> Option<ActorType> {
        ActorType::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| ActorType::ALL[i])
    }

    /// The key records write (`state-agency`).
    pub fn key(self) -> &'static str {
        ActorType::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            ActorType::StateAgency => "State agency",
            ActorType::Military => "Military",
            ActorType::StateMedia => "State media",
            ActorType::GovernmentLinked => "Government-linked",
            ActorType::PrFirm => "PR or marketing firm",
            ActorType::Individual => "Individual",
            ActorType::Unknown => "Unknown",
        }
    }
}

/// Who is behind operations: an agency, a broadcaster, a firm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub key: String,
    pub file: String,
    pub name: String,
    pub country: Option<String>,
    pub kind: Option<ActorType>,
    pub aliases: Vec<String>,
    /// Markdown.
    pub description: String,
}

/// A network that persists across disclosures and platforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub key: String,
    pub file: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub actor: Option<String>,
    /// Markdown.
    pub description: String,
}

/// A free page (about, methodology, how to cite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub slug: String,
    pub file: String,
    pub title: String,
    pub menu: Option<i64>,
    pub description: Option<String>,
    /// Markdown.
    pub body: String,
}

/// How a figure name users write is shown: `group_members` → `Group members`.
pub fn label(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
