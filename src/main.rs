//! The `docket` binary: parse arguments, run the command, map the result to an exit code
//! (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use docket::diagnostics::summary_line;
use docket::{BuildOptions, Failure};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (root, result): (PathBuf, Result<(), Failure>) = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                output,
                drafts,
                base_url,
            };
            (root, commands::build::run(options))
        }
        Command::Check { root } => {
            let result = commands::check::run(&root);
            (root, result)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            match &failure {
                Failure::Content(problems) => {
                    commands::print_problems(&root, problems);
                    eprintln!(
                        "docket: stopped with {}; nothing was written",
                        summary_line(problems)
                    );
                }
                Failure::Usage(message) => eprintln!("docket: {message}"),
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
