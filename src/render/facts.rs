//! What every page's footer and citations say about the data as a whole: its version and the
//! day it last changed. The day comes from the records themselves (their dates, revisions and
//! retractions, and the day each first appeared in the history), never from the clock, so the
//! same data builds the same bytes.

use crate::dataset::Dataset;
use crate::history::History;
use crate::present::citation::short_version;
use crate::present::views::{date, DateView};
use crate::records::date::PartialDate;
use crate::records::Event;
use serde::Serialize;

/// The data's version and last change, for every page.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    /// The data version (a git commit or `sha256:…`); empty when unknown.
    pub data_version: String,
    /// The newest change to any record or briefing; `None` for a site with neither.
    pub updated: Option<PartialDate>,
}

impl SiteFacts {
    pub fn new(ds: &Dataset, history: &History) -> SiteFacts {
        let events = ds.events.iter().map(last_change);
        let seen = ds
            .events
            .iter()
            .filter_map(|e| history.first_seen.get(&e.file).copied());
        let briefings = ds.briefings.iter().map(|b| b.published);
        let updated = events
            .chain(seen)
            .chain(briefings)
            .max_by_key(PartialDate::first_day);
        SiteFacts {
            data_version: history.version.id.clone(),
            updated,
        }
    }

    /// The facts as templates see them: `data.version`, `data.version_short`, `data.updated`.
    pub fn view(&self) -> FactsView {
        FactsView {
            version: self.data_version.clone(),
            version_short: short_version(&self.data_version),
            updated: self.updated.as_ref().map(date),
        }
    }
}

#[derive(Serialize)]
pub struct FactsView {
    pub version: String,
    pub version_short: String,
    pub updated: Option<DateView>,
}

/// The latest day a record changed: its date, a revision or its retraction.
pub fn last_change(e: &Event) -> PartialDate {
    e.revisions
        .iter()
        .map(|r| r.date)
        .chain(e.retraction.as_ref().map(|r| r.date))
        .fold(e.date, |latest, d| {
            if d.first_day() > latest.first_day() {
                d
            } else {
                latest
            }
        })
}
