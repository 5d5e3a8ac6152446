//! `docket import meta|fiat|disarm` on hand-written excerpts of the real formats
//! (`tests/fixtures/import-*`): what each record says, what was left out and where, that a
//! second run writes nothing and nothing is ever overwritten, and what `docket check` then
//! finds: only the source's own errors, each explained.

use crate::common::{snapshot, Run, Site};
use serde_yaml::Value;

mod disarm;

const SITE_TOML: &str = "title = \"Imported\"\nbase_url = \"https://example.org/tracker/\"\n";

fn fixture(path: &str) -> String {
    crate::common::repo_root()
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

fn empty_site() -> Site {
    Site::new().file("site.toml", SITE_TOML).file(
        "content/pages/about.md",
        "---\ntitle: About\n---\nImported data.\n",
    )
}

fn import(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    site.run(&all)
}

fn meta_site() -> (Site, Run) {
    let site = empty_site();
    let run = import(&site, &["meta", &fixture("import-meta")]);
    run.assert_success();
    (site, run)
}

fn fiat_site() -> (Site, Run) {
    let site = empty_site();
    let run = import(
        &site,
        &["fiat", &fixture("import-fiat/DFRLab_interference2020.csv")],
    );
    run.assert_success();
    (site, run)
}

fn record(site: &Site, relative: &str) -> Value {
    let path = site.root().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not YAML ({e}):\n{text}"))
}

/// `value` at a dotted path (`removed.facebook.accounts`; list items by number).
fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    let mut v = value;
    for part in path.split('.') {
        v = match part.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[part],
        };
    }
    v
}

fn text(value: &Value, path: &str) -> String {
    match at(value, path) {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("{path} is {other:?}"),
    }
}

fn list(value: &Value, path: &str) -> Vec<String> {
    at(value, path)
        .as_sequence()
        .unwrap_or_else(|| panic!("{path} is not a list"))
        .iter()
        .map(|v| v.as_str().expect("a word").to_string())
        .collect()
}

const PERU: &str = "content/events/2022-meta-q3-peru-based-cib-network.yaml";
const NORWAY: &str = "content/events/2022-meta-q4-norway-iceland-targeting-cib-network.yaml";
const CHILE: &str =
    "content/events/2021-06-17-facebook-taking-action-against-hackers-in-chile.yaml";
const KRAKEN: &str = "content/events/2022-meta-q4-kraken-apt.yaml";

