//! `docket import meta|fiat|disarm` on hand-written excerpts of the real formats
//! (`tests/fixtures/import-*`): what each record says, what was left out and where, that a
//! second run writes nothing and nothing is ever overwritten, and what `docket check` then
//! finds: only the source's own errors, each explained.

use crate::common::{snapshot, Run, Site};
use serde_yaml::Value;

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

const MINI: &str = "import-disarm/DISARM.json";

fn pinned_site() -> Site {
    let site = empty_site();
    import(
        &site,
        &["disarm", &fixture(MINI), "--framework-version", "V0.9"],
    )
    .assert_success();
    site
}

#[test]
fn disarm_pins_tactics_techniques_and_the_licence() {
    let site = empty_site();
    let run = import(
        &site,
        &["disarm", &fixture(MINI), "--framework-version", "V0.9"],
    );
    run.assert_success();
    assert!(run.stdout.starts_with("read DISARM Framework V0.9 (bundle--51f769b7-adea-542e-8b42-aa70eaac8391, 2024-10-02): 3 tactics, 5 techniques and 8 sub-techniques (1 deprecated, 1 revoked); 2 retired ids named in its descriptions\n"), "{}", run.stdout);
    assert!(run.stdout.ends_with("wrote content/vocab/disarm.yaml\n"));
    let text_of = std::fs::read_to_string(site.root().join("content/vocab/disarm.yaml")).unwrap();
    assert!(text_of.contains("# DISARM Framework V0.9 by DISARM Foundation, licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."));
    let pin = record(&site, "content/vocab/disarm.yaml");
    assert_eq!(text(&pin, "framework.version"), "V0.9");
    assert_eq!(text(&pin, "framework.licence"), "CC BY-SA 4.0");
    assert_eq!(
        text(&pin, "framework.technique_url"),
        "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{id}.md"
    );
    assert_eq!(text(&pin, "tactics.TA15"), "Build Assets");
    assert_eq!(
        text(&pin["techniques"]["T0146.007"], "name"),
        "Bot-Run Account"
    );
}

#[test]
fn disarm_renumbering_and_deprecation_are_pinned() {
    let site = pinned_site();
    let pin = record(&site, "content/vocab/disarm.yaml");
    let techniques = &pin["techniques"];
    assert_eq!(techniques["T0141.001"]["revoked"], Value::Bool(true));
    assert_eq!(text(&techniques["T0141.001"], "replaced_by"), "T0150.005");
    assert_eq!(techniques["T0091"]["deprecated"], Value::Bool(true));
    let retired = &pin["retired"];
    assert_eq!(text(&retired["T0019.001"], "reason"), "renumbered");
    assert_eq!(text(&retired["T0019.001"], "replaced_by"), "T0085.007");
    assert_eq!(text(&retired["T0104.005"], "reason"), "deprecated");
    assert_eq!(text(&retired["T0104.005"], "replaced_by"), "T0015.001");
}

#[test]
fn disarm_pin_is_idempotent_and_keeps_another_release_without_force() {
    let site = pinned_site();
    let before = snapshot(&site.root().join("content"));
    // The same bundle again, its release name remembered.
    let again = import(&site, &["disarm", &fixture(MINI)]);
    again.assert_success();
    assert!(again
        .stdout
        .ends_with("content/vocab/disarm.yaml already pins this bundle: nothing written\n"));
    assert_eq!(snapshot(&site.root().join("content")), before);
    // Another bundle: refused, then replaced with --force.
    let other = std::fs::read_to_string(fixture(MINI))
        .unwrap()
        .replace("Bot-Run Account", "Automated Account");
    site.write("newer/DISARM.json", &other);
    let refused = import(
        &site,
        &["disarm", "newer/DISARM.json", "--framework-version", "V1.0"],
    );
    refused.assert_code(2);
    assert!(refused.stderr.contains("content/vocab/disarm.yaml already pins DISARM Framework V0.9 (bundle--51f769b7-adea-542e-8b42-aa70eaac8391, sha256 44bb5257d248); this bundle is DISARM Framework V1.0"), "{}", refused.stderr);
    assert!(refused.stderr.contains("Pass --force to replace it"));
    assert_eq!(snapshot(&site.root().join("content")), before);
    let forced = import(
        &site,
        &[
            "disarm",
            "newer/DISARM.json",
            "--framework-version",
            "V1.0",
            "--force",
        ],
    );
    forced.assert_success();
    assert!(forced
        .stdout
        .ends_with("replaced content/vocab/disarm.yaml\n"));
    let pin = record(&site, "content/vocab/disarm.yaml");
    assert_eq!(
        text(&pin["techniques"]["T0146.007"], "name"),
        "Automated Account"
    );
}

