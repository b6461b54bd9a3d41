//! Loops in what carries out what: a plan that carries itself out, A → B → A and longer loops
//! among plans and documents, tasks that carry each other out, plans that replace each other.
//! The site would draw such a loop as a chain whose child is its own parent; each loop found
//! is a warning that names it, at the line that closes it.

use super::{Doc, DocTarget, Plan};
use crate::content::DIRECTIVES;
use crate::diag::{Diagnostics, Pos};
use crate::resolve::TaskKey;

/// Loops named per kind at most: a file with thousands of them says so after these.
const SHOWN: usize = 50;

/// An edge of a graph: where it goes, and the file and line that write it.
struct Edge {
    to: usize,
    file: usize,
    line: u32,
}

/// Every loop of the site, each a warning.
pub(super) fn check(plans: &[Plan], docs: &[Doc], d: &mut Diagnostics) {
    let p = plans.len();
    let node = |t: DocTarget| match t {
        DocTarget::Plan(i) => i,
        DocTarget::Doc(i) => p + i,
    };
    let name = |n: usize| -> String {
        if n < p {
            label(&plans[n])
        } else {
            docs[n - p].number.clone()
        }
    };
    // Files: each plan's, then directives.yaml.
    let path = |f: usize| -> &str {
        if f < p {
            &plans[f].path
        } else {
            DIRECTIVES
        }
    };

    // What carries out what: plans and documents.
    let mut carries: Vec<Vec<Edge>> = (0..p + docs.len()).map(|_| Vec::new()).collect();
    for (i, plan) in plans.iter().enumerate() {
        for r in &plan.implements {
            if let Some(t) = r.target {
                carries[i].push(Edge {
                    to: node(t),
                    file: i,
                    line: r.line,
                });
            }
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        for r in &doc.implements {
            if let Some(t) = r.target {
                carries[p + i].push(Edge {
                    to: node(t),
                    file: p,
                    line: r.line,
                });
            }
        }
    }
    report(&carries, d, path, &name, |names| {
        format!("vòng lặp thực hiện: {names}. Một văn bản không thể (trực tiếp hay qua văn bản khác) thực hiện chính nó; sửa `implements` ở một chỗ trong vòng")
    });

    // Plans that replace each other.
    let mut replaces: Vec<Vec<Edge>> = (0..p).map(|_| Vec::new()).collect();
    for (i, plan) in plans.iter().enumerate() {
        for r in &plan.replaces {
            if let Some(DocTarget::Plan(old)) = r.target {
                replaces[i].push(Edge {
                    to: old,
                    file: i,
                    line: r.line,
                });
            }
        }
    }
    report(&replaces, d, path, &name, |names| {
        format!("vòng lặp thay thế: {names}. Một kế hoạch không thể thay thế kế hoạch thay thế nó; sửa `replaces` ở một chỗ trong vòng")
    });

    // Tasks that carry each other out.
    let start: Vec<usize> = plans
        .iter()
        .scan(0, |n, plan| {
            let at = *n;
            *n += plan.tasks.len();
            Some(at)
        })
        .collect();
    let keys: Vec<TaskKey> = plans
        .iter()
        .enumerate()
        .flat_map(|(i, plan)| (0..plan.tasks.len()).map(move |t| TaskKey::new(i, t)))
        .collect();
    let mut tasks: Vec<Vec<Edge>> = (0..keys.len()).map(|_| Vec::new()).collect();
    for (n, k) in keys.iter().enumerate() {
        for r in &plans[k.plan()].tasks[k.task()].implements {
            if let Some(to) = r.task {
                tasks[n].push(Edge {
                    to: start[to.plan()] + to.task(),
                    file: k.plan(),
                    line: r.line,
                });
            }
        }
    }
    let task_name = |n: usize| {
        let k = keys[n];
        format!(
            "{}#{}",
            label(&plans[k.plan()]),
            plans[k.plan()].tasks[k.task()].id
        )
    };
    report(&tasks, d, path, &task_name, |names| {
        format!("vòng lặp giữa các nhiệm vụ: {names}. Một nhiệm vụ không thể (trực tiếp hay qua nhiệm vụ khác) thực hiện chính nó; sửa `implements` ở một chỗ trong vòng")
    });
}

/// How a plan is named in a loop: its number, or its file.
fn label(plan: &Plan) -> String {
    if plan.number.is_empty() {
        plan.path.clone()
    } else {
        plan.number.clone()
    }
}

/// Finds the loops of `graph` (each once, from the edge that closes it on a depth-first walk)
/// and warns of each at that edge's line.
fn report<'a>(
    graph: &[Vec<Edge>],
    d: &mut Diagnostics,
    path: impl Fn(usize) -> &'a str,
    name: &dyn Fn(usize) -> String,
    message: impl Fn(&str) -> String,
) {
    let loops = find(graph);
    for (nodes, edge) in loops.iter().take(SHOWN) {
        let mut names: Vec<String> = nodes.iter().map(|&n| name(n)).collect();
        names.push(name(nodes[0]));
        let e = &graph[edge.0][edge.1];
        d.warning(
            path(e.file),
            Pos::line(e.line as usize),
            message(&names.join(" → ")),
        );
    }
    if loops.len() > SHOWN {
        let e = &graph[loops[SHOWN].1 .0][loops[SHOWN].1 .1];
        let more = loops.len() - SHOWN;
        d.warning(
            path(e.file),
            Pos::line(e.line as usize),
            format!("và {more} vòng lặp khác cùng loại"),
        );
    }
}

/// The loops of `graph`: for each, its nodes in order from where it is entered, and the edge
/// (node, index) that closes it. Iterative, so that a chain of 100,000 plans cannot overflow
/// the stack.
fn find(graph: &[Vec<Edge>]) -> Vec<(Vec<usize>, (usize, usize))> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; graph.len()];
    let mut loops = Vec::new();
    for root in 0..graph.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // (node, next edge to follow)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::Open;
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            if let Some(e) = graph[n].get(*next) {
                let at = *next;
                *next += 1;
                match mark[e.to] {
                    Mark::New => {
                        mark[e.to] = Mark::Open;
                        stack.push((e.to, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|&(x, _)| x == e.to).unwrap_or(0);
                        let nodes = stack[from..].iter().map(|&(x, _)| x).collect();
                        loops.push((nodes, (n, at)));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[n] = Mark::Done;
                stack.pop();
            }
        }
    }
    loops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize)], n: usize) -> Vec<Vec<Edge>> {
        let mut g: Vec<Vec<Edge>> = (0..n).map(|_| Vec::new()).collect();
        for &(a, b) in edges {
            g[a].push(Edge {
                to: b,
                file: a,
                line: 1,
            });
        }
        g
    }

    #[test]
    fn every_loop_is_found_once_and_a_chain_is_none() {
        let nodes = |g: &[Vec<Edge>]| find(g).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert!(nodes(&graph(&[(0, 1), (1, 2), (0, 2)], 3)).is_empty());
        assert_eq!(nodes(&graph(&[(0, 0)], 1)), vec![vec![0]]);
        assert_eq!(nodes(&graph(&[(0, 1), (1, 0)], 2)), vec![vec![0, 1]]);
        assert_eq!(
            nodes(&graph(&[(0, 1), (1, 2), (2, 3), (3, 1)], 4)),
            vec![vec![1, 2, 3]]
        );
        // A long chain does not overflow the stack.
        let long: Vec<(usize, usize)> = (0..200_000).map(|i| (i, i + 1)).collect();
        assert!(nodes(&graph(&long, 200_001)).is_empty());
    }
}
