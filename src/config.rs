//! `site.toml`: the site's settings. Unknown keys are errors, with a suggestion.

use crate::diagnostics::{did_you_mean, span_at, Diagnostic, Diagnostics, Span};
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
    /// The site's language, a BCP 47 tag (`en`, `fa`, `ar-EG`): its pages, feed and briefings
    /// are written in it, at the root of the site.
    #[serde(default = "default_language")]
    pub language: String,
    /// Further languages the site is published in, each under its own prefix (`/fa/`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// The calendar full dates are shown in: `"persian"` for the site's language, or a table
    /// by language (`[calendar]` then `fa = "persian"`); Gregorian otherwise.
    #[serde(default)]
    pub calendar: CalendarSetting,
    /// The tracker's title and description in further languages (`[translations.fa]`).
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, SiteTranslation>,
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
    /// Print every briefing to PDF on `build` (as `--pdf` does).
    #[serde(default)]
    pub pdf: bool,
    /// The Chromium (or Chrome) executable to print with; searched on `PATH` when not set. A
    /// relative path is taken from the site root.
    #[serde(default)]
    pub chromium: Option<std::path::PathBuf>,
    /// `[markdown]`: how Markdown in records and pages is rendered.
    #[serde(default)]
    pub markdown: crate::markdown::Settings,
    /// Largest content file docket reads, in bytes; larger ones are refused before parsing.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
    /// `[publisher]`: who publishes the tracker, for the header, footer, feed, citations and
    /// briefing covers.
    #[serde(default)]
    pub publisher: Publisher,
    /// Where each file of the site can be read in its repository: the address that, followed by
    /// a path such as `content/events/<id>.yaml`, shows that file
    /// (`https://github.com/org/tracker/blob/main`). Pages link "view source" to it.
    #[serde(default)]
    pub repository: String,
}

/// The organisation that publishes a tracker. Every field is optional: without a name,
/// citations name no author or publisher rather than repeating the tracker's title.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// The organisation's name: the author and publisher of the tracker in citations.
    #[serde(default)]
    pub name: String,
    /// Its home page.
    #[serde(default)]
    pub url: String,
    /// One line of where it is (a city, or a postal address), for the footer and covers.
    #[serde(default)]
    pub address: String,
    /// Its logo: a file of the site's `static/` folder (or the theme's), e.g. `logo.svg`.
    #[serde(default)]
    pub logo: String,
    /// The browser tab's icon, likewise a static file; the theme's own icon when not set.
    #[serde(default)]
    pub favicon: String,
    /// The picture shown when a page is shared (`og:image`), likewise a static file.
    #[serde(default)]
    pub image: String,
}

impl Publisher {
    /// The static files the publisher names, with the setting that names each.
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("publisher.logo", self.logo.as_str()),
            ("publisher.favicon", self.favicon.as_str()),
            ("publisher.image", self.image.as_str()),
        ]
        .into_iter()
        .filter(|(_, file)| !file.is_empty())
    }
}

/// The tracker's title and description in one further language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SiteTranslation {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `calendar` in `site.toml`: one calendar for the site's language, or one per language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Default)]
#[serde(untagged)]
pub enum CalendarSetting {
    #[default]
    Gregorian,
    One(CalendarName),
    ByLanguage(std::collections::BTreeMap<String, CalendarName>),
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CalendarName {
    Gregorian,
    Persian,
}

impl CalendarSetting {
    /// The calendar of pages in `language` on a site whose own language is `site_language`.
    pub fn of(&self, language: &str, site_language: &str) -> CalendarName {
        match self {
            CalendarSetting::Gregorian => CalendarName::Gregorian,
            CalendarSetting::One(name) if language == site_language => *name,
            CalendarSetting::One(_) => CalendarName::Gregorian,
            CalendarSetting::ByLanguage(map) => map
                .get(language)
                .copied()
                .unwrap_or(CalendarName::Gregorian),
        }
    }
}

fn default_language() -> String {
    "en".into()
}

/// About a hundred rows: a page a phone loads quickly, and long enough to scan.
fn default_page_size() -> usize {
    100
}

fn default_max_file_size() -> u64 {
    crate::yaml::MAX_FILE_BYTES as u64
}

impl SiteConfig {
    /// Every language the site is published in: its own first, then the further ones in the
    /// order given (each once).
    pub fn all_languages(&self) -> Vec<String> {
        let mut all = vec![self.language.clone()];
        for tag in &self.languages {
            if !all.contains(tag) {
                all.push(tag.clone());
            }
        }
        all
    }

