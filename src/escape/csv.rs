//! The one way docket writes CSV (the events download and each figure's numbers): RFC 4180
//! quoting, CRLF line ends, and no cell a spreadsheet would run as a formula.

use std::io::{self, Write};

/// The writer of every CSV docket makes (the events download and each figure's numbers):
/// RFC 4180 quoting, CRLF line ends. Rows go through [`write_row`].
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// One row, each cell [`neutralise`]d: the one rule for every CSV cell.
pub fn write_row<W: Write>(writer: &mut csv::Writer<W>, cells: &[String]) -> io::Result<()> {
    writer
        .write_record(cells.iter().map(|c| neutralise(c).into_owned()))
        .map_err(io::Error::other)
}

/// Rows as a whole CSV file, for the files made in memory.
pub fn to_string(rows: &[Vec<String>]) -> String {
    let mut writer = writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = write_row(&mut writer, row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab, carriage
/// return or line feed) gets a leading apostrophe, so it is shown as text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("2800"), "2800");
        assert_eq!(neutralise("Iran-based"), "Iran-based");
    }
}
