//! What staff write in the YAML of a plan, of departments.yaml, directives.yaml and site.yaml:
//! no key of the content model can be misspelled without a message naming the key meant; each
//! kind of YAML mistake is explained in Vietnamese at its line, with the line shown and a caret
//! under the place; a file with several mistakes has them all listed in one run.

mod common;
use common::*;
use kehoach::content::{model_keys, parse_config, parse_departments, parse_directives};
use kehoach::diag::{Diagnostic, Diagnostics, Severity};

const HEAD: &str = "---\nnumber: \"1/KH-A\"\ntitle: \"T\"\nissuer: a\ndate: 2026-01-02\n";

/// A file of the part `what` with `line` written where that part's keys go, and the file
/// line `line` lands on.
fn file_with(what: &str, line: &str) -> (&'static str, String, usize) {
    let plan = |fm: String| {
        let n = HEAD.matches('\n').count() + fm.matches('\n').count();
        (
            "content/plans/2026/x.md",
            format!("{HEAD}{fm}{line}\n---\nNội dung.\n"),
            n + 1,
        )
    };
    match what {
        "kế hoạch" => plan(String::new()),
        "nhiệm vụ" => plan("tasks:\n  - id: \"1\"\n    title: \"T\"\n    ".into()),
        "người ký" => plan("signer:\n  name: \"A\"\n  ".into()),
        "chỉ tiêu" => plan("targets:\n  - text: \"T\"\n    ".into()),
        "báo cáo tiến độ" => plan(
            "tasks:\n  - id: \"1\"\n    title: \"T\"\n    progress:\n      - date: 2026-03-04\n        "
                .into(),
        ),
        "mục cơ quan" => (
            "content/departments.yaml",
            format!("- id: a\n  name: \"A\"\n  {line}\n"),
            3,
        ),
        "mục văn bản" => (
            "content/directives.yaml",
            format!("- number: \"1-NQ/TW\"\n  {line}\n"),
            2,
        ),
        "site.yaml" => ("site.yaml", format!("title: \"T\"\n{line}\n"), 2),
        "nơi liên hệ của site.yaml" => (
            "site.yaml",
            format!("title: \"T\"\ncontact:\n  office: \"A\"\n  {line}\n"),
            4,
        ),
        "báo cáo" => (
            "content/bao-cao/2026/x.md",
            format!("---\ntitle: \"T\"\nissuer: a\ndate: 2026-01-02\n{line}\n---\n"),
            5,
        ),
        "nhiệm vụ trong báo cáo" => (
            "content/bao-cao/2026/x.md",
            format!("---\ntitle: \"T\"\nissuer: a\ndate: 2026-01-02\ntasks:\n  - task: \"1/KH-A#1\"\n    {line}\n---\n"),
            7,
        ),
        other => panic!("no file for {other}"),
    }
}

/// Every message the file's reading gives.
fn diagnose(rel: &str, text: &str) -> Vec<Diagnostic> {
    let mut d = Diagnostics::default();
    match rel {
        "content/departments.yaml" => {
            parse_departments(rel, text, &mut d);
        }
        "content/directives.yaml" => {
            parse_directives(rel, text, &mut d);
        }
        "site.yaml" => {
            parse_config(text, &mut d);
        }
        r if r.starts_with("content/bao-cao/") => {
            d = kehoach::content::parse_report(rel, text.as_bytes()).1
        }
        _ => d = kehoach::content::parse_plan(rel, text.as_bytes()).1,
    }
    d.into_sorted()
}

/// Typing mistakes of `key`: a letter left out, two swapped, one doubled, one wrong, capitals.
fn misspellings(key: &str) -> Vec<String> {
    let c: Vec<char> = key.chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        if c.len() > 2 {
            let mut x = c.clone();
            x.remove(i);
            out.push(x.iter().collect());
        }
        if i + 1 < c.len() {
            let mut x = c.clone();
            x.swap(i, i + 1);
            out.push(x.iter().collect());
        }
        let mut x = c.clone();
        x.insert(i, c[i]);
        out.push(x.iter().collect());
        let mut x = c.clone();
        x[i] = if c[i] == 'x' { 'z' } else { 'x' };
        out.push(x.iter().collect());
    }
    out.push(key.to_uppercase());
    out.push(key.replace('_', " "));
    out.push(key.replace('_', ""));
    out.sort();
    out.dedup();
    out
}

