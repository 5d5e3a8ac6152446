//! Micro-benchmarks of docket's hot stages, each on the code path `docket build` runs:
//!
//! - loading and checking a generated 1,000-event site (`docket::load`);
//! - checking one event record, and parsing it alone;
//! - rendering one event page with the renderer `build` makes, and running its template alone;
//! - drawing one figure to SVG;
//! - summing 10,000 measures under the qualifier rule.
//!
//! Run with `cargo bench --bench stages`. The generated site comes from
//! `../shared/bench/gen.py`, the generator of the end-to-end benchmarks (BENCHMARKS.md), so the
//! load numbers here and there describe the same records; it needs `python3`.

use divan::Bencher;
use docket::dataset::{Dataset, Totals};
use docket::figures::spec::Measure as FigureMeasure;
use docket::figures::{svg, Figures};
use docket::records::quantity::{Qualifier, Quantity};
use docket::records::vocab::Vocabularies;
use docket::records::{check_event, Event, Known, Measure};
use docket::render::{batch::Assets, Job};
use jiff::civil::Date;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The allocator the `docket` binary uses, so the stages are timed as a build runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 2027-01-01: some example records are dated 2026-11-29, which must not be "in the future".
const SOURCE_DATE_EPOCH: &str = "1798761600";
/// Events in the generated site: the smallest size of the end-to-end benchmarks.
const GENERATED_EVENTS: usize = 1_000;
/// A typical example record: median size, a qualified figure, references to other records, a
/// revision.
const TYPICAL_EVENT: &str = "2019-05-28-twitter-iran-false-personas";
/// A stacked bar over time, coloured by platform: the most drawing of the example figures.
const FIGURE: &str = "events-by-quarter";
/// Measures summed by the totals benchmark, four to an event.
const MEASURES: usize = 10_000;

/// Where the generated site is written; removed when the benchmarks end.
static SCRATCH: OnceLock<PathBuf> = OnceLock::new();

fn main() {
    // Set before any thread starts: the clock reads it on every load.
    std::env::set_var("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    let scratch = tempfile::tempdir().expect("cannot create a temporary folder");
    SCRATCH
        .set(scratch.path().to_path_buf())
        .expect("the scratch folder is set once");
    divan::main();
}

/// The example tracker in the repository root.
fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// "Today" as a build sees it (pinned by `SOURCE_DATE_EPOCH`).
fn today() -> Date {
    docket::clock::today(docket::clock::now().expect("SOURCE_DATE_EPOCH is whole seconds"))
}

/// The example tracker, loaded and checked as `build` does.
fn example_dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| match docket::prepare(example_root(), false, None) {
        Ok((ds, _warnings)) => ds,
        Err(failure) => panic!("the example tracker does not load: {failure:?}"),
    })
}

/// A site of [`GENERATED_EVENTS`] events from `gen.py`, generated on first use.
fn generated_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = SCRATCH
            .get()
            .expect("main sets the scratch folder")
            .join("site");
        let generator = example_root().join("../shared/bench/gen.py");
        let status = Command::new("python3")
            .arg(&generator)
            .arg(GENERATED_EVENTS.to_string())
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", generator.display()));
        assert!(status.success(), "{} failed: {status}", generator.display());
        let root = out.join("docket");
        let (content, diagnostics) = docket::load::load(&root, today());
        assert!(
            !diagnostics.has_errors() && content.events.len() == GENERATED_EVENTS,
            "the generated site does not load cleanly"
        );
        root
    })
}

/// The whole load stage: walk `content/`, read and check every file, resolve references.
#[divan::bench(sample_count = 20)]
fn load_and_check_1000_events(bencher: Bencher) {
    let root = generated_site();
    let today = today();
    bencher.bench(|| docket::load::load(root, today));
}

/// Checking one record: parse the YAML, check every field, locate any problem.
#[divan::bench]
fn check_one_event(bencher: Bencher) {
    let root = example_root();
    let file = format!("content/events/{TYPICAL_EVENT}.yaml");
    let text = std::fs::read_to_string(root.join(&file)).expect("the typical record is readable");
    let keys = |folder: &str| -> HashSet<String> {
        std::fs::read_dir(root.join("content").join(folder))
            .expect("example content folder")
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                Some(path.file_stem()?.to_str()?.to_string())
            })
            .collect()
    };
    let (vocab, events, actors, operations) = (
        Vocabularies::builtin(),
        keys("events"),
        keys("actors"),
        keys("operations"),
    );
    let known = Known {
        vocab: &vocab,
        events: &events,
        actors: &actors,
        operations: &operations,
        today: today(),
    };
    let (event, problems) = check_event(TYPICAL_EVENT, &file, &text, &known);
    assert!(
        event.is_some(),
        "the typical record does not check: {problems:?}"
    );
    bencher.bench(|| check_event(TYPICAL_EVENT, &file, &text, &known));
}