    /// The tracker's title in the language `tag`: its translation, else the title.
    pub fn title_in(&self, tag: &str) -> &str {
        self.translations
            .get(tag)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The tracker's description in the language `tag`: its translation, else the description.
    pub fn description_in(&self, tag: &str) -> &str {
        self.translations
            .get(tag)
            .and_then(|t| t.description.as_deref())
            .unwrap_or(&self.description)
    }

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
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let reader = crate::files::Reader::new(root, crate::yaml::LARGEST_FILE_LIMIT);
        let text = reader.read_text(Path::new(FILE_NAME)).map_err(|refusal| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(FILE_NAME, format!("cannot read {FILE_NAME}: {refusal}"))
                    .with_hint(
                        refusal
                            .hint()
                            .unwrap_or("run docket in the site's root folder, or pass --root DIR"),
                    ),
            );
            d
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
        let one = |d: Diagnostic| {
            let mut all = Diagnostics::new();
            all.push(d);
            all
        };
        let config: SiteConfig = match toml::from_str(text) {
            Ok(config) => config,
            Err(e) => {
                return Err(match allowed_settings(e.message()) {
                    // serde stops at the first unknown key; name them all at once (those of the
                    // top level: a table such as `[markdown]` has settings of its own).
                    Some(allowed) if allowed.iter().any(|a| a == "title") => {
                        every_unknown_setting(text, &allowed)
                            .unwrap_or_else(|| one(toml_error(text, &e)))
                    }
                    _ => one(toml_error(text, &e)),
                });
            }
        };
        config.check(text).map_err(one)?;
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
            if !crate::ids::is_key(theme, crate::ids::MAX_KEY) {
                return Err(Diagnostic::error(FILE_NAME, format!("`{theme}` is not a theme name"))
                    .at_field("theme")
                    .with_span(at("theme"))
                    .with_hint("a theme is a folder name under themes/: lower-case letters, digits and hyphens"));
            }
        }
        if !(1024..=crate::yaml::LARGEST_FILE_LIMIT).contains(&self.max_file_size) {
            return Err(Diagnostic::error(
                FILE_NAME,
                format!(
                    "max_file_size must be between 1024 and {} bytes",
                    crate::yaml::LARGEST_FILE_LIMIT
                ),
            )
            .at_field("max_file_size")
            .with_span(at("max_file_size"))
            .with_hint("the default, 1048576 (1 MiB), fits thousands of records' worth of text"));
        }
        for (field, url) in [
            ("publisher.url", &self.publisher.url),
            ("repository", &self.repository),
        ] {
            if !url.is_empty() {
                if let Err(message) = check_http_url(url) {
                    return Err(Diagnostic::error(FILE_NAME, message)
                        .at_field(field)
                        .with_span(at(field.rsplit('.').next().unwrap_or(field)))
                        .with_hint("write the full address, starting with https://"));
                }
            }
        }
        for (field, file) in self.publisher.files() {
            if !is_static_file_name(file) {
                return Err(Diagnostic::error(
                    FILE_NAME,
                    format!("`{file}` is not a file of the site's static folder"),
                )
                .at_field(field)
                .with_span(at(field.rsplit('.').next().unwrap_or(field)))
                .with_hint("name a file under static/ by its path there, e.g. `logo.svg` or `images/logo.png`"));
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

/// A path inside `static/`: relative, of plain names (no `..`, no hidden names), so it can
/// only ever name a file the site publishes.
fn is_static_file_name(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && path.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

fn toml_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().to_string();
    let mut d = Diagnostic::error(FILE_NAME, message.clone());
    if let Some(range) = error.span() {
        d = d.with_span(span_at(text, range.start));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((word, _)) = rest.split_once('`') {
            let allowed = allowed_settings(&message).unwrap_or_default();
            return unknown_setting(word, &allowed, d.span);
        }
    }
    if message == "missing field `title`" {
        return missing_title();
    }
    d
}

/// The settings serde lists in an "unknown field `x`, expected one of `a`, `b`" message.
fn allowed_settings(message: &str) -> Option<Vec<String>> {
    let rest = message.strip_prefix("unknown field `")?;
    let (_, expected) = rest.split_once('`')?;
    Some(
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect(),
    )
}

fn unknown_setting(word: &str, allowed: &[String], span: Option<Span>) -> Diagnostic {
    let d = Diagnostic::error(FILE_NAME, format!("unknown setting `{word}`")).maybe_hint(
        did_you_mean(word, allowed.iter().map(String::as_str))
            .or_else(|| Some(format!("settings are: {}", allowed.join(", ")))),
    );
    match span {
        Some(span) => d.with_span(span),
        None => d,
    }
}

fn missing_title() -> Diagnostic {
    Diagnostic::error(FILE_NAME, "missing required setting `title`")
        .with_span(Span { line: 1, column: 1 })
        .with_hint("add `title = \"...\"`: the tracker's name, shown on every page")
}

/// Every top-level key of `text` that is not an allowed setting, plus a missing title (serde
/// never got as far as noticing it). `None` when the text cannot be read as TOML.
fn every_unknown_setting(text: &str, allowed: &[String]) -> Option<Diagnostics> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let mut keys: Vec<_> = table.get_ref().keys().collect();
    keys.sort_by_key(|k| k.span().start);
    let mut problems = Diagnostics::new();
    for key in &keys {
        let word: &str = key.get_ref();
        if !allowed.iter().any(|a| a == word) {
            let span = span_at(text, key.span().start);
            problems.push(unknown_setting(word, allowed, Some(span)));
        }
    }
    if !keys.iter().any(|k| k.get_ref() == "title") {
        problems.push(missing_title());
    }
    (!problems.is_empty()).then_some(problems)
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
        let problems = SiteConfig::parse("title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        let d: Vec<_> = problems.iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown setting `titel`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d[0].span, Some(Span { line: 2, column: 1 }));
    }

    #[test]
    fn every_unknown_key_and_a_missing_title_are_reported_together() {
        let problems =
            SiteConfig::parse("titel = \"T\"\npage_sise = 3\nlanguage = \"en\"\n").unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown setting `titel`",
                "unknown setting `page_sise`",
                "missing required setting `title`"
            ]
        );
        let missing = SiteConfig::parse("base_url = \"https://e.org\"\n").unwrap_err();
        assert_eq!(
            missing.iter().next().map(|d| d.message.as_str()),
            Some("missing required setting `title`")
        );
    }

