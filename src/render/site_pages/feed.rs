//! `/feed.xml`: an Atom feed of the newest events and briefings, rendered with the theme's
//! `feed.xml` template (auto-escaped as XML).

use crate::escape::xml_clean;
use crate::exports::Meta;
use crate::present::urls::folder;
use crate::records::briefing::{Briefing, BriefingStatus};
use crate::records::date::PartialDate;
use crate::records::{Event, Status};
use crate::render::Renderer;
use serde::Serialize;
use tera::Context;

/// Entries in the feed: readers poll it for news; the full record is in the downloads.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
struct FeedView {
    title: String,
    subtitle: String,
    id: String,
    self_url: String,
    home_url: String,
    updated: String,
}

#[derive(Serialize)]
struct Category {
    term: String,
    label: String,
}

#[derive(Serialize)]
struct EntryView {
    id: String,
    title: String,
    url: String,
    published: String,
    updated: String,
    categories: Vec<Category>,
    summary_html: String,
}

/// Midnight UTC on the first day a date covers, as Atom wants (`2019-05-01T00:00:00Z`).
pub fn atom_date(date: &PartialDate) -> String {
    format!("{}T00:00:00Z", date.first_day())
}

pub fn feed_xml(r: &Renderer, meta: &Meta) -> Result<Vec<u8>, String> {
    let ds = r.ds;
    // Newest first by date; on the same day a briefing before the events it covers.
    let mut dated: Vec<(jiff::civil::Date, u8, EntryView)> = ds
        .events
        .iter()
        .rev()
        .take(FEED_ENTRIES)
        .map(|e| (e.date.first_day(), 1, entry(r, e)))
        .collect();
    dated.extend(
        ds.briefings
            .iter()
            .map(|b| (b.published.first_day(), 0, briefing(r, b))),
    );
    // A stable sort keeps the events' own newest-first order within a day.
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let updated = ds
        .events
        .iter()
        .map(|e| e.last_change().first_day())
        .chain(ds.briefings.iter().map(|b| b.published.first_day()))
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .or_else(|| meta.built_at.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let entries: Vec<EntryView> = dated
        .into_iter()
        .take(FEED_ENTRIES)
        .map(|(_, _, view)| view)
        .collect();
    let feed = FeedView {
        title: ds.config.title_in(r.locale.tag()).to_string(),
        subtitle: ds.config.description_in(r.locale.tag()).to_string(),
        id: r.urls.identifier(folder::FEED),
        self_url: r.urls.permalink(folder::FEED),
        home_url: r.urls.permalink(""),
        updated,
    };
    let mut ctx = Context::new();
    ctx.insert("feed", &feed);
    ctx.insert("entries", &entries);
    let xml = super::render(r, "feed.xml", &ctx)?;
    Ok(xml_clean_bytes(xml))
}

/// The feed without the characters XML forbids, wherever they came from (a record, a
/// template, a character reference in Markdown): a feed reader refuses the whole file for one.
fn xml_clean_bytes(xml: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(xml) {
        Ok(text) => match xml_clean(&text) {
            std::borrow::Cow::Borrowed(_) => text.into_bytes(),
            std::borrow::Cow::Owned(clean) => clean.into_bytes(),
        },
        Err(e) => e.into_bytes(),
    }
}

fn entry(r: &Renderer, e: &Event) -> EntryView {
    let (ds, loc, urls) = (r.ds, &r.locale, &r.urls);
    let event_folder = folder::event(&e.id);
    let text = crate::present::views::text(e, &ds.config.language, loc);
    let title = match e.status {
        Status::Retracted => loc.message("feed.retracted", None, &[("title", text.title)]),
        Status::Draft => loc.message("feed.draft", None, &[("title", text.title)]),
        Status::Published => text.title.to_string(),
    };
    let mut categories = vec![Category {
        term: e.kind.key().to_string(),
        label: crate::present::views::kind_label(loc, e.kind),
    }];
    categories.extend(ds.platforms_of(e).into_iter().map(|p| Category {
        term: p.to_string(),
        label: ds.vocab.organisation_name(p).to_string(),
    }));
    EntryView {
        id: urls.identifier(&event_folder),
        title,
        url: urls.permalink(&event_folder),
        published: atom_date(&e.date),
        updated: atom_date(&e.last_change()),
        categories,
        summary_html: crate::markdown::render(text.summary, ds.config.markdown),
    }
}

fn briefing(r: &Renderer, b: &Briefing) -> EntryView {
    let (loc, urls) = (&r.locale, &r.urls);
    let folder = crate::present::urls::folder::briefing(&b.slug);
    let title = match b.status {
        BriefingStatus::Draft => loc.message("feed.draft_briefing", None, &[("title", &b.title)]),
        BriefingStatus::Published => loc.message("feed.briefing", None, &[("title", &b.title)]),
    };
    // Without a description, the start of the narrative, its shortcodes left out.
    let summary = b.description.clone().unwrap_or_else(|| {
        let text = crate::records::briefing::narrative::expand(&b.body, |_| String::new());
        crate::exports::search::plain_excerpt(&text, 400)
    });
    EntryView {
        id: urls.identifier(&folder),
        title,
        url: urls.permalink(&folder),
        published: atom_date(&b.published),
        updated: atom_date(&b.published),
        categories: vec![Category {
            term: "briefing".into(),
            label: loc.text("feed.briefing_label").to_string(),
        }],
        summary_html: crate::markdown::to_html(&summary),
    }
}
