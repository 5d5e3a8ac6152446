//! One file per command: each turns parsed arguments into a call on the library and prints what
//! the user needs to see. `main.rs` only dispatches and maps the result to an exit code.

pub mod build;
pub mod check;

use docket::diagnostics::{render_human, Diagnostics};
use std::path::Path;

/// Print problems (errors and warnings) to standard error.
pub fn print_problems(root: &Path, problems: &Diagnostics) {
    if !problems.is_empty() {
        eprint!("{}", render_human(root, problems));
    }
}
