//! `/data/events.misp.json`: every record as a MISP event, in MISP's own JSON format (as
//! MISP's REST search answers: `{"response": [{"Event": {…}}, …]}`), for loading with PyMISP
//! or MISP's "import from MISP JSON".
//!
//! Each event has the record's title (`info`), announcement date, the tracker as creator
//! organisation, a `link` attribute for its page, each source and each archived copy, its
//! figures as `counter` attributes (the qualifier in the comment), its summary as `text`, and
//! its DISARM techniques as clusters of MISP's `disarm-techniques` galaxy. Clusters are named by
//! the uuid MISP's DISARM galaxy gives each technique (UUIDv5 of the technique id under the
//! galaxy's namespace), which MISP matches on import; a `misp-galaxy:` tag needs the cluster's
//! English name, which docket's vocabulary does not hold, so none is invented.
//!
//! Uuids are UUIDv5 ([`super::ids`]); timestamps come from the records, never the clock.
//! Retracted records stay in, tagged `docket:status="retracted"`, as in every download.

use super::ids;
use super::json::to_vec;
use super::Meta;
use crate::dataset::Dataset;
use crate::present::urls::folder;
use crate::records::date::PartialDate;
use crate::records::{Event, Measure, Status};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::{self, Write};
use uuid::Uuid;

/// The namespace of the uuids of MISP's DISARM galaxy clusters (the DISARM framework's galaxy
/// generator names each technique's cluster `uuid5(namespace, "T0143.003")`).
const DISARM_GALAXY_NAMESPACE: Uuid = Uuid::from_u128(0x9d6b_d9d2_2cd3_4900_b61a_06cd_64df_3996);
/// The uuid of MISP's `disarm-techniques` galaxy.
fn disarm_galaxy() -> Uuid {
    Uuid::new_v5(&DISARM_GALAXY_NAMESPACE, b"disarm-galaxy-techniques")
}

/// The uuid MISP's DISARM galaxy gives the cluster of technique `id`.
pub fn disarm_cluster(id: &str) -> Uuid {
    Uuid::new_v5(&DISARM_GALAXY_NAMESPACE, id.as_bytes())
}

/// Seconds since 1970 at the start of `date` (UTC), as MISP writes timestamps.
fn seconds(date: &PartialDate) -> String {
    date.first_day()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_or(0, |z| z.timestamp().as_second())
        .to_string()
}

fn tag(name: &str) -> Value {
    json!({"name": name})
}

/// A MISP tag's value in quotes: quotes and backslashes in it escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

struct Attributes<'a> {
    scope: &'a str,
    event: &'a str,
    list: Vec<Value>,
}

impl Attributes<'_> {
    fn add(&mut self, key: &str, category: &str, kind: &str, value: String, comment: String) {
        let uuid = ids::uuid(
            self.scope,
            "misp-attribute",
            &format!("{}:{key}", self.event),
        );
        self.list.push(json!({
            "uuid": uuid.to_string(),
            "category": category,
            "type": kind,
            "value": value,
            "comment": comment,
            "to_ids": false,
            "distribution": "5",
        }));
    }

    fn figures(&mut self, ds: &Dataset, group: &str, list: &[Measure]) {
        for m in list {
            let q = &m.quantity;
            let mut comment = format!(
                "{group}.{}.{}: {} ({})",
                m.platform,
                m.name,
                q.display(),
                q.qualifier.name()
            );
            comment.push_str(&format!(
                "; {} {}",
                ds.vocab.organisation_name(&m.platform),
                crate::records::label(&m.name).to_lowercase()
            ));
            if let Some(stated) = &q.as_stated {
                comment.push_str(&format!("; as stated: {stated}"));
            }
            self.add(
                &format!("{group}.{}.{}", m.platform, m.name),
                "Other",
                "counter",
                q.value.to_string(),
                comment,
            );
        }
    }
}

