//! The one origin a printing browser can reach.
//!
//! The staged output is served on a loopback port, and that same port is the browser's proxy
//! for every address, loopback included. So each request the browser makes arrives here, and
//! only `http://docket.invalid/…` is answered, with a regular file inside the staging folder
//! reached without `..` or symbolic links. Everything else (other hosts, other loopback
//! ports, `CONNECT` for https) is refused. The page's origin is http, from which Chromium
//! loads no `file://` address; and the origin's name is fixed, not the port, so nothing in a
//! PDF depends on which port was free.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use tiny_http::{Header, Method, Request, Response, Server};

/// The name the staged output is printed from. `.invalid` never resolves (RFC 6761), so the
/// name reaches nothing if the proxy were ever bypassed.
pub const HOST: &str = "docket.invalid";

/// Largest staged file served to the browser: pages are bounded at 32 MiB, and nothing
/// staged is larger than a page or a download.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// Threads answering the browser: files are small and local, two keep parallel prints fed.
const HANDLERS: usize = 2;

/// Encoded in a staged file's address: all but unreserved characters and `/`.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The address the browser loads a staged file from: `relative` is `/`-separated.
pub fn url(relative: &str) -> String {
    let path = percent_encoding::utf8_percent_encode(relative.trim_start_matches('/'), PATH);
    format!("http://{HOST}/{path}")
}

/// A running origin for one staging folder.
pub struct Origin {
    server: Server,
    reader: crate::files::Reader,
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
            reader: crate::files::Reader::new(root, MAX_FILE),
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
            Some((bytes, kind)) => {
                let response = Response::from_data(bytes)
                    .with_header(header("Content-Type", kind))
                    .with_header(header("X-Content-Type-Options", "nosniff"))
                    .with_header(header("Cache-Control", "no-store"));
                request.respond(response)
            }
            None => request.respond(Response::empty(404)),
        };
    }

    /// The file a proxy request's absolute address names, when it is one this origin serves:
    /// read through the site's one reader, with the staging folder as its root (no `..`, no
    /// link on the way, regular files only).
    fn file(&self, target: &str) -> Option<(Vec<u8>, &'static str)> {
        let rest = target.strip_prefix("http://")?;
        let (host, path) = rest.split_at(rest.find('/')?);
        if !host.eq_ignore_ascii_case(HOST) && !host.eq_ignore_ascii_case(&format!("{HOST}:80")) {
            return None;
        }
        // `//x` would name `x` to the preview; here nothing but a plain path is answered.
        if path.contains("//") {
            return None;
        }
        let relative = crate::files::url_file(path)?;
        let relative = relative.as_str();
        let bytes = self.reader.read(Path::new(relative)).ok()?;
        Some((bytes, crate::files::content_type(relative)))
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