/// Parsing alone: the typical record's YAML into its fields as written, without the checks.
/// With the next benchmarks, the least a build's libraries take per event.
#[divan::bench]
fn parse_one_event(bencher: Bencher) {
    let file = format!("content/events/{TYPICAL_EVENT}.yaml");
    let text = std::fs::read_to_string(example_root().join(&file))
        .expect("the typical record is readable");
    bencher.bench(|| docket::yaml::from_str::<docket::records::RawEvent>(&file, &text));
}

/// The template alone: the typical event's page from a context made beforehand.
#[divan::bench]
fn template_one_event_page(bencher: Bencher) {
    let root = example_root();
    let ds = example_dataset();
    let assets = Assets::load(root, ds).expect("the default theme loads");
    let renderer = assets.renderer(ds);
    let context = renderer.event_context(event_position(ds));
    bencher.bench(|| assets.tera.render("event.html", &context));
}

/// One event page, rendered by the renderer `build` makes (theme, globals, figures, briefing
/// facts).
#[divan::bench]
fn render_one_event_page(bencher: Bencher) {
    let root = example_root();
    let ds = example_dataset();
    let assets = Assets::load(root, ds).expect("the default theme loads");
    let facts = docket::render::briefing::context::BuildFacts { pdf: false };
    let renderer = assets.renderer(ds).with_briefing_facts(facts);
    let job = Job::Event(event_position(ds));
    renderer.render(&job).expect("the event page renders");
    bencher.bench(|| renderer.render(&job));
}

/// One figure of the example tracker drawn to SVG (its numbers are computed beforehand, as in
/// a build).
#[divan::bench]
fn draw_one_figure(bencher: Bencher) {
    let english = docket::present::locale::Locale::english();
    let figures = Figures::new(example_dataset(), &english);
    let drawn = figures
        .get(FIGURE)
        .expect("the example tracker has the figure");
    let desc = drawn.description();
    let frame = svg::Frame {
        id: &drawn.dom_id,
        title: &drawn.spec.title,
        desc: &desc,
        chart: drawn.spec.chart,
        time_x: drawn.spec.x.is_time(),
        counts_events: drawn.spec.y == FigureMeasure::Events,
        small: drawn.small,
        width: svg::Width::Wide,
        x_title: drawn.spec.x.label(),
        y_title: "Events",
        noun: "events",
        links: None,
        loc: &english,
    };
    docket::figures::draw::draw(&frame, &drawn.data).expect("the figure draws");
    bencher.bench(|| docket::figures::draw::draw(&frame, &drawn.data));
}

/// Totals of 10,000 measures (2,500 events of four figures each, mixed qualifiers), as the
/// dataset sums every list and term.
#[divan::bench]
fn qualifier_totals_10000_measures(bencher: Bencher) {
    let ds = example_dataset();
    let events = events_with_measures(&ds.events[event_position(ds)]);
    bencher.bench(|| Totals::of(&events, None));
}

fn event_position(ds: &Dataset) -> usize {
    ds.events
        .iter()
        .position(|e| e.id == TYPICAL_EVENT)
        .expect("the typical record is in the example tracker")
}

/// Copies of `template`, each removing four kinds of asset on one of three platforms, with
/// figures exact, approximate, lower bounds, ranges and (left out of sums) upper bounds.
fn events_with_measures(template: &Event) -> Vec<Event> {
    const PLATFORMS: [&str; 3] = ["twitter", "facebook", "youtube"];
    const ASSETS: [&str; 4] = ["accounts", "pages", "groups", "channels"];
    (0..MEASURES / ASSETS.len())
        .map(|i| {
            let mut event = template.clone();
            event.id = format!("{}-{i}", template.id);
            event.removed = ASSETS
                .iter()
                .enumerate()
                .map(|(k, asset)| {
                    let n = i * ASSETS.len() + k;
                    Measure {
                        platform: PLATFORMS[i % PLATFORMS.len()].to_string(),
                        name: asset.to_string(),
                        quantity: quantity(n),
                    }
                })
                .collect();
            event.reach.clear();
            event.content.clear();
            event
        })
        .collect()
}

/// The `n`th figure: mostly exact, the rest spread over the other qualifiers.
fn quantity(n: usize) -> Quantity {
    let value = (n as u64 * 7_919) % 5_000 + 1;
    let qualifier = match n % 8 {
        4 => Qualifier::Approx,
        5 => Qualifier::Gt,
        6 => Qualifier::Range,
        7 => Qualifier::Lt,
        _ => Qualifier::Exact,
    };
    Quantity {
        value,
        max: (qualifier == Qualifier::Range).then_some(value * 2),
        qualifier,
        as_stated: None,
    }
}
