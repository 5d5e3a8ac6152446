//! The downloads read back with real parsers (serde_json, csv) and checked against the dataset
//! docket loads from the same records: counts, every figure's value and qualifier, a known
//! record, formula neutralising, the data version and reproducibility.

use crate::common;
use crate::common::{Site, SOURCE_DATE_EPOCH};
use docket::dataset::Dataset;
use docket::records::quantity::Quantity;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The dataset docket builds from `root`, as of the pinned clock the builds use.
fn dataset(root: &Path) -> Dataset {
    std::env::set_var("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    match docket::prepare(root, false, None) {
        Ok((ds, _)) => ds,
        Err(_) => panic!("{} does not load", root.display()),
    }
}

fn built(site: Site) -> Site {
    let run = site.build();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    site
}

fn events_json(site: &Site) -> Value {
    serde_json::from_str(&site.read("data/events.json")).expect("events.json is JSON")
}

/// The CSV as header → cell maps, one per row.
fn events_csv(site: &Site) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let text = site.read("data/events.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            assert_eq!(r.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn assert_quantity(json: &Value, q: &Quantity, at: &str) {
    assert_eq!(json["value"], q.value, "{at}: value");
    assert_eq!(json["qualifier"], q.qualifier.name(), "{at}: qualifier");
    assert_eq!(json["display"], q.display(), "{at}: display");
    match q.max {
        Some(max) => assert_eq!(json["max"], max, "{at}: max"),
        None => assert!(json["max"].is_null(), "{at}: max"),
    }
}

#[test]
fn json_holds_every_event_with_honest_figures() {
    let site = built(Site::example());
    let ds = dataset(site.root());
    let json = events_json(&site);
    let events = json["events"].as_array().expect("an events list");
    assert_eq!(events.len(), ds.events.len());
    for (e, j) in ds.events.iter().zip(events) {
        assert_eq!(j["id"], e.id.as_str(), "events in dataset order");
        assert_eq!(j["status"], e.status.key());
        assert_eq!(j["sources"].as_array().unwrap().len(), e.sources.len());
        assert_eq!(j["revisions"].as_array().unwrap().len(), e.revisions.len());
        for (group, measures) in [
            ("removed", &e.removed),
            ("reach", &e.reach),
            ("content", &e.content),
        ] {
            let list = j[group].as_array().unwrap();
            assert_eq!(list.len(), measures.len(), "{}: {group}", e.id);
            for (m, mj) in measures.iter().zip(list) {
                assert_eq!(mj["platform"]["key"], m.platform.as_str());
                assert_eq!(mj["name"], m.name.as_str());
                assert_quantity(mj, &m.quantity, &format!("{} {group}", e.id));
            }
        }
    }
    assert_eq!(json["actors"].as_array().unwrap().len(), ds.actors.len());
    assert_eq!(
        json["operations"].as_array().unwrap().len(),
        ds.operations.len()
    );
    assert_eq!(json["built_at"], "2027-01-01T00:00:00Z");
    // One event to a line, so the file diffs and greps by record.
    let text = site.read("data/events.json");
    for e in &ds.events {
        let line = format!("{{\"id\": \"{}\", ", e.id);
        assert_eq!(
            text.lines().filter(|l| l.starts_with(&line)).count(),
            1,
            "{} on a line of its own",
            e.id
        );
    }

    // A known record, resolved.
    let tip = events
        .iter()
        .find(|e| e["id"] == "2019-05-28-facebook-iran-fireeye-tip")
        .expect("the FireEye tip record");
    assert_eq!(
        tip["url"],
        "https://example.org/docket/events/2019-05-28-facebook-iran-fireeye-tip/"
    );
    assert_eq!(tip["discloser"]["name"], "Facebook");
    assert_eq!(tip["origin"][0]["name"], "Iran");
    assert_eq!(tip["operation"]["name"], "Distinguished Impersonator");
    assert_eq!(tip["removed"][0]["platform"]["name"], "Facebook");
    assert_eq!(tip["removed"][0]["name"], "accounts");
    assert_eq!(tip["removed"][0]["value"], 51);
    assert_eq!(tip["removed"][0]["qualifier"], "exact");
    let followers = &tip["reach"][0];
    assert_eq!(followers["name"], "followers");
    assert_eq!(followers["display"], "≈21,000");
    assert_eq!(followers["qualifier"], "approx");
    assert!(followers["as_stated"]
        .as_str()
        .unwrap()
        .starts_with("about 21,000"));
    assert_eq!(tip["sources"][0]["publisher"], "Facebook");
}

