//! Making the locales of a site: the built-in catalogues, the theme's and the site's own
//! (`i18n/<language>.toml`), each key checked against the English catalogue.

use super::catalogue::{Catalogue, Message};
use super::formats::{Calendar, Formats};
use super::{Inner, Locale, Locales};
use crate::config::{CalendarName, SiteConfig, FILE_NAME};
use crate::diagnostics::{did_you_mean, display_path, span_at, Diagnostic, Diagnostics};
use crate::files::Reader;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The built-in catalogues, by language. English is complete by definition: every key a
/// theme may use is in it; the others are checked against it by the tests.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../../themes/default/i18n/en.toml")),
    ("fr", include_str!("../../../themes/default/i18n/fr.toml")),
    ("es", include_str!("../../../themes/default/i18n/es.toml")),
    ("ar", include_str!("../../../themes/default/i18n/ar.toml")),
    ("fa", include_str!("../../../themes/default/i18n/fa.toml")),
    ("ru", include_str!("../../../themes/default/i18n/ru.toml")),
];

/// The languages docket has catalogues for.
pub fn builtin_languages() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(tag, _)| *tag)
}

/// Largest catalogue read from a site.
const MAX_CATALOGUE: u64 = 4 * 1024 * 1024;

/// The built-in catalogue of `language`, read once per process.
fn builtin(language: &str) -> Option<&'static Catalogue> {
    static PARSED: OnceLock<Vec<Catalogue>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(tag, text)| match Catalogue::parse(text) {
                Ok((c, problems)) if problems.is_empty() => c,
                // The built-in catalogues are tested; this is a broken build.
                other => panic!("the built-in catalogue `{tag}` is broken: {other:?}"),
            })
            .collect()
    });
    BUILTIN
        .iter()
        .position(|(tag, _)| *tag == language)
        .map(|i| &parsed[i])
}

fn english_catalogue() -> &'static Catalogue {
    builtin("en").expect("English is built in")
}

/// The built-in catalogue for a tag: its own (`pt-BR`), else its language's (`fa-AF` → `fa`).
fn builtin_for(tag: &str) -> Option<&'static Catalogue> {
    builtin(tag).or_else(|| builtin(language_of(tag)))
}

