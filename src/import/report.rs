//! What an import did: rows read, files written, rows left out and why, and the places where
//! a value was read in a particular way. Every left-out row is named by its file and line.

use std::collections::BTreeMap;
use std::fmt::Write;

/// The outcome of one import, built up as it runs.
#[derive(Debug, Default)]
pub struct Report {
    /// Source files read.
    pub files: usize,
    /// Data rows read (headers not counted), blank ones included.
    pub rows: usize,
    /// Rows with no text in any cell: read, and ignored.
    pub blank: usize,
    /// Files written, relative to the site root.
    pub written: Vec<String>,
    /// Files that exist with exactly the text the import would write.
    pub unchanged: Vec<String>,
    /// Files that exist with other text: never overwritten.
    pub kept: Vec<Kept>,
    /// What a maintainer should review: vocabulary entries added to the site's
    /// `content/vocab/` files, and actors and operations written.
    pub review: Vec<String>,
    /// Rows left out.
    pub skipped: Vec<Skip>,
    /// Values left out, or read in a way worth checking, in rows that were imported.
    pub notes: Vec<Note>,
}

/// A file the import would have written, left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The file that exists.
    pub path: String,
    /// The file the import would have written, when it differs (an id found elsewhere).
    pub wanted: Option<String>,
}

/// A row left out: where it is, the kind of reason (for the counts), and the details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// `file:line`, the file as the user named it.
    pub at: String,
    pub reason: &'static str,
    pub detail: String,
}

/// Something about an imported row that a maintainer should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at: String,
    pub text: String,
}

impl Report {
    pub fn skip(&mut self, at: String, reason: &'static str, detail: impl Into<String>) {
        self.skipped.push(Skip {
            at,
            reason,
            detail: detail.into(),
        });
    }

    pub fn note(&mut self, at: String, text: impl Into<String>) {
        self.notes.push(Note {
            at,
            text: text.into(),
        });
    }

    /// Records written, by folder (`events`, `actors` ...).
    pub fn written_by_kind(&self) -> BTreeMap<&str, usize> {
        let mut out = BTreeMap::new();
        for path in &self.written {
            let kind = path
                .strip_prefix("content/")
                .and_then(|p| p.split('/').next())
                .unwrap_or(path);
            *out.entry(kind).or_default() += 1;
        }
        out
    }

    /// Skipped rows counted by reason, most frequent first.
    pub fn skipped_by_reason(&self) -> Vec<(&'static str, usize)> {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for s in &self.skipped {
            *counts.entry(s.reason).or_default() += 1;
        }
        let mut out: Vec<_> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }

    /// The summary printed at the end of an import: every skipped row and every note, then
    /// the counts. Text from the source is shown as it is; the caller escapes it for the
    /// terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if !self.skipped.is_empty() {
            let _ = writeln!(out, "rows left out:");
            for s in &self.skipped {
                let _ = writeln!(out, "  {}: {}: {}", s.at, s.reason, s.detail);
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "notes:");
            for n in &self.notes {
                let _ = writeln!(out, "  {}: {}", n.at, n.text);
            }
        }
        if !self.kept.is_empty() {
            let _ = writeln!(out, "kept (exist with other text; never overwritten):");
            for k in &self.kept {
                match &k.wanted {
                    Some(wanted) => {
                        let _ = writeln!(out, "  {} (the record {wanted} would be)", k.path);
                    }
                    None => {
                        let _ = writeln!(out, "  {}", k.path);
                    }
                }
            }
        }
        if !self.review.is_empty() {
            let _ = writeln!(
                out,
                "added to the site's vocabularies, actors and operations (review them):"
            );
            for v in &self.review {
                let _ = writeln!(out, "  {v}");
            }
        }
        let _ = writeln!(
            out,
            "read {} from {}{}",
            plural(self.rows, "row"),
            plural(self.files, "file"),
            if self.blank > 0 {
                format!(" ({} blank)", self.blank)
            } else {
                String::new()
            }
        );
        let by_kind = self.written_by_kind();
        let kinds = if by_kind.is_empty() {
            String::new()
        } else {
            // The kinds are folder names: `actors`, `events`, `operations`.
            let parts: Vec<String> = by_kind
                .iter()
                .map(|(k, n)| plural(*n, k.strip_suffix('s').unwrap_or(k)))
                .collect();
            format!(" ({})", parts.join(", "))
        };
        let _ = writeln!(
            out,
            "wrote {}{kinds}; {} unchanged, {} kept",
            plural(self.written.len(), "file"),
            self.unchanged.len(),
            self.kept.len()
        );
        if self.skipped.is_empty() {
            let _ = writeln!(out, "left out no rows");
        } else {
            let reasons: Vec<String> = self
                .skipped_by_reason()
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            let _ = writeln!(
                out,
                "left out {}: {}",
                plural(self.skipped.len(), "row"),
                reasons.join(", ")
            );
        }
        out
    }
}

/// `1 row`, `11,450 rows`.
pub fn plural(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if n == 1 {
        format!("{grouped} {noun}")
    } else {
        format!("{grouped} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_and_lists_every_left_out_row() {
        let mut r = Report {
            files: 2,
            rows: 11450,
            blank: 3,
            ..Report::default()
        };
        r.written.push("content/events/a.yaml".into());
        r.written.push("content/actors/b.yaml".into());
        r.skip(
            "x.tsv:4".into(),
            "no indicator",
            "the Indicator cell is empty",
        );
        r.skip(
            "x.tsv:9".into(),
            "no indicator",
            "the Indicator cell is empty",
        );
        r.skip("y.tsv:2".into(), "no figure", "`Around $xx`");
        let text = r.render();
        assert!(text.contains("  x.tsv:4: no indicator: the Indicator cell is empty\n"));
        assert!(
            text.contains("read 11,450 rows from 2 files (3 blank)\n"),
            "{text}"
        );
        assert!(text.contains("wrote 2 files (1 actor, 1 event); 0 unchanged, 0 kept\n"));
        assert!(
            text.contains("left out 3 rows: 2 no indicator, 1 no figure\n"),
            "{text}"
        );
    }
}
