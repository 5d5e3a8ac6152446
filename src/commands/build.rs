//! `docket build`

use super::print_problems;
use docket::{BuildOptions, Failure};

pub fn run(options: BuildOptions) -> Result<(), Failure> {
    let summary = docket::build(&options)?;
    print_problems(&options.root, &summary.warnings);
    println!(
        "built {} events into {} pages in {} ms → {}",
        summary.events,
        summary.pages,
        summary.elapsed.as_millis(),
        summary.output.display()
    );
    Ok(())
}
