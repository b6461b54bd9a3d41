//! What the site says a task's state is: overdue only on a report, past its deadline without
//! one, drafts apart; a plan's official file and missing parts; on temporary sites made from
//! the `mini` fixture, built with --as-of 2026-11-20.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const PLAN: &str = r#"---
number: "20/KH-UBND"
title: "Kế hoạch thử"
issuer: ubnd-tp
date: 2026-01-05
source: "tep-goc/20-kh-ubnd.pdf"
missing: ["Phụ lục 2"]
tasks:
  - { id: "1", title: "Báo cáo chưa xong, đã hết hạn", lead: "Sở Hoà Bình", deadline: "Quý I/2026", status: in-progress }
  - { id: "2", title: "Không báo cáo, đã hết hạn", lead: "Sở Hoà Bình", deadline: "Quý I/2026" }
  - { id: "3", title: "Đã xong", lead: "Sở Hoà Bình", deadline: "Quý I/2026", status: done }
  - { id: "4", title: "Chỉ có ghi chú tiến độ", lead: "Sở Hoà Bình", deadline: "Quý I/2026", progress: [{ date: 2026-02-01, note: "Đang làm" }] }
---
Nội dung.
"#;

const DRAFT: &str = r#"---
number: "21/KH-UBND"
title: "Dự thảo thử"
issuer: ubnd-tp
date: 2026-01-06
draft: true
tasks:
  - { id: "1", title: "Việc của dự thảo", lead: "Sở Hoà Bình", deadline: "Quý I/2026", status: in-progress }
---
"#;

fn state_of(tasks: &Value, plan: &str, id: &str) -> String {
    let t = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["plan"] == plan && t["id"] == id)
        .unwrap();
    assert_eq!(t["overdue"], t["state"] == "overdue", "{t}");
    t["state"].as_str().unwrap().to_string()
}

#[test]
fn overdue_needs_a_report_and_a_draft_is_counted_apart() {
    let site = fixture("mini");
    write(site.path(), "content/plans/2026/20-kh-ubnd.md", PLAN);
    write(site.path(), "content/plans/2026/21-kh-ubnd.md", DRAFT);
    write(
        site.path(),
        "content/tep-goc/20-kh-ubnd.pdf",
        "%PDF-1.4 thử\n",
    );
    let out = tempfile::tempdir().unwrap();
    let r = build(site.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tasks = json(out.path(), "du-lieu/nhiem-vu.json");
    let p = "/ke-hoach/2026/20-kh-ubnd/";
    assert_eq!(state_of(&tasks, p, "1"), "overdue");
    assert_eq!(state_of(&tasks, p, "2"), "past-deadline");
    assert_eq!(state_of(&tasks, p, "3"), "done");
    assert_eq!(
        state_of(&tasks, p, "4"),
        "overdue",
        "a note is a report that does not say done"
    );
    assert_eq!(state_of(&tasks, "/ke-hoach/2026/21-kh-ubnd/", "1"), "draft");
    let overdue = read(out.path(), "thoi-han/qua-han/index.html");
    assert!(overdue.contains("20-kh-ubnd/#nv-1") && !overdue.contains("21-kh-ubnd/"));
    assert!(!overdue.contains("20-kh-ubnd/#nv-2"));
    let late = read(out.path(), "thoi-han/qua-han-chua-bao-cao/index.html");
    assert!(late.contains("20-kh-ubnd/#nv-2") && !late.contains("20-kh-ubnd/#nv-1"));
    let csv = read(out.path(), "du-lieu/nhiem-vu.csv");
    assert!(csv.lines().next().unwrap().ends_with(",overdue,state"));
    // The draft's task is in the counts, apart.
    let progress = read(out.path(), "tien-do/index.html");
    assert!(progress.contains("Thuộc dự thảo"));
    // The official file is published beside the page and linked from it and the open data.
    let pdf = std::fs::read(out.path().join("ke-hoach/2026/20-kh-ubnd/20-kh-ubnd.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let page = read(out.path(), "ke-hoach/2026/20-kh-ubnd/index.html");
    assert!(
        links_to(
            "ke-hoach/2026/20-kh-ubnd/index.html",
            &page,
            "ke-hoach/2026/20-kh-ubnd/20-kh-ubnd.pdf"
        ),
        "{page}"
    );
    assert!(page.contains("Phụ lục 2"));
    let plans = json(out.path(), "du-lieu/ke-hoach.json");
    let p20 = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["number"] == "20/KH-UBND")
        .unwrap();
    assert_eq!(p20["source"], "/ke-hoach/2026/20-kh-ubnd/20-kh-ubnd.pdf");
    assert_eq!(p20["missing"][0], "Phụ lục 2");
}

#[test]
fn draft_and_source_mistakes_are_named_at_their_line() {
    let site = fixture("mini");
    write(
        site.path(),
        "content/plans/2026/22-kh-ubnd.md",
        "---\nnumber: \"22/KH-UBND\"\ntitle: \"Thử\"\nissuer: ubnd-tp\ndate: 2026-01-07\nstatus: issued\ndraft: true\nsource: \"khong-co.pdf\"\n---\n",
    );
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.contains("22-kh-ubnd.md:7:") && said.contains("mâu thuẫn với `status: issued`"),
        "{said}"
    );
    assert!(
        said.contains("22-kh-ubnd.md:8:") && said.contains("content/khong-co.pdf"),
        "{said}"
    );
}
