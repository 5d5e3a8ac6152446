//! One citation of anything the site publishes (a record, a briefing, a figure, the whole
//! dataset), built once from the site's settings and the data version. Pages show its text
//! ([`Citation::text`]); the data files that reference managers read (CSL-JSON, BibTeX, RIS)
//! are written from the same value, so every form of a citation says the same thing.

use crate::config::SiteConfig;
use crate::present::locale::Locale;
use crate::records::briefing::Briefing;
use crate::records::date::PartialDate;
use crate::records::figure::FigureSpec;
use crate::records::Event;
use serde::Serialize;

/// What is cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Work {
    /// One record (an event) of the tracker: an entry of a dataset.
    Record,
    /// A briefing: a report.
    Report,
    /// A figure: a chart with its numbers.
    Figure,
    /// The whole tracker as a dataset.
    Dataset,
}

#[derive(Debug, Clone)]
pub struct Citation {
    pub work: Work,
    pub title: String,
    /// People named as authors (a briefing's front matter). Empty when the publishing
    /// organisation is the author.
    pub authors: Vec<String>,
    /// The organisation that publishes the tracker (`[publisher] name`); empty when the site
    /// names none, and then no author or publisher is printed, never the tracker's title twice.
    pub publisher: String,
    /// The tracker a record or figure is part of (its title); empty for the dataset itself.
    pub container: String,
    /// The record's id, the figure's id or the briefing's slug: what stays the same across
    /// versions.
    pub id: String,
    /// When the work was published (a briefing's date, the day a record first appeared).
    pub issued: Option<PartialDate>,
    /// Printed in place of `issued` when set: a stand-in for a date bound when the page is
    /// written ([`super::stand_in`]).
    pub issued_text: Option<String>,
    /// The full data version (a commit or `sha256:…`); empty when not known.
    pub version: String,
    /// Its permanent address.
    pub url: String,
    /// The day the data was read, when the citation is printed with one.
    pub accessed: Option<PartialDate>,
}

impl Citation {
    /// A citation of `work` published on the site of `config`, with no date, version or
    /// address yet (see the `with_*` methods).
    pub fn new(config: &SiteConfig, work: Work, id: &str, title: &str) -> Citation {
        Citation {
            work,
            title: title.to_string(),
            authors: Vec::new(),
            publisher: config.publisher.name.trim().to_string(),
            container: match work {
                Work::Dataset => String::new(),
                _ => config.title.clone(),
            },
            id: id.to_string(),
            issued: None,
            issued_text: None,
            version: String::new(),
            url: String::new(),
            accessed: None,
        }
    }

    /// A record of the tracker, dated by the day it first appeared when the history knows it.
    /// Pages and citation files both start from these, so every form says the same thing;
    /// each adds the data version and the address.
    pub fn of_record(config: &SiteConfig, e: &Event, first_seen: Option<PartialDate>) -> Citation {
        Citation::new(config, Work::Record, &e.id, &e.title).with_issued(first_seen)
    }

    /// A briefing: its authors, dated by its publication.
    pub fn of_briefing(config: &SiteConfig, b: &Briefing) -> Citation {
        Citation::new(config, Work::Report, &b.slug, &b.title)
            .with_authors(&b.authors)
            .with_issued(Some(b.published))
    }

    /// A figure of the tracker.
    pub fn of_figure(config: &SiteConfig, spec: &FigureSpec) -> Citation {
        Citation::new(config, Work::Figure, &spec.id, &spec.title)
    }

    /// The whole tracker as a dataset, dated by the day its data last changed.
    pub fn of_dataset(config: &SiteConfig, updated: Option<PartialDate>) -> Citation {
        Citation::new(config, Work::Dataset, "", &config.title).with_issued(updated)
    }

    pub fn with_authors(mut self, authors: &[String]) -> Citation {
        self.authors = authors.to_vec();
        self
    }

    pub fn with_issued(mut self, issued: Option<PartialDate>) -> Citation {
        self.issued = issued;
        self
    }

    pub fn with_issued_text(mut self, text: &str) -> Citation {
        self.issued_text = Some(text.to_string());
        self
    }

    pub fn with_version(mut self, version: &str) -> Citation {
        self.version = version.to_string();
        self
    }

    pub fn with_url(mut self, url: &str) -> Citation {
        self.url = url.to_string();
        self
    }

    pub fn with_accessed(mut self, accessed: Option<PartialDate>) -> Citation {
        self.accessed = accessed;
        self
    }

    /// Who the work is by: its named authors, else the publishing organisation, else nobody.
    pub fn creators(&self) -> Vec<&str> {
        if self.authors.is_empty() {
            (!self.publisher.is_empty())
                .then_some(self.publisher.as_str())
                .into_iter()
                .collect()
        } else {
            self.authors.iter().map(String::as_str).collect()
        }
    }

    /// The citation as one line of plain text, for pages and PDFs:
    ///
    /// - record: `Lab. “Title.” Record 2019-05-28-x, in Tracker. Data version 0123456789ab. https://… (accessed 1 May 2026).`
    /// - report: `A. Author, B. Author. “Title.” Lab, 15 July 2019. Data version …. https://….`
    /// - dataset: `Lab. Tracker. Data version …, 1 May 2026. https://….`
    pub fn text(&self) -> String {
        self.text_in(&Locale::english())
    }

    /// [`Citation::text`] in the words, quotation marks and dates of `loc`.
    pub fn text_in(&self, loc: &Locale) -> String {
        self.text_with(loc, self.accessed.as_ref().map(|d| loc.date(d)))
    }

