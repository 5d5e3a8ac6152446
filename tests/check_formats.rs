//! `docket check --format human|json|github` on one invalid fixture, compared with the
//! expected text checked in under `tests/fixtures/check-formats-expected/` (regenerate with
//! `DOCKET_UPDATE_SNAPSHOTS=1 cargo test --test main check_formats::` and review the diff); `--deny-warnings`;
//! colour only when asked for; and no network use by any command the tests run.

use crate::common;
use crate::common::{Run, Site, SOURCE_DATE_EPOCH};
use std::process::Command;

fn expected_path(name: &str) -> std::path::PathBuf {
    common::repo_root()
        .join("tests/fixtures/check-formats-expected")
        .join(name)
}

/// Run docket in `site` with a clean environment for output formats.
fn run(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_docket"));
    command
        .args(args)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run the docket binary");
    Run {
        code: output.status.code().expect("docket exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

fn assert_matches_expected(name: &str, actual: &str) {
    let path = expected_path(name);
    if std::env::var_os("DOCKET_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).expect("write the expected output");
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_eq!(actual, expected, "{name} differs from the checked-in text");
}

fn invalid() -> Site {
    Site::from_fixture("check-formats")
}

#[test]
fn human_format_underlines_each_value() {
    let run = run(&invalid(), &["check"], &[]);
    run.assert_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_matches_expected("human.txt", &run.stderr);
}

#[test]
fn json_format_is_one_object_per_problem() {
    let run = run(&invalid(), &["check", "--format", "json"], &[]);
    run.assert_code(1);
    assert_matches_expected("json.txt", &run.stdout);
    let problems: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    assert_eq!(problems.len(), 5);
    let first = &problems[0];
    assert_eq!(
        first["file"],
        "content/events/2019-05-28-facebook-iran.yaml"
    );
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 12);
    assert_eq!(first["end_column"], 19);
    assert_eq!(first["field"], "discloser");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["hint"], "did you mean `facebook`?");
    assert_eq!(problems[4]["severity"], "warning");
    assert_eq!(
        run.stderr.trim(),
        "docket: stopped with 4 errors, 1 warning"
    );
}

#[test]
fn github_format_is_workflow_annotations() {
    let run = run(&invalid(), &["check", "--format", "github"], &[]);
    run.assert_code(1);
    assert_matches_expected("github.txt", &run.stdout);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=content/events/2019-05-28-facebook-iran.yaml,line=")
                || line.starts_with("::warning file="),
            "{line}"
        );
        assert!(!line.contains('\r'));
    }
}

#[test]
fn github_paths_are_relative_to_the_workspace() {
    let site = invalid();
    let workspace = site.root().parent().expect("a parent").to_path_buf();
    let folder = site
        .root()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let root = site.root().to_string_lossy().into_owned();
    let run = run(
        &site,
        &["check", "--format", "github", "--root", &root],
        &[("GITHUB_WORKSPACE", &workspace.to_string_lossy())],
    );
    let first = run.stdout.lines().next().expect("an annotation");
    assert!(
        first.starts_with(&format!(
            "::error file={folder}/content/events/2019-05-28-facebook-iran.yaml,line=4,endLine=4,col=12,endColumn=18,"
        )),
        "{first}"
    );
}

#[test]
fn deny_warnings_fails_on_warnings_alone() {
    let site = Site::from_fixture("warnings");
    let plain = run(&site, &["check"], &[]);
    plain.assert_success();
    assert!(!plain.stderr.is_empty(), "the fixture has warnings");
    let strict = run(&site, &["check", "--deny-warnings"], &[]);
    strict.assert_code(1);
    assert!(
        strict.stderr.contains("--deny-warnings"),
        "{}",
        strict.stderr
    );
    let json = run(
        &site,
        &["check", "--format", "json", "--deny-warnings"],
        &[],
    );
    json.assert_code(1);
    assert!(json
        .stdout
        .lines()
        .all(|l| l.contains("\"severity\":\"warning\"")));
}

#[test]
fn colour_only_when_forced_and_never_with_no_color() {
    let site = invalid();
    let piped = run(&site, &["check"], &[]);
    assert!(!piped.stderr.contains('\x1b'), "no colour into a pipe");
    let forced = run(&site, &["check"], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr.contains("\x1b["), "colour when forced");
    let refused = run(
        &site,
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!refused.stderr.contains('\x1b'), "NO_COLOR wins");
}

/// Every command the tests run works with the network unreachable: proxies point at a closed
/// port, and where the system allows it the process runs in a namespace with no network.
#[test]
fn check_and_build_need_no_network() {
    let site = Site::from_fixture("valid-minimal");
    let closed = "http://127.0.0.1:9";
    let proxies = [
        ("HTTP_PROXY", closed),
        ("HTTPS_PROXY", closed),
        ("ALL_PROXY", closed),
        ("http_proxy", closed),
        ("https_proxy", closed),
    ];
    run(&site, &["check"], &proxies).assert_success();
    run(&site, &["build"], &proxies).assert_success();

    let isolated = Command::new("unshare")
        .args(["--net", "--", env!("CARGO_BIN_EXE_docket"), "check"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output();
    if let Ok(out) = isolated {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Where `unshare` itself is refused it says so; then only the proxies above apply.
        if !stderr.starts_with("unshare:") {
            assert!(out.status.success(), "{stderr}");
        }
    }
}
