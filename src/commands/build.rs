//! `docket build`

use super::print_problems;
use super::progress::Terminal;
use docket::escape::terminal;
use docket::print::PdfOutcome;
use docket::{BuildOptions, Failure};

pub fn run(options: BuildOptions, quiet: bool) -> Result<(), Failure> {
    // Interrupted, remove the half-written output instead of leaving it for the next build.
    docket::output::clean_up_on_signals()
        .map_err(|e| Failure::Usage(format!("cannot watch for interrupts: {e}")))?;
    let progress = Terminal::new(quiet);
    let result = docket::build_with_progress(&options, &progress);
    progress.clear();
    let summary = result?;
    let (shown, _) = summary
        .warnings
        .first(&options.root, docket::build::WARNINGS_SHOWN);
    let hidden = summary.warning_count - shown.len();
    print_problems(&options.root, &shown);
    if hidden > 0 {
        eprintln!("… and {hidden} more warnings (`docket check` lists them all)");
    }
    println!(
        "built {} events into {} pages and {} other files in {} ms → {}",
        summary.events,
        summary.pages,
        summary.files - summary.pages,
        summary.elapsed.as_millis(),
        terminal(&summary.output.display().to_string())
    );
    if let Some(cache) = &summary.cache {
        println!(
            "cache: {} pages reused, {} rendered",
            cache.reused, cache.rendered
        );
        if let Some(problem) = &cache.not_saved {
            eprintln!(
                "warning: the cache was not kept for the next build: {}",
                terminal(problem)
            );
        }
    }
    match summary.pdf {
        Some(PdfOutcome::Printed { count, elapsed }) => println!(
            "printed {count} briefing{} to PDF in {:.1} s",
            if count == 1 { "" } else { "s" },
            elapsed.as_secs_f64()
        ),
        // The HTML is built and in place; the missing PDFs still fail the command.
        Some(PdfOutcome::Unavailable(message)) => {
            return Err(Failure::Usage(format!(
                "{message}
  the site was built without PDFs"
            )))
        }
        None => {}
    }
    Ok(())
}
