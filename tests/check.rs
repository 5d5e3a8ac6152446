//! `docket check` on records with bad values: one fixture per class of mistake under
//! `tests/fixtures/invalid/<case>/`, each asserting the exact place, field, message and hint.
//! Problems with whole files (syntax, names, site.toml) are in `check_files.rs`.

use crate::common;
use crate::common::invalid::{at, check_fails, DATE_HINT, EVENT};
use crate::common::Site;

#[test]
fn wrong_type_names_the_field_and_the_expected_shape() {
    let run = check_fails("wrong-type");
    let d = run.diagnostic("wrong type: found a mapping, expected a list");
    d.assert(
        &at(EVENT, 9, 3),
        Some("sources"),
        Some("write a list: one `- ` item per line, or `[a, b]` on one line"),
    );
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let run = check_fails("unknown-field");
    run.diagnostic("unknown field `targts`").assert(
        &at(EVENT, 6, 1),
        Some("targts"),
        Some("did you mean `targets`?"),
    );
}

#[test]
fn missing_required_field_says_what_to_add() {
    let run = check_fails("missing-field");
    run.diagnostic("missing required field `discloser`").assert(
        &at(EVENT, 1, 1),
        Some("discloser"),
        Some("add `discloser:` with the key of the organisation that published it, e.g. `discloser: facebook`"),
    );
}

#[test]
fn unknown_references_to_actor_operation_and_event() {
    let run = check_fails("unknown-reference");
    assert_eq!(run.errors().len(), 3, "{}", run.stderr);
    run.diagnostic("unknown actor `irbi`").assert(
        &at(EVENT, 6, 8),
        Some("actor"),
        Some("did you mean `irib`?"),
    );
    run.diagnostic("unknown operation `endless-mayfly`").assert(
        &at(EVENT, 7, 12),
        Some("operation"),
        Some("there is no content/operations/endless-mayfly.yaml"),
    );
    run.diagnostic("unknown event `2019-06-13-twitter-iran`")
        .assert(
            &at(EVENT, 8, 11),
            Some("related[0]"),
            Some("did you mean `2019-06-12-twitter-iran`?"),
        );
}

#[test]
fn related_never_suggests_the_event_itself() {
    // Regression: the nearest id to a mistyped related id was often the event's own id, which
    // is then refused as "related to itself".
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-05-28-facebook-iran.yaml",
        &common::read_output(
            &common::repo_root().join("tests/fixtures/valid-minimal"),
            "content/events/2019-05-28-facebook-iran.yaml",
        )
        .replace(
            "origin: [IR]",
            "origin: [IR]\nrelated: [2019-05-28-facebook-iram]",
        ),
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("unknown event `2019-05-28-facebook-iram`")
        .assert(
            &at(EVENT, 8, 11),
            Some("related[0]"),
            Some("there is no content/events/2019-05-28-facebook-iram.yaml"),
        );
}

#[test]
fn unknown_vocabulary_keys_get_the_key_they_meant() {
    let run = check_fails("unknown-vocabulary");
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
    run.diagnostic("unknown organisation `facebok`").assert(
        &at(EVENT, 4, 12),
        Some("discloser"),
        Some("did you mean `facebook`?"),
    );
    run.diagnostic("`Iran` is not an ISO 3166-1 alpha-2 country code")
        .assert(
            &at(EVENT, 5, 10),
            Some("origin[0]"),
            Some("use the ISO 3166-1 alpha-2 code: `IR` (Iran)"),
        );
    run.diagnostic("`IRN` is not an ISO 3166-1 alpha-2 country code")
        .assert(
            &at(EVENT, 6, 11),
            Some("targets[0]"),
            Some("`IRN` is an ISO alpha-3 code; docket uses alpha-2: `IR` (Iran)"),
        );
    run.diagnostic("unknown tactic `impersonaton`").assert(
        &at(EVENT, 7, 11),
        Some("tactics[0]"),
        Some("did you mean `impersonation`?"),
    );
}

#[test]
fn only_http_links_are_accepted() {
    let run = check_fails("bad-url");
    assert_eq!(run.errors().len(), 3, "{}", run.stderr);
    let hint = Some("links must be absolute http:// or https:// addresses");
    run.diagnostic("`javascript:` links are not allowed")
        .assert(&at(EVENT, 7, 10), Some("sources[0].url"), hint);
    run.diagnostic(
        "`about.fb.com/news/2019/05/removing-more-cib-from-iran/` is not an absolute address",
    )
    .assert(&at(EVENT, 10, 10), Some("sources[1].url"), hint);
    run.diagnostic("`ftp:` links are not allowed").assert(
        &at(EVENT, 12, 14),
        Some("sources[1].archive"),
        hint,
    );
}

