//! Briefings users write (`content/briefings/<slug>.md`): periodic reports scoped to a
//! [`Period`](crate::records::period::Period). This module owns what a briefing file says and
//! how it is checked ([`check`]), and the `{{ cite(…) }}` / `{{ figure(…) }}` shortcodes of its
//! body ([`narrative`]). What a briefing shows is worked out in `dataset::scope` and
//! `render::briefing`; printing it is `print`'s.

pub mod check;
pub mod narrative;

pub use check::{check_briefing, Targets};

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
    pub period: crate::records::period::Period,
    /// The day it was published (a day, never a month or year).
    pub published: PartialDate,
    pub status: BriefingStatus,
    /// One or two sentences for the list of briefings and link previews.
    pub description: Option<String>,
    pub authors: Vec<String>,
    /// Figure ids shown after the narrative, each scoped to the period.
    pub figures: Vec<String>,
    /// What changed after publication, oldest first (`revisions:`).
    pub revisions: Vec<crate::records::Revision>,
    /// The narrative, Markdown with shortcodes.
    pub body: String,
}

impl Briefing {
    /// The day it was last changed: its latest revision, else its publication.
    pub fn last_updated(&self) -> &PartialDate {
        self.revisions.last().map_or(&self.published, |r| &r.date)
    }
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
