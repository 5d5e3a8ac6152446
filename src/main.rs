//! The `docket` binary: parse arguments, run the command, map the result to an exit code
//! (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use docket::diagnostics::{render_human, summary_line, Diagnostics};
use docket::{BuildOptions, Failure};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (root, result) = match cli.command {
        Command::Build { root, output, drafts, base_url } => {
            let options = BuildOptions { root: root.clone(), output, drafts, base_url };
            let result = docket::build(&options).map(|summary| {
                print_problems(&root, &summary.warnings);
                println!(
                    "built {} events into {} pages in {} ms → {}",
                    summary.events,
                    summary.pages,
                    summary.elapsed.as_millis(),
                    summary.output.display()
                );
            });
            (root, result)
        }
        Command::Check { root } => {
            let result = docket::check(&root).map(|warnings| {
                print_problems(&root, &warnings);
                println!("no errors ({})", summary_line(&warnings));
            });
            (root, result)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            match &failure {
                Failure::Content(problems) => {
                    print_problems(&root, problems);
                    eprintln!("docket: stopped with {}; nothing was written", summary_line(problems));
                }
                Failure::Usage(message) => eprintln!("docket: {message}"),
            }
            ExitCode::from(failure.exit_code())
        }
    }
}

fn print_problems(root: &Path, problems: &Diagnostics) {
    if !problems.is_empty() {
        eprint!("{}", render_human(root, problems));
    }
}
