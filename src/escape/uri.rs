//! Addresses as strict URIs (RFC 3986): what a record's link may hold that a URI may not (a
//! brace, a space, a backslash, a non-ASCII letter) percent-encoded, which names the same page.
//! For formats whose readers check URIs (STIX's validator) or read them verbatim (BibTeX's
//! `url`), so such an address can neither fail validation nor end a value.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Everything but RFC 3986's unreserved and reserved characters and `%` (kept, since the
/// address is already encoded as written).
const NOT_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `url` with every character a URI may not hold percent-encoded (UTF-8 bytes for non-ASCII).
pub fn uri(url: &str) -> String {
    utf8_percent_encode(url.trim(), NOT_URI).to_string()
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn only_what_a_uri_may_not_hold_is_encoded() {
        assert_eq!(
            uri("https://e.org/a%20b?x={y}&z=\\w v#é"),
            "https://e.org/a%20b?x=%7By%7D&z=%5Cw%20v#%C3%A9"
        );
        assert_eq!(
            uri("https://e.org/p?q=1&r=[2]"),
            "https://e.org/p?q=1&r=[2]"
        );
    }
}
