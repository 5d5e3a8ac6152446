//! What each page reads of the dataset, recorded as it renders: a page is stale after an edit
//! exactly when something it read hashes differently (`docket::dataset::reads`).

use crate::common::Site;
use docket::dataset::reads::{Fingerprints, Input, List, Reads};
use docket::render::batch::{render_all, Assets, Silent};
use docket::render::{plan, Job};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Every page of the site at `site` by output path, with what it read, hashed.
fn rendered(site: &Site) -> BTreeMap<String, Vec<(Input, u64)>> {
    let (ds, _) = docket::prepare(site.root(), false, None).expect("the site checks");
    let assets = Assets::load(site.root(), &ds).expect("the theme loads");
    let renderer = assets.renderer(&ds);
    let jobs = plan(&ds);
    let pages: Mutex<Vec<(String, Reads)>> = Mutex::new(Vec::new());
    let write = |_: &Job, path: &str, _: &[u8], read: Reads| {
        pages.lock().unwrap().push((path.to_string(), read));
        Ok(())
    };
    render_all(&renderer, &jobs, true, &write, &Silent).expect("the pages render");
    let mut fingerprints = Fingerprints::new(&ds);
    pages
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|(path, read)| (path, fingerprints.of_all(read)))
        .collect()
}

/// The pages of `before` whose inputs hash differently in the site as it is now.
fn stale(site: &Site, before: &BTreeMap<String, Vec<(Input, u64)>>) -> Vec<String> {
    let (ds, _) = docket::prepare(site.root(), false, None).expect("the site checks");
    let mut now = Fingerprints::new(&ds);
    before
        .iter()
        .filter(|(_, inputs)| now.changed(inputs))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn every_page_records_what_it_read() {
    let site = Site::example();
    let pages = rendered(&site);
    let event = "2019-07-23-twitter-fake-french-consul";
    let reads =
        |path: &str| -> Vec<&Input> { pages[path].iter().map(|(input, _)| input).collect() };
    assert!(reads(&format!("events/{event}/index.html")).contains(&&Input::Event(event.into())));
    // A list page reads its rows, its size and its totals; the home page its figures too.
    let home = reads("index.html");
    assert!(home.contains(&&Input::Event(event.into())));
    assert!(home.iter().any(|i| matches!(i, Input::Figure(_))));
    assert!(home.iter().any(|i| matches!(i, Input::Totals(_))));
    let list = reads("events/index.html");
    assert!(list.iter().any(|i| matches!(i, Input::Rows { .. })));
    assert!(list.iter().any(|i| matches!(i, Input::Size(_))));
    // A static page reads nothing of the events but whether there are any (its footer says
    // when the data last changed; the day itself is put in as the page is written).
    assert_eq!(reads("about/index.html"), [&Input::Dated]);
}

/// Regression of the hand-kept list this replaced: it could not know which pages showed what,
/// so it named too few pages (embedded figures) or too many.
#[test]
fn an_edit_makes_stale_only_the_pages_that_read_the_edited_record() {
    let site = Site::example();
    let before = rendered(&site);
    let event = "2019-07-23-twitter-fake-french-consul";
    let file = format!("content/events/{event}.yaml");
    let text = std::fs::read_to_string(site.root().join(&file)).unwrap();
    site.write(
        &file,
        &text.replace("summary: |\n", "summary: |\n  One more sentence.\n"),
    );
    let stale = stale(&site, &before);

    // Pages that read neither the record nor a list it is in (its rows, members or totals,
    // which follow from the members' records) stay.
    let lists = |list: &List| match list {
        List::All => true,
        List::Term(_, key) => {
            ["twitter", "FR", "IL", "2019", "impersonation"].contains(&key.as_str())
        }
    };
    let reads_event = |path: &str| {
        before[path].iter().any(|(input, _)| match input {
            Input::Event(id) => id == event,
            Input::AllEvents | Input::Figure(_) => true,
            Input::Members(list) | Input::Totals(list) | Input::Rows { list, .. } => lists(list),
            _ => false,
        })
    };
    assert!(stale.contains(&format!("events/{event}/index.html")));
    for path in before.keys().filter(|path| !reads_event(path)) {
        assert!(
            !stale.contains(path),
            "{path} read nothing of the edited record"
        );
    }
    // Another event's page, a term the event is not filed under and the static pages stay.
    assert!(!stale.contains(&"events/2018-08-23-google-irib-youtube/index.html".to_string()));
    assert!(!stale.contains(&"platforms/youtube/index.html".to_string()));
    assert!(!stale.contains(&"about/index.html".to_string()));
    assert!(stale.len() < before.len());
}
