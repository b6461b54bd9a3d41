//! One plan file: YAML front matter between `---` lines, then a Markdown body.

use super::decode::decode_utf8;
use super::frontmatter::{
    meaning, trimmed, trimmed_all, PlanFm, SignerFm, Source, TaskFm, Text, Texts,
};
use super::{
    Citations, Located, PartialDate, PlacedRef, Plan, PlanStatus, Progress, Signer, SourceDoc,
    Target, Task, TaskStatus,
};
use crate::diag::{Diagnostics, Pos};
use crate::number::find_in_text;
use crate::yaml::{At, Kind, Raw};
use std::sync::Arc;

/// What `kehoach new` writes in the title until the staff member writes the real one.
pub const PLACEHOLDER_TITLE: &str = "(chưa có trích yếu)";

/// Parses a plan file. Returns the plan whenever its front matter could be read, with every
/// problem found (errors included), so one run reports them all.
pub fn parse_plan(rel: &str, bytes: &[u8]) -> (Option<Plan>, Diagnostics) {
    let mut d = Diagnostics::default();
    let plan = parse(rel, bytes, &mut d);
    (plan, d)
}

fn parse(rel: &str, bytes: &[u8], d: &mut Diagnostics) -> Option<Plan> {
    let text = decode_utf8(rel, bytes, d)?;
    let empty = "tệp trống. Một kế hoạch gồm phần đầu YAML giữa hai dòng `---` (số hiệu, trích yếu, cơ quan ban hành, ngày, nhiệm vụ) rồi đến nội dung";
    let (src, node, body, close) = front_matter(rel, &text, empty, d)?;
    let fm: PlanFm = src.read(&node, "kế hoạch", d)?;
    let top = Pos::line(2);
    let (number, blank_number) = split_blank_number(trimmed(fm.number));
    let title = src.required(fm.title, "title", meaning("title"), top, d);
    if let Some(t) = title
        .as_ref()
        .filter(|t| t.value.contains(PLACEHOLDER_TITLE))
    {
        let message = format!("trích yếu còn là chữ mẫu `{PLACEHOLDER_TITLE}` của `kehoach new`; thay bằng trích yếu ghi trên văn bản");
        src.warning(d, t.pos, message);
    }
    let issuer = src.required(fm.issuer, "issuer", meaning("issuer"), top, d);
    let date = src
        .required(fm.date, "date", meaning("date"), top, d)
        .and_then(|at| {
            PartialDate::parse(&at.value)
                .map_err(|msg| src.error(d, at.pos, msg))
                .ok()
        });
    let mut status = trimmed(fm.status).and_then(|at| {
        let st = match at.value.as_str() {
            "draft" => PlanStatus::Draft,
            "issued" => PlanStatus::Issued,
            "superseded" => PlanStatus::Superseded,
            _ => {
                let message = format!("trạng thái `{}` không hợp lệ; dùng draft (dự thảo), issued (đã ban hành) hoặc superseded (đã được thay thế)", at.value);
                src.error(d, at.pos, message);
                return None;
            }
        };
        Some(st)
    });
    if let Some(At { value: draft, pos }) = fm.draft {
        match status {
            Some(PlanStatus::Draft) | None if draft => status = Some(PlanStatus::Draft),
            Some(st) if draft => {
                let message = format!("`draft: true` mâu thuẫn với `status: {}`; một kế hoạch dự thảo ghi `draft: true` và bỏ `status`", st.as_str());
                src.error(d, pos, message);
            }
            Some(PlanStatus::Draft) => {
                src.error(
                    d,
                    pos,
                    "`draft: false` mâu thuẫn với `status: draft`; bỏ một trong hai".into(),
                );
            }
            _ => {}
        }
    }
    let source_line = fm.source.as_ref().map_or(top, |a| a.pos);
    let source = trimmed(fm.source).and_then(|a| {
        if a.value.starts_with("https://") || a.value.starts_with("http://") {
            return Some(SourceDoc::Url(a.value));
        }
        // The file itself is read with the plan (see `files::read_plan`), which knows the
        // site's folder; a name that cannot be published as it is, is refused here.
        let path = a.value.trim_start_matches("./").replace('\\', "/");
        let ok = !path.is_empty()
            && !path.starts_with('/')
            && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
            && path.rsplit('/').next().is_some_and(|n| {
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if !ok {
            let message = format!("`source: {}` phải là địa chỉ http(s)://… hoặc đường dẫn tới một tệp trong thư mục content/ (ví dụ `tep-goc/90-kh-ubnd.pdf`), tên tệp chỉ gồm chữ không dấu, số, `-`, `_`, `.`", a.value);
            src.error(d, a.pos, message);
            return None;
        }
        Some(SourceDoc::File {
            path,
            bytes: Arc::from(&[][..]),
        })
    });
    let signer = fm.signer.and_then(|raw| read_signer(&src, raw, d));
    let targets = fm
        .targets
        .into_iter()
        .filter_map(|At { value: t, pos }| {
            let text_ = src.required(t.text, "text", meaning("text"), pos, d)?;
            Some(Target {
                id: trimmed(t.id).map(|a| a.value).unwrap_or_default(),
                text: text_.value,
            })
        })
        .collect();
    let tasks = match fm.tasks {
        Some(At { value, pos }) => {
            if value.is_empty() {
                // What `kehoach new` writes; a plan without a table of tasks leaves the key out.
                src.warning(d, pos, "kế hoạch chưa có nhiệm vụ nào (`tasks: []`); thêm các nhiệm vụ theo mẫu trong ghi chú, hoặc xóa dòng `tasks: []` nếu văn bản không có bảng nhiệm vụ".into());
            }
            parse_tasks(&src, value, d)
        }
        None => Vec::new(),
    };

    let stem = stem_of(rel);
    let source_hash = hash_of(bytes);
    let body_line = close + 2;
    if let Some(line) = crate::markdown::too_deep_html(&body) {
        d.error(rel, Pos::line(body_line + line - 1), format!("HTML trong nội dung lồng nhau quá {} tầng từ dòng này; văn bản kế hoạch không cần như vậy — bỏ bớt các thẻ lồng nhau (thường do chép nguyên mã HTML của trang web)", crate::markdown::MAX_HTML_DEPTH));
    }
    let citations = find_citations(&body, body_line, &tasks);
    let (body_refs, title_refs) = placed_refs(&body, &tasks, &citations);
    // A plan with mistakes is still read to the end and returned, so that the checks of the
    // later stages (names, deadlines, references) report on it too; the errors stop the build.
    let located = |a| located_or(a, top);
    Some(Plan {
        source_hash,
        citations,
        body_refs,
        title_refs,
        links: body_links(&body, body_line),
        path: rel.to_string(),
        stem,
        number_pos: number.as_ref().map_or(top, |a| a.pos),
        number: number.map(|a| a.value).unwrap_or_default(),
        blank_number,
        doc_type: trimmed(fm.doc_type)
            .map(|a| a.value)
            .unwrap_or_else(|| "Kế hoạch".into()),
        title: title.map(|a| a.value).unwrap_or_default(),
        issuer: located(issuer),
        date: date.unwrap_or(PartialDate {
            year: 1,
            month: None,
            day: None,
        }),
        place: trimmed(fm.place).map(|a| a.value).unwrap_or_default(),
        signer,
        status,
        source_line,
        source,
        missing: values(located_all(fm.missing)),
        implements: located_all(fm.implements),
        based_on: located_all(fm.based_on),
        replaces: located_all(fm.replaces),
        recipients: values(located_all(fm.recipients)),
        distribution: values(located_all(fm.distribution)),
        targets,
        reporting: located_all(fm.reporting),
        tasks,
        body,
        body_line,
    })
}

/// The front matter of a content file (between `---` lines) parsed, with the body after it and
/// the index of the closing line; `empty` is what to say of an empty file. A file with no front
/// matter, or one that is not `key: value` pairs, is an error.
pub(super) fn front_matter<'t>(
    rel: &'t str,
    text: &'t str,
    empty: &str,
    d: &mut Diagnostics,
) -> Option<(Source<'t>, crate::yaml::Node, String, usize)> {
    if text.trim().is_empty() {
        d.error(rel, Pos::line(1), empty);
        return None;
    }
    // The front matter and the body are slices of the text, found line by line.
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        d.error(
            rel,
            Pos::line(1),
            "thiếu phần đầu YAML: dòng đầu tiên của tệp phải là `---`",
        );
        return None;
    }
    let fm_start = first.len() + 1;
    let mut at = fm_start;
    let mut closing = None;
    for (i, l) in lines.enumerate() {
        if matches!(l.trim_end(), "---" | "...") {
            closing = Some((i + 1, at, at + l.len()));
            break;
        }
        at += l.len() + 1;
    }
    let Some((close, close_start, close_end)) = closing else {
        d.error(
            rel,
            Pos::line(1),
            "phần đầu YAML mở bằng `---` nhưng không có dòng `---` đóng lại",
        );
        return None;
    };
    // `close` is the index of the closing line; the front matter ends before its line break.
    let fm = text.get(fm_start..close_start - 1).unwrap_or_default();
    let body = text.get(close_end + 1..).unwrap_or_default().to_string();
    let src = Source {
        rel,
        text: fm,
        first_line: 2,
    };
    let node = src.parse(d)?;
    if !matches!(node.kind, Kind::Map(_) | Kind::Null) {
        src.error_width(
            d,
            node.pos,
            1,
            "phần YAML phải là các cặp `khóa: giá trị`".into(),
        );
        return None;
    }
    Some((src, node, body, close))
}

