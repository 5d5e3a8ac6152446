//! Every field serde refuses, not only the first: the lenient parse behind "every problem of a
//! file in one run". Used only after [`super::from_str`] failed on a field, so a valid record
//! is parsed once.

use super::{explain, from_str, split_path};
use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;

/// A field [`from_str_every_field`] left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Its path, e.g. `sources[1].urll`.
    pub field: String,
    /// An unknown field, reported at its key; otherwise a value of the wrong type.
    pub unknown: bool,
    /// For an unknown field, the known field it is most likely a misspelling of, as a path
    /// beside it (`sources[0].title` for `sources[0].titel`).
    pub meant: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

/// [`from_str`] for a record whose fields are all optional, without stopping at the first field
/// serde refuses. An unknown field or a value of the wrong type is left out and returned as
/// [`Refused`], looking down to the fields of a nested mapping and of each list item, and the
/// rest of the record is parsed, so its other problems are checked in the same run. Syntax
/// errors, and anything else that is not about one field, are returned as [`from_str`] does.
pub fn from_str_every_field<T: DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<(T, Vec<Refused>), Diagnostic> {
    let first = match from_str::<T>(file, text) {
        Ok(record) => return Ok((record, Vec::new())),
        Err(first) => first,
    };
    let about_a_field = first.field.is_some()
        || first.message.starts_with("unknown field")
        || first.message.starts_with("wrong type");
    if !about_a_field {
        return Err(first);
    }
    // The text parsed as far as the typed parse got; aliases and nesting were bounded there.
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(&unified) else {
        return Err(first);
    };
    let mut refused = Vec::new();
    let kept = prune::<T>(&map, &mut refused);
    match serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(kept)) {
        Ok(record) if !refused.is_empty() => Ok((record, refused)),
        _ => Err(first),
    }
}

/// The entries of `map` that `T` accepts, each tried on its own (every field of `T` is
/// optional); those it refuses are described in `refused`. A refused mapping or list is looked
/// into, so that only its bad entries or items are left out.
fn prune<T: DeserializeOwned>(
    map: &serde_yaml::Mapping,
    refused: &mut Vec<Refused>,
) -> serde_yaml::Mapping {
    use serde_yaml::{Mapping, Value};
    let refusal = |value: Value| serde_yaml::from_value::<T>(value).err();
    let mut kept = Mapping::new();
    for (key, value) in map {
        let name = match key {
            Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let alone = |v: Value| Value::Mapping(Mapping::from_iter([(key.clone(), v)]));
        let Some(error) = refusal(alone(value.clone())) else {
            kept.insert(key.clone(), value.clone());
            continue;
        };
        // Every field of `T` is optional, so a known key takes an empty value.
        if refusal(alone(Value::Null)).is_some() {
            refused.push(refusal_of(name, &error));
            continue;
        }
        let mut refuse = |field: String, error: &serde_yaml::Error| {
            refused.push(refusal_of(field, error));
        };
        // Look inside only where the field takes that shape: a list given for a mapping is
        // wrong as a whole.
        let takes = |shape: Value| refusal(alone(shape)).is_none();
        let inner = match value {
            // The entries of a nested mapping, each alone under the same key.
            Value::Mapping(entries) if takes(Value::Mapping(Mapping::new())) => {
                let mut good = Mapping::new();
                for (k, v) in entries {
                    let one = Value::Mapping(Mapping::from_iter([(k.clone(), v.clone())]));
                    match refusal(alone(one)) {
                        None => {
                            good.insert(k.clone(), v.clone());
                        }
                        Some(e) => refuse(format!("{name}.{}", k.as_str().unwrap_or("?")), &e),
                    }
                }
                Some(Value::Mapping(good))
            }
            // Each item of a list alone, and the entries of an item that is a mapping.
            Value::Sequence(items) if takes(Value::Sequence(Vec::new())) => {
                let mut good = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let Some(e) = refusal(alone(Value::Sequence(vec![item.clone()]))) else {
                        good.push(item.clone());
                        continue;
                    };
                    let Value::Mapping(entries) = item else {
                        refuse(format!("{name}[{i}]"), &e);
                        continue;
                    };
                    let mut fields = Mapping::new();
                    for (k, v) in entries {
                        let one = Value::Mapping(Mapping::from_iter([(k.clone(), v.clone())]));
                        match refusal(alone(Value::Sequence(vec![one]))) {
                            None => {
                                fields.insert(k.clone(), v.clone());
                            }
                            Some(e) => {
                                refuse(format!("{name}[{i}].{}", k.as_str().unwrap_or("?")), &e)
                            }
                        }
                    }
                    good.push(Value::Mapping(fields));
                }
                Some(Value::Sequence(good))
            }
            _ => None,
        };
        match inner {
            Some(inner) if refusal(alone(inner.clone())).is_none() => {
                kept.insert(key.clone(), inner);
            }
            Some(_) | None => {
                // Nothing inside to blame (or the parts are fine only apart): the field as a whole.
                if !refused.iter().any(|r| r.field.starts_with(&name)) {
                    refused.push(refusal_of(name, &error));
                }
            }
        }
    }
    kept
}

