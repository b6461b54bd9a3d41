//! Dashboards: where a list of tasks stands (by state, by kind of deadline, what is due next),
//! the timeline of a plan, the relation diagram of a plan or directive, and the city-wide
//! table of bodies. Numbers come from [`crate::site::Tally`]; pictures from [`super::svg`].

use super::svg::{self, Node, Span};
use super::views::{target_link, task_row, SharedViews, TaskRow};
use crate::resolve::{DocTarget, PlanId, TaskKey};
use crate::site::lists::List;
use crate::site::routes;
use crate::site::{Site, Tally, TaskState, NEXT};
use serde::Serialize;
use serde_json::{json, Value};

/// A dashboard of `keys`: counts by state with a status bar, counts by kind of deadline (with
/// the page listing them where there is one), and the next deadlines.
pub fn dashboard<'a>(
    site: &'a Site,
    keys: impl Iterator<Item = TaskKey>,
    id: &str,
    caption: &str,
    root: &str,
) -> Dashboard<'a> {
    let (t, next) = site.tally_and_next(keys, NEXT);
    dashboard_of(site, &t, &next, id, caption, root)
}

/// What templates receive as `dashboard` (docs/themes.md).
#[derive(Serialize)]
pub struct Dashboard<'a> {
    total: usize,
    states: Vec<StateCount>,
    overdue: usize,
    past_deadline: usize,
    draft: usize,
    due_soon: usize,
    deadlines: Vec<KindCount>,
    next: Vec<TaskRow<'a>>,
    bar_svg: String,
}

#[derive(Serialize)]
struct StateCount {
    state: &'static str,
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct KindCount {
    label: String,
    count: usize,
    url: String,
}

/// [`dashboard`] of a tally and its next deadlines counted already.
pub fn dashboard_of<'a>(
    site: &'a Site,
    t: &Tally,
    next: &[TaskKey],
    id: &str,
    caption: &str,
    root: &str,
) -> Dashboard<'a> {
    Dashboard {
        total: t.total,
        states: states(t),
        overdue: t.count(TaskState::Overdue),
        past_deadline: t.count(TaskState::PastDeadline),
        draft: t.count(TaskState::Draft),
        due_soon: t.due_soon,
        deadlines: deadline_kinds(t),
        next: next.iter().map(|&k| next_item(site, k, root)).collect(),
        bar_svg: svg::status_bar(t, id, caption),
    }
}

/// A task among the next deadlines: its row, whose plain title makes a one-line summary
/// (cutting the HTML of a title could cut a tag or an entity in two).
fn next_item<'a>(site: &'a Site, k: TaskKey, root: &str) -> TaskRow<'a> {
    // A dashboard lists a few tasks: nothing to share between them.
    task_row(site, &SharedViews::default(), k, root)
}

fn states(t: &Tally) -> Vec<StateCount> {
    TaskState::ALL
        .iter()
        .map(|&s| StateCount {
            state: s.as_str(),
            label: s.label(),
            count: t.count(s),
        })
        .collect()
}

fn deadline_kinds(t: &Tally) -> Vec<KindCount> {
    let mut v: Vec<KindCount> = t
        .by_year
        .iter()
        .map(|(y, &n)| KindCount {
            label: format!("Đến hạn trong năm {y}"),
            count: n,
            url: routes::year(*y),
        })
        .collect();
    for (label, n, list) in [
        ("Thường xuyên", t.ongoing, List::Ongoing),
        ("Hằng năm", t.yearly, List::Yearly),
        ("Chưa xác định thời hạn", t.unscheduled, List::Unscheduled),
    ] {
        if n > 0 {
            v.push(KindCount {
                label: label.into(),
                count: n,
                url: routes::deadline_list(list),
            });
        }
    }
    v
}

/// What templates receive as a plan's `timeline`.
#[derive(Serialize)]
pub struct Timeline {
    svg: String,
    rows: usize,
    total: usize,
}

/// The timeline of a plan's dated tasks, or none when it has none.
pub fn timeline(site: &Site, p: PlanId, id: &str) -> Option<Timeline> {
    let rp = site.plan(p);
    let anchors: Vec<String> = site
        .plan(p)
        .tasks
        .iter()
        .map(|t| routes::task_anchor(&t.slug))
        .collect();
    let spans: Vec<Span> = rp
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (from, to) = (t.deadline.from?, t.deadline.to?);
            Some(Span {
                label: &rp.tasks[i].id,
                anchor: &anchors[i],
                from,
                to,
                state: site.state(TaskKey::new(p, i)),
            })
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    Some(Timeline {
        svg: svg::timeline(&spans, site.as_of(), id),
        rows: spans.len().min(svg::TIMELINE_ROWS),
        total: spans.len(),
    })
}

/// Levels drawn above and below the document in the relation diagram.
pub const DEPTH: usize = 2;

/// What a plan or document carries out (directly, or through its tasks).
pub fn carries_out(site: &Site, t: DocTarget) -> Vec<DocTarget> {
    let mut v: Vec<DocTarget> = match t {
        DocTarget::Doc(d) => site
            .doc(d)
            .implements
            .iter()
            .filter_map(|r| r.target)
            .collect(),
        DocTarget::Plan(p) => {
            let rp = site.plan(p);
            rp.implements
                .iter()
                .chain(rp.tasks.iter().flat_map(|t| &t.implements))
                .filter_map(|r| r.target)
                .collect()
        }
    };
    dedup(&mut v, t);
    v
}

