// Live reload in a real Chromium: the page served by `kehoach serve` reloads by itself when a
// plan is saved, shows a build error in a banner while keeping the last good page, and clears
// the banner when the file is fixed. Run by tests/browser.rs with:
//   node reload.mjs <base url> <page path> <plan file>
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
import { launchOptions } from "./launch.mjs";

const [base, pagePath, planFile] = process.argv.slice(2);
const original = readFileSync(planFile, "utf8");
const title = () => document.querySelector("h1 .doc-title")?.textContent ?? "";
const BANNER = "#__kehoach_loi";

function check(cond, what) {
  if (!cond) throw new Error(what);
}

const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage();
  await page.goto(base + pagePath);
  const before = await page.evaluate(title);
  check(before.length > 0, "the plan page has a title");

  // 1. A good edit: the tab reloads by itself (a marker set on the old document is gone).
  await page.evaluate(() => { window.__before_edit = true; });
  writeFileSync(planFile, original.replace(/^title: "(.*)"$/m, 'title: "$1 (đã sửa)"'));
  await page.waitForFunction(
    () => !window.__before_edit && document.querySelector("h1 .doc-title")?.textContent.includes("(đã sửa)"),
    null,
    { timeout: 15000 },
  );

  // 2. A broken edit: a banner names the file and line; the last good page stays.
  await page.evaluate(() => { window.__before_error = true; });
  writeFileSync(planFile, original.replace(/^issuer: .*$/m, "issuer: [chưa đóng"));
  await page.waitForSelector(BANNER, { timeout: 15000 });
  const banner = await page.textContent(BANNER);
  const name = planFile.split("/").pop();
  check(banner.includes(name), `the banner names the file: ${banner}`);
  check(/:\d+/.test(banner), `the banner gives a line: ${banner}`);
  check(await page.evaluate(() => window.__before_error === true), "an error does not reload the page");
  check((await page.evaluate(title)).includes("(đã sửa)"), "the last good page stays on screen");
  const role = await page.getAttribute(BANNER, "role");
  check(role === "alert", "the banner is announced to screen readers");

  // 3. The fix: the banner goes and the page shows the fixed file.
  writeFileSync(planFile, original);
  await page.waitForFunction(
    (t) => !document.querySelector("#__kehoach_loi") && document.querySelector("h1 .doc-title")?.textContent === t,
    before,
    { timeout: 15000 },
  );
  console.log("ok: reload, error banner, fix");
} finally {
  await browser.close();
}
