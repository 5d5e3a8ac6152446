//! Reading a source's table (TSV or CSV) into rows that know their line in the file, so every
//! row an import leaves out can be named by file and line.

use std::path::Path;

/// The largest table read; the largest real source file is under 1 MiB.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// One row: its line in the file (1-based), and its cells.
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// Cell `i`, trimmed; empty when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.trim())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated, no quoting: a `"` is text (Meta's cells hold unpaired quotes).
    Tsv,
    /// Comma-separated, with `"` quoting (a quoted cell may span lines).
    Csv,
}

/// Every row of the table at `path`, the header row first.
pub fn read(path: &Path, format: Format) -> Result<Vec<Row>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE {
        return Err(format!(
            "{size} bytes, more than the {MAX_FILE} a source table may have"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    parse(text.strip_prefix('\u{feff}').unwrap_or(&text), format)
}

/// The rows of `text`.
pub fn parse(text: &str, format: Format) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
        .quoting(format == Format::Csv)
        .from_reader(text.as_bytes());
    // Lines from byte offsets: the reader counts a record from the line break before it, so
    // its own line numbers are one short after a CRLF.
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |byte: u64| {
        let mut at = byte as usize;
        while text
            .as_bytes()
            .get(at)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            at += 1;
        }
        breaks.partition_point(|&b| b < at) as u64 + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_their_line_in_the_file() {
        let rows = parse("h1\th2\r\na\tb\r\n\t\r\nc\t\"d\r\n", Format::Tsv).unwrap();
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(rows[3].cells, ["c", "\"d"]);
        assert!(rows[2].is_blank());
        let rows = parse("a,b\n\"two\nlines\",x\nlast,y\n", Format::Csv).unwrap();
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 4]);
        assert_eq!(rows[1].cell(0), "two\nlines");
    }
}
