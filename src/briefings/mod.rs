//! Briefings: periodic reports (`content/briefings/<slug>.md`) scoped to a period, rendered as
//! a print-ready page at `/briefings/<slug>/` and, on request, printed to `/briefings/<slug>.pdf`.
//!
//! - [`period`]: the forms a period is written in, the previous period of the same length, and
//!   which events a period holds.
//! - [`check`]: the front matter and body of a briefing file, checked with located problems.
//! - [`narrative`]: the `{{ cite(…) }}` and `{{ figure(…) }}` shortcodes of the body.
//! - [`scope`]: the events, totals and key numbers of a period beside the previous one.
//! - [`listings`]: the period's events by platform and origin, and the corrections made in it.
//! - [`references`]: the numbered sources the tables and the narrative link to.
//! - [`context`]: everything the `briefing.html` template shows, in display-ready shapes.
//! - [`draft`]: the skeleton `docket brief` writes for a new briefing.
//! - [`print`]: printing every briefing to PDF inside the staged output ([`crate::pdf`]).

pub mod check;
pub mod context;
pub mod draft;
pub mod listings;
pub mod narrative;
pub mod period;
pub mod print;
pub mod references;
pub mod scope;

pub use check::{check_briefing, Targets};
pub use period::{Period, Placement};

use crate::records::date::PartialDate;

/// Whether a briefing is public yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefingStatus {
    Published,
    /// Built only with `--drafts`, like draft events.
    Draft,
}

/// A checked briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    /// The file stem; also its address (`/briefings/<slug>/`).
    pub slug: String,
    /// Path relative to the site root.
    pub file: String,
    pub title: String,
    pub period: Period,
    /// The day it was published (a day, never a month or year).
    pub published: PartialDate,
    pub status: BriefingStatus,
    /// One or two sentences for the list of briefings and link previews.
    pub description: Option<String>,
    pub authors: Vec<String>,
    /// Figure ids shown after the narrative, each scoped to the period.
    pub figures: Vec<String>,
    /// The narrative, Markdown with shortcodes.
    pub body: String,
}

/// Briefings in the order they are listed: newest period first, then latest published, then
/// by address, so the order never depends on the file system.
pub fn sort_newest_first(briefings: &mut [Briefing]) {
    briefings.sort_by(|a, b| {
        (b.period.end, b.period.start, b.published)
            .cmp(&(a.period.end, a.period.start, a.published))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// Folder of a briefing's page inside the output.
pub fn folder(slug: &str) -> String {
    format!("briefings/{slug}/")
}

/// Path of a briefing's PDF inside the output.
pub fn pdf_path(slug: &str) -> String {
    format!("briefings/{slug}.pdf")
}
