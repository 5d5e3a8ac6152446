//! The example tracker's briefings printed to PDF, as a report: a cover and a contents page
//! with page numbers, bookmarks, metadata, numbered figures, only the bundled font, and the
//! same bytes from two builds with the same `SOURCE_DATE_EPOCH`. Needs Chromium and
//! poppler-utils, which CI installs (tests/run.sh); without them each test says it was skipped.

use crate::common::Site;
use std::path::Path;
use std::process::Command;

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn can_print(test: &str) -> bool {
    let chromium = docket::pdf::NAMES.iter().any(|n| on_path(n));
    let poppler = ["pdfinfo", "pdftotext", "pdffonts"]
        .iter()
        .all(|p| on_path(p));
    if !chromium || !poppler {
        eprintln!("SKIPPED {test}: needs Chromium and poppler-utils (apt-get install -y chromium poppler-utils)");
    }
    chromium && poppler
}

/// `program ARGS… FILE`'s standard output (pdftotext is told to write there).
fn tool(program: &str, args: &[&str], file: &Path) -> String {
    let mut command = Command::new(program);
    command.args(args).arg(file);
    if program == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} failed on {}",
        file.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Page `n`'s text, laid out.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    tool("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
}

/// The example printed twice, into two folders, with the same clock.
fn print_example_twice() -> (Site, std::path::PathBuf, std::path::PathBuf) {
    let site = Site::example();
    let one = site.root().join("one");
    let two = site.root().join("two");
    for out in [&one, &two] {
        let run = site.build_with(&["--pdf", "--output", &out.to_string_lossy()]);
        run.assert_success();
        assert!(
            run.stdout.contains("printed 2 briefings to PDF"),
            "{}",
            run.stdout
        );
    }
    (site, one, two)
}

