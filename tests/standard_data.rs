//! The standard data files (STIX 2.1, MISP, SQLite, the schema of events.json) read back and
//! checked against the records: stable ids, figures with their qualifiers, retracted records
//! kept and marked, times from the records. tests/feeds/check_exports.py runs the outside
//! validators (stix2-validator, PyMISP, jsonschema) on the same files.

use crate::common::Site;
use serde_json::Value;

const RANGE: &str = "2019-05-28-formula-title";
const RETRACTED: &str = "2020-exact-and-retracted";

fn built(site: Site) -> Site {
    let run = site.build();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    site
}

fn json(site: &Site, path: &str) -> Value {
    serde_json::from_str(&site.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The STIX report of the record whose extension names `id`.
fn report<'a>(bundle: &'a Value, id: &str) -> &'a Value {
    bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "report")
        .find(|o| {
            o["extensions"]
                .as_object()
                .unwrap()
                .values()
                .any(|x| x["record_id"] == id)
        })
        .unwrap_or_else(|| panic!("no report for {id}"))
}

fn extension(report: &Value) -> &Value {
    report["extensions"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
}

#[test]
fn stix_reports_keep_their_ids_carry_qualifiers_and_revoke_retractions() {
    let site = built(Site::from_fixture("exports"));
    let bundle = json(&site, "data/events.stix.json");
    assert_eq!(bundle["type"], "bundle");
    let range = report(&bundle, RANGE);
    let id = range["id"].as_str().unwrap();
    let uuid = id.strip_prefix("report--").unwrap();
    assert_eq!(&uuid[14..15], "5", "a version 5 UUID: {id}");
    // Dates from the record (outside git: the announcement, and the latest revision).
    assert_eq!(range["created"], "2019-05-01T00:00:00.000Z");
    assert_eq!(range["modified"], "2019-06-02T00:00:00.000Z");
    assert_eq!(range["published"], "2019-05-01T00:00:00.000Z");
    assert!(range.get("revoked").is_none());
    let ext = extension(range);
    assert_eq!(ext["extension_type"], "property-extension");
    let accounts = &ext["removed"][0];
    assert_eq!(accounts["name"], "accounts");
    assert_eq!(accounts["qualifier"], "range");
    assert_eq!(accounts["value"], 100);
    assert_eq!(accounts["max"], 200);
    assert_eq!(ext["reach"][0]["qualifier"], "lt");
    assert_eq!(ext["attribution"]["wording"], "-originated in Iran");
    // The extension is defined in the bundle.
    let definition = range["extensions"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap();
    assert!(bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["id"] == definition.as_str() && o["type"] == "extension-definition"));

    let retracted = report(&bundle, RETRACTED);
    assert_eq!(retracted["revoked"], true);
    assert_eq!(retracted["modified"], "2020-03-01T00:00:00.000Z");

    // An edit keeps the id; another tracker's record of the same id gets another.
    let edited = std::fs::read_to_string(site.root().join(format!("content/events/{RANGE}.yaml")))
        .unwrap()
        .replace("pages: 12", "pages: 13");
    let again =
        built(Site::from_fixture("exports").file(&format!("content/events/{RANGE}.yaml"), &edited));
    let bundle_again = json(&again, "data/events.stix.json");
    assert_eq!(report(&bundle_again, RANGE)["id"], id);
    assert_ne!(bundle_again, bundle);
    let elsewhere = built(Site::from_fixture("exports").file(
        "site.toml",
        "title = \"Another tracker\"\nbase_url = \"https://other.example.org\"\n",
    ));
    assert_ne!(
        report(&json(&elsewhere, "data/events.stix.json"), RANGE)["id"],
        id
    );
}

#[test]
fn misp_events_hold_sources_figures_and_status() {
    let site = built(Site::from_fixture("exports"));
    let doc = json(&site, "data/events.misp.json");
    let events = doc["response"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let first = &events[0]["Event"];
    assert_eq!(
        first["info"],
        "=HYPERLINK(\"https://evil.example\",\"click me\")"
    );
    assert_eq!(first["date"], "2019-05-01");
    let attributes = first["Attribute"].as_array().unwrap();
    let counter = attributes
        .iter()
        .find(|a| a["type"] == "counter")
        .expect("a counter");
    assert_eq!(counter["value"], "100");
    assert!(
        counter["comment"]
            .as_str()
            .unwrap()
            .starts_with("removed.facebook.accounts: 100–200 (range)"),
        "{counter}"
    );
    assert!(attributes
        .iter()
        .any(|a| a["type"] == "link" && a["value"] == "https://example.org/report"));
    let retracted = &events[1]["Event"];
    assert!(retracted["info"]
        .as_str()
        .unwrap()
        .starts_with("Retracted: "));
    assert!(retracted["Tag"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "docket:status=\"retracted\""));
}

#[test]
fn the_sqlite_file_holds_figures_with_qualifiers_and_is_the_same_every_build() {
    let a = built(Site::from_fixture("exports"));
    let b = built(Site::from_fixture("exports"));
    let bytes = std::fs::read(a.output().join("data/events.sqlite")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(b.output().join("data/events.sqlite")).unwrap(),
        "two builds of the same records give the same database"
    );
    assert!(bytes.starts_with(b"SQLite format 3\0"));

    let db = rusqlite::Connection::open_with_flags(
        a.output().join("data/events.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let count: i64 = db
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    let (value, qualifier, min, max, summable): (i64, String, Option<i64>, Option<i64>, bool) = db
        .query_row(
            "SELECT value, qualifier, min, max, summable FROM quantities \
             WHERE event_id = ?1 AND kind = 'removed' AND name = 'accounts'",
            [RANGE],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (value, qualifier.as_str(), min, max, summable),
        (100, "range", Some(100), Some(200), true)
    );
    let upper_bound: bool = db
        .query_row(
            "SELECT summable FROM quantities WHERE event_id = ?1 AND qualifier = 'lt'",
            [RANGE],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!upper_bound, "an upper bound is not summed");
    let (status, reason): (String, String) = db
        .query_row(
            "SELECT status, retraction_reason FROM events WHERE id = ?1",
            [RETRACTED],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "retracted");
    assert_eq!(reason, "Duplicate of another record.");
    let archives: i64 = db
        .query_row(
            "SELECT count(*) FROM sources WHERE archive LIKE 'https://web.archive.org/%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(archives, 2);
}

#[test]
fn events_json_names_its_schema_and_the_data_page_lists_every_download() {
    let site = built(Site::from_fixture("exports"));
    let text = site.read("data/events.json");
    assert!(
        text.starts_with(
            "{\"$schema\": \"https://tracker.example.org/ops/data/events.schema.json\",\n"
        ),
        "{}",
        &text[..120]
    );
    let schema = json(&site, "data/events.schema.json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$id"],
        "https://tracker.example.org/ops/data/events.schema.json"
    );
    let page = site.page("data/");
    for file in [
        "events.csv",
        "events.json",
        "events.schema.json",
        "events.sqlite",
        "events.stix.json",
        "events.misp.json",
        "cite.bib",
        "cite.ris",
        "cite.csl.json",
    ] {
        let link = format!("href=\"/ops/data/{file}\" download");
        assert!(page.contains(&link), "the data page links {file}");
        let at = page.find(&link).unwrap();
        let meta = &page[at..at + page[at..].find("</li>").unwrap()];
        assert!(
            meta.contains(" kB") || meta.contains(" bytes") || meta.contains(" MB"),
            "{file} is listed with its size: {meta}"
        );
    }
}

/// The build writes the database straight into its file; `serve` makes it in memory. Both must
/// give the same bytes, or the preview would serve another file than the build publishes.
#[test]
fn the_database_made_on_disk_is_the_one_made_in_memory() {
    let site = built(Site::from_fixture("exports"));
    std::env::set_var("SOURCE_DATE_EPOCH", crate::common::SOURCE_DATE_EPOCH);
    let Ok((ds, _)) = docket::prepare(site.root(), false, None) else {
        panic!("the fixture loads");
    };
    let version = docket::history::DataVersion::of(site.root());
    let meta = docket::exports::Meta::new(&ds, version);
    let mut in_memory = Vec::new();
    docket::exports::sqlite::write_sqlite(&ds, &meta, &mut in_memory).unwrap();
    let on_disk = std::fs::read(site.output().join("data/events.sqlite")).unwrap();
    assert_eq!(on_disk.len(), in_memory.len());
    assert!(on_disk == in_memory, "the two databases differ");
}

/// With a DISARM release pinned, MISP events carry the galaxy tags MISP itself uses (the
/// technique's name) and STIX attack patterns the kill chain phase of their tactic; without
/// one, neither is guessed.
#[test]
fn a_pinned_disarm_framework_names_galaxy_tags_and_kill_chain_phases() {
    let site = Site::example();
    let bundle = crate::common::repo_root().join("tests/fixtures/import-disarm/DISARM.json");
    site.run(&[
        "import",
        "disarm",
        &bundle.to_string_lossy(),
        "--framework-version",
        "V0.9",
    ])
    .assert_success();
    let site = built(site);
    let misp = site.read("data/events.misp.json");
    assert!(
        misp.contains(r#"misp-galaxy:disarm-techniques=\"Borrowed Identity\""#),
        "the impersonation tactic's technique T0143.003, by its name"
    );
    let bundle = json(&site, "data/events.stix.json");
    let pattern = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["type"] == "attack-pattern"
                && o["external_references"][0]["external_id"] == "T0143.003"
        })
        .expect("the attack pattern of T0143.003");
    assert_eq!(
        pattern["kill_chain_phases"],
        serde_json::json!([{"kill_chain_name": "disarm", "phase_name": "seem-legitimate"}])
    );

    let unpinned = built(Site::example());
    assert!(!unpinned
        .read("data/events.misp.json")
        .contains("misp-galaxy:disarm-techniques"));
    assert!(!unpinned
        .read("data/events.stix.json")
        .contains("kill_chain_phases"));
}
