//! Document numbers ("90/KH-UBND", "57-NQ/TW", "226/2025/QH15") and references to them.
//!
//! Numbers are compared after NFC, case folding and removal of spaces, so "90 /KH-UBND" is
//! 90/KH-UBND. A reference may carry the document's date ("ngày 20/3/2026" or ISO) because
//! administrative numbers restart every year; and a task reference adds "#<task id>".

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// A number's letters and digits only, folded ("71-NQ/CP" and "71/NQ-CP" both "71nqcp"): two
/// numbers with the same shape key and different keys are a near miss, one likely a typo of
/// the other.
pub fn shape_key(s: &str) -> String {
    crate::text::search_fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Whether a number has the form of an administrative one: a serial, a `/`, a symbol of
/// letters (with digits, `-`, `&`, `/`): "90/KH-UBND", "79-NQ/TW", "226/2025/QH15". "90.KH.UBND"
/// and "KH 90" are not.
pub fn is_well_formed(number: &str) -> bool {
    static FORM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d+[A-Za-z]?(?:[-/][\p{L}\d&]+)*/[\p{L}\d&]+(?:[-/][\p{L}\d&]+)*$").unwrap()
    });
    FORM.is_match(&crate::text::collapse_ws(number).replace(' ', ""))
}

/// The comparison key of a number.
pub fn normalize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|&c| !c.is_whitespace() && c != '\u{a0}' && !crate::text::is_invisible(c))
        .map(|c| {
            if matches!(c, '–' | '—' | '‐') {
                '-'
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    // Removing spaces can bring a stray combining mark next to a letter it composes with, and
    // lower-casing can decompose: normalize again so that the key of a key is itself.
    out = crate::text::nfc(&out);
    // "226/2025QH15" is written for "226/2025/QH15": restore the slash after a 4-digit year.
    static YEAR_GLUED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d+/\d{4})(\p{L})").unwrap());
    if let Some(c) = YEAR_GLUED.captures(&out) {
        let end = c.get(1).unwrap().end();
        out.insert(end, '/');
    }
    out
}

/// A reference as written in front matter: number, optional date, optional task id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefText {
    /// The number as written, without date or task.
    pub number: String,
    pub date: Option<NaiveDate>,
    pub task: Option<String>,
}

static DATE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<num>.+?)\s*,?\s+(?:(?:ngày\s+)(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2}))\s*$").unwrap()
});

pub fn parse_reference(s: &str) -> RefText {
    let s = crate::text::collapse_ws(s);
    let (doc, task) = match s.split_once('#') {
        Some((a, b)) => (
            a.trim().to_string(),
            Some(b.trim().to_string()).filter(|t| !t.is_empty()),
        ),
        None => (s.clone(), None),
    };
    if let Some(c) = DATE_SUFFIX.captures(&doc) {
        let date = if let Some(iso) = c.name("iso") {
            NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d").ok()
        } else {
            let n = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
            NaiveDate::from_ymd_opt(
                n("y").unwrap_or(0) as i32,
                n("m").unwrap_or(0),
                n("d").unwrap_or(0),
            )
        };
        if date.is_some() {
            return RefText {
                number: c["num"].trim().to_string(),
                date,
                task,
            };
        }
    }
    RefText {
        number: doc,
        date: None,
        task,
    }
}

/// A document cited in running text: "Kế hoạch số 90/KH-UBND ngày 20/3/2026".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextRef {
    /// Byte range of the words to link: the type word through the number.
    pub start: usize,
    pub end: usize,
    pub doc_type: String,
    pub number: String,
    pub date: Option<NaiveDate>,
    /// The date as written ("24/02/2026"), when given.
    pub date_text: Option<String>,
}

static TEXT_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<type>Nghị quyết|Kế hoạch hành động|Kế hoạch|Quyết định|Chương trình hành động|Chương trình|Chỉ thị|Kết luận|Nghị định|Thông tư|Công văn|Hướng dẫn)",
        r"(?:\s+số)?\s+",
        r"(?P<num>\d+\s?[-/]\s?(?:\d{4}/?)?[A-ZĐ][\p{L}\d&]*(?:[-/][\p{Lu}\d][\p{L}\d&]*)*)",
        r"(?:,?\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    ))
    .unwrap()
});

