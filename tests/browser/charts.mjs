// Charts as readers see them, in headless Chromium: on every page that carries charts, at a
// phone's 390 pixels and a laptop's 1366, no chart text is shown smaller than 11 CSS pixels
// (its font size in the SVG times the scale the SVG is drawn at, checked against the box the
// text takes on screen); each chart shows one of its two layouts; the marks are links a
// keyboard reaches, named by their tooltips; and in dark mode a chart is not a white panel.
//
// Called from check.mjs with its browser and its `check`; screenshots go to ARTIFACTS.

import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const LEAST_PX = 11;

/// Site paths of the pages to measure: the home page, the events list, an event, every figure
/// page, the figures list, a term page of each kind that has charts, and every briefing.
function pagesWithCharts(siteDir, event) {
  const pages = ["", "events/", `events/${event}/`, "figures/"];
  for (const dir of ["figures", "briefings"]) {
    const root = join(siteDir, dir);
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(root, entry.name, "index.html"))) {
        pages.push(`${dir}/${entry.name}/`);
      }
    }
  }
  for (const taxonomy of ["platforms", "actors", "operations", "origins", "targets", "tactics", "disclosers"]) {
    const root = join(siteDir, taxonomy);
    if (!existsSync(root)) continue;
    // The first term whose page has a chart (a term with only drafts has none).
    const first = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "page")
      .map((e) => e.name)
      .sort()
      .find((name) => readFileSync(join(root, name, "index.html"), "utf8").includes("<svg"));
    if (first) pages.push(`${taxonomy}/${first}/`);
  }
  return pages;
}

/// Every chart text shown on the page, with the size it is shown at.
async function shownText(page) {
  return page.$$eval("svg.chart", (charts) =>
    charts.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(svg).display === "none") return [];
      const scale = box.width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll("text")].map((t) => {
        const size = parseFloat(getComputedStyle(t).fontSize) * scale;
        const height = t.getBoundingClientRect().height;
        return { text: t.textContent.trim(), size, height, chart: svg.getAttribute("aria-labelledby") };
      });
    }),
  );
}

export async function checkCharts({ browser, base, siteDir, artifacts, check, newPage, event }) {
  const pages = pagesWithCharts(siteDir, event);
  for (const width of [390, 1366]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    for (const path of pages) {
      const label = `${path || "home"} at ${width}px`;
      const page = await newPage(context, label);
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      const figures = await page.$$eval(".chart-figure__chart", (boxes) =>
        boxes.map((b) => [...b.querySelectorAll("svg.chart")].filter((s) => s.getBoundingClientRect().width > 0).length),
      );
      check(figures.every((n) => n === 1), `${label}: each chart shows one of its layouts (${figures.join(", ") || "no charts"})`);
      const texts = await shownText(page);
      const small = texts.filter((t) => t.size < LEAST_PX);
      // The box a text takes on screen agrees with the size measured (a line is taller than
      // its font size, never shorter than 0.9 of it).
      const squashed = texts.filter((t) => t.text && t.height < 0.9 * LEAST_PX);
      const least = texts.length ? Math.min(...texts.map((t) => t.size)).toFixed(1) : "none";
      check(
        small.length === 0 && squashed.length === 0,
        `${label}: no chart text under ${LEAST_PX}px (${texts.length} texts, least ${least}px)` +
          (small.length ? `; too small: ${small.slice(0, 5).map((t) => `“${t.text}” ${t.size.toFixed(1)}px`).join(", ")}` : ""),
      );
      if (path === "" || path.startsWith("figures/") || path.startsWith("briefings/") || /^(platforms|actors|operations)\//.test(path)) {
        check(texts.length > 0, `${label}: charts are shown`);
      }
      const overflow = await page.$$eval(".chart-figure, .chart-figure__chart, svg.chart", (nodes) =>
        nodes.filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5).length,
      );
      check(overflow === 0, `${label}: no chart is wider than the screen`);
      if (width === 390) {
        const name = (path || "home").replace(/\/$/, "").replace(/\//g, "-");
        await page.screenshot({ path: join(artifacts, `charts-390-${name}.png`), fullPage: true });
      }
      await page.close();
    }
    await context.close();
  }

  // The marks are links: a keyboard reaches them, and each is named by its tooltip.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context, "chart links");
  await page.goto(`${base}figures/`, { waitUntil: "load" });
  const figureLinks = await page.$$eval(".chart-card__title a", (links) => links.map((a) => a.getAttribute("href")));
  await page.goto(new URL(figureLinks[0], base).href, { waitUntil: "load" });
  const marks = page.locator("svg.chart--wide a");
  const count = await marks.count();
  check(count > 0, `a figure's marks are links (${count})`);
  if (count > 0) {
    const first = marks.first();
    const name = await first.evaluate((a) => a.querySelector("title")?.textContent || "");
    check(name.length > 0, `a mark's link has a tooltip (“${name}”)`);
    const byRole = page.getByRole("link", { name });
    check((await byRole.count()) > 0, `a mark's link is named by its tooltip for assistive technology`);
    await first.focus();
    const focused = await page.evaluate(() => document.activeElement?.closest("svg.chart") !== null);
    check(focused, "a mark's link takes keyboard focus");
  }
  await context.close();

  // Dark mode: the chart's panel and background follow the page, not white.
  const dark = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: "dark" });
  const darkPage = await newPage(dark, "dark");
  await darkPage.goto(base, { waitUntil: "load" });
  const colours = await darkPage.$$eval(".chart-figure__chart", (boxes) =>
    boxes.map((b) => {
      const svg = [...b.querySelectorAll("svg.chart")].find((s) => s.getBoundingClientRect().width > 0);
      const bg = svg?.querySelector(".chart-bg");
      const text = svg?.querySelector("text");
      return {
        panel: getComputedStyle(b).backgroundColor,
        chart: bg ? getComputedStyle(bg).fill : "",
        text: text ? getComputedStyle(text).fill : "",
        page: getComputedStyle(document.body).backgroundColor,
      };
    }),
  );
  const white = "rgb(255, 255, 255)";
  check(
    colours.length > 0 && colours.every((c) => c.panel !== white && c.chart !== white && c.chart === c.page),
    `dark mode: charts sit on the page's background, not white panels (${JSON.stringify(colours[0] || {})})`,
  );
  check(colours.every((c) => c.text !== "rgb(21, 25, 30)"), "dark mode: chart text takes the theme's light ink");
  await darkPage.screenshot({ path: join(artifacts, "charts-dark-home.png"), fullPage: true });
  await dark.close();
}
