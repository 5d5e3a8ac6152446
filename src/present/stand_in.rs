//! Stand-ins for the facts of the data as a whole (its version, the day it last changed),
//! which pages are rendered with and which are replaced as each page is written
//! (`render::facts`). Each starts and ends with U+0001, a character no record, page or
//! vocabulary may hold, so only a template can write one.

pub const VERSION: &str = "\u{1}data-version\u{1}";
/// The short form of [`VERSION`]: what [`super::citation::short_version`] makes of it.
pub const VERSION_SHORT: &str = "\u{1}data-version-short\u{1}";
pub const UPDATED_ISO: &str = "\u{1}data-updated-iso\u{1}";
/// The name of the stand-in of the day the data last changed, as readers see it: it names the
/// language it is said in (`updated("fa")`), since the page it is on is in one.
pub const UPDATED_NAME: &str = "data-updated";

/// The stand-in of the day the data last changed, said in the language `tag`.
pub fn updated(tag: &str) -> String {
    format!("\u{1}{UPDATED_NAME}:{tag}\u{1}")
}
