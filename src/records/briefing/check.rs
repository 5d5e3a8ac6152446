//! Checking one briefing file: front matter fields with located problems (through the same
//! [`Checker`] records use), then the Markdown body: its links and its shortcodes.

use super::narrative;
use super::{Briefing, BriefingStatus};
use crate::diagnostics::{did_you_mean, Diagnostic, Severity, Span};
use crate::markdown::MAX_EMBEDS;
use crate::records::date::{PartialDate, Precision};
use crate::records::period::{Period, FORMS};
use crate::records::Revision;
use crate::records::{span_at, Checker};
use crate::records::{split_front_matter, Known};
use serde::Deserialize;
use std::collections::HashSet;

/// The front matter as written; everything loose so each problem gets its own message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBriefing {
    title: Option<String>,
    period: Option<String>,
    published: Option<String>,
    status: Option<String>,
    description: Option<String>,
    authors: Option<Vec<String>>,
    figures: Option<Vec<String>>,
    revisions: Option<Vec<crate::records::raw::RawRevision>>,
}

/// What a briefing's references may point to.
pub struct Targets<'a> {
    /// Event ids and the build's day.
    pub known: &'a Known<'a>,
    /// Figure ids, when the site's figures are known; `None` leaves figure ids unchecked.
    pub figures: Option<&'a HashSet<String>>,
}

/// Check `content/briefings/<slug>.md`. Returns the briefing when it has no errors, and every
/// problem found, located in the whole file.
pub fn check_briefing(
    slug: &str,
    file: &str,
    text: &str,
    targets: &Targets<'_>,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    let Some((front, body)) = split_front_matter(text) else {
        let d = Diagnostic::error(
            file,
            "a briefing must start with YAML front matter between `---` lines",
        )
        .with_span(Span { line: 1, column: 1 })
        .with_hint("begin the file with a line `---`, then `title: Q2 2019 briefing`, `period: 2019-Q2`, `published: 2019-07-15` and `---`, each on its own line (or let `docket brief 2019-Q2` write it)");
        return (None, vec![d]);
    };
    let (raw, refused) = match crate::yaml::from_str_every_field::<RawBriefing>(file, front) {
        Ok(parsed) => parsed,
        Err(mut d) => {
            shift(&mut d);
            return (None, vec![d]);
        }
    };
    let mut check = Checker::new(file);
    check.refused(refused);
    let briefing = fields(&mut check, raw, targets);
    let front_ok = !check.has_errors();
    let mut diagnostics = check.finish(front);
    diagnostics.iter_mut().for_each(shift);
    let body_start = text.len() - body.len();
    let body_problems = check_body(file, text, body_start, targets);
    let ok = front_ok && !body_problems.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(body_problems);
    let briefing = briefing.filter(|_| ok).map(|mut b| {
        b.slug = slug.to_string();
        b.file = file.to_string();
        b.body = body.to_string();
        b
    });
    (briefing, diagnostics)
}

/// Front matter starts on the file's second line.
fn shift(d: &mut Diagnostic) {
    if let Some(span) = d.span.as_mut() {
        span.line += 1;
    }
}

