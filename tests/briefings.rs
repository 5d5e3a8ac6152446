//! Briefings: which events and totals a period holds (on a fixture with known answers), the
//! page and its print settings, located errors, `docket brief`, and printing to PDF with a real
//! Chromium (skipped, with a message, where Chromium or poppler is not installed).
//!
//! The fixture `tests/fixtures/briefings/` has, around Q2 2019: two Q1 records (100 and 20
//! accounts, 5 pages), three Q2 records (first day: 30 + 6 accounts, 4 pages, Iran and Russia;
//! `2019-06`: about 200 accounts; last day: 12 YouTube channels, unattributed), a record dated
//! only `2019` (999 accounts), a retracted and a draft record in May, one on 1 July, one on
//! 31 December 2019 (8 accounts) and one on 2 January 2020 (more than 50 accounts), plus a 2018
//! record corrected in May 2019.

use crate::common;
use crate::common::{repo_root, Site};
use docket::dataset::scope::Scope;
use docket::records::period::Period;
use std::path::Path;
use std::process::Command;

fn ids(events: &[&docket::records::Event]) -> Vec<String> {
    events.iter().map(|e| e.id.clone()).collect()
}

fn fixture_scope_ids(period: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let root = repo_root().join("tests/fixtures/briefings");
    let (ds, _) = docket::prepare(&root, false, None)
        .unwrap_or_else(|_| panic!("the briefings fixture should load"));
    let scope = Scope::of(&ds, Period::parse(period).unwrap());
    (
        ids(&scope.events),
        ids(&scope.straddling),
        ids(&scope.retracted),
    )
}

/// The visible text of a page, with tags dropped and whitespace collapsed, for assertions that
/// read like the page.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn built() -> Site {
    let site = Site::from_fixture("briefings");
    site.build().assert_success();
    site
}

#[test]
fn a_quarter_holds_the_events_wholly_inside_it() {
    let (events, straddling, retracted) = fixture_scope_ids("2019-Q2");
    assert_eq!(
        events,
        [
            "2019-04-01-facebook-q2-first-day",
            "2019-06-twitter-month",
            "2019-06-30-google-last-day"
        ]
    );
    assert_eq!(straddling, ["2019-twitter-year-only"]);
    assert_eq!(retracted, ["2019-05-15-twitter-retracted"]);
}

#[test]
fn a_year_holds_events_dated_only_to_it() {
    let (events, straddling, _) = fixture_scope_ids("2019");
    assert!(events.contains(&"2019-twitter-year-only".to_string()));
    assert_eq!(events.len(), 8, "{events:?}");
    assert!(straddling.is_empty());
    // The same year as an explicit interval holds the same events.
    let (interval, _, _) = fixture_scope_ids("2019-01-01/2019-12-31");
    assert_eq!(interval, events);
    // An interval that cuts June in half leaves the June record out, but names it.
    let (events, straddling, _) = fixture_scope_ids("2019-06-15/2019-06-30");
    assert_eq!(events, ["2019-06-30-google-last-day"]);
    assert_eq!(
        straddling,
        ["2019-twitter-year-only", "2019-06-twitter-month"]
    );
}

