#!/usr/bin/env python3
"""Check docket's JSON Schemas against the records they describe, and against docket itself.

usage: check_schemas.py REPO_ROOT SITE_DIR DOCKET_BIN

- every schema in REPO_ROOT/schema/ is a valid draft-07 schema, and the site publishes the same
  bytes at /data/schema/;
- every record of the example tracker names its schema on its first line
  (`# yaml-language-server: $schema=...`) and validates against it;
- variants of a real record are judged the same way by the schema and by `docket check`: the good
  ones pass both, the bad ones (a misspelt kind, "many" accounts, a javascript: link ...) fail both.

YAML is read with YAML 1.2 rules, as docket and editors read it (`2019-05-28` is text, `NO` is
not false). Prints one line per check and exits non-zero when any fails.
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

failures = []
passed = 0

RECORD_FOLDERS = ("events", "actors", "operations", "figures", "vocab")
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")
GOOD_EVENT = "content/events/2019-05-28-facebook-iran-fireeye-tip.yaml"


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1; drop its timestamp and yes/no/on/off booleans to read YAML 1.2."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def check(condition, what):
    global passed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failures.append(what)
        print(f"FAIL {what}")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def validator(schema_dir, name):
    with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
        return jsonschema.Draft7Validator(json.load(f))


def errors(v, document):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:120]}" for e in v.iter_errors(document)]


def check_schema_files(repo, site):
    schema_dir = os.path.join(repo, "schema")
    names = sorted(n for n in os.listdir(schema_dir) if n.endswith(".schema.json"))
    check(len(names) >= 7, f"schema/ holds the record schemas ({', '.join(names)})")
    for name in names:
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        try:
            jsonschema.Draft7Validator.check_schema(schema)
            check(True, f"{name} is a valid draft-07 schema")
        except jsonschema.SchemaError as e:
            check(False, f"{name} is a valid draft-07 schema: {e.message}")
        with open(os.path.join(site, "data", "schema", name), "rb") as published, open(
            os.path.join(schema_dir, name), "rb"
        ) as written:
            check(published.read() == written.read(), f"the site publishes schema/{name} unchanged")


def check_example_records(repo):
    schema_dir = os.path.join(repo, "schema")
    count = 0
    for folder in sorted(RECORD_FOLDERS):
        directory = os.path.join(repo, "content", folder)
        if not os.path.isdir(directory):
            continue
        for base, _, files in os.walk(directory):
            for name in sorted(files):
                if not name.endswith((".yaml", ".yml")):
                    continue
                path = os.path.join(base, name)
                relative = os.path.relpath(path, repo)
                with open(path, encoding="utf-8") as f:
                    line = f.readline()
                m = SCHEMA_LINE.match(line)
                if not m:
                    check(False, f"{relative} starts with a yaml-language-server $schema line")
                    continue
                target = os.path.normpath(os.path.join(base, m.group(1)))
                if not target.startswith(schema_dir + os.sep) or not os.path.isfile(target):
                    check(False, f"{relative} points at a schema in schema/ ({m.group(1)})")
                    continue
                problems = errors(validator(schema_dir, os.path.basename(target)), load_yaml(path))
                check(not problems, f"{relative} is valid against {os.path.basename(target)} {problems[:3]}")
                count += 1
    check(count > 0, f"{count} example records were validated")


def event_variants(good):
    """(description, record, should_pass) for variants of a real event."""
    def variant(change):
        record = copy.deepcopy(good)
        change(record)
        return record

    def set_path(path, value):
        def change(r):
            target = r
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return change

    def delete(key):
        return lambda r: r.pop(key)

    good_ones = [
        ("the record as written", lambda r: None),
        ("a year written as a number", set_path(["date"], 2019)),
        ("a month", set_path(["date"], "2019-05")),
        ("an approximate figure with a thousands separator", set_path(["removed", "facebook", "accounts"], "~2,800")),
        ("a short range", set_path(["removed", "facebook", "accounts"], "100-200")),
        ("a long-form range", set_path(["removed", "facebook", "accounts"],
                                       {"qualifier": "range", "min": 100, "max": 200, "as_stated": "100 to 200"})),
        ("an at-least figure", set_path(["removed", "facebook", "accounts"], ">=1000")),
        ("a retraction", lambda r: r.update(status="retracted", retraction={"date": "2020-01", "reason": "Duplicate."})),
        ("a blank optional field", lambda r: r.update(actor=None)),
        ("an open-ended activity period", lambda r: r.update(active="2015/..")),
        ("ad spend", lambda r: r.update(ad_spend={"amount": "~7000", "currency": "USD"})),
        ("a revision", lambda r: r.update(revisions=[{"date": "2020-02-01", "note": "Corrected."}])),
        ("unattributed", lambda r: r.update(origin=[])),
    ]
    bad_ones = [
        ("an unknown field", lambda r: r.update(titel="x")),
        ("a misspelt kind", set_path(["kind"], "takedwn")),
        ("an unknown status", set_path(["status"], "withdrawn")),
        ("a figure that is a word", set_path(["removed", "facebook", "accounts"], "many")),
        ("a negative figure", set_path(["removed", "facebook", "accounts"], -5)),
        ("a figure left blank", set_path(["removed", "facebook", "accounts"], None)),
        ("an unknown qualifier", set_path(["removed", "facebook", "accounts"], {"value": 5, "qualifier": "about"})),
        ("a range without a maximum", set_path(["removed", "facebook", "accounts"], {"qualifier": "range", "min": 5})),
        ("min on an exact figure", set_path(["removed", "facebook", "accounts"], {"value": 5, "min": 1})),
        ("an unknown platform", lambda r: r["removed"].update(facebok={"accounts": 5})),
        ("a figure name in capitals", lambda r: r["removed"].update(facebook={"Accounts": 5})),
        ("month 13", set_path(["date"], "2019-13-01")),
        ("a year before 1900", set_path(["date"], "1850")),
        ("a date written as words", set_path(["date"], "28 May 2019")),
        ("retracted without a retraction", set_path(["status"], "retracted")),
        ("a retraction on a published record", lambda r: r.update(retraction={"date": "2020-01", "reason": "x"})),
        ("a javascript: link", lambda r: r["sources"][0].update(url="javascript:alert(1)")),
        ("a relative link", lambda r: r["sources"][0].update(url="/about/")),
        ("a source without a title", lambda r: r["sources"][0].pop("title")),
        ("no sources", set_path(["sources"], [])),
        ("an alpha-3 country code", set_path(["origin"], ["IRN"])),
        ("a lower-case country code", set_path(["targets"], ["us"])),
        ("an unknown discloser", set_path(["discloser"], "facebok")),
        ("an unknown tactic", set_path(["tactics"], ["made-up-tactic"])),
        ("an unknown confidence", lambda r: r["attribution"].update(confidence="certain")),
        ("an empty activity period", lambda r: r.update(active="../..")),
        ("a lower-case currency", lambda r: r.update(ad_spend={"amount": 100, "currency": "usd"})),
        ("no summary", delete("summary")),
        ("a blank title", set_path(["title"], "  ")),
        ("an actor key with capitals", set_path(["actor"], "IRIB")),
    ]
    for description, change in good_ones:
        yield description, variant(change), True
    for description, change in bad_ones:
        yield description, variant(change), False


def other_variants():
    """(description, relative path, record, should_pass) for actors and vocabularies."""
    yield "an actor", "content/actors/test-actor.yaml", {"name": "X", "country": "IR", "type": "state-media"}, True
    yield "an actor of an unknown type", "content/actors/test-actor.yaml", {"name": "X", "type": "spy-agency"}, False
    yield "an actor without a name", "content/actors/test-actor.yaml", {"country": "IR"}, False
    yield "an organisation", "content/vocab/organisations.yaml", {"vk": {"name": "VK", "type": "platform", "color": "#4a76a8"}}, True
    yield "an organisation colour that is a word", "content/vocab/organisations.yaml", {"vk": {"name": "VK", "type": "platform", "color": "blue"}}, False
    yield "an organisation of an unknown type", "content/vocab/organisations.yaml", {"vk": {"name": "VK", "type": "company"}}, False
    yield "a tactic", "content/vocab/tactics.yaml", {"sockpuppets": {"label": "Sockpuppets", "disarm": ["T0090"]}}, True
    yield "a tactic with a bad DISARM id", "content/vocab/tactics.yaml", {"sockpuppets": {"label": "S", "disarm": ["X1"]}}, False
    yield "a country renamed", "content/vocab/countries.yaml", {"XK": {"name": "Kosova"}}, True
    yield "a country code that does not exist", "content/vocab/countries.yaml", {"QQ": {"name": "Nowhere"}}, False


SCHEMA_FOR = {
    "content/events/": "event.schema.json",
    "content/actors/": "actor.schema.json",
    "content/vocab/organisations.yaml": "organisations.schema.json",
    "content/vocab/tactics.yaml": "tactics.schema.json",
    "content/vocab/countries.yaml": "countries.schema.json",
}


def docket_accepts(docket, repo, relative, record):
    """Does `docket check` pass a copy of the example site with `record` written at `relative`?"""
    with tempfile.TemporaryDirectory(prefix="docket-schema-") as site:
        shutil.copy(os.path.join(repo, "site.toml"), site)
        shutil.copytree(os.path.join(repo, "content"), os.path.join(site, "content"))
        # The settings name files of static/ (the publisher's logo).
        for folder in ("static", "templates", "themes"):
            if os.path.isdir(os.path.join(repo, folder)):
                shutil.copytree(os.path.join(repo, folder), os.path.join(site, folder))
        path = os.path.join(site, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump(record, f, sort_keys=False, allow_unicode=True)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600", NO_COLOR="1")
        run = subprocess.run([docket, "check", "--root", site], capture_output=True, text=True, env=env)
        if run.returncode not in (0, 1):
            print(run.stderr)
        return run.returncode == 0


def check_agreement(repo, docket):
    schema_dir = os.path.join(repo, "schema")
    good = load_yaml(os.path.join(repo, GOOD_EVENT))
    cases = [(d, "content/events/test-variant.yaml", r, ok) for d, r, ok in event_variants(good)]
    cases += list(other_variants())
    for description, relative, record, should_pass in cases:
        name = next(v for k, v in SCHEMA_FOR.items() if relative.startswith(k))
        problems = errors(validator(schema_dir, name), record)
        accepted = docket_accepts(docket, repo, relative, record)
        verdict = "accept" if should_pass else "reject"
        check(
            (not problems) == should_pass and accepted == should_pass,
            f"schema and docket check both {verdict} {description}"
            + ("" if (not problems) == should_pass else f" (schema: {problems[:2] or 'accepted'})")
            + ("" if accepted == should_pass else f" (docket check: {'accepted' if accepted else 'rejected'})"),
        )


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    repo, site, docket = sys.argv[1:]
    check_schema_files(repo, site)
    check_example_records(repo)
    check_agreement(repo, docket)
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
