//! Markdown to HTML, made safe: record text is untrusted.
//!
//! pulldown-cmark passes raw HTML and `javascript:` links straight through, so both are handled
//! here. Raw HTML is shown as text, unless `site.toml` sets `[markdown] allow_html = true`: then it
//! is kept and the page is passed through ammonia, which keeps a safe subset of tags and
//! attributes. Links or images whose address is not http(s), mailto, a fragment or a relative path
//! are made inert: the link becomes its text, the image its alternative text. Checks report such
//! links as errors ([`unsafe_links`]); rendering them inert is the second line of defence.

mod embed;

pub use embed::{figure_embeds, render_with_figures, Embed, EMBED_FORM, MAX_EMBEDS};
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

/// `[markdown]` in `site.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Keep a sanitised subset of raw HTML (ammonia) instead of showing it as text.
    #[serde(default)]
    pub allow_html: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Render `markdown` to HTML that is safe to put in a page, with raw HTML shown as text.
pub fn to_html(markdown: &str) -> String {
    render(markdown, Settings::default())
}

/// Render `markdown` to HTML that is safe to put in a page, as `settings` say.
pub fn render(markdown: &str, settings: Settings) -> String {
    // Whether each open link was kept, so its end tag is dropped with it.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !settings.allow_html => {
            Some(Event::Text(html))
        }
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = is_safe_url(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(true).then_some(event),
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let keep = is_safe_url(dest_url);
            images.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Image) => images.pop().unwrap_or(true).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    let out = without_inline_styles(out);
    let out = if settings.allow_html {
        sanitiser().clean(&out).to_string()
    } else {
        out
    };
    // A character reference (`&#1;`) becomes a character HTML and XML forbid: replace it here,
    // where every text's Markdown passes, so no page, feed or print copy carries one. (Replaced,
    // not dropped: the links above were judged with it in place.)
    match crate::escape::xml_clean(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// pulldown-cmark aligns table cells with `style` attributes, which the pages'
/// Content-Security-Policy blocks: use classes instead. Text from a record can never produce
/// these exact tags (its `<` and `"` are escaped), so the replacement touches only markup.
fn without_inline_styles(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut out = html;
    for cell in ["th", "td"] {
        for side in ["left", "center", "right"] {
            out = out.replace(
                &format!("<{cell} style=\"text-align: {side}\">"),
                &format!("<{cell} class=\"align-{side}\">"),
            );
        }
    }
    out
}

/// The ammonia policy for sites that allow raw HTML: ammonia's default tags and attributes
/// (no scripts, styles, forms, frames or event handlers), links limited to the same schemes as
/// Markdown links, and the classes and ids pulldown-cmark itself writes for footnotes and table
/// alignment. Classes are granted only through `allowed_classes`, never as a plain attribute:
/// ammonia panics when `class` is both.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_tag_attributes("div", ["id"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_allowed_classes("th", ["align-left", "align-center", "align-right"])
            .add_allowed_classes("td", ["align-left", "align-center", "align-right"]);
        builder
    })
}

/// Addresses of links and images in `markdown` that docket will not publish.
pub fn unsafe_links(markdown: &str) -> Vec<String> {
    unsafe_links_by_line(markdown)
        .into_iter()
        .map(|(url, _)| url)
        .collect()
}

/// [`unsafe_links`], each with the line (0-based) of `markdown` where its link starts, so a
/// check can point at the right line of a long Markdown field.
pub fn unsafe_links_by_line(markdown: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    // Lines are counted as the parser moves forward, so many links cost one pass over the text.
    let (mut counted_to, mut line) = (0, 0);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if !is_safe_url(&dest_url) {
                if range.start >= counted_to {
                    line += markdown[counted_to..range.start].matches('\n').count();
                    counted_to = range.start;
                } else {
                    // A link inside another link's text starts before the outer one ends.
                    line = markdown[..range.start].matches('\n').count();
                    counted_to = range.start;
                }
                out.push((dest_url.to_string(), line));
            }
        }
    }
    out
}

/// http(s), mailto, in-page fragments and relative paths; nothing that runs or embeds.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed = url.trim();
    // Browsers ignore control characters and whitespace inside schemes ("java\tscript:").
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        // No scheme: a relative path or fragment. `//host` would leave the site: refuse it.
        _ => !compact.starts_with("//"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("Hi <script>alert(1)</script> <b>x</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_become_their_text() {
        let html = to_html("[click](javascript:alert(1)) and ![pic](data:image/png;base64,xx)");
        assert_eq!(html, "<p>click and pic</p>\n");
        let html = to_html("[a *b*](javascript:x) [d](/e) ![alt *x*](vbscript:y)");
        assert_eq!(
            html,
            "<p>a <em>b</em> <a href=\"/e\">d</a> alt <em>x</em></p>\n"
        );
        assert_eq!(
            unsafe_links("[a](JaVaScRiPt:x) [b](https://ok) [c](/rel)").len(),
            1
        );
    }

    #[test]
    fn table_alignment_uses_classes_not_styles() {
        let html = to_html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">3</td>"), "{html}");
        let text = to_html("<td style=\"text-align: left\">");
        assert!(
            text.contains("&lt;td style=\"text-align: left\"&gt;"),
            "{text}"
        );
    }

    #[test]
    fn allowed_html_is_sanitised() {
        let allow = Settings { allow_html: true };
        let html = render(
            "<b onclick=\"x()\">bold</b> <script>alert(1)</script><a href=\"javascript:x\">a</a> \
             <img src=\"https://e.org/i.png\" onerror=\"x()\"> <span class=\"skip-link\">s</span>",
            allow,
        );
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(!html.contains("script"), "{html}");
        assert!(
            !html.contains("onclick") && !html.contains("onerror"),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("<img src=\"https://e.org/i.png\">"), "{html}");
        assert!(!html.contains("class="), "{html}");
    }

    #[test]
    fn allowed_html_keeps_footnotes_and_table_classes() {
        let allow = Settings { allow_html: true };
        let html = render("Note[^n].\n\n[^n]: Text.\n\n| a |\n|--:|\n| 1 |\n", allow);
        assert!(html.contains("class=\"footnote-reference\""), "{html}");
        assert!(html.contains("id=\"n\""), "{html}");
        assert!(html.contains("<td class=\"align-right\">1</td>"), "{html}");
    }

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("mailto:a@b.org"));
        assert!(is_safe_url("/about/"));
        assert!(is_safe_url("#notes"));
        assert!(is_safe_url("../x"));
        assert!(!is_safe_url("//evil.example/x"));
        assert!(!is_safe_url("vbscript:x"));
        assert!(!is_safe_url("file:///etc/passwd"));
    }
}