fn language_of(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

pub(super) fn english() -> Locale {
    static EN: OnceLock<Locale> = OnceLock::new();
    EN.get_or_init(|| {
        make(
            "en",
            String::new(),
            english_catalogue().clone(),
            Calendar::Gregorian,
        )
        .expect("English formats are built in")
    })
    .clone()
}

/// The ICU locale formats come from: British English for plain `en` (the theme's English),
/// the tag as written otherwise.
fn icu_locale(tag: &str) -> Result<icu_locale::Locale, String> {
    let tag = if tag == "en" { "en-GB" } else { tag };
    tag.parse::<icu_locale::Locale>()
        .map_err(|e| format!("`{tag}` is not a language tag: {e}"))
}

fn make(
    tag: &str,
    prefix: String,
    catalogue: Catalogue,
    calendar: Calendar,
) -> Result<Locale, String> {
    let locale = icu_locale(tag)?;
    let rtl = icu_locale::LocaleDirectionality::new_common().is_right_to_left(&locale.id);
    let formats = Formats::new(&locale, calendar)?;
    let messages: HashMap<String, Message> = catalogue.messages.into_iter().collect();
    Ok(Locale {
        inner: Arc::new(Inner {
            tag: tag.to_string(),
            rtl,
            prefix,
            messages,
            formats,
        }),
    })
}

/// Every language of the site, with its catalogue: the English one under the language's
/// built-in one under the theme's and the site's `i18n/<tag>.toml`. Every problem is
/// reported: a tag that is none, a language with no catalogue, a key no catalogue knows.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Locales, Diagnostics> {
    let mut problems = Diagnostics::new();
    let reader = Reader::new(root, MAX_CATALOGUE);
    let config_text = reader.read_text(Path::new(FILE_NAME)).unwrap_or_default();
    let mut locales = Vec::new();
    for (i, tag) in config.all_languages().iter().enumerate() {
        let field = if i == 0 { "language" } else { "languages" };
        let at = |text: &str| {
            let line = config_text
                .lines()
                .position(|l| l.trim_start().starts_with(field) && l.contains(text));
            let offset = line.map_or(0, |n| {
                config_text
                    .lines()
                    .take(n)
                    .map(|l| l.len() + 1)
                    .sum::<usize>()
            });
            span_at(&config_text, offset)
        };
        if let Err(message) = icu_locale(tag) {
            problems.push(
                Diagnostic::error(FILE_NAME, message)
                    .at_field(field)
                    .with_span(at(tag))
                    .with_hint("write a BCP 47 language tag, such as `en`, `fa` or `ar-EG`"),
            );
            continue;
        }
        let mut catalogue = english_catalogue().clone();
        let builtin = builtin_for(tag);
        if let Some(own) = builtin {
            catalogue.overlay(own);
        }
        let mut site_has_one = false;
        for file in catalogue_files(root, config, tag) {
            if !file.is_file() {
                continue;
            }
            site_has_one = true;
            match read_site_catalogue(&reader, root, &file) {
                Ok(site) => catalogue.overlay(&site),
                Err(found) => problems.extend(found),
            }
        }
        if builtin.is_none() && !site_has_one {
            problems.push(
                Diagnostic::error(FILE_NAME, format!("no catalogue of theme strings for `{tag}`"))
                    .at_field(field)
                    .with_span(at(tag))
                    .maybe_hint(
                        did_you_mean(language_of(tag), builtin_languages())
                            .map(|m| format!("{m} docket has catalogues for {}; or add i18n/{tag}.toml (docs/languages.md)", builtin_languages().collect::<Vec<_>>().join(", ")))
                            .or_else(|| Some(format!("docket has catalogues for {}; for another language, add i18n/{tag}.toml (docs/languages.md)", builtin_languages().collect::<Vec<_>>().join(", ")))),
                    ),
            );
            continue;
        }
        let calendar = match config.calendar.of(tag, &config.language) {
            CalendarName::Gregorian => Calendar::Gregorian,
            CalendarName::Persian => Calendar::Persian,
        };
        let prefix = if i == 0 {
            String::new()
        } else {
            format!("{tag}/")
        };
        match make(tag, prefix, catalogue, calendar) {
            Ok(locale) => locales.push(locale),
            Err(message) => problems.push(Diagnostic::error(FILE_NAME, message).at_field(field)),
        }
    }
    if problems.has_errors() || locales.is_empty() {
        return Err(problems);
    }
    Ok(Locales::new(locales))
}

/// The catalogue files that may override `tag`'s strings, in the order they apply: the
/// theme's, then the site's; for each, the language's file before the tag's own
/// (`fa.toml`, then `fa-AF.toml`).
fn catalogue_files(root: &Path, config: &SiteConfig, tag: &str) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(root.join("themes").join(theme).join("i18n"));
    }
    dirs.push(root.join("i18n"));
    let mut names = vec![language_of(tag).to_string()];
    if tag != language_of(tag) {
        names.push(tag.to_string());
    }
    dirs.iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(format!("{n}.toml"))))
        .collect()
}

