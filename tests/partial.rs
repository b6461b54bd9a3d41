//! `build` after an edit of plans makes only what the edit touches and carries the rest over
//! from the site in place (src/pipeline/partial.rs). Whatever the edit, the site it publishes,
//! and what it says about it, must be exactly what a build of every file gives.

mod common;
use common::*;
use std::path::Path;

const PARTIAL: &str = "Chỉ tạo lại";

/// The report line of a build, without its time.
fn summary(stdout: &str) -> String {
    let first = stdout.lines().next().unwrap_or_default();
    let cut = first.find(" vào ").unwrap_or(first.len());
    first[..cut].to_string()
}

/// What `build -v` says when it took plans parsed by the last build.
const PARSES_KEPT: &str = "tệp kế hoạch không đổi, dùng lại bản đã phân tích";

/// Builds `root` into `out` as staff do, then every file of it into a folder of its own, and
/// compares the two. Returns whether the first build made only what changed. Every build into
/// `out` but the first takes the plans whose files did not change as the last one parsed
/// them, and the build into the other folder parses every file (`--force`).
fn build_matches_force(root: &Path, out: &Path, what: &str) -> bool {
    checked_build(root, out, what).contains(PARTIAL)
}

/// [`build_matches_force`], giving what the build said.
fn checked_build(root: &Path, out: &Path, what: &str) -> String {
    let r = build(root, out, &["-v"]);
    assert_eq!(r.code, 0, "{what}: {}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout.contains(PARSES_KEPT),
        what != "first build",
        "{what}: {}",
        r.stdout
    );
    let fresh = tempfile::tempdir().unwrap();
    let all = build(root, &fresh.path().join("public"), &["--force"]);
    assert_eq!(all.code, 0, "{what}: {}", all.stderr);
    assert_eq!(
        summary(&r.stdout),
        summary(&all.stdout),
        "{what}: the report"
    );
    // The same broken links and warnings, said the same way.
    let said = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .filter(|l| !l.starts_with(PARTIAL) && !l.starts_with("Tạo mọi tệp"))
            .filter(|l| !l.starts_with("Thời gian") && !l.starts_with("Tạo và ghi"))
            .filter(|l| !l.starts_with("Hàng bảng"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        said(&r.stdout),
        said(&all.stdout),
        "{what}: what the build said"
    );
    let (a, b) = (snapshot(out), snapshot(&fresh.path().join("public")));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differ.is_empty(), "{what}: files differ: {differ:?}");
    r.stdout
}

