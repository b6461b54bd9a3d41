//! What no input may do: replace the published site with a site that lost its content.

mod common;
use common::*;

fn index_bytes(out: &std::path::Path) -> Vec<u8> {
    std::fs::read(out.join("index.html")).unwrap()
}

#[test]
fn a_build_with_no_plans_or_half_the_pages_does_not_replace_the_published_site() {
    let site = shipped_site();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = index_bytes(&out);

    // A content folder that did not mount: no plan at all.
    let plans = site.path().join("content/plans");
    let aside = site.path().join("plans-aside");
    std::fs::rename(&plans, &aside).unwrap();
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("không có kế hoạch nào"), "{}", r.stderr);
    assert!(r.stderr.contains("--allow-shrink"), "{}", r.stderr);
    assert_eq!(index_bytes(&out), before, "the published site stays");

    // Only one plan of five, without tasks: far fewer pages.
    std::fs::create_dir_all(plans.join("2025")).unwrap();
    std::fs::copy(
        aside.join("2025/77-kh-snv.md"),
        plans.join("2025/77-kh-snv.md"),
    )
    .unwrap();
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("chưa tới một nửa"), "{}", r.stderr);
    assert_eq!(index_bytes(&out), before, "the published site stays");

    // Said on purpose, it is published.
    let r = build(site.path(), &out, &["--allow-shrink"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(index_bytes(&out), before);

    // A first build, with nothing published before, is not measured against anything.
    let fresh = tempfile::tempdir().unwrap();
    let r = build(site.path(), &fresh.path().join("public"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn control_and_invisible_characters_are_left_out_named_and_never_reach_xml_or_the_terminal() {
    let site = fixture("mini");
    // YAML escapes make control characters (vertical tab, ESC, NEL, U+FFFE) in a title; a
    // zero-width space sits inside a body's name and a number; ESC in the body text.
    let plan = "---\nnumber: \"30/KH-\u{200B}UBND\"\ntitle: \"Tiêu đề \\x0b có \\e[2J điều \\x85 khiển \\uFFFE\"\nissuer: ubnd-tp\ndate: 2026-01-05\nimplements: [\"1-NQ/\u{2060}TW\"]\ntasks:\n  - { id: \"1\", title: \"Việc \\u200b một\", lead: \"Sở Hoà\u{200B} Bình\", deadline: \"Quý I/2026\" }\n---\nThân \u{1b}[31mđỏ và \u{7f} xoá\n";
    std::fs::write(site.path().join("content/plans/2026/30-kh-ubnd.md"), plan).unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{b}'),
        "raw control characters printed: {said:?}"
    );
    let rel = "content/plans/2026/30-kh-ubnd.md";
    for (line, name) in [
        (2, "U+200B"),
        (3, "U+000B"),
        (3, "U+001B"),
        (3, "U+0085"),
        (3, "U+FFFE"),
        (6, "U+2060"),
        (8, "U+200B"),
        (10, "U+001B"),
        (10, "U+007F"),
    ] {
        assert!(
            said.lines()
                .any(|l| l.starts_with(&format!("{rel}:{line}:")) && l.contains(name)),
            "{name} at line {line} not named: {said}"
        );
    }
    // The names and numbers read as typed: no body or document unknown.
    assert!(!said.contains("không tìm thấy cơ quan"), "{said}");
    assert!(!said.contains("`1-NQ/TW` không phải kế hoạch"), "{said}");
    let out = tempfile::tempdir().unwrap();
    let r = build(site.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for e in walkdir::WalkDir::new(out.path()) {
        let e = e.unwrap();
        let p = e.path();
        if !e.file_type().is_file() {
            continue;
        }
        let text = std::fs::read(p).unwrap();
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        assert!(
            !text.chars().any(kehoach::text::is_control),
            "{} holds a control character",
            p.display()
        );
        if p.extension().is_some_and(|x| x == "xml") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|err| panic!("{}: {err}", p.display()));
        }
    }
    let feed = read(out.path(), "feed.xml");
    assert!(
        feed.contains("Tiêu đề"),
        "the title is kept, less what cannot be shown"
    );
}

#[test]
fn loops_of_implementation_and_replacement_are_named() {
    let site = fixture("mini");
    let dir = site.path().join("content/plans/2026");
    let plan = |n: u32, fm: &str| {
        let text = format!("---\nnumber: \"{n}/KH-UBND\"\ntitle: \"Kế hoạch {n}\"\nissuer: ubnd-tp\ndate: 2026-02-{n:02}\n{fm}---\n");
        std::fs::write(dir.join(format!("{n}-kh-ubnd.md")), text).unwrap();
    };
    plan(11, "implements: [\"11/KH-UBND\"]\n");
    plan(12, "implements: [\"13/KH-UBND\"]\n");
    plan(13, "implements: [\"12/KH-UBND\"]\n");
    plan(14, "implements: [\"15/KH-UBND\"]\n");
    plan(15, "implements: [\"16/KH-UBND\"]\n");
    plan(16, "implements: [\"14/KH-UBND\"]\n");
    plan(17, "replaces: [\"18/KH-UBND\"]\n");
    plan(18, "replaces: [\"17/KH-UBND\"]\n");
    plan(19, "tasks:\n  - { id: \"1\", title: \"A\", lead: \"Sở Hoà Bình\", implements: \"20/KH-UBND#1\" }\n");
    plan(20, "tasks:\n  - { id: \"1\", title: \"B\", lead: \"Sở Hoà Bình\", implements: \"19/KH-UBND#1\" }\n");
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    let has = |file: &str, line: usize, text: &str| {
        said.lines().any(|l| {
            l.starts_with(&format!("content/plans/2026/{file}:{line}:")) && l.contains(text)
        })
    };
    assert!(
        has(
            "11-kh-ubnd.md",
            6,
            "vòng lặp thực hiện: 11/KH-UBND → 11/KH-UBND"
        ),
        "{said}"
    );
    assert!(
        has("13-kh-ubnd.md", 6, "12/KH-UBND → 13/KH-UBND → 12/KH-UBND")
            || has("12-kh-ubnd.md", 6, "13/KH-UBND → 12/KH-UBND → 13/KH-UBND"),
        "{said}"
    );
    assert!(
        said.contains("14/KH-UBND → 15/KH-UBND → 16/KH-UBND → 14/KH-UBND"),
        "{said}"
    );
    assert!(
        said.contains("vòng lặp thay thế: 17/KH-UBND → 18/KH-UBND → 17/KH-UBND"),
        "{said}"
    );
    assert!(
        said.contains("vòng lặp giữa các nhiệm vụ: 19/KH-UBND#1 → 20/KH-UBND#1 → 19/KH-UBND#1"),
        "{said}"
    );
    // Each loop once.
    assert_eq!(said.matches("vòng lặp").count(), 5, "{said}");
    // A chain without a loop says nothing of loops: the fixture alone.
    let clean = fixture("mini");
    let r = kehoach(&["check", "--root", clean.path().to_str().unwrap()]);
    assert!(!format!("{}{}", r.stdout, r.stderr).contains("vòng lặp"));
}

#[test]
fn a_registered_document_or_a_well_formed_plan_keeps_its_address() {
    // The shipped source writes "71-NQ/CP" once for the registered 71/NQ-CP: the registered
    // document keeps the plain address, the mention is pointed at it.
    let out = tempfile::tempdir().unwrap();
    let r = build(&repo(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plans = json(out.path(), "du-lieu/ke-hoach.json");
    let p77 = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == "77/KH-SNV")
        .unwrap();
    let based: Vec<(&str, &str)> = p77["based_on"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_str().unwrap(),
                r["url"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        based.contains(&("71/NQ-CP", "/van-ban/71-nq-cp/")),
        "{based:?}"
    );
    let r = kehoach(&["check", "--root", repo().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.contains("`71-NQ/CP`") && said.contains("có phải `71/NQ-CP`"),
        "{said}"
    );

    // Two plans of a year whose numbers make the same address: the well-formed number keeps
    // it whichever sorts first, and the other is named with both files.
    let site = fixture("mini");
    let dir = site.path().join("content/plans/2026");
    let write = |file: &str, number: &str| {
        let text = format!(
            "---\nnumber: \"{number}\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-02-01\n---\n"
        );
        std::fs::write(dir.join(file), text).unwrap();
    };
    write("a-first.md", "90.KH.UBND");
    write("z-last.md", "90/KH-UBND");
    let out = tempfile::tempdir().unwrap();
    let r = build(site.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(out.path(), "ke-hoach/2026/90-kh-ubnd/index.html");
    assert!(
        page.contains("90/KH-UBND") && !page.contains("90.KH.UBND"),
        "the well-formed plan keeps the address"
    );
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.lines()
            .any(|l| l.starts_with("content/plans/2026/a-first.md:2:")
                && l.contains("`90.KH.UBND`")
                && l.contains("content/plans/2026/z-last.md:2")),
        "{said}"
    );
}

#[test]
fn html_nested_past_the_limit_is_an_error_at_its_line() {
    let site = fixture("mini");
    let plan = |body: String| {
        format!("---\nnumber: \"40/KH-UBND\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-02-01\n---\nMở đầu.\n\n{body}\n")
    };
    let file = site.path().join("content/plans/2026/40-kh-ubnd.md");
    // Nesting a plan may have is kept.
    let n = kehoach::markdown::MAX_HTML_DEPTH;
    std::fs::write(
        &file,
        plan(format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n))),
    )
    .unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // 80,000 levels (seconds in the sanitizer, which is quadratic in depth) is refused.
    let deep = 80_000;
    std::fs::write(
        &file,
        plan(format!(
            "{}x{}",
            "<div>\n".repeat(deep),
            "</div>".repeat(deep)
        )),
    )
    .unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(r.code, 1, "{said}");
    let line = 9 + n; // the body starts on line 7; the div past the limit is on its own line
    assert!(
        said.contains(&format!(
            "content/plans/2026/40-kh-ubnd.md:{line}:1: lỗi: HTML trong nội dung lồng nhau quá"
        )),
        "{said}"
    );
    // A task title is held to the same limit.
    std::fs::write(&file, format!("---\nnumber: \"40/KH-UBND\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-02-01\ntasks:\n  - {{ id: \"1\", lead: \"Sở Hoà Bình\", title: \"{}x\" }}\n---\n", "<b>".repeat(n + 1))).unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.contains("40-kh-ubnd.md:7:")
            && said.contains("HTML trong nội dung nhiệm vụ lồng nhau quá"),
        "{said}"
    );
}

#[test]
fn years_outside_those_of_documents_are_errors() {
    let site = fixture("mini");
    std::fs::write(
        site.path().join("content/plans/2026/41-kh-ubnd.md"),
        "---\nnumber: \"41/KH-UBND\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 0000-01-01\ntasks:\n  - { id: \"1\", title: \"A\", lead: \"Sở Hoà Bình\", deadline: \"Năm 9999\" }\n  - { id: \"2\", title: \"B\", lead: \"Sở Hoà Bình\", deadline: \"Quý I/0001\" }\n  - { id: \"3\", title: \"C\", lead: \"Sở Hoà Bình\", deadline: \"Giai đoạn 2026 - 2100\" }\n---\n",
    )
    .unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    let said = format!("{}{}", r.stdout, r.stderr);
    let rel = "content/plans/2026/41-kh-ubnd.md";
    for (line, year) in [(5, "năm 0 "), (7, "năm 9999 "), (8, "năm 1 ")] {
        assert!(
            said.lines()
                .any(|l| l.starts_with(&format!("{rel}:{line}:"))
                    && l.contains(year)
                    && l.contains("1945–2100")),
            "line {line}: {said}"
        );
    }
    assert!(
        !said.lines().any(|l| l.starts_with(&format!("{rel}:9:"))),
        "2100 is a year of documents: {said}"
    );
}
