//! What the preview answers each request with: a page from the store (with the live-reload
//! script), the reload endpoints, a redirect that stays on this server, or a short error. How
//! connections are accepted and requests read is in [`super::server`].

use super::reload::{inject, Reload, SCRIPT};
use super::store::{Lookup, Store};
use std::time::Duration;

/// How long a poll waits for a rebuild before answering "no change" (browsers and proxies
/// give up on requests idle for much longer).
const POLL_WAIT: Duration = Duration::from_secs(25);

/// An answer, written the same way for GET and HEAD (HEAD leaves out the body only).
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) kind: &'static str,
    pub(super) body: Vec<u8>,
    pub(super) headers: Vec<(&'static str, String)>,
}

pub(super) fn internal(rest: &str, reload: &Reload) -> Reply {
    let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
    match name {
        "live.js" => bytes(SCRIPT.as_bytes().to_vec(), "text/javascript; charset=utf-8"),
        "status" => bytes(reload.status_json().into_bytes(), JSON),
        "poll" => {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            bytes(reload.wait_json(since, POLL_WAIT).into_bytes(), JSON)
        }
        _ => not_found(reload),
    }
}

pub(super) fn page(url: &str, store: &Store, reload: &Reload) -> Reply {
    let Some(path) = crate::files::url_file(url) else {
        return not_found(reload);
    };
    match store.get(&path) {
        Lookup::Found(body) => {
            let kind = crate::files::content_type(&path);
            let body = if kind.starts_with("text/html") {
                inject(&body, reload.generation())
            } else {
                body.to_vec()
            };
            return bytes(body, kind);
        }
        Lookup::Failed(message) => return failed(&message, reload),
        Lookup::Missing => {}
    }
    // `/events/x` → `/events/x/` when that is a page. The address is made from the looked-up
    // path, never from the request as sent (which may be `//host`).
    let bare = url.split(['?', '#']).next().unwrap_or("");
    let folder = format!("{path}/index.html");
    if !bare.ends_with('/') && !matches!(store.get(&folder), Lookup::Missing) {
        return redirect(&format!("/{}/", encode_path(&path)), reload);
    }
    not_found(reload)
}

/// A redirect to a path on this server. `//host/` and `/\host` are addresses of other sites
/// to a browser, so a location that starts with anything but one slash is never sent.
fn redirect(location: &str, reload: &Reload) -> Reply {
    let mut chars = location.chars();
    let local = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    if !local || !location.bytes().all(|b| b.is_ascii_graphic()) {
        return not_found(reload);
    }
    let mut reply = bytes(Vec::new(), "text/plain; charset=utf-8");
    reply.status = 301;
    reply.headers.push(("Location", location.to_string()));
    reply
}

/// Everything but unreserved and path characters is encoded in a Location header.
const LOCATION: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// `path` percent-encoded for a Location header.
fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, LOCATION).to_string()
}

/// A page whose template failed when it was rendered on request.
fn failed(message: &str, reload: &Reload) -> Reply {
    let html = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Template error</title><body><h1>This page could not be rendered</h1><pre>{}</pre></body></html>",
        crate::escape::xml_text(message)
    );
    let mut reply = bytes(
        inject(html.as_bytes(), reload.generation()),
        "text/html; charset=utf-8",
    );
    reply.status = 500;
    reply
}

fn not_found(reload: &Reload) -> Reply {
    let html = b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1><p>docket has no page at this address.</p></body></html>";
    let mut reply = bytes(
        inject(html, reload.generation()),
        "text/html; charset=utf-8",
    );
    reply.status = 404;
    reply
}

const JSON: &str = "application/json";

fn bytes(body: Vec<u8>, kind: &'static str) -> Reply {
    Reply {
        status: 200,
        kind,
        body,
        headers: Vec::new(),
    }
}

/// A short plain-text answer that shows nothing of the site.
pub(super) fn plain(status: u16, text: &str) -> Reply {
    let mut reply = bytes(text.as_bytes().to_vec(), "text/plain; charset=utf-8");
    reply.status = status;
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_server() {
        let reload = Reload::new();
        for location in ["//evil.example/", "/\\evil.example", "evil.example", "/a b"] {
            assert_eq!(redirect(location, &reload).status, 404, "{location}");
        }
        let folder = redirect("/events/", &reload);
        assert_eq!(folder.status, 301);
        assert_eq!(folder.headers, [("Location", "/events/".to_string())]);
        assert_eq!(encode_path("a b/%\\?#é"), "a%20b/%25%5C%3F%23%C3%A9");
    }
}
