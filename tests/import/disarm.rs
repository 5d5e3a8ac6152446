//! `docket import disarm`: a release of the DISARM framework pinned from its STIX bundle, and
//! what `docket check` and the tactic pages then do with it.

use super::{empty_site, fixture, import, record, text};
use crate::common::{snapshot, Site};
use serde_yaml::Value;

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
