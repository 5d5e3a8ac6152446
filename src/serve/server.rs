//! The local HTTP server: pages from the in-memory store, the live-reload script and its two
//! endpoints.
//!
//! It is small and written on the standard library so that every limit is docket's own: a
//! request must name this computer in its Host header (a page elsewhere on the web could
//! otherwise read the preview, drafts included, by pointing its own name at 127.0.0.1), at
//! most [`MAX_CONNECTIONS`] are served at once, each on its own thread (so long polls never
//! hold up page loads), and no failure of one connection stops the listener. One request per
//! connection: every answer closes it, so nothing is left idle.

use super::answer::{internal, page, plain, Reply};
use super::reload::{Reload, PREFIX};
use super::store::Store;
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// Connections served at once, one thread each. A browser opens about six to a site and each
/// open page holds one for its poll, so this is ample for previewing, and small enough that a
/// flood of connections cannot exhaust the process's threads.
const MAX_CONNECTIONS: usize = 32;
/// Time a connection has to send its request line and headers.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Time to write an answer to a client that has stopped reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest request line and headers read.
const MAX_HEAD: usize = 16 * 1024;
/// How long a new connection waits for a place when every place is taken.
const PLACE_WAIT: Duration = Duration::from_secs(1);
/// Pause after a failed accept (out of file descriptors, say), so the loop does not spin.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// A bound server, not yet answering.
pub struct Listener {
    socket: TcpListener,
    pub addr: SocketAddr,
}

impl Listener {
    pub fn bind(addr: SocketAddr) -> Result<Listener, String> {
        let socket =
            TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let addr = socket
            .local_addr()
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        Ok(Listener { socket, addr })
    }

    /// Answer requests on a background thread until the process exits.
    pub fn spawn(self, store: Arc<Store>, reload: Arc<Reload>) -> Result<(), String> {
        let site = Arc::new(Site {
            store,
            reload,
            bound: self.addr.ip(),
        });
        thread::Builder::new()
            .name("docket-http".into())
            .spawn(move || accept(&self.socket, &site))
            .map(drop)
            .map_err(|e| format!("cannot start the server: {e}"))
    }
}

/// What every connection's thread reads.
struct Site {
    store: Arc<Store>,
    reload: Arc<Reload>,
    bound: IpAddr,
}

/// Accept connections for ever. Nothing here ends the loop: a failed accept waits a moment, a
/// thread that cannot start drops its connection, a connection beyond the limit is told so.
fn accept(socket: &TcpListener, site: &Arc<Site>) {
    let places = Arc::new(Places::default());
    loop {
        let stream = match socket.accept() {
            Ok((stream, _)) => stream,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ConnectionAborted | ErrorKind::Interrupted
                ) =>
            {
                continue
            }
            Err(_) => {
                thread::sleep(ACCEPT_PAUSE);
                continue;
            }
        };
        let Some(place) = places.take(&stream) else {
            busy(stream);
            continue;
        };
        let site = site.clone();
        let spare = stream.try_clone();
        // When no thread can start, the closure is dropped with the connection and its place;
        // the client is told the server is busy.
        let started = thread::Builder::new()
            .name("docket-http-connection".into())
            .spawn(move || connection(stream, place, &site));
        if let (Err(_), Ok(spare)) = (started, spare) {
            busy(spare);
        }
    }
}

/// Tell a connection that cannot be served to come back, without waiting on it. What it has
/// sent already is read first: closing with unread data would reset the connection, and the
/// client would not see the answer.
fn busy(mut stream: TcpStream) {
    let reply = plain(503, "docket serve is busy; try again\n");
    let _ = stream.set_nonblocking(true);
    let _ = stream.read(&mut [0; 4096]);
    if write_reply(&stream, &reply, false).is_ok() {
        let _ = stream.shutdown(Shutdown::Write);
    }
}

/// The places for connections, and the connections that hold one without having sent a
/// request yet: when all are taken, the oldest of those is closed to make room, so idle
/// connections cannot keep out a browser's requests.
#[derive(Default)]
struct Places {
    table: Mutex<Table>,
    freed: Condvar,
}

#[derive(Default)]
struct Table {
    taken: usize,
    next: u64,
    /// Connections still waiting for their request, oldest first.
    idle: BTreeMap<u64, TcpStream>,
}

/// One connection's place, given back when it is dropped (also when its thread panics).
struct Place {
    places: Arc<Places>,
    id: u64,
}

