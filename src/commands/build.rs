//! `docket build`

use super::print_problems;
use docket::{BuildOptions, Failure};

/// Warnings a build prints before summarising the rest; `docket check` lists them all.
const WARNINGS_SHOWN: usize = 20;

pub fn run(options: BuildOptions) -> Result<(), Failure> {
    let summary = docket::build(&options)?;
    let (shown, hidden) = summary.warnings.first(WARNINGS_SHOWN);
    print_problems(&options.root, &shown);
    if hidden > 0 {
        eprintln!("… and {hidden} more warnings (`docket check` lists them all)");
    }
    println!(
        "built {} events into {} pages in {} ms → {}",
        summary.events,
        summary.pages,
        summary.elapsed.as_millis(),
        summary.output.display()
    );
    Ok(())
}
