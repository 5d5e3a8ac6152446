//! Stand-ins for the facts of the data as a whole (its version, the day it last changed),
//! which pages are rendered with and which are replaced as each page is written
//! (`render::facts`). Each starts and ends with U+0001, a character no record, page or
//! vocabulary may hold, so only a template can write one.

pub const VERSION: &str = "\u{1}data-version\u{1}";
/// The short form of [`VERSION`]: what [`super::citation::short_version`] makes of it.
pub const VERSION_SHORT: &str = "\u{1}data-version-short\u{1}";
pub const UPDATED_ISO: &str = "\u{1}data-updated-iso\u{1}";
pub const UPDATED: &str = "\u{1}data-updated\u{1}";
