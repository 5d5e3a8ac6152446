//! A site's own vocabulary files, `content/vocab/<name>.yaml`, merged over the built-ins.

use super::disarm::{self, Verdict};
use super::{is_color, is_country_code, is_disarm_id, Country, OrgType, Organisation};
use super::{Tactic, Vocabularies, VOCAB_FILES};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::records::Checker;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteCountry {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteOrganisation {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    color: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteTactic {
    label: String,
    #[serde(default)]
    disarm: Vec<String>,
}

/// A vocabulary's display name, held to the rules of one-line record text (bounded, one line,
/// no characters XML forbids); `None` when it breaks them.
fn one_line(check: &mut Checker<'_>, field: &str, name: String) -> Option<String> {
    let before = check.has_errors();
    let mut value = Some(name);
    crate::records::limits::line(check, field, &mut value);
    if !before && check.has_errors() {
        return None;
    }
    value
}

/// Merge one vocabulary file (`stem` is its file name without `.yaml`) into `vocab`.
/// Problems are returned located; entries with problems are left out. A pinned DISARM
/// framework (`disarm`) must be loaded before `tactics`, whose ids are checked against it.
pub fn load_site_vocab(
    vocab: &mut Vocabularies,
    file: &str,
    stem: &str,
    text: &str,
) -> Vec<Diagnostic> {
    if stem == disarm::FILE_STEM {
        let (framework, problems) = disarm::parse(file, text);
        vocab.disarm = framework;
        return problems;
    }
    let result = match stem {
        "countries" => countries(vocab, file, text),
        "organisations" => organisations(vocab, file, text),
        "tactics" => tactics(vocab, file, text),
        "currencies" => currencies(vocab, file, text),
        _ => Err(
            Diagnostic::error(file, format!("unknown vocabulary `{stem}`")).with_hint(
                did_you_mean(stem, VOCAB_FILES).unwrap_or_else(|| {
                    "vocabulary files are countries.yaml, organisations.yaml, tactics.yaml, currencies.yaml and disarm.yaml"
                        .into()
                }),
            ),
        ),
    };
    match result {
        Ok(checker) => checker.finish(text),
        Err(diagnostic) => vec![diagnostic],
    }
}

fn countries<'a>(
    vocab: &mut Vocabularies,
    file: &'a str,
    text: &str,
) -> Result<Checker<'a>, Diagnostic> {
    let entries: BTreeMap<String, SiteCountry> = crate::yaml::from_str(file, text)?;
    let mut check = Checker::new(file);
    for (code, entry) in entries {
        if !is_country_code(&code) || !vocab.countries.contains_key(&code) {
            let hint = vocab.country_hint(&code).unwrap_or_else(|| {
                "country codes are fixed (ISO 3166-1 alpha-2 and XK); only names can change".into()
            });
            check.key_error(&code, format!("`{code}` is not a country code"), Some(hint));
            continue;
        }
        let Some(name) = one_line(&mut check, &format!("{code}.name"), entry.name) else {
            continue;
        };
        let country = vocab.countries.get_mut(&code).expect("checked above");
        *country = Country {
            name,
            ..country.clone()
        };
    }
    Ok(check)
}

fn organisations<'a>(
    vocab: &mut Vocabularies,
    file: &'a str,
    text: &str,
) -> Result<Checker<'a>, Diagnostic> {
    let entries: BTreeMap<String, SiteOrganisation> = crate::yaml::from_str(file, text)?;
    let mut check = Checker::new(file);
    for (key, entry) in entries {
        if !check.vocab_key(&key) {
            continue;
        }
        let Some(kind) = OrgType::parse(&entry.kind) else {
            check.error(
                &format!("{key}.type"),
                format!("unknown organisation type `{}`", entry.kind),
                Some(
                    did_you_mean(&entry.kind, OrgType::NAMES).unwrap_or_else(|| {
                        format!("expected one of: {}", OrgType::NAMES.join(", "))
                    }),
                ),
            );
            continue;
        };
        if let Some(color) = &entry.color {
            if !is_color(color) {
                check.error(
                    &format!("{key}.color"),
                    format!("`{color}` is not a colour"),
                    Some(
                        "write it as #rrggbb, e.g. \"#4a76a8\" (quoted: # starts a comment)".into(),
                    ),
                );
                continue;
            }
        }
        let Some(name) = one_line(&mut check, &format!("{key}.name"), entry.name) else {
            continue;
        };
        let org = Organisation {
            name,
            kind,
            color: entry.color,
        };
        vocab.organisations.insert(key, org);
    }
    Ok(check)
}

