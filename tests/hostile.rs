//! Hostile and broken content: the corpus in `tests/hostile/` (see its README), inputs too large
//! to check in, symbolic links, and the settings that loosen or tighten what docket accepts.
//! Every case must end in a located error or in inert output, never in a crash or a hang.

// One module per class of attack; the corpus files in tests/hostile/ are run below.
#[path = "hostile_classes/faults.rs"]
mod faults;
#[path = "hostile_classes/links.rs"]
mod links;
#[path = "hostile_classes/preview.rs"]
mod preview;
#[path = "hostile_classes/printed.rs"]
mod printed;
#[path = "hostile_classes/printing.rs"]
mod printing;
#[path = "hostile_classes/reading.rs"]
mod reading;

use crate::common;
use crate::common::{snapshot, Site};
use std::fs;
use std::path::Path;

/// What one corpus file expects.
#[derive(Default, Debug)]
struct Case {
    name: String,
    place: String,
    errors: Vec<(String, String)>,
    contains: Vec<(String, String)>,
    lacks: Vec<(String, String)>,
    /// Built files (`*` for every HTML and XML file) in which no tag may be live.
    inert: Vec<String>,
}

fn read_case(path: &Path) -> (Case, Vec<u8>) {
    let bytes = fs::read(path).expect("read a corpus file");
    let text = String::from_utf8_lossy(&bytes);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut case = Case {
        place: format!("content/events/{name}"),
        name,
        ..Case::default()
    };
    // Split as YAML does (a corpus file may end its lines with a lone CR).
    for line in text.split(['\n', '\r']).filter(|l| !l.is_empty()) {
        if line == "---" {
            continue;
        }
        let Some(directive) = line.strip_prefix("# ") else {
            break;
        };
        let split = |rest: &str| {
            let (a, b) = rest.split_once(' ').expect("a directive has two parts");
            (a.to_string(), b.to_string())
        };
        if let Some(place) = directive.strip_prefix("place: ") {
            case.place = place.to_string();
        } else if let Some(rest) = directive.strip_prefix("error: ") {
            case.errors.push(split(rest));
        } else if let Some(rest) = directive.strip_prefix("contains: ") {
            case.contains.push(split(rest));
        } else if let Some(rest) = directive.strip_prefix("lacks: ") {
            case.lacks.push(split(rest));
        } else if let Some(file) = directive.strip_prefix("inert: ") {
            case.inert.push(file.to_string());
        }
    }
    (case, bytes)
}

/// Run one case; describe every way it fell short.
fn run_case(case: &Case, bytes: &[u8]) -> Vec<String> {
    let site = Site::from_fixture("valid-minimal");
    let path = site.root().join(&case.place);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    let mut problems = Vec::new();
    if !case.errors.is_empty() {
        let run = site.check();
        if run.code != 1 {
            problems.push(format!("exit code {} instead of 1", run.code));
        }
        let printed = run.errors();
        for (at, message) in &case.errors {
            let location = match at.as_str() {
                "-" => None,
                at => Some(format!("{}:{at}", case.place)),
            };
            let found = printed.iter().any(|d| {
                d.message.contains(message.as_str())
                    && location.as_ref().is_none_or(|l| d.location == *l)
            });
            if !found {
                problems.push(format!(
                    "no error {message:?} at {}",
                    location.as_deref().unwrap_or("any place")
                ));
            }
        }
        if !problems.is_empty() {
            problems.push(format!("stderr was:\n{}", run.stderr));
        }
        return problems;
    }
    let run = site.build();
    if run.code != 0 {
        return vec![format!("build failed:\n{}", run.stderr)];
    }
    let files = snapshot(&site.output());
    let markup = |name: &str| name.ends_with(".html") || name.ends_with(".xml");
    for (file, text) in &case.contains {
        match files.get(file) {
            Some(bytes) if String::from_utf8_lossy(bytes).contains(text.as_str()) => {}
            Some(_) => problems.push(format!("{file} does not contain {text:?}")),
            None => problems.push(format!("{file} was not built")),
        }
    }
    for (file, text) in &case.lacks {
        for (name, bytes) in &files {
            let applies = if file == "*" {
                markup(name)
            } else {
                name == file
            };
            if applies && String::from_utf8_lossy(bytes).contains(text.as_str()) {
                problems.push(format!("{name} contains {text:?}"));
            }
        }
    }
    for file in &case.inert {
        for (name, bytes) in &files {
            let applies = if file == "*" {
                markup(name)
            } else {
                name == file
            };
            if applies {
                for tag in live_tags(&String::from_utf8_lossy(bytes)) {
                    problems.push(format!("{name} has a live tag <{tag}>"));
                }
            }
        }
    }
    problems
}