fn fields(
    check: &mut Checker<'_>,
    mut raw: RawBriefing,
    targets: &Targets<'_>,
) -> Option<Briefing> {
    // One-line text and prose, held to the rules of record text.
    crate::records::limits::line(check, "title", &mut raw.title);
    crate::records::limits::prose(check, "description", &raw.description);
    for (i, author) in raw.authors.iter_mut().flatten().enumerate() {
        let mut one = Some(std::mem::take(author));
        crate::records::limits::line(check, &format!("authors[{i}]"), &mut one);
        *author = one.unwrap_or_default();
    }
    let today = targets.known.today;
    let title = required_text(check, "title", raw.title);
    let period = match raw.period.as_deref().map(str::trim) {
        None => {
            check.error(
                "period",
                "missing required field `period`",
                Some(FORMS.into()),
            );
            None
        }
        Some(text) => match Period::parse(text) {
            Ok(period) => Some(period),
            Err(message) => {
                check.error("period", message, Some(FORMS.into()));
                None
            }
        },
    };
    let published = match raw.published.as_deref() {
        None => {
            check.error(
                "published",
                "missing required field `published`",
                Some("the day the briefing is published, e.g. published: 2019-07-15".into()),
            );
            None
        }
        Some(text) => match PartialDate::parse(text) {
            Ok(date) if date.precision() != Precision::Day => {
                check.error(
                    "published",
                    format!("`{date}` is not a day"),
                    Some("write the full date of publication, e.g. 2019-07-15".into()),
                );
                None
            }
            Ok(date) if date.first_day() > today => {
                check.error(
                    "published",
                    format!("the publication date {date} is in the future"),
                    Some(format!(
                        "today is {today} (set SOURCE_DATE_EPOCH to build as of another day)"
                    )),
                );
                None
            }
            Ok(date) => Some(date),
            Err(message) => {
                check.error("published", message, None);
                None
            }
        },
    };
    if let (Some(period), Some(published)) = (&period, &published) {
        if published.first_day() < period.start {
            check.warning(
                "published",
                format!(
                    "published on {published}, before the period it covers begins ({})",
                    period.start
                ),
                Some("check the year of `published` and of `period`".into()),
            );
        } else if !period.is_over(today) {
            check.warning(
                "period",
                format!(
                    "{} has not ended yet (it ends on {}): its numbers can still change",
                    period.label(),
                    period.end
                ),
                None,
            );
        }
    }
    let status = match raw.status.as_deref().map(str::trim) {
        None | Some("published") => BriefingStatus::Published,
        Some("draft") => BriefingStatus::Draft,
        Some(other) => {
            check.error(
                "status",
                format!("unknown status `{other}`"),
                did_you_mean(other, ["published", "draft"])
                    .or_else(|| Some("expected one of: published, draft".into())),
            );
            BriefingStatus::Published
        }
    };
    let authors: Vec<String> = raw
        .authors
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_string())
        .collect();
    for (i, author) in authors.iter().enumerate() {
        if author.is_empty() {
            check.error(&format!("authors[{i}]"), "an author's name is empty", None);
        }
    }
    let figures = raw.figures.unwrap_or_default();
    for (i, id) in figures.iter().enumerate() {
        let field = format!("figures[{i}]");
        if let Some(known) = targets.figures {
            if !known.contains(id) {
                check.error(
                    &field,
                    format!("unknown figure `{id}`"),
                    did_you_mean(id, known.iter().map(String::as_str))
                        .or_else(|| Some(format!("a figure is a file content/figures/{id}.yaml"))),
                );
            }
        } else if !crate::ids::is_record_id(id) {
            check.error(&field, format!("`{id}` is not a figure id"), None);
        }
        if figures[..i].contains(id) {
            check.error(&field, format!("figure `{id}` is listed twice"), None);
        }
    }
    let revisions = revisions(check, raw.revisions, published.as_ref(), today);
    let description = raw
        .description
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    Some(Briefing {
        slug: String::new(),
        file: String::new(),
        title: title?,
        period: period?,
        published: published?,
        status,
        description,
        authors,
        figures,
        revisions,
        body: String::new(),
    })
}

/// `revisions:`, oldest first: each a day from publication to today, with a note.
fn revisions(
    check: &mut Checker<'_>,
    raw: Option<Vec<crate::records::raw::RawRevision>>,
    published: Option<&PartialDate>,
    today: jiff::civil::Date,
) -> Vec<Revision> {
    let mut out = Vec::new();
    for (i, r) in raw.unwrap_or_default().into_iter().enumerate() {
        let field = format!("revisions[{i}].date");
        let date = match r.date.as_deref().map(str::trim) {
            None => {
                check.error(&field, format!("missing required field `{field}`"), None);
                None
            }
            Some(text) => match PartialDate::parse(text) {
                Ok(date) if date.precision() != Precision::Day => {
                    check.error(
                        &field,
                        format!("`{date}` is not a day"),
                        Some("write the day the briefing was revised, e.g. 2019-08-02".into()),
                    );
                    None
                }
                Ok(date) if date.first_day() > today => {
                    check.error(
                        &field,
                        format!("the revision date {date} is in the future"),
                        Some(format!(
                            "today is {today} (set SOURCE_DATE_EPOCH to build as of another day)"
                        )),
                    );
                    None
                }
                Ok(date) if published.is_some_and(|p| date < *p) => {
                    check.error(
                        &field,
                        format!("revised on {date}, before the briefing was published"),
                        Some("a revision comes after `published`; check the year".into()),
                    );
                    None
                }
                Ok(date) => Some(date),
                Err(message) => {
                    check.error(&field, message, None);
                    None
                }
            },
        };
        let note_field = format!("revisions[{i}].note");
        let note = r.note;
        crate::records::limits::prose(check, &note_field, &note);
        let note = match note.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(text.to_string()),
            Some(_) => {
                check.error(
                    &note_field,
                    "a revision note is empty",
                    Some("say what changed, in a sentence".into()),
                );
                None
            }
            None => {
                check.error(
                    &note_field,
                    format!("missing required field `{note_field}`"),
                    Some("say what changed, in a sentence".into()),
                );
                None
            }
        };
        if let (Some(date), Some(note)) = (date, note) {
            out.push(Revision { date, note });
        }
    }
    out.sort_by_key(|r| r.date);
    out
}

