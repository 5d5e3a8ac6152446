//! Nothing is lost: a build that fails half-way, runs out of space or is interrupted leaves the
//! previous output exactly as it was, and no temporary folder behind (or the next build removes
//! it). The builds here are of a generated site of a few thousand events, so they are still
//! writing when the failure strikes.

use crate::common::{entries, snapshot, Site, SOURCE_DATE_EPOCH};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EVENTS: usize = 3000;

/// A site of [`EVENTS`] small events, already built once into `public/`.
fn built_site() -> (Site, BTreeMap<String, Vec<u8>>) {
    let mut site = Site::from_fixture("valid-minimal");
    for i in 0..EVENTS {
        site = site.file(
            &format!("content/events/2019-{i:05}.yaml"),
            &format!(
                "title: Event {i}\ndate: 2019-{:02}\nkind: takedown\ndiscloser: facebook\nremoved: {{facebook: {{accounts: {i}}}}}\norigin: [IR]\nsources: [{{url: \"https://example.org/{i}\", title: Source {i}, archive: \"https://web.archive.org/web/2019/{i}\"}}]\nsummary: Summary of event {i}.\n",
                i % 12 + 1
            ),
        );
    }
    site.build().assert_success();
    let before = snapshot(&site.output());
    assert!(before.len() > EVENTS, "{} files", before.len());
    (site, before)
}

fn assert_unchanged(site: &Site, before: &BTreeMap<String, Vec<u8>>) {
    let after = snapshot(&site.output());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the previous output lost or gained files"
    );
    assert!(after == *before, "the previous output changed");
}

/// Temporary folders docket left beside the output.
fn leftovers(site: &Site) -> Vec<String> {
    entries(site.root())
        .into_iter()
        .filter(|name| name.contains(".docket-"))
        .collect()
}

fn start_build(site: &Site) -> Child {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("build")
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start docket")
}

/// Wait until the build has written some pages into its temporary folder, and return it.
fn wait_for_pages(site: &Site, child: &mut Child) -> PathBuf {
    let temp = site
        .root()
        .join(format!(".public.docket-tmp-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !temp.join("events").is_dir() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it wrote a page"
        );
        assert!(Instant::now() < deadline, "no pages after two minutes");
        std::thread::sleep(Duration::from_millis(2));
    }
    temp
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
}

fn interrupt_with(name: &str, code: i32) {
    let (site, before) = built_site();
    let mut child = start_build(&site);
    let temp = wait_for_pages(&site, &mut child);
    signal(&child, name);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains("interrupted; the previous output is unchanged"),
        "{stderr}"
    );
    assert!(!temp.exists(), "the temporary folder is still there");
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_unchanged(&site, &before);
}

#[test]
fn ctrl_c_during_a_build_removes_the_temporary_folder() {
    interrupt_with("INT", 130);
}

#[test]
fn sigterm_during_a_build_removes_the_temporary_folder() {
    interrupt_with("TERM", 143);
}

#[test]
fn sigkill_during_a_build_leaves_a_folder_the_next_build_removes() {
    let (site, before) = built_site();
    let mut child = start_build(&site);
    let temp = wait_for_pages(&site, &mut child);
    signal(&child, "KILL");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), None, "killed by a signal");
    assert!(temp.is_dir(), "a killed build cannot clean up");
    assert_unchanged(&site, &before);

    site.build().assert_success();
    assert!(
        !temp.exists(),
        "the next build removes what the killed one left"
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_unchanged(&site, &before);
}

#[test]
fn a_template_failing_on_one_page_of_thousands_changes_nothing() {
    let (site, before) = built_site();
    // The page that fails is rendered among thousands that succeed and are already written.
    site.write(
        "templates/event.html",
        "{% extends \"base.html\" %}{% block content %}{% if event.id == \"2019-02999\" %}{{ event.no_such_field.x }}{% endif %}{{ event.title }}{% endblock content %}",
    );
    let run = site.build();
    run.assert_code(1);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_unchanged(&site, &before);
}

/// A full disk, simulated with a file size limit: every write past it fails with "File too
/// large", as it would with "No space left on device". (A read-only folder does not stop root,
/// who runs CI.)
#[test]
fn a_write_failing_half_way_changes_nothing() {
    let (site, before) = built_site();
    // 64 blocks of 512 bytes: pages fit, the data exports of 3,000 events do not.
    let run = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 64 && trap '' XFSZ && exec \"$0\" build")
        .arg(env!("CARGO_BIN_EXE_docket"))
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_unchanged(&site, &before);
}

/// Where permissions do stop the build (not as root), a read-only output parent refuses the
/// temporary folder and the previous output stays.
#[test]
fn a_read_only_output_parent_changes_nothing() {
    let site = Site::from_fixture("valid-minimal");
    let parent = site.root().join("out");
    let output = parent.join("site");
    let build = || site.build_with(&["--output", output.to_str().unwrap()]);
    build().assert_success();
    let before = snapshot(&output);
    set_mode(&parent, 0o555);
    let probe = parent.join("probe");
    let enforced = std::fs::create_dir(&probe).is_err();
    let _ = std::fs::remove_dir(&probe);
    let run = build();
    set_mode(&parent, 0o755);
    if enforced {
        run.assert_code(2);
        assert!(run.stderr.contains("Permission denied"), "{}", run.stderr);
    } else {
        // Root ignores the mode: the build goes through and replaces the output whole.
        run.assert_success();
    }
    assert!(snapshot(&output) == before, "the output changed");
    assert_eq!(entries(&parent), ["site"]);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
