//! Bad input: every error is reported as `path:line:column: lỗi: …` in Vietnamese, the build
//! exits non-zero, and the previously built output is left byte-for-byte as it was.

mod common;
use common::*;
use std::path::Path;

const PLAN: &str = "content/plans/2026/10-kh-ubnd.md";

/// Builds the good fixture, applies `break_it`, rebuilds, and checks the failure. Returns stderr.
fn fails(break_it: impl FnOnce(&Path), expect: &[&str]) -> String {
    let site = fixture("mini");
    let out = site.path().join("public");
    let ok = build(site.path(), &out, &[]);
    assert_eq!(ok.code, 0, "fixture builds: {}", ok.stderr);
    let before = snapshot(&out);
    assert!(before.len() > 10);
    break_it(site.path());
    let r = build(site.path(), &out, &[]);
    assert_ne!(r.code, 0, "build must fail");
    for e in expect {
        assert!(r.stderr.contains(e), "expected {e:?} in:\n{}", r.stderr);
    }
    assert!(
        r.stderr.contains("Thư mục đầu ra cũ được giữ nguyên"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(
        snapshot(&out),
        before,
        "public/ must be left exactly as it was"
    );
    // no staging folder left behind
    let leftovers = staging_leftovers(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
    r.stderr
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = root.join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(s)).unwrap();
}

#[test]
fn broken_yaml() {
    fails(
        |r| {
            edit(r, PLAN, |s| {
                s.replace("title: \"Việc thứ hai\"", "title: \"Việc thứ hai")
            })
        },
        &[&format!("{PLAN}:14:12: lỗi: dấu ngoặc `\"` mở ở đây không được đóng trên dòng này, nên YAML đọc tiếp đến dấu `\"` ở dòng 15; thêm `\"` ở cuối giá trị"), "    14 |     title: \"Việc thứ hai\n       |            ^\n"],
    );
}

/// A control character pasted from Word (which YAML cannot hold, nor XML) is left out and named
/// at its own line and column; the rest of the file is read.
#[test]
fn a_pasted_control_character() {
    let line = std::fs::read_to_string(repo().join("tests/fixtures/mini").join(PLAN))
        .unwrap()
        .lines()
        .position(|l| l.contains("title: \"Việc thứ hai\""))
        .unwrap()
        + 1;
    let col = "    title: \"Việc thứ".chars().count() + 1;
    let site = fixture("mini");
    edit(site.path(), PLAN, |s| {
        s.replace("Việc thứ hai", "Việc thứ\u{1}hai")
    });
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = format!("{PLAN}:{line}:{col}: cảnh báo: đã bỏ ký tự không nhìn thấy hoặc không in được ở dòng này: U+0001 (ký tự điều khiển)");
    assert!(r.stderr.contains(&want), "want {want:?} in:\n{}", r.stderr);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    assert!(read(&out, "ke-hoach/2026/10-kh-ubnd/index.html").contains("Việc thứhai"));
}

#[test]
fn missing_title() {
    fails(
        |r| {
            edit(r, PLAN, |s| {
                s.replace("title: \"Thực hiện Nghị quyết số 1-NQ/TW\"\n", "")
            })
        },
        &[&format!("{PLAN}:2:1: lỗi: thiếu `title` (trích yếu)")],
    );
}

#[test]
fn unknown_issuer() {
    fails(|r| edit(r, PLAN, |s| s.replace("issuer: ubnd-tp", "issuer: so-khong-co")),
          &[&format!("{PLAN}:4:9: lỗi: cơ quan ban hành `so-khong-co` không có trong content/departments.yaml")]);
}

#[test]
fn duplicate_plan_number_in_a_year() {
    let stderr = fails(
        |r| {
            let copy = std::fs::read_to_string(r.join(PLAN)).unwrap();
            std::fs::write(
                r.join("content/plans/2026/ban-sao.md"),
                copy.replace("2026-03-20", "2026-07-01"),
            )
            .unwrap();
        },
        &["lỗi: số hiệu `10/KH-UBND` năm 2026 đã dùng cho kế hoạch"],
    );
    assert!(
        stderr.contains("content/plans/2026/ban-sao.md:2:9:")
            || stderr.contains(&format!("{PLAN}:2:9:")),
        "{stderr}"
    );
}

#[test]
fn same_number_in_another_year_is_fine() {
    let site = fixture("mini");
    let copy = std::fs::read_to_string(site.path().join(PLAN)).unwrap();
    std::fs::create_dir_all(site.path().join("content/plans/2025")).unwrap();
    std::fs::write(
        site.path().join("content/plans/2025/10-kh-ubnd.md"),
        copy.replace("2026-03-20", "2025-05-02"),
    )
    .unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("ke-hoach/2025/10-kh-ubnd/index.html").exists());
    assert!(out.join("ke-hoach/2026/10-kh-ubnd/index.html").exists());
    // "10/KH-UBND ngày 20/3/2026" in 5/KH-A picks the 2026 plan by its date.
    let p = read(&out, "ke-hoach/2026/5-kh-a/index.html");
    assert!(
        links_to(
            "ke-hoach/2026/5-kh-a/index.html",
            &p,
            "ke-hoach/2026/10-kh-ubnd/"
        ),
        "{p}"
    );
}

#[test]
fn duplicate_task_id() {
    fails(
        |r| edit(r, PLAN, |s| s.replace("id: \"2\"", "id: \"1\"")),
        &[&format!(
            "{PLAN}:13:9: lỗi: mã nhiệm vụ `1` bị trùng với nhiệm vụ ở dòng 8"
        )],
    );
}

#[test]
fn impossible_date() {
    fails(
        |r| {
            edit(r, PLAN, |s| {
                s.replace("date: 2026-03-20", "date: 2026-13-45")
            })
        },
        &[&format!(
            "{PLAN}:5:7: lỗi: ngày `2026-13-45` không hợp lệ: tháng 13 không tồn tại"
        )],
    );
}

#[test]
fn impossible_day() {
    fails(
        |r| {
            edit(r, PLAN, |s| {
                s.replace("date: 2026-03-20", "date: 2026-02-30")
            })
        },
        &["lỗi: ngày `2026-02-30` không hợp lệ: tháng 2 năm 2026 không có ngày 30"],
    );
}

#[test]
fn not_utf8() {
    fails(
        |r| {
            let mut bytes = std::fs::read(r.join(PLAN)).unwrap();
            let at = bytes
                .windows(5)
                .position(|w| w == b"Vi\xe1\xbb\x87")
                .unwrap(); // "Việ" in "Việc thứ nhất"
            bytes[at + 2] = 0xff; // a byte that is never UTF-8
            std::fs::write(r.join(PLAN), bytes).unwrap();
        },
        &[&format!("{PLAN}:9:15: lỗi: tệp không phải văn bản UTF-8")],
    );
}

#[test]
fn empty_file() {
    fails(
        |r| std::fs::write(r.join("content/plans/2026/trong.md"), "").unwrap(),
        &["content/plans/2026/trong.md:1:1: lỗi: tệp trống"],
    );
}

#[test]
fn no_front_matter() {
    fails(
        |r| std::fs::write(r.join("content/plans/2026/x.md"), "# Chỉ có nội dung\n").unwrap(),
        &["content/plans/2026/x.md:1:1: lỗi: thiếu phần đầu YAML"],
    );
}

#[test]
fn every_error_in_one_run() {
    let stderr = fails(
        |r| {
            edit(r, PLAN, |s| {
                s.replace("date: 2026-03-20", "date: 2026-13-45")
            });
            std::fs::write(r.join("content/plans/2026/trong.md"), "").unwrap();
            edit(r, "content/plans/2026/5-kh-a.md", |s| {
                s.replace("title: \"Triển khai Kế hoạch số 10/KH-UBND\"\n", "")
            });
        },
        &["tháng 13 không tồn tại", "tệp trống", "thiếu `title`"],
    );
    assert!(stderr.contains("3 lỗi"), "{stderr}");
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = build(dir.path(), &dir.path().join("public"), &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains("site.yaml:1:1: lỗi: không tìm thấy site.yaml"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn warnings_do_not_stop_a_build_but_strict_check_fails() {
    let site = fixture("mini");
    edit(site.path(), PLAN, |s| {
        s.replace(
            "deadline: \"Thường xuyên\"",
            "deadline: \"Sớm nhất có thể\"",
        )
        .replace("lead: \"sở bình an\"", "lead: \"Sở Không Có\"")
    });
    let r = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = site.path().to_str().unwrap();
    let c = kehoach(&["check", "--root", root]);
    assert_eq!(c.code, 0, "warnings only: {}", c.stderr);
    assert!(
        c.stderr.contains(&format!(
            "{PLAN}:16:15: cảnh báo: không hiểu thời hạn `Sớm nhất có thể`"
        )),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr.contains(&format!(
            "{PLAN}:15:11: cảnh báo: không tìm thấy cơ quan `Sở Không Có`"
        )),
        "{}",
        c.stderr
    );
    assert!(c.stderr.contains("0 lỗi, 2 cảnh báo."), "{}", c.stderr);
    assert_eq!(kehoach(&["check", "--root", root, "--strict"]).code, 1);
    // the unresolved name still has its page
    assert!(site
        .path()
        .join("public/co-quan/so-khong-co/index.html")
        .exists());
}

#[test]
fn check_suggests_names_and_finds_broken_body_links() {
    let site = fixture("mini");
    edit(site.path(), PLAN, |s| {
        s.replace("lead: \"sở bình an\"", "lead: \"Sở Bình Ann\"")
            + "\nXem [Sở Bình An](../../../co-quan/so-b/), [nhiệm vụ 1](#nv-1), [sai](../../../co-quan/khong-co/), [nv sai](#nv-9), [tuyệt đối](/ke-hoach/).\n"
    });
    let c = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(
        c.stderr.contains("không tìm thấy cơ quan `Sở Bình Ann`")
            && c.stderr.contains("Có phải là: `Sở Bình An` (so-b)?"),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr.contains(&format!(
            "{PLAN}:20:1: cảnh báo: liên kết `../../../co-quan/khong-co/` không dẫn tới trang nào"
        )),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr
            .contains("liên kết `#nv-9` không dẫn tới trang nào"),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr.contains("liên kết `/ke-hoach/` bắt đầu bằng `/`"),
        "{}",
        c.stderr
    );
    assert!(
        !c.stderr.contains("`../../../co-quan/so-b/`") && !c.stderr.contains("`#nv-1`"),
        "good links pass: {}",
        c.stderr
    );
    assert!(c.stderr.contains("0 lỗi, 4 cảnh báo."), "{}", c.stderr);
    let j = kehoach(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
    assert_eq!(v[0]["severity"], "warning");
    assert_eq!(v[0]["path"], PLAN);
}

/// `kehoach check --format json | head -1`: the reader goes away before the report is written.
/// The command ends as other tools do (by SIGPIPE), without a panic on stderr.
#[cfg(unix)]
#[test]
fn output_cut_short_by_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let site = fixture("mini");
    // The pipe's reading end is closed before the command starts, so no write can get in first.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{stderr}");
}
