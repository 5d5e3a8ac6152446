//! A value axis: round steps from zero to a little past the largest value, and one number
//! format for all its labels, chosen by its range: full numbers with separators (`250,000`), or
//! millions with the decimals the step needs (`0.5M`, `1.0M`, `1.5M`) once the axis reaches a
//! million. Never `500,000` beside `2M`.

use crate::present::locale::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub step: u64,
    /// The last tick, at or above the largest value.
    pub top: u64,
    /// Decimals of the millions format, or `None` for full numbers.
    millions: Option<usize>,
}

impl Axis {
    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ giving at most `count` steps to `max`.
    pub fn new(max: u64, count: u64) -> Axis {
        let (step, top) = steps(max, count.max(1));
        let millions = (top >= 1_000_000).then(|| {
            let mut decimals = 0;
            let mut unit = 1_000_000u64;
            while decimals < 6 && step % unit != 0 {
                unit /= 10;
                decimals += 1;
            }
            decimals
        });
        Axis {
            step,
            top,
            millions,
        }
    }

    pub fn ticks(&self) -> impl Iterator<Item = u64> + '_ {
        (0..=self.top / self.step).map(move |k| k * self.step)
    }

    /// A tick's label in `loc`'s digits: `2,000`, or in millions, `1.5M`.
    pub fn label(&self, loc: &Locale, value: u64) -> String {
        let millions = |n: &str| loc.message("figure.millions", None, &[("value", n)]);
        match self.millions {
            _ if value == 0 => loc.number(0),
            None => loc.number(value),
            Some(0) => millions(&loc.number(value / 1_000_000)),
            Some(d) => {
                let whole = value / 1_000_000;
                let fraction = value % 1_000_000;
                let digits = format!("{fraction:06}");
                // The language's decimal separator and digits, by formatting a number with it.
                let point = loc.decimal(&format!("{whole}.{}", &digits[..d]));
                millions(&point)
            }
        }
    }
}

fn steps(max: u64, count: u64) -> (u64, u64) {
    let max = max.max(1);
    let mut magnitude = 1u64;
    loop {
        for factor in [10u64, 20, 25, 50] {
            let step = (magnitude * factor / 10).max(1);
            if max.div_ceil(step) <= count {
                return (step, max.div_ceil(step) * step);
            }
        }
        magnitude = magnitude.saturating_mul(10);
        if magnitude > u64::MAX / 100 {
            return (max, max);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        let pair = |a: Axis| (a.step, a.top);
        assert_eq!(pair(Axis::new(7, 5)), (2, 8));
        assert_eq!(pair(Axis::new(51, 5)), (20, 60));
        assert_eq!(pair(Axis::new(3651, 5)), (1000, 4000));
        assert_eq!(pair(Axis::new(0, 5)), (1, 1));
        assert_eq!(pair(Axis::new(2_400_000, 5)), (500_000, 2_500_000));
    }

    fn labels(a: Axis) -> Vec<String> {
        a.ticks().map(|t| a.label(&Locale::english(), t)).collect()
    }

    #[test]
    fn an_axis_has_one_number_format() {
        // The tweets chart once read "0, 500,000, 1M, 1.5M, 2M".
        assert_eq!(
            labels(Axis::new(2_000_000, 5)),
            ["0", "0.5M", "1.0M", "1.5M", "2.0M"]
        );
        assert_eq!(
            labels(Axis::new(9_000_000, 5)),
            ["0", "2M", "4M", "6M", "8M", "10M"]
        );
        assert_eq!(
            labels(Axis::new(60_000, 3)),
            ["0", "20,000", "40,000", "60,000"]
        );
        assert_eq!(
            labels(Axis::new(1_100_000, 5)),
            ["0", "0.25M", "0.50M", "0.75M", "1.00M", "1.25M"]
        );
    }
}
