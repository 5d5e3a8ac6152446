//! Shared by the `check` tests: the invalid fixtures under `tests/fixtures/invalid/<case>/`.

use super::{Run, Site};

/// The event file most invalid fixtures hold.
pub const EVENT: &str = "content/events/2019-05-28-facebook-iran.yaml";

/// The hint every bad date gets.
pub const DATE_HINT: &str =
    "write YYYY-MM-DD, YYYY-MM or YYYY (the month or year alone when the day is not known)";

/// Check the fixture `tests/fixtures/invalid/<case>/`, expect exit code 1 and return the run.
pub fn check_fails(case: &str) -> Run {
    let site = Site::from_fixture(&format!("invalid/{case}"));
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("docket: stopped with"),
        "summary line missing:\n{}",
        run.stderr
    );
    run
}

/// `file:line:column` as docket prints it.
pub fn at(file: &str, line: usize, column: usize) -> String {
    format!("{file}:{line}:{column}")
}
