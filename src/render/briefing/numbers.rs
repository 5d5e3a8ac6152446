//! A briefing's key numbers in the page's language: labels from the catalogue, figures in the
//! language's digits, grouped by kind (events, removals, reach, content).

use crate::dataset::scope::KeyNumber;
use crate::present::locale::Locale;
use serde::Serialize;

/// A key number said in `loc`: its label from the catalogue, its figures in the language's
/// digits, the words of its change and note.
pub(super) fn key_number_in(loc: &Locale, n: &KeyNumber) -> KeyNumber {
    let label = match n.group {
        "events" => loc.text(&format!("briefing.count.{}", n.name)).to_string(),
        _ => loc.figure_label(&n.name),
    };
    let shown = |s: &crate::dataset::scope::Shown| {
        let mut s = s.clone();
        let value = loc.number(s.value);
        s.display = match s.qualifier {
            "exact" => value,
            "approx" => loc.message("quantity.approx", None, &[("value", &value)]),
            "at-least" => loc.message("quantity.gte", None, &[("value", &value)]),
            _ => s.display,
        };
        s
    };
    let mut change = n.change.clone();
    change.display = match change.display.as_str() {
        "no change" => loc.text("briefing.no_change").to_string(),
        "about the same" => loc.text("briefing.about_the_same").to_string(),
        display => digits_in(loc, display),
    };
    change.note = match change.note.as_str() {
        "" => String::new(),
        "the current figure is a lower bound" => loc.text("briefing.note_lower_bound").to_string(),
        "not reported in one of the two periods" => {
            loc.text("briefing.note_not_reported").to_string()
        }
        _ => loc.text("briefing.note_not_comparable").to_string(),
    };
    KeyNumber {
        label,
        current: shown(&n.current),
        previous: shown(&n.previous),
        change,
        ..n.clone()
    }
}

/// `text` with each number in it (`1,900`, `60`) written in `loc`'s digits and grouping.
pub(super) fn digits_in(loc: &Locale, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        if !number.is_empty() {
            let value: u64 = number.replace(',', "").parse().unwrap_or(0);
            out.push_str(&loc.number(value));
            number.clear();
        }
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let in_number = c.is_ascii_digit()
            || (c == ','
                && !number.is_empty()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if in_number {
            number.push(c);
        } else {
            flush(&mut number, &mut out);
            out.push(c);
        }
    }
    flush(&mut number, &mut out);
    out
}

/// Key numbers of one kind: counts of events, or one group of reported figures.
#[derive(Serialize)]
pub struct NumberGroup {
    /// `events`, `removed`, `reach` or `content`.
    pub key: &'static str,
    pub title: String,
    pub rows: Vec<KeyNumber>,
}

pub(super) fn group_numbers(loc: &Locale, numbers: Vec<KeyNumber>) -> Vec<NumberGroup> {
    let titles = [
        ("events", "briefing.disclosures"),
        ("removed", "event.removed"),
        ("reach", "event.reach"),
        ("content", "event.content"),
    ];
    titles
        .into_iter()
        .map(|(key, title)| NumberGroup {
            key,
            title: loc.text(title).to_string(),
            rows: numbers
                .iter()
                .filter(|n| n.group == key)
                .map(|n| key_number_in(loc, n))
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}
