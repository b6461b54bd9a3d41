//! The command line speaks Vietnamese: every line of every `--help`, and the mistakes of a
//! command line, with no English from the argument parser.

mod common;
use common::*;

const COMMANDS: &[&str] = &["build", "serve", "import", "new", "check", "help"];

/// English words the argument parser writes by itself; none may reach the staff member.
const ENGLISH: &[&str] = &[
    "usage",
    "options",
    "commands",
    "arguments",
    "print",
    "default",
    "version",
    "error",
    "possible",
    "values",
    "subcommand",
    "found",
    "unexpected",
    "unrecognized",
    "required",
    "invalid",
    "tip",
    "for more information",
    "try",
];

/// Whether a line says something in Vietnamese once the names that are not words are left out
/// (flags, value names in `<…>`, command names): a letter of Vietnamese, or nothing left.
fn vietnamese(line: &str) -> Result<(), String> {
    let mut rest = line.to_string();
    for pattern in [
        r"--?[a-z][a-z-]*",
        r"<[^>]*>",
        r"\[[^\]]*\]",
        r"\bkehoach\b",
    ] {
        rest = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&rest, " ")
            .into_owned();
    }
    for c in COMMANDS {
        rest = rest.replace(&format!(" {c} "), " ");
        if rest.trim() == *c {
            rest.clear();
        }
    }
    let lower = rest.to_lowercase();
    if let Some(w) = ENGLISH.iter().find(|w| {
        regex::Regex::new(&format!(r"\b{w}\b"))
            .unwrap()
            .is_match(&lower)
    }) {
        return Err(format!("English `{w}` in `{line}`"));
    }
    let words = rest.trim();
    let has_vietnamese = words.chars().any(|c| {
        "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
            .contains(c.to_lowercase().next().unwrap())
    });
    if words.is_empty() || has_vietnamese {
        Ok(())
    } else {
        Err(format!("not Vietnamese: `{line}`"))
    }
}

#[test]
fn every_line_of_every_help_is_vietnamese() {
    let mut runs = vec![kehoach(&["--help"]), kehoach(&["-h"]), kehoach(&["help"])];
    for c in COMMANDS {
        runs.push(kehoach(&[c, "--help"]));
        runs.push(kehoach(&["help", c]));
    }
    let mut bad = Vec::new();
    let mut lines = 0;
    for r in &runs {
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("Cách dùng: kehoach"), "{}", r.stdout);
        for line in r.stdout.lines() {
            lines += 1;
            if let Err(e) = vietnamese(line) {
                bad.push(e);
            }
        }
    }
    assert!(lines > 100, "{lines} lines read");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The checker of this test finds English when there is some.
    assert!(vietnamese("  -h, --help     Print help").is_err());
    assert!(vietnamese("Usage: kehoach <COMMAND>").is_err());
}

#[test]
fn mistakes_on_the_command_line_are_named_in_vietnamese() {
    for (args, says) in [
        (&["buidl"][..], "không có lệnh `buidl`; có phải `build`?"),
        (
            &["build", "--strcit"][..],
            "không có tùy chọn `--strcit` cho lệnh này; có phải `--strict`?",
        ),
        (
            &["check", "--as-of", "2026-13-01"][..],
            "giá trị `2026-13-01` của `--as-of <NGÀY>` không hợp lệ",
        ),
        (&["new"][..], "thiếu <SỐ-HIỆU-HOẶC-TRÍCH-YẾU>"),
        (
            &["serve", "--port", "http"][..],
            "giá trị `http` của `--port <CỔNG>` không hợp lệ",
        ),
        (
            &["check", "--format"][..],
            "`--format <DẠNG>` cần một giá trị",
        ),
        (&["help", "buid"][..], "không có lệnh `buid`"),
    ] {
        let r = kehoach(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("lỗi: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        for line in r.stderr.lines() {
            assert!(vietnamese(line).is_ok(), "{args:?}: {line}");
        }
    }
    // With no command, the help, and a failure code for scripts.
    let r = kehoach(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("Lệnh:") || r.stderr.contains("Lệnh:"));
    let v = kehoach(&["--version"]);
    assert_eq!(v.code, 0);
    assert!(v.stdout.starts_with("kehoach "), "{}", v.stdout);
}
