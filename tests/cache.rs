//! The build cache (`docket build --cache DIR`): a build that reuses the pages of the last one
//! writes exactly what a clean build writes, whatever changed in between.

use crate::common::edits::Edits;
use crate::common::{self, Site};
use std::path::Path;

/// `docket build` of `site` into `output`, with the cache in `cache` when given; the pages
/// reused and rendered, as the build reports them.
fn build(site: &Site, cache: Option<&Path>, output: &Path) -> (usize, usize) {
    let output = output.to_string_lossy().into_owned();
    let mut args = vec!["build", "--output", &output];
    let cache = cache.map(|c| c.to_string_lossy().into_owned());
    if let Some(cache) = &cache {
        args.extend(["--cache", cache]);
    }
    let run = site.run(&args);
    run.assert_success();
    if cache.is_none() {
        return (0, 0);
    }
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or_else(|| panic!("no cache line in\n{}", run.stdout));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Build with the cache and without, and compare every file.
fn assert_cached_as_clean(site: &Site, cache: &Path, step: &str) -> (usize, usize) {
    let out = tempfile::tempdir().unwrap();
    let counts = build(site, Some(cache), &out.path().join("cached"));
    build(site, None, &out.path().join("clean"));
    let cached = common::snapshot(&out.path().join("cached"));
    let clean = common::snapshot(&out.path().join("clean"));
    let paths = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files.keys().cloned().collect()
    };
    assert_eq!(paths(&cached), paths(&clean), "{step}: the same files");
    for (path, bytes) in &clean {
        assert!(
            cached[path] == *bytes,
            "{step}: {path} differs between the cached and the clean build"
        );
    }
    counts
}

/// A change to each kind of input in turn, and random edits of records between them: after
/// every one, the cached build equals a clean one.
#[test]
fn a_cached_build_writes_what_a_clean_build_writes_after_random_edits() {
    const EMBED: &str = "{{ figure(id=\"accounts-by-platform\") }}";
    let site = Site::example();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}page_size = 3\n"));
    site.write(
        "content/pages/charts.md",
        &format!("---\ntitle: Charts\n---\n{EMBED}\n"),
    );
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    let (reused, rendered) = assert_cached_as_clean(&site, &cache, "first build");
    assert_eq!(reused, 0, "an empty cache gives nothing");
    assert!(rendered > 50);
    let (reused, rendered) = assert_cached_as_clean(&site, &cache, "nothing changed");
    assert_eq!(rendered, 0, "an unchanged site renders nothing");
    assert!(reused > 50);

    let file = |n: usize| format!("content/events/2019-01-01-generated-{n}.yaml");
    let mut edits = Edits(0x2545_f491_4f6c_dd1d);
    let mut generated: Vec<usize> = Vec::new();
    let mut partly_reused = 0;
    for step in 0..16 {
        let what = match step % 8 {
            // A record added, changed (a date, a platform, a retraction…) or deleted.
            0 | 2 | 4 => {
                let n = 100 + step;
                site.write(&file(n), &edits.record(n));
                generated.push(n);
                "a record added"
            }
            1 | 5 if !generated.is_empty() => {
                let n = generated[edits.next(generated.len())];
                site.write(&file(n), &edits.record(n));
                "a record changed"
            }
            3 if !generated.is_empty() => {
                let n = generated.remove(edits.next(generated.len()));
                site.remove(&file(n));
                "a record deleted"
            }
            6 => {
                let spec = "content/figures/accounts-by-platform.yaml";
                let text = std::fs::read_to_string(site.root().join(spec)).unwrap();
                site.write(
                    spec,
                    &text.replacen("title: ", &format!("title: Step {step} - "), 1),
                );
                "a figure changed"
            }
            7 => {
                site.write(
                    "content/pages/charts.md",
                    &format!("---\ntitle: Charts\n---\nStep {step}.\n\n{EMBED}\n"),
                );
                "a page changed"
            }
            _ => {
                let n = 100 + step;
                site.write(&file(n), &edits.record(n));
                generated.push(n);
                "a record added"
            }
        };
        let (reused, _) = assert_cached_as_clean(&site, &cache, &format!("step {step}: {what}"));
        if reused > 0 {
            partly_reused += 1;
        }
    }
    assert!(
        partly_reused >= 8,
        "record edits reuse the pages they do not touch"
    );

    // Settings and templates are read by every page: nothing is reused, and still the same.
    site.write(
        "site.toml",
        &format!("{config}page_size = 3\ndescription = \"Changed.\"\n").replacen(
            "description = ",
            "# description = ",
            1,
        ),
    );
    let (reused, _) = assert_cached_as_clean(&site, &cache, "site.toml changed");
    assert_eq!(reused, 0);
    site.write(
        "templates/partials/row.html",
        &std::fs::read_to_string(
            common::repo_root().join("themes/default/templates/partials/row.html"),
        )
        .unwrap()
        .replacen("<tr", "<tr data-edited", 1),
    );
    let (reused, _) = assert_cached_as_clean(&site, &cache, "a template changed");
    assert_eq!(reused, 0);
    let (_, rendered) = assert_cached_as_clean(&site, &cache, "nothing changed again");
    assert_eq!(rendered, 0);
}

