// Accessibility of every page type of a built site, in headless Chromium: axe-core's WCAG
// 2.0/2.1/2.2 A and AA rules on a desktop and a 360 px wide viewport, no horizontal scrolling
// at 360 px (tables scroll inside their own box), a skip link first in the tab order, a
// visible focus, and a keyboard path to a task. A screenshot of each page is saved (not
// committed). Run by tests/browser.rs with:
//   node a11y.mjs <built site folder> <screenshot folder> [pages]
// where `pages`, when given, is a JSON object of name → path: only those pages are checked,
// each as below, without the keyboard, filter and print checks of the shipped site's pages.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "./static.mjs";
import { createRequire } from "node:module";
import { launchOptions } from "./launch.mjs";

const [site, shots, only] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const { base, server } = await serveStatic(site);

const pages = only ? JSON.parse(only) : {
  home: "",
  plan: "ke-hoach/2026/90-kh-ubnd/",
  body: "co-quan/so-khcn/",
  bodies: "co-quan/",
  deadlines: "thoi-han/",
  year: "thoi-han/2026/",
  "past-deadline": "thoi-han/qua-han-chua-bao-cao/",
  "issuer": "co-quan/bo-chinh-tri/",
  tasks: "thoi-han/thuong-xuyen/",
  directive: "van-ban/79-nq-tw/",
  documents: "van-ban/",
  search: "tim-kiem/",
  accessibility: "tiep-can/",
  data: "du-lieu/",
  progress: "tien-do/",
  "not-found": "khong-co-trang-nay/",
};
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const problems = [];
const browser = await chromium.launch(launchOptions());
try {
  for (const [vname, viewport] of Object.entries(viewports)) {
    const page = await browser.newPage({ viewport });
    for (const [name, path] of Object.entries(pages)) {
      const resp = await page.goto(base + path);
      if (name !== "not-found" && resp.status() !== 200) {
        problems.push(`${name}: HTTP ${resp.status()} for /${path}`);
        continue;
      }
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        tags,
      );
      for (const v of result.violations) {
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
        problems.push(`${name} (${vname}): ${v.id} — ${v.help} [${v.nodes.length}×: ${where}]`);
      }
      if (vname === "phone") {
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 0) problems.push(`${name} (phone): the page scrolls sideways by ${wide}px`);
      }
      // No text of a picture is drawn below 12 px, at either width.
      const small = await page.evaluate(() => [...document.querySelectorAll("svg text")].map((t) => {
        const m = t.getScreenCTM();
        const size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
        return { size, text: t.textContent.slice(0, 30) };
      }).filter((x) => x.size < 11.95));
      if (small.length) problems.push(`${name} (${vname}): ${small.length} SVG texts below 12 px, e.g. ${small[0].size.toFixed(1)} px "${small[0].text}"`);
      // At 360 px every cell of every table says which column it is in: by its own label, or
      // by a header row in view above it.
      if (vname === "phone" && ["progress", "body", "plan", "bodies", "deadlines", "year", "home", "data", "reports", "report"].includes(name)) {
        const bare = await page.evaluate(() => {
          const out = [];
          for (const table of document.querySelectorAll("main table")) {
            const head = table.tHead;
            const r = head && head.getBoundingClientRect();
            const headShown = r && r.height > 1 && r.width > 1 && getComputedStyle(head).position !== "absolute";
            const fits = table.getBoundingClientRect().width <= window.innerWidth;
            for (const row of table.tBodies[0] ? table.tBodies[0].rows : []) {
              if (row.classList.contains("group") || row.hidden) continue;
              for (const cell of row.cells) {
                const before = getComputedStyle(cell, "::before").content;
                const labelled = before && before !== "none" && before !== "normal" && before !== '""';
                if (!labelled && !(headShown && fits)) out.push(`${table.className || "table"}: "${cell.textContent.trim().slice(0, 30)}"`);
              }
            }
          }
          return out;
        });
        if (bare.length) problems.push(`${name} (phone): ${bare.length} table cells without their column's name, e.g. ${bare.slice(0, 3).join(" | ")}`);
      }
      const lang = await page.getAttribute("html", "lang");
      if (lang !== "vi") problems.push(`${name}: <html lang="${lang}">`);
      await page.screenshot({ path: join(shots, `${name}-${vname}.png`), fullPage: true });
    }
    await page.close();
  }

  // The checks below are of the shipped site's pages.
  if (!only) {
  // Keyboard: the first Tab reaches the skip link, which is then visible; following it and
  // tabbing on reaches a task of the plan, with a visible focus ring.
  const page = await browser.newPage({ viewport: viewports.desktop });
  await page.goto(base + pages.plan);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { href: a.getAttribute("href"), text: a.textContent.trim(), visible: r.width > 1 && r.height > 1 && r.top >= 0 };
  });
  if (!(first.href && first.href.startsWith("#"))) problems.push(`keyboard: the first Tab reaches ${JSON.stringify(first)}, not a skip link`);
  else if (!first.visible) problems.push("keyboard: the skip link stays invisible when focused");
  await page.keyboard.press("Enter");
  let reached = null;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => {
      const a = document.activeElement;
      const row = a && a.closest("tr[id^='nv-']");
      if (!row) return null;
      const s = getComputedStyle(a);
      const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      return { task: row.id, ring, tabs: 0 };
    });
    if (reached) reached.tabs = i + 1;
  }
  if (!reached) problems.push("keyboard: 200 Tabs after the skip link never reach a task");
  else if (!reached.ring) problems.push(`keyboard: no visible focus on the link of ${reached.task}`);
  else console.log(`keyboard: ${reached.task} reached after ${reached.tabs} Tab(s) from the skip link`);

  // Filters and sorting on a task list (desktop, where the filters start open).
  await page.goto(base + pages.tasks);
  const total = await page.locator("table.tasks tbody tr").count();
  await page.fill("form.filters input[type=search] >> nth=0", "so tai");
  await page.waitForFunction(() => /Hiển thị/.test(document.querySelector(".filter-count").textContent));
  const shown = await page.$$eval("table.tasks tbody tr:not([hidden])", (rows) => rows.map((r) => r.cells[2].textContent));
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  if (!shown.length || shown.length >= total || !shown.every((l) => fold(l).includes("so tai"))) {
    problems.push(`filter: "so tai" shows ${shown.length} of ${total} rows: ${shown.slice(0, 3).join(" | ")}`);
  }
  await page.click("form.filters button[type=reset]");
  await page.click("table.tasks th:has-text('Thời hạn') button");
  const ends = await page.$$eval("table.tasks tbody tr", (rows) => rows.map((r) => r.getAttribute("data-t")).filter(Boolean));
  const sorted = [...ends].sort();
  if (ends.join() !== sorted.join()) problems.push("sort: the deadline column does not sort by date");
  if ((await page.getAttribute("table.tasks th:has-text('Thời hạn')", "aria-sort")) !== "ascending") problems.push("sort: aria-sort not set");
  // Printed, a plan reads like the document: no navigation, the task table as a table, A4.
  const paper = await browser.newPage();
  await paper.goto(base + pages.plan);
  await paper.emulateMedia({ media: "print" });
  const printed = await paper.evaluate(() => ({
    chrome: [".top", ".foot", ".crumbs", ".filters"].filter((s) => {
      const e = document.querySelector(s);
      return e && getComputedStyle(e).display !== "none";
    }),
    table: getComputedStyle(document.querySelector("table.plan-tasks tr[id]")).display,
  }));
  if (printed.chrome.length) problems.push(`print: ${printed.chrome.join(", ")} printed`);
  // The printed page starts with the document's header, and leaves out the site's summaries.
  const start = await paper.evaluate(() => {
    const shown = (e) => { const s = getComputedStyle(e); const r = e.getBoundingClientRect(); return s.display !== "none" && s.visibility !== "hidden" && r.height > 0; };
    const first = [...document.querySelectorAll("main *")].find((e) => shown(e) && e.children.length === 0 && e.textContent.trim());
    return { inHeader: !!(first && first.closest(".doc-head")), text: first ? first.textContent.trim().slice(0, 40) : "",
      summaries: [".progress-summary", ".toc"].filter((sel) => { const e = document.querySelector(sel); return e && shown(e); }) };
  });
  if (!start.inHeader) problems.push(`print: the plan starts with "${start.text}", not the document header`);
  if (start.summaries.length) problems.push(`print: ${start.summaries.join(", ")} printed`);
  if (printed.table !== "table-row") problems.push(`print: task rows print as ${printed.table}, not as a table`);
  const pdf = await paper.pdf({ preferCSSPageSize: true });
  // A4 is 595 × 842 points.
  const box = /MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString("latin1"));
  const a4 = box && Math.abs(box[1] - 595) < 1.5 && Math.abs(box[2] - 842) < 1.5;
  if (!a4) problems.push("print: the PDF pages are not A4");
  await paper.pdf({ path: join(shots, "plan-print.pdf"), preferCSSPageSize: true });
  await paper.close();
  // Without JavaScript the list is whole and plain.
  const plain = await browser.newPage({ javaScriptEnabled: false });
  await plain.goto(base + pages.tasks);
  if ((await plain.locator("table.tasks tbody tr").count()) !== total) problems.push("without JavaScript the task list is not whole");
  if (await plain.locator("form.filters").count()) problems.push("without JavaScript a filter form that cannot work is shown");
  await plain.goto(base + pages.search);
  const says = await plain.textContent("main");
  if (!/cần JavaScript/.test(says) || !(await plain.locator("main a[href*='ke-hoach/']").count())) {
    problems.push("without JavaScript the search page does not say so, or does not lead to the lists");
  }
  await plain.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
console.log(`ok: ${Object.keys(pages).length} page types × ${Object.keys(viewports).length} viewports, no axe violations`);
