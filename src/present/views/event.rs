//! An event's page as templates see it: every field resolved (names, links, dates, figures by
//! platform, attribution, DISARM techniques), in the page's language.

use super::{date, kind_label, link, linked_ids, quantity, text, DateView, Link, QuantityView};
use crate::dataset::{Dataset, Taxonomy};
use crate::present::locale::Locale;
use crate::present::urls::Urls;
use crate::records::date::Interval;
use crate::records::vocab::Vocabularies;
use crate::records::{Event, Measure};
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
struct ItemView {
    name: String,
    label: String,
    quantity: QuantityView,
}

#[derive(Serialize)]
struct PlatformFigures {
    platform: Link,
    items: Vec<ItemView>,
}

fn figures(ds: &Dataset, urls: &Urls, loc: &Locale, measures: &[Measure]) -> Vec<PlatformFigures> {
    let mut out: Vec<PlatformFigures> = Vec::new();
    for m in measures {
        let item = ItemView {
            name: m.name.clone(),
            label: loc.figure_label(&m.name),
            quantity: quantity(loc, &m.quantity),
        };
        match out.iter_mut().find(|p| p.platform.key == m.platform) {
            Some(p) => p.items.push(item),
            None => out.push(PlatformFigures {
                platform: link(ds, urls, Taxonomy::Platform, &m.platform),
                items: vec![item],
            }),
        }
    }
    out
}

/// A DISARM technique as pages show it: its id, and with a pinned framework its name and page.
#[derive(Serialize)]
pub struct DisarmTechnique {
    pub id: String,
    pub name: Option<String>,
    pub url: Option<String>,
}

