//! The pinned file itself: `content/vocab/disarm.yaml` read and checked, and written as
//! `docket import disarm` writes it (a header with the licence, then one entry a line).

use super::{is_disarm_id, is_tactic_id, Framework, Header, Retired, Technique};
use crate::diagnostics::Diagnostic;
use crate::records::Checker;
use crate::yaml::write::{flow_scalar, scalar};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    framework: Header,
    tactics: BTreeMap<String, String>,
    techniques: BTreeMap<String, Technique>,
    #[serde(default)]
    retired: BTreeMap<String, Retired>,
}

impl Framework {
    /// The file `docket import disarm` writes: a header with the licence, then the tactics,
    /// techniques and retired ids, one a line.
    pub fn to_yaml(&self) -> String {
        let h = &self.header;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The DISARM Red Framework, pinned from its STIX 2.1 bundle by `docket import disarm`.\n\
             # {} by {}, licensed {}{}.\n\
             # This file copies the framework's tactic and technique names; share changes to it under\n\
             # the same licence. `docket check` validates the DISARM ids of every tactic against it.\n\
             # To move to a newer release: docket import disarm NEW/DISARM.json --force\n",
            self.label(),
            h.attribution,
            h.licence,
            h.licence_url
                .as_ref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default(),
        );
        out.push_str("framework:\n");
        let mut field = |key: &str, value: Option<&String>| {
            if let Some(v) = value {
                let _ = writeln!(out, "  {key}: {}", scalar(v));
            }
        };
        field("name", Some(&h.name));
        field("version", h.version.as_ref());
        field("bundle", Some(&h.bundle));
        field("date", Some(&h.date));
        field("sha256", Some(&h.sha256));
        field("licence", Some(&h.licence));
        field("licence_url", h.licence_url.as_ref());
        field("attribution", Some(&h.attribution));
        field("technique_url", h.technique_url.as_ref());
        out.push_str("\ntactics:\n");
        for (id, name) in &self.tactics {
            let _ = writeln!(out, "  {id}: {}", scalar(name));
        }
        out.push_str("\ntechniques:\n");
        for (id, t) in &self.techniques {
            let mut parts = vec![format!("name: {}", flow_scalar(&t.name))];
            if let Some(tactic) = &t.tactic {
                parts.push(format!("tactic: {tactic}"));
            }
            if t.deprecated {
                parts.push("deprecated: true".into());
            }
            if t.revoked {
                parts.push("revoked: true".into());
            }
            if let Some(r) = &t.replaced_by {
                parts.push(format!("replaced_by: {r}"));
            }
            let _ = writeln!(out, "  {id}: {{{}}}", parts.join(", "));
        }
        if !self.retired.is_empty() {
            out.push_str("\n# Ids the bundle's descriptions say are no longer used.\nretired:\n");
            for (id, r) in &self.retired {
                let _ = writeln!(out, "  {id}:");
                let _ = writeln!(out, "    reason: {}", r.reason.name());
                if let Some(new) = &r.replaced_by {
                    let _ = writeln!(out, "    replaced_by: {new}");
                }
                if let Some(s) = &r.as_stated {
                    let _ = writeln!(out, "    as_stated: {}", scalar(s));
                }
            }
        }
        out
    }
}

/// Read a pinned framework. Problems are returned located; a file with an error pins nothing,
/// so ids are then checked for their shape only.
pub fn parse(file: &str, text: &str) -> (Option<Framework>, Vec<Diagnostic>) {
    let raw: RawFile = match crate::yaml::from_str(file, text) {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let mut check = Checker::new(file);
    let h = &raw.framework;
    for (field, value) in [
        ("framework.name", Some(&h.name)),
        ("framework.version", h.version.as_ref()),
        ("framework.bundle", Some(&h.bundle)),
        ("framework.date", Some(&h.date)),
        ("framework.licence", Some(&h.licence)),
        ("framework.attribution", Some(&h.attribution)),
    ] {
        let mut value = value.cloned();
        crate::records::limits::line(&mut check, field, &mut value);
    }
    for (field, url) in [
        ("framework.licence_url", &h.licence_url),
        ("framework.technique_url", &h.technique_url),
    ] {
        if let Some(Err(problem)) = url.as_deref().map(crate::records::check_http_url) {
            check.error(
                field,
                problem,
                Some("write an absolute https:// address".into()),
            );
        }
    }
    if let Some(url) = &h.technique_url {
        if !url.contains("{id}") {
            check.error(
                "framework.technique_url",
                "`technique_url` has no `{id}` for the technique's id",
                Some("e.g. https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{id}.md".into()),
            );
        }
    }
    for (id, name) in &raw.tactics {
        if !is_tactic_id(id) {
            check.key_error(
                &format!("tactics.{id}"),
                format!("`{id}` is not a DISARM tactic id"),
                Some("tactic ids look like TA06".into()),
            );
        }
        let mut name = Some(name.clone());
        crate::records::limits::line(&mut check, &format!("tactics.{id}"), &mut name);
    }
    for (id, t) in &raw.techniques {
        let at = format!("techniques.{id}");
        if !is_disarm_id(id) {
            check.key_error(
                &at,
                format!("`{id}` is not a DISARM technique id"),
                Some("DISARM ids look like T0143 or T0143.003".into()),
            );
        }
        let mut name = Some(t.name.clone());
        crate::records::limits::line(&mut check, &format!("{at}.name"), &mut name);
        if let Some(tactic) = &t.tactic {
            if !raw.tactics.contains_key(tactic) {
                check.error(
                    &format!("{at}.tactic"),
                    format!("unknown tactic `{tactic}`"),
                    Some("a technique's tactic must be listed under `tactics`".into()),
                );
            }
        }
        if let Some(r) = &t.replaced_by {
            if !raw.techniques.contains_key(r) {
                check.error(
                    &format!("{at}.replaced_by"),
                    format!("unknown technique `{r}`"),
                    Some("a replacement must be listed under `techniques`".into()),
                );
            }
        }
    }
    for (id, r) in &raw.retired {
        let at = format!("retired.{id}");
        if !is_disarm_id(id) {
            check.key_error(
                &at,
                format!("`{id}` is not a DISARM technique id"),
                Some("DISARM ids look like T0143 or T0143.003".into()),
            );
        }
        if raw.techniques.contains_key(id) {
            check.key_error(
                &at,
                format!("`{id}` is both a technique and retired"),
                Some("list it in one place only".into()),
            );
        }
        if let Some(new) = &r.replaced_by {
            if !raw.techniques.contains_key(new) {
                check.error(
                    &format!("{at}.replaced_by"),
                    format!("unknown technique `{new}`"),
                    Some("a replacement must be listed under `techniques`".into()),
                );
            }
        }
    }
    let ok = !check.has_errors();
    let framework = Framework {
        header: raw.framework,
        tactics: raw.tactics,
        techniques: raw.techniques,
        retired: raw.retired,
    };
    (ok.then_some(framework), check.finish(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pin_is_reported_and_pins_nothing() {
        let text = "framework: {name: D, bundle: b, date: d, sha256: s, licence: l, attribution: a, technique_url: 'javascript:{id}'}\ntactics: {TA1: x}\ntechniques:\n  T01: {name: n, tactic: TA09}\n";
        let (read, problems) = parse("content/vocab/disarm.yaml", text);
        assert!(read.is_none());
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"`javascript:` links are not allowed"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`TA1` is not a DISARM tactic id"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`T01` is not a DISARM technique id"),
            "{messages:?}"
        );
        assert!(messages.contains(&"unknown tactic `TA09`"), "{messages:?}");
    }
}
