//! The site's language: every theme string by key ([`catalogue`]), and numbers, dates and
//! plural forms from CLDR ([`formats`]), for each language a site is published in.
//!
//! A [`Locale`] is made once per language per build and shared by every page; the strings are
//! the built-in catalogue of the language (`themes/default/i18n/<language>.toml`), over the
//! English one for any key it lacks, under the theme's and the site's own `i18n/<language>.toml`.

pub mod catalogue;
pub mod formats;
mod load;

pub use load::{builtin_languages, load, BUILTIN};

use crate::records::date::{Interval, PartialDate};
use crate::records::quantity::{Qualifier, Quantity, Total, TotalQualifier};
use catalogue::Message;
use std::collections::HashMap;
use std::sync::Arc;

/// One language of the site: its strings and formats. Cheap to clone.
#[derive(Clone)]
pub struct Locale {
    inner: Arc<Inner>,
}

struct Inner {
    tag: String,
    rtl: bool,
    /// Where its pages live under the site's base: empty for the site's own language, `fa/`
    /// for a further one.
    prefix: String,
    messages: HashMap<String, Message>,
    formats: formats::Formats,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("tag", &self.inner.tag)
            .finish()
    }
}

impl Locale {
    /// A hash of everything the language puts on a page: its tag, direction, prefix and
    /// strings (its formats follow from the tag and the settings).
    pub fn digest(&self) -> u64 {
        let mut messages: Vec<_> = self.inner.messages.iter().collect();
        messages.sort_unstable_by(|a, b| a.0.cmp(b.0));
        crate::digest::of(&(
            &self.inner.tag,
            self.inner.rtl,
            &self.inner.prefix,
            messages,
        ))
    }

    /// The BCP 47 tag, as the site wrote it (`fa`, `ar-EG`).
    pub fn tag(&self) -> &str {
        &self.inner.tag
    }

