//! The library floor: how long the two libraries every build runs per event take on their own.
//!
//! `cargo run --release --example library_floor -- SITE_ROOT [RUNS]` loads the site as `build`
//! does, then times, on every core (as a build runs them), with nothing else in the way:
//!
//! - **parse**: `serde_norway` reading each event file into its fields as written, without the
//!   checks (`docket::yaml::from_str::<RawEvent>`), from text already in memory;
//! - **template**: Tera running `event.html` for each event, from contexts made beforehand.
//!
//! It prints the median of RUNS (default 3) for each. A build does both of these and much more
//! (checks, lists, taxonomy pages, rows, downloads, search index, figures) and writes its files;
//! so the write floor plus these two is the least any build on these libraries can take
//! (BENCHMARKS.md).

use docket::records::RawEvent;
use docket::render::batch::Assets;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The allocator the `docket` binary uses, so both are timed as a build runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: library_floor SITE_ROOT [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);

    let (ds, _warnings) = match docket::prepare(&root, false, None) {
        Ok(prepared) => prepared,
        Err(failure) => {
            eprintln!("the site does not load: {failure:?}");
            std::process::exit(1);
        }
    };
    let files = event_files(&root);
    let assets = Assets::load(&root, &ds).expect("the theme loads");
    let renderer = assets.renderer(&ds);
    let contexts: Vec<tera::Context> = (0..ds.events.len())
        .into_par_iter()
        .map(|i| renderer.event_context(i))
        .collect();

    let parse = median(runs, || {
        let parsed = files
            .par_iter()
            .filter(|(file, text)| docket::yaml::from_str::<RawEvent>(file, text).is_ok())
            .count();
        assert_eq!(parsed, files.len(), "every event file parses");
    });
    let template = median(runs, || {
        let bytes: usize = contexts
            .par_iter()
            .map(|context| {
                let html = assets.tera.render("event.html", context);
                html.expect("the event page renders").len()
            })
            .sum();
        assert!(bytes > 0);
    });
    println!(
        "events={} parse_seconds={parse:.3} template_seconds={template:.3} total_seconds={:.3}",
        files.len(),
        parse + template
    );
}

/// Every event file under `content/events/`, with its text.
fn event_files(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut folders = vec![root.join("content/events")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read content/events") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let text = std::fs::read_to_string(&path).expect("read event file");
                files.push((path.display().to_string(), text));
            }
        }
    }
    files
}

/// Median wall time of `runs` calls of `work`, in seconds.
fn median(runs: usize, work: impl Fn()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
