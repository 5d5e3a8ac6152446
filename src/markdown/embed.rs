//! Figures embedded in Markdown: a line of its own reading `{{ figure(id="accounts-by-origin") }}`.
//!
//! This is the one way HTML docket did not escape gets into a Markdown body, and only HTML
//! docket drew itself: the line is rendered as an ordinary paragraph (raw HTML rules and
//! sanitising apply as usual), and that paragraph is then swapped for the figure's HTML when the
//! id names a figure.

use super::{render, Settings};

/// One embed line found in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// 1-based line and column of `{{` within the Markdown text.
    pub line: usize,
    pub column: usize,
    /// The line as written, trimmed.
    pub text: String,
    /// The figure id, or what is wrong with the line.
    pub id: Result<String, String>,
    /// This embed is one more than [`MAX_EMBEDS`]: the line is fine, the text has too many.
    pub too_many: bool,
}

/// The shape to write, for hints.
pub const EMBED_FORM: &str = "{{ figure(id=\"accounts-by-origin\") }}";

/// Figures one Markdown text may embed. Each embed is a whole chart and table (a few KB), so
/// without a bound a 1 MB text of embed lines made a page of over 100 MB.
pub const MAX_EMBEDS: usize = 100;

/// Every line that is meant as a figure embed (outside code blocks), well-formed or not. After
/// [`MAX_EMBEDS`] well-formed ones, the next is an error and the rest are not looked at.
pub fn figure_embeds(markdown: &str) -> Vec<Embed> {
    let mut out = Vec::new();
    let mut fence = Fence::default();
    let mut figures = 0;
    for (i, line) in markdown.lines().enumerate() {
        if fence.inside(line) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent > 3 {
            continue;
        }
        if let Some(mut id) = parse_embed(line) {
            let over = id.is_ok() && figures == MAX_EMBEDS;
            if over {
                id = Err(format!(
                    "more than {MAX_EMBEDS} figures embedded in one text; each is drawn in full"
                ));
            }
            figures += usize::from(id.is_ok());
            out.push(Embed {
                line: i + 1,
                column: line[..indent].chars().count() + 1,
                text: line.trim().to_string(),
                id,
                too_many: over,
            });
            if over {
                break;
            }
        }
    }
    out
}

/// [`render`], with each embed line replaced by `figure(id)`'s HTML, for the first
/// [`MAX_EMBEDS`] of them. Lines naming no known figure, and those past the limit, stay as
/// written (checks have already reported them).
pub fn render_with_figures(
    markdown: &str,
    settings: Settings,
    figure: &dyn Fn(&str) -> Option<String>,
) -> String {
    let embeds = figure_embeds(markdown);
    if !embeds.iter().any(|e| e.id.is_ok()) {
        return render(markdown, settings);
    }
    // A blank line on either side makes each embed a paragraph of its own.
    let lines: Vec<&str> = markdown.lines().collect();
    let mut isolated = String::with_capacity(markdown.len() + embeds.len() * 2);
    let mut next = embeds
        .iter()
        .filter(|e| e.id.is_ok())
        .map(|e| e.line)
        .peekable();
    for (i, line) in lines.iter().enumerate() {
        if next.peek() == Some(&(i + 1)) {
            next.next();
            isolated.push('\n');
            isolated.push_str(line.trim());
            isolated.push_str("\n\n");
        } else {
            isolated.push_str(line);
            isolated.push('\n');
        }
    }
    replace_paragraphs(&render(&isolated, settings), figure)
}

