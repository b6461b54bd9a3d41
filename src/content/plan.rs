//! One plan file: YAML front matter between `---` lines, then a Markdown body.

use super::fields::{decode_utf8, parse_mapping, scalar, Fields};
use super::locate::Locator;
use super::{
    Citations, Located, PartialDate, PlacedRef, Plan, PlanStatus, Progress, Signer, Target, Task,
    TaskStatus,
};
use crate::diag::{Diagnostics, Pos};
use crate::number::find_in_text;
use crate::yaml::Value;
use std::sync::Arc;

/// Parses a plan file. Returns the plan when it is usable (even with warnings) and every
/// problem found, so one run reports them all.
pub fn parse_plan(rel: &str, bytes: &[u8]) -> (Option<Plan>, Diagnostics) {
    let mut d = Diagnostics::default();
    let plan = parse(rel, bytes, &mut d);
    if d.has_errors() {
        return (None, d);
    }
    (plan, d)
}

fn parse(rel: &str, bytes: &[u8], d: &mut Diagnostics) -> Option<Plan> {
    let text = decode_utf8(rel, bytes, d)?;
    if text.trim().is_empty() {
        d.error(rel, Pos::line(1), "tệp trống. Một kế hoạch gồm phần đầu YAML giữa hai dòng `---` (số hiệu, trích yếu, cơ quan ban hành, ngày, nhiệm vụ) rồi đến nội dung");
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
    let map = parse_mapping(rel, fm, 2, d)?;
    let loc = Locator::new(fm, 2);
    let f = Fields::new(rel, &map, &loc, "");

    let number = f.string("number", d).unwrap_or_default();
    let title = f.required("title", "trích yếu", d);
    let issuer = f.required(
        "issuer",
        "cơ quan ban hành: mã hoặc tên trong content/departments.yaml",
        d,
    );
    let date = f
        .required("date", "ngày ban hành YYYY-MM-DD", d)
        .and_then(|s| match PartialDate::parse(&s) {
            Ok(date) => Some(date),
            Err(msg) => {
                d.error(rel, f.pos("date"), msg);
                None
            }
        });
    let status = f.string("status", d).and_then(|s| {
        let st = match s.as_str() {
            "draft" => PlanStatus::Draft,
            "issued" => PlanStatus::Issued,
            "superseded" => PlanStatus::Superseded,
            _ => {
                d.error(rel, f.pos("status"), format!("trạng thái `{s}` không hợp lệ; dùng draft (dự thảo), issued (đã ban hành) hoặc superseded (đã được thay thế)"));
                return None;
            }
        };
        Some(st)
    });
    let signer = match f.get("signer") {
        None => None,
        Some(Value::Mapping(_)) => {
            let s = f.mapping("signer").expect("checked mapping");
            Some(Signer {
                name: s.string("name", d).unwrap_or_default(),
                position: s.string("position", d).unwrap_or_default(),
                authority: s.string("authority", d).unwrap_or_default(),
            })
        }
        Some(v) => scalar(v).map(|name| Signer {
            name,
            ..Signer::default()
        }),
    };
    let targets = f
        .mappings("targets", d)
        .into_iter()
        .filter_map(|t| {
            let text = t.required("text", "nội dung chỉ tiêu", d)?;
            Some(Target {
                id: t.string("id", d).unwrap_or_default(),
                text,
            })
        })
        .collect();
    let tasks = parse_tasks(&f, d);

    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .to_string();
    let source_hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    };
    let body_line = close + 2;
    let citations = find_citations(&body, body_line, &tasks);
    let (body_refs, title_refs) = placed_refs(&body, &tasks, &citations);
    Some(Plan {
        source_hash,
        citations,
        body_refs,
        title_refs,
        links: body_links(&body, body_line),
        path: rel.to_string(),
        stem,
        number_pos: f.pos("number"),
        number,
        doc_type: f
            .string("type", d)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Kế hoạch".into()),
        title: title?,
        issuer: Located {
            value: issuer?,
            pos: f.pos("issuer"),
        },
        date: date?,
        place: f.string("place", d).unwrap_or_default(),
        signer,
        status,
        implements: f.strings("implements", d),
        based_on: f.strings("based_on", d),
        replaces: f.strings("replaces", d),
        recipients: values(f.strings("recipients", d)),
        distribution: values(f.strings("distribution", d)),
        targets,
        tasks,
        body,
        body_line,
    })
}

