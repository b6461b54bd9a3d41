//! The home page and the guide to the open data.

use super::{json, to_map, Map, Value};
use crate::render::views::*;
use crate::render::{dashboard, Renderer};
use crate::resolve::{PlanId, TaskKey};
use crate::site::{Site, TaskState};
use chrono::Datelike;

pub(super) fn home(r: &Renderer, root: &str) -> Result<Map<String, Value>, String> {
    let site = r.site;
    let mut newest: Vec<PlanId> = (0..site.plans().len()).collect();
    newest.reverse();
    newest.truncate(8);
    let as_of = site.as_of();
    let mut upcoming: Vec<TaskKey> = site
        .buckets()
        .years
        .range(as_of.year()..)
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|&k| {
            let f = site.fact(k);
            f.to.is_some_and(|to| to >= as_of) && f.state.is_open()
        })
        .take(10)
        .collect();
    upcoming.sort_by_key(|&k| (site.fact(k).to, k));
    let overdue: Vec<TaskKey> = site.buckets().overdue.iter().take(10).copied().collect();
    let late: Vec<TaskKey> = site
        .buckets()
        .past_deadline
        .iter()
        .take(10)
        .copied()
        .collect();
    let (all, next) = site.overview();
    let reported = [
        TaskState::Done,
        TaskState::InProgress,
        TaskState::NotStarted,
        TaskState::Overdue,
        TaskState::Cancelled,
    ]
    .iter()
    .map(|&s| all.count(s))
    .sum::<usize>();
    Ok(to_map(json!({
        "counts": {
            "plans": site.plans().len(), "tasks": site.task_count(),
            "bodies": site.bodies().iter().filter(|b| b.registered).count(),
            "docs": site.docs().len(), "overdue": site.buckets().overdue.len(),
            "past_deadline": site.buckets().past_deadline.len(),
            "reported": reported, "draft": all.count(TaskState::Draft),
            "ongoing": site.buckets().ongoing.len(),
        },
        "newest": newest.iter().map(|&p| plan_row(site, p)).collect::<Vec<_>>(),
        "dashboard": dashboard::dashboard_of(site, all, next, "tong-quan", "Tình hình thực hiện toàn bộ nhiệm vụ", root),
        "upcoming_rows": r.task_rows(&upcoming, root)?,
        "overdue_rows": r.task_rows(&overdue, root)?,
        "late_rows": r.task_rows(&late, root)?,
    })))
}

/// The open-data guide: counts, and every field of every file, from the same tables that write
/// datapackage.json and the CSV header.
pub(super) fn data_page(site: &Site) -> Map<String, Value> {
    use crate::export::datapackage::{Field, PLAN_FIELDS, TASK_CSV_FIELDS, TASK_FIELDS};
    let list = |fields: &[Field]| -> Vec<Value> {
        fields
            .iter()
            .map(|f| json!({"name": f.name, "type": f.kind, "about": f.about}))
            .collect()
    };
    to_map(json!({
        "counts": {"plans": site.plans().len(), "tasks": site.task_count()},
        "files": [
            {"name": "ke-hoach.json", "fields": list(PLAN_FIELDS)},
            {"name": "nhiem-vu.json", "fields": list(TASK_FIELDS)},
            {"name": "nhiem-vu.csv", "fields": list(TASK_CSV_FIELDS)},
        ],
    }))
}
