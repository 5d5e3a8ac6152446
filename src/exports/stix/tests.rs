//! Unit tests of the STIX objects docket writes.

use super::*;

#[test]
fn a_technique_has_a_kill_chain_phase_only_when_its_tactic_is_known() {
    let span = ("2019-01-01T00:00:00.000Z", "2019-01-01T00:00:00.000Z");
    let known = attack_pattern(
        "attack-pattern--x",
        "T0002",
        Some("plan-objectives"),
        span,
        "identity--y",
        &[],
    );
    assert_eq!(
        known["kill_chain_phases"],
        json!([{"kill_chain_name": "disarm", "phase_name": "plan-objectives"}])
    );
    assert_eq!(known["external_references"][0]["external_id"], "T0002");
    let unknown = attack_pattern(
        "attack-pattern--x",
        "T0002",
        None,
        span,
        "identity--y",
        &["Paid ads"],
    );
    assert!(unknown.get("kill_chain_phases").is_none(), "{unknown}");
    assert_eq!(
        unknown["description"],
        "DISARM technique T0002, recorded in this tracker as: Paid ads."
    );
}

#[test]
fn nulls_and_empty_lists_are_left_out_at_every_depth() {
    assert_eq!(
        prune(json!({"a": null, "b": [], "c": {"d": null, "e": 1}, "f": [{"g": []}]})),
        json!({"c": {"e": 1}, "f": [{}]})
    );
}
