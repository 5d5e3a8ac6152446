//! Output that other programs interpret: the CI log and terminal docket prints to, the CSV
//! files a spreadsheet opens, and the XML files a feed reader parses.

use crate::common::{snapshot, Run, Site};

/// An event whose discloser key is `key` (quoted as written), so the "unknown organisation"
/// error quotes it back.
fn event_with_discloser(key: &str) -> String {
    format!(
        "title: Injected\ndate: 2019\nkind: report\ndiscloser: \"{key}\"\nsources: [{{url: \"https://example.org/a\", title: A, archive: \"https://web.archive.org/web/2019/x\"}}]\nsummary: Text.\n"
    )
}

const INJECTED: &str = "content/events/2019-01-01-injected.yaml";
/// Workflow commands, an OSC title sequence and a carriage return that overwrites the line.
const HOSTILE_KEY: &str =
    "x\\n::add-mask::secret\\n  ::warning file=a.yaml::pwned \\e]0;TITLE\\a\\rover";

/// Everything a run printed, both streams.
fn printed(run: &Run) -> String {
    format!("{}{}", run.stdout, run.stderr)
}

/// No raw control character but line ends, and no line a CI runner reads as a command.
fn assert_inert(out: &str, commands_allowed: bool) {
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters in {out:?}"
    );
    for line in out.lines() {
        let line = line.trim_start();
        let ours =
            commands_allowed && (line.starts_with("::error ") || line.starts_with("::warning "));
        assert!(
            !line.starts_with("::") || ours,
            "a workflow command: {line:?}"
        );
    }
}

#[test]
fn record_text_cannot_inject_workflow_commands_or_terminal_escapes_in_any_format() {
    let site =
        Site::from_fixture("valid-minimal").file(INJECTED, &event_with_discloser(HOSTILE_KEY));
    for (args, commands_allowed) in [
        (&["check"][..], false),
        (&["check", "--format", "json"][..], false),
        (&["check", "--format", "github"][..], true),
        (&["build"][..], false),
    ] {
        let run = site.run(args);
        run.assert_code(1);
        let out = printed(&run);
        assert_inert(&out, commands_allowed);
        assert!(
            out.contains("add-mask"),
            "{args:?}: the text is shown, escaped: {out}"
        );
    }
    let run = site.check();
    let d = &run.errors()[0];
    assert!(
        d.message
            .contains("x\\u{a}::add-mask::secret\\u{a}  ::warning")
            && d.message.contains("\\u{1b}]0;TITLE\\u{7}\\u{d}over"),
        "{d:?}"
    );
}

