//! Records as an import builds them, written out as YAML in the order and style of
//! `docs/records.md`: the fields a maintainer reads first at the top, figures in short form
//! unless the source's own words are kept, the summary as a block of Markdown.

use crate::records::quantity::{Qualifier, Quantity};
use crate::yaml::write::{field_text, flow_scalar, scalar};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Platform → name → figure, in the order written.
pub type Figures = BTreeMap<String, BTreeMap<String, Quantity>>;

#[derive(Debug, Clone, Default)]
pub struct EventDraft {
    /// A comment for the top of the file: where the record came from.
    pub provenance: String,
    pub title: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    pub kind: &'static str,
    pub discloser: String,
    pub removed: Figures,
    pub reach: Figures,
    pub ad_spend: Option<(Quantity, String)>,
    pub origin: Vec<String>,
    pub actor: Option<String>,
    pub operation: Option<String>,
    pub targets: Vec<String>,
    /// `START/END`, either side `..` when open.
    pub active: Option<String>,
    pub tactics: Vec<String>,
    pub partners: Vec<String>,
    pub sources: Vec<SourceDraft>,
    /// Markdown.
    pub summary: String,
}

#[derive(Debug, Clone, Default)]
pub struct SourceDraft {
    pub url: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub archive: Option<String>,
}

/// An actor or an operation: a name, and what else the source says.
#[derive(Debug, Clone, Default)]
pub struct NamedDraft {
    pub provenance: String,
    pub name: String,
    pub country: Option<String>,
    pub description: Option<String>,
}

impl EventDraft {
    pub fn to_yaml(&self) -> String {
        let mut out = comment(&self.provenance);
        let _ = writeln!(out, "title: {}", scalar(&self.title));
        let _ = writeln!(out, "date: {}", self.date);
        let _ = writeln!(out, "kind: {}", self.kind);
        let _ = writeln!(out, "discloser: {}", self.discloser);
        for (field, figures) in [("removed", &self.removed), ("reach", &self.reach)] {
            write_figures(&mut out, field, figures);
        }
        if let Some((amount, currency)) = &self.ad_spend {
            let _ = writeln!(
                out,
                "ad_spend: {{amount: {}, currency: {currency}}}",
                quantity(amount)
            );
        }
        if !self.origin.is_empty() || !self.targets.is_empty() {
            out.push('\n');
        }
        list(&mut out, "origin", &self.origin);
        if let Some(actor) = &self.actor {
            let _ = writeln!(out, "actor: {actor}");
        }
        if let Some(operation) = &self.operation {
            let _ = writeln!(out, "operation: {operation}");
        }
        list(&mut out, "targets", &self.targets);
        if let Some(active) = &self.active {
            let _ = writeln!(out, "active: {active}");
        }
        list(&mut out, "tactics", &self.tactics);
        list(&mut out, "partners", &self.partners);
        out.push_str("\nsources:\n");
        for s in &self.sources {
            let _ = writeln!(out, "  - url: {}", scalar(&s.url));
            let _ = writeln!(out, "    title: {}", scalar(&s.title));
            if let Some(p) = &s.publisher {
                let _ = writeln!(out, "    publisher: {}", scalar(p));
            }
            if let Some(d) = &s.date {
                let _ = writeln!(out, "    date: {d}");
            }
            if let Some(a) = &s.archive {
                let _ = writeln!(out, "    archive: {}", scalar(a));
            }
        }
        out.push('\n');
        out.push_str(&field_text(
            "summary",
            &format!("{}\n", self.summary.trim_end()),
            0,
        ));
        out
    }
}

impl NamedDraft {
    pub fn to_yaml(&self) -> String {
        let mut out = comment(&self.provenance);
        let _ = writeln!(out, "name: {}", scalar(&self.name));
        if let Some(c) = &self.country {
            let _ = writeln!(out, "country: {c}");
        }
        if let Some(d) = &self.description {
            out.push_str(&field_text(
                "description",
                &format!("{}\n", d.trim_end()),
                0,
            ));
        }
        out
    }
}

/// `# …` lines, the text folded at about 90 characters.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() > 88 {
            let _ = writeln!(out, "# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        // A line break inside a comment would end it.
        line.push_str(&word.replace(|c: char| c.is_control(), " "));
    }
    if !line.is_empty() {
        let _ = writeln!(out, "# {line}");
        out.push('\n');
    }
    out
}

fn list(out: &mut String, field: &str, items: &[String]) {
    if !items.is_empty() {
        let _ = writeln!(out, "{field}: [{}]", items.join(", "));
    }
}

