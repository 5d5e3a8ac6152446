//! `docket check`

use super::print_problems;
use docket::diagnostics::summary_line;
use docket::Failure;
use std::path::Path;

pub fn run(root: &Path) -> Result<(), Failure> {
    let warnings = docket::check(root)?;
    print_problems(root, &warnings);
    println!("no errors ({})", summary_line(&warnings));
    Ok(())
}
