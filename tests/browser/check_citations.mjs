// Renders every CSL-JSON citation file of a built site with citeproc-js, the reference CSL
// processor (the one Zotero and Mendeley use), in the APA and Vancouver styles that
// @citation-js/plugin-csl ships, and checks that the bibliography entry holds the title and the
// address the file gives. Exits non-zero on any failure.
//
// usage: node check_citations.mjs SITE_DIR
import { createRequire } from "node:module";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const require = createRequire(import.meta.url);
const CSL = require("citeproc");
const styles = require("@citation-js/plugin-csl/lib/styles.json");
const locales = require("@citation-js/plugin-csl/lib/locales.json");

const site = process.argv[2];
let passed = 0;
const failures = [];
const check = (ok, what) => {
  if (ok) {
    passed += 1;
  } else {
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name === "cite.csl.json") yield path;
  }
}

/** The text of HTML citeproc writes, with its entities decoded. */
const plain = (html) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&#38;/g, "&")
    .replace(/&amp;/g, "&")
    .replace(/&#60;/g, "<")
    .replace(/&#62;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

let count = 0;
for (const path of files(site)) {
  const at = relative(site, path);
  let items;
  try {
    items = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    check(false, `${at} is JSON: ${e.message}`);
    continue;
  }
  check(Array.isArray(items) && items.length === 1, `${at} holds one item`);
  const item = items[0];
  for (const style of ["apa", "vancouver"]) {
    const sys = {
      retrieveLocale: (lang) => locales[lang] || locales["en-US"],
      retrieveItem: (id) => items.find((i) => i.id === id),
    };
    try {
      const engine = new CSL.Engine(sys, styles[style], "en-US");
      engine.updateItems([item.id]);
      const [meta, entries] = engine.makeBibliography();
      const text = plain(entries.join(""));
      check(meta.bibliography_errors.length === 0, `${at}: ${style} renders without errors`);
      // Styles may change a title's case; compare letters and digits only, ignoring case.
      const squash = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
      check(
        squash(text).includes(squash(item.title)),
        `${at}: the ${style} entry holds the title (${text})`,
      );
      if (item.URL) {
        check(text.includes(item.URL), `${at}: the ${style} entry holds the address (${text})`);
      }
    } catch (e) {
      check(false, `${at}: citeproc-js (${style}) failed: ${e.message}`);
    }
  }
  count += 1;
}
check(count > 0, "the site has CSL-JSON citation files");
console.log(`citeproc-js: ${count} files, ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
