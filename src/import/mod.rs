//! `docket import`: public data taken into a site as records a person would have written.
//!
//! One file per source: [`meta`] (Meta's threat-research indicators), [`fiat`] (DFRLab's
//! Foreign Interference Attribution Tracker) and [`disarm`] (the DISARM framework, pinned as a
//! vocabulary). The shared pieces: records as an import builds them and their YAML
//! ([`draft`]), figures read from prose ([`stated`]), names turned into keys ([`lookup`]), the
//! site written into without overwriting anything ([`site`]) and the summary ([`report`]).
//!
//! Every import keeps the source's wording where it qualifies a figure, keeps dates at the
//! precision given, leaves out and reports every row it cannot map (by file and line), and is
//! idempotent: run again on the same data, it writes nothing.

pub mod disarm;
pub mod draft;
pub mod fiat;
pub mod lookup;
pub mod meta;
pub mod report;
pub mod site;
pub mod stated;
pub mod table;

pub use report::Report;
pub use site::Site;

/// Called as an import goes: what it is doing, how far it is, out of how much.
pub type Progress<'a> = &'a dyn Fn(&str, usize, usize);

/// The vocabularies in force for `site`: the built-ins with the site's own organisations,
/// countries and tactics (problems in those files are `docket check`'s to report).
pub fn site_vocab(site: &Site) -> crate::records::vocab::Vocabularies {
    let mut vocab = crate::records::vocab::Vocabularies::builtin();
    for name in ["countries", "organisations", "tactics"] {
        let relative = format!("content/vocab/{name}.yaml");
        if let Some(text) = site.read(&relative) {
            let _ = crate::records::vocab::load_site_vocab(&mut vocab, &relative, name, &text);
        }
    }
    vocab
}

/// `Sentence case`: the first letter in capitals.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A key from a name: lower-case ASCII words joined by hyphens, at most `max` characters,
/// cut at a hyphen.
pub fn key_from(name: &str, max: usize) -> String {
    let slug = slug::slugify(name);
    if slug.len() <= max {
        return slug;
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(at) if at > 0 => cut[..at].to_string(),
        _ => cut.to_string(),
    }
}
