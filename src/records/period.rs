//! The spans of time users write, with one grammar for both kinds:
//!
//! - [`Period`]: what a briefing covers, and the one before it that it is compared with;
//!   always closed, since a briefing reports on something with a start and an end;
//! - [`OpenPeriod`]: what a figure covers; either end may be open (`2018/..`).
//!
//! Written as `2019-Q2`, `2019-H1`, `2019`, `2019-04`, or an interval `START/END` whose sides
//! are any of those forms or a day (`2019-04-01/2019-06-30`); an open side is `..`.
//!
//! An event belongs to a period only when its whole date lies inside it: `2019-06` is in
//! 2019-Q2, but `2019` is in no quarter of 2019, only in the year (and in any interval that
//! covers all of it). Such events are not counted; a briefing names them instead
//! ([`Placement::Straddles`]).

use crate::records::date::MONTHS;
use crate::records::date::{PartialDate, MIN_YEAR};
use jiff::civil::Date;

/// What was written, which decides the label and what the previous period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// 1 to 4.
    Quarter(u8),
    /// 1 or 2.
    Half(u8),
    Month,
    Year,
    /// An explicit `START/END`.
    Interval,
}

/// A closed span of whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    /// First day, inclusive.
    pub start: Date,
    /// Last day, inclusive.
    pub end: Date,
}

/// How an event's date (at its own precision) relates to a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Every day the date could mean lies in the period: the event counts.
    Inside,
    /// The date could mean days inside and outside (`2019` for 2019-Q2): not counted, named.
    Straddles,
    Outside,
}

/// Every form a briefing period may take, for hints.
pub const FORMS: &str = "write a quarter (2019-Q2), a half-year (2019-H1), a year (2019), a month (2019-04) or an interval (2019-04-01/2019-06-30)";

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        if let Some((a, b)) = text.split_once('/') {
            let start = side(a).map_err(|e| format!("start of the period: {e}"))?;
            let end = side(b).map_err(|e| format!("end of the period: {e}"))?;
            let (Some((start, _)), Some((_, end))) = (start, end) else {
                return Err(format!(
                    "`{text}` is open-ended: a briefing covers a period with a start and an end"
                ));
            };
            if start > end {
                return Err(format!("the period starts ({start}) after it ends ({end})"));
            }
            return Ok(Period {
                kind: PeriodKind::Interval,
                start,
                end,
            });
        }
        if let Some(named) = named(text) {
            return named.map(|(kind, start, end)| Period { kind, start, end });
        }
        let date = PartialDate::parse(text).map_err(|_| format!("`{text}` is not a period"))?;
        let kind = match (date.month, date.day) {
            (None, _) => PeriodKind::Year,
            (Some(_), None) => PeriodKind::Month,
            (Some(_), Some(_)) => PeriodKind::Interval,
        };
        Ok(Period {
            kind,
            start: date.first_day(),
            end: date.last_day(),
        })
    }

    /// The canonical written form: `2019-Q2`, `2019-H1`, `2019`, `2019-04`, `2019-04-01/2019-06-30`.
    pub fn key(&self) -> String {
        let year = self.start.year();
        match self.kind {
            PeriodKind::Quarter(q) => format!("{year:04}-Q{q}"),
            PeriodKind::Half(h) => format!("{year:04}-H{h}"),
            PeriodKind::Year => format!("{year:04}"),
            PeriodKind::Month => format!("{year:04}-{:02}", self.start.month()),
            PeriodKind::Interval => format!("{}/{}", self.start, self.end),
        }
    }

    /// A file and folder name: `2019-q2`, `2019-h1`, `2019`, `2019-04`, `2019-04-01-2019-06-30`.
    pub fn slug(&self) -> String {
        self.key().to_ascii_lowercase().replace('/', "-")
    }

    /// For readers: `Q2 2019`, `H1 2019`, `2019`, `April 2019`, `1 April – 30 June 2019`.
    pub fn label(&self) -> String {
        let year = self.start.year();
        match self.kind {
            PeriodKind::Quarter(q) => format!("Q{q} {year}"),
            PeriodKind::Half(h) => format!("H{h} {year}"),
            PeriodKind::Year => year.to_string(),
            PeriodKind::Month => format!("{} {year}", month_name(self.start)),
            PeriodKind::Interval => {
                let (s, e) = (self.start, self.end);
                if s == e {
                    day_label(s)
                } else if s.year() != e.year() {
                    format!("{} – {}", day_label(s), day_label(e))
                } else if s.month() != e.month() {
                    format!("{} {} – {}", s.day(), month_name(s), day_label(e))
                } else {
                    format!("{}–{}", s.day(), day_label(e))
                }
            }
        }
    }

    /// What a period of this kind is called in a sentence: "the previous quarter".
    pub fn noun(&self) -> &'static str {
        match self.kind {
            PeriodKind::Quarter(_) => "quarter",
            PeriodKind::Half(_) => "half-year",
            PeriodKind::Month => "month",
            PeriodKind::Year => "year",
            PeriodKind::Interval => "period",
        }
    }

    /// The period of the same length just before: the previous quarter, half-year, month or
    /// year (across year boundaries: Q1 2020 follows Q4 2019). An interval of whole months
    /// moves back by as many months (April–June → January–March); any other interval by as
    /// many days. `None` only before the earliest year docket accepts.
    pub fn previous(&self) -> Option<Period> {
        let whole_months = self.start.day() == 1 && self.end == self.end.last_of_month();
        let months_back = match self.kind {
            PeriodKind::Quarter(_) => 3,
            PeriodKind::Half(_) => 6,
            PeriodKind::Month => 1,
            PeriodKind::Year => 12,
            PeriodKind::Interval if whole_months => {
                month_index(self.end) - month_index(self.start) + 1
            }
            PeriodKind::Interval => {
                let days = self.days();
                let end = self.start.yesterday().ok()?;
                let start = end.checked_sub(jiff::Span::new().days(days - 1)).ok()?;
                return (start.year() >= MIN_YEAR).then_some(Period {
                    kind: PeriodKind::Interval,
                    start,
                    end,
                });
            }
        };
        let start = from_month_index(month_index(self.start) - months_back)?;
        let end = from_month_index(month_index(self.end) - months_back)?.last_of_month();
        let kind = match self.kind {
            PeriodKind::Quarter(q) => PeriodKind::Quarter(if q == 1 { 4 } else { q - 1 }),
            PeriodKind::Half(h) => PeriodKind::Half(if h == 1 { 2 } else { 1 }),
            other => other,
        };
        Some(Period { kind, start, end })
    }

    /// Number of days covered.
    pub fn days(&self) -> i64 {
        self.start.duration_until(self.end).as_secs() / 86_400 + 1
    }

    /// Where a date at its own precision lies relative to the period.
    pub fn place(&self, date: &PartialDate) -> Placement {
        let (first, last) = (date.first_day(), date.last_day());
        if first >= self.start && last <= self.end {
            Placement::Inside
        } else if first <= self.end && last >= self.start {
            Placement::Straddles
        } else {
            Placement::Outside
        }
    }

    /// Does the period contain this date wholly? (See the module comment.)
    pub fn contains(&self, date: &PartialDate) -> bool {
        self.place(date) == Placement::Inside
    }

    /// Has the period ended by `today`?
    pub fn is_over(&self, today: Date) -> bool {
        self.end < today
    }
}

