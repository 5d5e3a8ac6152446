//! The preview server (`docket serve`) as a hostile web page or local program would use it: the
//! real binary on a free loopback port, spoken to in raw HTTP so every header is under the
//! test's control. Every request has a read limit and every loop a fixed count, and the server
//! is killed when the test ends, passed or failed.

use crate::common::{Site, SOURCE_DATE_EPOCH};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EVENT: &str = "content/events/2019-05-28-facebook-iran.yaml";
const DRAFT: &str = "content/events/2019-06-01-draft-network.yaml";
const DRAFT_TITLE: &str = "Unpublished draft about a network";
/// Generous limits for a slow, shared machine; a healthy one answers in milliseconds.
const STARTUP: Duration = Duration::from_secs(30);
const ANSWER: Duration = Duration::from_secs(30);

/// A running `docket serve --drafts`, killed when dropped (also when an assertion fails).
struct Preview {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
}

impl Preview {
    fn start(site: &Site) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(["serve", "--port", "0", "--drafts"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start docket serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut preview = Preview {
            child,
            address: String::new(),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + STARTUP;
        while preview.address.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .expect("docket serve says where it listens");
            if let Some(rest) = line.strip_prefix("serving http://") {
                let address = rest.split('/').next().expect("an address");
                preview.address = address.to_string();
            }
        }
        preview
    }

    fn port(&self) -> &str {
        self.address.rsplit(':').next().expect("a port")
    }

    /// Send `raw` as it is; the answer, or the connection closing without one.
    fn send(&self, raw: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.address).expect("connect to docket serve");
        stream.set_read_timeout(Some(ANSWER)).expect("a read limit");
        // The server may refuse and close before a long request is all sent.
        let _ = stream.write_all(raw.as_bytes());
        let mut bytes = Vec::new();
        // A server that closes without answering is an answer too (status 0).
        let _ = stream.read_to_end(&mut bytes);
        Answer::parse(&bytes)
    }