/// The techniques of `ids`, named and linked from the site's pinned DISARM framework when it
/// has one (only http(s) addresses, which the pinned file's check guarantees).
pub fn disarm_techniques(vocab: &Vocabularies, ids: &[String]) -> Vec<DisarmTechnique> {
    ids.iter()
        .map(|id| {
            let (name, url) = match vocab.disarm_technique(id) {
                Some((name, url)) => (Some(name.to_string()), url),
                None => (None, None),
            };
            DisarmTechnique {
                id: id.clone(),
                name,
                url,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct TacticLink {
    key: String,
    name: String,
    url: String,
    disarm: Vec<String>,
}

#[derive(Serialize)]
struct ActiveView {
    display: String,
    start: Option<DateView>,
    end: Option<DateView>,
}

fn active(loc: &Locale, i: &Interval) -> ActiveView {
    ActiveView {
        display: loc.interval(i),
        start: i.start.as_ref().map(|d| date(loc, d)),
        end: i.end.as_ref().map(|d| date(loc, d)),
    }
}

#[derive(Serialize)]
struct KindView {
    key: &'static str,
    label: String,
}

#[derive(Serialize)]
struct EventView {
    id: String,
    url: String,
    title: String,
    /// ` lang dir` on the title, the summary and the record's other text (revision notes,
    /// the attribution's wording) when they are in another language than the page.
    title_attrs: String,
    summary_attrs: String,
    text_attrs: String,
    /// Whether the page shows the record as written because it has no translation into the
    /// page's language.
    fallback: bool,
    file: String,
    date: DateView,
    kind: KindView,
    status: &'static str,
    retraction: Option<serde_json::Value>,
    discloser: Link,
    removed: Vec<PlatformFigures>,
    reach: Vec<PlatformFigures>,
    content: Vec<PlatformFigures>,
    ad_spend: Option<serde_json::Value>,
    origin: Vec<Link>,
    targets: Vec<Link>,
    tactics: Vec<TacticLink>,
    partners: Vec<Link>,
    actor: Option<Link>,
    operation: Option<Link>,
    attribution: Option<serde_json::Value>,
    active: Option<ActiveView>,
    related: Vec<serde_json::Value>,
    sources: Vec<serde_json::Value>,
    summary_html: String,
    revisions: Vec<serde_json::Value>,
}

/// Everything about one event, resolved for its page.
/// `summary_html` is the summary already rendered (with any figures it embeds), the one
/// [`text`] chose.
pub fn event(ds: &Dataset, urls: &Urls, loc: &Locale, e: &Event, summary_html: String) -> Value {
    use serde_json::json;
    let text = text(e, &ds.config.language, loc);
    let org = |key: &str| Link {
        key: key.to_string(),
        name: ds.vocab.organisation_name(key).to_string(),
        url: urls.organisation(ds, key),
    };
    let view = EventView {
        id: e.id.clone(),
        url: urls.event(&e.id),
        title: text.title.to_string(),
        title_attrs: loc.text_attrs(text.title_lang),
        summary_attrs: loc.text_attrs(text.summary_lang),
        text_attrs: loc.text_attrs(text.written_in),
        fallback: text.untranslated(loc),
        file: e.file.clone(),
        date: date(loc, &e.date),
        kind: KindView {
            key: e.kind.key(),
            label: kind_label(loc, e.kind),
        },
        status: e.status.key(),
        retraction: e.retraction.as_ref().map(|r| {
            json!({
                "date": date(loc, &r.date),
                "reason": r.reason,
                "reason_parts": linked_ids(ds, urls, &r.reason),
            })
        }),
        discloser: link(ds, urls, Taxonomy::Discloser, &e.discloser),
        removed: figures(ds, urls, loc, &e.removed),
        reach: figures(ds, urls, loc, &e.reach),
        content: figures(ds, urls, loc, &e.content),
        ad_spend: e.ad_spend.as_ref().map(|a| {
            json!({
                "quantity": quantity(loc, &a.amount),
                "currency": a.currency,
                "display": format!("{} {}", loc.quantity(&a.amount), a.currency),
            })
        }),
        origin: e
            .origin
            .iter()
            .map(|c| link(ds, urls, Taxonomy::Origin, c))
            .collect(),
        targets: e
            .targets
            .iter()
            .map(|c| link(ds, urls, Taxonomy::Target, c))
            .collect(),
        tactics: e
            .tactics
            .iter()
            .map(|t| TacticLink {
                key: t.clone(),
                name: ds.vocab.tactic_label(t).to_string(),
                url: urls.term(Taxonomy::Tactic, t),
                disarm: ds
                    .vocab
                    .tactics
                    .get(t)
                    .map(|x| x.disarm.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        partners: e.partners.iter().map(|p| org(p)).collect(),
        actor: e.actor.as_ref().map(|a| link(ds, urls, Taxonomy::Actor, a)),
        operation: e
            .operation
            .as_ref()
            .map(|o| link(ds, urls, Taxonomy::Operation, o)),
        attribution: e.attribution.as_ref().map(|a| {
            json!({
                "by": a.by.as_ref().map(|b| org(b)),
                "wording": a.wording.clone().unwrap_or_default(),
                "wording_attrs": loc.text_attrs(text.written_in),
                "confidence": a.confidence.map(|c| c.key()).unwrap_or_default(),
            })
        }),
        active: e.active.as_ref().map(|i| active(loc, i)),
        // Related events left out of this build (drafts) are not linked.
        related: e
            .related
            .iter()
            .filter_map(|id| ds.event(id))
            .map(|r| {
                let related = self::text(r, &ds.config.language, loc);
                json!({
                    "id": r.id,
                    "url": urls.event(&r.id),
                    "title": related.title,
                    "title_attrs": loc.text_attrs(related.title_lang),
                    "date": date(loc, &r.date),
                })
            })
            .collect(),
        sources: e
            .sources
            .iter()
            .map(|s| {
                // The title as the source wrote it, marked with its language; a translation
                // beside it, in the record's language, marked as one.
                let title_lang = s.lang.as_deref().unwrap_or(text.written_in);
                let title_attrs = match loc.text_attrs(title_lang) {
                    attrs if attrs.is_empty() && loc.is_rtl() => " dir=\"auto\"".to_string(),
                    attrs => attrs,
                };
                json!({
                    "url": s.url,
                    "title": s.title,
                    "title_attrs": title_attrs,
                    "translation": s.title_translation.clone().unwrap_or_default(),
                    "translation_attrs": loc.text_attrs(text.written_in),
                    "publisher": s.publisher.clone().unwrap_or_default(),
                    "date": s.date.as_ref().map(|d| date(loc, d)),
                    "archive": s.archive.clone().unwrap_or_default(),
                })
            })
            .collect(),
        summary_html,
        revisions: e
            .revisions
            .iter()
            .map(|r| json!({"date": date(loc, &r.date), "note": r.note}))
            .collect(),
    };
    Value::from_serializable(&view)
}
