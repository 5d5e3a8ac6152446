//! What a briefing page shows, in display-ready shapes: the period's events by platform and
//! origin and the corrections made in it ([`listings`]), the numbered sources ([`references`]),
//! and everything the `briefing.html` template gets ([`context`]).

pub mod context;
pub mod listings;
pub mod references;