/// Swap every `<p>{{ figure(id="…") }}</p>` whose id is known for the figure, up to
/// [`MAX_EMBEDS`] of them.
fn replace_paragraphs(html: &str, figure: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut drawn = 0;
    while let Some(start) = rest.find("<p>{{").filter(|_| drawn < MAX_EMBEDS) {
        let after = &rest[start + 3..];
        let Some(end) = after.find("</p>") else { break };
        let inner = unescape(&after[..end]);
        let replacement = match parse_embed(&inner) {
            Some(Ok(id)) => figure(&id),
            _ => None,
        };
        let close = start + 3 + end + "</p>".len();
        match replacement {
            Some(figure_html) => {
                drawn += 1;
                out.push_str(&rest[..start]);
                out.push_str(&figure_html);
                rest = rest[close..].strip_prefix('\n').unwrap_or(&rest[close..]);
            }
            None => {
                out.push_str(&rest[..close]);
                rest = &rest[close..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// `None` when the line is not meant as an embed; else its id or what is wrong with it.
fn parse_embed(line: &str) -> Option<Result<String, String>> {
    let inner = line.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let call = inner.strip_prefix("figure")?.trim_start();
    let malformed = || Err(format!("`{}` is not a figure embed", line.trim()));
    let Some(args) = call.strip_prefix('(').and_then(|a| a.strip_suffix(')')) else {
        return Some(malformed());
    };
    let Some(value) = args
        .trim()
        .strip_prefix("id")
        .map(str::trim_start)
        .and_then(|v| v.strip_prefix('='))
        .map(str::trim)
    else {
        return Some(malformed());
    };
    let quoted = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)));
    let Some(id) = quoted else {
        return Some(Err(format!(
            "the figure id in `{}` must be in quotes",
            line.trim()
        )));
    };
    if !crate::ids::is_record_id(id) {
        return Some(Err(format!("`{id}` is not a figure id")));
    }
    Some(Ok(id.to_string()))
}

/// Tracks fenced code blocks (```` ``` ```` or `~~~`), whose lines are never embeds.
#[derive(Default)]
struct Fence {
    open: Option<(char, usize)>,
}

impl Fence {
    /// Is `line` inside (or a delimiter of) a fenced block?
    fn inside(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = ['`', '~'].into_iter().find_map(|c| {
            let n = trimmed.chars().take_while(|x| *x == c).count();
            (indent <= 3 && n >= 3).then_some((c, n))
        });
        match (self.open, marker) {
            (None, Some(m)) => {
                self.open = Some(m);
                true
            }
            (Some((c, n)), Some((mc, mn)))
                if c == mc && mn >= n && trimmed.trim_end().chars().all(|x| x == c) =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(id: &str) -> Option<String> {
        (id == "known").then(|| "<figure>KNOWN</figure>\n".to_string())
    }

    #[test]
    fn finds_embeds_outside_code() {
        let md = "Intro\n{{ figure(id=\"known\") }}\n```\n{{ figure(id=\"in-code\") }}\n```\n  {{figure(id='other')}}\n{{ figure(known) }}\n";
        let found = figure_embeds(md);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].id, Ok("known".into()));
        assert_eq!((found[0].line, found[0].column), (2, 1));
        assert_eq!(found[1].id, Ok("other".into()));
        assert_eq!(found[1].column, 3);
        assert!(found[2].id.is_err());
    }

    #[test]
    fn embeds_become_figures_and_nothing_else_does() {
        let md = "Text before\n{{ figure(id=\"known\") }}\nText after <b>bold</b>\n\n{{ figure(id=\"unknown\") }}\n";
        let html = render_with_figures(md, Settings::default(), &fig);
        assert!(
            html.contains("<p>Text before</p>\n<figure>KNOWN</figure>\n<p>Text after &lt;b&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<p>{{ figure(id=\"unknown\") }}</p>")
                || html.contains("<p>{{ figure(id=&quot;unknown&quot;) }}</p>"),
            "{html}"
        );
    }

    #[test]
    fn html_cannot_pose_as_a_figure() {
        let md = "<p>{{ figure(id=\"known\") }}</p>\n";
        let html = render_with_figures(md, Settings::default(), &fig);
        assert!(!html.contains("KNOWN"), "{html}");
    }

    #[test]
    fn no_more_than_max_embeds_are_drawn() {
        let md = "{{ figure(id=\"known\") }}\n\n".repeat(MAX_EMBEDS + 50);
        let found = figure_embeds(&md);
        assert_eq!(found.len(), MAX_EMBEDS + 1);
        assert!(found[..MAX_EMBEDS].iter().all(|e| e.id.is_ok()));
        assert_eq!(found[MAX_EMBEDS].line, 2 * MAX_EMBEDS + 1);
        assert!(found[MAX_EMBEDS].id.is_err());
        let html = render_with_figures(&md, Settings::default(), &fig);
        assert_eq!(html.matches("KNOWN").count(), MAX_EMBEDS);
    }
}
