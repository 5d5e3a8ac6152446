//! Reading a spec file (`content/figures/<id>.yaml`) into a [`FigureSpec`], checking each field.

use super::context::{scalar_text, SpecContext};
use super::filters::filters;
use super::spec::{Chart, Dimension, FigureGroup, FigureSpec, Measure, MAX_TOP};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::records::period::OpenPeriod;
use crate::records::{Checker, USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    title: Option<String>,
    chart: Option<String>,
    x: Option<String>,
    y: Option<String>,
    series: Option<String>,
    top: Option<Value>,
    #[serde(rename = "where")]
    filter: Option<Mapping>,
    period: Option<Value>,
    caption: Option<String>,
    headline: Option<bool>,
}

/// Check one spec file. Returns the spec when it has no errors, and every problem found.
///
/// A spec is data, not code. Every mistake in one is reported with its file, line, column and
/// field, and a did-you-mean for misspelt words, exactly like records.
pub fn check_spec(
    id: &str,
    file: &str,
    text: &str,
    cx: &SpecContext<'_>,
) -> (Option<FigureSpec>, Vec<Diagnostic>) {
    let (raw, refused) = match crate::yaml::from_str_every_field::<RawFigure>(file, text) {
        Ok(parsed) => parsed,
        Err(d) => return (None, vec![d]),
    };
    let mut check = Checker::new(file);
    check.refused(refused);
    let spec = build(&mut check, cx, id, file, raw);
    let ok = !check.has_errors();
    (spec.filter(|_| ok), check.finish(text))
}

fn build(
    check: &mut Checker<'_>,
    cx: &SpecContext<'_>,
    id: &str,
    file: &str,
    mut raw: RawFigure,
) -> Option<FigureSpec> {
    // The title is one line and the caption prose, held to the rules of record text.
    crate::records::limits::line(check, "title", &mut raw.title);
    crate::records::limits::prose(check, "caption", &raw.caption);
    let title = match raw.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(t.to_string()),
        Some(_) => {
            check.error("title", "`title` is empty", None);
            None
        }
        None => {
            check.error("title", "missing required field `title`", None);
            None
        }
    };
    let chart = match raw.chart.as_deref() {
        None => Some(Chart::Bar),
        Some(name) => word(
            check,
            "chart",
            "chart type",
            name,
            Chart::parse,
            &Chart::NAMES,
        ),
    };
    let x = match (raw.x.as_deref(), chart) {
        (Some(name), _) => word(
            check,
            "x",
            "dimension",
            name,
            Dimension::parse,
            &Dimension::NAMES,
        ),
        (None, Some(Chart::Timeline)) => Some(Dimension::Year),
        (None, _) => {
            check.error(
                "x",
                "missing required field `x`",
                Some(format!(
                    "what goes along the axis: {}",
                    Dimension::NAMES.join(", ")
                )),
            );
            None
        }
    };
    let y = match raw.y.as_deref() {
        None => Some(Measure::Events),
        Some(text) => measure(check, cx, text.trim()),
    };
    let series = raw.series.as_deref().and_then(|name| {
        word(
            check,
            "series",
            "dimension",
            name,
            Dimension::parse,
            &Dimension::NAMES,
        )
    });
    let top = raw.top.as_ref().and_then(|v| top(check, v));
    let filters = raw
        .filter
        .as_ref()
        .map(|m| filters(check, cx, m))
        .unwrap_or_default();
    let period = raw.period.as_ref().and_then(|v| {
        let text = scalar_text(v);
        match text.as_deref().map(OpenPeriod::parse) {
            Some(Ok(p)) => Some(p),
            Some(Err(message)) => {
                check.error("period", message, Some(PERIOD_FORMS.into()));
                None
            }
            None => {
                check.error(
                    "period",
                    "`period` must be written as text",
                    Some(PERIOD_FORMS.into()),
                );
                None
            }
        }
    });
    let caption = raw
        .caption
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if let Some(text) = &caption {
        for url in crate::markdown::unsafe_links(text) {
            check.error(
                "caption",
                format!("link to `{url}` is not allowed"),
                Some(
                    "links in Markdown may be http(s), mailto, relative paths or #fragments".into(),
                ),
            );
        }
    }
    let (chart, x, y) = (chart?, x?, y?);
    combinations(check, chart, x, &y, series, top);
    Some(FigureSpec {
        id: id.to_string(),
        file: file.to_string(),
        title: title?,
        chart,
        x,
        y,
        series,
        top,
        filters,
        period,
        caption,
        headline: raw.headline.unwrap_or(false),
    })
}

const PERIOD_FORMS: &str =
    "forms: 2019, 2019-05, 2019-Q2, 2019-H1, 2018/2020, 2019-04-01/2019-06-30, 2018/.., ../2020";