#[test]
fn csv_has_one_row_per_event_and_a_qualifier_beside_every_number() {
    let site = built(Site::example());
    let ds = dataset(site.root());
    let (header, rows) = events_csv(&site);
    assert_eq!(rows.len(), ds.events.len());
    for (i, name) in header.iter().enumerate() {
        let is_figure = ["removed.", "reach.", "content."]
            .iter()
            .any(|p| name.starts_with(p));
        if is_figure && !name.ends_with(".qualifier") && !name.ends_with(".max") {
            assert_eq!(
                header[i + 1],
                format!("{name}.qualifier"),
                "qualifier beside {name}"
            );
        }
    }
    let mut figures = 0;
    for (e, row) in ds.events.iter().zip(&rows) {
        assert_eq!(row["id"], e.id);
        assert_eq!(row["status"], e.status.key());
        for (group, measures) in [
            ("removed", &e.removed),
            ("reach", &e.reach),
            ("content", &e.content),
        ] {
            for m in measures {
                let column = format!("{group}.{}.{}", m.platform, m.name);
                assert_eq!(row[&column], m.quantity.value.to_string(), "{column}");
                assert_eq!(
                    row[&format!("{column}.qualifier")],
                    m.quantity.qualifier.name()
                );
                figures += 1;
            }
        }
        // A figure the record does not report is empty, never 0.
        let reported = e.removed.len() + e.reach.len() + e.content.len();
        let filled = header
            .iter()
            .filter(|h| h.ends_with(".qualifier") && !h.starts_with("ad_spend"))
            .filter(|h| !row[*h].is_empty())
            .count();
        assert_eq!(
            filled, reported,
            "{}: only reported figures are filled",
            e.id
        );
    }
    assert!(figures > 20, "the example reports figures ({figures})");

    let tip = rows
        .iter()
        .find(|r| r["id"] == "2019-05-28-facebook-iran-fireeye-tip")
        .unwrap();
    assert_eq!(tip["removed.facebook.accounts"], "51");
    assert_eq!(tip["removed.facebook.accounts.qualifier"], "exact");
    assert_eq!(tip["reach.facebook.followers"], "21000");
    assert_eq!(tip["reach.facebook.followers.qualifier"], "approx");
    assert_eq!(tip["origin"], "IR");
    assert_eq!(tip["platforms"], "facebook; instagram");
    assert_eq!(tip["built_at"], "2027-01-01T00:00:00Z");

    // The CSV and the JSON name the same data version.
    let json = events_json(&site);
    assert_eq!(json["data_version"]["id"], tip["data_version"].as_str());
}

#[test]
fn csv_neutralises_formulas_and_keeps_ranges() {
    let site = built(Site::from_fixture("exports"));
    let (header, rows) = events_csv(&site);
    let formula = rows
        .iter()
        .find(|r| r["id"] == "2019-05-28-formula-title")
        .unwrap();
    assert_eq!(
        formula["title"],
        "'=HYPERLINK(\"https://evil.example\",\"click me\")"
    );
    assert!(formula["summary"].starts_with("'@everyone"));
    assert_eq!(formula["attribution_wording"], "'-originated in Iran");
    assert_eq!(formula["date"], "2019-05");
    assert_eq!(formula["date_precision"], "month");
    // A range: its minimum, its qualifier and its maximum, side by side.
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        at("removed.facebook.accounts.max"),
        at("removed.facebook.accounts") + 2
    );
    assert_eq!(formula["removed.facebook.accounts"], "100");
    assert_eq!(formula["removed.facebook.accounts.qualifier"], "range");
    assert_eq!(formula["removed.facebook.accounts.max"], "200");
    assert!(!header.contains(&"removed.facebook.pages.max".to_string()));
    assert_eq!(formula["reach.facebook.followers"], "100");
    assert_eq!(formula["reach.facebook.followers.qualifier"], "lt");
    assert_eq!(formula["reach.instagram.followers.qualifier"], "approx");

    let retracted = rows
        .iter()
        .find(|r| r["id"] == "2020-exact-and-retracted")
        .unwrap();
    assert_eq!(retracted["status"], "retracted");
    assert_eq!(retracted["retraction_date"], "2020-03-01");
    assert_eq!(retracted["content.twitter.tweets.qualifier"], "gt");
    assert_eq!(retracted["removed.facebook.accounts"], "");
    assert_eq!(retracted["origin"], "");

    // The JSON keeps the text as written: only the spreadsheet format needs the apostrophe.
    let json = events_json(&site);
    let title = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2019-05-28-formula-title")
        .unwrap()["title"]
        .clone();
    assert_eq!(title, "=HYPERLINK(\"https://evil.example\",\"click me\")");
}

