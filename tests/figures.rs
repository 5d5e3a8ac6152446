//! Figures: grouping and totals on a fixture with known answers, located errors for bad specs,
//! stable SVG bytes, and figures embedded in pages, term pages and templates.

use crate::common::{repo_root, snapshot, Site};
use docket::dataset::Dataset;
use docket::figures::data::{compute, FigureData};
use docket::figures::spec::{Chart, Dimension, Filter, Measure};
use docket::figures::FigureSpec;
use docket::records::period::OpenPeriod;
use std::path::Path;

fn fixture_dataset(drafts: bool) -> Dataset {
    let root = repo_root().join("tests/fixtures/figures-basic");
    let (ds, _warnings) = docket::prepare(&root, drafts, None)
        .unwrap_or_else(|_| panic!("the figures-basic fixture should load"));
    ds
}

fn spec(x: Dimension, y: Measure) -> FigureSpec {
    FigureSpec {
        id: "test".into(),
        file: String::new(),
        title: "Test".into(),
        chart: Chart::Bar,
        x,
        y,
        series: None,
        top: None,
        filters: Vec::new(),
        period: None,
        caption: None,
        headline: false,
    }
}

fn accounts() -> Measure {
    Measure::Figure {
        group: None,
        name: "accounts".into(),
    }
}

fn data(ds: &Dataset, spec: &FigureSpec) -> FigureData {
    compute(spec, ds, ds.events.iter())
}

