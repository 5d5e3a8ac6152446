//! The `docket` binary: parse arguments, run the command, map the result to an exit code
//! (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use docket::diagnostics::summary_line;
use docket::escape::terminal_lines;
use docket::{BuildOptions, Failure};
use std::path::PathBuf;
use std::process::ExitCode;

/// See the note on `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before giving it back to the system, in milliseconds.
/// Its default, a second, outlasts a whole build, so everything a build ever freed counted in
/// its peak: 5 ms takes the peak at 10,000 events from about 123 MB to 105 MB, at no measurable
/// cost in time (BENCHMARKS.md).
const PURGE_DELAY_MS: std::os::raw::c_long = 5;

/// `mi_option_purge_delay`: its place in mimalloc.h's option enum (the same in mimalloc 2 and
/// 3); the `libmimalloc-sys` crate names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's plain integer options, which it reads atomically; any
    // time is allowed, and no other thread is running yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    let cli = Cli::parse();
    let (root, result): (PathBuf, Result<(), Failure>) = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            quiet,
            pdf,
            cache,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                output,
                drafts,
                base_url,
                pdf,
                cache,
            };
            (root, commands::build::run(options, quiet))
        }
        Command::Brief { period, root } => {
            let result = commands::brief::run(&root, &period);
            (root, result)
        }
        Command::Import { source, root } => {
            let result = commands::import::run(&root, source);
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
        Command::Init { dir, force, ci } => {
            let result = commands::init::run(&dir, force, ci);
            (dir, result)
        }
        Command::New { record, root } => {
            let result = commands::new::run(&root, record);
            (root, result)
        }
        Command::Completions { shell } => (PathBuf::new(), commands::completions::script(shell)),
        Command::Man { command, output } => (
            PathBuf::new(),
            commands::completions::man(&command, output.as_deref()),
        ),
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
                // A message can name a file or quote a record: shown with its controls escaped.
                Failure::Usage(message) => eprintln!("docket: {}", terminal_lines(message)),
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
