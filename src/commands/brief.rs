//! `docket brief <PERIOD>`

use docket::Failure;
use std::path::Path;

pub fn run(root: &Path, period: &str) -> Result<(), Failure> {
    let written = docket::draft::create(root, period)?;
    println!(
        "{}",
        docket::escape::terminal(&written.display().to_string())
    );
    eprintln!(
        "wrote a draft briefing (status: draft, built only with --drafts); edit it, then remove the `status: draft` line to publish"
    );
    Ok(())
}
