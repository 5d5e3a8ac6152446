//! The rows of Meta's two layouts.
//!
//! Kill-chain files (`Tactic, Technique, Procedure, Indicator[, Notes]`) list one indicator a
//! row under a procedure of Meta's Online Operations Kill Chain. A few procedures carry
//! figures in the Indicator cell, in Meta's words: 0.9.x (assets acquired on a platform, i.e.
//! what was removed), 7.1.1 (ad spend) and 7.2.2–7.2.5 (followers and group members: the
//! audience, kept apart from removals). Every other row is an indicator, counted under its
//! tactic.
//!
//! Indicator files (`indicator_type, indicator_value, comment, ds`) list indicators of
//! compromise for one published report, counted by type and label.

use super::super::draft::Figures;
use super::super::report::Report;
use super::super::stated::{self, Stated};
use super::super::table::Row;
use crate::diagnostics::nearest;
use crate::records::quantity::Quantity;
use crate::records::USUAL_ASSETS;
use std::collections::{BTreeMap, BTreeSet};

/// The tactics of the Online Operations Kill Chain, by number.
const KILL_CHAIN: [&str; 10] = [
    "Acquiring assets",
    "Disguising assets",
    "Gathering information",
    "Coordinating and planning",
    "Testing defenses",
    "Evading detection",
    "Indiscriminate engagement",
    "Targeted engagement",
    "Compromising assets",
    "Enabling longevity",
];

/// Kill-chain procedures (and the groups they head) that are one of docket's tactics.
const TACTICS: [(&str, &str); 13] = [
    ("0.9.9", "repurposed-accounts"),
    ("1.1.2", "ai-generated-images"),
    ("1.2", "fake-personas"),
    ("1.2.2", "journalist-persona"),
    ("1.3.1", "news-outlet-persona"),
    ("1.3.2", "fake-ngos"),
    ("1.4", "impersonation"),
    ("1.5", "impersonation"),
    ("5.5.4", "hacked-accounts"),
    ("7.1.1", "paid-ads"),
    ("7.6.3", "harassment"),
    ("7.6.4", "hack-and-leak"),
    ("9.2.3", "cross-platform"),
];

/// 0.9.x procedures: the platform the assets were acquired on.
const ASSET_PLATFORMS: [(&str, &str); 8] = [
    ("0.9.1", "facebook"),
    ("0.9.2", "instagram"),
    ("0.9.3", "threads"),
    ("0.9.4", "twitter"),
    ("0.9.5", "youtube"),
    ("0.9.6", "tiktok"),
    ("0.9.7", "telegram"),
    ("0.9.10", "pinterest"),
];

/// 7.2.x procedures: whose audience, and which measure of it.
const AUDIENCE: [(&str, &str, &str); 4] = [
    ("7.2.2", "facebook", "followers"),
    ("7.2.3", "facebook", "group_members"),
    ("7.2.4", "instagram", "followers"),
    ("7.2.5", "twitter", "followers"),
];

/// Words naming a platform in a count ("7,704 Facebook accounts"), skipped to find the asset.
const PLATFORM_WORDS: [&str; 9] = [
    "facebook",
    "instagram",
    "threads",
    "x",
    "twitter",
    "youtube",
    "tiktok",
    "telegram",
    "x/twitter",
];

/// What a kill-chain file says about its network.
#[derive(Debug, Default)]
pub struct KillChain {
    pub removed: Figures,
    pub reach: Figures,
    pub ad_spend: Option<(Quantity, String)>,
    /// Rows by tactic number (10 for rows whose tactic has no number), with the tactic's name.
    pub by_tactic: BTreeMap<(u32, String), usize>,
    /// docket tactics the procedures used amount to.
    pub tactics: BTreeSet<String>,
    /// A figure counted for Facebook and Instagram together, recorded under `meta`.
    pub cross_platform: bool,
    /// Rows mapped.
    pub mapped: usize,
}

/// `0.9.11.0 Creating online petitions` → `0.9.11.0`.
fn number(cell: &str) -> &str {
    let end = cell
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(cell.len());
    cell[..end].trim_end_matches('.')
}

/// Is procedure `n` (`1.2.2`) under `prefix` (`1.2`)?
fn under(n: &str, prefix: &str) -> bool {
    let mut parts = n.split('.');
    prefix.split('.').all(|p| parts.next() == Some(p))
}

