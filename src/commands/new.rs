//! `docket new event|actor|operation|page`: write a record skeleton with every required field
//! present and explained, named from its date and title, and print its path. Never overwrites.
//!
//! Required fields the command cannot know are left empty, so `docket check` names each one
//! until it is filled in; optional fields are listed commented out.

use crate::cli::NewRecord;
use docket::ids::{MAX_KEY, MAX_RECORD_ID as MAX_EVENT_ID};
use docket::records::date::PartialDate;
use docket::records::RESERVED_SLUGS;
use docket::{clock, Failure};
use std::path::Path;

pub fn run(root: &Path, record: NewRecord) -> Result<(), Failure> {
    let (relative, text) = match record {
        NewRecord::Event {
            title,
            platform,
            date,
        } => {
            let date = match date {
                Some(d) => checked_date(&d)?,
                None => clock::today(clock::now().map_err(Failure::Usage)?).to_string(),
            };
            if let Some(p) = &platform {
                if !docket::ids::is_key(p, MAX_KEY) {
                    return Err(Failure::Usage(format!(
                        "--platform `{p}` is not an organisation key (lower-case letters, digits and hyphens, e.g. facebook)"
                    )));
                }
            }
            let id = slug_within(&format!("{date}-{}", slug(&title)?), MAX_EVENT_ID);
            let text = event_skeleton(&title, &date, platform.as_deref());
            (format!("content/events/{id}.yaml"), text)
        }
        NewRecord::Actor { name } => {
            let key = slug_within(&slug(&name)?, MAX_KEY);
            (format!("content/actors/{key}.yaml"), actor_skeleton(&name))
        }
        NewRecord::Operation { name } => {
            let key = slug_within(&slug(&name)?, MAX_KEY);
            (
                format!("content/operations/{key}.yaml"),
                operation_skeleton(&name),
            )
        }
        NewRecord::Page { title } => {
            let key = slug_within(&slug(&title)?, MAX_KEY);
            if RESERVED_SLUGS.contains(&key.as_str()) {
                return Err(Failure::Usage(format!(
                    "a page cannot be called `{key}`: docket writes /{key}/ itself; choose another title"
                )));
            }
            (format!("content/pages/{key}.md"), page_skeleton(&title))
        }
    };
    write_new(root, &relative, &text)?;
    println!("{relative}");
    Ok(())
}

/// Create the file, refusing to touch one that exists or to write through a linked folder.
fn write_new(root: &Path, relative: &str, text: &str) -> Result<(), Failure> {
    docket::files::create_new(root, relative, text.as_bytes()).map_err(|refusal| match refusal {
        docket::files::Refusal::Io(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Failure::Usage(format!(
                "{relative} already exists; docket new never overwrites a record (edit that file, or choose another title or date)"
            ))
        }
        refusal => Failure::Usage(format!("cannot write {relative}: {refusal}")),
    })
}

fn checked_date(text: &str) -> Result<String, Failure> {
    PartialDate::parse(text)
        .map(|d| d.iso())
        .map_err(|e| Failure::Usage(format!("--date `{text}`: {e}")))
}

/// Lower-case ASCII words joined by hyphens (`Facebook removes Iran network` →
/// `facebook-removes-iran-network`; accents are transliterated).
pub fn slug(text: &str) -> Result<String, Failure> {
    let slug = slug::slugify(text);
    if slug.is_empty() {
        return Err(Failure::Usage(format!(
            "`{text}` has no letters or digits to name the file after"
        )));
    }
    Ok(slug)
}

/// `slug` cut to at most `max` characters, at a hyphen where possible.
pub fn slug_within(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(at) if at > 0 => cut[..at].to_string(),
        _ => cut.to_string(),
    }
}

/// A YAML scalar for `text`: plain when that reads back as the same string, else quoted.
fn yaml_text(text: &str) -> String {
    docket::yaml::write::scalar(text)
}