/// One record as a MISP event.
fn event(ds: &Dataset, meta: &Meta, scope: &str, org: &Value, e: &Event) -> Value {
    let created = ds.first_seen(e).unwrap_or(e.date);
    let mut modified = created;
    for date in e
        .revisions
        .iter()
        .map(|r| r.date)
        .chain(e.retraction.as_ref().map(|r| r.date))
    {
        if date.first_day() > modified.first_day() {
            modified = date;
        }
    }
    let mut a = Attributes {
        scope,
        event: &e.id,
        list: Vec::new(),
    };
    if meta.urls.has_base_url() {
        a.add(
            "page",
            "External analysis",
            "link",
            meta.urls.permalink(&folder::event(&e.id)),
            format!("Record {} in {}", e.id, ds.config.title),
        );
    }
    for (i, s) in e.sources.iter().enumerate() {
        let by = s
            .publisher
            .as_deref()
            .map_or(String::new(), |p| format!(" ({p})"));
        a.add(
            &format!("source.{i}"),
            "External analysis",
            "link",
            s.url.clone(),
            format!("Source: {}{by}", s.title),
        );
        if let Some(archive) = &s.archive {
            a.add(
                &format!("source.{i}.archive"),
                "External analysis",
                "link",
                archive.clone(),
                format!("Archived copy of: {}", s.title),
            );
        }
    }
    a.add(
        "summary",
        "Other",
        "text",
        e.summary.clone(),
        "Summary (Markdown)".into(),
    );
    a.figures(ds, "removed", &e.removed);
    a.figures(ds, "reach", &e.reach);
    a.figures(ds, "content", &e.content);

    let mut tags = vec![
        tag("tlp:clear"),
        tag(&format!("docket:kind={}", quoted(e.kind.key()))),
        tag(&format!("docket:status={}", quoted(e.status.key()))),
    ];
    for t in &e.tactics {
        tags.push(tag(&format!("docket:tactic={}", quoted(t))));
    }
    let techniques: std::collections::BTreeSet<&str> = e
        .tactics
        .iter()
        .flat_map(|t| ds.vocab.tactics.get(t).map_or(&[][..], |x| &x.disarm))
        .map(String::as_str)
        .collect();
    // MISP's DISARM galaxy names its clusters by the technique's name: known (and tagged as
    // MISP tags galaxies) when the site pinned a framework, else the cluster is named by id.
    let clusters: Vec<Value> = techniques
        .iter()
        .map(|id| {
            let name = ds.vocab.disarm_technique(id).map(|(name, _)| name);
            if let Some(name) = name {
                tags.push(tag(&format!(
                    "misp-galaxy:disarm-techniques={}",
                    quoted(name)
                )));
            }
            json!({
                "uuid": disarm_cluster(id).to_string(),
                "type": "disarm-techniques",
                "value": name.unwrap_or(id),
                "meta": {"external_id": [id]},
            })
        })
        .collect();
    let mut body = json!({
        "uuid": ids::uuid(scope, "misp-event", &e.id).to_string(),
        "info": e.title,
        "date": e.date.first_day().to_string(),
        "timestamp": seconds(&modified),
        "published": false,
        "analysis": "2",
        "threat_level_id": "4",
        "distribution": "3",
        "Orgc": org,
        "Tag": tags,
        "Attribute": a.list,
    });
    if !clusters.is_empty() {
        body["Galaxy"] = json!([{
            "uuid": disarm_galaxy().to_string(),
            "type": "disarm-techniques",
            "name": "Techniques",
            "namespace": "disarm",
            "GalaxyCluster": clusters,
        }]);
    }
    if e.status == Status::Retracted {
        body["info"] = json!(format!("Retracted: {}", e.title));
    }
    json!({ "Event": body })
}

/// The events, one to a line, written `chunk` at a time.
pub fn write_misp(ds: &Dataset, meta: &Meta, chunk: usize, out: &mut dyn Write) -> io::Result<()> {
    let scope = ids::site_scope(&ds.config);
    let publisher = ds.config.publisher.name.trim();
    let org = json!({
        "name": if publisher.is_empty() { ds.config.title.as_str() } else { publisher },
        "uuid": ids::uuid(&scope, "misp-organisation", "tracker").to_string(),
    });
    out.write_all(b"{\"response\": [")?;
    let mut first = true;
    for events in ds.events.chunks(chunk.max(1)) {
        let lines: Vec<Vec<u8>> = events
            .par_iter()
            .map(|e| to_vec(&event(ds, meta, &scope, &org, e)))
            .collect();
        for line in &lines {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            out.write_all(line)?;
        }
    }
    out.write_all(b"\n]}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disarm_clusters_have_the_uuids_of_misps_galaxy() {
        // As in MISP's clusters/disarm-techniques.json.
        assert_eq!(
            disarm_cluster("T0002").to_string(),
            "782afafa-e997-571a-9b25-d04bb322480c"
        );
        // The galaxy's list of clusters, named the same way.
        assert_eq!(
            Uuid::new_v5(&DISARM_GALAXY_NAMESPACE, b"disarm-cluster-techniques").to_string(),
            "fb0e6978-2647-5a95-8324-7ebfd2f88b67"
        );
    }

    #[test]
    fn tag_values_are_quoted_safely() {
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
