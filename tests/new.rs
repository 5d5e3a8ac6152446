//! `docket new`: skeletons named from date and title, with every required field, that check
//! clean once filled in; an existing file is never overwritten.

use crate::common::Site;

const SKELETON: &str = "content/events/2019-05-28-facebook-removes-iran-network.yaml";

fn site() -> Site {
    Site::from_fixture("valid-minimal")
}

fn read(site: &Site, relative: &str) -> String {
    std::fs::read_to_string(site.root().join(relative)).expect("read a site file")
}

#[test]
fn new_event_is_named_from_date_and_title_and_lists_required_fields() {
    let site = site();
    let run = site.run(&[
        "new",
        "event",
        "Facebook removes Iran network",
        "--platform",
        "facebook",
        "--date",
        "2019-05-28",
    ]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), SKELETON);
    let text = read(&site, SKELETON);
    for field in [
        "title: Facebook removes Iran network",
        "date: 2019-05-28",
        "kind:",
        "discloser: facebook",
        "sources:",
        "  - url:",
        "    title:",
        "summary: |",
    ] {
        assert!(text.contains(field), "skeleton lacks {field:?}:\n{text}");
    }
    // Required fields docket cannot fill are named by check until they are filled in.
    let check = site.check();
    check.assert_code(1);
    let messages: Vec<String> = check.errors().into_iter().map(|d| d.message).collect();
    for expected in [
        "missing required field `kind`",
        "missing required field `url`",
        "missing required field `title`",
        "`summary` is empty",
    ] {
        assert!(
            messages.iter().any(|m| m == expected),
            "{expected}: {messages:?}"
        );
    }
}

#[test]
fn a_filled_in_event_skeleton_checks_clean_and_builds() {
    let site = site();
    site.run(&[
        "new",
        "event",
        "Facebook removes Iran network",
        "--platform",
        "facebook",
        "--date",
        "2019-05-28",
    ])
    .assert_success();
    let filled = read(&site, SKELETON)
        .replace("kind:   #", "kind: takedown   #")
        .replace("  - url:   #", "  - url: https://about.fb.com/news/2019/05/cib-iran/   #")
        .replace("    title:   #", "    title: Removing CIB from Iran   #")
        .replace(
            "    archive:   #",
            "    archive: https://web.archive.org/web/2019/https://about.fb.com/news/2019/05/cib-iran/   #",
        )
        .replace("# removed:\n#   facebook:", "removed:\n  facebook:")
        + "  Facebook removed 51 accounts and 36 Pages.\n";
    site.write(SKELETON, &filled);
    let check = site.check();
    check.assert_success();
    assert_eq!(
        check.stdout.trim(),
        "no errors (0 errors, 0 warnings)",
        "{}",
        check.stderr
    );
    site.build().assert_success();
    let page = site.page("events/2019-05-28-facebook-removes-iran-network/");
    assert!(page.contains("Facebook removes Iran network"));
    assert!(page.contains("Facebook removed 51 accounts and 36 Pages."));
}

#[test]
fn new_never_overwrites_a_record() {
    let site = site();
    let args = [
        "new",
        "event",
        "Facebook removes Iran network",
        "--date",
        "2019-05-28",
    ];
    site.run(&args).assert_success();
    site.write(SKELETON, "title: my work\n");
    let again = site.run(&args);
    again.assert_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(
        again.stderr.contains("never overwrites"),
        "{}",
        again.stderr
    );
    assert_eq!(read(&site, SKELETON), "title: my work\n");

    // The same holds for the fixture's own records.
    let existing = site.run(&["new", "actor", "IRIB"]);
    existing.assert_code(2);
    assert!(read(&site, "content/actors/irib.yaml").contains("name:"));
}

#[test]
fn new_actor_operation_and_page_check_clean_as_written() {
    let site = site();
    let actor = site.run(&["new", "actor", "Press TV"]);
    actor.assert_success();
    assert_eq!(actor.stdout.trim(), "content/actors/press-tv.yaml");
    let operation = site.run(&["new", "operation", "Endless Mayfly"]);
    assert_eq!(
        operation.stdout.trim(),
        "content/operations/endless-mayfly.yaml"
    );
    let page = site.run(&["new", "page", "How to cite"]);
    assert_eq!(page.stdout.trim(), "content/pages/how-to-cite.md");
    site.check().assert_success();
    site.build().assert_success();
    assert!(site.page("how-to-cite/").contains("How to cite"));
    assert!(site.page("actors/press-tv/").contains("Press TV"));
}

#[test]
fn new_refuses_bad_dates_and_reserved_page_names() {
    let site = site();
    let run = site.run(&["new", "event", "Something", "--date", "2019-13-01"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--date `2019-13-01`"), "{}", run.stderr);
    let page = site.run(&["new", "page", "Events"]);
    page.assert_code(2);
    assert!(
        page.stderr.contains("docket writes /events/ itself"),
        "{}",
        page.stderr
    );
    assert!(!site.root().join("content/pages/events.md").exists());
}

#[test]
fn titles_with_accents_and_punctuation_make_readable_ids() {
    let site = site();
    let run = site.run(&[
        "new",
        "event",
        "Télégram: «Opération» suspended!",
        "--date",
        "2020-02",
    ]);
    run.assert_success();
    assert_eq!(
        run.stdout.trim(),
        "content/events/2020-02-telegram-operation-suspended.yaml"
    );
    let text = read(
        &site,
        "content/events/2020-02-telegram-operation-suspended.yaml",
    );
    assert!(
        text.contains("title: \"Télégram: «Opération» suspended!\""),
        "{text}"
    );
}
