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

/// See the note on `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (root, result): (PathBuf, Result<(), Failure>) = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            quiet,
            pdf,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                output,
                drafts,
                base_url,
                pdf,
            };
            (root, commands::build::run(options, quiet))
        }
        Command::Brief { period, root } => {
            let result = commands::brief::run(&root, &period);
            (root, result)
        }
        Command::Schema { root, output } => {
            let result = commands::schema::run(&root, output);
            (root, result)
        }
        Command::Check {
            root,
            format,
            deny_warnings,
        } => return commands::check::run(&root, format, deny_warnings),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = docket::serve::ServeOptions {
                root: root.clone(),
                bind,
                port,
                drafts,
            };
            (root, commands::serve::run(&options, open))
        }
        Command::Init { dir, force } => {
            let result = commands::init::run(&dir, force);
            (dir, result)
        }
        Command::New { record, root } => {
            let result = commands::new::run(&root, record);
            (root, result)
        }
        Command::Completions { shell } => (PathBuf::new(), commands::completions::script(shell)),
        Command::Man => (PathBuf::new(), commands::completions::man()),
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
