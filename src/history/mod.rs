//! What the site's history says, worked out once per build: the data version every published
//! file carries ([`version`]), and the day each event first appeared ([`first_seen`]). Both
//! ask git when the site is a checkout; without git the version is a hash of the inputs.

pub mod first_seen;
pub mod version;

pub use version::DataVersion;

use crate::records::date::PartialDate;
use std::collections::HashMap;
use std::path::Path;

/// The site's history, as of this build.
#[derive(Debug, Clone)]
pub struct History {
    pub version: DataVersion,
    /// Event files (`content/events/x.yaml`) by the day they were first committed.
    pub first_seen: HashMap<String, PartialDate>,
}

impl History {
    /// Ask git (or hash the inputs) once; the two questions run side by side.
    pub fn of(root: &Path) -> History {
        let (version, first_seen) =
            rayon::join(|| DataVersion::of(root), || first_seen::first_seen(root));
        History {
            version,
            first_seen,
        }
    }
}
