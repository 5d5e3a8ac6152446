//! Markdown rendering with figure embeds (`{{ figure(id="…") }}` lines), with raw HTML escaped
//! and with it sanitised (`allow_html`). Whatever the input, rendering must not panic and the
//! HTML must carry no script, no event handler and no link or image address outside http(s),
//! mailto and relative paths; an embed may bring in only the figure docket drew.

#![no_main]

use docket::markdown::{
    figure_embeds, is_safe_url, render, render_with_figures, unsafe_links, Settings,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(markdown) = std::str::from_utf8(rest) else {
        return;
    };
    let settings = Settings {
        allow_html: mode & 1 == 1,
    };
    let html = render(markdown, settings);
    check_html(&html, settings);
    // Only the figure "known" exists; its HTML stands for what docket draws.
    let figure = |id: &str| (id == "known").then(|| FIGURE.to_string());
    let html = render_with_figures(markdown, settings, &figure);
    check_html(&html.replace(FIGURE, ""), settings);
    let _ = unsafe_links(markdown);
    for embed in figure_embeds(markdown) {
        assert!(embed.line >= 1 && embed.column >= 1, "{embed:?}");
    }
});

const FIGURE: &str = "<figure class=\"figure\" id=\"figure-known\"><svg></svg></figure>\n";

/// Walk the tags of `html` (as written by pulldown-cmark and ammonia: attribute values always
/// double-quoted, `<` in text always escaped) and check every tag and attribute.
fn check_html(html: &str, settings: Settings) {
    let lower = html.to_ascii_lowercase();
    for forbidden in [
        "<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math",
    ] {
        assert!(!lower.contains(forbidden), "{forbidden} in {html}");
    }
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').expect("every tag is closed");
        let tag = &after[..close];
        check_tag(tag, settings, html);
        rest = &after[close + 1..];
    }
}

fn check_tag(tag: &str, settings: Settings, html: &str) {
    let tag = tag.trim_end_matches('/');
    let mut parts = tag.splitn(2, ' ');
    let name = parts.next().unwrap_or("");
    assert!(
        name.trim_start_matches('/')
            .chars()
            .all(|c| c.is_ascii_alphanumeric()),
        "odd tag <{tag}> in {html}"
    );
    let mut attributes = parts.next().unwrap_or("");
    while !attributes.trim().is_empty() {
        let trimmed = attributes.trim_start();
        let (attribute, value, rest) = match trimmed.split_once('=') {
            Some((attribute, after)) if after.starts_with('"') => {
                let end = after[1..].find('"').expect("quoted value is closed") + 1;
                (attribute, &after[1..end], &after[end + 1..])
            }
            _ => {
                let end = trimmed.find(' ').unwrap_or(trimmed.len());
                (&trimmed[..end], "", &trimmed[end..])
            }
        };
        let attribute = attribute.to_ascii_lowercase();
        assert!(
            !attribute.starts_with("on"),
            "event handler in <{tag}> in {html}"
        );
        assert!(attribute != "style", "inline style in <{tag}> in {html}");
        if attribute == "href" || attribute == "src" {
            let decoded = value.replace("&amp;", "&").replace("&quot;", "\"");
            // Markdown links pass docket's own check; raw HTML links (allow_html) pass ammonia's,
            // which reads a scheme as a browser does.
            let safe = if settings.allow_html {
                browser_scheme(&decoded)
                    .is_none_or(|s| ["http", "https", "mailto"].contains(&s.as_str()))
            } else {
                is_safe_url(&decoded)
            };
            assert!(safe, "unsafe address {value:?} in {html}");
        }
        attributes = rest;
    }
}

/// The scheme a browser would see in `url` (WHATWG URL parsing: surrounding C0 controls and
/// spaces dropped, tabs and line breaks removed), lower-cased; `None` for a relative address.
fn browser_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}
