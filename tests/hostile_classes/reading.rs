//! Input that should be accepted, or refused at its line and column: byte-order marks, control
//! characters, bytes that are not UTF-8, hidden files.

use crate::common::Site;
use std::fs;

const EVENT: &str = "content/events/2019-05-28-facebook-iran.yaml";

/// Regression: a record saved with a byte-order mark (as editors on Windows do) was refused as
/// "more than one YAML document".
#[test]
fn a_byte_order_mark_at_the_start_of_a_record_or_page_is_accepted() {
    let site = Site::from_fixture("valid-minimal");
    for file in [EVENT, "content/pages/about.md"] {
        let path = site.root().join(file);
        if !path.exists() {
            site.write(file, "---\ntitle: About\n---\nAbout this tracker.\n");
        }
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    site.build().assert_success();
    assert!(site
        .page("/events/2019-05-28-facebook-iran/")
        .contains("Facebook removes an Iran-based network"));
    // Positions in a file with a mark count from the first character after it.
    let path = site.root().join(EVENT);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("discloser: facebook", "discloser: facebok"),
    )
    .unwrap();
    let run = site.check();
    run.assert_code(1);
    let d = run.diagnostic("unknown organisation `facebok`");
    assert_eq!(d.location, format!("{EVENT}:4:12"));
}

/// Regression: the data version of a site outside git hashed hidden files the loader never
/// reads, whole (a 1 GB `.cache` file meant 1 GB of memory).
#[test]
fn hidden_files_are_not_read_for_the_data_version() {
    let site = Site::from_fixture("valid-minimal");
    site.build().assert_success();
    let before = site.read("data/events.json");
    fs::create_dir_all(site.root().join("content/.cache")).unwrap();
    let big = fs::File::create(site.root().join("content/.cache/big")).unwrap();
    // Sparse: no disk used, but 1 GiB for anything that reads it.
    big.set_len(1 << 30).unwrap();
    site.write("content/events/.draft.yaml.swp", "anything");
    site.build().assert_success();
    assert_eq!(site.read("data/events.json"), before);
}