#[test]
fn same_records_anywhere_give_the_same_bytes() {
    let a = built(Site::from_fixture("exports"));
    let b = built(Site::from_fixture("exports"));
    assert_ne!(a.root(), b.root());
    for file in [
        "data/events.json",
        "data/events.csv",
        "data/search.json",
        "data/index.html",
        "data/schema/event.schema.json",
        "data/events.schema.json",
        "data/events.stix.json",
        "data/events.misp.json",
        "data/cite.bib",
        "events/2019-05-28-formula-title/cite.ris",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "changelog/index.html",
        "404.html",
    ] {
        assert_eq!(a.read(file), b.read(file), "{file} differs between builds");
    }
    // Outside git the data version is a hash of the records.
    let version = &events_json(&a)["data_version"];
    assert_eq!(version["source"], "content-hash");
    assert!(version["id"].as_str().unwrap().starts_with("sha256:"));
    assert!(version["git_commit"].is_null());

    // A changed record changes it.
    let edited = std::fs::read_to_string(
        a.root()
            .join("content/events/2020-exact-and-retracted.yaml"),
    )
    .unwrap()
    .replace("{accounts: 51}", "{accounts: 52}");
    let c =
        Site::from_fixture("exports").file("content/events/2020-exact-and-retracted.yaml", &edited);
    let c = built(c);
    assert_ne!(events_json(&c)["data_version"]["id"], version["id"]);
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_AUTHOR_DATE", "2024-03-05T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-03-05T12:00:00Z")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn a_git_checkout_is_versioned_by_its_commit_and_dates_its_additions() {
    let site = Site::from_fixture("exports");
    let root = site.root();
    if git(root, &["--version"]).is_none() {
        eprintln!("git is not installed; skipping");
        return;
    }
    git(root, &["init", "-q"]).expect("git init");
    git(root, &["add", "site.toml", "content"]).expect("git add");
    git(root, &["commit", "-q", "-m", "records"]).expect("git commit");
    let head = git(root, &["rev-parse", "HEAD"]).unwrap();

    let site = built(site);
    let version = &events_json(&site)["data_version"];
    assert_eq!(version["source"], "git");
    assert_eq!(version["id"], head.as_str());
    assert_eq!(version["modified"], false);
    let (_, rows) = events_csv(&site);
    assert!(rows.iter().all(|r| r["data_version"] == head));

    // The changelog dates each record's first commit, and lists revisions and retractions.
    let changelog = site.read("changelog/index.html");
    assert!(changelog.contains("<time datetime=\"2024-03-05\">5 March 2024</time>"));
    assert!(changelog.contains("Pages count added."));
    assert!(changelog.contains("Duplicate of another record."));
    let added = changelog.find("Added").unwrap();
    let revision = changelog.find("2 June 2019").unwrap();
    assert!(added < revision, "newest first");

    // Uncommitted edits to the records: the commit no longer describes the data.
    site.write("content/events/2020-exact-and-retracted.yaml", "title: Edited\ndate: 2020\nkind: report\ndiscloser: twitter\nsources: [{url: \"https://example.org/x\", title: X, archive: \"https://web.archive.org/x\"}]\nsummary: Edited.\n");
    let site = built(site);
    let version = &events_json(&site)["data_version"];
    assert_eq!(version["source"], "content-hash");
    assert_eq!(version["git_commit"], head.as_str());
    assert_eq!(version["modified"], true);
}

