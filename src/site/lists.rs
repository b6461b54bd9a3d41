//! The site's lists of tasks (each body's, each deadline's) and where each splits into pages.
//!
//! Where a list's pages start is looked up by every page of the list, by the list of every
//! output, the sitemap and the link check, and by a live rebuild comparing pages: it is found
//! once per list and kept with the site, and a live rebuild keeps it for the lists an edit
//! left as they were (see [`ListPages::carry`]).

use super::{Site, Slot};
use crate::resolve::{BodyId, TaskKey};
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// A list by deadline that is not a year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Overdue,
    Ongoing,
    Yearly,
    Unscheduled,
}

impl List {
    pub const ALL: [List; 4] = [
        List::Overdue,
        List::Ongoing,
        List::Yearly,
        List::Unscheduled,
    ];

    pub fn tasks(self, site: &Site) -> &[TaskKey] {
        match self {
            List::Overdue => &site.buckets.overdue,
            List::Ongoing => &site.buckets.ongoing,
            List::Yearly => &site.buckets.yearly,
            List::Unscheduled => &site.buckets.unscheduled,
        }
    }
}

/// A list of tasks long enough to be split into pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskList {
    Led(BodyId),
    Supported(BodyId),
    Bucket(List),
    /// Tasks of a year whose range covers one month, one quarter or longer.
    Slot(i32, Slot),
}

impl TaskList {
    pub fn keys<'a>(&self, site: &'a Site) -> &'a [TaskKey] {
        match *self {
            TaskList::Led(b) => &site.body_links[b].led,
            TaskList::Supported(b) => &site.body_links[b].supported,
            TaskList::Bucket(l) => l.tasks(site),
            TaskList::Slot(y, s) => site
                .buckets
                .slots
                .get(&(y, s))
                .map_or(&[], |l| l.as_slice()),
        }
    }
}

/// Pages of a long task list hold at least this many tasks (but the last)...
pub const MIN_ROWS: usize = 40;
/// ...and at most this many.
pub const MAX_ROWS: usize = 150;

/// Where each page of a list of tasks starts. A page ends after a task marked as a cut (one
/// task in [`super::CUT_EVERY`], by its URL: see [`super::cut_mark`]) once it holds
/// [`MIN_ROWS`] tasks, and at [`MAX_ROWS`] whatever comes. The marks go with the tasks, not
/// with their places, so a task added to or removed from a long list changes the page it is
/// on, not every page after it: its URL and the pages around it stay.
pub fn task_pages(site: &Site, keys: &[TaskKey]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut start = 0;
    // The first MIN_ROWS - 1 tasks of a page cannot end it: their marks are not looked up.
    let mut i = MIN_ROWS - 1;
    while i + 1 < keys.len() {
        if i + 1 - start >= MAX_ROWS || site.fact(keys[i]).cut {
            start = i + 1;
            starts.push(start);
            i = start + MIN_ROWS - 1;
        } else {
            i += 1;
        }
    }
    starts
}

/// Where the pages of each task list start, found when first asked for.
#[derive(Default)]
pub struct ListPages(Mutex<FxHashMap<TaskList, Arc<Vec<usize>>>>);

impl ListPages {
    /// The pages of `old`'s lists that are the same in `new`, a site reindexed from it
    /// (same URLs and task ids, so every task keeps its cut mark): its body lists are
    /// shared, and a list by deadline is kept when it holds the same tasks in the same order.
    pub fn carry(old: &Site, new: &Site) -> ListPages {
        let shared = Arc::ptr_eq(&old.body_links, &new.body_links)
            && Arc::ptr_eq(&old.plan_urls, &new.plan_urls);
        if !shared {
            return ListPages::default();
        }
        let kept = old
            .pages
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(l, _)| match l {
                TaskList::Led(_) | TaskList::Supported(_) => true,
                // A list the edit left alone is shared between the two builds.
                _ => {
                    let (a, b) = (l.keys(old), l.keys(new));
                    std::ptr::eq(a, b) || a == b
                }
            })
            .map(|(l, p)| (*l, p.clone()))
            .collect();
        ListPages(Mutex::new(kept))
    }
}

impl Site {
    /// [`task_pages`] of one of the site's lists, found once.
    pub fn task_pages(&self, l: TaskList) -> Arc<Vec<usize>> {
        if let Some(p) = self.pages.0.lock().unwrap().get(&l) {
            return p.clone();
        }
        let p = Arc::new(task_pages(self, l.keys(self)));
        self.pages.0.lock().unwrap().insert(l, p.clone());
        p
    }
}
