//! Files from outside the site: a symbolic link anywhere on the way to a file (the folders
//! `content/`, `static/`, `templates/`, a theme, or `site.toml` itself) is refused with an error
//! naming it, and nothing is written. git stores links as links, so a pull request can add one,
//! and CI would otherwise publish the build machine's files.

use crate::common::Site;
use std::fs;
use std::os::unix::fs::symlink;

const SECRET: &str = "runner-secret-7f3a";

/// A folder outside the site holding a secret, and a valid event, for links to point at.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("secret.html"), SECRET).unwrap();
    fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    dir
}

fn assert_refused(site: &Site, at: &str, message: &str) {
    let run = site.build();
    run.assert_code(1);
    assert!(!site.output().exists(), "nothing may be written");
    let found = run
        .errors()
        .into_iter()
        .any(|d| d.location == at && d.message.contains(message));
    assert!(found, "no error at {at}: {}", run.stderr);
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
}

#[test]
fn a_linked_content_folder_is_refused() {
    let away = outside();
    let site = Site::from_fixture("valid-minimal");
    let content = site.root().join("content");
    fs::rename(&content, away.path().join("content")).unwrap();
    symlink(away.path().join("content"), &content).unwrap();
    assert_refused(
        &site,
        "content",
        "symbolic links are not followed in content/",
    );
}

#[test]
fn a_linked_folder_inside_content_is_refused() {
    let away = outside();
    let site = Site::from_fixture("valid-minimal");
    let events = site.root().join("content/events");
    fs::rename(&events, away.path().join("events")).unwrap();
    symlink(away.path().join("events"), &events).unwrap();
    assert_refused(&site, "content/events", "symbolic links are not followed");
}

#[test]
fn linked_static_templates_and_theme_folders_are_refused() {
    let message = "symbolic links are not followed in themes, templates or static files";
    for folder in ["static", "templates"] {
        let away = outside();
        let site = Site::from_fixture("valid-minimal");
        symlink(away.path(), site.root().join(folder)).unwrap();
        assert_refused(&site, folder, message);
    }
    let away = outside();
    let site = Site::from_fixture("valid-minimal");
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("theme = \"mine\"\n{toml}"));
    fs::create_dir_all(away.path().join("mine/static")).unwrap();
    fs::write(away.path().join("mine/static/secret.txt"), SECRET).unwrap();
    fs::create_dir_all(site.root().join("themes")).unwrap();
    symlink(away.path().join("mine"), site.root().join("themes/mine")).unwrap();
    let run = site.build();
    run.assert_code(1);
    assert!(!site.output().exists(), "nothing may be written");
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
}

/// A `site.toml` that is a link to a file on the build machine would have its lines quoted in
/// the parse errors, into the CI log.
#[test]
fn a_linked_site_toml_is_refused_without_quoting_its_target() {
    let away = outside();
    fs::write(away.path().join("passwd"), format!("{SECRET}:x:0:0\n")).unwrap();
    let site = Site::from_fixture("valid-minimal");
    fs::remove_file(site.root().join("site.toml")).unwrap();
    symlink(away.path().join("passwd"), site.root().join("site.toml")).unwrap();
    let run = site.check();
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
}

/// `docket schema` reads the site's vocabularies by the loader's rules too.
#[test]
fn a_linked_vocabulary_file_is_refused_by_schema() {
    let away = outside();
    fs::write(
        away.path().join("orgs.yaml"),
        format!("{SECRET}: {{name: X}}\n"),
    )
    .unwrap();
    let site = Site::from_fixture("valid-minimal");
    fs::create_dir_all(site.root().join("content/vocab")).unwrap();
    symlink(
        away.path().join("orgs.yaml"),
        site.root().join("content/vocab/organisations.yaml"),
    )
    .unwrap();
    let out = site.root().join("schemas-out");
    let run = site.run(&["schema", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
}

/// `docket new` and `docket brief` write into the site: never through a linked folder.
#[test]
fn new_and_brief_never_write_through_a_linked_folder() {
    let away = tempfile::tempdir().unwrap();
    let site = Site::from_fixture("valid-minimal");
    for folder in ["pages", "briefings"] {
        let _ = fs::remove_dir_all(site.root().join("content").join(folder));
        symlink(away.path(), site.root().join("content").join(folder)).unwrap();
    }
    let run = site.run(&["new", "page", "About us"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    // `brief` loads the site first, and the loader already refuses the link.
    let run = site.run(&["brief", "2019-Q2"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(
        fs::read_dir(away.path()).unwrap().count(),
        0,
        "nothing outside the site"
    );
}
