//! The command line, declared with clap.

use clap::{Parser, Subcommand};
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
    },
    /// Check every record and print every problem; writes nothing.
    Check {
        /// The site's root folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