#[test]
fn an_edit_of_plans_makes_what_a_build_of_everything_makes() {
    let site = shipped_site();
    let root = site.path();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(!build_matches_force(root, &out, "first build"));
    let p269 = "content/plans/2026/269-kh-skhcn.md";
    let p90 = "content/plans/2026/90-kh-ubnd.md";
    let plan_edits: [(&str, &str, &str, &str); 9] = [
        (
            "deadline",
            p269,
            "deadline: \"Thường xuyên\"",
            "deadline: \"Quý II/2027\"",
        ),
        (
            "deadline in a new year",
            p269,
            "deadline: \"Quý II/2027\"",
            "deadline: \"Quý IV/2031\"",
        ),
        (
            "deadline out of that year",
            p269,
            "deadline: \"Quý IV/2031\"",
            "deadline: \"Quý II/2027\"",
        ),
        (
            "task title",
            p90,
            "Quán triệt đầy đủ, sâu sắc",
            "Quán triệt thật đầy đủ, sâu sắc",
        ),
        (
            "lead",
            p269,
            "lead: \"Văn phòng Sở\"",
            "lead: \"Sở Tài chính\"",
        ),
        (
            "unknown body",
            p269,
            "lead: \"Sở Tài chính\"",
            "lead: \"Ban Chưa Có Trong Danh Mục\"",
        ),
        (
            "unknown body gone",
            p269,
            "lead: \"Ban Chưa Có Trong Danh Mục\"",
            "lead: \"Văn phòng Sở\"",
        ),
        (
            "number",
            p269,
            "number: \"269/KH-SKHCN\"",
            "number: \"270/KH-SKHCN\"",
        ),
        ("plan title", p90, "title: \"", "title: \"(Sửa) "),
    ];
    for (what, file, from, to) in plan_edits {
        edit(root, file, from, to);
        assert!(build_matches_force(root, &out, what), "{what}: not partial");
    }
    // A plan added, then removed.
    let new_plan = "content/plans/2026/moi.md";
    std::fs::copy(root.join(p269), root.join(new_plan)).unwrap();
    edit(
        root,
        new_plan,
        "number: \"270/KH-SKHCN\"",
        "number: \"300/KH-SKHCN\"",
    );
    assert!(build_matches_force(root, &out, "new plan"));
    std::fs::remove_file(root.join(new_plan)).unwrap();
    assert!(build_matches_force(root, &out, "plan removed"));
    // A plan deep in a chain of documents.
    edit(
        root,
        "content/plans/2026/skhcn-trien-khai-1049-qd-ubnd.md",
        "title: \"Triển khai thực hiện",
        "title: \"Tổ chức triển khai thực hiện",
    );
    assert!(build_matches_force(root, &out, "plan deep in a chain"));
    // Nothing changed: nothing made at all.
    let r = build(root, &out, &[]);
    assert!(r.stdout.starts_with("Không có gì thay đổi"), "{}", r.stdout);

    // What is not a plan shows on every page: everything is made.
    edit(
        root,
        "content/departments.yaml",
        "name: \"Sở Tài chính\"",
        "name: \"Sở Tài chính thành phố\"",
    );
    assert!(!build_matches_force(root, &out, "body renamed"));
    edit(
        root,
        "content/directives.yaml",
        "  date: 2026-03-23\n",
        "  date: 2026-03-23\n  implements: [\"37-KH/TU\"]\n",
    );
    assert!(!build_matches_force(root, &out, "chain extended"));
    patch_template(root, "task_row.html", "<tr", "<tr data-sua=\"1\"");
    assert!(!build_matches_force(root, &out, "row template"));
    edit(root, p90, "title: \"(Sửa) ", "title: \"");
    assert!(build_matches_force(root, &out, "plan title again"));
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    let r = kehoach(&["build", "--root", r, "--output", o, "--as-of", "2026-11-21"]);
    assert!(!r.stdout.contains(PARTIAL), "another date: {}", r.stdout);

    // A page of the site in place edited by hand: it cannot be carried over.
    edit(root, p90, "title: \"", "title: \"(Sửa) ");
    build(root, &out, &[]);
    edit(root, p90, "title: \"(Sửa) ", "title: \"");
    std::fs::write(out.join("tiep-can/index.html"), "sửa tay").unwrap();
    assert!(!build_matches_force(root, &out, "site edited by hand"));

    // The plans gone (a folder not mounted): refused, as any build would be.
    let plans = root.join("content/plans");
    let away = dir.path().join("plans");
    std::fs::rename(&plans, &away).unwrap();
    std::fs::create_dir(&plans).unwrap();
    let before = snapshot(&out);
    let r = build(root, &out, &[]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("--allow-shrink"), "{}", r.stderr);
    assert!(snapshot(&out) == before);
    std::fs::remove_dir(&plans).unwrap();
    std::fs::rename(&away, &plans).unwrap();
    let r = build(root, &out, &[]);
    assert!(r.stdout.starts_with("Không có gì thay đổi"), "{}", r.stdout);
}

#[test]
fn an_edit_in_a_long_list_remakes_its_pages_and_carries_the_others() {
    let site = long_list_site();
    let root = site.path();
    let file = "content/plans/2026/20-kh-ubnd.md";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(!build_matches_force(root, &out, "first build"));
    let edits = [
        ("a task's title", "title: \"Việc số 250\"", "title: \"Việc số 250 (sửa)\""),
        (
            "a task added",
            "  - id: \"250\"\n",
            "  - id: \"250a\"\n    title: \"Việc chen vào\"\n    lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng 3/2026\"\n  - id: \"250\"\n",
        ),
        ("a task's deadline", "    deadline: \"Tháng 3/2026\"\n  - id: \"251\"", "    deadline: \"Tháng 9/2027\"\n  - id: \"251\""),
        ("a task's lead", "lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng 3/2026\"\n  - id: \"600\"", "lead: \"Sở Bình An\"\n    deadline: \"Tháng 3/2026\"\n  - id: \"600\""),
    ];
    for (what, from, to) in edits {
        edit(root, file, from, to);
        assert!(build_matches_force(root, &out, what), "{what}: not partial");
    }
}