/// Tags in `html` that would run something: an inline script, an event handler, a style
/// attribute (which the pages' policy refuses), or a `javascript:` address. Text is escaped, so
/// every `<` in the file starts a tag docket wrote.
fn live_tags(html: &str) -> Vec<String> {
    let mut live = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let name = tag.split_whitespace().next().unwrap_or("");
        let attributes = attributes(&tag[name.len()..]);
        let inline_script = name == "script" && !attributes.iter().any(|(n, _)| n == "src");
        let dangerous = attributes.iter().any(|(attribute, value)| {
            attribute.starts_with("on")
                || attribute == "style"
                || (matches!(attribute.as_str(), "href" | "src" | "action" | "formaction")
                    && runs_script(value))
        });
        if inline_script || dangerous {
            live.push(tag.to_string());
        }
    }
    live
}

/// Would a browser run this (escaped) address? It drops surrounding controls and spaces and
/// every tab and line break before it reads the scheme.
fn runs_script(value: &str) -> bool {
    let url: String = value
        .replace("&amp;", "&")
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The attributes of a tag, by lower-case name, with their (still escaped) values.
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (quote, body) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &after[1..]),
                _ => (None, after),
            };
            let close = match quote {
                Some(q) => body.find(q).unwrap_or(body.len()),
                None => body.find(char::is_whitespace).unwrap_or(body.len()),
            };
            value = body[..close].to_string();
            rest = &body[(close + quote.map_or(0, |_| 1)).min(body.len())..];
        }
        out.push((name, value));
    }
}

#[test]
fn every_hostile_input_gets_a_located_error_or_inert_output() {
    let dir = common::repo_root().join("tests/hostile");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "md")))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "only {} cases", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let (case, bytes) = read_case(path);
        assert!(
            !case.errors.is_empty()
                || !case.contains.is_empty()
                || !case.lacks.is_empty()
                || !case.inert.is_empty(),
            "{} expects nothing",
            case.name
        );
        let problems = run_case(&case, &bytes);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.name, problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A valid event whose title is `title`.
fn event_titled(title: &str) -> String {
    format!(
        "title: {title}\ndate: 2019\nkind: report\ndiscloser: twitter\nsources: [{{url: \"https://example.org/a\", title: A, archive: \"https://web.archive.org/web/2019/x\"}}]\nsummary: Text.\n"
    )
}

const HUGE: &str = "content/events/2019-01-01-huge.yaml";

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_parsed() {
    let site =
        Site::from_fixture("valid-minimal").file(HUGE, &event_titled(&"A".repeat(1_500_000)));
    let run = site.check();
    run.assert_code(1);
    let d = &run.errors()[0];
    assert_eq!(d.location, HUGE);
    assert!(
        d.message.starts_with("file is 1500")
            && d.message
                .ends_with("more than the 1048576 a site file may have"),
        "{d:?}"
    );
    assert!(
        d.hint.as_deref().unwrap().contains("max_file_size"),
        "{d:?}"
    );
}

#[test]
fn max_file_size_raises_the_limit_and_field_limits_still_hold() {
    let site =
        Site::from_fixture("valid-minimal").file(HUGE, &event_titled(&"A".repeat(1_500_000)));
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("max_file_size = 4194304\n{toml}"));
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("`title` is 1500000 characters long, more than the 1000 allowed")
        .assert(
            &format!("{HUGE}:1:8"),
            Some("title"),
            Some("shorten it; longer text belongs in the summary"),
        );
}

#[test]
fn max_file_size_is_bounded() {
    let site = Site::from_fixture("valid-minimal");
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("max_file_size = 1000000000\n{toml}"));
    let run = site.check();
    run.assert_code(1);
    let d = run.diagnostic("max_file_size must be between 1024 and 16777216 bytes");
    assert_eq!(d.location, "site.toml:1:1");
}

