//! Diagnostics as JSON for tools: one object per problem, one problem per line (JSON Lines).

use super::extent::token_width;
use super::render::source_line;
use super::{Diagnostic, Diagnostics};
use serde_json::{json, Value};
use std::path::Path;

/// One problem: `{file, line, column, end_column, field, severity, message, hint}`. Place and
/// field are `null` when unknown; `end_column` (exclusive) is where the underlined value ends.
pub fn problem(root: &Path, d: &Diagnostic) -> Value {
    let end_column = d.span.and_then(|span| {
        let line = source_line(&root.join(&d.file), span.line)?;
        Some(span.column + token_width(&line, span.column))
    });
    json!({
        "file": d.file,
        "line": d.span.map(|s| s.line),
        "column": d.span.map(|s| s.column),
        "end_column": end_column,
        "field": d.field,
        "severity": d.severity.to_string(),
        "message": d.message,
        "hint": d.hint,
    })
}

/// Every problem, one JSON object per line.
pub fn render_json(root: &Path, diagnostics: &Diagnostics) -> String {
    let diagnostics = diagnostics.located(root);
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&crate::escape::json(&problem(root, d).to_string()));
        out.push('\n');
    }
    out
}