/// The number `build -v` puts before `what` (in its parenthesis of what it took again), or 0.
fn count_said(stdout: &str, what: &str) -> usize {
    let Some(at) = stdout.find(what) else {
        return 0;
    };
    let before = &stdout[..at];
    let from = before.rfind(['(', ' ']).map_or(0, |i| i + 1);
    before[from..].parse().unwrap()
}

/// What `build -v` says when it took stretches of the search index the last build made.
fn stretches_kept(stdout: &str) -> usize {
    count_said(stdout, " đoạn chỉ mục tìm kiếm không đổi")
}

#[test]
fn the_search_index_makes_again_only_the_stretches_whose_items_changed() {
    // Three plans of 3,000 tasks, after the fixture's: the index's items make three stretches
    // of 4,096, the last holding the third plan's last tasks.
    let site = fixture("mini");
    let root = site.path();
    for n in 1..=3 {
        let mut plan = format!("---\nnumber: \"{n}00/KH-UBND\"\ntitle: \"Kế hoạch lớn {n}\"\nissuer: ubnd-tp\ndate: 2026-01-05\ntasks:\n");
        for i in 1..=3000 {
            plan.push_str(&format!(
                "  - id: \"{i}\"\n    title: \"Việc {i} của kế hoạch {n}\"\n    lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng 3/2026\"\n"
            ));
        }
        plan.push_str("---\nKế hoạch lớn.\n");
        std::fs::write(root.join(format!("content/plans/zz-{n}.md")), plan).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let said = checked_build(root, &out, "first build");
    assert_eq!(stretches_kept(&said), 0, "{said}");

    // A task of the last plan: only the last stretch is made again.
    let last = "content/plans/zz-3.md";
    edit(root, last, "Việc 2999 của", "Việc 2999 (sửa) của");
    let said = checked_build(root, &out, "the last plan");
    assert!(said.contains(PARTIAL), "{said}");
    assert_eq!(stretches_kept(&said), 2, "{said}");

    // A task of the first plan: its stretch only.
    edit(
        root,
        "content/plans/zz-1.md",
        "Việc 7 của",
        "Việc 7 (sửa) của",
    );
    let said = checked_build(root, &out, "the first plan");
    assert_eq!(stretches_kept(&said), 2, "{said}");

    // Each other thing a task's item shows, in the first plan: its stretch only.
    let with = |more: &str| format!("    title: \"Việc 9 của kế hoạch 1\"\n{more}");
    for (what, more) in [
        ("a lead", "    lead: \"Sở Bình An\"\n"),
        (
            "a supporter",
            "    lead: \"Sở Bình An\"\n    support: \"Sở Hòa Bình\"\n",
        ),
        (
            "an output",
            "    lead: \"Sở Bình An\"\n    support: \"Sở Hòa Bình\"\n    outputs: \"Báo cáo\"\n",
        ),
    ] {
        let file = root.join("content/plans/zz-1.md");
        let text = std::fs::read_to_string(&file).unwrap();
        let from = text.find("    title: \"Việc 9 của").unwrap();
        let to = from + text[from..].find("    deadline:").unwrap();
        std::fs::write(&file, [&text[..from], &with(more), &text[to..]].concat()).unwrap();
        let said = checked_build(root, &out, what);
        assert_eq!(stretches_kept(&said), 2, "{what}: {said}");
    }
    // The second plan's type, which its label shows, not its URL: the rows of its tasks in
    // the next stretch name it too.
    edit(
        root,
        "content/plans/zz-2.md",
        "issuer: ubnd-tp",
        "type: \"Chương trình\"\nissuer: ubnd-tp",
    );
    let said = checked_build(root, &out, "the second plan's type");
    assert_eq!(stretches_kept(&said), 1, "{said}");

    // A task inserted in the third plan: every item after it moves, and every stretch from
    // its own is made.
    edit(
        root,
        last,
        "  - id: \"5\"\n",
        "  - id: \"4a\"\n    title: \"Việc chen vào\"\n    lead: \"Sở Hòa Bình\"\n  - id: \"5\"\n",
    );
    let said = checked_build(root, &out, "a task inserted");
    assert_eq!(stretches_kept(&said), 1, "{said}");

    // Not a plan: every file is made, but no stretch of the index is.
    edit(root, "site.yaml", "title: ", "title: Cổng ");
    let said = checked_build(root, &out, "site.yaml");
    assert!(!said.contains(PARTIAL), "{said}");
    assert_eq!(stretches_kept(&said), 3, "{said}");

    // --force takes nothing kept.
    let r = build(root, &out, &["-v", "--force"]);
    assert_eq!(stretches_kept(&r.stdout), 0, "{}", r.stdout);
    assert!(!r.stdout.contains(PARSES_KEPT), "{}", r.stdout);
}

/// What `build -v` says when it took pieces of the task files from the site in place.
fn pieces_kept(stdout: &str) -> usize {
    count_said(stdout, " phần của danh sách nhiệm vụ và lịch chung")
}

#[test]
fn the_task_files_take_from_the_site_in_place_the_plans_whose_page_is_kept() {
    // Six plans of a few dated tasks each beside the fixture's two: the task files (JSON, CSV
    // and the calendar of every task) hold a piece per plan.
    let site = fixture("mini");
    let root = site.path();
    for n in 1..=6 {
        let mut plan = format!("---\nnumber: \"{n}0/KH-SHB\"\ntitle: \"Kế hoạch {n}\"\nissuer: so-a\ndate: 2026-01-0{n}\ntasks:\n");
        for i in 1..=4 {
            plan.push_str(&format!(
                "  - id: \"{i}\"\n    title: \"Việc {i}, kế hoạch {n}\"\n    lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng {i}/2027\"\n"
            ));
        }
        plan.push_str("---\nKế hoạch.\n");
        std::fs::write(root.join(format!("content/plans/k{n}.md")), plan).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let said = checked_build(root, &out, "first build");
    assert_eq!(pieces_kept(&said), 0, "{said}");

    // A task's title: every plan but that one is taken, in each of the three files.
    edit(
        root,
        "content/plans/k3.md",
        "Việc 2, kế",
        "Việc 2 (sửa), kế",
    );
    let said = checked_build(root, &out, "a title");
    assert!(said.contains(PARTIAL), "{said}");
    assert_eq!(pieces_kept(&said), 3 * 7, "{said}");

    // A plan that comes first: every other plan moves one place, and is still taken.
    let first = "content/plans/2026/1-kh-dau.md";
    std::fs::copy(root.join("content/plans/k1.md"), root.join(first)).unwrap();
    edit(root, first, "number: \"10/KH-SHB\"", "number: \"1/KH-SHB\"");
    let said = checked_build(root, &out, "a plan first");
    assert!(said.contains(PARTIAL), "{said}");
    assert!(pieces_kept(&said) >= 3 * 7, "{said}");

    // A plan gone, and a deadline moved in another.
    std::fs::remove_file(root.join("content/plans/k2.md")).unwrap();
    edit(root, "content/plans/k5.md", "Tháng 3/2027", "Tháng 9/2028");
    let said = checked_build(root, &out, "a plan gone");
    assert!(said.contains(PARTIAL), "{said}");
    assert!(pieces_kept(&said) > 0, "{said}");

    // The files in place are read where the last build noted its pieces: one edited by hand
    // leaves the site untrusted, and everything is made.
    edit(
        root,
        "content/plans/k6.md",
        "Việc 1, kế",
        "Việc 1 (sửa), kế",
    );
    let csv = out.join("du-lieu/nhiem-vu.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.splice(0..0, b"x".iter().copied());
    std::fs::write(&csv, bytes).unwrap();
    let said = checked_build(root, &out, "a task file edited by hand");
    assert!(!said.contains(PARTIAL), "{said}");
    assert!(said.contains("thư mục đầu ra đã bị sửa"), "why: {said}");
    assert_eq!(pieces_kept(&said), 0, "{said}");
}
