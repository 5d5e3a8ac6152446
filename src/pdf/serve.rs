//! The one origin a printing browser can reach.
//!
//! The staged output is served on a loopback port, and that same port is the browser's proxy
//! for every address, loopback included. So each request the browser makes arrives here, and
//! only `http://docket.invalid/…` is answered, with a regular file inside the staging folder
//! reached without `..` or symbolic links. Everything else (other hosts, other loopback
//! ports, `CONNECT` for https) is refused. The page's origin is http, from which Chromium
//! loads no `file://` address; and the origin's name is fixed, not the port, so nothing in a
//! PDF depends on which port was free.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use tiny_http::{Header, Method, Request, Response, Server};

/// The name the staged output is printed from. `.invalid` never resolves (RFC 6761), so the
/// name reaches nothing if the proxy were ever bypassed.
pub const HOST: &str = "docket.invalid";

/// Threads answering the browser: files are small and local, two keep parallel prints fed.
const HANDLERS: usize = 2;

/// The address the browser loads a staged file from: `relative` is `/`-separated.
pub fn url(relative: &str) -> String {
    let mut out = format!("http://{HOST}/");
    for b in relative.trim_start_matches('/').bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A running origin for one staging folder.
pub struct Origin {
    server: Server,
    root: PathBuf,
    port: u16,
    stopping: AtomicBool,
}

impl Origin {
    /// Listen on an ephemeral loopback port; answer with [`Origin::serve`].
    pub fn start(root: &Path) -> Result<Origin, String> {
        let server = Server::http("127.0.0.1:0")
            .map_err(|e| format!("cannot listen on a loopback port to print from: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("cannot listen on a loopback port to print from")?;
        Ok(Origin {
            server,
            root: root.to_path_buf(),
            port,
            stopping: AtomicBool::new(false),
        })
    }

    /// The proxy address to give the browser.
    pub fn proxy(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answer requests on [`HANDLERS`] threads of `scope` until [`Origin::stop`].
    pub fn serve<'scope>(&'scope self, scope: &'scope std::thread::Scope<'scope, '_>) {
        for _ in 0..HANDLERS {
            scope.spawn(move || loop {
                match self.server.recv() {
                    Ok(request) => self.answer(request),
                    Err(_) if self.stopping.load(Ordering::Relaxed) => break,
                    Err(_) => {}
                }
            });
        }
    }

    /// End the threads [`Origin::serve`] started.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        for _ in 0..HANDLERS {
            self.server.unblock();
        }
    }

    fn answer(&self, request: Request) {
        let found = match request.method() {
            Method::Get | Method::Head => self.file(request.url()),
            _ => None,
        };
        // A browser that cannot reach the answer gets nothing else to do with the error.
        let _ = match found {
            Some((file, kind)) => {
                let response = Response::from_file(file)
                    .with_header(header("Content-Type", kind))
                    .with_header(header("X-Content-Type-Options", "nosniff"))
                    .with_header(header("Cache-Control", "no-store"));
                request.respond(response)
            }
            None => request.respond(Response::empty(404)),
        };
    }

    /// The file a proxy request's absolute address names, when it is one this origin serves.
    fn file(&self, target: &str) -> Option<(fs::File, &'static str)> {
        let rest = target.strip_prefix("http://")?;
        let (host, path) = rest.split_at(rest.find('/')?);
        if !host.eq_ignore_ascii_case(HOST) && !host.eq_ignore_ascii_case(&format!("{HOST}:80")) {
            return None;
        }
        let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
        let path = decode(path)?;
        let mut segments: Vec<&str> = path.split('/').skip(1).collect();
        if segments.last() == Some(&"") {
            segments.pop();
            segments.push("index.html");
        }
        let mut at = self.root.clone();
        for (i, segment) in segments.iter().enumerate() {
            if matches!(*segment, "" | "." | "..") || segment.contains(['\\', '\0']) {
                return None;
            }
            at.push(segment);
            let meta = fs::symlink_metadata(&at).ok()?;
            let last = i + 1 == segments.len();
            if !(if last { meta.is_file() } else { meta.is_dir() }) {
                return None;
            }
        }
        let file = fs::File::open(&at).ok()?;
        file.metadata().ok().filter(|m| m.is_file())?;
        Some((file, content_type(&at)))
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// `%XX` escapes decoded; `None` for a malformed escape or a path that is not UTF-8.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The type a browser needs to use a file (an SVG image shows only as `image/svg+xml`).
fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> (tempfile::TempDir, Origin) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("site/briefings/q2")).unwrap();
        fs::write(dir.path().join("site/briefings/q2/print.html"), "page").unwrap();
        fs::write(dir.path().join("site/style.css"), "css").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let origin = Origin::start(&dir.path().join("site")).unwrap();
        (dir, origin)
    }

    #[test]
    fn urls_name_the_fixed_origin_and_escape_what_they_must() {
        assert_eq!(
            url("briefings/a b/#x.html"),
            "http://docket.invalid/briefings/a%20b/%23x.html"
        );
    }

    #[test]
    fn serves_only_regular_files_inside_the_folder_from_its_own_name() {
        let (dir, o) = origin();
        let kind = |t: &str| o.file(t).map(|(_, k)| k);
        assert_eq!(
            kind("http://docket.invalid/briefings/q2/print.html"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            kind("http://DOCKET.invalid:80/style.css?v=1"),
            Some("text/css; charset=utf-8")
        );
        for refused in [
            "/style.css",
            "http://127.0.0.1/style.css",
            &format!("http://127.0.0.1:{}/style.css", o.port),
            "http://docket.invalid.example.org/style.css",
            "https://docket.invalid/style.css",
            "docket.invalid:443",
            "http://docket.invalid/../secret.txt",
            "http://docket.invalid/%2e%2e/secret.txt",
            "http://docket.invalid/briefings/%2E%2E/%2E%2E/../secret.txt",
            "http://docket.invalid/briefings%2f..%2f..%2fsecret.txt",
            "http://docket.invalid//style.css",
            "http://docket.invalid/briefings",
            "http://docket.invalid/briefings/q2/",
            "http://docket.invalid/%zz",
        ] {
            assert_eq!(kind(refused), None, "{refused}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), dir.path().join("site/l"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path(), dir.path().join("site/d")).unwrap();
            assert_eq!(kind("http://docket.invalid/l"), None);
            assert_eq!(kind("http://docket.invalid/d/secret.txt"), None);
        }
    }
}