/// `signer:` of a plan or a report: a name, or `{name, position, authority}`.
pub(super) fn read_signer(src: &Source, Raw(node): Raw, d: &mut Diagnostics) -> Option<Signer> {
    match node.kind {
        Kind::Map(_) => {
            let s: SignerFm = src.read(&node, "người ký", d)?;
            let part = |v: Text| trimmed(v).map(|a| a.value).unwrap_or_default();
            if trimmed(s.name.clone()).is_none() {
                let at = s.name.as_ref().map_or(node.pos, |a| a.pos);
                src.warning(d, at, "chưa điền tên người ký (`name`); điền họ tên, chức vụ (`position`) và thẩm quyền ký (`authority`, ví dụ \"KT. GIÁM ĐỐC\") như trên văn bản".into());
            }
            Some(Signer {
                name: part(s.name),
                position: part(s.position),
                authority: part(s.authority),
            })
        }
        Kind::Scalar(name) => Some(Signer {
            name: name.trim().to_string(),
            ..Signer::default()
        }),
        Kind::Null => None,
        Kind::Seq(_) => {
            src.error_width(d, node.pos, 1, "`signer` phải là tên người ký, hoặc `{ name: …, position: …, authority: … }`, không phải một danh sách".into());
            None
        }
    }
}

/// A file's name without `.md`: the slug of an unnumbered plan or report.
pub(super) fn stem_of(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.trim_end_matches(".md").to_string()
}

