#!/usr/bin/env python3
"""Read docket's standard data files with the tools their users have, and check what they say.

usage: check_exports.py SITE_DIR [SITE_DIR ...] [--init INIT_DIR]

For each built site:
- data/events.json validates against data/events.schema.json (JSON Schema 2020-12, jsonschema);
- data/events.stix.json passes the OASIS STIX 2.1 validator (stix2-validator) with no error and
  no warning but two documented ones, has one report per event with the id docs/data.md derives,
  retracted records revoked, and the figures of events.json in docket's extension;
- data/events.misp.json loads event by event into PyMISP, round-trips, and names each source,
  figure and DISARM galaxy cluster;
- every cite.bib parses with bibtexparser and every cite.ris with rispy, each saying what the
  CSL-JSON beside it says (title, authors, address, id, version);
- data/events.sqlite opens with Python's sqlite3, passes integrity and foreign-key checks, and
  holds the same events and figures as events.json.
With --init: the CITATION.cff that `docket init` wrote validates against the Citation File
Format 1.2.0 schema (as shipped by cffconvert), and every starter record validates against the
schema named on its first line.

Prints one line per failed check and a count; exits non-zero when any fails.
"""
import glob
import html
import importlib.util
import json
import os
import re
import sqlite3
import sys
import urllib.parse
import uuid

import bibtexparser
import jsonschema
import rispy
import yaml
from pylatexenc.latex2text import LatexNodes2Text
from pymisp import MISPEvent
from stix2validator import ValidationOptions, validate_file

failures = []
passed = 0

# docket's UUIDv5 namespace (src/exports/ids.rs, docs/data.md).
NAMESPACE = uuid.UUID("6f1c2d5e-8a43-4b7e-9d02-5c317e0af4b9")
# The namespace of MISP's DISARM galaxy cluster uuids.
DISARM_GALAXY = uuid.UUID("9d6bd9d2-2cd3-4900-b61a-06cd64df3996")
# Warnings stix2-validator gives that docket accepts on purpose (docs/data.md): ids are UUIDv5,
# so that a record keeps its id (103: "not a valid UUIDv4"); external pages are not hashed (302).
ACCEPTED_STIX_WARNINGS = {"103", "302"}


