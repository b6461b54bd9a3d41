//! Paths: nothing a content file says can make the build write outside the output folder;
//! namesakes get distinct URLs that stay put; symlinks leading out of the site are refused.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn plan(site: &Path, rel: &str, number: &str, title: &str, lead: &str, task_id: &str) {
    let p = site.join("content/plans").join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let (number, title, lead, task_id) = (q(number), q(title), q(lead), q(task_id));
    std::fs::write(
        p,
        format!(
            "---\nnumber: \"{number}\"\ntitle: \"{title}\"\nissuer: ubnd-tp\ndate: 2026-03-20\ntasks:\n  - id: \"{task_id}\"\n    title: \"Việc\"\n    lead: \"{lead}\"\n    deadline: \"Quý I/2026\"\n---\nNội dung.\n"
        ),
    )
    .unwrap();
}

/// Every file under `dir` but the output folder `skip` and what kehoach keeps beside it on
/// purpose, under fixed names: the manifest of the output, the note of what it was made
/// from, what its build remembers for the next, the plans it parsed and the stretches of
/// the search index it made.
fn tree_except(dir: &Path, skip: &Path) -> BTreeMap<String, Vec<u8>> {
    let name = skip.file_name().unwrap().to_string_lossy();
    let kept = [
        format!(".kehoach-{name}.manifest"),
        format!(".kehoach-{name}.note"),
        format!(".kehoach-{name}.recall"),
        format!(".kehoach-{name}.plans"),
        format!(".kehoach-{name}.search"),
    ];
    snapshot(dir)
        .into_iter()
        .filter(|(rel, _)| !dir.join(rel).starts_with(skip) && !kept.contains(rel))
        .collect()
}

#[test]
fn content_cannot_write_outside_the_output_folder() {
    let site = fixture("mini");
    let s = site.path();
    let long = "Kế hoạch rất dài ".repeat(30);
    // the same name without marks: its slug is the same, so it needs a namesake's suffix on
    // a slug already at the length limit (the fuzzer found that this once went over it)
    let long_plain = "Ke hoach rat dai ".repeat(30);
    let hostile = [
        "../../../../tmp/thoat",
        "/etc/passwd",
        "C:\\Windows\\System32\\x",
        "..\\..\\thoat",
        "CON",
        "nul",
        "LPT1",
        ".",
        "..",
        long.as_str(),
        long_plain.as_str(),
    ];
    for (i, n) in hostile.iter().enumerate() {
        plan(s, &format!("2026/h{i}.md"), n, n, n, n);
    }
    // an unnumbered plan whose file name is only dots and a reserved name
    plan(s, "2026/con.md", "", "Không số", "aux", "com1");
    let out = s.join("public");
    let before = tree_except(s, &out);
    let run = build(s, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        tree_except(s, &out),
        before,
        "nothing written beside the output folder"
    );
    assert!(
        !Path::new("/tmp/thoat").exists() && !s.parent().unwrap().join("thoat").exists(),
        "nothing written above the site"
    );
    let files = snapshot(&out);
    for rel in files.keys() {
        for seg in rel.split('/') {
            assert!(
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg.split('.').next().unwrap().len() <= 80,
                "{rel}"
            );
            let stem = seg.split('.').next().unwrap();
            assert!(
                !["con", "prn", "aux", "nul", "com1", "lpt1"].contains(&stem),
                "a name Windows reserves: {rel}"
            );
            assert!(
                seg.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "{rel}"
            );
        }
    }
    // every hostile plan still has its own page
    let plans = json(&out, "du-lieu/ke-hoach.json");
    let urls: std::collections::BTreeSet<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), hostile.len() + 3, "{urls:#?}");
    for u in &urls {
        assert!(
            files.contains_key(&format!("{}index.html", &u[1..])),
            "{u} has a page"
        );
    }
}

