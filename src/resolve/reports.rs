//! Reports (báo cáo): who reports, on which plans and tasks, for which period; and each task's
//! state and progress log made from every report that speaks of it. The newest report wins;
//! a status written in the plan file counts as a report of the plan's date.

use super::bodies::{BodyIndex, Found};
use super::refs::RefCtx;
use super::{deadline, Body, BodyId, Deadline, Plan, PlanId, TaskKey};
use crate::content::{self, TaskStatus, DEPARTMENTS};
use crate::diag::{Diagnostics, Pos};
use crate::number;
use chrono::NaiveDate;
use std::sync::Arc;

pub type ReportId = usize;

/// One entry of a task's progress log: a progress note of the plan file, or what a report
/// says of the task.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub date: NaiveDate,
    pub note: String,
    pub status: Option<TaskStatus>,
    /// What the report says was produced.
    pub outputs: Box<[String]>,
    /// The report that says it; none for the plan file itself.
    pub report: Option<ReportId>,
}

impl From<content::Progress> for Progress {
    fn from(p: content::Progress) -> Self {
        Progress {
            date: p.date,
            note: p.note,
            status: None,
            outputs: Box::default(),
            report: None,
        }
    }
}

/// What a report says of one task, resolved.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The task as written ("90/KH-UBND#II.7.1").
    pub written: String,
    pub task: Option<TaskKey>,
    pub status: Option<TaskStatus>,
    pub note: String,
    pub outputs: Vec<String>,
    /// Where it is written in the report file.
    pub pos: Pos,
}

/// A report as the site shows it.
#[derive(Debug, Clone)]
pub struct Report {
    pub path: String,
    pub stem: String,
    pub number: String,
    pub title: String,
    pub issuer: BodyId,
    pub date: NaiveDate,
    /// The period reported on, when written and understood as a range.
    pub period: Option<Arc<Deadline>>,
    /// The plans it reports on: those of `reports_on` and those of its tasks, in plan order.
    pub plans: Vec<PlanId>,
    pub entries: Vec<Entry>,
    pub place: String,
    pub signer: Option<content::Signer>,
    pub recipients: Vec<String>,
    pub body: String,
    pub source_hash: u64,
}

impl Report {
    /// The first and last day of the period it reports on.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let p = self.period.as_ref()?;
        Some((p.from?, p.to?))
    }
}

/// The plan a report names by number: of the plans with that number, the newest dated on or
/// before the report (a number is reused from year to year).
fn plan_by_number(ctx: &mut RefCtx, plans: &[Plan], num: &str, on: NaiveDate) -> Option<PlanId> {
    let key = ctx.key(num);
    let found = ctx.docs_ix.plans.get(&key)?;
    found
        .iter()
        .copied()
        .filter(|&p| plans[p].date.first_day() <= on)
        .max_by_key(|&p| plans[p].date.first_day())
        .or_else(|| found.first().copied())
}

/// Each plan's task ids → task index, made when a report first names a task of the plan.
type TaskIds = rustc_hash::FxHashMap<PlanId, rustc_hash::FxHashMap<String, usize>>;

