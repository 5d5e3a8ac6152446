//! One row of the tracker as one event: the columns read, the values turned into keys, the
//! organisations, tactics, actors and operations the site lacks collected on the way.

use super::{split, us_date, Columns};
use crate::ids::MAX_KEY;
use crate::import::draft::{EventDraft, Figures, NamedDraft, SourceDraft};
use crate::import::key_from;
use crate::import::lookup::Lookup;
use crate::import::report::Report;
use crate::import::table::Row;
use crate::records::quantity::Quantity;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The tracker's home, named in every summary.
const FIAT_URL: &str = "https://interference2020.org";
/// FIAT's `methods` that are docket tactics.
const METHODS: [(&str, &str); 4] = [
    ("sockpuppets", "sockpuppets"),
    ("botnets", "bot-amplification"),
    ("brigading", "brigading"),
    ("deep learning processes", "ai-generated-images"),
];

/// FIAT's `methods` that docket has no tactic for: added to the site's tactics.
const NEW_METHODS: [(&str, &str, &str); 3] = [
    (
        "hacking - data exfiltration",
        "data-exfiltration",
        "Hacking: data exfiltration",
    ),
    (
        "hacking - ddos",
        "ddos",
        "Hacking: denial of service (DDoS)",
    ),
    (
        "deceptive content manipulation",
        "deceptive-content",
        "Deceptive content manipulation",
    ),
];

/// Disinformants that name no one.
const NAMELESS: [&str; 6] = [
    "individuals",
    "foreign actors",
    "foreign countries",
    "unknown hackers",
    "apt",
    "unknown",
];

/// FIAT's platform totals: column, platform, map and name.
const TOTALS: [(&str, &str, &str, &str); 8] = [
    ("fb_accounts_total", "facebook", "removed", "accounts"),
    ("fb_pages_total", "facebook", "removed", "pages"),
    ("fb_groups_total", "facebook", "removed", "groups"),
    ("Events_total", "facebook", "removed", "events"),
    ("ig_accounts_total", "instagram", "removed", "accounts"),
    ("fb_pages_followers_total", "facebook", "reach", "followers"),
    (
        "fb_groups_followers_total",
        "facebook",
        "reach",
        "group_members",
    ),
    ("ig_followers_total", "instagram", "reach", "followers"),
];
/// Everything an import of one file builds up besides the events.
pub(super) struct Context<'a> {
    lookup: &'a Lookup<'a>,
    columns: &'a Columns,
    shown: &'a str,
    file_name: &'a str,
    operations: &'a BTreeSet<String>,
    /// Organisations docket lacks: key → the vocabulary line.
    pub(super) new_organisations: BTreeMap<String, String>,
    pub(super) new_tactics: BTreeMap<String, String>,
    /// Actors and operations: key → (folder, record).
    pub(super) named: BTreeMap<String, (&'static str, NamedDraft)>,
    /// Case hashes seen, with their line.
    hashes: BTreeMap<String, u64>,
}

impl<'a> Context<'a> {
    pub(super) fn new(
        lookup: &'a Lookup<'a>,
        columns: &'a Columns,
        shown: &'a str,
        file_name: &'a str,
        operations: &'a BTreeSet<String>,
    ) -> Context<'a> {
        Context {
            lookup,
            columns,
            shown,
            file_name,
            operations,
            new_organisations: BTreeMap::new(),
            new_tactics: BTreeMap::new(),
            named: BTreeMap::new(),
            hashes: BTreeMap::new(),
        }
    }
}