#[test]
fn the_example_prints_as_a_report_and_the_same_bytes_every_build() {
    if !can_print("the_example_prints_as_a_report_and_the_same_bytes_every_build") {
        return;
    }
    let (_site, one, two) = print_example_twice();
    for slug in ["2019-q2", "2020-q1"] {
        let a = one.join(format!("briefings/{slug}.pdf"));
        let b = two.join(format!("briefings/{slug}.pdf"));
        let (bytes_a, bytes_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(
            bytes_a == bytes_b,
            "{slug}.pdf differs between two builds with one SOURCE_DATE_EPOCH"
        );

        // Metadata: docket as the creator, dates from the data and the pinned clock.
        let info = tool("pdfinfo", &["-isodates"], &a);
        for line in [
            "Author:",
            "Subject:",
            "Keywords:",
            "Tagged:          yes",
            "Metadata Stream: yes",
        ] {
            assert!(info.contains(line), "{slug}: no {line:?} in\n{info}");
        }
        assert!(
            info.contains(&format!(
                "Creator:         docket {}",
                env!("CARGO_PKG_VERSION")
            )),
            "{info}"
        );
        assert!(
            info.contains("ModDate:         2027-01-01T00:00:00Z"),
            "{info}"
        );
        assert!(!info.contains("HeadlessChrome"), "{info}");

        // Only the theme's bundled family, subset.
        let fonts = tool("pdffonts", &[], &a);
        let names: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(!names.is_empty(), "{fonts}");
        for name in &names {
            let (tag, family) = name.split_once('+').unwrap_or(("", name));
            assert!(
                tag.len() == 6 && family.starts_with("NotoSans"),
                "{slug}: font {name} is not a subset of the bundled Noto Sans:\n{fonts}"
            );
        }

        // A cover, then contents with page numbers that are right.
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        let cover = page_text(&a, 1);
        assert!(cover.contains("Example Disinformation Lab"), "{cover}");
        assert!(cover.to_lowercase().contains("how to cite:"), "{cover}");
        assert!(!cover.contains("Page 1 of"), "{cover}");
        let contents = page_text(&a, 2);
        assert!(contents.contains("Contents"), "{contents}");
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with("Sources"))
            .unwrap_or_else(|| panic!("no Sources in the contents:\n{contents}"));
        let sources_page: usize = line.split_whitespace().last().unwrap().parse().unwrap();
        assert!(sources_page > 2 && sources_page <= pages, "{line}");
        let there = page_text(&a, sources_page);
        assert!(
            there.contains("Sources\n") || there.contains("\nSources"),
            "the contents say Sources is on page {sources_page}:\n{there}"
        );

        // Figures are numbered, titled above, listed in the contents.
        let all = tool("pdftotext", &[], &a);
        assert!(all.contains("Figure 1."), "{slug}: no numbered figure");
        assert!(contents.contains("Figure 1."), "{contents}");
        assert!(all.contains("Table 1. Key numbers"), "{all}");
    }
    // Bookmarks: an outline from the sections, the networks under theirs.
    let doc = lopdf::Document::load(one.join("briefings/2019-q2.pdf")).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get_deref(b"Outlines", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let count = outlines.get(b"Count").unwrap().as_i64().unwrap();
    assert!(count >= 10, "{count} bookmarks");
    let mut titles = Vec::new();
    let mut next = outlines
        .get(b"First")
        .ok()
        .and_then(|o| o.as_reference().ok());
    while let Some(id) = next {
        let item = doc.get_object(id).unwrap().as_dict().unwrap();
        titles.push(
            String::from_utf8_lossy(item.get(b"Title").unwrap().as_str().unwrap()).into_owned(),
        );
        next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    for expected in [
        "Key numbers",
        "Key takeaways",
        "Networks and cases",
        "Sources",
        "Figures",
        "Tables",
    ] {
        assert!(
            titles.iter().any(|t| t == expected),
            "no bookmark {expected:?} in {titles:?}"
        );
    }
    assert_eq!(
        catalog.get(b"Lang").unwrap().as_str().unwrap(),
        b"en",
        "the PDF says its language"
    );
}

#[test]
fn a_briefing_in_persian_prints_in_the_bundled_font() {
    if !can_print("a_briefing_in_persian_prints_in_the_bundled_font") {
        return;
    }
    let site = Site::from_fixture("briefings");
    let body = std::fs::read_to_string(site.root().join("content/briefings/q2.md")).unwrap();
    site.write(
        "content/briefings/q2.md",
        &body.replace(
            "## Takeaways",
            "## Takeaways\n\nگزارش فصلی: ۳ مورد ≈ ≥ > – پچژگیک\n",
        ),
    );
    let run = site.build_with(&["--pdf"]);
    run.assert_success();
    let pdf = site.output().join("briefings/q2.pdf");
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("NotoSansArabic"), "{fonts}");
    assert!(fonts.contains("NotoSansMath"), "{fonts}");
    for line in fonts.lines().skip(2) {
        assert!(
            line.split_whitespace()
                .next()
                .unwrap()
                .contains("+NotoSans"),
            "{fonts}"
        );
    }
    let words = tool("pdftotext", &[], &pdf);
    assert!(words.contains("≈ ≥ > –"), "{words}");
}

/// A briefing of a site written in Persian prints its Persian text in logical order: the text
/// a reader copies, or a screen reader reads, from the PDF is the text of the page.
#[test]
fn a_persian_site_prints_its_briefing_in_logical_order() {
    if !can_print("a_persian_site_prints_its_briefing_in_logical_order") {
        return;
    }
    let site = Site::from_fixture("lang-fa");
    site.build_with(&["--pdf"]).assert_success();
    let pdf = site.output().join("briefings/2019-q2.pdf");
    // pdftotext marks the direction of each run with embedding controls; the letters between
    // them are what counts.
    let words: String = tool("pdftotext", &[], &pdf)
        .chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}'))
        .collect();
    for text in ["گزارش فصل دوم", "یک شبکه", "ارقام اصلی", "آزمایشگاه نمونه"]
    {
        assert!(words.contains(text), "{text} in {words}");
    }
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("NotoSansArabic"), "{fonts}");
}
