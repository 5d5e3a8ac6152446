//! What a briefing page shows, in display-ready shapes: the period's events by platform and
//! origin and the corrections made in it ([`listings`]), its networks and cases
//! ([`networks`]), its numbered figures ([`figure`]) and sources ([`references`]), its key numbers
//! ([`numbers`]) and contents ([`contents`]), and everything the `briefing.html` template gets
//! ([`context`]).

pub mod contents;
pub mod context;
pub mod figure;
pub mod listings;
pub mod networks;
pub mod numbers;
pub mod references;