#[test]
fn a_hundred_thousand_sources_are_one_error() {
    let sources: String = (0..100_000)
        .map(|i| format!("  - {{url: \"https://e.org/{i}\", title: t}}\n"))
        .collect();
    let text = format!(
        "title: Many sources\ndate: 2019\nkind: report\ndiscloser: twitter\nsummary: x\nsources:\n{sources}"
    );
    let site = Site::from_fixture("valid-minimal").file(HUGE, &text);
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("max_file_size = 16777216\n{toml}"));
    let run = site.check();
    run.assert_code(1);
    let errors = run.errors();
    assert!(
        errors.iter().any(|d| d.message
            == "`sources` has 100000 items, more than the 1000 a record may list"
            && d.location == format!("{HUGE}:7:3")),
        "{}",
        run.stderr
    );
    // Each kept source still lacks its archive link: warnings past the first 100 are counted.
    assert!(
        run.stderr.len() < 100_000,
        "{} bytes of output",
        run.stderr.len()
    );
}

#[test]
fn a_fifo_in_content_is_refused_not_read() {
    let site = Site::from_fixture("valid-minimal");
    let fifo = site.root().join("content/events/2019-01-01-fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let run = site.check();
    run.assert_code(1);
    let d = run.diagnostic("not a regular file: content/ may hold only files and folders");
    assert_eq!(d.location, "content/events/2019-01-01-fifo.yaml");
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    const MESSAGE: &str = "symbolic links are not followed in content/";

    #[test]
    fn a_link_to_a_file_outside_the_site_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.yaml");
        fs::write(&secret, event_titled("Secret from outside the site")).unwrap();
        let site = Site::from_fixture("valid-minimal");
        symlink(
            &secret,
            site.root().join("content/events/2019-01-01-link.yaml"),
        )
        .unwrap();
        let run = site.check();
        run.assert_code(1);
        let d = run.diagnostic(MESSAGE);
        assert_eq!(d.location, "content/events/2019-01-01-link.yaml");
        assert_eq!(
            d.hint.as_deref(),
            Some("a link could publish files from outside the site; copy the file into the site instead")
        );
    }

    #[test]
    fn a_link_loop_is_refused_without_hanging() {
        let site = Site::from_fixture("valid-minimal");
        let events = site.root().join("content/events");
        symlink(&events, events.join("loop")).unwrap();
        symlink("self-a", events.join("self-b.yaml")).unwrap();
        symlink("self-b.yaml", events.join("self-a")).unwrap();
        let run = site.check();
        run.assert_code(1);
        let at: Vec<String> = run
            .errors()
            .into_iter()
            .filter(|d| d.message == MESSAGE)
            .map(|d| d.location)
            .collect();
        assert_eq!(
            at,
            [
                "content/events/loop",
                "content/events/self-a",
                "content/events/self-b.yaml"
            ]
        );
    }

    fn refused_links(run: &common::Run) -> Vec<String> {
        run.errors()
            .into_iter()
            .filter(|d| {
                d.message == "symbolic links are not followed in themes, templates or static files"
            })
            .map(|d| d.location)
            .collect()
    }

    #[test]
    fn links_in_templates_static_files_and_themes_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let passwd = outside.path().join("passwd");
        fs::write(&passwd, "root:x:0:0").unwrap();
        let site = Site::from_fixture("valid-minimal");
        let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
        site.write("site.toml", &format!("theme = \"mine\"\n{toml}"));
        let folders = [
            "templates",
            "static",
            "themes/mine/templates",
            "themes/mine/static",
        ];
        for folder in folders {
            let dir = site.root().join(folder);
            fs::create_dir_all(&dir).unwrap();
            symlink(&passwd, dir.join("leak.html")).unwrap();
        }
        // A link to a folder: walking into it could reach anything on the disk.
        symlink("/", site.root().join("static/root")).unwrap();

        // Templates are checked with the content, before anything is rendered.
        let run = site.build();
        run.assert_code(1);
        assert!(!site.output().exists(), "nothing may be written");
        assert_eq!(
            refused_links(&run),
            ["templates/leak.html", "themes/mine/templates/leak.html"]
        );

        for folder in ["templates", "themes/mine/templates"] {
            fs::remove_file(site.root().join(folder).join("leak.html")).unwrap();
        }
        let run = site.build();
        run.assert_code(1);
        assert!(!site.output().exists(), "nothing may be written");
        assert_eq!(
            refused_links(&run),
            [
                "themes/mine/static/leak.html",
                "static/leak.html",
                "static/root"
            ]
        );
    }
}

