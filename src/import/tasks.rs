//! Tasks as the documents write them: appendix tables (real tables, or tab-separated columns in
//! extracted text), prose
//! sub-items ("1.1. Đơn vị chủ trì: …"), and assignments per unit ("2. Văn phòng Sở" then
//! "- …" bullets).

use super::cells::{clean, split_items, title};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTask {
    pub id: String,
    pub group: Vec<String>,
    pub title: String,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub outputs: Vec<String>,
    pub deadline: String,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Col {
    Id,
    Title,
    Lead,
    Support,
    Outputs,
    Deadline,
    Other,
}

fn role(header: &str) -> Col {
    let h = crate::text::search_fold(header);
    if h == "tt" || h == "stt" {
        Col::Id
    } else if h.contains("chu tri") {
        Col::Lead
    } else if h.contains("phoi hop") {
        Col::Support
    } else if h.contains("san pham") {
        Col::Outputs
    } else if h.contains("thoi gian") || h.contains("thoi han") {
        Col::Deadline
    } else if h.contains("nhiem vu") || h.contains("noi dung") || h.contains("cong viec") {
        Col::Title
    } else {
        Col::Other
    }
}

fn is_header(cells: &[&str]) -> bool {
    cells.first().is_some_and(|c| role(c) == Col::Id)
        && cells.iter().filter(|c| role(c) != Col::Other).count() >= 3
}

/// Raw cells of one row, by role.
#[derive(Default, Clone)]
struct Row {
    id: String,
    title: String,
    lead: String,
    support: String,
    outputs: String,
    deadline: String,
    group: Vec<String>,
    /// the part ("II") and the numbered heading ("5", its title) the row came under
    part: Option<String>,
    heading: Option<(String, String)>,
}

fn push(field: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !field.is_empty() {
        field.push('\n');
    }
    field.push_str(text.trim());
}

/// Tasks from tables whose header names the columns; returns them and the lines they used.
pub fn from_tables(lines: &[super::Line], notes: &mut Vec<String>) -> (Vec<Row2>, Vec<usize>) {
    static ROMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([IVX]+)\.\s").unwrap());
    static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)*)\.?$").unwrap());
    let mut rows: Vec<Row> = Vec::new();
    let mut used = Vec::new();
    let mut cols: Vec<Col> = Vec::new();
    let (mut part, mut part_title, mut sub): (
        Option<String>,
        Option<String>,
        Option<(String, String)>,
    ) = (None, None, None);
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<String> = match line {
            super::Line::Row(cells) => cells.iter().map(|c| c.join("\n")).collect(),
            super::Line::Text(line) if line.contains('\t') => {
                line.split('\t').map(str::to_string).collect()
            }
            super::Line::Text(line) => {
                // tables end at the first line of prose after them (blank lines are page breaks)
                if !line.trim().is_empty()
                    && !cols.is_empty()
                    && !rows.is_empty()
                    && !line.trim().starts_with("TT")
                {
                    cols.clear();
                }
                continue;
            }
        };
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        if is_header(&cells) {
            cols = cells.iter().map(|c| role(c)).collect();
            used.push(i);
            continue;
        }
        if cols.is_empty() {
            continue;
        }
        used.push(i);
        let get = |c: Col| -> String {
            cols.iter()
                .position(|&x| x == c)
                .and_then(|k| cells.get(k))
                .map(|s| clean(s))
                .unwrap_or_default()
        };
        let first = clean(cells[0]);
        if first.is_empty() {
            // a row split across a page break continues the previous row
            if let Some(prev) = rows.last_mut() {
                push(&mut prev.title, &get(Col::Title));
                push(&mut prev.lead, &get(Col::Lead));
                push(&mut prev.support, &get(Col::Support));
                push(&mut prev.outputs, &get(Col::Outputs));
                push(&mut prev.deadline, &get(Col::Deadline));
            }
            continue;
        }
        let alone = cells.iter().skip(1).all(|c| clean(c).is_empty());
        if let Some(p) = ROMAN
            .captures(&first)
            .map(|c| c[1].to_string())
            .or_else(|| ocr_roman(&first).filter(|_| alone))
        {
            let title = format!("{p}.{}", first.split_once('.').map_or("", |x| x.1));
            part = Some(p);
            part_title = Some(title);
            sub = None;
            continue;
        }
        let Some(mut n) = NUM.captures(&first).map(|c| c[1].to_string()) else {
            continue;
        };
        // a scan can misread a digit ("5.5" as "9.5"); the numbers under a heading count on
        if let (Some((sn, _)), Some((head, k))) = (&sub, n.split_once('.')) {
            let under = |id: &str| -> Option<u32> {
                let id = match &part {
                    Some(p) => id.strip_prefix(&format!("{p}."))?,
                    None => id,
                };
                id.strip_prefix(&format!("{sn}."))?.parse().ok()
            };
            let last = rows.last().and_then(|r| under(&r.id));
            let follows = k
                .parse::<u32>()
                .is_ok_and(|k| last.map_or(k == 1, |j| k == j + 1));
            if head != sn && follows {
                notes.push(format!(
                    "số thứ tự «{n}» nằm giữa các nhiệm vụ {sn}.x; đã hiểu là {sn}.{k} (bản quét có thể đọc nhầm chữ số), hãy kiểm tra"
                ));
                n = format!("{sn}.{k}");
            }
        }
        let t = get(Col::Title);
        if get(Col::Lead).is_empty() && get(Col::Deadline).is_empty() && !n.contains('.') {
            // "9  Tăng cường …" or "1  Đối với đất đai …": a heading over n.1, n.2 …
            sub = Some((
                n.clone(),
                format!("{n}. {}", crate::text::collapse_ws(&t.replace('\n', " "))),
            ));
            continue;
        }
        let mut group: Vec<String> = part_title.iter().cloned().collect();
        if let Some((sn, st)) = &sub {
            if n.starts_with(&format!("{sn}.")) {
                group.push(st.clone());
            }
        }
        let id = match &part {
            Some(p) => format!("{p}.{n}"),
            None => n,
        };
        rows.push(Row {
            id,
            title: t,
            lead: get(Col::Lead),
            support: get(Col::Support),
            outputs: get(Col::Outputs),
            deadline: get(Col::Deadline),
            group,
            part: part.clone(),
            heading: sub.clone(),
        });
    }
    between_neighbours(&mut rows, notes);
    (rows.into_iter().map(finish).collect(), used)
}