/// Read the rows of a kill-chain file (the header row excluded). `at` names a line.
pub fn kill_chain(rows: &[Row], at: &dyn Fn(u64) -> String, report: &mut Report) -> KillChain {
    let mut out = KillChain::default();
    // Where each figure came from: (map, platform, name) → line and wording.
    let mut seen: BTreeMap<(&str, String, String), (u64, String)> = BTreeMap::new();
    for row in rows {
        report.rows += 1;
        if row.is_blank() {
            report.blank += 1;
            continue;
        }
        if row.cells.len() < 4 {
            report.skip(
                at(row.line),
                "too few cells",
                format!(
                    "{} cells; the layout is Tactic, Technique, Procedure, Indicator[, Notes]",
                    row.cells.len()
                ),
            );
            continue;
        }
        let indicator = row.cell(3);
        if indicator.is_empty() {
            report.skip(at(row.line), "no indicator", "the Indicator cell is empty");
            continue;
        }
        let procedure = match number(row.cell(2)) {
            "" => number(row.cell(1)),
            n => n,
        };
        let figure = if under(procedure, "0.9") && stated::looks_like_figure(indicator) {
            Some(asset(procedure, indicator))
        } else if under(procedure, "7.1.1") && mentions_spend(indicator) {
            Some(spend(indicator))
        } else if let Some((_, platform, metric)) =
            AUDIENCE.iter().find(|(p, _, _)| under(procedure, p))
        {
            stated::looks_like_figure(indicator).then(|| {
                stated::parse(indicator)
                    .map(|s| Figure::Reach(platform.to_string(), metric.to_string(), s.quantity))
                    .map_err(|e| ("figure without a number", e))
            })
        } else {
            None
        };
        match figure {
            Some(Err(why)) => {
                report.skip(at(row.line), why.0, why.1);
                continue;
            }
            Some(Ok(figure)) => {
                if let Some(note) = figure.note() {
                    report.note(at(row.line), note);
                }
                let (map, key, quantity) = match figure {
                    Figure::Removed(platform, asset, q, _) => {
                        out.cross_platform |= platform == "meta";
                        ("removed", (platform, asset), q)
                    }
                    Figure::Reach(platform, metric, q) => ("reach", (platform, metric), q),
                    Figure::Spend(q, currency) => ("ad_spend", (currency, String::new()), q),
                };
                let stated = quantity.as_stated.clone().unwrap_or_default();
                let id = (map, key.0.clone(), key.1.clone());
                if let Some((line, first)) = seen.get(&id) {
                    if *first == stated {
                        report.note(
                            at(row.line),
                            format!("the same figure as line {line} (`{stated}`), counted once"),
                        );
                    } else {
                        let what = match map {
                            "ad_spend" => "ad spend".to_string(),
                            _ => format!("{map}.{}.{}", key.0, key.1),
                        };
                        report.skip(
                            at(row.line),
                            "second figure",
                            format!("`{stated}`: line {line} already gives {what} as `{first}`"),
                        );
                        continue;
                    }
                } else {
                    seen.insert(id, (row.line, stated));
                    match map {
                        "removed" => {
                            out.removed
                                .entry(key.0)
                                .or_default()
                                .insert(key.1, quantity);
                        }
                        "reach" => {
                            out.reach.entry(key.0).or_default().insert(key.1, quantity);
                        }
                        _ => out.ad_spend = Some((quantity, key.0)),
                    }
                }
            }
            None => {}
        }
        out.mapped += 1;
        *out.by_tactic.entry(tactic(row.cell(0))).or_default() += 1;
        for (prefix, key) in TACTICS {
            if under(procedure, prefix) {
                out.tactics.insert(key.to_string());
            }
        }
    }
    out
}

/// A figure a row gives.
enum Figure {
    /// Platform, asset, figure, and the asset word as written when it was read as another.
    Removed(String, String, Quantity, Option<String>),
    Reach(String, String, Quantity),
    Spend(Quantity, String),
}

impl Figure {
    fn note(&self) -> Option<String> {
        match self {
            Figure::Removed(platform, asset, _, Some(written)) => {
                Some(format!("`{written}` read as removed.{platform}.{asset}"))
            }
            Figure::Removed(platform, asset, q, None) if platform == "meta" => Some(format!(
                "`{}` counts Facebook and Instagram together: recorded as removed.meta.{asset}",
                q.as_stated.as_deref().unwrap_or_default()
            )),
            _ => None,
        }
    }
}