#[test]
fn search_index_covers_every_event_compactly() {
    let site = built(Site::example());
    let ds = dataset(site.root());
    let index: Value = serde_json::from_str(&site.read("data/search.json")).unwrap();
    let entries = index["events"].as_array().unwrap();
    assert_eq!(entries.len(), ds.events.len());
    let tip = entries
        .iter()
        .find(|e| e["id"] == "2019-05-28-facebook-iran-fireeye-tip")
        .unwrap();
    assert_eq!(
        tip["t"],
        "Facebook removes Iran-based network after a FireEye tip"
    );
    assert_eq!(tip["d"], "2019-05-28");
    assert_eq!(tip["p"], serde_json::json!(["facebook", "instagram"]));
    assert_eq!(tip["op"], "distinguished-impersonator");
    assert!(tip["x"]
        .as_str()
        .unwrap()
        .starts_with("After FireEye flagged"));
    assert!(tip.get("s").is_none(), "published events carry no status");
    assert_eq!(index["names"]["platform"]["facebook"], "Facebook");
    assert_eq!(index["names"]["country"]["IR"], "Iran");
    assert_eq!(
        index["names"]["actor"]["irib"][0],
        "Islamic Republic of Iran Broadcasting"
    );
}

#[test]
fn every_page_links_the_downloads_and_the_data_page_documents_them() {
    let site = built(Site::example());
    let home = site.page("");
    assert!(home.contains("/docket/data/events.csv"));
    assert!(home.contains("/docket/data/events.json"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/docket/\">"));
    assert!(home.contains("<meta property=\"og:title\""));
    let data = site.page("data/");
    for column in ["removed.facebook.accounts", "data_version", "origin_names"] {
        assert!(data.contains(&format!("<code>{column}</code>")), "{column}");
    }
    assert!(data.contains("event.schema.json"));
    assert!(site.exists("404.html") && site.exists("robots.txt") && site.exists("feed.xml"));
}

/// `build` streams the downloads into its output folder, the events in chunks; `serve` makes
/// them in memory. Both give the same bytes, wherever the chunks break.
#[test]
fn streamed_downloads_equal_the_ones_made_in_memory() {
    let site = built(Site::example());
    let ds = dataset(site.root());
    let assets = match docket::render::batch::Assets::load(site.root(), &ds) {
        Ok(assets) => assets,
        Err(failure) => panic!("the theme does not load: {failure:?}"),
    };
    let history = docket::history::History::of(site.root());
    let renderer = assets
        .renderer(&ds)
        .with_site_facts(docket::render::facts::SiteFacts::new(&ds, &history));
    let on_disk = common::snapshot(&site.output());
    // The record pages: the site pages are made with the downloads.
    let site_pages = ["data/index.html", "changelog/index.html", "404.html"];
    let pages: Vec<String> = on_disk
        .keys()
        .filter(|path| path.ends_with(".html") && !site_pages.contains(&path.as_str()))
        .cloned()
        .collect();
    let in_memory = docket::build::site_files(&renderer, &[], &ds, &history, &pages)
        .expect("the exports are made");
    for file in site_pages {
        assert!(in_memory.iter().any(|e| e.path == file), "{file} is made");
    }
    for file in ["data/events.json", "data/events.csv", "data/search.json"] {
        assert!(in_memory.iter().any(|e| e.path == file), "{file} is made");
    }
    for export in &in_memory {
        let written = on_disk.get(&export.path);
        assert!(written.is_some(), "{} is not in the output", export.path);
        assert!(
            written == Some(&export.bytes),
            "{} differs between build and memory",
            export.path
        );
    }

    let meta = docket::exports::Meta::new(&ds, history.version.clone());
    assert!(ds.events.len() > 5, "the example has events to chunk");
    for chunk in [1, 2, 5, ds.events.len(), docket::exports::json::CHUNK] {
        let mut json = Vec::new();
        docket::exports::json::write_events_json(&ds, &meta, chunk, &mut json).unwrap();
        assert!(
            json == on_disk["data/events.json"],
            "events.json in chunks of {chunk} differs"
        );
    }
}

