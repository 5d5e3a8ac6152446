//! Checking an event record (`content/events/<id>.yaml`) and turning it into an [`Event`].

use super::fields::{Fields, Known};
use super::model::*;
use super::raw::{RawEvent, RawSource};
use crate::diagnostics::{did_you_mean, Diagnostic};
use serde_yaml::{Mapping, Value};

/// Asset names for `removed`; others are allowed but warned about, to catch typos.
pub const USUAL_ASSETS: [&str; 16] = [
    "accounts",
    "pages",
    "groups",
    "channels",
    "events",
    "profiles",
    "ad_accounts",
    "adsense_accounts",
    "blogs",
    "developers",
    "apps",
    "domains",
    "websites",
    "bots",
    "subreddits",
    "servers",
];
/// Metric names for `reach`.
pub const USUAL_METRICS: [&str; 6] = [
    "followers",
    "subscribers",
    "group_members",
    "views",
    "engagements",
    "likes",
];
/// Unit names for `content`.
pub const USUAL_UNITS: [&str; 10] = [
    "posts", "tweets", "videos", "ads", "images", "comments", "articles", "messages", "stories",
    "reels",
];

/// Check one event file. Returns the event when it has no errors, and every problem found.
pub fn check_event(
    id: &str,
    file: &str,
    text: &str,
    known: &Known<'_>,
) -> (Option<Event>, Vec<Diagnostic>) {
    let (raw, refused) = match crate::yaml::from_str_every_field::<RawEvent>(file, text) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let mut f = Fields::new(file, known);
    f.check.refused(refused);
    let event = build(&mut f, id, file, raw).map(|mut e| {
        e.digest = digest(file, text);
        e
    });
    let ok = !f.check.has_errors();
    // Events are most of a site's files: their warnings are located only if shown.
    let diagnostics = f.check.finish_later(text);
    (event.filter(|_| ok), diagnostics)
}

/// A hash of where a record is and what it says: two records with the same digest show the
/// same on every page. The hasher's keys are fixed, so a digest is the same in every run.
fn digest(file: &str, text: &str) -> u64 {
    crate::digest::of(&(file, text))
}

fn build(f: &mut Fields<'_, '_>, id: &str, file: &str, mut raw: RawEvent) -> Option<Event> {
    super::limits::event(&mut f.check, &mut raw);
    let title = f.required_text("title", raw.title);
    let date = f.required_date("date", raw.date);
    let kind = match raw.kind {
        Some(k) => enum_value(f, "kind", &k, EventKind::parse, &EventKind::NAMES),
        None => {
            f.missing("kind");
            None
        }
    };
    let discloser = match raw.discloser {
        Some(d) => f.organisation("discloser", &d),
        None => {
            f.missing("discloser");
            None
        }
    };
    let status = match raw.status {
        Some(s) => enum_value(f, "status", &s, Status::parse, &Status::NAMES),
        None => Some(Status::Published),
    };
    let retraction = retraction(f, status, raw.retraction);
    let removed = measures(f, "removed", raw.removed, &USUAL_ASSETS);
    out_of_proportion(f, &removed);
    let reach = measures(f, "reach", raw.reach, &USUAL_METRICS);
    let content = measures(f, "content", raw.content, &USUAL_UNITS);
    let ad_spend = raw.ad_spend.and_then(|a| {
        let amount = match &a.amount {
            Some(v) => f.quantity("ad_spend.amount", v),
            None => {
                f.missing("ad_spend.amount");
                None
            }
        };
        let currency = match a.currency {
            Some(c) if f.known.vocab.currencies.contains_key(c.as_str()) => Some(c),
            Some(c) => {
                let upper = c.to_uppercase();
                let hint = if f.known.vocab.currencies.contains_key(upper.as_str()) {
                    format!("currency codes are written in capitals: `{upper}`")
                } else {
                    "use an ISO 4217 code such as USD, EUR or GBP".into()
                };
                f.check.error(
                    "ad_spend.currency",
                    format!("unknown currency `{c}`"),
                    Some(hint),
                );
                None
            }
            None => {
                f.missing("ad_spend.currency");
                None
            }
        };
        Some(AdSpend {
            amount: amount?,
            currency: currency?,
        })
    });
    let origin = f.countries("origin", raw.origin);
    let targets = f.countries("targets", raw.targets);
    let actor = raw.actor.and_then(|a| {
        let known = f.known.actors;
        f.reference("actor", "actor", &a, known, "actors")
    });
    let operation = raw.operation.and_then(|o| {
        let known = f.known.operations;
        f.reference("operation", "operation", &o, known, "operations")
    });
    let attribution = raw.attribution.map(|a| Attribution {
        by: a.by.and_then(|b| f.organisation("attribution.by", &b)),
        wording: Fields::optional_text(a.wording),
        confidence: a.confidence.and_then(|c| {
            enum_value(
                f,
                "attribution.confidence",
                &c,
                Confidence::parse,
                &Confidence::NAMES,
            )
        }),
    });
    let active = raw.active.and_then(|a| f.interval("active", &a));
    if let (Some(active), Some(date)) = (active, date) {
        if let Some(end) = active.end {
            if end.first_day() > date.last_day() {
                f.check.warning(
                    "active",
                    format!(
                        "the activity period ends ({}) after the announcement ({})",
                        end.iso(),
                        date.iso()
                    ),
                    Some(
                        "check both dates; activity after a takedown belongs in a new event".into(),
                    ),
                );
            }
        }
    }
    let tactics = f.tactics("tactics", raw.tactics);
    let partners = f.organisations("partners", raw.partners);
    let related = related(f, id, raw.related);
    let sources = sources(f, raw.sources);
    let summary = f.required_text("summary", raw.summary);
    if let Some(text) = &summary {
        markdown_links(f, "summary", text);
    }
    let revisions = revisions(f, raw.revisions);
    let lang = raw.lang.and_then(|l| f.language("lang", &l));
    let translations = translations(f, raw.translations);

    Some(Event {
        id: id.to_string(),
        file: file.to_string(),
        title: title?,
        date: date?,
        kind: kind?,
        discloser: discloser?,
        status: status?,
        retraction,
        removed,
        reach,
        content,
        ad_spend,
        origin,
        actor,
        operation,
        attribution,
        targets,
        active,
        tactics,
        partners,
        related,
        sources,
        summary: summary?,
        revisions,
        lang,
        translations,
        digest: 0,
    })
}