/// A site's catalogue, each key checked: one that no built-in catalogue has is an error with
/// the nearest known key (a typo would otherwise leave the theme's string in place, silently).
fn read_site_catalogue(
    reader: &Reader,
    root: &Path,
    file: &Path,
) -> Result<Catalogue, Diagnostics> {
    let shown = display_path(root, file);
    let mut problems = Diagnostics::new();
    let relative = file.strip_prefix(root).unwrap_or(file);
    let text = match reader.read_text(relative) {
        Ok(text) => text,
        Err(e) => {
            problems.push(Diagnostic::error(
                shown,
                format!("cannot read catalogue: {e}"),
            ));
            return Err(problems);
        }
    };
    let (catalogue, found) = match Catalogue::parse(&text) {
        Ok(parsed) => parsed,
        Err(message) => {
            problems.push(Diagnostic::error(shown, message));
            return Err(problems);
        }
    };
    let locate = |key: &str| {
        let last = key.rsplit('.').next().unwrap_or(key);
        let offset = text
            .split_inclusive('\n')
            .scan(0usize, |offset, line| {
                let start = *offset;
                *offset += line.len();
                Some((start, line))
            })
            .find(|(_, line)| {
                let t = line.trim_start().trim_start_matches('"');
                t.starts_with(key) || t.starts_with(last)
            })
            .map_or(0, |(start, line)| {
                start + line.len() - line.trim_start().len()
            });
        span_at(&text, offset)
    };
    for p in found {
        problems.push(
            Diagnostic::error(shown.clone(), p.message)
                .at_field(p.key.clone())
                .with_span(locate(&p.key)),
        );
    }
    let english = english_catalogue();
    for (key, message) in &catalogue.messages {
        match english.get(key) {
            None => problems.push(
                Diagnostic::error(shown.clone(), format!("unknown key `{key}`"))
                    .at_field(key.clone())
                    .with_span(locate(key))
                    .maybe_hint(did_you_mean(key, english.keys()).or_else(|| {
                        Some(
                            "see the keys in docket's English catalogue (docs/languages.md)".into(),
                        )
                    })),
            ),
            Some(known) => {
                if let (Message::Text(_), Message::Plural(_)) = (known, message) {
                    problems.push(
                        Diagnostic::error(
                            shown.clone(),
                            format!("`{key}` is plain text, not plural forms"),
                        )
                        .at_field(key.clone())
                        .with_span(locate(key)),
                    );
                }
            }
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(catalogue)
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{placeholders, CATEGORIES};
    use super::*;

    /// Every built-in catalogue has every English key, with the same kind of message and the
    /// same values in it, and a form for each plural category its language has (or only
    /// `other`, for a message that is the same whatever the number).
    #[test]
    fn builtin_catalogues_are_complete() {
        let en = english_catalogue();
        for (tag, _) in BUILTIN {
            let c = builtin(tag).unwrap();
            let locale = make(tag, String::new(), c.clone(), Calendar::Gregorian).unwrap();
            let mut missing = Vec::new();
            for (key, english) in &en.messages {
                let Some(own) = c.get(key) else {
                    missing.push(key.clone());
                    continue;
                };
                let names = |m: &Message| -> Vec<String> {
                    let mut all: Vec<String> = match m {
                        Message::Text(t) => placeholders(t),
                        Message::Plural(forms) => {
                            forms.values().flat_map(|f| placeholders(f)).collect()
                        }
                    };
                    all.sort();
                    all.dedup();
                    all
                };
                let (mut want, have) = (names(english), names(own));
                // A plural form may leave the count out ("one event" as a word).
                if matches!(own, Message::Plural(_)) {
                    want.retain(|n| n != "n" || have.contains(&"n".to_string()));
                }
                assert_eq!(
                    want, have,
                    "`{tag}`: `{key}` uses other values than English"
                );
                match (english, own) {
                    (Message::Text(_), Message::Text(_)) => {}
                    // Only `other` says the message is the same for every number (Persian
                    // puts the singular after any count); otherwise each category the
                    // language has needs its form.
                    (Message::Plural(_), Message::Plural(forms)) if forms.len() == 1 => {
                        assert!(
                            forms.contains_key("other"),
                            "`{tag}`: `{key}` has no `other`"
                        );
                    }
                    (Message::Plural(_), Message::Plural(forms)) => {
                        for n in 0..200u64 {
                            let category = super::super::catalogue::category_name(
                                locale.inner.formats.plural(n),
                            );
                            assert!(
                                category == "other" || forms.contains_key(category),
                                "`{tag}`: `{key}` has no `{category}` form (for {n})"
                            );
                        }
                        assert!(forms.keys().all(|k| CATEGORIES.contains(k)));
                    }
                    _ => panic!("`{tag}`: `{key}` is not the same kind of message as in English"),
                }
            }
            assert!(missing.is_empty(), "`{tag}` lacks {missing:?}");
            let extra: Vec<&str> = c.keys().filter(|k| en.get(k).is_none()).collect();
            assert!(
                extra.is_empty(),
                "`{tag}` has keys English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn directions_come_from_cldr() {
        for (tag, rtl) in [
            ("en", false),
            ("fa", true),
            ("ar", true),
            ("ru", false),
            ("he", true),
        ] {
            let locale = make(
                tag,
                String::new(),
                Catalogue::default(),
                Calendar::Gregorian,
            )
            .unwrap();
            assert_eq!(locale.is_rtl(), rtl, "{tag}");
        }
    }
}
