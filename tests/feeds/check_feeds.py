#!/usr/bin/env python3
"""Check a built docket site's feed, sitemap, robots.txt and page metadata with real parsers.

usage: check_feeds.py SITE_DIR

SITE_DIR is the build's output folder. The Atom feed is read by feedparser, the sitemap is
validated against tests/feeds/sitemap.xsd with lxml, and every HTML page is parsed for its
canonical link, Open Graph and Twitter card tags and Content-Security-Policy. The expected
values come from data/events.json, so the checks follow the data rather than a copy of it.
Prints one line per check and exits non-zero when any fails.
"""
import json
import os
import sys

import feedparser
from lxml import etree, html

HERE = os.path.dirname(os.path.abspath(__file__))
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50

failures = []
passed = 0


def check(condition, what):
    global passed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failures.append(what)
        print(f"FAIL {what}")


def read(site, relative):
    with open(os.path.join(site, relative), "rb") as f:
        return f.read()


def html_pages(site):
    """Every HTML page the build wrote, by its path relative to the site."""
    pages = []
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                pages.append(os.path.relpath(os.path.join(folder, name), site).replace(os.sep, "/"))
    return sorted(pages)


def page_url(base, relative):
    folder = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    return f"{base}/{folder}"


def check_feed(site, data):
    events = data["events"]
    base = data["site"]["url"]
    raw = read(site, "feed.xml")
    feed = feedparser.parse(raw)
    check(not feed.bozo, f"feed.xml is well-formed ({feed.get('bozo_exception', 'no error')})")
    check(feed.version == "atom10", f"feed.xml is Atom 1.0 (feedparser says {feed.version!r})")
    check(feed.feed.get("title") == data["site"]["title"], "feed title is the site title")
    check(feed.feed.get("id") == f"{base}/feed.xml", "feed id is its address")
    links = {l.get("rel"): l.get("href") for l in feed.feed.get("links", [])}
    check(links.get("self") == f"{base}/feed.xml", "feed has a rel=self link")
    check(links.get("alternate") == f"{base}/", "feed links to the home page")
    briefings = [e for e in feed.entries if any(t.get("term") == "briefing" for t in e.get("tags", []))]
    event_entries = [e for e in feed.entries if e not in briefings]
    newest = list(reversed(events))[: len(event_entries)]
    check(
        len(feed.entries) == min(FEED_ENTRIES, len(events) + len(briefings)),
        f"feed has up to {FEED_ENTRIES} entries ({len(feed.entries)})",
    )
    check(
        [e.get("link") for e in event_entries] == [ev["url"] for ev in newest],
        "event entries are the newest events, newest first",
    )
    pages = set(html_pages(site))
    check(
        all(e.link.startswith(f"{base}/briefings/") and e.link[len(base) + 1 :] + "index.html" in pages for e in briefings),
        f"briefing entries link to briefing pages ({len(briefings)})",
    )
    published = [e.get("published_parsed") for e in feed.entries]
    check(all(published), "every entry has a published date")
    check(published == sorted(published, reverse=True), "entries are in date order, newest first")
    check(all(e.get("updated_parsed") for e in feed.entries), "every entry has an updated date")
    check(len({e.get("id") for e in feed.entries}) == len(feed.entries), "entry ids are unique")
    check(all(e.get("summary") for e in feed.entries), "every entry has a summary")
    by_url = {ev["url"]: ev for ev in newest}
    retracted_ok = all(
        e.title.startswith("Retracted: ") == (by_url[e.link]["status"] == "retracted")
        for e in event_entries
    )
    check(retracted_ok, "retracted events are titled as retracted, and only they")
    # feedparser forgives; Atom itself requires id, title and updated on the feed and entries.
    root = etree.fromstring(raw)
    for element in [root] + root.findall(f"{{{ATOM_NS}}}entry"):
        missing = [n for n in ("id", "title", "updated") if element.find(f"{{{ATOM_NS}}}{n}") is None]
        if missing:
            check(False, f"Atom element {element.tag} lacks {missing}")
            break
    else:
        check(True, "feed and every entry have id, title and updated")
    check(root.find(f"{{{ATOM_NS}}}author") is not None, "feed names an author")