/// What carries a plan or document out: plans (directly or through a task) and documents.
pub fn carried_out_by(site: &Site, t: DocTarget) -> Vec<DocTarget> {
    let l = site.links(t);
    let mut v: Vec<DocTarget> = l
        .implemented_by_plans
        .iter()
        .copied()
        .chain(l.implemented_by_tasks.iter().map(|k| k.plan()))
        .map(DocTarget::Plan)
        .chain(l.implemented_by_docs.iter().map(|&d| DocTarget::Doc(d)))
        .collect();
    dedup(&mut v, t);
    v
}

fn dedup(v: &mut Vec<DocTarget>, own: DocTarget) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|&x| x != own && seen.insert(x));
}

/// The relation diagram of a plan or document: up to [`DEPTH`] levels of what it carries out
/// above it and of what carries it out below, each level capped at [`svg::LEVEL_BOXES`] boxes.
/// None when it relates to nothing.
/// `more_anchor` is the id of the page's full list, which the "… và N khác" boxes link to.
pub fn relations(
    site: &Site,
    t: DocTarget,
    root: &str,
    id: &str,
    more_anchor: &str,
) -> Option<Relations> {
    let mut seen = std::collections::HashSet::from([t]);
    let mut walk = |next: &dyn Fn(DocTarget) -> Vec<DocTarget>| -> Vec<(Vec<DocTarget>, usize)> {
        let mut levels: Vec<(Vec<DocTarget>, usize)> = Vec::new();
        let mut frontier = vec![t];
        for _ in 0..DEPTH {
            let mut level = Vec::new();
            for &x in &frontier {
                for y in next(x) {
                    if seen.insert(y) {
                        level.push(y);
                    }
                }
            }
            if level.is_empty() {
                break;
            }
            let more = level.len().saturating_sub(svg::LEVEL_BOXES);
            level.truncate(svg::LEVEL_BOXES);
            frontier = level.clone();
            levels.push((level, more));
        }
        levels
    };
    let up = walk(&|x| carries_out(site, x));
    let down = walk(&|x| carried_out_by(site, x));
    if up.is_empty() && down.is_empty() {
        return None;
    }
    let mut levels: Vec<(String, Vec<DocTarget>, usize)> = Vec::new();
    for (i, (l, more)) in up.into_iter().enumerate().rev() {
        let name = if i == 0 {
            "Văn bản được thực hiện"
        } else {
            "Văn bản cấp trên"
        };
        levels.push((name.into(), l, more));
    }
    let current = levels.len();
    levels.push(("Văn bản này".into(), vec![t], 0));
    for (i, (l, more)) in down.into_iter().enumerate() {
        let name = if i == 0 {
            "Thực hiện văn bản này"
        } else {
            "Thực hiện ở cấp tiếp theo"
        };
        levels.push((name.into(), l, more));
    }
    // A line joins two boxes of adjacent levels when the lower one carries out the upper one.
    let edges: Vec<Vec<(usize, usize)>> = levels
        .windows(2)
        .map(|w| {
            let mut e = Vec::new();
            for (a, &upper) in w[0].1.iter().enumerate() {
                for (b, &lower) in w[1].1.iter().enumerate() {
                    if carries_out(site, lower).contains(&upper) {
                        e.push((a, b));
                    }
                }
            }
            e
        })
        .collect();
    let node = |x: DocTarget| {
        let l = target_link(site, x);
        Node {
            label: l.label,
            title: l.title,
            url: l.url,
        }
    };
    let drawn: Vec<(String, Vec<Node>, usize)> = levels
        .iter()
        .map(|(name, l, more)| (name.clone(), l.iter().map(|&x| node(x)).collect(), *more))
        .collect();
    Some(Relations {
        svg: svg::relations(&drawn, &edges, current, root, id, more_anchor),
        levels: drawn
            .into_iter()
            .map(|(name, items, more)| Level { name, items, more })
            .collect(),
    })
}

/// What templates receive as `relations`.
#[derive(Serialize)]
pub struct Relations {
    svg: String,
    levels: Vec<Level>,
}

#[derive(Serialize)]
struct Level {
    name: String,
    items: Vec<Node>,
    more: usize,
}

/// The city-wide progress page: the site's dashboard and every body that leads tasks, with
/// its counts.
pub fn progress_page(site: &Site, root: &str) -> serde_json::Map<String, Value> {
    let led = site.tally_led();
    let mut bodies: Vec<usize> = (0..site.bodies().len())
        .filter(|&b| led[b].total > 0)
        .collect();
    crate::text::sort_by_collation(&mut bodies, |&b| site.body(b).label.as_str());
    let rows: Vec<Value> = bodies
        .iter()
        .map(|&b| {
            let t = &led[b];
            json!({
                "name": site.body(b).label, "url": site.body_url(b), "registered": site.body(b).registered,
                "led": t.total, "done": t.count(TaskState::Done), "in_progress": t.count(TaskState::InProgress),
                "not_started": t.count(TaskState::NotStarted), "no_report": t.count(TaskState::NoReport),
                "past_deadline": t.count(TaskState::PastDeadline),
                "overdue": t.count(TaskState::Overdue), "cancelled": t.count(TaskState::Cancelled),
                "draft": t.count(TaskState::Draft),
                "due_soon": t.due_soon,
            })
        })
        .collect();
    let mut m = serde_json::Map::new();
    let (all, next) = site.overview();
    m.insert(
        "dashboard".into(),
        json!(dashboard_of(
            site,
            all,
            next,
            "tien-do",
            "Tình hình thực hiện toàn bộ nhiệm vụ",
            root,
        )),
    );
    m.insert("bodies".into(), Value::Array(rows));
    m
}
