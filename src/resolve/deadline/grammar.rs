//! The phrasings of deadlines in Vietnamese plans, read into a kind and a date range. The
//! forms and their ranges are the table in docs/content-model.md. Where a phrase is loose
//! ("đầu năm 2027", "Trước Quý III/2026"), the range ends at the latest day it can mean, so
//! that the site never calls a task overdue before the text allows.

use super::DeadlineKind::{self, *};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

pub type Range = (NaiveDate, NaiveDate);

/// What the text of a deadline says.
pub enum Reading {
    Known(DeadlineKind, Option<Range>),
    /// No form of the grammar.
    Unknown,
    /// A form of the grammar with a date that cannot be, and what is wrong, in Vietnamese.
    Impossible(String),
}

use Reading::*;

/// The pieces the patterns are made of, so that each pattern reads like the phrase.
fn pattern(p: &str) -> Regex {
    let roman = r"(?:iv|ix|v?i{1,3}|v|x|\d{1,2})";
    let p = p
        .replace("{YS}", r"(?:/|\s+năm\s+|\s+)(\d{4})")
        .replace("{Y}", r"(\d{4})")
        .replace("{QL}", &format!(r"({roman}(?:{{SEP}}(?:quý\s+)?{roman})*)"))
        .replace("{Q}", &format!("({roman})"))
        .replace("{ML}", r"(\d{1,2}(?:{SEP}(?:tháng\s+)?\d{1,2})*)")
        .replace("{M}", r"(\d{1,2})")
        .replace("{D}", r"(\d{1,2})")
        .replace("{SEP}", r"\s*(?:-|,|và|đến|tới)\s*")
        .replace("{PART}", r"(?:(?:đầu|giữa|cuối|hết)\s+)?");
    Regex::new(&p).expect("a deadline pattern")
}

macro_rules! re {
    ($s:expr) => {{
        static R: LazyLock<Regex> = LazyLock::new(|| pattern($s));
        &*R
    }};
}

/// The text as the patterns read it: lower case, one kind of dash, no spaces around `/` and
/// `-`, the older spellings made one ("quí", "hàng năm"), notes in parentheses and words
/// that say "by" ("trước", "chậm nhất", "hoàn thành trong") left out.
pub fn normalize(written: &str) -> String {
    let mut s = written
        .to_lowercase()
        .replace(['–', '—', '‐', '‑', '−'], "-")
        .replace("quí", "quý")
        .replace("qúy", "quý");
    for (old, new) in [
        ("hàng năm", "hằng năm"),
        ("hàng quý", "hằng quý"),
        ("hàng tháng", "hằng tháng"),
        ("hàng tuần", "hằng tuần"),
        ("hàng ngày", "hằng ngày"),
    ] {
        s = s.replace(old, new);
    }
    // Notes at the end: "Quý IV/2026 (báo cáo trước 15/12)."
    loop {
        let t = s
            .trim_end()
            .trim_end_matches(['.', ';', ',', ':', '*'])
            .trim_end();
        match (t.ends_with(')'), t.rfind('(')) {
            (true, Some(open)) if open > 0 => s = t[..open].to_string(),
            _ => {
                s = t.to_string();
                break;
            }
        }
    }
    let mut s = re!(r"\s*([/-])\s*")
        .replace_all(&s, "$1")
        .trim()
        .to_string();
    let prefix = re!(
        r"^(?:thời hạn|hạn|hoàn thành|dự kiến|trong thời gian|trong|trước|đến hết|đến|tới|hết|chậm nhất(?:\s+(?:là|đến|vào|trong))?|không quá|không muộn hơn|muộn nhất(?:\s+là)?|vào|xong)\s*:?\s+"
    );
    while let Some(m) = prefix.find(&s) {
        s = s[m.end()..].to_string();
    }
    s
}

