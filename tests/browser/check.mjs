// Drive Debian's headless Chromium over the built example site, served over http.
//
// usage: node check.mjs BASE_URL SITE_DIR ARTIFACTS_DIR
//
// BASE_URL is where the site is served (http://127.0.0.1:PORT/docket/), SITE_DIR the build's
// output folder (expected rows are computed from its data/events.json), ARTIFACTS_DIR where
// screenshots go. Prints one line per check and exits non-zero when any fails.

import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkCharts } from "./charts.mjs";

const [base, siteDir, artifacts] = process.argv.slice(2);
if (!base || !siteDir || !artifacts) {
  console.error("usage: node check.mjs BASE_URL SITE_DIR ARTIFACTS_DIR");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const data = JSON.parse(readFileSync(join(siteDir, "data", "events.json"), "utf8"));
const EVENT = "2019-05-28-facebook-iran-fireeye-tip";
const eventTitle = data.events.find((e) => e.id === EVENT).title;

let passed = 0;
const failures = [];
function check(condition, what) {
  if (condition) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Newest first, as the table shows them: by date, then id, descending.
function newestFirst(events) {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.i - a.i)
    .map(({ e }) => e.id);
}

// The table, its sorting and counts leave out records that are not counted (retracted).
function expectedIds(filter) {
  return newestFirst(data.events.filter((e) => e.status === "published" && filter(e)));
}

const published = data.events.filter((e) => e.status === "published");
const retracted = data.events.find((e) => e.status === "retracted");

// What the totals box should say for `events`: their accounts removed, summed as the build does
// for the example's figures (no upper bounds among accounts): exact, or at least with a ">".
function accountsTotal(events) {
  let value = 0;
  let atLeast = false;
  let approx = false;
  for (const e of events) {
    for (const m of e.removed.filter((m) => m.name === "accounts")) {
      value += m.value;
      if (["gt", "gte", "range"].includes(m.qualifier)) atLeast = true;
      if (m.qualifier === "approx") approx = true;
    }
  }
  return (atLeast ? "≥" : approx ? "≈" : "") + value.toLocaleString("en-US");
}

async function openFilters(page) {
  if (!(await page.locator("#event-filters").isVisible())) await page.click("#event-filters-box summary");
  await page.locator("select[name=platform] option[value=twitter]").waitFor({ state: "attached" });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const problems = [];
async function newPage(context, label) {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${label}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${label}: uncaught ${error.message}`));
  page.on("requestfailed", (request) => {
    // A request the browser itself cancels because the page moved on (often the favicon) is
    // not a broken site; a missing file still shows up below as an HTTP error.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`${label}: request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${label}: HTTP ${response.status()} for ${response.url()}`);
  });
  return page;
}

// Wait until the results table holds `n` rows: they come from data/rows.json, loaded once.
async function rowsShown(page, n) {
  await page.waitForFunction((count) => document.querySelectorAll("#events-results tbody tr").length === count, n);
}

async function rowIds(page) {
  return page.$$eval("#events-results tbody tr", (rows) => rows.map((r) => r.getAttribute("data-id")));
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });

  // Home page: loads clean, the script reveals search.
  let page = await newPage(context, "home");
  await page.goto(base, { waitUntil: "networkidle" });
  check(await page.locator("form.site-search").isVisible(), "home page: the search box is shown");
  await page.screenshot({ path: join(artifacts, "home.png"), fullPage: true });

  // Search as you type.
  await page.locator("#site-search-input").pressSequentially("fireeye tip", { delay: 20 });
  const suggestion = page.locator("#site-search-results [role=option]", { hasText: eventTitle });
  await suggestion.first().waitFor();
  const firstOption = await page.locator("#site-search-results [role=option]").first().textContent();
  check(firstOption.includes(eventTitle), `typing "fireeye tip" suggests "${eventTitle}" first`);
  await page.screenshot({ path: join(artifacts, "search.png") });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/events/${EVENT}/`);
  check(page.url().endsWith(`/events/${EVENT}/`), "arrow down and enter open the suggested event");

  await page.locator("#site-search-input").fill("");
  await page.locator("#site-search-input").pressSequentially("Seda va Sima", { delay: 20 });
  const actorOption = page.locator("#site-search-results [role=option]", { hasText: "Islamic Republic of Iran Broadcasting" });
  await actorOption.first().waitFor();
  check(await actorOption.count() > 0, "searching an actor's alias suggests the actor");

  // An event page loads clean.
  page = await newPage(context, "event");
  await page.goto(`${base}events/${EVENT}/`, { waitUntil: "networkidle" });
  check((await page.locator("h1").textContent()).trim() === eventTitle, "the event page shows its title");
  await page.screenshot({ path: join(artifacts, "event.png"), fullPage: true });

  // The data page and the changelog load clean too.
  for (const [path, name] of [["data/", "data"], ["changelog/", "changelog"]]) {
    page = await newPage(context, name);
    await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
    check(await page.locator("footer a[href$='data/events.csv']").count() === 1, `the ${name} page's footer links the CSV`);
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  }

  // Two filters: the right rows, the state in the address.
  page = await newPage(context, "events");
  await page.goto(`${base}events/`, { waitUntil: "networkidle" });
  check(await page.locator("#event-filters-box summary").isVisible(), "events page: the folded filters are shown");
  await openFilters(page);
  check(await page.locator("#event-filters").isVisible(), "events page: the filters open");
  // Counted records only: the retracted Twitter record is not among Twitter's events.
  const twitterOption = await page.locator("select[name=platform] option[value=twitter]").textContent();
  const twitterCount = published.filter((e) => e.platforms.some((p) => p.key === "twitter")).length;
  check(twitterOption === `Twitter (${twitterCount})`, `the platform filter counts only counted records (${twitterOption})`);
  await page.selectOption("select[name=platform]", "twitter");
  await page.selectOption("select[name=origin]", "IR");
  await page.waitForURL(/platform=twitter/);
  const wanted = expectedIds((e) => e.platforms.some((p) => p.key === "twitter") && e.origin.some((c) => c.key === "IR"));
  await rowsShown(page, wanted.length);
  let ids = await rowIds(page);
  check(wanted.length > 1 && wanted.length < data.events.length, `the filter selects some events, not all (${wanted.length})`);
  check(same(ids, wanted), `platform=twitter and origin=IR show exactly the matching rows, newest first (${ids.length})`);
  const url = new URL(page.url());
  check(url.searchParams.get("platform") === "twitter" && url.searchParams.get("origin") === "IR", `the address holds the filters (${url.search})`);
  check(await page.locator("#events-static").isHidden(), "the unfiltered table gives way to the results");
  // The script makes no markup of its own: a filtered row is the row the page itself shows,
  // and the header is the page's header with sort buttons.
  const sameRows = await page.evaluate(() => {
    const shown = [...document.querySelectorAll("#events-results tbody tr")];
    return shown.length > 0 && shown.every((row) => {
      const built = document.querySelector(`#events-static tr[data-id="${row.getAttribute("data-id")}"]`);
      return !built || built.outerHTML === row.outerHTML;
    }) && shown.some((row) => document.querySelector(`#events-static tr[data-id="${row.getAttribute("data-id")}"]`));
  });
  check(sameRows, "the filtered rows are the build's rows, byte for byte");
  const heads = await page.$$eval("#events-results thead th", (cells) => cells.map((c) => c.textContent.replace(/[▲▼]/g, "").trim()));
  const builtHeads = await page.$$eval("#events-static thead th", (cells) => cells.map((c) => c.textContent.trim()));
  check(same(heads, builtHeads), `the results table has the page's own columns (${heads.join(", ")})`);
  await page.screenshot({ path: join(artifacts, "filtered.png"), fullPage: true });

  // The totals box follows the filters: its events are the rows shown, its sums theirs.
  const chosen = data.events.filter((e) => wanted.includes(e.id));
  const totalEvents = await page.locator('.band [data-total="events"] [data-value]').textContent();
  check(totalEvents === String(wanted.length), `the totals box counts the ${wanted.length} rows shown (${totalEvents})`);
  const totalAccounts = await page.locator('.band [data-total="removed:accounts"] [data-value]').textContent();
  check(totalAccounts === accountsTotal(chosen), `the totals box sums the accounts of the rows shown (${totalAccounts}, expected ${accountsTotal(chosen)})`);
  const scope = await page.locator("[data-totals-scope]").textContent();
  check(scope.includes(`${wanted.length} published events that match the filters`), `the totals say what they cover (${scope})`);
  check((await page.locator("[data-filters-active]").textContent()) === "(2 active)", "the folded filters say how many are active");

  // Reloading the address restores the view.
  await page.reload({ waitUntil: "networkidle" });
  await page.locator("#events-results tbody tr").first().waitFor();
  ids = await rowIds(page);
  check(same(ids, wanted), "reloading the address restores the same rows");
  check((await page.inputValue("select[name=platform]")) === "twitter" && (await page.inputValue("select[name=origin]")) === "IR", "reloading restores the chosen filters");

  // Sorting by a column, kept in the address.
  await page.click("#events-results button[data-sort=title]");
  await page.waitForURL(/sort=title/);
  await page.locator('#events-results th[aria-sort="ascending"] button[data-sort=title]').waitFor();
  ids = await rowIds(page);
  const byTitle = data.events
    .filter((e) => wanted.includes(e.id))
    .sort((a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? -1 : 1))
    .map((e) => e.id);
  check(same(ids, byTitle), "clicking Event sorts the rows by title");
  check((await page.getAttribute("#events-results th[aria-sort]", "aria-sort")) === "ascending", "the sorted column says so (aria-sort)");

  // Download this selection.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=csv]")]);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter((l) => /^[a-z0-9][a-z0-9-]*,/.test(l)).map((l) => l.split(",")[0]);
  check(lines[0] === "id" && same(lines.slice(1).sort(), [...wanted].sort()), `the selection downloads as CSV with the same ${wanted.length} events`);

  // A shared address with a date range and a kind.
  page = await newPage(context, "shared");
  await page.goto(`${base}events/?kind=takedown&from=2019&to=2019-12`, { waitUntil: "networkidle" });
  await page.locator("#events-results tbody tr").first().waitFor();
  ids = await rowIds(page);
  const in2019 = expectedIds((e) => e.kind === "takedown" && e.date.startsWith("2019"));
  check(same(ids, in2019), `?kind=takedown&from=2019&to=2019-12 shows the ${in2019.length} takedowns of 2019`);
  check((await page.inputValue("input[name=from]")) === "2019", "the date fields show the range from the address");

  // Retracted records: out of the default rows, counts and sorting; marked when included.
  page = await newPage(context, "retracted");
  await page.goto(`${base}events/?sort=figures`, { waitUntil: "networkidle" });
  await page.locator("#events-results tbody tr").first().waitFor();
  ids = await rowIds(page);
  check(ids.length === published.length && !ids.includes(retracted.id), `sorting by main figures leaves the retracted record out (${ids.length} rows)`);
  const byFigures = published.filter((e) => e.removed.length).map((e) => e.id);
  check(byFigures.includes(ids[0]), `the first row by main figures is a counted record (${ids[0]})`);
  await page.check("input[name=retracted]");
  await page.waitForURL(/retracted=1/);
  await rowsShown(page, data.events.length);
  ids = await rowIds(page);
  check(ids[ids.length - 1] === retracted.id, "with \"include retracted\" the retracted record is shown, after every counted one");
  check((await page.locator(`#events-results tr[data-id="${retracted.id}"] .badge--retracted`).count()) === 1, "an included retracted row is marked");
  const countedStill = await page.locator('.band [data-total="events"] [data-value]').textContent();
  check(countedStill === String(published.length), `the totals still count only the ${published.length} counted records (${countedStill})`);
  const twitterWith = await page.locator("select[name=platform] option[value=twitter]").textContent();
  check(twitterWith === `Twitter (${twitterCount + 1})`, `with retracted records included, the filter counts say so (${twitterWith})`);

  // Quick search marks the retracted record.
  await page.locator("#site-search-input").pressSequentially("2,865", { delay: 20 });
  const marked = page.locator("#site-search-results [role=option]", { hasText: retracted.title });
  await marked.first().waitFor();
  const meta = await marked.first().locator(".site-search__meta").textContent();
  check(meta.startsWith("Retracted"), `quick search marks the retracted record (${meta})`);

  // The policy is enforced: an injected inline script does not run.
  const before = problems.length;
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = true";
    document.head.appendChild(s);
    return window.__inline === true;
  });
  check(!ran, "the Content-Security-Policy blocks inline script");
  problems.splice(before); // the refusal itself is logged as an error, as it should be

  // Without JavaScript: the full table, no dead controls.
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  page = await newPage(noScript, "no-js");
  await page.goto(`${base}events/?platform=twitter`, { waitUntil: "load" });
  const staticRows = await page.$$eval("#events-static tbody tr", (rows) => rows.length);
  check(staticRows === published.length, `without JavaScript the events page lists all ${published.length} counted events`);
  check((await page.locator(".withdrawn").textContent()).includes(retracted.title), "without JavaScript the retracted record is listed apart");
  check(await page.locator("#event-filters-box").isHidden(), "without JavaScript the filters stay hidden");
  check(await page.locator("form.site-search").isHidden(), "without JavaScript the search box stays hidden");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click("a.menu-button");
  check(await page.locator(".site-nav").isVisible(), "without JavaScript the menu button still opens the menu");
  await page.screenshot({ path: join(artifacts, "events-no-js.png"), fullPage: true });
  await noScript.close();

  // Charts: readable on a phone, one layout at a time, marks as links, dark mode (charts.mjs).
  await checkCharts({ browser, base, siteDir, artifacts, check, newPage, event: EVENT });
  // A phone: the menu button opens the menu; the script moves nothing as it starts.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await newPage(phone, "phone");
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${base}events/`, { waitUntil: "networkidle" });
  check(await page.locator(".site-nav").isHidden(), "on a phone the menu is folded");
  await page.click("a.menu-button");
  check(await page.locator(".site-nav").isVisible() && (await page.getAttribute("a.menu-button", "aria-expanded")) === "true", "the menu button opens the menu and says so");
  const shift = await page.evaluate(() => window.__shift);
  check(shift < 0.1, `the events page shifts no more than 0.1 as it loads (${shift.toFixed(3)})`);
  await page.screenshot({ path: join(artifacts, "events-390-menu.png") });
  await phone.close();

  for (const p of problems) console.log(`     ${p}`);
  check(problems.length === 0, "no console errors, failed requests or uncaught exceptions on any page");
} catch (error) {
  failures.push(String(error));
  console.log(`FAIL ${error.stack || error}`);
} finally {
  await browser.close();
}

writeFileSync(join(artifacts, "result.txt"), `${passed} passed, ${failures.length} failed\n`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