fn parse_tasks(f: &Fields, d: &mut Diagnostics) -> Vec<Task> {
    let list = f.mappings("tasks", d);
    // Sized once: a plan's tasks are most of the memory of a large site, and an array grown
    // by doubling holds up to twice its tasks.
    let mut tasks: Vec<Task> = Vec::with_capacity(list.len());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut anchors: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut bodies = std::collections::HashSet::new();
    for t in list {
        let pos = t.loc.pos(&t.prefix);
        if let Some(Value::Number(n)) = t.get("id") {
            if n.is_f64() {
                d.warning(f.rel, t.pos("id"), format!("mã nhiệm vụ {n} được YAML đọc thành số thập phân (5.10 thành 5.1); hãy đặt mã trong dấu ngoặc kép, ví dụ id: \"{n}\""));
            }
        }
        let id = t.required("id", "mã nhiệm vụ, duy nhất trong kế hoạch", d);
        let title = t.required("title", "nội dung nhiệm vụ", d);
        let status = t.string("status", d).and_then(|s| match TaskStatus::parse(&s) {
            Some(st) => Some(st),
            None => {
                d.error(f.rel, t.pos("status"), format!("trạng thái nhiệm vụ `{s}` không hợp lệ; dùng not-started, in-progress, done hoặc cancelled"));
                None
            }
        });
        let progress = t
            .mappings("progress", d)
            .into_iter()
            .filter_map(|p| {
                let date = p.required("date", "ngày báo cáo YYYY-MM-DD", d)?;
                let date = match PartialDate::parse(&date).map(|x| x.full()) {
                    Ok(Some(x)) => x,
                    Ok(None) => {
                        d.error(
                            f.rel,
                            p.pos("date"),
                            format!("ngày báo cáo `{date}` phải đủ ngày, tháng, năm (YYYY-MM-DD)"),
                        );
                        return None;
                    }
                    Err(msg) => {
                        d.error(f.rel, p.pos("date"), msg);
                        return None;
                    }
                };
                Some(Progress {
                    date,
                    note: p.string("note", d).unwrap_or_default(),
                })
            })
            .collect::<Vec<_>>()
            // Exactly sized: collected in place, the list would keep the room of the fields.
            .into_boxed_slice();
        let deadline = t
            .string("deadline", d)
            .filter(|s| !s.is_empty())
            .map(|s| Located {
                value: crate::text::collapse_ws(&s),
                pos: t.pos("deadline"),
            });
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        if let Some(&first) = seen.get(&id) {
            d.error(f.rel, t.pos("id"), format!("mã nhiệm vụ `{id}` bị trùng với nhiệm vụ ở dòng {}; mỗi nhiệm vụ cần một mã riêng trong kế hoạch", tasks[first].pos.line));
            continue;
        }
        let slug = crate::text::slugify(&id);
        if let Some(other) = anchors.get(&slug) {
            d.error(f.rel, t.pos("id"), format!("mã nhiệm vụ `{id}` và `{other}` cho cùng một neo liên kết (`{slug}`) trên trang kế hoạch; đổi một trong hai mã"));
            continue;
        }
        anchors.insert(slug.clone(), id.clone());
        seen.insert(id.clone(), tasks.len());
        tasks.push(Task {
            id,
            slug,
            pos,
            group: values(t.strings("group", d)).into(),
            title,
            lead: names(t.strings("lead", d), &mut bodies).into(),
            support: names(t.strings("support", d), &mut bodies).into(),
            outputs: values(t.strings("outputs", d)).into(),
            deadline,
            implements: t.strings("implements", d).into(),
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
fn values(v: Vec<Located<String>>) -> Vec<String> {
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