fn tactics<'a>(
    vocab: &mut Vocabularies,
    file: &'a str,
    text: &str,
) -> Result<Checker<'a>, Diagnostic> {
    let entries: BTreeMap<String, SiteTactic> = crate::yaml::from_str(file, text)?;
    let mut check = Checker::new(file);
    for (key, entry) in entries {
        if !check.vocab_key(&key) {
            continue;
        }
        let mut ok = true;
        for (i, id) in entry.disarm.iter().enumerate() {
            if !is_disarm_id(id) {
                ok = false;
                check.error(
                    &format!("{key}.disarm[{i}]"),
                    format!("`{id}` is not a DISARM technique id"),
                    Some("DISARM ids look like T0143 or T0143.003".into()),
                );
            }
        }
        let label = one_line(&mut check, &format!("{key}.label"), entry.label);
        if let (true, Some(framework)) = (ok, &vocab.disarm) {
            for (i, id) in entry.disarm.iter().enumerate() {
                let field = format!("{key}.disarm[{i}]");
                match framework.judge(id, label.as_deref().unwrap_or(&key)) {
                    Verdict::Current => {}
                    Verdict::Outdated { message, hint } => {
                        check.warning(&field, message, Some(hint))
                    }
                    Verdict::Unknown { message, hint } => check.error(&field, message, Some(hint)),
                }
            }
        }
        if let (true, Some(label)) = (ok, label) {
            let tactic = Tactic {
                label,
                disarm: entry.disarm,
                from_site: true,
            };
            vocab.tactics.insert(key, tactic);
        }
    }
    Ok(check)
}

/// The DISARM ids of the built-in tactics a site did not replace, judged against the site's
/// pinned framework. All are warnings, at the pinned file: the site cannot edit a built-in
/// tactic, only replace it in `content/vocab/tactics.yaml`.
pub fn builtin_disarm_problems(vocab: &Vocabularies) -> Vec<Diagnostic> {
    let Some(framework) = &vocab.disarm else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, tactic) in vocab.tactics.iter().filter(|(_, t)| !t.from_site) {
        for id in &tactic.disarm {
            let (message, hint) = match framework.judge(id, &tactic.label) {
                Verdict::Current => continue,
                Verdict::Outdated { message, hint } | Verdict::Unknown { message, hint } => {
                    (message, hint)
                }
            };
            out.push(
                Diagnostic::warning(disarm::PATH, format!("built-in tactic `{key}`: {message}"))
                    .with_hint(format!(
                        "{hint}; to change it, give `{key}` in content/vocab/tactics.yaml: `{key}: {{label: ..., disarm: [...]}}`"
                    )),
            );
        }
    }
    out
}

/// Currencies: ISO 4217 codes (three capital letters) with a name; adds withdrawn codes that old
/// records need, or renames current ones.
fn currencies<'a>(
    vocab: &mut Vocabularies,
    file: &'a str,
    text: &str,
) -> Result<Checker<'a>, Diagnostic> {
    let entries: BTreeMap<String, super::Currency> = crate::yaml::from_str(file, text)?;
    let mut check = Checker::new(file);
    for (code, entry) in entries {
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            check.key_error(
                &code,
                format!("`{code}` is not a currency code"),
                Some("currency codes are three capital letters (ISO 4217), e.g. BGN".into()),
            );
            continue;
        }
        vocab.currencies.insert(code, entry);
    }
    Ok(check)
}

impl Checker<'_> {
    /// Check the shape of a vocabulary key; report and return false when it is not usable.
    fn vocab_key(&mut self, key: &str) -> bool {
        let ok = crate::ids::is_key(key, crate::ids::MAX_KEY);
        if !ok {
            self.key_error(
                key,
                format!("`{key}` is not a valid key"),
                Some("keys are lower-case letters, digits and hyphens, starting with a letter or digit (they become part of page addresses)".into()),
            );
        }
        ok
    }
}