/// Resolves the reports against the resolved `plans` and puts what they say in each task's
/// state and progress log.
pub(super) fn resolve(
    reports: Vec<Arc<content::Report>>,
    plans: &mut [Plan],
    bodies: &[Body],
    index: &BodyIndex,
    ctx: &mut RefCtx,
    d: &mut Diagnostics,
) -> Vec<Report> {
    let mut out: Vec<Report> = Vec::with_capacity(reports.len());
    let mut ids = TaskIds::default();
    // Report numbers of each year, as plans' are: each used once.
    let mut numbers: rustc_hash::FxHashMap<(i32, String), (String, u32)> =
        rustc_hash::FxHashMap::default();
    let mut order: Vec<Arc<content::Report>> = reports;
    // Oldest first, so that a report's place among reports is its place in time.
    order.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    for r in order {
        let r = Arc::unwrap_or_clone(r);
        if !r.number.is_empty() {
            use chrono::Datelike;
            let key = (r.date.year(), ctx.key(&r.number));
            match numbers.get(&key) {
                Some((path, line)) => d.error(&r.path, r.number_pos, format!("số hiệu `{}` năm {} đã dùng cho báo cáo {path}:{line}; mỗi số hiệu chỉ dùng một lần trong một năm", r.number, key.0)),
                None => {
                    numbers.insert(key, (r.path.clone(), r.number_pos.line));
                }
            }
        }
        let issuer = match index.by_id(&r.issuer.value) {
            Some(b) => b,
            None => match index.find(&r.issuer.value, None, bodies) {
                Some(Found::Registered(b) | Found::Ambiguous(b, _)) => b,
                _ => {
                    if !r.issuer.value.is_empty() {
                        let close = index.suggest(&r.issuer.value, bodies);
                        let hint = match close.first() {
                            Some(&b) => {
                                format!(" Có phải là `{}` ({})?", bodies[b].name, bodies[b].id)
                            }
                            None => String::new(),
                        };
                        d.error(&r.path, r.issuer.pos, format!("cơ quan báo cáo `{}` không có trong {DEPARTMENTS}; dùng mã (id) hoặc tên của một cơ quan trong danh mục.{hint}", r.issuer.value));
                    }
                    continue;
                }
            },
        };
        let period = r.period.as_ref().map(|p| {
            let dl = deadline::parse(&p.value);
            if dl.from.is_none() || dl.to.is_none() {
                d.warning(&r.path, p.pos, format!("không hiểu kỳ báo cáo `{}`; viết như \"Quý II/2026\", \"6 tháng đầu năm 2026\", \"Năm 2026\", \"Tháng 6/2026\" để báo cáo được tính cho kỳ đó", p.value));
            }
            Arc::new(dl)
        });
        let mut on: Vec<PlanId> = Vec::new();
        for p in &r.reports_on {
            let parsed = number::parse_reference(&p.value);
            match plan_by_number(ctx, plans, &parsed.number, r.date) {
                Some(pid) => on.push(pid),
                None => d.warning(&r.path, p.pos, not_a_plan(ctx, &parsed.number)),
            }
        }
        let mut entries = Vec::with_capacity(r.entries.len());
        for e in r.entries {
            let task = task_of(
                ctx,
                &mut ids,
                plans,
                &e.task.value,
                r.date,
                &r.path,
                e.task.pos,
                d,
            );
            if let Some(k) = task {
                on.push(k.plan());
                check_reporter(&r.path, e.task.pos, &plans[k.plan()], k, issuer, bodies, d);
            }
            entries.push(Entry {
                written: e.task.value,
                task,
                status: e.status,
                note: e.note,
                outputs: e.outputs,
                pos: e.task.pos,
            });
        }
        on.sort_unstable();
        on.dedup();
        out.push(Report {
            path: r.path,
            stem: r.stem,
            number: r.number,
            title: r.title,
            issuer,
            date: r.date,
            period,
            plans: on,
            entries,
            place: r.place,
            signer: r.signer,
            recipients: r.recipients,
            body: r.body,
            source_hash: r.source_hash,
        });
    }
    apply(&out, plans, d);
    out
}

fn not_a_plan(ctx: &RefCtx, num: &str) -> String {
    let near = ctx.known_shapes.get(&number::shape_key(num));
    match near {
        Some(n) if n != num => format!("không có kế hoạch số `{num}` trên trang; có phải `{n}`? Báo cáo chỉ được tính cho kế hoạch của trang"),
        _ => format!("không có kế hoạch số `{num}` trên trang; báo cáo chỉ được tính cho kế hoạch của trang — sửa số hiệu, hoặc thêm kế hoạch vào content/plans/"),
    }
}

/// The task a report entry names ("90/KH-UBND#II.7.1"), or a warning naming what is missing.
#[allow(clippy::too_many_arguments)]
fn task_of(
    ctx: &mut RefCtx,
    ids: &mut TaskIds,
    plans: &[Plan],
    written: &str,
    on: NaiveDate,
    path: &str,
    pos: Pos,
    d: &mut Diagnostics,
) -> Option<TaskKey> {
    let parsed = number::parse_reference(written);
    let Some(tid) = parsed.task.as_deref() else {
        d.warning(path, pos, format!("`{written}` không chỉ rõ nhiệm vụ; viết số hiệu kế hoạch, dấu `#` và mã nhiệm vụ, ví dụ `90/KH-UBND#II.7.1`"));
        return None;
    };
    let Some(pid) = plan_by_number(ctx, plans, &parsed.number, on) else {
        d.warning(path, pos, not_a_plan(ctx, &parsed.number));
        return None;
    };
    let in_plan = ids.entry(pid).or_insert_with(|| {
        (plans[pid].tasks.iter().enumerate())
            .map(|(i, t)| (t.id.clone(), i))
            .collect()
    });
    match in_plan.get(tid).copied() {
        Some(i) => Some(TaskKey::new(pid, i)),
        None => {
            d.warning(path, pos, format!("kế hoạch {} ({}) không có nhiệm vụ mã `{tid}`; sửa mã theo cột mã nhiệm vụ của kế hoạch", plans[pid].number, plans[pid].path));
            None
        }
    }
}

