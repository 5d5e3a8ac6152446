//! Diagnostics as GitHub Actions workflow commands, which GitHub shows as annotations on the
//! lines of a pull request: `::error file=F,line=L,col=C,title=T::message`.

use super::{Diagnostic, Diagnostics, Severity};
use crate::escape::terminal;
use std::path::{Component, Path, PathBuf};

/// Every problem as one workflow command. `root` is the site root as given on the command
/// line: file names are made relative to the repository (the workspace) so GitHub can place
/// them.
pub fn render_github(root: &Path, diagnostics: &Diagnostics) -> String {
    let workspace = std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from);
    let diagnostics = diagnostics.located(root);
    let mut out = String::new();
    for d in diagnostics.iter() {
        // The token under the position, as the human format underlines it.
        let width = d.span.and_then(|span| {
            let line = super::render::source_line(&root.join(&d.file), span.line)?;
            Some(super::extent::token_width(&line, span.column))
        });
        out.push_str(&command(
            &repository_path(root, &d.file, workspace.as_deref()),
            d,
            width,
        ));
        out.push('\n');
    }
    out
}

/// One workflow command; `width` is the length in characters of the token at the problem's
/// position, when its line could be read, for `endColumn` (inclusive, as GitHub counts).
fn command(file: &str, d: &Diagnostic, width: Option<usize>) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // Record text is shown with its controls escaped first, as in every format; the toolkit's
    // escaping then keeps each command to one line.
    let mut properties = vec![format!("file={}", escape_property(&terminal(file)))];
    if let Some(span) = d.span {
        properties.push(format!("line={}", span.line));
        properties.push(format!("endLine={}", span.line));
        properties.push(format!("col={}", span.column));
        if let Some(width) = width {
            properties.push(format!("endColumn={}", span.column + width.max(1) - 1));
        }
    }
    let title = match &d.field {
        Some(field) => format!("docket: {}", terminal(field)),
        None => "docket".to_string(),
    };
    properties.push(format!("title={}", escape_property(&title)));
    let mut message = terminal(&d.message).into_owned();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(&terminal(hint));
    }
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// The file's path from the repository root: the site root joined with the file, without
/// `./`, and relative to `$GITHUB_WORKSPACE` when it is absolute.
fn repository_path(root: &Path, file: &str, workspace: Option<&Path>) -> String {
    let mut path = root.join(file);
    if let Some(ws) = workspace {
        if let Ok(rest) = path.strip_prefix(ws) {
            path = rest.to_path_buf();
        }
    }
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    // An absolute path keeps its leading slash.
    joined.replacen("//", "/", 1)
}

/// Escaping of a command's message, as the GitHub Actions toolkit does it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value: the message rules plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn command_carries_place_title_and_hint() {
        let d = Diagnostic::error("content/events/a.yaml", "unknown organisation `facebok`")
            .at_field("sources[0].url")
            .with_span(Span {
                line: 4,
                column: 12,
            })
            .with_hint("did you mean `facebook`?");
        assert_eq!(
            command("site/content/events/a.yaml", &d, Some(7)),
            "::error file=site/content/events/a.yaml,line=4,endLine=4,col=12,endColumn=18,title=docket%3A sources[0].url::unknown organisation `facebok`%0Ahint: did you mean `facebook`?"
        );
        // Without the line, the end is left to GitHub.
        assert!(command("a.yaml", &d, None).contains(",line=4,endLine=4,col=12,title="));
    }

    #[test]
    fn paths_are_relative_to_the_repository() {
        assert_eq!(
            repository_path(Path::new("."), "content/x.yaml", None),
            "content/x.yaml"
        );
        assert_eq!(
            repository_path(Path::new("site"), "content/x.yaml", None),
            "site/content/x.yaml"
        );
        assert_eq!(
            repository_path(
                Path::new("/w/repo/site"),
                "site.toml",
                Some(Path::new("/w/repo"))
            ),
            "site/site.toml"
        );
    }
}
