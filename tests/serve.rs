//! `docket serve`: the real binary on a free port, fetched over HTTP while records are edited.
//!
//! No test here waits on a timer to judge speed: each waits (with a generous limit, for slow CI
//! machines) until the server reports the rebuild, then checks what it serves.

use crate::common;
use crate::common::{Site, SOURCE_DATE_EPOCH};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EVENT: &str = "content/events/2019-05-28-facebook-iran.yaml";
const EVENT_PAGE: &str = "/events/2019-05-28-facebook-iran/";
/// Upper limit for a rebuild to show up; a healthy machine takes milliseconds.
const SETTLE: Duration = Duration::from_secs(20);

/// A running `docket serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    url: String,
    /// Lines the server printed, as they come.
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start docket serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            lines,
        };
        let line = server.wait_line(|l| l.starts_with("serving "));
        server.url = line
            .split_whitespace()
            .nth(1)
            .expect("an address")
            .trim_end_matches('/')
            .to_string();
        server
    }

    /// Wait for the next printed line that passes `matches`.
    fn wait_line(&self, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + SETTLE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if matches(&line) => return line,
                Ok(_) => {}
                Err(e) => panic!("docket serve did not print the expected line: {e}"),
            }
        }
    }

    /// `GET path`: the status code and body.
    fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.url, path)
    }

    fn page(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// The build status the browser script polls.
    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.page("/__docket/status")).expect("status is JSON")
    }

    /// Wait for the rebuild after an edit: the next "updated"/"built" line or a failure.
    fn wait_rebuild(&self) {
        self.wait_line(|l| l.starts_with("updated ") || l.starts_with("built "));
    }

    /// Wait until the status reports a failed rebuild.
    fn wait_failure(&self) -> serde_json::Value {
        let deadline = Instant::now() + SETTLE;
        loop {
            let status = self.status();
            if status["ok"] == false {
                return status;
            }
            assert!(Instant::now() < deadline, "no failure reported: {status}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A plain HTTP/1.0 `GET` (so the body is never chunked) of `path` from `url` (`http://host:port`): the status and body.
fn http_get(url: &str, path: &str) -> (u16, String) {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect to docket serve");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("set a timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("send a request");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    // Binary files (fonts, the SQLite download) decode lossily, as the built files they are
    // compared with do.
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers and body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (status, body.to_string())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn minimal() -> Site {
    Site::from_fixture("valid-minimal")
}

fn edit(site: &Site, relative: &str, from: &str, to: &str) {
    let path = site.root().join(relative);
    let text = std::fs::read_to_string(&path).expect("read a site file");
    assert!(text.contains(from), "{relative} has no {from:?}");
    site.write(relative, &text.replace(from, to));
}

#[test]
fn serves_the_site_on_localhost_with_the_reload_script() {
    let site = minimal();
    let server = Server::start(&site);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let home = server.page("/");
    assert!(home.contains("Minimal tracker"), "{home}");
    assert!(
        home.contains(r#"<script src="/__docket/live.js?g="#),
        "the live-reload script is loaded from the same origin:\n{home}"
    );
    let event = server.page(EVENT_PAGE);
    assert!(event.contains("Facebook removes an Iran-based network"));
    let script = server.page("/__docket/live.js");
    assert!(script.contains("/__docket/poll?since="), "{script}");
    assert_eq!(server.get("/events/no-such-event/").0, 404);
    assert_eq!(server.get("/../site.toml").0, 404);
    // A folder without its slash is redirected to it.
    assert_eq!(server.get("/events/2019-05-28-facebook-iran").0, 301);
    // Served pages are the built pages plus the script: nothing is written to disk.
    assert!(!site.root().join("public").exists());
}

#[test]
fn an_edit_to_a_record_is_served_after_the_rebuild() {
    let site = minimal();
    let server = Server::start(&site);
    edit(
        &site,
        EVENT,
        "title: Facebook removes an Iran-based network",
        "title: Facebook removes a network run from Iran",
    );
    server.wait_rebuild();
    let event = server.page(EVENT_PAGE);
    assert!(
        event.contains("Facebook removes a network run from Iran"),
        "{event}"
    );
    assert!(!event.contains("Facebook removes an Iran-based network"));
    // The lists that show the event follow it.
    assert!(server
        .page("/events/")
        .contains("Facebook removes a network run from Iran"));
    assert!(server
        .page("/origins/ir/")
        .contains("Facebook removes a network run from Iran"));
    assert_eq!(server.status()["ok"], true);
}

#[test]
fn a_broken_record_keeps_the_last_good_page_and_reports_the_error() {
    let site = minimal();
    let server = Server::start(&site);
    edit(&site, EVENT, "discloser: facebook", "discloser: facebok");
    let status = server.wait_failure();
    let error = &status["errors"][0];
    assert_eq!(error["file"], EVENT, "{status}");
    assert_eq!(error["line"], 4);
    assert_eq!(error["column"], 12);
    assert_eq!(error["field"], "discloser");
    assert_eq!(error["message"], "unknown organisation `facebok`");
    assert_eq!(error["hint"], "did you mean `facebook`?");
    // The last good version is still served.
    let event = server.page(EVENT_PAGE);
    assert!(event.contains("Facebook removes an Iran-based network"));

    // Fixing it serves the fix and clears the error.
    let fixed = std::fs::read_to_string(site.root().join(EVENT))
        .expect("read the event")
        .replace("discloser: facebok", "discloser: facebook")
        .replace("51 accounts and", "52 accounts and");
    site.write(EVENT, &fixed);
    server.wait_rebuild();
    assert_eq!(server.status()["ok"], true);
    assert!(server.page(EVENT_PAGE).contains("52 accounts"));
}

#[test]
fn a_poll_answers_when_the_site_is_rebuilt() {
    let site = minimal();
    let server = Server::start(&site);
    let generation = server.status()["generation"]
        .as_u64()
        .expect("a generation");
    let url = server.url.clone();
    let poll =
        std::thread::spawn(move || http_get(&url, &format!("/__docket/poll?since={generation}")));
    edit(&site, EVENT, "51 accounts and", "53 accounts and");
    let (status, body) = poll.join().expect("the poll finished");
    assert_eq!(status, 200);
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(answer["generation"].as_u64() > Some(generation), "{answer}");
    assert_eq!(answer["ok"], true);
}

#[test]
fn added_and_removed_records_come_and_go() {
    let site = minimal();
    let server = Server::start(&site);
    let second = "content/events/2020-01-10-instagram-posts.yaml";
    let text = std::fs::read_to_string(site.root().join(EVENT))
        .expect("read the event")
        .replace(
            "title: Facebook removes an Iran-based network",
            "title: Instagram removes posts",
        );
    site.write(second, &text);
    server.wait_rebuild();
    assert!(server
        .page("/events/2020-01-10-instagram-posts/")
        .contains("Instagram removes posts"));
    assert!(server.page("/").contains("Instagram removes posts"));

    site.remove(second);
    server.wait_rebuild();
    assert_eq!(server.get("/events/2020-01-10-instagram-posts/").0, 404);
    assert!(!server.page("/").contains("Instagram removes posts"));
}

#[test]
fn a_template_change_rebuilds_every_page() {
    let site = minimal();
    let server = Server::start(&site);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>Custom page layout</p>{% endblock content %}",
    );
    server.wait_rebuild();
    assert!(server.page("/about/").contains("Custom page layout"));
}

/// After edits of every kind (a title others show, a date that moves an event across list pages
/// and years, new events with a new country and a new discloser, a removal), every file served
/// is byte for byte what a fresh `docket build` of the same records writes, apart from the
/// live-reload script tag.
#[test]
fn served_files_match_a_fresh_build_after_edits() {
    let site = Site::example();
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    // Small list pages, so moves between pages are exercised.
    site.write("site.toml", &format!("{config}page_size = 3\n"));
    let server = Server::start(&site);

    edit(
        &site,
        "content/events/2019-05-28-facebook-iran-fireeye-tip.yaml",
        "title: Facebook removes Iran-based network after a FireEye tip",
        "title: Facebook removes a network after a tip from FireEye",
    );
    server.wait_rebuild();
    edit(
        &site,
        "content/events/2019-07-23-twitter-fake-french-consul.yaml",
        "date: 2019-07-23",
        "date: 2020-03-01",
    );
    server.wait_rebuild();
    let minimal = std::fs::read_to_string(
        common::repo_root()
            .join("tests/fixtures/valid-minimal/content/events/2019-05-28-facebook-iran.yaml"),
    )
    .expect("a record to copy");
    let added = minimal
        .replace(
            "title: Facebook removes an Iran-based network",
            "title: Graphika reports a network",
        )
        .replace("discloser: facebook", "discloser: graphika")
        .replace("origin: [IR]", "origin: [RU]")
        .replace("actor: irib\n", "")
        .replace("date: 2019-05-28", "date: 2018-01");
    site.write("content/events/2018-01-graphika-network.yaml", &added);
    server.wait_rebuild();
    site.write(
        "content/events/2018-02-graphika-second.yaml",
        &added.replace("date: 2018-01", "date: 2018-02"),
    );
    server.wait_rebuild();
    site.remove("content/events/2018-02-graphika-second.yaml");
    server.wait_rebuild();
    assert_eq!(server.status()["ok"], true, "{}", server.status());

    let built = assert_served_as_built(&site, &server);
    assert!(built.contains_key("origins/ru/index.html"));
    // The removed event is gone from the server too.
    assert_eq!(server.get("/events/2018-02-graphika-second/").0, 404);
}

/// Regression: `serve` rendered a site in two languages in its own language only, so every
/// page under `/fa/` was missing, before and after an edit.
#[test]
fn a_site_in_two_languages_is_served_as_built_after_an_edit() {
    let site = Site::from_fixture("lang-en-fa");
    let server = Server::start(&site);
    let built = assert_served_as_built(&site, &server);
    assert!(built.contains_key("fa/index.html"));
    edit(
        &site,
        "content/events/2019-05-28-twitter-false-personas.yaml",
        "date: 2019-05-28",
        "date: 2019-06-02",
    );
    server.wait_rebuild();
    assert_eq!(server.status()["ok"], true, "{}", server.status());
    assert_served_as_built(&site, &server);
}

/// A served page without the script tag `serve` adds.
/// Build the site afresh and compare every file with what the server serves; the built files.
fn assert_served_as_built(
    site: &Site,
    server: &Server,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = out.path().join("site");
    let output_arg = output.to_string_lossy().into_owned();
    site.run(&["build", "--base-url", &server.url, "-o", &output_arg])
        .assert_success();
    let built = common::snapshot(&output);
    let mut compared = 0;
    for (path, bytes) in &built {
        if path == ".docket-output" || path.ends_with(".pdf") {
            continue;
        }
        let (status, body) = server.get(&format!("/{path}"));
        assert_eq!(status, 200, "GET /{path}");
        let served = strip_reload_script(&body);
        let expected = String::from_utf8_lossy(bytes);
        assert!(
            served == expected,
            "/{path} differs from the built file\n--- served:\n{served}\n--- built:\n{expected}"
        );
        compared += 1;
    }
    assert!(compared > 50, "only {compared} files compared");
    built
}

/// Regression: after an event edit, serve left a Markdown page, another event's summary and an
/// actor's description that embed a figure with the chart as it was before the edit.
#[test]
fn embedded_figures_follow_an_event_edit_under_serve() {
    const EMBED: &str = "{{ figure(id=\"accounts-by-platform\") }}";
    let site = Site::example();
    site.write(
        "content/pages/charts.md",
        &format!("---\ntitle: Charts\n---\nAccounts removed so far.\n\n{EMBED}\n"),
    );
    let actor = std::fs::read_to_string(site.root().join("content/actors/irib.yaml")).unwrap();
    site.write("content/actors/irib.yaml", &format!("{actor}\n  {EMBED}\n"));
    edit(
        &site,
        "content/events/2018-08-23-google-irib-youtube.yaml",
        "\nrevisions:",
        &format!("\n\n  {EMBED}\nrevisions:"),
    );
    let server = Server::start(&site);
    let before = strip_reload_script(&server.page("/charts/"));
    edit(
        &site,
        "content/events/2019-05-28-facebook-iran-fireeye-tip.yaml",
        "facebook: {accounts: 51,",
        "facebook: {accounts: 61,",
    );
    server.wait_rebuild();
    assert_ne!(
        server.page("/charts/"),
        before,
        "the page's chart follows the edit"
    );
    assert_served_as_built(&site, &server);
}

fn strip_reload_script(body: &str) -> String {
    match body.find("<script src=\"/__docket/live.js?g=") {
        Some(start) => {
            let end =
                start + body[start..].find("</script>").expect("a closed tag") + "</script>".len();
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Regression: `serve` read an edited record by rules of its own, without the site's
/// `max_file_size`, so a record that `check` refuses showed in the preview.
#[test]
fn an_oversized_record_under_serve_is_refused_as_check_refuses_it() {
    let site = minimal();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("read site.toml");
    site.write("site.toml", &format!("max_file_size = 2048\n{toml}"));
    let server = Server::start(&site);
    let text = std::fs::read_to_string(site.root().join(EVENT)).expect("read the event");
    site.write(EVENT, &format!("{text}# {}\n", "x".repeat(3000)));
    let status = server.wait_failure();
    let error = &status["errors"][0];
    assert_eq!(error["file"], EVENT, "{status}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("more than the 2048"), "{status}");
}

/// Regression: `serve` opened an edited FIFO in `content/` and waited on it forever.
#[cfg(unix)]
#[test]
fn a_fifo_under_serve_is_refused_without_hanging() {
    let site = minimal();
    let server = Server::start(&site);
    let fifo = "content/events/2019-06-01-fifo.yaml";
    let made = Command::new("mkfifo")
        .arg(site.root().join(fifo))
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let status = server.wait_failure();
    let error = &status["errors"][0];
    assert_eq!(error["file"], fifo, "{status}");
    assert_eq!(
        error["message"],
        "not a regular file: content/ may hold only files and folders"
    );
    // The preview still answers, and recovers once the FIFO is gone.
    std::fs::remove_file(site.root().join(fifo)).expect("remove the FIFO");
    server.wait_rebuild();
    assert_eq!(server.status()["ok"], true);
}

/// After a long run of random edits to event records (added, changed in every field that
/// lists, totals, charts, term pages and links show, retracted, removed), every file served
/// is what a fresh build writes: what each page read, recorded as it rendered, names every
/// page an edit touches.
#[test]
fn served_files_match_a_fresh_build_after_random_edits() {
    const EMBED: &str = "{{ figure(id=\"accounts-by-platform\") }}";
    let site = Site::example();
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("{config}page_size = 3\n"));
    site.write(
        "content/pages/charts.md",
        &format!("---\ntitle: Charts\n---\n{EMBED}\n"),
    );
    let actor = std::fs::read_to_string(site.root().join("content/actors/irib.yaml")).unwrap();
    site.write("content/actors/irib.yaml", &format!("{actor}\n  {EMBED}\n"));
    let server = Server::start(&site);

    let mut edits = common::edits::Edits(0x9e37_79b9_7f4a_7c15);
    let mut generated: Vec<usize> = Vec::new();
    let example_title =
        "title: Twitter removes more than 2,800 Iran-origin accounts that used false personas";
    let mut titled = false;
    for step in 0..24 {
        let file = |n: usize| format!("content/events/2019-01-01-generated-{n}.yaml");
        match edits.next(6) {
            // An example event others link to and list, under a new title and back.
            0 => {
                let (from, to) = if titled {
                    ("title: A retitled example event", example_title)
                } else {
                    (example_title, "title: A retitled example event")
                };
                edit(
                    &site,
                    "content/events/2019-05-28-twitter-iran-false-personas.yaml",
                    from,
                    to,
                );
                titled = !titled;
            }
            1 | 2 if !generated.is_empty() => {
                let n = generated[edits.next(generated.len())];
                let record = edits.record(n);
                site.write(&file(n), &record);
            }
            3 if !generated.is_empty() => {
                let n = generated.remove(edits.next(generated.len()));
                site.remove(&file(n));
            }
            _ => {
                let n = step;
                let record = edits.record(n);
                site.write(&file(n), &record);
                generated.push(n);
            }
        }
        server.wait_rebuild();
        assert_eq!(
            server.status()["ok"],
            true,
            "step {step}: {}",
            server.status()
        );
        if step % 6 == 5 {
            assert_served_as_built(&site, &server);
        }
    }
}
