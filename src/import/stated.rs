//! Figures as sources write them in prose: "About 9,000 accounts followed one or more of these
//! Pages", "Around $1.2 million in spending for ads", "less than 100 accounts joined this
//! Group", "No accounts followed these Instagram accounts". The wording decides the qualifier
//! and is kept, whole, as `as_stated`.

use crate::records::quantity::{Qualifier, Quantity, MAX_VALUE};

/// A figure read from a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The figure, its qualifier from the words before it, and the whole text as stated.
    pub quantity: Quantity,
    /// The words after the figure, lower-cased: `accounts on facebook and instagram`.
    pub rest: String,
    /// The currency of a sum (`$` → USD), if the text gives one.
    pub currency: Option<&'static str>,
}

/// The words before a figure that qualify it, longest first.
const QUALIFIERS: [(&str, Qualifier); 14] = [
    ("more than", Qualifier::Gt),
    ("less than", Qualifier::Lt),
    ("fewer than", Qualifier::Lt),
    ("at least", Qualifier::Gte),
    ("at most", Qualifier::Lte),
    ("up to", Qualifier::Lte),
    ("approximately", Qualifier::Approx),
    ("roughly", Qualifier::Approx),
    ("around", Qualifier::Approx),
    ("nearly", Qualifier::Approx),
    ("almost", Qualifier::Approx),
    ("about", Qualifier::Approx),
    ("over", Qualifier::Gt),
    ("under", Qualifier::Lt),
];

/// Does `text` read as a stated figure ("82 accounts", "About 110 …", "No accounts …")
/// rather than an indicator (a link, a handle, a name)?
pub fn looks_like_figure(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    if t.contains("://") || t.contains("[.]") || t.starts_with("www") || t.starts_with('@') {
        return false;
    }
    let first = t.split_whitespace().next().unwrap_or("");
    first.starts_with(|c: char| c.is_ascii_digit() || c == '$')
        || first == "no"
        || QUALIFIERS
            .iter()
            .any(|(q, _)| t.starts_with(&format!("{q} ")))
}

/// Read the first figure in `text`. An error says why there is none.
pub fn parse(text: &str) -> Result<Stated, String> {
    let stated = text.trim();
    let lower = stated.to_lowercase();
    if let Some(rest) = lower.strip_prefix("no ") {
        return Ok(Stated {
            quantity: Quantity {
                as_stated: Some(stated.to_string()),
                ..Quantity::exact(0)
            },
            rest: rest.trim().to_string(),
            currency: None,
        });
    }
    let Some(start) = lower.find(|c: char| c.is_ascii_digit()) else {
        return Err(format!("no figure in `{stated}`"));
    };
    let before = lower[..start].trim_end();
    let (before, dollar) = match before.strip_suffix('$') {
        Some(b) => (b.trim_end(), true),
        None => (before, false),
    };
    let qualifier = QUALIFIERS
        .iter()
        .find(|(q, _)| before == *q || before.ends_with(&format!(" {q}")))
        .map_or(Qualifier::Exact, |(_, q)| *q);
    let digits_end = lower[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(lower.len(), |i| start + i);
    let number = lower[start..digits_end].trim_end_matches(['.', ',']);
    let after = lower[start + number.len()..].trim_start();
    let (multiplier, after) = if let Some(a) = after.strip_prefix("million") {
        (1_000_000, a)
    } else if let Some(a) = after.strip_prefix("thousand") {
        (1_000, a)
    } else if let Some(a) = after.strip_prefix("billion") {
        (1_000_000_000, a)
    } else {
        (1, after)
    };
    let value = whole(number, multiplier)
        .ok_or_else(|| format!("`{number}` in `{stated}` is not a whole number docket can hold"))?;
    let rest = after.trim().to_string();
    let currency = if dollar || rest.starts_with("usd") {
        Some("USD")
    } else if before.ends_with('€') || rest.starts_with("eur") {
        Some("EUR")
    } else if before.ends_with('£') || rest.starts_with("gbp") {
        Some("GBP")
    } else {
        None
    };
    Ok(Stated {
        quantity: Quantity {
            value,
            max: None,
            qualifier,
            as_stated: Some(stated.to_string()),
        },
        rest,
        currency,
    })
}

/// `7,704` → 7704; `1.9` × 1,000,000 → 1,900,000. Decimals only with a multiplier, and only
/// when they come out whole.
fn whole(number: &str, multiplier: u64) -> Option<u64> {
    let plain: String = number.chars().filter(|&c| c != ',').collect();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    if int.is_empty() || frac.contains('.') {
        return None;
    }
    let int: u64 = int.parse().ok()?;
    let mut value = int.checked_mul(multiplier)?;
    if !frac.is_empty() {
        let scale = 10u64.checked_pow(frac.len() as u32)?;
        let frac: u64 = frac.parse().ok()?;
        let part = frac.checked_mul(multiplier)?;
        if part % scale != 0 {
            return None;
        }
        value = value.checked_add(part / scale)?;
    }
    (value <= MAX_VALUE).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (u64, Qualifier, String, Option<&'static str>) {
        let s = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.quantity.as_stated.as_deref(), Some(text.trim()));
        (s.quantity.value, s.quantity.qualifier, s.rest, s.currency)
    }

    #[test]
    fn wording_sets_the_qualifier() {
        assert_eq!(read("82 accounts").0, 82);
        assert_eq!(read("82 accounts").1, Qualifier::Exact);
        let (v, q, rest, _) = read("About 110 accounts on Facebook and Instagram");
        assert_eq!((v, q), (110, Qualifier::Approx));
        assert_eq!(rest, "accounts on facebook and instagram");
        assert_eq!(
            read("around 1,200 accounts joined this Group").1,
            Qualifier::Approx
        );
        assert_eq!(
            read("less than 100 accounts joined this Group").1,
            Qualifier::Lt
        );
        assert_eq!(read("7,704 Facebook accounts").0, 7704);
        let (v, q, _, _) = read("About 1.9 million accounts followed one or more of these Pages");
        assert_eq!((v, q), (1_900_000, Qualifier::Approx));
        let (v, q, _, _) = read("No accounts followed these Instagram accounts.");
        assert_eq!((v, q), (0, Qualifier::Exact));
    }

    #[test]
    fn sums_of_money_carry_their_currency() {
        let (v, q, _, c) = read("The network engaged in around $15,000 in spending for ads");
        assert_eq!((v, q, c), (15_000, Qualifier::Approx, Some("USD")));
        let (v, _, _, c) = read("Around $1.2 million in spending for ads on Facebook");
        assert_eq!((v, c), (1_200_000, Some("USD")));
        assert_eq!(read("About 20 USD in spending for ads").3, Some("USD"));
        assert!(parse("Around $xx in spending for ads, paid for mostly in xx").is_err());
        assert!(parse("About 2.5 accounts").is_err());
    }

    #[test]
    fn figures_are_told_from_indicators() {
        assert!(looks_like_figure("5 Groups "));
        assert!(looks_like_figure(
            "About 50 accounts on Facebook and Instagram"
        ));
        assert!(looks_like_figure(
            "No accounts followed these Instagram accounts."
        ));
        assert!(!looks_like_figure("https://www.facebook.com/123"));
        assert!(!looks_like_figure("puranchettri910[.]blogspot.com"));
        assert!(!looks_like_figure("Posing as dance teacher"));
        assert!(!looks_like_figure("Nothing to see"));
    }
}
