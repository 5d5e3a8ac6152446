// A site written in Persian (tests/fixtures/lang-fa), read in Chromium as a reader would:
//   - the quick search finds a Persian record whichever way a word is typed: with the Arabic
//     letters ي and ك a Persian keyboard does not make, with Persian digits or Latin ones;
//   - the events filters speak Persian, and their counts are in Persian digits;
//   - charts draw Persian labels right to left (the browser's glyph positions: the first letter
//     of a label is its rightmost) and category names at the right of their bars.
// Screenshots of the home page, an event, a term, a figure and a briefing at 1366 and 390 px go
// to ARTIFACTS.
//
// usage: node languages.mjs BASE_URL ARTIFACTS

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, artifacts] = process.argv.slice(2);
if (!base || !artifacts) {
  console.error("usage: node languages.mjs BASE_URL ARTIFACTS");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

let passed = 0;
const failures = [];
function check(condition, what, detail = "") {
  if (condition) {
    passed += 1;
    console.log(`ok   lang-fa: ${what}`);
  } else {
    failures.push(what);
    console.log(`FAIL lang-fa: ${what}${detail ? `\n       ${detail}` : ""}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.setDefaultTimeout(15000);
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(base, { waitUntil: "networkidle" });
  const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
  check(html[0] === "fa" && html[1] === "rtl", "the home page is <html lang=\"fa\" dir=\"rtl\">", html.join(" "));

  // ---- search with either letter variant ----
  const search = async (words) => {
    await page.fill("#site-search-input", "");
    await page.type("#site-search-input", " ");
    await page.waitForSelector("#site-search-results[hidden]", { state: "attached" });
    await page.fill("#site-search-input", words);
    // The list was emptied and hidden; it is shown again, whole, for the new words.
    await page.waitForSelector("#site-search-results:not([hidden])");
    return page.$$eval("#site-search-results [role=option] .site-search__label", (els) => els.map((e) => e.textContent));
  };
  // The record's title is written with Persian ی and ک: «توییتر حساب جعلی کنسول فرانسه در اورشلیم را بست».
  for (const [typed, how] of [
    ["کنسول", "Persian letters"],
    ["كنسول", "the Arabic kaf ك"],
    ["حساب جعلي", "the Arabic yeh ي"],
    ["فيس‌بوك", "Arabic letters and a zero-width non-joiner"],
    ["فيسبوك", "Arabic letters without the non-joiner"],
  ]) {
    const found = await search(typed);
    const want = how.includes("فيس") || typed.startsWith("في") ? "فیس‌بوک" : typed === "حساب جعلي" ? "حساب جعلی" : "کنسول";
    check(found.some((t) => t.includes(want)), `the search finds «${want}» typed with ${how} (${typed})`, found.join(" | "));
  }
  const byDigits = await search("۲٬۸۰۰");
  check(byDigits.length > 0, "the search finds a figure typed in Persian digits", byDigits.join(" | "));

  // ---- the events filters ----
  await page.goto(base + "events/?platform=twitter", { waitUntil: "networkidle" });
  await page.waitForSelector("#events-results:not([hidden]) table");
  const status = await page.textContent("[data-totals-scope]");
  check(/[۰-۹]/.test(status) && !/[0-9]/.test(status) && status.includes("پالایه"), "the filtered totals are said in Persian, in Persian digits", status);
  const active = await page.textContent("[data-filters-active]");
  check(active.includes("۱"), "the count of active filters is in Persian digits", active);
  const option = await page.$eval("select[name=platform] option:checked", (o) => o.textContent);
  check(/[۰-۹]/.test(option), "each filter option counts its events in Persian digits", option);

  // ---- charts ----
  await page.goto(base + "figures/events-by-quarter/", { waitUntil: "networkidle" });
  const order = await page.evaluate(() => {
    const svg = document.querySelector("svg.chart");
    const texts = [...svg.querySelectorAll("text")].filter((t) => /[\u0600-\u06ff]/.test(t.textContent) && t.getNumberOfChars() > 3);
    return texts.map((t) => {
      const text = t.textContent.trim();
      const n = t.getNumberOfChars();
      // Where the browser put the first and the last letter of the label.
      const first = t.getStartPositionOfChar(0).x;
      const last = t.getStartPositionOfChar(n - 1).x;
      return { text, n, first, last, width: t.getComputedTextLength() };
    });
  });
  check(order.length > 0 && order.every((t) => t.first > t.last),
    "every Persian chart label is drawn right to left: its first letter is its rightmost",
    JSON.stringify(order.filter((t) => !(t.first > t.last)).slice(0, 3)));
  // Joined letters: a word drawn joined is narrower than its letters drawn apart.
  const joined = await page.evaluate(() => {
    const svg = document.querySelector("svg.chart");
    const label = [...svg.querySelectorAll("text")].find((t) => t.textContent.includes("فصل"));
    if (!label) return null;
    const ns = "http://www.w3.org/2000/svg";
    const probe = (s) => {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("font-family", label.getAttribute("font-family"));
      t.setAttribute("font-size", label.getAttribute("font-size"));
      t.textContent = s;
      svg.appendChild(t);
      const w = t.getComputedTextLength();
      t.remove();
      return w;
    };
    // U+200C between the letters stops them joining.
    return { together: probe("فصل"), apart: probe("ف\u200cص\u200cل") };
  });
  check(joined && joined.together < joined.apart, "Persian letters in charts are joined", JSON.stringify(joined));

  await page.goto(base + "figures/accounts-by-platform/", { waitUntil: "networkidle" });
  const sides = await page.evaluate(() => {
    const svg = document.querySelector("svg.chart");
    const label = [...svg.querySelectorAll("text.chart-label")].find((t) => t.textContent.includes("Twitter"));
    const bar = svg.querySelector(".chart-bar rect");
    return { label: label.getBBox().x, barEnd: bar.getBBox().x + bar.getBBox().width };
  });
  check(sides.label >= sides.barEnd, "a bar chart's names are at the right of their bars", JSON.stringify(sides));

  // ---- screenshots ----
  for (const width of [1366, 390]) {
    const shot = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, path] of [
      ["home", ""],
      ["events", "events/"],
      ["event", "events/2019-05-28-facebook-iran-network/"],
      ["term", "origins/ir/"],
      ["figure", "figures/accounts-by-platform/"],
      ["briefing", "briefings/2019-q2/"],
    ]) {
      await shot.goto(base + path, { waitUntil: "networkidle" });
      await shot.screenshot({ path: join(artifacts, `lang-fa-${name}-${width}.png`), fullPage: true });
    }
    await shot.close();
  }
} finally {
  await browser.close();
}
check(errors.length === 0, "no console errors", errors.join(" | "));
console.log(`lang-fa: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
