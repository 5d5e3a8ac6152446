//! How the site spells things: every address ([`urls`]), and the display-ready shapes of
//! records, dates and totals that templates and data files show ([`views`]). Above the dataset,
//! below everything that writes a page or a file.

pub mod citation;
pub mod locale;
pub mod stand_in;
pub mod urls;
pub mod views;
