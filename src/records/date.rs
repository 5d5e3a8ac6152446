//! Dates at the precision the source gave (`2019-05-28`, `2019-05`, `2019`) and activity intervals.
//!
//! A month stays a month on every page: it is never turned into the 1st of that month.

use jiff::civil::Date;
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// Earliest year docket accepts; anything before is almost certainly a typo.
pub const MIN_YEAR: i16 = 1900;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// English month names, for dates shown to readers.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    pub fn year(year: i16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let shape_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        } && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
        if !shape_ok {
            return Err(format!(
                "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
            ));
        }
        let year: i16 = parts[0]
            .parse()
            .map_err(|_| format!("bad year in `{text}`"))?;
        if year < MIN_YEAR {
            return Err(format!("year {year} is before {MIN_YEAR}"));
        }
        let month: Option<u8> = parts.get(1).map(|m| m.parse().unwrap_or(0));
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("month {m:02} does not exist in `{text}`"));
            }
        }
        let day: Option<u8> = parts.get(2).map(|d| d.parse().unwrap_or(0));
        if let (Some(m), Some(d)) = (month, day) {
            if Date::new(year, m as i8, d as i8).is_err() {
                return Err(format!(
                    "{} {year} has no day {d}",
                    MONTHS[usize::from(m) - 1]
                ));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The form the record used: `2019-05-28`, `2019-05` or `2019`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// For readers: `28 May 2019`, `May 2019`, `2019`.
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[usize::from(m) - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[usize::from(m) - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// The later of two dates by their first day; of two that start on the same day, the more
    /// precise (`1 May 2020` says more than `May 2020`).
    pub fn later(self, other: PartialDate) -> PartialDate {
        let key = |d: &PartialDate| (d.first_day(), d.precision());
        if key(&other) > key(&self) {
            other
        } else {
            self
        }
    }

    /// First and last day covered by this date.
    pub fn first_day(&self) -> Date {
        let month = self.month.unwrap_or(1) as i8;
        let day = self.day.unwrap_or(1) as i8;
        Date::new(self.year, month, day).unwrap_or(Date::MIN)
    }

    pub fn last_day(&self) -> Date {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.first_day(),
            (Some(_), None) => self.first_day().last_of_month(),
            _ => Date::new(self.year, 12, 31).unwrap_or(Date::MAX),
        }
    }

    /// Key for sorting: a less precise date sorts before the more precise dates in its span.
    fn sort_key(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A period of activity: `START/END`, with `..` for an open end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
}

impl Interval {
    pub fn parse(text: &str) -> Result<Interval, String> {
        let text = text.trim();
        let Some((start, end)) = text.split_once('/') else {
            return Err(format!(
                "`{text}` is not a period: write START/END, ../END or START/.."
            ));
        };
        let side = |s: &str| -> Result<Option<PartialDate>, String> {
            if s.trim() == ".." {
                Ok(None)
            } else {
                PartialDate::parse(s).map(Some)
            }
        };
        let interval = Interval {
            start: side(start)?,
            end: side(end)?,
        };
        if interval.start.is_none() && interval.end.is_none() {
            return Err("a period needs at least one end: `../..` says nothing".into());
        }
        if let (Some(s), Some(e)) = (interval.start, interval.end) {
            if s.first_day() > e.last_day() {
                return Err(format!("the period starts ({s}) after it ends ({e})"));
            }
        }
        Ok(interval)
    }

    /// `2015 – May 2019`, `until August 2018`, `since 2017`.
    pub fn display(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == e => s.display(),
            (Some(s), Some(e)) => format!("{} – {}", s.display(), e.display()),
            (None, Some(e)) => format!("until {}", e.display()),
            (Some(s), None) => format!("since {}", s.display()),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision() {
        let d = PartialDate::parse("2019-05").unwrap();
        assert_eq!(d.precision(), Precision::Month);
        assert_eq!(d.iso(), "2019-05");
        assert_eq!(d.display(), "May 2019");
        assert_eq!(
            PartialDate::parse("2019-05-28").unwrap().display(),
            "28 May 2019"
        );
        assert_eq!(PartialDate::parse("2019").unwrap().display(), "2019");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::parse("2019-02-30").is_err());
        assert!(PartialDate::parse("2019-13").is_err());
        assert!(PartialDate::parse("19-05-01").is_err());
        assert!(PartialDate::parse("2019/05/01").is_err());
        assert!(PartialDate::parse("1066").is_err());
        assert!(PartialDate::parse("2020-02-29").is_ok());
    }

    #[test]
    fn less_precise_sorts_first_within_span() {
        let mut v: Vec<PartialDate> = ["2019-05-28", "2019", "2019-05", "2018-12-31"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let iso: Vec<String> = v.iter().map(|d| d.iso()).collect();
        assert_eq!(iso, ["2018-12-31", "2019", "2019-05", "2019-05-28"]);
    }

    #[test]
    fn intervals() {
        let i = Interval::parse("2015/2019-05").unwrap();
        assert_eq!(i.display(), "2015 – May 2019");
        assert_eq!(
            Interval::parse("../2018-08").unwrap().display(),
            "until August 2018"
        );
        assert!(Interval::parse("2019/2015").is_err());
        assert!(Interval::parse("2019").is_err());
        assert!(Interval::parse("../..").is_err());
        // A month contains its days: 2019-05/2019-05-10 is a valid (if odd) period.
        assert!(Interval::parse("2019-05/2019-05-10").is_ok());
    }
}
