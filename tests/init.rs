//! `docket init`: a starter tracker that checks clean and builds, written only into an empty
//! folder unless `--force`, and then never over an existing file.

mod common;

use common::{Run, SOURCE_DATE_EPOCH};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn docket(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the docket binary");
    Run {
        code: output.status.code().expect("docket exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

/// Every file under `dir`, as `/`-separated relative paths.
fn files(dir: &Path) -> BTreeSet<String> {
    common::snapshot(dir).into_keys().collect()
}

#[test]
fn the_starter_tracker_checks_clean_and_builds() {
    let parent = tempfile::tempdir().expect("a temporary folder");
    docket(parent.path(), &["init", "tracker"]).assert_success();
    let site = parent.path().join("tracker");

    let check = docket(&site, &["check"]);
    check.assert_success();
    assert_eq!(
        check.stdout.trim(),
        "no errors (0 errors, 0 warnings)",
        "{}",
        check.stderr
    );

    let build = docket(&site, &["build"]);
    build.assert_success();
    assert!(
        build.stdout.starts_with("built 3 events into "),
        "{}",
        build.stdout
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("a home page");
    assert!(home.contains("Influence operations tracker"));
    let event = std::fs::read_to_string(
        site.join("public/events/2019-05-28-facebook-iran-fireeye-tip/index.html"),
    )
    .expect("an event page");
    assert!(event.contains("Facebook removes Iran-based network after a FireEye tip"));
    assert!(site.join("public/about/index.html").is_file());
    assert!(site.join("public/methodology/index.html").is_file());
}

#[test]
fn init_writes_every_starter_file_including_ci_and_gitignore() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let run = docket(dir.path(), &["init"]);
    run.assert_success();
    let starter = common::repo_root().join("starter");
    assert_eq!(
        files(dir.path()),
        files(&starter),
        "init writes exactly starter/"
    );
    for (path, bytes) in common::snapshot(&starter) {
        assert_eq!(
            std::fs::read(dir.path().join(&path)).expect("a written file"),
            bytes,
            "{path} is written as it is in starter/"
        );
    }
    let workflow = std::fs::read_to_string(dir.path().join(".github/workflows/docket.yml"))
        .expect("a workflow");
    for step in [
        "docket check --format github",
        "docket build",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ] {
        assert!(workflow.contains(step), "the workflow runs {step}");
    }
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/public/"));
    assert!(dir
        .path()
        .join("content/figures/accounts-by-platform.yaml")
        .is_file());
    assert!(dir.path().join("content/briefings/2019-h1.md").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("site.toml"), "title = \"Mine\"\n").expect("a file");
    let run = docket(dir.path(), &["init", "."]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(files(dir.path()), BTreeSet::from(["site.toml".to_string()]));
}

#[test]
fn init_with_force_keeps_existing_files() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("site.toml"), "title = \"Mine\"\n").expect("a file");
    let run = docket(dir.path(), &["init", "--force"]);
    run.assert_success();
    assert!(
        run.stderr.contains("kept the existing site.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml"),
        "title = \"Mine\"\n"
    );
    assert!(dir.path().join("content/pages/about.md").is_file());
}
