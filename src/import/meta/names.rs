//! What Meta's file names say: the reporting period (`Q1_2023`, `Q2-3_2025`, `H1_2026`), the
//! network (`China-based_CIB network_1`), where it was based (`Togo _ Burkina Faso-based`) or
//! whom it targeted (`MOLDOVA_&_MADAGASCAR_TARGETING`), and a name the network goes by
//! (`Doppelganger_Russia_based…`, `Bahamut_APT`). The names are messy: spaces and underscores
//! stand for each other, ` _ ` stands for a slash, case varies, and a folder or file name can
//! start or end with a space.

use crate::import::lookup::Lookup;

/// A reporting period as the file names give it: only a quarter or half-year and its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `Q1 2023`, `Q2-3 2025`, `H1 2026`; `2021-07` for a dated file name.
    pub label: String,
    /// `q1`, `q2-3`, `h1`; empty for a dated file name.
    pub slug: String,
    /// The date docket records: the year alone, since a quarter is not a docket date; the
    /// month when the name gives one.
    pub date: String,
}

/// A name a network goes by, from the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// An influence operation (`Doppelganger`, `Spamouflage`).
    Operation(String),
    /// A hacking group (`Bahamut` in `Bahamut_APT`).
    Actor(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkName {
    pub period: Option<Period>,
    /// `China-based CIB network 1`.
    pub name: String,
    pub origin: Vec<String>,
    pub targets: Vec<String>,
    pub group: Option<Group>,
}

/// Upper-case words kept upper case in names.
const ACRONYMS: [&str; 8] = ["CIB", "IB", "APT", "US", "UK", "UAE", "IOC", "IOCS"];

/// Read a file's stem (and its folder's name, for the period when the stem lacks it).
pub fn parse(stem: &str, folder: &str, lookup: &Lookup<'_>) -> NetworkName {
    let mut stem = stem.trim();
    // `Q2-3_2025_GithubIOCs - Q2-3_2025_BELARUS_BASED_CIB_NETWORK`: the part after the dash.
    if let Some((_, after)) = stem.rsplit_once(" - ") {
        stem = after.trim();
    }
    let (period, rest) = match period_prefix(stem) {
        Some((p, rest)) => (Some(p), rest),
        None => (period_prefix(folder.trim()).map(|(p, _)| p), stem),
    };
    let rest = rest.replace(" _ ", " / ").replace('_', " ");
    let mut words: Vec<String> = Vec::new();
    for word in rest.split_whitespace() {
        let lower = word.to_lowercase();
        if lower == "based" && !words.is_empty() {
            let last = words.last_mut().expect("not empty");
            last.push_str("-based");
        } else if let Some(place) = lower.strip_suffix("-based") {
            words.push(format!("{}-based", &word[..place.len()]));
        } else {
            words.push(word.to_string());
        }
    }
    // A revision marker, not part of the name.
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("updated"))
    {
        words.pop();
    }
    let mut origin = Vec::new();
    let mut targets = Vec::new();
    let mut group_words: Vec<String> = Vec::new();
    let is_apt = words.iter().any(|w| w.eq_ignore_ascii_case("apt"));
    let mut country_words = std::collections::BTreeSet::new();
    if let Some(k) = words.iter().position(|w| w.ends_with("-based")) {
        let place = words[k].trim_end_matches("-based").to_string();
        let mut location: Vec<&str> = words[..k].iter().map(String::as_str).collect();
        location.push(&place);
        let (found, first) = lookup.trailing_countries(&location);
        if !found.is_empty() {
            origin = found;
            country_words.extend(first..=k);
            group_words = words[..first].to_vec();
        }
    } else if let Some(t) = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("targeting"))
    {
        let before: Vec<&str> = words[..t].iter().map(String::as_str).collect();
        let (found, first) = lookup.trailing_countries(&before);
        targets = found;
        country_words.extend(first..t);
    } else if let Some(a) = words.iter().position(|w| w.eq_ignore_ascii_case("apt")) {
        let before: Vec<&str> = words[..a].iter().map(String::as_str).collect();
        let (found, first) = lookup.trailing_countries(&before);
        if !found.is_empty() && first == 0 {
            origin = found;
            country_words.extend(0..a);
        } else {
            group_words = words[..a].to_vec();
        }
    }
    let group_len = group_words.len();
    let cased: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i < group_len || country_words.contains(&i) || lookup.country(w).is_some() {
                proper(w)
            } else {
                common(w)
            }
        })
        .collect();
    let name = crate::import::capitalised(&cased.join(" "));
    let group_name = group_words
        .iter()
        .map(|w| proper(w))
        .collect::<Vec<_>>()
        .join(" ");
    let group = if group_name.is_empty() {
        None
    } else if is_apt {
        Some(Group::Actor(group_name))
    } else {
        Some(Group::Operation(group_name))
    };
    NetworkName {
        period,
        name,
        origin,
        targets,
        group,
    }
}

