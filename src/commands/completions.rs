//! `docket completions SHELL` and `docket man`: generated from the clap definitions, so they
//! never fall behind the commands. The manual has a page per command (`docket-new-event.1`),
//! each with the exit status and the environment variables that command heeds.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_mangen::roff::{bold, roman, Inline, Roff};
use clap_mangen::Man;
use docket::Failure;
use std::io::Write;
use std::path::Path;

pub fn script(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "docket", &mut out);
    emit(&out)
}

/// `docket man [COMMAND...]` prints one page; `docket man --output DIR` writes them all.
pub fn man(words: &[String], output: Option<&Path>) -> Result<(), Failure> {
    let pages = pages();
    if let Some(dir) = output {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
        for page in &pages {
            let path = dir.join(format!("{}.1", page.name));
            std::fs::write(&path, render(page)?)
                .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
        }
        eprintln!("wrote {} manual pages to {}", pages.len(), dir.display());
        return Ok(());
    }
    match pages.iter().find(|page| page.words == words) {
        Some(page) => emit(&render(page)?),
        None => Err(Failure::Usage(format!(
            "no manual page for `docket {}`\n  hint: pages exist for: {}",
            words.join(" "),
            pages
                .iter()
                .filter(|page| !page.words.is_empty())
                .map(|page| page.words.join(" "))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// One manual page: the command's words after `docket` and its page name (`docket-new-event`).
struct Page {
    words: Vec<String>,
    name: String,
    command: clap::Command,
    /// Pages of the command's own subcommands.
    children: Vec<String>,
}

/// Every page, docket's own first, then each command's before its subcommands'.
fn pages() -> Vec<Page> {
    // No `help` subcommand: it has no page of its own, so no page may point to one.
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    collect(&root, Vec::new(), &mut pages);
    pages
}

fn collect(command: &clap::Command, words: Vec<String>, pages: &mut Vec<Page>) {
    let name = std::iter::once("docket")
        .chain(words.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-");
    let subcommands: Vec<_> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .collect();
    pages.push(Page {
        words: words.clone(),
        children: subcommands
            .iter()
            .map(|sub| format!("{name}-{}", sub.get_name()))
            .collect(),
        name,
        command: command.clone(),
    });
    for sub in subcommands {
        let mut words = words.clone();
        words.push(sub.get_name().to_string());
        collect(sub, words, pages);
    }
}

fn render(page: &Page) -> Result<Vec<u8>, Failure> {
    let version = env!("CARGO_PKG_VERSION");
    let man = Man::new(page.command.clone())
        .title(page.name.clone())
        .source(format!("docket {version}"))
        .manual("docket manual");
    let mut out = Vec::new();
    let failed = |e: std::io::Error| Failure::Usage(format!("cannot write the manual page: {e}"));
    man.render_title(&mut out).map_err(failed)?;
    man.render_name_section(&mut out).map_err(failed)?;
    man.render_synopsis_section(&mut out).map_err(failed)?;
    man.render_description_section(&mut out).map_err(failed)?;
    if page.command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut out).map_err(failed)?;
    }
    if !page.children.is_empty() {
        man.render_subcommands_section(&mut out).map_err(failed)?;
    }
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit_status(&page.words) {
        roff.control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (variable, meaning) in environment(&page.words) {
        roff.control("TP", [])
            .text([bold(variable)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text(see_also(page));
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("docket {version}"))]);
    roff.to_writer(&mut out).map_err(failed)?;
    Ok(out)
}

/// docket's page, the parent command's and the subcommands': only pages `--output` writes.
fn see_also(page: &Page) -> Vec<Inline> {
    let mut names = Vec::new();
    if !page.words.is_empty() {
        names.push("docket".to_string());
    }
    if page.words.len() > 1 {
        names.push(format!(
            "docket-{}",
            page.words[..page.words.len() - 1].join("-")
        ));
    }
    names.extend(page.children.iter().cloned());
    let mut inlines = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        inlines.push(bold(name));
        inlines.push(roman("(1)"));
    }
    inlines
}

/// The exit codes of the command named by `words` (docket's own page: every command's).
fn exit_status(words: &[String]) -> Vec<(&'static str, &'static str)> {
    let command = words.first().map_or("", String::as_str);
    let mut codes = vec![("0", "Success.")];
    match command {
        "" => codes.push(("1", "Problems in the content: errors in the records (or warnings, for check --deny-warnings); they are printed, located by file, line and column, and nothing is written.")),
        "build" => codes.push(("1", "Errors in the content: they are printed, located by file, line and column, and nothing is written; the previous output is left as it was.")),
        "check" => codes.push(("1", "Errors in the content, or warnings with --deny-warnings.")),
        "brief" | "schema" => codes.push(("1", "Errors in the site's records (printed, located); nothing is written.")),
        _ => {}
    }
    codes.push(match command {
        "build" => ("2", "Usage or I/O errors: wrong arguments, no site.toml in the root, a file that cannot be read or written, a malformed SOURCE_DATE_EPOCH; or PDFs were asked for and could not be printed (no Chromium, or a page failed), in which case the site is built without them."),
        "serve" => ("2", "Usage or I/O errors before serving: wrong arguments, a root that cannot be read, a port that cannot be listened on. Once serving, problems in the content are printed and the last good version is served: serve never exits with 1."),
        "" => ("2", "Usage or I/O errors: wrong arguments, no site.toml in the root, a file that cannot be read or written, a malformed SOURCE_DATE_EPOCH; for build, also PDFs that could not be printed."),
        "check" => ("2", "Usage or I/O errors: wrong arguments, no site.toml in the root, a file that cannot be read, a malformed SOURCE_DATE_EPOCH."),
        "brief" => ("2", "Usage or I/O errors: wrong arguments or period, no site.toml in the root, a briefing for the period that exists already (never replaced), a file that cannot be read or written, a malformed SOURCE_DATE_EPOCH."),
        "init" => ("2", "Usage or I/O errors: wrong arguments, a folder that is not empty (without --force), a file that cannot be written."),
        "new" if reads_clock(words) => ("2", "Usage or I/O errors: wrong arguments, a record file that exists already (never replaced), a file that cannot be written, a malformed SOURCE_DATE_EPOCH."),
        "new" => ("2", "Usage or I/O errors: wrong arguments, a record file that exists already (never replaced), a file that cannot be written."),
        "man" => ("2", "Usage or I/O errors: wrong arguments, a command that has no page, a page that cannot be written."),
        "import" => ("2", "Usage or I/O errors: wrong arguments, no site.toml in the root, a source that cannot be read or is not in the source's format, a DISARM framework pinned already from another bundle (without --force), a file that cannot be written. Rows the import cannot map are no error: they are listed, with their file and line, and left out."),
        _ => ("2", "Usage or I/O errors: wrong arguments, a file that cannot be read or written."),
    });
    match command {
        "build" | "" => codes.push(("129, 130, 143", "build was stopped by SIGHUP, SIGINT (Ctrl-C) or SIGTERM (128 + the signal's number) and removed its unfinished output first; the previous output is left as it was.")),
        "serve" => codes.push(("130", "serve runs until stopped; Ctrl-C ends it as it ends any program (a shell reports 128 + the signal's number).")),
        _ => {}
    }
    codes
}

/// Does the command take the time from `SOURCE_DATE_EPOCH`? Of `new`'s, only `new event`
/// (its default date).
fn reads_clock(words: &[String]) -> bool {
    match words.first().map_or("", String::as_str) {
        "" | "build" | "check" | "serve" | "brief" => true,
        "new" => words.get(1).is_none_or(|kind| kind == "event"),
        _ => false,
    }
}

/// The environment variables the command named by `words` reads (docket's own page: all).
fn environment(words: &[String]) -> Vec<(&'static str, &'static str)> {
    let command = words.first().map_or("", String::as_str);
    let mut vars = Vec::new();
    if reads_clock(words) {
        vars.push(("SOURCE_DATE_EPOCH", "The current time, in whole seconds since 1970 (UTC), instead of the system clock: dates after it are in the future; new event and brief take today's date from it; build writes it as the build time of the data downloads, which name none when it is unset. Set it to the commit's time for reproducible builds. Not a whole number: exit status 2 (serve reports it at each rebuild and keeps running)."));
    }
    if matches!(command, "" | "check") {
        vars.push(("GITHUB_WORKSPACE", "With check --format github: file names in the annotations are made relative to this folder (the repository's checkout, set by GitHub Actions), so GitHub places them on the pull request's lines."));
    }
    if command.is_empty() {
        vars.push(("PATH", "Searched for Chromium (chromium, chromium-browser, google-chrome, ...) when build prints briefings to PDF, unless site.toml names the browser; and for xdg-open, which serve --open asks to open the site."));
    }
    if command == "build" {
        vars.push(("PATH", "Searched for Chromium (chromium, chromium-browser, google-chrome, ...) when briefings are printed to PDF (build --pdf, or pdf = true in site.toml), unless chromium = \"PATH\" in site.toml names the browser."));
    }
    if matches!(command, "" | "build") {
        vars.push(("TMPDIR", "Where each printing browser gets its short-lived, empty profile folder (default /tmp)."));
    }
    if command == "serve" {
        vars.push(("PATH", "Searched for xdg-open, which serve --open asks to open the site in a browser (open on macOS)."));
    }
    vars.push((
        "NO_COLOR",
        "When set and not empty, nothing is coloured: neither problems nor usage errors.",
    ));
    vars.push(("CLICOLOR_FORCE", "When set and not empty (and NO_COLOR is not), problems and usage errors are coloured even when standard error is not a terminal."));
    vars.push(("CLICOLOR", "Set to 0, nothing is coloured (unless CLICOLOR_FORCE says otherwise). Without these variables, colour is used only on a terminal."));
    vars
}

fn emit(bytes: &[u8]) -> Result<(), Failure> {
    std::io::stdout()
        .write_all(bytes)
        .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
}
