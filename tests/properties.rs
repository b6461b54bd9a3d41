//! Property tests of the parsers a content file goes through (the same entry points as the fuzz
//! targets in fuzz/, see src/fuzzing.rs): on any input, no panic and the invariants hold.
//! A short pass runs in `cargo test` (PROPTEST_CASES raises it); fuzz/run.sh runs the long
//! coverage-guided searches. Inputs the fuzzer found are kept in tests/fuzz/<target>/ and
//! replayed here.

use kehoach::fuzzing;
use proptest::prelude::*;

/// Pieces of real content and of YAML and HTML syntax, so that generated inputs reach deep
/// into the parsers instead of failing at the first character.
const TOKENS: &[&str] = &[
    "Quý",
    "quý",
    "I",
    "II",
    "IV",
    "/",
    "2027",
    "2026",
    "Tháng",
    "tháng",
    "4",
    "-",
    "–",
    "5",
    "năm",
    "Năm",
    "Trước",
    "ngày",
    "30",
    "06",
    "Giai đoạn",
    "Thường xuyên",
    "hàng năm",
    "Hằng",
    "Kế hoạch số",
    "90/KH-UBND",
    "79-NQ/TW",
    "226/2025QH15",
    "Quyết định",
    "số",
    "ngày 20/3/2026",
    "#",
    "I.1",
    "Sở",
    "Ủy ban nhân dân",
    "Uỷ",
    "Văn phòng Sở",
    "UBND TP",
    "Sở Hòa Bình",
    "hoà",
    ",",
    ";",
    ".",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{301}",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "\"",
    "'",
    "\\",
    "&a",
    "*a",
    "!!str",
    "|",
    ">",
    "---\n",
    "tasks:",
    "\n  - id: ",
    "\n  - task: ",
    "#II.7.1",
    "period: ",
    "reports_on: ",
    "reporting: ",
    "status: ",
    "note: ",
    "title: ",
    "lead: ",
    "deadline: ",
    "number: ",
    "date: 2026-03-20",
    "issuer: ubnd-tp",
    "<script>",
    "</script>",
    "<b>",
    "javascript:",
    "[x](",
    ")",
    "<img src=x onerror=y>",
    "|---|",
    "Chủ trì",
    "Phối hợp",
    "TT",
    "Nội dung",
    "Sản phẩm",
    "Thời gian",
    "0",
    "9",
    "99999999999",
    "đến",
    "và",
    "từ",
    "Từ năm",
    "6 tháng đầu năm",
    "cuối năm",
    "Chậm nhất",
    "không quá",
    "hằng năm",
    "(",
    "2030",
    "31/2",
    "Quí",
    "V",
    "13",
    "trở đi",
    "Sau khi",
    "Hoàn thành trong",
    "support: ",
    "outputs: ",
    "signer: ",
    "progress:",
    "targets:",
    "extra: ",
    "deadlne: ",
    "chu_tri: ",
    // Invisible and control characters, as pasted and as YAML escapes.
    "\u{200B}",
    "\u{AD}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{1}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
    "\u{FFFE}",
    "\\x0b",
    "\\e",
    "\\uFFFE",
    // Nesting, in Markdown and HTML.
    "<div>",
    "</div>",
    "> > > > ",
    "    - ",
    "***",
    // Numbers that make the same address.
    "90.KH.UBND",
    "90-KH-UBND",
    "71-NQ/CP",
    "71/NQ-CP",
];

/// A YAML value anchored and referred to many times: the alias budget must hold whatever the
/// sizes.
fn aliases() -> impl Strategy<Value = String> {
    (1usize..20_000, 1usize..3_000).prop_map(|(len, refs)| {
        format!(
            "---\nnumber: \"1/KH-A\"\ntitle: &s \"{}\"\nissuer: a\ndate: 2026-01-02\nrecipients: [{}]\n---\n",
            "y".repeat(len),
            vec!["*s"; refs].join(", ")
        )
    })
}

