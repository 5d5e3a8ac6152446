//! `docket check` on problems with whole files: YAML syntax, empty files, file names, duplicate
//! ids, site.toml, several broken files in one run, and usage errors (exit code 2).

use crate::common;
use crate::common::invalid::{at, check_fails, DATE_HINT, EVENT};
use crate::common::Site;

#[test]
fn valid_minimal_site_checks_clean() {
    let run = Site::from_fixture("valid-minimal").check();
    run.assert_success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "no errors (0 errors, 0 warnings)");
}

#[test]
fn yaml_syntax_error_points_at_the_unclosed_bracket() {
    let run = check_fails("yaml-syntax");
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let d = run
        .diagnostic("invalid YAML: did not find expected ',' or ']' while parsing a flow sequence");
    d.assert(
        &at(EVENT, 5, 9),
        None,
        Some("the list opened here with `[` is not closed: add the missing `]`"),
    );
    assert_eq!(d.source.as_deref(), Some("origin: [IR"));
}

#[test]
fn unclosed_quote_points_at_the_opening_quote() {
    // Regression: the end-of-file position was reported, past the last line, so no source line
    // could be shown, and the message kept libyaml's "at line N column M" text.
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-05-28-facebook-iran.yaml",
        "title: \"Facebook removes an Iran-based network\ndate: 2019-05-28\nkind: takedown\n",
    );
    let run = site.check();
    run.assert_code(1);
    let d = run
        .diagnostic("invalid YAML: found unexpected end of stream while scanning a quoted scalar");
    d.assert(
        &at(EVENT, 1, 8),
        None,
        Some("the text opened here with a quote is not closed: add the matching quote"),
    );
}

#[test]
fn syntax_error_is_not_hidden_behind_a_type_error() {
    // Regression: an unclosed `[` as the value of a text field was reported as "wrong type:
    // found sequence", because the typed parse failed on the partial document first.
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-05-28-facebook-iran.yaml",
        "title: Facebook removes an Iran-based network\nkind: [takedown\ndiscloser: facebook\n",
    );
    let run = site.check();
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let d = &run.errors()[0];
    assert!(
        d.message.starts_with("invalid YAML: "),
        "expected a syntax error, got {d:#?}"
    );
    assert_eq!(d.location, at(EVENT, 2, 7));
}

#[test]
fn bad_id_names_the_file() {
    let run = check_fails("bad-id");
    run.diagnostic("`2019-05-28_Facebook_Iran` is not a valid event id")
        .assert(
            "content/events/2019-05-28_Facebook_Iran.yaml",
            None,
            Some("the file name is the id: lower-case letters, digits and hyphens, at most 100 characters, not a device name like con or nul; e.g. 2019-05-28-facebook-iran.yaml"),
        );
}

#[test]
fn duplicate_id_in_two_subfolders_names_both_files() {
    let run = check_fails("duplicate-id");
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    run.diagnostic("duplicate event id `facebook-iran`").assert(
        "content/events/2020/facebook-iran.yaml",
        None,
        Some("content/events/2019/facebook-iran.yaml has the same name; ids must be unique"),
    );
}

#[test]
fn unknown_setting_in_site_toml() {
    let run = check_fails("unknown-setting");
    run.diagnostic("unknown setting `page_sise`").assert(
        "site.toml:3:1",
        None,
        Some("did you mean `page_size`?"),
    );
}

#[test]
fn every_unknown_setting_is_reported_at_once() {
    // Regression: only one unknown key of site.toml was reported per run.
    let site = Site::from_fixture("valid-minimal").file(
        "site.toml",
        "titel = \"Tracker\"\nbase_url = \"https://example.org\"\nlicense = \"CC BY 4.0\"\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("unknown setting `titel`").assert(
        "site.toml:1:1",
        None,
        Some("did you mean `title`?"),
    );
    run.diagnostic("unknown setting `license`").assert(
        "site.toml:3:1",
        None,
        Some("did you mean `licence`?"),
    );
    run.diagnostic("missing required setting `title`").assert(
        "site.toml:1:1",
        None,
        Some("add `title = \"...\"`: the tracker's name, shown on every page"),
    );
}

#[test]
fn errors_in_several_files_are_reported_in_one_run() {
    let site = Site::from_fixture("invalid/several-files");
    let run = site.check();
    run.assert_code(1);
    let errors = run.errors();
    let files: Vec<&str> = errors
        .iter()
        .map(|d| d.location.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        files,
        [
            "content/actors/irib.yaml",
            "content/events/2019-05-28-facebook-iran.yaml",
            "content/events/2019-06-13-twitter-iran.yaml",
        ],
        "{}",
        run.stderr
    );
    run.diagnostic("`iran` is not an ISO 3166-1 alpha-2 country code")
        .assert(
            "content/actors/irib.yaml:2:10",
            Some("country"),
            Some("use the ISO 3166-1 alpha-2 code: `IR` (Iran)"),
        );
    run.diagnostic("unknown kind `takedwn`").assert(
        "content/events/2019-05-28-facebook-iran.yaml:3:7",
        Some("kind"),
        Some("did you mean `takedown`?"),
    );
    run.diagnostic("month 13 does not exist in `2019-13`")
        .assert(
            "content/events/2019-06-13-twitter-iran.yaml:2:7",
            Some("date"),
            Some(DATE_HINT),
        );
    assert!(
        run.stderr
            .contains("docket: stopped with 3 errors, 0 warnings"),
        "{}",
        run.stderr
    );

    let build = site.build();
    build.assert_code(1);
    assert_eq!(build.errors().len(), 3, "{}", build.stderr);
    assert!(!site.output().exists(), "a failed build writes nothing");
}

#[test]
fn output_at_the_site_root_is_a_usage_error() {
    let site = Site::from_fixture("valid-minimal");
    let before = common::snapshot(site.root());
    let run = site.build_with(&["--output", "."]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("refusing to write the site into"),
        "{}",
        run.stderr
    );
    assert_eq!(common::snapshot(site.root()), before, "nothing was written");
    assert_eq!(
        common::entries(site.root()),
        ["content", "site.toml"],
        "no temporary folder is left"
    );
}

#[test]
fn output_inside_content_is_a_usage_error() {
    let site = Site::from_fixture("valid-minimal");
    let run = site.build_with(&["--output", "content/public"]);
    run.assert_code(2);
    assert!(!site.root().join("content/public").exists());
}

#[test]
fn empty_record_is_one_error() {
    // Regression: a file with nothing but a comment gave one "missing required field" error per
    // field, all pointing past the last line.
    let site = Site::from_fixture("valid-minimal")
        .file("content/events/2019-06-01-todo.yaml", "# to be written\n");
    let run = site.check();
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    run.diagnostic("the file is empty").assert(
        "content/events/2019-06-01-todo.yaml",
        None,
        Some("write the record here, or delete the file"),
    );
}

#[test]
fn two_documents_in_one_record_are_located() {
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-06-01-two.yaml",
        "title: First\n---\ntitle: Second\n",
    );
    let run = site.check();
    run.assert_code(1);
    run.diagnostic("the file holds more than one YAML document")
        .assert(
            "content/events/2019-06-01-two.yaml:2:1",
            None,
            Some("a record is one document: remove this `---` line, or give each record its own file"),
        );
}
