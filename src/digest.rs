//! A stable 64-bit hash of anything hashable: the digests `serve` and the build cache compare
//! to know what changed. The hasher's keys are fixed, so the same value hashes the same in
//! every run of the same docket (a cache also keys on docket's version, so a new Rust release
//! changing the algorithm costs one full build, never a wrong page).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
