//! `docket import disarm BUNDLE.json`: pin a release of the DISARM framework into a site, from
//! the STIX 2.1 bundle the DISARM Foundation publishes (`generated_files/DISARM_STIX/DISARM.json`
//! in DISARMFoundation/DISARMframeworks).
//!
//! What is read: the matrix (the framework's name), the tactics (`x-mitre-tactic`, ids `TA06`),
//! the techniques and sub-techniques (`attack-pattern`, ids `T0143`, `T0143.003`) with their
//! tactic, `x_mitre_deprecated` and `revoked` flags and `revoked-by` relationships, and the
//! licence statement of the bundle's marking. Renumbered and deprecated ids that the bundle
//! names only in its descriptions ("This Technique previously used the ID T0019.001") are kept
//! too, so `docket check` can point from an old id to the new one.

use super::site::Site;
use crate::diagnostics::Failure;
use crate::records::vocab::disarm::{
    is_tactic_id, Framework, Header, Retired, RetiredReason, Technique, PATH,
};
use crate::records::vocab::{is_disarm_id, Vocabularies};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The licence the DISARM Foundation publishes the framework under.
const CC_BY_SA_4: &str = "https://creativecommons.org/licenses/by-sa/4.0/";

/// What pinning did.
#[derive(Debug)]
pub struct Pinned {
    pub framework: Framework,
    pub tactics: usize,
    /// Techniques that are not sub-techniques.
    pub techniques: usize,
    pub sub_techniques: usize,
    pub deprecated: usize,
    pub revoked: usize,
    pub outcome: PinOutcome,
    /// The DISARM ids of the site's tactics (built-in and its own), checked against the pin:
    /// (tactic key, id, current?).
    pub tactic_ids: Vec<(String, String, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    Written,
    Unchanged,
    Replaced,
}

/// Read the bundle at `bundle` and pin it into `site`. A site that pins another bundle keeps
/// it unless `force` is set.
pub fn pin(
    bundle: &Path,
    site: &mut Site,
    version: Option<&str>,
    force: bool,
) -> Result<Pinned, Failure> {
    let bytes = std::fs::read(bundle)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", bundle.display())))?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let json: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::Usage(format!(
            "{} is not JSON ({e}); expected DISARM's STIX 2.1 bundle, DISARM.json",
            bundle.display()
        ))
    })?;
    let pinned_now = site
        .read(PATH)
        .and_then(|t| crate::records::vocab::disarm::parse(PATH, &t).0);
    // The same bundle again, without a release named: keep the name it was pinned with.
    let version = version.map(str::to_string).or_else(|| {
        pinned_now
            .as_ref()
            .filter(|f| f.header.sha256 == sha256)
            .and_then(|f| f.header.version.clone())
    });
    let mut pinned = read_bundle(&json, sha256, version.as_deref())
        .map_err(|e| Failure::Usage(format!("{}: {e}", bundle.display())))?;
    let text = pinned.framework.to_yaml();
    pinned.outcome = match site.read(PATH) {
        None if !site.exists(PATH) => {
            let mut report = super::Report::default();
            site.write(PATH, &text, &mut report)?;
            PinOutcome::Written
        }
        Some(existing) if existing == text => PinOutcome::Unchanged,
        existing => {
            if !force {
                let _ = existing;
                let what = pinned_now
                    .as_ref()
                    .map(|f| {
                        format!(
                            "{} ({}, sha256 {})",
                            f.label(),
                            f.header.bundle,
                            short(&f.header.sha256)
                        )
                    })
                    .unwrap_or_else(|| "a framework docket cannot read".into());
                return Err(Failure::Usage(format!(
                    "{PATH} already pins {what}; this bundle is {} ({}, sha256 {}). Pass --force to replace it",
                    pinned.framework.label(),
                    pinned.framework.header.bundle,
                    short(&pinned.framework.header.sha256),
                )));
            }
            site.replace(PATH, &text)?;
            PinOutcome::Replaced
        }
    };
    pinned.tactic_ids = check_tactics(site, &pinned.framework);
    Ok(pinned)
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// Every DISARM id on the tactics in force for the site (built-ins, replaced by the site's
/// own), and whether the framework has it as a current technique.
fn check_tactics(site: &Site, framework: &Framework) -> Vec<(String, String, bool)> {
    let mut vocab = Vocabularies::builtin();
    if let Some(text) = site.read("content/vocab/tactics.yaml") {
        let _ = crate::records::vocab::load_site_vocab(
            &mut vocab,
            "content/vocab/tactics.yaml",
            "tactics",
            &text,
        );
    }
    let mut out = Vec::new();
    for (key, tactic) in &vocab.tactics {
        for id in &tactic.disarm {
            let current = framework.judge(id, &tactic.label)
                == crate::records::vocab::disarm::Verdict::Current;
            out.push((key.clone(), id.clone(), current));
        }
    }
    out
}

