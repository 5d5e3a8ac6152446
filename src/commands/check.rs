//! `docket check`: every problem in the site, printed for a person, a tool or GitHub.

use super::print_problems;
use crate::cli::Format;
use docket::diagnostics::{render_github, render_json, summary_line, Severity};
use docket::escape::terminal_lines;
use docket::Failure;
use std::path::Path;
use std::process::ExitCode;

/// Check the site and print its problems in `format`. Machine formats go to standard output
/// and nothing else does; their closing summary goes to standard error.
pub fn run(root: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let problems = match docket::check(root) {
        Ok(warnings) => warnings,
        Err(Failure::Content(problems)) => problems,
        Err(Failure::Usage(message)) => {
            eprintln!("docket: {}", terminal_lines(&message));
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Human => print_problems(root, &problems),
        Format::Json => print!("{}", render_json(root, &problems)),
        Format::Github => print!("{}", render_github(root, &problems)),
    }
    let warnings = problems.count(Severity::Warning);
    let failed = problems.has_errors() || (deny_warnings && warnings > 0);
    let summary = summary_line(&problems);
    if failed {
        let denied = if problems.has_errors() {
            ""
        } else {
            " (warnings fail with --deny-warnings)"
        };
        eprintln!("docket: stopped with {summary}{denied}");
        ExitCode::from(1)
    } else if format == Format::Human {
        println!("no errors ({summary})");
        ExitCode::SUCCESS
    } else {
        eprintln!("docket: no errors ({summary})");
        ExitCode::SUCCESS
    }
}
