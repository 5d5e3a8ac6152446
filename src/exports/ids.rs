//! Identifiers that stay the same from build to build: UUIDv5 (RFC 9562) of a name under one
//! namespace, chosen once for docket and never changed, so a record keeps its STIX id and its
//! MISP uuid for as long as it keeps its id.
//!
//! Names are `<scope>|<kind>|<key>`. Things every tracker shares (a country, a platform, a
//! DISARM technique) have the scope `docket`, so two trackers' bundles name them alike and
//! merge; a tracker's own records, actors and operations are scoped by its `base_url` (its
//! title when it has none), so two trackers' `2019-05-28-x` never collide.

use crate::config::SiteConfig;
use uuid::Uuid;

/// docket's namespace for UUIDv5 names (documented in docs/data.md; never change it).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2d5e_8a43_4b7e_9d02_5c31_7e0a_f4b9);

/// The scope of things every tracker shares.
pub const SHARED: &str = "docket";

/// The scope of one tracker's own things.
pub fn site_scope(config: &SiteConfig) -> String {
    if config.base_url().is_empty() {
        config.title.clone()
    } else {
        config.base_url().to_string()
    }
}

/// The UUIDv5 of `kind` `key` in `scope`.
pub fn uuid(scope: &str, kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{scope}|{kind}|{key}").as_bytes())
}

/// A STIX identifier: `report--<uuid>`.
pub fn stix(kind: &str, scope: &str, key: &str) -> String {
    format!("{kind}--{}", uuid(scope, kind, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_5_and_stable() {
        let id = uuid("https://example.org/t", "report", "2019-05-28-x");
        assert_eq!(id.get_version_num(), 5);
        assert_eq!(id, uuid("https://example.org/t", "report", "2019-05-28-x"));
        assert_ne!(id, uuid("https://other.example", "report", "2019-05-28-x"));
        // The namespace is fixed: this value must never change.
        assert_eq!(
            stix("location", SHARED, "IR"),
            "location--38537117-a6da-555f-bff0-da5bfe97bca3"
        );
    }
}
