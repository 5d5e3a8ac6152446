//! The command line, declared with clap.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "docket",
    version,
    about = "Build a public tracker of platform takedowns and influence-operation disclosures from YAML records."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the site and build it into the output folder.
    Build {
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ in the root). Replaced only when the build succeeds.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include records with `status: draft`.
        #[arg(long)]
        drafts: bool,
        /// Address the site is published at, overriding base_url in site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Print no progress, only problems and the closing summary line.
        #[arg(long, short)]
        quiet: bool,
        /// Also print every briefing to PDF with headless Chromium (as `pdf = true` in site.toml).
        #[arg(long)]
        pdf: bool,
        /// Keep rendered pages in DIR between builds, and reuse those whose records and inputs
        /// did not change (a folder CI caches, e.g. .docket-cache).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Write a new briefing for a period (2019-Q2, 2019-H1, 2019, 2019-04 or 2019-04-01/2019-06-30)
    /// with its numbers filled in; never replaces a file.
    Brief {
        /// The period the briefing covers.
        period: String,
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Check every record and print every problem; writes nothing.
    Check {
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit code 1) when there are warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the site into memory and serve it locally; rebuild and reload pages on every change.
    Serve {
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. The default answers this computer only.
        #[arg(long, short, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default web browser.
        #[arg(long, short = 'O')]
        open: bool,
        /// Include records with `status: draft`.
        #[arg(long)]
        drafts: bool,
    },
    /// Write a working starter tracker into a folder.
    Init {
        /// Folder to create the tracker in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write into a folder that is not empty (files that exist are kept, never overwritten).
        #[arg(long, short)]
        force: bool,
        /// Which CI files to write, pinned to this docket's release.
        #[arg(long, value_enum, default_value_t = Ci::Github)]
        ci: Ci,
    },
    /// Write the skeleton of a new record, with every required field, and print its path.
    New {
        #[command(subcommand)]
        record: NewRecord,
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Print a shell completion script for docket.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print docket's manual page for a command (roff), e.g. `docket man build > docket-build.1`,
    /// or write every page into a folder with --output.
    Man {
        /// The command whose page to print, e.g. `build` or `new event` (default: docket's own).
        command: Vec<String>,
        /// Write every page (docket.1, docket-build.1, ...) into this folder instead.
        #[arg(long, short, conflicts_with = "command")]
        output: Option<PathBuf>,
    },
    /// Take public data into the site as records: Meta's threat indicators, DFRLab's Foreign
    /// Interference Attribution Tracker, or a release of the DISARM framework. Never overwrites
    /// a file; running it again writes nothing new.
    Import {
        #[command(subcommand)]
        source: ImportSource,
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Write JSON Schemas of the record files, so editors check YAML as it is typed.
    Schema {
        /// The site's root folder (its content/vocab/ files extend the schemas' lists).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder to write the schemas into (default: schema/ in the root).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// How `check` prints problems.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Readable blocks with the source line underlined; colour on a terminal.
    Human,
    /// One JSON object per problem, one per line.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request's lines.
    Github,
}

/// The CI service `init` writes a workflow for.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions: .github/workflows/docket.yml, publishing to GitHub Pages.
    Github,
    /// GitLab CI: .gitlab-ci.yml, publishing to GitLab Pages.
    Gitlab,
    /// No CI files.
    None,
}

/// The kinds of record `new` writes.
#[derive(Subcommand, Debug)]
pub enum NewRecord {
    /// An event: content/events/<date>-<slug of title>.yaml
    Event {
        /// What happened, as the page title.
        title: String,
        /// The platform that acted (an organisation key such as facebook or twitter).
        #[arg(long)]
        platform: Option<String>,
        /// When it was announced: YYYY-MM-DD, YYYY-MM or YYYY (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// An actor: content/actors/<slug of name>.yaml
    Actor {
        /// The actor's name.
        name: String,
    },
    /// An operation: content/operations/<slug of name>.yaml
    Operation {
        /// The operation's name.
        name: String,
    },
    /// A Markdown page: content/pages/<slug of title>.md
    Page {
        /// The page's title.
        title: String,
    },
}

/// The sources `import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// Meta's threat-research indicators (github.com/facebook/threat-research): one event per
    /// indicator file, with the counts, audience and ad spend Meta states in it.
    Meta {
        /// The repository, its indicators/ folder, indicators/tsv/ or indicators/csv/, or one file.
        path: PathBuf,
    },
    /// DFRLab's Foreign Interference Attribution Tracker (DFRLab_interference2020.csv): one
    /// attribution event per row.
    Fiat {
        /// The tracker's CSV file.
        file: PathBuf,
    },
    /// Pin a release of the DISARM framework from its STIX 2.1 bundle (DISARM.json) into
    /// content/vocab/disarm.yaml, so `docket check` validates every tactic's DISARM ids.
    Disarm {
        /// The bundle: generated_files/DISARM_STIX/DISARM.json in DISARMFoundation/DISARMframeworks.
        bundle: PathBuf,
        /// The release the bundle is, e.g. V1.6 (the bundle does not name it).
        #[arg(long)]
        framework_version: Option<String>,
        /// Replace a framework the site already pins with another.
        #[arg(long)]
        force: bool,
    },
}