fn translations(
    f: &mut Fields<'_, '_>,
    raw: Option<std::collections::BTreeMap<String, super::raw::RawTranslation>>,
) -> std::collections::BTreeMap<String, super::model::Translation> {
    let mut out = std::collections::BTreeMap::new();
    for (tag, t) in raw.unwrap_or_default() {
        let at = |name: &str| format!("translations.{tag}.{name}");
        let Some(tag) = f.language(&format!("translations.{tag}"), &tag) else {
            continue;
        };
        if t.title.is_none() && t.summary.is_none() {
            f.check.error(
                &format!("translations.{tag}"),
                "a translation needs a `title`, a `summary` or both",
                None,
            );
            continue;
        }
        if let Some(text) = &t.summary {
            markdown_links(f, &at("summary"), text);
        }
        out.insert(
            tag,
            super::model::Translation {
                title: Fields::optional_text(t.title),
                summary: Fields::optional_text(t.summary),
            },
        );
    }
    out
}

/// A word from a fixed list, with a did-you-mean when it is not one of them.
pub fn enum_value<T>(
    f: &mut Fields<'_, '_>,
    field: &str,
    written: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Option<T> {
    let value = parse(written);
    if value.is_none() {
        let hint = did_you_mean(written, names.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
        f.check
            .error(field, format!("unknown {field} `{written}`"), Some(hint));
    }
    value
}

fn retraction(
    f: &mut Fields<'_, '_>,
    status: Option<Status>,
    raw: Option<super::raw::RawRetraction>,
) -> Option<Retraction> {
    match (status, raw) {
        (Some(Status::Retracted), None) => {
            f.check.error(
                "status",
                "a retracted event needs a `retraction` with its date and reason",
                Some("add `retraction: {date: YYYY-MM-DD, reason: ...}`".into()),
            );
            None
        }
        (Some(Status::Retracted), Some(r)) => {
            let date = f.required_date("retraction.date", r.date);
            let reason = f.required_text("retraction.reason", r.reason);
            Some(Retraction {
                date: date?,
                reason: reason?,
            })
        }
        (Some(_), Some(_)) => {
            f.check.key_error(
                "retraction",
                "`retraction` is given but the status is not `retracted`",
                Some("set `status: retracted`, or remove the retraction".into()),
            );
            None
        }
        _ => None,
    }
}

/// `platform -> name -> quantity` maps: `removed`, `reach`, `content`.
fn measures(
    f: &mut Fields<'_, '_>,
    field: &str,
    map: Option<Mapping>,
    usual: &[&str],
) -> Vec<Measure> {
    let mut out = Vec::new();
    for (platform, inner) in map.unwrap_or_default() {
        let Some(platform) = scalar_key(f, field, &platform) else {
            continue;
        };
        let path = format!("{field}.{platform}");
        let Some(platform_key) = f.organisation(&path, &platform) else {
            continue;
        };
        let Value::Mapping(inner) = inner else {
            f.check.error(
                &path,
                format!("`{path}` must map names to figures"),
                Some(format!("e.g. `{platform}: {{{}: 51}}`", usual[0])),
            );
            continue;
        };
        for (name, value) in inner {
            let Some(name) = scalar_key(f, &path, &name) else {
                continue;
            };
            let item = format!("{path}.{name}");
            if !f.measure_name(&item, &name, usual) {
                continue;
            }
            if let Some(quantity) = f.quantity(&item, &value) {
                out.push(Measure {
                    platform: platform_key.clone(),
                    name,
                    quantity,
                });
            }
        }
    }
    out
}

/// More Pages or Groups for each account than a platform's takedowns ever report: a warning,
/// since it is more often a slip (1100 for 11) than what the source said. A figure given with
/// the source's words (`as_stated`) has been checked against them, and is not warned about.
fn out_of_proportion(f: &mut Fields<'_, '_>, removed: &[Measure]) {
    /// Pages or Groups per account past which a figure is questioned.
    const PER_ACCOUNT: u64 = 10;
    /// Smaller counts are left alone: a handful of Pages can be run from one account.
    const AT_LEAST: u64 = 100;
    for m in removed {
        if !matches!(m.name.as_str(), "pages" | "groups") || m.quantity.as_stated.is_some() {
            continue;
        }
        let Some(accounts) = removed
            .iter()
            .find(|a| a.platform == m.platform && a.name == "accounts")
        else {
            continue;
        };
        let (count, owners) = (m.quantity.value, accounts.quantity.value);
        if accounts.quantity.qualifier.is_upper_bound()
            || count < AT_LEAST
            || count <= owners.saturating_mul(PER_ACCOUNT)
        {
            continue;
        }
        f.check.warning(
            &format!("removed.{}.{}", m.platform, m.name),
            format!(
                "{} {} but only {} accounts on {}: more than {PER_ACCOUNT} for each account",
                m.quantity.display(),
                m.name,
                accounts.quantity.display(),
                m.platform
            ),
            Some(format!(
                "Pages and Groups are run from accounts, so check the figure against the source (a slip such as 1100 for 11 is common); if the source does say so, keep its words: `{}: {{value: {}, as_stated: \"...\"}}`",
                m.name, m.quantity.value
            )),
        );
    }
}

fn scalar_key(f: &mut Fields<'_, '_>, field: &str, key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => {
            f.check.error(field, "keys here must be plain words", None);
            None
        }
    }
}

fn related(f: &mut Fields<'_, '_>, id: &str, raw: Option<Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, other) in raw.unwrap_or_default().iter().enumerate() {
        let field = format!("related[{i}]");
        if other == id {
            f.check
                .error(&field, "an event cannot be related to itself", None);
            continue;
        }
        let known = f.known.events;
        // Never suggest the event itself: it cannot be related to itself.
        let candidates = known.iter().filter(|k| k.as_str() != id);
        if let Some(key) = f.reference_among(&field, "event", other, known, candidates, "events") {
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

fn sources(f: &mut Fields<'_, '_>, raw: Option<Vec<RawSource>>) -> Vec<Source> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        f.check.error(
            "sources",
            "an event needs at least one source",
            Some("add `sources: [{url: https://..., title: ...}]`".into()),
        );
    }
    let mut out = Vec::new();
    for (i, s) in raw.into_iter().enumerate() {
        let at = |name: &str| format!("sources[{i}].{name}");
        let url = match s.url {
            Some(u) => f.url(&at("url"), &u),
            None => {
                f.missing(&at("url"));
                None
            }
        };
        let title = f.required_text(&at("title"), s.title);
        let date = s.date.and_then(|d| f.date(&at("date"), &d));
        let archive = match s.archive {
            Some(a) => f.url(&at("archive"), &a),
            None => {
                f.check.warning(
                    &format!("sources[{i}]"),
                    "source has no archive link",
                    Some("add `archive:` with a web.archive.org (or archive.today) copy, so the citation survives the page".into()),
                );
                None
            }
        };
        let lang = s.lang.and_then(|l| f.language(&at("lang"), &l));
        if let (Some(url), Some(title)) = (url, title) {
            out.push(Source {
                url,
                title,
                publisher: Fields::optional_text(s.publisher),
                date,
                archive,
                lang,
                title_translation: Fields::optional_text(s.title_translation),
            });
        }
    }
    out
}

fn revisions(f: &mut Fields<'_, '_>, raw: Option<Vec<super::raw::RawRevision>>) -> Vec<Revision> {
    let mut out = Vec::new();
    for (i, r) in raw.unwrap_or_default().into_iter().enumerate() {
        let date = f.required_date(&format!("revisions[{i}].date"), r.date);
        let note = f.required_text(&format!("revisions[{i}].note"), r.note);
        if let (Some(date), Some(note)) = (date, note) {
            out.push(Revision { date, note });
        }
    }
    out.sort_by_key(|r| r.date);
    out
}

/// Report links in Markdown text that docket will not publish (javascript:, data:, ...).
pub fn markdown_links(f: &mut Fields<'_, '_>, field: &str, text: &str) {
    for (url, line) in crate::markdown::unsafe_links_by_line(text) {
        f.check.text_error_at(
            field,
            &url,
            line,
            format!("link to `{url}` is not allowed"),
            Some("links in Markdown may be http(s), mailto, relative paths or #fragments".into()),
        );
    }
}
