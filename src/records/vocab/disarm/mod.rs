//! A pinned DISARM framework: `content/vocab/disarm.yaml`, the tactics and techniques of one
//! release of the DISARM Red Framework, written by `docket import disarm` from the framework's
//! STIX 2.1 bundle. With it, `docket check` knows which technique ids exist, which were
//! deprecated or renumbered, and what each is called; without it, ids are checked for their
//! shape only.
//!
//! The framework's text is licensed CC BY-SA 4.0 by the DISARM Foundation, so docket carries
//! none of it: a site pins the release it uses, with the licence and attribution in the file.

use super::is_disarm_id;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

mod file;

pub use file::parse;

/// The file's stem under `content/vocab/`.
pub const FILE_STEM: &str = "disarm";

/// Where a site pins its framework.
pub const PATH: &str = "content/vocab/disarm.yaml";

/// One pinned release: what it is, and its tactics and techniques.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    pub header: Header,
    /// Tactic id (`TA06`) → name.
    pub tactics: BTreeMap<String, String>,
    /// Technique id (`T0143.003`) → technique.
    pub techniques: BTreeMap<String, Technique>,
    /// Ids the bundle says are no longer used, though it has no object for them.
    pub retired: BTreeMap<String, Retired>,
}

/// Which bundle was pinned, and under which licence.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The framework's name, from the bundle's matrix (`DISARM Framework`).
    pub name: String,
    /// The release (`V1.6`), when it was given: STIX bundles of DISARM do not name it.
    pub version: Option<String>,
    /// The bundle's own id (`bundle--4b8b0d29-…`).
    pub bundle: String,
    /// The latest date on the bundle's objects, `YYYY-MM-DD`.
    pub date: String,
    /// SHA-256 of the bundle file as read, so two pins of the same file are known to be one.
    pub sha256: String,
    /// The licence, as the bundle's marking states it.
    pub licence: String,
    pub licence_url: Option<String>,
    /// Who the framework is by.
    pub attribution: String,
    /// Address of a technique's page, with `{id}` standing for its id.
    pub technique_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    pub name: String,
    /// Id of its tactic (`TA15`).
    pub tactic: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub revoked: bool,
    /// The technique that replaces a revoked or deprecated one, as the bundle states it.
    pub replaced_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retired {
    pub reason: RetiredReason,
    pub replaced_by: Option<String>,
    /// The bundle's sentence that says so.
    pub as_stated: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetiredReason {
    /// The technique lives on under another id.
    Renumbered,
    /// The technique was dropped; another covers its behaviours.
    Deprecated,
}

impl RetiredReason {
    fn name(self) -> &'static str {
        match self {
            RetiredReason::Renumbered => "renumbered",
            RetiredReason::Deprecated => "deprecated",
        }
    }
}

/// What a pinned framework says of one id on a tactic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A current technique.
    Current,
    /// Still listed, but deprecated, revoked or renumbered: a warning, with the replacement.
    Outdated { message: String, hint: String },
    /// Not in the framework at all: an error on a site's tactic, with a did-you-mean.
    Unknown { message: String, hint: String },
}

impl Framework {
    /// How pages and messages name the release: `DISARM Framework V1.6`, or by date.
    pub fn label(&self) -> String {
        match &self.header.version {
            Some(v) => format!("{} {v}", self.header.name),
            None => format!("{} of {}", self.header.name, self.header.date),
        }
    }

    /// The page of a technique, when the bundle gave an address pattern.
    pub fn technique_url(&self, id: &str) -> Option<String> {
        self.header
            .technique_url
            .as_ref()
            .map(|pattern| pattern.replace("{id}", id))
    }

    /// `T0146.007 (Automated Account Asset)`.
    fn named(&self, id: &str) -> String {
        match self.techniques.get(id) {
            Some(t) => format!("`{id}` ({})", t.name),
            None => format!("`{id}`"),
        }
    }

