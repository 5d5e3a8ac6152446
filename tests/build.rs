//! `docket build` on the example tracker and on small fixture sites: what the pages say.

use crate::common;
use crate::common::Site;

const RETRACTED: &str = "2019-06-13-twitter-iran-set-three";
const DRAFT: &str = "2020-02-12-fireeye-distinguished-impersonator-update";

/// The example tracker, built into a temporary copy.
fn example() -> Site {
    let site = Site::example();
    site.build().assert_success();
    site
}

/// The text of one home-page stat (`<dt>LABEL</dt>` up to the end of its `<dd>`).
fn stat(html: &str, label: &str) -> String {
    let start = html
        .find(&format!("<dt>{label}</dt>"))
        .unwrap_or_else(|| panic!("no stat {label:?} in:\n{html}"));
    let end = html[start..]
        .find("</dd>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// What a reader sees of some HTML: its text, without the parts the page keeps hidden (the
/// totals box keeps the words the script may need, hidden) and with runs of space made one.
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        rest = &rest[end..];
        if tag.starts_with("<span") && tag.contains(" hidden") {
            // Hidden spans hold text only.
            rest = rest.find("</span>").map_or("", |e| &rest[e + 7..]);
        }
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An event record with one removal figure, for sites written inline.
fn event(date: &str, title: &str, discloser: &str, accounts: &str) -> String {
    format!(
        "title: {title}\ndate: {date}\nkind: takedown\ndiscloser: {discloser}\n\
         removed:\n  {discloser}: {{accounts: {accounts}}}\norigin: [IR]\n\
         sources:\n  - url: https://example.org/{date}\n    title: Source\n    archive: https://web.archive.org/web/2019/https://example.org/{date}\n\
         summary: A summary.\n"
    )
}

#[test]
fn example_builds_and_reports_what_it_built() {
    let site = Site::example();
    let run = site.build();
    run.assert_success();
    assert!(
        run.stdout.starts_with("built 11 events into "),
        "{}",
        run.stdout
    );
    assert!(run.errors().is_empty(), "{}", run.stderr);
}

#[test]
fn home_totals_keep_their_qualifiers() {
    let site = example();
    let home = site.page("");
    // Ten published events: the retracted and the draft record are not counted.
    assert!(
        stat(&home, "Events").contains(r#"<span class="stat__value" data-value>10</span>"#),
        "{}",
        stat(&home, "Events")
    );
    // 276 + 116 + 13 + 770 + 51 + 3 + ">2800" + 1914 + 1 + 2: exact figures plus a "more than"
    // make an "at least" total; the retracted record's 2,865 accounts are left out.
    let accounts = stat(&home, "Accounts removed");
    assert!(
        accounts.contains(r#"<span class="stat__value" data-value>≥5,946</span>"#),
        "{accounts}"
    );
    assert!(
        visible(&accounts).contains("from 8 events; at least"),
        "{accounts}"
    );
    let pages = stat(&home, "Pages removed");
    assert!(
        pages.contains(r#"<span class="stat__value" data-value>290</span>"#),
        "{pages}"
    );
    assert!(!visible(&pages).contains("at least") && !visible(&pages).contains("approximate"));
    // Reach and content totals: ~21000 + ~2600 followers; >1,000,000 + ~2,000,000 tweets.
    assert!(
        home.contains("<strong data-value>≈23,600</strong> Followers"),
        "{home}"
    );
    assert!(
        home.contains("<strong data-value>≥3,000,000</strong> Tweets"),
        "{home}"
    );
}

#[test]
fn total_of_exact_and_approximate_figures_is_approximate() {
    let site = Site::from_fixture("valid-minimal").file(
        "content/events/2019-06-13-twitter-iran.yaml",
        &event(
            "2019-06-13",
            "Twitter removes accounts",
            "twitter",
            "\"~2800\"",
        ),
    );
    site.build().assert_success();
    let accounts = stat(&site.page(""), "Accounts removed");
    assert!(
        accounts.contains(r#"<span class="stat__value" data-value>≈2,851</span>"#),
        "{accounts}"
    );
    assert!(
        visible(&accounts).contains("from 2 events; approximate"),
        "{accounts}"
    );
}

#[test]
fn event_page_shows_every_quantity_form() {
    let site = Site::from_fixture("quantities");
    site.build().assert_success();
    let page = site.page("events/2019-05-every-form/");
    for shown in [
        r#"<span class="figure">51</span>"#,
        r#"<span class="figure">≈2,800</span>"#,
        r#"<span class="figure">&gt;4,700</span>"#,
        r#"<span class="figure">≥1,000</span>"#,
        r#"<span class="figure">&lt;100</span>"#,
        r#"<span class="figure">≤100</span>"#,
        r#"<span class="figure">100–200</span>"#,
        r#"<span class="figure">1,000–2,000</span>"#,
        r#"<q class="as-stated">about 2,800 channels</q>"#,
        r#"<q class="as-stated">between one and two thousand people</q>"#,
    ] {
        assert!(page.contains(shown), "event page lacks {shown}:\n{page}");
    }
}

#[test]
fn upper_bounds_are_counted_apart_from_totals() {
    // Regression: an event reporting only "<100" accounts was counted among the events behind
    // the sum ("from 2 events") and again as "2 more events gave only an upper bound", and its
    // row in event lists said "Not reported".
    let site = Site::from_fixture("quantities");
    site.build().assert_success();
    let home = site.page("");
    let accounts = stat(&home, "Accounts removed");
    assert!(
        accounts.contains(r#"<span class="stat__value" data-value>≥151</span>"#),
        "{accounts}"
    );
    assert!(
        visible(&accounts).contains("from 1 event; at least"),
        "{accounts}"
    );
    assert!(
        visible(&accounts).contains("Not counted: 1 event that gave only an upper bound"),
        "{accounts}"
    );
    // A name reported only as upper bounds has no sum, and no "from 0 events".
    let profiles = stat(&home, "Profiles removed");
    assert!(profiles.contains("not reported"), "{profiles}");
    assert!(!visible(&profiles).contains("from 0 events"), "{profiles}");
    assert!(
        visible(&profiles).contains("Not counted: 1 event that gave only an upper bound"),
        "{profiles}"
    );
    let list = site.page("events/");
    assert!(
        list.contains(r#"<td class="col-figures" data-label="Main figures">&lt;100 accounts</td>"#),
        "{list}"
    );
}

#[test]
fn partial_dates_keep_their_precision() {
    let site = Site::from_fixture("quantities");
    site.build().assert_success();
    let page = site.page("events/2019-05-every-form/");
    assert!(
        page.contains(r#"Announced <time datetime="2019-05">May 2019</time>"#),
        "{page}"
    );
    for path in ["", "events/", "years/2019/", "platforms/facebook/"] {
        let html = site.page(path);
        assert!(
            html.contains(r#"<time datetime="2019-05">May 2019</time>"#),
            "{path} lacks the month:\n{html}"
        );
        assert!(!html.contains("1 May 2019"), "{path} invents a day");
        assert!(!html.contains("2019-05-01"), "{path} invents a day");
    }
    let year = site.page("events/2020-upper-bound-only/");
    assert!(
        year.contains(r#"Announced <time datetime="2020">2020</time>"#),
        "{year}"
    );
    assert!(!year.contains("January 2020"));
}

#[test]
fn retracted_event_keeps_its_page_with_a_notice() {
    let site = example();
    let page = site.page(&format!("events/{RETRACTED}/"));
    assert!(
        page.contains(r#"Retracted on <time datetime="2026-11-29">29 November 2026</time>"#),
        "{page}"
    );
    // The record it duplicates is linked, not named by a raw id.
    assert!(
        page.contains(
            r#"Duplicate of <a href="/docket/events/2019-05-28-twitter-iran-false-personas/""#
        ),
        "{page}"
    );
    assert!(page.contains("Its figures are not counted in any total or chart."));
    // Listed apart from the table: never a row, so never counted or sorted with the others.
    let list = site.page("events/");
    let table_end = list.find("</table>").expect("the events table");
    let row_start = list
        .find(&format!("/events/{RETRACTED}/"))
        .expect("the retracted event is listed");
    assert!(row_start > table_end, "listed below the table, not in it");
    let row = &list[row_start..row_start + 400];
    assert!(
        row.contains(r#"<span class="badge badge--retracted">Retracted 29 November 2026</span>"#),
        "{row}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = example();
    assert!(!site.exists(&format!("events/{DRAFT}/index.html")));
    for path in ["", "events/", "operations/distinguished-impersonator/"] {
        site.assert_not_contains(&common::page_file(path), DRAFT);
    }

    site.build_with(&["--drafts"]).assert_success();
    let page = site.page(&format!("events/{DRAFT}/"));
    assert!(
        page.contains(r#"<p class="notice__title">Draft</p>"#),
        "{page}"
    );
    site.assert_contains("events/index.html", &format!("/events/{DRAFT}/"));
    site.assert_contains(
        "events/index.html",
        r#"<span class="badge badge--draft">Draft</span>"#,
    );
    // Shown, but never counted.
    let events = stat(&site.page(""), "Events");
    assert!(
        events.contains(r#"<span class="stat__value" data-value>10</span>"#),
        "{events}"
    );
}

#[test]
fn every_taxonomy_has_an_index_and_term_pages() {
    let site = example();
    let expected = [
        ("platforms", "facebook", "Facebook"),
        ("disclosers", "fireeye", "FireEye"),
        ("origins", "ir", "Iran"),
        ("targets", "us", "United States"),
        ("actors", "irib", "Islamic Republic of Iran Broadcasting"),
        (
            "operations",
            "distinguished-impersonator",
            "Distinguished Impersonator",
        ),
        (
            "tactics",
            "impersonation",
            "Impersonation of real people or organisations",
        ),
        ("years", "2019", "2019"),
    ];
    for (taxonomy, term, name) in expected {
        let index = site.page(&format!("{taxonomy}/"));
        assert!(
            index.contains(&format!("/docket/{taxonomy}/{term}/")),
            "{taxonomy}/ does not link {term}:\n{index}"
        );
        let page = site.page(&format!("{taxonomy}/{term}/"));
        assert!(
            page.contains(&format!("<h1>{name}</h1>")),
            "{taxonomy}/{term}/ lacks its heading {name:?}:\n{page}"
        );
        assert!(
            page.contains(r#"<table class="events-table">"#),
            "{taxonomy}/{term}/ lists no events"
        );
    }
    site.assert_contains(
        "actors/irib/index.html",
        r#"<span class="alias">Seda va Sima</span>"#,
    );
    // The platform page counts only that platform's figures: Facebook's 276 + 51 accounts.
    let facebook = stat(&site.page("platforms/facebook/"), "Accounts removed");
    assert!(
        facebook.contains(r#"<span class="stat__value" data-value>327</span>"#),
        "{facebook}"
    );
}

#[test]
fn markdown_pages_are_built_at_their_slug() {
    let site = example();
    for (slug, title) in [
        ("about", "About"),
        ("methodology", "Methodology"),
        ("how-to-cite", "How to cite"),
    ] {
        let page = site.page(&format!("{slug}/"));
        assert!(
            page.contains(&format!("<h1>{title}</h1>")),
            "{slug}:\n{page}"
        );
        site.assert_contains("index.html", &format!(r#"<a href="/docket/{slug}/""#));
    }
    site.assert_contains(
        "about/index.html",
        "<strong>example tracker that ships with docket</strong>",
    );
}

#[test]
fn long_lists_are_split_into_pages() {
    let mut site = Site::new().file("site.toml", "title = \"Paged\"\npage_size = 2\n");
    for day in 1..=5 {
        let date = format!("2019-05-0{day}");
        let title = format!("Takedown number {day}");
        site = site.file(
            &format!("content/events/{date}-facebook.yaml"),
            &event(&date, &title, "facebook", &day.to_string()),
        );
    }
    site.build().assert_success();
    assert!(site.exists("events/index.html"));
    assert!(site.exists("events/page/2/index.html"));
    assert!(site.exists("events/page/3/index.html"));
    assert!(!site.exists("events/page/4"));
    assert!(!site.exists("events/page/1"), "page 1 is events/ itself");

    // Newest first: 5 and 4, then 3 and 2, then 1.
    let first = site.page("events/");
    assert!(first.contains("Takedown number 5") && first.contains("Takedown number 4"));
    assert!(!first.contains("Takedown number 3"));
    assert!(
        first.contains(r#"href="/events/page/2/" rel="next""#),
        "{first}"
    );
    assert!(first.contains("Page 1 of 3"));
    let second = site.page("events/page/2/");
    assert!(second.contains("Takedown number 3") && second.contains("Takedown number 2"));
    assert!(second.contains(r#"href="/events/" rel="prev""#), "{second}");
    assert!(
        second.contains(r#"href="/events/page/3/" rel="next""#),
        "{second}"
    );
    let last = site.page("events/page/3/");
    assert!(last.contains("Takedown number 1") && !last.contains("Takedown number 2"));
    assert!(!last.contains(r#"rel="next""#));

    // Term pages are split the same way.
    assert!(site.exists("platforms/facebook/page/3/index.html"));
    assert!(site.exists("years/2019/page/2/index.html"));
    // Totals on every page cover all events, not the page's rows.
    let accounts = stat(&site.page("events/page/2/"), "Accounts removed");
    assert!(
        accounts.contains(r#"<span class="stat__value" data-value>15</span>"#),
        "{accounts}"
    );
}

#[test]
fn base_url_option_changes_every_link() {
    let site = Site::from_fixture("valid-minimal");
    site.build_with(&["--base-url", "https://tracker.example.net/iran/"])
        .assert_success();
    let home = site.page("");
    assert!(
        home.contains(r#"href="/iran/events/2019-05-28-facebook-iran/""#),
        "{home}"
    );
    assert!(!home.contains("/tracker/"), "{home}");
}

#[test]
fn a_row_template_override_shows_in_every_list() {
    // Each event's row is rendered once and reused by every list it is in, so one override of
    // `partials/row.html` must reach the home page, the list of events and every term page.
    let site = Site::example().file(
        "templates/partials/row.html",
        "<tr class=\"mine\" data-id=\"{{ row.id }}\"><td>{{ row.title }} · {{ row.kind_label }}</td></tr>\n",
    );
    site.build().assert_success();
    let row = r#"<tr class="mine" data-id="2019-05-28-facebook-iran-fireeye-tip">"#;
    for page in [
        "",
        "events/",
        "platforms/facebook/",
        "disclosers/facebook/",
        "origins/ir/",
        "years/2019/",
    ] {
        let html = site.page(page);
        assert_eq!(
            html.matches(row).count(),
            1,
            "{page:?} lacks the row:\n{html}"
        );
        assert!(
            !html.contains("<td class=\"col-date\">"),
            "{page:?} has a default row"
        );
    }
}

#[test]
fn a_broken_row_template_fails_the_build_by_name() {
    let site = Site::example().file("templates/partials/row.html", "{{ row.no_such.field }}");
    let run = site.build();
    run.assert_code(1);
    assert!(run.stderr.contains("partials/row.html"), "{}", run.stderr);
    assert!(!site.output().exists(), "a failed build left an output");
}

/// Pages are rendered with stand-ins for the data version and last change, put in as each file
/// is written: none is left in any file, and every footer names the version.
#[test]
fn every_file_has_the_data_version_put_in_and_no_stand_in_left() {
    let site = example();
    let files = common::snapshot(&site.output());
    let text = |path: &str| {
        ["html", "xml", "json", "svg", "csv", "css", "js", "txt"]
            .iter()
            .any(|x| path.ends_with(&format!(".{x}")))
    };
    for (path, bytes) in files.iter().filter(|(path, _)| text(path)) {
        assert!(!bytes.contains(&1), "{path} holds a stand-in");
    }
    let version = site.page("data/");
    let at = version
        .find("class=\"data-version\" title=\"")
        .expect("a footer version");
    let full = &version[at + 28..at + 28 + version[at + 28..].find('"').unwrap()];
    assert!(full.len() >= 40, "{full}");
    for page in ["", "about/", "events/", &format!("events/{RETRACTED}/")] {
        assert!(
            site.page(page).contains(full),
            "{page} names the data version"
        );
    }
}