pub fn read(s: &str) -> Reading {
    if s.is_empty() {
        return Known(Unscheduled, None);
    }
    if re!(r"^(?:thường xuyên|liên tục)(?:\s*(?:,|và)?\s*(?:thường xuyên|liên tục|hằng năm|hằng quý|hằng tháng))*$").is_match(s)
        || re!(r"^(?:từ\s+)?(?:năm\s+)?\d{4}\s+(?:trở đi|và (?:các|những) năm (?:tiếp theo|sau))$").is_match(s)
    {
        return Known(Ongoing, None);
    }
    if let Some(r) = yearly(s) {
        return r;
    }
    if re!(r"^(?:định kỳ\s*)?(?:(?:hằng\s+(?:ngày|tuần|tháng|quý)|\d{1,2}\s+tháng(?:\s+một lần|/lần)?)(?:\s*(?:,|và)\s*)?)+$").is_match(s)
        && (s.starts_with("định kỳ") || s.starts_with("hằng") || s.contains("lần"))
        || s == "định kỳ"
    {
        return Known(Ongoing, None);
    }
    if let Some(c) = re!(r"^{PART}quý\s+{Q}{YS}{SEP}{PART}quý\s+{Q}{YS}$").captures(s) {
        return span(
            quarter(&c[1]).map(|q| (year(&c[2]), q * 3 - 2)),
            quarter(&c[3]).map(|q| (year(&c[4]), q * 3)),
            "quý",
        );
    }
    if let Some(c) = re!(r"^{PART}quý\s+{QL}{YS}$").captures(s) {
        return list(&c[1], year(&c[2]), quarter, 3, "quý");
    }
    if let Some(c) =
        re!(r"^(?:từ\s+)?{PART}tháng\s+{M}{YS}{SEP}{PART}(?:tháng\s+)?{M}{YS}$").captures(s)
    {
        return span(
            month(&c[1]).map(|m| (year(&c[2]), m)),
            month(&c[3]).map(|m| (year(&c[4]), m)),
            "tháng",
        );
    }
    if let Some(c) = re!(r"^(?:từ\s+)?{PART}tháng\s+{ML}{YS}$")
        .captures(s)
        .or_else(|| re!(r"^{M}/{Y}$").captures(s))
    {
        return list(&c[1], year(&c[2]), month, 1, "tháng");
    }
    if let Some(c) =
        re!(r"^(\d{1,2}|ba|sáu|chín|nửa)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+|/){Y}$").captures(s)
    {
        let y = year(&c[3]);
        return match first_months(&c[1]) {
            Some(n) if &c[2] == "đầu" => months((y, 1), (y, n)),
            Some(n) => months((y, 13 - n), (y, 12)),
            None => Impossible(format!("một năm có 12 tháng, không có {} tháng", &c[1])),
        };
    }
    if let Some(c) = re!(r"^{PART}(?:năm\s+)?{Y}$").captures(s) {
        let y = year(&c[1]);
        return months((y, 1), (y, 12));
    }
    if let Some(c) =
        re!(r"^(?:giai đoạn\s+)?(?:từ\s+)?(?:các\s+)?(?:năm\s+)?(\d{4}(?:{SEP}(?:năm\s+)?\d{4})+)$")
            .captures(s)
    {
        let years: Vec<u32> = re!(r"\d{4}")
            .find_iter(&c[1])
            .filter_map(|m| m.as_str().parse().ok())
            .collect();
        let (first, last) = (years[0], years[years.len() - 1]);
        if years.windows(2).any(|w| w[0] > w[1]) {
            return Impossible(format!(
                "năm {} đứng sau năm {}: viết năm đầu trước, ví dụ `{} - {}`",
                first,
                last,
                last.min(first),
                last.max(first)
            ));
        }
        return match months((first as i32, 1), (last as i32, 12)) {
            Known(_, r) => Known(Period, r),
            other => other,
        };
    }
    if let Some(c) = re!(r"^(?:ngày\s+)?{D}[/.-]{M}(?:[/.-]|\s+năm\s+){Y}$")
        .captures(s)
        .or_else(|| re!(r"^(?:ngày\s+)?{D}\s+tháng\s+{M}\s+năm\s+{Y}$").captures(s))
    {
        return day(year(&c[3]), &c[2], &c[1]);
    }
    if let Some(c) = re!(r"^{Y}-{M}-{D}$").captures(s) {
        return day(year(&c[1]), &c[2], &c[3]);
    }
    if re!(r"^(?:từng giai đoạn|theo\s+(?:tiến độ|kế hoạch|chỉ đạo|yêu cầu|quy định|lộ trình|hướng dẫn|thông báo)|khi\s+(?:có|được)|sau khi|ngay sau khi|ngay khi|kịp thời|ngay)\b")
        .is_match(s)
    {
        return Known(Unscheduled, None);
    }
    Unknown
}

/// Every year: "Hằng năm", "Trước ngày 15/12 hằng năm", "Hằng năm, trước ngày 15/12",
/// "Quý IV hằng năm". No range: the site does not guess which year a task is at.
fn yearly(s: &str) -> Option<Reading> {
    if re!(r"^(?:định kỳ\s+)?(?:hằng|mỗi)\s+năm$").is_match(s) {
        return Some(Known(Yearly, None));
    }
    let head = re!(r"^(.+?)\s*(?:,|và)?\s+(?:của\s+)?(?:hằng|mỗi)\s+năm$")
        .captures(s)
        .or_else(|| re!(r"^(?:định kỳ\s+)?(?:hằng|mỗi)\s+năm\s*(?:,|:)?\s*(.+)$").captures(s))?;
    let when = normalize(&head[1]);
    let known = |ok: bool| Some(if ok { Known(Yearly, None) } else { Unknown });
    if let Some(c) = re!(r"^(?:ngày\s+)?{D}/{M}$")
        .captures(&when)
        .or_else(|| re!(r"^(?:ngày\s+)?{D}\s+tháng\s+{M}$").captures(&when))
    {
        // Any year: 29/2 is a day of leap years.
        return Some(match day(2000, &c[2], &c[1]) {
            Impossible(why) => Impossible(why.replace(" năm 2000", "")),
            _ => Known(Yearly, None),
        });
    }
    if let Some(c) = re!(r"^{PART}tháng\s+{M}$").captures(&when) {
        return Some(match month(&c[1]) {
            Ok(_) => Known(Yearly, None),
            Err(why) => Impossible(why),
        });
    }
    if let Some(c) = re!(r"^{PART}quý\s+{Q}$").captures(&when) {
        return Some(match quarter(&c[1]) {
            Ok(_) => Known(Yearly, None),
            Err(why) => Impossible(why),
        });
    }
    known(
        re!(r"^(?:(?:\d{1,2}|ba|sáu|chín|nửa)\s+tháng\s+(?:đầu|cuối)\s+năm|(?:đầu|giữa|cuối)\s+năm|định kỳ(?:\s+\d{1,2}\s+tháng)?|\d{1,2}\s+tháng(?:\s+một lần|/lần)?|hằng\s+(?:quý|tháng))$")
            .is_match(&when),
    )
}

