//! Rows of the many-plan task tables, made once per build and reused by every page that lists
//! the task.
//!
//! At scale a task is listed five to seven times (its lead's and each supporting body's lists,
//! its deadline's, the overdue list, body previews), and making its row anew each time was
//! most of a build: a JSON view of the task, then Tera looking up every field. The theme's
//! `task_row.html` now makes the row once, with [`ROOT`] standing for `root`, and each page
//! puts its own `root` in place of the stand-in.

use crate::resolve::TaskKey;
use crate::site::Site;
use std::sync::OnceLock;

/// Stands for `root` in a stored row. A C0 control character: every field of a row comes from
/// YAML, which cannot hold one (YAML 1.2, 5.1 "Character Set"; the parser rejects it), and
/// escaping leaves it alone.
pub const ROOT: char = '\u{1}';

/// The template that makes the rows.
pub const TEMPLATE: &str = "task_row.html";

/// Templates of the pages that receive rows: they change when [`TEMPLATE`] does, though none
/// of them includes it.
pub const PAGE_TEMPLATES: &[&str] = &["index.html", "body.html", "task_list.html"];

pub struct TaskRows {
    /// Whether the links of a task's row were checked already, on a page that shows it: a
    /// row leads to the same places from every page (its links are `root` and a path), so the
    /// link check reads it once, not on each of the five to seven pages that list the task.
    checked: Vec<std::sync::atomic::AtomicBool>,
    /// Index in `rows` of each plan's first task.
    first: Vec<usize>,
    rows: Vec<OnceLock<Box<str>>>,
}

impl TaskRows {
    pub fn new(site: &Site) -> Self {
        let mut first = Vec::with_capacity(site.r.plans.len());
        let mut n = 0;
        for p in &site.r.plans {
            first.push(n);
            n += p.tasks.len();
        }
        TaskRows {
            checked: (0..n).map(|_| Default::default()).collect(),
            first,
            rows: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Forgets the rows of `plans`, to be made again; the others stay (a live rebuild after
    /// an edit that only these plans' rows can show).
    pub fn forget(&mut self, plans: &[usize]) {
        for &p in plans {
            let end = self.first.get(p + 1).copied().unwrap_or(self.rows.len());
            for slot in &mut self.rows[self.first[p]..end] {
                slot.take();
            }
            for c in &mut self.checked[self.first[p]..end] {
                *c.get_mut() = false;
            }
        }
    }

    /// The row of `k` with `root` in place, made by `make` (with [`ROOT`] as root) the first
    /// time it is asked for.
    pub fn get(
        &self,
        k: TaskKey,
        root: &str,
        make: impl FnOnce() -> Result<String, String>,
    ) -> Result<String, String> {
        let slot = &self.rows[self.first[k.plan] + k.task];
        let row = match slot.get() {
            Some(r) => r,
            // Two threads may make the same row at once; both make the same text, one is kept.
            None => {
                let made = make()?.into_boxed_str();
                slot.get_or_init(|| made)
            }
        };
        Ok(with_root(row, root))
    }
}

impl TaskRows {
    /// Whether a page's link check may pass over the row of `k`: its links were read on an
    /// earlier page. The first caller for each row is told no, and reads it.
    pub fn checked_before(&self, k: TaskKey) -> bool {
        self.checked[self.first[k.plan] + k.task].swap(true, std::sync::atomic::Ordering::Relaxed)
    }
}

/// `row` with each [`ROOT`] replaced by `root`.
pub fn with_root(row: &str, root: &str) -> String {
    let mut out = String::with_capacity(row.len() + 4 * root.len());
    let mut parts = row.split(ROOT);
    if let Some(p) = parts.next() {
        out.push_str(p);
    }
    for p in parts {
        out.push_str(root);
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_root_replaces_every_stand_in() {
        assert_eq!(
            with_root("<a href=\"\u{1}x/\">\u{1}</a>", "../../"),
            "<a href=\"../../x/\">../../</a>"
        );
        assert_eq!(with_root("no links", "../"), "no links");
    }
}
