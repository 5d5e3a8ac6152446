//! Shortcodes in a briefing's Markdown: `{{ cite(event="2019-05-28-facebook-iran") }}` links an
//! event's numbered sources; `{{ figure(id="accounts-by-platform") }}` places a figure. They are
//! found here, checked at load, and replaced when the page is rendered.
//!
//! Shortcodes inside fenced code blocks are left alone, so a briefing can show the syntax.

use crate::diagnostics::did_you_mean;

/// The shortcodes a briefing may use.
pub const NAMES: [&str; 2] = ["cite", "figure"];

/// One `{{ name(key="value") }}`, by byte range in the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<(String, String)>,
    /// Byte offsets of `{{` and just past `}}`.
    pub start: usize,
    pub end: usize,
}

impl Shortcode {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The one argument each shortcode takes: `event` for `cite`, `id` for `figure`.
    pub fn target(&self) -> Option<&str> {
        match self.name.as_str() {
            "cite" => self.arg("event"),
            "figure" => self.arg("id"),
            _ => None,
        }
    }
}

/// A shortcode that could not be read, with its byte offset and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub at: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// Every shortcode in `markdown`, in order, outside fenced code blocks.
pub fn find(markdown: &str) -> Vec<Result<Shortcode, Malformed>> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => scan_line(line, offset, &mut out),
            _ => {}
        }
        offset += line.len();
    }
    out
}

fn scan_line(line: &str, offset: usize, out: &mut Vec<Result<Shortcode, Malformed>>) {
    let mut from = 0;
    while let Some(found) = line[from..].find("{{") {
        let start = from + found;
        let Some(close) = line[start..].find("}}") else {
            out.push(Err(Malformed {
                at: offset + start,
                message: "`{{` is not closed with `}}` on the same line".into(),
                hint: Some(usage()),
            }));
            return;
        };
        let end = start + close + 2;
        out.push(parse(
            &line[start + 2..end - 2],
            offset + start,
            offset + end,
        ));
        from = end;
    }
}

fn usage() -> String {
    "write {{ cite(event=\"<event id>\") }} or {{ figure(id=\"<figure id>\") }}".into()
}

/// Parse the inside of `{{ … }}`: `name(key="value", …)`.
fn parse(inner: &str, start: usize, end: usize) -> Result<Shortcode, Malformed> {
    let bad = |message: String| Malformed {
        at: start,
        message,
        hint: Some(usage()),
    };
    let inner = inner.trim();
    let (name, rest) = inner
        .split_once('(')
        .ok_or_else(|| bad(format!("`{{{{ {inner} }}}}` is not a shortcode")))?;
    let name = name.trim();
    if !NAMES.contains(&name) {
        return Err(Malformed {
            at: start,
            message: format!("unknown shortcode `{name}`"),
            hint: did_you_mean(name, NAMES).or_else(|| Some(usage())),
        });
    }
    let args_text = rest
        .trim_end()
        .strip_suffix(')')
        .ok_or_else(|| bad(format!("`{name}(` is not closed with `)`")))?;
    let mut args = Vec::new();
    let mut rest = args_text.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| bad(format!("arguments of `{name}` are written key=\"value\"")))?;
        let after = after.trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| bad(format!("the value of `{}` must be in quotes", key.trim())))?;
        let value_end = after[1..]
            .find(quote)
            .ok_or_else(|| bad(format!("the value of `{}` is not closed", key.trim())))?;
        args.push((key.trim().to_string(), after[1..1 + value_end].to_string()));
        rest = after[value_end + 2..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    let shortcode = Shortcode {
        name: name.to_string(),
        args,
        start,
        end,
    };
    let expected = if name == "cite" { "event" } else { "id" };
    if shortcode.args.len() != 1 || shortcode.target().is_none() {
        return Err(Malformed {
            at: start,
            message: format!("`{name}` takes one argument, `{expected}`"),
            hint: Some(usage()),
        });
    }
    Ok(shortcode)
}

/// `markdown` with every well-formed shortcode replaced by what `replace` returns for it.
pub fn expand(markdown: &str, mut replace: impl FnMut(&Shortcode) -> String) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut copied = 0;
    for shortcode in find(markdown).into_iter().flatten() {
        out.push_str(&markdown[copied..shortcode.start]);
        out.push_str(&replace(&shortcode));
        copied = shortcode.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_with_their_places() {
        let text = "See {{ cite(event=\"a-1\") }} and\n{{figure(id='f')}}.\n";
        let found: Vec<Shortcode> = find(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].target(), Some("a-1"));
        assert_eq!(
            &text[found[0].start..found[0].end],
            "{{ cite(event=\"a-1\") }}"
        );
        assert_eq!(found[1].name, "figure");
        assert_eq!(found[1].target(), Some("f"));
    }

    #[test]
    fn leaves_code_blocks_alone() {
        let text = "```\n{{ cite(event=\"x\") }}\n```\n{{ nope }}\n";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].is_err());
    }

    #[test]
    fn reports_malformed_shortcodes() {
        let err = |text: &str| find(text).remove(0).unwrap_err();
        assert_eq!(
            err("{{ cit(event=\"x\") }}").hint.as_deref(),
            Some("did you mean `cite`?")
        );
        assert_eq!(
            err("{{ cite(id=\"x\") }}").message,
            "`cite` takes one argument, `event`"
        );
        assert!(err("{{ cite(event=x) }}").message.contains("quotes"));
        assert!(err("{{ cite(event=\"x\"").message.contains("not closed"));
        assert_eq!(err("a {{ cite(event=\"x\") }").at, 2);
    }

    #[test]
    fn expands_in_place() {
        let out = expand("a {{ cite(event=\"x\") }} b {{ figure(id=\"f\") }}", |s| {
            format!("[{}]", s.target().unwrap())
        });
        assert_eq!(out, "a [x] b [f]");
    }
}
