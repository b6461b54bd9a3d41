//! Deadlines as Vietnamese plans write them: each phrasing with the kind and the range the
//! site gives it. The table in docs/content-model.md states the same forms.

use chrono::NaiveDate;
use kehoach::resolve::deadline::{parse, problem, DeadlineKind, Problem};
use DeadlineKind::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (written, kind, first day, last day); "" for no range.
const TABLE: &[(&str, DeadlineKind, &str, &str)] = &[
    // Ongoing and recurring: never overdue.
    ("Thường xuyên", Ongoing, "", ""),
    ("thường xuyên, liên tục", Ongoing, "", ""),
    ("Liên tục", Ongoing, "", ""),
    ("Thường xuyên hằng năm", Ongoing, "", ""),
    ("Hằng quý", Ongoing, "", ""),
    ("Định kỳ hằng tháng", Ongoing, "", ""),
    ("Định kỳ 6 tháng", Ongoing, "", ""),
    ("6 tháng/lần", Ongoing, "", ""),
    ("Từ năm 2026 trở đi", Ongoing, "", ""),
    ("Năm 2026 và các năm tiếp theo", Ongoing, "", ""),
    // Every year.
    ("Hàng năm", Yearly, "", ""),
    ("Hằng năm", Yearly, "", ""),
    ("Định kỳ hàng năm", Yearly, "", ""),
    ("Mỗi năm", Yearly, "", ""),
    ("Trước ngày 15/12 hằng năm", Yearly, "", ""),
    ("Hằng năm, trước ngày 15/12", Yearly, "", ""),
    ("Ngày 20 tháng 11 hằng năm", Yearly, "", ""),
    ("Quý IV hằng năm", Yearly, "", ""),
    ("Tháng 12 hàng năm", Yearly, "", ""),
    ("6 tháng đầu năm và hằng năm", Yearly, "", ""),
    ("Định kỳ 6 tháng và hằng năm", Yearly, "", ""),
    ("29/02 hằng năm", Yearly, "", ""),
    // Quarters.
    ("Quý I/2026", Due, "2026-01-01", "2026-03-31"),
    ("Quý II năm 2027", Due, "2027-04-01", "2027-06-30"),
    ("Trong Quý II/2027", Due, "2027-04-01", "2027-06-30"),
    ("QUÝ IV/2026", Due, "2026-10-01", "2026-12-31"),
    ("Quí III/2026", Due, "2026-07-01", "2026-09-30"),
    ("Quý 3/2026", Due, "2026-07-01", "2026-09-30"),
    ("Quý 02/2026", Due, "2026-04-01", "2026-06-30"),
    ("Quý I - II/2027", Due, "2027-01-01", "2027-06-30"),
    ("Quý I, II/2027", Due, "2027-01-01", "2027-06-30"),
    ("Quý II và III năm 2027", Due, "2027-04-01", "2027-09-30"),
    ("Quý II đến quý IV/2027", Due, "2027-04-01", "2027-12-31"),
    ("Quý IV/2026 - Quý I/2027", Due, "2026-10-01", "2027-03-31"),
    (
        "Quý IV năm 2026 đến Quý I năm 2027",
        Due,
        "2026-10-01",
        "2027-03-31",
    ),
    ("Cuối quý II/2027", Due, "2027-04-01", "2027-06-30"),
    (
        "Chậm nhất trong Quý III/2026",
        Due,
        "2026-07-01",
        "2026-09-30",
    ),
    (
        "Quý IV/2026 (báo cáo trước ngày 15/12)",
        Due,
        "2026-10-01",
        "2026-12-31",
    ),
    // Months.
    ("Tháng 4/2026", Due, "2026-04-01", "2026-04-30"),
    ("Tháng 9 năm 2026", Due, "2026-09-01", "2026-09-30"),
    ("Tháng 09/2026", Due, "2026-09-01", "2026-09-30"),
    ("tháng 2/2028", Due, "2028-02-01", "2028-02-29"),
    (
        "Hoàn thành trong tháng 3/2027",
        Due,
        "2027-03-01",
        "2027-03-31",
    ),
    ("Trong tháng 12/2026.", Due, "2026-12-01", "2026-12-31"),
    ("Cuối tháng 6/2026", Due, "2026-06-01", "2026-06-30"),
    ("Tháng 4-5/2026", Due, "2026-04-01", "2026-05-31"),
    ("Tháng 4 – 5/2026", Due, "2026-04-01", "2026-05-31"),
    ("Tháng 10-11/2026", Due, "2026-10-01", "2026-11-30"),
    ("Tháng 3, 6 và 9/2026", Due, "2026-03-01", "2026-09-30"),
    (
        "Từ tháng 3 đến tháng 5 năm 2027",
        Due,
        "2027-03-01",
        "2027-05-31",
    ),
    ("Tháng 6/2026-9/2026", Due, "2026-06-01", "2026-09-30"),
    (
        "Tháng 11/2026 - tháng 2/2027",
        Due,
        "2026-11-01",
        "2027-02-28",
    ),
    (
        "Từ tháng 11/2026 đến tháng 02/2027",
        Due,
        "2026-11-01",
        "2027-02-28",
    ),
    ("06/2026", Due, "2026-06-01", "2026-06-30"),
    // Parts of a year.
    ("6 tháng đầu năm 2027", Due, "2027-01-01", "2027-06-30"),
    ("6 tháng cuối năm 2027", Due, "2027-07-01", "2027-12-31"),
    ("Sáu tháng đầu năm 2027", Due, "2027-01-01", "2027-06-30"),
    ("9 tháng đầu năm 2026", Due, "2026-01-01", "2026-09-30"),
    // Years and periods.
    ("Năm 2026", Due, "2026-01-01", "2026-12-31"),
    ("Trong năm 2027", Due, "2027-01-01", "2027-12-31"),
    ("2026", Due, "2026-01-01", "2026-12-31"),
    ("Cuối năm 2027", Due, "2027-01-01", "2027-12-31"),
    ("Đầu năm 2027", Due, "2027-01-01", "2027-12-31"),
    ("Đến năm 2030", Due, "2030-01-01", "2030-12-31"),
    ("Trước năm 2030", Due, "2030-01-01", "2030-12-31"),
    ("Giai đoạn 2026 - 2030", Period, "2026-01-01", "2030-12-31"),
    ("Giai đoạn 2026 – 2030", Period, "2026-01-01", "2030-12-31"),
    ("2026 - 2028", Period, "2026-01-01", "2028-12-31"),
    ("Năm 2026-2027", Period, "2026-01-01", "2027-12-31"),
    (
        "Từ năm 2026 đến năm 2030",
        Period,
        "2026-01-01",
        "2030-12-31",
    ),
    (
        "Giai đoạn từ năm 2026 đến năm 2030",
        Period,
        "2026-01-01",
        "2030-12-31",
    ),
    ("Năm 2026, 2027", Period, "2026-01-01", "2027-12-31"),
    // Days.
    ("30/6/2026", Due, "2026-06-30", "2026-06-30"),
    ("Trước 30/06/2026", Due, "2026-06-30", "2026-06-30"),
    ("Trước ngày 15/12/2026", Due, "2026-12-15", "2026-12-15"),
    ("Chậm nhất ngày 30/6/2026", Due, "2026-06-30", "2026-06-30"),
    (
        "Chậm nhất là ngày 30/6/2026",
        Due,
        "2026-06-30",
        "2026-06-30",
    ),
    ("Không quá ngày 31/3/2027", Due, "2027-03-31", "2027-03-31"),
    ("ngày 30 tháng 6 năm 2026", Due, "2026-06-30", "2026-06-30"),
    ("30.6.2026", Due, "2026-06-30", "2026-06-30"),
    ("2026-06-30", Due, "2026-06-30", "2026-06-30"),
    ("15/12 năm 2026", Due, "2026-12-15", "2026-12-15"),
    ("Trước ngày 29/02/2028", Due, "2028-02-29", "2028-02-29"),
    // Bound to an event or to another schedule: no date to hold the task to.
    ("Trong từng giai đoạn", Unscheduled, "", ""),
    ("Theo tiến độ thực hiện", Unscheduled, "", ""),
    (
        "theo kế hoạch về tổ chức hội nghị đối thoại doanh nghiệp",
        Unscheduled,
        "",
        "",
    ),
    ("Sau khi có hướng dẫn của Bộ Tài chính", Unscheduled, "", ""),
    ("Ngay sau khi Kế hoạch được ban hành", Unscheduled, "", ""),
    ("Khi có yêu cầu", Unscheduled, "", ""),
    ("Theo chỉ đạo của UBND thành phố", Unscheduled, "", ""),
    ("", Unscheduled, "", ""),
];

