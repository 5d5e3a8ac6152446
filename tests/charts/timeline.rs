//! The timeline: a legend naming every colour it uses, marks that never hide each other, and
//! each mark a link to its event with the event's title.

use super::{built, figure_chart};
use crate::common::svg::charts;
use std::collections::BTreeSet;

#[test]
fn timeline_legend_names_every_colour_used() {
    let site = built();
    for layout in ["chart--wide", "chart--narrow"] {
        let chart = figure_chart(&site, "every-event", layout);
        let legend = &chart.with_class("chart-legend")[0];
        let named: BTreeSet<&str> = legend
            .named("rect")
            .iter()
            .map(|r| r.attr("fill"))
            .chain(legend.named("circle").iter().map(|c| c.attr("fill")))
            .collect();
        let labels: Vec<&str> = legend
            .named("text")
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(labels.contains(&"No platform"), "{labels:?}");
        assert!(
            labels.contains(&"Dated to the month or year only"),
            "{labels:?}"
        );
        let marks = chart.with_class("chart-event");
        assert_eq!(marks.len(), 8, "one mark per event");
        for m in marks {
            for shape in m.named("circle").iter().chain(m.named("rect").iter()) {
                assert!(
                    named.contains(shape.attr("fill")),
                    "{layout}: {} is drawn in {}, which the legend does not name ({named:?})",
                    m.title(),
                    shape.attr("fill")
                );
            }
        }
    }
}

#[test]
fn coincident_timeline_marks_do_not_overlap() {
    let site = built();
    for layout in ["chart--wide", "chart--narrow"] {
        let chart = figure_chart(&site, "every-event", layout);
        let dots: Vec<(f64, f64, f64, String)> = chart
            .with_class("chart-event")
            .iter()
            .flat_map(|m| {
                m.named("circle")
                    .into_iter()
                    .map(|c| (c.num("cx"), c.num("cy"), c.num("r"), m.title().to_string()))
            })
            .collect();
        assert_eq!(dots.len(), 7, "seven events dated to the day");
        for (i, a) in dots.iter().enumerate() {
            for b in &dots[i + 1..] {
                let apart = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                assert!(
                    apart >= a.2 + b.2,
                    "{layout}: “{}” and “{}” overlap ({apart:.1}px apart)",
                    a.3,
                    b.3
                );
            }
        }
    }
}

#[test]
fn timeline_marks_link_to_their_events_with_their_titles() {
    let site = built();
    let page = site.page("figures/every-event/");
    // The title's markup stays text, escaped in the SVG as everywhere.
    assert!(!page.contains("<b>run</b>"), "raw markup in a tooltip");
    assert!(page.contains("&lt;b&gt;run&lt;/b&gt;"), "{page}");
    let chart = figure_chart(&site, "every-event", "chart--wide");
    for m in chart.with_class("chart-event") {
        assert_eq!(m.name, "a", "{}", m.title());
        let href = m.attr("href");
        let id = href
            .strip_prefix("/tracker/events/")
            .and_then(|r| r.strip_suffix('/'))
            .unwrap_or_else(|| panic!("{href} is not an event page"));
        assert!(site.exists(&format!("events/{id}/index.html")), "{href}");
        assert!(m.title().contains(": "), "date and title: {}", m.title());
    }
    let shared = chart
        .with_class("chart-event")
        .into_iter()
        .find(|m| {
            m.attr("href")
                .ends_with("/2019-04-10-facebook-instagram-ir/")
        })
        .expect("the Facebook and Instagram takedown has a mark");
    assert_eq!(
        shared.title(),
        "10 April 2019: Facebook and Instagram remove a network \"<b>run</b> from Iran\" & its pages"
    );
    // The picture in the SVG file has its tooltips and no links.
    let file = &charts(&site.read("figures/every-event.svg"))[0];
    assert!(file.named("a").is_empty());
    assert_eq!(file.with_class("chart-event").len(), 8);
}
