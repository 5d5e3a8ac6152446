//! Where a chart's marks lead, and what they say when pointed at. A timeline's mark links to its
//! event's page. A bar or point links to the records behind it: the page of its term when the
//! figure selects nothing else (the bar "Twitter" of a chart of all events), else the events
//! list filtered to exactly its events (`events/?platform=twitter&from=2019-04&to=2019-06`).
//! A mark whose events the list cannot select exactly ("Other", "No platform", a figure that
//! filters on two values at once) keeps its tooltip and has no link, rather than a link to
//! more events than it counts.

use super::grouped::Group;
use super::keys::key_span;
use crate::dataset::Taxonomy;
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::records::figure::{Dimension, FigureSpec};
use crate::records::quantity::Total;
use jiff::civil::Date;

/// The events list's filters that a figure's dimensions map to: the same names as the list's
/// query parameters (`tests/figures.rs` checks them against the list's form).
pub fn list_filter(d: Dimension) -> Option<&'static str> {
    match d {
        Dimension::Platform
        | Dimension::Origin
        | Dimension::Target
        | Dimension::Actor
        | Dimension::Operation
        | Dimension::Tactic
        | Dimension::Kind => Some(d.key()),
        _ => None,
    }
}

type Params = Vec<(&'static str, String)>;

pub struct Links {
    urls: Urls,
    x: Dimension,
    series: Option<Dimension>,
    /// The figure's own filters as list parameters; `None` when the list cannot say one.
    filters: Option<Params>,
    /// The figure's period.
    period: Option<(Option<Date>, Option<Date>)>,
}

impl Links {
    pub fn new(spec: &FigureSpec, series: Option<Dimension>, urls: Urls) -> Links {
        let filters = spec
            .filters
            .iter()
            .map(|f| match (list_filter(f.dimension), f.values.as_slice()) {
                (Some(name), [one]) => Some((name, one.clone())),
                _ => None,
            })
            .collect();
        Links {
            urls,
            x: spec.x,
            series,
            filters,
            period: spec.period.as_ref().map(|p| (p.start, p.end)),
        }
    }

    pub fn event(&self, id: &str) -> String {
        self.urls.event(id)
    }

    /// A whole bar, column or point of `x`.
    pub fn group(&self, g: &Group) -> Option<String> {
        let selects_nothing_else =
            self.period.is_none() && self.filters.as_ref().is_some_and(Vec::is_empty);
        if selects_nothing_else && !g.key.is_empty() && !g.is_other() {
            if let Some(t) = Taxonomy::of(self.x) {
                return Some(self.urls.term(t, &g.key));
            }
        }
        self.list(&[(self.x, g)])
    }

    /// One series of a bar, column or point.
    pub fn cell(&self, g: &Group, s: &Group) -> Option<String> {
        match self.series {
            Some(d) => self.list(&[(self.x, g), (d, s)]),
            None => self.group(g),
        }
    }

    /// The events list filtered to the events of these groups, when it can say them exactly.
    fn list(&self, groups: &[(Dimension, &Group)]) -> Option<String> {
        let mut params: Params = Vec::new();
        let mut span = self.period.unwrap_or((None, None));
        for (d, g) in groups {
            if g.key.is_empty() || g.is_other() || g.is_several() {
                return None;
            }
            if d.is_time() {
                let (first, last) = key_span(*d, &g.key)?;
                span.0 = Some(span.0.map_or(first, |s| s.max(first)));
                span.1 = Some(span.1.map_or(last, |e| e.min(last)));
            } else {
                params.push((list_filter(*d)?, g.key.clone()));
            }
        }
        for (name, value) in self.filters.as_ref()? {
            if !params.iter().any(|(n, _)| n == name) {
                params.push((name, value.clone()));
            }
        }
        let (from, to) = span_text(span.0, span.1);
        if let Some(from) = from {
            params.push(("from", from));
        }
        if let Some(to) = to {
            params.push(("to", to));
        }
        Some(self.urls.events_where(&params))
    }
}

/// A span as the events list's `from` and `to` read it, in the coarsest unit both ends allow:
/// `2019`, `2019-04` and `2019-06`, or whole days.
fn span_text(first: Option<Date>, last: Option<Date>) -> (Option<String>, Option<String>) {
    let years = first.is_none_or(|d| (d.month(), d.day()) == (1, 1))
        && last.is_none_or(|d| (d.month(), d.day()) == (12, 31));
    let months = first.is_none_or(|d| d.day() == 1) && last.is_none_or(|d| d == d.last_of_month());
    let text = |d: Date| {
        if years {
            format!("{:04}", d.year())
        } else if months {
            format!("{:04}-{:02}", d.year(), d.month())
        } else {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    };
    (first.map(text), last.map(text))
}

/// What a total says in a tooltip: `1 event`, `≥5,487 accounts from 5 events`, `not reported`.
pub fn count(loc: &Locale, t: &Total, noun: &str, counts_events: bool) -> String {
    if counts_events {
        return loc.count("term.events", t.value);
    }
    if t.qualifier.is_none() {
        return loc.text("quantity.not_reported").to_string();
    }
    loc.message(
        "figure.tooltip",
        Some(t.events as u64),
        &[("total", &loc.total(t)), ("measure", noun)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_keys_become_the_lists_dates() {
        let text = |d: Dimension, key: &str| {
            let (a, b) = key_span(d, key).unwrap();
            span_text(Some(a), Some(b))
        };
        let pair = |a: &str, b: &str| (Some(a.to_string()), Some(b.to_string()));
        assert_eq!(
            text(Dimension::Quarter, "2019-Q2"),
            pair("2019-04", "2019-06")
        );
        assert_eq!(
            text(Dimension::Quarter, "2020-Q1"),
            pair("2020-01", "2020-03")
        );
        assert_eq!(text(Dimension::Year, "2020"), pair("2020", "2020"));
        assert_eq!(
            text(Dimension::Month, "2020-02"),
            pair("2020-02", "2020-02")
        );
        let mid = Date::new(2020, 2, 10).unwrap();
        assert_eq!(
            span_text(Some(mid), None),
            (Some("2020-02-10".into()), None)
        );
    }
}