/// `Q1_2023 China…` → (Q1 2023, `China…`); `2021_07_taking…` → (2021-07, `taking…`).
fn period_prefix(text: &str) -> Option<(Period, &str)> {
    let t = text.trim_start();
    let bytes = t.as_bytes();
    if bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'_'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'_'
    {
        let date = format!("{}-{}", &t[..4], &t[5..7]);
        return Some((
            Period {
                label: date.clone(),
                slug: String::new(),
                date,
            },
            &t[8..],
        ));
    }
    let first = t.chars().next()?.to_ascii_uppercase();
    if first != 'Q' && first != 'H' {
        return None;
    }
    let span_end = t[1..]
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .map_or(t.len(), |i| i + 1);
    let span = &t[1..span_end];
    if span.is_empty() || !span.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = t[span_end..].trim_start_matches([' ', '_']);
    let year = after
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    if after[4..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let rest = after[4..].trim_start_matches([' ', '_']);
    let label = format!("{first}{span} {year}");
    Some((
        Period {
            label,
            slug: format!("{}{span}", first.to_ascii_lowercase()),
            date: year.to_string(),
        },
        rest,
    ))
}

/// A proper name as written, unless it was written all in capitals or all in small letters
/// (`IRAN`, `iran` → `Iran`).
fn proper(word: &str) -> String {
    if let Some(place) = word.strip_suffix("-based") {
        return format!("{}-based", proper(place));
    }
    if ACRONYMS.contains(&word.to_uppercase().as_str()) && word.len() <= 4 {
        return word.to_uppercase();
    }
    let has_lower = word.chars().any(char::is_lowercase);
    let has_upper = word.chars().any(char::is_uppercase);
    if (has_lower && has_upper) || word.chars().count() <= 2 {
        return word.to_string();
    }
    crate::import::capitalised(&word.to_lowercase())
}

/// Any other word: lower case, but acronyms and case-study markers (`CS1`) in capitals.
fn common(word: &str) -> String {
    let upper = word.to_uppercase();
    let bare = upper.trim_end_matches(|c: char| c.is_ascii_digit());
    if ACRONYMS.contains(&upper.as_str()) || (bare == "CS" && upper.len() > 2) {
        upper
    } else {
        word.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::vocab::Vocabularies;

    fn read(stem: &str, folder: &str) -> NetworkName {
        let v = Vocabularies::builtin();
        parse(stem, folder, &Lookup::new(&v))
    }

    #[test]
    fn messy_names_read_alike() {
        let n = read("Q1_2024_IRAN_BASED CIB NETWORK", "Q1_2024");
        assert_eq!(n.name, "Iran-based CIB network");
        assert_eq!(n.origin, ["IR"]);
        assert_eq!(n.period.as_ref().unwrap().label, "Q1 2024");
        assert_eq!(n.period.as_ref().unwrap().date, "2024");
        let n = read(" Q4_2024 CHINA_BASED_CIB_NETWORK", "Q4_2024");
        assert_eq!(n.name, "China-based CIB network");
        let n = read("Q1_2024_Bangladesh_Based_Cib_Network", "Q1_2024");
        assert_eq!(n.name, "Bangladesh-based CIB network");
        let n = read("Q2_2024_RUSSIA-BASED CIB NETWORK #1 ", "Q2_2024");
        assert_eq!(n.name, "Russia-based CIB network #1");
    }

    #[test]
    fn places_targets_and_names_of_networks() {
        let n = read("Q1_2023_ Togo _ Burkina Faso-based_CIB_network", "Q1_2023");
        assert_eq!(n.name, "Togo / Burkina Faso-based CIB network");
        assert_eq!(n.origin, ["TG", "BF"]);
        let n = read(
            "Q1_2024_MOLDOVA_&_MADAGASCAR_TARGETING_CIB_NETWORK",
            "Q1_2024",
        );
        assert_eq!(n.name, "Moldova & Madagascar targeting CIB network");
        assert!(n.origin.is_empty());
        assert_eq!(n.targets, ["MD", "MG"]);
        let n = read(
            " Q2_2023_Doppelganger_Russia_based_CIB_network_updated",
            "Q2_2023 ",
        );
        assert_eq!(n.name, "Doppelganger Russia-based CIB network");
        assert_eq!(n.group, Some(Group::Operation("Doppelganger".into())));
        assert_eq!(n.origin, ["RU"]);
        let n = read("Q1_2023_ Bahamut_APT", "Q1_2023");
        assert_eq!(n.name, "Bahamut APT");
        assert_eq!(n.group, Some(Group::Actor("Bahamut".into())));
        let n = read("Q1_2023_ Pakistan_APT", "Q1_2023");
        assert_eq!(n.origin, ["PK"]);
        assert_eq!(n.group, None);
    }

    #[test]
    fn periods_from_the_name_or_the_folder() {
        let n = read(
            "Q2-3_2025_GithubIOCs - Q2-3_2025_RUSSIA_BASED_CIB_NETWORK_CS1",
            "Q2-3_2025",
        );
        assert_eq!(n.period.as_ref().unwrap().label, "Q2-3 2025");
        assert_eq!(n.period.as_ref().unwrap().slug, "q2-3");
        assert_eq!(n.name, "Russia-based CIB network CS1");
        let n = read(
            "Q4-1_2026_GithubIOCs - H1_2026_IRAN_BASED_CIB_NETWORK_2",
            "",
        );
        assert_eq!(n.period.as_ref().unwrap().label, "H1 2026");
        let n = read("Türkiye-based CIB network", "Q2_2023 ");
        assert_eq!(n.period.as_ref().unwrap().label, "Q2 2023");
        assert_eq!(n.origin, ["TR"]);
        let n = read("2021_07_taking_action_against_hackers_in_iran", "tsv");
        assert_eq!(n.period.as_ref().unwrap().date, "2021-07");
        assert_eq!(n.name, "Taking action against hackers in Iran");
    }
}