#[test]
fn key_numbers_sit_beside_the_previous_quarter() {
    let site = built();
    let page = text(&site.page("briefings/q2/"));
    for expected in [
        "Table 1. Key numbers, Q2 2019 beside Q1 2019",
        "Q1 2019 is the previous quarter, counted the same way",
        "Events 3 2 +1 (+50%)",
        "Disclosers 3 2 +1 (+50%)",
        "Platforms 4 2 +2 (+100%)",
        "Origin countries 2 1 +1 (+100%)",
        "Accounts ≈236 120 ≈+116 (≈+97%)",
        "Pages 4 5 −1 (−20%)",
        "Channels 12 not reported —",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // Named but not counted: the year-only record and the retracted one; the draft not at all.
    assert!(page.contains("Not counted: 1 event dated less precisely than Q2 2019"));
    assert!(page.contains("2019 · Twitter releases a dataset dated only to 2019"));
    assert!(page.contains("15 May 2019 · Twitter removes 500 accounts (retracted)"));
    assert!(!page.contains("7000"), "a draft record leaked in:\n{page}");
}

#[test]
fn tables_by_platform_list_the_period_events() {
    let site = built();
    let page = text(&site.page("briefings/q2/"));
    let platforms = &page[page.find("Events by platform Table").unwrap()
        ..page.find("Corrections and retractions Changes").unwrap()];
    let order: Vec<usize> = [
        "Table 2. Events on Facebook, Q2 2019 · 1 event · 30 accounts · 4 pages",
        "Table 3. Events on Instagram, Q2 2019 · 1 event · 6 accounts",
        "Table 4. Events on Twitter, Q2 2019 · 1 event · ≈200 accounts",
        "Table 5. Events on YouTube, Q2 2019 · 1 event · 12 channels",
    ]
    .iter()
    .map(|h| {
        platforms
            .find(h)
            .unwrap_or_else(|| panic!("no {h:?} in {platforms}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{platforms}");
    // Each platform's table shows only that platform's figures, a number never parted from
    // its unit.
    assert!(platforms.contains("Iran, Russia 30 accounts · 4 pages [1] [2]"));
    let html = site.page("briefings/q2/");
    assert!(html.contains("30\u{a0}accounts · 4\u{a0}pages</td>"));
    // The tables share their column widths.
    assert_eq!(html.matches("<col class=\"col-origin\">").count(), 4);
}

#[test]
fn each_network_has_a_section_from_its_records() {
    let site = built();
    let page = text(&site.page("briefings/q2/"));
    let networks = &page[page.find("Networks and cases One").unwrap()
        ..page.find("Events by platform Table").unwrap()];
    for expected in [
        "Facebook removes a network on the first day of the quarter Takedown Iran, Russia",
        "Removed Facebook: 30 accounts · 4 pages Instagram: 6 accounts",
        "How it was found Disclosed by Facebook.",
        "Twitter removes about 200 accounts in June Suspension Iran",
        "Google terminates 12 YouTube channels Takedown Unattributed",
    ] {
        assert!(
            networks.contains(expected),
            "missing {expected:?} in:\n{networks}"
        );
    }
}

#[test]
fn revisions_made_in_the_period_are_listed() {
    let site = built();
    let page = text(&site.page("briefings/q2/"));
    let section = &page[page.find("Corrections and retractions").unwrap()..];
    let correction = section
        .find("10 May 2019 Corrected Facebook removes an old network (record of 20 November 2018) Accounts corrected from 12 to 10.")
        .expect("the May correction of the 2018 record");
    let retraction = section
        .find("20 June 2019 Retracted Twitter removes 500 accounts (retracted) Duplicate of 2019-06-twitter-month.")
        .expect("the June retraction");
    assert!(correction < retraction);
}

#[test]
fn sources_are_numbered_once_and_linked() {
    let site = built();
    let html = site.page("briefings/q2/");
    // Numbered by first mention: the narrative cites the first-day record (two sources, one
    // shared with the June record), then the July record; then the rest of the period's.
    for (n, url) in [
        (1, "https://example.org/s/q2a"),
        (2, "https://example.org/s/shared"),
        (3, "https://example.org/s/q3"),
        (4, "https://example.org/s/q2c"),
    ] {
        let item = format!("<li id=\"ref-{n}\" value=\"{n}\">");
        let at = html
            .find(&item)
            .unwrap_or_else(|| panic!("no reference {n}"));
        let end = at + html[at..].find("</li>").unwrap();
        assert!(html[at..end].contains(url), "reference {n} is not {url}");
    }
    assert!(!html.contains("id=\"ref-5\""));
    // The narrative's citations link to the numbers.
    let narrative = &html[html.find("briefing__narrative").unwrap()..];
    assert!(narrative.contains(
        "<a class=\"ref\" href=\"#ref-1\">[1]</a><a class=\"ref\" href=\"#ref-2\">[2]</a>"
    ));
    assert!(narrative.contains("<a class=\"ref\" href=\"#ref-3\">[3]</a>"));
}

#[test]
fn cover_has_period_dates_version_and_citation() {
    let site = built();
    let page = text(&site.page("briefings/q2/"));
    assert!(page.contains("Period Q2 2019 (1 April – 30 June 2019)"));
    assert!(page.contains("Published 15 July 2019"));
    assert!(page.contains("Data version sha256:"));
    // Named authors, no publisher set: the tracker is named once, as where it appeared.
    let cite = "How to cite: A. Analyst. “Fixture briefing, Q2 2019.” Briefing fixture, 15 July 2019. Data version sha256:";
    let at = page.find(cite).expect("the citation");
    assert!(page[at..].contains(". https://example.org/t/briefings/q2/."));
    assert!(page.contains("Text and data published under CC BY 4.0."));
}

#[test]
fn figures_are_scoped_to_the_period() {
    let site = built();
    let html = site.page("briefings/q2/");
    let start = html.find("<figure").expect("the front matter's figure");
    let figure = text(&html[start..start + html[start..].find("</figure>").unwrap()]);
    assert!(
        figure.contains("Accounts removed, by origin country, Q2 2019"),
        "{figure}"
    );
    // Over all time Iran's accounts are far more; in Q2 2019 they are the first-day and June records.
    assert!(figure.contains("Iran ≈236 2"), "{figure}");
    assert!(figure.contains("Russia 36 1"), "{figure}");
}

#[test]
fn previous_period_crosses_the_year_boundary() {
    let site = built();
    let page = text(&site.page("briefings/q1-2020/"));
    assert!(page.contains("Key numbers, Q1 2020 beside Q4 2019"));
    assert!(page.contains("Q4 2019 is the previous quarter"));
    assert!(page.contains("Events 1 1 no change"), "{page}");
    assert!(page.contains("Accounts ≥50 8 ≥+42"), "{page}");
    let year = text(&site.page("briefings/year-2019/"));
    assert!(year.contains("Key numbers, 2019 beside 2018"));
    assert!(year.contains("2018 is the previous year"));
    assert!(year.contains("Events 8 1 +7 (+700%)"), "{year}");
    assert!(
        year.contains("Accounts ≈1,403 10 ≈+1,393 (≈+13,930%)"),
        "{year}"
    );
}

#[test]
fn list_is_newest_first_and_linked_from_the_navigation() {
    let site = built();
    let list = site.page("briefings/");
    let positions: Vec<usize> = [
        "briefings/q1-2020/",
        "briefings/year-2019/",
        "briefings/q2/",
    ]
    .iter()
    .map(|p| {
        list.find(&format!("href=\"/t/{p}\""))
            .unwrap_or_else(|| panic!("no link to {p}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{list}");
    assert!(site.page("").contains("<a href=\"/t/briefings/\""));
    // No PDFs were asked for, so none is linked.
    assert!(!list.contains(".pdf"));
    assert!(!site.exists("briefings/q2.pdf"));
}

#[test]
fn print_settings_come_from_site_toml() {
    let site = built();
    let css = site.read("briefings/q2/page.css");
    assert!(css.contains("size: letter;"), "{css}");
    assert!(
        css.contains("@top-left { content: \"Fixture briefing, Q2 2019\"; }"),
        "{css}"
    );
    assert!(
        css.contains("@top-right { content: \"Q2 2019\"; }"),
        "{css}"
    );
    assert!(site.read("print.css").contains("counter(pages)"));
    let page = site.page("briefings/q2/");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/t/print.css\" media=\"print\">"));
    assert!(page.contains("<link rel=\"stylesheet\" href=\"page.css\" media=\"print\">"));
    site.write(
        "site.toml",
        "title = \"Briefing fixture\"\npaper = \"A4\"\n",
    );
    site.build().assert_success();
    assert!(site.read("briefings/q2/page.css").contains("size: A4;"));
}

#[test]
fn titles_cannot_break_out_of_the_page_css() {
    let site = Site::from_fixture("briefings").file(
        "content/briefings/q2.md",
        "---\ntitle: 'Q2 \"}</style> \\ x'\nperiod: 2019-Q2\npublished: 2019-07-15\n---\n",
    );
    site.build().assert_success();
    let css = site.read("briefings/q2/page.css");
    assert!(
        css.contains("content: \"Q2 \\22 }\\3c /style\\3e  \\5c  x\";"),
        "{css}"
    );
}

#[test]
fn drafts_are_built_only_with_drafts() {
    let site = Site::from_fixture("briefings").file(
        "content/briefings/next.md",
        "---\ntitle: Next quarter\nperiod: 2019-Q3\npublished: 2019-10-01\nstatus: draft\n---\nDraft text.\n",
    );
    site.build().assert_success();
    assert!(!site.exists("briefings/next/index.html"));
    assert!(!site.page("briefings/").contains("Next quarter"));
    site.build_with(&["--drafts"]).assert_success();
    assert!(site.page("briefings/next/").contains("notice--draft"));
    assert!(site.page("briefings/").contains("badge--draft"));
}

#[test]
fn problems_in_a_briefing_are_located() {
    let site = Site::from_fixture("briefings").file(
        "content/briefings/q2.md",
        "---\ntitle: Broken\nperiod: 2019-Q5\npublished: 2019-07\nfigures: [acounts-by-origin]\n---\n\nSee {{ cite(event=\"2019-06-twiter-month\") }}.\nInline {{ figure(id=\"accounts-by-origin\") }} here.\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("`2019-Q5` is not a quarter: write 2019-Q1 … 2019-Q4")
        .assert(
            "content/briefings/q2.md:3:9",
            Some("period"),
            Some(docket::records::period::FORMS),
        );
    run.diagnostic("`2019-07` is not a day").assert(
        "content/briefings/q2.md:4:12",
        Some("published"),
        Some("write the full date of publication, e.g. 2019-07-15"),
    );
    run.diagnostic("unknown figure `acounts-by-origin`").assert(
        "content/briefings/q2.md:5:11",
        Some("figures[0]"),
        Some("did you mean `accounts-by-origin`?"),
    );
    run.diagnostic("unknown event `2019-06-twiter-month`")
        .assert(
            "content/briefings/q2.md:8:5",
            None,
            Some("did you mean `2019-06-twitter-month`?"),
        );
    let inline = run.diagnostic("a figure goes on a line of its own");
    assert_eq!(inline.location, "content/briefings/q2.md:9:8");
}

#[test]
fn unknown_fields_get_a_suggestion() {
    let site = Site::from_fixture("briefings").file(
        "content/briefings/q2.md",
        "---\ntitle: T\nperiod: 2019-Q2\npublished: 2019-07-15\nauthor: [Me]\n---\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("unknown field `author`").assert(
        "content/briefings/q2.md:5:1",
        Some("author"),
        Some("did you mean `authors`?"),
    );
}

#[test]
fn brief_writes_a_draft_with_the_numbers_and_never_overwrites() {
    let site = Site::from_fixture("briefings");
    let run = site.run(&["brief", "2019-Q2"]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), "content/briefings/2019-q2.md");
    let written =
        std::fs::read_to_string(site.root().join("content/briefings/2019-q2.md")).unwrap();
    for expected in [
        "title: \"Briefing: Q2 2019\"\n",
        "period: 2019-Q2\n",
        "published: 2027-01-01\n",
        "status: draft",
        "In Q2 2019 the tracker records 3 disclosures (Q1 2019: 2).",
        "- Accounts removed: **≈236** (Q1 2019: 120; change: ≈+116 (≈+97%))",
        "- **1 April 2019**: Facebook removes a network on the first day of the quarter {{ cite(event=\"2019-04-01-facebook-q2-first-day\") }}",
        "1 more is dated too coarsely to place in Q2 2019 and is not counted.",
    ] {
        assert!(written.contains(expected), "missing {expected:?} in:\n{written}");
    }
    // What it writes checks out, and stays out of the site until the author publishes it.
    site.check().assert_success();
    let again = site.run(&["brief", "2019-q2"]);
    again.assert_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/briefings/2019-q2.md")).unwrap(),
        written
    );
    let bad = site.run(&["brief", "2019-Q9"]);
    bad.assert_code(2);
    assert!(bad.stderr.contains("is not a quarter"), "{}", bad.stderr);
}

/// `docket build --pdf` with a given `PATH`, in `site`.
fn build_pdf(site: &Site, path: &str) -> common::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["build", "--pdf"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", common::SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .env("PATH", path)
        .output()
        .expect("run docket");
    common::Run {
        code: output.status.code().expect("docket exited"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn without_chromium_the_html_is_built_and_the_exit_code_is_2() {
    let site = Site::from_fixture("briefings");
    let empty = tempfile::tempdir().unwrap();
    let run = build_pdf(&site, &empty.path().to_string_lossy());
    run.assert_code(2);
    assert!(run.stderr.contains("no Chromium found"), "{}", run.stderr);
    assert!(
        run.stderr.contains("apt-get install chromium"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the site was built without PDFs"),
        "{}",
        run.stderr
    );
    assert!(site.exists("briefings/q2/index.html"));
    assert!(!site.exists("briefings/q2.pdf"));
    assert!(
        !site.page("briefings/q2/").contains("q2.pdf"),
        "a link to a PDF that is not there"
    );

    let configured = Site::from_fixture("briefings");
    configured.write(
        "site.toml",
        "title = \"Briefing fixture\"\npdf = true\nchromium = \"bin/no-such-browser\"\n",
    );
    let run = configured.build();
    run.assert_code(2);
    assert!(
        run.stderr.contains("`chromium = \"bin/no-such-browser\"`"),
        "{}",
        run.stderr
    );
    assert!(configured.exists("briefings/q2/index.html"));
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// `program FILE ARGS…`'s standard output.
fn tool_output(program: &str, file: &Path, args: &[&str]) -> String {
    let output = Command::new(program)
        .arg(file)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} failed on {}",
        file.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn prints_real_pdfs_with_chromium() {
    let chromium = docket::pdf::NAMES.iter().any(|n| on_path(n));
    if !chromium || !on_path("pdfinfo") || !on_path("pdftotext") {
        eprintln!(
            "SKIPPED prints_real_pdfs_with_chromium: needs Chromium and poppler-utils (apt-get install -y chromium poppler-utils)"
        );
        return;
    }
    let site = Site::from_fixture("briefings");
    let run = site.build_with(&["--pdf"]);
    run.assert_success();
    assert!(
        run.stdout.contains("printed 3 briefings to PDF"),
        "{}",
        run.stdout
    );
    let pdf = site.output().join("briefings/q2.pdf");
    let info = tool_output("pdfinfo", &pdf, &[]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count");
    assert!(pages > 1, "{info}");
    assert!(info.contains("(letter)"), "paper from site.toml: {info}");
    let words = tool_output("pdftotext", &pdf, &["-"]);
    assert!(words.contains("Fixture briefing, Q2 2019"), "{words}");
    assert!(words.contains("≈236"), "{words}");
    // The cover has no running foot; every other page does.
    assert!(!words.contains("Page 1 of"), "{words}");
    assert!(words.contains(&format!("Page 2 of {pages}")), "{words}");
    // The page links its PDF; the copy that was printed is gone.
    assert!(site
        .page("briefings/q2/")
        .contains("href=\"/t/briefings/q2.pdf\""));
    assert!(!site.exists("briefings/q2/print.html"));
}

/// The copy of the Q2 page that is printed to PDF, for a site with or without `base_url`.
fn print_copy(base_url: &str) -> String {
    let root = repo_root().join("tests/fixtures/briefings");
    let (mut ds, _) = docket::prepare(&root, false, None)
        .unwrap_or_else(|_| panic!("the briefings fixture should load"));
    ds.config.base_url = base_url.to_string();
    let assets = docket::render::batch::Assets::load(&root, &ds)
        .unwrap_or_else(|_| panic!("the theme should load"));
    docket::render::Renderer::new(&ds, &assets.tera, &assets.locale)
        .briefing_print_page("q2", None)
        .unwrap()
        .html
}

#[test]
fn the_printed_copy_uses_only_files_of_the_output() {
    let html = print_copy("https://example.org/t");
    // Stylesheets and scripts by relative paths from briefings/q2/; nothing from the site root.
    assert!(html.contains("href=\"../../style.css\""));
    assert!(html.contains("href=\"../../print.css\" media=\"print\""));
    assert!(html.contains("href=\"page.css\" media=\"print\""));
    assert!(
        !html.contains("href=\"/"),
        "a root-relative address would be a file:/// path"
    );
    assert!(!html.contains("src=\"/"));
    assert!(
        !html.contains("class=\"site-nav\""),
        "the navigation is left out"
    );
    // Links to the tracker's pages work from the PDF; the numbers behind charts are open.
    assert!(html
        .contains("<a href=\"https://example.org/t/events/2019-04-01-facebook-q2-first-day/\">"));
    assert!(html.contains("<details open"));
    // Without base_url, the tracker's pages are named, not linked.
    let html = print_copy("");
    assert!(!html.contains("docket-unlinked"));
    assert!(!html.contains("href=\"/"));
    assert!(text(&html).contains("Facebook removes a network on the first day of the quarter"));
    assert!(!html.contains("/events/2019-04-01-facebook-q2-first-day/\""));
}

#[test]
fn briefing_pages_are_the_same_bytes_every_build() {
    let site = built();
    let first = site.page("briefings/q2/");
    let css = site.read("briefings/q2/page.css");
    site.build().assert_success();
    assert_eq!(site.page("briefings/q2/"), first);
    assert_eq!(site.read("briefings/q2/page.css"), css);
}
