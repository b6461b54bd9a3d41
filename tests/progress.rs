//! Following progress: overdue and due-soon marks, dashboards and pictures, on the demo site of
//! examples/demo (invented progress) built for its as_of, 20/11/2026.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn demo() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let r = kehoach(&[
        "build",
        "--root",
        repo().join("examples/demo").to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(r.code, 0, "the demo builds with no warning: {}", r.stderr);
    out
}

/// The inline SVGs of a page, each parsed as XML (which fails on anything ill-formed).
fn svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let j = rest[i..].find("</svg>").expect("a closed svg") + i + "</svg>".len();
        let svg = &rest[i..j];
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        out.push(svg.to_string());
        rest = &rest[j..];
    }
    out
}

/// State counts drawn in the status bar of an svg: state → count.
fn bar_counts(svg: &str) -> BTreeMap<String, usize> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_attribute("data-state") && n.has_attribute("data-count"))
        .map(|n| {
            (
                n.attribute("data-state").unwrap().to_string(),
                n.attribute("data-count").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// The state of a task of nhiem-vu.json, worked out here from its status and deadline (the
/// demo's as_of is 2026-11-20): overdue only when a report says it is not done.
fn state(t: &Value) -> &'static str {
    let past = t["deadline"]["to"]
        .as_str()
        .is_some_and(|to| to < "2026-11-20");
    let s = match t["status"].as_str() {
        Some("done") => "done",
        Some("cancelled") => "cancelled",
        Some(_) if past => "overdue",
        Some("in-progress") => "in-progress",
        Some("not-started") => "not-started",
        _ if past => "past-deadline",
        _ => "no-report",
    };
    assert_eq!(t["state"], s, "{t}");
    assert_eq!(t["overdue"], s == "overdue", "{t}");
    s
}

fn expected(tasks: &[&Value]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for t in tasks {
        *m.entry(state(t).to_string()).or_default() += 1;
    }
    m
}

fn page(out: &Path, rel: &str) -> String {
    read(out, &format!("{rel}index.html"))
}

#[test]
fn the_demo_is_labelled_and_every_picture_is_well_formed_xml() {
    let out = demo();
    let home = page(out.path(), "");
    assert!(
        home.contains("<title>[DỮ LIỆU MINH HỌA]"),
        "the title says demo"
    );
    let mut pictures = 0;
    for e in walkdir::WalkDir::new(out.path()) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            for svg in svgs(&std::fs::read_to_string(e.path()).unwrap()) {
                // An image may not hold links: pictures with links are labelled groups.
                let role = if svg.contains("<a ") { "group" } else { "img" };
                assert!(
                    svg.contains(&format!("role=\"{role}\"")) && svg.contains("aria-labelledby"),
                    "{svg}"
                );
                pictures += 1;
            }
        }
    }
    assert!(pictures > 10, "{pictures}");
}

#[test]
fn the_status_bars_count_what_the_task_lists_hold() {
    let out = demo();
    let tasks = json(out.path(), "du-lieu/nhiem-vu.json");
    let tasks: Vec<&Value> = tasks.as_array().unwrap().iter().collect();
    // Every state occurs in the demo.
    let all = expected(&tasks);
    for s in [
        "done",
        "in-progress",
        "not-started",
        "no-report",
        "past-deadline",
        "overdue",
        "cancelled",
    ] {
        assert!(all.get(s).is_some_and(|&n| n > 0), "{s} in {all:?}");
    }
    // Home and progress pages: the whole site.
    for rel in ["", "tien-do/"] {
        let bar = &svgs(&page(out.path(), rel))[0];
        assert_eq!(bar_counts(bar), all, "{rel}");
    }
    // Each plan: its own tasks.
    for plan in ["901-kh-ubnd", "902-kh-skhcn", "903-kh-skhcn"] {
        let url = format!("/ke-hoach/2026/{plan}/");
        let mine: Vec<&Value> = tasks.iter().copied().filter(|t| t["plan"] == url).collect();
        let html = page(out.path(), &url[1..]);
        assert_eq!(bar_counts(&svgs(&html)[0]), expected(&mine), "{plan}");
        // The timeline draws one bar per dated task, each linked to its task.
        let dated = mine
            .iter()
            .filter(|t| !t["deadline"]["to"].is_null())
            .count();
        let timeline = svgs(&html)
            .into_iter()
            .find(|s| s.contains("class=\"chart timeline\""))
            .unwrap();
        assert_eq!(
            timeline.matches("<a href=\"#nv-").count(),
            dated.min(200),
            "{plan}"
        );
        assert!(timeline.contains("class=\"as-of\""), "the as_of line");
    }
    // The body that leads hundreds of tasks.
    let led: Vec<&Value> = tasks
        .iter()
        .copied()
        .filter(|t| {
            t["lead"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["id"] == "so-khcn")
        })
        .collect();
    assert!(led.len() > 300);
    let body = page(out.path(), "co-quan/so-khcn/");
    assert_eq!(bar_counts(&svgs(&body)[0]), expected(&led));
    // The same numbers in the table of bodies.
    let progress = page(out.path(), "tien-do/");
    let row_start = progress.find("href=\"../co-quan/so-khcn/\"").unwrap();
    let row = &progress[row_start..progress[row_start..].find("</tr>").unwrap() + row_start];
    let cell = |label: &str| -> usize {
        let at = row.find(&format!("data-label=\"{label}\">")).unwrap() + label.len() + 14;
        row[at..row[at..].find('<').unwrap() + at].parse().unwrap()
    };
    let e = expected(&led);
    assert_eq!(cell("Chủ trì"), led.len());
    assert_eq!(cell("Hoàn thành"), e["done"]);
    assert_eq!(cell("Quá hạn"), e["overdue"]);
    assert_eq!(
        cell("Đã qua thời hạn, chưa có báo cáo"),
        e.get("past-deadline").copied().unwrap_or(0)
    );
    assert_eq!(cell("Đang thực hiện"), e["in-progress"]);
}

