//! Progress reports (báo cáo) as documents: a task's state and log come from the reports that
//! speak of it (newest wins; a status in the plan file counts as of the plan's date), each
//! report has a page, lists, a feed and open data, and the periods a plan wants reports for
//! show who has and has not reported. Temporary sites made from the `mini` fixture.

mod common;
use common::*;
use common::{edit, live_opts, rebuild_matches_full};
use serde_json::Value;
use std::path::Path;

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const PLAN: &str = r#"---
number: "30/KH-UBND"
title: "Kế hoạch có báo cáo định kỳ"
issuer: ubnd-tp
date: 2026-01-05
reporting: ["quý"]
tasks:
  - { id: "1", title: "Việc của Sở Hòa Bình, hạn quý I", lead: "Sở Hoà Bình", deadline: "Quý I/2026", status: in-progress }
  - { id: "2", title: "Việc của Sở Bình An", lead: "Sở Bình An", support: ["Sở Hoà Bình"], deadline: "Năm 2026" }
  - { id: "3", title: "Việc thứ hai của Sở Hòa Bình", lead: "Sở Hoà Bình", deadline: "Quý IV/2026" }
  - { id: "4", title: "Việc không ai báo cáo", lead: "Sở Hoà Bình", deadline: "Thường xuyên" }
---
Định kỳ hằng quý, các cơ quan chủ trì báo cáo kết quả.
"#;

/// Sở Hòa Bình, first quarter: task 1 done, task 3 under way.
const A_Q1: &str = r#"---
number: "11/BC-SHB"
title: "Báo cáo kết quả thực hiện Kế hoạch số 30/KH-UBND quý I năm 2026"
issuer: so-a
date: 2026-04-05
period: "Quý I/2026"
reports_on: ["30/KH-UBND"]
place: "Hải Phòng"
signer: { name: "Nguyễn Văn A", position: "Giám đốc" }
recipients: ["UBND thành phố", "Lưu: VT"]
tasks:
  - task: "30/KH-UBND#1"
    status: done
    note: "Đã hoàn thành dự thảo đề án."
    outputs: ["Dự thảo Đề án"]
  - task: "30/KH-UBND#3"
    status: in-progress
    note: "Đang khảo sát."
---
Kết quả quý I.
"#;

/// Sở Bình An, first quarter: its own task, a task it has nothing to do with, and a task
/// that does not exist.
const B_Q1: &str = r#"---
number: "7/BC-SBA"
title: "Báo cáo quý I năm 2026"
issuer: so-b
date: 2026-04-06
period: "Quý I/2026"
tasks:
  - { task: "30/KH-UBND#2", status: in-progress, note: "Đang làm." }
  - { task: "30/KH-UBND#1", status: done, note: "Không phải việc của Sở." }
  - { task: "30/KH-UBND#9", status: done }
---
"#;

/// Sở Hòa Bình, second quarter, twice on one day, saying different things of task 1.
const A_Q2: &str = r#"---
number: "20/BC-SHB"
title: "Báo cáo quý II năm 2026"
issuer: so-a
date: 2026-07-03
period: "Quý II/2026"
tasks:
  - { task: "30/KH-UBND#1", status: in-progress, note: "Phải làm lại một phần." }
---
"#;
const A_Q2_AGAIN: &str = r#"---
number: "21/BC-SHB"
title: "Báo cáo bổ sung quý II năm 2026"
issuer: so-a
date: 2026-07-03
period: "Quý II/2026"
tasks:
  - { task: "30/KH-UBND#1", status: done }
---
"#;

fn site_with_reports() -> tempfile::TempDir {
    let site = fixture("mini");
    let s = site.path();
    write(s, "content/plans/2026/30-kh-ubnd.md", PLAN);
    write(s, "content/bao-cao/2026/11-bc-shb.md", A_Q1);
    write(s, "content/bao-cao/2026/7-bc-sba.md", B_Q1);
    write(s, "content/bao-cao/2026/20-bc-shb.md", A_Q2);
    write(s, "content/bao-cao/2026/20-bc-shb-bo-sung.md", A_Q2_AGAIN);
    site
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(rel)).unwrap()).unwrap()
}

fn task<'a>(tasks: &'a Value, plan: &str, id: &str) -> &'a Value {
    tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["plan"] == plan && t["id"] == id)
        .unwrap_or_else(|| panic!("no task {plan}#{id}"))
}