/// `(label, display)` of every bar, in order.
fn bars(d: &FigureData) -> Vec<(String, String)> {
    d.x.iter()
        .zip(&d.rows)
        .map(|(g, t)| (g.label.clone(), t.display()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn sums_follow_the_qualifier_rule_per_group() {
    let ds = fixture_dataset(false);
    let d = data(&ds, &spec(Dimension::Origin, accounts()));
    // Russia: ~1000 + >500 (approx and at-least: at least). Iran: 100 + 20 + >500. China gave
    // only "<50"; the report names no origin and no figure.
    assert_eq!(
        bars(&d),
        pairs(&[
            ("Russia", "≥1,500"),
            ("Iran", "≥620"),
            ("China", "not reported"),
            ("Unattributed", "not reported"),
        ])
    );
    assert_eq!(d.rows[0].events, 2);
    assert_eq!(d.rows[1].events, 2);
    // Each event once overall, although the Iran–Russia event is under both bars.
    assert_eq!(d.overall.display(), "≥1,620");
    assert_eq!(d.overall.events, 3);
    assert_eq!(d.notes.matched, 6);
    assert_eq!(d.notes.upper_bound_only, 1);
    assert_eq!(d.notes.no_figure, 2);
    assert!(d.notes.shared_x);
}

#[test]
fn top_folds_the_rest_into_other_once_per_event() {
    let ds = fixture_dataset(false);
    let mut s = spec(Dimension::Origin, accounts());
    s.top = Some(1);
    let d = data(&ds, &s);
    // Other holds Iran, China and the unattributed report: 100 + 20 + >500.
    assert_eq!(bars(&d), pairs(&[("Russia", "≥1,500"), ("Other", "≥620")]));
    assert!(d.x[1].is_other());
    assert_eq!(d.notes.folded_x, 3);
    // A lone group is never folded: "Other" would only hide its name.
    s.top = Some(3);
    assert_eq!(data(&ds, &s).x.len(), 4);
}

#[test]
fn platform_groups_count_only_their_own_figures() {
    let ds = fixture_dataset(false);
    let d = data(&ds, &spec(Dimension::Platform, accounts()));
    assert_eq!(
        bars(&d),
        pairs(&[
            ("Twitter", "≥1,500"),
            ("Facebook", "100"),
            ("Instagram", "20"),
            ("No platform", "not reported"),
            ("YouTube", "not reported"),
        ])
    );
}

#[test]
fn filters_select_events_and_platform_figures() {
    let ds = fixture_dataset(false);
    let mut s = spec(Dimension::Year, accounts());
    s.filters = vec![Filter {
        dimension: Dimension::Platform,
        values: vec!["facebook".into()],
    }];
    let d = data(&ds, &s);
    // Facebook's own accounts only: Instagram's 20 in the same event stay out; 2020 has "<50".
    assert_eq!(
        bars(&d),
        pairs(&[("2019", "100"), ("2020", "not reported")])
    );
    assert_eq!(d.notes.upper_bound_only, 1);

    let mut s = spec(Dimension::Kind, Measure::Events);
    s.filters = vec![Filter {
        dimension: Dimension::Origin,
        values: vec!["RU".into()],
    }];
    assert_eq!(
        bars(&data(&ds, &s)),
        pairs(&[("Suspension", "1"), ("Takedown", "1")])
    );
}

#[test]
fn time_axes_show_gaps_and_leave_out_coarse_dates() {
    let ds = fixture_dataset(false);
    let d = data(&ds, &spec(Dimension::Quarter, Measure::Events));
    assert_eq!(
        bars(&d),
        pairs(&[
            ("2019 Q1", "1"),
            ("2019 Q2", "2"),
            ("2019 Q3", "0"),
            ("2019 Q4", "0"),
            ("2020 Q1", "2"),
        ])
    );
    // The report dated only "2020" has no quarter.
    assert_eq!(d.notes.imprecise, 1);

    let mut s = spec(Dimension::Year, Measure::Events);
    s.period = Some(OpenPeriod::parse("2020").unwrap());
    let d = data(&ds, &s);
    assert_eq!(bars(&d), pairs(&[("2020", "3")]));
}

#[test]
fn retracted_and_draft_events_never_count() {
    // Even when drafts are built, they and the retracted record stay out of every chart.
    let ds = fixture_dataset(true);
    assert!(ds.events.iter().any(|e| e.id.ends_with("-draft")));
    let d = data(&ds, &spec(Dimension::Origin, accounts()));
    assert_eq!(d.rows[1].display(), "≥620");
    assert_eq!(d.notes.matched, 6);
}

#[test]
fn series_split_each_group() {
    let ds = fixture_dataset(false);
    let mut s = spec(Dimension::Year, accounts());
    s.chart = Chart::StackedBar;
    s.series = Some(Dimension::Platform);
    let d = data(&ds, &s);
    let series: Vec<&str> = d.series.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(
        series,
        ["Twitter", "Facebook", "Instagram", "No platform", "YouTube"]
    );
    let y2019: Vec<String> = d.cells[0].iter().map(|t| t.display()).collect();
    assert_eq!(
        y2019,
        ["≥1,500", "100", "20", "not reported", "not reported"]
    );
    assert_eq!(d.rows[0].display(), "≥1,620");
}

/// Problems `docket check --format json` reports, as `file:line:col message | hint`.
fn problems(site: &Site) -> Vec<String> {
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    run.stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["severity"] == "error")
        .map(|v| {
            format!(
                "{}:{}:{} {} | {}",
                v["file"].as_str().unwrap_or(""),
                v["line"],
                v["column"],
                v["message"].as_str().unwrap_or(""),
                v["hint"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn invalid_specs_are_located_errors_with_suggestions() {
    let site = Site::from_fixture("figures-invalid");
    let found = problems(&site);
    let expected = [
        "content/figures/bad-filters.yaml:4:6 `top` must be a whole number from 1 to 50 | e.g. `top: 8` keeps the eight largest groups and folds the rest into Other",
        "content/figures/bad-filters.yaml:6:12 `Iran` is not an ISO 3166-1 alpha-2 country code | use the ISO 3166-1 alpha-2 code: `IR` (Iran)",
        "content/figures/bad-filters.yaml:7:3 unknown filter `platfrom` | did you mean `platform`?",
        "content/figures/bad-filters.yaml:8:14 `fireeye` is not a platform (research organisation) | filter on `discloser` to select what it disclosed",
        "content/figures/bad-filters.yaml:9:9 the period starts (2020-01-01) after it ends (2018-12-31) | forms: 2019, 2019-05, 2019-Q2, 2019-H1, 2018/2020, 2019-04-01/2019-06-30, 2018/.., ../2020",
        "content/figures/impossible-combination.yaml:3:4 a line chart needs time along `x`, not `origin` | use year, quarter or month, or `chart: bar` for categories",
        "content/figures/impossible-combination.yaml:4:9 `series` is the same as `x` (origin) | choose another dimension for the series, or leave it out",
        "content/figures/misspelt-words.yaml:2:8 unknown chart type `bars` | did you mean `bar`?",
        "content/figures/misspelt-words.yaml:3:4 unknown dimension `platfrom` | did you mean `platform`?",
        "content/figures/misspelt-words.yaml:4:4 unknown figure `acounts` | did you mean `accounts`?",
        "content/figures/unknown-field.yaml:1:1 unknown field `titel` | did you mean `title`?",
        "content/pages/about.md:6:1 unknown figure `misspelt-wordz` | did you mean `misspelt-words`?",
        "content/pages/about.md:8:1 `{{ figure(misspelt-words) }}` is not a figure embed | write {{ figure(id=\"accounts-by-origin\") }} on a line of its own",
    ];
    for e in expected {
        assert!(
            found.iter().any(|f| f == e),
            "missing {e}\nfound:\n{}",
            found.join("\n")
        );
    }
    assert_eq!(found.len(), expected.len(), "{}", found.join("\n"));
}

#[test]
fn figures_are_published_with_page_table_csv_and_svg() {
    let site = Site::from_fixture("figures-basic");
    let run = site.build();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let page = site.page("figures/accounts-by-origin/");
    assert!(
        page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{page}"
    );
    assert!(page.contains(
        "<title id=\"figure-accounts-by-origin-title\">Accounts removed, by origin country</title>"
    ));
    assert!(page.contains("<td class=\"num\">≥1,500</td>"), "{page}");
    assert!(
        page.contains("1 event reports only an upper bound for accounts"),
        "{page}"
    );
    assert!(
        page.contains("2 events report no figure for accounts."),
        "{page}"
    );
    assert!(
        page.contains("href=\"/tracker/figures/accounts-by-origin.csv\""),
        "{page}"
    );

    assert_eq!(
        site.read("figures/accounts-by-origin.csv"),
        "origin,origin_name,accounts,qualifier,display,events\r\n\
         RU,Russia,1500,at-least,\"≥1,500\",2\r\n\
         IR,Iran,620,at-least,≥620,2\r\n\
         CN,China,,none,not reported,0\r\n\
         ,Unattributed,,none,not reported,0\r\n"
    );
    let index = site.page("figures/");
    assert!(
        index.contains("href=\"/tracker/figures/events-by-quarter/\""),
        "{index}"
    );

    // The home page shows the headline figure; term pages show their events over time.
    let home = site.page("");
    assert!(home.contains("id=\"figure-events-by-quarter\""), "{home}");
    assert!(!home.contains("id=\"figure-accounts-by-origin\""), "{home}");
    let twitter = site.page("platforms/twitter/");
    assert!(
        twitter.contains("id=\"figure-platforms-twitter\""),
        "{twitter}"
    );
    assert!(twitter.contains("Events per quarter: Twitter"), "{twitter}");
}

#[test]
fn figures_embed_in_markdown_and_nothing_else_gets_through() {
    let site = Site::from_fixture("figures-basic");
    assert_eq!(site.build().code, 0);
    let about = site.page("about/");
    assert!(
        about.contains("<figure class=\"chart-figure\" id=\"figure-events-by-quarter\">"),
        "{about}"
    );
    assert!(
        about.contains("Raw &lt;b&gt;HTML&lt;/b&gt; stays text."),
        "{about}"
    );
    // In a code block the line is shown, not drawn.
    assert!(
        about.contains("<code>{{ figure(id=&quot;events-by-quarter&quot;) }}")
            || about.contains("<code>{{ figure(id=\"events-by-quarter\") }}"),
        "{about}"
    );
    // One chart, in its wide and its narrow layout.
    assert_eq!(about.matches("<svg").count(), 2, "{about}");
    let event = site.page("events/2020-03-03-youtube-ir/");
    assert!(
        event.contains("id=\"figure-accounts-by-origin\""),
        "{event}"
    );
}

#[test]
fn templates_can_call_figure() {
    let site = Site::from_fixture("figures-basic").file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ figure(id=\"accounts-by-origin\") }}{% endblock content %}",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    site.assert_contains(
        "about/index.html",
        "<desc id=\"figure-accounts-by-origin-desc\">",
    );
}

#[test]
fn charts_are_byte_identical_across_builds() {
    let site = Site::from_fixture("figures-basic");
    assert_eq!(site.build_with(&["--output", "one"]).code, 0);
    assert_eq!(site.build_with(&["--output", "two"]).code, 0);
    let one = snapshot(&site.root().join("one"));
    let two = snapshot(&site.root().join("two"));
    assert!(one.keys().any(|k| k.ends_with(".svg")));
    assert_eq!(one, two);
}

/// The checked-in drawing of one small spec. After an intended change to drawing, refresh it
/// with `DOCKET_UPDATE_SNAPSHOTS=1 cargo test --test main figures::` and review the difference.
#[test]
fn small_chart_matches_its_snapshot() {
    let site = Site::from_fixture("figures-basic");
    assert_eq!(site.build().code, 0);
    let svg = site.read("figures/accounts-by-origin.svg");
    let expected = repo_root().join("tests/snapshots/figures/accounts-by-origin.svg");
    if std::env::var_os("DOCKET_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
        std::fs::write(&expected, &svg).unwrap();
    }
    let want = read(&expected);
    assert!(
        svg == want,
        "figures/accounts-by-origin.svg differs from {}",
        expected.display()
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn a_figure_nothing_matches_says_so() {
    let ds = fixture_dataset(false);
    let mut s = spec(Dimension::Origin, accounts());
    s.filters = vec![Filter {
        dimension: Dimension::Origin,
        values: vec!["FR".into()],
    }];
    let d = data(&ds, &s);
    assert!(d.is_empty());
    let frame = docket::figures::svg::Frame {
        id: "figure-test",
        title: "Test",
        desc: "Nothing",
        chart: Chart::Bar,
        time_x: false,
        counts_events: false,
        small: false,
        width: docket::figures::svg::Width::Narrow,
        x_title: "Origin country",
        y_title: "Accounts",
        noun: "accounts",
        links: None,
        loc: &docket::present::locale::Locale::english(),
    };
    let svg = docket::figures::draw::draw(&frame, &d).unwrap();
    assert!(svg.contains("No events match this figure."), "{svg}");
    assert!(
        svg.contains("<title id=\"figure-test-title\">Test</title>"),
        "{svg}"
    );
}