impl Places {
    fn take(self: &Arc<Self>, stream: &TcpStream) -> Option<Place> {
        let handle = stream.try_clone().ok()?;
        let mut table = self.lock();
        if table.taken >= MAX_CONNECTIONS {
            if let Some((_, oldest)) = table.idle.pop_first() {
                let _ = oldest.shutdown(Shutdown::Both);
            }
            let deadline = Instant::now() + PLACE_WAIT;
            while table.taken >= MAX_CONNECTIONS {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return None;
                }
                table = self
                    .freed
                    .wait_timeout(table, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        table.taken += 1;
        table.next += 1;
        let id = table.next;
        table.idle.insert(id, handle);
        Some(Place {
            places: self.clone(),
            id,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Place {
    /// The request has arrived: this connection is no longer one to close to make room.
    fn busy(&self) {
        self.places.lock().idle.remove(&self.id);
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut table = self.places.lock();
        table.idle.remove(&self.id);
        table.taken -= 1;
        self.places.freed.notify_one();
    }
}

/// Read one request, answer it, close the connection.
fn connection(mut stream: TcpStream, place: Place, site: &Site) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Some(reply)) => {
            let _ = write_reply(&stream, &reply, false);
            return;
        }
        Err(None) => return,
    };
    place.busy();
    let (reply, head_only) = match parse(&head) {
        Ok(request) => {
            let head_only = request.method == "HEAD";
            let reply = catch_unwind(AssertUnwindSafe(|| answer(&request, site)))
                .unwrap_or_else(|_| plain(500, "docket serve failed to answer this request\n"));
            (reply, head_only)
        }
        Err(reply) => (reply, false),
    };
    if write_reply(&stream, &reply, head_only).is_ok() {
        let _ = stream.flush();
        let _ = stream.shutdown(Shutdown::Write);
    }
    drop(place);
}

/// The request line and headers, up to the blank line; `Err(None)` when the client went away
/// or took too long.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Option<Reply>> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    loop {
        if let Some(end) = find(&head, b"\r\n\r\n") {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Some(plain(431, "request headers too large\n")));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(None);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(None),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A request as far as docket reads one.
struct Request {
    method: String,
    /// Origin form: starts with `/`.
    target: String,
    host: String,
}

/// Headers read from one request; more is refused.
const MAX_HEADERS: usize = 64;

/// Read the request line and headers (without the closing blank line) strictly, with httparse:
/// anything unusual is refused, never guessed at.
fn parse(head: &[u8]) -> Result<Request, Reply> {
    let bad = || plain(400, "bad request\n");
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let mut whole = Vec::with_capacity(head.len() + 4);
    whole.extend_from_slice(head);
    whole.extend_from_slice(b"\r\n\r\n");
    match request.parse(&whole) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => {
            return Err(plain(431, "request headers too large\n"))
        }
        Err(httparse::Error::Version) => return Err(plain(505, "HTTP version not supported\n")),
        _ => return Err(bad()),
    }
    let (Some(method), Some(target)) = (request.method, request.path) else {
        return Err(bad());
    };
    // Only a path: an absolute URL would carry a second, unchecked host name.
    if !target.starts_with('/') {
        return Err(bad());
    }
    let mut hosts = request
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"));
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => std::str::from_utf8(host.value).map_err(|_| bad())?,
        (None, _) => return Err(plain(400, "a Host header is required\n")),
        (Some(_), Some(_)) => return Err(bad()),
    };
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host: host.trim_matches([' ', '\t']).to_string(),
    })
}

/// Whether a Host header names this server as only this computer can: `localhost`, a
/// loopback address, or the address the server is bound to (any address, when bound to all
/// of them), with or without a port. Any other name could be an attacker's, pointed at this
/// computer (DNS rebinding); an address cannot be pointed anywhere.
pub fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let (name, rest, bracketed) = match host.strip_prefix('[') {
        Some(inner) => match inner.split_once(']') {
            Some((name, rest)) => (name, rest, true),
            None => return false,
        },
        None => {
            let at = host.find(':').unwrap_or(host.len());
            (&host[..at], &host[at..], false)
        }
    };
    let port_ok = rest.is_empty()
        || rest
            .strip_prefix(':')
            .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !port_ok {
        return false;
    }
    let ip = if bracketed {
        name.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        name.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    };
    match ip {
        Some(ip) => {
            let ip = ip.to_canonical();
            ip.is_loopback() || ip == bound.to_canonical() || bound.is_unspecified()
        }
        None => !bracketed && name.eq_ignore_ascii_case("localhost"),
    }
}

fn answer(request: &Request, site: &Site) -> Reply {
    if !host_allowed(&request.host, site.bound) {
        return plain(
            421,
            "docket serve answers only requests for localhost or its own address\n",
        );
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let mut reply = plain(405, "only GET and HEAD are answered\n");
        reply.headers.push(("Allow", "GET, HEAD".into()));
        return reply;
    }
    match request.target.strip_prefix(PREFIX) {
        Some(rest) => internal(rest, &site.reload),
        None => page(&request.target, &site.store, &site.reload),
    }
}

fn write_reply(mut stream: &TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.kind,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&reply.body);
    }
    stream.write_all(&out)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn host_must_name_this_computer() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(host_allowed(host, LOOPBACK), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "localhost:",
            "localhost:1111:1111",
            "localhost:123456",
            "localhost:12a",
            "127.0.0.1:1111@evil.example",
            "192.168.1.5:1111",
            "[::1",
            "[::1]x",
            "[localhost]",
            "::1",
            "127.1",
            "0x7f.0.0.1",
        ] {
            assert!(!host_allowed(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn the_bound_address_is_accepted_and_any_address_when_bound_to_all() {
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        assert!(host_allowed("192.168.1.5:1111", lan));
        assert!(!host_allowed("192.168.1.6:1111", lan));
        let all = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        assert!(host_allowed("192.168.1.6:1111", all));
        assert!(host_allowed("[fe80::1]:1111", all));
        assert!(!host_allowed("evil.example:1111", all));
    }

    #[test]
    fn requests_are_read_strictly() {
        let ok = parse(b"GET /a?b HTTP/1.1\r\nHost: localhost\r\nAccept: */*").ok();
        assert_eq!(
            ok.map(|r| (r.method, r.target, r.host)),
            Some(("GET".into(), "/a?b".into(), "localhost".into()))
        );
        for head in [
            &b"GET / HTTP/1.1"[..],
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b",
            b"GET http://evil.example/ HTTP/1.1\r\nHost: localhost",
            b"GET  / HTTP/1.1\r\nHost: localhost",
            b"GET / HTTP/1.1\r\n Host: localhost",
            b"GET / HTTP/2.0\r\nHost: localhost",
            b"GET /\x01 HTTP/1.1\r\nHost: localhost",
        ] {
            assert!(parse(head).is_err(), "{}", String::from_utf8_lossy(head));
        }
    }
}