/// Rules that need more than one field.
fn combinations(
    check: &mut Checker<'_>,
    chart: Chart,
    x: Dimension,
    y: &Measure,
    series: Option<Dimension>,
    top: Option<usize>,
) {
    if series == Some(x) {
        check.error(
            "series",
            format!("`series` is the same as `x` ({})", x.key()),
            Some("choose another dimension for the series, or leave it out".into()),
        );
    }
    if let Some(s) = series {
        if s.is_time() && x.is_time() {
            check.error(
                "series",
                "`x` and `series` cannot both be units of time",
                Some("group the series by platform, origin, kind …".into()),
            );
        }
    }
    if top.is_some() && x.is_time() {
        check.error(
            "top",
            format!(
                "`top` keeps the largest groups, but `x` is time ({})",
                x.key()
            ),
            Some("use `period` to narrow the time shown".into()),
        );
    }
    match chart {
        Chart::Line if !x.is_time() => check.error(
            "x",
            format!("a line chart needs time along `x`, not `{}`", x.key()),
            Some("use year, quarter or month, or `chart: bar` for categories".into()),
        ),
        Chart::Timeline if !x.is_time() => check.error(
            "x",
            format!("a timeline runs along time; `x` cannot be `{}`", x.key()),
            Some("leave `x` out, or set the tick spacing with year, quarter or month; put the lanes in `series`".into()),
        ),
        Chart::StackedBar if series.is_none() => check.error(
            "chart",
            "a stacked bar needs a `series` to stack",
            Some("add e.g. `series: platform`, or use `chart: bar`".into()),
        ),
        _ => {}
    }
    if chart == Chart::Timeline {
        if *y != Measure::Events {
            check.error(
                "y",
                "a timeline shows one mark per event, so `y` can only be `events`",
                Some("leave `y` out, or use `chart: bar` to sum a figure".into()),
            );
        }
        if top.is_some() {
            check.error("top", "a timeline has no groups to keep the top of", None);
        }
    }
}

/// A word from a fixed list, with a did-you-mean when it is not one of them.
fn word<T>(
    check: &mut Checker<'_>,
    field: &str,
    what: &str,
    written: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Option<T> {
    let value = parse(written.trim());
    if value.is_none() {
        let hint = did_you_mean(written, names.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
        check.error(field, format!("unknown {what} `{written}`"), Some(hint));
    }
    value
}

/// `events`, a figure name (`accounts`), or a figure name with its group (`removed.events`).
fn measure(check: &mut Checker<'_>, cx: &SpecContext<'_>, text: &str) -> Option<Measure> {
    if text == "events" {
        return Some(Measure::Events);
    }
    let (group, name) = match text.split_once('.') {
        Some((group, name)) => match FigureGroup::parse(group) {
            Some(g) => (Some(g), name),
            None => {
                let hint = did_you_mean(group, FigureGroup::NAMES)
                    .unwrap_or_else(|| "write removed.NAME, reach.NAME or content.NAME".into());
                check.error("y", format!("unknown figure group `{group}`"), Some(hint));
                return None;
            }
        },
        None => (None, text),
    };
    let usual: Vec<&str> = match group {
        None => USUAL_ASSETS
            .iter()
            .chain(&USUAL_METRICS)
            .chain(&USUAL_UNITS)
            .copied()
            .collect(),
        Some(FigureGroup::Removed) => USUAL_ASSETS.to_vec(),
        Some(FigureGroup::Reach) => USUAL_METRICS.to_vec(),
        Some(FigureGroup::Content) => USUAL_UNITS.to_vec(),
    };
    let known = usual.contains(&name) || cx.measure_names.contains(name);
    if !known {
        let mut candidates: Vec<&str> = usual.clone();
        candidates.extend(cx.measure_names.iter().map(String::as_str));
        if group.is_none() {
            candidates.push("events");
        }
        let hint = did_you_mean(name, candidates).unwrap_or_else(|| {
            "`events`, or a figure name the records use: accounts, pages, followers, tweets …"
                .into()
        });
        check.error("y", format!("unknown figure `{name}`"), Some(hint));
        return None;
    }
    Some(Measure::Figure {
        group,
        name: name.to_string(),
    })
}

fn top(check: &mut Checker<'_>, value: &Value) -> Option<usize> {
    match value.as_u64() {
        Some(n) if (1..=MAX_TOP).contains(&n) => Some(n as usize),
        _ => {
            check.error(
                "top",
                format!("`top` must be a whole number from 1 to {MAX_TOP}"),
                Some(
                    "e.g. `top: 8` keeps the eight largest groups and folds the rest into Other"
                        .into(),
                ),
            );
            None
        }
    }
}
