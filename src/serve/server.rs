//! The local HTTP server: pages from the in-memory store, the live-reload script and its two
//! endpoints. One thread per request, so long-polling pages never hold up page loads.

use super::reload::{inject, Reload, PREFIX, SCRIPT};
use super::store::{lookup_path, Lookup, Store};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server};

/// How long a poll waits for a rebuild before answering "no change" (browsers and proxies
/// give up on requests idle for much longer).
const POLL_WAIT: Duration = Duration::from_secs(25);

/// A bound server, not yet answering.
pub struct Listener {
    server: Arc<Server>,
    pub addr: SocketAddr,
}

impl Listener {
    pub fn bind(addr: SocketAddr) -> Result<Listener, String> {
        let server = Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| format!("cannot listen on {addr}: not an IP address"))?;
        Ok(Listener {
            server: Arc::new(server),
            addr,
        })
    }

    /// Answer requests on a background thread until the process exits.
    pub fn spawn(self, store: Arc<Store>, reload: Arc<Reload>) {
        std::thread::spawn(move || {
            for request in self.server.incoming_requests() {
                let (store, reload) = (store.clone(), reload.clone());
                std::thread::spawn(move || answer(request, &store, &reload));
            }
        });
    }
}

fn answer(request: Request, store: &Store, reload: &Reload) {
    let url = request.url().to_string();
    let head = *request.method() == Method::Head;
    if !(head || *request.method() == Method::Get) {
        let _ = request.respond(Response::empty(405).with_header(header("Allow", "GET, HEAD")));
        return;
    }
    let response = if let Some(rest) = url.strip_prefix(PREFIX) {
        internal(rest, reload)
    } else {
        page(&url, store, reload)
    };
    let response = response.with_header(header("Cache-Control", "no-store"));
    let _ = if head {
        request.respond(Response::empty(response.status_code()))
    } else {
        request.respond(response)
    };
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn internal(rest: &str, reload: &Reload) -> Reply {
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

fn page(url: &str, store: &Store, reload: &Reload) -> Reply {
    let Some(path) = lookup_path(url) else {
        return not_found(reload);
    };
    match store.get(&path) {
        Lookup::Found(body) => {
            let kind = content_type(&path);
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
    // `/events/x` → `/events/x/` when that is a page.
    let bare = url.split(['?', '#']).next().unwrap_or("");
    let folder = format!("{path}/index.html");
    if !bare.ends_with('/') && !matches!(store.get(&folder), Lookup::Missing) {
        return Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &format!("{bare}/")));
    }
    not_found(reload)
}

/// A page whose template failed when it was rendered on request.
fn failed(message: &str, reload: &Reload) -> Reply {
    let html = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Template error</title><body><h1>This page could not be rendered</h1><pre>{}</pre></body></html>",
        escape_html(message)
    );
    bytes(
        inject(html.as_bytes(), reload.generation()),
        "text/html; charset=utf-8",
    )
    .with_status_code(500)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn not_found(reload: &Reload) -> Reply {
    let html = b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1><p>docket has no page at this address.</p></body></html>";
    bytes(
        inject(html, reload.generation()),
        "text/html; charset=utf-8",
    )
    .with_status_code(404)
}

const JSON: &str = "application/json";

fn bytes(body: Vec<u8>, kind: &str) -> Reply {
    Response::from_data(body).with_header(header("Content-Type", kind))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names are valid")
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
