//! The chain of implementation below a document: the documents and plans that carry it out,
//! the plans that carry those out, down to the tasks. Each document is expanded once per tree
//! (a later occurrence is marked `repeated`), so the tree stays linear in the links it shows.

use crate::resolve::{DocTarget, TaskKey};
use crate::site::Site;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Serialize)]
pub struct ChainNode {
    /// "plan", "doc" or "task".
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

/// The nodes that carry out `root` (not including `root` itself).
pub fn implementers(site: &Site, root: DocTarget) -> Vec<ChainNode> {
    let mut seen = HashSet::new();
    seen.insert(root);
    children(site, root, &mut seen, 0)
}

fn children(
    site: &Site,
    t: DocTarget,
    seen: &mut HashSet<DocTarget>,
    depth: usize,
) -> Vec<ChainNode> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    let links = site.links(t);
    let mut out = Vec::new();
    for &d in &links.implemented_by_docs {
        out.push(node(site, DocTarget::Doc(d), t, seen, depth));
    }
    for &p in &links.implemented_by_plans {
        out.push(node(site, DocTarget::Plan(p), t, seen, depth));
    }
    // Tasks that carry out this document while their plan, as a whole, does not.
    for &k in &links.implemented_by_tasks {
        if !links.implemented_by_plans.contains(&k.plan) {
            out.push(task_node(site, k, t));
        }
    }
    out
}

fn node(
    site: &Site,
    t: DocTarget,
    parent: DocTarget,
    seen: &mut HashSet<DocTarget>,
    depth: usize,
) -> ChainNode {
    let (label, title) = match t {
        DocTarget::Plan(p) => {
            let pl = &site.plan(p).plan;
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
            for (ti, task) in site.plan(p).tasks.iter().enumerate() {
                if task
                    .implements
                    .iter()
                    .any(|r| r.task.is_some() && r.target == Some(parent))
                {
                    kids.push(task_node(site, TaskKey { plan: p, task: ti }, parent));
                }
            }
        }
        kids.extend(children(site, t, seen, depth + 1));
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
    let rp = site.plan(k.plan);
    let task = &rp.plan.tasks[k.task];
    let parents: Vec<String> = rp.tasks[k.task]
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
        label: format!("Nhiệm vụ {} — {}", task.id, site.plan_label(k.plan)),
        title: super::markdown::plain(&task.title),
        url: site.task_url(k),
        note,
        repeated: false,
        children: Vec::new(),
    }
}
