//! A briefing's contents: its sections in the order the template shows them, the narrative's
//! own headings among them, the networks under theirs, then every figure and table.

use super::context::{period_label, FigureView, TableView};
use crate::present::locale::Locale;
use crate::records::briefing::Briefing;
use serde::Serialize;
use std::collections::BTreeMap;

/// One line of the contents: a section, a network, a figure or a table.
#[derive(Serialize)]
pub struct ContentsEntry {
    pub anchor: String,
    /// `Figure 1.`, `Table 2.`, or empty for a section.
    pub label: String,
    pub title: String,
    /// 1 for a section, 2 for what is inside one.
    pub level: u8,
    /// The page it starts on in the PDF; empty on the web page, and in the first print.
    pub page: String,
}

/// The contents, in three lists.
#[derive(Serialize, Default)]
pub struct Contents {
    pub sections: Vec<ContentsEntry>,
    pub figures: Vec<ContentsEntry>,
    pub tables: Vec<ContentsEntry>,
}

/// The contents: the sections in the order the template shows them (the narrative's own
/// headings among them), the networks under theirs, then every figure and table.
#[allow(clippy::too_many_arguments)]
pub(super) fn contents(
    loc: &Locale,
    b: &Briefing,
    headings: &[(String, String)],
    networks: &[super::networks::NetworkView],
    figures: &[FigureView],
    numbers_table: &TableView,
    platform_tables: &[TableView],
    pages: Option<&BTreeMap<String, usize>>,
    listed_figures: bool,
) -> Contents {
    let entry = |anchor: &str, label: String, title: String, level: u8| ContentsEntry {
        page: pages
            .and_then(|p| p.get(anchor))
            .map(|&n| loc.number(n as u64))
            .unwrap_or_default(),
        anchor: anchor.to_string(),
        label,
        title,
        level,
    };
    let section = |anchor: &str, title: &str| entry(anchor, String::new(), title.into(), 1);
    let mut sections = vec![section(NUMBERS_ANCHOR, loc.text("briefing.key_numbers"))];
    for (anchor, title) in headings {
        sections.push(section(anchor, title));
    }
    if listed_figures {
        sections.push(section(
            FIGURES_ANCHOR,
            &loc.message(
                "briefing.figures_for",
                None,
                &[("period", &period_label(loc, &b.period))],
            ),
        ));
    }
    sections.push(section(NETWORKS_ANCHOR, loc.text("briefing.networks")));
    for n in networks {
        sections.push(entry(&n.anchor, String::new(), n.name.clone(), 2));
    }
    sections.push(section(PLATFORMS_ANCHOR, loc.text("briefing.by_platform")));
    sections.push(section(REVISIONS_ANCHOR, loc.text("briefing.corrections")));
    sections.push(section(SOURCES_ANCHOR, loc.text("event.sources")));
    sections.push(section(METHOD_ANCHOR, loc.text("briefing.method")));
    if !b.revisions.is_empty() {
        sections.push(section(UPDATES_ANCHOR, loc.text("briefing.revisions")));
    }
    Contents {
        sections,
        figures: figures
            .iter()
            .map(|f| {
                entry(
                    &f.anchor,
                    loc.message(
                        "briefing.figure",
                        None,
                        &[("number", &loc.number(f.number as u64))],
                    ),
                    f.title.clone(),
                    1,
                )
            })
            .collect(),
        tables: std::iter::once(numbers_table)
            .chain(platform_tables)
            .map(|t| {
                entry(
                    &t.anchor,
                    loc.message(
                        "briefing.table",
                        None,
                        &[("number", &loc.number(t.number as u64))],
                    ),
                    t.title.clone(),
                    1,
                )
            })
            .collect(),
    }
}

/// Element ids of the template's fixed sections, which the contents link to.
pub(super) const NUMBERS_ANCHOR: &str = "numbers";
pub(super) const FIGURES_ANCHOR: &str = "figures";
pub(super) const NETWORKS_ANCHOR: &str = "networks";
pub(super) const PLATFORMS_ANCHOR: &str = "by-platform";
pub(super) const REVISIONS_ANCHOR: &str = "corrections";
pub(super) const SOURCES_ANCHOR: &str = "sources";
pub(super) const METHOD_ANCHOR: &str = "method";
pub(super) const UPDATES_ANCHOR: &str = "revisions";

/// The narrative's HTML with an id on each `<h2>` (`section-1`, …), and each one's id and
/// text, for the contents. Only headings the Markdown renderer wrote are touched: text from the
/// body cannot spell a bare `<h2>`, its `<` is escaped.
pub(super) fn with_heading_anchors(html: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len() + 64);
    let mut headings = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h2>") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "<h2>".len()..];
        let inner = &rest[..rest.find("</h2>").unwrap_or(rest.len())];
        let anchor = format!("section-{}", headings.len() + 1);
        out.push_str(&format!("<h2 id=\"{anchor}\">"));
        headings.push((anchor, plain_text(inner)));
    }
    out.push_str(rest);
    (out, headings)
}

/// The text of an HTML fragment: tags dropped, the escapes HTML rendering writes undone.
pub(super) fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