/// The framework in a parsed bundle.
pub fn read_bundle(json: &Value, sha256: String, version: Option<&str>) -> Result<Pinned, String> {
    if json.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err("not a STIX bundle (no `\"type\": \"bundle\"` at the top)".into());
    }
    let bundle_id = text(json, "id").ok_or("the bundle has no id")?;
    let objects = json
        .get("objects")
        .and_then(Value::as_array)
        .ok_or("the bundle has no objects")?;
    let of_type = |t: &'static str| {
        objects
            .iter()
            .filter(move |o| o.get("type").and_then(Value::as_str) == Some(t))
    };
    let name = of_type("x-mitre-matrix")
        .find_map(|o| text(o, "name"))
        .unwrap_or_else(|| "DISARM Framework".into());
    let attribution = of_type("identity")
        .find_map(|o| text(o, "name"))
        .unwrap_or_else(|| "DISARM Foundation".into());
    // The marking's statement ("CC-BY-SA-4.0 DISARM Foundation"), named as people write it.
    let statement = of_type("marking-definition")
        .find_map(|o| o.pointer("/definition/statement").and_then(Value::as_str))
        .map(str::to_string);
    let by_sa = statement.as_deref().is_some_and(|s| {
        s.to_ascii_uppercase()
            .replace(' ', "-")
            .contains("CC-BY-SA-4.0")
    });
    let (licence, licence_url) = match statement {
        _ if by_sa => ("CC BY-SA 4.0".to_string(), Some(CC_BY_SA_4.to_string())),
        Some(statement) => (statement, None),
        None => ("not stated in the bundle".to_string(), None),
    };
    let version = version
        .map(str::to_string)
        .or_else(|| of_type("x-mitre-collection").find_map(|o| text(o, "x_mitre_version")));
    let date = objects
        .iter()
        .flat_map(|o| [text(o, "modified"), text(o, "created")])
        .flatten()
        .filter_map(|t| t.get(..10).map(str::to_string))
        .max()
        .ok_or("no object in the bundle has a date")?;

    let mut tactics = BTreeMap::new();
    let mut shortnames = BTreeMap::new();
    for o in of_type("x-mitre-tactic") {
        let Some(id) = external_id(o).filter(|id| is_tactic_id(id)) else {
            continue;
        };
        if let Some(short) = text(o, "x_mitre_shortname") {
            shortnames.insert(short, id.clone());
        }
        tactics.insert(id, text(o, "name").unwrap_or_default());
    }
    if tactics.is_empty() {
        return Err(
            "no DISARM tactics (x-mitre-tactic objects with ids like TA06) in the bundle".into(),
        );
    }

    let mut by_stix_id = BTreeMap::new();
    let mut techniques = BTreeMap::new();
    let mut urls = Vec::new();
    let mut descriptions = Vec::new();
    let (mut plain, mut sub) = (0, 0);
    for o in of_type("attack-pattern") {
        let Some(id) = external_id(o).filter(|id| is_disarm_id(id)) else {
            continue;
        };
        if let Some(stix) = text(o, "id") {
            by_stix_id.insert(stix, id.clone());
        }
        if let Some(url) = o
            .get("external_references")
            .and_then(Value::as_array)
            .and_then(|refs| refs.iter().find_map(|r| text(r, "url")))
        {
            urls.push((id.clone(), url));
        }
        if let Some(d) = text(o, "description") {
            descriptions.push((id.clone(), d));
        }
        let tactic = o
            .get("kill_chain_phases")
            .and_then(Value::as_array)
            .and_then(|phases| phases.iter().find_map(|p| text(p, "phase_name")))
            .and_then(|phase| shortnames.get(&phase).cloned());
        if id.contains('.') {
            sub += 1;
        } else {
            plain += 1;
        }
        techniques.insert(
            id,
            Technique {
                name: text(o, "name").unwrap_or_default(),
                tactic,
                deprecated: o.get("x_mitre_deprecated").and_then(Value::as_bool) == Some(true),
                revoked: o.get("revoked").and_then(Value::as_bool) == Some(true),
                replaced_by: None,
            },
        );
    }
    if techniques.is_empty() {
        return Err(
            "no DISARM techniques (attack-pattern objects with ids like T0143) in the bundle"
                .into(),
        );
    }
    for r in of_type("relationship") {
        if text(r, "relationship_type").as_deref() != Some("revoked-by") {
            continue;
        }
        let old = text(r, "source_ref").and_then(|s| by_stix_id.get(&s).cloned());
        let new = text(r, "target_ref").and_then(|s| by_stix_id.get(&s).cloned());
        if let (Some(old), Some(new)) = (old, new) {
            if let Some(t) = techniques.get_mut(&old) {
                t.replaced_by = Some(new);
            }
        }
    }
    let mut retired = BTreeMap::new();
    for (id, description) in &descriptions {
        for (old, r) in retired_ids(id, description) {
            if !techniques.contains_key(&old) {
                retired.entry(old).or_insert(r);
            }
        }
    }
    let deprecated = techniques.values().filter(|t| t.deprecated).count();
    let revoked = techniques.values().filter(|t| t.revoked).count();
    let framework = Framework {
        header: Header {
            name,
            version,
            bundle: bundle_id,
            date,
            sha256,
            licence,
            licence_url,
            attribution,
            technique_url: url_pattern(&urls),
        },
        tactics,
        techniques,
        retired,
    };
    Ok(Pinned {
        tactics: framework.tactics.len(),
        techniques: plain,
        sub_techniques: sub,
        deprecated,
        revoked,
        framework,
        outcome: PinOutcome::Written,
        tactic_ids: Vec::new(),
    })
}

