// Search in a real browser, on the built shipped site: what a citizen types, with or without
// diacritics, and the first result they must get. Run by tests/browser.rs with:
//   node search.mjs <built site folder>
import { chromium } from "playwright-core";
import { serveStatic } from "./static.mjs";
import { launchOptions } from "./launch.mjs";

const [site] = process.argv.slice(2);
const { base, server } = await serveStatic(site);
const problems = [];
const browser = await chromium.launch(launchOptions());
const fetched = [];

async function search(page, q) {
  fetched.length = 0;
  await page.goto(base + "tim-kiem/?q=" + encodeURIComponent(q));
  await page.waitForFunction(() => /kết quả/.test(document.getElementById("search-status").textContent), null, { timeout: 15000 });
  return page.$$eval("#search-results li", (lis) => lis.map((li) => ({
    href: li.querySelector("a").getAttribute("href"),
    label: li.querySelector("a").textContent,
    text: li.textContent,
    marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
  })));
}

try {
  const page = await browser.newPage();
  page.on("request", (r) => fetched.push(r.url()));
  const first = async (q, hrefEnd, why) => {
    const hits = await search(page, q);
    const got = hits[0] ? hits[0].href : "(nothing)";
    if (!got.endsWith(hrefEnd)) problems.push(`"${q}": first result ${got}, want …${hrefEnd} (${why})`);
    return hits;
  };
  // Numbers, as written and typed loosely: the plan itself first.
  await first("90/KH-UBND", "ke-hoach/2026/90-kh-ubnd/", "exact number");
  await first("90 kh ubnd", "ke-hoach/2026/90-kh-ubnd/", "number without punctuation");
  await first("269/kh-skhcn", "ke-hoach/2026/269-kh-skhcn/", "number in lower case");
  // Names without diacritics.
  const tc = await first("so tai chinh", "co-quan/so-tc/", "a body's name without diacritics");
  if (tc[0] && !tc[0].marks.some((m) => /Tài/.test(m))) problems.push(`"so tai chinh": the words are not highlighted: ${JSON.stringify(tc[0])}`);
  await first("Sở Tài chính", "co-quan/so-tc/", "a body's name as written");
  // Words of titles, without diacritics; đ typed as d.
  const cds = await search(page, "ke hoach chuyen doi so");
  if (!cds.length || !/chuyển đổi số/i.test(cds[0].text)) problems.push(`"ke hoach chuyen doi so": first result ${JSON.stringify(cds[0])}`);
  const qd = await search(page, "quyet dinh");
  if (!qd.some((h) => /quyết định/i.test(h.text))) problems.push(`"quyet dinh" finds nothing with "quyết định"`);
  // Old and new tone placement find the same things.
  const a = await search(page, "số hoá");
  const b = await search(page, "so hóa");
  const c = await search(page, "số hóa");
  if (!a.length) problems.push(`"số hoá" finds nothing`);
  if (JSON.stringify(a.map((h) => h.href)) !== JSON.stringify(c.map((h) => h.href))
    || JSON.stringify(b.map((h) => h.href)) !== JSON.stringify(c.map((h) => h.href))) {
    problems.push(`"số hoá", "so hóa" and "số hóa" find different things (${a.length}, ${b.length}, ${c.length})`);
  }
  // The fixed list: what a citizen types, and the first result it must give. Numbers and
  // names lead to their page; a phrase leads to a result whose title holds those words side by
  // side, ahead of results that only hold them apart ("quyet dinh": "Quyết định", not
  // "Nghị quyết … quy định").
  const fixed = [
    ["90/KH-UBND", "ke-hoach/2026/90-kh-ubnd/"],
    ["269/KH-SKHCN", "ke-hoach/2026/269-kh-skhcn/"],
    ["77 kh snv", "ke-hoach/2025/77-kh-snv/"],
    ["79-NQ/TW", "van-ban/79-nq-tw/"],
    ["57-nq-tw", "van-ban/57-nq-tw/"],
    ["1049/QD-UBND", "van-ban/1049-qd-ubnd/"],
    ["bo chinh tri", "co-quan/bo-chinh-tri/"],
    ["so noi vu", "co-quan/so-nv/"],
    ["Sở Khoa học và Công nghệ", "co-quan/so-khcn/"],
    ["so xay dung", "co-quan/so-xd/"],
    ["quyet dinh", null],
    ["quy hoach chung", null],
    ["hoi nghi doi thoai", null],
    ["don vi su nghiep cong lap", null],
    ["ngan sach nha nuoc", null],
    ["doanh nghiep nha nuoc", null],
    ["dau tu cong", null],
    ["trung tam quoc te", null],
    ["doi moi sang tao", null],
    ["chuyen doi so", null],
    ["so hoa", null],
    ["kinh te nha nuoc", null],
  ];
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/[^a-z0-9]+/g, " ");
  for (const [q, want] of fixed) {
    if (want) { await first(q, want, "number or name"); continue; }
    const hits = await search(page, q);
    if (!hits.length || !(" " + fold(hits[0].text) + " ").includes(" " + fold(q).trim() + " ")) {
      problems.push(`"${q}": the first result does not hold the phrase: ${hits[0] ? hits[0].text.slice(0, 160) : "(nothing)"}`);
    }
    // Each result says what it is once: no "Nhiệm vụ: Nhiệm vụ 12".
    for (const h of hits) {
      if (/^(Nhiệm vụ: Nhiệm vụ|Kế hoạch: Kế hoạch|Cơ quan: Cơ quan|Văn bản: Văn bản)/.test(h.text.trim())) {
        problems.push(`"${q}": a label says its kind twice: ${h.text.slice(0, 80)}`);
        break;
      }
    }
  }
  // Two bodies of the same name are told apart by their parent.
  const vp = await search(page, "van phong so");
  const vpNames = vp.filter((h) => /co-quan\//.test(h.href)).map((h) => h.text.trim());
  if (vpNames.length < 2 || new Set(vpNames).size !== vpNames.length || !vpNames.every((n) => / — Sở /.test(n))) {
    problems.push(`"van phong so": bodies not told apart: ${JSON.stringify(vpNames)}`);
  }
  // A task is reached at its anchor.
  const t = await search(page, "cong khai tien do");
  const tasks = t.filter((h) => /#nv-/.test(h.href));
  if (!tasks.length) problems.push(`"cong khai tien do": no result links to a task anchor`);
  // Each task's link leads to its row, and its label names it and its plan as the row's
  // page does (the index keeps them apart from the plan's, search.js puts them together).
  for (const h of tasks.slice(0, 3)) {
    const anchor = h.href.split("#")[1];
    await page.goto(new URL(h.href, base + "tim-kiem/").href);
    const row = await page.evaluate((id) => {
      const tr = document.getElementById(id);
      return tr && {
        num: tr.querySelector("th").textContent.trim(),
        plan: document.querySelector(".crumbs [aria-current=page]").textContent.trim(),
      };
    }, anchor);
    if (!row || h.label.trim() !== `Nhiệm vụ ${row.num} — ${row.plan}`) {
      problems.push(`task result ${h.href} "${h.text.slice(0, 60)}" is not the row it links to: ${JSON.stringify(row)}`);
    }
  }
  // Nothing found says so.
  const none = await search(page, "zzzz khong co");
  if (none.length) problems.push(`"zzzz khong co" finds ${none.length} results`);
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
console.log("ok: searches return the right first result");