fn check(site: &Path, as_of: &str) -> Vec<Value> {
    let r = kehoach(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    v.as_array().cloned().unwrap()
}

#[test]
fn a_task_s_state_and_log_come_from_the_reports_on_it() {
    let site = site_with_reports();
    let out = tempfile::tempdir().unwrap();
    let r = build(site.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tasks = json(out.path(), "du-lieu/nhiem-vu.json");
    let plan = "/ke-hoach/2026/30-kh-ubnd/";
    // Task 1: the plan said in progress (January), a report said done (April), and the newest
    // reports (July) say in progress and done on one day; of those, the last file in order
    // (20-bc-shb.md) wins. Its deadline passed: overdue, on a report's word.
    assert_eq!(task(&tasks, plan, "1")["status"], "in-progress");
    assert_eq!(task(&tasks, plan, "1")["state"], "overdue");
    assert_eq!(task(&tasks, plan, "2")["state"], "in-progress");
    assert_eq!(task(&tasks, plan, "3")["state"], "in-progress");
    // No report speaks of task 4, and the plan says nothing of it.
    assert_eq!(task(&tasks, plan, "4")["state"], "no-report");

    // The log on the plan's page: every report on task 1, oldest first, linked, with body
    // and status.
    let page =
        std::fs::read_to_string(out.path().join("ke-hoach/2026/30-kh-ubnd/index.html")).unwrap();
    let row = page.split("id=\"nv-1\"").nth(1).unwrap();
    let row = &row[..row.find("id=\"nv-2\"").unwrap()];
    let log: Vec<&str> = row.split("<li>").skip(1).collect();
    assert_eq!(log.len(), 5, "{row}");
    // The plan's own status first, as of its date.
    assert!(
        log[0].contains("05/01/2026")
            && log[0].contains("Đang thực hiện")
            && !log[0].contains("href"),
        "{}",
        log[0]
    );
    let log = &log[1..];
    assert!(
        log[0].contains("05/04/2026")
            && log[0].contains("Báo cáo số 11/BC-SHB")
            && log[0].contains("Sở Hòa Bình")
            && log[0].contains("Hoàn thành")
            && log[0].contains("Dự thảo Đề án"),
        "{}",
        log[0]
    );
    assert!(
        log[0].contains("href=\"../../../bao-cao/2026/11-bc-shb/\""),
        "{}",
        log[0]
    );
    assert!(
        log[1].contains("Báo cáo số 7/BC-SBA") && log[1].contains("Sở Bình An"),
        "{}",
        log[1]
    );
    assert!(log[2..].iter().any(|l| l.contains("Báo cáo số 21/BC-SHB")));
    assert!(log[2..].iter().any(|l| l.contains("Báo cáo số 20/BC-SHB")));

    // Each report's page: the header as on the document, each task linked to its plan.
    let rp = std::fs::read_to_string(out.path().join("bao-cao/2026/11-bc-shb/index.html")).unwrap();
    for want in [
        "Số: 11/BC-SHB",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hải Phòng, ngày 5 tháng 4 năm 2026",
        "Quý I/2026",
        "href=\"../../../ke-hoach/2026/30-kh-ubnd/#nv-1\"",
        "href=\"../../../ke-hoach/2026/30-kh-ubnd/#nv-3\"",
        "NGUYỄN VĂN A",
    ] {
        assert!(
            rp.contains(want) || rp.to_uppercase().contains(want),
            "report page lacks {want}"
        );
    }
    // The list of reports, newest first; the body's page lists its own; the plan's page its.
    let list = std::fs::read_to_string(out.path().join("bao-cao/index.html")).unwrap();
    let at = |s: &str| {
        list.find(s)
            .unwrap_or_else(|| panic!("{s} not on /bao-cao/"))
    };
    assert!(at("20/BC-SHB") < at("7/BC-SBA") && at("7/BC-SBA") < at("11/BC-SHB"));
    let body = std::fs::read_to_string(out.path().join("co-quan/so-b/index.html")).unwrap();
    assert!(body.contains("7/BC-SBA") && !body.contains("11/BC-SHB"));
    assert!(page.contains("Báo cáo về kế hoạch này"));
    // The feed of reports, newest first, ids the reports' URLs.
    let feed = std::fs::read_to_string(out.path().join("bao-cao/feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains("<id>https://example.test/ke-hoach-so/bao-cao/2026/7-bc-sba/</id>"));
    // Open data: one object per report, one CSV row per entry; the datapackage names both.
    let data = json(out.path(), "du-lieu/bao-cao.json");
    assert_eq!(data.as_array().unwrap().len(), 4);
    let b = data
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == "7/BC-SBA")
        .unwrap();
    assert_eq!(b["issuer"]["id"], "so-b");
    assert_eq!(b["period"]["from"], "2026-01-01");
    assert_eq!(b["entries"][0]["url"], "/ke-hoach/2026/30-kh-ubnd/#nv-2");
    assert_eq!(b["entries"][2]["url"], Value::Null);
    let csv = std::fs::read_to_string(out.path().join("du-lieu/bao-cao.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 + 3 + 1 + 1);
    // Search finds reports too.
    let found = std::fs::read_dir(out.path().join("du-lieu/tim-kiem"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .any(|t| t.contains("\"bao-cao/2026/11-bc-shb/\"") && t.contains("Báo cáo số 11/BC-SHB"));
    assert!(found, "the search index lists the report");
    let pkg = std::fs::read_to_string(out.path().join("du-lieu/datapackage.json")).unwrap();
    assert!(pkg.contains("\"bao-cao.json\"") && pkg.contains("\"bao-cao.csv\""));
}

#[test]
fn reports_on_what_is_not_there_or_not_theirs_are_warnings_naming_both() {
    let site = site_with_reports();
    let diags = check(site.path(), "2026-11-20");
    let on = |file: &str, has: &str| {
        diags.iter().any(|d| {
            d["path"].as_str().unwrap().ends_with(file)
                && d["message"].as_str().unwrap().contains(has)
        })
    };
    // Sở Bình An reports on task 1, which Sở Hòa Bình leads.
    assert!(
        on(
            "7-bc-sba.md",
            "`Sở Bình An` không chủ trì cũng không phối hợp nhiệm vụ 1 của kế hoạch 30/KH-UBND"
        ),
        "{diags:#?}"
    );
    assert!(on("7-bc-sba.md", "chủ trì: Sở Hoà Bình"), "{diags:#?}");
    assert!(on("7-bc-sba.md", "không có nhiệm vụ mã `9`"), "{diags:#?}");
    // Sở Hòa Bình supports task 2 (no warning for its report on it) — not reported here; the
    // two reports of 3 July disagree on task 1.
    assert!(on("20-bc-shb.md", "cùng ngày nói `done`"), "{diags:#?}");
    let line = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("cùng ngày"))
        .unwrap()["line"]
        .as_u64()
        .unwrap();
    assert_eq!(line, 8, "the warning is at the task's line");
    // A report for an unknown plan, by an unknown body, with an impossible date.
    write(site.path(), "content/bao-cao/2026/sai.md", "---\ntitle: \"Sai\"\nissuer: so-khong-co\ndate: 2026-02-30\nperiod: \"Quý I/2026\"\nreports_on: [\"31/KH-UBND\"]\n---\n");
    let diags = check(site.path(), "2026-11-20");
    let on = |has: &str| {
        diags.iter().any(|d| {
            d["path"].as_str().unwrap().ends_with("sai.md")
                && d["message"].as_str().unwrap().contains(has)
        })
    };
    assert!(on("không có ngày 30"), "{diags:#?}");
    assert!(on("cơ quan báo cáo `so-khong-co` không có"), "{diags:#?}");
    // A misspelt key names the key meant, as in plans.
    write(site.path(), "content/bao-cao/2026/sai.md", "---\ntitle: \"Sai\"\nissuer: so-a\ndate: 2026-02-03\nperiod: \"Quý I/2026\"\nreport_on: [\"30/KH-UBND\"]\n---\n");
    let diags = check(site.path(), "2026-11-20");
    assert!(
        diags.iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("có phải `reports_on`?")
            && d["line"] == 6),
        "{diags:#?}"
    );
}

/// Which periods each lead body has reported on, at the edges: a period that ends on as_of
/// is not over; one that ended the day before is, and its report is due.
#[test]
fn who_has_not_reported_is_a_fact_of_the_periods_that_ended() {
    let site = site_with_reports();
    // A group of bodies leads a task too: it owes no report of its own (its members do, and
    // the site does not know them).
    let deps = site.path().join("content/departments.yaml");
    let mut text = std::fs::read_to_string(&deps).unwrap();
    text.push_str("- id: cac-so\n  name: \"Các sở, ngành\"\n  kind: group\n");
    std::fs::write(&deps, text).unwrap();
    let plan = site.path().join("content/plans/2026/30-kh-ubnd.md");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "\n---\nĐịnh kỳ",
        "\n  - { id: \"5\", title: \"Việc của các sở\", lead: \"Các sở, ngành\", deadline: \"Thường xuyên\" }\n---\nĐịnh kỳ",
    );
    std::fs::write(&plan, text).unwrap();
    let missing = |as_of: &str| -> Vec<String> {
        let out = tempfile::tempdir().unwrap();
        let r = kehoach(&[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--output",
            out.path().to_str().unwrap(),
            "--as-of",
            as_of,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let page = std::fs::read_to_string(out.path().join("tien-do/index.html")).unwrap();
        let Some(table) = page.split("class=\"missing-reports").nth(1) else {
            return Vec::new();
        };
        let table = &table[..table.find("</table>").unwrap()];
        table
            .split("<tr>")
            .skip(2)
            .map(|row| {
                // The text of the row's cells: body, plan, period, end.
                let mut text = String::new();
                let mut in_tag = false;
                for c in row.chars() {
                    match c {
                        '<' => {
                            in_tag = true;
                            text.push('|');
                        }
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                let cells: Vec<&str> = text.split('|').filter(|c| !c.trim().is_empty()).collect();
                format!("{}: {} ({})", cells[0], cells[2], cells[3])
            })
            .collect()
    };
    // 30 June: the second quarter ends that day, not over; only the first quarter is due,
    // and both bodies reported on it.
    assert_eq!(missing("2026-06-30"), Vec::<String>::new());
    // 1 July: the second quarter ended yesterday. Sở Hòa Bình's reports on it are dated 3
    // July, after the site's date, and count for the period they cover; Sở Bình An has none.
    assert_eq!(
        missing("2026-07-01"),
        vec!["Sở Bình An: 1 (Quý II/2026)".to_string()]
    );
    // 1 October: the third quarter too, for both (bodies in Vietnamese order).
    assert_eq!(
        missing("2026-10-01"),
        vec![
            "Sở Bình An: 2 (Quý II/2026 — Quý III/2026)".to_string(),
            "Sở Hòa Bình: 1 (Quý III/2026)".to_string(),
        ]
    );
    // The plan's page and the body's page show the same facts.
    let out = tempfile::tempdir().unwrap();
    kehoach(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--as-of",
        "2026-10-01",
    ]);
    let plan =
        std::fs::read_to_string(out.path().join("ke-hoach/2026/30-kh-ubnd/index.html")).unwrap();
    assert!(plan.contains("Kế hoạch yêu cầu báo cáo: quý."));
    let duties = plan.split("class=\"report-duties").nth(1).unwrap();
    assert!(
        duties.contains(
            "Quý I/2026: <a href=\"../../../bao-cao/2026/11-bc-shb/\">Báo cáo số 11/BC-SHB</a>"
        ),
        "{duties}"
    );
    let body = std::fs::read_to_string(out.path().join("co-quan/so-b/index.html")).unwrap();
    let duties = body.split("class=\"report-duties").nth(1).unwrap();
    assert!(
        duties.contains("missing-report\">Quý II/2026")
            && duties.contains("missing-report\">Quý III/2026"),
        "{duties}"
    );
}

#[test]
fn report_new_lists_the_open_tasks_of_the_body_and_never_overwrites() {
    let site = site_with_reports();
    let root = site.path().to_str().unwrap();
    let args = [
        "report",
        "new",
        "--body",
        "so-a",
        "--period",
        "Quý III/2026",
        "--root",
        root,
        "--date",
        "2026-10-05",
        "--as-of",
        "2026-10-01",
    ];
    let r = kehoach(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rel = "content/bao-cao/2026/bc-so-a-quy-iii-2026.md";
    let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
    // Sở Hòa Bình leads tasks 1, 3 and 4 of 30/KH-UBND and task 1 of 10/KH-UBND (in plan
    // order, oldest plan first); task 1 of 30/KH-UBND is in progress on the last report; none
    // is closed.
    let tasks: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  - task: "))
        .collect();
    assert_eq!(
        tasks,
        [
            "\"30/KH-UBND#1\"",
            "\"30/KH-UBND#3\"",
            "\"30/KH-UBND#4\"",
            "\"10/KH-UBND#1\""
        ]
    );
    assert!(text.contains("tình trạng gần nhất: Đang thực hiện"));
    assert!(text.contains("period: \"Quý III/2026\""));
    // The draft checks (with warnings for what is still to fill in) and builds.
    let diags = check(site.path(), "2026-10-01");
    assert!(
        !diags.iter().any(|d| d["severity"] == "error"),
        "{diags:#?}"
    );
    assert!(diags.iter().any(|d| d["path"] == rel
        && d["message"]
            .as_str()
            .unwrap()
            .contains("chưa có trạng thái")));
    // Again: refused, the file kept.
    let r = kehoach(&args);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("đã có; không ghi đè"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join(rel)).unwrap(),
        text
    );
    // An unknown body, a period that is no period.
    let r = kehoach(&[
        "report",
        "new",
        "--body",
        "so-aa",
        "--period",
        "Quý III/2026",
        "--root",
        root,
    ]);
    assert!(
        r.stderr.contains("không có cơ quan mã `so-aa`") && r.stderr.contains("`so-a`"),
        "{}",
        r.stderr
    );
    let r = kehoach(&[
        "report", "new", "--body", "so-a", "--period", "sớm", "--root", root,
    ]);
    assert!(
        r.stderr.contains("không hiểu kỳ báo cáo `sớm`"),
        "{}",
        r.stderr
    );
}

/// `report docx` writes a Word file that an independent reader (pandoc, installed by
/// scripts/test) opens, with the header of Nghị định 30/2020, every task row and the signer.
#[test]
fn report_docx_opens_in_pandoc_with_the_header_every_task_and_the_signer() {
    let site = site_with_reports();
    let root = site.path().to_str().unwrap();
    let file = site.path().join("content/bao-cao/2026/11-bc-shb.md");
    let out = site.path().join("bc.docx");
    let r = kehoach(&[
        "report",
        "docx",
        file.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--root",
        root,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::process::Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(&out)
        .output()
        .expect("pandoc (scripts/test installs it)");
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ",
        "SỞ HÒA BÌNH",
        "Số: 11/BC-SHB",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hải Phòng, ngày 05 tháng 4 năm 2026",
        "BÁO CÁO",
        "Báo cáo kết quả thực hiện Kế hoạch số 30/KH-UBND quý I năm 2026",
        "Kết quả quý I.",
        "Việc của Sở Hòa Bình, hạn quý I (nhiệm vụ 1 của Kế hoạch số 30/KH-UBND)",
        "Đã hoàn thành dự thảo đề án. Sản phẩm: Dự thảo Đề án.",
        "Việc thứ hai của Sở Hòa Bình (nhiệm vụ 3 của Kế hoạch số 30/KH-UBND)",
        "Đang khảo sát.",
        "Nơi nhận:",
        "- UBND thành phố;",
        "- Lưu: VT.",
        "GIÁM ĐỐC",
        "Nguyễn Văn A",
    ] {
        assert!(text.contains(want), "the Word file lacks {want:?}:\n{text}");
    }
    // The task table's header row repeats on each page.
    let xml = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let xml = String::from_utf8(xml.stdout).unwrap();
    assert_eq!(xml.matches("<w:tblHeader").count(), 1, "{xml}");
    // Never over an existing file.
    let again = kehoach(&[
        "report",
        "docx",
        file.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--root",
        root,
    ]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("không ghi đè"), "{}", again.stderr);
}

/// `serve`'s rebuilds: a report added, edited or removed, and a plan edited that reports speak
/// of, give the site a full build gives.
#[test]
fn live_rebuilds_after_report_edits_match_a_full_build() {
    use kehoach::pipeline::live::Session;
    let site = site_with_reports();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let mut s = Session::new(live_opts(root, &out.path().join("public")));
    assert!(s.rebuild().unwrap().full);
    edit(
        root,
        "content/bao-cao/2026/7-bc-sba.md",
        "note: \"Đang làm.\"",
        "note: \"Đã xong phần lớn.\"",
    );
    // What a report says shows across the site: any change to one rebuilds it whole.
    let r = rebuild_matches_full(&mut s, root, "a report's note");
    assert!(r.full);
    edit(
        root,
        "content/bao-cao/2026/7-bc-sba.md",
        "status: in-progress",
        "status: done",
    );
    rebuild_matches_full(&mut s, root, "a report's status");
    write(root, "content/bao-cao/2026/moi.md", "---\ntitle: \"Báo cáo mới\"\nissuer: so-b\ndate: 2026-10-02\nperiod: \"Quý III/2026\"\ntasks: [{ task: \"30/KH-UBND#2\", status: done }]\n---\n");
    assert!(rebuild_matches_full(&mut s, root, "a new report").full);
    std::fs::remove_file(root.join("content/bao-cao/2026/moi.md")).unwrap();
    assert!(rebuild_matches_full(&mut s, root, "a report removed").full);
    // A plan that reports speak of, and one they do not.
    edit(
        root,
        "content/plans/2026/30-kh-ubnd.md",
        "Việc không ai báo cáo",
        "Việc chưa ai báo cáo",
    );
    let r = rebuild_matches_full(&mut s, root, "a plan reports speak of");
    assert_eq!(
        r.reresolved, None,
        "what reports say is put in plans by a whole resolve"
    );
    edit(
        root,
        "content/plans/2026/5-kh-a.md",
        "Việc của Sở A",
        "Việc riêng của Sở A",
    );
    let r = rebuild_matches_full(&mut s, root, "a plan no report speaks of");
    assert_eq!(r.reresolved, Some(1));
}

/// On the shipped site, `report new` lists exactly the open tasks each body leads, as the
/// open data counts them (every task whose lead includes the body and whose state is open).
#[test]
fn report_new_on_the_shipped_site_lists_exactly_the_open_tasks_of_the_body() {
    let site = shipped_site();
    let root = site.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = build(site.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tasks = json(out.path(), "du-lieu/nhiem-vu.json");
    let plans = json(out.path(), "du-lieu/ke-hoach.json");
    let number = |url: &str| {
        plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["url"] == url)
            .unwrap()["number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Every body that leads a task (their ids as the open data gives them), the 12 with the
    // most tasks.
    let mut leads: std::collections::BTreeMap<String, usize> = Default::default();
    for t in tasks.as_array().unwrap() {
        for b in t["lead"].as_array().unwrap() {
            *leads
                .entry(b["id"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let mut leads: Vec<(String, usize)> = leads.into_iter().collect();
    leads.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut tried = 0;
    for (body, _) in leads.iter().take(12) {
        let body = body.as_str();
        let open: Vec<String> = tasks
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| {
                t["lead"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|b| b["id"] == body)
            })
            .filter(|t| !["done", "cancelled", "draft"].contains(&t["state"].as_str().unwrap()))
            .map(|t| {
                format!(
                    "\"{}#{}\"",
                    number(t["plan"].as_str().unwrap()),
                    t["id"].as_str().unwrap()
                )
            })
            .collect();
        let r = kehoach(&[
            "report",
            "new",
            "--body",
            body,
            "--period",
            "Quý III/2026",
            "--root",
            root,
            "--date",
            "2026-10-05",
            "--as-of",
            "2026-11-20",
        ]);
        assert_eq!(r.code, 0, "{body}: {}", r.stderr);
        let file = site
            .path()
            .join(format!("content/bao-cao/2026/bc-{body}-quy-iii-2026.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let listed: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("  - task: "))
            .map(str::to_string)
            .collect();
        // Unnumbered plans' tasks are named in comments, not as references.
        let unnumbered = text.matches("chưa có số hiệu").count();
        assert_eq!(listed.len() + unnumbered, open.len(), "{body}:\n{text}");
        for l in &listed {
            assert!(open.contains(l), "{body}: {l} is not an open task it leads");
        }
        tried += open.len();
    }
    assert!(tried > 50, "the bodies tried lead {tried} open tasks");
}

#[test]
fn a_report_number_is_used_once_a_year() {
    let site = site_with_reports();
    write(
        site.path(),
        "content/bao-cao/2026/lap-lai.md",
        &A_Q1.replace("date: 2026-04-05", "date: 2026-05-05"),
    );
    let diags = check(site.path(), "2026-11-20");
    let dup: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("số hiệu `11/BC-SHB` năm 2026 đã dùng cho báo cáo")
        })
        .collect();
    assert_eq!(dup.len(), 1, "{diags:#?}");
    assert_eq!(dup[0]["severity"], "error");
    assert_eq!(dup[0]["line"], 2);
}
