//! `docket schema`

use docket::Failure;
use std::path::{Path, PathBuf};

pub fn run(root: &Path, output: Option<PathBuf>) -> Result<(), Failure> {
    let dir = output.unwrap_or_else(|| root.join("schema"));
    let written = docket::exports::schema::write_schemas(root, &dir)?;
    println!(
        "wrote {} JSON Schemas to {} (point a record at one with a first line such as\n  # yaml-language-server: $schema=../../schema/event.schema.json)",
        written.len(),
        dir.display()
    );
    Ok(())
}