#[test]
fn impossible_date_is_refused() {
    let run = check_fails("impossible-date");
    run.diagnostic("February 2019 has no day 30").assert(
        &at("content/events/2019-02-28-facebook-iran.yaml", 2, 7),
        Some("date"),
        Some(DATE_HINT),
    );
}

#[test]
fn future_date_is_refused_as_of_source_date_epoch() {
    let run = check_fails("future-date");
    run.diagnostic("2027-03-01 is in the future").assert(
        &at("content/events/2027-03-01-facebook-iran.yaml", 2, 7),
        Some("date"),
        Some("today is 2027-01-01 (set SOURCE_DATE_EPOCH to build as of another day)"),
    );
}

#[test]
fn negative_and_out_of_range_numbers() {
    let run = check_fails("bad-number");
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    let hint = Some(r#"forms: 51, "~2800", ">4700", ">=1000", "<100", "<=100", "100-200""#);
    run.diagnostic("a figure cannot be negative").assert(
        &at(EVENT, 6, 24),
        Some("removed.facebook.accounts"),
        hint,
    );
    run.diagnostic(
        "99,999,999,999,999 is larger than 1,000,000,000,000, the largest figure docket accepts",
    )
    .assert(&at(EVENT, 7, 25), Some("removed.instagram.accounts"), hint);
}

#[test]
fn bad_quantity_strings() {
    let run = check_fails("bad-quantity");
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    let hint = Some(r#"forms: 51, "~2800", ">4700", ">=1000", "<100", "<=100", "100-200""#);
    run.diagnostic("`about 50` is not a whole number").assert(
        &at(EVENT, 7, 15),
        Some("removed.facebook.accounts"),
        hint,
    );
    run.diagnostic("`lots` is not a whole number").assert(
        &at(EVENT, 8, 12),
        Some("removed.facebook.pages"),
        hint,
    );
}

#[test]
fn retraction_needs_date_and_reason() {
    // Regression: a missing field inside `retraction` pointed at its sibling's line.
    let run = check_fails("incomplete-retraction");
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    run.diagnostic("missing required field `date`").assert(
        &at(EVENT, 6, 1),
        Some("retraction.date"),
        Some("add `date:` as YYYY-MM-DD, YYYY-MM or YYYY"),
    );
    run.diagnostic("missing required field `reason`").assert(
        &at("content/events/2019-06-13-twitter-iran.yaml", 6, 1),
        Some("retraction.reason"),
        Some("add `reason:` saying why the record was retracted"),
    );
}

#[test]
fn retracted_status_without_retraction() {
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-05-28-facebook-iran.yaml",
        "title: Facebook removes an Iran-based network\ndate: 2019-05-28\nkind: takedown\ndiscloser: facebook\nstatus: retracted\nsources:\n  - url: https://about.fb.com/\n    title: A post\n    archive: https://web.archive.org/web/2019/https://about.fb.com/\nsummary: Facebook removed 51 accounts.\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("a retracted event needs a `retraction` with its date and reason")
        .assert(
            &at(EVENT, 5, 9),
            Some("status"),
            Some("add `retraction: {date: YYYY-MM-DD, reason: ...}`"),
        );
}

#[test]
fn javascript_link_in_summary_points_at_the_link() {
    // Regression: the error pointed at the first line of the summary, not the link's line.
    let run = check_fails("markdown-javascript-link");
    run.diagnostic("link to `javascript:alert(1)` is not allowed")
        .assert(
            &at(EVENT, 13, 50),
            Some("summary"),
            Some("links in Markdown may be http(s), mailto, relative paths or #fragments"),
        );
}

#[test]
fn javascript_link_in_a_page_is_located() {
    let site = Site::from_fixture("valid-minimal").file(
        "content/pages/about.md",
        "---\ntitle: About\n---\nHello.\n\nSee [here](javascript:alert(1)).\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("link to `javascript:alert(1)` is not allowed")
        .assert(
            "content/pages/about.md:6:12",
            None,
            Some("links in Markdown may be http(s), mailto, relative paths or #fragments"),
        );
}

#[test]
fn warnings_alone_do_not_fail() {
    let site = Site::from_fixture("warnings");
    for run in [site.check(), site.build()] {
        run.assert_success();
        assert_eq!(run.errors(), vec![], "{}", run.stderr);
        assert_eq!(run.warnings().len(), 2, "{}", run.stderr);
        run.diagnostic("source has no archive link").assert(
            "content/events/2019-05-28-facebook-iran.yaml:8:5",
            Some("sources[0]"),
            Some("add `archive:` with a web.archive.org (or archive.today) copy, so the citation survives the page"),
        );
        run.diagnostic("the activity period ends (2019-07) after the announcement (2019-05-28)")
            .assert(
                "content/events/2019-05-28-facebook-iran.yaml:6:9",
                Some("active"),
                Some("check both dates; activity after a takedown belongs in a new event"),
            );
    }
    assert!(
        site.exists("index.html"),
        "a build with warnings writes the site"
    );
}

/// An event whose two sources lack archive links (two warnings, at lines 7 and 9).
fn unarchived(title: &str) -> String {
    format!(
        "title: {title}\ndate: 2019-05-28\nkind: takedown\ndiscloser: facebook\norigin: [IR]\n\
         sources:\n  - url: https://example.org/a\n    title: A\n  - url: https://example.org/b\n    title: B\n\
         summary: x\n"
    )
}

#[test]
fn a_build_shows_its_first_warnings_located_and_counts_the_rest() {
    // Warnings are located only when shown; the twenty a build shows must still carry their
    // places, in line order within each file.
    let mut site = Site::from_fixture("valid-minimal");
    for day in 1..=15 {
        site = site.file(
            &format!("content/events/2019-01-{day:02}-network.yaml"),
            &unarchived(&format!("Network {day}")),
        );
    }
    let run = site.build();
    run.assert_success();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 20, "{}", run.stderr);
    for (i, w) in warnings.iter().enumerate() {
        let file = format!("content/events/2019-01-{:02}-network.yaml", i / 2 + 1);
        let line = if i % 2 == 0 { 7 } else { 9 };
        assert_eq!(w.location, format!("{file}:{line}:5"), "{}", run.stderr);
        assert_eq!(
            w.source.as_deref(),
            Some(if line == 7 {
                "  - url: https://example.org/a"
            } else {
                "  - url: https://example.org/b"
            })
        );
    }
    assert!(
        run.stderr
            .contains("… and 10 more warnings (`docket check` lists them all)"),
        "{}",
        run.stderr
    );
    // `check` lists all thirty, each located, in every format.
    let all = site.check();
    assert_eq!(all.warnings().len(), 30, "{}", all.stderr);
    let json = site.run(&["check", "--format", "json"]);
    let lines: Vec<&str> = json.stdout.lines().collect();
    assert_eq!(lines.len(), 30, "{}", json.stdout);
    assert!(
        lines
            .iter()
            .all(|l| l.contains("\"line\":7") || l.contains("\"line\":9")),
        "{}",
        json.stdout
    );
    let github = site.run(&["check", "--format", "github"]);
    assert_eq!(
        github.stdout.matches(",line=").count(),
        30,
        "{}",
        github.stdout
    );
}

#[test]
fn a_failed_build_shows_warnings_of_other_files_located() {
    // The error's file is located at once; a file with warnings only is located when printed.
    let site = Site::from_fixture("valid-minimal")
        .file(
            "content/events/2019-01-01-network.yaml",
            &unarchived("Network"),
        )
        .file(
            "content/events/2019-01-02-broken.yaml",
            &unarchived("Broken").replace("kind: takedown", "kind: nonsense"),
        );
    let run = site.build();
    run.assert_code(1);
    let warnings = run.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.location == "content/events/2019-01-01-network.yaml:9:5"),
        "{}",
        run.stderr
    );
    assert!(
        run.errors()
            .iter()
            .any(|e| e.location == "content/events/2019-01-02-broken.yaml:3:7"),
        "{}",
        run.stderr
    );
}