/// A required value with its place, or an empty one at `top` when missing (an error of the
/// file already): the file is read to the end, so that one run names every mistake.
pub(super) fn located_or(a: Option<At<String>>, top: Pos) -> Located<String> {
    match a {
        Some(a) => Located {
            value: a.value,
            pos: a.pos,
        },
        None => Located {
            value: String::new(),
            pos: top,
        },
    }
}

/// The hash of a file's bytes: a rebuild compares it to tell what changed.
pub(super) fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A number whose serial the source leaves blank ("/KH-SKHCN", "…/KH-SKHCN", "Số: /KH- SKHCN")
/// is no number: the plan is unnumbered, and the symbol is kept to show what the source says.
pub(super) fn split_blank_number(number: Text) -> (Text, String) {
    let Some(at) = number else {
        return (None, String::new());
    };
    let v = at.value.trim_start_matches("Số:").trim_start_matches("số:");
    let v = v.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '…' | '.' | '_'));
    match v.strip_prefix('/') {
        Some(symbol) => {
            let symbol: String = symbol.chars().filter(|c| !c.is_whitespace()).collect();
            (None, symbol)
        }
        None => (Some(at), String::new()),
    }
}

/// The texts of a list, trimmed, empty ones left out, each with its place.
pub(super) fn located_all(v: Texts) -> Vec<Located<String>> {
    let mut out = Vec::with_capacity(v.len());
    out.extend(trimmed_all(v).into_iter().map(|a| Located {
        value: a.value,
        pos: a.pos,
    }));
    out
}

