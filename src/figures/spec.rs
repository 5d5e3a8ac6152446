//! Figure specs (`content/figures/<id>.yaml`): what a chart shows, parsed and checked.
//!
//! A spec is data, not code. Every mistake in one is reported with its file, line, column and
//! field, and a did-you-mean for misspelt words, exactly like records.

use super::period::Period;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::records::{Checker, EventKind, Known, USUAL_ASSETS, USUAL_METRICS, USUAL_UNITS};
use crate::vocab::OrgType;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// Largest `top` a spec may ask for: beyond it a chart is a table.
pub const MAX_TOP: u64 = 50;

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    Bar,
    StackedBar,
    Line,
    Timeline,
}

impl Chart {
    pub const NAMES: [&'static str; 4] = ["bar", "stacked-bar", "line", "timeline"];
    const ALL: [Chart; 4] = [Chart::Bar, Chart::StackedBar, Chart::Line, Chart::Timeline];

    pub fn parse(name: &str) -> Option<Chart> {
        Chart::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Chart::ALL[i])
    }

    pub fn key(self) -> &'static str {
        Chart::NAMES[self as usize]
    }

    /// How the chart is described to readers of its text alternative.
    pub fn noun(self) -> &'static str {
        match self {
            Chart::Bar => "Bar chart",
            Chart::StackedBar => "Stacked bar chart",
            Chart::Line => "Line chart",
            Chart::Timeline => "Timeline",
        }
    }
}

/// A way of grouping events along an axis, into series, or in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Year,
    Quarter,
    Month,
    Platform,
    Discloser,
    Origin,
    Target,
    Actor,
    Operation,
    Tactic,
    Kind,
}

impl Dimension {
    pub const NAMES: [&'static str; 11] = [
        "year",
        "quarter",
        "month",
        "platform",
        "discloser",
        "origin",
        "target",
        "actor",
        "operation",
        "tactic",
        "kind",
    ];
    const ALL: [Dimension; 11] = [
        Dimension::Year,
        Dimension::Quarter,
        Dimension::Month,
        Dimension::Platform,
        Dimension::Discloser,
        Dimension::Origin,
        Dimension::Target,
        Dimension::Actor,
        Dimension::Operation,
        Dimension::Tactic,
        Dimension::Kind,
    ];

    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Dimension::ALL[i])
    }

    pub fn key(self) -> &'static str {
        Dimension::NAMES[self as usize]
    }

    /// Is this a unit of time (the axis of a line chart or timeline)?
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Dimension::Year | Dimension::Quarter | Dimension::Month
        )
    }

    /// Column heading and text-alternative wording.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Year => "Year",
            Dimension::Quarter => "Quarter",
            Dimension::Month => "Month",
            Dimension::Platform => "Platform",
            Dimension::Discloser => "Discloser",
            Dimension::Origin => "Origin country",
            Dimension::Target => "Target country",
            Dimension::Actor => "Actor",
            Dimension::Operation => "Operation",
            Dimension::Tactic => "Tactic",
            Dimension::Kind => "Kind of event",
        }
    }
}

/// Which group of an event's figures a quantity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureGroup {
    Removed,
    Reach,
    Content,
}

impl FigureGroup {
    const NAMES: [&'static str; 3] = ["removed", "reach", "content"];

    fn parse(name: &str) -> Option<FigureGroup> {
        match name {
            "removed" => Some(FigureGroup::Removed),
            "reach" => Some(FigureGroup::Reach),
            "content" => Some(FigureGroup::Content),
            _ => None,
        }
    }
}

/// What the bars measure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Measure {
    /// The number of events.
    Events,
    /// A figure (`accounts`, `followers`) summed across platforms; `group` narrows it to one of
    /// `removed`, `reach` or `content` when written as `removed.events`.
    Figure {
        group: Option<FigureGroup>,
        name: String,
    },
}

impl Measure {
    /// `Events`, `Accounts`, `Group members`.
    pub fn label(&self) -> String {
        match self {
            Measure::Events => "Events".into(),
            Measure::Figure { name, .. } => crate::render::views::label(name),
        }
    }

    /// The lower-case noun used in sentences: `events`, `accounts`, `group members`.
    pub fn noun(&self) -> String {
        match self {
            Measure::Events => "events".into(),
            Measure::Figure { name, .. } => name.replace(['_', '-'], " "),
        }
    }
}

/// Keep only events whose values of `dimension` include one of `values`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    pub dimension: Dimension,
    pub values: Vec<String>,
}

/// A checked figure spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureSpec {
    /// The file stem; also the figure's address (`/figures/<id>/`).
    pub id: String,
    /// Path of the spec relative to the site root; empty for built-in figures.
    pub file: String,
    pub title: String,
    pub chart: Chart,
    pub x: Dimension,
    pub y: Measure,
    pub series: Option<Dimension>,
    pub top: Option<usize>,
    pub filters: Vec<Filter>,
    pub period: Option<Period>,
    /// Markdown.
    pub caption: Option<String>,
    /// Shown on the home page.
    pub headline: bool,
}

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

/// What a spec may name besides the vocabularies: the figure names used in the site's events.
pub struct SpecContext<'a> {
    pub known: &'a Known<'a>,
    /// Every asset, metric and unit name some event reports.
    pub measure_names: &'a BTreeSet<String>,
}

