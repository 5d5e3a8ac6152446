//! A figure as a briefing shows it: numbered and titled above the chart ("Figure 2. Accounts
//! removed, by platform, Q2 2019"), with its source and notes in one line below, and the
//! numbers behind it in a table that says which figure it belongs to. Built from the parts the
//! figures stage draws, so the briefing owns only the frame.

use super::context::FigureView;
use crate::figures::Drawn;

/// `drawn` as figure number `number` of a briefing of the tracker called `tracker`.
pub fn figure_view(drawn: &Drawn, number: usize, tracker: &str) -> Result<FigureView, String> {
    let esc = crate::figures::svg::escape;
    let loc = &drawn.loc;
    let svg = drawn.svg()?;
    let anchor = format!("figure-{number}");
    let title = drawn.spec.title.clone();
    let mut notes: Vec<String> = Vec::new();
    let caption = drawn.caption_html();
    if !caption.is_empty() {
        notes.push(
            caption
                .trim()
                .trim_start_matches("<p>")
                .trim_end_matches("</p>")
                .to_string(),
        );
    }
    notes.extend(drawn.notes().iter().map(|n| esc(n)));
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"briefing-figure__label\">{}</span> {}",
            esc(loc.text("briefing.figure_notes")),
            notes.join(" ")
        )
    };
    let table = crate::figures::table::to_html(
        &drawn.table(),
        &loc.message(
            "briefing.figure_numbers",
            None,
            &[("number", &loc.number(number as u64))],
        ),
    );
    let label = loc.message(
        "briefing.figure",
        None,
        &[("number", &loc.number(number as u64))],
    );
    let source = loc.message("briefing.figure_source", None, &[("site", tracker)]);
    let summary = loc.message(
        "briefing.figure_numbers",
        None,
        &[("number", &loc.number(number as u64))],
    );
    let html = format!(
        "<figure class=\"briefing-figure\" id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">\n<figcaption class=\"briefing-figure__title\" id=\"{anchor}-title\"><span class=\"briefing-figure__number\">{}</span> {}</figcaption>\n<div class=\"chart-figure__chart\">\n{svg}</div>\n<p class=\"briefing-figure__source\"><span class=\"briefing-figure__label\">{}</span> {}{notes}</p>\n<details class=\"chart-figure__data\"><summary>{}</summary>\n{table}\n</details>\n</figure>\n",
        esc(&label),
        esc(&title),
        esc(loc.text("briefing.figure_source_label")),
        esc(&source),
        esc(&summary),
    );
    Ok(FigureView {
        id: drawn.spec.id.clone(),
        number,
        anchor,
        title,
        html,
    })
}
