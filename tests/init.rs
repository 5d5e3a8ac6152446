//! `docket init`: a starter tracker that checks clean and builds, written only into an empty
//! folder unless `--force`, and then never over an existing file.

use crate::common;
use crate::common::{Run, SOURCE_DATE_EPOCH};
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

/// The starter as `docket init --ci CI` writes it: starter/ without the other service's CI
/// file, plus the installer, with the release pinned to this docket.
fn expected_starter(ci: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let root = common::repo_root();
    let mut files = common::snapshot(&root.join("starter"));
    let github = files
        .remove(".github/workflows/docket.yml")
        .expect("a workflow");
    let gitlab = files.remove(".gitlab-ci.yml").expect("a GitLab file");
    let installer = std::fs::read(root.join("install.sh")).expect("install.sh");
    let pin = |template: Vec<u8>| {
        String::from_utf8(template)
            .expect("UTF-8")
            .replace("@DOCKET_VERSION@", env!("CARGO_PKG_VERSION"))
            .replace("@DOCKET_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))
            .into_bytes()
    };
    // The record schemas, as `docket schema` writes them for the starter's vocabularies.
    let schemas = tempfile::tempdir().expect("a temporary folder");
    let out = schemas.path().to_str().expect("a UTF-8 path");
    let starter = root.join("starter");
    docket(
        &root,
        &[
            "schema",
            "--root",
            starter.to_str().unwrap(),
            "--output",
            out,
        ],
    )
    .assert_success();
    for (name, bytes) in common::snapshot(schemas.path()) {
        files.insert(format!("schema/{name}"), bytes);
    }
    match ci {
        "github" => {
            files.insert(".github/workflows/docket.yml".into(), pin(github));
            files.insert(".github/docket-install.sh".into(), installer);
        }
        "gitlab" => {
            files.insert(".gitlab-ci.yml".into(), pin(gitlab));
            files.insert(".gitlab/docket-install.sh".into(), installer);
        }
        _ => {}
    }
    files
}

#[test]
fn init_writes_every_starter_file_including_ci_and_gitignore() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let run = docket(dir.path(), &["init"]);
    run.assert_success();
    let expected = expected_starter("github");
    assert_eq!(
        files(dir.path()),
        expected.keys().cloned().collect(),
        "init writes starter/ with the GitHub workflow and the installer"
    );
    for (path, bytes) in expected {
        assert_eq!(
            std::fs::read(dir.path().join(&path)).expect("a written file"),
            bytes,
            "{path} is written as it is in starter/, pinned"
        );
    }
    let workflow = std::fs::read_to_string(dir.path().join(".github/workflows/docket.yml"))
        .expect("a workflow");
    for step in [
        "docket check --format github",
        "docket build --quiet --pdf",
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
fn init_ci_gitlab_writes_the_gitlab_file_and_no_github_workflow() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    docket(dir.path(), &["init", "--ci", "gitlab"]).assert_success();
    let expected = expected_starter("gitlab");
    assert_eq!(files(dir.path()), expected.keys().cloned().collect());
    assert!(!dir.path().join(".github").exists());
    let ci: serde_yaml::Value = serde_yaml::from_slice(
        &std::fs::read(dir.path().join(".gitlab-ci.yml")).expect("a GitLab file"),
    )
    .expect("the GitLab file is YAML");
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(
        ci["pages"]["interruptible"], false,
        "a deploy is never cancelled"
    );
}

#[test]
fn init_ci_none_writes_no_ci_files() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    docket(dir.path(), &["init", "--ci", "none"]).assert_success();
    assert_eq!(
        files(dir.path()),
        expected_starter("none").keys().cloned().collect()
    );
    assert!(!dir.path().join(".github").exists() && !dir.path().join(".gitlab-ci.yml").exists());
}

/// The workflow installed docket from an empty `DOCKET_GIT` with `--rev main` (which cargo
/// cannot resolve) and cached it under the branch name, so it never worked as written.
#[test]
fn the_workflow_is_pinned_to_this_release_with_no_placeholder() {
    for (ci, path) in [
        ("github", ".github/workflows/docket.yml"),
        ("gitlab", ".gitlab-ci.yml"),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        docket(dir.path(), &["init", "--ci", ci]).assert_success();
        let text = std::fs::read_to_string(dir.path().join(path)).expect("a CI file");
        let version = format!("DOCKET_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
        let address = format!("DOCKET_REPOSITORY: \"{}\"", env!("CARGO_PKG_REPOSITORY"));
        assert!(text.contains(&version), "{path} pins {version}");
        assert!(text.contains(&address), "{path} pins {address}");
        assert_eq!(text.matches("DOCKET_VERSION: ").count(), 1, "pinned once");
        for stale in ["@DOCKET_", ": \"\"", "DOCKET_GIT", "--rev"] {
            assert!(!text.contains(stale), "{path} names {stale}");
        }
        assert!(
            text.contains("docket-install.sh"),
            "{path} runs the installer"
        );
    }
}

/// GitHub's Pages deploys must finish once started; only pull requests' checks may cancel.
#[test]
fn the_github_deploy_is_never_cancelled_midway() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    docket(dir.path(), &["init"]).assert_success();
    let workflow: serde_yaml::Value = serde_yaml::from_slice(
        &std::fs::read(dir.path().join(".github/workflows/docket.yml")).expect("a workflow"),
    )
    .expect("the workflow is YAML");
    assert_eq!(
        workflow["concurrency"]["cancel-in-progress"],
        "${{ github.event_name == 'pull_request' }}"
    );
    let publish = &workflow["jobs"]["publish"];
    assert_eq!(publish["concurrency"]["cancel-in-progress"], false);
    let key = workflow["jobs"]["site"]["steps"][1]["with"]["key"]
        .as_str()
        .expect("a cache key");
    assert!(
        key.contains("env.DOCKET_VERSION"),
        "the cache follows the version: {key}"
    );
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

/// The CI files are written through the same link check as the rest of the starter.
#[cfg(unix)]
#[test]
fn init_ci_gitlab_never_writes_through_a_linked_folder() {
    let outside = tempfile::tempdir().expect("a temporary folder");
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".gitlab")).expect("a link");
    let run = docket(dir.path(), &["init", "--force", "--ci", "gitlab"]);
    run.assert_code(2);
    assert!(run.stderr.contains("symbolic link") && run.stderr.contains(".gitlab"));
    assert!(
        common::entries(outside.path()).is_empty(),
        "nothing written outside"
    );
}