def check_sitemap(site, data):
    base = data["site"]["url"]
    schema = etree.XMLSchema(etree.parse(os.path.join(HERE, "sitemap.xsd")))
    root_doc = etree.parse(os.path.join(site, "sitemap.xml"))
    documents = [("sitemap.xml", root_doc)]
    if root_doc.getroot().tag == f"{{{SITEMAP_NS}}}sitemapindex":
        ok = schema.validate(root_doc)
        check(ok, f"sitemap index is valid against sitemap.xsd {schema.error_log}")
        documents = []
        for loc in root_doc.getroot().iter(f"{{{SITEMAP_NS}}}loc"):
            name = loc.text[len(base) + 1 :]
            documents.append((name, etree.parse(os.path.join(site, name))))
    locs = []
    for name, doc in documents:
        ok = schema.validate(doc)
        check(ok, f"{name} is valid against sitemap.xsd {schema.error_log}")
        locs += [loc.text for loc in doc.getroot().iter(f"{{{SITEMAP_NS}}}loc")]
    expected = {page_url(base, p) for p in html_pages(site) if p != "404.html"}
    check(set(locs) == expected, f"sitemap lists every page once ({len(locs)} of {len(expected)})")
    check(len(locs) == len(set(locs)), "sitemap has no duplicates")
    check(all(ev["url"] in set(locs) for ev in data["events"]), "every event page is in the sitemap")
    check(f"{base}/404.html" not in locs, "the 404 page is not in the sitemap")
    robots = read(site, "robots.txt").decode()
    check(f"Sitemap: {base}/sitemap.xml" in robots.splitlines(), "robots.txt points at the sitemap")


def check_pages(site, data):
    base = data["site"]["url"]
    problems = []
    pages = html_pages(site)
    for relative in pages:
        doc = html.fromstring(read(site, relative))
        head = doc.find("head")
        meta = {m.get("property") or m.get("name") or m.get("http-equiv"): m.get("content") for m in head.iter("meta")}
        canonical = [l.get("href") for l in head.iter("link") if l.get("rel") == "canonical"]
        csp = meta.get("Content-Security-Policy") or ""
        if "script-src 'self'" not in csp or "'unsafe-inline'" in csp:
            problems.append(f"{relative}: Content-Security-Policy missing or allows inline script")
        if doc.xpath("//script[not(@src)]"):
            problems.append(f"{relative}: inline <script>")
        if doc.xpath("//*[@style]") or doc.xpath("//*[@*[starts-with(name(), 'on')]]"):
            problems.append(f"{relative}: inline style or event handler (blocked by the policy)")
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card", "twitter:title"):
            if not meta.get(key):
                problems.append(f"{relative}: no {key}")
        if relative == "404.html":
            if canonical:
                problems.append("404.html has a canonical link")
            continue
        url = page_url(base, relative)
        if canonical != [url]:
            problems.append(f"{relative}: canonical {canonical} is not {url}")
        if meta.get("og:url") != url:
            problems.append(f"{relative}: og:url {meta.get('og:url')} is not {url}")
        footer = doc.xpath("//footer//a/@href")
        if not any(h.endswith("/data/events.csv") for h in footer):
            problems.append(f"{relative}: footer does not link the CSV download")
    for p in problems[:20]:
        print(f"     {p}")
    check(not problems, f"all {len(pages)} pages have canonical, Open Graph, Twitter card and a strict policy")
    not_found = html.fromstring(read(site, "404.html"))
    relative_links = [h for h in not_found.xpath("//a/@href") if not h.startswith(("/", "http", "#"))]
    check(not relative_links, "404.html links are absolute, so it works at any depth")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    site = sys.argv[1]
    data = json.loads(read(site, "data/events.json"))
    check_feed(site, data)
    check_sitemap(site, data)
    check_pages(site, data)
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
