//! Lists show a task as one line; the rest of it is one click away, on its plan's page. For
//! every task of the demo (reports, relations, every state) and of the shipped site, every
//! list it is on shows its title, plan, lead, deadline and state, and the one link from that
//! line leads to a row holding everything the site knows of the task: title, plan, lead,
//! supports, outputs, deadline, state, reports and relations. A directive's own feed comes
//! and goes with what carries it out.

mod common;
use common::*;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `href` on the page at `page` (a file under the output), as a site path "/a/b/#c".
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}/", parts.join("/")).replace("//", "/");
    if !anchor.is_empty() {
        out.push('#');
        out.push_str(anchor);
    }
    out
}

const STATES: &[(&str, &str)] = &[
    ("done", "Hoàn thành"),
    ("in-progress", "Đang thực hiện"),
    ("not-started", "Chưa bắt đầu"),
    ("no-report", "Chưa có báo cáo"),
    ("past-deadline", "Đã qua thời hạn, chưa có báo cáo"),
    ("overdue", "Quá hạn"),
    ("cancelled", "Đã hủy"),
    ("draft", "Thuộc dự thảo"),
];

fn state_label(state: &str) -> &'static str {
    STATES.iter().find(|(s, _)| *s == state).unwrap().1
}

/// The letters and digits of a text: a title as Markdown, as a line of a list and as the
/// HTML of its plan's table agree in these (list markers, emphasis and spacing aside).
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// One line of a list, as found on a page.
struct Line {
    page: String,
    title: String,
    plan: String,
    /// Where the lead cell's links lead.
    lead: BTreeSet<String>,
    deadline: String,
    state: String,
}

