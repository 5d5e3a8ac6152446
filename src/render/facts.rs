//! What every page's footer and citations say about the data as a whole: its version and the
//! day it last changed. The day comes from the records themselves (their dates, revisions and
//! retractions, and the day each first appeared in the history), never from the clock, so the
//! same data builds the same bytes.
//!
//! Both change with nearly every commit, and every page shows them. So pages are rendered with
//! stand-ins ([`token`]) and the facts are put in as each page is written ([`SiteFacts::bind`]):
//! a page's bytes before binding depend only on what it read of the dataset, so `serve` keeps,
//! and a build can reuse, every page whose records did not change.

use crate::dataset::reads::{self, Input};
use crate::dataset::Dataset;
use crate::history::History;
use crate::present::citation::short_version;
use crate::present::locale::Locale;
use crate::present::views::date;
use crate::records::date::PartialDate;
use serde::Serialize;
use std::borrow::Cow;

pub use crate::present::stand_in as token;

/// The data's version and last change, for every page.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    /// The data version (a git commit or `sha256:…`); empty when unknown.
    pub data_version: String,
    /// The newest change to any record or briefing; `None` for a site with neither.
    pub updated: Option<PartialDate>,
    /// The languages pages may say the day in (a stand-in names its own).
    pub locales: Vec<Locale>,
}

impl SiteFacts {
    pub fn new(ds: &Dataset, history: &History) -> SiteFacts {
        SiteFacts {
            data_version: history.version.id.clone(),
            updated: ds.last_change(),
            locales: Vec::new(),
        }
    }

    /// The same facts, said in `locales` (the site's languages).
    pub fn in_languages(mut self, locales: &[Locale]) -> SiteFacts {
        self.locales = locales.to_vec();
        self
    }

    /// The facts as templates see them (`data.version`, `data.version_short`, `data.updated`),
    /// as stand-ins that [`SiteFacts::bind`] replaces. Whether there is a last change at all
    /// is known when the page is rendered (it is the dataset's [`Input::Dated`]).
    /// The facts of a page in `loc`, as templates see them.
    pub fn view(&self, loc: &Locale) -> FactsView {
        reads::note(Input::Dated);
        FactsView {
            version: token::VERSION.to_string(),
            version_short: token::VERSION_SHORT.to_string(),
            updated: self.updated.map(|_| UpdatedView {
                iso: token::UPDATED_ISO.to_string(),
                display: token::updated(loc.tag()),
            }),
        }
    }

    /// `page` with the facts in place of their stand-ins; as it was when it has none. The day
    /// is said in the language its stand-in names, so a page of `/fa/` says it in Persian.
    pub fn bind<'p>(&self, page: &'p [u8]) -> Cow<'p, [u8]> {
        if memchr::memchr(1, page).is_none() {
            return Cow::Borrowed(page);
        }
        let mut out = Vec::with_capacity(page.len() + 64);
        let mut rest = page;
        while let Some(at) = memchr::memchr(1, rest) {
            out.extend_from_slice(&rest[..at]);
            let here = &rest[at..];
            match stand_in_at(here).and_then(|(len, name)| Some((len, self.value(name)?))) {
                Some((len, value)) => {
                    out.extend_from_slice(value.as_bytes());
                    rest = &here[len..];
                }
                // Not a stand-in: left as it is.
                None => {
                    out.push(1);
                    rest = &here[1..];
                }
            }
        }
        out.extend_from_slice(rest);
        Cow::Owned(out)
    }

    /// What the stand-in named `name` (between its U+0001s) stands for; `None` for a name
    /// that is none.
    fn value(&self, name: &str) -> Option<String> {
        let strip = |t: &str| t.trim_matches('\u{1}').to_string();
        if name == strip(token::VERSION) {
            return Some(self.data_version.clone());
        }
        if name == strip(token::VERSION_SHORT) {
            return Some(short_version(&self.data_version));
        }
        if name == strip(token::UPDATED_ISO) {
            return Some(self.updated.map_or(String::new(), |d| d.iso()));
        }
        let tag = name.strip_prefix(token::UPDATED_NAME)?.strip_prefix(':')?;
        let locale = self.locales.iter().find(|l| l.tag() == tag).cloned();
        let locale = locale.unwrap_or_else(Locale::english);
        Some(
            self.updated
                .map_or(String::new(), |d| date(&locale, &d).display),
        )
    }
}

/// The length and name of the stand-in `bytes` start with: U+0001, a short name of letters,
/// digits, `-` and `:`, U+0001.
fn stand_in_at(bytes: &[u8]) -> Option<(usize, &str)> {
    let end = bytes.iter().skip(1).take(64).position(|&b| b == 1)? + 1;
    let name = std::str::from_utf8(&bytes[1..end]).ok()?;
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
        .then_some((end + 1, name))
}

/// `text` escaped for HTML, its stand-ins kept whole (escaping would replace their U+0001).
pub fn xml_text_keeping_stand_ins(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1}') {
        match stand_in_at(&rest.as_bytes()[at..]) {
            Some((len, _)) => {
                out.push_str(&crate::escape::xml_text(&rest[..at]));
                out.push_str(&rest[at..at + len]);
                rest = &rest[at + len..];
            }
            None => {
                out.push_str(&crate::escape::xml_text(&rest[..=at]));
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(&crate::escape::xml_text(rest));
    out
}

#[derive(Serialize)]
pub struct FactsView {
    pub version: String,
    pub version_short: String,
    pub updated: Option<UpdatedView>,
}

/// The day the data last changed: `iso` for `<time datetime>`, `display` for readers.
#[derive(Serialize)]
pub struct UpdatedView {
    pub iso: String,
    pub display: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_are_replaced_by_the_facts_and_nothing_else_changes() {
        let facts = SiteFacts {
            data_version: "0123456789abcdef0123456789abcdef01234567".into(),
            updated: Some(PartialDate::parse("2026-11-29").unwrap()),
            locales: vec![Locale::english()],
        };
        let page = format!(
            "<p>Updated <time datetime=\"{}\">{}</time>. Version <code title=\"{}\">{}</code>. \u{1}other\u{1}</p>",
            token::UPDATED_ISO,
            token::updated("en"),
            token::VERSION,
            token::VERSION_SHORT
        );
        assert_eq!(
            String::from_utf8(facts.bind(page.as_bytes()).into_owned()).unwrap(),
            "<p>Updated <time datetime=\"2026-11-29\">29 November 2026</time>. Version <code title=\"0123456789abcdef0123456789abcdef01234567\">0123456789ab</code>. \u{1}other\u{1}</p>"
        );
        assert!(matches!(facts.bind(b"<p>plain</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn escaping_keeps_stand_ins_and_replaces_other_control_characters() {
        let text = format!("A & B, {}. \u{1}x", token::VERSION_SHORT);
        assert_eq!(
            xml_text_keeping_stand_ins(&text),
            format!("A &amp; B, {}. \u{fffd}x", token::VERSION_SHORT)
        );
    }
}