/// Every document reference in a piece of running text, in order.
pub fn find_in_text(text: &str) -> Vec<TextRef> {
    TEXT_REF
        .captures_iter(text)
        .map(|c| {
            let num = c.name("num").unwrap();
            let date = match (c.name("y"), c.name("m"), c.name("d")) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(
                    y.as_str().parse().unwrap_or(0),
                    m.as_str().parse().unwrap_or(0),
                    d.as_str().parse().unwrap_or(0),
                ),
                _ => None,
            };
            TextRef {
                start: c.get(0).unwrap().start(),
                end: num.end(),
                doc_type: c["type"].to_string(),
                number: num.as_str().to_string(),
                date,
                date_text: match (c.name("d"), c.name("m"), c.name("y")) {
                    (Some(d), Some(m), Some(y)) => {
                        Some(format!("{}/{}/{}", d.as_str(), m.as_str(), y.as_str()))
                    }
                    _ => None,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn well_formed_numbers() {
        for n in [
            "90/KH-UBND",
            "79-NQ/TW",
            "226/2025/QH15",
            "160/KH-SKH&CN",
            "1049/QĐ-UBND",
            "12-KH/TU",
            "09-NQ/ĐH",
            "04/CTr-UBND",
            "71-NQ/CP",
            "90 /KH-UBND",
        ] {
            assert!(super::is_well_formed(n), "{n}");
        }
        for n in ["90.KH.UBND", "KH 90", "", "/KH-SKHCN", "90-kh-ubnd", "90/"] {
            assert!(!super::is_well_formed(n), "{n}");
        }
    }

    use super::*;

    #[test]
    fn loose_numbers_normalize_alike() {
        assert_eq!(normalize("90 /KH-UBND"), normalize("90/KH-UBND"));
        assert_eq!(normalize("57- NQ/TW"), "57-nq/tw");
        assert_eq!(normalize("226/2025QH15"), normalize("226/2025/QH15"));
        assert_eq!(normalize("1049/QĐ-UBND"), "1049/qđ-ubnd");
        assert_eq!(normalize("1049/qđ-ubnd"), normalize("1049/QĐ-UBND"));
        assert_eq!(normalize("57–NQ/TW"), normalize("57-NQ/TW"));
        assert_ne!(normalize("90/KH-UBND"), normalize("90/KH-SKHCN"));
        // NFD input (decomposed Đ is not a thing, but decomposed lower-case letters are)
        assert_eq!(normalize("1049/QĐ-UBND"), normalize("1049/Q\u{110}-UBND"));
    }

    #[test]
    fn references_with_dates_and_tasks() {
        let r = parse_reference("90/KH-UBND ngày 20/3/2026");
        assert_eq!(r.number, "90/KH-UBND");
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 3, 20));
        let r = parse_reference("90/KH-UBND 2026-03-20");
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 3, 20));
        let r = parse_reference("90/KH-UBND#II.7.1");
        assert_eq!(
            (r.number.as_str(), r.task.as_deref(), r.date),
            ("90/KH-UBND", Some("II.7.1"), None)
        );
        let r = parse_reference("57- NQ/TW ngày 22/12/2024");
        assert_eq!(r.number, "57- NQ/TW");
        let r = parse_reference("226/2025/QH15");
        assert_eq!((r.number.as_str(), r.date), ("226/2025/QH15", None));
    }

    #[test]
    fn finds_references_in_text() {
        let t = "Thực hiện Kế hoạch số 90/KH-UBND ngày 20/3/2026 và Nghị quyết số 57- NQ/TW, Nghị quyết 226/2025QH15; Quyết định số 1049/QĐ-UBND.";
        let refs = find_in_text(t);
        let nums: Vec<&str> = refs.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(
            nums,
            ["90/KH-UBND", "57- NQ/TW", "226/2025QH15", "1049/QĐ-UBND"]
        );
        assert_eq!(refs[0].date, NaiveDate::from_ymd_opt(2026, 3, 20));
        assert_eq!(&t[refs[0].start..refs[0].end], "Kế hoạch số 90/KH-UBND");
        assert_eq!(refs[0].doc_type, "Kế hoạch");
        assert!(find_in_text("Kế hoạch số /KH-SKH-CN ngày tháng 4").is_empty());
        assert_eq!(
            find_in_text("Kế hoạch hành động số 37-KH/TU")[0].doc_type,
            "Kế hoạch hành động"
        );
    }
}
