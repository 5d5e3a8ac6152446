//! The time around a scope. A chart of one term's or one period's events over time shows the
//! periods around them too (a year either side, in quarters), within the span of the tracker's
//! own records: a term active in one quarter is one column among empty neighbours, not one
//! column filling the chart, and a briefing's quarter is seen beside the quarters before and
//! after it.

use crate::records::figure::Dimension;
use crate::records::period::OpenPeriod;
use jiff::civil::Date;

/// Units of context on either side: a year of quarters or months, two years of years.
fn reach(d: Dimension) -> i32 {
    match d {
        Dimension::Quarter => 4,
        Dimension::Month => 6,
        _ => 2,
    }
}

fn months_per_unit(d: Dimension) -> i32 {
    match d {
        Dimension::Quarter => 3,
        Dimension::Month => 1,
        _ => 12,
    }
}

/// Months since year 0, for stepping by whole units.
fn month_index(d: Date) -> i32 {
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

fn from_month_index(i: i32) -> Option<Date> {
    let year = i16::try_from(i.div_euclid(12)).ok()?;
    Date::new(year, (i.rem_euclid(12) + 1) as i8, 1).ok()
}

/// First day of the unit `date` lies in.
fn unit_start(d: Dimension, date: Date) -> Option<Date> {
    let m = months_per_unit(d);
    from_month_index(month_index(date).div_euclid(m) * m)
}

/// Last day of the unit `date` lies in.
fn unit_end(d: Dimension, date: Date) -> Option<Date> {
    let m = months_per_unit(d);
    from_month_index((month_index(date).div_euclid(m) + 1) * m)
        .and_then(|next| next.yesterday().ok())
}

/// Does the period start and end on the boundaries of `d`'s units (a quarter for a chart per
/// quarter or per month; not for a chart per year)?
pub fn aligned(d: Dimension, period: &OpenPeriod) -> bool {
    let (Some(start), Some(end)) = (period.start, period.end) else {
        return false;
    };
    d.is_time() && unit_start(d, start) == Some(start) && unit_end(d, end) == Some(end)
}

/// The units of `d` from `reach` before `first` to `reach` after `last`, kept within `data`.
pub fn window(
    d: Dimension,
    (first, last): (Date, Date),
    data: (Date, Date),
) -> Option<(Date, Date)> {
    let step = reach(d) * months_per_unit(d);
    let start = from_month_index(month_index(unit_start(d, first)?) - step)?;
    let end = unit_end(d, from_month_index(month_index(last) + step)?)?;
    let start = start.max(unit_start(d, data.0)?);
    let end = end.min(unit_end(d, data.1)?);
    (start <= end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn a_window_is_a_year_of_quarters_either_side_within_the_data() {
        let data = (day(2016, 3, 1), day(2024, 11, 30));
        assert_eq!(
            window(Dimension::Quarter, (day(2019, 5, 3), day(2019, 5, 3)), data),
            Some((day(2018, 4, 1), day(2020, 6, 30)))
        );
        // Never before the first record nor after the last.
        assert_eq!(
            window(
                Dimension::Quarter,
                (day(2016, 5, 3), day(2024, 10, 1)),
                data
            ),
            Some((day(2016, 1, 1), day(2024, 12, 31)))
        );
        assert_eq!(
            window(Dimension::Year, (day(2019, 5, 3), day(2019, 6, 3)), data),
            Some((day(2017, 1, 1), day(2021, 12, 31)))
        );
    }

    #[test]
    fn a_quarter_is_aligned_with_quarters_not_with_years() {
        let q2 = OpenPeriod::parse("2019-Q2").unwrap();
        assert!(aligned(Dimension::Quarter, &q2));
        assert!(aligned(Dimension::Month, &q2));
        assert!(!aligned(Dimension::Year, &q2));
        assert!(aligned(
            Dimension::Quarter,
            &OpenPeriod::parse("2019").unwrap()
        ));
        assert!(!aligned(
            Dimension::Quarter,
            &OpenPeriod::parse("2019-05").unwrap()
        ));
    }
}