#[test]
fn no_key_of_the_content_model_can_be_misspelled_without_a_message() {
    let parts = model_keys();
    assert_eq!(
        parts.len(),
        11,
        "plan, task, signer, target, progress, 2 registries, site, its contact, report, its task"
    );
    let mut tried = 0;
    for (what, keys) in &parts {
        assert!(keys.len() >= 2, "{what}: {keys:?}");
        for key in keys.iter().filter(|k| **k != "extra") {
            for typo in misspellings(key) {
                if keys.contains(&typo.as_str()) || typo.is_empty() {
                    continue;
                }
                let (rel, text, line) = file_with(what, &format!("{typo}: \"x\""));
                let diags = diagnose(rel, &text);
                let found = diags.iter().find(|d| {
                    d.line == line && d.message.starts_with(&format!("`{typo}` không phải"))
                });
                let Some(found) = found else {
                    panic!(
                        "`{typo}` in {what} ({rel}:{line}) gave no message:\n{diags:#?}\n{text}"
                    );
                };
                assert_eq!(found.severity, Severity::Error);
                assert!(
                    found.message.contains(&format!("trường hợp lệ của {what}")),
                    "{}",
                    found.message
                );
                let meant = found.message.split("có phải ").nth(1).unwrap_or_default();
                assert!(
                    meant.contains(&format!("`{key}`")) && meant.ends_with('?'),
                    "`{typo}` in {what} should name `{key}`: {}",
                    found.message
                );
                let snippet = found.snippet.as_deref().unwrap_or_default();
                assert!(
                    snippet.contains(&format!("{line} | ")) && snippet.contains('^'),
                    "{snippet}"
                );
                tried += 1;
            }
        }
    }
    assert!(tried > 500, "{tried} misspellings tried");
}

