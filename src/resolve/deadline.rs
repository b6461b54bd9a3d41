//! Deadlines as the documents write them ("Thường xuyên", "Quý II/2027", "Tháng 4-5/2026"),
//! parsed into a kind and a date range. The text is always kept and shown as written.

use chrono::{Datelike, NaiveDate};
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

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

fn months(y1: i32, m1: u32, y2: i32, m2: u32) -> Option<(NaiveDate, NaiveDate)> {
    let from = ymd(y1, m1, 1)?;
    let to = month_end(y2, m2)?;
    (from <= to).then_some((from, to))
}

fn roman(q: &str) -> Option<u32> {
    Some(match q {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    })
}

macro_rules! re {
    ($s:expr) => {{
        static R: LazyLock<Regex> = LazyLock::new(|| Regex::new($s).unwrap());
        &*R
    }};
}

pub fn parse(text: &str) -> Deadline {
    let written = crate::text::collapse_ws(text);
    // Lower case, one kind of dash, no spaces around slashes and dashes, no trailing period.
    let mut s = written.to_lowercase().replace(['–', '—'], "-");
    s = re!(r"\s*([/-])\s*").replace_all(&s, "$1").to_string();
    let s = s.trim_end_matches('.').trim();
    let s = re!(r"^(?:hạn\s+)?(?:trong\s+|trước\s+|đến\s+|chậm nhất\s+)?")
        .replace(s, "")
        .to_string();
    let n = |x: &str| x.parse::<u32>().unwrap_or(0);
    let y = |x: &str| x.parse::<i32>().unwrap_or(0);
    use DeadlineKind::*;

    if s.is_empty() {
        return Deadline::new(&written, Unscheduled, None);
    }
    if s == "thường xuyên" || s == "thường xuyên, liên tục" {
        return Deadline::new(&written, Ongoing, None);
    }
    if re!(r"^(?:định kỳ\s+)?(?:hàng|hằng)\s+năm$").is_match(&s) {
        return Deadline::new(&written, Yearly, None);
    }
    if let Some(c) = re!(r"^quý\s+(i|ii|iii|iv|1|2|3|4)(?:/|\s+năm\s+)(\d{4})$").captures(&s) {
        if let Some(q) = roman(&c[1]) {
            return Deadline::new(&written, Due, months(y(&c[2]), q * 3 - 2, y(&c[2]), q * 3));
        }
    }
    if let Some(c) = re!(r"^tháng\s+(\d{1,2})/(\d{4})$").captures(&s) {
        if let Some(r) = months(y(&c[2]), n(&c[1]), y(&c[2]), n(&c[1])) {
            return Deadline::new(&written, Due, Some(r));
        }
    }
    if let Some(c) = re!(r"^tháng\s+(\d{1,2})-(\d{1,2})/(\d{4})$").captures(&s) {
        if let Some(r) = months(y(&c[3]), n(&c[1]), y(&c[3]), n(&c[2])) {
            return Deadline::new(&written, Due, Some(r));
        }
    }
    if let Some(c) = re!(r"^tháng\s+(\d{1,2})/(\d{4})-(?:tháng\s+)?(\d{1,2})/(\d{4})$").captures(&s)
    {
        if let Some(r) = months(y(&c[2]), n(&c[1]), y(&c[4]), n(&c[3])) {
            return Deadline::new(&written, Due, Some(r));
        }
    }
    if let Some(c) = re!(r"^năm\s+(\d{4})$").captures(&s) {
        return Deadline::new(&written, Due, months(y(&c[1]), 1, y(&c[1]), 12));
    }
    if let Some(c) = re!(r"^giai đoạn\s+(?:từ\s+)?(\d{4})(?:-|\s+đến\s+)(\d{4})$").captures(&s)
    {
        if let Some(r) = months(y(&c[1]), 1, y(&c[2]), 12) {
            return Deadline::new(&written, Period, Some(r));
        }
    }
    if let Some(c) = re!(r"^(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})$").captures(&s) {
        if let Some(d) = ymd(y(&c[3]), n(&c[2]), n(&c[1])) {
            return Deadline::new(&written, Due, Some((d, d)));
        }
    }
    if let Some(c) = re!(r"^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$").captures(&s)
    {
        if let Some(d) = ymd(y(&c[3]), n(&c[2]), n(&c[1])) {
            return Deadline::new(&written, Due, Some((d, d)));
        }
    }
    if re!(r"^(?:từng giai đoạn|theo tiến độ|theo kế hoạch|theo chỉ đạo|theo yêu cầu|khi có)")
        .is_match(&s)
    {
        return Deadline::new(&written, Unscheduled, None);
    }
    Deadline {
        text: written,
        kind: Unscheduled,
        from: None,
        to: None,
        recognized: false,
    }
}

