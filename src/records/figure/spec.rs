//! What a figure spec says: its chart, dimensions, measure and filters, as checked types.

use crate::records::period::OpenPeriod;

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
    pub const NAMES: [&'static str; 3] = ["removed", "reach", "content"];

    pub fn parse(name: &str) -> Option<FigureGroup> {
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
            Measure::Figure { name, .. } => crate::records::label(name),
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
    pub period: Option<OpenPeriod>,
    /// Markdown.
    pub caption: Option<String>,
    /// Shown on the home page.
    pub headline: bool,
}