fn required_text(check: &mut Checker<'_>, field: &str, value: Option<String>) -> Option<String> {
    match value.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(text.to_string()),
        Some(_) => {
            check.error(field, format!("`{field}` is empty"), None);
            None
        }
        None => {
            check.error(field, format!("missing required field `{field}`"), None);
            None
        }
    }
}

/// Links and shortcodes of the body, located in the whole file.
fn check_body(file: &str, text: &str, body_start: usize, targets: &Targets<'_>) -> Vec<Diagnostic> {
    let body = &text[body_start..];
    let at = |offset: usize| span_at(text, body_start + offset);
    let mut out = Vec::new();
    for url in crate::markdown::unsafe_links(body) {
        let d = Diagnostic::error(file, format!("link to `{url}` is not allowed"))
            .with_hint("links in Markdown may be http(s), mailto, relative paths or #fragments");
        out.push(match body.find(&url) {
            Some(offset) => d.with_span(at(offset)),
            None => d,
        });
    }
    let known = targets.known;
    let mut figures = 0;
    for found in narrative::find(body) {
        match found {
            Err(bad) => out.push(
                Diagnostic::error(file, bad.message)
                    .with_span(at(bad.at))
                    .maybe_hint(bad.hint),
            ),
            Ok(code) => {
                let target = code.target().unwrap_or_default();
                let problem = match code.name.as_str() {
                    "cite" if !known.events.contains(target) => Some((
                        format!("unknown event `{target}`"),
                        did_you_mean(target, known.events.iter().map(String::as_str)).or_else(
                            || Some(format!("an event is a file content/events/{target}.yaml")),
                        ),
                    )),
                    "figure" if !alone_on_its_line(body, &code) => Some((
                        "a figure goes on a line of its own".to_string(),
                        Some(format!(
                            "move {} to its own line, with nothing else on it",
                            &body[code.start..code.end]
                        )),
                    )),
                    "figure" if figures > MAX_EMBEDS => None,
                    "figure" if figures == MAX_EMBEDS => {
                        figures += 1;
                        Some((
                            format!("more than {MAX_EMBEDS} figures embedded in one text; each is drawn in full"),
                            Some("show the others on their own pages (/figures/<id>/), or split the briefing".to_string()),
                        ))
                    }
                    "figure" => match targets.figures {
                        Some(known) if !known.contains(target) => Some((
                            format!("unknown figure `{target}`"),
                            did_you_mean(target, known.iter().map(String::as_str)),
                        )),
                        _ => {
                            figures += 1;
                            None
                        }
                    },
                    _ => None,
                };
                if let Some((message, hint)) = problem {
                    out.push(
                        Diagnostic::error(file, message)
                            .with_span(at(code.start))
                            .maybe_hint(hint),
                    );
                }
            }
        }
    }
    out
}