/// Quarter (1–4) of a date.
pub fn quarter(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    fn check(text: &str, kind: DeadlineKind, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        let p = parse(text);
        assert_eq!(
            (p.kind, p.from, p.to, p.recognized),
            (kind, from, to, true),
            "{text}"
        );
        assert_eq!(p.text, text.trim(), "text kept as written");
    }

    #[test]
    fn every_form_of_the_contract() {
        check("Thường xuyên", Ongoing, None, None);
        check("Hàng năm", Yearly, None, None);
        check("Hằng năm", Yearly, None, None);
        check("Định kỳ hàng năm", Yearly, None, None);
        check("Quý I/2026", Due, d(2026, 1, 1), d(2026, 3, 31));
        check("Quý II năm 2027", Due, d(2027, 4, 1), d(2027, 6, 30));
        check("Trong Quý II/2027", Due, d(2027, 4, 1), d(2027, 6, 30));
        check("Quý IV/2026", Due, d(2026, 10, 1), d(2026, 12, 31));
        check("Tháng 4/2026", Due, d(2026, 4, 1), d(2026, 4, 30));
        check("Tháng 4-5/2026", Due, d(2026, 4, 1), d(2026, 5, 31));
        check("Tháng 6/2026-9/2026", Due, d(2026, 6, 1), d(2026, 9, 30));
        check("Tháng 10-11/2026", Due, d(2026, 10, 1), d(2026, 11, 30));
        check("Tháng 2/2028", Due, d(2028, 2, 1), d(2028, 2, 29));
        check("Năm 2026", Due, d(2026, 1, 1), d(2026, 12, 31));
        check("Trong năm 2027", Due, d(2027, 1, 1), d(2027, 12, 31));
        check(
            "Giai đoạn 2026 - 2030",
            Period,
            d(2026, 1, 1),
            d(2030, 12, 31),
        );
        check(
            "Giai đoạn 2026 – 2030",
            Period,
            d(2026, 1, 1),
            d(2030, 12, 31),
        );
        check("30/6/2026", Due, d(2026, 6, 30), d(2026, 6, 30));
        check("Trước 30/06/2026", Due, d(2026, 6, 30), d(2026, 6, 30));
        check(
            "ngày 30 tháng 6 năm 2026",
            Due,
            d(2026, 6, 30),
            d(2026, 6, 30),
        );
        check("Trong từng giai đoạn", Unscheduled, None, None);
        check("Theo tiến độ thực hiện", Unscheduled, None, None);
        check(
            "theo kế hoạch về tổ chức hội nghị đối thoại doanh nghiệp",
            Unscheduled,
            None,
            None,
        );
    }

    #[test]
    fn unknown_and_impossible_forms_are_unrecognized() {
        for t in [
            "Sớm",
            "Quý V/2026",
            "Tháng 13/2026",
            "31/2/2026",
            "Tháng 9-4/2026",
            "2026",
        ] {
            let p = parse(t);
            assert_eq!((p.kind, p.recognized), (Unscheduled, false), "{t}");
            assert_eq!(p.text, t);
        }
    }

    #[test]
    fn overdue_edges() {
        let q1 = parse("Quý I/2026");
        assert!(
            !q1.is_past(d(2026, 3, 31).unwrap()),
            "last day of the quarter is not yet overdue"
        );
        assert!(q1.is_past(d(2026, 4, 1).unwrap()));
        assert!(!parse("Thường xuyên").is_past(d(2099, 1, 1).unwrap()));
    }
}