/// HTML or Markdown nested to any depth, in a plan's body.
fn nesting() -> impl Strategy<Value = String> {
    (0usize..3, 0usize..5_000).prop_map(|(kind, n)| {
        let body = match kind {
            0 => format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)),
            1 => format!("{}x", "> ".repeat(n)),
            _ => (0..n.min(500))
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect(),
        };
        format!("---\nnumber: \"1/KH-A\"\ntitle: \"T\"\nissuer: a\ndate: 2026-01-02\n---\n{body}\n")
    })
}

/// Numbers that share an address, some registered (`+`).
fn colliding_numbers() -> impl Strategy<Value = String> {
    let forms = prop::sample::select(
        &[
            "90/KH-UBND",
            "90.KH.UBND",
            "90-KH-UBND",
            "90 KH UBND",
            "71-NQ/CP",
            "71/NQ-CP",
            "71/NQ-CP ",
            "1/KH-A",
            "1-KH/A",
            "QĐ",
            "qd",
            "",
            "/",
            "---",
        ][..],
    );
    prop::collection::vec((any::<bool>(), forms), 0..20).prop_map(|v| {
        v.into_iter()
            .map(|(reg, n)| if reg { format!("+{n}") } else { n.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn word_file() -> &'static [u8] {
    static FILE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/import/skhcn-trien-khai-1049-qd-ubnd.docx"),
        )
        .unwrap()
    });
    &FILE
}

fn content() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|v| v.concat()),
        "\\PC{0,200}",
        "[\\[\\]{}:\"'\\-/ a-z0-9\n]{0,200}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn deadlines(s in content()) { fuzzing::deadline(&s) }

    #[test]
    fn anchored_values_referred_to_many_times(s in aliases()) { fuzzing::plan_file(s.as_bytes()) }

    #[test]
    fn nesting_of_any_depth(s in nesting()) { fuzzing::plan_file(s.as_bytes()) }

    #[test]
    fn numbers_sharing_an_address(s in colliding_numbers()) { fuzzing::addresses(&s) }

    #[test]
    fn numbers(s in content()) { fuzzing::number(&s) }

    #[test]
    fn names(s in content()) { fuzzing::names(&s) }

    #[test]
    fn markdown(s in content()) { fuzzing::markdown(&s) }

    #[test]
    fn imports(s in content()) { fuzzing::import(&s) }

    #[test]
    fn word_files_damaged_anywhere(at in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        // a real .docx with bytes changed at random places: read, or refused, never a panic
        let mut bytes = word_file().to_vec();
        for (i, b) in at {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        fuzzing::docx(&bytes)
    }

    #[test]
    fn registries(s in content()) { fuzzing::registry_files(s.as_bytes()) }

    #[test]
    fn plan_files(fm in content(), body in content()) {
        fuzzing::plan_file(format!("---\nnumber: \"1/KH\"\ntitle: T\nissuer: x\ndate: 2026-01-01\n{fm}\n---\n{body}").as_bytes());
        fuzzing::plan_file(fm.as_bytes());
    }

    #[test]
    fn report_files(fm in content(), body in content()) {
        fuzzing::report_file(format!("---\ntitle: T\nissuer: x\ndate: 2026-01-01\nperiod: \"Quý I/2026\"\ntasks:\n  - task: \"1/KH#1\"\n    status: done\n{fm}\n---\n{body}").as_bytes());
        fuzzing::report_file(fm.as_bytes());
    }
}

/// Every input kept in tests/fuzz/<target>/ (crashes the fuzzer found, and hostile shapes
/// worth keeping) still runs through its target.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut n = 0;
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().to_string();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let bytes = std::fs::read(&input).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            match name.as_str() {
                "plan_file" => fuzzing::plan_file(&bytes),
                "report_file" => fuzzing::report_file(&bytes),
                "registry_files" => fuzzing::registry_files(&bytes),
                "deadline" => fuzzing::deadline(&text),
                "number" => fuzzing::number(&text),
                "names" => fuzzing::names(&text),
                "import" => fuzzing::import(&text),
                "docx" => fuzzing::docx(&bytes),
                "markdown" => fuzzing::markdown(&text),
                "addresses" => fuzzing::addresses(&text),
                other => panic!("tests/fuzz/{other}: no such target"),
            }
            n += 1;
        }
    }
    assert!(n > 0, "no regression inputs found");
}
