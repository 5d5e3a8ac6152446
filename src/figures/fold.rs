//! Ordering groups by size, folding all but the `top` into "Other", and the slot each key fills.

use super::grouped::{Group, OTHER};
use super::keys::{label, Keys};
use crate::dataset::Dataset;
use crate::records::figure::Dimension;
use crate::records::quantity::Total;
use std::collections::BTreeMap;

/// Keep the `top` largest groups (by sum, then name); return them and the folded rest.
pub fn rank(
    ds: &Dataset,
    d: Dimension,
    sizes: &BTreeMap<String, Total>,
    top: Option<usize>,
) -> (Keys, Keys) {
    let mut keys: Vec<(&String, &Total)> = sizes.iter().collect();
    keys.sort_by(|(ka, a), (kb, b)| {
        let reported = |t: &Total| t.qualifier.is_some();
        reported(b)
            .cmp(&reported(a))
            .then(b.value.cmp(&a.value))
            .then_with(|| label(ds, d, ka).cmp(&label(ds, d, kb)))
            .then(ka.cmp(kb))
    });
    let keys: Keys = keys.into_iter().map(|(k, _)| k.clone()).collect();
    match top {
        // Folding a single group into "Other" only hides its name.
        Some(n) if keys.len() > n + 1 => {
            let (kept, rest) = keys.split_at(n);
            (kept.to_vec(), rest.to_vec())
        }
        _ => (keys, Vec::new()),
    }
}

/// Slot of every key: kept keys in order, then one "Other" slot for the folded ones.
pub fn slots(kept: &[String], folded: &[String]) -> BTreeMap<String, usize> {
    let mut map: BTreeMap<String, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    for k in folded {
        map.insert(k.clone(), kept.len());
    }
    map
}

/// The slots an event's keys fall into, each with the keys that put it there.
pub fn slot_members(keys: &[String], slot: &BTreeMap<String, usize>) -> BTreeMap<usize, Keys> {
    let mut out: BTreeMap<usize, Keys> = BTreeMap::new();
    for k in keys {
        if let Some(&i) = slot.get(k) {
            out.entry(i).or_default().push(k.clone());
        }
    }
    out
}

pub fn groups(ds: &Dataset, d: Dimension, keys: &[String], folded: usize) -> Vec<Group> {
    let mut out: Vec<Group> = keys
        .iter()
        .map(|k| Group {
            key: k.clone(),
            label: label(ds, d, k),
            color: (d == Dimension::Platform)
                .then(|| ds.vocab.organisations.get(k).and_then(|o| o.color.clone()))
                .flatten(),
        })
        .collect();
    if folded > 0 {
        out.push(Group {
            key: OTHER.into(),
            label: "Other".into(),
            color: None,
        });
    }
    out
}
