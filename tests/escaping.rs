//! Text from records is untrusted: it must come out inert on every page it reaches.

use crate::common;
use crate::common::Site;

const ID: &str = "2019-06-01-script-injection";
const SCRIPT: &str = "<script>alert(1)</script>";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

/// The minimal site plus one record that tries to inject markup through every text field.
fn hostile_site() -> Site {
    let record = format!(
        r#"title: "{SCRIPT} & a title"
date: 2019-06-01
kind: report
discloser: twitter
origin: [IR]
attribution:
  by: twitter
  wording: "{SCRIPT}"
removed:
  twitter:
    accounts: {{value: 5, as_stated: "{SCRIPT}"}}
sources:
  - url: https://example.org/a?x=1&y=2
    title: "{SCRIPT}"
    publisher: "<b onmouseover=alert(1)>Publisher</b>"
    archive: https://web.archive.org/web/2019/https://example.org/a
revisions:
  - date: 2019-06-02
    note: "{SCRIPT}"
summary: |
  A summary with {SCRIPT} inline and <img src=x onerror=alert(1)> too.

  <div onclick="alert(1)">a raw block</div>

  Quote "breaks" out of attributes?
"#
    );
    let site = Site::from_fixture("valid-minimal")
        .file(&format!("content/events/{ID}.yaml"), &record)
        .file(
            "content/pages/notes.md",
            "---\ntitle: \"Notes <script>alert(1)</script>\"\ndescription: '\"><script>alert(1)</script>'\n---\n<iframe src=\"https://evil.example\"></iframe>\n\nText with <script>alert(1)</script>.\n",
        );
    site.build().assert_success();
    site
}

#[test]
fn no_markup_file_contains_live_markup_from_records() {
    let site = hostile_site();
    // Data exports (CSV, JSON) keep the text as written; every file a browser parses as markup
    // must not carry it live.
    let markup: Vec<(String, Vec<u8>)> = common::snapshot(&site.output())
        .into_iter()
        .filter(|(path, _)| {
            [".html", ".xml", ".svg"]
                .iter()
                .any(|ext| path.ends_with(ext))
        })
        .collect();
    assert!(markup
        .iter()
        .any(|(path, _)| *path == format!("events/{ID}/index.html")));
    for (path, bytes) in markup {
        let text = String::from_utf8_lossy(&bytes);
        for live in [
            "<script>",
            "<img src=x",
            "<div onclick",
            "<iframe",
            "<b onmouseover",
            "\"><script",
        ] {
            assert!(!text.contains(live), "{path} contains {live:?}");
        }
    }
}

#[test]
fn hostile_title_is_shown_as_text_everywhere_it_appears() {
    let site = hostile_site();
    let title = format!("{ESCAPED} &amp; a title");
    for path in [
        format!("events/{ID}/"),
        "events/".to_string(),
        String::new(),
        "platforms/twitter/".to_string(),
        "disclosers/twitter/".to_string(),
        "origins/ir/".to_string(),
        "years/2019/".to_string(),
    ] {
        let html = site.page(&path);
        assert!(
            html.contains(&title),
            "{path:?} does not show the escaped title:\n{html}"
        );
    }
    let page = site.page(&format!("events/{ID}/"));
    assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");
    assert!(page.contains(&format!("<title>{title} · Minimal tracker</title>")));
}

#[test]
fn hostile_source_summary_and_notes_are_escaped_on_the_event_page() {
    let site = hostile_site();
    let page = site.page(&format!("events/{ID}/"));
    // Source title and publisher.
    assert!(
        page.contains(&format!(
            r#"<a class="source__link" href="https://example.org/a?x=1&amp;y=2">{ESCAPED}</a>"#
        )),
        "{page}"
    );
    assert!(page.contains("&lt;b onmouseover=alert(1)&gt;Publisher&lt;/b&gt;"));
    // Summary: raw inline and block HTML become text.
    assert!(
        page.contains(&format!("A summary with {ESCAPED} inline")),
        "{page}"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;div onclick="), "{page}");
    // Attribution wording, as-stated figure and revision note.
    assert!(
        page.contains(&format!(r#"<q class="wording">{ESCAPED}</q>"#)),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<q class="as-stated">{ESCAPED}</q>"#)),
        "{page}"
    );
    assert!(page.contains(&format!("<span>{ESCAPED}</span>")), "{page}");
    // The meta description comes from the summary and stays inside its attribute.
    let description = page
        .lines()
        .find(|l| l.starts_with(r#"<meta name="description""#))
        .expect("a meta description");
    assert!(
        description.contains("&quot;breaks&quot;") && description.ends_with("\">"),
        "{description}"
    );
}

#[test]
fn raw_html_in_markdown_pages_is_escaped() {
    let site = hostile_site();
    let page = site.page("notes/");
    assert!(
        page.contains("&lt;iframe src=\"https://evil.example\"&gt;")
            || page.contains("&lt;iframe src=&quot;https://evil.example&quot;&gt;"),
        "{page}"
    );
    assert!(page.contains(&format!("Text with {ESCAPED}.")), "{page}");
    assert!(
        page.contains(&format!("<h1>Notes {ESCAPED}</h1>")),
        "{page}"
    );
    assert!(
        page.contains(r#"content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#),
        "{page}"
    );
}
