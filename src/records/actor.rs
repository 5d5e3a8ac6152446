//! Checking actor (`content/actors/<key>.yaml`) and operation (`content/operations/<key>.yaml`)
//! records.

use super::event::{enum_value, markdown_links};
use super::fields::{Fields, Known};
use super::model::{Actor, ActorType, Operation};
use super::raw::{RawActor, RawOperation};
use crate::diagnostics::Diagnostic;

pub fn check_actor(
    key: &str,
    file: &str,
    text: &str,
    known: &Known<'_>,
) -> (Option<Actor>, Vec<Diagnostic>) {
    let (mut raw, refused) = match crate::yaml::from_str_every_field::<RawActor>(file, text) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let mut f = Fields::new(file, known);
    f.check.refused(refused);
    super::limits::actor(&mut f.check, &mut raw);
    let name = f.required_text("name", raw.name);
    let country = raw.country.and_then(|c| f.country("country", &c));
    let kind = raw
        .kind
        .and_then(|k| enum_value(&mut f, "type", &k, ActorType::parse, &ActorType::NAMES));
    let description = Fields::optional_text(raw.description).unwrap_or_default();
    markdown_links(&mut f, "description", &description);
    let actor = name.map(|name| Actor {
        key: key.to_string(),
        file: file.to_string(),
        name,
        country,
        kind,
        aliases: clean_list(raw.aliases),
        description,
    });
    let ok = !f.check.has_errors();
    (actor.filter(|_| ok), f.check.finish(text))
}

pub fn check_operation(
    key: &str,
    file: &str,
    text: &str,
    known: &Known<'_>,
) -> (Option<Operation>, Vec<Diagnostic>) {
    let (mut raw, refused) = match crate::yaml::from_str_every_field::<RawOperation>(file, text) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let mut f = Fields::new(file, known);
    f.check.refused(refused);
    super::limits::operation(&mut f.check, &mut raw);
    let name = f.required_text("name", raw.name);
    let actor = raw.actor.and_then(|a| {
        let actors = f.known.actors;
        f.reference("actor", "actor", &a, actors, "actors")
    });
    let description = Fields::optional_text(raw.description).unwrap_or_default();
    markdown_links(&mut f, "description", &description);
    let operation = name.map(|name| Operation {
        key: key.to_string(),
        file: file.to_string(),
        name,
        aliases: clean_list(raw.aliases),
        actor,
        description,
    });
    let ok = !f.check.has_errors();
    (operation.filter(|_| ok), f.check.finish(text))
}

fn clean_list(list: Option<Vec<String>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