    /// Judge one DISARM id written on a tactic labelled `label`.
    pub fn judge(&self, id: &str, label: &str) -> Verdict {
        let release = self.label();
        if let Some(t) = self.techniques.get(id) {
            if !t.deprecated && !t.revoked {
                return Verdict::Current;
            }
            let state = if t.revoked { "revoked" } else { "deprecated" };
            let hint = match &t.replaced_by {
                Some(r) => format!("use {} instead, as the bundle states", self.named(r)),
                None => {
                    "the bundle names no replacement: choose a current technique, or remove the id"
                        .into()
                }
            };
            return Verdict::Outdated {
                message: format!(
                    "DISARM technique {} is {state} in {release}",
                    self.named(id)
                ),
                hint,
            };
        }
        if let Some(r) = self.retired.get(id) {
            let quote = r
                .as_stated
                .as_ref()
                .map(|s| format!("; the bundle says: “{s}”"))
                .unwrap_or_default();
            let (message, hint) = match (r.reason, &r.replaced_by) {
                (RetiredReason::Renumbered, Some(new)) => (
                    format!(
                        "DISARM technique `{id}` was renumbered in {release}: it is now {}",
                        self.named(new)
                    ),
                    format!("write `{new}`{quote}"),
                ),
                (RetiredReason::Deprecated, Some(new)) => (
                    format!("DISARM technique `{id}` is deprecated in {release}"),
                    format!("its behaviours are covered by {}{quote}", self.named(new)),
                ),
                (reason, None) => (
                    format!("DISARM technique `{id}` is {} in {release}", reason.name()),
                    format!("choose a current technique, or remove the id{quote}"),
                ),
            };
            return Verdict::Outdated { message, hint };
        }
        let mut hints = Vec::new();
        let by_name = self.matching_name(label);
        if let Some(by_name) = by_name {
            hints.push(format!(
                "did you mean {}? Its name matches the tactic's label best",
                self.named(by_name)
            ));
        }
        if let Some(near) = self.nearest_id(id).filter(|near| Some(*near) != by_name) {
            hints.push(format!(
                "the id nearest in spelling is {}",
                self.named(near)
            ));
        }
        if hints.is_empty() {
            hints.push(format!("see the techniques listed in {PATH}"));
        }
        Verdict::Unknown {
            message: format!("`{id}` is not a technique of {release}"),
            hint: hints.join("; "),
        }
    }

    /// The current id nearest in spelling (at most two edits away, a swap of neighbours one),
    /// else the technique the id would be a sub-technique of.
    fn nearest_id(&self, id: &str) -> Option<&str> {
        let current = self
            .techniques
            .iter()
            .filter(|(_, t)| !t.deprecated && !t.revoked)
            .map(|(k, _)| k.as_str());
        let best = current
            .map(|k| (strsim::damerau_levenshtein(id, k), k))
            .min_by_key(|&(d, k)| (d, k))
            .filter(|&(d, _)| d <= 2)
            .map(|(_, k)| k);
        best.or_else(|| {
            let parent = id.split_once('.')?.0;
            self.techniques
                .get_key_value(parent)
                .map(|(k, _)| k.as_str())
        })
    }

    /// The current technique whose name shares the most with `label`: words of four letters
    /// or more, a plural `s` dropped, each weighed by how few names have it (so "compromised"
    /// counts for more than "account"); the shorter name wins a tie.
    fn matching_name(&self, label: &str) -> Option<&str> {
        let wanted: BTreeSet<String> = words(label).into_iter().collect();
        if wanted.is_empty() {
            return None;
        }
        let current: Vec<(&String, BTreeSet<String>)> = self
            .techniques
            .iter()
            .filter(|(_, t)| !t.deprecated && !t.revoked)
            .map(|(k, t)| (k, words(&t.name).into_iter().collect()))
            .collect();
        let names_with = |word: &String| current.iter().filter(|(_, w)| w.contains(word)).count();
        let total = current.len() as f64;
        let mut best: Option<(f64, usize, &String)> = None;
        for (id, name_words) in &current {
            let score: f64 = name_words
                .intersection(&wanted)
                .map(|w| (total / names_with(w) as f64).ln() + 1.0)
                .sum();
            if score <= 0.0 {
                continue;
            }
            let length = self.techniques[*id].name.len();
            let better = best.is_none_or(|(s, l, k)| {
                score > s + 1e-9 || ((score - s).abs() <= 1e-9 && (length, *id) < (l, k))
            });
            if better {
                best = Some((score, length, id));
            }
        }
        best.map(|(_, _, k)| k.as_str())
    }
}

