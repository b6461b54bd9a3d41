//! The site's long lists (each body's tasks, each deadline's, every plan, every document, the
//! plans related to a document) and where each splits into pages.
//!
//! Where a list's pages start is looked up by every page of the list, by the list of every
//! output, the sitemap and the link check, and by a live rebuild comparing pages: it is found
//! once per list and kept with the site, and a live rebuild keeps it for the lists an edit
//! left as they were (see [`ListPages::carry`]).

use super::{Site, Slot};
use crate::resolve::{BodyId, DocTarget, PlanId, TaskKey};
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// A list by deadline that is not a year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Overdue,
    PastDeadline,
    Ongoing,
    Yearly,
    Unscheduled,
}

impl List {
    pub const ALL: [List; 5] = [
        List::Overdue,
        List::PastDeadline,
        List::Ongoing,
        List::Yearly,
        List::Unscheduled,
    ];

    pub fn tasks(self, site: &Site) -> &[TaskKey] {
        match self {
            List::Overdue => &site.buckets.overdue,
            List::PastDeadline => &site.buckets.past_deadline,
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
    /// Tasks led by a body's units (not by the body itself).
    LedByUnits(BodyId),
    Supported(BodyId),
    Bucket(List),
    /// Tasks of a year whose range covers one month, one quarter or longer.
    Slot(i32, Slot),
}

impl TaskList {
    /// The body whose list it is, for a body's list.
    pub fn body(&self) -> Option<BodyId> {
        match *self {
            TaskList::Led(b) | TaskList::LedByUnits(b) | TaskList::Supported(b) => Some(b),
            TaskList::Bucket(_) | TaskList::Slot(..) => None,
        }
    }

    pub fn keys<'a>(&self, site: &'a Site) -> &'a [TaskKey] {
        match *self {
            TaskList::Led(b) => &site.body_links[b].led,
            TaskList::LedByUnits(b) => &site.body_links[b].led_by_units,
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

/// URLs a sitemap file may hold (the sitemap protocol's limit; 50,000 URLs of the longest
/// URLs the site makes stay far below its 50 MB).
pub const SITEMAP_URLS: usize = 50_000;

/// What a sitemap file holds, for `listed` pages and at most `limit` URLs a file.
#[derive(Debug, PartialEq, Eq)]
pub enum SitemapFile {
    /// Every URL (the whole sitemap, or one part): the range of the listed pages.
    Urls(std::ops::Range<usize>),
    /// The index of that many parts.
    Index(usize),
}

/// The content of the sitemap (`part` None) or of one of its parts.
pub fn sitemap_file(listed: usize, part: Option<usize>, limit: usize) -> SitemapFile {
    match part {
        None if listed > limit => SitemapFile::Index(listed.div_ceil(limit)),
        None => SitemapFile::Urls(0..listed),
        Some(n) => SitemapFile::Urls((n * limit).min(listed)..((n + 1) * limit).min(listed)),
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
                TaskList::Led(_) | TaskList::LedByUnits(_) | TaskList::Supported(_) => true,
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

/// Rows per page of a long list: a phone opens any page of the site quickly, whatever the
/// number of plans.
pub const PER_PAGE: usize = 100;

/// The rows of page `n` of a list of `len` rows whose pages start at `starts`.
pub fn page_range(starts: &[usize], len: usize, n: usize) -> std::ops::Range<usize> {
    let from = starts.get(n).copied().unwrap_or(len);
    from..starts.get(n + 1).copied().unwrap_or(len)
}

/// A list split into pages: of [`PER_PAGE`] rows, or for tasks see [`task_pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paged {
    Tasks(TaskList),
    Plans,
    Docs,
    /// The plans that carry out, cite or mention a plan or document.
    Related(DocTarget),
}

/// One row of a paged list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Task(TaskKey),
    Plan(PlanId),
    Doc(DocTarget),
}

impl Row {
    /// What the row shows, as (page URL, task anchor or ""): stable between builds, unlike
    /// indices, and made without allocating.
    pub fn key<'a>(&self, site: &'a Site) -> (&'a str, &'a str) {
        match *self {
            Row::Task(k) => (&site.plan_urls[k.plan()], site.anchor(k)),
            Row::Plan(p) => (&site.plan_urls[p], ""),
            Row::Doc(t) => (site.target_url(t), ""),
        }
    }
}

impl Paged {
    pub fn len(&self, site: &Site) -> usize {
        match self {
            Paged::Tasks(l) => l.keys(site).len(),
            Paged::Plans => site.r.plans.len(),
            Paged::Docs => site.doc_order.len(),
            Paged::Related(t) => related_plans(site, *t).len(),
        }
    }

    /// Where each of the list's pages starts.
    pub fn starts(&self, site: &Site) -> Vec<usize> {
        match self {
            Paged::Tasks(l) => site.task_pages(*l).to_vec(),
            _ => (0..page_count(self.len(site)))
                .map(|n| n * PER_PAGE)
                .collect(),
        }
    }

    /// Rows `from..to` of the list (the related plans are gathered once, not per row).
    pub fn rows(&self, site: &Site, from: usize, to: usize) -> Vec<Row> {
        match self {
            Paged::Tasks(l) => l.keys(site)[from..to]
                .iter()
                .map(|&k| Row::Task(k))
                .collect(),
            Paged::Plans => (from..to)
                .map(|i| Row::Plan(site.r.plans.len() - 1 - i))
                .collect(),
            Paged::Docs => site.doc_order[from..to]
                .iter()
                .map(|&d| Row::Doc(d))
                .collect(),
            Paged::Related(t) => related_plans(site, *t)[from..to]
                .iter()
                .map(|&p| Row::Plan(p))
                .collect(),
        }
    }
}

/// How many plans a plan or document page lists in each of "cited by" and "mentioned by"
/// (and how many top-level entries its chain shows) before pointing to the full, paged list:
/// a directive that thousands of plans name keeps a page a phone can open.
pub const RELATED_INLINE: usize = 20;

/// The plans that carry out, cite or mention `t`, each once: implementers (as a whole or by
/// a task) first, then the plans that cite it as a basis, then those that mention it.
pub fn related_plans(site: &Site, t: DocTarget) -> Vec<PlanId> {
    let l = site.links(t);
    let mut seen = rustc_hash::FxHashSet::default();
    l.implemented_by_plans
        .iter()
        .copied()
        .chain(l.implemented_by_tasks.iter().map(|k| k.plan()))
        .chain(l.cited_by.iter().copied())
        .chain(l.mentioned_by.iter().copied())
        .filter(|p| seen.insert(*p))
        .collect()
}

/// Whether `t` has its own paged list of related plans (too many to show on its page).
pub fn has_related_list(site: &Site, t: DocTarget) -> bool {
    let l = site.links(t);
    l.cited_by.len() > RELATED_INLINE
        || l.mentioned_by.len() > RELATED_INLINE
        || l.implemented_by_plans.len() + l.implemented_by_tasks.len() > RELATED_INLINE
}

/// How many pages a list of `rows` rows of [`PER_PAGE`] has (one, when empty).
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(PER_PAGE).max(1)
}

#[cfg(test)]
mod tests {
    use super::{sitemap_file, SitemapFile};

    #[test]
    fn a_long_sitemap_is_split_into_parts_within_the_limit() {
        assert_eq!(sitemap_file(3, None, 3), SitemapFile::Urls(0..3));
        assert_eq!(sitemap_file(7, None, 3), SitemapFile::Index(3));
        assert_eq!(sitemap_file(7, Some(0), 3), SitemapFile::Urls(0..3));
        assert_eq!(sitemap_file(7, Some(2), 3), SitemapFile::Urls(6..7));
        // 360,000 pages at 100,000 plans: 8 parts, each within the protocol's 50,000.
        let SitemapFile::Index(n) = sitemap_file(360_000, None, super::SITEMAP_URLS) else {
            panic!()
        };
        assert_eq!(n, 8);
        for part in 0..n {
            let SitemapFile::Urls(r) = sitemap_file(360_000, Some(part), super::SITEMAP_URLS)
            else {
                panic!()
            };
            assert!(r.len() <= 50_000 && !r.is_empty());
        }
    }
}