fn parse_tasks(src: &Source, list: Vec<At<TaskFm>>, d: &mut Diagnostics) -> Vec<Task> {
    // Sized once: a plan's tasks are most of the memory of a large site, and an array grown
    // by doubling holds up to twice its tasks.
    let mut tasks: Vec<Task> = Vec::with_capacity(list.len());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut anchors: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut bodies = std::collections::HashSet::new();
    for At { value: t, pos } in list {
        let id = src.required(t.id, "id", meaning("id"), pos, d);
        let title = src.required(t.title, "title", meaning("title"), pos, d);
        let status = trimmed(t.status).and_then(|at| match TaskStatus::parse(&at.value) {
            Some(st) => Some(st),
            None => {
                let message = format!("trạng thái nhiệm vụ `{}` không hợp lệ; dùng not-started, in-progress, done hoặc cancelled", at.value);
                src.error(d, at.pos, message);
                None
            }
        });
        let progress = t
            .progress
            .into_iter()
            .filter_map(|At { value: p, pos }| {
                let at = src.required(p.date, "date", meaning("date"), pos, d)?;
                let date = match PartialDate::parse(&at.value).map(|x| x.full()) {
                    Ok(Some(x)) => x,
                    Ok(None) => {
                        let message = format!(
                            "ngày báo cáo `{}` phải đủ ngày, tháng, năm (YYYY-MM-DD)",
                            at.value
                        );
                        src.error(d, at.pos, message);
                        return None;
                    }
                    Err(msg) => {
                        src.error(d, at.pos, msg);
                        return None;
                    }
                };
                Some(Progress {
                    date,
                    note: trimmed(p.note).map(|a| a.value).unwrap_or_default(),
                })
            })
            .collect::<Vec<_>>()
            // Exactly sized: collected in place, the list would keep the room of the fields.
            .into_boxed_slice();
        let deadline = trimmed(t.deadline).map(|a| Located {
            value: crate::text::collapse_ws(&a.value),
            pos: a.pos,
        });
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        if crate::markdown::too_deep_html(&title.value).is_some() {
            let message = format!(
                "HTML trong nội dung nhiệm vụ lồng nhau quá {} tầng; bỏ bớt các thẻ lồng nhau",
                crate::markdown::MAX_HTML_DEPTH
            );
            src.error(d, title.pos, message);
        }
        let (id_pos, id) = (id.pos, id.value);
        if let Some(&first) = seen.get(&id) {
            let message = format!("mã nhiệm vụ `{id}` bị trùng với nhiệm vụ ở dòng {}; mỗi nhiệm vụ cần một mã riêng trong kế hoạch", tasks[first].pos.line);
            src.error(d, id_pos, message);
            continue;
        }
        let slug = crate::text::slugify(&id);
        if let Some(other) = anchors.get(&slug) {
            let message = format!("mã nhiệm vụ `{id}` và `{other}` cho cùng một neo liên kết (`{slug}`) trên trang kế hoạch; đổi một trong hai mã");
            src.error(d, id_pos, message);
            continue;
        }
        anchors.insert(slug.clone(), id.clone());
        seen.insert(id.clone(), tasks.len());
        tasks.push(Task {
            id,
            slug,
            pos,
            group: values(located_all(t.group)).into(),
            title: title.value,
            lead: names(located_all(t.lead), &mut bodies).into(),
            support: names(located_all(t.support), &mut bodies).into(),
            outputs: values(located_all(t.outputs)).into(),
            deadline,
            implements: located_all(t.implements).into(),
            status,
            progress,
        });
    }
    tasks
}