type Why = (&'static str, String);

/// A count of assets under a 0.9.x procedure: "82 accounts", "27 Pages",
/// "About 110 accounts on Facebook and Instagram".
fn asset(procedure: &str, indicator: &str) -> Result<Figure, Why> {
    let s: Stated = stated::parse(indicator).map_err(|e| ("figure without a number", e))?;
    let Some(mut platform) = ASSET_PLATFORMS
        .iter()
        .find(|(p, _)| procedure == *p)
        .map(|(_, platform)| platform.to_string())
    else {
        return Err((
            "figure without a platform",
            format!("`{indicator}` under procedure {procedure}, which names no platform"),
        ));
    };
    if s.rest.contains("facebook and instagram") || s.rest.contains("instagram and facebook") {
        platform = "meta".into();
    }
    let word = s
        .rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .find(|w| !w.is_empty() && !PLATFORM_WORDS.contains(w))
        .unwrap_or("");
    let plural = if word.ends_with('s') {
        word.to_string()
    } else {
        format!("{word}s")
    };
    if USUAL_ASSETS.contains(&plural.as_str()) {
        return Ok(Figure::Removed(platform, plural, s.quantity, None));
    }
    match nearest(&plural, USUAL_ASSETS) {
        Some(meant) if !word.is_empty() => Ok(Figure::Removed(
            platform,
            meant.to_string(),
            s.quantity,
            Some(word.to_string()),
        )),
        _ => Err((
            "figure without an asset",
            format!("`{indicator}` names no asset docket knows (accounts, pages, groups …)"),
        )),
    }
}

fn mentions_spend(indicator: &str) -> bool {
    let lower = indicator.to_lowercase();
    lower.contains("spend") || lower.contains('$') || lower.contains("usd")
}

/// Ad spend under 7.1.1: "About $33,540 in spending for ads on Facebook and Instagram".
fn spend(indicator: &str) -> Result<Figure, Why> {
    let s = stated::parse(indicator).map_err(|e| ("ad spend without a sum", e))?;
    match s.currency {
        Some(currency) => Ok(Figure::Spend(s.quantity, currency.to_string())),
        None => Err((
            "ad spend without a currency",
            format!("`{indicator}` gives no currency ($, USD, € …)"),
        )),
    }
}

/// The tactic of a row, by its number: `0. Acquiring assets`, `0 Acquiring Assets` and
/// `7 Targeted engagement` are read by number; a tactic without one by its name.
fn tactic(cell: &str) -> (u32, String) {
    let n = number(cell);
    match n.parse::<usize>() {
        Ok(i) if i < KILL_CHAIN.len() => (i as u32, KILL_CHAIN[i].to_string()),
        _ => {
            let lower = cell.to_lowercase();
            match KILL_CHAIN.iter().position(|t| t.to_lowercase() == lower) {
                Some(i) => (i as u32, KILL_CHAIN[i].to_string()),
                None if cell.is_empty() => (10, "No tactic given".into()),
                None => (10, cell.to_string()),
            }
        }
    }
}

/// What an indicator file lists.
#[derive(Debug, Default)]
pub struct Indicators {
    /// By indicator type (`domain_name`).
    pub by_type: BTreeMap<String, usize>,
    /// By the comment Meta labelled them with (`APT32: Domain`).
    pub by_label: BTreeMap<String, usize>,
    /// Dates in the `ds` column.
    pub dates: BTreeSet<String>,
    pub mapped: usize,
}

/// Read the rows of an indicator file; `header` gives the columns by name.
pub fn indicators(
    header: &[String],
    rows: &[Row],
    at: &dyn Fn(u64) -> String,
    report: &mut Report,
) -> Indicators {
    let column = |name: &str, fallback: usize| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .unwrap_or(fallback)
    };
    let (kind, value, comment, ds) = (
        column("indicator_type", 0),
        column("indicator_value", 1),
        column("comment", 2),
        column("ds", 3),
    );
    let mut out = Indicators::default();
    for row in rows {
        report.rows += 1;
        if row.is_blank() {
            report.blank += 1;
            continue;
        }
        if row.cell(value).is_empty() {
            report.skip(
                at(row.line),
                "no indicator",
                "the indicator_value cell is empty",
            );
            continue;
        }
        out.mapped += 1;
        let t = match row.cell(kind) {
            "" => "unknown",
            t => t,
        };
        *out.by_type.entry(t.to_string()).or_default() += 1;
        if !row.cell(comment).is_empty() {
            *out.by_label
                .entry(row.cell(comment).to_string())
                .or_default() += 1;
        }
        if !row.cell(ds).is_empty() {
            out.dates.insert(row.cell(ds).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedures_are_matched_by_their_numbers() {
        assert_eq!(number("0.9.11.0 Creating online petitions"), "0.9.11.0");
        assert_eq!(number("0. Acquiring assets"), "0");
        assert!(under("1.2.2", "1.2"));
        assert!(!under("1.22", "1.2"));
        assert!(!under("0.9.10", "0.9.1"));
        assert_eq!(tactic("0 Acquiring Assets").1, "Acquiring assets");
        assert_eq!(tactic("7 Targeted engagement").0, 7);
    }
}
