//! `kehoach import` on each source document (sources/), compared field by field with the hand-made plan in
//! content/. On the four sources with diacritics every task, lead, support, product and deadline
//! must match; the other fields are reported as a match rate (the README quotes them).

mod common;
use common::plans::*;
use common::*;

const SEEDS: [(&str, &str); 5] = [
    ("269-kh-skhcn.txt", "content/plans/2026/269-kh-skhcn.md"),
    ("90-kh-ubnd.txt", "content/plans/2026/90-kh-ubnd.md"),
    (
        "skhcn-trien-khai-04-ctr-ubnd.txt",
        "content/plans/2026/skhcn-trien-khai-04-ctr-ubnd.md",
    ),
    (
        "skhcn-trien-khai-1049-qd-ubnd.txt",
        "content/plans/2026/skhcn-trien-khai-1049-qd-ubnd.md",
    ),
    ("77-kh-snv.txt", "content/plans/2025/77-kh-snv.md"),
];

fn sources_dir() -> std::path::PathBuf {
    repo().join("sources")
}

#[test]
fn import_matches_the_hand_made_plans() {
    let mut report = String::from("\n| seed | field | match |\n|---|---|---|\n");
    for (seed, rel) in SEEDS {
        let b = hand(rel);
        let a = match imported(&sources_dir().join(seed)) {
            Ok(a) => a,
            Err(e) => {
                assert!(
                    seed.starts_with("77-"),
                    "{seed}: the imported file must be a valid plan: {e}"
                );
                report.push_str(&format!(
                    "| {rel} | (not a valid plan until edited: {e}) | 0 |\n"
                ));
                continue;
            }
        };
        let rows = compare(&a, &b);
        for (field, m, n) in &rows {
            report.push_str(&format!("| {rel} | {field} | {m}/{n} |\n"));
        }
        if seed.starts_with("77-") {
            continue; // the OCR scan without diacritics: reported, not required
        }
        assert_eq!(a.tasks.len(), b.tasks.len(), "{seed}: task count");
        for (field, m, n) in rows {
            if TASK_FIELDS.contains(&field) {
                if m != n {
                    print_mismatches(seed, &a, &b);
                }
                assert_eq!(m, n, "{seed}: {field}");
            }
        }
    }
    println!("{report}");
}

#[test]
fn bad_files_get_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let r = kehoach(&["import", dir.path().join("khong-co.txt").to_str().unwrap()]);
    assert_eq!((r.code, r.stderr.lines().count()), (1, 1), "{}", r.stderr);
    assert!(r.stderr.contains("không tìm thấy tệp"));
    let r = kehoach(&["import", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("là thư mục"), "{}", r.stderr);
    std::fs::write(dir.path().join("a.bin"), b"\x00\x01\x02PK").unwrap();
    let r = kehoach(&["import", dir.path().join("a.bin").to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("không phải tệp văn bản"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
    // --output never overwrites
    let out = dir.path().join("x.md");
    std::fs::write(&out, "cũ").unwrap();
    let seed = sources_dir().join(SEEDS[0].0);
    let r = kehoach(&[
        "import",
        seed.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--root",
        repo().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "cũ");
}