/// Lower-case words of four letters or more, a plural `s` dropped: what names are matched on.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .collect()
}

/// Is `id` a DISARM tactic id (`TA06`)?
pub fn is_tactic_id(id: &str) -> bool {
    id.strip_prefix("TA")
        .is_some_and(|n| (2..=3).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Framework {
        let technique = |name: &str, tactic: &str| Technique {
            name: name.into(),
            tactic: Some(tactic.into()),
            deprecated: false,
            revoked: false,
            replaced_by: None,
        };
        let mut techniques = BTreeMap::new();
        techniques.insert("T0146".into(), technique("Account Asset", "TA15"));
        techniques.insert(
            "T0146.007".into(),
            technique("Automated Account Asset", "TA15"),
        );
        techniques.insert(
            "T0049.008".into(),
            technique("Generate Information Pollution", "TA17"),
        );
        techniques.insert(
            "T0077".into(),
            Technique {
                deprecated: true,
                replaced_by: Some("T0146".into()),
                ..technique("Old: Thing, with [brackets]", "TA15")
            },
        );
        let mut retired = BTreeMap::new();
        retired.insert(
            "T0019".into(),
            Retired {
                reason: RetiredReason::Renumbered,
                replaced_by: Some("T0049.008".into()),
                as_stated: Some("This Technique previously used the ID T0019.".into()),
            },
        );
        Framework {
            header: Header {
                name: "DISARM Framework".into(),
                version: Some("V9".into()),
                bundle: "bundle--1".into(),
                date: "2024-11-22".into(),
                sha256: "12e4".into(),
                licence: "CC-BY-SA-4.0 DISARM Foundation".into(),
                licence_url: Some("https://creativecommons.org/licenses/by-sa/4.0/".into()),
                attribution: "DISARM Foundation".into(),
                technique_url: Some("https://example.org/techniques/{id}.md".into()),
            },
            tactics: [
                ("TA15".to_string(), "Establish Assets".to_string()),
                ("TA17".to_string(), "Maximise Exposure".to_string()),
            ]
            .into(),
            techniques,
            retired,
        }
    }

    #[test]
    fn the_pinned_file_reads_back_as_written() {
        let framework = sample();
        let text = framework.to_yaml();
        let (read, problems) = parse("content/vocab/disarm.yaml", &text);
        assert!(problems.is_empty(), "{problems:?}\n{text}");
        assert_eq!(read, Some(framework));
    }

    #[test]
    fn ids_are_judged_with_their_replacement_or_nearest_spelling() {
        let f = sample();
        assert_eq!(f.judge("T0146.007", "Bots"), Verdict::Current);
        let Verdict::Outdated { message, hint } = f.judge("T0019", "x") else {
            panic!()
        };
        assert!(message.contains("renumbered in DISARM Framework V9: it is now `T0049.008` (Generate Information Pollution)"), "{message}");
        assert!(hint.contains("previously used the ID T0019"), "{hint}");
        let Verdict::Outdated { message, hint } = f.judge("T0077", "x") else {
            panic!()
        };
        assert!(message.contains("is deprecated"), "{message}");
        assert!(hint.contains("`T0146` (Account Asset)"), "{hint}");
        let Verdict::Unknown { hint, .. } = f.judge("T0146.070", "Automated bot accounts") else {
            panic!()
        };
        assert!(
            hint.contains("did you mean `T0146.007` (Automated Account Asset)? Its name matches"),
            "{hint}"
        );
        let Verdict::Unknown { hint, .. } = f.judge("T0090.004", "Sockpuppet accounts") else {
            panic!()
        };
        assert!(
            hint.starts_with("did you mean `T0146` (Account Asset)?"),
            "{hint}"
        );
    }
}
