//! Charts never contradict their numbers: on `tests/fixtures/figures-stacks` (one event names
//! Facebook and Instagram in 2019 Q2, another YouTube and Google in 2019 Q3), every chart of
//! every page is read back and measured: each bar as long as its label, each line joining
//! values of one kind, each colour named in the legend, each mark with a tooltip and a link to
//! the records behind it, and every colour from the theme.

use crate::common::svg::{charts, Node};
use crate::common::{repo_root, Site};
use docket::dataset::{Dataset, Taxonomy};
use docket::figures::data::compute;
use docket::figures::{Drawn, Figures};
use docket::records::period::OpenPeriod;
use std::collections::BTreeSet;
use std::path::Path;

mod timeline;

const FIXTURE: &str = "figures-stacks";

fn dataset() -> Dataset {
    let root = repo_root().join("tests/fixtures").join(FIXTURE);
    let (ds, _warnings) = docket::prepare(&root, false, None)
        .unwrap_or_else(|_| panic!("the {FIXTURE} fixture should load"));
    ds
}

fn built() -> Site {
    let site = Site::from_fixture(FIXTURE);
    let run = site.build();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    site
}

/// Every chart the build wrote, in pages and in SVG files, by file.
fn every_chart(site: &Site) -> Vec<(String, Node)> {
    let mut files = Vec::new();
    walk(&site.output(), &site.output(), &mut files);
    let mut out = Vec::new();
    for relative in files {
        let text = site.read(&relative);
        for chart in charts(&text) {
            out.push((relative.clone(), chart));
        }
    }
    assert!(out.len() > 20, "the fixture draws charts ({})", out.len());
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "html" || x == "svg") {
            let relative = path.strip_prefix(root).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The chart of a figure page in one layout.
fn figure_chart(site: &Site, id: &str, layout: &str) -> Node {
    charts(&site.page(&format!("figures/{id}/")))
        .into_iter()
        .find(|c| c.has_class(layout))
        .unwrap_or_else(|| panic!("figures/{id}/ has a {layout} chart"))
}

/// A number as a chart writes it: `4`, `≥1,500`, `≈2,000,000`, `2.5M`; `None` for words.
fn number(text: &str) -> Option<f64> {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value: f64 = digits.parse().ok()?;
    Some(if text.ends_with('M') {
        value * 1_000_000.0
    } else {
        value
    })
}

/// The value axis: pixels per unit, where zero is, and whether values run across (rows).
struct Scale {
    zero: f64,
    per_unit: f64,
    across: bool,
}

fn scale(chart: &Node) -> Option<Scale> {
    let ticks: Vec<(f64, f64, f64)> = chart
        .with_class("chart-tick")
        .into_iter()
        .map(|t| (number(&t.text).unwrap(), t.num("x"), t.num("y")))
        .collect();
    if ticks.len() < 2 {
        return None;
    }
    let across = ticks.iter().all(|t| t.2 == ticks[0].2);
    let at = |t: &(f64, f64, f64)| if across { t.1 } else { t.2 };
    let zero = ticks.iter().find(|t| t.0 == 0.0).expect("a tick at zero");
    let top = ticks.iter().max_by(|a, b| a.0.total_cmp(&b.0)).unwrap();
    Some(Scale {
        zero: at(zero),
        per_unit: (at(top) - at(zero)).abs() / top.0,
        across,
    })
}

#[test]
fn a_stacked_bar_counts_each_event_once() {
    let ds = dataset();
    for spec in ds.figures.iter().filter(|s| s.id.starts_with("events-by-")) {
        let d = compute(spec, &ds, ds.events.iter());
        for (i, row) in d.rows.iter().enumerate() {
            if spec.chart == docket::figures::spec::Chart::StackedBar {
                let stacked: u64 = d.cells[i].iter().map(|t| t.value).sum();
                assert_eq!(stacked, row.value, "{}: {}", spec.id, d.x[i].label);
            }
        }
    }
    let spec = ds
        .figures
        .iter()
        .find(|s| s.id == "events-by-quarter")
        .unwrap();
    let d = compute(spec, &ds, ds.events.iter());
    let labels: Vec<&str> = d.series.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(labels, ["Twitter", "No platform", "Several platforms"]);
    // 2019 Q2: two Twitter events, the report, and Facebook with Instagram once.
    let q2: Vec<u64> = d.cells[0].iter().map(|t| t.value).collect();
    assert_eq!(
        (d.x[0].key.as_str(), q2, d.rows[0].value),
        ("2019-Q2", vec![2, 1, 1], 4)
    );
    // 2019 Q3: Twitter's dataset, and YouTube with Google once.
    let q3: Vec<u64> = d.cells[1].iter().map(|t| t.value).collect();
    assert_eq!((q3, d.rows[1].value), (vec![1, 0, 1], 2));
    assert_eq!(d.notes.several, 2);
    // A figure given per platform splits between them: no "several".
    let spec = ds
        .figures
        .iter()
        .find(|s| s.id == "accounts-by-quarter")
        .unwrap();
    let d = compute(spec, &ds, ds.events.iter());
    assert!(d.series.iter().all(|g| !g.is_several()));
    let q2: u64 = d.cells[0].iter().map(|t| t.value).sum();
    assert_eq!((q2, d.rows[0].display()), (1620, "≥1,620".to_string()));
}

#[test]
fn every_bar_is_as_long_as_its_label_says() {
    let site = built();
    let mut measured = 0;
    for (file, chart) in every_chart(&site) {
        let bars = chart.with_class("chart-bar");
        if bars.is_empty() {
            continue;
        }
        let scale = scale(&chart).unwrap_or_else(|| panic!("{file}: bars without an axis"));
        for bar in bars {
            let length: f64 = bar
                .named("rect")
                .iter()
                .map(|r| r.num(if scale.across { "width" } else { "height" }))
                .sum();
            // The tooltip names the bar's number (`2019 Q2: 4 events`); the label above or
            // beside it, when there is room for one, too.
            let told = bar.title().rsplit_once(": ").map_or("", |(_, n)| n);
            let told = told.split_whitespace().next().unwrap_or("");
            let mut said = vec![told.to_string()];
            if let Some(label) = bar.with_class("chart-value").first() {
                said.push(label.text.clone());
            }
            for text in said {
                let Some(value) = number(&text) else {
                    if text == "not" || text == "not reported" {
                        assert_eq!(
                            length,
                            0.0,
                            "{file}: {} is not reported but drawn",
                            bar.title()
                        );
                    } else {
                        assert!(text == "≥" || text == "≈", "{file}: {text}");
                    }
                    continue;
                };
                let drawn = length / scale.per_unit;
                assert!(
                    (drawn - value).abs() * scale.per_unit <= 1.0,
                    "{file}: {} says {text} but is drawn {drawn:.2} long",
                    bar.title()
                );
                measured += 1;
            }
        }
    }
    assert!(measured > 100, "{measured} bars measured");
}

/// The number a mark's tooltip gives (`2019 Q2: ≥1,000,000 tweets from 1 event`).
fn told(mark: &Node) -> String {
    let after = mark.title().rsplit_once(": ").map_or("", |(_, n)| n);
    after.split_whitespace().next().unwrap_or("").to_string()
}

/// `(qualifier mark, centre x, centre y, number)` of each point of a line chart.
fn points(chart: &Node) -> Vec<(String, f64, f64, f64)> {
    chart
        .with_class("chart-point")
        .iter()
        .map(|p| {
            let told = told(p);
            let kind = told.chars().take_while(|c| !c.is_ascii_digit()).collect();
            let (x, y) = match p.named("circle").first() {
                Some(c) => (c.num("cx"), c.num("cy")),
                None => {
                    let corners = polygon(p.named("polygon")[0].attr("points"));
                    let xs: Vec<f64> = corners.iter().map(|c| c.0).collect();
                    let ys: Vec<f64> = corners.iter().map(|c| c.1).collect();
                    let mid = |v: &[f64]| {
                        (v.iter().cloned().fold(f64::MAX, f64::min)
                            + v.iter().cloned().fold(f64::MIN, f64::max))
                            / 2.0
                    };
                    (mid(&xs), mid(&ys))
                }
            };
            (kind, x, y, number(&told).expect("a point has a number"))
        })
        .collect()
}

fn polygon(points: &str) -> Vec<(f64, f64)> {
    points
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn a_line_never_joins_values_of_different_qualifiers() {
    let site = built();
    for layout in ["chart--wide", "chart--narrow"] {
        let chart = figure_chart(&site, "tweets-by-quarter", layout);
        let points = points(&chart);
        let kinds: Vec<&str> = points.iter().map(|p| p.0.as_str()).collect();
        // 2019 Q2 at least, 2019 Q3 approximately, 2020 Q1 and Q2 exactly (2019 Q4: nothing).
        assert_eq!(kinds, ["≥", "≈", "", ""], "{layout}");
        let lines: Vec<Vec<(f64, f64)>> = chart
            .with_class("chart-line")
            .into_iter()
            .map(|l| polygon(l.attr("points")))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "{layout}: only the two exact values are joined"
        );
        for line in lines {
            let kinds: BTreeSet<&str> = line
                .iter()
                .map(|(x, y)| {
                    points
                        .iter()
                        .find(|p| (p.1 - x).abs() <= 1.0 && (p.2 - y).abs() <= 1.0)
                        .map(|p| p.0.as_str())
                        .expect("a line runs through points")
                })
                .collect();
            assert_eq!(kinds.len(), 1, "{layout}: a line joins {kinds:?}");
        }
        // The points sit at their values, and their labels, where they fit, say so.
        let scale = scale(&chart).unwrap();
        for p in &points {
            assert!(
                (scale.zero - p.2 - p.3 * scale.per_unit).abs() <= 1.5,
                "{p:?}"
            );
        }
        for p in chart.with_class("chart-point") {
            if let Some(label) = p.with_class("chart-value").first() {
                assert_eq!(label.text.replace(',', ""), told(p).replace(',', ""));
            }
        }
        // A quarter with no figure is shaded and says so, instead of dropping to zero.
        let gaps = chart.with_class("chart-gap");
        assert_eq!(gaps.len(), 1, "{layout}");
        assert_eq!(gaps[0].title(), "2019 Q4: not reported");
    }
}

#[test]
fn an_axis_has_one_number_format() {
    let site = built();
    let chart = figure_chart(&site, "tweets-by-quarter", "chart--wide");
    let ticks: Vec<String> = chart
        .with_class("chart-tick")
        .iter()
        .map(|t| t.text.clone())
        .collect();
    assert!(ticks.len() > 2);
    assert!(
        ticks.iter().all(|t| t == "0" || t.ends_with('M')),
        "{ticks:?}"
    );
    let decimals: BTreeSet<usize> = ticks
        .iter()
        .filter(|t| *t != "0")
        .map(|t| t.split_once('.').map_or(0, |(_, d)| d.len() - 1))
        .collect();
    assert_eq!(decimals.len(), 1, "{ticks:?}");
}

#[test]
fn term_charts_show_the_quarters_around_the_term() {
    let ds = dataset();
    let figures = Figures::new(&ds, &docket::present::locale::Locale::english());
    // The actor's events lie in 2019 Q2 and Q3; the chart runs a year either side, within the
    // tracker's own records (2019 Q2 to 2020 Q2).
    let actor = figures
        .term(Taxonomy::Actor, "example-broadcasting")
        .unwrap();
    let keys: Vec<&str> = actor.data.x.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(
        keys,
        ["2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2"]
    );
    let counts: Vec<u64> = actor.data.rows.iter().map(|t| t.value).collect();
    assert_eq!(counts, [2, 1, 0, 0, 0]);
    // Its columns link to the actor's events of their quarter.
    let svg = actor.svg().unwrap();
    assert!(
        svg.contains(
            "href=\"/tracker/events/?actor=example-broadcasting&amp;from=2019-04&amp;to=2019-06\""
        ),
        "{svg}"
    );
}

#[test]
fn a_briefing_chart_highlights_its_period_among_its_neighbours() {
    let ds = dataset();
    let spec = ds
        .figures
        .iter()
        .find(|s| s.id == "events-by-quarter")
        .unwrap();
    let period = OpenPeriod::from(&docket::records::period::Period::parse("2019-Q3").unwrap());
    let urls = docket::present::urls::Urls::new(&ds.config);
    let drawn = Drawn::scoped(
        spec,
        &ds,
        period,
        "b".into(),
        &urls,
        &docket::present::locale::Locale::english(),
    );
    let keys: Vec<&str> = drawn.data.x.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(
        keys,
        ["2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2"]
    );
    let focus = drawn.data.focus.as_ref().expect("the quarter is in focus");
    assert_eq!((focus.first, focus.last), (1, 1));
    assert!(
        drawn.spec.title.ends_with("and the quarters around it"),
        "{}",
        drawn.spec.title
    );
    // Its neighbours are drawn faint; its own column is not.
    let chart = &charts(&drawn.svg().unwrap())[0];
    for bar in chart.with_class("chart-bar") {
        let faint = bar
            .named("rect")
            .iter()
            .all(|r| r.has_class("chart-context"));
        assert_eq!(
            faint,
            !bar.title().starts_with("2019 Q3"),
            "{}",
            bar.title()
        );
    }
    // A chart per year in a quarter's briefing is counted over the quarter only.
    let site = built();
    let page = site.page("briefings/2019-q3/");
    assert!(page.contains("chart-context"), "{page}");
}

#[test]
fn marks_link_to_the_records_behind_them() {
    let site = built();
    let href = |id: &str, title: &str| -> Option<String> {
        let chart = figure_chart(&site, id, "chart--wide");
        let marks: Vec<&Node> = chart
            .with_class("chart-bar")
            .into_iter()
            .chain(chart.with_class("chart-point"))
            .collect();
        let mark = marks
            .iter()
            .find(|m| m.title().starts_with(title))
            .unwrap_or_else(|| panic!("{id}: no mark “{title}”"));
        (mark.name == "a").then(|| mark.attr("href").to_string())
    };
    // A category of a figure that selects nothing else: the term's own page.
    assert_eq!(
        href("events-by-platform", "Twitter:").as_deref(),
        Some("/tracker/platforms/twitter/")
    );
    // With a filter: the events list, filtered to exactly the bar's events.
    assert_eq!(
        href("targets-of-iran", "United States:").as_deref(),
        Some("/tracker/events/?target=US&origin=IR")
    );
    assert_eq!(
        href("events-by-quarter", "2019 Q2:").as_deref(),
        Some("/tracker/events/?from=2019-04&to=2019-06")
    );
    assert_eq!(
        href("tweets-by-quarter", "2020 Q1:").as_deref(),
        Some("/tracker/events/?platform=twitter&from=2020-01&to=2020-03")
    );
    assert_eq!(
        href("events-by-quarter-and-kind", "2019 Q2, Takedown:").as_deref(),
        Some("/tracker/events/?kind=takedown&from=2019-04&to=2019-06")
    );
    // Groups the list cannot select exactly keep their tooltip and have no link.
    assert_eq!(href("events-by-platform", "No platform:"), None);
    // The names are the events list's own filters.
    let filters: Vec<&str> = docket::exports::search::FILTERS
        .iter()
        .map(|f| f.name)
        .collect();
    for d in docket::figures::spec::Dimension::NAMES {
        let d = docket::figures::spec::Dimension::parse(d).unwrap();
        if let Some(name) = docket::figures::links::list_filter(d) {
            assert!(
                filters.contains(&name),
                "`{name}` is not a filter of the events list"
            );
        }
    }
}

#[test]
fn charts_take_their_colours_from_the_theme() {
    let site = built();
    let css = std::fs::read_to_string(repo_root().join("themes/default/static/style.css")).unwrap();
    let platform_colours: BTreeSet<String> =
        ["#0072B2", "#CC79A7", "#56B4E9", "#D55E00", "#009E73"]
            .into_iter()
            .map(String::from)
            .collect();
    let mut classes = BTreeSet::new();
    for (file, chart) in every_chart(&site) {
        let bg = chart.with_class("chart-bg");
        assert!(
            bg.len() == 1 && bg[0].has_class("cf-bg"),
            "{file}: a background of the theme's"
        );
        for n in chart.descendants() {
            let class = n.attr("class");
            classes.extend(
                class
                    .split_whitespace()
                    .filter(|c| c.starts_with("cf-") || c.starts_with("cs-"))
                    .map(String::from),
            );
            let themed = class.contains("cf-") || class.contains("cs-");
            if n.name == "text" {
                assert!(themed, "{file}: text “{}” has no theme colour", n.text);
            } else if !themed
                && ["rect", "circle", "polygon", "polyline"].contains(&n.name.as_str())
            {
                let colour = if n.attr("fill") == "none" {
                    n.attr("stroke")
                } else {
                    n.attr("fill")
                };
                assert!(
                    platform_colours.contains(colour),
                    "{file}: a <{}> drawn in {colour}, which is neither the theme's nor a platform's",
                    n.name
                );
            }
        }
    }
    for class in &classes {
        assert!(
            css.contains(&format!("svg.chart .{class} {{")),
            "style.css has no rule for .{class}"
        );
    }
    // Dark mode: the charts' panel is the page's background, not white.
    assert!(css.contains("--chart-bg: var(--bg);"));
    assert!(!css.contains("background: #fff;\n  border: 1px solid var(--line)"));
}

/// The checked-in drawings of a stacked bar chart, a line and a timeline. After an intended
/// change to drawing, refresh them with `DOCKET_UPDATE_SNAPSHOTS=1 cargo test --test main
/// charts::` and review the difference.
#[test]
fn charts_match_their_snapshots() {
    let site = built();
    for id in ["events-by-quarter", "tweets-by-quarter", "every-event"] {
        let svg = site.read(&format!("figures/{id}.svg"));
        let expected = repo_root().join(format!("tests/snapshots/figures/{id}.svg"));
        if std::env::var_os("DOCKET_UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&expected, &svg).unwrap();
        }
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected.display()));
        assert!(
            svg == want,
            "figures/{id}.svg differs from {}",
            expected.display()
        );
    }
}