/// Every built HTML page carries the policy exactly once, and nothing in the output needs the
/// policy relaxed: no inline script, no inline event handler, no style attribute.
#[test]
fn every_page_has_one_content_security_policy_that_its_own_output_satisfies() {
    let site = Site::example();
    site.build().assert_success();
    let files = snapshot(&site.output());
    let pages: Vec<_> = files.iter().filter(|(n, _)| n.ends_with(".html")).collect();
    assert!(pages.len() > 20, "only {} pages", pages.len());
    for (name, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        let policies = html
            .matches("http-equiv=\"Content-Security-Policy\"")
            .count();
        assert_eq!(policies, 1, "{name} has {policies} policies");
        let head = &html[..html.find("</head>").unwrap_or(html.len())];
        let meta = head
            .find("http-equiv=\"Content-Security-Policy\"")
            .expect("the policy is in <head>");
        assert!(
            head.find("<script").is_none_or(|s| s > meta),
            "{name}: the policy must come before any script"
        );
        assert_eq!(live_tags(&html), Vec::<String>::new(), "{name}");
    }
    let policy = String::from_utf8_lossy(&files["index.html"]).into_owned();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} missing");
    }
}

const RAW_HTML_PAGE: &str = "---\ntitle: Raw\n---\n<b onclick=\"steal()\">Bold</b> and <script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\">js</a> <a href=\"https://example.org/\">ok</a>\n\n<span class=\"skip-link\" style=\"position:fixed\">styled</span>\n\n| n |\n|--:|\n| 1 |\n";

#[test]
fn raw_html_is_text_unless_the_site_allows_a_sanitised_subset() {
    let site = Site::from_fixture("valid-minimal").file("content/pages/raw.md", RAW_HTML_PAGE);
    site.build().assert_success();
    let page = site.page("raw/");
    assert!(
        page.contains("&lt;b onclick=\"steal()\"&gt;Bold&lt;/b&gt;"),
        "{page}"
    );
    assert!(page.contains("<td class=\"align-right\">1</td>"), "{page}");

    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nallow_html = true\n"),
    );
    site.build().assert_success();
    let page = site.page("raw/");
    let body = &page[page.find("<main").unwrap()..];
    assert!(body.contains("<b>Bold</b>"), "{body}");
    assert!(
        !body.contains("steal") && !body.contains("alert(1)"),
        "{body}"
    );
    assert!(
        body.contains(">js</a>") && !body.contains("javascript"),
        "{body}"
    );
    assert!(
        body.contains(
            "<a href=\"https://example.org/\" rel=\"noopener noreferrer nofollow\">ok</a>"
        ),
        "{body}"
    );
    assert!(body.contains("<span>styled</span>"), "{body}");
    assert!(body.contains("<td class=\"align-right\">1</td>"), "{body}");
}

/// Found by fuzzing the sanitiser: addresses with control characters inside their scheme. A
/// browser reads `java\nscript:` as `javascript:`, and `pavascr\x17pt:x` as a relative path.
#[test]
fn raw_html_addresses_with_hidden_schemes_stay_inert() {
    let page = "---\ntitle: Hidden\n---\n<a href=\"pavascr\u{17}pt:x\">a</a> <a href=\"java\nscript:alert(1)\">b</a> <a href=\" \u{1}javascript:alert(1)\">c</a> <img src=\"jav&#x09;ascript:alert(1)\"> <a href=\"JAVASCRIPT&colon;alert(1)\">d</a>\n";
    let site = Site::from_fixture("valid-minimal").file("content/pages/hidden.md", page);
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nallow_html = true\n"),
    );
    site.build().assert_success();
    let html = site.page("hidden/");
    assert_eq!(live_tags(&html), Vec::<String>::new(), "{html}");
    for text in [">a</a>", ">b</a>", ">c</a>", ">d</a>"] {
        assert!(html.contains(text), "{text} in {html}");
    }
}

/// Templates are read from `templates/` and the theme only: an include names a template, never
/// a file, so it cannot pull in anything from outside the site.
#[test]
fn a_template_cannot_include_a_file_outside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    fs::write(&secret, "TOP SECRET").unwrap();
    let relative = format!("../../../../../../../..{}", secret.display());
    for name in [secret.display().to_string(), relative] {
        let site = Site::from_fixture("valid-minimal").file(
            "templates/page.html",
            &format!("{{% extends \"base.html\" %}}{{% block content %}}{{% include \"{name}\" %}}{{% endblock content %}}"),
        );
        let run = site.build();
        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("TOP SECRET"), "{}", run.stderr);
        assert!(!site.output().exists());
    }
}

#[test]
fn unknown_markdown_setting_is_refused() {
    let site = Site::from_fixture("valid-minimal");
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nallow_scripts = true\n"),
    );
    let run = site.check();
    run.assert_code(1);
    assert!(run.stderr.contains("allow_scripts"), "{}", run.stderr);
}
