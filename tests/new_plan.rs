//! `kehoach new`: a plan file from the template that builds as it is; never overwrites a file
//! or reuses a number.

mod common;
use common::*;

#[test]
fn new_plan_builds_and_refuses_reuse() {
    let site = fixture("mini");
    let root = site.path().to_str().unwrap();
    let r = kehoach(&["new", "--root", root, "12/KH-UBND", "--date", "2026-05-04"]);
    assert_eq!(
        r.code, 0,
        "issuer inferred from the number's code (UBND): {}",
        r.stderr
    );
    let text = read(site.path(), "content/plans/2026/12-kh-ubnd.md");
    for field in [
        "number: \"12/KH-UBND\"",
        "issuer: ubnd-tp",
        "date: 2026-05-04",
        "type:",
        "title:",
        "place:",
        "signer:",
        "status: draft",
        "implements:",
        "based_on:",
        "replaces:",
        "recipients:",
        "targets:",
        "tasks:",
        "# Trích yếu (bắt buộc).",
    ] {
        assert!(text.contains(field), "{field}");
    }
    // What the template leaves to fill in is named, each at its line; it builds (warnings),
    // and --strict refuses it until it is filled in.
    let c = kehoach(&["check", "--root", root]);
    assert_eq!(c.code, 0, "only warnings: {}", c.stderr);
    let at = |needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let plan = "content/plans/2026/12-kh-ubnd.md";
    for (line, what) in [
        (at("title:"), "trích yếu còn là chữ mẫu"),
        (at("signer:"), "chưa điền tên người ký"),
        (at("tasks:"), "kế hoạch chưa có nhiệm vụ nào"),
    ] {
        assert!(
            c.stderr.contains(&format!("{plan}:{line}:")) && c.stderr.contains(what),
            "{what} at line {line}: {}",
            c.stderr
        );
    }
    assert!(c.stderr.contains("0 lỗi, 3 cảnh báo."), "{}", c.stderr);
    let strict = kehoach(&["check", "--root", root, "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let b = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let filled = text
        .replace("Kế hoạch số 12/KH-UBND (chưa có trích yếu)", "Tuyên truyền về chuyển đổi số")
        .replace("name: \"\"", "name: \"Nguyễn Văn A\"")
        .replace(
            "tasks: []",
            "tasks:\n  - { id: \"1\", title: \"Tuyên truyền\", lead: \"Sở Bình An\", deadline: \"Quý II/2026\" }",
        );
    std::fs::write(site.path().join(plan), filled).unwrap();
    let strict = kehoach(&["check", "--root", root, "--strict"]);
    assert_eq!(
        strict.code, 0,
        "filled in, it checks clean: {}",
        strict.stderr
    );
    assert!(site
        .path()
        .join("public/ke-hoach/2026/12-kh-ubnd/index.html")
        .exists());

    // the same number in the same year, an existing file, an unknown issuer: refused, nothing written
    let before = snapshot(&site.path().join("content"));
    let again = kehoach(&["new", "--root", root, "12/KH-UBND", "--date", "2026-09-01"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("số hiệu `12/KH-UBND` năm 2026 đã dùng"),
        "{}",
        again.stderr
    );
    let file = kehoach(&[
        "new",
        "--root",
        root,
        "12/KH-UBND",
        "--date",
        "2027-01-05",
        "--issuer",
        "ubnd-tp",
    ]);
    assert_eq!(
        file.code, 0,
        "another year is another document: {}",
        file.stderr
    );
    let unknown = kehoach(&[
        "new",
        "--root",
        root,
        "Kế hoạch tuyên truyền",
        "--issuer",
        "khong-co",
    ]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .starts_with("lỗi: cơ quan `khong-co` không có"),
        "{}",
        unknown.stderr
    );
    assert_eq!(unknown.stderr.lines().count(), 1, "one line");
    let after = snapshot(&site.path().join("content"));
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn new_plan_from_a_title() {
    let site = fixture("mini");
    let root = site.path().to_str().unwrap();
    let args = [
        "new",
        "--root",
        root,
        "Kế hoạch tuyên truyền chuyển đổi số",
        "--issuer",
        "so-a",
        "--date",
        "2026-03-01",
    ];
    let r = kehoach(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = read(
        site.path(),
        "content/plans/2026/ke-hoach-tuyen-truyen-chuyen-doi-so.md",
    );
    assert!(
        text.contains("number: \"\"")
            && text.contains("title: \"Kế hoạch tuyên truyền chuyển đổi số\"")
            && text.contains("issuer: so-a")
    );
    let again = kehoach(&args);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("đã có; không ghi đè"),
        "{}",
        again.stderr
    );
}

#[test]
fn bad_command_lines_get_one_vietnamese_line() {
    let r = kehoach(&["build", "--root", "/khong/co/thu/muc"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("không tìm thấy site.yaml"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
    let r = kehoach(&["build", "--as-of", "20/11/2026"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("không phải ngày dạng YYYY-MM-DD"),
        "{}",
        r.stderr
    );
}