    /// `rtl` or `ltr`, for `dir` attributes.
    pub fn dir(&self) -> &'static str {
        if self.inner.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }

    pub fn is_rtl(&self) -> bool {
        self.inner.rtl
    }

    /// The folder its pages are written in, relative to the site's root: `` or `fa/`.
    pub fn prefix(&self) -> &str {
        &self.inner.prefix
    }

    /// The message of `key`, as written (its `other` form if it is plural); the key itself
    /// when no catalogue has it, so a missing string shows instead of vanishing.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.inner.messages.get(key).map_or(key, |m| m.form(None))
    }

    /// Whether any catalogue has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.inner.messages.contains_key(key)
    }

    /// The message of `key` for the count `n` (its plural form), with `{n}` the count written
    /// in the language's digits and every other `{name}` filled from `args`. Values are put in
    /// as they are: escaping is the caller's (see `render`'s template functions).
    pub fn message(&self, key: &str, n: Option<u64>, args: &[(&str, &str)]) -> String {
        let form = match self.inner.messages.get(key) {
            Some(m) => m.form(n.map(|n| self.inner.formats.plural(n))),
            None => key,
        };
        catalogue::fill(form, &mut |name| {
            if name == "n" {
                if let Some(n) = n {
                    return Some(self.number(n));
                }
            }
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// [`Locale::message`] with one value, `{n}`, and nothing else.
    pub fn count(&self, key: &str, n: u64) -> String {
        self.message(key, Some(n), &[])
    }

    /// The form of a plural message for `n`, unfilled.
    pub fn plural_form<'a>(&'a self, key: &'a str, n: u64) -> &'a str {
        match self.inner.messages.get(key) {
            Some(m) => m.form(Some(self.inner.formats.plural(n))),
            None => key,
        }
    }

    /// A message as data for the site's script: its text, or its plural forms by category.
    pub fn forms(&self, key: &str) -> serde_json::Value {
        match self.inner.messages.get(key) {
            Some(Message::Plural(forms)) => serde_json::json!(forms),
            Some(Message::Text(text)) => serde_json::json!(text),
            None => serde_json::json!(key),
        }
    }

    /// A decimal number written with `.` (`1.5`) in the language's digits and separator.
    pub fn decimal(&self, text: &str) -> String {
        self.inner.formats.decimal(text)
    }

    /// `n` in the language's digits and grouping.
    pub fn number(&self, n: u64) -> String {
        self.inner.formats.number(n)
    }

    /// A date at the precision it was written, in the language (and calendar) of the site.
    pub fn date(&self, d: &PartialDate) -> String {
        self.inner.formats.date(d)
    }

    /// The days from `start` to `end` (both full dates): `1 April – 30 June 2019`,
    /// `3–9 April 2019`, `20 December 2019 – 10 January 2020`.
    pub fn days(&self, start: &PartialDate, end: &PartialDate) -> String {
        if start == end {
            return self.date(start);
        }
        match self.inner.formats.shortened_start(start, end) {
            Some(first) if start.month == end.month => self.message(
                "date.days",
                None,
                &[("start", &first), ("end", &self.date(end))],
            ),
            Some(first) => self.message(
                "date.between",
                None,
                &[("start", &first), ("end", &self.date(end))],
            ),
            None => self.message(
                "date.between",
                None,
                &[("start", &self.date(start)), ("end", &self.date(end))],
            ),
        }
    }

    /// An activity period: `2015 – May 2019`, `since 2018`, `until 2020`.
    pub fn interval(&self, i: &Interval) -> String {
        match (&i.start, &i.end) {
            (Some(s), Some(e)) if s == e => self.date(s),
            (Some(s), Some(e)) => self.message(
                "date.between",
                None,
                &[("start", &self.date(s)), ("end", &self.date(e))],
            ),
            (None, Some(e)) => self.message("date.until", None, &[("end", &self.date(e))]),
            (Some(s), None) => self.message("date.since", None, &[("start", &self.date(s))]),
            (None, None) => String::new(),
        }
    }

    /// A figure as the source gave it: `≈2,800`, `>4,700`, `100–200`.
    pub fn quantity(&self, q: &Quantity) -> String {
        let n = self.number(q.value);
        let key = match q.qualifier {
            Qualifier::Exact => return n,
            Qualifier::Approx => "quantity.approx",
            Qualifier::Gt => "quantity.gt",
            Qualifier::Gte => "quantity.gte",
            Qualifier::Lt => "quantity.lt",
            Qualifier::Lte => "quantity.lte",
            Qualifier::Range => {
                let max = self.number(q.max.unwrap_or(q.value));
                return self.message("quantity.range", None, &[("min", &n), ("max", &max)]);
            }
        };
        self.message(key, None, &[("value", &n)])
    }

    /// A total under the qualifier rule: `≈2,800`, `≥1,000`, or that none was reported.
    pub fn total(&self, t: &Total) -> String {
        let n = self.number(t.value);
        let key = match t.qualifier {
            None => return self.text("quantity.not_reported").to_string(),
            Some(TotalQualifier::Exact) => return n,
            Some(TotalQualifier::Approx) => "quantity.approx",
            Some(TotalQualifier::AtLeast) => "quantity.gte",
        };
        self.message(key, None, &[("value", &n)])
    }

    /// The name of a figure (`accounts`, `group_members`) as a label: the catalogue's when it
    /// has one (`measure.accounts`), else the name made readable (`Group members`).
    pub fn figure_label(&self, name: &str) -> String {
        let key = format!("measure.{name}");
        match self.inner.messages.get(&key) {
            Some(m) => m.form(None).to_string(),
            None => crate::records::label(name),
        }
    }

    /// ` lang="…" dir="…"` for an element holding text in `text_lang`, when that is not the
    /// page's language; empty when it is. Only the language subtag is compared (`fa-AF` text
    /// on a `fa` page needs no mark).
    pub fn text_attrs(&self, text_lang: &str) -> String {
        if same_language(text_lang, self.tag()) {
            return String::new();
        }
        format!(
            " lang=\"{}\" dir=\"{}\"",
            crate::escape::xml_text(text_lang),
            direction_of(text_lang)
        )
    }

    /// The English locale of the built-in catalogue, for unit tests and tools that need one
    /// without a site.
    pub fn english() -> Locale {
        load::english()
    }
}

/// Whether two tags name the same language (`fa`, `fa-IR`).
pub fn same_language(a: &str, b: &str) -> bool {
    let base = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    base(a) == base(b)
}

/// `rtl` or `ltr` for text in the language `tag`, from CLDR (`ltr` for a tag ICU cannot read).
pub fn direction_of(tag: &str) -> &'static str {
    match tag.parse::<icu_locale::LanguageIdentifier>() {
        Ok(id) if icu_locale::LocaleDirectionality::new_common().is_right_to_left(&id) => "rtl",
        _ => "ltr",
    }
}

/// Every language of a site, its own first.
#[derive(Clone, Debug)]
pub struct Locales {
    all: Vec<Locale>,
}

impl Locales {
    pub fn new(all: Vec<Locale>) -> Locales {
        assert!(!all.is_empty(), "a site has at least its own language");
        Locales { all }
    }

    /// The site's own language.
    pub fn main(&self) -> &Locale {
        &self.all[0]
    }

    pub fn all(&self) -> &[Locale] {
        &self.all
    }

    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.all.len() > 1
    }

    pub fn get(&self, tag: &str) -> Option<&Locale> {
        self.all.iter().find(|l| l.tag() == tag)
    }
}
