//! Citation files (CSL-JSON, BibTeX, RIS) beside every record, briefing and the dataset: each
//! says what the page's citation says, and a title from a stranger cannot break a file's
//! structure. tests/feeds/check_exports.py reads them with real parsers (citeproc-js,
//! bibtexparser, rispy).

use crate::common::Site;
use serde_json::Value;

const TIP: &str = "2019-05-28-facebook-iran-fireeye-tip";

fn built(site: Site) -> Site {
    let run = site.build();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    site
}

fn csl(site: &Site, path: &str) -> Value {
    let items: Value = serde_json::from_str(&site.read(path)).expect("CSL-JSON is JSON");
    assert_eq!(items.as_array().map(Vec::len), Some(1), "{path}: one item");
    items[0].clone()
}

#[test]
fn every_record_briefing_and_the_dataset_has_three_citation_files() {
    let site = built(Site::example().file(
        "site.toml",
        "title = \"Iran tracker\"\nbase_url = \"https://example.org/docket\"\n[publisher]\nname = \"Open Lab\"\n",
    ));
    let json: Value = serde_json::from_str(&site.read("data/events.json")).unwrap();
    let mut pages = vec!["data/".to_string()];
    for e in json["events"].as_array().unwrap() {
        pages.push(format!("events/{}/", e["id"].as_str().unwrap()));
    }
    pages.push("briefings/2019-q2/".into());
    for page in &pages {
        for file in ["cite.csl.json", "cite.bib", "cite.ris"] {
            assert!(site.exists(&format!("{page}{file}")), "{page}{file}");
        }
    }

    let item = csl(&site, &format!("events/{TIP}/cite.csl.json"));
    assert_eq!(item["type"], "entry");
    assert_eq!(item["id"], TIP);
    assert_eq!(item["number"], TIP);
    assert_eq!(
        item["title"],
        "Facebook removes Iran-based network after a FireEye tip"
    );
    assert_eq!(item["author"][0]["literal"], "Open Lab");
    assert_eq!(item["publisher"], "Open Lab");
    assert_eq!(item["container-title"], "Iran tracker");
    assert_eq!(
        item["URL"],
        format!("https://example.org/docket/events/{TIP}/")
    );
    assert_eq!(item["version"], json["data_version"]["id"]);

    let bib = site.read(&format!("events/{TIP}/cite.bib"));
    assert!(bib.starts_with(&format!("@misc{{{TIP},\n")), "{bib}");
    assert!(bib.contains("  author = {{Open Lab}},\n"), "{bib}");
    assert!(bib.contains(&format!("  number = {{{TIP}}},\n")), "{bib}");

    let ris = site.read(&format!("events/{TIP}/cite.ris"));
    assert!(ris.starts_with("TY  - DATA\r\n"), "{ris}");
    assert!(ris.contains("AU  - Open Lab\r\n"), "{ris}");
    assert!(ris.ends_with("ER  - \r\n"), "{ris}");

    // The briefing names its authors, and the page links its files.
    let briefing = csl(&site, "briefings/2019-q2/cite.csl.json");
    assert_eq!(briefing["type"], "report");
    assert_eq!(briefing["id"], "briefing-2019-q2");
    let page = site.page(&format!("events/{TIP}/"));
    for file in ["cite.csl.json", "cite.bib", "cite.ris"] {
        assert!(
            page.contains(&format!("href=\"/docket/events/{TIP}/{file}\"")),
            "the event page links its {file}"
        );
    }
    assert!(site
        .page("briefings/2019-q2/")
        .contains("href=\"/docket/briefings/2019-q2/cite.bib\""));

    let dataset = csl(&site, "data/cite.csl.json");
    assert_eq!(dataset["type"], "dataset");
    assert_eq!(dataset["title"], "Iran tracker");
    // Dated by the data's last change, as every footer says ("Last updated …"), never by
    // the build's clock.
    let home = site.page("");
    let marker = "Last updated <time datetime=\"";
    let at = home.find(marker).expect("a footer date") + marker.len();
    let updated = &home[at..at + home[at..].find('"').unwrap()];
    let parts: Vec<i64> = updated.split('-').map(|p| p.parse().unwrap()).collect();
    assert_eq!(dataset["issued"]["date-parts"][0], serde_json::json!(parts));
}

/// The minimal fixture's one event, with `title` instead of its own (a YAML double-quoted
/// scalar, so `\t` is a tab: a title may not hold a line break, but may hold a tab).
fn with_title(title: &str) -> Site {
    let record = "content/events/2019-05-28-facebook-iran.yaml";
    let text = std::fs::read_to_string(
        crate::common::repo_root()
            .join("tests/fixtures/valid-minimal")
            .join(record),
    )
    .unwrap()
    .replace(
        "title: Facebook removes an Iran-based network",
        &format!("title: \"{title}\""),
    );
    Site::from_fixture("valid-minimal").file(record, &text)
}

#[test]
fn a_title_that_tries_to_break_out_stays_one_value_in_every_format() {
    let site = built(with_title(
        r"Close } brace \\end{document} 50% & $x$ #1 ~ ^\tER  - @misc{evil,",
    ));
    let id = "2019-05-28-facebook-iran";
    let title = r"Close } brace \end{document} 50% & $x$ #1 ~ ^ ER - @misc{evil,";
    assert_eq!(
        csl(&site, &format!("events/{id}/cite.csl.json"))["title"],
        title
    );

    let ris = site.read(&format!("events/{id}/cite.ris"));
    let lines: Vec<&str> = ris.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines.iter().all(|l| l.len() >= 6 && &l[2..6] == "  - "),
        "every line is one tag: {ris}"
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("ER  -")).count(), 1);
    assert!(lines.contains(&format!("TI  - {title}").as_str()), "{ris}");

    let bib = site.read(&format!("events/{id}/cite.bib"));
    assert_eq!(
        bib.lines().filter(|l| l.starts_with('@')).count(),
        1,
        "one entry: {bib}"
    );
    assert!(
        bib.contains(r"  title = {{Close \} brace \textbackslash{}end\{document\} 50\% \& \$x\$ \#1 \textasciitilde{} \textasciicircum{} ER - @misc\{evil,}},"),
        "{bib}"
    );
    // Braces balance, counting only those not escaped.
    let mut depth = 0i32;
    let mut escaped = false;
    for c in bib.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "a closing brace too many: {bib}");
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "braces balance: {bib}");
}