/// A report on a task by a body that neither leads nor supports it (nor is above one that
/// does) is a warning naming both.
fn check_reporter(
    path: &str,
    pos: Pos,
    plan: &Plan,
    k: TaskKey,
    issuer: BodyId,
    bodies: &[Body],
    d: &mut Diagnostics,
) {
    let task = &plan.tasks[k.task()];
    let involved = task
        .lead
        .iter()
        .chain(task.support.iter())
        .any(|nb| super::answers_for(bodies, issuer, nb.body));
    if !involved {
        let leads: Vec<&str> = task.lead.iter().map(|nb| &*nb.written).collect();
        d.warning(path, pos, format!(
            "`{}` không chủ trì cũng không phối hợp nhiệm vụ {} của kế hoạch {} ({}:{}; chủ trì: {}); kiểm tra lại mã nhiệm vụ hoặc cơ quan báo cáo",
            bodies[issuer].name, task.id, plan.number, plan.path, task.pos.line,
            if leads.is_empty() { "chưa ghi".to_string() } else { leads.join(", ") }
        ));
    }
}

/// Puts what the reports say in each task: its log (every report that speaks of it, in date
/// order, after the plan file's own notes) and its status (the newest that says one; the plan
/// file's, when written, is of the plan's date). Two reports of one date that disagree are a
/// warning.
fn apply(reports: &[Report], plans: &mut [Plan], d: &mut Diagnostics) {
    let mut by_task: rustc_hash::FxHashMap<TaskKey, Vec<(ReportId, usize)>> =
        rustc_hash::FxHashMap::default();
    for (rid, r) in reports.iter().enumerate() {
        for (i, e) in r.entries.iter().enumerate() {
            if let Some(k) = e.task {
                by_task.entry(k).or_default().push((rid, i));
            }
        }
    }
    let mut keys: Vec<TaskKey> = by_task.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let plan = &mut plans[k.plan()];
        let plan_date = plan.date.first_day();
        let plan_path = plan.path.clone();
        let task = &mut plan.tasks[k.task()];
        // (date, status, where it is said) of every statement of a status.
        let mut said: Vec<(NaiveDate, TaskStatus, String, Pos)> = Vec::new();
        let mut log: Vec<Progress> = std::mem::take(&mut task.progress).into_vec();
        if let Some(st) = task.status {
            said.push((plan_date, st, plan_path.clone(), task.pos));
            // Shown in the log too, so that a reader sees where each status came from.
            log.push(Progress {
                date: plan_date,
                note: String::new(),
                status: Some(st),
                outputs: Box::default(),
                report: None,
            });
        }
        for &(rid, i) in &by_task[&k] {
            let r = &reports[rid];
            let e = &r.entries[i];
            if let Some(st) = e.status {
                said.push((r.date, st, r.path.clone(), e.pos));
            }
            log.push(Progress {
                date: r.date,
                note: e.note.clone(),
                status: e.status,
                outputs: e.outputs.clone().into(),
                report: Some(rid),
            });
        }
        log.sort_by_key(|p| p.date);
        said.sort_by_key(|s| s.0);
        if let Some(last) = said.last() {
            for other in said.iter().filter(|s| s.0 == last.0 && s.1 != last.1) {
                d.warning(&last.2, last.3, format!(
                    "báo cáo ngày {} nói nhiệm vụ {} là `{}`, nhưng {}:{} cùng ngày nói `{}`; sửa một trong hai để tình trạng của nhiệm vụ rõ ràng",
                    last.0.format("%d/%m/%Y"), task.id, last.1.as_str(), other.2, other.3.line, other.1.as_str()
                ));
            }
            task.status = Some(last.1);
        }
        task.progress = log.into_boxed_slice();
    }
}