/// Checks every task of the site built in `out`; returns how many lines of lists, and how
/// many tasks with reports and with relations, it saw.
fn check_site(out: &Path) -> (usize, usize, usize) {
    let tasks = json(out, "du-lieu/nhiem-vu.json");
    let tasks = tasks.as_array().unwrap();
    let plans = json(out, "du-lieu/ke-hoach.json");
    let plan_of: BTreeMap<&str, &Value> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["url"].as_str().unwrap(), p))
        .collect();
    let by_number: BTreeMap<&str, &str> = plans
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let n = p["number"].as_str().filter(|n| !n.is_empty())?;
            Some((n, p["url"].as_str().unwrap()))
        })
        .collect();
    // Reports on each task, and the tasks carrying out each task.
    let mut reports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if out.join("du-lieu/bao-cao.json").exists() {
        for r in json(out, "du-lieu/bao-cao.json").as_array().unwrap() {
            for e in r["entries"].as_array().unwrap() {
                if let Some(u) = e["url"].as_str() {
                    reports
                        .entry(u.to_string())
                        .or_default()
                        .insert(r["url"].as_str().unwrap().to_string());
                }
            }
        }
    }
    let task_url = |written: &str| -> Option<String> {
        let (number, id) = written.split_once('#')?;
        let plan = by_number.get(number)?;
        tasks
            .iter()
            .find(|t| t["plan"] == *plan && t["id"] == id)
            .map(|t| t["url"].as_str().unwrap().to_string())
    };
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    for t in tasks {
        if let Some(up) = t["implements"].as_str().and_then(task_url) {
            let me = t["url"].as_str().unwrap().to_string();
            children.entry(up.clone()).or_default().insert(me.clone());
            parent.insert(me, up);
        }
    }

    // Every line of every list, by the task it links to.
    let mut lines: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let page = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let doc = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
        for row in doc.select(&sel("table.lines tbody tr")) {
            let cells: Vec<ElementRef> = row.select(&sel("td")).collect();
            assert_eq!(cells.len(), 5, "{page}: a line has five cells");
            let links: Vec<ElementRef> = cells[0].select(&sel("a")).collect();
            assert_eq!(links.len(), 1, "{page}: one link to the task");
            let url = resolve(&page, links[0].value().attr("href").unwrap());
            lines.entry(url).or_default().push(Line {
                page: page.clone(),
                title: text(links[0]),
                plan: text(cells[1]),
                lead: cells[2]
                    .select(&sel("a"))
                    .map(|a| resolve(&page, a.value().attr("href").unwrap()))
                    .collect(),
                deadline: text(cells[3]),
                state: text(cells[4]),
            });
        }
    }

    let mut plan_pages: BTreeMap<String, Html> = BTreeMap::new();
    let (mut reported, mut related) = (0, 0);
    for t in tasks {
        let url = t["url"].as_str().unwrap();
        let plan_url = t["plan"].as_str().unwrap();
        let plan = plan_of[plan_url];
        let title = letters(t["title"].as_str().unwrap());
        let names = |k: &str| -> Vec<(String, String)> {
            t[k].as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    (
                        b["name"].as_str().unwrap().to_string(),
                        b["id"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let (lead, support) = (names("lead"), names("support"));
        let deadline = match t["deadline"]["text"].as_str().unwrap() {
            "" => "Không ghi thời hạn",
            d => d,
        };
        let state = t["state"].as_str().unwrap();

        // The lists it is on: its leads' and supporters' lists among them.
        let on = lines.get(url).map(Vec::as_slice).unwrap_or(&[]);
        for (_, id) in &lead {
            let list = format!("co-quan/{id}/chu-tri/");
            assert!(
                on.iter().any(|l| l.page.starts_with(&list)),
                "{url}: not on {list}"
            );
        }
        // A body named as both lead and support lists the task among what it leads.
        for (_, id) in support.iter().filter(|s| !lead.iter().any(|l| l.1 == s.1)) {
            let list = format!("co-quan/{id}/phoi-hop/");
            assert!(
                on.iter().any(|l| l.page.starts_with(&list)),
                "{url}: not on {list}"
            );
        }
        if t["deadline"]["to"].is_string() {
            assert!(
                on.iter().any(|l| l.page.starts_with("thoi-han/")),
                "{url}: on no deadline list"
            );
        }
        // Each line: the title, plan, lead, deadline and state.
        for l in on {
            let id = t["id"].as_str().unwrap();
            assert_eq!(
                letters(&l.title),
                letters(id) + &title,
                "{} → {url}",
                l.page
            );
            match plan["number"].as_str().filter(|n| !n.is_empty()) {
                Some(n) => assert_eq!(l.plan, n, "{}", l.page),
                None => assert!(l.plan.contains("số"), "{}: {}", l.page, l.plan),
            }
            for (_, id) in &lead {
                let to = format!("/co-quan/{id}/");
                assert!(l.lead.contains(&to), "{}: {to} not in {:?}", l.page, l.lead);
            }
            assert_eq!(l.deadline, deadline, "{}", l.page);
            assert!(l.state.starts_with(state_label(state)), "{}", l.page);
        }

        // One click: the task's row on its plan's page holds all of it.
        let doc = plan_pages.entry(plan_url.to_string()).or_insert_with(|| {
            Html::parse_document(&read(out, &format!("{}index.html", &plan_url[1..])))
        });
        let page = format!("{}index.html", &plan_url[1..]);
        let anchor = url.split_once('#').unwrap().1;
        let row = doc
            .select(&sel(&format!("tr[id=\"{anchor}\"]")))
            .next()
            .unwrap_or_else(|| panic!("{url}: no row on its plan's page"));
        let row_text = text(row);
        let hrefs: BTreeSet<String> = row
            .select(&sel("a[href]"))
            .map(|a| resolve(&page, a.value().attr("href").unwrap()))
            .collect();
        assert_eq!(
            letters(&text(row.select(&sel(".task-title")).next().unwrap())),
            title,
            "{url}: title"
        );
        // A body shows as the plan wrote it, linked to the body it is.
        for (_, id) in lead.iter().chain(&support) {
            assert!(hrefs.contains(&format!("/co-quan/{id}/")), "{url}: {id}");
        }
        for o in t["outputs"].as_array().unwrap() {
            assert!(row_text.contains(o.as_str().unwrap()), "{url}: output {o}");
        }
        assert!(row_text.contains(deadline), "{url}: deadline");
        let mut badges: Vec<String> = row.select(&sel(".badge")).map(text).collect();
        // Due soon: said on every line and on the row alike.
        let due = badges.iter().any(|b| b == "Sắp đến hạn");
        badges.retain(|b| b != "Sắp đến hạn");
        for l in on {
            assert_eq!(l.state.ends_with(", sắp đến hạn"), due, "{}: {url}", l.page);
        }
        match state {
            "no-report" => assert!(
                badges.is_empty() && row.select(&sel("details.progress")).next().is_none(),
                "{url}: no report, yet {badges:?}"
            ),
            // A draft plan says so once, at its head.
            "draft" => assert!(doc
                .select(&sel(".facts .badge.plan-draft"))
                .next()
                .is_some()),
            s => assert!(
                badges.iter().any(|b| b == state_label(s)),
                "{url}: {s} not in {badges:?}"
            ),
        }
        reported += usize::from(reports.contains_key(url));
        related += usize::from(parent.contains_key(url) || children.contains_key(url));
        for r in reports.get(url).into_iter().flatten() {
            assert!(hrefs.contains(r), "{url}: report {r}");
        }
        if let Some(up) = parent.get(url) {
            assert!(hrefs.contains(up), "{url}: carries out {up}");
        }
        for c in children.get(url).into_iter().flatten() {
            assert!(hrefs.contains(c), "{url}: carried out by {c}");
        }
    }
    (lines.values().map(Vec::len).sum(), reported, related)
}

#[test]
fn every_fact_of_a_task_is_one_click_from_every_list_it_is_on() {
    let demo = tempfile::tempdir().unwrap();
    let r = build(&repo().join("examples/demo"), demo.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (n, reported, related) = check_site(demo.path());
    assert!(
        n > 1000 && reported > 30 && related > 300,
        "{n} lines, {reported} tasks with reports, {related} with relations"
    );
    let site = shipped_site();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (n, _, related) = check_site(&out);
    assert!(
        n > 300 && related >= 10,
        "{n} lines, {related} tasks with relations"
    );
}

/// A directive's feed is published once something carries it out, and goes when nothing
/// does, in a live rebuild as in a full build.
#[test]
fn a_directive_has_a_feed_while_something_carries_it_out() {
    let site = fixture("mini");
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let mut s = kehoach::pipeline::live::Session::new(live_opts(root, &out.path().join("public")));
    s.rebuild().unwrap();
    s.finish().unwrap();
    let feed = s.output().join("van-ban/1-nq-tw/feed.xml");
    assert!(feed.exists());
    let plan = "content/plans/2026/10-kh-ubnd.md";
    edit(root, plan, "implements: [\"1-NQ/TW\"]", "implements: []");
    rebuild_matches_full(&mut s, root, "nothing carries the directive out");
    assert!(!feed.exists());
    let page = std::fs::read_to_string(s.output().join("van-ban/1-nq-tw/index.html")).unwrap();
    assert!(
        !page.contains("1-nq-tw/feed.xml"),
        "the page links no feed of its own"
    );
    edit(root, plan, "implements: []", "implements: [\"1-NQ/TW\"]");
    rebuild_matches_full(&mut s, root, "a plan carries it out again");
    assert!(feed.exists());
}
