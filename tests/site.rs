//! The tracker website as readers meet it: footers, citations, the publisher's identity,
//! records that are not counted, navigation and the pages' plumbing. Each test names the
//! reader's problem it guards against.

use crate::common::{self, Site};

const EVENT: &str = "2019-05-28-facebook-iran-fireeye-tip";
const RETRACTED: &str = "2019-06-13-twitter-iran-set-three";

fn example() -> Site {
    let site = Site::example();
    site.build().assert_success();
    site
}

/// The example's settings without its publisher, so a test can name its own.
fn toml_without_publisher() -> String {
    let toml = std::fs::read_to_string(common::repo_root().join("site.toml")).unwrap();
    toml.lines()
        .filter(|line| !line.starts_with("publisher = "))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The example with a publisher, a repository and a social image.
fn published() -> Site {
    let toml = toml_without_publisher();
    let site = Site::example()
        .file(
            "site.toml",
            &format!(
                "{toml}repository = \"https://github.com/example/tracker/blob/main\"\n\n[publisher]\nname = \"Open Lab\"\nurl = \"https://openlab.example.org\"\naddress = \"Amsterdam\"\nlogo = \"logo.svg\"\nimage = \"share.png\"\n"
            ),
        )
        .file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("static/share.png", "png");
    site.build().assert_success();
    site
}

#[test]
fn footer_data_version_and_last_update_are_on_every_page() {
    let site = example();
    for path in [
        "",
        "events/",
        &format!("events/{EVENT}/"),
        "platforms/twitter/",
        "data/",
        "figures/accounts-by-platform/",
    ] {
        let page = site.page(path);
        assert!(
            page.contains("Data version <code class=\"data-version\""),
            "{path}: {page}"
        );
        // The newest change of any record: the retraction of 29 November 2026, not the clock.
        assert!(
            page.contains(r#"Last updated <time datetime="2026-11-29">29 November 2026</time>"#),
            "{path}"
        );
    }
}

#[test]
fn event_citation_has_the_data_version_and_a_copy_button() {
    let site = example();
    let page = site.page(&format!("events/{EVENT}/"));
    let start = page.find("class=\"cite__text\"").expect("a citation");
    let cite = &page[start..start + 1200];
    assert!(
        cite.contains(&format!("Record {EVENT}, in Iran-linked")),
        "{cite}"
    );
    assert!(cite.contains("Data version "), "{cite}");
    assert!(
        cite.contains(&format!("https://example.org/docket/events/{EVENT}/")),
        "{cite}"
    );
    // The copy button adds the reader's day of access where the build left its place.
    assert!(cite.contains("(accessed {accessed})."), "{cite}");
    assert!(page.contains("data-copy=\"cite-text\""), "{page}");
}

#[test]
fn figures_and_the_dataset_are_cited_the_same_way() {
    let site = example();
    let figure = site.page("figures/accounts-by-platform/");
    assert!(
        figure.contains("Figure accounts-by-platform, in Iran-linked"),
        "{figure}"
    );
    assert!(figure.contains("Data version "), "{figure}");
    let data = site.page("data/");
    assert!(data.contains("Citing the dataset"), "{data}");
    assert!(data.contains("29 November 2026. Data version "), "{data}");
}

#[test]
fn view_source_link_replaces_the_record_path_when_a_repository_is_set() {
    let plain = example();
    let page = plain.page(&format!("events/{EVENT}/"));
    assert!(
        page.contains(&format!("kept in <code>content/events/{EVENT}.yaml</code>")),
        "{page}"
    );
    assert!(!page.contains("View source"));

    let site = published();
    let page = site.page(&format!("events/{EVENT}/"));
    assert!(
        page.contains(&format!(
            "<a href=\"https://github.com/example/tracker/blob/main/content/events/{EVENT}.yaml\">View source</a>"
        )),
        "{page}"
    );
    assert!(!page.contains("kept in <code>"), "{page}");
    let figure = site.page("figures/accounts-by-platform/");
    assert!(figure.contains("https://github.com/example/tracker/blob/main/content/figures/accounts-by-platform.yaml"), "{figure}");
}

#[test]
fn publisher_names_the_header_footer_citations_and_shared_image() {
    let site = published();
    let page = site.page(&format!("events/{EVENT}/"));
    assert!(
        page.contains("<img class=\"site-title__logo\" src=\"/docket/logo.svg\""),
        "{page}"
    );
    assert!(
        page.contains(
            "Published by <a href=\"https://openlab.example.org\">Open Lab</a>, Amsterdam."
        ),
        "{page}"
    );
    assert!(page.contains("Open Lab. “Facebook removes"), "{page}");
    assert!(
        page.contains(
            r#"<meta property="og:image" content="https://example.org/docket/share.png">"#
        ),
        "{page}"
    );
    assert!(site.exists("logo.svg"));
    let feed = site.read("feed.xml");
    assert!(
        feed.contains(
            "<author><name>Open Lab</name><uri>https://openlab.example.org</uri></author>"
        ),
        "{feed}"
    );
    assert!(
        feed.contains("<icon>https://example.org/docket/favicon.svg</icon>"),
        "{feed}"
    );
}

#[test]
fn a_publisher_file_that_is_missing_is_a_located_error() {
    let toml = toml_without_publisher();
    let site = Site::example().file(
        "site.toml",
        &format!("{toml}\n[publisher]\nname = \"Lab\"\nlogo = \"no-such-logo.svg\"\n"),
    );
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`no-such-logo.svg` is not in the site's static files"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("site.toml:"), "{}", run.stderr);
}

/// Regression: the tab showed a blank icon (`<link rel="icon" href="data:,">`).
#[test]
fn blank_favicon_is_replaced_by_the_theme_icon() {
    let site = example();
    site.assert_contains(
        "index.html",
        r#"<link rel="icon" href="/docket/favicon.svg" type="image/svg+xml">"#,
    );
    assert!(site.read("favicon.svg").starts_with("<svg"));
}

/// Regression: `<meta name="description" content="">` when site.toml had no description.
#[test]
fn empty_meta_description_gets_a_default() {
    let toml = std::fs::read_to_string(common::repo_root().join("site.toml")).unwrap();
    let without: String = toml
        .lines()
        .filter(|l| !l.starts_with("description"))
        .map(|l| format!("{l}\n"))
        .collect();
    let site = Site::example().file("site.toml", &without);
    site.build().assert_success();
    let home = site.page("");
    assert!(
        !home.contains(r#"<meta name="description" content="">"#),
        "{home}"
    );
    assert!(
        home.contains("10 recorded disclosures of influence operations, 2018–2020"),
        "{home}"
    );
}

/// Regression: "Duplicate of <raw id>" on a retracted page, not linked.
#[test]
fn retraction_duplicate_of_is_linked() {
    let site = example();
    let page = site.page(&format!("events/{RETRACTED}/"));
    assert!(
        page.contains(
            "Duplicate of <a href=\"/docket/events/2019-05-28-twitter-iran-false-personas/\""
        ),
        "{page}"
    );
}

/// Regression: "No revisions since this record was published" under a retraction banner.
#[test]
fn no_revisions_line_is_not_shown_under_a_retraction() {
    let site = example();
    let retracted = site.page(&format!("events/{RETRACTED}/"));
    assert!(!retracted.contains("No revisions since"), "{retracted}");
    let published = site.page(&format!("events/{EVENT}/"));
    assert!(published.contains("No revisions since this record was published."));
}

/// Regression: the events list listed the retracted record as a row and its filters counted it,
/// while the totals said 10 events.
#[test]
fn retracted_records_are_no_rows_of_any_list() {
    let site = example();
    for path in ["events/", "platforms/twitter/", "origins/ir/"] {
        let page = site.page(path);
        let table = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
        assert!(!table.contains(RETRACTED), "{path}: a row of the table");
        assert!(
            page.contains("Not counted: 1 record retracted or in draft"),
            "{path}"
        );
    }
    let events = site.page("events/");
    assert_eq!(events.matches("<tr class=\"status-published\"").count(), 10);
    assert!(
        events.contains("Totals of all 10 published events"),
        "{events}"
    );
    // The script's index marks it, so search can say so and the filters leave it out.
    let index = site.read("data/search.json");
    let at = index.find(&format!("\"id\":\"{RETRACTED}\"")).unwrap();
    let entry = &index[at..at + index[at..].find('}').unwrap()];
    assert!(entry.contains("\"s\":\"retracted\""), "{entry}");
}

/// Regression: `page_size` defaulted to 1000, so the events list of a large site was one
/// 490 KB page.
#[test]
fn default_page_size_is_a_hundred_rows() {
    let mut site = Site::new().file("site.toml", "title = \"T\"\n");
    for i in 0..150 {
        site = site.file(
            &format!("content/events/2019-01-01-e{i:03}.yaml"),
            &format!("title: Event {i}\ndate: 2019-01-01\nkind: takedown\ndiscloser: facebook\nremoved:\n  facebook: {{accounts: {}}}\nsources:\n  - url: https://example.org/{i}\n    title: Source\nsummary: A summary.\n", i + 1),
        );
    }
    site.build().assert_success();
    let first = site.page("events/");
    assert_eq!(first.matches("<tr class=\"status-published\"").count(), 100);
    assert!(site.exists("events/page/2/index.html"));
    assert_eq!(
        site.page("events/page/2/")
            .matches("<tr class=\"status-published\"")
            .count(),
        50
    );
}

/// Regression: the Platforms index put "39 Channels" and "13 Accounts" in one column.
#[test]
fn taxonomy_index_has_one_column_per_kind_of_figure() {
    let site = example();
    let page = site.page("platforms/");
    assert!(
        page.contains("<th scope=\"col\" class=\"num\">Accounts removed</th>"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"col\" class=\"num\">Channels removed</th>"),
        "{page}"
    );
    assert!(
        !page.contains(" Channels</td>") && !page.contains(" Accounts</td>"),
        "{page}"
    );
}

/// Regression: each row listed its main figures in the order its record was written.
#[test]
fn main_figures_are_in_one_order_on_every_row() {
    let site = Site::new()
        .file("site.toml", "title = \"T\"\n")
        .file("content/events/2019-01-01-a.yaml", "title: A\ndate: 2019-01-01\nkind: takedown\ndiscloser: facebook\nremoved:\n  facebook: {pages: 3, accounts: 5}\nsources:\n  - url: https://example.org/a\n    title: S\nsummary: S.\n")
        .file("content/events/2019-01-02-b.yaml", "title: B\ndate: 2019-01-02\nkind: takedown\ndiscloser: facebook\nremoved:\n  facebook: {accounts: 7, pages: 2}\nsources:\n  - url: https://example.org/b\n    title: S\nsummary: S.\n");
    site.build().assert_success();
    let page = site.page("events/");
    assert!(page.contains("5 accounts · 3 pages"), "{page}");
    assert!(page.contains("7 accounts · 2 pages"), "{page}");
}

#[test]
fn data_is_in_the_main_nav_and_every_taxonomy_is_browsable() {
    let site = example();
    let home = site.page("");
    let nav = &home[home.find("aria-label=\"Main\"").unwrap()..home.find("</nav>").unwrap()];
    assert!(nav.contains(">Data</a>"), "{nav}");
    assert!(nav.contains(">Browse</a>"), "{nav}");
    let browse = site.page("browse/");
    for taxonomy in [
        "disclosers/",
        "targets/",
        "years/",
        "platforms/",
        "origins/",
        "tactics/",
    ] {
        assert!(
            browse.contains(&format!("/docket/{taxonomy}\"")),
            "{taxonomy}: {browse}"
        );
    }
    // A term page says what it is and how many events it has.
    let term = site.page("platforms/twitter/");
    assert!(
        term.contains("<p class=\"term-head__summary\">Platform · 5 events, 2018–2020</p>"),
        "{term}"
    );
}

/// Regression: the Nu Html Checker refused `role="combobox"` on `<input type="search">`.
#[test]
fn quick_search_combobox_is_a_text_input() {
    let site = example();
    let home = site.page("");
    assert!(home.contains(r#"type="text" name="q" placeholder="Search events, actors, operations" autocomplete="off" role="combobox""#), "{home}");
    assert!(
        !home.contains(r#"type="search" name="q" placeholder="Search events, actors, operations""#)
    );
}

/// Regression: the How to cite page showed `<version>` placeholders and said the data version
/// was printed at the foot of every page when it was not.
#[test]
fn how_to_cite_page_shows_the_citations_pages_print() {
    let site = example();
    let guide = site.page("how-to-cite/");
    assert!(!guide.contains("&lt;version&gt;"), "{guide}");
    let event = site.page(&format!("events/{EVENT}/"));
    let start = event.find("<p class=\"cite__text\"").unwrap();
    let text_start = start + event[start..].find('>').unwrap() + 1;
    let text = &event[text_start..text_start + event[text_start..].find("</p>").unwrap()];
    assert!(
        guide.contains(&format!(
            "<blockquote class=\"cite-example\"><p>{text}</p></blockquote>"
        )),
        "{text}\n{guide}"
    );
    let data = site.page("data/");
    let start = data.find("<p class=\"cite__text\"").unwrap();
    let text_start = start + data[start..].find('>').unwrap() + 1;
    let text = &data[text_start..text_start + data[text_start..].find("</p>").unwrap()];
    assert!(guide.contains(text), "{text}");
}