#[test]
fn bidi_controls_in_json_diagnostics_are_escaped() {
    let site =
        Site::from_fixture("valid-minimal").file(INJECTED, &event_with_discloser("a\\u202Eb\\x9b"));
    let run = site.run(&["check", "--format", "json"]);
    run.assert_code(1);
    assert!(run.stdout.contains("a\\u202eb\\u009b"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
}

#[test]
fn a_bidi_control_in_a_title_is_a_warning_at_its_place() {
    let event = "title: Iran network \u{202e}txt.exe\ndate: 2019\nkind: report\ndiscloser: twitter\nsources: [{url: \"https://example.org/a\", title: A, archive: \"https://web.archive.org/web/2019/x\"}]\nsummary: Text.\n";
    let site = Site::from_fixture("valid-minimal").file(INJECTED, event);
    let run = site.check();
    run.assert_success();
    let d = run.diagnostic(
        "`title` contains U+202E (a bidirectional control, which reorders the text shown around it)",
    );
    assert_eq!(d.location, format!("{INJECTED}:1:21"));
    assert!(d.hint.as_deref().unwrap().contains("\\u{202e}"), "{d:?}");
    // The quoted source line shows the character escaped, with the caret under it.
    assert!(
        d.source.as_deref().unwrap().contains("\\u{202e}txt.exe"),
        "{d:?}"
    );
}

#[test]
fn a_line_break_in_a_one_line_field_is_refused() {
    let event = "title: \"Two\\nlines\"\ndate: 2019\nkind: report\ndiscloser: twitter\nsources: [{url: \"https://example.org/a\", title: A, publisher: \"P\\rQ\", archive: \"https://web.archive.org/web/2019/x\"}]\nsummary: |\n  Several\n  lines are fine here.\n";
    let site = Site::from_fixture("valid-minimal").file(INJECTED, event);
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("`title` must be one line, but it contains a line break (U+000A)")
        .assert(
            &format!("{INJECTED}:1:8"),
            Some("title"),
            Some("write it on one line; longer text belongs in the summary"),
        );
    let d = run.diagnostic(
        "`sources[0].publisher` must be one line, but it contains a line break (U+000D)",
    );
    assert_eq!(d.location, format!("{INJECTED}:5:63"));
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
}

/// A summary's character reference (`&#1;`) becomes a character XML forbids after Markdown:
/// no check of the record can see it, so the feed must drop it itself.
#[test]
fn a_character_reference_cannot_make_the_feed_a_chart_or_a_page_malformed() {
    let event = "title: Feed\ndate: 2019\nkind: report\ndiscloser: twitter\nsources: [{url: \"https://example.org/a\", title: A, archive: \"https://web.archive.org/web/2019/x\"}]\nsummary: \"Before &#1; &#xFFFF; &#8; after\"\n";
    let site = Site::from_fixture("valid-minimal")
        .file(INJECTED, event)
        .file(
            "content/figures/by-actor.yaml",
            "title: By actor\nchart: bar\nx: actor\ny: events\n",
        );
    site.build().assert_success();
    let files = snapshot(&site.output());
    let mut xml = 0;
    for (name, bytes) in &files {
        if name.ends_with(".xml") || name.ends_with(".svg") || name.ends_with(".html") {
            xml += 1;
            let text = String::from_utf8_lossy(bytes);
            let bad: Vec<char> = text
                .chars()
                .filter(|&c| !docket::escape::is_xml_char(c))
                .collect();
            assert!(bad.is_empty(), "{name} holds {bad:?}");
        }
    }
    assert!(xml >= 3, "only {xml} XML and HTML files");
    assert!(site.read("feed.xml").contains("Before"));
    assert!(site.page("/events/2019-01-01-injected/").contains("Before"));
}

#[test]
fn figure_csvs_neutralise_formulas_and_name_each_column_once() {
    let site = Site::from_fixture("valid-minimal")
        .file(
            "content/actors/irib.yaml",
            "name: \"=HYPERLINK(\\\"https://evil.example/\\\")\"\ncountry: IR\ntype: state-media\n",
        )
        .file(
            "content/actors/tabbed.yaml",
            "name: \"\\t@SUM(1+1)\"\ntype: state-media\n",
        )
        .file(
            "content/events/2019-06-01-tabbed.yaml",
            "title: Tabbed\ndate: 2019-06-01\nkind: report\ndiscloser: twitter\nactor: tabbed\nsources: [{url: \"https://example.org/a\", title: A, archive: \"https://web.archive.org/web/2019/x\"}]\nsummary: Text.\n",
        )
        .file(
            "content/figures/by-actor.yaml",
            "title: By actor\nchart: bar\nx: actor\ny: events\n",
        );
    site.build().assert_success();
    let csv = site.read("figures/by-actor.csv");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert_eq!(header, "actor,actor_name,events,qualifier,display", "{csv}");
    assert!(
        csv.contains("irib,\"'=HYPERLINK(\"\"https://evil.example/\"\")\",1,exact,1"),
        "{csv}"
    );
    assert!(csv.contains("tabbed,'\t@SUM(1+1),1,exact,1"), "{csv}");
    for line in lines {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "a formula cell in {line:?}"
            );
        }
    }
}

/// Regression (found by the markdown fuzz target's seeds): cleaning forbidden characters out of
/// rendered Markdown by dropping them joined `java&#1;script:` into a live `javascript:` link,
/// after the sanitiser had judged it harmless. They are replaced, so nothing joins up.
#[test]
fn a_forbidden_character_in_a_link_never_becomes_a_live_scheme() {
    let site = Site::from_fixture("valid-minimal").file(
        "content/pages/links.md",
        "---\ntitle: Links\n---\nA <a href=\"java&#1;script:alert(1)\">reference</a>, <a href=\"java\u{1}script:alert(2)\">raw</a>.\n",
    );
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nallow_html = true\n"),
    );
    site.build().assert_success();
    let page = site.page("/links/");
    assert!(page.contains("reference"), "{page}");
    assert!(!page.to_ascii_lowercase().contains("javascript:"), "{page}");
}