/// A serde error about the value at `field`, in docket's words.
fn refusal_of(field: String, error: &serde_yaml::Error) -> Refused {
    let text = error.to_string();
    let (_, message) = split_path(&text);
    let (message, hint) = explain(message);
    let unknown = message.starts_with("unknown field");
    let meant = hint
        .as_deref()
        .filter(|_| unknown)
        .and_then(|h| h.strip_prefix("did you mean `")?.strip_suffix("`?"))
        .map(|name| match field.rfind(['.', ']']) {
            Some(i) if field.as_bytes()[i] == b'.' => format!("{}.{name}", &field[..i]),
            _ => name.to_string(),
        });
    Refused {
        unknown,
        meant,
        field,
        message,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Loose {
        title: Option<String>,
        tags: Option<Vec<String>>,
        items: Option<Vec<LooseItem>>,
        about: Option<LooseItem>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct LooseItem {
        url: Option<String>,
        note: Option<String>,
    }

    fn every_field(text: &str) -> (Loose, Vec<(String, bool, String)>) {
        let (record, refused) = from_str_every_field::<Loose>("x.yaml", text).unwrap();
        let refused = refused
            .into_iter()
            .map(|r| (r.field, r.unknown, r.message))
            .collect();
        (record, refused)
    }

    #[test]
    fn every_field_leaves_out_only_what_serde_refuses() {
        let (record, refused) = every_field(
            "title: T\ntitel: x\ntags: [a, [b], c]\nitems:\n  - {url: u, nte: n}\n  - {url: [v], note: w}\nabout: {url: a, more: 1}\n",
        );
        assert_eq!(
            refused,
            [
                ("titel".into(), true, "unknown field `titel`".into()),
                (
                    "tags[1]".into(),
                    false,
                    "wrong type: found a list, expected text".into()
                ),
                ("items[0].nte".into(), true, "unknown field `nte`".into()),
                (
                    "items[1].url".into(),
                    false,
                    "wrong type: found a list, expected text".into()
                ),
                ("about.more".into(), true, "unknown field `more`".into()),
            ]
        );
        let item = |url: Option<&str>, note: Option<&str>| LooseItem {
            url: url.map(String::from),
            note: note.map(String::from),
        };
        assert_eq!(
            record,
            Loose {
                title: Some("T".into()),
                tags: Some(vec!["a".into(), "c".into()]),
                items: Some(vec![item(Some("u"), None), item(None, Some("w"))]),
                about: Some(item(Some("a"), None)),
            }
        );
    }

    #[test]
    fn every_field_passes_a_good_file_and_a_syntax_error_through() {
        let (record, refused) = every_field("title: T\n");
        assert_eq!(record.title.as_deref(), Some("T"));
        assert!(refused.is_empty());
        let d = from_str_every_field::<Loose>("x.yaml", "title: [T\ntags: x\n").unwrap_err();
        assert!(d.message.starts_with("invalid YAML"), "{d:?}");
        // A whole file of the wrong shape is one problem, not one per entry.
        let d = from_str_every_field::<Loose>("x.yaml", "- a\n- b\n").unwrap_err();
        assert!(d.message.starts_with("wrong type"), "{d:?}");
    }
}
