//! What a key may be: the one rule for record ids, vocabulary keys, page names and slugs, which
//! all become folder names in the output. A leaf: imports nothing of docket's.

/// The longest event or figure id: their ids are file names that carry a date and a subject
/// (`2019-05-28-facebook-iran`).
pub const MAX_RECORD_ID: usize = 100;

/// The longest key of everything else: vocabulary words, actors, operations, pages,
/// briefings, themes.
pub const MAX_KEY: usize = 64;

/// Is `key` a valid key: `[a-z0-9][a-z0-9-]*`, at most `max` characters, and not a name
/// Windows reserves for a device?
pub fn is_key(key: &str, max: usize) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && key.len() <= max
        && !is_device_name(key)
}

/// An event or figure id ([`MAX_RECORD_ID`]).
pub fn is_record_id(id: &str) -> bool {
    is_key(id, MAX_RECORD_ID)
}

/// `con`, `prn`, `aux`, `nul`, `com1`–`com9`, `lpt1`–`lpt9`: a folder of that name cannot be
/// created on Windows, so a site using one as a key could not be built there.
fn is_device_name(key: &str) -> bool {
    matches!(key, "con" | "prn" | "aux" | "nul")
        || (key.len() == 4
            && (key.starts_with("com") || key.starts_with("lpt"))
            && matches!(key.as_bytes()[3], b'1'..=b'9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_safe_folder_names() {
        assert!(is_record_id("2019-05-28-facebook-iran"));
        assert!(is_key("com10", MAX_KEY) && is_key("console", MAX_KEY) && is_key("lpt", MAX_KEY));
        for bad in [
            "",
            "-x",
            "..",
            "..%2f",
            "a/b",
            "a\\b",
            "Facebook",
            "CON",
            "con",
            "nul",
            "aux",
            "prn",
            "com1",
            "lpt9",
            "fаcebook",
            "ｆacebook",
            "a.b",
            "a b",
            "a_b",
        ] {
            assert!(!is_key(bad, MAX_KEY), "{bad:?}");
        }
        assert!(is_key(&"a".repeat(64), MAX_KEY) && !is_key(&"a".repeat(65), MAX_KEY));
    }

    #[test]
    fn key_shapes() {
        assert!(is_key("fireeye", MAX_KEY));
        assert!(!is_key("FireEye", MAX_KEY));
        assert!(!is_key("../x", MAX_KEY));
        assert!(!is_record_id(&"a".repeat(101)));
    }
}
