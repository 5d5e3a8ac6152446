//! Printing briefings to PDF: whatever a briefing's Markdown or a template asks for, the
//! browser that prints sees only the staged output, never a local file outside it, another
//! service on the machine, or the network. These run Chromium, and skip (saying why) only
//! where it or poppler-utils is not installed.

use crate::common::{repo_root, Site};
use std::fs;
use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

const MARKER: &str = "OUTSIDE-THE-SITE-7f3a";

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Whether the tools are here; says why not otherwise.
fn can_print(test: &str) -> bool {
    let chromium = docket::pdf::NAMES.iter().any(|n| on_path(n));
    if !chromium || !on_path("pdftotext") {
        eprintln!("SKIPPED {test}: needs Chromium and poppler-utils (apt-get install -y chromium poppler-utils)");
        return false;
    }
    true
}

/// The briefings fixture with `markdown` added to the Q2 briefing.
fn site_with(markdown: &str) -> Site {
    let site = Site::from_fixture("briefings");
    let path = site.root().join("content/briefings/q2.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{text}\n\n{markdown}\n")).unwrap();
    site
}

/// The text of a PDF, as `pdftotext` reads it.
fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A folder beside no site, holding an SVG image and a text file that both show [`MARKER`].
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("secret.svg"),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"60\"><text x=\"5\" y=\"40\" font-size=\"30\">{MARKER}</text></svg>"),
    )
    .unwrap();
    fs::write(dir.path().join("secret.txt"), MARKER).unwrap();
    dir
}

#[test]
fn printing_embeds_no_file_from_outside_the_output() {
    if !can_print("printing_embeds_no_file_from_outside_the_output") {
        return;
    }
    let outside = outside();
    let svg = outside.path().join("secret.svg");
    let txt = outside.path().join("secret.txt");
    // From the print copy in <staging>/briefings/q2/: up to `/` and down again, and root-relative.
    let climb = format!(
        "{}{}",
        "../".repeat(30),
        svg.display().to_string().trim_start_matches('/')
    );
    let site = site_with(&format!("![up]({climb})\n\n![root]({})\n", svg.display()));
    // A template asks outright, with addresses a Markdown link may not have.
    let theme =
        fs::read_to_string(repo_root().join("themes/default/templates/briefing.html")).unwrap();
    let hostile = format!(
        "<iframe src=\"file://{t}\"></iframe><object data=\"file://{s}\"></object><img src=\"file://{s}\"><embed src=\"file://{t}\">",
        t = txt.display(),
        s = svg.display()
    );
    site.write(
        "templates/briefing.html",
        &theme.replacen(
            "<article class=\"briefing\">",
            &format!("<article class=\"briefing\">{hostile}"),
            1,
        ),
    );
    site.build_with(&["--pdf"]).assert_success();
    let pdf = site.output().join("briefings/q2.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("Fixture briefing, Q2 2019"), "{text}");
    assert!(
        !text.contains(MARKER),
        "a file from outside the site was printed:\n{text}"
    );
    let bytes = fs::read(&pdf).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains(MARKER));
}

#[test]
fn printing_sends_no_request_beyond_the_staged_output() {
    if !can_print("printing_sends_no_request_beyond_the_staged_output") {
        return;
    }
    // A service on this machine, as a CI runner has: printing must not reach it.
    let service = TcpListener::bind("127.0.0.1:0").unwrap();
    service.set_nonblocking(true).unwrap();
    let port = service.local_addr().unwrap().port();
    let site = site_with(&format!(
        "![a](http://127.0.0.1:{port}/a.svg) ![b](http://localhost:{port}/b.svg) ![c](http://[::1]:{port}/c.svg)\n\n![remote](https://example.com/{MARKER}.png) ![plain](http://example.com/{MARKER}.png)\n"
    ));
    let run = site.build_with(&["--pdf"]);
    run.assert_success();
    assert!(
        run.stdout.contains("printed 3 briefings to PDF"),
        "{}",
        run.stdout
    );
    match service.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("printing connected to a local service, from {from}"),
        Err(e) => panic!("cannot check the local service: {e}"),
    }
    let text = pdf_text(&site.output().join("briefings/q2.pdf"));
    assert!(text.contains("Fixture briefing, Q2 2019"), "{text}");
}

/// A relative link in a PDF would name where it was printed from (once the staging folder's
/// path, with the process id); it must name the published page instead.
#[test]
fn printed_links_name_the_published_site_not_the_machine_that_printed() {
    if !can_print("printed_links_name_the_published_site_not_the_machine_that_printed") {
        return;
    }
    let site = site_with("[prev](../q1-2020/) [root](/events/) [in](#takeaways)");
    site.build_with(&["--pdf"]).assert_success();
    let bytes = fs::read(site.output().join("briefings/q2.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&bytes);
    for uri in [
        "(https://example.org/t/briefings/q1-2020/)",
        "(https://example.org/events/)",
    ] {
        assert!(
            pdf.contains(&format!("/URI {uri}")) || pdf.contains(&format!("/URI{uri}")),
            "no /URI {uri}"
        );
    }
    let root = site.root().to_string_lossy().into_owned();
    for leak in [
        "file:",
        "docket.invalid",
        "127.0.0.1",
        "docket-tmp",
        root.as_str(),
    ] {
        assert!(!pdf.contains(leak), "the PDF names {leak}");
    }
}