fn year(s: &str) -> i32 {
    s.parse().unwrap_or(0)
}

fn month(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(m @ 1..=12) => Ok(m),
        _ => Err(format!("không có tháng {s} (tháng từ 1 đến 12)")),
    }
}

fn quarter(s: &str) -> Result<u32, String> {
    let q = match s {
        "i" | "1" | "01" => 1,
        "ii" | "2" | "02" => 2,
        "iii" | "3" | "03" => 3,
        "iv" | "4" | "04" => 4,
        _ => {
            return Err(format!(
                "không có quý {}: một năm có bốn quý (I, II, III, IV)",
                s.to_uppercase()
            ))
        }
    };
    Ok(q)
}

/// "6 tháng đầu năm": how many months.
fn first_months(s: &str) -> Option<u32> {
    match s {
        "ba" => Some(3),
        "sáu" | "nửa" => Some(6),
        "chín" => Some(9),
        _ => s.parse().ok().filter(|n| (1..=12).contains(n)),
    }
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// From the first day of month `from` to the last day of month `to`.
fn months(from: (i32, u32), to: (i32, u32)) -> Reading {
    match (
        NaiveDate::from_ymd_opt(from.0, from.1, 1),
        month_end(to.0, to.1),
    ) {
        (Some(a), Some(b)) if a <= b => Known(Due, Some((a, b))),
        (Some(a), Some(b)) => Impossible(format!(
            "tháng {}/{} đứng sau tháng {}/{}: viết mốc đầu trước",
            a.month(),
            a.year(),
            b.month(),
            b.year()
        )),
        _ => Unknown,
    }
}

/// A span "from … to …" of quarters or months, each end already read as (year, month).
fn span(from: Result<(i32, u32), String>, to: Result<(i32, u32), String>, unit: &str) -> Reading {
    match (from, to) {
        (Err(why), _) | (_, Err(why)) => Impossible(why),
        (Ok(a), Ok(b)) if a > b => Impossible(format!(
            "{unit} đầu đứng sau {unit} cuối: viết mốc đầu trước, ví dụ `Quý IV/2026 - Quý I/2027`"
        )),
        (Ok(a), Ok(b)) => months(a, b),
    }
}

/// A list or span of quarters or months of one year ("I - II", "3, 6 và 9"): from the first
/// to the last, each read by `unit_of` and `width` months long.
fn list(
    items: &str,
    y: i32,
    unit_of: fn(&str) -> Result<u32, String>,
    width: u32,
    unit: &str,
) -> Reading {
    let mut read = Vec::new();
    for item in re!(r"{SEP}").split(items) {
        let item = item.trim().trim_start_matches(unit).trim();
        match unit_of(item) {
            Ok(n) => read.push(n),
            Err(why) => return Impossible(why),
        }
    }
    if let Some(w) = read.windows(2).find(|w| w[0] > w[1]) {
        let name = |n: u32| match unit {
            "quý" => ["I", "II", "III", "IV"][n as usize - 1].to_string(),
            _ => n.to_string(),
        };
        let (a, b) = (name(w[0]), name(w[1]));
        return Impossible(format!(
            "{unit} {a} đứng trước {unit} {b}: viết theo thứ tự thời gian, ví dụ `{} {b} - {a}/{y}`",
            crate::text::capitalize_first(unit)
        ));
    }
    let (first, last) = (read[0], read[read.len() - 1]);
    months((y, first * width - (width - 1)), (y, last * width))
}

fn day(y: i32, m: &str, d: &str) -> Reading {
    let m = match month(m) {
        Ok(m) => m,
        Err(why) => return Impossible(why),
    };
    let d: u32 = d.parse().unwrap_or(0);
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => Known(Due, Some((x, x))),
        None => Impossible(format!("tháng {m} năm {y} không có ngày {d}")),
    }
}
