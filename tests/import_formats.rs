//! `kehoach import` on the files staff have: each seed as Word (.docx), as a PDF with a text
//! layer, and as a scan (tests/fixtures/import/, made by its `make` script). Word and PDF must
//! give, field by field, what the seed's text gives; a scan must be read with at least 97 %
//! of its characters right, and 90/KH-UBND's number, date, issuer and 90 % of its tasks found.

mod common;
use common::plans::*;
use common::*;
use kehoach::import::read::{read, Format};
use kehoach::import::Line;
use std::path::PathBuf;

const SEEDS: [(&str, &str); 3] = [
    ("90-kh-ubnd", "content/plans/2026/90-kh-ubnd.md"),
    ("269-kh-skhcn", "content/plans/2026/269-kh-skhcn.md"),
    (
        "skhcn-trien-khai-1049-qd-ubnd",
        "content/plans/2026/skhcn-trien-khai-1049-qd-ubnd.md",
    ),
];

fn fixture_file(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// The field table of one format beside the text import's, which it must equal.
fn same_as_text(ext: &str) -> String {
    let mut report = format!("\n| seed | field | text | {ext} |\n|---|---|---|---|\n");
    for (seed, rel) in SEEDS {
        let b = hand(rel);
        let text = imported(&repo().join("sources").join(format!("{seed}.txt"))).unwrap();
        let file = fixture_file(&format!("{seed}.{ext}"));
        let a = imported(&file).unwrap_or_else(|e| panic!("{seed}.{ext}: not a valid plan: {e}"));
        let (want, got) = (compare(&text, &b), compare(&a, &b));
        for ((field, m0, n), (_, m, _)) in want.iter().zip(&got) {
            report.push_str(&format!("| {seed} | {field} | {m0}/{n} | {m}/{n} |\n"));
        }
        if want != got {
            print_mismatches(&format!("{seed}.{ext}"), &a, &b);
        }
        assert_eq!(
            got, want,
            "{seed}.{ext}: fields differ from the text import"
        );
        assert!(got
            .iter()
            .filter(|r| TASK_FIELDS.contains(&r.0))
            .all(|(_, m, n)| m == n));
    }
    report
}

#[test]
fn word_files_import_as_their_text() {
    println!("{}", same_as_text("docx"));
}

#[test]
fn pdf_files_import_as_their_text() {
    println!("{}", same_as_text("pdf"));
}

/// What a reader read, as one line of text per line, cells separated by " | ".
fn text_of(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        match l {
            Line::Text(t) => s.push_str(t),
            Line::Row(cells) => s.push_str(
                &cells
                    .iter()
                    .map(|c| c.join(" "))
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
        }
        s.push('\n');
    }
    s
}

/// Words of a text, markup and table bars left out.
fn words(s: &str) -> Vec<String> {
    let s = regex::Regex::new(r"<[^>]*>").unwrap().replace_all(s, " ");
    s.replace("**", " ")
        .split_whitespace()
        .filter(|w| *w != "|")
        .map(kehoach::text::nfc)
        .collect()
}

/// Character edit distance between two texts, by aligning their words first (Myers) and
/// measuring each changed stretch character by character (Levenshtein).
fn char_errors(ocr: &[String], reference: &[String]) -> usize {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let mut errors = 0;
    for op in capture_diff_slices(Algorithm::Myers, reference, ocr) {
        let (old, new) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (&reference[old_index..old_index + old_len], &ocr[0..0]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (&reference[0..0], &ocr[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                &reference[old_index..old_index + old_len],
                &ocr[new_index..new_index + new_len],
            ),
        };
        errors += strsim::levenshtein(&old.join(" "), &new.join(" "));
    }
    errors
}

/// Words in one list or the other but not both, counted with their repeats.
fn unmatched(a: &[String], b: &[String]) -> usize {
    let mut count = std::collections::HashMap::<&str, i64>::new();
    for w in a {
        *count.entry(w).or_default() += 1;
    }
    for w in b {
        *count.entry(w).or_default() -= 1;
    }
    count.values().map(|v| v.unsigned_abs() as usize).sum()
}

#[test]
fn scans_are_read_with_vietnamese_ocr() {
    let mut report =
        String::from("\n| seed | characters | errors | accuracy |\n|---|---|---|---|\n");
    for (seed, _) in SEEDS {
        // the reference: the text layer of the PDF the scan was printed from, through the same
        // layout; it holds the seed's words exactly, in the page's reading order
        let layer = read(&fixture_file(&format!("{seed}.pdf"))).unwrap();
        assert_eq!(layer.format, Format::Pdf);
        let reference = words(&text_of(&layer.lines));
        // the same words as the seed's, but for the table headers repeated on each page,
        // which the seed's pages and the fixture's repeat at different places
        let header = |cell: &str| matches!(cell.trim(), "TT" | "STT");
        let body: Vec<Line> = layer
            .lines
            .iter()
            .filter(|l| !matches!(l, Line::Row(c) if c.first().is_some_and(|c| c.iter().any(|p| header(p)))))
            .cloned()
            .collect();
        let seed_text =
            std::fs::read_to_string(repo().join("sources").join(format!("{seed}.txt"))).unwrap();
        let seed_body: String = seed_text
            .lines()
            .filter(|l| !l.split('\t').next().is_some_and(header) || !l.contains('\t'))
            .map(|l| format!("{l}\n"))
            .collect();
        let unmatched = unmatched(&words(&text_of(&body)), &words(&seed_body));
        assert_eq!(unmatched, 0, "{seed}.pdf: words differ from the seed's");

        let scan = read(&fixture_file(&format!("{seed}.scan.pdf"))).unwrap();
        assert_eq!(scan.format, Format::Scan);
        assert!(
            scan.warnings.iter().any(|w| w.contains("OCR")),
            "{:?}",
            scan.warnings
        );
        let ocr = words(&text_of(&scan.lines));
        let chars: usize = reference.iter().map(|w| w.chars().count() + 1).sum();
        let errors = char_errors(&ocr, &reference);
        let accuracy = 100.0 * (1.0 - errors as f64 / chars as f64);
        report.push_str(&format!(
            "| {seed} | {chars} | {errors} | {accuracy:.2} % |\n"
        ));
        assert!(
            accuracy >= 97.0,
            "{seed}: OCR accuracy {accuracy:.2} %{report}"
        );
    }
    println!("{report}");

    let b = hand(SEEDS[0].1);
    let a = imported(&fixture_file("90-kh-ubnd.scan.pdf")).unwrap();
    assert_eq!(
        (&a.number, a.date, &a.issuer.value),
        (&b.number, b.date, &b.issuer.value)
    );
    let found = b
        .tasks
        .iter()
        .filter(|t| {
            a.tasks
                .iter()
                .any(|i| i.id == t.id && strsim::normalized_levenshtein(&i.title, &t.title) >= 0.9)
        })
        .count();
    println!(
        "90-kh-ubnd.scan.pdf: {found}/{} tasks found (same number, title 90 % alike)",
        b.tasks.len()
    );
    assert!(found * 10 >= b.tasks.len() * 9, "{found}/{}", b.tasks.len());
}

/// The import's one-line refusal of a file, which must name it and say what to do.
fn refusal(file: &std::path::Path) -> String {
    let r = kehoach(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}: {}{}", file.display(), r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    r.stderr
}

#[test]
fn damaged_locked_and_hostile_files_are_refused_clearly() {
    let h = |n: &str| fixture_file(&format!("hostile/{n}"));
    for (file, says) in [
        ("bomb.docx", "giải nén ra hơn 48 MB"),
        ("bomb-lying.docx", "giải nén ra hơn 48 MB"),
        ("truncated.docx", "tệp .docx bị hỏng"),
        ("password.docx", "tệp Word có mật khẩu"),
        ("word97.doc", "lưu thành .docx"),
        ("password.pdf", "PDF có mật khẩu"),
        ("damaged.pdf", "PDF bị hỏng"),
    ] {
        let started = std::time::Instant::now();
        let e = refusal(&h(file));
        assert!(e.contains(file) && e.contains(says), "{file}: {e}");
        // a gigabyte behind a lying header is refused after reading the bound, not the gigabyte
        assert!(
            started.elapsed().as_secs() < 20,
            "{file} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn the_reader_follows_the_content_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    // a PDF saved with a .docx name, and a Word file with no extension
    let pdf = dir.path().join("ke-hoach.docx");
    std::fs::copy(fixture_file("269-kh-skhcn.pdf"), &pdf).unwrap();
    let word = dir.path().join("ke-hoach");
    std::fs::copy(fixture_file("269-kh-skhcn.docx"), &word).unwrap();
    for (file, format) in [(&pdf, Format::Pdf), (&word, Format::Docx)] {
        let s = read(file).unwrap();
        assert_eq!(s.format, format);
        let a = imported(file).unwrap();
        assert_eq!(a.tasks.len(), 6, "{}", file.display());
    }
    assert!(read(&pdf).unwrap().warnings[0].contains("có đuôi .docx"));

    // one page as an image, as a phone or a scanner saves it
    let png = dir.path().join("trang");
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(fixture_file("269-kh-skhcn.scan.pdf"))
        .arg(&png)
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = read(&png.with_extension("png")).unwrap();
    assert_eq!(s.format, Format::Scan);
    let text = text_of(&s.lines);
    assert!(text.contains("Số: 269/KH-SKHCN"), "{text}");
    assert!(
        text.contains("Hải Phòng, ngày 22 tháng 4 năm 2026"),
        "{text}"
    );
}

/// The import of a fixture with one variable of the environment set: its exit code and what
/// it said.
fn import_with(file: &str, var: &str, value: &std::path::Path) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["import", fixture_file(file).to_str().unwrap()])
        .env(var, value)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_program_is_named_with_its_package() {
    let empty = tempfile::tempdir().unwrap();
    let (code, e) = import_with("269-kh-skhcn.pdf", "PATH", empty.path());
    assert_eq!(code, Some(1));
    assert!(
        e.contains("`pdfinfo`") && e.contains("apt-get install poppler-utils"),
        "{e}"
    );
    // poppler there, Tesseract not: a scan says what to install
    let poppler = tempfile::tempdir().unwrap();
    for p in ["pdfinfo", "pdftotext", "pdftoppm"] {
        std::os::unix::fs::symlink(format!("/usr/bin/{p}"), poppler.path().join(p)).unwrap();
    }
    let (code, e) = import_with("269-kh-skhcn.scan.pdf", "PATH", poppler.path());
    assert_eq!(code, Some(1));
    assert!(
        e.contains("`tesseract`") && e.contains("tesseract-ocr-vie"),
        "{e}"
    );
    // Tesseract there without its Vietnamese model
    let (code, e) = import_with("269-kh-skhcn.scan.pdf", "TESSDATA_PREFIX", empty.path());
    assert_eq!(code, Some(1));
    assert!(
        e.contains("mô hình tiếng Việt") && e.contains("tesseract-ocr-vie"),
        "{e}"
    );
    // a PDF with text needs no Tesseract, and Word no program at all
    let (code, e) = import_with("269-kh-skhcn.pdf", "PATH", poppler.path());
    assert_eq!(code, Some(0), "{e}");
    let (code, e) = import_with("269-kh-skhcn.docx", "PATH", empty.path());
    assert_eq!(code, Some(0), "{e}");
}