    #[test]
    fn unknown_key_in_a_table_is_named_with_the_table_s_settings() {
        // Regression: the top-level keys were reported as unknown, against [markdown]'s list.
        let problems =
            SiteConfig::parse("title = \"T\"\n[markdown]\nallow_scripts = true\n").unwrap_err();
        let d: Vec<_> = problems.iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "unknown setting `allow_scripts`");
        assert_eq!(d[0].span, Some(Span { line: 3, column: 1 }));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `allow_html`?"));
        let ok = SiteConfig::parse("title = \"T\"\n[markdown]\nallow_html = true\n").unwrap();
        assert!(ok.markdown.allow_html);
    }

    #[test]
    fn max_file_size_has_a_default_and_bounds() {
        let c = SiteConfig::parse("title = \"T\"\n").unwrap();
        assert_eq!(c.max_file_size, 1024 * 1024);
        let c = SiteConfig::parse("title = \"T\"\nmax_file_size = 4096\n").unwrap();
        assert_eq!(c.max_file_size, 4096);
        assert!(SiteConfig::parse("title = \"T\"\nmax_file_size = 10\n").is_err());
        assert!(SiteConfig::parse("title = \"T\"\nmax_file_size = 100000000\n").is_err());
    }

    #[test]
    fn publisher_identity_is_read_and_checked() {
        let c = SiteConfig::parse(
            "title = \"T\"\nrepository = \"https://github.com/o/t/blob/main\"\n[publisher]\nname = \"Lab\"\nurl = \"https://lab.example\"\nlogo = \"images/logo.svg\"\n",
        )
        .unwrap();
        assert_eq!(c.publisher.name, "Lab");
        assert_eq!(c.publisher.logo, "images/logo.svg");
        assert_eq!(c.repository, "https://github.com/o/t/blob/main");
        assert_eq!(
            SiteConfig::parse("title = \"T\"\n").unwrap().publisher,
            Publisher::default()
        );
        for bad in [
            "[publisher]\nlogo = \"../secret.png\"\n",
            "[publisher]\nfavicon = \"/etc/icon.png\"\n",
            "[publisher]\nimage = \".hidden/x.png\"\n",
            "[publisher]\nurl = \"javascript:alert(1)\"\n",
            "repository = \"file:///etc\"\n",
        ] {
            let problems = SiteConfig::parse(&format!("title = \"T\"\n{bad}")).unwrap_err();
            let d = problems.iter().next().unwrap();
            assert!(d.field.is_some(), "{bad}: {d:?}");
        }
        let problems =
            SiteConfig::parse("title = \"T\"\n[publisher]\nnmae = \"Lab\"\n").unwrap_err();
        assert_eq!(
            problems.iter().next().unwrap().hint.as_deref(),
            Some("did you mean `name`?")
        );
    }

    #[test]
    fn rejects_non_http_base_url() {
        assert!(SiteConfig::parse("title = \"T\"\nbase_url = \"javascript:x\"\n").is_err());
    }
}
