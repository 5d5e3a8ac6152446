//! The day each event file first appeared in the site's git history, for the changelog.

use crate::records::date::PartialDate;
use std::collections::HashMap;
use std::path::Path;

/// The day each file under `content/events` was first committed, by path relative to `root`.
/// Empty when `root` is not in a git checkout.
pub fn first_seen(root: &Path) -> HashMap<String, PartialDate> {
    let Some(log) = super::version::git(
        root,
        &[
            "log",
            "--diff-filter=A",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=%x00%as",
            "--",
            "content/events",
        ],
    ) else {
        return HashMap::new();
    };
    parse_log(&log)
}

/// Parse `git log --format=%x00%as --name-only`: a NUL and a date, then the files added that day.
/// The log runs newest first, so the last date seen for a file is its first appearance.
fn parse_log(log: &str) -> HashMap<String, PartialDate> {
    let mut out = HashMap::new();
    let mut current: Option<PartialDate> = None;
    for line in log.lines() {
        if let Some(day) = line.strip_prefix('\0') {
            current = PartialDate::parse(day).ok();
        } else if let (Some(day), false) = (current, line.trim().is_empty()) {
            out.insert(line.trim().to_string(), day);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_appearance_wins() {
        let log = "\u{0}2021-03-04\n\ncontent/events/b.yaml\n\u{0}2020-01-02\n\ncontent/events/a.yaml\ncontent/events/b.yaml\n";
        let seen = parse_log(log);
        assert_eq!(seen["content/events/a.yaml"].iso(), "2020-01-02");
        assert_eq!(seen["content/events/b.yaml"].iso(), "2020-01-02");
        assert_eq!(seen.len(), 2);
    }
}