/// A cache cut short (saved in part, or damaged) is not trusted: the build renders everything
/// and still writes what a clean build writes.
#[test]
fn a_damaged_cache_is_rendered_over() {
    let site = Site::example();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    assert_cached_as_clean(&site, &cache, "first build");
    let pack = cache.join("pages.pack");
    let len = std::fs::metadata(&pack).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&pack)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let (reused, _) = assert_cached_as_clean(&site, &cache, "a pack cut in half");
    assert_eq!(reused, 0);
    std::fs::write(cache.join("manifest.json"), "{not json").unwrap();
    let (reused, _) = assert_cached_as_clean(&site, &cache, "a manifest that does not read");
    assert_eq!(reused, 0);
}

/// The pack only grows by the pages a build renders again: a one-record edit adds those, not
/// every page (a cache that rewrote every page made a one-record rebuild slower than a clean
/// build on a real disk).
#[test]
fn a_one_record_edit_adds_only_its_pages_to_the_cache() {
    let site = Site::example();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    assert_cached_as_clean(&site, &cache, "first build");
    let pack = cache.join("pages.pack");
    let first = std::fs::read(&pack).unwrap();
    assert_cached_as_clean(&site, &cache, "nothing changed");
    assert!(
        std::fs::read(&pack).unwrap() == first,
        "a build reusing every page leaves the pack as it was"
    );
    let record = "content/events/2019-05-28-facebook-iran-fireeye-tip.yaml";
    let text = std::fs::read_to_string(site.root().join(record)).unwrap();
    site.write(
        record,
        &text.replace(
            "title: Facebook removes Iran-based network after a FireEye tip",
            "title: Facebook removes a network after a tip from FireEye",
        ),
    );
    let (reused, rendered) = assert_cached_as_clean(&site, &cache, "one record edited");
    assert!(
        reused > 0 && rendered > 0,
        "{reused} reused, {rendered} rendered"
    );
    // Reused pages stay where they were: the pack is the old one with the rendered pages after it.
    let after = std::fs::read(&pack).unwrap();
    assert!(
        after.len() > first.len() && after.starts_with(&first),
        "the pack was rewritten ({} bytes, {} before)",
        after.len(),
        first.len()
    );
}

/// Each language's pages are kept under their own key: an edit to a record and to a Persian
/// string changes the pages of both languages, and a build without changes reuses every page.
#[test]
fn a_cached_site_in_two_languages_writes_what_a_clean_build_writes() {
    let site = Site::from_fixture("lang-en-fa");
    let cache = tempfile::tempdir().unwrap();
    let (reused, rendered) = assert_cached_as_clean(&site, cache.path(), "first build");
    assert_eq!(reused, 0);
    let (reused, again) = assert_cached_as_clean(&site, cache.path(), "no change");
    assert_eq!(
        (reused, again),
        (rendered, 0),
        "every page of both languages reused"
    );
    let record = "content/events/2019-05-28-twitter-false-personas.yaml";
    let text = std::fs::read_to_string(site.root().join(record)).unwrap();
    site.write(record, &text.replace("2,800", "2,900"));
    let (_, after_edit) = assert_cached_as_clean(&site, cache.path(), "a record edited");
    assert!(after_edit >= 2, "the record's page in each language");
    site.write("i18n/fa.toml", "[nav]\nevents = \"رخدادها\"\n");
    assert_cached_as_clean(&site, cache.path(), "a Persian string overridden");
}
