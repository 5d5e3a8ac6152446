//! The span of time a figure covers: `2019`, `2019-Q2`, `2019-H1`, `2018/2020`, `2018/..`.

use crate::records::date::PartialDate;
use jiff::civil::Date;

/// Inclusive first and last day; an open end is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// As written, for captions.
    pub text: String,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
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
        Ok(Period {
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

/// One end of a period: `..` (open), a date at any precision, a quarter or a half-year.
fn side(text: &str) -> Result<Option<(Date, Date)>, String> {
    let text = text.trim();
    if text == ".." {
        return Ok(None);
    }
    if let Some((year, part)) = text.split_once("-Q").or_else(|| text.split_once("-q")) {
        let q: i8 = part
            .parse()
            .ok()
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(|| format!("`{text}` is not a quarter: write 2019-Q1 … 2019-Q4"))?;
        return months(year, (q - 1) * 3 + 1, 3, text).map(Some);
    }
    if let Some((year, part)) = text.split_once("-H").or_else(|| text.split_once("-h")) {
        let h: i8 = part
            .parse()
            .ok()
            .filter(|h| (1..=2).contains(h))
            .ok_or_else(|| format!("`{text}` is not a half-year: write 2019-H1 or 2019-H2"))?;
        return months(year, (h - 1) * 6 + 1, 6, text).map(Some);
    }
    let date = PartialDate::parse(text)?;
    Ok(Some((date.first_day(), date.last_day())))
}

fn months(year: &str, first: i8, count: i8, text: &str) -> Result<(Date, Date), String> {
    let year = PartialDate::parse(year).map_err(|_| format!("`{text}` has no valid year"))?;
    if year.month.is_some() {
        return Err(format!("`{text}` is not a period"));
    }
    let start = Date::new(year.year, first, 1).map_err(|e| e.to_string())?;
    let end = Date::new(year.year, first + count - 1, 1)
        .map_err(|e| e.to_string())?
        .last_of_month();
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn parses_every_form() {
        let p = Period::parse("2019-Q2").unwrap();
        assert_eq!(p.start.unwrap().to_string(), "2019-04-01");
        assert_eq!(p.end.unwrap().to_string(), "2019-06-30");
        let p = Period::parse("2018/2020").unwrap();
        assert_eq!(p.start.unwrap().to_string(), "2018-01-01");
        assert_eq!(p.end.unwrap().to_string(), "2020-12-31");
        assert!(Period::parse("2019-H2/..").unwrap().end.is_none());
        assert!(Period::parse("../..").is_err());
        assert!(Period::parse("2020/2018").is_err());
        assert!(Period::parse("2019-Q5").is_err());
        assert!(Period::parse("last year").is_err());
    }

    #[test]
    fn imprecise_dates_count_only_when_wholly_inside() {
        let q2 = Period::parse("2019-Q2").unwrap();
        assert!(q2.contains(&d("2019-05-28")));
        assert!(q2.contains(&d("2019-05")));
        assert!(!q2.contains(&d("2019")));
        assert!(Period::parse("2019").unwrap().contains(&d("2019")));
    }
}