/// A number a scan misread in every digit ("5.5" as "9.9") between 5.4 and 5.6: the one between.
fn between_neighbours(rows: &mut [Row], notes: &mut Vec<String>) {
    let index = |r: &Row, sn: &str| -> Option<u32> {
        let id = match &r.part {
            Some(p) => r.id.strip_prefix(&format!("{p}."))?,
            None => &r.id,
        };
        id.strip_prefix(&format!("{sn}."))?.parse().ok()
    };
    for i in 1..rows.len().saturating_sub(1) {
        let Some((sn, title)) = rows[i].heading.clone() else {
            continue;
        };
        let (prev, this, next) = (
            index(&rows[i - 1], &sn),
            index(&rows[i], &sn),
            index(&rows[i + 1], &sn),
        );
        if let (Some(j), None, Some(l)) = (prev, this, next) {
            if l == j + 2 {
                let id = format!("{sn}.{}", j + 1);
                let r = &rows[i];
                let read = r
                    .part
                    .as_ref()
                    .and_then(|p| r.id.strip_prefix(&format!("{p}.")));
                notes.push(format!(
                    "số thứ tự «{}» nằm giữa {sn}.{j} và {sn}.{l}; đã hiểu là {id} (bản quét có thể đọc nhầm chữ số), hãy kiểm tra",
                    read.unwrap_or(&r.id)
                ));
                let r = &mut rows[i];
                r.id = match &r.part {
                    Some(p) => format!("{p}.{id}"),
                    None => id,
                };
                if !r.group.contains(&title) {
                    r.group.push(title);
                }
            }
        }
    }
}