impl Context<'_> {
    fn at(&self, row: &Row) -> String {
        format!("{}:{}", self.shown, row.line)
    }

    fn col<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.columns.get(row, name)
    }

    /// The event of one row, or why there is none (in the report).
    pub(super) fn event(&mut self, row: &Row, report: &mut Report) -> Option<(String, EventDraft)> {
        let at = self.at(row);
        let hash = self.col(row, "case_hash");
        if hash.is_empty() {
            report.skip(at, "no case hash", "the case_hash cell is empty");
            return None;
        }
        if !hash.chars().all(|c| c.is_ascii_alphanumeric()) {
            report.skip(
                at,
                "no case hash",
                format!("`{hash}` is not a case hash (letters and digits)"),
            );
            return None;
        }
        if let Some(line) = self.hashes.get(hash) {
            report.skip(
                at,
                "repeated case",
                format!("case {hash} is already on line {line}"),
            );
            return None;
        }
        self.hashes.insert(hash.to_string(), row.line);
        let title = self.col(row, "short_title");
        if title.is_empty() {
            report.skip(at, "no title", "the short_title cell is empty");
            return None;
        }
        let date = match us_date(self.col(row, "attribution_date")) {
            Ok(d) => d,
            Err(e) => {
                report.skip(at, "bad date", format!("attribution_date: {e}"));
                return None;
            }
        };
        let url = self.col(row, "attribution_url");
        if let Err(e) = crate::records::check_http_url(url) {
            report.skip(at, "no attribution link", format!("attribution_url: {e}"));
            return None;
        }
        let sources = split(self.col(row, "source"));
        let Some(first) = sources.first() else {
            report.skip(at, "no source", "the source cell is empty");
            return None;
        };
        let discloser = self.discloser(first, self.col(row, "source_category"));
        let mut partners = Vec::new();
        let mut unnamed = Vec::new();
        for other in &sources[1..] {
            match self.known_organisation(other) {
                Some(key) if key != discloser && !partners.contains(&key) => partners.push(key),
                Some(_) => {}
                None => unnamed.push(*other),
            }
        }
        let origin = self.countries(row, "disinformant_nation", report);
        let targets = self.targets(row, report);
        let (active, stated_period) = self.active(row, report);
        let (actor, operation) = self.named(row, &origin);
        let tactics = self.tactics(row);
        let (removed, reach, ad_spend) = self.totals(row, report);
        let archive = match self.col(row, "archived_attribution_url") {
            "" => None,
            a => match crate::records::check_http_url(a) {
                Ok(()) => Some(a.to_string()),
                Err(e) => {
                    report.note(
                        at.clone(),
                        format!("archived_attribution_url left out: {e}"),
                    );
                    None
                }
            },
        };
        let publisher = first.to_string();
        let sources_out = vec![SourceDraft {
            url: url.to_string(),
            title: title.to_string(),
            publisher: Some(publisher),
            date: Some(date.clone()),
            archive,
        }];
        let mut summary = self.summary(row, hash, &unnamed);
        if let Some(stated) = stated_period {
            summary = format!("{summary}\n\n{stated}");
        }
        let id = format!("{date}-fiat-{}", hash.to_lowercase());
        let draft = EventDraft {
            provenance: format!(
                "Imported by `docket import fiat` from DFRLab's Foreign Interference Attribution Tracker ({}), case {hash}.",
                self.file_name
            ),
            title: title.to_string(),
            date,
            kind: "attribution",
            discloser,
            removed,
            reach,
            ad_spend,
            origin,
            actor,
            operation,
            targets,
            active,
            tactics,
            partners,
            sources: sources_out,
            summary,
        };
        Some((id, draft))
    }

    /// An organisation docket (or the site) knows, by name.
    fn known_organisation(&self, name: &str) -> Option<String> {
        self.lookup.organisation(name).or_else(|| {
            let key = organisation_key(name);
            self.new_organisations.contains_key(&key).then_some(key)
        })
    }

    /// The discloser's key; one docket lacks is added to the site's organisations, typed by
    /// FIAT's `source_category`.
    fn discloser(&mut self, name: &str, category: &str) -> String {
        if let Some(key) = self.known_organisation(name) {
            return key;
        }
        let key = organisation_key(name);
        let kind = match category.to_lowercase().as_str() {
            "media" => "media",
            "technology company" => "platform",
            "civil society organization" | "private consultancy" => "researcher",
            // Government, Foreign Government Body; FIAT's "Influential Individual" sources are
            // current or former officials and politicians.
            _ => "government",
        };
        self.new_organisations.insert(
            key.clone(),
            format!(
                "{key}: {{name: {}, type: {kind}}}",
                crate::yaml::write::flow_scalar(name)
            ),
        );
        key
    }

    /// Country codes of a comma-separated cell; names docket does not know are left out and
    /// noted (`unspecified` silently: it says no country was named).
    fn countries(&self, row: &Row, column: &str, report: &mut Report) -> Vec<String> {
        let mut out = Vec::new();
        for name in split(self.col(row, column)) {
            match self.lookup.country(name) {
                Some(code) if !out.contains(&code) => out.push(code),
                Some(_) => {}
                None if name.eq_ignore_ascii_case("unspecified") => {}
                None => report.note(
                    self.at(row),
                    format!("{column}: `{name}` is not a country docket knows; left out"),
                ),
            }
        }
        out
    }

    /// The targets: the countries after `>>` in `case_id` (`Russia >> United States 2016`).
    fn targets(&self, row: &Row, report: &mut Report) -> Vec<String> {
        let case = self.col(row, "case_id");
        let Some((_, target)) = case.split_once(">>") else {
            return Vec::new();
        };
        let target = target.trim_start_matches('>').trim();
        let target = target
            .rsplit_once(' ')
            .filter(|(_, year)| year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
            .map_or(target, |(t, _)| t);
        let mut out = Vec::new();
        for name in split(target) {
            match self.lookup.country(name) {
                Some(code) if !out.contains(&code) => out.push(code),
                Some(_) => {}
                None => report.note(
                    self.at(row),
                    format!("case_id: target `{name}` is not a country docket knows; left out"),
                ),
            }
        }
        out
    }

    /// `start_date`/`end_date` as a period, with either side open when empty. A period that
    /// ends before it starts cannot be a record's `active` (the site would not build): it is
    /// left out, named in the report, and stated in the summary (the second value) as FIAT
    /// gives it, for someone to check against the source.
    fn active(&self, row: &Row, report: &mut Report) -> (Option<String>, Option<String>) {
        let mut side = |column: &str| match self.col(row, column) {
            "" => None,
            text => match us_date(text) {
                Ok(d) => Some(d),
                Err(e) => {
                    report.note(self.at(row), format!("{column} left out: {e}"));
                    None
                }
            },
        };
        let (start, end) = (side("start_date"), side("end_date"));
        if start.is_none() && end.is_none() {
            return (None, None);
        }
        let period = format!(
            "{}/{}",
            start.as_deref().unwrap_or(".."),
            end.as_deref().unwrap_or("..")
        );
        // The records' own rule decides what a period may be.
        match crate::records::date::Interval::parse(&period) {
            Ok(_) => (Some(period), None),
            Err(problem) => {
                report.note(
                    self.at(row),
                    format!("start_date/end_date: {problem}; left out of `active` and stated in the summary"),
                );
                let stated = format!(
                    "FIAT gives the activity period as {} to {}, which cannot be right ({problem}): one of the dates is wrong in the source.",
                    start.as_deref().unwrap_or("an open start"),
                    end.as_deref().unwrap_or("an open end"),
                );
                (None, Some(stated))
            }
        }
    }

    /// The actor or operation the row names: a `disinformant` cell with one name that is not
    /// a country or a nameless word. `Operation X`, or a name given so elsewhere, is an
    /// operation; any other an actor.
    fn named(&mut self, row: &Row, origin: &[String]) -> (Option<String>, Option<String>) {
        let names = split(self.col(row, "disinformant"));
        let [name] = names.as_slice() else {
            return (None, None);
        };
        let lower = name.to_lowercase();
        if NAMELESS.contains(&lower.as_str()) || self.lookup.country(name).is_some() {
            return (None, None);
        }
        let bare = name
            .strip_prefix("Operation ")
            .map_or(*name, str::trim)
            .to_string();
        let is_operation = bare.len() != name.len() || self.operations.contains(&lower);
        let key = key_from(&bare, MAX_KEY);
        if key.is_empty() {
            return (None, None);
        }
        let (folder, what) = if is_operation {
            ("operations", "an operation")
        } else {
            ("actors", "a disinformant")
        };
        self.named.entry(key.clone()).or_insert_with(|| {
            (
                folder,
                NamedDraft {
                    provenance: format!(
                        "Imported by `docket import fiat`: DFRLab's Foreign Interference Attribution Tracker names {bare} as {what}."
                    ),
                    name: bare.clone(),
                    country: (!is_operation && origin.len() == 1).then(|| origin[0].clone()),
                    description: Some(format!(
                        "Named as {what} in DFRLab's [Foreign Interference Attribution Tracker]({FIAT_URL})."
                    )),
                },
            )
        });
        // The first row decides where a name is filed.
        match self.named[&key].0 {
            "operations" => (None, Some(key)),
            _ => (Some(key), None),
        }
    }

    /// Tactics from `methods`, and `state-media` for an `open_web` of "State Media".
    fn tactics(&mut self, row: &Row) -> Vec<String> {
        let mut out = BTreeSet::new();
        for method in split(self.col(row, "methods")) {
            let lower = method.to_lowercase();
            if let Some((_, key)) = METHODS.iter().find(|(m, _)| *m == lower) {
                out.insert(key.to_string());
            } else if let Some((_, key, label)) = NEW_METHODS.iter().find(|(m, _, _)| *m == lower) {
                if !self.lookup.vocab().tactics.contains_key(*key) {
                    self.new_tactics.insert(
                        key.to_string(),
                        format!(
                            "{key}: {{label: {}}}",
                            crate::yaml::write::flow_scalar(label)
                        ),
                    );
                }
                out.insert(key.to_string());
            }
        }
        if split(self.col(row, "open_web"))
            .iter()
            .any(|w| w.eq_ignore_ascii_case("state media"))
        {
            out.insert("state-media".into());
        }
        out.into_iter().collect()
    }

    /// The platform totals FIAT gives for some platform disclosures. A `0` is FIAT's blank
    /// (the disclosures did not report the figure), so it is left out.
    #[allow(clippy::type_complexity)]
    fn totals(
        &self,
        row: &Row,
        report: &mut Report,
    ) -> (Figures, Figures, Option<(Quantity, String)>) {
        let mut removed = Figures::new();
        let mut reach = Figures::new();
        let mut figure = |column: &str| -> Option<u64> {
            match self.col(row, column) {
                "" | "0" => None,
                text => match text.replace(',', "").parse::<u64>() {
                    Ok(n) if n <= crate::records::quantity::MAX_VALUE => Some(n),
                    _ => {
                        report.note(
                            self.at(row),
                            format!("{column}: `{text}` is not a whole number; left out"),
                        );
                        None
                    }
                },
            }
        };
        for (column, platform, map, name) in TOTALS {
            if let Some(n) = figure(column) {
                let target = if map == "removed" {
                    &mut removed
                } else {
                    &mut reach
                };
                target
                    .entry(platform.to_string())
                    .or_default()
                    .insert(name.to_string(), Quantity::exact(n));
            }
        }
        let spend = figure("budget_usd_total").map(|n| (Quantity::exact(n), "USD".to_string()));
        (removed, reach, spend)
    }

    fn summary(&self, row: &Row, hash: &str, unnamed: &[&str]) -> String {
        let mut out = String::new();
        let description = self.col(row, "short_description");
        if !description.is_empty() {
            let _ = writeln!(out, "{description}\n");
        }
        let case = self.col(row, "case_id");
        let _ = write!(
            out,
            "From DFRLab's [Foreign Interference Attribution Tracker]({FIAT_URL}), case {hash}"
        );
        if !case.is_empty() {
            let _ = write!(out, " ({case})");
        }
        out.push('.');
        let disinformant = self.col(row, "disinformant");
        if !disinformant.is_empty() {
            let _ = write!(out, " Disinformant: {disinformant}");
            let how = self.col(row, "disinformant_attribution");
            if !how.is_empty() {
                let _ = write!(out, " ({})", how.to_lowercase());
            }
            out.push('.');
        }
        let platforms: Vec<&str> = ["social_media", "messaging_platforms"]
            .iter()
            .flat_map(|c| split(self.col(row, c)))
            .collect();
        if !platforms.is_empty() {
            let _ = write!(out, " Platforms: {}.", platforms.join(", "));
        }
        let methods = self.col(row, "methods");
        if !methods.is_empty() {
            let _ = write!(out, " Methods: {}.", split(methods).join(", "));
        }
        if !unnamed.is_empty() {
            let _ = write!(out, " Also named as sources: {}.", unnamed.join(", "));
        }
        match self.col(row, "cases").parse::<u32>() {
            Ok(n) if n > 1 => {
                let _ = write!(
                    out,
                    " FIAT's platform figures add up the {n} networks of this disclosure."
                );
            }
            _ => {}
        }
        out.push('\n');
        out
    }
}
/// The key of a new organisation: its name without a leading `The` (`The Daily Beast` and
/// `Daily Beast` are one).
fn organisation_key(name: &str) -> String {
    key_from(name.strip_prefix("The ").unwrap_or(name), MAX_KEY)
}
