//! The values every template sees (`site`, `nav`, `generator`, `lang`, `languages`), made once
//! per language and set as Tera's global context.

use super::Renderer;
use super::DEFAULT_FAVICON;
use crate::dataset::Dataset;
use crate::present::locale::Locale;
use crate::present::urls::folder;
use crate::present::urls::Urls;
use serde_json::json;
use tera::Context;

impl<'a> Renderer<'a> {
    /// Values every template sees: `site`, `nav`, `generator`, `lang`.
    pub fn globals(ds: &Dataset, locale: &Locale) -> Context {
        Renderer::globals_in(ds, locale, std::slice::from_ref(locale))
    }

    /// [`Renderer::globals`] of a site published in `languages` (its own first): `languages`
    /// lists them, for the language switcher and the links between translations.
    pub fn globals_in(ds: &Dataset, locale: &Locale, languages: &[Locale]) -> Context {
        let mut ctx = Renderer::globals_under(ds, &Urls::in_language(&ds.config, locale), locale);
        let list: Vec<serde_json::Value> = if languages.len() > 1 {
            languages
                .iter()
                .map(|l| {
                    json!({
                        "tag": l.tag(),
                        "dir": l.dir(),
                        "name": l.text("site.language_name"),
                        "prefix": l.prefix(),
                        "current": l.tag() == locale.tag(),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("languages", &list);
        ctx
    }

    /// [`Renderer::globals`] with every address made by `urls` (the printed copy of a briefing
    /// links relative to its own folder).
    pub(in crate::render) fn globals_under(ds: &Dataset, urls: &Urls, loc: &Locale) -> Context {
        // Every taxonomy is one click away through Browse, which is current on each
        // (`page.section`).
        let mut nav = vec![
            json!({"title": loc.text("nav.events"), "url": urls.path(folder::EVENTS)}),
            json!({"title": loc.text("nav.browse"), "url": urls.path(folder::BROWSE)}),
            json!({"title": loc.text("nav.figures"), "url": urls.path(folder::FIGURES)}),
        ];
        if !ds.briefings.is_empty() {
            nav.push(
                json!({"title": loc.text("nav.briefings"), "url": urls.path(folder::BRIEFINGS)}),
            );
        }
        nav.push(json!({"title": loc.text("nav.data"), "url": urls.path(folder::DATA)}));
        for p in ds.pages.iter().filter(|p| p.menu.is_some()) {
            nav.push(json!({"title": p.title, "url": urls.page(&p.slug)}));
        }
        let publisher = &ds.config.publisher;
        let static_url = |file: &str| {
            if file.is_empty() {
                String::new()
            } else {
                urls.shared(file)
            }
        };
        let favicon = if publisher.favicon.is_empty() {
            urls.shared(DEFAULT_FAVICON)
        } else {
            urls.shared(&publisher.favicon)
        };
        // Shared pages show a picture only from an absolute address.
        let image = if publisher.image.is_empty() || !urls.has_base_url() {
            String::new()
        } else {
            urls.shared_permalink(&publisher.image)
        };
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &json!({
                "title": ds.config.title_in(loc.tag()),
                "description": ds.config.description_in(loc.tag()),
                // What pages without a description of their own say: the site's, or one made
                // from its title and what it holds.
                "summary": site_summary(ds, loc),
                "base_url": ds.config.base_url(),
                "base": urls.base(),
                // Addresses the theme links to beside the pages (the list of events, the data
                // page, the feed) and the index the site's script loads.
                "urls": {
                    "home": urls.path(""),
                    "events": urls.path(folder::EVENTS),
                    "browse": urls.path(folder::BROWSE),
                    "figures": urls.path(folder::FIGURES),
                    "data": urls.path(folder::DATA),
                    "files": urls.shared(""),
                    "feed": urls.path(folder::FEED),
                    "changelog": urls.path(folder::CHANGELOG),
                    "search_index": urls.shared(&crate::exports::search::index_file(loc)),
                    "favicon": favicon,
                    "image": image,
                },
                "publisher": {
                    "name": publisher.name,
                    "url": publisher.url,
                    "address": publisher.address,
                    "logo": static_url(&publisher.logo),
                },
                "repository": ds.config.repository.trim_end_matches('/'),
                "language": loc.tag(),
                "licence": ds.config.licence,
            }),
        );
        ctx.insert(
            "lang",
            &json!({
                "tag": loc.tag(),
                "dir": loc.dir(),
                // Arrows that point onwards and back in the reading direction.
                "forward": if loc.is_rtl() { "←" } else { "→" },
                "back": if loc.is_rtl() { "→" } else { "←" },
            }),
        );
        ctx.insert("nav", &nav);
        ctx.insert(
            "generator",
            &format!("docket {}", env!("CARGO_PKG_VERSION")),
        );
        ctx
    }
}

/// A span of years, `2018–2020`, in the language's digits (years are never grouped).
pub(super) fn years(loc: &Locale, first: Option<i16>, last: Option<i16>) -> String {
    let year = |y: i16| {
        loc.date(&crate::records::date::PartialDate {
            year: y,
            month: None,
            day: None,
        })
    };
    match (first, last) {
        (Some(first), Some(last)) if first != last => format!("{}–{}", year(first), year(last)),
        (Some(y), _) => year(y),
        _ => String::new(),
    }
}

/// The site's description, or one made from its title and what it holds: an empty
/// `<meta name="description">` tells a search engine or a shared link nothing.
fn site_summary(ds: &Dataset, loc: &Locale) -> String {
    let description = ds.config.description_in(loc.tag()).trim();
    if !description.is_empty() {
        return description.to_string();
    }
    let counted = ds.totals.events;
    let all: Vec<i16> = ds.events.iter().map(|e| e.date.year).collect();
    let span = years(loc, all.iter().min().copied(), all.iter().max().copied());
    let span = if span.is_empty() {
        span
    } else {
        loc.message("term.span", None, &[("span", &span)])
    };
    loc.message(
        "pages.site_summary",
        Some(counted as u64),
        &[
            ("title", ds.config.title_in(loc.tag()).trim()),
            ("span", &span),
        ],
    )
}
