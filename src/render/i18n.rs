//! The templates' words in the page's language: `t(key=…)` says a catalogue message, filled
//! with the values the template passes; `num` writes a count in the language's digits.
//!
//! ```text
//! {{ t(key="event.key_facts") }}
//! {{ t(key="term.summary_events", n=totals.events) }}       {# plural by n, in its digits #}
//! {{ t(key="footer.published_by_html", name=publisher_link | safe) }}
//! {{ term.events | num }}
//! {{ platform.name | bdi }}                                  {# isolated on a right-to-left page #}
//! ```
//!
//! What `t` returns is escaped already: a message is escaped unless its key ends in `_html`,
//! a value unless the template marked it safe; numbers are written in the language's digits.
//! A message's apostrophes are left as written (templates quote attributes with `"`), so a
//! catalogue's prose reads in the page source as it would in a template.

use crate::present::locale::Locale;
use tera::{Kwargs, State, TeraResult, Value};

/// Register `t` and `num` for pages in `locale`.
pub fn register(tera: &mut tera::Tera, locale: &Locale) {
    tera.register_function("t", Translate(locale.clone()));
    // A name or number set apart from the right-to-left text around it, so "IRGC" or "2,800"
    // and the punctuation beside them keep their order; on a left-to-right page, as it is.
    let rtl = locale.is_rtl();
    tera.register_filter(
        "bdi",
        move |value: Value, _: Kwargs, state: &State| -> TeraResult<Value> {
            let text = state.escape_if_needed(&value)?;
            Ok(Value::safe_string(&if rtl {
                format!("<bdi>{text}</bdi>")
            } else {
                text
            }))
        },
    );
    let numbers = locale.clone();
    tera.register_filter(
        "num",
        move |value: Value, _: Kwargs, _: &State| -> TeraResult<Value> {
            Ok(match value.as_u64() {
                Some(n) => Value::from(numbers.number(n)),
                None => value,
            })
        },
    );
}

/// Stand-ins that let templates compile where no language is known yet (`docket check`).
pub fn register_placeholders(tera: &mut tera::Tera) {
    register(tera, &Locale::english());
}

struct Translate(Locale);

impl tera::Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let n = match kwargs.get::<Value>("n")? {
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                tera::Error::message(format!("t(key=\"{key}\"): `n` must be a whole number"))
            })?),
            None => None,
        };
        let html = key.ends_with("_html");
        let mut args: Vec<(String, String)> = Vec::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str() else { continue };
            if name == "key" || name == "n" {
                continue;
            }
            let text = match value.as_u64() {
                Some(number) if value.is_number() => self.0.number(number),
                _ if value.is_safe() => value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string),
                _ => state.escape(
                    &value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string),
                )?,
            };
            args.push((name.to_string(), text));
        }
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if !self.0.has(key) {
            return Err(tera::Error::message(format!(
                "t(): no message `{key}` in the catalogues"
            )));
        }
        // The message's own text is escaped before the (already safe) values go in.
        let form = match n {
            Some(n) => self.0.plural_form(key, n).to_string(),
            None => self.0.text(key).to_string(),
        };
        let form = if html { form } else { escape_message(&form) };
        let number = n.map(|n| self.0.number(n));
        let filled = crate::present::locale::catalogue::fill(&form, &mut |name| {
            if name == "n" {
                if let Some(n) = &number {
                    return Some(n.clone());
                }
            }
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        });
        Ok(Value::safe_string(&filled))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A plain message made safe for HTML text and double-quoted attributes.
fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