#[test]
fn meta_gives_one_event_per_network_file() {
    let (site, run) = meta_site();
    assert!(
        run.stdout.contains("read 31 rows from 4 files (1 blank)\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("wrote 5 files (1 actor, 4 events); 0 unchanged, 0 kept\n"));
    for path in [PERU, NORWAY, CHILE, KRAKEN, "content/actors/kraken.yaml"] {
        assert!(site.root().join(path).is_file(), "{path}\n{}", run.stdout);
    }
    // csv/ mirrors tsv/: read once.
    assert!(run
        .stdout
        .contains("read tsv/; csv/ mirror it and were not read"));
    let peru = record(&site, PERU);
    assert_eq!(
        text(&peru, "title"),
        "Meta: Peru-based CIB network (Q3 2022)"
    );
    assert_eq!(text(&peru, "kind"), "takedown");
    assert_eq!(text(&peru, "discloser"), "meta");
    assert_eq!(list(&peru, "origin"), ["PE"]);
}

#[test]
fn meta_removals_audience_and_ad_spend_keep_meta_s_words() {
    let (site, _) = meta_site();
    let peru = record(&site, PERU);
    // Removals: exact unless the wording qualifies them, with the wording kept.
    assert_eq!(text(&peru, "removed.facebook.accounts.value"), "41");
    assert_eq!(
        at(&peru, "removed.facebook.accounts.qualifier"),
        &Value::Null
    );
    assert_eq!(
        text(&peru, "removed.facebook.accounts.as_stated"),
        "41 accounts"
    );
    assert_eq!(text(&peru, "removed.facebook.groups.as_stated"), "3 Groups");
    assert_eq!(
        text(&peru, "removed.instagram.accounts.qualifier"),
        "approx"
    );
    assert_eq!(
        text(&peru, "removed.instagram.accounts.as_stated"),
        "About 20 Instagram accounts"
    );
    // The audience goes to reach, never to removed.
    assert_eq!(text(&peru, "reach.facebook.followers.value"), "9000");
    assert_eq!(text(&peru, "reach.facebook.followers.qualifier"), "approx");
    assert_eq!(
        text(&peru, "reach.facebook.followers.as_stated"),
        "About 9,000 accounts followed one or more of these Pages"
    );
    assert_eq!(text(&peru, "reach.facebook.group_members.qualifier"), "lt");
    assert_eq!(text(&peru, "reach.facebook.group_members.value"), "100");
    assert_eq!(text(&peru, "reach.instagram.followers.value"), "1200000");
    assert_eq!(at(&peru, "removed.facebook.followers"), &Value::Null);
    // Ad spend in dollars, approximate as worded.
    assert_eq!(text(&peru, "ad_spend.currency"), "USD");
    assert_eq!(text(&peru, "ad_spend.amount.value"), "4300");
    assert_eq!(text(&peru, "ad_spend.amount.qualifier"), "approx");
    // Kill-chain procedures that are docket tactics.
    assert_eq!(
        list(&peru, "tactics"),
        [
            "cross-platform",
            "fake-personas",
            "news-outlet-persona",
            "paid-ads"
        ]
    );
    // "No accounts followed" is a reported zero, kept as such.
    let norway = record(&site, NORWAY);
    assert_eq!(text(&norway, "reach.instagram.followers.value"), "0");
    assert_eq!(
        text(&norway, "reach.instagram.followers.as_stated"),
        "No accounts followed these Instagram accounts."
    );
}

#[test]
fn meta_counts_across_facebook_and_instagram_stay_as_stated_under_meta() {
    let (site, run) = meta_site();
    let norway = record(&site, NORWAY);
    assert_eq!(text(&norway, "removed.meta.accounts.value"), "110");
    assert_eq!(text(&norway, "removed.meta.accounts.qualifier"), "approx");
    assert_eq!(
        text(&norway, "removed.meta.accounts.as_stated"),
        "About 110 accounts on Facebook and Instagram"
    );
    // Given under 0.9.1 and again under 0.9.2: counted once, on neither platform.
    assert_eq!(at(&norway, "removed.facebook.accounts"), &Value::Null);
    assert_eq!(at(&norway, "removed.instagram"), &Value::Null);
    assert!(text(&norway, "summary").contains("recorded under Meta, not split"));
    assert!(run.stdout.contains(
        "NORWAY_&_ICELAND_TARGETING_CIB_NETWORK.tsv:3: the same figure as line 2 (`About 110 accounts on Facebook and Instagram`), counted once"
    ));
    // A misspelt asset is read as the one meant, and said so.
    assert_eq!(
        text(&norway, "removed.facebook.groups.as_stated"),
        "2 grups"
    );
    assert!(run.stdout.contains(
        "NORWAY_&_ICELAND_TARGETING_CIB_NETWORK.tsv:5: `grups` read as removed.facebook.groups"
    ));
    assert_eq!(list(&norway, "targets"), ["NO", "IS"]);
    assert_eq!(at(&norway, "origin"), &Value::Null);
}

#[test]
fn meta_dates_keep_the_precision_given_and_the_index_gives_reports() {
    let (site, _) = meta_site();
    // A quarter is not a docket date: the year, with the quarter in the title.
    let peru = record(&site, PERU);
    assert_eq!(at(&peru, "date"), &Value::Number(2022.into()));
    assert!(text(&peru, "title").ends_with("(Q3 2022)"));
    assert_eq!(
        text(&peru, "sources.0.url"),
        "https://github.com/facebook/threat-research/blob/main/indicators/tsv/Q3_2022%20/%20Q3_2022%20Peru-based_CIB_network.tsv"
    );
    // index.json lists the file: its report, to the day, before the rename to Meta.
    let chile = record(&site, CHILE);
    assert_eq!(text(&chile, "date"), "2021-06-17");
    assert_eq!(text(&chile, "discloser"), "facebook");
    assert_eq!(text(&chile, "kind"), "report");
    assert_eq!(
        text(&chile, "sources.0.url"),
        "https://about.fb.com/news/2021/06/example-taking-action-against-hackers-in-chile/"
    );
    assert_eq!(
        text(&chile, "sources.0.title"),
        "Taking action against hackers in Chile"
    );
    assert_eq!(text(&chile, "sources.1.date"), "2022-10-12");
    assert!(text(&chile, "summary").contains("4 indicators (3 `domain_name`, 1 `sha256`)"));
    // A hacking group named in the file name is an actor.
    let kraken = record(&site, KRAKEN);
    assert_eq!(text(&kraken, "actor"), "kraken");
    assert_eq!(
        text(&record(&site, "content/actors/kraken.yaml"), "name"),
        "Kraken"
    );
}

#[test]
fn meta_rows_left_out_are_named_by_file_and_line() {
    let (_, run) = meta_site();
    let root = fixture("import-meta");
    for line in [
        format!("{root}/indicators/tsv/2021_06_taking_action_against_hackers_in_chile.tsv:6: no indicator: the indicator_value cell is empty"),
        format!("{root}/indicators/tsv/Q3_2022 / Q3_2022 Peru-based_CIB_network.tsv:11: no indicator: the Indicator cell is empty"),
        format!("{root}/indicators/tsv/Q4_2022/Q4_2022_NORWAY_&_ICELAND_TARGETING_CIB_NETWORK.tsv:7: ad spend without a sum: no figure in `Around $xx in spending for ads, paid for mostly in xx`"),
        format!("{root}/indicators/tsv/Q4_2022/Q4_2022_NORWAY_&_ICELAND_TARGETING_CIB_NETWORK.tsv:8: too few cells: 2 cells; the layout is Tactic, Technique, Procedure, Indicator[, Notes]"),
    ] {
        assert!(run.stdout.contains(&format!("  {line}\n")), "{line}\n{}", run.stdout);
    }
    assert!(run
        .stdout
        .contains("left out 4 rows: 2 no indicator, 1 ad spend without a sum, 1 too few cells\n"));
}

#[test]
fn meta_import_checks_and_builds() {
    let (site, _) = meta_site();
    let check = site.check();
    check.assert_success();
    assert!(check.errors().is_empty());
    // Only that the indicator files have no archived copy.
    for w in check.warnings() {
        assert_eq!(w.message, "source has no archive link", "{w:#?}");
    }
    site.build().assert_success();
    site.assert_contains(
        "events/2022-meta-q4-norway-iceland-targeting-cib-network/index.html",
        "About 110 accounts on Facebook and Instagram",
    );
}

#[test]
fn a_second_import_writes_nothing_and_changes_no_byte() {
    let (site, _) = meta_site();
    let fiat = import(
        &site,
        &["fiat", &fixture("import-fiat/DFRLab_interference2020.csv")],
    );
    fiat.assert_success();
    let before = snapshot(&site.root().join("content"));
    let meta = import(&site, &["meta", &fixture("import-meta")]);
    assert!(
        meta.stdout.contains("wrote 0 files; 5 unchanged, 0 kept\n"),
        "{}",
        meta.stdout
    );
    let fiat = import(
        &site,
        &["fiat", &fixture("import-fiat/DFRLab_interference2020.csv")],
    );
    assert!(
        fiat.stdout.contains("wrote 0 files; 7 unchanged, 0 kept\n"),
        "{}",
        fiat.stdout
    );
    // Vocabulary entries the site has are not added again.
    assert!(!fiat.stdout.contains("content/vocab/"), "{}", fiat.stdout);
    assert_eq!(snapshot(&site.root().join("content")), before);
}

#[test]
fn an_import_never_overwrites_a_record() {
    let (site, _) = meta_site();
    let edited = std::fs::read_to_string(site.root().join(PERU))
        .unwrap()
        .replace("kind: takedown", "kind: takedown\nstatus: draft");
    site.write(PERU, &edited);
    // An event with the same id in a subfolder is the same record.
    let moved = std::fs::read_to_string(site.root().join(CHILE)).unwrap();
    site.remove(CHILE);
    site.write(
        "content/events/2021/2021-06-17-facebook-taking-action-against-hackers-in-chile.yaml",
        &moved.replace("Chile", "Chile (moved)"),
    );
    let run = import(&site, &["meta", &fixture("import-meta")]);
    run.assert_success();
    assert!(
        run.stdout.contains(&format!("  {PERU}\n")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "  content/events/2021/2021-06-17-facebook-taking-action-against-hackers-in-chile.yaml (the record content/events/2021-06-17-facebook-taking-action-against-hackers-in-chile.yaml would be)\n"
    ));
    assert!(
        run.stdout.contains("wrote 0 files; 3 unchanged, 2 kept\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join(PERU)).unwrap(),
        edited
    );
    assert!(!site.root().join(CHILE).exists());
}

#[test]
fn an_import_needs_a_site() {
    let folder = Site::new();
    let run = import(&folder, &["meta", &fixture("import-meta")]);
    run.assert_code(2);
    assert!(run.stderr.contains("no site.toml in ."), "{}", run.stderr);
    let site = empty_site();
    let run = import(&site, &["fiat", &fixture("import-meta/index.json")]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not the Foreign Interference Attribution Tracker's CSV: it has no column `case_hash`"), "{}", run.stderr);
}

const PANDA: &str = "content/events/2019-10-15-fiat-k3v9qx2m.yaml";
const LANTERN: &str = "content/events/2020-09-01-fiat-p7lant3n.yaml";
const CLICKBAIT: &str = "content/events/2020-03-03-fiat-g9rp4w1z.yaml";

#[test]
fn fiat_rows_become_attribution_events_with_their_columns_mapped() {
    let (site, run) = fiat_site();
    assert!(
        run.stdout.contains("read 8 rows from 1 file\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("wrote 7 files (1 actor, 5 events, 1 operation); 0 unchanged, 0 kept\n"));
    let e = record(&site, PANDA);
    assert_eq!(text(&e, "kind"), "attribution");
    assert_eq!(text(&e, "date"), "2019-10-15");
    assert_eq!(text(&e, "discloser"), "facebook");
    assert_eq!(list(&e, "origin"), ["IR"]);
    assert_eq!(list(&e, "targets"), ["US"]);
    assert_eq!(text(&e, "active"), "2018-04-01/2019-10-15");
    assert_eq!(list(&e, "tactics"), ["ai-generated-images", "sockpuppets"]);
    assert_eq!(text(&e, "removed.facebook.accounts"), "52");
    assert_eq!(text(&e, "removed.instagram.accounts"), "8");
    assert_eq!(text(&e, "reach.facebook.followers"), "12000");
    // FIAT's zeros mean "not reported": left out, never written as 0.
    assert_eq!(at(&e, "removed.facebook.events"), &Value::Null);
    assert_eq!(at(&e, "reach.instagram"), &Value::Null);
    assert_eq!(at(&e, "ad_spend"), &Value::Null);
    assert_eq!(
        text(&e, "sources.0.archive"),
        "https://web.archive.org/web/20191020000000/https://about.fb.com/news/2019/10/example-removing-cib-iran/"
    );
    assert_eq!(at(&e, "sources.1"), &Value::Null);
    let summary = text(&e, "summary");
    assert!(
        summary.starts_with("Facebook removed 52 accounts"),
        "{summary}"
    );
    assert!(summary.contains("case K3V9QX2M (Iran >> United States 2019)"));
    assert!(summary.contains("add up the 2 networks of this disclosure"));
    // Multi-valued nations and sources.
    let w = record(&site, "content/events/2020-03-03-fiat-w2dx8nq5.yaml");
    assert_eq!(list(&w, "origin"), ["RU", "IR", "CN"]);
    assert_eq!(text(&w, "discloser"), "graphika");
    assert_eq!(list(&w, "partners"), ["reuters"]);
    assert!(text(&w, "summary").contains("Also named as sources: Harbour Institute."));
    assert_eq!(
        list(&w, "tactics"),
        ["bot-amplification", "data-exfiltration"]
    );
    // Named disinformants: an operation, an actor.
    let lantern = record(&site, LANTERN);
    assert_eq!(text(&lantern, "operation"), "paper-lantern");
    let clickbait = record(&site, CLICKBAIT);
    assert_eq!(text(&clickbait, "actor"), "coastline-media-group");
    let actor = record(&site, "content/actors/coastline-media-group.yaml");
    assert_eq!(text(&actor, "country"), "RO");
    // Organisations and tactics docket lacks go into the site's vocabularies.
    let orgs = record(&site, "content/vocab/organisations.yaml");
    assert_eq!(text(&orgs, "coastal-herald.name"), "Coastal Herald");
    assert_eq!(text(&orgs, "coastal-herald.type"), "media");
    let tactics = record(&site, "content/vocab/tactics.yaml");
    assert_eq!(
        text(&tactics, "data-exfiltration.label"),
        "Hacking: data exfiltration"
    );
}

#[test]
fn fiat_rows_left_out_and_values_left_out_are_named() {
    let (_, run) = fiat_site();
    let file = fixture("import-fiat/DFRLab_interference2020.csv");
    for line in [
        format!("{file}:7: bad date: attribution_date: `13/45/2020` (month/day/year): month 13 does not exist"),
        format!("{file}:8: repeated case: case K3V9QX2M is already on line 2"),
        format!("{file}:9: no attribution link: attribution_url: `` is not an absolute address"),
        format!("{file}:6: disinformant_nation: `Atlantis` is not a country docket knows; left out"),
        format!("{file}:6: case_id: target `NATO` is not a country docket knows; left out"),
    ] {
        assert!(run.stdout.contains(&format!("  {line}\n")), "{line}\n{}", run.stdout);
    }
    assert!(run
        .stdout
        .contains("left out 3 rows: 1 bad date, 1 no attribution link, 1 repeated case\n"));
}

/// Regression: an activity period that ends before it starts was written as FIAT states it,
/// so the imported site did not build until someone edited it by hand.
#[test]
fn fiat_source_errors_are_named_and_the_imported_site_builds() {
    let (site, run) = fiat_site();
    let file = fixture("import-fiat/DFRLab_interference2020.csv");
    let line = format!(
        "  {file}:3: start_date/end_date: the period starts (2020-11-20) after it ends (2020-08-31); left out of `active` and stated in the summary\n"
    );
    assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
    let record = std::fs::read_to_string(site.root().join(LANTERN)).unwrap();
    assert!(!record.contains("\nactive:"), "{record}");
    assert!(record.contains(
        "FIAT gives the activity period as 2020-11-20 to 2020-08-31, which cannot be right"
    ));

    let check = site.check();
    check.assert_code(0);
    // 900 Groups from 24 accounts, where the source's own description says 9.
    let groups = check
        .diagnostic("900 groups but only 24 accounts on facebook: more than 10 for each account");
    assert_eq!(groups.severity, "warning");
    assert_eq!(groups.field.as_deref(), Some("removed.facebook.groups"));
    assert!(groups
        .hint
        .as_deref()
        .unwrap()
        .contains("a slip such as 1100 for 11"));
    check.diagnostic("the activity period ends (2020-05-01) after the announcement (2020-03-03)");
    let messages: Vec<String> = check.warnings().into_iter().map(|w| w.message).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages.contains(&"source has no archive link".to_string()));
    site.run(&["build"]).assert_success();
}