fn plan_urls(out: &Path) -> BTreeMap<String, String> {
    json(out, "du-lieu/ke-hoach.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["title"].as_str().unwrap().to_string(),
                p["url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn namesakes_get_distinct_stable_urls() {
    let site = fixture("mini");
    let s = site.path();
    // numbers that differ but slug alike; file names that differ but slug alike
    plan(s, "2026/a.md", "7/KH-X", "Bảy gạch chéo", "Sở A", "1");
    plan(s, "2026/c.md", "7-KH-X", "Bảy gạch ngang", "Sở A", "1");
    plan(s, "2026/Kế hoạch.md", "", "Không số có dấu", "Sở A", "1");
    plan(s, "2026/ke-hoach.md", "", "Không số không dấu", "Sở A", "1");
    // body names that slug alike but are different names
    plan(s, "2026/d.md", "8/KH-X", "Tên lạ", "Đơn vị Ơ", "1");
    plan(s, "2026/e.md", "9/KH-X", "Tên lạ khác", "Đơn vị O", "1");
    let out = s.join("public");
    assert_eq!(build(s, &out, &[]).code, 0);
    let first = plan_urls(&out);
    let distinct: std::collections::BTreeSet<&String> = first.values().collect();
    assert_eq!(distinct.len(), first.len(), "{first:#?}");
    let bodies = json(&out, "du-lieu/nhiem-vu.json");
    let lead_of =
        |plan_title: &str, tasks: &serde_json::Value, plans: &BTreeMap<String, String>| {
            tasks
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["plan"] == plans[plan_title].as_str())
                .map(|t| t["lead"][0]["id"].as_str().unwrap().to_string())
                .unwrap()
        };
    let o1 = lead_of("Tên lạ", &bodies, &first);
    let o2 = lead_of("Tên lạ khác", &bodies, &first);
    assert_ne!(o1, o2, "two bodies whose names slug alike");
    assert!(out.join(format!("co-quan/{o1}/index.html")).exists());
    assert!(out.join(format!("co-quan/{o2}/index.html")).exists());

    // Another namesake arrives, in a file that sorts first, with a number that sorts between
    // them: no plan's URL moves. A body name first met in a later plan (by date, then number) takes a hash.
    plan(s, "2026/0.md", "7.KH.X", "Bảy chấm", "Sở A", "1");
    plan(s, "2026/0z.md", "99.KH.X", "Tên lạ nữa", "Đơn vị Ô", "1");
    assert_eq!(build(s, &out, &[]).code, 0);
    let second = plan_urls(&out);
    for (title, url) in &first {
        assert_eq!(&second[title], url, "{title} kept its URL");
    }
    let bodies = json(&out, "du-lieu/nhiem-vu.json");
    assert_eq!(lead_of("Tên lạ", &bodies, &second), o1);
    assert_eq!(lead_of("Tên lạ khác", &bodies, &second), o2);
    assert_eq!(
        second
            .values()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        second.len()
    );
}

#[test]
fn symlinks_leading_outside_are_refused() {
    let site = fixture("mini");
    let s = site.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("ngoai.md"),
        read(s, "content/plans/2026/5-kh-a.md"),
    )
    .unwrap();
    let out = s.join("public");
    assert_eq!(build(s, &out, &[]).code, 0);
    let good = snapshot(&out);

    // a link inside the site is read like any file
    std::fs::create_dir_all(s.join("nhap")).unwrap();
    std::fs::write(
        s.join("nhap/trong.md"),
        read(s, "content/plans/2026/5-kh-a.md").replace("5/KH-A", "6/KH-A"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        s.join("nhap/trong.md"),
        s.join("content/plans/2026/trong.md"),
    )
    .unwrap();
    let run = build(s, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("ke-hoach/2026/6-kh-a/index.html").exists());
    let good = {
        let _ = good;
        snapshot(&out)
    };

    for (link, target) in [
        (
            "content/plans/2026/ngoai.md",
            outside.path().join("ngoai.md"),
        ),
        ("content/plans/thu-muc-ngoai", outside.path().to_path_buf()),
    ] {
        std::os::unix::fs::symlink(&target, s.join(link)).unwrap();
        let run = build(s, &out, &[]);
        assert_eq!(run.code, 1, "{link}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{link}:1:1: lỗi: đây là liên kết tượng trưng (symlink) trỏ ra ngoài thư mục của trang")),
            "{}",
            run.stderr
        );
        assert_eq!(snapshot(&out), good, "the published site is untouched");
        std::fs::remove_file(s.join(link)).unwrap();
    }
    // the registries too
    std::fs::rename(
        s.join("content/departments.yaml"),
        outside.path().join("departments.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("departments.yaml"),
        s.join("content/departments.yaml"),
    )
    .unwrap();
    let run = build(s, &out, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/departments.yaml:1:1: lỗi: đây là liên kết tượng trưng"),
        "{}",
        run.stderr
    );
}
