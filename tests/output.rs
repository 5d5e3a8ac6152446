//! The output folder: byte-identical across builds, replaced only by a complete build, never a
//! folder docket did not write, and no temporary folders left behind.

use crate::common::{entries, snapshot, Site};
use std::fs;

const BAD_EVENT: &str = "title: Broken\ndate: 2019-02-30\n";

/// Assert that nothing but `expected` sits in the site root: no `.public.docket-tmp-*` or
/// `.public.docket-old-*` folders.
fn assert_root_holds(site: &Site, expected: &[&str]) {
    assert_eq!(
        entries(site.root()),
        expected,
        "unexpected files in the site root"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::example();
    site.build_with(&["--output", "one"]).assert_success();
    site.build_with(&["--output", "two"]).assert_success();
    let one = snapshot(&site.root().join("one"));
    let two = snapshot(&site.root().join("two"));
    assert!(one.len() > 50, "only {} files were written", one.len());
    assert!(one.contains_key("index.html") && one.contains_key("style.css"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &one {
        assert!(two[path] == *bytes, "{path} differs between two builds");
    }

    // Rebuilding over an earlier output gives the same bytes again.
    site.build_with(&["--output", "one"]).assert_success();
    assert!(
        snapshot(&site.root().join("one")) == two,
        "a rebuild changed the output"
    );
    assert_root_holds(&site, &["content", "one", "site.toml", "static", "two"]);
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = Site::from_fixture("valid-minimal");
    site.build().assert_success();
    let before = snapshot(&site.output());
    assert!(before.contains_key("index.html"));

    site.write("content/events/2019-02-28-broken.yaml", BAD_EVENT);
    let run = site.build();
    run.assert_code(1);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(snapshot(&site.output()) == before, "the old output changed");
    assert_root_holds(&site, &["content", "public", "site.toml"]);
}

#[test]
fn failure_while_rendering_leaves_the_previous_output_untouched() {
    // This failure comes after the temporary folder was created and partly written.
    let site = Site::from_fixture("valid-minimal");
    site.build().assert_success();
    let before = snapshot(&site.output());

    site.write(
        "templates/event.html",
        "{% extends \"base.html\" %}{% block content %}{{ event.no_such_field.x }}{% endblock content %}",
    );
    let run = site.build();
    run.assert_code(1);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    assert!(snapshot(&site.output()) == before, "the old output changed");
    assert_root_holds(&site, &["content", "public", "site.toml", "templates"]);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = Site::from_fixture("valid-minimal")
        .file("mine/notes.txt", "my own notes\n")
        .file("mine/sub/more.txt", "more\n");
    let before = snapshot(&site.root().join("mine"));
    let run = site.build_with(&["--output", "mine"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("is not empty and was not written by docket"),
        "{}",
        run.stderr
    );
    assert!(
        snapshot(&site.root().join("mine")) == before,
        "the folder changed"
    );
    assert_root_holds(&site, &["content", "mine", "site.toml"]);
}

#[test]
fn replaces_its_own_output_and_drops_stale_files() {
    let site = Site::from_fixture("valid-minimal");
    site.build().assert_success();
    assert!(site.exists("events/2019-05-28-facebook-iran/index.html"));
    assert!(
        site.exists(".docket-output"),
        "the output carries docket's marker"
    );

    site.remove("content/events/2019-05-28-facebook-iran.yaml");
    site.build().assert_success();
    assert!(
        !site.exists("events/2019-05-28-facebook-iran"),
        "a stale page survived"
    );
    assert!(site.exists("index.html"));
    assert_root_holds(&site, &["content", "public", "site.toml"]);
}

#[test]
fn writes_into_an_empty_folder_and_creates_missing_parents() {
    let site = Site::from_fixture("valid-minimal");
    fs::create_dir(site.root().join("empty")).expect("create a folder");
    site.build_with(&["--output", "empty"]).assert_success();
    assert!(site.root().join("empty/index.html").is_file());

    site.build_with(&["--output", "deep/er/site"])
        .assert_success();
    assert!(site.root().join("deep/er/site/index.html").is_file());
    assert_eq!(entries(&site.root().join("deep/er")), ["site"]);
}
