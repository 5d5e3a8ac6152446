//! `docket import meta|fiat|disarm`: run an import into the site and print its summary.

use super::progress::Terminal;
use crate::cli::ImportSource;
use docket::escape::terminal_lines;
use docket::import::disarm::PinOutcome;
use docket::import::{self, Report, Site};
use docket::render::batch::Progress as _;
use docket::Failure;
use std::path::Path;

pub fn run(root: &Path, source: ImportSource) -> Result<(), Failure> {
    let mut site = Site::open(root)?;
    let terminal = Terminal::new(false);
    let progress = |what: &str, done: usize, total: usize| terminal.update(what, done, total);
    let report = match source {
        ImportSource::Meta { path } => import::meta::import(&path, &mut site, &progress),
        ImportSource::Fiat { file } => import::fiat::import(&file, &mut site, &progress),
        ImportSource::Disarm {
            bundle,
            framework_version,
            force,
        } => {
            let pinned =
                import::disarm::pin(&bundle, &mut site, framework_version.as_deref(), force)?;
            print_pinned(&pinned);
            return Ok(());
        }
    };
    terminal.clear();
    print_report(&report?);
    Ok(())
}

fn print_report(report: &Report) {
    // Names and cells from the source are shown with their controls escaped.
    print!("{}", terminal_lines(&report.render()));
}

fn print_pinned(p: &import::disarm::Pinned) {
    let f = &p.framework;
    let mut out = format!(
        "read {} ({}, {}): {} tactics, {} techniques and {} sub-techniques ({} deprecated, {} revoked); {} retired ids named in its descriptions\n",
        f.label(),
        f.header.bundle,
        f.header.date,
        p.tactics,
        p.techniques,
        p.sub_techniques,
        p.deprecated,
        p.revoked,
        f.retired.len(),
    );
    let current = p.tactic_ids.iter().filter(|(_, _, ok)| *ok).count();
    /// Ids named in the summary; `docket check` lists every one.
    const SHOWN: usize = 8;
    let stale: Vec<String> = p
        .tactic_ids
        .iter()
        .filter(|(_, _, ok)| !*ok)
        .map(|(tactic, id, _)| format!("{id} ({tactic})"))
        .collect();
    let stale_count = stale.len();
    let mut stale: Vec<String> = stale.into_iter().take(SHOWN).collect();
    if stale_count > SHOWN {
        stale.push(format!("and {} more", stale_count - SHOWN));
    }
    out.push_str(&format!(
        "the site's tactics name {} DISARM ids: {current} current{}\n",
        p.tactic_ids.len(),
        if stale.is_empty() {
            String::new()
        } else {
            format!(
                ", {stale_count} not (run `docket check`): {}",
                stale.join(", ")
            )
        }
    ));
    let path = docket::records::vocab::disarm::PATH;
    out.push_str(&match p.outcome {
        PinOutcome::Written => format!("wrote {path}\n"),
        PinOutcome::Unchanged => format!("{path} already pins this bundle: nothing written\n"),
        PinOutcome::Replaced => format!("replaced {path}\n"),
    });
    print!("{}", terminal_lines(&out));
}