fn write_figures(out: &mut String, field: &str, figures: &Figures) {
    if figures.values().all(BTreeMap::is_empty) {
        return;
    }
    let _ = writeln!(out, "\n{field}:");
    for (platform, names) in figures {
        if names.is_empty() {
            continue;
        }
        let mut ordered: Vec<(&String, &Quantity)> = names.iter().collect();
        ordered.sort_by_key(|(name, _)| (usual_position(name), name.as_str()));
        if names.values().all(|q| q.as_stated.is_none()) {
            let inner: Vec<String> = ordered
                .iter()
                .map(|(name, q)| format!("{name}: {}", quantity(q)))
                .collect();
            let _ = writeln!(out, "  {platform}: {{{}}}", inner.join(", "));
        } else {
            let _ = writeln!(out, "  {platform}:");
            for (name, q) in ordered {
                let _ = writeln!(out, "    {name}: {}", quantity(q));
            }
        }
    }
}

/// Names in the order docs/records.md lists them (accounts, pages, groups …), others after.
fn usual_position(name: &str) -> usize {
    use crate::records::{USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
    USUAL_ASSETS
        .iter()
        .chain(&USUAL_METRICS)
        .chain(&USUAL_UNITS)
        .position(|n| *n == name)
        .unwrap_or(usize::MAX)
}

/// A figure as written: the short form (`51`, `"~2800"`), or the long form with the source's
/// words when they are kept.
pub fn quantity(q: &Quantity) -> String {
    let Some(stated) = &q.as_stated else {
        return match q.qualifier {
            Qualifier::Exact => q.value.to_string(),
            Qualifier::Range => format!("\"{}-{}\"", q.value, q.max.unwrap_or(q.value)),
            other => format!("\"{}{}\"", sign(other), q.value),
        };
    };
    let mut parts = Vec::new();
    match q.qualifier {
        Qualifier::Range => {
            parts.push("qualifier: range".to_string());
            parts.push(format!("min: {}", q.value));
            parts.push(format!("max: {}", q.max.unwrap_or(q.value)));
        }
        Qualifier::Exact => parts.push(format!("value: {}", q.value)),
        other => {
            parts.push(format!("value: {}", q.value));
            parts.push(format!("qualifier: {}", other.name()));
        }
    }
    parts.push(format!("as_stated: {}", flow_scalar(stated)));
    format!("{{{}}}", parts.join(", "))
}

fn sign(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Approx => "~",
        Qualifier::Gt => ">",
        Qualifier::Gte => ">=",
        Qualifier::Lt => "<",
        Qualifier::Lte => "<=",
        Qualifier::Exact | Qualifier::Range => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_a_source_cannot_add_or_change_a_field() {
        let hostile = "x\nkind: report\n  - url: javascript:alert(1)\u{1}\u{2028}\"";
        let mut figures = Figures::new();
        figures.entry("facebook".into()).or_default().insert(
            "accounts".into(),
            Quantity {
                as_stated: Some(hostile.into()),
                ..Quantity::exact(3)
            },
        );
        let draft = EventDraft {
            provenance: hostile.into(),
            title: hostile.into(),
            date: "2020".into(),
            kind: "takedown",
            discloser: "meta".into(),
            removed: figures,
            sources: vec![SourceDraft {
                url: "https://example.org/".into(),
                title: hostile.into(),
                publisher: Some(hostile.into()),
                ..SourceDraft::default()
            }],
            summary: format!("{hostile}\n\nsummary: replaced\n"),
            ..EventDraft::default()
        };
        let yaml = draft.to_yaml();
        let read: serde_yaml::Mapping =
            serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        let keys: Vec<&str> = read.keys().filter_map(|k| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "title",
                "date",
                "kind",
                "discloser",
                "removed",
                "sources",
                "summary"
            ]
        );
        assert_eq!(read["title"].as_str(), Some(hostile));
        assert_eq!(read["kind"].as_str(), Some("takedown"));
        assert_eq!(read["sources"][0]["publisher"].as_str(), Some(hostile));
        assert_eq!(
            read["removed"]["facebook"]["accounts"]["as_stated"].as_str(),
            Some(hostile)
        );
        assert!(read["summary"].as_str().unwrap().starts_with(hostile));
    }

    #[test]
    fn figures_keep_their_qualifier_and_wording() {
        let mut q = Quantity::exact(2800);
        assert_eq!(quantity(&q), "2800");
        q.qualifier = Qualifier::Approx;
        assert_eq!(quantity(&q), "\"~2800\"");
        q.as_stated = Some("About 2,800 accounts, on Facebook and Instagram".into());
        assert_eq!(
            quantity(&q),
            "{value: 2800, qualifier: approx, as_stated: \"About 2,800 accounts, on Facebook and Instagram\"}"
        );
    }
}