def check(condition, what):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(what)
        print(f"FAIL {what}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def as_uri(url):
    """A link as a strict URI, as docket writes it where URIs are checked (src/escape/uri.rs)."""
    return urllib.parse.quote(url.strip(), safe="%:/?#[]@!$&'()*+,;=~")


def scope(events_json):
    return events_json["site"]["url"] or events_json["site"]["title"]


def check_schema(site, data):
    schema = load(os.path.join(site, "data/events.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message[:160]}" for e in validator.iter_errors(data)]
    check(not errors, f"{site}: events.json validates against events.schema.json {errors[:3]}")
    check(data.get("$schema", "").endswith("data/events.schema.json"), f"{site}: events.json names its schema")


def check_stix(site, data):
    path = os.path.join(site, "data/events.stix.json")
    results = validate_file(path, ValidationOptions(version="2.1"))
    errors = [getattr(e, "message", str(e)) for r in results.object_results for e in r.errors]
    code = lambda text: next(iter(re.findall(r"\{(\d+)\}", text)), "")
    warnings = [
        str(w) for r in results.object_results for w in r.warnings if code(str(w)) not in ACCEPTED_STIX_WARNINGS
    ]
    check(results.is_valid and not errors, f"{site}: stix2-validator finds no error {errors[:3]}")
    check(not warnings, f"{site}: stix2-validator gives no warning but the accepted ones {warnings[:3]}")

    bundle = load(path)
    objects = {o["id"]: o for o in bundle["objects"]}
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    check(len(reports) == len(data["events"]), f"{site}: one STIX report per event")
    for event, report in zip(data["events"], reports):
        expected = f"report--{uuid.uuid5(NAMESPACE, scope(data) + '|report|' + event['id'])}"
        check(report["id"] == expected, f"{site}: {event['id']}: the report id is UUIDv5 of the record id")
        check(report["name"] == event["title"], f"{site}: {event['id']}: report name")
        check(report.get("revoked", False) == (event["status"] == "retracted"), f"{site}: {event['id']}: revoked exactly when retracted")
        for ref in report["object_refs"]:
            check(ref in objects, f"{site}: {event['id']}: {ref} is in the bundle")
        ext = next(iter(report["extensions"].values()))
        check(objects[next(iter(report["extensions"]))]["type"] == "extension-definition", f"{site}: the extension is defined in the bundle")
        for group in ("removed", "reach", "content"):
            mine = [(q["platform"]["key"], q["name"], q["value"], q["qualifier"], q["max"]) for q in event[group]]
            theirs = [(q["platform"], q["name"], q["value"], q["qualifier"], q.get("max")) for q in ext.get(group, [])]
            check(mine == theirs, f"{site}: {event['id']}: {group} figures and qualifiers in the extension")
        urls = {r.get("url") for r in report.get("external_references", [])}
        for s in event["sources"]:
            check(as_uri(s["url"]) in urls, f"{site}: {event['id']}: source {s['url']} referenced")
            if s["archive"]:
                check(as_uri(s["archive"]) in urls, f"{site}: {event['id']}: archive {s['archive']} referenced")
        techniques = {d for t in event["tactics"] for d in t["disarm"]}
        for d in techniques:
            ap = f"attack-pattern--{uuid.uuid5(NAMESPACE, 'docket|attack-pattern|DISARM:' + d)}"
            check(ap in report["object_refs"], f"{site}: {event['id']}: DISARM {d} is referenced")
            refs = objects.get(ap, {}).get("external_references", [])
            check(any(r["source_name"] == "DISARM" and r["external_id"] == d for r in refs), f"{site}: {ap} names DISARM {d}")


def check_misp(site, data):
    doc = load(os.path.join(site, "data/events.misp.json"))
    items = doc["response"]
    check(len(items) == len(data["events"]), f"{site}: one MISP event per event")
    for event, item in zip(data["events"], items):
        misp = MISPEvent()
        misp.load(item)
        title = event["title"] if event["status"] != "retracted" else f"Retracted: {event['title']}"
        check(misp.info == title, f"{site}: {event['id']}: MISP info is the title")
        check(str(misp.uuid) == str(uuid.uuid5(NAMESPACE, scope(data) + "|misp-event|" + event["id"])), f"{site}: {event['id']}: MISP uuid")
        values = [a.value for a in misp.attributes]
        for s in event["sources"]:
            check(s["url"] in values, f"{site}: {event['id']}: source link attribute")
        counters = [a for a in misp.attributes if a.type == "counter"]
        figures = [q for g in ("removed", "reach", "content") for q in event[g]]
        check(len(counters) == len(figures), f"{site}: {event['id']}: one counter per figure")
        for a, q in zip(counters, figures):
            check(a.value == str(q["value"]) and q["qualifier"] in a.comment, f"{site}: {event['id']}: counter {a.value} ({q['qualifier']})")
        techniques = sorted({d for t in event["tactics"] for d in t["disarm"]})
        clusters = sorted(c.uuid for g in misp.galaxies for c in g.clusters)
        check(clusters == sorted(str(uuid.uuid5(DISARM_GALAXY, d)) for d in techniques), f"{site}: {event['id']}: DISARM galaxy clusters")
        check(f'docket:status="{event["status"]}"' in [t.name for t in misp.tags], f"{site}: {event['id']}: status tag")
        again = MISPEvent()
        again.load(misp.to_json())
        check(again.uuid == misp.uuid and again.info == misp.info and len(again.attributes) == len(misp.attributes), f"{site}: {event['id']}: MISP round trip")


def check_citations(site, data):
    files = sorted(glob.glob(os.path.join(site, "**/cite.csl.json"), recursive=True))
    check(len(files) >= len(data["events"]) + 1, f"{site}: citation files for every event and the dataset")
    for path in files:
        folder = os.path.dirname(path)
        at = os.path.relpath(folder, site)
        csl = load(path)[0]
        # What the files say is what the page beside them shows.
        squash = lambda text: " ".join(text.split())
        with open(os.path.join(folder, "index.html"), encoding="utf-8") as f:
            page = squash(html.unescape(re.sub(r"<[^>]+>", " ", f.read())))
        check(squash(csl["title"]) in page, f"{at}: the page shows the title {csl['title']!r}")
        if "URL" in csl:
            check(csl["URL"] in page, f"{at}: the page shows the address {csl['URL']}")
        check(csl.get("version") == data["data_version"]["id"], f"{at}: the citation gives the data version")
        # Authors are split first, where BibTeX splits them (braces keep "Tom and Jerry" one
        # name), then decoded from LaTeX.
        library = bibtexparser.parse_string(
            open(os.path.join(folder, "cite.bib"), encoding="utf-8").read(),
            append_middleware=[
                bibtexparser.middlewares.SeparateCoAuthors(),
                bibtexparser.middlewares.LatexDecodingMiddleware(),
            ],
        )
        check(not library.failed_blocks, f"{at}: cite.bib parses")
        check(len(library.entries) == 1, f"{at}: cite.bib holds one entry")
        if len(library.entries) != 1:
            continue
        entry = library.entries[0]
        fields = {f.key: f.value for f in entry.fields}
        unbrace = lambda s: re.sub(r"^\{(.*)\}$", r"\1", s.strip())
        # pylatexenc reads \textasciicircum{} (LaTeX's ASCII circumflex) as U+02C6.
        decoded = lambda s: unbrace(s).replace("\u02c6", "^")
        check(entry.key == csl["id"], f"{at}: BibTeX key is the CSL id")
        check(decoded(fields.get("title", "")) == csl["title"], f"{at}: BibTeX title {fields.get('title')!r} is {csl['title']!r}")
        authors = [a["literal"] for a in csl.get("author", [])]
        # The middleware decodes text fields, not the list of authors: decode each the same way.
        bib_authors = [decoded(LatexNodes2Text().latex_to_text(unbrace(a))) for a in fields.get("author", [])]
        check(bib_authors == authors, f"{at}: BibTeX authors {bib_authors} are {authors}")
        check(fields.get("url") == (as_uri(csl["URL"]) if "URL" in csl else None), f"{at}: BibTeX url")
        check(fields.get("version") == csl.get("version"), f"{at}: BibTeX version")
        check(fields.get("number") == csl.get("number"), f"{at}: BibTeX number is the record id")
        with open(os.path.join(folder, "cite.ris"), encoding="utf-8", newline="") as f:
            text = f.read()
        entries = rispy.loads(text)
        check(len(entries) == 1, f"{at}: cite.ris holds one record")
        if len(entries) != 1:
            continue
        ris = entries[0]
        check(ris.get("title") == csl["title"], f"{at}: RIS title")
        check(ris.get("authors", []) == authors, f"{at}: RIS authors")
        check(ris.get("urls", [None])[0] == csl.get("URL"), f"{at}: RIS address")
        check(ris.get("id") == csl["id"], f"{at}: RIS id")
        check(ris.get("edition") == csl.get("version"), f"{at}: RIS version")
        check(all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.split("\r\n") if line), f"{at}: every RIS line is one tag")


def check_sqlite(site, data):
    db = sqlite3.connect(f"file:{os.path.join(site, 'data/events.sqlite')}?mode=ro", uri=True)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{site}: SQLite integrity")
    check(db.execute("PRAGMA foreign_key_check").fetchall() == [], f"{site}: SQLite foreign keys")
    ids = [r[0] for r in db.execute("SELECT id FROM events ORDER BY rowid")]
    check(ids == [e["id"] for e in data["events"]], f"{site}: SQLite holds every event, in order")
    for event in data["events"]:
        rows = db.execute(
            "SELECT kind, platform, name, value, qualifier, max, as_stated FROM quantities WHERE event_id = ? ORDER BY rowid",
            (event["id"],),
        ).fetchall()
        mine = [(g, q["platform"]["key"], q["name"], q["value"], q["qualifier"], q["max"], q["as_stated"]) for g in ("removed", "reach", "content") for q in event[g]]
        check(rows == mine, f"{site}: {event['id']}: SQLite quantities")
        sources = db.execute("SELECT url, archive FROM sources WHERE event_id = ? ORDER BY position", (event["id"],)).fetchall()
        check(sources == [(s["url"], s["archive"]) for s in event["sources"]], f"{site}: {event['id']}: SQLite sources")
    version = db.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    check(version == data["data_version"]["id"], f"{site}: SQLite data version")


def check_init(init):
    # cffconvert is installed without its dependencies, for its copy of the schema: find the
    # file without importing the package.
    package = importlib.util.find_spec("cffconvert").submodule_search_locations[0]
    schema = load(os.path.join(package, "schemas", "1.2.0", "schema.json"))
    with open(os.path.join(init, "CITATION.cff"), encoding="utf-8") as f:
        cff = yaml.safe_load(f)
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(cff)]
    check(not errors, f"CITATION.cff validates against CFF 1.2.0 {errors[:3]}")
    line = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")
    records = glob.glob(os.path.join(init, "content/*/*.yaml"))
    check(records, "the starter has records")
    for record in records:
        with open(record, encoding="utf-8") as f:
            first = f.readline()
            f.seek(0)
            doc = yaml.safe_load(f)
        m = line.match(first)
        check(m, f"{record} names its schema on its first line")
        if not m:
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(record), m.group(1)))
        check(os.path.isfile(target), f"{record}: {m.group(1)} exists")
        if os.path.isfile(target):
            # Dates stay text, as docket and editors read them (YAML 1.2).
            doc = json.loads(json.dumps(doc, default=str))
            errors = [e.message for e in jsonschema.Draft7Validator(load(target)).iter_errors(doc)]
            check(not errors, f"{record} validates against {m.group(1)} {errors[:3]}")


def main(argv):
    sites = []
    init = None
    args = iter(argv)
    for arg in args:
        if arg == "--init":
            init = next(args)
        else:
            sites.append(arg)
    for site in sites:
        data = load(os.path.join(site, "data/events.json"))
        for part in (check_schema, check_stix, check_misp, check_citations, check_sqlite):
            part(site, data)
    if init:
        check_init(init)
    print(f"standard data files: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
