//! Deadlines as the documents write them ("Thường xuyên", "Quý II/2027", "Tháng 4-5/2026"),
//! read into a kind and a date range (`grammar`). The text is always kept and shown as
//! written.

mod grammar;

use chrono::{Datelike, NaiveDate};
use grammar::Reading;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    Ongoing,
    Yearly,
    Due,
    Period,
    Unscheduled,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Ongoing => "ongoing",
            DeadlineKind::Yearly => "yearly",
            DeadlineKind::Due => "due",
            DeadlineKind::Period => "period",
            DeadlineKind::Unscheduled => "unscheduled",
        }
    }
}

/// How far ahead a deadline counts as "sắp đến hạn".
pub const DUE_SOON_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub text: String,
    pub kind: DeadlineKind,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// False when the text matched no known form (shown as written; `check` warns).
    pub recognized: bool,
}

impl Deadline {
    fn new(text: &str, kind: DeadlineKind, range: Option<(NaiveDate, NaiveDate)>) -> Self {
        Deadline {
            text: text.to_string(),
            kind,
            from: range.map(|r| r.0),
            to: range.map(|r| r.1),
            recognized: true,
        }
    }

    /// Overdue: the range ended before `as_of` and the task is still open.
    pub fn is_past(&self, as_of: NaiveDate) -> bool {
        self.to.is_some_and(|to| to < as_of)
    }

    /// Due soon: the range ends on `as_of` or within [`DUE_SOON_DAYS`] after it.
    pub fn is_due_soon(&self, as_of: NaiveDate) -> bool {
        self.to
            .is_some_and(|to| to >= as_of && (to - as_of).num_days() <= DUE_SOON_DAYS)
    }
}

/// Reads a deadline as written. The text is kept as written, white space folded.
pub fn parse(text: &str) -> Deadline {
    let written = crate::text::collapse_ws(text);
    match read(&grammar::normalize(&written)) {
        Reading::Known(kind, range) => Deadline::new(&written, kind, range),
        Reading::Unknown | Reading::Impossible(_) => Deadline {
            text: written,
            kind: DeadlineKind::Unscheduled,
            from: None,
            to: None,
            recognized: false,
        },
    }
}

/// The grammar's reading of normalized text, a year outside the years of documents
/// ([`crate::content::YEARS`]) made impossible: "Năm 9999" is a slip, and would make a page.
fn read(s: &str) -> Reading {
    use chrono::Datelike;
    match grammar::read(s) {
        Reading::Known(_, Some((from, to)))
            if !crate::content::YEARS.contains(&from.year())
                || !crate::content::YEARS.contains(&to.year()) =>
        {
            let y = if crate::content::YEARS.contains(&from.year()) {
                to.year()
            } else {
                from.year()
            };
            Reading::Impossible(format!(
                "năm {y} nằm ngoài khoảng {}–{} của văn bản hành chính",
                crate::content::YEARS.start(),
                crate::content::YEARS.end()
            ))
        }
        r => r,
    }
}

/// Why a deadline was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A date that cannot be ("31/2/2026", "Quý V/2026", "Tháng 9-4/2026"): what is wrong.
    Impossible(String),
    /// No form of the grammar; the accepted forms closest to the text.
    Unknown(Vec<&'static str>),
}

/// What is wrong with a deadline `parse` did not understand; `None` when it did.
pub fn problem(text: &str) -> Option<Problem> {
    let s = grammar::normalize(&crate::text::collapse_ws(text));
    match read(&s) {
        Reading::Known(..) => None,
        Reading::Impossible(why) => Some(Problem::Impossible(why)),
        Reading::Unknown => Some(Problem::Unknown(closest(&s))),
    }
}

/// One phrase of each form the grammar reads, as staff would write it; shown when a deadline is
/// not understood (the closest three) and in docs/content-model.md.
pub const FORMS: &[&str] = &[
    "Thường xuyên",
    "Hằng năm",
    "Trước ngày 15/12 hằng năm",
    "Quý IV hằng năm",
    "Hằng quý",
    "Định kỳ 6 tháng",
    "Quý II/2027",
    "Quý II năm 2027",
    "Quý I - II/2027",
    "Quý IV/2026 - Quý I/2027",
    "Tháng 9/2026",
    "Tháng 9 năm 2026",
    "Tháng 4-5/2026",
    "Tháng 3, 6 và 9/2026",
    "Từ tháng 3 đến tháng 5 năm 2027",
    "Tháng 11/2026 - tháng 2/2027",
    "6 tháng đầu năm 2027",
    "6 tháng cuối năm 2027",
    "Năm 2026",
    "Cuối năm 2027",
    "2026 - 2030",
    "Giai đoạn 2026 - 2030",
    "Từ năm 2026 đến năm 2030",
    "Từ năm 2026 trở đi",
    "30/6/2026",
    "Trước ngày 30/6/2026",
    "Ngày 30 tháng 6 năm 2026",
    "Chậm nhất ngày 30/6/2026",
    "Hoàn thành trong tháng 3/2027",
    "Theo tiến độ thực hiện",
    "Sau khi có hướng dẫn",
];

/// The three forms whose shape is nearest `s` (normalized): numbers count as one sign.
fn closest(s: &str) -> Vec<&'static str> {
    static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("digits"));
    static SHAPES: LazyLock<Vec<String>> = LazyLock::new(|| {
        FORMS
            .iter()
            .map(|f| DIGITS.replace_all(&grammar::normalize(f), "9").into_owned())
            .collect()
    });
    let mine = DIGITS.replace_all(s, "9");
    let mut scored: Vec<(usize, &'static str)> = SHAPES
        .iter()
        .zip(FORMS)
        .map(|(shape, f)| (strsim::levenshtein(&mine, shape), *f))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, f)| f).collect()
}

/// Quarter (1–4) of a date.
pub fn quarter(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn overdue_edges() {
        let q1 = parse("Quý I/2026");
        assert!(
            !q1.is_past(d(2026, 3, 31)),
            "last day of the quarter is not yet overdue"
        );
        assert!(q1.is_past(d(2026, 4, 1)));
        assert!(!parse("Thường xuyên").is_past(d(2099, 1, 1)));
        assert!(parse("Quý I/2026").is_due_soon(d(2026, 3, 1)));
    }

    #[test]
    fn every_form_shown_to_staff_is_understood() {
        for f in FORMS {
            assert!(parse(f).recognized, "{f}");
            assert_eq!(problem(f), None, "{f}");
        }
    }
}