fn text(o: &Value, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The DISARM id among an object's external references.
fn external_id(o: &Value) -> Option<String> {
    o.get("external_references")?
        .as_array()?
        .iter()
        .find_map(|r| text(r, "external_id"))
}

/// One address pattern for every technique's page (`…/techniques/{id}.md`), if they share one.
fn url_pattern(urls: &[(String, String)]) -> Option<String> {
    let mut pattern: Option<String> = None;
    for (id, url) in urls {
        if !url.contains(id.as_str()) {
            return None;
        }
        let this = url.replace(id.as_str(), "{id}");
        match &pattern {
            None => pattern = Some(this),
            Some(p) if *p == this => {}
            Some(_) => return None,
        }
    }
    pattern.filter(|p| crate::records::check_http_url(p).is_ok())
}

/// Ids a technique's description says it took over: "This Technique previously used the ID
/// T0019.001" (renumbered), "This Technique covers behaviours previously documented by
/// T0104.005: Use Hashtags, which has since been deprecated" (deprecated).
fn retired_ids(id: &str, description: &str) -> Vec<(String, Retired)> {
    let plain = strip_tags(description);
    let mut out = Vec::new();
    let bytes = plain.as_bytes();
    let mut at = 0;
    while let Some(found) = plain[at..].find('T') {
        let start = at + found;
        at = start + 1;
        let candidate: String = plain[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let candidate = candidate.trim_end_matches('.');
        let boundary = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        if !boundary || !is_disarm_id(candidate) || candidate == id {
            continue;
        }
        let before = plain[..start].to_lowercase();
        let sentence = sentence_around(&plain, start);
        let reason = if before.ends_with("used the id ") {
            RetiredReason::Renumbered
        } else if before.ends_with("previously documented by ")
            && sentence.to_lowercase().contains("deprecated")
        {
            RetiredReason::Deprecated
        } else {
            continue;
        };
        out.push((
            candidate.to_string(),
            Retired {
                reason,
                replaced_by: Some(id.to_string()),
                as_stated: Some(sentence),
            },
        ));
    }
    out
}

/// The description without its HTML line breaks and tags, white space folded.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence of `text` that holds byte `at`: from after the previous ". " to the next
/// ". " (ids such as T0019.001 have dots, but no space after them).
fn sentence_around(text: &str, at: usize) -> String {
    let start = text[..at].rfind(". ").map_or(0, |i| i + 2);
    let end = text[at..].find(". ").map_or(text.len(), |i| at + i + 1);
    text[start..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbered_and_deprecated_ids_are_read_from_descriptions() {
        let found = retired_ids(
            "T0085.007",
            "Create fake academic research.<br /> <br />This Technique previously used the ID T0019.001.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "T0019.001");
        assert_eq!(found[0].1.reason, RetiredReason::Renumbered);
        assert_eq!(
            found[0].1.as_stated.as_deref(),
            Some("This Technique previously used the ID T0019.001.")
        );
        let found = retired_ids(
            "T0015.001",
            "Use a dedicated, existing hashtag. This Technique covers behaviours previously documented by T0104.005: Use Hashtags, which has since been deprecated.  ",
        );
        assert_eq!(found[0].0, "T0104.005");
        assert_eq!(found[0].1.reason, RetiredReason::Deprecated);
        assert!(retired_ids("T0001", "See also T0002 and MITRE ATT&CK T1586.").is_empty());
    }

    #[test]
    fn a_shared_page_address_becomes_a_pattern() {
        let urls = vec![
            (
                "T0002".to_string(),
                "https://x.org/techniques/T0002.md".to_string(),
            ),
            (
                "T0002.001".to_string(),
                "https://x.org/techniques/T0002.001.md".to_string(),
            ),
        ];
        assert_eq!(
            url_pattern(&urls).as_deref(),
            Some("https://x.org/techniques/{id}.md")
        );
        let odd = vec![("T0002".to_string(), "https://x.org/a".to_string())];
        assert_eq!(url_pattern(&odd), None);
    }
}