/// A part's Roman number as a scan may read it: "I" taken for "[", "]", "|", "l" or "!".
fn ocr_roman(first: &str) -> Option<String> {
    let (head, rest) = first.split_once('.')?;
    if head.is_empty() || head.chars().count() > 4 || rest.trim().is_empty() {
        return None;
    }
    let p: String = head
        .chars()
        .map(|c| if "[]|l!".contains(c) { 'I' } else { c })
        .collect();
    (p != head && p.chars().all(|c| "IVX".contains(c))).then_some(p)
}

/// A row with its cells still as written; bodies are split later, when the registry is known.
pub struct Row2 {
    pub task: RawTask,
    pub lead_raw: String,
    pub support_raw: String,
}

fn finish(r: Row) -> Row2 {
    Row2 {
        task: RawTask {
            id: r.id,
            group: r.group,
            title: title(&r.title),
            lead: Vec::new(),
            support: Vec::new(),
            outputs: split_items(&r.outputs),
            deadline: crate::text::capitalize_first(
                crate::text::collapse_ws(&r.deadline.replace('\n', " ")).trim_end_matches('.'),
            ),
        },
        lead_raw: r.lead,
        support_raw: r.support,
    }
}

/// Prose tasks: "N. <task>" followed by "N.1. Đơn vị chủ trì: …", "N.2. Đơn vị phối hợp: …",
/// "N.3. Thời gian thực hiện: …". `paras` are paragraphs with page breaks already joined.
pub fn from_prose(paras: &[String]) -> (Vec<Row2>, Vec<usize>) {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d+)\.\s+(\S.*)$").unwrap());
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d+)\.(\d+)\.?\s*(Đơn vị chủ trì|Đơn vị thực hiện|Cơ quan chủ trì|Đơn vị phối hợp|Cơ quan phối hợp|Thời gian thực hiện|Thời gian hoàn thành|Thời hạn|Sản phẩm)\s*:\s*(.*)$").unwrap()
    });
    let mut out: Vec<Row2> = Vec::new();
    let mut used = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if let Some(c) = ITEM.captures(p) {
            let Some(task) = out.last_mut().filter(|t| t.task.id == c[1]) else {
                continue;
            };
            used.push(i);
            let value = c[4].trim().trim_end_matches('.').to_string();
            match &c[3] {
                "Đơn vị chủ trì" | "Đơn vị thực hiện" | "Cơ quan chủ trì" => {
                    task.lead_raw = value
                }
                "Đơn vị phối hợp" | "Cơ quan phối hợp" => task.support_raw = value,
                "Sản phẩm" => task.task.outputs = split_items(&value),
                _ => task.task.deadline = crate::text::capitalize_first(&value),
            }
        } else if let Some(c) = HEAD.captures(p) {
            // a head counts only when sub-items follow it
            if paras
                .get(i + 1)
                .is_some_and(|n| ITEM.captures(n).is_some_and(|x| x[1] == c[1]))
            {
                used.push(i);
                out.push(Row2 {
                    task: RawTask {
                        id: c[1].to_string(),
                        title: c[2].trim().trim_end_matches(':').trim().to_string(),
                        ..RawTask::default()
                    },
                    lead_raw: String::new(),
                    support_raw: String::new(),
                });
            }
        }
    }
    (out, used)
}

