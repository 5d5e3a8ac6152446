//! Everything users write (see `docs/records.md`), as types with their checks: events, actors,
//! operations and pages; the vocabularies ([`vocab`]); figure specs ([`figure`]); briefing
//! front matter ([`briefing`]); the periods both are scoped to ([`period`]); and the value
//! types they share (quantities, dates). It reads no file: [`crate::load`] hands it the texts.

mod actor;
pub mod briefing;
mod check;
pub mod date;
mod event;
mod fields;
pub mod figure;
pub mod limits;
pub mod model;
mod page;
pub mod period;
pub mod quantity;
mod raw;
pub mod vocab;

pub use actor::{check_actor, check_operation};
pub use check::{span_at, Checker};
pub use event::{check_event, USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
pub use fields::{check_http_url, Known};
pub use model::*;
pub use page::{check_page, split_front_matter, RESERVED_SLUGS};
/// An event as written, before checking; public for the stage benchmarks, which time parsing
/// apart from checking.
pub use raw::RawEvent;
