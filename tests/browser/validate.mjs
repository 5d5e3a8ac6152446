// The built site against the validators and the reader's phone: every page type of a site
// through the Nu Html Checker (vnu-jar) and axe-core, and its layout measured at 390 px.
//
// usage: node validate.mjs BASE_URL SITE_DIR LABEL [--vnu-sample N] [--language PREFIX]
//
// With --language fa/, axe-core and the layout checks run on the pages of that language of a
// site in several (under BASE_URL/fa/); the Nu Html Checker reads every page of every language.
//
// BASE_URL is where SITE_DIR is served. The Nu Html Checker reads the HTML files themselves:
// every page, or with --vnu-sample N every page but event pages beyond the first N (a
// 1,000-event site has a thousand pages made from one template). axe-core runs in Chromium on
// one page of each type at 1366 and 390 px. At 390 px no table cell may reach past the
// viewport, and nothing may make the page wider than the screen. Prints one line per check
// and exits non-zero when any fails.

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const [base, siteDir, label] = args;
const sampleAt = args.indexOf("--vnu-sample");
const sample = sampleAt >= 0 ? Number(args[sampleAt + 1]) : Infinity;
const languageAt = args.indexOf("--language");
const prefix = languageAt >= 0 ? args[languageAt + 1] : "";
if (!base || !siteDir || !label) {
  console.error("usage: node validate.mjs BASE_URL SITE_DIR LABEL [--vnu-sample N]");
  process.exit(2);
}

let passed = 0;
const failures = [];
function check(condition, what, details = []) {
  if (condition) {
    passed += 1;
    console.log(`ok   ${label}: ${what}`);
  } else {
    failures.push(what);
    console.log(`FAIL ${label}: ${what}`);
    for (const d of details.slice(0, 20)) console.log(`       ${d}`);
  }
}

// ---------- the pages of each type ----------

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith(".html")) out.push(path);
  }
  return out.sort();
}

const data = JSON.parse(readFileSync(join(siteDir, "data", "events.json"), "utf8"));
const firstIn = (folder) => {
  const dir = join(siteDir, prefix, folder);
  if (!existsSync(dir)) return null;
  const sub = readdirSync(dir).filter((n) => n !== "page" && statSync(join(dir, n)).isDirectory()).sort();
  return sub.length ? `${folder}/${sub[0]}/` : null;
};
const published = data.events.filter((e) => e.status === "published");
const retracted = data.events.find((e) => e.status === "retracted");
const types = {
  home: "",
  events: "events/",
  "events page 2": existsSync(join(siteDir, "events/page/2/index.html")) ? "events/page/2/" : null,
  event: published.length ? `events/${published[published.length - 1].id}/` : null,
  "retracted event": retracted ? `events/${retracted.id}/` : null,
  browse: "browse/",
  "taxonomy index": "platforms/",
  "taxonomy term": firstIn("platforms"),
  year: firstIn("years"),
  figures: "figures/",
  figure: firstIn("figures"),
  briefings: existsSync(join(siteDir, "briefings/index.html")) ? "briefings/" : null,
  briefing: firstIn("briefings"),
  data: "data/",
  changelog: "changelog/",
  page: existsSync(join(siteDir, "about/index.html")) ? "about/" : null,
  "not found": "404.html",
};

// ---------- Nu Html Checker ----------

{
  let files = htmlFiles(siteDir);
  let events = 0;
  files = files.filter((f) => {
    const rel = relative(siteDir, f);
    if (!/^events\/[^/]+\/index\.html$/.test(rel) || rel.startsWith("events/page/")) return true;
    events += 1;
    return events <= sample || rel === `events/${retracted?.id}/index.html`;
  });
  const jar = join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  let report;
  try {
    // vnu writes its report to stderr and exits 1 when it found errors.
    execFileSync("java", ["-jar", jar, "--format", "json", ...files], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 28 });
    report = { messages: [] };
  } catch (error) {
    const text = error.stderr ? error.stderr.toString() : "";
    try {
      report = JSON.parse(text);
    } catch {
      report = { messages: [{ type: "error", message: `vnu did not run: ${error.message} ${text.slice(0, 500)}` }] };
    }
  }
  const errors = report.messages.filter((m) => m.type === "error" || m.type === "non-document-error");
  check(errors.length === 0, `the Nu Html Checker finds no error in ${files.length} pages (${errors.length})`,
    errors.map((m) => `${m.url ? relative(siteDir, fileURLToPath(m.url)) : ""}:${m.lastLine || ""} ${m.message}`));
}

// ---------- axe-core and the layout at 390 px ----------

const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

try {
  for (const width of [1366, 390]) {
    // axe is injected by the test, past the site's Content-Security-Policy (check.mjs tests it).
    const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 }, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    for (const [type, path] of Object.entries(types)) {
      if (path === null) continue;
      await page.goto(base + prefix + path, { waitUntil: "networkidle" });
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ["violations"] });
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      check(violations.length === 0, `axe-core finds no violation on the ${type} page at ${width} px`, violations);

      if (width !== 390) continue;
      const layout = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const clipped = [...document.querySelectorAll("main th, main td")]
          .filter((cell) => {
            const r = cell.getBoundingClientRect();
            // A closed <details> keeps its table laid out but out of sight.
            return cell.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) &&
              r.width > 0 && r.height > 0 && (r.right > vw + 0.5 || r.left < -0.5);
          })
          .map((cell) => `${cell.closest("table").className || "table"} ${cell.tagName} "${cell.textContent.trim().slice(0, 30)}" right=${Math.round(cell.getBoundingClientRect().right)}`);
        return { vw, scrollWidth: document.documentElement.scrollWidth, clipped };
      });
      check(layout.clipped.length === 0, `at 390 px no table cell of the ${type} page reaches past the screen`, layout.clipped);
      check(layout.scrollWidth <= layout.vw, `at 390 px the ${type} page is no wider than the screen (${layout.scrollWidth} px)`);
      if (type === "home") {
        const header = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
        check(header <= 80, `at 390 px the header is compact (${Math.round(header)} px high)`);
      }
      if (type === "events") {
        const first = await page.evaluate(() => document.querySelector("#events-static tbody tr").getBoundingClientRect().top);
        check(first <= 900, `at 390 px the first event on /events/ starts within the first screenful and a bit (${Math.round(first)} px down)`);
      }
    }
    await context.close();
  }
} catch (error) {
  failures.push(String(error));
  console.log(`FAIL ${label}: ${error.stack || error}`);
} finally {
  await browser.close();
}

console.log(`${label}: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
