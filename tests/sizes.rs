//! Bad sizes: inputs too large or too deep stop the build with a clear message naming file and
//! line, quickly, and the published site stays as it was. (The full-size runs, 100,000 tasks
//! in one plan and 10,000 bodies, are in `kehoach-bench --bad-sizes`, measured in release.)

mod common;
use common::*;

const FM: &str = "---\nnumber: \"50/KH-B\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-03-20\n";

fn refused(file: &str, text: &str, want: &str) {
    let site = fixture("mini");
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    let before = snapshot(&out);
    let path = site.path().join(file);
    if file.ends_with(".yaml") {
        let mut s = std::fs::read_to_string(&path).unwrap();
        s += text;
        std::fs::write(&path, s).unwrap();
    } else {
        std::fs::write(&path, text).unwrap();
    }
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(want),
        "want `{want}` in:\n{}",
        run.stderr
    );
    assert_eq!(snapshot(&out), before, "the published site is untouched");
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    // One byte over: the message says by how much, not "20.0 MB over 20 MB".
    let limit = kehoach::content::MAX_FILE_BYTES as usize;
    let head = format!("{FM}tasks: []\n---\n");
    let body = "a".repeat(limit + 1 - head.len());
    refused(
        "content/plans/2026/lon.md",
        &format!("{head}{body}"),
        &format!("content/plans/2026/lon.md:1:1: lỗi: tệp dài {} byte, quá giới hạn {limit} byte (20 MB)", limit + 1),
    );
}

#[test]
fn deep_yaml_is_refused_at_its_line() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    refused(
        "content/plans/2026/sau.md",
        &format!("{FM}tasks:\n  - id: \"1\"\n    title: {deep}\n---\n"),
        "content/plans/2026/sau.md:8:76: lỗi: YAML lồng quá sâu",
    );
    refused(
        "content/departments.yaml",
        &format!(
            "- id: x\n  name: {}1{}\n",
            "{a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
        "content/departments.yaml:22:",
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut bomb = format!(
        "{FM}a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    for i in 1..10 {
        bomb += &format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 9].join(",")
        );
    }
    bomb += "tasks:\n  - id: \"1\"\n    title: *a9\n    lead: \"Sở A\"\n---\n";
    refused(
        "content/plans/2026/bom.md",
        &bomb,
        "content/plans/2026/bom.md:10:10: lỗi: YAML dùng bí danh (&tên, *tên) nhân lên quá nhiều lần",
    );
}

#[test]
fn thousands_of_tasks_and_bodies_build() {
    let site = fixture("mini");
    let s = site.path();
    let mut reg = std::fs::read_to_string(s.join("content/departments.yaml")).unwrap();
    for i in 0..3000 {
        reg += &format!("- id: co-quan-{i}\n  name: \"Cơ quan số {i}\"\n  parent: ubnd-tp\n");
    }
    std::fs::write(s.join("content/departments.yaml"), reg).unwrap();
    let mut plan = format!("{FM}tasks:\n");
    for i in 0..3000 {
        plan += &format!(
            "  - id: \"{i}\"\n    title: \"Việc {i}\"\n    lead: \"Cơ quan số {i}\"\n    support: [\"Cơ quan so {} chưa có\"]\n    deadline: \"Tháng {}/2027\"\n",
            i * 7 % 3000,
            i % 12 + 1
        );
    }
    std::fs::write(s.join("content/plans/2026/lon.md"), plan + "---\n").unwrap();
    let out = s.join("public");
    let run = build(s, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tasks = json(&out, "du-lieu/nhiem-vu.json");
    assert_eq!(tasks.as_array().unwrap().len(), 3003);
    assert!(out.join("co-quan/co-quan-2999/index.html").exists());
    // unknown names still get a suggestion among 3,000 bodies
    let check = kehoach(&["check", "--root", s.to_str().unwrap()]);
    assert!(
        check
            .stderr
            .contains("`Cơ quan so 7 chưa có` trong content/departments.yaml")
            && check
                .stderr
                .contains("Có phải là: `Cơ quan số 7` (co-quan-7)?"),
        "{}",
        &check.stderr[..check.stderr.len().min(2000)]
    );
}