#[test]
fn vietnamese_words_for_a_key_name_the_key_to_use() {
    for (word, key) in [
        ("chu_tri", "lead"),
        ("chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("don_vi_chu_tri", "lead"),
        ("phoi_hop", "support"),
        ("phối hợp", "support"),
        ("thoi_han", "deadline"),
        ("thời hạn", "deadline"),
        ("san_pham", "outputs"),
        ("sản phẩm", "outputs"),
        ("trang_thai", "status"),
        ("noi_dung", "title"),
    ] {
        let (rel, text, line) = file_with("nhiệm vụ", &format!("{word}: \"x\""));
        let diags = diagnose(rel, &text);
        let d = diags
            .iter()
            .find(|d| d.line == line && d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{word}: {diags:#?}"));
        assert!(
            d.message
                .starts_with(&format!("`{word}` không phải trường hợp lệ của nhiệm vụ"))
                && d.message.contains(&format!("ghi ở trường `{key}`")),
            "{word}: {}",
            d.message
        );
    }
    // A key of another part is named as such, not as a typo.
    let (rel, text, line) = file_with("mục cơ quan", "ten_viet_tat: \"x\"");
    let d = diagnose(rel, &text);
    assert!(
        d.iter()
            .any(|d| d.line == line && d.message.contains("ghi ở trường `short`")),
        "{d:#?}"
    );
}

/// A part of the content model written with a value of another shape is named at the value.
#[test]
fn a_value_of_the_wrong_shape_is_named() {
    let (rel, text, line) = file_with("nhiệm vụ", "deadline: [\"Quý I/2026\", \"Quý II/2026\"]");
    let d = diagnose(rel, &text);
    let e = d.iter().find(|d| d.line == line).expect("a message");
    assert!(
        e.message
            .contains("`deadline` phải là một giá trị đơn (chuỗi), không phải một danh sách"),
        "{}",
        e.message
    );
}

/// Each kind of YAML mistake, as staff make it in the mini fixture's plan: the line it is
/// reported at, the column, and what the message says.
const YAML_MISTAKES: &[(&str, &str, &str, usize, usize, &str)] = &[
    (
        "a tab for indentation",
        "    title: \"Việc thứ nhất\"",
        "\ttitle: \"Việc thứ nhất\"",
        9,
        1,
        "thụt lề bằng ký tự Tab",
    ),
    (
        "a tab after spaces",
        "    lead: \"Sở Hoà Bình\"",
        "  \t  lead: \"Sở Hoà Bình\"",
        10,
        3,
        "thay Tab bằng dấu cách",
    ),
    (
        "a task without its \"- \"",
        "  - id: \"2\"",
        "    id: \"2\"",
        13,
        5,
        "viết `- ` trước `id:`",
    ),
    (
        "an item without its \"- \"",
        "  - id: \"2\"",
        "  id: \"2\"",
        13,
        3,
        "thiếu dấu `- ` đầu mục",
    ),
    (
        "a quote left open, another quote below",
        "title: \"Việc thứ hai\"",
        "title: \"Việc thứ hai",
        14,
        12,
        "dấu ngoặc `\"` mở ở đây không được đóng trên dòng này",
    ),
    (
        "a quote left open at the end",
        "deadline: \"Thường xuyên\"",
        "deadline: \"Thường xuyên",
        16,
        15,
        "dấu ngoặc kép mở ở đây chưa được đóng",
    ),
    (
        "a single quote left open",
        "    title: \"Việc thứ nhất\"",
        "    title: 'Việc thứ nhất",
        9,
        12,
        "dấu ngoặc đơn `'` mở ở đây chưa được đóng",
    ),
    (
        "text after a closing quote",
        "    title: \"Việc thứ nhất\"",
        "    title: \"Việc\" thứ nhất",
        9,
        19,
        "sau dấu ngoặc đóng còn chữ",
    ),
    (
        "a colon inside an unquoted value",
        "    title: \"Việc thứ nhất\"",
        "    title: Về việc: thứ nhất",
        9,
        19,
        "Nếu `:` là một phần của giá trị",
    ),
    (
        "a key indented too deep",
        "    lead: \"Sở Hoà Bình\"",
        "     lead: \"Sở Hoà Bình\"",
        10,
        6,
        "thụt lề sai",
    ),
    (
        "a key indented too little",
        "    lead: \"Sở Hoà Bình\"",
        "   lead: \"Sở Hoà Bình\"",
        10,
        4,
        "thẳng cột với các mục khác",
    ),
    (
        "a key written twice",
        "    lead: \"sở bình an\"",
        "    lead: \"sở bình an\"\n    lead: \"Sở A\"",
        16,
        5,
        "khóa `lead` được viết hai lần (lần đầu ở dòng 15)",
    ),
    (
        "a list left open",
        "implements: [\"1-NQ/TW\"]",
        "implements: [\"1-NQ/TW\"",
        6,
        13,
        "dấu `[` mở ở đây chưa được đóng",
    ),
    (
        "a value starting with a YAML sign",
        "    title: \"Việc thứ nhất\"",
        "    title: @Việc thứ nhất",
        9,
        12,
        "ký tự `@` không thể bắt đầu một giá trị YAML",
    ),
    (
        "an alias never defined",
        "    title: \"Việc thứ nhất\"",
        "    title: *việc",
        9,
        12,
        "bí danh chưa được đặt",
    ),
];

/// Words of the parser's own messages, which must never reach staff.
const ENGLISH: &[&str] = &[
    "expected",
    "found",
    "while",
    "did not",
    "invalid",
    "unexpected",
    "mapping",
    "scalar",
    "indentation",
    "character",
    "block",
    "flow",
    "anchor",
    "alias",
    "token",
];

#[test]
fn each_kind_of_yaml_mistake_is_explained_in_vietnamese_at_its_line() {
    let good = std::fs::read_to_string(
        repo().join("tests/fixtures/mini/content/plans/2026/10-kh-ubnd.md"),
    )
    .unwrap();
    for &(name, from, to, line, column, says) in YAML_MISTAKES {
        assert!(good.contains(from), "{name}: `{from}`");
        let text = good.replacen(from, to, 1);
        let d = diagnose("content/plans/2026/10-kh-ubnd.md", &text);
        let errors: Vec<&Diagnostic> = d.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{name}: {d:#?}");
        let e = errors[0];
        assert_eq!((e.line, e.column), (line, column), "{name}: {e}");
        assert!(e.message.contains(says), "{name}: {e}");
        // The line as written, and a caret under the column.
        let snippet = e
            .snippet
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: no line shown"));
        let mut rows = snippet.lines();
        let shown = rows.next().unwrap();
        let caret = rows.next().unwrap();
        let written = text.lines().nth(line - 1).unwrap().replace('\t', " ");
        assert_eq!(shown, format!("{line} | {}", written.trim_end()), "{name}");
        let margin = format!("{line} | ").chars().count();
        assert_eq!(
            caret.chars().position(|c| c == '^'),
            Some(margin + column - 1),
            "{name}:\n{snippet}"
        );
        let own: String = e.message.split('`').step_by(2).collect();
        for word in ENGLISH {
            assert!(
                !own.to_lowercase().contains(word),
                "{name}: English `{word}` in {e}"
            );
        }
    }
}

/// The same mistakes in departments.yaml are reported there, at the file's own lines.
#[test]
fn registry_mistakes_are_reported_at_their_lines() {
    let d = diagnose(
        "content/departments.yaml",
        "- id: a\n  name: \"A\n- id: b\n\tname: B\n",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].line, 2, "{}", d[0]);
    let d = diagnose(
        "content/departments.yaml",
        "- id: a\n  name: A\n  nam: B\n- id: b\n  name: B\n  parnet: a\n",
    );
    let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
    assert_eq!(lines, [3, 6], "{d:#?}");
    assert!(d[1].message.contains("có phải `parent`?"), "{}", d[1]);
    let d = diagnose(
        "content/departments.yaml",
        "- id: a\n  name: A\n---\n- id: b\n",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].line, 3, "{}", d[0]);
    assert!(d[0].message.contains("dòng `---` thứ hai"), "{}", d[0]);
}

/// One run names every mistake of a file: dates, keys, values, bodies, deadlines.
#[test]
fn a_file_with_several_mistakes_lists_them_all() {
    let site = fixture("mini");
    let plan = "content/plans/2026/10-kh-ubnd.md";
    let path = site.path().join(plan);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("date: 2026-03-20", "date: 2026-02-30")
        .replace(
            "implements: [\"1-NQ/TW\"]",
            "implements: [\"1-NQ/TW\"]\nstatus: publish\nissuer2: x",
        )
        .replace(
            "    support: [\"UBND TP\"]",
            "    suport: [\"UBND TP\"]\n    chu_tri: \"Sở A\"",
        )
        .replace("lead: \"sở bình an\"", "lead: \"Sở Bìnhh An\"")
        .replace("deadline: \"Thường xuyên\"", "deadline: \"Khi nào xong\"")
        .replace("deadline: \"Quý I/2026\"", "deadline: \"31/2/2026\"");
    std::fs::write(&path, &text).unwrap();
    let r = kehoach(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, says) in [
        ("date: 2026-02-30", "tháng 2 năm 2026 không có ngày 30"),
        ("status: publish", "trạng thái `publish` không hợp lệ"),
        ("issuer2:", "có phải `issuer`?"),
        ("suport:", "có phải `support`?"),
        ("chu_tri:", "ghi ở trường `lead`"),
        ("31/2/2026", "tháng 2 năm 2026 không có ngày 31"),
        ("Sở Bìnhh An", "Có phải là: `Sở Bình An`"),
        ("Khi nào xong", "không hiểu thời hạn `Khi nào xong`"),
    ] {
        let at = format!("{plan}:{}:", line(needle));
        assert!(
            r.stderr
                .lines()
                .any(|l| l.starts_with(&at) && l.contains(says)),
            "{says} at {at}:\n{}",
            r.stderr
        );
    }
}

/// Text pasted from Word or a web page carries characters that show nothing (zero-width space,
/// soft hyphen, word joiner): a key, a body's name or a document number holding one reads as
/// typed, and the page shows it without them.
#[test]
fn invisible_characters_do_not_change_what_is_read() {
    let site = fixture("mini");
    let plan = "content/plans/2026/10-kh-ubnd.md";
    let path = site.path().join(plan);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "    deadline: \"Thường xuyên\"",
            "    dead\u{200B}line: \"Thường\u{2060} xuyên\"",
        )
        .replace("lead: \"sở bình an\"", "lead: \"sở bình\u{AD} an\u{200B}\"")
        .replace(
            "implements: [\"1-NQ/TW\"]",
            "implements: [\"1-\u{200B}NQ/TW\"]",
        );
    assert!(text.contains('\u{200B}'));
    std::fs::write(&path, &text).unwrap();
    let root = site.path().to_str().unwrap();
    let before = kehoach(&["check", "--root", root]);
    let clean = fixture("mini");
    let expected = kehoach(&["check", "--root", clean.path().to_str().unwrap()]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    // The same errors and warnings as without them, and each line that held one named.
    let named = |l: &str| l.contains("đã bỏ ký tự không nhìn thấy");
    let others = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains(": cảnh báo: ") || l.contains(": lỗi: "))
            .filter(|l| !named(l))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        others(&before.stderr),
        others(&expected.stderr),
        "{}",
        before.stderr
    );
    for (line, names) in [
        (6, "U+200B"),
        (15, "U+00AD (gạch nối mềm), U+200B"),
        (16, "U+200B"),
    ] {
        assert!(
            before.stderr.lines().any(|l| named(l)
                && l.starts_with(&format!("{plan}:{line}:"))
                && l.contains(names)),
            "line {line}: {}",
            before.stderr
        );
    }
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    let page = read(&out, "ke-hoach/2026/10-kh-ubnd/index.html");
    assert!(!page.contains('\u{200B}') && !page.contains('\u{AD}'));
    assert!(page.contains("Thường xuyên"), "the deadline was read");
}