/// Events are ordered by date (a year before the days within it), then by id, whatever order
/// their files are found in; the downloads list them oldest first, the events page newest first.
#[test]
fn events_are_in_date_order_whatever_their_file_names() {
    let event = |date: &str| {
        format!(
            "title: Event of {date}\ndate: {date}\nkind: takedown\ndiscloser: facebook\n\
             origin: [IR]\nsources:\n  - url: https://example.org/{date}\n    title: Report\n    \
             archive: https://web.archive.org/web/2019/https://example.org/\n\
             summary: Dated {date}.\n"
        )
    };
    let site = Site::from_fixture("valid-minimal")
        .file("content/events/a-late.yaml", &event("2020-02-01"))
        .file("content/events/b-year.yaml", &event("2019"))
        .file("content/events/c-early.yaml", &event("2018-12"))
        .file("content/events/d-same-day.yaml", &event("2019-05-28"))
        .file("content/events/z-year-first.yaml", &event("2019"));
    let site = built(site);
    let ids: Vec<String> = events_json(&site)["events"]
        .as_array()
        .expect("an events array")
        .iter()
        .map(|e| e["id"].as_str().expect("an id").to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "c-early",
            "b-year",
            "z-year-first",
            "2019-05-28-facebook-iran",
            "d-same-day",
            "a-late"
        ]
    );
    let page = site.page("events/");
    let at = |id: &str| page.find(&format!("/events/{id}/")).expect(id);
    assert!(at("a-late") < at("d-same-day") && at("d-same-day") < at("c-early"));
}

/// The site's script is told what the build knows instead of repeating it: the filters the
/// form offers and the field each one matches, the links, the dates as shown, and the table
/// rows exactly as the pages have them.
#[test]
fn the_script_reads_filters_links_dates_and_rows_from_the_build() {
    let site = built(Site::example());
    let index: Value = serde_json::from_str(&site.read("data/search.json")).unwrap();
    let events_page = site.page("events/");
    let filters = index["filters"].as_array().unwrap();
    assert_eq!(filters.len(), 7);
    for filter in filters {
        let name = filter["name"].as_str().unwrap();
        assert!(
            events_page.contains(&format!("<select name=\"{name}\">")),
            "the form offers the {name} filter"
        );
        let names = filter["names"].as_str().unwrap();
        assert!(
            index["names"][names].is_object(),
            "{name} is labelled from names.{names}"
        );
    }
    let id = "2019-05-28-facebook-iran-fireeye-tip";
    let tip = index["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap();
    assert_eq!(tip["dd"], "28 May 2019");
    let event_url = index["urls"]["event"].as_str().unwrap().replace("{id}", id);
    assert_eq!(event_url, format!("/docket/events/{id}/"));
    assert!(site.exists(&format!("events/{id}/index.html")));
    assert_eq!(index["urls"]["actor"]["irib"], "/docket/actors/irib/");
    assert!(site.exists("actors/irib/index.html"));
    assert_eq!(index["urls"]["rows"], "/docket/data/rows.json");

    let rows: Value = serde_json::from_str(&site.read("data/rows.json")).unwrap();
    let rows = rows["rows"].as_object().unwrap();
    assert_eq!(rows.len(), index["events"].as_array().unwrap().len());
    let row = rows[id].as_str().unwrap();
    assert!(row.starts_with("<tr ") && row.contains(&format!("data-id=\"{id}\"")));
    assert!(
        events_page.contains(row),
        "the script's row is the page's row"
    );
    let retracted = rows["2019-06-13-twitter-iran-set-three"].as_str().unwrap();
    assert!(retracted.contains("badge--retracted"), "{retracted}");
}

/// Regression: the script drew its own rows, so a theme that changed the row template saw
/// its rows replaced by the default markup as soon as a filter was used.
#[test]
fn rows_for_the_script_follow_a_theme_that_overrides_the_row_template() {
    let site = built(Site::example().file(
        "templates/partials/row.html",
        "<tr class=\"mine\" data-id=\"{{ row.id }}\"><td>{{ row.title }}</td></tr>\n",
    ));
    let rows: Value = serde_json::from_str(&site.read("data/rows.json")).unwrap();
    let events_page = site.page("events/");
    for (id, row) in rows["rows"].as_object().unwrap() {
        let row = row.as_str().unwrap();
        assert!(row.starts_with("<tr class=\"mine\""), "{id}: {row}");
        // A retracted record is no row of the page's table (it is listed apart).
        if id == "2019-06-13-twitter-iran-set-three" {
            continue;
        }
        assert!(
            events_page.contains(row),
            "{id}: the page shows the same row"
        );
    }
}