/// Check one spec file. Returns the spec when it has no errors, and every problem found.
pub fn check_spec(
    id: &str,
    file: &str,
    text: &str,
    cx: &SpecContext<'_>,
) -> (Option<FigureSpec>, Vec<Diagnostic>) {
    let raw: RawFigure = match crate::yaml::from_str(file, text) {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let mut check = Checker::new(file);
    let spec = build(&mut check, cx, id, file, raw);
    let ok = !check.has_errors();
    (spec.filter(|_| ok), check.finish(text))
}

fn build(
    check: &mut Checker<'_>,
    cx: &SpecContext<'_>,
    id: &str,
    file: &str,
    raw: RawFigure,
) -> Option<FigureSpec> {
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
        match text.as_deref().map(Period::parse) {
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

/// A YAML scalar as text: `2019` is a number to YAML but a year to us.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn filters(check: &mut Checker<'_>, cx: &SpecContext<'_>, map: &Mapping) -> Vec<Filter> {
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(name) = key.as_str() else {
            check.key_error(
                "where",
                "filter names are words such as origin or platform",
                None,
            );
            continue;
        };
        let field = format!("where.{name}");
        let Some(dimension) = Dimension::parse(name) else {
            let hint = did_you_mean(name, Dimension::NAMES)
                .unwrap_or_else(|| format!("filters: {}", Dimension::NAMES.join(", ")));
            check.key_error(&field, format!("unknown filter `{name}`"), Some(hint));
            continue;
        };
        // One value or a list of them.
        let items: Vec<(String, Option<String>)> = match value {
            Value::Sequence(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{field}[{i}]"), scalar_text(v)))
                .collect(),
            other => vec![(field.clone(), scalar_text(other))],
        };
        if items.is_empty() {
            check.error(
                &field,
                format!("`{field}` lists no values"),
                Some(format!("e.g. `{name}: [...]`, or leave the filter out")),
            );
            continue;
        }
        let mut values = Vec::new();
        for (at, text) in items {
            match text {
                Some(text) => {
                    if let Some(v) = filter_value(check, cx, dimension, &at, &text) {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                }
                None => check.error(&at, "a filter value must be a single word or number", None),
            }
        }
        if !values.is_empty() {
            out.push(Filter { dimension, values });
        }
    }
    out.sort_by_key(|f| f.dimension);
    out
}

/// Check one filter value against what its dimension allows.
fn filter_value(
    check: &mut Checker<'_>,
    cx: &SpecContext<'_>,
    dimension: Dimension,
    field: &str,
    text: &str,
) -> Option<String> {
    let vocab = cx.known.vocab;
    let problem: Option<(String, Option<String>)> = match dimension {
        Dimension::Year => (!super::data::year_key_ok(text))
            .then(|| (format!("`{text}` is not a year"), Some("e.g. 2019".into()))),
        Dimension::Quarter => (!super::data::quarter_key_ok(text)).then(|| {
            (
                format!("`{text}` is not a quarter"),
                Some("e.g. 2019-Q2".into()),
            )
        }),
        Dimension::Month => (!super::data::month_key_ok(text)).then(|| {
            (
                format!("`{text}` is not a month"),
                Some("e.g. 2019-05".into()),
            )
        }),
        Dimension::Platform | Dimension::Discloser => match vocab.organisations.get(text) {
            Some(org) if dimension == Dimension::Platform && org.kind != OrgType::Platform => {
                Some((
                    format!(
                        "`{text}` is not a platform ({})",
                        org.kind.label().to_lowercase()
                    ),
                    Some("filter on `discloser` to select what it disclosed".into()),
                ))
            }
            Some(_) => None,
            None => Some((
                format!("unknown organisation `{text}`"),
                vocab.organisation_hint(text),
            )),
        },
        Dimension::Origin | Dimension::Target => {
            if crate::vocab::is_country_code(text) && vocab.countries.contains_key(text) {
                None
            } else {
                Some((
                    format!("`{text}` is not an ISO 3166-1 alpha-2 country code"),
                    vocab.country_hint(text),
                ))
            }
        }
        Dimension::Actor => reference(text, cx.known.actors, "actor", "actors"),
        Dimension::Operation => reference(text, cx.known.operations, "operation", "operations"),
        Dimension::Tactic => (!vocab.tactics.contains_key(text))
            .then(|| (format!("unknown tactic `{text}`"), vocab.tactic_hint(text))),
        Dimension::Kind => EventKind::parse(text).is_none().then(|| {
            (
                format!("unknown kind `{text}`"),
                did_you_mean(text, EventKind::NAMES)
                    .or_else(|| Some(format!("expected one of: {}", EventKind::NAMES.join(", ")))),
            )
        }),
    };
    match problem {
        None => Some(text.to_string()),
        Some((message, hint)) => {
            check.error(field, message, hint);
            None
        }
    }
}

fn reference(
    key: &str,
    known: &std::collections::HashSet<String>,
    what: &str,
    folder: &str,
) -> Option<(String, Option<String>)> {
    if known.contains(key) {
        return None;
    }
    let hint = did_you_mean(key, known.iter().map(String::as_str))
        .unwrap_or_else(|| format!("there is no content/{folder}/{key}.yaml"));
    Some((format!("unknown {what} `{key}`"), Some(hint)))
}