/// Regression: an unknown field (or a value of the wrong type) stopped the checks of its file,
/// so a file with three problems needed two runs to show them all.
#[test]
fn an_unknown_field_does_not_stop_the_checks_of_its_file() {
    const FILE: &str = "content/events/2019-02-02-three.yaml";
    let site = Site::from_fixture("valid-minimal").file(
        FILE,
        "title: Three problems\ndate: 2019-02-30\nkind: takedwn\ndiscloser: twitter\nplatfrom: twitter\nsources:\n  - url: https://example.org/a\n    title: A\n    archive: https://web.archive.org/web/2019/x\n  - url: [not, text]\n    title: B\n    archive: https://web.archive.org/web/2019/y\nsummary: Text.\n",
    );
    let run = site.check();
    run.assert_code(1);
    let found: Vec<(String, String)> = run
        .errors()
        .into_iter()
        .map(|d| (d.location, d.message))
        .collect();
    let expected = [
        (format!("{FILE}:2:7"), "February 2019 has no day 30"),
        (format!("{FILE}:3:7"), "unknown kind `takedwn`"),
        (format!("{FILE}:5:1"), "unknown field `platfrom`"),
        (
            format!("{FILE}:10:10"),
            "wrong type: found a list, expected text",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(at, m)| (at, m.to_string()))
        .collect();
    assert_eq!(found, expected, "{}", run.stderr);
    // Each problem once: the left-out url is not also reported missing.
    assert!(
        !run.stderr.contains("missing required field `url`"),
        "{}",
        run.stderr
    );
}
