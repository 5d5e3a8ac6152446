//! One file per command: each turns parsed arguments into a call on the library and prints what
//! the user needs to see. `main.rs` only dispatches and maps the result to an exit code.

pub mod brief;
pub mod build;
pub mod check;
pub mod completions;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod schema;
pub mod serve;

use docket::diagnostics::{render_styled, Diagnostics};
use std::io::Write;
use std::path::Path;

/// Print problems (errors and warnings) to standard error, in colour on a terminal unless
/// `NO_COLOR` is set.
pub fn print_problems(root: &Path, problems: &Diagnostics) {
    if !problems.is_empty() {
        let mut err = anstream::stderr();
        let _ = write!(err, "{}", render_styled(root, problems, true));
    }
}