/// Body names as written, white space folded, each distinct name of the plan kept once: a plan
/// names the same few bodies in most of its tasks, and the resolver keeps the first copy it
/// meets as the name written.
fn names(
    v: Vec<Located<String>>,
    seen: &mut std::collections::HashSet<Arc<str>>,
) -> Vec<Located<Arc<str>>> {
    let mut out = Vec::with_capacity(v.len());
    for l in v {
        let folded = crate::text::collapse_ws_cow(&l.value);
        let value = match seen.get(&*folded) {
            Some(name) => name.clone(),
            None => {
                let name: Arc<str> = Arc::from(&*folded);
                seen.insert(name.clone());
                name
            }
        };
        out.push(Located { value, pos: l.pos });
    }
    out
}

/// The values of `v`, without their positions, in a vector of their own size (collecting in
/// place would keep the larger vector of positioned values).
pub(super) fn values(v: Vec<Located<String>>) -> Vec<String> {
    let mut out = Vec::with_capacity(v.len());
    out.extend(v.into_iter().map(|l| l.value));
    out
}

/// The documents the body and the task titles cite in running text, each with its line.
fn find_citations(body: &str, body_line: usize, tasks: &[Task]) -> Citations {
    let mut refs = Vec::new();
    let (mut line, mut upto) = (body_line, 0);
    for r in find_in_text(body) {
        line += body[upto..r.start].matches('\n').count();
        upto = r.start;
        refs.push((r, Pos::line(line)));
    }
    let mut titles = Vec::with_capacity(tasks.len() + 1);
    for t in tasks {
        titles.push(refs.len() as u32);
        refs.extend(find_in_text(&t.title).into_iter().map(|r| (r, t.pos)));
    }
    titles.push(refs.len() as u32);
    // Kept with the plan for the whole build: without the room a growing vector leaves.
    refs.shrink_to_fit();
    Citations { refs, titles }
}

/// Where the page of a plan will link document numbers: in each part of the body, and in
/// each task title (whose references, when it is one line of text, are its citations).
fn placed_refs(body: &str, tasks: &[Task], cited: &Citations) -> (Vec<PlacedRef>, Vec<PlacedRef>) {
    let mut in_body = Vec::new();
    for (i, (part, _)) in crate::markdown::body_parts(body).into_iter().enumerate() {
        for (ev, r) in crate::markdown::linkable_refs(part) {
            in_body.push(PlacedRef::new(i, ev, &r));
        }
    }
    let mut in_titles = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        if crate::markdown::title_is_one_text(&t.title) {
            in_titles.extend(
                cited
                    .in_title(i)
                    .iter()
                    .map(|(r, _)| PlacedRef::new(i, 0, r)),
            );
        } else {
            for (ev, r) in crate::markdown::linkable_refs(&t.title) {
                in_titles.push(PlacedRef::new(i, ev, &r));
            }
        }
    }
    (in_body, in_titles)
}

/// The destinations of the Markdown links in `body`, each with its line.
fn body_links(body: &str, body_line: usize) -> Vec<(String, usize)> {
    use pulldown_cmark::{Event, Parser, Tag};
    let (mut line, mut upto) = (body_line, 0);
    let mut out = Vec::new();
    for (ev, range) in Parser::new(body).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = ev {
            line += body[upto..range.start].matches('\n').count();
            upto = range.start;
            out.push((dest_url.to_string(), line));
        }
    }
    out
}
