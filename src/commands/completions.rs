//! `docket completions SHELL` and `docket man`: generated from the clap definitions, so they
//! never fall behind the commands.

use crate::cli::Cli;
use clap::CommandFactory;
use docket::Failure;
use std::io::Write;

pub fn script(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "docket", &mut out);
    emit(&out)
}

pub fn man() -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::Usage(format!("cannot write the manual page: {e}")))?;
    emit(&out)
}

fn emit(bytes: &[u8]) -> Result<(), Failure> {
    std::io::stdout()
        .write_all(bytes)
        .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
}