fn event_skeleton(title: &str, date: &str, platform: Option<&str>) -> String {
    let title = yaml_text(title);
    let discloser = platform.unwrap_or("");
    let removed_platform = platform.unwrap_or("facebook");
    format!(
        r#"# A new event record. Fill in every empty required field, then run `docket check`.
# The file name is the record's id: it is never reused, even if the record is retracted.

title: {title}   # required: what happened, as the page title
date: {date}   # required: when it was announced (YYYY-MM-DD, YYYY-MM or YYYY)
kind:   # required: takedown | suspension | content-removal | dataset-release | report | attribution
discloser: {discloser}   # required: who published the disclosure, an organisation key (facebook, twitter, graphika ...)
origin: []   # attributed origin countries, ISO codes (IR, RU ...); [] when none is attributed

# Optional: uncomment what the sources support. Quantities are written as the source states
# them: 51, "~2800" (about), ">4700" (more than), ">=1000", "<100", "100-200". Leave out what
# was not reported; never write 0 for "unknown".
# removed:
#   {removed_platform}: {{accounts: 51, pages: 36}}
# reach:
#   {removed_platform}: {{followers: "~21000"}}
# actor: irib
# operation: endless-mayfly
# attribution: {{by: {removed_platform}, wording: "originated in Iran", confidence: moderate}}
# targets: [US, GB]
# active: 2017/2019-05
# tactics: [impersonation, fake-personas]
# partners: [graphika]
# related: []

sources:   # required, at least one
  - url:   # required: the disclosure's address (http or https)
    title:   # required: the source's own title
    publisher:   # who published it
    date: {date}
    archive:   # recommended: a web.archive.org or archive.today copy

summary: |   # required, Markdown: what was disclosed, in the source's terms
"#
    )
}

fn actor_skeleton(name: &str) -> String {
    let name = yaml_text(name);
    format!(
        r#"# A new actor. Events name it with `actor: <this file's name>`.

name: {name}   # required: the actor's name as usually written

# Optional: uncomment and fill in.
# country: IR   # ISO 3166-1 alpha-2 code
# type: state-media   # state-agency | military | state-media | government-linked | pr-firm | individual | unknown
# aliases: [IRIB]
# description: |
#   Who they are and what is publicly known about them (Markdown).
"#
    )
}

fn operation_skeleton(name: &str) -> String {
    let name = yaml_text(name);
    format!(
        r#"# A new operation: a network that persists across disclosures. Events name it with
# `operation: <this file's name>`.

name: {name}   # required: the name researchers or platforms gave it

# Optional: uncomment and fill in.
# aliases: []
# actor: irib   # the actor behind it, a key from content/actors/
# description: |
#   What the network did and who described it (Markdown).
"#
    )
}

fn page_skeleton(title: &str) -> String {
    let title = yaml_text(title);
    format!(
        r#"---
title: {title}
# menu: 4   # position in the navigation; leave out to keep the page out of it
# description: One sentence for search engines and link previews.
---
Write the page here, in Markdown.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_with_hyphens() {
        assert_eq!(
            slug("Facebook removes Iran network").unwrap(),
            "facebook-removes-iran-network"
        );
        assert_eq!(slug("Café: «Señor» & co.").unwrap(), "cafe-senor-co");
        assert!(slug("¿?!").is_err());
    }

    #[test]
    fn long_slugs_are_cut_at_a_hyphen() {
        assert_eq!(slug_within("aaa-bbb-ccc", 9), "aaa-bbb");
        assert_eq!(slug_within("aaaaaaaaaa", 4), "aaaa");
        assert_eq!(slug_within("short", 100), "short");
    }

    #[test]
    fn titles_are_quoted_only_when_needed() {
        assert_eq!(
            yaml_text("Facebook removes network"),
            "Facebook removes network"
        );
        assert_eq!(yaml_text("Operation: Endless"), "\"Operation: Endless\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("2019"), "\"2019\"");
        assert_eq!(yaml_text("\"quoted\""), "\"\\\"quoted\\\"\"");
    }
}
