//! Numbers, dates and plural forms in a language, from CLDR through ICU4X: made once per
//! language and shared by every page, since making a formatter costs far more than using one.

use crate::records::date::PartialDate;
use icu_calendar::cal::{Gregorian, Persian};
use icu_calendar::Date;
use icu_datetime::fieldsets::{D, MD, Y, YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};

/// Which calendar full dates are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    /// The Solar Hijri calendar of Iran and Afghanistan, for full dates; a month or a year
    /// alone stays Gregorian, since it spans two Persian months or years.
    Persian,
}

/// The formatters of one language.
pub struct Formats {
    numbers: DecimalFormatter,
    plurals: PluralRules,
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    persian_day: Option<FixedCalendarDateTimeFormatter<Persian, YMD>>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    month_day: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    day_only: FixedCalendarDateTimeFormatter<Gregorian, D>,
    calendar: Calendar,
}

impl Formats {
    /// The formatters of `locale`. ICU4X falls back along CLDR's parents (`fa-AF` → `fa` →
    /// root) for a locale it has no data of its own for, so this only fails on a broken build.
    pub fn new(locale: &IcuLocale, calendar: Calendar) -> Result<Formats, String> {
        let fail = |what: &str, e: &dyn std::fmt::Display| format!("{what} for `{locale}`: {e}");
        Ok(Formats {
            numbers: DecimalFormatter::try_new(locale.into(), Default::default())
                .map_err(|e| fail("number formats", &e))?,
            plurals: PluralRules::try_new_cardinal(locale.into())
                .map_err(|e| fail("plural rules", &e))?,
            day: FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::long())
                .map_err(|e| fail("date formats", &e))?,
            persian_day: match calendar {
                Calendar::Gregorian => None,
                Calendar::Persian => Some(
                    FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::long())
                        .map_err(|e| fail("Persian date formats", &e))?,
                ),
            },
            month: FixedCalendarDateTimeFormatter::try_new(locale.into(), YM::long())
                .map_err(|e| fail("month formats", &e))?,
            year: FixedCalendarDateTimeFormatter::try_new(locale.into(), Y::long())
                .map_err(|e| fail("year formats", &e))?,
            month_day: FixedCalendarDateTimeFormatter::try_new(locale.into(), MD::long())
                .map_err(|e| fail("day formats", &e))?,
            day_only: FixedCalendarDateTimeFormatter::try_new(locale.into(), D::long())
                .map_err(|e| fail("day formats", &e))?,
            calendar,
        })
    }

    /// `n` with the language's digits and grouping: `2,800`, `۲٬۸۰۰`, `2 800`.
    pub fn number(&self, n: u64) -> String {
        self.numbers.format(&Decimal::from(n)).to_string()
    }

    /// A decimal written with `.` in the language's digits and decimal separator; as written
    /// when it is none.
    pub fn decimal(&self, text: &str) -> String {
        match text.parse::<Decimal>() {
            Ok(d) => self.numbers.format(&d).to_string(),
            Err(_) => text.to_string(),
        }
    }

    /// The plural category of `n` (CLDR's cardinal rules: English has two, Arabic six).
    pub fn plural(&self, n: u64) -> PluralCategory {
        self.plurals.category_for(n)
    }

    /// The days from `start` to `end` (full dates) as briefly as the language allows: the
    /// first day without what it shares with the last (`1 April`, `3`), for the caller to join
    /// with the last day in full. `None` when the whole first date is needed (another year, or
    /// the Persian calendar, whose months and years are not the Gregorian ones).
    pub fn shortened_start(&self, start: &PartialDate, end: &PartialDate) -> Option<String> {
        if self.calendar == Calendar::Persian || start.year != end.year {
            return None;
        }
        let date = Date::try_new_gregorian(i32::from(start.year), start.month?, start.day?).ok()?;
        Some(if start.month == end.month {
            self.day_only.format(&date).to_string()
        } else {
            self.month_day.format(&date).to_string()
        })
    }

    /// A date at the precision it was written: `29 November 2026`, `November 2026`, `2026`.
    pub fn date(&self, d: &PartialDate) -> String {
        let month = d.month.unwrap_or(1);
        let day = d.day.unwrap_or(1);
        let Ok(gregorian) = Date::try_new_gregorian(i32::from(d.year), month, day) else {
            return d.display();
        };
        match (d.month, d.day) {
            (Some(_), Some(_)) => match &self.persian_day {
                Some(persian) => persian.format(&gregorian.to_calendar(Persian)).to_string(),
                None => self.day.format(&gregorian).to_string(),
            },
            (Some(_), None) => self.month.format(&gregorian).to_string(),
            _ => self.year.format(&gregorian).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(tag: &str, calendar: Calendar) -> Formats {
        Formats::new(&tag.parse().unwrap(), calendar).unwrap()
    }

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn english_is_british_english_as_before() {
        let en = formats("en-GB", Calendar::Gregorian);
        assert_eq!(en.number(2800), "2,800");
        assert_eq!(en.number(10000000), "10,000,000");
        assert_eq!(en.date(&date("2026-11-29")), "29 November 2026");
        assert_eq!(en.date(&date("2019-05")), "May 2019");
        assert_eq!(en.date(&date("2019")), "2019");
    }

    #[test]
    fn persian_has_its_digits_and_optionally_its_calendar() {
        let fa = formats("fa", Calendar::Gregorian);
        assert_eq!(fa.number(2800), "۲٬۸۰۰");
        let gregorian = fa.date(&date("2019-05-28"));
        assert!(gregorian.contains("۲۰۱۹"), "{gregorian}");
        let fa = formats("fa", Calendar::Persian);
        let persian = fa.date(&date("2019-05-28"));
        assert!(persian.contains("۱۳۹۸"), "{persian}");
        assert!(persian.contains("خرداد"), "{persian}");
        // A month alone stays Gregorian.
        assert!(fa.date(&date("2019-05")).contains("۲۰۱۹"));
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let ar = formats("ar", Calendar::Gregorian);
        let categories: Vec<PluralCategory> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| ar.plural(n))
            .collect();
        assert_eq!(
            categories,
            [
                PluralCategory::Zero,
                PluralCategory::One,
                PluralCategory::Two,
                PluralCategory::Few,
                PluralCategory::Many,
                PluralCategory::Other
            ]
        );
        let ru = formats("ru", Calendar::Gregorian);
        assert_eq!(ru.plural(21), PluralCategory::One);
        assert_eq!(ru.plural(22), PluralCategory::Few);
        assert_eq!(ru.plural(25), PluralCategory::Many);
    }
}
