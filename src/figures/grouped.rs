//! What a figure's numbers are once grouped: its groups, series, cells, marks and notes. The
//! types every other part of a figure uses; [`super::data`] computes them.

use crate::records::quantity::Total;
use jiff::civil::Date;

/// Most series a chart keeps apart; the smallest of the rest are folded into "Other" so that
/// colours stay tellable apart.
pub const MAX_SERIES: usize = 8;

/// Key of the group that collects what `top` (or [`MAX_SERIES`]) leaves out.
pub const OTHER: &str = "other";

/// Key of the series of a stacked bar that holds the events falling under more than one of its
/// series (an event that names two platforms), so that each event is stacked once.
pub const SEVERAL: &str = "several";

/// One bar, column, line or lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The value (`IR`, `2019-Q2`, `facebook`); empty for events with no value (unattributed);
    /// [`OTHER`] for the folded rest.
    pub key: String,
    pub label: String,
    /// The platform's chart colour, when the group is a platform that has one.
    pub color: Option<String>,
}

impl Group {
    pub fn is_other(&self) -> bool {
        self.key == OTHER
    }

    pub fn is_several(&self) -> bool {
        self.key == SEVERAL
    }
}

/// One event on a timeline: where it lies in time (its whole span when the date is a month or
/// a year), in which lane, and what it says when pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub lane: usize,
    pub first: Date,
    pub last: Date,
    /// The platform that colours it: the lane's when lanes are platforms, else the event's
    /// first; empty for an event that names none.
    pub platform: String,
    /// The event's id, for its link.
    pub event: String,
    /// Its date as shown and its title: the tooltip.
    pub tooltip: String,
}

/// What a figure counts and what it had to leave out, for captions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Published events that passed `where` and `period`.
    pub matched: usize,
    /// Of those, events whose only figures for `y` are upper bounds (`<100`): not summed.
    pub upper_bound_only: usize,
    /// Events that report no figure for `y` at all.
    pub no_figure: usize,
    /// Events whose date is too coarse for `x` (dated 2019, charted by quarter).
    pub imprecise: usize,
    /// Some event falls into more than one group along `x` (two origins, two platforms).
    pub shared_x: bool,
    pub shared_series: bool,
    /// Events stacked once in the "several" series rather than once per series.
    pub several: usize,
    /// Groups folded into "Other".
    pub folded_x: usize,
    pub folded_series: usize,
}

/// The grouped numbers of one figure in one scope. Drawing and tables read only what is
/// computed here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureData {
    pub x: Vec<Group>,
    /// Empty when the figure has no series.
    pub series: Vec<Group>,
    /// `cells[x][series]`; one column when there is no series.
    pub cells: Vec<Vec<Total>>,
    /// Per `x` group across all series, each event counted once.
    pub rows: Vec<Total>,
    /// Across everything shown, each event counted once.
    pub overall: Total,
    pub notes: Notes,
    /// Timeline marks, in date order (empty for other charts).
    pub marks: Vec<Mark>,
    /// Timeline: the platforms that colour its marks, when the lanes are not platforms.
    pub platforms: Vec<Group>,
    /// Timeline: the first and last day of the axis.
    pub span: Option<(Date, Date)>,
    /// The groups of `x` a scope is about (a briefing's quarter), drawn in full colour while
    /// the others, shown for context, are faint. `None`: every group is in focus.
    pub focus: Option<Focus>,
}

/// The groups of `x`, from `first` to `last`, that a scope is about, and its name (`Q2 2019`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub first: usize,
    pub last: usize,
    pub label: String,
}

impl FigureData {
    /// Nothing to draw: no event matched, or none reported a figure.
    pub fn is_empty(&self) -> bool {
        self.overall.qualifier.is_none()
    }

    pub fn series_count(&self) -> usize {
        self.series.len().max(1)
    }

    /// Is group `i` of `x` in focus (not faint context)?
    pub fn in_focus(&self, i: usize) -> bool {
        self.focus
            .as_ref()
            .is_none_or(|f| f.first <= i && i <= f.last)
    }
}
