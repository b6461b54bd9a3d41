//! Tasks by deadline: the overview, a year's table of quarters and months, and the pages of
//! every list of tasks.

use super::{json, to_map, Map, Value};
use super::{list_title, pager, safe_strings, slot_label, task_list_title, Vars, ROMAN};
use crate::render::Renderer;
use crate::site::lists::{page_range, List, TaskList};
use crate::site::routes::{self, Page};
use crate::site::{Site, Slot, TaskState};
use std::borrow::Cow;

pub(super) fn deadlines(site: &Site) -> Map<String, Value> {
    let years: Vec<Value> = site
        .buckets()
        .years
        .iter()
        .map(|(y, keys)| {
            // From the flat facts, not the resolved tasks: this page is remade on every edit.
            let (mut q, mut overdue, mut late) = ([0usize; 4], 0, 0);
            for &k in keys.iter() {
                let f = site.fact(k);
                if let Some(to) = f.to {
                    q[crate::resolve::deadline::quarter(to) as usize - 1] += 1;
                }
                overdue += usize::from(f.state == TaskState::Overdue);
                late += usize::from(f.state == TaskState::PastDeadline);
            }
            json!({"year": y, "url": routes::year(*y), "count": keys.len(), "quarters": q,
                   "overdue": overdue, "past_deadline": late})
        })
        .collect();
    let lists: Vec<Value> = List::ALL
        .iter()
        .map(|&l| json!({"slug": routes::list_slug(l), "title": list_title(l), "url": routes::deadline_list(l), "count": l.tasks(site).len()}))
        .collect();
    to_map(json!({"years": years, "lists": lists}))
}

pub(super) fn year(site: &Site, y: i32) -> Map<String, Value> {
    let keys = &site.buckets().years[&y];
    // Each slot's tasks are listed already (`Buckets::slots`).
    let count: std::collections::BTreeMap<Slot, (usize, usize, usize)> = site
        .buckets()
        .slots
        .range((y, Slot::Month(0))..=(y, Slot::Year))
        .map(|(&(_, s), keys)| {
            let overdue = site.count_state(keys, TaskState::Overdue);
            let late = site.count_state(keys, TaskState::PastDeadline);
            (s, (keys.len(), overdue, late))
        })
        .collect();
    let cell = |s: Slot| {
        let (n, overdue, late) = count.get(&s).copied().unwrap_or_default();
        json!({"label": slot_label(y, s), "count": n, "overdue": overdue, "past_deadline": late,
               "url": if n > 0 { routes::task_list(site, TaskList::Slot(y, s)) } else { String::new() }})
    };
    let quarters: Vec<Value> = (1..=4u32)
        .map(|q| {
            let months: Vec<Value> = (q * 3 - 2..=q * 3)
                .map(|m| {
                    let mut c = cell(Slot::Month(m));
                    c["name"] = json!(format!("Tháng {m}/{y}"));
                    c
                })
                .collect();
            json!({"quarter": q, "label": format!("Quý {}/{y}", ROMAN[q as usize - 1]),
                   "whole": cell(Slot::Quarter(q)), "months": months})
        })
        .collect();
    to_map(json!({
        "year": y,
        "count": keys.len(),
        "overdue": site.count_state(keys, TaskState::Overdue),
        "past_deadline": site.count_state(keys, TaskState::PastDeadline),
        "quarters": quarters,
        "long": cell(Slot::Year),
        "years": site.buckets().years.keys().collect::<Vec<_>>(),
    }))
}

pub(super) fn task_list(r: &Renderer, l: TaskList, n: usize, root: &str) -> Result<Vars, String> {
    let site = r.site;
    let keys = l.keys(site);
    let starts = r.task_pages(l);
    let chunk = &keys[page_range(&starts, keys.len(), n)];
    #[derive(serde::Serialize)]
    struct ListView<'a> {
        title: String,
        url: String,
        total: usize,
        intro: &'static str,
        parent: Option<Parent<'a>>,
        deadlines: bool,
    }
    #[derive(serde::Serialize)]
    struct Parent<'a> {
        name: Cow<'a, str>,
        url: String,
    }
    let (parent, intro) = match l {
        TaskList::Led(b) | TaskList::LedByUnits(b) | TaskList::Supported(b) => (
            Some(Parent {
                name: site.body(b).label.as_str().into(),
                url: site.body_url(b),
            }),
            "",
        ),
        TaskList::Bucket(List::Overdue) => (None, "overdue"),
        TaskList::Bucket(List::PastDeadline) => (None, "past-deadline"),
        TaskList::Bucket(List::Unscheduled) => (None, "unscheduled"),
        TaskList::Bucket(_) => (None, ""),
        TaskList::Slot(y, _) => (
            Some(Parent {
                name: format!("Năm {y}").into(),
                url: routes::year(y),
            }),
            "",
        ),
    };
    let mut vars = Vars::default();
    vars.put(
        "list",
        &ListView {
            title: task_list_title(site, l),
            url: routes::task_list(site, l),
            total: keys.len(),
            intro,
            parent,
            deadlines: l.body().is_none(),
        },
    );
    vars.put(
        "pager",
        &pager(site, starts.len(), n, |i| Page::Tasks(l, i)),
    );
    let rows = safe_strings(r.task_rows(chunk, root)?);
    if r.checking {
        let list = rows.as_array().unwrap_or_default();
        vars.checked_rows = chunk
            .iter()
            .zip(list)
            .filter(|(&k, _)| r.row_checked_before(k))
            .map(|(_, row)| row.clone())
            .collect();
    }
    vars.direct.push(("task_rows", rows));
    Ok(vars)
}