    /// [`Citation::text_in`] with `accessed` (already written out) as the day it was read: a
    /// page's copy button puts the reader's own today there.
    pub fn text_accessed_as(&self, loc: &Locale, accessed: &str) -> String {
        self.text_with(loc, Some(accessed.to_string()))
    }

    fn text_with(&self, loc: &Locale, accessed: Option<String>) -> String {
        let mut parts: Vec<String> = Vec::new();
        let creators = self.creators();
        if !creators.is_empty() {
            parts.push(sentence(&creators.join(", ")));
        }
        match self.work {
            Work::Dataset => parts.push(sentence(&self.title)),
            _ => parts.push(format!(
                "{}{}{}",
                loc.text("quote.open"),
                sentence(&self.title),
                loc.text("quote.close")
            )),
        }
        let mut place: Vec<String> = Vec::new();
        match self.work {
            Work::Record => place.push(loc.message("cite.record", None, &[("id", &self.id)])),
            Work::Figure => place.push(loc.message("cite.figure", None, &[("id", &self.id)])),
            Work::Report | Work::Dataset => {}
        }
        if !self.container.is_empty() {
            if place.is_empty() {
                place.push(self.container.clone());
            } else {
                place.push(loc.message("cite.in", None, &[("container", &self.container)]));
            }
        }
        // A report's publisher is named after it when people wrote it.
        if self.work == Work::Report && !self.authors.is_empty() && !self.publisher.is_empty() {
            place.push(self.publisher.clone());
        }
        match (&self.issued_text, &self.issued) {
            (Some(text), _) => place.push(text.clone()),
            (None, Some(issued)) => place.push(loc.date(issued)),
            (None, None) => {}
        }
        if !place.is_empty() {
            parts.push(sentence(&place.join(loc.text("list.separator"))));
        }
        if !self.version.is_empty() {
            parts.push(sentence(&loc.message(
                "cite.data_version",
                None,
                &[("version", &short_version(&self.version))],
            )));
        }
        if !self.url.is_empty() {
            let mut address = self.url.clone();
            if let Some(accessed) = accessed {
                address.push_str(&loc.message("cite.accessed", None, &[("date", &accessed)]));
            }
            parts.push(format!("{address}."));
        }
        parts.join(" ")
    }
}

/// `text` ending in a full stop (or the question or exclamation mark it ends with).
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// A commit shortened to 12 digits; a content hash keeps its `sha256:` prefix; the version's
/// stand-in becomes the short form's.
pub fn short_version(version: &str) -> String {
    if version == super::stand_in::VERSION {
        return super::stand_in::VERSION_SHORT.to_string();
    }
    match version.strip_prefix("sha256:") {
        Some(hash) => format!("sha256:{}", &hash[..hash.len().min(12)]),
        None => version.chars().take(12).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(publisher: &str) -> SiteConfig {
        let mut c = SiteConfig::parse("title = \"Iran tracker\"\n").unwrap();
        c.publisher.name = publisher.to_string();
        c
    }

    fn day(text: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(text).unwrap())
    }

    #[test]
    fn a_record_names_its_id_tracker_version_and_access_date() {
        let c = Citation::new(
            &config("Open Lab"),
            Work::Record,
            "2019-05-28-x",
            "Facebook removes a network",
        )
        .with_version("0123456789abcdef0123")
        .with_url("https://example.org/events/2019-05-28-x/")
        .with_accessed(day("2026-05-01"));
        assert_eq!(
            c.text(),
            "Open Lab. “Facebook removes a network.” Record 2019-05-28-x, in Iran tracker. Data version 0123456789ab. https://example.org/events/2019-05-28-x/ (accessed 1 May 2026)."
        );
    }

    #[test]
    fn without_a_publisher_the_tracker_title_is_never_author_and_publisher() {
        let c = Citation::new(&config(""), Work::Report, "2019-q2", "Takedowns, Q2 2019")
            .with_issued(day("2019-07-15"));
        assert_eq!(
            c.text(),
            "“Takedowns, Q2 2019.” Iran tracker, 15 July 2019."
        );
        assert_eq!(c.text().matches("Iran tracker").count(), 1);
        assert!(c.creators().is_empty());
    }

    #[test]
    fn a_report_by_people_names_them_then_the_publisher() {
        let c = Citation::new(
            &config("Open Lab"),
            Work::Report,
            "2019-q2",
            "Takedowns, Q2 2019",
        )
        .with_authors(&["A. Author".into(), "B. Author".into()])
        .with_issued(day("2019-07-15"))
        .with_version("sha256:ffeeddccbbaa99887766");
        assert_eq!(
            c.text(),
            "A. Author, B. Author. “Takedowns, Q2 2019.” Iran tracker, Open Lab, 15 July 2019. Data version sha256:ffeeddccbbaa."
        );
    }

    #[test]
    fn the_dataset_is_cited_by_its_own_title() {
        let c = Citation::new(&config("Open Lab"), Work::Dataset, "", "Iran tracker")
            .with_issued(day("2026-05-01"))
            .with_url("https://example.org/");
        assert_eq!(
            c.text(),
            "Open Lab. Iran tracker. 1 May 2026. https://example.org/."
        );
    }

    #[test]
    fn short_versions() {
        assert_eq!(short_version("0123456789abcdef0123"), "0123456789ab");
        assert_eq!(
            short_version("sha256:ffeeddccbbaa99887766"),
            "sha256:ffeeddccbbaa"
        );
    }
}