/// A period of a figure, either end of which may be open: `2019`, `2019-Q2`, `2018/2020`,
/// `2018/..`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OpenPeriod {
    /// First day, inclusive; `None` when open.
    pub start: Option<Date>,
    /// Last day, inclusive; `None` when open.
    pub end: Option<Date>,
    /// As written, for captions.
    pub text: String,
}

impl OpenPeriod {
    pub fn parse(text: &str) -> Result<OpenPeriod, String> {
        let text = text.trim();
        let (start, end) = match text.split_once('/') {
            Some((a, b)) => {
                let start = side(a)?.map(|(first, _)| first);
                let end = side(b)?.map(|(_, last)| last);
                if start.is_none() && end.is_none() {
                    return Err("a period needs at least one end: `../..` says nothing".into());
                }
                (start, end)
            }
            None => match side(text)? {
                Some((first, last)) => (Some(first), Some(last)),
                None => return Err("a period needs at least one end: `..` says nothing".into()),
            },
        };
        if let (Some(s), Some(e)) = (start, end) {
            if s > e {
                return Err(format!("the period starts ({s}) after it ends ({e})"));
            }
        }
        Ok(OpenPeriod {
            start,
            end,
            text: text.to_string(),
        })
    }

    /// Does a date (at its own precision) lie wholly inside the period? A date known only to
    /// the year is not counted in a period that covers part of that year.
    pub fn contains(&self, date: &PartialDate) -> bool {
        self.start.is_none_or(|s| date.first_day() >= s)
            && self.end.is_none_or(|e| date.last_day() <= e)
    }
}

/// A briefing's period as the span a figure counts over, labelled for its caption.
impl From<&Period> for OpenPeriod {
    fn from(period: &Period) -> OpenPeriod {
        OpenPeriod {
            start: Some(period.start),
            end: Some(period.end),
            text: period.label(),
        }
    }
}