#[test]
fn check_names_unknown_deprecated_and_renumbered_ids_against_the_pin() {
    let site = pinned_site().file(
        "content/vocab/tactics.yaml",
        "old-ids: {label: Research that was never done, disarm: [T0019.001]}\n\
         typo: {label: Bot-run accounts, disarm: [T0146.070]}\n\
         taken-over: {label: Accounts taken from their owners, disarm: [T0141.001]}\n\
         agitators: {label: Paid agitators, disarm: [T0091]}\n\
         good: {label: Made-up people, disarm: [T0143.002]}\n",
    );
    let check = site.check();
    check.assert_code(1);
    let errors = check.errors();
    assert_eq!(errors.len(), 1, "{}", check.stderr);
    errors[0].assert(
        "content/vocab/tactics.yaml:2:42",
        Some("typo.disarm[0]"),
        Some(
            "did you mean `T0146.007` (Bot-Run Account)? Its name matches the tactic's label best",
        ),
    );
    assert_eq!(
        errors[0].message,
        "`T0146.070` is not a technique of DISARM Framework V0.9"
    );
    let renumbered = check.diagnostic("DISARM technique `T0019.001` was renumbered in DISARM Framework V0.9: it is now `T0085.007` (Invented Studies)");
    renumbered.assert(
        "content/vocab/tactics.yaml:1:57",
        Some("old-ids.disarm[0]"),
        Some("write `T0085.007`; the bundle says: “This Technique previously used the ID T0019.001.”"),
    );
    let revoked = check.diagnostic(
        "DISARM technique `T0141.001` (Take Over Account) is revoked in DISARM Framework V0.9",
    );
    assert_eq!(revoked.severity, "warning");
    assert_eq!(
        revoked.hint.as_deref(),
        Some("use `T0150.005` (Hijacked Asset) instead, as the bundle states")
    );
    let deprecated = check.diagnostic(
        "DISARM technique `T0091` (Hire Local Agitators) is deprecated in DISARM Framework V0.9",
    );
    assert!(deprecated
        .hint
        .unwrap()
        .starts_with("the bundle names no replacement"));
    // The built-in tactics are judged too, as warnings at the pinned file.
    let builtin = check.diagnostic(
        "built-in tactic `paid-ads`: `T0114` is not a technique of DISARM Framework V0.9",
    );
    assert_eq!(builtin.severity, "warning");
    assert_eq!(builtin.location, "content/vocab/disarm.yaml");
    assert!(builtin
        .hint
        .unwrap()
        .contains("give `paid-ads` in content/vocab/tactics.yaml"));
}

#[test]
fn without_a_pin_ids_are_checked_for_their_shape_only() {
    let site = empty_site().file(
        "content/vocab/tactics.yaml",
        "typo: {label: Bot-run accounts, disarm: [T0146.070]}\nbad: {label: Bad, disarm: [T90]}\n",
    );
    let check = site.check();
    let errors = check.errors();
    assert_eq!(errors.len(), 1, "{}", check.stderr);
    assert_eq!(errors[0].message, "`T90` is not a DISARM technique id");
}

fn event_with_tactic(tactic: &str) -> String {
    format!(
        "title: A network impersonating officials\ndate: 2022-03-01\nkind: takedown\ndiscloser: meta\ntactics: [{tactic}]\nsources:\n  - url: https://example.org/a\n    title: A\n    archive: https://web.archive.org/web/2022/https://example.org/a\nsummary: Removed.\n"
    )
}

#[test]
fn tactic_pages_name_and_link_pinned_techniques() {
    let site = pinned_site().file(
        "content/events/2022-03-01-example.yaml",
        &event_with_tactic("impersonation"),
    );
    site.build().assert_success();
    site.assert_contains(
        "tactics/impersonation/index.html",
        "<a href=\"https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0143.003.md\"><code class=\"disarm\">T0143.003</code> Borrowed Identity</a>",
    );
    site.assert_contains(
        "tactics/impersonation/index.html",
        "<p class=\"fact__note\">DISARM Framework V0.9, by DISARM Foundation, CC BY-SA 4.0</p>",
    );
    // Without a pin: the id alone, no link and no credit.
    let plain = empty_site().file(
        "content/events/2022-03-01-example.yaml",
        &event_with_tactic("impersonation"),
    );
    plain.build().assert_success();
    plain.assert_contains(
        "tactics/impersonation/index.html",
        "<li><code class=\"disarm\">T0143.003</code></li>",
    );
    plain.assert_not_contains("tactics/impersonation/index.html", "fact__note");
}
