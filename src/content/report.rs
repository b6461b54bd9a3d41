//! One report file (báo cáo): YAML front matter, as a plan's, then the report's text in
//! Markdown. It says, task by task, what the issuing body has done.

use super::decode::decode_utf8;
use super::frontmatter::{meaning, trimmed, ReportFm, ReportTaskFm};
use super::plan::{
    front_matter, hash_of, located_all, located_or, read_signer, split_blank_number, stem_of,
    values,
};
use super::{Located, PartialDate, Report, ReportEntry, TaskStatus};
use crate::diag::{Diagnostics, Pos};
use crate::yaml::At;

/// Where report files are, from the site's root.
pub const REPORTS_DIR: &str = "content/bao-cao";

/// Parses a report file; like [`super::parse_plan`], returns what could be read with every
/// problem found.
pub fn parse_report(rel: &str, bytes: &[u8]) -> (Option<Report>, Diagnostics) {
    let mut d = Diagnostics::default();
    let report = parse(rel, bytes, &mut d);
    (report, d)
}

fn parse(rel: &str, bytes: &[u8], d: &mut Diagnostics) -> Option<Report> {
    let text = decode_utf8(rel, bytes, d)?;
    let empty = "tệp trống. Một báo cáo gồm phần đầu YAML giữa hai dòng `---` (số hiệu, trích yếu, cơ quan báo cáo, ngày, kỳ báo cáo, các nhiệm vụ) rồi đến nội dung báo cáo";
    let (src, node, body, close) = front_matter(rel, &text, empty, d)?;
    let fm: ReportFm = src.read(&node, "báo cáo", d)?;
    let top = Pos::line(2);
    let (number, _) = split_blank_number(trimmed(fm.number));
    let title = src.required(fm.title, "title", meaning("title"), top, d);
    let issuer = src.required(fm.issuer, "issuer", "cơ quan báo cáo", top, d);
    let date_at = src.required(fm.date, "date", meaning("date"), top, d);
    let date = date_at.as_ref().and_then(|at| {
        match PartialDate::parse(&at.value).map(|x| x.full()) {
            Ok(Some(day)) => Some(day),
            Ok(None) => {
                let message = format!(
                    "ngày báo cáo `{}` phải đủ ngày, tháng, năm (YYYY-MM-DD): báo cáo mới nhất cho biết tình trạng của nhiệm vụ",
                    at.value
                );
                src.error(d, at.pos, message);
                None
            }
            Err(message) => {
                src.error(d, at.pos, message);
                None
            }
        }
    });
    let period = trimmed(fm.period).map(|a| Located {
        value: crate::text::collapse_ws(&a.value),
        pos: a.pos,
    });
    if period.is_none() {
        d.warning(rel, top, "thiếu `period` (kỳ báo cáo, ví dụ \"Quý II/2026\", \"6 tháng đầu năm 2026\", \"Năm 2026\"); không có kỳ, báo cáo không được tính là đã báo cáo cho kỳ nào");
    }
    let entries: Vec<ReportEntry> = fm
        .tasks
        .into_iter()
        .filter_map(|At { value, pos }| entry(&src, value, pos, d))
        .collect();
    let reports_on = located_all(fm.reports_on);
    if reports_on.is_empty() && entries.is_empty() {
        d.warning(rel, top, "báo cáo không nêu kế hoạch nào (`reports_on`) hay nhiệm vụ nào (`tasks`); thêm `reports_on: [\"số hiệu kế hoạch\"]` và các nhiệm vụ đã thực hiện");
    }
    let stem = stem_of(rel);
    let located = |a| located_or(a, top);
    Some(Report {
        path: rel.to_string(),
        stem,
        number_pos: number.as_ref().map_or(top, |a| a.pos),
        number: number.map(|a| a.value).unwrap_or_default(),
        title: title.map(|a| a.value).unwrap_or_default(),
        issuer: located(issuer),
        date: date.unwrap_or_default(),
        date_pos: date_at.map_or(top, |a| a.pos),
        period,
        reports_on,
        entries,
        place: trimmed(fm.place).map(|a| a.value).unwrap_or_default(),
        signer: fm.signer.and_then(|raw| read_signer(&src, raw, d)),
        recipients: values(located_all(fm.recipients)),
        body_line: close + 2,
        body,
        source_hash: hash_of(bytes),
    })
}

fn entry(
    src: &super::frontmatter::Source,
    t: ReportTaskFm,
    pos: Pos,
    d: &mut Diagnostics,
) -> Option<ReportEntry> {
    let task = src.required(t.task, "task", meaning("task"), pos, d)?;
    let status = trimmed(t.status).and_then(|at| match TaskStatus::parse(&at.value) {
        Some(st) => Some(st),
        None => {
            let message = format!("trạng thái nhiệm vụ `{}` không hợp lệ; dùng not-started (chưa bắt đầu), in-progress (đang thực hiện), done (hoàn thành) hoặc cancelled (đã hủy)", at.value);
            src.error(d, at.pos, message);
            None
        }
    });
    let note = trimmed(t.note).map(|a| a.value).unwrap_or_default();
    if status.is_none() && note.is_empty() {
        let message = format!("báo cáo về nhiệm vụ `{}` chưa có trạng thái (`status`) hay nội dung (`note`); điền kết quả thực hiện, hoặc bỏ nhiệm vụ khỏi báo cáo", task.value);
        src.warning(d, task.pos, message);
    }
    Some(ReportEntry {
        task: Located {
            value: task.value,
            pos: task.pos,
        },
        status,
        note,
        outputs: values(located_all(t.outputs)),
    })
}
