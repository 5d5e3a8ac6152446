//! Figure specs users write (`content/figures/<id>.yaml`): what a spec says ([`spec`]), and
//! how a file is read and checked (`parse`, `filters`, against a `context`) into a
//! [`FigureSpec`]. Drawing them is the `figures` stage's job, far above.

mod context;
mod filters;
mod parse;
pub mod spec;

pub use context::SpecContext;
pub use parse::check_spec;
pub use spec::*;

/// Built-in figures, used when a site defines none.
pub fn defaults() -> Vec<FigureSpec> {
    let spec = |id: &str, title: &str| FigureSpec {
        id: id.into(),
        file: String::new(),
        title: title.into(),
        chart: Chart::Bar,
        x: Dimension::Year,
        y: Measure::Events,
        series: None,
        top: None,
        filters: Vec::new(),
        period: None,
        caption: None,
        headline: true,
    };
    vec![
        FigureSpec {
            chart: Chart::StackedBar,
            x: Dimension::Quarter,
            series: Some(Dimension::Platform),
            ..spec("events-by-quarter", "Events per quarter, by platform")
        },
        FigureSpec {
            x: Dimension::Origin,
            y: Measure::Figure {
                group: Some(FigureGroup::Removed),
                name: "accounts".into(),
            },
            top: Some(10),
            ..spec("accounts-by-origin", "Accounts removed, by origin country")
        },
    ]
}

/// Ids of the figures a site will have: its own, or the built-in ones when it defines none.
pub fn ids_in_force(site_ids: &[String]) -> Vec<String> {
    if site_ids.is_empty() {
        defaults().into_iter().map(|f| f.id).collect()
    } else {
        site_ids.to_vec()
    }
}
