//! Faults and resources: a build killed half-way through replacing the output, output folders
//! placed where the site is read from, `init` through symbolic links, and inputs that multiply
//! into huge pages.

use crate::common::{self, snapshot, Site};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BAD_EVENT: &str = "title: Broken\ndate: 2019-02-30\n";

/// A pid above Linux's largest (2^22): no process has it, so its folders are leftovers.
const DEAD_PID: u32 = 999_999_999;

/// Leave the output as a build killed between the two renames of its swap would: the output
/// moved aside as the kept copy, and the new output complete but not yet in place.
fn kill_between_the_renames(site: &Site) -> PathBuf {
    let kept = site.root().join(format!(".public.docket-old-{DEAD_PID}"));
    fs::rename(site.output(), &kept).unwrap();
    let unfinished = site.root().join(format!(".public.docket-tmp-{DEAD_PID}"));
    fs::create_dir(&unfinished).unwrap();
    fs::write(unfinished.join("index.html"), "the build that was killed").unwrap();
    fs::write(unfinished.join(".docket-output"), "").unwrap();
    kept
}

#[test]
fn a_kill_during_the_swap_is_recovered_by_the_next_build_even_a_failing_one() {
    let site = Site::from_fixture("valid-minimal");
    site.build().assert_success();
    let published = snapshot(&site.output());
    let kept = kill_between_the_renames(&site);

    site.write("content/events/2019-02-28-broken.yaml", BAD_EVENT);
    site.build().assert_code(1);
    assert!(
        snapshot(&site.output()) == published,
        "the published folder is back, as it was"
    );
    assert!(!kept.exists());

    // A build that succeeds after the kill replaces the restored folder and leaves no leftovers.
    kill_between_the_renames(&site);
    site.remove("content/events/2019-02-28-broken.yaml");
    site.build().assert_success();
    assert!(snapshot(&site.output()) == published);
    assert_eq!(
        common::entries(site.root()),
        ["content", "public", "site.toml"]
    );
}

#[test]
fn an_output_folder_inside_a_folder_the_site_reads_is_refused() {
    let site = Site::from_fixture("valid-minimal").file("static/robots.txt", "User-agent: *\n");
    for output in [
        "static/public",
        "static",
        "templates/out",
        "themes/mine/static/out",
        "content/public",
    ] {
        let run = site.build_with(&["--output", output]);
        run.assert_code(2);
        assert!(
            run.stderr.contains("refusing to write the site into") && run.stderr.contains(output),
            "{output}: {}",
            run.stderr
        );
    }
    assert_eq!(
        common::entries(&site.root().join("static")),
        ["robots.txt"],
        "nothing was written into static/"
    );
    assert!(!site.root().join("templates").exists() && !site.root().join("themes").exists());
}

/// `docket init` in `dir` with `args`.
fn init(dir: &Path, args: &[&str]) -> common::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("init")
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the docket binary");
    common::Run {
        code: output.status.code().expect("docket exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

#[cfg(unix)]
#[test]
fn init_force_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let (content, github) = (outside.path().join("content"), outside.path().join("x"));
    fs::create_dir(&content).unwrap();
    fs::create_dir(&github).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path();
    symlink(&content, target.join("content")).unwrap();
    fs::create_dir(target.join(".github")).unwrap();
    symlink(&github, target.join(".github/workflows")).unwrap();
    // A link at a file's own place, pointing to where no file is yet.
    symlink(outside.path().join("readme"), target.join("README.md")).unwrap();

    let run = init(target, &["--force"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("symbolic link")
            && run.stderr.contains("content")
            && run.stderr.contains(".github/workflows")
            && run.stderr.contains("README.md"),
        "{}",
        run.stderr
    );
    assert_eq!(
        common::entries(outside.path()),
        ["content", "x"],
        "nothing is written outside"
    );
    assert!(common::entries(&content).is_empty() && common::entries(&github).is_empty());
    assert_eq!(
        common::entries(target),
        [".github", "README.md", "content"],
        "nothing is written at all"
    );

    // Without the links, --force writes the starter beside what is there.
    for link in ["content", ".github/workflows", "README.md"] {
        fs::remove_file(target.join(link)).unwrap();
    }
    init(target, &["--force"]).assert_success();
    assert!(target.join("content/pages/about.md").is_file());
}

/// A page that embeds the starter's figure `n` times.
fn embedding_page(n: usize) -> String {
    let embeds = "{{ figure(id=\"accounts-by-platform\") }}\n".repeat(n);
    format!("---\ntitle: Figures\n---\nIntro.\n\n{embeds}")
}

/// The starter tracker, whose figure a page can embed.
fn starter() -> Site {
    let site = Site::new();
    init(site.root(), &["--force"]).assert_success();
    site
}

#[test]
fn a_text_that_embeds_too_many_figures_is_a_located_error() {
    const PAGE: &str = "content/pages/charts.md";
    let site = starter().file(PAGE, &embedding_page(20_000));
    let run = site.check();
    run.assert_code(1);
    // The 101st embed, on the 106th line of the file.
    run.diagnostic("more than 100 figures embedded in one text; each is drawn in full")
        .assert(
            &format!("{PAGE}:106:1"),
            None,
            Some("show the others on their own pages (/figures/<id>/), or split the text"),
        );

    // The limit itself is fine, and bounds the page.
    site.write(PAGE, &embedding_page(100));
    site.build().assert_success();
    let page = site.page("charts/");
    assert!(page.len() < 4 << 20, "{} bytes", page.len());
}

#[test]
fn a_page_over_the_size_limit_is_refused_at_its_file() {
    const PAGE: &str = "content/pages/big.md";
    let text = "A long paragraph of text. ".repeat(36_000);
    let site = Site::from_fixture("valid-minimal")
        .file(PAGE, &format!("---\ntitle: Big\n---\n{text}\n"))
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{% for i in range(end=40) %}{{ content_html | safe }}{% endfor %}{% endblock content %}",
        );
    let run = site.build();
    run.assert_code(1);
    let d = run
        .errors()
        .into_iter()
        .find(|d| d.message.starts_with("the page big/index.html is "))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert_eq!(d.location, PAGE);
    assert!(
        d.message
            .ends_with("bytes, more than the 33554432 a page may be"),
        "{d:?}"
    );
    assert!(!site.output().exists(), "nothing is written");
}

/// Regression: a briefing's embeds past the limit were left as text without a word from
/// `check`; they are an error at the first one past it, as in any other text.
#[test]
fn a_briefing_that_embeds_too_many_figures_is_a_located_error() {
    const BRIEFING: &str = "content/briefings/2019-h1.md";
    let site = starter();
    let text = std::fs::read_to_string(site.root().join(BRIEFING)).unwrap();
    let embeds = "{{ figure(id=\"accounts-by-platform\") }}\n".repeat(150);
    site.write(BRIEFING, &format!("{text}\n{embeds}"));
    let run = site.check();
    run.assert_code(1);
    let d = run.diagnostic("more than 100 figures embedded in one text; each is drawn in full");
    let line = text.lines().count() + 2 + 100;
    assert_eq!(d.location, format!("{BRIEFING}:{line}:1"));
    let past: usize = run
        .errors()
        .iter()
        .filter(|d| d.message.starts_with("more than 100 figures"))
        .count();
    assert_eq!(past, 1, "one error, not one per embed past the limit");
}