    /// `METHOD path` with `Host: host`.
    fn request(&self, method: &str, path: &str, host: &str) -> Answer {
        self.send(&format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    fn get(&self, path: &str) -> Answer {
        let host = self.address.clone();
        self.request("GET", path, &host)
    }

    /// The server's threads, where the system says (Linux).
    fn threads(&self) -> Option<usize> {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.child.id())).ok()?;
        Some(tasks.count())
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP answer, taken apart.
struct Answer {
    /// 0 when the connection closed without an answer.
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// Failure messages show the start of the body only.
impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let start: String = self.body.chars().take(120).collect();
        write!(f, "{} {:?} {start:?}", self.status, self.headers)
    }
}

impl Answer {
    fn parse(bytes: &[u8]) -> Answer {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The minimal fixture plus one draft record, served with `--drafts`.
fn site_with_draft() -> Site {
    let site = Site::from_fixture("valid-minimal");
    let record = std::fs::read_to_string(site.root().join(EVENT)).expect("read the event");
    let draft = record
        .replace(
            "title: Facebook removes an Iran-based network",
            &format!("title: {DRAFT_TITLE}"),
        )
        .replace("date: 2019-05-28", "date: 2019-06-01\nstatus: draft");
    site.write(DRAFT, &draft);
    site
}

/// DNS rebinding: a page on `evil.example` whose name is made to resolve to 127.0.0.1 sends its
/// own name as the Host. Such requests, and every other Host that is not this computer's
/// loopback name or the bound address, get a short refusal and none of the site, drafts and
/// the live-reload endpoints included. The loopback names, with or without the port, work.
#[test]
fn serve_refuses_requests_for_other_hosts() {
    let site = site_with_draft();
    let preview = Preview::start(&site);
    let port = preview.port().to_string();
    let draft_page = "/events/2019-06-01-draft-network/";
    let draft = preview.get(draft_page);
    assert_eq!(draft.status, 200, "{draft:?}");
    assert!(draft.body.contains(DRAFT_TITLE), "{draft:?}");

    let paths = [
        "/",
        draft_page,
        "/events/",
        "/data/events.json",
        "/__docket/status",
        "/__docket/live.js",
        "/__docket/poll?since=0",
        "/no-such-page/",
    ];
    let hosts = [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("evil.example:{port}@127.0.0.1:{port}"),
        format!("127.0.0.1:{port}.evil.example"),
        format!("127.0.0.1:{port} evil.example"),
        "0x7f.0.0.1".to_string(),
        "127.1".to_string(),
        format!("[::1]evil.example:{port}"),
        String::new(),
    ];
    for host in &hosts {
        for path in paths {
            let refused = preview.request("GET", path, host);
            assert!(
                matches!(refused.status, 400 | 403 | 421),
                "Host {host:?}, GET {path}: {refused:?}"
            );
            assert!(
                !refused.body.contains("Minimal tracker")
                    && !refused.body.contains(DRAFT_TITLE)
                    && !refused.body.contains("generation")
                    && !refused.body.contains("Iran")
                    && refused.body.len() < 200,
                "Host {host:?}, GET {path} shows the site: {refused:?}"
            );
            assert_eq!(
                refused.header("content-type"),
                Some("text/plain; charset=utf-8"),
                "Host {host:?}, GET {path}"
            );
        }
    }
    // No Host at all, two of them, or one hidden in an absolute URL: refused too.
    let address = preview.address.clone();
    for raw in [
        "GET / HTTP/1.0\r\n\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: {address}\r\nHost: evil.example\r\n\r\n"),
        format!("GET http://evil.example/ HTTP/1.1\r\nHost: {address}\r\n\r\n"),
        format!("GET http://{address}/ HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
    ] {
        let refused = preview.send(&raw);
        assert!(
            matches!(refused.status, 400 | 403 | 421) && !refused.body.contains("Minimal tracker"),
            "{raw:?}: {refused:?}"
        );
    }

    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.2:{port}"),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
    ] {
        let page = preview.request("GET", draft_page, &host);
        assert_eq!(page.status, 200, "Host {host:?}: {page:?}");
        assert!(page.body.contains(DRAFT_TITLE), "Host {host:?}");
        let status = preview.request("GET", "/__docket/status", &host);
        assert_eq!(status.status, 200, "Host {host:?}: {status:?}");
    }
}

/// Open redirect: `//host` is a network-path reference, so `Location: //host/` sends the
/// browser to another site. A folder asked for without its slash is redirected to a path on
/// this server only, however the path was spelled.
#[test]
fn serve_redirects_only_to_paths_on_the_same_server() {
    let site = Site::from_fixture("valid-minimal");
    let preview = Preview::start(&site);
    let folder = preview.get("/events");
    assert_eq!(folder.status, 301, "{folder:?}");
    assert_eq!(folder.header("location"), Some("/events/"));

    for path in [
        "//events",
        "///events",
        "//events/2019-05-28-facebook-iran",
        "/%2F%2Fevents",
        "/%2f/events",
        "/%2F%5Cevents",
        "/\\events",
        "/\\/events",
        "/%5Cevents",
        "/%5C%5Cevents",
        "/events/%2F%2Fevents",
        "//events?x=1",
        "//evil.example",
        "//evil.example/",
        "/%09/events",
        "/%0d%0aLocation:%20//evil.example",
    ] {
        let answer = preview.get(path);
        assert!(matches!(answer.status, 301 | 404), "GET {path}: {answer:?}");
        if let Some(location) = answer.header("location") {
            let mut chars = location.chars();
            assert_eq!(chars.next(), Some('/'), "GET {path}: Location {location:?}");
            assert!(
                !matches!(chars.next(), Some('/' | '\\')),
                "GET {path}: Location {location:?} leaves the server"
            );
            assert!(
                location.chars().all(|c| c.is_ascii_graphic()),
                "GET {path}: Location {location:?}"
            );
        }
        assert_eq!(
            answer
                .headers
                .iter()
                .filter(|(k, _)| k == "location")
                .count(),
            usize::from(answer.status == 301),
            "GET {path}: {answer:?}"
        );
    }
}

/// Thread exhaustion: each open connection used to hold a thread of its own, with no limit;
/// about 180 idle ones made spawning a thread fail, which killed the listener for good. Many
/// idle connections now cost a bounded number of threads, and ordinary requests, broken
/// requests and dropped connections never stop the server from answering.
#[test]
fn serve_keeps_answering_after_many_idle_connections() {
    let site = Site::from_fixture("valid-minimal");
    let mut preview = Preview::start(&site);
    assert_eq!(preview.get("/").status, 200);
    let before = preview.threads();

    let mut idle = Vec::new();
    for _ in 0..150 {
        match TcpStream::connect(&preview.address) {
            Ok(stream) => idle.push(stream),
            Err(e) => panic!("connection {} refused: {e}", idle.len()),
        }
    }
    // Half of them start a request and never finish it.
    for stream in idle.iter_mut().step_by(2) {
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    // Still answering while they stay open.
    let home = preview.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(home.body.contains("Minimal tracker"));

    // Broken requests, one after another: none stops the server.
    let address = preview.address.clone();
    let huge = format!(
        "GET /{} HTTP/1.1\r\nHost: {address}\r\n\r\n",
        "a".repeat(100_000)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\n{}\r\n",
        "X-Padding: 0123456789abcdef\r\n".repeat(5_000)
    );
    for raw in [
        "\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "\u{0}\u{1}\u{2}\r\n\r\n",
        "GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
        "GET / HTTP/1.1\r\n Host: 127.0.0.1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello",
        huge.as_str(),
        many_headers.as_str(),
    ] {
        let answer = preview.send(raw);
        assert!(answer.status != 200, "{raw:.40?}: {answer:?}");
        assert_eq!(preview.get("/").status, 200, "after {raw:.40?}");
    }
    for _ in 0..20 {
        let stream = TcpStream::connect(&preview.address).expect("connect");
        let _ = stream.shutdown(Shutdown::Both);
    }
    // Threads stay bounded however many connections wait (one each, unbounded, before).
    if let (Some(before), Some(during)) = (before, preview.threads()) {
        eprintln!("{during} threads with 150 idle connections open, {before} before");
        assert!(
            during <= before + 64,
            "{during} threads with 150 idle connections open ({before} before)"
        );
    }

    drop(idle);
    for _ in 0..20 {
        assert_eq!(preview.get("/style.css").status, 200);
    }
    assert!(
        preview
            .child
            .try_wait()
            .expect("the server's state")
            .is_none(),
        "the server exited"
    );
}

/// HEAD is GET without the body: the same status, type and length, for pages, files, the
/// live-reload endpoints, missing pages and redirects alike.
#[test]
fn serve_answers_head_like_get() {
    let site = Site::from_fixture("valid-minimal");
    let preview = Preview::start(&site);
    let host = preview.address.clone();
    for path in [
        "/",
        "/events/2019-05-28-facebook-iran/",
        "/style.css",
        "/data/events.json",
        "/figures/events-by-quarter.svg",
        "/__docket/live.js",
        "/__docket/status",
        "/no-such-page/",
        "/events",
    ] {
        let get = preview.request("GET", path, &host);
        let head = preview.request("HEAD", path, &host);
        assert_eq!(head.status, get.status, "HEAD {path}: {head:?}");
        for name in ["content-type", "content-length", "location"] {
            assert_eq!(head.header(name), get.header(name), "HEAD {path}: {name}");
        }
        assert_eq!(
            get.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "GET {path}"
        );
        assert!(
            get.status == 301 || get.header("content-type").is_some(),
            "GET {path}"
        );
        assert_eq!(head.body, "", "HEAD {path}");
    }
}
