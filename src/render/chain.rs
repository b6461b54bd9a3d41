//! The chain of implementation below a document: the documents and plans that carry it out,
//! the plans that carry those out, down to the tasks. Each document is expanded once per tree
//! (a later occurrence is marked `repeated`), so the tree stays linear in the links it shows,
//! and the tree holds at most [`MAX_NODES`] entries: where it stops, a last entry says how many
//! more there are and links to the page that lists them.

use crate::resolve::{DocTarget, TaskKey};
use crate::site::routes;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Serialize)]
pub struct ChainNode {
    /// "plan", "doc", "task", or "more" (the entries left out, counted in `label`).
    pub kind: &'static str,
    pub label: String,
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    pub note: String,
    pub repeated: bool,
    pub children: Vec<ChainNode>,
}

const MAX_DEPTH: usize = 12;

/// The most entries a chain shows: about 40 KB of HTML, so that the page of a directive that
/// thousands of plans carry out still opens on a phone.
pub const MAX_NODES: usize = 150;

/// The nodes that carry out `root` (not including `root` itself).
pub fn implementers(site: &Site, root: DocTarget) -> Vec<ChainNode> {
    let mut seen = HashSet::new();
    seen.insert(root);
    let mut budget = MAX_NODES;
    children(site, root, &mut seen, 0, &mut budget)
}

enum Entry {
    Doc(DocTarget),
    Task(TaskKey),
}

fn children(
    site: &Site,
    t: DocTarget,
    seen: &mut HashSet<DocTarget>,
    depth: usize,
    budget: &mut usize,
) -> Vec<ChainNode> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    let links = site.links(t);
    let entries: Vec<Entry> = links
        .implemented_by_docs
        .iter()
        .map(|&d| Entry::Doc(DocTarget::Doc(d)))
        .chain(
            links
                .implemented_by_plans
                .iter()
                .map(|&p| Entry::Doc(DocTarget::Plan(p))),
        )
        // Tasks that carry out this document while their plan, as a whole, does not.
        .chain(
            links
                .implemented_by_tasks
                .iter()
                // In plan order (site::index): a search, not a scan, since a city plan can
                // have thousands of implementing plans and tasks.
                .filter(|k| links.implemented_by_plans.binary_search(&k.plan()).is_err())
                .map(|&k| Entry::Task(k)),
        )
        .collect();
    // Siblings before descendants: the entries of this level are counted first, so a deep
    // first branch cannot crowd out the rest of its level.
    let shown = entries.len().min(*budget);
    *budget -= shown;
    let mut out: Vec<ChainNode> = entries[..shown]
        .iter()
        .map(|e| match *e {
            Entry::Doc(d) => node(site, d, t, seen, depth, budget),
            Entry::Task(k) => task_node(site, k, t),
        })
        .collect();
    if shown < entries.len() {
        out.push(more(site, t, depth, entries.len() - shown));
    }
    out
}

/// The entry that stands for `n` left out below `t`: at the top it links to the full list of
/// related plans, deeper to `t`'s own page, whose chain goes on from there.
fn more(site: &Site, t: DocTarget, depth: usize, n: usize) -> ChainNode {
    let url = match depth {
        0 => routes::related_list(site, t),
        _ => None,
    };
    ChainNode {
        kind: "more",
        label: format!("… và {n} mục khác"),
        title: String::new(),
        url: url.unwrap_or_else(|| site.target_url(t).to_string()),
        note: String::new(),
        repeated: false,
        children: Vec::new(),
    }
}

fn node(
    site: &Site,
    t: DocTarget,
    parent: DocTarget,
    seen: &mut HashSet<DocTarget>,
    depth: usize,
    budget: &mut usize,
) -> ChainNode {
    let (label, title) = match t {
        DocTarget::Plan(p) => {
            let pl = site.plan(p);
            (site.plan_label(p), pl.title.clone())
        }
        DocTarget::Doc(d) => {
            let doc = site.doc(d);
            (
                format!("{} số {}", doc.doc_type, doc.number),
                doc.title.clone(),
            )
        }
    };
    let repeated = !seen.insert(t);
    let mut kids = Vec::new();
    if !repeated {
        // The tasks of this plan that carry out tasks of the parent plan, then deeper levels.
        if let (DocTarget::Plan(p), DocTarget::Plan(_)) = (t, parent) {
            let tasks: Vec<usize> = (0..site.plan(p).tasks.len())
                .filter(|&ti| {
                    site.plan(p).tasks[ti]
                        .implements
                        .iter()
                        .any(|r| r.task.is_some() && r.target == Some(parent))
                })
                .collect();
            let shown = tasks.len().min(*budget);
            *budget -= shown;
            for &ti in &tasks[..shown] {
                kids.push(task_node(site, TaskKey::new(p, ti), parent));
            }
            if shown < tasks.len() {
                kids.push(more(site, t, depth + 1, tasks.len() - shown));
            }
        }
        if *budget > 0 {
            kids.extend(children(site, t, seen, depth + 1, budget));
        } else if has_implementers(site, t) && kids.last().is_none_or(|k| k.kind != "more") {
            kids.push(ChainNode {
                label: "… các mục thực hiện tiếp theo".into(),
                ..more(site, t, depth + 1, 0)
            });
        }
    }
    ChainNode {
        kind: if matches!(t, DocTarget::Plan(_)) {
            "plan"
        } else {
            "doc"
        },
        label,
        title,
        url: site.target_url(t).to_string(),
        note: String::new(),
        repeated,
        children: kids,
    }
}

fn task_node(site: &Site, k: TaskKey, parent: DocTarget) -> ChainNode {
    let rp = site.plan(k.plan());
    let task = &rp.tasks[k.task()];
    let parents: Vec<String> = rp.tasks[k.task()]
        .implements
        .iter()
        .filter(|r| r.target == Some(parent))
        .filter_map(|r| r.task_id.clone())
        .collect();
    let note = if parents.is_empty() {
        String::new()
    } else {
        format!("thực hiện nhiệm vụ {}", parents.join(", "))
    };
    ChainNode {
        kind: "task",
        label: format!("Nhiệm vụ {} — {}", task.id, site.plan_label(k.plan())),
        title: crate::markdown::plain(&task.title),
        url: site.task_url(k),
        note,
        repeated: false,
        children: Vec::new(),
    }
}

fn has_implementers(site: &Site, t: DocTarget) -> bool {
    let l = site.links(t);
    !(l.implemented_by_docs.is_empty()
        && l.implemented_by_plans.is_empty()
        && l.implemented_by_tasks.is_empty())
}