#[test]
fn overdue_and_due_soon_marks_follow_the_deadline_edges() {
    let out = demo();
    let html = page(out.path(), "ke-hoach/2026/901-kh-ubnd/");
    let row = |id: &str| -> String {
        let at = html.find(&format!("<tr id=\"nv-{id}\"")).unwrap();
        html[at..at + html[at..].find('>').unwrap()].to_string()
    };
    // as_of is 20/11/2026. A row names its state, and "due-soon", in data-s.
    let marks = |id: &str| -> Vec<String> {
        let r = row(id);
        let at = r.find("data-s=\"").unwrap() + 8;
        r[at..at + r[at..].find('"').unwrap()]
            .split(' ')
            .filter(|w| ["overdue", "due-soon", "past-deadline"].contains(w))
            .map(str::to_string)
            .collect()
    };
    for (id, mark) in [
        ("i-1", Some("overdue")),       // ended yesterday
        ("i-2", Some("due-soon")),      // ends today
        ("i-3", Some("due-soon")),      // ends in 30 days
        ("i-4", None),                  // ends in 31 days
        ("i-5", Some("past-deadline")), // Quý III/2026, no report
        ("i-6", None),                  // Quý IV/2026: 41 days
        ("i-7", Some("due-soon")),      // Tháng 10-11/2026
        ("i-8", None),                  // past, but done
        ("i-9", None),                  // past, but cancelled
        ("i-10", Some("overdue")),      // Giai đoạn 2021 - 2025
        ("i-12", None),                 // Thường xuyên
    ] {
        assert_eq!(
            marks(id),
            mark.into_iter().map(str::to_string).collect::<Vec<_>>(),
            "{id}: {}",
            row(id)
        );
    }
    // The long log: every report on the task, the newest in its summary.
    let at = html.find("<tr id=\"nv-ii-1\"").unwrap();
    let task = &html[at..at + html[at..].find("</tr>").unwrap()];
    assert_eq!(task.matches("<li><time").count(), 22);
    assert!(task.contains("báo cáo ngày <time datetime=\"2026-10-28\">28/10/2026</time>"));
}

#[test]
fn the_relation_diagram_links_up_and_down_the_chain() {
    let out = demo();
    let html = page(out.path(), "ke-hoach/2026/902-kh-skhcn/");
    let diagram = svgs(&html)
        .into_iter()
        .find(|s| s.contains("class=\"chart relations\""))
        .unwrap();
    let file = "ke-hoach/2026/902-kh-skhcn/index.html";
    let boxes = link_targets(file, &diagram);
    for to in [
        "van-ban/79-nq-tw/",
        "ke-hoach/2026/901-kh-ubnd/",
        "ke-hoach/2026/902-kh-skhcn/",
        "ke-hoach/2026/903-kh-skhcn/",
    ] {
        assert!(boxes.iter().any(|b| b == to), "{to} not in {boxes:?}");
    }
    // The page's own box is marked, for the theme to set it apart.
    assert!(diagram.contains("<a href=\"./\" class=\"here\">"));
    assert_eq!(diagram.matches("class=\"here\"").count(), 1);
    // The text alternative lists the same boxes.
    let table = &html[html.find("<table class=\"relations-table\">").unwrap()..];
    assert!(table.contains("Nghị quyết số 79-NQ/TW") && table.contains("Kế hoạch số 903/KH-SKHCN"));
    // A directive's page draws what carries it out.
    let doc = page(out.path(), "van-ban/79-nq-tw/");
    assert!(svgs(&doc)
        .iter()
        .any(|s| s.contains("class=\"chart relations\"") && s.contains("901-kh-ubnd")));
}
