// Measures the search of a built site in headless Chromium: size of the index on disk, and for
// a few typical queries the bytes fetched and the time to the results. Not a test; the
// numbers go in the README:
//   node measure-search.mjs <built site folder> [query …]
import { chromium } from "playwright-core";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serveStatic } from "./static.mjs";
import { launchOptions } from "./launch.mjs";

const [site, ...asked] = process.argv.slice(2);
const queries = asked.length ? asked : ["so tai chinh", "90/KH-UBND", "chuyen doi so", "quyet dinh"];
const dir = join(site, "du-lieu/tim-kiem");
const files = readdirSync(dir);
const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const largest = Math.max(...files.map((f) => statSync(join(dir, f)).size));
console.log(`index: ${files.length} files, ${(total / 1e6).toFixed(1)} MB, largest ${(largest / 1e3).toFixed(0)} KB`);

const { base, server } = await serveStatic(site);
const browser = await chromium.launch(launchOptions());
try {
  for (const q of queries) {
    const page = await browser.newPage();
    const bodies = [];
    page.on("response", (r) => {
      if (r.url().includes("/du-lieu/tim-kiem/")) bodies.push(r.body());
    });
    await page.goto(base + "tim-kiem/");
    const start = Date.now();
    await page.goto(base + "tim-kiem/?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => /kết quả/.test(document.getElementById("search-status").textContent), null, { timeout: 60000 });
    const ms = Date.now() - start;
    const count = bodies.length;
    const got = await Promise.all(bodies);
    const bytes = got.reduce((n, b) => n + b.length, 0);
    // What a server with gzip on (nginx `gzip on` or `gzip_static`) would send.
    const gz = got.reduce((n, b) => n + gzipSync(b).length, 0);
    const status = await page.textContent("#search-status");
    console.log(`"${q}": ${count} files, ${(bytes / 1e3).toFixed(0)} KB fetched (${(gz / 1e3).toFixed(0)} KB gzipped), ${ms} ms — ${status}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