/// Assignments per unit: a heading "N. <unit>" that names a known body, then bullet or plain
/// paragraphs, each a task led by that unit. A bullet ending in ":" over "+ " items gives one
/// task per item, with the bodies it names after "phối hợp với" as support.
pub fn from_units(paras: &[String], is_unit: &dyn Fn(&str) -> bool) -> (Vec<Row2>, Vec<usize>) {
    static HEAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d+)\.\s+(.{3,90}?)\.?$").unwrap());
    static WITH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"phối hợp với\s+(.+?):?$").unwrap());
    static DOC_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(Nghị quyết|Kế hoạch|Quyết định|Chương trình|Chỉ thị|Kết luận)\b").unwrap()
    });
    let mut out: Vec<Row2> = Vec::new();
    let mut used = Vec::new();
    let mut unit: Option<(String, String, String)> = None; // (section id, group, lead)
    let mut seen_sections: Vec<String> = Vec::new();
    let mut k = 0;
    let mut parent: Option<(String, String, Vec<String>, usize)> = None; // (id, text, support, j)
    for (i, p) in paras.iter().enumerate() {
        if let Some(c) = HEAD.captures(p) {
            let name = c[2].trim();
            if is_unit(name) {
                let mut sid = c[1].to_string();
                if seen_sections.contains(&sid) {
                    sid.push('b'); // the source numbers two sections alike
                }
                seen_sections.push(c[1].to_string());
                unit = Some((sid, format!("{}. {name}", &c[1]), name.to_string()));
                k = 0;
                parent = None;
                used.push(i);
                continue;
            }
        }
        let Some((sid, group, lead)) = &unit else {
            continue;
        };
        if p.starts_with('#')
            || p.starts_with("(")
            || p.chars().next().is_some_and(|ch| ch.is_ascii_digit()) && HEAD.is_match(p)
        {
            // a heading of another kind ends the unit sections
            unit = None;
            continue;
        }
        used.push(i);
        if let Some(item) = p.strip_prefix("+ ") {
            if let Some((pid, ptext, support, j)) = &mut parent {
                *j += 1;
                out.push(Row2 {
                    task: RawTask {
                        id: format!("{pid}.{j}"),
                        group: vec![group.clone(), ptext.clone()],
                        title: item.trim().to_string(),
                        ..RawTask::default()
                    },
                    lead_raw: lead.clone(),
                    support_raw: support.join("; "),
                });
                continue;
            }
        }
        let text = p.strip_prefix("- ").unwrap_or(p).trim().to_string();
        if !p.starts_with("- ") && DOC_START.is_match(&text) {
            // a fragment listing documents belongs to the task before it
            if let Some(last) = out.last_mut() {
                last.task.title.push_str("\n\n");
                last.task.title.push_str(&text);
                continue;
            }
        }
        k += 1;
        let id = format!("{sid}.{k}");
        if text.ends_with(':') && paras.get(i + 1).is_some_and(|n| n.starts_with("+ ")) {
            let support = WITH
                .captures(&text)
                .map(|c| vec![c[1].to_string()])
                .unwrap_or_default();
            parent = Some((id, text, support, 0));
            continue;
        }
        parent = None;
        out.push(Row2 {
            task: RawTask {
                id,
                group: vec![group.clone()],
                title: text,
                ..RawTask::default()
            },
            lead_raw: lead.clone(),
            support_raw: String::new(),
        });
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Line;

    fn table(rows: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut lines = vec![Line::Text(
            "TT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành".into(),
        )];
        lines.extend(rows.iter().map(|r| Line::Text(r.to_string())));
        let mut notes = Vec::new();
        let (rows, _) = from_tables(&lines, &mut notes);
        (rows.into_iter().map(|r| r.task.id).collect(), notes)
    }

    #[test]
    fn a_misread_number_is_read_by_its_place_and_said() {
        let (ids, notes) = table(&[
            "[. Nhiệm vụ chung\t\t\t",
            "5\tĐối với doanh nghiệp\t\t",
            "5.1\tA\tSở Tài chính\tQuý I/2026",
            "9.2\tB\tSở Tài chính\tQuý I/2026",
            "5.3\tC\tSở Tài chính\tQuý I/2026",
            "9.9\tD\tSở Tài chính\tQuý I/2026",
            "5.5\tE\tSở Tài chính\tQuý I/2026",
            "6.1\tF\tSở Tài chính\tQuý I/2026",
        ]);
        assert_eq!(ids, ["I.5.1", "I.5.2", "I.5.3", "I.5.4", "I.5.5", "I.6.1"]);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains("«9.2»") && notes[1].contains("«9.9»"),
            "{notes:?}"
        );
    }

    #[test]
    fn numbers_as_written_are_kept() {
        // no heading over them, or a number that does not follow: nothing is guessed
        let (ids, notes) = table(&[
            "1\tA\tSở Tài chính\tQuý I/2026",
            "3\tB\tSở Tài chính\tQuý I/2026",
            "9\tNhóm\t\t",
            "9.1\tC\tSở Tài chính\tQuý I/2026",
            "4.7\tD\tSở Tài chính\tQuý I/2026",
        ]);
        assert_eq!(ids, ["1", "3", "9.1", "4.7"]);
        assert!(notes.is_empty(), "{notes:?}");
    }
}