/// Is the shortcode the only thing on its line? (Figures are blocks, not words in a sentence.)
fn alone_on_its_line(body: &str, code: &narrative::Shortcode) -> bool {
    let start = body[..code.start].rfind('\n').map_or(0, |i| i + 1);
    let end = body[code.end..]
        .find('\n')
        .map_or(body.len(), |i| code.end + i);
    body[start..end].trim() == &body[code.start..code.end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::vocab::Vocabularies;
    use jiff::civil::date;

    fn run(text: &str) -> (Option<Briefing>, Vec<Diagnostic>) {
        let vocab = Vocabularies::builtin();
        let events: HashSet<String> = ["2019-05-28-facebook-iran".to_string()].into();
        let none = HashSet::new();
        let known = Known {
            vocab: &vocab,
            events: &events,
            actors: &none,
            operations: &none,
            today: date(2020, 1, 1),
        };
        let figures: HashSet<String> = ["accounts-by-platform".to_string()].into();
        let targets = Targets {
            known: &known,
            figures: Some(&figures),
        };
        check_briefing("q2", "content/briefings/q2.md", text, &targets)
    }

    #[test]
    fn reads_a_briefing() {
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q2\npublished: 2019-07-15\nfigures: [accounts-by-platform]\n---\nText {{ cite(event=\"2019-05-28-facebook-iran\") }}\n");
        assert!(d.is_empty(), "{d:?}");
        let b = b.unwrap();
        assert_eq!(b.period.key(), "2019-Q2");
        assert_eq!(b.slug, "q2");
        assert!(b.body.starts_with("Text"));
        assert_eq!(b.status, BriefingStatus::Published);
    }

    #[test]
    fn locates_front_matter_problems_in_the_file() {
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q5\npublished: 2019-07\nfigurs: []\n---\n");
        assert!(b.is_none());
        assert_eq!(d[0].message, "unknown field `figurs`");
        assert_eq!(d[0].span, Some(Span { line: 5, column: 1 }));
        let (_, d) = run("---\ntitle: Q2\nperiod: 2019-Q5\npublished: 2019-07\n---\n");
        assert_eq!(d[0].field.as_deref(), Some("period"));
        assert_eq!(d[0].span, Some(Span { line: 3, column: 9 }));
        assert_eq!(d[1].message, "`2019-07` is not a day");
    }

    #[test]
    fn checks_references_in_the_body_and_front_matter() {
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q2\npublished: 2019-07-15\nfigures: [acounts-by-platform]\n---\n\nSee {{ cite(event=\"2019-05-28-facebok-iran\") }}.\n");
        assert!(b.is_none());
        assert_eq!(d[0].message, "unknown figure `acounts-by-platform`");
        assert_eq!(
            d[0].hint.as_deref(),
            Some("did you mean `accounts-by-platform`?")
        );
        assert_eq!(d[1].message, "unknown event `2019-05-28-facebok-iran`");
        assert_eq!(d[1].span, Some(Span { line: 8, column: 5 }));
        assert_eq!(
            d[1].hint.as_deref(),
            Some("did you mean `2019-05-28-facebook-iran`?")
        );
    }

    #[test]
    fn warns_about_publication_before_the_period() {
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q2\npublished: 2018-07-15\n---\n");
        assert!(b.is_some());
        assert_eq!(
            d[0].message,
            "published on 2018-07-15, before the period it covers begins (2019-04-01)"
        );
        assert_eq!(
            d[0].span,
            Some(Span {
                line: 4,
                column: 12
            })
        );
    }

    #[test]
    fn warns_about_a_period_still_running() {
        let (b, d) = run("---\ntitle: Q1\nperiod: 2020-Q1\npublished: 2020-01-01\n---\n");
        assert!(b.is_some());
        assert!(d[0].message.contains("has not ended yet"), "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
    }

    #[test]
    fn revisions_are_dated_after_publication_and_kept_in_order() {
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q2\npublished: 2019-07-15\nrevisions:\n  - {date: 2019-09-01, note: Second.}\n  - {date: 2019-08-01, note: First.}\n---\n");
        assert!(d.is_empty(), "{d:?}");
        let b = b.unwrap();
        assert_eq!(b.revisions[0].note, "First.");
        assert_eq!(b.last_updated().to_string(), "2019-09-01");
        let (b, d) = run("---\ntitle: Q2\nperiod: 2019-Q2\npublished: 2019-07-15\nrevisions:\n  - {date: 2019-07-01, note: Too early.}\n  - {date: 2019-08}\n---\n");
        assert!(b.is_none());
        assert_eq!(
            d[0].message,
            "revised on 2019-07-01, before the briefing was published"
        );
        assert_eq!(d[0].field.as_deref(), Some("revisions[0].date"));
        assert_eq!(d[1].message, "`2019-08` is not a day");
        assert!(
            d.iter()
                .any(|x| x.field.as_deref() == Some("revisions[1].note")),
            "{d:?}"
        );
    }
}
