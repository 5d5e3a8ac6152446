//! `site.toml`: the site's settings. Unknown keys are errors, with a suggestion.

use crate::diagnostics::{did_you_mean, Diagnostic, Span};
use crate::records::check_http_url;
use serde::Deserialize;
use std::path::Path;

pub const FILE_NAME: &str = "site.toml";

/// Paper size for printed briefings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Name of the tracker, shown on every page.
    pub title: String,
    /// Absolute address the site is published at (`https://example.org/tracker`).
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Licence of the data and text (e.g. "CC BY 4.0").
    #[serde(default)]
    pub licence: String,
    /// A theme folder under `themes/` whose templates and static files override the built-in ones.
    #[serde(default)]
    pub theme: Option<String>,
    /// Rows per page of event lists before they are split into pages.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Paper size for printed briefings.
    #[serde(default)]
    pub paper: Paper,
}

fn default_language() -> String {
    "en".into()
}

fn default_page_size() -> usize {
    1000
}

impl SiteConfig {
    /// The path every internal link starts with: `/` or `/tracker/`.
    pub fn base_path(&self) -> String {
        let without_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        let path = without_scheme
            .find('/')
            .map_or("", |i| &without_scheme[i..]);
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The base address without a trailing slash (empty when none is set).
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Load and check `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(FILE_NAME, format!("cannot read {FILE_NAME}: {e}"))
                .with_hint("run docket in the site's root folder, or pass --root DIR")
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        config.check(text)?;
        Ok(config)
    }

    fn check(&self, text: &str) -> Result<(), Diagnostic> {
        let at = |key: &str| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(1, |i| i + 1);
            Span { line, column: 1 }
        };
        if !self.base_url.is_empty() {
            if let Err(message) = check_http_url(&self.base_url) {
                return Err(Diagnostic::error(FILE_NAME, message)
                    .at_field("base_url")
                    .with_span(at("base_url"))
                    .with_hint("write the full address, e.g. https://example.org/tracker"));
            }
        }
        if let Some(theme) = &self.theme {
            if !crate::vocab::is_key(theme, 64) {
                return Err(Diagnostic::error(FILE_NAME, format!("`{theme}` is not a theme name"))
                    .at_field("theme")
                    .with_span(at("theme"))
                    .with_hint("a theme is a folder name under themes/: lower-case letters, digits and hyphens"));
            }
        }
        if self.page_size == 0 {
            return Err(Diagnostic::error(FILE_NAME, "page_size must be at least 1")
                .at_field("page_size")
                .with_span(at("page_size")));
        }
        Ok(())
    }
}

fn toml_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().to_string();
    let mut d = Diagnostic::error(FILE_NAME, message.clone());
    if let Some(range) = error.span() {
        let before = &text[..range.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        d = d.with_span(Span { line, column });
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((word, expected)) = rest.split_once('`') {
            let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            d.message = format!("unknown setting `{word}`");
            d = d.maybe_hint(
                did_you_mean(word, allowed.iter().copied())
                    .or_else(|| Some(format!("settings are: {}", allowed.join(", ")))),
            );
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        let mut c = SiteConfig::parse("title = \"T\"\n").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://example.org/tracker/".into();
        assert_eq!(c.base_path(), "/tracker/");
        assert_eq!(c.base_url(), "https://example.org/tracker");
    }

    #[test]
    fn unknown_key_is_located_with_suggestion() {
        let d = SiteConfig::parse("title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(d.message, "unknown setting `titel`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.span, Some(Span { line: 2, column: 1 }));
    }

    #[test]
    fn rejects_non_http_base_url() {
        assert!(SiteConfig::parse("title = \"T\"\nbase_url = \"javascript:x\"\n").is_err());
    }
}