/// One side of an interval: `..` (open, `None`), a quarter, a half-year, or a date at any
/// precision; its first and last day.
fn side(text: &str) -> Result<Option<(Date, Date)>, String> {
    let text = text.trim();
    if text == ".." {
        return Ok(None);
    }
    if let Some(named) = named(text) {
        return named.map(|(_, start, end)| Some((start, end)));
    }
    let date = PartialDate::parse(text)?;
    Ok(Some((date.first_day(), date.last_day())))
}

/// A quarter (`2019-Q2`) or a half-year (`2019-H1`), in either case; `None` for any other form.
fn named(text: &str) -> Option<Result<(PeriodKind, Date, Date), String>> {
    let upper = text.to_ascii_uppercase();
    if let Some((year, q)) = upper.split_once("-Q") {
        let Some(q) = number(q, 1..=4) else {
            return Some(Err(format!(
                "`{text}` is not a quarter: write 2019-Q1 … 2019-Q4"
            )));
        };
        return Some(
            months(year, (q - 1) * 3 + 1, 3, text).map(|(s, e)| (PeriodKind::Quarter(q), s, e)),
        );
    }
    if let Some((year, h)) = upper.split_once("-H") {
        let Some(h) = number(h, 1..=2) else {
            return Some(Err(format!(
                "`{text}` is not a half-year: write 2019-H1 or 2019-H2"
            )));
        };
        return Some(
            months(year, (h - 1) * 6 + 1, 6, text).map(|(s, e)| (PeriodKind::Half(h), s, e)),
        );
    }
    None
}

fn number(text: &str, range: std::ops::RangeInclusive<u8>) -> Option<u8> {
    let n: u8 = text.parse().ok()?;
    range.contains(&n).then_some(n)
}

/// First and last day of `count` months from month `first` (1-based) of `year`.
fn months(year: &str, first: u8, count: u8, text: &str) -> Result<(Date, Date), String> {
    let year = PartialDate::parse(year)
        .ok()
        .filter(|y| y.month.is_none())
        .ok_or_else(|| format!("`{text}` has no valid year: write it as 2019-Q2 or 2019-H1"))?;
    let start = Date::new(year.year, first as i8, 1).map_err(|e| e.to_string())?;
    let end = Date::new(year.year, (first + count - 1) as i8, 1)
        .map_err(|e| e.to_string())?
        .last_of_month();
    Ok((start, end))
}

fn month_index(d: Date) -> i32 {
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

fn from_month_index(index: i32) -> Option<Date> {
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    if year < MIN_YEAR {
        return None;
    }
    Date::new(year, (index.rem_euclid(12) + 1) as i8, 1).ok()
}

fn month_name(d: Date) -> &'static str {
    MONTHS[(d.month() - 1) as usize]
}

