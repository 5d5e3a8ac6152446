//! The JSON Schemas kept in `schema/` are exactly what `docket schema` writes for the example
//! tracker, and every example record names its schema on its first line, so editors validate
//! the records as they are typed. (That the schemas accept and reject the same records as
//! `docket check` is checked with a real validator by tests/feeds/check_schemas.py.)

use crate::common;
use crate::common::repo_root;
use std::fs;
use std::process::Command;

#[test]
fn schema_folder_is_what_docket_schema_writes() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["schema", "--output"])
        .arg(out.path())
        .current_dir(repo_root())
        .output()
        .expect("run docket schema");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = common::entries(out.path());
    assert!(written.contains(&"event.schema.json".to_string()));
    assert_eq!(
        written,
        common::entries(&repo_root().join("schema")),
        "schema/ has other files than `docket schema` writes"
    );
    for name in written {
        let fresh = fs::read_to_string(out.path().join(&name)).unwrap();
        let kept = fs::read_to_string(repo_root().join("schema").join(&name)).unwrap();
        assert!(
            fresh == kept,
            "schema/{name} is out of date: run `cargo run -- schema` in the repository root"
        );
        let parsed: serde_json::Value = serde_json::from_str(&fresh).unwrap();
        assert_eq!(parsed["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn example_records_point_at_their_schema() {
    let root = repo_root();
    let mut checked = 0;
    for (folder, schema) in [
        ("events", "event"),
        ("actors", "actor"),
        ("operations", "operation"),
        ("figures", "figure"),
    ] {
        let Ok(entries) = fs::read_dir(root.join("content").join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                format!("# yaml-language-server: $schema=../../schema/{schema}.schema.json"),
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} records checked");
}

#[test]
fn schema_refuses_a_folder_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a folder").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["schema", "--output"])
        .arg(blocker.join("schema"))
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot create"));
}

/// Regression: `docket schema` read the vocabularies with the default 1 MiB limit whatever
/// `site.toml` said, so a large vocabulary the build accepted was refused by it.
#[test]
fn schema_reads_vocabularies_within_the_sites_max_file_size() {
    // A country renamed, padded with comments to 1.5 MiB, under a site limit of 2 MiB.
    let mut countries = String::from("IR:\n  name: Islamic Republic of Iran\n");
    while countries.len() < 1_536 * 1024 {
        countries.push_str("# a comment that pads the file past the default limit\n");
    }
    let site = common::Site::new()
        .file(
            "site.toml",
            "title = \"Large vocabulary\"\nmax_file_size = 2097152\n",
        )
        .file("content/vocab/countries.yaml", &countries);
    site.check().assert_success();
    let out = tempfile::tempdir().unwrap();
    let run = site.run(&["schema", "--output", &out.path().display().to_string()]);
    run.assert_success();
    assert!(out.path().join("countries.schema.json").is_file());
}
