//! Hostile-input cases: see the module doc of each test.

#[allow(unused_imports)]
use crate::common::Site;