fn day_label(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn span(period: &Period) -> String {
        format!("{}/{}", period.start, period.end)
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(span(&p("2019-Q2")), "2019-04-01/2019-06-30");
        assert_eq!(span(&p("2019-q4")), "2019-10-01/2019-12-31");
        assert_eq!(span(&p("2019-H1")), "2019-01-01/2019-06-30");
        assert_eq!(span(&p("2019-H2")), "2019-07-01/2019-12-31");
        assert_eq!(span(&p("2019")), "2019-01-01/2019-12-31");
        assert_eq!(span(&p("2020-02")), "2020-02-01/2020-02-29");
        assert_eq!(span(&p("2019-04-01/2019-06-30")), "2019-04-01/2019-06-30");
        assert_eq!(span(&p("2019-04/2019-05")), "2019-04-01/2019-05-31");
        assert_eq!(p("2019-04-01/2019-06-30").kind, PeriodKind::Interval);
        assert_eq!(p("2019-q2").key(), "2019-Q2");
    }

    #[test]
    fn refuses_what_is_not_a_closed_period() {
        for bad in [
            "2019-Q5",
            "2019-Q0",
            "2019-H3",
            "19-Q1",
            "2019-04/..",
            "../2019",
            "2019/2018",
            "last year",
            "",
            "2019-13",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn labels_keys_and_slugs() {
        assert_eq!(p("2019-Q2").label(), "Q2 2019");
        assert_eq!(p("2019-H1").label(), "H1 2019");
        assert_eq!(p("2019").label(), "2019");
        assert_eq!(p("2019-04").label(), "April 2019");
        assert_eq!(p("2019-04-01/2019-06-30").label(), "1 April – 30 June 2019");
        assert_eq!(p("2019-04-03/2019-04-09").label(), "3–9 April 2019");
        assert_eq!(
            p("2019-12-20/2020-01-10").label(),
            "20 December 2019 – 10 January 2020"
        );
        assert_eq!(p("2019-Q2").slug(), "2019-q2");
        assert_eq!(p("2019-04-01/2019-06-30").slug(), "2019-04-01-2019-06-30");
        assert_eq!(p("2019-04").slug(), "2019-04");
    }

    #[test]
    fn previous_period_of_each_kind() {
        let prev = |text: &str| p(text).previous().map(|q| (q.key(), span(&q)));
        assert_eq!(prev("2019-Q2").unwrap().0, "2019-Q1");
        assert_eq!(
            prev("2020-Q1").unwrap(),
            ("2019-Q4".into(), "2019-10-01/2019-12-31".into())
        );
        assert_eq!(prev("2020-H1").unwrap().0, "2019-H2");
        assert_eq!(prev("2019-H2").unwrap().0, "2019-H1");
        assert_eq!(prev("2020-01").unwrap().0, "2019-12");
        assert_eq!(
            prev("2020-03").unwrap().1,
            "2020-02-01/2020-02-29",
            "the previous month keeps its own length"
        );
        assert_eq!(prev("2019").unwrap().0, "2018");
        // Whole months move back by months, across the year boundary.
        assert_eq!(
            prev("2019-11-01/2020-02-29").unwrap().1,
            "2019-07-01/2019-10-31"
        );
        // Any other interval moves back by its number of days.
        assert_eq!(
            prev("2019-04-10/2019-04-20").unwrap().1,
            "2019-03-30/2019-04-09"
        );
        assert_eq!(
            prev("2020-01-01/2020-01-10").unwrap().1,
            "2019-12-22/2019-12-31"
        );
        assert_eq!(p("1900").previous(), None);
    }

    #[test]
    fn days() {
        assert_eq!(p("2019-Q2").days(), 91);
        assert_eq!(p("2020").days(), 366);
        assert_eq!(p("2019-04-10/2019-04-10").days(), 1);
    }

    #[test]
    fn partial_dates_on_the_edges() {
        let q2 = p("2019-Q2");
        assert_eq!(q2.place(&d("2019-06")), Placement::Inside);
        assert_eq!(q2.place(&d("2019-04-01")), Placement::Inside);
        assert_eq!(q2.place(&d("2019-06-30")), Placement::Inside);
        assert_eq!(q2.place(&d("2019-07-01")), Placement::Outside);
        assert_eq!(q2.place(&d("2019-03")), Placement::Outside);
        // Known only to the year: in no quarter, but in the year and the half-years' year.
        assert_eq!(q2.place(&d("2019")), Placement::Straddles);
        assert_eq!(p("2019-H1").place(&d("2019")), Placement::Straddles);
        assert!(p("2019").contains(&d("2019")));
        assert!(p("2019-01-01/2019-12-31").contains(&d("2019")));
        assert!(!p("2018").contains(&d("2019")));
        // A month cut by an interval's edge straddles it.
        let mid = p("2019-04-15/2019-06-30");
        assert_eq!(mid.place(&d("2019-04")), Placement::Straddles);
        assert_eq!(mid.place(&d("2019-05")), Placement::Inside);
        assert!(p("2019-04").contains(&d("2019-04-30")));
    }
}

#[cfg(test)]
mod open_period_tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn parses_every_form() {
        let p = OpenPeriod::parse("2019-Q2").unwrap();
        assert_eq!(p.start.unwrap().to_string(), "2019-04-01");
        assert_eq!(p.end.unwrap().to_string(), "2019-06-30");
        let p = OpenPeriod::parse("2018/2020").unwrap();
        assert_eq!(p.start.unwrap().to_string(), "2018-01-01");
        assert_eq!(p.end.unwrap().to_string(), "2020-12-31");
        assert!(OpenPeriod::parse("2019-H2/..").unwrap().end.is_none());
        assert!(OpenPeriod::parse("../..").is_err());
        assert!(OpenPeriod::parse("2020/2018").is_err());
        assert!(OpenPeriod::parse("2019-Q5").is_err());
        assert!(OpenPeriod::parse("last year").is_err());
    }

    #[test]
    fn imprecise_dates_count_only_when_wholly_inside() {
        let q2 = OpenPeriod::parse("2019-Q2").unwrap();
        assert!(q2.contains(&d("2019-05-28")));
        assert!(q2.contains(&d("2019-05")));
        assert!(!q2.contains(&d("2019")));
        assert!(OpenPeriod::parse("2019").unwrap().contains(&d("2019")));
    }
}
