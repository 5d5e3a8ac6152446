//! `docket brief <PERIOD>`: a new briefing file with its front matter and a narrative skeleton
//! whose headline numbers are filled in from the data, for the author to edit. The file is
//! marked `status: draft`, so nothing is published until the author says so.

use crate::dataset::scope::{key_numbers, Scope};
use crate::dataset::Dataset;
use crate::diagnostics::Failure;
use crate::records::period::{Period, FORMS};
use jiff::civil::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Write `content/briefings/<slug>.md` for `period_text` in the site at `root`; never replaces
/// an existing file. Returns the path written.
pub fn create(root: &Path, period_text: &str) -> Result<PathBuf, Failure> {
    let period =
        Period::parse(period_text).map_err(|e| Failure::Usage(format!("{e}\n  hint: {FORMS}")))?;
    let relative = format!("content/briefings/{}.md", period.slug());
    let path = root.join(&relative);
    if path.exists() {
        return Err(Failure::Usage(format!(
            "{relative} already exists; docket brief never replaces a file (edit it, or remove it first)"
        )));
    }
    let (ds, _warnings) = crate::build::prepare(root, false, None)?;
    let today = crate::clock::today(crate::clock::now().map_err(Failure::Usage)?);
    let text = skeleton(&ds, &period, today);
    // Never through a linked folder, and never over a file that appeared since the check above.
    crate::files::create_new(root, &relative, text.as_bytes())
        .map_err(|refusal| Failure::Usage(format!("cannot write {relative}: {refusal}")))?;
    Ok(PathBuf::from(relative))
}

/// The text of a new briefing for `period`, as of `today`.
pub fn skeleton(ds: &Dataset, period: &Period, today: Date) -> String {
    let scope = Scope::of(ds, *period);
    let previous_period = period.previous();
    let previous = previous_period.map(|p| Scope::of(ds, p));
    let label = period.label();
    let previous_label = previous_period.map_or_else(String::new, |p| p.label());
    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "title: \"Briefing: {label}\"");
    let _ = writeln!(out, "period: {}", period.key());
    let _ = writeln!(out, "published: {today}");
    let _ = writeln!(out, "status: draft        # remove this line to publish");
    let _ = writeln!(
        out,
        "description: \"What was disclosed about influence operations in {label}.\""
    );
    let _ = writeln!(out, "# authors: [Your Name]");
    let _ = writeln!(
        out,
        "# figures: [figure-id]   # figures from content/figures/, shown for {label}"
    );
    let _ = writeln!(out, "---");
    out.push('\n');
    let _ = writeln!(out, "## Key takeaways\n");
    let _ = writeln!(
        out,
        "- _Three to five findings, one sentence each. The key numbers table is computed on every build._\n"
    );
    let _ = writeln!(out, "## Summary\n");
    let events = scope.events.len();
    let _ = write!(
        out,
        "In {label} the tracker records {events} disclosure{} ",
        if events == 1 { "" } else { "s" }
    );
    match &previous {
        Some(prev) => {
            let _ = writeln!(out, "({previous_label}: {}).", prev.events.len());
        }
        None => out.push_str(".\n"),
    }
    if !scope.straddling.is_empty() {
        let _ = writeln!(
            out,
            "{} more {} dated too coarsely to place in {label} and {} not counted.",
            scope.straddling.len(),
            if scope.straddling.len() == 1 {
                "is"
            } else {
                "are"
            },
            if scope.straddling.len() == 1 {
                "is"
            } else {
                "are"
            },
        );
    }
    out.push('\n');
    let empty = Scope {
        period: *period,
        events: Vec::new(),
        straddling: Vec::new(),
        retracted: Vec::new(),
        totals: Default::default(),
    };
    for n in key_numbers(ds, &scope, previous.as_ref().unwrap_or(&empty)) {
        if n.group != "events" && n.current.qualifier == "none" {
            continue;
        }
        let what = match n.group {
            "removed" => format!("{} removed", n.label),
            "events" => n.label.clone(),
            _ => format!("{} reported", n.label),
        };
        if previous.is_some() {
            let _ = writeln!(
                out,
                "- {what}: **{}** ({previous_label}: {}; change: {})",
                n.current.display, n.previous.display, n.change.display
            );
        } else {
            let _ = writeln!(out, "- {what}: **{}**", n.current.display);
        }
    }
    out.push('\n');
    let _ = writeln!(out, "## What happened\n");
    if scope.events.is_empty() {
        let _ = writeln!(out, "_No disclosures are recorded for {label}._");
    }
    for e in &scope.events {
        let _ = writeln!(
            out,
            "- **{}**: {} {{{{ cite(event=\"{}\") }}}}",
            e.date.display(),
            markdown_text(&e.title),
            e.id
        );
    }
    out.push('\n');
    let _ = writeln!(out, "## Outlook\n");
    let _ = writeln!(out, "_What to watch for in the next {}._", period.noun());
    out
}

/// Record text placed in Markdown: characters Markdown would read as markup are escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>#|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_titles() {
        assert_eq!(
            markdown_text("a *b* [c] {{x}}"),
            "a \\*b\\* \\[c\\] \\{\\{x\\}\\}"
        );
    }
}
