//! Markdown to HTML, made safe: record text is untrusted.
//!
//! pulldown-cmark passes raw HTML and `javascript:` links straight through, so both are handled
//! here: raw HTML is shown as text, and links or images whose address is not http(s), mailto, a
//! fragment or a relative path lose their address (the text stays). Checks report such links as
//! errors; this is the second line of defence.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Render `markdown` to HTML that is safe to put in a page.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Addresses of links and images in `markdown` that docket will not publish.
pub fn unsafe_links(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) =>
            {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("")
    }
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
    fn dangerous_links_lose_their_address() {
        let html = to_html("[click](javascript:alert(1)) and ![i](data:image/png;base64,xx)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("click"));
        assert_eq!(
            unsafe_links("[a](JaVaScRiPt:x) [b](https://ok) [c](/rel)").len(),
            1
        );
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