#[test]
fn every_phrasing_of_the_table_has_its_kind_and_range() {
    assert!(TABLE.len() >= 60, "{} phrasings", TABLE.len());
    let mut wrong = Vec::new();
    for &(text, kind, from, to) in TABLE {
        let p = parse(text);
        let want = (
            kind,
            (!from.is_empty()).then(|| d(from)),
            (!to.is_empty()).then(|| d(to)),
            true,
        );
        if (p.kind, p.from, p.to, p.recognized) != want {
            wrong.push(format!(
                "{text:?}: got {:?} {:?}..{:?} recognized={}, want {kind:?} {from}..{to}",
                p.kind, p.from, p.to, p.recognized
            ));
        }
        assert_eq!(problem(text), None, "{text}");
        assert_eq!(
            p.text,
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// A date that cannot be is named exactly.
#[test]
fn an_impossible_date_says_what_is_wrong() {
    for (text, says) in [
        ("31/2/2026", "tháng 2 năm 2026 không có ngày 31"),
        ("Trước ngày 29/2/2027", "tháng 2 năm 2027 không có ngày 29"),
        (
            "ngày 31 tháng 4 năm 2026",
            "tháng 4 năm 2026 không có ngày 31",
        ),
        ("31/2 hằng năm", "tháng 2 không có ngày 31"),
        ("Tháng 13/2026", "không có tháng 13 (tháng từ 1 đến 12)"),
        ("Tháng 0/2026", "không có tháng 0"),
        ("Quý V/2026", "không có quý V: một năm có bốn quý"),
        ("Quý 5 năm 2026", "không có quý 5"),
        ("Tháng 9-4/2026", "tháng 9 đứng trước tháng 4"),
        ("Quý III - I/2027", "quý III đứng trước quý I"),
        ("2030 - 2026", "năm 2030 đứng sau năm 2026"),
        ("Tháng 3/2027 - tháng 11/2026", "đứng sau"),
        ("13 tháng đầu năm 2026", "một năm có 12 tháng"),
    ] {
        let p = parse(text);
        assert!(!p.recognized && p.kind == Unscheduled, "{text}");
        match problem(text) {
            Some(Problem::Impossible(why)) => assert!(why.contains(says), "{text}: {why}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

/// A phrase still not understood is named with the closest forms that are.
#[test]
fn an_unknown_phrase_lists_the_closest_forms() {
    for (text, near) in [
        ("Quý hai/2027", "Quý II/2027"),
        ("Tháng chín/2026", "Tháng 9/2026"),
        ("Sớm nhất có thể", ""),
    ] {
        assert!(!parse(text).recognized, "{text}");
        match problem(text) {
            Some(Problem::Unknown(forms)) => {
                assert_eq!(forms.len(), 3, "{text}: {forms:?}");
                assert!(
                    near.is_empty() || forms.contains(&near),
                    "{text}: {forms:?}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}
